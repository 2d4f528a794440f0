"""A remote SPARQL 1.1 Protocol endpoint, and the Graph Store Protocol push that feeds one."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import time
from pathlib import Path

from qmkg.core.errors import InputError, QmkgError
from qmkg.core.graphfile import GRAPH_FORMATS, graph_file
from qmkg.core.terms import Solutions, Term, from_ox
from qmkg.core.text import clip
from qmkg.query.engines import Answer
from qmkg.query.limits import LimitError, time_limit_error
from qmkg.query.sparql import bind_as_values, check_query, query_form, variable_order

REMOTE_TIMEOUT = 30.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_ACCEPT = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
           "construct": "application/n-triples", "describe": "application/n-triples"}


class RemoteEngine:
    """Any SPARQL 1.1 Protocol endpoint; parameters travel as escaped terms in a VALUES block.

    One deadline covers the whole request, from connecting to the last byte: an endpoint that
    answers slowly, or drips its answer a byte at a time, is given up at ``timeout`` seconds.
    """

    name = "remote"

    def __init__(self, endpoint: str, *, timeout: float = REMOTE_TIMEOUT):
        if not re.match(r"^https?://[^\s/]+", endpoint):
            raise InputError(f"endpoint must be an http(s) URL: {clip(endpoint)!r}")
        self.endpoint = endpoint
        self.timeout = timeout

    def answer(self, query: str, bindings: dict[str, Term] | None = None) -> Answer:
        import urllib.parse

        check_query(query)
        query = bind_as_values(query, bindings or {})
        form = query_form(query)
        body = urllib.parse.urlencode({"query": query}).encode()
        ctype, data = self._post(body, _ACCEPT[form])
        if form in ("construct", "describe"):
            return Answer("graph", triples=self._triples(ctype, data))
        try:
            doc = json.loads(data)
            if "boolean" in doc:
                return Answer("ask", boolean=bool(doc["boolean"]))
            variables = variable_order(query, tuple(doc["head"]["vars"]))
            rows = tuple(tuple(Term.from_json(b[v]) if v in b else None for v in variables)
                         for b in doc["results"]["bindings"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise QmkgError(f"{self.endpoint}: the answer is not SPARQL results JSON "
                            "(cut off, perhaps at the endpoint's own time limit)") from None
        return Answer("select", variables, rows=iter(rows))

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions:
        return self.answer(query, bindings).solutions()

    def _triples(self, ctype: str, data: bytes):
        import pyoxigraph as ox

        fmt = ox.RdfFormat.from_media_type(ctype.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
        try:
            triples = list(ox.parse(data, format=fmt))
        except (SyntaxError, ValueError):
            raise QmkgError(f"{self.endpoint}: the answer is not a readable graph "
                            "(cut off, perhaps at the endpoint's own time limit)") from None
        return iter([(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in triples])

    def _post(self, body: bytes, accept: str) -> tuple[str, bytes]:
        """POST a query; the content type and body of the answer, all within one deadline.

        Each read waits at most the time that is left, and a timer shuts the socket at the
        deadline, so a read that is blocked (headers dripping in) returns at once too.
        """
        import http.client
        import threading
        import urllib.parse

        url = urllib.parse.urlsplit(self.endpoint)
        make = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        deadline = time.monotonic() + self.timeout
        conn = make(url.hostname, url.port, timeout=self.timeout)
        expired, opened = threading.Event(), []

        def stop() -> None:
            expired.set()
            for sock in opened:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.timeout, stop)
        timer.daemon = True
        timer.start()
        try:
            conn.connect()
            opened.append(conn.sock)
            _left(conn.sock, deadline, expired, self.timeout)
            conn.request("POST", (url.path or "/") + (f"?{url.query}" if url.query else ""), body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
            resp = conn.getresponse()
            data = self._read(resp, opened[0], deadline, expired)
        except (OSError, http.client.HTTPException) as e:
            if expired.is_set() or time.monotonic() >= deadline:
                raise time_limit_error(self.timeout) from None
            raise QmkgError(f"{self.endpoint}: cannot reach the endpoint: {e}") from None
        finally:
            timer.cancel()
            conn.close()
        if not 200 <= resp.status < 300:
            raise QmkgError(self._http_error(resp.status, data))
        return resp.getheader("Content-Type", ""), data

    def _read(self, resp, sock, deadline: float, expired) -> bytes:
        """The body in chunks, each read given only the time that is left; error bodies are cut to 300 bytes."""
        if resp.status >= 300:
            _left(sock, deadline, expired, self.timeout)
            return resp.read(300)
        chunks, size = [], 0
        while True:
            _left(sock, deadline, expired, self.timeout)
            chunk = resp.read1(65536)
            if expired.is_set():
                raise time_limit_error(self.timeout)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise LimitError(f"{self.endpoint}: the answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB")

    def _http_error(self, status: int, data: bytes) -> str:
        text = " ".join(data.decode("utf-8", "replace").split())
        msg = f"{self.endpoint}: HTTP {status}: {clip(text, 200)}"
        if status in (400, 405, 415) and not re.search(r"/(query|sparql)/?$", self.endpoint):
            msg += ("; is this a Graph Store URL? give the query endpoint instead "
                    "(Oxigraph: http://HOST:7878/query, Fuseki: http://HOST:3030/DATASET/query)")
        return msg


def _left(sock, deadline: float, expired, timeout: float) -> None:
    """Give the socket's next read only the time left before the deadline (or stop: none is left)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0 or expired.is_set():
        raise time_limit_error(timeout)
    sock.settimeout(remaining)


