"""Standards: 《…》 titles that name a standard (a hint word in the title, or 标准 right after it)."""

from __future__ import annotations

import re

from qmkg.vocab.lexicon import Lexicon


class StandardFinder:
    """Finds standards' titles with the lexicon's ``[standards]`` words.

    >>> from qmkg.vocab.lexicon import load_lexicon
    >>> StandardFinder(load_lexicon()).standards("宣贯《消费品质量安全规范》，解读《年度报告》")
    ['消费品质量安全规范']
    """

    def __init__(self, lex: Lexicon):
        words = lex.words["standards"]
        self.title = re.compile(re.escape(words["open"]) + "([^" + re.escape(words["close"]) + "]+)" + re.escape(words["close"]))
        self.hints = tuple(words["title_hints"])
        self.after_hint = words["after_hint"]
        self.window = int(words["after_window"])

    def standards(self, text: str) -> list[str]:
        """The standards' titles in ``text``, whitespace collapsed."""
        out = []
        for m in self.title.finditer(text):
            title, after = m.group(1), text[m.end():m.end() + self.window]
            if any(h in title for h in self.hints) or self.after_hint in after:
                out.append(" ".join(title.split()))
        return out
