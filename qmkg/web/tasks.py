"""The work a worker process does: every query of the endpoint and the pages runs here, never in
the server process, so a worker can be killed at the time limit without harm to anyone else.

Each task is a function of the worker's :class:`State` and plain (picklable) arguments; it returns
plain data, or raises :class:`TaskError` with an HTTP status.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from qmkg.core.errors import InputError
from qmkg.core.terms import Term, from_ox
from qmkg.query.library import QueryService, library, parse_query_file
from qmkg.web import entities, negotiate, results

WEB_QUERIES = Path(__file__).resolve().parent / "queries"


class TaskError(Exception):
    """A task's answer is an HTTP error: ``status`` and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message

    def __reduce__(self):  # picklable with both arguments
        return (TaskError, (self.status, self.message))


@dataclass(frozen=True)
class Reply:
    """An answer of the endpoint: the body in its format, and how many rows (or triples) it holds."""

    body: bytes
    rows: int
    truncated: bool
    content_type: str


@dataclass(frozen=True)
class Table:
    """Rows of a named query for a page: terms by column."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool


@dataclass
class State:
    """What a worker holds: the loaded store, a query service over it, where notice texts are."""

    store: object
    qs: QueryService
    folders: tuple[Path, ...]
    cache: dict = field(default_factory=dict)


def load_state(graphs: tuple[str, ...], folders: tuple[str, ...]) -> State:
    """Load every graph file into one store (entailments of a ``--reason none`` graph added)."""
    import pyoxigraph as ox

    from qmkg.core.graphfile import graph_file, ox_format
    from qmkg.query.engines import OxigraphEngine

    store = ox.Store()
    for path in graphs:
        p, kind = graph_file(path)
        try:
            store.bulk_load(path=str(p), format=ox_format(kind))
        except (SyntaxError, ValueError, OSError) as e:
            raise InputError(f"{p}: not a readable graph: {e}") from None
    engine = OxigraphEngine(store)
    engine.ensure_entailments()
    library()  # a broken query header fails the start, not a request
    return State(store, QueryService(engine), tuple(Path(f) for f in folders))


# --- the endpoint ---------------------------------------------------------------------------

def _kind(res) -> str:
    import pyoxigraph as ox

    return "boolean" if isinstance(res, ox.QueryBoolean) else "graph" if isinstance(res, ox.QueryTriples) else "solutions"


def sparql(state: State, query: str, accept: str | None, fmt_name: str | None, max_rows: int) -> Reply:
    """Run a checked query and write its answer in the client's format (406 when none fits);
    rows (or triples) past ``max_rows`` are not read, only noted."""
    from qmkg.core.namespaces import PREFIXES

    try:
        res = state.store.query(query, prefixes=PREFIXES)
    except SyntaxError as e:
        raise TaskError(400, f"SPARQL syntax error: {e}") from None
    kind = _kind(res)
    fmt, why = negotiate.pick(kind, accept, fmt_name)
    if fmt is None:
        raise TaskError(406, why)
    if kind == "boolean":
        return Reply(results.boolean(bool(res), fmt.name), 1, False, fmt.content_type)
    if kind == "graph":
        triples = []
        for t in res:
            if len(triples) == max_rows:
                return Reply(results.graph(triples, fmt.oxigraph), len(triples), True, fmt.content_type)
            triples.append(t)
        return Reply(results.graph(triples, fmt.oxigraph), len(triples), False, fmt.content_type)
    variables = [v.value for v in res.variables]
    rows: list[tuple[Term | None, ...]] = []
    truncated = False
    for sol in res:
        if len(rows) == max_rows:
            truncated = True
            break
        rows.append(tuple(from_ox(sol[v]) for v in variables))
    return Reply(results.solutions(variables, rows, fmt.name), len(rows), truncated, fmt.content_type)


# --- the pages ------------------------------------------------------------------------------

def _capped(columns, rows, max_rows: int) -> Table:
    return Table(tuple(columns), tuple(rows[:max_rows]), len(rows) > max_rows)


def run_named(state: State, name: str, params: dict[str, str], lang: str, max_rows: int) -> Table:
    """A query of the library with its parameters (labels or IRIs)."""
    res = state.qs.run(name, lang=lang, **params)
    return _capped(res.columns, res.rows, max_rows)


@cache
def web_query(name: str):
    return parse_query_file(WEB_QUERIES / f"{name}.rq")


def run_web(state: State, name: str, lang: str, max_rows: int) -> Table:
    """One of the server's own queries (``qmkg/web/queries``), with ``?lang`` bound when it has one."""
    q = web_query(name)
    bindings = {"lang": Term.literal(lang)} if re.search(r"\?lang\b", q.sparql) else {}
    sol = state.qs.engine.select(q.sparql, bindings)
    idx = [sol.variables.index(c) for c in q.columns]
    return _capped(q.columns, [tuple(r[i] for i in idx) for r in sol.rows], max_rows)


