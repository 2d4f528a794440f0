"""Segmentation: the activities of a sentence, one per distinct event or action, as a reader counts them.

A sentence is cut at its commas into clauses; a clause that only frames the next one (以…为契机,
结合…) joins it, and a clause that says what the one before it is for (提升…, 为…提供…) or what
its event does (召开…会，交流…，展示…) joins that one. Inside a clause, a main verb followed by a
list whose members are all events (“A”“B”活动, A大赛、B行动及C活动) gives one activity per member.
The words are the lexicon's ``[clauses]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from qmkg.ingest.notice import OPENING_BRACKETS, Sentence
from qmkg.vocab.lexicon import Lexicon
from qmkg.vocab.thesaurus import Thesaurus

_CLAUSE_END = "，"


def depth0_splits(text: str, start: int, end: int, seps: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Split text[start:end] at separators outside quotes and brackets: [(start, end, following-sep)].

    >>> t = "举办“A、B”和C"
    >>> [t[s:e] for s, e, _ in depth0_splits(t, 2, len(t), ("、", "和"))]
    ['“A、B”', 'C']
    """
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


def quote_chain(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] between quoted names that stand side by side (“A”“B”).

    >>> t = "组织“A周”“B日”活动"
    >>> [t[s:e] for s, e in quote_chain(t, 2, len(t))]
    ['“A周”', '“B日”活动']
    """
    out, s, depth = [], start, 0
    for i in range(start, end):
        ch = text[i]
        if ch == "“":
            if depth == 0 and i > s and text[i - 1] == "”":
                out.append((s, i))
                s = i
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
    out.append((s, end))
    return out


@dataclass
class _Clause:
    start: int
    end: int
    head: str  # the clause that holds its action (after any framing clause)


class Segmenter:
    """Cuts a sentence into activity spans, with words from the lexicon's ``[clauses]``.

    Like every recogniser it is built from the lexicon and the thesaurus; it reads the lexicon only.
    """

    def __init__(self, lex: Lexicon, thesaurus: Thesaurus):
        self.verbs = sorted(lex.list("clauses", "action_verbs"), key=len, reverse=True)
        self.main_verbs = lex.list("clauses", "main_verbs")
        self.purpose = lex.list("clauses", "purpose_markers")
        self.content = lex.list("clauses", "content_openers")
        self.publicity = lex.list("clauses", "publicity_openers")
        self.publicity_heads = lex.list("clauses", "publicity_heads")
        self.framing = lex.list("clauses", "framing_markers")
        self.framing_endings = lex.list("clauses", "framing_endings")
        self.levels = tuple(tuple(level) for level in lex.list("clauses", "conjunction_levels"))
        self.event_heads = tuple(sorted(lex.list("clauses", "event_heads"), key=len, reverse=True))
        self.list_tails = tuple(sorted(lex.list("clauses", "list_tails"), key=len, reverse=True))

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

    def _is_framing(self, body: str) -> bool:
        return body.endswith(self.framing_endings) or (
            body.startswith(self.framing) and not any(v in body[2:] for v in self.main_verbs)
        )

    def _joins(self, body: str, before: _Clause) -> bool:
        """Whether a clause says what the clause before it is for, or what its event does."""
        if body.startswith(self.purpose):
            return True
        head = self._strip_tail(before.head)
        if body.startswith(self.content) and head.endswith(self.event_heads):
            return True
        return body.startswith(self.publicity) and head.endswith(self.publicity_heads)

    def clauses(self, text: str, sentence: Sentence) -> list[tuple[int, int]]:
        """Clause spans of a sentence, with framing, purpose and content clauses joined to their neighbours."""
        parts = [(s, e) for s, e, _ in depth0_splits(text, sentence.start, sentence.end, (_CLAUSE_END,))]
        parts = [(s, e) for s, e in parts if text[s:e].strip()]
        merged: list[_Clause] = []
        pending: int | None = None
        for k, (s, e) in enumerate(parts):
            body = text[s:e]
            if pending is not None:
                s, pending = pending, None
            elif merged and self._joins(body, merged[-1]):
                merged[-1].end = e
                continue
            if self._is_framing(body) and k + 1 < len(parts):
                following = text[parts[k + 1][0]:parts[k + 1][1]]
                if merged and following.startswith(self.purpose):
                    merged[-1].end = e  # "以专家问诊等形式，助力…": how the activity before works
                else:
                    pending = s
                continue
            merged.append(_Clause(s, e, body))
        return [(c.start, c.end) for c in merged]

    def _strip_tail(self, phrase: str) -> str:
        for tail in self.list_tails:
            if phrase.endswith(tail) and len(phrase) > len(tail):
                return phrase[: -len(tail)]
        return phrase

    def _is_event(self, phrase: str) -> bool:
        """A list member that names an event: a quoted name, or a phrase ending in an event head."""
        for core in (phrase, self._strip_tail(phrase)):
            if core.endswith("”") and "“" in core:
                return True
            if any(core.endswith(h) and len(core) > len(h) for h in self.event_heads):
                return True
        return False

    def members(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The events listed in text[start:end], loosest reading first; [] if it is not a list of events."""
        for level in self.levels:
            parts = [q for a, b, _ in depth0_splits(text, start, end, level) for q in quote_chain(text, a, b)]
            if len(parts) >= 2 and all(self._is_event(text[a:b]) for a, b in parts):
                return parts
        return []

    def split_clause(self, text: str, s: int, e: int) -> list[tuple[int, int, str]]:
        """Activities in one clause: [(start, end, label)]. "举办A、B" gives two when A and B are events."""
        whole = [(s, e, text[s:e])]
        v_end = self._leading_verbs(text, s, e)
        verb = text[s:v_end]
        if v_end == s or not any(verb.endswith(m) for m in self.main_verbs):
            return whole
        # only the clause's own words list events; a joined purpose clause goes with the last one
        head_end = depth0_splits(text, v_end, e, (_CLAUSE_END,))[0][1]
        parts = self.members(text, v_end, head_end)
        if not parts:
            return whole
        out = []
        for k, (a, b) in enumerate(parts):
            start = s if k == 0 else a
            stop = e if k == len(parts) - 1 else b
            label = text[start:stop] if k == 0 else verb + text[a:stop]
            out.append((start, stop, label))
        return out
