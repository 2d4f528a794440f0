"""Segmentation: the activities of a sentence, as clauses and coordinated events.

Framing clauses (以…为契机, 结合…) join the clause after them, purpose clauses (提升…, 推动…) the
clause before; "举办A、B" gives two activities when A and B are both events.
"""

from __future__ import annotations

from qmkg.ingest.notice import OPENING_BRACKETS, Sentence
from qmkg.vocab.lexicon import Lexicon
from qmkg.vocab.thesaurus import Thesaurus

_CLAUSE_END = "，"


def depth0_splits(text: str, start: int, end: int, seps: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Split text[start:end] at separators outside quotes and brackets: [(start, end, following-sep)]."""
    out, depth, s, i = [], [], start, start
    seps = tuple(sorted(seps, key=len, reverse=True))
    while i < end:
        ch = text[i]
        if ch in OPENING_BRACKETS:
            depth.append(OPENING_BRACKETS[ch])
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


def kind_labels(thesaurus: Thesaurus) -> list[str]:
    """Every label of an activity-kind concept, longest first."""
    return sorted({lab for c in thesaurus.concepts if c.scheme.endswith("ActivityKindScheme") for lab in c.labels},
                  key=len, reverse=True)


class Segmenter:
    """Cuts a sentence into activity spans, with words from the lexicon's ``[clauses]``."""

    def __init__(self, lex: Lexicon, thesaurus: Thesaurus):
        self.verbs = sorted(lex.list("clauses", "action_verbs"), key=len, reverse=True)
        self.main_verbs = lex.list("clauses", "main_verbs")
        self.purpose = lex.list("clauses", "purpose_markers")
        self.framing = lex.list("clauses", "framing_markers")
        self.framing_endings = lex.list("clauses", "framing_endings")
        self.conjunctions = lex.list("clauses", "conjunctions")
        self.list_tails = sorted(lex.list("clauses", "list_tails"), key=len, reverse=True)
        self.kind_labels = kind_labels(thesaurus)

    def activities(self, text: str, sentence: Sentence) -> list[tuple[int, int, str]]:
        """Activity spans of a sentence: [(start, end, label)]."""
        return [span for cs, ce in self.clauses(text, sentence) for span in self.split_clause(text, cs, ce)]

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
        parts = [(s, e) for s, e, _ in depth0_splits(text, sentence.start, sentence.end, (_CLAUSE_END,))]
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
        parts = depth0_splits(text, v_end, e, self.conjunctions)
        if len(parts) < 2 or not all(self._is_event(text[a:b]) for a, b, _ in parts):
            return whole
        out = []
        for k, (a, b, _) in enumerate(parts):
            start = s if k == 0 else a
            label = text[start:b] if k == 0 else verb + text[a:b]
            out.append((start, b, label))
        return out
