"""Partners: organisers an activity works with (配合, 会同, 与…共同), named after a cue word."""

from __future__ import annotations

import re

from qmkg.vocab.lexicon import Lexicon, OrganiserRef


class PartnerFinder:
    """Finds partner organisers after the lexicon's ``[cooperation]`` cue words."""

    def __init__(self, lex: Lexicon):
        self.before = sorted(lex.words["cooperation"]["before_partner"], key=len, reverse=True)
        self.after = tuple(lex.words["cooperation"]["after_partner"])

    def partners(self, text: str, organiser: OrganiserRef, names: dict[str, OrganiserRef]) -> list[OrganiserRef]:
        out = []
        for cue in self.before:
            for m in re.finditer(re.escape(cue), text):
                rest = text[m.end():]
                name = max((n for n in names if rest.startswith(n)), key=len, default=None)
                if not name or names[name] is organiser:
                    continue
                after = rest[len(name):]
                if cue in ("与", "同") and not after.startswith(self.after):
                    continue
                if names[name] not in out:
                    out.append(names[name])
        return out
