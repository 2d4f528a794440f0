"""The fast entailment rules: what the ontology's axioms mean for the data.

The rules are SPARQL Update files in ``ontology/rules/*.ru`` (sub-properties, transitivity,
two-step property chains, inverses, symmetry, sub-classes). :func:`apply_rules` gives their
entailments without re-running them over the whole store until nothing changes:

1. the small ontology's closure is computed once (``ontology/rules/schema/*.rq`` read the
   axioms the rules read): every property's super-properties, inverses and symmetric
   readings, composed, so that one pass over a statement gives everything that follows
   from it alone; every class's super-classes;
2. that pass runs over the data once; the rules with two premises (transitivity, chains)
   then run semi-naively: each round joins only the previous round's new statements
   (kept in a scratch named graph) with the store, until a round adds nothing.

It is the same closure as :func:`apply_rules_fixpoint`, the plain fixpoint of the ``.ru``
files, which tests and the benchmark keep as the oracle.

They are vocabulary, so every stage that holds a graph can apply them: the build's reasoner
and a query engine that loads a graph built with ``--reason none``.

>>> [r.name for r in rules()][:2]
['10-subproperty', '20-transitive']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qmkg.core.resources import ontology_dir

_MAX_ROUNDS = 32
_MAX_DELTA_ROUNDS = 10_000  # semi-naive rounds always end; this only guards against a bug
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# scratch graphs for the new statements of a round (read by the next round, then dropped)
_DELTA = ("<urn:qmkg:reasoning:delta:0>", "<urn:qmkg:reasoning:delta:1>")
_EARLY = "<urn:qmkg:reasoning:early>"


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


@cache
def _schema_query(name: str) -> str:
    return (ontology_dir() / "rules" / "schema" / f"{name}.rq").read_text(encoding="utf-8")


def apply_rules_fixpoint(store) -> int:
    """The ``.ru`` rules re-run over the whole store until a fixpoint (slow: the oracle of tests and bench)."""
    before = len(store)
    size = before
    for _ in range(_MAX_ROUNDS):
        for rule in rules():
            store.update(rule.update)
        if len(store) == size:
            break
        size = len(store)
    return len(store) - before


# --- the ontology's closure ------------------------------------------------------------------

@dataclass(frozen=True)
class Closure:
    """What one statement entails alone, and the two-premise rules, as N-Triples terms.

    ``forward[p]``: the properties ``q`` with ``s p o`` ⊢ ``s q o``, paired with whether that
    holds only when ``o`` is not a literal (the way there passes an inverse or a symmetry);
    ``backward[p]``: the ``q`` with ``s p o`` ⊢ ``o q s`` (``o`` not a literal);
    ``classes[c]``: the super-classes of ``c``; ``transitive``: the transitive properties;
    ``chains``: ``(r, p, q)`` with ``x p y . y q z`` ⊢ ``x r z``.
    """

    forward: dict[str, tuple[tuple[str, bool], ...]]
    backward: dict[str, tuple[str, ...]]
    classes: dict[str, tuple[str, ...]]
    transitive: tuple[str, ...]
    chains: tuple[tuple[str, str, str], ...]

    def premises(self) -> set[str]:
        """Properties whose statements some rule reads."""
        out = set(self.forward) | set(self.backward) | set(self.transitive)
        out |= {p for _, p, _ in self.chains} | {q for _, _, q in self.chains}
        if self.classes:
            out.add(_RDF_TYPE)
        return out


def _rows(store, name: str) -> list[tuple[str, ...]]:
    """The schema query's rows as N-Triples terms; rows with a blank node are left out (no VALUES for them)."""
    import pyoxigraph as ox

    res = store.query(_schema_query(name))
    names = [v.value for v in res.variables]
    rows = []
    for sol in res:
        terms = [sol[n] for n in names]
        if all(isinstance(t, ox.NamedNode) for t in terms):
            rows.append(tuple(str(t) for t in terms))
    return sorted(set(rows))


