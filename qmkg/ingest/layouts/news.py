"""A news report: a headline, a dateline, a lead paragraph, unnumbered paragraphs, bylines, a footer.

The lead (the first paragraph, a summary) is no activity but names the coordinator
("活动由省市场监管局牵头组织"). Each later sentence whose subject is an organiser ("省X将…",
"X还将联合Y…") is one activity; "在…方面，" in front of it is a heading, which governs the
rest of its paragraph. A paragraph that names no organiser at all belongs to the coordinator.
Site navigation, footers (版权所有, ICP备) and editor lines are left out (lexicon ``[news]``).
"""

from __future__ import annotations

import re

from qmkg.ingest.document import Line, numbering, split_sentences
from qmkg.ingest.layouts.base import Context, LayoutResult
from qmkg.ingest.notice import Attachment, Item, Sentence
from qmkg.ingest.organisers import Mention

_DATELINE = re.compile(r"^\s*(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}")


def _is_site_text(line: Line, ctx: Context) -> bool:
    words = ctx.lex.words["news"]
    s = line.stripped
    dateline = bool(_DATELINE.match(s)) and (len(s) <= 40 or "来源" in s)  # not "2024年9月1日，省X将…"
    return any(w in s for w in words["footer"]) or s.startswith(tuple(words["bylines"])) or s.count("|") >= 2 or dateline


def _paragraphs(ctx: Context) -> list[Line]:
    body = [x for x in ctx.lines if x.stripped]
    return [x for x in body[1:] if not _is_site_text(x, ctx)]  # the first line is the headline


def _heading(ctx: Context, s: int, e: int) -> tuple[str, int]:
    """A "在…方面，" lead-in at ``s``: (its text, where the rest begins), or ("", s)."""
    text = ctx.text
    comma = text.find("，", s, e)
    if text.startswith("在", s) and comma > 0 and text[s:comma].endswith(tuple(ctx.lex.words["news"]["heading_endings"])):
        return text[s:comma], comma + 1
    return "", s


def _coordinator(ctx: Context, lead: Line) -> Mention | None:
    """The organiser the lead says coordinates (由X牵头组织, X牵头), not merely its subject."""
    names = ctx.names
    for i, cue in names.starts(ctx.text, lead.start, lead.end):
        group = names.group_at(ctx.text, i, lead.end)
        if group and (cue in names.lead_before or ctx.text.startswith(tuple(ctx.lex.words["news"]["coordinator_cues"]), group[-1].end)):
            return group[0]
    return None


def parse(ctx: Context) -> LayoutResult | None:
    """One activity per sentence whose subject is an organiser, or None when there is none."""
    paragraphs = _paragraphs(ctx)
    if len(paragraphs) < 2:
        return None
    lead_words = tuple(ctx.lex.words["news"]["lead_words"])
    lead = paragraphs[0]
    coordinator = _coordinator(ctx, lead)
    body = paragraphs[1:] if coordinator or any(w in lead.text for w in lead_words) else paragraphs
    items: list[Item] = []
    warnings: list[str] = []
    for para in body:
        items.extend(_paragraph(ctx, para, coordinator, len(items), warnings))
        if coordinator is None and not any(i.line == para.number for i in items) and _acts(ctx.text, para.start, para.end, ctx.names.verbs):
            warnings.append(f"{ctx.where}:{para.number}: a paragraph of actions names no organiser and the lead no "
                            "coordinator (由X牵头组织): left out")
    if not items:
        return None
    return LayoutResult("news", (Attachment(1, "", "other", tuple(items)),), "sentence", tuple(warnings))


def _paragraph(ctx: Context, para: Line, coordinator: Mention | None, offset: int, warnings: list[str]) -> list[Item]:
    text = ctx.text
    spans = split_sentences(text, para.start, para.end)
    found: list[tuple[int, int, str, list[Mention]]] = []
    heading = ""
    for s, e in spans:
        n = numbering(text[s:e])  # "一是省市场监管局将…"
        s = s + n.length if n else s
        h, s2 = _heading(ctx, s, e)
        heading = h or heading
        found.append((s2, e, heading, ctx.names.subject(text, s2, e)))
    has_subject = any(subj for *_, subj in found)
    continuations = tuple(ctx.lex.words["news"]["continuations"])
    verbs = ctx.names.verbs
    items, previous = [], None
    for s, e, heading, subject in found:
        if not subject and not has_subject and coordinator and _acts(text, s, e, verbs):
            subject = [coordinator]
        elif not subject and previous and text.startswith(continuations, s):
            subject = previous
        if not subject:
            continue
        previous = subject
        roles = ctx.names.roles(text, s, e)
        leads = list(dict.fromkeys([m.ref for m in subject] + [m.ref for m in roles.leads]))
        lead_names = {r.name for r in leads}
        partners = tuple(dict.fromkeys(m.ref for m in roles.partners if m.ref.name not in lead_names))
        first = subject[0]
        inside = [m for m in (*subject, *roles.leads, *roles.partners) if s <= m.start < e]
        items.append(Item(
            1, offset + len(items) + 1, s, e, first.ref, first.start, first.end,
            (Sentence(1, s, e, text[s:e]),), para.number, leads=tuple(leads), partners=partners,
            headings=(heading,) if heading else (), mentions=tuple((m.start, m.end) for m in inside),
        ))
    return items


def _acts(text: str, s: int, e: int, verbs: tuple[str, ...]) -> bool:
    """Whether a sentence without a subject states an action (an action verb in it)."""
    return any(v in text[s:e] for v in verbs if len(v) > 1)
