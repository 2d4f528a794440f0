"""The ``qmkg`` command: parses arguments and calls the modules. Heavy imports stay inside commands,
so ``qmkg query`` never loads rdflib, networkx or pyvis."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qmkg import __version__
from qmkg.cli.network import add_network_parser
from qmkg.core.errors import InputError, QmkgError


def _warn(msg: str) -> None:
    print(f"qmkg: warning: {msg}", file=sys.stderr)


def _out(text: str, output: str | None) -> None:
    if output:
        from qmkg.core.fileio import write_atomic

        write_atomic(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)


# --- build, validate, stats, export ---------------------------------------------------------

def cmd_build(a: argparse.Namespace) -> int:
    from qmkg.core.resources import default_source
    from qmkg.pipeline import run_build

    sources = a.sources or [str(default_source())]
    report = run_build(sources, output=a.output, write=not a.check, reason=a.reason,
                       validate=a.validate, base=a.base, fmt=a.format, refuse_invalid=True)
    output = report.output
    if not a.quiet:
        for w in report.warnings:
            _warn(w)
    if report.conforms is False:
        print(report.validation, file=sys.stderr)
        raise QmkgError(f"the graph does not conform to the shapes; {output} not written")
    where = "checked (not written)" if a.check else f"wrote {output}"
    print(f"{where}: {report.organisers} organisers, {report.activities} activities, "
          f"{report.triples} triples, reasoning {a.reason}"
          + (", conforms to the shapes" if report.conforms else "")
          + f" ({sum(report.timings.values()):.2f} s)")
    return 0


def _load_rdflib(path: str | None):
    from qmkg.core.graphfile import load_rdflib_graph
    from qmkg.core.resources import default_graph

    return load_rdflib_graph(path or default_graph())


def cmd_validate(a: argparse.Namespace) -> int:
    from qmkg.graph.validate import validate_graph

    report = validate_graph(_load_rdflib(a.file))
    print(report.summary())
    return 0 if report.conforms else 1


def cmd_stats(a: argparse.Namespace) -> int:
    from qmkg.query.library import QueryService

    qs = QueryService.open(a.graph, endpoint=a.endpoint)
    res = qs.run("stats")
    counts = {k: (v if v is not None else 0) for k, v in res.records()[0].items()}
    if a.format == "json":
        print(json.dumps(counts, ensure_ascii=False, indent=1))
    else:
        w = max(len(k) for k in counts)
        print("\n".join(f"{k:<{w}}  {v:>8}" for k, v in counts.items()))
    return 0


def cmd_export(a: argparse.Namespace) -> int:
    from qmkg.core.fileio import write_atomic
    from qmkg.graph.serialise import serialise

    data = serialise(_load_rdflib(a.graph), a.format)
    if a.output:
        write_atomic(a.output, data)
    else:
        sys.stdout.buffer.write(data)
    return 0


# --- queries --------------------------------------------------------------------------------

def cmd_queries(a: argparse.Namespace) -> int:
    from qmkg.query.library import library

    for q in library().values():
        params = " ".join(f"{p.name}=<{p.type}>" for p in q.params)
        print(f"{q.name:<28} {q.title(a.lang)}" + (f"  [{params}]" if params else ""))
    return 0


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"--param needs key=value, not {pair!r}")
        out[key.strip()] = value
    return out


def cmd_query(a: argparse.Namespace) -> int:
    from qmkg.query.formats import render
    from qmkg.query.library import QueryService

    qs = QueryService.open(a.graph, endpoint=a.endpoint, engine=a.engine)
    res = qs.run(a.name, lang=a.lang, **_params(a.param))
    _out(render(res.columns, res.rows, a.format), a.output)
    return 0


def cmd_sparql(a: argparse.Namespace) -> int:
    from qmkg.query.formats import render
    from qmkg.query.library import QueryService

    text = a.query
    if text == "-":
        text = sys.stdin.read()
    elif Path(text).suffix in (".rq", ".sparql") or (len(text) < 4096 and "{" not in text and Path(text).is_file()):
        p = Path(text)
        if not p.is_file():
            raise InputError(f"{p}: no such query file")
        text = p.read_text(encoding="utf-8")
    qs = QueryService.open(a.graph, endpoint=a.endpoint, engine=a.engine)
    res = qs.sparql(text)
    _out(render(res.columns, res.rows, a.format), a.output)
    return 0


def cmd_push(a: argparse.Namespace) -> int:
    from qmkg.core.resources import default_graph
    from qmkg.query.remote import push

    path = a.graph or str(default_graph())
    status = push(path, a.endpoint, graph_iri=a.graph_iri)
    print(f"pushed {path} to {a.endpoint} ({'graph ' + a.graph_iri if a.graph_iri else 'default graph'}): HTTP {status}")
    return 0


# --- the parser -----------------------------------------------------------------------------

def _query_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--graph", help="a built graph file (default: the bundled 2024 graph)")
    src.add_argument("--endpoint", help="a SPARQL 1.1 query endpoint URL instead of a file")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of labels")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph", help=argparse.SUPPRESS)
    p.add_argument("-o", "--output", help="write to a file instead of stdout")


def parser() -> argparse.ArgumentParser:
    from qmkg.core.namespaces import DEFAULT_BASE

    ap = argparse.ArgumentParser(prog="qmkg", description="Knowledge graph of China's National Quality Month notices.")
    ap.add_argument("--version", action="version", version=f"qmkg {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build the graph of one or more notices")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="notice files or folders of them (default: the bundled 2024 notice)")
    p.add_argument("-o", "--output", help="output file (default: graph/qm-YEAR.ttl)")
    p.add_argument("--reason", choices=("fast", "owlrl", "none"), default="fast")
    p.add_argument("--validate", action="store_true", help="check the graph against ontology/shapes.ttl")
    p.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI of the data (default {DEFAULT_BASE})")
    p.add_argument("--format", choices=("ttl", "jsonld", "nt"), default="ttl")
    p.add_argument("--check", action="store_true", help="parse and build, write nothing")
    p.add_argument("-q", "--quiet", action="store_true", help="no warnings")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="check a graph against the SHACL shapes")
    p.add_argument("file", nargs="?", help="graph file (default: the bundled 2024 graph)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="counts of organisers, activities, themes …")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--graph")
    src.add_argument("--endpoint")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", help="write the graph as Turtle, JSON-LD or N-Triples")
    p.add_argument("--graph")
    p.add_argument("--format", choices=("ttl", "jsonld", "nt"), required=True)
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("queries", help="list the named queries")
    p.add_argument("--lang", choices=("zh", "en"), default="en")
    p.set_defaults(func=cmd_queries)

    p = sub.add_parser("query", help="run a named query")
    p.add_argument("name")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    _query_options(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("sparql", help="run an ad-hoc SPARQL SELECT query (text, file or - for stdin)")
    p.add_argument("query", metavar="QUERY-OR-FILE")
    _query_options(p)
    p.set_defaults(func=cmd_sparql)

    p = sub.add_parser("push", help="upload the graph to a SPARQL 1.1 Graph Store")
    p.add_argument("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
    p.add_argument("--graph", help="graph file (default: the bundled 2024 graph)")
    p.add_argument("--graph-iri", help="named graph to replace (default: the default graph)")
    p.set_defaults(func=cmd_push)

    # network: analysis and views (qmkg/network.py, qmkg/views.py, imported by the commands only)
    add_network_parser(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except QmkgError as e:
        print(f"qmkg: error: {e}", file=sys.stderr)
        return e.exit_status
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
