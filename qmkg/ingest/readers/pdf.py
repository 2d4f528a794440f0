"""Read a PDF with a text layer: text lines and tables (pdfplumber), page furniture dropped.

- Tables found by their ruling lines become TAB rows; their text is not read again as lines. A
  table's header row repeated at the top of the next page is read once.
- Running heads and footers (a line in the top or bottom band of most pages, digits aside) and
  page numbers ("- 3 -", "第3页 共5页", "3/5") are dropped.
- A line that reaches the right margin is joined to the next one (no space between CJK
  characters) unless the next begins a numbered item or is marked as a paragraph's first line
  (indented, or after more space than lines of one paragraph have). In a document that marks its
  paragraphs neither way, a line ending a sentence (。！？；：) is taken to end its paragraph.
- Spaced digits ("2 0 2 3") and letter-spaced CJK headings ("通 知") are closed up.

A PDF without a text layer (a scan) or one that needs a password is an :class:`InputError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO

from qmkg.core.errors import InputError
from qmkg.ingest.readers import RawText, join_wrapped, strip_line, table_line

_BAND = 0.1  # top and bottom tenth of a page: where running heads, footers and page numbers live
_PAGE_NUMBER = re.compile(r"[-—–·\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–·\s]*"
                          r"|[-—–\s]*page\s*\d+(?:\s*of\s*\d+)?[-—–\s]*", re.I)
_SENTENCE_END = re.compile(r"[。！？；：:;!?…][”’）)」』]*$")
_NUMBERED = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[①-⑳]|附件")
_UNMAPPED = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph with no known character
_SPACED_DIGITS = re.compile(r"(?<![\d.])\d(?: \d)+(?![\d.])")
_SPACED_CJK = re.compile(r"(?:[\u4e00-\u9fff“”（）、] )+[\u4e00-\u9fff“”（）、]")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


@dataclass
class _Table:
    rows: list[list[str]]
    top: float
    page: int


def read_pdf(data: bytes, *, name: str, media_type: str, max_bytes: int) -> RawText:
    """Read a PDF's text layer; bad input raises :class:`InputError`."""
    return RawText(pdf_text(data, name=name), "")


def pdf_text(data: bytes, *, name: str) -> str:
    """The text of a PDF, one line per paragraph and per table row."""
    pages = _open_pages(data, name=name)
    blocks = _drop_furniture(pages)
    text = "\n".join(_assemble(blocks))
    if not text.strip():
        raise InputError(f"{name}: a PDF with no text layer (a scan?): run OCR on it first (e.g. ocrmypdf)")
    unmapped = sum(len(m) for m in _UNMAPPED.findall(text))
    if unmapped > 0.2 * len(text):
        raise InputError(f"{name}: the PDF's fonts do not say which characters they draw (no ToUnicode map): "
                         "run OCR on it first (e.g. ocrmypdf)")
    return _UNMAPPED.sub("", text)


def _open_pages(data: bytes, *, name: str) -> list[tuple[float, list]]:
    import pdfplumber

    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            return [(page.height, _page_blocks(page, number)) for number, page in enumerate(pdf.pages)]
    except Exception as e:  # pdfminer raises many kinds (syntax, password, stream errors)
        chain = []
        while e is not None:
            chain.append(f"{type(e).__name__} {e}")
            e = e.__cause__ or e.__context__
        if any("password" in c.lower() or "encrypt" in c.lower() for c in chain):
            raise InputError(f"{name}: an encrypted PDF that needs a password; save a copy without one") from None
        raise InputError(f"{name}: a damaged PDF ({chain[0].split()[0]})") from None