def _authorise(req, credentials: tuple[str, str], timeout: float) -> None:
    """Add the Authorization header the store asks for, before the body is sent.

    A store answers an unauthorised PUT at once and closes the connection while the graph is still
    being sent (Virtuoso: a broken pipe), so a bodiless HEAD fetches the challenge first; the digest
    is computed by urllib's own handler for the PUT.
    """
    import base64
    import urllib.error
    import urllib.request

    probe = urllib.request.Request(req.full_url, method="HEAD")
    try:
        with urllib.request.urlopen(probe, timeout=timeout):
            return  # no login asked for
    except urllib.error.HTTPError as e:
        challenge = e.headers.get("WWW-Authenticate", "") if e.code == 401 else ""
    scheme, _, params = challenge.partition(" ")
    user, password = credentials
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, req.full_url, user, password)
        chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(params)))
        value = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(req, chal)
        if value:
            req.add_unredirected_header("Authorization", "Digest " + value)
    else:  # basic, or a store that asks only after the body: send basic credentials up front
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        req.add_unredirected_header("Authorization", "Basic " + token)


def push(path: str | Path, endpoint: str, *, graph_iri: str | None = None, timeout: float = 120.0,
         credentials: tuple[str, str] | None = None) -> int:
    """Upload a graph file to a SPARQL 1.1 Graph Store (HTTP PUT replaces the target graph).

    ``endpoint`` is the store's Graph Store Protocol URL (Oxigraph: ``http://host:7878/store``;
    Virtuoso: ``http://host:8890/sparql-graph-crud-auth``; Fuseki: ``http://host:3030/ds/data``).
    ``credentials`` (user, password) answer the store's HTTP digest or basic challenge (Virtuoso's
    is digest). A named graph is sent as ``graph`` (the protocol's name) and as ``graph-uri``
    (Virtuoso's). Returns the HTTP status.
    """
    import urllib.error
    import urllib.parse
    import urllib.request

    p, kind = graph_file(path)
    if not re.match(r"^https?://", endpoint):
        raise InputError(f"endpoint must be an http(s) URL: {endpoint!r}")
    sep = "&" if "?" in endpoint else "?"
    query = urllib.parse.urlencode({"graph": graph_iri, "graph-uri": graph_iri}) if graph_iri else "default"
    url = endpoint + sep + query
    ctype = GRAPH_FORMATS[kind].media_type
    req = urllib.request.Request(url, data=p.read_bytes(), method="PUT", headers={"Content-Type": ctype + "; charset=utf-8"})
    try:
        if credentials is not None:
            _authorise(req, credentials, timeout)
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        raise QmkgError(f"{endpoint}: HTTP {e.code}: {e.read(300).decode('utf-8', 'replace').strip()}") from None
    except (BrokenPipeError, ConnectionResetError):
        who = " (refused the login? check --user and the password)" if credentials else " (does it want --user?)"
        raise QmkgError(f"{endpoint}: the store closed the connection before the graph was sent{who}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise QmkgError(f"{endpoint}: cannot reach the store: {getattr(e, 'reason', e)}") from None
