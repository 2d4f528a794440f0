"""Partners: organisers an activity works with (配合, 会同, 与…共同), named after a cue word.

A partner is any organiser the name grammar recognises, not only one of the reference list:
"会同省教育厅" gives 省教育厅 (scoped to the notice's issuer).

>>> from qmkg.vocab.lexicon import load_lexicon
>>> lex = load_lexicon()
>>> samr = lex.organiser("市场监管总局")
>>> [p.name for p in PartnerFinder(lex).partners("会同省教育厅开展质量教育", samr, dict(lex.by_name))]
['省教育厅']
"""

from __future__ import annotations

import re

from qmkg.ingest.organisers import OrganiserNames
from qmkg.vocab.lexicon import Lexicon, OrganiserRef


class PartnerFinder:
    """Finds partner organisers after the lexicon's ``[cooperation]`` cue words."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.before = sorted(lex.words["cooperation"]["before_partner"], key=len, reverse=True)
        self.after = tuple(lex.words["cooperation"]["after_partner"])
        self._grammars: dict[str, OrganiserNames] = {}

    def grammar(self, scope: str) -> OrganiserNames:
        if scope not in self._grammars:
            self._grammars[scope] = OrganiserNames(self.lex, scope=scope)
        return self._grammars[scope]

    def partners(self, text: str, organiser: OrganiserRef, names: dict[str, OrganiserRef]) -> list[OrganiserRef]:
        """Organisers named right after a cooperation cue in ``text``, other than ``organiser``."""
        out: list[OrganiserRef] = []
        grammar = self.grammar(organiser.scope)
        for cue in self.before:
            for m in re.finditer(re.escape(cue), text):
                rest = text[m.end():]
                name = max((n for n in names if rest.startswith(n)), key=len, default=None)
                ref = names[name] if name else None
                if ref is None:
                    found = grammar.grammar_at(text, m.end(), len(text), anywhere=True)
                    ref, name = (found.ref, found.ref.name) if found else (None, None)
                if ref is None or ref is organiser or ref.name == organiser.name:
                    continue
                after = rest[len(name):]
                if cue in ("与", "同") and not after.startswith(self.after):
                    continue
                if ref not in out:
                    out.append(ref)
        return out
