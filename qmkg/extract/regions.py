"""Joint regional actions: named region groups (长三角) and runs of one-character region names (苏浙皖赣沪)."""

from __future__ import annotations

import re

from qmkg.extract.model import RegionalAction
from qmkg.vocab.lexicon import Lexicon


class RegionFinder:
    """Finds joint regional actions with the lexicon's region groups and one-character names."""

    def __init__(self, lex: Lexicon):
        self.abbrev = {ch: ref.name for ref in lex.organisers for ch in ref.abbrev_chars}
        self.groups = sorted(lex.region_groups, key=lambda g: -len(g.name))

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
