"""Small text helpers every stage uses: "did you mean" suggestions and the tail of an IRI."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(value: str, choices: Iterable[str], *, n: int = 3, cutoff: float | None = None) -> str:
    """``"; did you mean: a, b"`` with the choices closest to ``value`` (case-folded), or ``""``.

    A choice that contains ``value`` (or is contained in it) counts as close too. Nothing is
    offered when nothing is alike: an unrelated suggestion is worse than none. The default
    ``cutoff`` is 0.6 for Latin text and 0.5 for Chinese, where one character of two is a word.

    >>> did_you_mean("organiser-thme", ["organiser-theme", "campaign"])
    '; did you mean: organiser-theme'
    >>> did_you_mean("Metrolgy", ["metrology", "Metrology", "standards"])
    '; did you mean: Metrology'
    >>> did_you_mean("nope", ["SOEs", "open day", "NEVs"])
    ''
    >>> did_you_mean("计亮", ["计量", "认证"])
    '; did you mean: 计量'
    """
    if cutoff is None:
        cutoff = 0.6 if value.isascii() else 0.5
    folded: dict[str, str] = {}
    for choice in sorted(set(choices)):
        folded.setdefault(choice.casefold(), choice)
    v = value.casefold()
    close = [folded[f] for f in difflib.get_close_matches(v, list(folded), n=n, cutoff=cutoff)]
    if v:
        close += [c for f, c in folded.items() if c not in close and (v in f or (len(f) > 1 and f in v))]
    return f"; did you mean: {', '.join(close[:n])}" if close else ""


def iri_tail(iri: str) -> str:
    """The last segment of an IRI (after the last ``/`` or ``#``).

    >>> iri_tail("https://example.org/qmkg/theme/metrology"), iri_tail("https://example.org/qmkg/ontology#Activity")
    ('metrology', 'Activity')
    """
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def clip(value: str, limit: int = 80) -> str:
    """``value`` cut to ``limit`` characters with a note of its length, so an error never repeats a huge value.

    >>> clip("x" * 100, 20)
    'xxxxxxxxxxxxxxxxxxxx… (100 characters)'
    >>> clip("short")
    'short'
    """
    return value if len(value) <= limit else f"{value[:limit]}… ({len(value)} characters)"