def candidates(state: State, ptype: str) -> list[tuple[str, str]]:
    """The labels a parameter of type ``ptype`` can take, with their terms, for autocompletion."""
    if ptype == "text":
        return []
    seen: dict[str, str] = {}
    for term, lab, rank in state.qs.candidates(ptype):
        if rank == 1:
            seen.setdefault(lab, term.value)
    return sorted((lab, iri) for lab, iri in seen.items())


def entity(state: State, iri: str, lang: str) -> entities.Entity | None:
    return entities.describe_entity(state.store, iri, lang=lang, folders=state.folders)


def describe(state: State, iri: str, oxigraph_format: str) -> bytes | None:
    triples = entities.description(state.store, iri)
    return results.graph(triples, oxigraph_format) if triples else None


def ego(state: State, kind: str, iri: str) -> str:
    """The page of an organiser's or a theme's ego network in the organiser–theme projection."""
    from qmkg.network import projections
    from qmkg.network.views import render

    key = ("organiser-theme",)
    if key not in state.cache:
        state.cache[key] = projections.organiser_theme(state.qs)
    G = state.cache[key]
    try:
        H = projections.theme_ego(G, iri) if kind == "theme" else projections.organiser_ego(G, iri)
    except InputError as e:
        raise TaskError(404, str(e)) from None
    return render(H)


def examples(state: State, lang: str) -> list[dict[str, str]]:
    """Every library query as an editor tab: parameters bound to their examples, as ``qmkg query`` binds them."""
    from qmkg.query.sparql import bind_as_values

    out = []
    for q in library().values():
        bindings = {p.variable: state.qs.resolve(p.type, p.example, param=p.name) for p in q.params}
        if re.search(r"\?lang\b", q.sparql):
            bindings["lang"] = Term.literal(lang)
        out.append({"name": q.title(lang), "query": bind_as_values(q.sparql, bindings).lstrip()})
    return out


def service(state: State, endpoint: str, timeout: float, max_rows: int, formats: list[str]) -> bytes:
    """The Service Description in Turtle: the template filled in, plus each dataset's VoID description."""
    import pyoxigraph as ox

    from qmkg import __version__
    from qmkg.core.namespaces import PREFIXES, RDF, VOID
    from qmkg.web.templating import text_template

    datasets = sorted({q.subject.value for q in state.store.quads_for_pattern(None, ox.NamedNode(RDF.type),
                                                                           ox.NamedNode(VOID.Dataset))})
    ttl = text_template("service.ttl").render(
        endpoint=Term.iri(endpoint).n3(), datasets=[Term.iri(d).n3() for d in datasets], version=__version__,
        timeout=f"{timeout:g}", max_rows=max_rows, result_formats=formats)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE)]
    for d in datasets:
        triples += entities.description(state.store, d)
    prefixes = {**PREFIXES, **dict(re.findall(r"@prefix (\w+): <([^>]+)>", ttl))}
    return ox.serialize(sorted(set(triples), key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


TASKS: dict[str, Callable] = {
    "sparql": sparql, "named": run_named, "web": run_web, "candidates": candidates,
    "entity": entity, "describe": describe, "ego": ego, "service": service, "examples": examples,
}
