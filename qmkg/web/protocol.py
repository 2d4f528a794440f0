"""The SPARQL 1.1 Protocol at ``/sparql``: query by GET, by form POST and by direct POST.

A query is checked here (no SERVICE, LOAD, FROM or update: 403); a worker then parses it (400 with
the parser's message), negotiates the answer's format for its form (406 when none fits) and runs
it under the time, row and memory limits. A bare GET answers the Service Description.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response

from qmkg.core.errors import InputError
from qmkg.query.sparql import check_query
from qmkg.web import negotiate
from qmkg.web.negotiate import GRAPH_RESPONSE_FORMATS, RESULT_FORMATS
from qmkg.web.workers import Busy, Failed, Stopped

FORM = "application/x-www-form-urlencoded"


class HTTPError(Exception):
    """An answer that is an error: status and a plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def error_response(e: HTTPError) -> Response:
    return Response(e.message.rstrip("\n") + "\n", status_code=e.status, media_type="text/plain; charset=utf-8",
                    headers=e.headers)


async def read_body(request: Request, cap: int, seconds: float) -> bytes:
    """The request body, refused (413) past ``cap`` bytes and (408) when it comes too slowly."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise HTTPError(400, "bad Content-Length") from None
        if size > cap:
            raise HTTPError(413, f"the request is {size} bytes; the limit is {cap}")

    async def collect() -> bytes:
        chunks, total = [], 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > cap:
                raise HTTPError(413, f"the request is over the limit of {cap} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        return await asyncio.wait_for(collect(), seconds)
    except TimeoutError:
        raise HTTPError(408, f"the request body did not arrive within {seconds:g} s") from None


def _one(values: dict[str, list[str]], key: str) -> str | None:
    got = values.get(key, [])
    if len(got) > 1:
        raise HTTPError(400, f"give one {key!r}, not {len(got)}")
    return got[0] if got else None


async def query_of(request: Request) -> tuple[str | None, dict[str, list[str]]]:
    """The query text and the other protocol parameters of a request."""
    limits = request.app.state.config.limits
    cap = limits.max_request_bytes
    if len(request.url.query) > cap:
        raise HTTPError(413, f"the URL is over the limit of {cap} bytes")
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method in ("GET", "HEAD"):
        return _one(params, "query"), params
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request, cap, limits.request_seconds)
    if ctype == "application/sparql-update":
        raise HTTPError(403, "refused: this endpoint is read-only; SPARQL updates are not accepted")
    if ctype == "application/sparql-query":
        try:
            return body.decode("utf-8"), params
        except UnicodeDecodeError:
            raise HTTPError(400, "the query is not UTF-8 text") from None
    if ctype == FORM:
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise HTTPError(400, "the form is not UTF-8 text") from None
        if "update" in form:
            raise HTTPError(403, "refused: this endpoint is read-only; SPARQL updates are not accepted")
        return _one(form, "query"), {**params, **form}
    raise HTTPError(415, f"POST a query as {FORM} or application/sparql-query, not {ctype or 'no content type'!r}")


def _refusal(query: str) -> str:
    """Why a query is refused (SERVICE, LOAD, FROM, updates), or ""; short queries are remembered, as
    clients repeat them."""
    return _remembered_refusal(query) if len(query) <= 4096 else _refusal_of(query)


def _refusal_of(query: str) -> str:
    try:
        check_query(query)
    except InputError as e:
        return str(e)
    return ""


_remembered_refusal = lru_cache(maxsize=1024)(_refusal_of)


async def work(request: Request, task: str, *args):
    """Run a task in a worker; the limits' refusals become HTTP errors (503 with Retry-After)."""
    try:
        return await request.app.state.pool.run(task, *args)
    except (Busy, Stopped) as e:
        raise HTTPError(503, str(e), {"Retry-After": "1"}) from None
    except Failed as e:
        raise HTTPError(e.status, str(e)) from None


async def run_query(request: Request, query: str, params: dict[str, list[str]]) -> Response:
    for key in ("default-graph-uri", "named-graph-uri"):
        if key in params:
            raise HTTPError(403, f"refused: {key} is not allowed here; the endpoint has one default graph")
    refusal = _refusal(query)
    if refusal:
        raise HTTPError(403, refusal)
    # the worker parses the query (400), negotiates its format (406) and runs it
    reply = await work(request, "sparql", query, request.headers.get("accept"), _one(params, "format"),
                       request.app.state.config.limits.max_rows)
    headers = {"Vary": "Accept", "X-QMKG-Rows": str(reply.rows)}
    if reply.truncated:
        headers["X-QMKG-Truncated"] = f"true; the answer holds the first {reply.rows} rows (limit --max-rows)"
    return Response(reply.body, media_type=reply.content_type, headers=headers)


async def endpoint(request: Request) -> Response:
    """``/sparql``: a query by GET or POST, the Service Description or the query editor on a bare GET."""
    from qmkg.web import pages

    try:
        query, params = await query_of(request)
        if query is None:
            if request.method == "POST":
                raise HTTPError(400, "no query: send query= in the form, or the query as application/sparql-query")
            if negotiate.wants_html(request.headers.get("accept")):
                return await pages.editor(request)
            return await service_description(request)
        return await run_query(request, query, params)
    except HTTPError as e:
        return error_response(e)


async def service_description(request: Request) -> Response:
    """The SPARQL 1.1 Service Description (Turtle), with the VoID description of the default dataset."""
    limits = request.app.state.config.limits
    url = str(request.url.replace(query="", fragment=""))
    body = await work(request, "service", url, limits.timeout, limits.max_rows,
                      [f.w3c for f in RESULT_FORMATS + GRAPH_RESPONSE_FORMATS])
    return Response(body, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
