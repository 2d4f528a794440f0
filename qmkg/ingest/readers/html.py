"""Read a government article page (.html): the article body only, tables as TAB rows.

The page is parsed with lxml. Scripts, styles, navigation, headers and footers, share and print
links, and metadata tables (索引号, 发布机构, 文号 …) are dropped first; then the article is found by
its class or id (``TRS_Editor``, ``pages_content``, ``article`` …) where it holds most of the
text, else by walking down from ``<body>`` while one child holds most of the text (text density,
links not counted). The page's ``<h1>`` (or title element) is put in front when the article does
not hold it. A page with no article text is an :class:`InputError`.
"""

from __future__ import annotations

import re

from qmkg.core.errors import InputError
from qmkg.ingest.readers import RawText, strip_line, table_line
from qmkg.ingest.readers.text import check_controls, decode

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "nav", "header", "footer", "aside", "form",
              "button", "select", "object", "embed", "svg", "canvas", "map", "head")
_BOILERPLATE = {"nav", "navbar", "menu", "breadcrumb", "crumb", "crumbs", "footer", "foot", "share", "bdshare",
                "copyright", "sidebar", "banner", "search", "login", "qrcode", "related", "toolbar", "print",
                "header", "topbar", "location", "position", "dqwz", "xgwz", "fxd", "fenxiang"}
_ARTICLE = {"trs_editor", "pages_content", "ucap-content", "article", "article-content", "article_content",
            "content", "zoom", "wzcon", "art_con", "view", "main-text", "maintext", "detail", "newstext",
            "news_content", "text", "con", "zw", "xxgk_content", "custom_unionstyle", "bt_content", "body-text"}
_META_LABELS = ("索引号", "发布机构", "发文机关", "文号", "发文字号", "成文日期", "发布日期", "主题分类", "公文种类",
                "信息索引", "公开方式", "有效性", "所属机构", "發布機構", "索引號")
_SHARE = ("分享到", "打印本页", "关闭窗口", "【打印】", "【关闭】", "扫一扫", "收藏本页")
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "tr", "table",
          "blockquote", "pre", "dd", "dt", "dl", "main", "center", "hr", "address", "figure", "figcaption",
          "td", "th", "tbody", "thead", "tfoot", "caption", "body", "header", "footer"}
_MAX_CELL = 600  # characters: a table cell holding more is a page layout cell, not a record's field
_MIN_ARTICLE = 30  # characters of non-link text: less is a page with no article


def read_html(data: bytes, *, name: str, media_type: str, max_bytes: int) -> RawText:
    """Read an HTML page's article; bad input raises :class:`InputError`."""
    raw, encoding = decode_html(data, name=name)
    raw, warnings = check_controls(raw, name=name)  # lxml refuses them; the lines are the page's
    return RawText(html_text(raw, name=name), encoding, warnings)


