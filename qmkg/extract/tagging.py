"""Tagging: the concepts of every scheme (themes, kinds, groups, sectors) whose labels a text contains."""

from __future__ import annotations

from qmkg.vocab.thesaurus import SCHEME_PROPERTY, Thesaurus


class Tagger:
    """Finds concepts of the thesaurus in text, one label matcher per scheme."""

    def __init__(self, thesaurus: Thesaurus):
        self.matchers = {scheme: thesaurus.matcher(scheme) for scheme in SCHEME_PROPERTY}

    def concepts(self, text: str) -> dict[str, tuple[str, ...]]:
        out = {}
        for scheme in SCHEME_PROPERTY:
            found = sorted({iri for _, _, iri in self.matchers[scheme].find(text)})
            out[scheme] = tuple(found)
        return out
