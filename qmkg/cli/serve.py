"""``qmkg serve``: the SPARQL endpoint and the web app (Starlette on uvicorn).

Only argument parsing lives here; Starlette, uvicorn and the app are imported by the command.
"""

from __future__ import annotations

import argparse
import os

from qmkg.core.errors import InputError


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value

    return parse


def _check_free(host: str, port: int) -> None:
    """A port another process holds is a usage error now, not a traceback after the graph has loaded."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            raise InputError(f"cannot listen on {host}:{port}: {e.strerror}") from None


def cmd_serve(a: argparse.Namespace) -> int:
    from qmkg.core.graphfile import graph_file
    from qmkg.core.resources import default_graph
    from qmkg.web.workers import Limits, notice_folders

    graphs = tuple(a.graph or [str(default_graph())])
    for g in graphs:
        graph_file(g)  # a missing graph is a usage error before anything starts
    for folder in a.sources:
        if not os.path.isdir(folder):
            raise InputError(f"{folder}: no such folder of notices")
    if a.host not in ("127.0.0.1", "localhost", "::1") and not a.public:
        raise InputError(f"--host {a.host} would serve other machines; add --public if that is meant")
    _check_free(a.host, a.port)
    limits = Limits(timeout=a.timeout, max_rows=a.max_rows, workers=a.workers, queue=a.queue,
                    memory_mb=a.memory, max_request_bytes=a.max_request, request_seconds=a.request_timeout)

    from qmkg.web.workers import WorkerPool

    folders = notice_folders(graphs, tuple(a.sources))
    pool = WorkerPool(graphs, limits=limits, folders=folders)
    pool.spawn()  # the workers load the graph while the server imports

    import asyncio

    import uvicorn

    asyncio.run(pool.start())  # a graph that does not load is one line on stderr, before the port opens

    from qmkg.web.app import ServeConfig, configure_logging, create_app

    configure_logging()
    app = create_app(ServeConfig(graphs=graphs, limits=limits, base=a.base, sources=tuple(a.sources)), pool=pool)
    uvicorn.run(app, host=a.host, port=a.port, access_log=False, log_level="warning",
                timeout_keep_alive=5, timeout_graceful_shutdown=5)
    return 0


def register(sub) -> None:
    from qmkg.core.namespaces import DEFAULT_BASE

    p = sub.add_parser("serve", help="serve a SPARQL endpoint and the web app (read-only, with limits)")
    p.add_argument("--graph", action="append", help="a built graph file; repeat for more (default: the bundled 2024 graph)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--public", action="store_true", help="allow a --host other than this machine")
    p.add_argument("--timeout", type=_positive(float), default=10.0, help="seconds a query may run (default 10)")
    p.add_argument("--max-rows", type=_positive(int), default=10_000, help="rows an answer holds at most (default 10000)")
    p.add_argument("--workers", type=_positive(int), default=2, help="worker processes running queries (default 2)")
    p.add_argument("--queue", type=_positive(int), default=16, help="queries that may wait for a worker (default 16)")
    p.add_argument("--memory", type=_positive(int), default=1024, metavar="MB",
                   help="address space of a worker in MB; a query that needs more is stopped (default 1024)")
    p.add_argument("--max-request", type=_positive(int), default=256 * 1024, metavar="BYTES",
                   help="largest query, form or URL accepted (default 262144)")
    p.add_argument("--request-timeout", type=_positive(float), default=20.0, metavar="SECONDS",
                   help="seconds a client may take to send its request body (default 20)")
    p.add_argument("--base", default=DEFAULT_BASE, help=f"base of the entity IRIs served at /id/ (default {DEFAULT_BASE})")
    p.add_argument("--sources", action="append", default=[], metavar="FOLDER",
                   help="a folder of notice files, for the highlighted passages (default: beside the graph)")
    p.set_defaults(func=cmd_serve)
