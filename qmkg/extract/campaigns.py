"""Campaigns: quoted names that name a campaign (“铁拳”行动, “剑网2024”专项行动), and the series they belong to."""

from __future__ import annotations

from qmkg.extract.activities import kind_labels
from qmkg.extract.model import Activity, CampaignMention
from qmkg.vocab.lexicon import Lexicon
from qmkg.vocab.thesaurus import Thesaurus

_PUNCT = set("，。；、：！？")


class CampaignFinder:
    """Finds campaign names with the lexicon's ``[campaigns]`` words."""

    def __init__(self, lex: Lexicon, thesaurus: Thesaurus):
        camp = lex.words["campaigns"]
        self.heads = sorted(camp["heads"], key=len, reverse=True)
        self.endings = tuple(camp["name_endings"])
        self.max_gap = int(camp["max_gap"])
        self.skip = tuple(camp["skip_gap_prefix"])
        self.event_names = lex.list("notice", "event_names")
        self.kind_labels = kind_labels(thesaurus)

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
            for skip in self.skip:
                if text.startswith(skip, after_start):
                    after_start += len(skip)
            j = after_start
            # the words after the name run to the next punctuation, quote or list end (等)
            while j < end and text[j] not in _PUNCT and text[j] != "“" and not text.startswith(self.skip, j):
                j += 1
            gap = text[after_start:j]
            named = (
                not gap
                or name.endswith(self.endings)
                or gap.startswith(tuple(self.heads))
                or (len(gap) <= self.max_gap and gap.endswith(tuple(self.heads)))
            )
            if named:
                out.append(CampaignMention(name, a, b))
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
