"""Reasoning: the entailments the queries need.

``fast`` runs the rules in ``ontology/rules/*.ru`` (sub-properties, inverses, symmetry,
transitivity, two-step property chains, sub-classes) in pyoxigraph until nothing new appears.
``owlrl`` runs the full OWL 2 RL closure with owlrl and keeps only what is worth publishing.
Both give the same answers to the library queries (tests/test_reason.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .resources import ontology_dir

MODES = ("fast", "owlrl", "none")
_MAX_ROUNDS = 32


@dataclass(frozen=True)
class Rule:
    name: str
    update: str


@cache
def rules(folder: Path | None = None) -> tuple[Rule, ...]:
    """The materialisation rules, in file-name order.

    >>> [r.name for r in rules()][:2]
    ['10-subproperty', '20-transitive']
    """
    folder = folder or ontology_dir() / "rules"
    return tuple(Rule(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.ru")))


def materialise_store(store: ox.Store) -> int:
    """Apply the rules to the default graph of ``store`` until a fixpoint; return triples added."""
    before = len(store)
    size = before
    for _ in range(_MAX_ROUNDS):
        for rule in rules():
            store.update(rule.update)
        if len(store) == size:
            break
        size = len(store)
    return len(store) - before


# --- between rdflib and pyoxigraph ------------------------------------------------------------

def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    return _converter()(term)


@cache
def _converter():
    from rdflib import BNode, Literal, URIRef

    def convert(term):
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        raise TypeError(term)

    return convert


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(dt))


def _memoised(convert):
    """``convert`` remembering its answers: the same IRIs recur thousands of times in a graph."""
    memo: dict = {}

    def term(t):
        x = memo.get(t)
        if x is None:
            x = memo[t] = convert(t)
        return x

    return term


def graph_to_store(graph, store: ox.Store | None = None) -> ox.Store:
    """Copy an rdflib graph (or any iterable of rdflib triples) into the default graph of a (new) store."""
    store = store if store is not None else ox.Store()
    term, default = _memoised(_converter()), ox.DefaultGraph()
    store.extend(ox.Quad(term(s), term(p), term(o), default) for s, p, o in graph)
    return store


def store_to_graph(store: ox.Store):
    """Copy the default graph of a pyoxigraph store into a new rdflib graph."""
    from rdflib import Graph

    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)
    term = _memoised(to_rdflib)
    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g


def materialise_fast(graph) -> int:
    """Add the fast entailments to an rdflib graph, in a fixed order; return how many."""
    store = graph_to_store(graph)
    asserted = {(q.subject, q.predicate, q.object) for q in store}
    materialise_store(store)
    new = sorted(
        ((q.subject, q.predicate, q.object) for q in store if (q.subject, q.predicate, q.object) not in asserted),
        key=lambda t: (str(t[0]), str(t[1]), str(t[2])),
    )
    for s, p, o in new:
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return len(new)


_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
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


def materialise_in_store(store: ox.Store, mode: str = "fast") -> int:
    """Materialise entailments in a pyoxigraph store with ``mode``; return triples added."""
    if mode == "fast":
        return materialise_store(store)
    if mode == "owlrl":
        graph = store_to_graph(store)
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
        return materialise_fast(graph)
    if mode == "owlrl":
        return materialise_owlrl(graph)
    if mode == "none":
        return 0
    raise ValueError(f"unknown reasoning mode {mode!r}; choose from {', '.join(MODES)}")
