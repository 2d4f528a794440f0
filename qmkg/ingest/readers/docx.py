"""Read a Word .docx: paragraphs and tables in document order, automatic numbering written out.

The body is walked as XML (python-docx opens the package): a paragraph is one line (a manual line
break starts a new one); a table row is one TAB-separated line, a cell spanning columns is read
once (the columns it covers stay empty), a cell spanning rows (``w:vMerge``) is read on each row
it spans. Word's automatic list numbers (一、 （一） 1. ①), which are not in the text runs, are
written in front of their paragraphs, so numbered items look as they do on the page. Headers,
footers, comments and deleted revisions are not read.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from qmkg.core.errors import InputError
from qmkg.ingest.readers import RawText, strip_line, table_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
# how much larger than the file the unpacked package may be before it is refused (a zip bomb)
UNZIP_RATIO = 20


def read_docx(data: bytes, *, name: str, media_type: str, max_bytes: int) -> RawText:
    """Read a .docx (or a file LibreOffice converted to one); bad input raises :class:`InputError`."""
    return RawText(docx_text(data, name=name, max_unpacked=max_bytes * UNZIP_RATIO), "utf-8")


def docx_text(data: bytes, *, name: str, max_unpacked: int) -> str:
    """The text of a .docx package, one line per paragraph and per table row."""
    _check_package(data, name=name, max_unpacked=max_unpacked)
    import docx  # python-docx

    try:
        document = docx.Document(BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, lxml errors, ValueError ... on a broken package
        raise InputError(f"{name}: a damaged .docx ({type(e).__name__}); open and save it again in Word") from None
    numbers = _Numbering(document)
    lines = list(_block_lines(document.element.body, numbers))
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        raise InputError(f"{name}: a Word document with no text (empty, or only images): not a notice")
    return text


def _check_package(data: bytes, *, name: str, max_unpacked: int) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, EOFError):
        raise InputError(f"{name}: a damaged or truncated .docx (not a readable zip archive)") from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise InputError(f"{name}: a zip archive that is not a Word document (no word/document.xml)")
    if sum(i.file_size for i in infos) > max_unpacked:
        raise InputError(f"{name}: the .docx unpacks to more than {max_unpacked:,} bytes; refused")


def _block_lines(parent, numbers: _Numbering):
    """Lines of the paragraphs and tables directly in ``parent``, in order (content controls opened)."""
    for el in parent.iterchildren():
        if el.tag == W + "p":
            prefix = numbers.label(el)
            lines = paragraph_text(el).split("\n")
            lines[0] = prefix + strip_line(lines[0])
            yield from (strip_line(line) for line in lines)
        elif el.tag == W + "tbl":
            yield from table_lines(el)
        elif el.tag == W + "sdt":
            for content in el.iterchildren(W + "sdtContent"):
                yield from _block_lines(content, numbers)


def paragraph_text(p) -> str:
    """A paragraph's text: runs, hyperlinks and fields; a TAB becomes a space, a line break a newline."""
    fallbacks = set(p.iter(_FALLBACK))
    out = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        if fallbacks and any(a in fallbacks for a in el.iterancestors()):
            continue  # the same text box is also in mc:Choice
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append(" ")  # a TAB in running text is not a table cell
        elif el.tag == W + "noBreakHyphen":
            out.append("-")
        else:
            out.append("\n")
    return "".join(out)


def _val(el, tag: str) -> str | None:
    child = el.find(tag) if el is not None else None
    return None if child is None else child.get(W + "val", "")


def table_lines(tbl) -> list[str]:
    """One TAB-separated line per row: column spans read once, row spans (``vMerge``) on every row."""
    lines = []
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(W + "tr"):
        before = _val(tr.find(W + "trPr"), W + "gridBefore")
        row = [""] * int(before or 0)
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            span = int(_val(props, W + "gridSpan") or 1)
            merge = _val(props, W + "vMerge")
            col = len(row)
            text = above.get(col, "") if merge in ("", "continue") else _cell_text(tc)
            above[col] = text
            row += [text] + [""] * (span - 1)
        lines.append(table_line(row))
    return [line for line in lines if line]


def _cell_text(tc) -> str:
    parts = (strip_line(paragraph_text(p)) for p in tc.iter(W + "p"))
    return " ".join(part for part in parts if part)


class _Numbering:
    """Word's automatic list numbers: numbering.xml read once, counters kept per list."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text, suff)
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(W + "abstractNumId"): a for a in root.iterchildren(W + "abstractNum")}
        for num in root.iterchildren(W + "num"):
            base = abstract.get(_val(num, W + "abstractNumId"))
            if base is not None:
                self.levels[num.get(W + "numId")] = self._levels(base, num)
        for style in document.styles.element.iterchildren(W + "style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and _val(num_pr, W + "numId"):
                self.style_num[style.get(W + "styleId")] = (_val(num_pr, W + "numId"), int(_val(num_pr, W + "ilvl") or 0))

    @staticmethod
    def _levels(base, num) -> dict[int, tuple[int, str, str, str]]:
        starts = {int(o.get(W + "ilvl")): int(_val(o, W + "startOverride") or 1)
                  for o in num.iterchildren(W + "lvlOverride") if _val(o, W + "startOverride")}
        levels = {}
        for lvl in base.iterchildren(W + "lvl"):
            i = int(lvl.get(W + "ilvl", "0"))
            start = starts.get(i, int(_val(lvl, W + "start") or 1))
            levels[i] = (start, _val(lvl, W + "numFmt") or "decimal", _val(lvl, W + "lvlText") or "",
                         _val(lvl, W + "suff") or "tab")
        return levels

    def label(self, p) -> str:
        """The number Word shows in front of paragraph ``p`` ("" for none), counters advanced."""
        ppr = p.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, W + "numId"), int(_val(num_pr, W + "ilvl") or 0)
        else:
            num_id, ilvl = self.style_num.get(_val(ppr, W + "pStyle") or "", (None, 0))
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        start, fmt, text, suff = levels[ilvl]
        if fmt == "bullet" or not text:
            return ""
        for k in range(ilvl, -1, -1):
            if k in levels:
                text = text.replace(f"%{k + 1}", format_number(counts.get(k, levels[k][0]), levels[k][1]))
        return text if suff == "nothing" or text.endswith(("、", "）", ")", "．")) else text + " "


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats.

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 23)]
    ['一', '十', '十二', '二十', '二十三']
    >>> format_number(3, "decimalEnclosedCircle"), format_number(4, "upperRoman"), format_number(2, "lowerLetter")
    ('③', 'IV', 'b')
    """
    if fmt.startswith(("chineseCounting", "ideographTraditional", "taiwaneseCounting", "japaneseCounting")) and n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
        return head + (_CN_DIGITS[ones] if ones or not tens else "")
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        out = ""
        for value, numeral in _ROMAN:
            count, n = divmod(n, value)
            out += numeral * count
        return out.upper() if fmt == "upperRoman" else out
    return str(n)