def _reach(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _oriented(start: str, sup: dict[str, set[str]], inv: dict[str, set[str]], sym: set[str]) -> set[tuple[str, bool]]:
    """(property, reversed) reachable from (start, False) through super-properties, inverses and symmetry."""
    seen, todo = set(), [(start, False)]
    while todo:
        p, rev = todo.pop()
        steps = [(q, rev) for q in sup.get(p, ())] + [(q, not rev) for q in inv.get(p, ())]
        if p in sym:
            steps.append((p, not rev))
        for step in steps:
            if step not in seen:
                seen.add(step)
                todo.append(step)
    return seen


def ontology_closure(store) -> Closure:
    """Read the axioms the rules use from ``store`` and compose them (small: the ontology's size)."""
    sup: dict[str, set[str]] = defaultdict(set)
    for p, q in _rows(store, "subproperty"):
        sup[p].add(q)
    inv: dict[str, set[str]] = defaultdict(set)
    for p, q in _rows(store, "inverse"):
        inv[p].add(q)
    sym = {p for (p,) in _rows(store, "symmetric")}
    forward, backward = {}, {}
    for p in sorted(set(sup) | set(inv) | sym):
        plain = _reach(p, sup)  # holds for literal objects too
        reached = _oriented(p, sup, inv, sym)
        fwd = [(q, q not in plain) for q, rev in reached if not rev and q != p]
        bwd = [q for q, rev in reached if rev]
        if fwd:
            forward[p] = tuple(sorted(fwd))
        if bwd:
            backward[p] = tuple(sorted(bwd))
    classes: dict[str, set[str]] = defaultdict(set)
    for c, s in _rows(store, "subclass"):
        classes[c].add(s)
    return Closure(forward, backward, {c: tuple(sorted(s)) for c, s in sorted(classes.items())},
                   tuple(p for (p,) in _rows(store, "transitive")), tuple(_rows(store, "chain")))


# --- one pass, then semi-naive rounds --------------------------------------------------------

def _insert(head: str, where: str, out: str | None) -> str:
    """INSERT ``head`` into the store; with ``out``, statements not in the store yet also into graph ``out``."""
    if out is None:
        return f"INSERT {{ {head} }} WHERE {{ {where} }}"
    return f"INSERT {{ {head} GRAPH {out} {{ {head} }} }} WHERE {{ {where} FILTER NOT EXISTS {{ {head} }} }}"


def _one_premise(c: Closure, src, route, order: list[str]) -> list[str]:
    """Updates applying what one statement entails alone, one property at a time (an index lookup each).

    ``route(q)`` is the scratch graph for new statements with property ``q`` that a later round
    must read, or None. A template triple with a literal subject is not inserted (SPARQL 1.1
    Update): that is the rules' ``FILTER(!isLiteral(?o))`` for the reversed readings.
    ``order``: the properties with the fewest statements first, so that a property's statements
    derived here are mostly added after that property was read (reading them would add nothing).
    """
    updates = []
    for p in order:
        heads: dict[bool, list[str]] = {False: [], True: []}  # by: only when the object is not a literal
        readings = [(f"?s {q} ?o .", q, nonlit) for q, nonlit in c.forward.get(p, ())]
        readings += [(f"?o {q} ?s .", q, True) for q in c.backward.get(p, ())]
        for head, q, nonlit in readings:
            cond = " FILTER(!isLiteral(?o))" if nonlit else ""
            if route(q):
                updates.append(_insert(head, src(f"?s {p} ?o") + cond, route(q)))
            else:
                heads[nonlit].append(head)
        for nonlit, hs in heads.items():
            if hs:
                updates.append(_insert(" ".join(hs), src(f"?s {p} ?o") + (" FILTER(!isLiteral(?o))" if nonlit else ""),
                                       None))
    return updates


def _classes(c: Closure, src, route, order: list[str]) -> list[str]:
    out = route(_RDF_TYPE)
    updates = []
    for k in order:
        supers = c.classes[k]
        if out:
            updates += [_insert(f"?s {_RDF_TYPE} {s} .", src(f"?s {_RDF_TYPE} {k}"), out) for s in supers]
        else:
            updates.append(_insert(" ".join(f"?s {_RDF_TYPE} {s} ." for s in supers), src(f"?s {_RDF_TYPE} {k}"), None))
    return updates


def _transitive(c: Closure, src, route, first: bool) -> list[str]:
    """The whole closure of each transitive property (through the new statements after the first round)."""
    def where(p: str) -> str:
        return f"?x {p}+ ?z" if first else f"?x {p}* ?y . {src(f'?y {p} ?w')} ?w {p}* ?z"

    return [_insert(f"?x {p} ?z .", where(p) + " FILTER(?x != ?z)", route(p)) for p in c.transitive]


def _chains(c: Closure, src, route, first: bool) -> list[str]:
    """Two-step chains. When no other rule reads what a chain gives, its one-premise readings are
    inserted with it (its statements need no second round)."""
    def join(a: str, b: str) -> str:
        return f"{a} . {b}" if first else f"{{ {src(a)} {b} }} UNION {{ {a} {src(b)} }}"

    reread = _two_premise_reads(c) | ({_RDF_TYPE} if c.classes else set())
    updates = []
    for r, p, q in c.chains:
        fwd, bwd = c.forward.get(r, ()), c.backward.get(r, ())
        if any(nonlit for _, nonlit in fwd) or {r, *(f for f, _ in fwd), *bwd} & reread:
            updates.append(_insert(f"?x {r} ?z .", join(f"?x {p} ?y", f"?y {q} ?z"), route(r)))
        else:
            heads = [f"?x {r} ?z ."] + [f"?x {f} ?z ." for f, _ in fwd] + [f"?z {b} ?x ." for b in bwd]
            updates.append(_insert(" ".join(heads), join(f"?x {p} ?y", f"?y {q} ?z"), None))
    return updates


def _two_premise_reads(c: Closure) -> set[str]:
    return {*c.transitive, *(p for _, p, _ in c.chains), *(q for _, _, q in c.chains)}


def _round(c: Closure, sources: tuple[str, ...], early: str, out: str, counts: dict[str, int]) -> str:
    """One round as one SPARQL Update request: one-premise readings, classes, transitivity, chains.

    The first round (no ``sources``) reads the whole store, in that order, so each step sees
    what the steps before it added; what a step adds goes to a scratch graph only for the
    steps that have not seen it: the statements' own step has closed them already. In the first
    round, what transitivity adds is for the one-premise steps only (``early``): the chains
    come after it. Later rounds read the scratch graphs of the round before.
    """
    first = not sources
    one = set(c.forward) | set(c.backward)
    two = _two_premise_reads(c)
    typed = {_RDF_TYPE} if c.classes else set()

    def src(pattern: str, graphs=sources) -> str:
        if not graphs:
            return pattern
        return f"VALUES ?g {{ {' '.join(graphs)} }} GRAPH ?g {{ {pattern} }}"

    def to(wanted: set[str], graph: str | None = out):
        return lambda q: graph if q in wanted else None

    late = sources[-1:]  # the steps after the one-premise ones never read ``early``
    order = sorted(one | set(c.classes), key=lambda k: (counts.get(k, 0), k))
    chained = {*(p for _, p, _ in c.chains), *(q for _, _, q in c.chains)}
    # in the first round the steps after a step read everything it added; later, the next round reads it
    updates = _one_premise(c, src, to(set() if first else two | typed), [k for k in order if k in one])
    updates += _classes(c, src, to(one if first else one | two, early if first else out),
                        [k for k in order if k in c.classes])
    updates += _transitive(c, lambda x: src(x, late), to(one | typed | (set() if first else chained),
                                                          early if first else out), first)
    updates += _chains(c, lambda x: src(x, late), to(c.premises()), first)
    return " ;\n".join(updates)


def _counts(store, c: Closure) -> dict[str, int]:
    """How many statements each property and class the one-premise steps read has."""
    out: dict[str, int] = {}
    for keys, pattern in ((set(c.forward) | set(c.backward), "?s ?k ?o"), (set(c.classes), f"?s {_RDF_TYPE} ?k")):
        if keys:
            res = store.query(f"SELECT ?k (COUNT(*) AS ?n) WHERE {{ VALUES ?k {{ {' '.join(sorted(keys))} }} {pattern} }}"
                              " GROUP BY ?k")
            out.update((str(sol["k"]), int(sol["n"].value)) for sol in res)
    return out


def _rounds(store, c: Closure) -> None:
    """The first pass over the data, then rounds over the new statements until none is new."""
    sources: tuple[str, ...] = ()
    counts = _counts(store, c)
    for n in range(_MAX_DELTA_ROUNDS):
        out = _DELTA[n % 2]
        update = _round(c, sources, _EARLY, out, counts if n == 0 else {})
        if update:
            store.update(update)
        for g in sources:
            store.update(f"DROP SILENT GRAPH {g}")
        sources = tuple(g for g in ((_EARLY, out) if n == 0 else (out,))
                        if store.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"))
        if not sources:
            store.update(f"DROP SILENT GRAPH {_EARLY} ; DROP SILENT GRAPH {out}")
            return
    raise RuntimeError("reasoning did not reach a fixpoint")


def apply_rules(store) -> int:
    """Add the rules' entailments to the default graph of a pyoxigraph ``store``; return triples added.

    >>> import pyoxigraph as ox
    >>> from qmkg.vocab.tbox import tbox_triples
    >>> s = ox.Store()
    >>> s.extend(ox.Quad(t.subject, t.predicate, t.object) for t in tbox_triples())
    >>> qm = "https://example.org/qmkg/ontology#"
    >>> s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode(qm + "organiser"), ox.NamedNode("http://x/o")))
    >>> added = apply_rules(s)
    >>> ox.Quad(ox.NamedNode("http://x/o"), ox.NamedNode(qm + "organises"), ox.NamedNode("http://x/a")) in s
    True
    """
    before = len(store)
    closure = ontology_closure(store)
    while True:
        _rounds(store, closure)
        # a derived statement could be an axiom (rare): then close again with the new ontology
        again = ontology_closure(store)
        if again == closure:
            return len(store) - before
        closure = again


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
