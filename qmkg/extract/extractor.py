"""From a parsed notice to activities: clauses, concepts, campaigns, joint regional actions, partners.

Every activity keeps the span of the notice it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qmkg.ingest.notice import _OPEN, Item, Notice, Sentence
from qmkg.vocab.lexicon import Lexicon, OrganiserRef, RegionGroup
from qmkg.vocab.thesaurus import SCHEME_PROPERTY, Thesaurus

_CLAUSE_END = "，"
_PUNCT = set("，。；、：！？")
_STANDARD_HINTS = ("标准", "规范", "要求", "规程", "指南", "准则", "GB")


@dataclass(frozen=True)
class CampaignMention:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class RegionalAction:
    cue: str
    start: int
    regions: tuple[str, ...]  # region organiser names
    group: RegionGroup | None


@dataclass(frozen=True)
class Activity:
    """One activity: a clause of an item, or one member of a coordinated list in a clause."""

    item: Item
    sentence: Sentence
    position: int  # 1-based within the item
    start: int
    end: int
    text: str
    label: str
    concepts: dict[str, tuple[str, ...]]  # scheme -> concept IRIs
    campaigns: tuple[CampaignMention, ...] = ()
    regional: tuple[RegionalAction, ...] = ()
    partners: tuple[OrganiserRef, ...] = ()
    standards: tuple[str, ...] = ()

    @property
    def organiser(self) -> OrganiserRef:
        return self.item.organiser

    @property
    def tagged(self) -> bool:
        return any(self.concepts.values())


@dataclass(frozen=True)
class Extraction:
    notice: Notice
    activities: tuple[Activity, ...]
    campaign_parents: dict[str, str]  # campaign name -> name (or gazetteer label) of the campaign it belongs to
    warnings: tuple[str, ...] = field(default=())


def _depth0_splits(text: str, start: int, end: int, seps: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Split text[start:end] at separators outside quotes and brackets: [(start, end, following-sep)]."""
    out, depth, s, i = [], [], start, start
    seps = tuple(sorted(seps, key=len, reverse=True))
    while i < end:
        ch = text[i]
        if ch in _OPEN:
            depth.append(_OPEN[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif not depth:
            sep = next((x for x in seps if text.startswith(x, i) and i + len(x) <= end), None)
            if sep:
                out.append((s, i, sep))
                i += len(sep)
                s = i
                continue
        i += 1
    out.append((s, end, ""))
    return out


class Extractor:
    def __init__(self, lex: Lexicon, thesaurus: Thesaurus):
        self.lex = lex
        self.thesaurus = thesaurus
        self.matchers = {scheme: thesaurus.matcher(scheme) for scheme in SCHEME_PROPERTY}
        self.verbs = sorted(lex.list("clauses", "action_verbs"), key=len, reverse=True)
        self.main_verbs = lex.list("clauses", "main_verbs")
        self.purpose = lex.list("clauses", "purpose_markers")
        self.framing = lex.list("clauses", "framing_markers")
        self.framing_endings = lex.list("clauses", "framing_endings")
        self.conjunctions = lex.list("clauses", "conjunctions")
        self.list_tails = sorted(lex.list("clauses", "list_tails"), key=len, reverse=True)
        self.kind_labels = sorted(
            {lab for c in thesaurus.concepts if c.scheme == _KIND_SCHEME for lab in c.labels}, key=len, reverse=True
        )
        self.event_names = lex.list("notice", "event_names")
        camp = lex.words["campaigns"]
        self.campaign_heads = sorted(camp["heads"], key=len, reverse=True)
        self.campaign_endings = tuple(camp["name_endings"])
        self.campaign_gap = int(camp["max_gap"])
        self.campaign_skip = tuple(camp["skip_gap_prefix"])
        self.partner_before = sorted(lex.words["cooperation"]["before_partner"], key=len, reverse=True)
        self.partner_after = tuple(lex.words["cooperation"]["after_partner"])
        abbrev: dict[str, str] = {}
        for ref in lex.organisers:
            for ch in ref.abbrev_chars:
                abbrev[ch] = ref.name
        self.abbrev = abbrev
        self.groups = sorted(lex.region_groups, key=lambda g: -len(g.name))

    # -- clauses ---------------------------------------------------------------------------
    def _leading_verbs(self, text: str, i: int, end: int) -> int:
        """End of the run of action verbs starting at i (i if none)."""
        j = i
        while j < end:
            v = next((v for v in self.verbs if text.startswith(v, j)), None)
            if not v or v in ("以", "在", "与"):
                break
            j += len(v)
        return j

    def clauses(self, text: str, sentence: Sentence) -> list[tuple[int, int]]:
        """Clause spans of a sentence, with framing and purpose clauses joined to their neighbours."""
        parts = [(s, e) for s, e, _ in _depth0_splits(text, sentence.start, sentence.end, (_CLAUSE_END,))]
        parts = [(s, e) for s, e in parts if text[s:e].strip()]
        merged: list[list[int]] = []
        pending: int | None = None
        for k, (s, e) in enumerate(parts):
            body = text[s:e]
            if pending is not None:
                s, pending = pending, None
            elif merged and k > 0 and body.startswith(self.purpose):
                merged[-1][1] = e
                continue
            framing = body.endswith(self.framing_endings) or (
                body.startswith(self.framing) and not any(v in body[2:] for v in self.main_verbs)
            )
            if framing and k + 1 < len(parts):
                pending = s
                continue
            merged.append([s, e])
        return [(s, e) for s, e in merged]

    def _is_event(self, phrase: str) -> bool:
        phrase = phrase.rstrip("”’")
        for tail in self.list_tails:
            if phrase.endswith(tail) and len(phrase) > len(tail):
                return True
        return any(phrase.endswith(k) for k in self.kind_labels)

    def split_clause(self, text: str, s: int, e: int) -> list[tuple[int, int, str]]:
        """Activities in one clause: [(start, end, label)]. "举办A、B" gives two when A and B are events."""
        whole = [(s, e, text[s:e])]
        v_end = self._leading_verbs(text, s, e)
        verb = text[s:v_end]
        if v_end == s or not any(verb.endswith(m) for m in self.main_verbs):
            return whole
        parts = _depth0_splits(text, v_end, e, self.conjunctions)
        if len(parts) < 2 or not all(self._is_event(text[a:b]) for a, b, _ in parts):
            return whole
        out = []
        for k, (a, b, _) in enumerate(parts):
            start = s if k == 0 else a
            label = text[start:b] if k == 0 else verb + text[a:b]
            out.append((start, b, label))
        return out

    # -- tagging ---------------------------------------------------------------------------
    def concepts(self, text: str) -> dict[str, tuple[str, ...]]:
        out = {}
        for scheme in SCHEME_PROPERTY:
            found = sorted({iri for _, _, iri in self.matchers[scheme].find(text)})
            out[scheme] = tuple(found)
        return out

    def campaigns(self, text: str, start: int, end: int) -> list[CampaignMention]:
        """Quoted names that name a campaign: “铁拳”行动, “剑网2024”专项行动, “你点我检”、…"""
        quotes: list[tuple[int, int]] = []
        i = start
        while i < end:
            if text[i] == "“":
                j = text.find("”", i + 1, end)
                if j < 0:
                    break
                quotes.append((i + 1, j))
                i = j + 1
            else:
                i += 1
        out = []
        for k, (a, b) in enumerate(quotes):
            name = " ".join(text[a:b].split())
            if len(name) < 2 or name in self.event_names or name in self.kind_labels:
                continue
            # a chain of quotes (“A”“B”等活动) shares the words after its last member
            last = k
            while last + 1 < len(quotes) and quotes[last + 1][0] - 1 == quotes[last][1] + 1:
                last += 1
            after_start = quotes[last][1] + 1
            for skip in self.campaign_skip:
                if text.startswith(skip, after_start):
                    after_start += len(skip)
            j = after_start
            # the words after the name run to the next punctuation, quote or list end (等)
            while j < end and text[j] not in _PUNCT and text[j] != "“" and not text.startswith(self.campaign_skip, j):
                j += 1
            gap = text[after_start:j]
            named = (
                not gap
                or name.endswith(self.campaign_endings)
                or gap.startswith(tuple(self.campaign_heads))
                or (len(gap) <= self.campaign_gap and gap.endswith(tuple(self.campaign_heads)))
            )
            if named:
                out.append(CampaignMention(name, a, b))
        return out

    def regional(self, text: str) -> list[RegionalAction]:
        """Joint regional actions: named groups (长三角) and runs of one-character names (苏浙皖赣沪)."""
        out, taken = [], set()
        for g in self.groups:
            for m in re.finditer(re.escape(g.name), text):
                if taken.isdisjoint(range(m.start(), m.end())):
                    out.append(RegionalAction(g.name, m.start(), g.members, g))
                    taken.update(range(m.start(), m.end()))
        i = 0
        while i < len(text):
            j = i
            while j < len(text) and text[j] in self.abbrev and j not in taken:
                j += 1
            regions = tuple(dict.fromkeys(self.abbrev[c] for c in text[i:j]))
            if j - i >= 2 and len(regions) >= 2:
                out.append(RegionalAction(text[i:j], i, regions, None))
            i = max(j, i + 1)
        return sorted(out, key=lambda r: r.start)

    def partners(self, text: str, organiser: OrganiserRef, names: dict[str, OrganiserRef]) -> list[OrganiserRef]:
        out = []
        for cue in self.partner_before:
            for m in re.finditer(re.escape(cue), text):
                rest = text[m.end():]
                name = max((n for n in names if rest.startswith(n)), key=len, default=None)
                if not name or names[name] is organiser:
                    continue
                after = rest[len(name):]
                if cue in ("与", "同") and not after.startswith(self.partner_after):
                    continue
                if names[name] not in out:
                    out.append(names[name])
        return out

    def standards(self, text: str) -> list[str]:
        out = []
        for m in re.finditer(r"《([^》]+)》", text):
            title, after = m.group(1), text[m.end():m.end() + 8]
            if any(h in title for h in _STANDARD_HINTS) or "标准" in after[:6]:
                out.append(" ".join(title.split()))
        return out

    # -- the notice ------------------------------------------------------------------------
    def extract(self, notice: Notice) -> Extraction:
        text = notice.text
        names = dict(self.lex.by_name)
        for item in notice.items:
            names.setdefault(item.organiser.name, item.organiser)
        activities: list[Activity] = []
        warnings: list[str] = []
        for item in notice.items:
            if not item.organiser.known:
                warnings.append(
                    f"unknown organiser {item.organiser.name!r} (附件{item.attachment} item {item.number}): "
                    f"typed {item.organiser.kind} from its name"
                )
            position = 0
            for sentence in item.sentences:
                for cs, ce in self.clauses(text, sentence):
                    for s, e, label in self.split_clause(text, cs, ce):
                        position += 1
                        span = text[s:e]
                        act = Activity(
                            item=item, sentence=sentence, position=position, start=s, end=e, text=span,
                            label=label, concepts=self.concepts(span),
                            campaigns=tuple(self.campaigns(text, s, e)),
                            regional=tuple(self.regional(span)),
                            partners=tuple(self.partners(span, item.organiser, names)),
                            standards=tuple(self.standards(span)),
                        )
                        if not act.tagged:
                            warnings.append(f"untagged activity {item.organiser.name}: {span}")
                        activities.append(act)
        return Extraction(notice, tuple(activities), self.campaign_parents(activities), tuple(warnings))

    def campaign_parents(self, activities: list[Activity]) -> dict[str, str]:
        """name -> the shorter campaign name it starts with (铁拳护心守护团圆 -> 铁拳), from this notice."""
        names = sorted({c.name for a in activities for c in a.campaigns})
        out = {}
        for name in names:
            parents = [p for p in names if p != name and name.startswith(p)]
            if parents:
                out[name] = max(parents, key=len)
        return out


_KIND_SCHEME = next(s for s in SCHEME_PROPERTY if s.endswith("ActivityKindScheme"))


def extract(notice: Notice, lex: Lexicon, thesaurus: Thesaurus) -> Extraction:
    """Extract the activities of a notice."""
    return Extractor(lex, thesaurus).extract(notice)
