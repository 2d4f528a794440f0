"""The Starlette application: routes, the worker pool's life, one log line per request.

The tests (tests/test_web_app.py) drive it in-process with Starlette's test client.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from qmkg.core.namespaces import DEFAULT_BASE
from qmkg.web import pages, protocol
from qmkg.web.workers import Limits, WorkerPool, notice_folders

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("qmkg.web")


@dataclass(frozen=True)
class ServeConfig:
    """What ``qmkg serve`` was asked for: graph files, limits, the base of entity IRIs, notice folders."""

    graphs: tuple[str, ...]
    limits: Limits = field(default_factory=Limits)
    base: str = DEFAULT_BASE
    sources: tuple[str, ...] = ()  # folders holding the notice files (for the highlighted passages)

    def notice_folders(self) -> tuple[str, ...]:
        return notice_folders(self.graphs, self.sources)


def _printable(text: str) -> str:
    r"""A request target fit for one log line: control characters (a decoded ``%0A``) escaped.

    >>> _printable("/id/x\nforged line")
    '/id/x\\x0aforged line'
    """
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)


class RequestLog:
    """ASGI middleware writing one line per request: client, method, path, status, time, rows."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        seen: dict = {"status": 500, "rows": "", "truncated": ""}

        async def logged_send(message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                headers = dict(message.get("headers", []))
                seen["rows"] = headers.get(b"x-qmkg-rows", b"").decode()
                seen["truncated"] = headers.get(b"x-qmkg-truncated", b"").decode()
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        finally:
            client = scope.get("client") or ("-", 0)
            query = scope.get("query_string", b"")
            target = _printable(scope.get("path", "") + ("?" + query.decode("latin-1")[:120] if query else ""))
            extra = (f" rows={seen['rows']}" if seen["rows"] else "") + (" truncated" if seen["truncated"] else "")
            log.info('%s "%s %s" %s %.1f ms%s', client[0], scope.get("method", ""), target, seen["status"],
                     (time.perf_counter() - start) * 1000, extra)


def create_app(config: ServeConfig, *, pool: WorkerPool | None = None) -> Starlette:
    """The application over ``config.graphs``; its worker processes start and stop with the app.

    ``qmkg serve`` passes a pool whose workers it spawned first, so they load the graph while
    the server is still importing.
    """
    pool = pool or WorkerPool(config.graphs, limits=config.limits, folders=config.notice_folders())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    routes = [
        Route("/", pages.home),
        Route("/sparql", protocol.endpoint, methods=["GET", "POST"]),
        Route("/queries", pages.query_list),
        Route("/queries/{name}", pages.query_page),
        Route("/api/labels", pages.labels),
        Route("/id/{path:path}", pages.dereference),
        Route("/resource", pages.resource),
        Route("/network/{kind}", pages.network),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(RequestLog),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], expose_headers=["X-QMKG-Truncated", "X-QMKG-Rows"]),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers=pages.EXCEPTION_HANDLERS)
    app.state.config = config
    app.state.labels = {}  # the graph is read-only: what is computed from it once stays true
    app.state.examples = {}
    return app


def configure_logging() -> None:
    """Request lines on stderr, one each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
