"""A plan whose activities are a table: a header row, then one activity per row.

Columns are read by their header (lexicon ``[table]``): 活动名称 and 活动内容 give the activity's
text, 牵头单位 its leads (several in one cell, "市市场监管局、市教育局"), 配合单位 its partners
("—" for none), 时间 and 地点 become the activity's time (an ``xsd:date`` where it names a day)
and place, never part of its text. Rows are TAB-separated (or ``|``); a reader that turned
TABs into spaces still gives rows that split at spaces.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qmkg.ingest.document import ATTACHMENT, Cell, Line, cells, is_heading, numbering, table_columns
from qmkg.ingest.layouts.base import Context, LayoutResult
from qmkg.ingest.notice import Attachment, Item, Sentence

_DAY = re.compile(r"(?:((?:19|20)\d{2})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def iso_date(time: str, year: int) -> str:
    """The ISO date a time cell names (9月20日 → 2024-09-20), or "" when it names no day.

    >>> iso_date("9月20日", 2024), iso_date("9月上旬", 2024), iso_date("2023年9月5日", 2024)
    ('2024-09-20', '', '2023-09-05')
    """
    m = _DAY.search(time)
    if not m:
        return ""
    y, month, day = int(m.group(1) or year), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{y:04d}-{month:02d}-{day:02d}"


def _header(ctx: Context, start: int) -> tuple[int, list[Cell], dict[str, int]] | None:
    """The first table header at or after line index ``start``: (index, cells, column roles)."""
    for k in range(start, len(ctx.lines)):
        row = cells(ctx.text, ctx.lines[k])
        if len(row) >= 3:
            roles = table_columns(row, ctx.lex)
            if roles:
                return k, row, roles
    return None


def parse(ctx: Context) -> LayoutResult | None:
    """The rows of every activities table (one list per table), or None when the notice has no table header."""
    year_m = _YEAR.search(ctx.text[:400])
    year = int(year_m.group(1)) if year_m else 0
    attachments: list[Attachment] = []
    warnings: list[str] = []
    start = 0
    while (found := _header(ctx, start)) is not None:
        k, header, roles = found
        title = next((x.text[n.length if (n := numbering(x.text)) else 0:].strip() for x in reversed(ctx.lines[:k])
                      if x.stripped and not ATTACHMENT.match(x.text) and is_heading(x.text, None)), "")
        items, start = _rows(ctx, k, header, roles, title, year, warnings)
        if items:
            part = len(attachments) + 1  # a second table is a second list: its rows' IRIs stay apart
            items = [replace(i, part=part) for i in items] if part > 1 else items
            attachments.append(Attachment(1, title, "other", tuple(items), part=part))
        else:
            warnings.append(f"{ctx.where}:{ctx.lines[k].number}: the table looked like a list of activities but gave no activities")
    if not attachments:
        return LayoutResult("table", (), "item", tuple(warnings)) if warnings else None
    return LayoutResult("table", tuple(attachments), "item", tuple(warnings))


def _rows(ctx: Context, k: int, header: list[Cell], roles: dict[str, int], title: str, year: int,
          warnings: list[str]) -> tuple[list[Item], int]:
    """The items of the table whose header is line index ``k``, and the index after its last row."""
    items: list[Item] = []
    end = k + 1
    for end in range(k + 1, len(ctx.lines)):
        line = ctx.lines[end]
        if not line.stripped:
            continue
        row = cells(ctx.text, line, columns=len(header), wide=roles.get("content", roles.get("name", 0)))
        if len(row) < len(header) - 1 or len(row) > len(header) or table_columns(row, ctx.lex):
            return items, end  # the table has ended (a paragraph, or the next table's header)
        item = _row(ctx, line, row, roles, title, year, len(items) + 1)
        if item is None:
            warnings.append(f"{ctx.where}:{line.number}: table row names no lead organiser: left out")
        else:
            items.append(item)
    return items, len(ctx.lines)


def _row(ctx: Context, line: Line, row: list[Cell], roles: dict[str, int], title: str, year: int, index: int) -> Item | None:
    def cell(role: str) -> Cell | None:
        k = roles.get(role)
        return row[k] if k is not None and k < len(row) else None

    words = ctx.lex.words["table"]
    lead, partner = cell("lead"), cell("partner")
    if lead is None or lead.text in words["empty"]:
        return None
    seps = tuple(words["separators"])
    leads = ctx.names.cell(ctx.text, lead.start, lead.end, seps)
    partners = [] if partner is None or partner.text in words["empty"] else ctx.names.cell(ctx.text, partner.start, partner.end, seps)
    if not leads:
        return None
    name, content = cell("name"), cell("content")
    parts = [c for c in (name, content) if c is not None]
    start, end = parts[0].start, parts[-1].end
    if len(parts) == 2 and abs(roles["content"] - roles["name"]) != 1:
        start, end = content.start, content.end  # the columns between them are not its text
    number_cell = cell("number")
    number = int(number_cell.text) if number_cell is not None and number_cell.text.isdigit() else index
    time, place = cell("time"), cell("place")
    sentence = Sentence(1, start, end, ctx.text[start:end])
    lead_names = {m.ref.name for m in leads}
    return Item(
        1, number, start, end, leads[0].ref, lead.start, lead.end, (sentence,), line.number,
        leads=tuple(m.ref for m in leads), partners=tuple(m.ref for m in partners if m.ref.name not in lead_names),
        headings=(title,) if title else (), time=time.text if time else "",
        date=iso_date(time.text, year) if time else "", place=place.text if place else "",
    )