def decode_html(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode by the page's declared charset, else as UTF-8 or GB18030.

    >>> decode_html('<meta charset="gb2312"><p>质量</p>'.encode("gbk"), name="x")
    ('<meta charset="gb2312"><p>质量</p>', 'gb18030')
    """
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else ""
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk"):
        declared = "gb18030"
    if declared and not data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall back to detection
    return decode(data, name=name)


def html_text(raw: str, *, name: str) -> str:
    """The article of a page as lines (paragraphs, headings, TAB-separated table rows)."""
    from lxml import etree
    from lxml import html as lhtml

    try:
        doc = lhtml.document_fromstring(_XML_DECL.sub("", raw))
    except (etree.ParserError, ValueError):
        raise InputError(f"{name}: an HTML page with no content") from None
    title = _title(doc)
    _drop_boilerplate(doc, etree)
    body = doc.find("body")
    container = _article(body if body is not None else doc)
    lines = _Renderer().lines(container) if container is not None else []
    if sum(len(line) for line in lines) < _MIN_ARTICLE or _link_density(container) > 0.5:
        raise InputError(f"{name}: an HTML page with no article (only navigation, links or metadata)")
    if title and title not in lines[:3]:
        lines.insert(0, title)
    return "\n".join(lines)


def _tokens(el) -> set[str]:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    whole = set(names.split())
    return whole | set(re.split(r"[\s_-]+", names)) - {""}


def _title(doc) -> str:
    """The article's title: the first ``<h1>`` outside the site's header and navigation, else an
    element named like a title."""
    for h1 in doc.iter("h1"):
        if not any(_is_furniture(a) for a in [h1, *h1.iterancestors()]):
            text = _flat(h1)
            if 2 <= len(text) <= 200:
                return text
    for el in doc.iter("div", "p", "h2", "span", "td"):
        if _tokens(el) & {"title", "article-title", "bt", "tit", "biaoti"}:
            text = _flat(el)
            if 4 <= len(text) <= 200:
                return text
    return ""


def _is_furniture(el) -> bool:
    tokens = _tokens(el)
    return el.tag in ("nav", "header", "footer", "aside") or bool(tokens & (_BOILERPLATE | {"logo"}))


def _flat(el) -> str:
    return strip_line(_SPACES.sub(" ", el.text_content()))


def _drop_boilerplate(doc, etree) -> None:
    drop = [c for c in doc.iter(etree.Comment, etree.ProcessingInstruction)]
    drop += [el for el in doc.iter(*_DROP_TAGS)]
    for el in doc.iter("div", "ul", "ol", "table", "dl", "section", "span", "p", "td"):
        tokens = _tokens(el)
        if tokens & _BOILERPLATE and not tokens & _ARTICLE:
            drop.append(el)
            continue
        text = el.text_content()
        if len(text) < 600 and sum(label in text for label in _META_LABELS) >= 2:
            drop.append(el)
        elif len(text) < 120 and any(s in text for s in _SHARE):
            drop.append(el)
    for el in drop:
        if el.getparent() is not None:
            el.drop_tree()


def _text_len(el) -> int:
    """Characters of text outside links (spaces not counted)."""
    total = len(_SPACES.sub("", el.text_content()))
    links = sum(len(_SPACES.sub("", a.text_content())) for a in el.iter("a"))
    return total - links


def _link_density(el) -> float:
    total = len(_SPACES.sub("", el.text_content())) if el is not None else 0
    links = sum(len(_SPACES.sub("", a.text_content())) for a in el.iter("a")) if el is not None else 0
    return links / total if total else 1.0


def _article(body):
    """The element holding the article: named like one and holding most of the text, else by density."""
    total = _text_len(body)
    if total == 0:
        return None
    named = [el for el in body.iter("div", "article", "section", "td", "main")
             if _tokens(el) & _ARTICLE and _text_len(el) >= 0.5 * total]
    if named:
        return named[-1]  # the innermost: iter is in document order, so descendants come later
    node = body
    while True:
        here = _text_len(node)
        best = max((c for c in node if isinstance(c.tag, str)), key=_text_len, default=None)
        stop = best is not None and (best.tag == "p" or best.tag == "table" and _is_data_table(best))
        if best is None or stop or _text_len(best) < 0.8 * here:
            return node
        node = best


class _Renderer:
    """Walks an element and writes its block elements as lines and its data tables as TAB rows."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.buf: list[str] = []

    def lines(self, el) -> list[str]:
        self.visit(el)
        self.flush()
        return self.out

    def flush(self) -> None:
        line = strip_line(_SPACES.sub(" ", "".join(self.buf)))
        self.buf = []
        if line:
            self.out.append(line)

    def visit(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
        elif tag == "table" and _is_data_table(el):
            self.flush()
            self.out.extend(line for line in _table_lines(el) if line)
        else:
            block = tag in _BLOCK
            if block:
                self.flush()
            if tag and el.text:
                self.buf.append(el.text)
            for child in el:
                self.visit(child)
            if block:
                self.flush()
        if el.tail:
            self.buf.append(el.tail)


def _is_data_table(table) -> bool:
    """A table of records, not one laying out the page: no nested table, two columns or more, no cell
    holding a whole article (over ``_MAX_CELL`` characters)."""
    if table.find(".//table") is not None:
        return False
    cells = table.xpath("./tr/td|./*/tr/td|./tr/th|./*/tr/th")
    if any(len(_SPACES.sub("", c.text_content())) > _MAX_CELL for c in cells):
        return False
    return any(len(tr.xpath("./td|./th")) >= 2 for tr in _rows(table))


def _rows(table):
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _table_lines(table) -> list[str]:
    """Rows as TAB lines: a column span read once (the columns it covers empty), a row span on each row."""
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    lines = []
    for tr in _rows(table):
        row: list[str] = []
        for cell in tr.xpath("./td|./th"):
            _fill_pending(row, pending)
            text = " ".join(_Renderer().lines(cell))
            span, down = _span(cell, "colspan"), _span(cell, "rowspan")
            for i in range(span):
                if down > 1:
                    pending[len(row)] = (text if i == 0 else "", down - 1)
                row.append(text if i == 0 else "")
        _fill_pending(row, pending, to_end=True)
        lines.append(table_line(row))
    return lines


def _fill_pending(row: list[str], pending: dict[int, tuple[str, int]], *, to_end: bool = False) -> None:
    while len(row) in pending or (to_end and pending and len(row) < max(pending) + 1):
        text, left = pending.pop(len(row), ("", 0))
        if left > 1:
            pending[len(row)] = (text, left - 1)
        row.append(text)


def _span(cell, attr: str) -> int:
    try:
        return max(1, min(int(cell.get(attr, "1")), 100))
    except ValueError:
        return 1