def _page_blocks(page, number: int) -> list:
    """A page's text lines outside tables and its tables, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    blocks: list = [
        _Line(strip_line(ln["text"]), ln["x0"], ln["x1"], ln["top"], ln["bottom"], number)
        for ln in text_page.extract_text_lines(return_chars=False)
        if strip_line(ln["text"])
    ]
    for table in tables:
        rows = _table_rows(table)
        blocks.append(_Table([r for r in rows if any(r)], table.bbox[1], number))
    return sorted(blocks, key=lambda b: b.top)


def _table_rows(table) -> list[list[str]]:
    """A table's cell texts: a cell spanning columns read once (the columns it covers empty), a cell
    spanning rows read on each row it covers, as the .docx and .html readers do."""
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    rows = []
    for r, (row, cells) in enumerate(zip(texts, boxes)):
        top = min((box[1] for box in cells if box), default=0.0)
        out = []
        for c, text in enumerate(row):
            if cells[c] is None:  # covered by a merged cell: the one above it if that reaches down here
                above = next((k for k in range(r - 1, -1, -1) if c < len(boxes[k]) and boxes[k][c]), None)
                spans_down = above is not None and boxes[above][c][3] > top + 1
                out.append(rows[above][c] if spans_down else "")
            else:
                out.append(_cell(text))
        rows.append(out)
    return rows


def _cell(text: str | None) -> str:
    parts = [strip_line(p) for p in (text or "").split("\n")]
    out = ""
    for part in parts:
        out = join_wrapped(out, part)
    return out


def _furniture_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text.replace(" ", ""))


def _drop_furniture(pages: list[tuple[float, list]]) -> list:
    """All blocks of all pages, without page numbers and running heads or footers."""
    def in_band(b, height: float) -> bool:
        return isinstance(b, _Line) and (b.top < _BAND * height or b.bottom > (1 - _BAND) * height)

    counts: dict[str, int] = {}
    for height, blocks in pages:
        for key in {_furniture_key(b) for b in blocks if in_band(b, height)}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = []
    for height, blocks in pages:
        for b in blocks:
            if in_band(b, height) and (_PAGE_NUMBER.fullmatch(b.text) or _furniture_key(b) in repeated):
                continue
            out.append(b)
    return out


def _assemble(blocks: list) -> list[str]:
    """Lines joined where the layout wrapped them; tables as TAB rows, a repeated header read once."""
    layout = _Layout.of([b for b in blocks if isinstance(b, _Line)])
    out: list[str] = []
    prev = None
    header: list[str] | None = None
    for b in blocks:
        if isinstance(b, _Table):
            rows = b.rows
            if isinstance(prev, _Table) and b.page != prev.page and rows and rows[0] == header:
                rows = rows[1:]  # the header again at the top of the next page
            else:
                header = rows[0] if rows else None
            out.extend(line for line in (table_line(r) for r in rows) if line)
        elif isinstance(prev, _Line) and layout.wrapped(prev, b):
            out[-1] = join_wrapped(out[-1], b.text)
        else:
            out.append(b.text)
        prev = b
    return [_close_up(line) for line in out]


@dataclass
class _Layout:
    """How a document's lines sit: margins, the usual gap between lines, and whether it marks a new
    paragraph (by a first-line indent or extra space), so that a line without the mark continues one."""

    left: float
    right: float
    gap: float
    marks_paragraphs: bool = False

    @classmethod
    def of(cls, lines: list[_Line]) -> _Layout:
        ends = sorted(ln.x1 for ln in lines)
        longest = ends[len(ends) * 3 // 4:]  # not the largest edge: a hanging 。 sticks out past the margin
        gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom)
        layout = cls(left=min((ln.x0 for ln in lines), default=0.0),
                     right=longest[len(longest) // 2] if longest else 0.0,
                     gap=gaps[len(gaps) // 10] if gaps else 0.0)  # between the lines of one paragraph
        after_short = [layout.new_paragraph(a, b) for a, b in zip(lines, lines[1:]) if not layout.full(a)]
        layout.marks_paragraphs = bool(after_short) and sum(after_short) >= 0.5 * len(after_short)
        return layout

    def full(self, line: _Line) -> bool:
        return line.x1 >= self.right - 1.5 * max(line.bottom - line.top, 1.0)

    def new_paragraph(self, line: _Line, nxt: _Line) -> bool:
        """Whether ``nxt`` is marked as a paragraph's first line: indented, or after extra space."""
        size = max(line.bottom - line.top, 1.0)
        spaced = nxt.page == line.page and nxt.top - line.bottom > self.gap + 0.25 * size
        return nxt.x0 > self.left + 0.8 * size or spaced

    def wrapped(self, line: _Line, nxt: _Line) -> bool:
        """Whether ``nxt`` continues ``line``: it reached the right margin and no new paragraph starts.

        In a document that marks paragraphs, an unmarked line continues even after a full stop;
        in one that does not, a line that ends a sentence is taken to end its paragraph.
        """
        if not self.full(line) or _NUMBERED.match(nxt.text) or self.new_paragraph(line, nxt):
            return False
        return self.marks_paragraphs or not ends_sentence(line.text)


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence: 。！？；： or such a mark inside a closing quote or bracket.

    >>> ends_sentence("举办启动仪式。"), ends_sentence("开展“名特优新”"), ends_sentence("组织“开放日”。”")
    (True, False, True)
    """
    return bool(_SENTENCE_END.search(text))


def _close_up(line: str) -> str:
    """Spaced digits and letter-spaced CJK headings closed up.

    >>> _close_up("关于开展 2 0 2 3 年活动"), _close_up("通 知")
    ('关于开展 2023 年活动', '通知')
    """
    if "\t" not in line and _SPACED_CJK.fullmatch(line):
        return line.replace(" ", "")
    return _SPACED_DIGITS.sub(lambda m: m.group().replace(" ", ""), line)
