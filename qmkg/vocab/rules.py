"""The fast entailment rules: SPARQL Update files in ``ontology/rules/``, applied to a fixpoint.

They are vocabulary (what the ontology's axioms mean for the data), so every stage that holds
a graph can apply them: the build's reasoner and a query engine that loads a graph built with
``--reason none``.

>>> [r.name for r in rules()][:2]
['10-subproperty', '20-transitive']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qmkg.core.resources import ontology_dir

_MAX_ROUNDS = 32


@dataclass(frozen=True)
class Rule:
    """One materialisation rule: its file stem and its SPARQL Update text."""

    name: str
    update: str


@cache
def rules(folder: Path | None = None) -> tuple[Rule, ...]:
    """The materialisation rules, in file-name order."""
    folder = folder or ontology_dir() / "rules"
    return tuple(Rule(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.ru")))


def apply_rules(store) -> int:
    """Apply the rules to the default graph of a pyoxigraph ``store`` until a fixpoint; return triples added."""
    before = len(store)
    size = before
    for _ in range(_MAX_ROUNDS):
        for rule in rules():
            store.update(rule.update)
        if len(store) == size:
            break
        size = len(store)
    return len(store) - before


def apply_rules_to_graph(graph) -> int:
    """Add the rules' entailments to an rdflib graph, in a fixed order; return how many."""
    from qmkg.core.terms import graph_to_store, ox_to_rdflib

    store = graph_to_store(graph)
    asserted = {(q.subject, q.predicate, q.object) for q in store}
    apply_rules(store)
    new = sorted(
        ((q.subject, q.predicate, q.object) for q in store if (q.subject, q.predicate, q.object) not in asserted),
        key=lambda t: (str(t[0]), str(t[1]), str(t[2])),
    )
    for s, p, o in new:
        graph.add((ox_to_rdflib(s), ox_to_rdflib(p), ox_to_rdflib(o)))
    return len(new)
