"""All-pairs questions answered in Python from a compact SPARQL result.

A query file whose header says ``# compute: NAME`` selects a small table (which organiser has
which theme, with its label); :data:`COMPUTED` turns those rows into the answer. Joining
activity × activity through every theme inside SPARQL grows with the square of the activities
(77 s at S=100); the compact rows grow with organisers × themes, and the pairs are counted
here with sets (PERFORMANCE-NOTES). The answers are the same, to the decimal and the order,
as the SPARQL versions (tests/test_query_similarity.py runs both).

>>> from qmkg.core.terms import Term
>>> a, b, c = (Term.iri(f"http://x/{k}") for k in "abc")
>>> t1, t2, t3 = (Term.iri(f"http://x/t{k}") for k in "123")
>>> rows = [(a, Term.literal("A"), t1), (a, Term.literal("A"), t2), (b, Term.literal("B"), t1),
...         (c, Term.literal("C"), t3)]
>>> [(r[0].value, r[2].value, r[4].value, r[5].value) for r in jaccard_pairs(("organiser", "organiserLabel", "theme"), rows)]
[('http://x/a', 'http://x/b', '1', '0.5')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from qmkg.core.terms import XSD, Term

Row = tuple[Term | None, ...]


@dataclass(frozen=True)
class Computation:
    """A Python step after a compact query: the variables it reads, the columns it gives."""

    inputs: tuple[str, ...]
    columns: tuple[str, ...]
    run: Callable[[Sequence[str], Sequence[Row]], list[Row]]


@cache
def _milli_jaccard(shared: int, union: int) -> int:
    """``ROUND(1000 * shared / union)`` as SPARQL computes it (round half up), exactly, in integers.

    >>> _milli_jaccard(1, 16), _milli_jaccard(1, 3), _milli_jaccard(2, 3)
    (63, 333, 667)
    """
    return (2000 * shared + union) // (2 * union)


@cache
def _decimal(milli: int) -> Term:
    """``?milli / 1000`` as an xsd:decimal."""
    from decimal import Decimal  # not at import: `qmkg query` parses this module's table on every run

    return Term.literal(str(Decimal(milli) / 1000), datatype=XSD + "decimal")


@cache
def _integer(n: int) -> Term:
    return Term.literal(str(n), datatype=XSD + "integer")


def _text(t: Term | None) -> tuple:
    """An ORDER BY STR(?x) key: unbound sorts first."""
    return (0, "") if t is None else (1, t.value)


def _themes(variables: Sequence[str], rows: Sequence[Row], who: str, label: str):
    """organiser -> its themes, and organiser -> its label, from the compact rows."""
    i, li, ti = (variables.index(v) for v in (who, label, "theme"))
    themes: dict[Term, set[Term]] = defaultdict(set)
    labels: dict[Term, Term | None] = {}
    for r in rows:
        if r[i] is not None and r[ti] is not None:
            themes[r[i]].add(r[ti])
            labels[r[i]] = r[li]
    return themes, labels


def jaccard_pairs(variables: Sequence[str], rows: Sequence[Row]) -> list[Row]:
    """Every pair of organisers sharing a theme, ranked by the Jaccard similarity of their themes.

    Rows (organiser, organiserLabel, theme) in; (organiserA, organiserALabel, organiserB,
    organiserBLabel, shared, jaccard) out, organiserA's IRI before organiserB's, in the order of
    the SPARQL version: jaccard and shared descending, then labels and IRIs. Theme sets are bit
    masks, so a pair costs one AND and a bit count.
    """
    themes, labels = _themes(variables, rows, "organiser", "organiserLabel")
    bit = {t: 1 << i for i, t in enumerate(sorted({t for ts in themes.values() for t in ts}))}
    orgs = sorted(themes, key=lambda o: o.value)  # index order is IRI order
    masks = [sum(bit[t] for t in themes[o]) for o in orgs]
    sizes = [len(themes[o]) for o in orgs]
    labs = [labels[o] for o in orgs]
    # the sort key packed in one integer: jaccard and shared descending, label ranks, IRI ranks
    by_label = sorted(range(len(orgs)), key=lambda i: _text(labs[i]))
    rank = [0] * len(orgs)
    for r, i in enumerate(by_label):
        rank[i] = r if r == 0 or _text(labs[i]) != _text(labs[by_label[r - 1]]) else rank[by_label[r - 1]]
    m = len(orgs) + 1
    most = max(sizes, default=0) + 1
    keys = []
    for i in range(len(orgs)):
        ma, na, ri = masks[i], sizes[i], rank[i]
        for k in range(i + 1, len(orgs)):
            n = (ma & masks[k]).bit_count()
            if n:
                j = _milli_jaccard(n, na + sizes[k] - n)
                keys.append(((((1000 - j) * most + most - n) * m + ri) * m + rank[k]) * m * m + i * m + k)
    keys.sort()
    out = []
    for key in keys:
        key, k = divmod(key, m)
        key, i = divmod(key, m)
        inverse_j, inverse_n = divmod(key // (m * m), most)  # below them: the two label ranks
        n, j = most - inverse_n, 1000 - inverse_j
        out.append((orgs[i], labs[i], orgs[k], labs[k], _integer(n), _decimal(j)))
    return out


COMPUTED: dict[str, Computation] = {
    "jaccard-pairs": Computation(("organiser", "organiserLabel", "theme"),
                                 ("organiserA", "organiserALabel", "organiserB", "organiserBLabel", "shared", "jaccard"),
                                 jaccard_pairs),
}
