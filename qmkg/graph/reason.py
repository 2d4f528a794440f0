"""Reasoning: the entailments the queries need.

``fast`` runs the rules in ``ontology/rules/*.ru`` (sub-properties, inverses, symmetry,
transitivity, two-step property chains, sub-classes) in pyoxigraph until nothing new appears.
``owlrl`` runs the full OWL 2 RL closure with owlrl and keeps only what is worth publishing.
Both give the same answers to the library queries (tests/test_graph_reason_modes.py checks it).
"""

from __future__ import annotations

from qmkg.core.namespaces import PREFIXES
from qmkg.core.terms import graph_to_store, store_to_graph
from qmkg.vocab.rules import apply_rules, apply_rules_to_graph

MODES = ("fast", "owlrl", "none")


_OWL, _RDFS, _RDF = PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["rdf"]
_REFLEXIVE = {_RDFS + "subClassOf", _RDFS + "subPropertyOf", _OWL + "equivalentClass", _OWL + "equivalentProperty"}


def _publishable(s, p, o) -> bool:
    """owlrl's closure minus what no one wants published: literal subjects, x sameAs x, owl:Thing …"""
    from rdflib import Literal, URIRef

    if not isinstance(s, URIRef) or str(p) in (_OWL + "sameAs", _OWL + "differentFrom"):
        return False
    if str(p) in _REFLEXIVE and s == o:
        return False
    if str(p) == _RDF + "type" and str(o).startswith((_OWL, _RDFS, _RDF)):
        return False
    return not (isinstance(o, Literal) and str(p) == _RDF + "type")


def materialise_owlrl(graph) -> int:
    """Full OWL 2 RL closure (owlrl), filtered; returns triples added."""
    import owlrl
    from rdflib import Graph

    work = Graph()
    for t in graph:
        work.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    new = sorted((t for t in work if t not in graph and _publishable(*t)), key=lambda t: tuple(map(str, t)))
    for t in new:
        graph.add(t)
    return len(new)


def materialise_in_store(store, mode: str = "fast") -> int:
    """Materialise entailments in a pyoxigraph store with ``mode``; return triples added."""
    if mode == "fast":
        return apply_rules(store)
    if mode == "owlrl":
        graph = store_to_graph(store, PREFIXES)
        added = materialise_owlrl(graph)
        store.clear()
        graph_to_store(graph, store)
        return added
    if mode == "none":
        return 0
    raise ValueError(f"unknown reasoning mode {mode!r}; choose from {', '.join(MODES)}")


def materialise(graph, mode: str = "fast") -> int:
    """Materialise entailments in ``graph`` with ``mode`` (fast, owlrl or none)."""
    if mode == "fast":
        return apply_rules_to_graph(graph)
    if mode == "owlrl":
        return materialise_owlrl(graph)
    if mode == "none":
        return 0
    raise ValueError(f"unknown reasoning mode {mode!r}; choose from {', '.join(MODES)}")
