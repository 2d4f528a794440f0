"""National attachment lists: attachments (附件1 …) of numbered items that open with their organiser.

"一、市场监管总局举办…", "一、市场监管总局：举办…" (a colon after the name), "五、教育部、共青团中央联合…"
(two leads). One attachment may hold several lists, each under its own sub-heading
("有关行业协会开展的主要活动"): the sub-heading, not the numbering (which may continue the list
before), says what the list is; a list may be numbered 一、 or 1．. A slogans attachment holds
主题： and 口号： with numbered lines. Numbered sections of a covering letter (一、活动主题 …)
name no organiser and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from qmkg.core.errors import InputError
from qmkg.ingest.document import ATTACHMENT, Line, chinese_number, is_heading, numbering, split_sentences, trim
from qmkg.ingest.layouts.base import Context, LayoutResult
from qmkg.ingest.notice import Attachment, Item, Sentence, classify_attachment
from qmkg.ingest.organisers import find_organiser


@cache
def _label(theme_labels: tuple[str, ...], slogan_labels: tuple[str, ...]) -> re.Pattern:
    """"主题：" or "口号：" (the lexicon's words) at the head of a line of a slogans attachment."""
    words = "|".join(re.escape(w) for w in (*theme_labels, *slogan_labels))
    return re.compile(rf"^\s*({words})\s*[：:]\s*")


def _labels(lex) -> re.Pattern:
    return _label(lex.list("notice", "theme_labels"), lex.list("notice", "slogan_labels"))


_ITEM_STYLES = ("cn", "arabic")


@dataclass
class _Block:
    number: int
    header_line: int
    lines: list[Line] = field(default_factory=list)


@dataclass
class _List:
    title: str
    part: int
    style: str = ""
    raw: list[list] = field(default_factory=list)  # [number, line, start, end]


def blocks(ctx: Context) -> list[_Block]:
    """The notice cut at its attachment lines (附件1, 附件2：title, a bare 附件)."""
    out = [_Block(1, 0)]
    for line in ctx.lines:
        m = ATTACHMENT.match(line.text)
        numbered = m and m.group(1)
        bare = m and not m.group(1) and not m.group(2)
        if (numbered or bare) and len(line.stripped) <= 12 + len(m.group(2)):
            number = chinese_number(m.group(1)) if numbered else out[-1].number + 1
            if not out[-1].lines and len(out) == 1:
                out.pop()
            out.append(_Block(number, line.number))
            if m.group(2):  # "附件2：title" on one line
                s = line.start + m.start(2)
                out[-1].lines.append(Line(line.number, s, line.start + m.end(2), m.group(2)))
            continue
        out[-1].lines.append(line)
    return [b for b in out if any(x.stripped for x in b.lines)]


def parse(ctx: Context) -> LayoutResult | None:
    """The attachments of a national list, or None when no block holds organisers' items."""
    attachments: list[Attachment] = []
    for block in blocks(ctx):
        title_lines, body = [], []
        for line in block.lines:
            if body or _starts_item(line) or _labels(ctx.lex).match(line.text):
                body.append(line)
            elif line.stripped:
                title_lines.append(line.stripped)
        title = "".join(title_lines)
        kind = classify_attachment(title, ctx.lex)
        if kind == "slogans":
            theme, slogans = _slogans(ctx.text, body, ctx.lex)
            if not slogans:
                raise InputError(f"{ctx.where}: 附件{block.number} ({title[:40]}) has no numbered slogans")
            attachments.append(Attachment(block.number, title, kind, (), theme, slogans))
            continue
        attachments.extend(_lists(ctx, block, title, kind, body))
    if not any(a.items for a in attachments):
        return None
    return LayoutResult("national-list", tuple(attachments), "clauses")


def _starts_item(line: Line) -> bool:
    n = numbering(line.text)
    return n is not None and n.style in _ITEM_STYLES


def _lists(ctx: Context, block: _Block, title: str, kind: str | None, body: list[Line]) -> list[Attachment]:
    """The lists of one attachment, each under its title or sub-heading."""
    lists = [_List(title, 1)]
    for line in body:
        n = numbering(line.text)
        if n and (n.style == lists[-1].style or (not lists[-1].style and n.style in _ITEM_STYLES)):
            lists[-1].style = n.style
            lists[-1].raw.append([n.value, line.number, line.start + n.length, line.end])
        elif not n and lists[-1].raw and is_heading(line.text, None) and classify_attachment(line.stripped, ctx.lex):
            lists.append(_List(line.stripped, len(lists) + 1))  # a sub-heading starts a new list
        elif lists[-1].raw and line.stripped:
            lists[-1].raw[-1][3] = line.end  # a wrapped line continues the item
    out = []
    for lst in lists:
        items = _items(ctx, lst, block.number)
        if not items:
            continue
        lkind = classify_attachment(lst.title, ctx.lex) if lst.part > 1 else kind
        if lkind is None:
            kinds = {("region" if i.organiser.is_region else
                      "association" if i.organiser.kind == "federation_or_association" else "joint") for i in items}
            lkind = kinds.pop() if len(kinds) == 1 else "other"
        out.append(Attachment(block.number, lst.title, lkind, tuple(items), part=lst.part))
    return out


def _heads(ctx: Context, lst: _List) -> list[tuple]:
    heads = []
    for number, line, s, e in lst.raw:
        s, e = trim(ctx.text, s, e)
        heads.append((number, line, s, e, find_organiser(ctx.text[s:e], ctx.lex, scope=ctx.scope, issuer=ctx.issuer.ref)))
    return heads


def _items(ctx: Context, lst: _List, att: int) -> list[Item]:
    heads = _heads(ctx, lst)
    if not heads or not any(h[4] for h in heads):
        return []  # numbered sections of a covering letter (一、活动主题 …), not organisers' items
    items = []
    expected = heads[0][0] if lst.part > 1 else 1
    for number, line, s, e, found in heads:
        if number != expected:
            raise InputError(f"{ctx.where}:{line}: malformed item: number {number} where {expected} was expected (附件{att})")
        expected += 1
        if found is None:
            raise InputError(f"{ctx.where}:{line}: malformed item: no organiser at the head of item {number} (附件{att})")
        items.append(_item(ctx, att, lst.part, number, line, s, e, found, lst.title))
    return items


def _item(ctx: Context, att: int, part: int, number: int, line: int, s: int, e: int, found, title: str) -> Item:
    text = ctx.text
    ref, length = found
    leads, name_end = [ref], s + length
    while text.startswith(tuple(ctx.lex.words["roles"]["joiners"]), name_end):  # "教育部、共青团中央联合…"
        m = ctx.names.name_at(text, name_end + 1, e)
        if m is None or m.ref.name in {r.name for r in leads}:
            break
        leads.append(m.ref)
        name_end = m.end
    body_start = name_end
    while body_start < e and text[body_start] in "：:，":
        body_start += 1
    sentences = tuple(Sentence(k, a, b, text[a:b]) for k, (a, b) in enumerate(split_sentences(text, body_start, e), start=1))
    if not sentences:
        raise InputError(f"{ctx.where}:{line}: malformed item: item {number} names {ref.name} but no activity (附件{att})")
    return Item(att, number, s, e, ref, s, s + length, sentences, line, leads=tuple(leads), part=part,
                headings=(title,) if title else ())


def _slogans(text: str, lines: list[Line], lex):
    theme, slogans, mode = None, [], None
    for line in lines:
        s, e = line.start, line.end
        if not line.stripped:
            continue
        head = _labels(lex).match(line.text)
        if head:
            mode = head.group(1)
            s = s + head.end()
            if not text[s:e].strip():
                continue
        n = numbering(text[s:e])
        if n:
            s += n.length
        a, b = trim(text, s, e)
        if mode in lex.list("notice", "theme_labels") and theme is None:
            theme = Sentence(0, a, b, text[a:b])
        elif mode in lex.list("notice", "slogan_labels") or n:
            slogans.append(Sentence(len(slogans) + 1, a, b, text[a:b]))
    return theme, tuple(slogans)
