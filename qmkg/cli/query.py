"""``qmkg stats``, ``queries``, ``query`` and ``sparql``: questions to a graph file or an endpoint.

``query`` and ``sparql`` run in a child process under a time and a memory limit
(:mod:`qmkg.query.limits`) and write rows as they come. Nothing here imports rdflib, networkx,
pyvis, owlrl or pyshacl.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path

from qmkg.cli.options import add_source_options, check_output, check_positive, graph_path, warn
from qmkg.core.errors import InputError
from qmkg.core.text import clip
from qmkg.query.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Limits

ROW_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"--param needs key=value, not {clip(pair)!r}")
        out[key.strip()] = value
    return out


def _limits(a: argparse.Namespace) -> Limits:
    check_positive(a.timeout, "--timeout")
    check_positive(a.max_rows, "--max-rows")
    if a.max_memory < 256:
        raise InputError(f"--max-memory must be at least 256 (MB), not {a.max_memory}")
    return Limits(timeout=a.timeout, memory_mb=a.max_memory, max_rows=a.max_rows)


def _source(a: argparse.Namespace) -> Path | None:
    """The graph file, checked (None with --endpoint, whose URL is checked here too)."""
    if a.endpoint:
        from qmkg.query.remote import RemoteEngine

        RemoteEngine(a.endpoint)
        return None
    return graph_path(a.graph)


@contextmanager
def _output(path: str | None):
    """Where results go: a file written atomically, or stdout as it comes."""
    if path:
        from qmkg.core.fileio import atomic_output

        with atomic_output(path) as f:
            yield f
    else:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()


def _run(a: argparse.Namespace, ask) -> int:
    """Run ``ask(service)`` (which gives an Answer) in a limited child process and write the answer."""
    from qmkg.query.formats import write_answer
    from qmkg.query.limits import run_limited

    limits = _limits(a)
    if a.output:
        check_output(a.output)
    path = _source(a)

    def task(sink) -> list[str]:
        from qmkg.query.library import QueryService

        qs = QueryService.open(path, endpoint=a.endpoint, engine=a.engine, timeout=limits.timeout)
        return write_answer(ask(qs), a.format, sink, max_rows=limits.max_rows)

    with _output(a.output) as out:
        notes = run_limited(task, out, limits)
    for n in notes:
        warn(n)
    return 0


def cmd_query(a: argparse.Namespace) -> int:
    from qmkg.query.library import library

    params = _params(a.param)
    if a.name not in library():  # checked here too, so a typo needs no graph
        from qmkg.core.text import did_you_mean

        raise InputError(f"unknown query {clip(a.name)!r}{did_you_mean(a.name[:200], library())}")
    return _run(a, lambda qs: qs.stream(a.name, lang=a.lang, **params))


def _query_text(value: str) -> str:
    if value == "-":
        return sys.stdin.read()
    if Path(value).suffix in (".rq", ".sparql") or (len(value) < 4096 and "{" not in value and Path(value).is_file()):
        p = Path(value)
        if not p.is_file():
            raise InputError(f"{clip(value)}: no such query file")
        return p.read_text(encoding="utf-8")
    return value


def cmd_sparql(a: argparse.Namespace) -> int:
    from qmkg.query.formats import check_format
    from qmkg.query.sparql import check_query, query_form

    text = _query_text(a.query)
    check_query(text)
    form = query_form(text)
    check_format({"construct": "graph", "describe": "graph"}.get(form, form), a.format)
    return _run(a, lambda qs: qs.stream_sparql(text))


def cmd_stats(a: argparse.Namespace) -> int:
    from qmkg.query.library import QueryService

    qs = QueryService.open(_source(a), endpoint=a.endpoint)
    res = qs.run("stats")
    counts = {k: (v if v is not None else 0) for k, v in res.records()[0].items()}
    if a.format == "json":
        print(json.dumps(counts, ensure_ascii=False, indent=1))
    else:
        w = max(len(k) for k in counts)
        print("\n".join(f"{k:<{w}}  {v:>8}" for k, v in counts.items()))
    return 0


def cmd_queries(a: argparse.Namespace) -> int:
    from qmkg.query.library import library

    for q in library().values():
        params = " ".join(f"{p.name}=<{p.type}>" for p in q.params)
        print(f"{q.name:<28} {q.title(a.lang)}" + (f"  [{params}]" if params else ""))
    return 0


def _limit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"stop the query after this many seconds, connect to last row (default {DEFAULT_TIMEOUT:g})")
    p.add_argument("--max-memory", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                   help=f"memory the query process may take (default {DEFAULT_MEMORY_MB})")
    p.add_argument("--max-rows", type=int, default=None, metavar="N",
                   help="write at most N rows; stderr says when rows were left out (default: no cap)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to a file (atomically) instead of stdout")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph", help=argparse.SUPPRESS)


def register(sub) -> None:
    """Add ``qmkg stats``, ``queries``, ``query`` and ``sparql`` to the command's sub-parsers."""
    p = sub.add_parser("stats", help="counts of organisers, activities, themes …")
    add_source_options(p, lang=False, formats=("table", "json"), format_help="a table (default) or JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("queries", help="list the named queries")
    p.add_argument("--lang", choices=("zh", "en"), default="en", help="language of the titles (default en)")
    p.set_defaults(func=cmd_queries)

    p = sub.add_parser("query", help="run a named query (see `qmkg queries`)")
    p.add_argument("name", metavar="NAME", help="a query name from `qmkg queries`, e.g. organisers-by-theme")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter: a label (zh or en) or an IRI, e.g. theme=计量; repeat for more")
    add_source_options(p, formats=ROW_FORMATS, format_help="table (default), or W3C SPARQL results csv, tsv, json")
    _limit_options(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("sparql", help="run an ad-hoc SPARQL query: SELECT, ASK, CONSTRUCT or DESCRIBE")
    p.add_argument("query", metavar="QUERY-OR-FILE", help="the query text, a .rq file, or - for stdin")
    add_source_options(p, lang=False, formats=ROW_FORMATS + GRAPH_FORMATS,
                       format_help="SELECT and ASK: table (default), csv, tsv, json (W3C results formats); "
                                   "CONSTRUCT and DESCRIBE: ttl (default), nt, jsonld")
    _limit_options(p)
    p.set_defaults(func=cmd_sparql)
