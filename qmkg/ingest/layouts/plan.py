"""A provincial or municipal plan (活动方案) inside a covering letter.

The plan's top-level sections (一、指导思想 二、活动主题 … 四、主要活动 五、工作要求) are classified
by their headings (lexicon ``[sections]``); only a section of activities holds activities. In
it, the deepest numbered lines are the points (1. 2. …, or （一） when there is nothing deeper)
and shallower numbered lines are group headings. A point is one activity; its organisers are
read out of any of its sentences by their cue words (由X牵头，Y配合 / X负责 / X会同Y).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qmkg.ingest.document import ATTACHMENT, Line, Numbering, numbering, section_kind, split_sentences, trim
from qmkg.ingest.layouts.base import Context, LayoutResult
from qmkg.ingest.notice import Attachment, Item, Sentence


@dataclass
class _Section:
    heading: Line
    kind: str | None
    lines: list[tuple[Line, Numbering | None]] = field(default_factory=list)


def _sections(ctx: Context) -> list[_Section]:
    """Top-level numbered sections (the outermost numbering style of the notice); an attachment ends one."""
    styles = [n for x in ctx.lines if (n := numbering(x.text)) and n.style != "shi"]
    top = min(styles, key=lambda n: n.depth).style if styles else None
    out: list[_Section] = []
    for line in ctx.lines:
        if ATTACHMENT.match(line.text) and len(line.stripped) <= 40:
            if out:  # an attachment ends the plan's sections
                out.append(_Section(line, "other"))
            continue
        n = numbering(line.text)
        if n and n.style == top:
            out.append(_Section(line, section_kind(line.stripped, ctx.lex)))
        elif out:
            out[-1].lines.append((line, n))
    return out


def parse(ctx: Context) -> LayoutResult | None:
    """The points of a plan's activity sections, or None when the notice has no such section."""
    sections = _sections(ctx)
    chosen = [s for s in sections if s.kind == "activities"] or [s for s in sections if s.kind is None]
    items: list[Item] = []
    warnings: list[str] = []
    for section in chosen:
        found = _points(ctx, section, warnings, len(items))
        if not found and section.kind == "activities":
            warnings.append(f"{ctx.where}:{section.heading.number}: the section {section.heading.stripped!r} "
                            "looked like a list of activities but gave no activities")
        items.extend(found)
    if not items:
        return LayoutResult("plan", (), "item", tuple(warnings)) if warnings else None
    return LayoutResult("plan", (Attachment(1, "", "other", tuple(items)),), "item", tuple(warnings))


def _points(ctx: Context, section: _Section, warnings: list[str], offset: int) -> list[Item]:
    depths = [n.depth for _, n in section.lines if n and n.style != "shi"]
    if not depths:
        return []
    deepest = max(depths)
    heading = _title(ctx, section.heading)
    groups: dict[int, str] = {}
    spans: list[list] = []  # [line, start, end, headings]
    for line, n in section.lines:
        if n and n.style != "shi" and n.depth < deepest:
            groups = {d: t for d, t in groups.items() if d < n.depth}
            groups[n.depth] = _title(ctx, line)
        elif n and n.depth == deepest:
            heads = (heading, *[groups[d] for d in sorted(groups)])
            spans.append([line, line.start + n.length, line.end, heads])
        elif spans and line.stripped and spans[-1][2] >= line.start - 1:
            spans[-1][2] = line.end  # a wrapped line continues the point
    items = []
    for line, s, e, heads in spans:
        item = _point(ctx, line, s, e, heads, offset + len(items) + 1)
        if item is None:
            warnings.append(f"{ctx.where}:{line.number}: point names no organiser (牵头/负责/会同 …): left out")
        else:
            items.append(item)
    return items


def _title(ctx: Context, line: Line) -> str:
    n = numbering(line.text)
    s, e = trim(ctx.text, line.start + (n.length if n else 0), line.end)
    return ctx.text[s:e]


def _point(ctx: Context, line: Line, s: int, e: int, headings: tuple[str, ...], number: int) -> Item | None:
    s, e = trim(ctx.text, s, e)
    roles = ctx.names.roles(ctx.text, s, e)
    if not roles.leads:
        return None
    first = roles.leads[0]
    sentences = tuple(Sentence(k, a, b, ctx.text[a:b]) for k, (a, b) in enumerate(split_sentences(ctx.text, s, e), start=1))
    return Item(
        1, number, s, e, first.ref, first.start, first.end, sentences, line.number,
        leads=tuple(m.ref for m in roles.leads), partners=tuple(m.ref for m in roles.partners),
        headings=headings, mentions=tuple((m.start, m.end) for m in (*roles.leads, *roles.partners)),
    )
