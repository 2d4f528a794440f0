"""Where queries run: the embedded pyoxigraph store or rdflib's own engine (remote endpoints: :mod:`.remote`).

All engines take parameters as RDF terms and return :class:`~qmkg.core.terms.Term` rows, so
answers compare across engines. Every query passes :func:`~qmkg.query.sparql.check_query` first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from qmkg.core.errors import InputError
from qmkg.core.graphfile import graph_file, load_rdflib_graph, ox_format
from qmkg.core.namespaces import QM
from qmkg.core.terms import Solutions, Term, from_ox, term_from_rdflib, term_to_rdflib
from qmkg.query.sparql import bind_as_values, check_query


class Engine(Protocol):
    """What the query layer needs of an engine."""

    name: str

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions: ...


class OxigraphEngine:
    """The embedded engine: a pyoxigraph store in memory."""

    name = "oxigraph"

    def __init__(self, store):
        self.store = store

    @classmethod
    def from_file(cls, path: str | Path) -> OxigraphEngine:
        import pyoxigraph as ox

        p, kind = graph_file(path)
        fmt = ox_format(kind)
        store = ox.Store()
        try:
            store.bulk_load(path=str(p), format=fmt)
        except (SyntaxError, ValueError, OSError) as e:
            raise InputError(f"{p}: not a readable graph: {e}") from None
        engine = cls(store)
        engine.ensure_entailments()
        return engine

    def ensure_entailments(self) -> None:
        """A graph built with ``--reason none`` is materialised here, so queries see narrower themes."""
        if self.store.query(f'ASK {{ ?d <{QM.reasoning}> "none" }}'):
            from qmkg.vocab.rules import apply_rules

            apply_rules(self.store)

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions:
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
        if not isinstance(res, ox.QuerySolutions):
            raise InputError("only SELECT queries return rows")
        variables = tuple(v.value for v in res.variables)
        rows = tuple(tuple(from_ox(sol[v]) for v in variables) for sol in res)
        return Solutions(variables, rows)


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

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions:
        from rdflib import Variable

        check_query(query)
        for t in (bindings or {}).values():
            t.n3()  # the same terms are refused here as by the engines that write them into the query
        init = {Variable(k): term_to_rdflib(v) for k, v in (bindings or {}).items()}
        res = self.graph.query(query, initBindings=init)
        variables = tuple(str(v) for v in res.vars)
        rows = tuple(tuple(term_from_rdflib(row[v]) for v in res.vars) for row in res)
        return Solutions(variables, rows)
