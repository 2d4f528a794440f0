"""``qmkg validate``, ``qmkg export`` and ``qmkg push``: a built graph file checked, converted or uploaded."""

from __future__ import annotations

import argparse
import sys

from qmkg.cli.options import check_output, graph_path

_GRAPH_HELP = ("graph file (default: the qm-*.ttl `qmkg build` wrote here, else the bundled 2024 graph; "
               "stderr says which)")


def _load_rdflib(path: str | None):
    from qmkg.core.graphfile import load_rdflib_graph

    return load_rdflib_graph(graph_path(path))


def cmd_validate(a: argparse.Namespace) -> int:
    from qmkg.graph.validate import validate_dcat_ap, validate_graph

    report = (validate_dcat_ap if a.dcat_ap else validate_graph)(_load_rdflib(a.file))
    print(report.summary())
    return 0 if report.conforms else 1


def cmd_export(a: argparse.Namespace) -> int:
    from qmkg.core.fileio import write_atomic
    from qmkg.graph.serialise import serialise

    if a.output:
        check_output(a.output)
    data = serialise(_load_rdflib(a.graph), a.format)
    if a.output:
        write_atomic(a.output, data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_push(a: argparse.Namespace) -> int:
    from qmkg.cli.publish import password_for
    from qmkg.query.remote import push

    path = graph_path(a.graph)
    credentials = (a.user, password_for(a.user)) if a.user else None
    status = push(path, a.endpoint, graph_iri=a.graph_iri, credentials=credentials)
    print(f"pushed {path} to {a.endpoint} ({'graph ' + a.graph_iri if a.graph_iri else 'default graph'}): HTTP {status}")
    return 0


def register(sub) -> None:
    """Add ``qmkg validate``, ``export`` and ``push`` to the command's sub-parsers."""
    p = sub.add_parser("validate", help="check a graph against the SHACL shapes")
    p.add_argument("file", nargs="?", metavar="FILE", help=_GRAPH_HELP)
    p.add_argument("--dcat-ap", action="store_true", help="check the dataset description against DCAT-AP 3.0.1")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write the graph as Turtle, JSON-LD or N-Triples")
    p.add_argument("--graph", metavar="FILE", help=_GRAPH_HELP)
    p.add_argument("--format", choices=("ttl", "jsonld", "nt"), required=True,
                   help="Turtle, JSON-LD or N-Triples (sorted, byte-stable)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to a file instead of stdout")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("push", help="upload the graph to a SPARQL 1.1 Graph Store")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
    p.add_argument("--graph", metavar="FILE", help=_GRAPH_HELP)
    p.add_argument("--graph-iri", metavar="IRI", help="named graph to replace (default: the default graph)")
    p.add_argument("--user", help="log in as USER (HTTP basic or digest); password from $QMKG_PASSWORD or a prompt")
    p.set_defaults(func=cmd_push)
