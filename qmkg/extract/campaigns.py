"""Campaigns: named actions in an activity, quoted (“铁拳”行动, “剑网2024”专项行动) or not (信用提升三年行动).

A quoted name is a campaign when a campaign head follows it (行动, 活动, 专项, 季, 周, 月 …), whatever
its length, or when it ends in one itself; a quoted name that is the generic name of an activity kind
(“开放日”活动) is not. An unquoted name is a campaign when it ends like a named action (…专项行动,
…三年行动). Series across years and issuers (铁拳 and 铁拳·桂在真打, 剑网2024 and 剑网2025) are linked
by :func:`campaign_parents` and the gazetteer ``ontology/campaigns.ttl``. Words: the lexicon's ``[campaigns]``.
"""

from __future__ import annotations

from qmkg.extract.model import Activity, CampaignMention
from qmkg.vocab.lexicon import Lexicon
from qmkg.vocab.thesaurus import Thesaurus

_PUNCT = set("，。；、：！？")


def kind_names(thesaurus: Thesaurus) -> frozenset[str]:
    """The generic names of the activity kinds (zh prefLabel and altLabel: 开放日, 竞赛 …)."""
    return frozenset(n for c in thesaurus.concepts if c.scheme.endswith("ActivityKindScheme") for n in c.names)


def _quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the words inside “…” in text[start:end]."""
    out, i = [], start
    while i < end:
        if text[i] == "“":
            j = text.find("”", i + 1, end)
            if j < 0:
                break
            out.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    return out


class CampaignFinder:
    """Finds campaign names with the lexicon's ``[campaigns]`` words.

    >>> from qmkg.vocab.lexicon import load_lexicon
    >>> from qmkg.vocab.thesaurus import load_thesaurus
    >>> f = CampaignFinder(load_lexicon(), load_thesaurus())
    >>> t = "深化信用提升三年行动，开展“领跑者”活动和“开放日”活动"
    >>> [c.name for c in f.campaigns(t, 0, len(t))]
    ['领跑者', '信用提升三年行动']
    """

    def __init__(self, lex: Lexicon, thesaurus: Thesaurus):
        camp = lex.words["campaigns"]
        self.heads = tuple(sorted(camp["heads"], key=len, reverse=True))
        self.endings = tuple(camp["name_endings"])
        self.max_gap = int(camp["max_gap"])
        self.skip = tuple(camp["skip_gap_prefix"])
        self.unquoted = tuple(sorted(lex.list("campaigns", "unquoted_endings"), key=len, reverse=True))
        self.boundaries = lex.list("campaigns", "unquoted_boundaries")
        self.verbs = tuple(sorted(lex.list("clauses", "action_verbs"), key=len, reverse=True))
        self.event_names = lex.list("notice", "event_names")
        self.kind_names = kind_names(thesaurus)

    def campaigns(self, text: str, start: int, end: int) -> list[CampaignMention]:
        """Campaign names in text[start:end]: quoted ones first, then unquoted named actions."""
        return self.quoted(text, start, end) + self.unquoted_names(text, start, end)

    def _gap(self, text: str, quotes: list[tuple[int, int]], k: int, end: int) -> str:
        """The words after quote k (or after the chain of quotes it opens: “A”“B”等活动), to the next stop."""
        last = k
        while last + 1 < len(quotes) and quotes[last + 1][0] - 1 == quotes[last][1] + 1:
            last += 1
        j = after = quotes[last][1] + 1
        for skip in self.skip:
            if text.startswith(skip, after):
                j = after = after + len(skip)
        while j < end and text[j] not in _PUNCT and text[j] != "“" and not text.startswith(self.skip, j):
            j += 1
        return text[after:j]

    def quoted(self, text: str, start: int, end: int) -> list[CampaignMention]:
        """Quoted names that name a campaign: “铁拳”行动, “剑网2024”专项行动, “领跑者”活动 …"""
        quotes = _quotes(text, start, end)
        out = []
        for k, (a, b) in enumerate(quotes):
            name = " ".join(text[a:b].split())
            if len(name) < 2 or name in self.event_names or name in self.kind_names:
                continue
            gap = self._gap(text, quotes, k, end)
            if (not gap or name.endswith(self.endings) or gap.startswith(self.heads)
                    or (len(gap) <= self.max_gap and gap.endswith(self.heads))):
                out.append(CampaignMention(name, a, b))
        return out

    def unquoted_names(self, text: str, start: int, end: int) -> list[CampaignMention]:
        """Unquoted named actions (…专项行动, …三年行动), from the last boundary before them, verbs dropped."""
        out = []
        i = start
        while i < end:
            ending = next((e for e in self.unquoted if text.startswith(e, i) and i + len(e) <= end), None)
            if ending is None:
                i += 1
                continue
            stop = i + len(ending)
            if i > start and text[i - 1] == "”":  # “剑网2024”专项行动: the quoted name is the campaign
                i = stop
                continue
            a = max((text.rfind(b, start, i) + len(b) for b in self.boundaries if text.rfind(b, start, i) >= 0),
                    default=start)
            while True:
                verb = next((v for v in self.verbs if text.startswith(v, a) and a + len(v) <= i), None)
                if verb is None:
                    break
                a += len(verb)
            if i - a >= 2:  # a name of its own before the ending, not a bare 专项行动
                out.append(CampaignMention(text[a:stop], a, stop))
            i = stop
        return out


def campaign_parents(activities: list[Activity]) -> dict[str, str]:
    """name -> the shorter campaign name it starts with (铁拳护心守护团圆 -> 铁拳), from this notice."""
    names = sorted({c.name for a in activities for c in a.campaigns})
    out = {}
    for name in names:
        parents = [p for p in names if p != name and name.startswith(p)]
        if parents:
            out[name] = max(parents, key=len)
    return out
