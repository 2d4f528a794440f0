"""The document model of any notice: lines, numbering at every level, sections, tables, sentences.

A reader (text, .docx, .html, .pdf) delivers one normalised text: paragraphs as lines, table
rows as TAB-separated lines with the header row first. This module reads structure out of that
text and nothing else, so every layout (:mod:`qmkg.ingest.layouts`) serves every format.

Numbering styles, outermost first::

    一、  （一）  1.  1．  1、  （1）  ①  一是/二是

>>> numbering("（三）推动质量提升").style, numbering("12．开展计量服务").value
('paren_cn', 12)
>>> numbering("二是压实分工责任").style, numbering("①举办竞赛").value
('shi', 1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qmkg.vocab.lexicon import Lexicon

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十百零〇"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# (style, pattern): the pattern's group 1 is the number; checked in this order
_STYLES = (
    ("paren_cn", re.compile(rf"^\s*[（(]\s*([{_CN}]+)\s*[）)]\s*")),
    ("paren_arabic", re.compile(r"^\s*[（(]\s*(\d{1,3})\s*[）)]\s*")),
    ("shi", re.compile(rf"^\s*([{_CN}]+)是\s*(?=\S)")),
    ("cn", re.compile(rf"^\s*([{_CN}]+)\s*[、.．]\s*")),
    ("arabic", re.compile(r"^\s*(\d{1,3})\s*(?:[.．](?!\d)|、)\s*")),
    ("circled", re.compile(rf"^\s*([{_CIRCLED}])\s*")),
)
STYLE_DEPTH = {"cn": 0, "paren_cn": 1, "arabic": 2, "paren_arabic": 3, "circled": 4, "shi": 5}
ATTACHMENT = re.compile(r"^\s*附\s*件\s*([0-9一二三四五六七八九十]*)\s*[：:]?\s*(.*?)\s*$")
_SENTENCE_END = "。！？；"
OPENING_BRACKETS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】"}


def chinese_number(text: str) -> int:
    """Value of a Chinese numeral up to 999, of ASCII digits or of a circled digit.

    >>> [chinese_number(s) for s in ("一", "十", "十二", "二十", "三十二", "一百零五", "7", "③")]
    [1, 10, 12, 20, 32, 105, 7, 3]
    """
    if text.isdigit() and text.isascii():
        return int(text)
    if len(text) == 1 and text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            raise ValueError(text)
    return total + current


@dataclass(frozen=True)
class Numbering:
    """The number opening a line: its style (``cn``, ``paren_cn``, ``arabic`` …), value and length."""

    style: str
    value: int
    length: int  # characters of the number and its punctuation (and leading space)

    @property
    def depth(self) -> int:
        return STYLE_DEPTH[self.style]


def numbering(line: str) -> Numbering | None:
    """The numbering at the start of a line, or None.

    >>> numbering("一、市场监管总局举办…").style, numbering("2023年9月") is None
    ('cn', True)
    """
    for style, pattern in _STYLES:
        m = pattern.match(line)
        if m:
            try:
                value = chinese_number(m.group(1))
            except ValueError:
                continue
            if style == "arabic" and re.match(r"^\s*\d+\s*[.．]\s*\d", line):
                continue
            return Numbering(style, value, m.end())
    return None


@dataclass(frozen=True)
class Line:
    """One line of the normalised text: ``text[start:end]``, numbered from 1."""

    number: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def lines(text: str) -> list[Line]:
    """Every line of ``text`` with its offsets.

    >>> [(x.number, x.start, x.text) for x in lines("a\\nbc")]
    [(1, 0, 'a'), (2, 2, 'bc')]
    """
    out, pos = [], 0
    for n, line in enumerate(text.split("\n"), start=1):
        out.append(Line(n, pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` with surrounding whitespace left out."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``, ignoring stops inside quotes and brackets.

    >>> t = "开展“你点我检。服务”活动。发布结果"
    >>> [t[s:e] for s, e in split_sentences(t, 0, len(t))]
    ['开展“你点我检。服务”活动', '发布结果']
    """
    spans, depth, s = [], [], start
    for i in range(start, end):
        ch = text[i]
        if ch in OPENING_BRACKETS:
            depth.append(OPENING_BRACKETS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch in _SENTENCE_END and not depth:
            spans.append((s, i))
            s = i + 1
    spans.append((s, end))
    return [t for a, b in spans if (t := trim(text, a, b))[0] < t[1]]


def section_kind(heading: str, lex: Lexicon) -> str | None:
    """What a heading says its section holds: ``activities``, ``contacts``, ``other`` or None.

    >>> from qmkg.vocab.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> section_kind("四、主要活动", lex), section_kind("五、工作要求", lex), section_kind("附件：联络员名单", lex)
    ('activities', 'other', 'contacts')
    """
    words = lex.words["sections"]
    for kind in ("contacts", "activities", "other"):
        if any(w in heading for w in words[kind]):
            return kind
    return None


def is_heading(line: str, number: Numbering | None) -> bool:
    """A line that titles what follows: short, and not a sentence (no full stop inside)."""
    body = line[number.length:] if number else line
    body = body.strip()
    return 0 < len(body) <= 30 and not any(ch in body for ch in "。；：:")


@dataclass(frozen=True)
class Cell:
    """One cell of a table row: ``text[start:end]``."""

    start: int
    end: int
    text: str


def cells(text: str, line: Line, *, columns: int = 0, wide: int = 0) -> list[Cell]:
    """The cells of a table row: split at TAB or ``|``; where a reader turned the TABs into
    spaces, at spaces, and the extra pieces of a row wider than ``columns`` are joined back
    into column ``wide`` (a content cell with a space inside).

    >>> t = "1\\t开展 质量宣传\\t市市场监管局"
    >>> [c.text for c in cells(t, lines(t)[0])]
    ['1', '开展 质量宣传', '市市场监管局']
    """
    raw = line.text
    sep = "\t" if "\t" in raw else "|" if raw.count("|") >= 2 else None
    pieces = re.finditer(r"[^\t]+" if sep == "\t" else r"[^|]+" if sep else r"\S+", raw)
    found = [trim(text, line.start + m.start(), line.start + m.end()) for m in pieces]
    found = [(a, b) for a, b in found if a < b]
    if sep is None and columns and len(found) > columns:
        after = columns - wide - 1  # the cells right of the wide one keep their places
        tail = len(found) - after
        found = found[:wide] + [(found[wide][0], found[tail - 1][1])] + found[tail:]
    return [Cell(a, b, text[a:b]) for a, b in found]


def table_columns(header: list[Cell], lex: Lexicon) -> dict[str, int] | None:
    """Column roles of a header row (``name``, ``content``, ``lead``, ``partner``, ``time``,
    ``place``, ``number``) from the lexicon's ``[table]`` words, or None when it is no header.

    >>> from qmkg.vocab.lexicon import load_lexicon
    >>> h = [Cell(0, 0, w) for w in ("序号", "活动名称", "活动内容", "牵头单位", "配合单位", "时间")]
    >>> table_columns(h, load_lexicon())
    {'number': 0, 'name': 1, 'content': 2, 'lead': 3, 'partner': 4, 'time': 5}
    """
    words = lex.words["table"]
    roles: dict[str, int] = {}
    for k, cell in enumerate(header):
        for role in ("number", "name", "content", "lead", "partner", "time", "place"):
            if role not in roles and any(cell.text == w or cell.text.startswith(w) for w in words[role]):
                roles[role] = k
                break
        else:
            if len(cell.text) > 8:  # a sentence, not a column title
                return None
    if "lead" in roles and ("name" in roles or "content" in roles) and len(header) >= 3:
        return roles
    return None
