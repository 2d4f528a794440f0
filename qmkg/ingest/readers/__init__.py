"""Readers, one per format: each turns a file's bytes into one text for :func:`qmkg.ingest.sources.read_source`.

The text they give: each paragraph or heading is one line; each table row is one line whose cells
are separated by TAB (header row first; a cell spanning several columns is read once and the
columns it covers are left empty, so every cell stays under its header; a cell spanning several
rows is read on each of its rows, because each row is one record); a line break inside a cell is
a space. Readers import their libraries (python-docx, lxml, pdfplumber) when called.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CELL_SPACE = re.compile(r"[\t\r\n\v\f]+")
_EDGE = " \t\r\n\u00a0\u3000\u2002\u2003\u200b\ufeff"
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def strip_line(text: str) -> str:
    """A line without the spaces around it (ASCII, NBSP, ideographic).

    >>> strip_line("\\u3000\\u3000质量月 ")
    '质量月'
    """
    return text.strip(_EDGE)


def clean_cell(text: str) -> str:
    """One table cell on one line: line breaks and TABs become a space.

    >>> clean_cell(" 市工信局\\n市质量协会 ")
    '市工信局 市质量协会'
    """
    return strip_line(_CELL_SPACE.sub(" ", text))


def table_line(cells: Sequence[str]) -> str:
    """A table row as one line: cells joined by TAB, empty cells at the end dropped.

    >>> table_line(["1", "启动仪式", "", "市市场监管局", ""])
    '1\\t启动仪式\\t\\t市市场监管局'
    """
    return "\t".join(clean_cell(c) for c in cells).rstrip("\t")


def join_wrapped(first: str, second: str) -> str:
    """Join a line wrapped by the layout to its continuation: no space between CJK characters.

    >>> join_wrapped("开展质量", "提升行动"), join_wrapped("Quality", "Month")
    ('开展质量提升行动', 'Quality Month')
    """
    if not first or not second:
        return first + second
    space = _ASCII_WORD.match(first[-1]) and _ASCII_WORD.match(second[0])
    return first + (" " if space else "") + second


@dataclass(frozen=True)
class RawText:
    """What a reader gives :func:`~qmkg.ingest.sources.read_source`: the text before normalisation."""

    text: str
    encoding: str  # the file's own character encoding; "" where the format has none (PDF)
    warnings: tuple[str, ...] = ()  # what the reader changed, with the line of the file it was on
