"""Where queries run: the embedded pyoxigraph store or rdflib's own engine (remote endpoints: :mod:`.remote`).

All engines take parameters as RDF terms and give an :class:`Answer` of
:class:`~qmkg.core.terms.Term` values, read lazily, so answers compare across engines and a large
result can be written while it is read. Every query passes :func:`~qmkg.query.sparql.check_query` first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from qmkg.core.errors import InputError
from qmkg.core.graphfile import graph_file, load_rdflib_graph, ox_format
from qmkg.core.namespaces import QM
from qmkg.core.terms import XSD, Solutions, Term, from_ox, term_from_rdflib, term_to_rdflib
from qmkg.query.sparql import bind_as_values, check_query, variable_order

Row = tuple[Term | None, ...]
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True)
class Answer:
    """What a query gives, read lazily: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).

    ``rows`` and ``triples`` are iterators: read them once.

    >>> a = Answer("select", ("x",), rows=iter([(Term.iri("urn:a"),)]))
    >>> a.solutions().rows
    ((Term(type='uri', value='urn:a', lang='', datatype=''),),)
    """

    form: str  # select | ask | graph
    variables: tuple[str, ...] = ()
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))
    boolean: bool | None = None
    triples: Iterator[Triple] = field(default_factory=lambda: iter(()))

    def solutions(self) -> Solutions:
        """Every row, read now; a query that gives no rows is an :class:`InputError`."""
        if self.form != "select":
            raise InputError("only SELECT queries return rows")
        return Solutions(self.variables, tuple(self.rows))


class Engine(Protocol):
    """What the query layer needs of an engine."""

    name: str

    def answer(self, query: str, bindings: dict[str, Term] | None = None) -> Answer: ...

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions: ...


# --- the embedded store -----------------------------------------------------------------------

# datatypes whose values the store keeps as numbers or dates, losing the lexical form ("1.0E6" -> "1000000")
_NATIVE = {XSD + t for t in ("integer", "decimal", "double", "float", "boolean", "int", "long", "short", "byte",
                             "negativeInteger", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
                             "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "dateTime", "date",
                             "time", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "duration",
                             "dayTimeDuration", "yearMonthDuration", "dateTimeStamp")}


def _lexical_forms(path: Path, fmt: str) -> dict[Term, Term]:
    """Each literal as the store gives it back -> as the file wrote it, where the two differ and the file's is unique.

    Oxigraph stores numbers and dates as values, so ``"1.0E6"^^xsd:double`` comes back as
    ``"1000000"`` and ``"-3"^^xsd:negativeInteger`` as an ``xsd:integer``; answers should show
    the data as written.
    """
    import pyoxigraph as ox

    written = {t.object for t in ox.parse(path=str(path), format=ox_format(fmt))
               if isinstance(t.object, ox.Literal) and t.object.datatype.value in _NATIVE}
    if not written:
        return {}
    probe, p = ox.Store(), ox.NamedNode("urn:qmkg:value")
    literals = sorted(written, key=str)
    probe.extend(ox.Quad(ox.NamedNode(f"urn:qmkg:{i}"), p, lit, ox.DefaultGraph()) for i, lit in enumerate(literals))
    back: dict[Term, list[Term]] = {}
    for q in probe:
        original = literals[int(q.subject.value.rsplit(":", 1)[1])]
        back.setdefault(from_ox(q.object), []).append(from_ox(original))
    return {stored: forms[0] for stored, forms in back.items() if len(forms) == 1 and forms[0] != stored}


class OxigraphEngine:
    """The embedded engine: a pyoxigraph store in memory."""

    name = "oxigraph"

    def __init__(self, store, *, lexical: dict[Term, Term] | None = None):
        self.store = store
        self.lexical = lexical or {}

    @classmethod
    def from_file(cls, path: str | Path) -> OxigraphEngine:
        import pyoxigraph as ox

        p, kind = graph_file(path)
        store = ox.Store()
        try:
            store.bulk_load(path=str(p), format=ox_format(kind))
        except (SyntaxError, ValueError, OSError) as e:
            raise InputError(f"{p}: not a readable graph: {e}") from None
        # a graph qmkg built was written from a store: its literals are in the store's forms already
        built = store.query(f"ASK {{ ?d <{QM.reasoning}> ?r }}")
        engine = cls(store, lexical=None if built else _lexical_forms(p, kind))
        engine.ensure_entailments()
        return engine

    def ensure_entailments(self) -> None:
        """A graph built with ``--reason none`` is materialised here, so queries see narrower themes."""
        if self.store.query(f'ASK {{ ?d <{QM.reasoning}> "none" }}'):
            from qmkg.vocab.rules import apply_rules

            apply_rules(self.store)

    def _term(self, x) -> Term | None:
        t = from_ox(x)
        return self.lexical.get(t, t) if self.lexical and t is not None else t

    def answer(self, query: str, bindings: dict[str, Term] | None = None) -> Answer:
        import pyoxigraph as ox

        check_query(query)
        # Not ``substitutions=``: pyoxigraph follows SEP-0007 there and refuses a variable that is
        # not projected (``?lang`` never is). A VALUES block of escaped terms, as for a remote
        # endpoint, also gives the two engines the same semantics.
        query = bind_as_values(query, bindings or {})
        try:
            res = self.store.query(query)
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e}") from None
        if isinstance(res, ox.QueryBoolean):
            return Answer("ask", boolean=bool(res))
        term = self._term
        if isinstance(res, ox.QueryTriples):
            return Answer("graph", triples=((term(t.subject), term(t.predicate), term(t.object)) for t in res))
        variables = variable_order(query, tuple(v.value for v in res.variables))
        return Answer("select", variables, rows=(tuple(term(sol[v]) for v in variables) for sol in res))

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions:
        return self.answer(query, bindings).solutions()


# --- rdflib's own engine ----------------------------------------------------------------------

class RdflibEngine:
    """rdflib's SPARQL engine: slower, kept to check answers and for the benchmark."""

    name = "rdflib"

    def __init__(self, graph):
        self.graph = graph

    @classmethod
    def from_file(cls, path: str | Path) -> RdflibEngine:
        from rdflib import Literal, URIRef

        graph = load_rdflib_graph(path)
        if (None, URIRef(QM.reasoning), Literal("none")) in graph:
            # as the embedded engine does: a graph built with --reason none is materialised on load
            from qmkg.vocab.rules import apply_rules_to_graph

            apply_rules_to_graph(graph)
        return cls(graph)

    def answer(self, query: str, bindings: dict[str, Term] | None = None) -> Answer:
        from rdflib import Variable

        check_query(query)
        for t in (bindings or {}).values():
            t.n3()  # the same terms are refused here as by the engines that write them into the query
        init = {Variable(k): term_to_rdflib(v) for k, v in (bindings or {}).items()}
        res = self.graph.query(query, initBindings=init)
        if res.type == "ASK":
            return Answer("ask", boolean=bool(res.askAnswer))
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            return Answer("graph", triples=_rdflib_triples(res.graph))
        variables = variable_order(query, tuple(str(v) for v in res.vars))
        keys = [Variable(v) for v in variables]
        rows = (tuple(term_from_rdflib(row[k]) for k in keys) for row in res)
        return Answer("select", variables, rows=rows)

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions:
        return self.answer(query, bindings).solutions()


def _rdflib_triples(graph) -> Iterable[Triple]:
    return ((term_from_rdflib(s), term_from_rdflib(p), term_from_rdflib(o)) for s, p, o in graph)
