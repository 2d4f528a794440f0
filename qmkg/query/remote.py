"""A remote SPARQL 1.1 Protocol endpoint, and the Graph Store Protocol push that feeds one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from qmkg.core.errors import InputError, QmkgError
from qmkg.core.graphfile import GRAPH_FORMATS, graph_file
from qmkg.core.terms import Solutions, Term
from qmkg.query.sparql import bind_as_values, check_query

REMOTE_TIMEOUT = 30.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class RemoteEngine:
    """Any SPARQL 1.1 Protocol endpoint; parameters travel as escaped terms in a VALUES block."""

    name = "remote"

    def __init__(self, endpoint: str, *, timeout: float = REMOTE_TIMEOUT):
        if not re.match(r"^https?://", endpoint):
            raise InputError(f"endpoint must be an http(s) URL: {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions:
        import urllib.error
        import urllib.parse
        import urllib.request

        check_query(query)
        body = urllib.parse.urlencode({"query": bind_as_values(query, bindings or {})}).encode()
        req = urllib.request.Request(
            self.endpoint, data=body, method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/sparql-results+json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = resp.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as e:
            raise QmkgError(f"{self.endpoint}: HTTP {e.code}: {e.read(300).decode('utf-8', 'replace').strip()}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            raise QmkgError(f"{self.endpoint}: cannot reach the endpoint: {getattr(e, 'reason', e)}") from None
        if len(data) > MAX_RESPONSE_BYTES:
            raise QmkgError(f"{self.endpoint}: the answer is larger than {MAX_RESPONSE_BYTES} bytes")
        doc = json.loads(data)
        variables = tuple(doc["head"]["vars"])
        rows = tuple(
            tuple(Term.from_json(b[v]) if v in b else None for v in variables) for b in doc["results"]["bindings"]
        )
        return Solutions(variables, rows)


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
