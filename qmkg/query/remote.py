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


def push(path: str | Path, endpoint: str, *, graph_iri: str | None = None, timeout: float = 120.0) -> int:
    """Upload a graph file to a SPARQL 1.1 Graph Store (HTTP PUT replaces the target graph).

    ``endpoint`` is the store's Graph Store Protocol URL (Oxigraph: ``http://host:7878/store``;
    Fuseki: ``http://host:3030/ds/data``). Returns the HTTP status.
    """
    import urllib.error
    import urllib.parse
    import urllib.request

    p, kind = graph_file(path)
    if not re.match(r"^https?://", endpoint):
        raise InputError(f"endpoint must be an http(s) URL: {endpoint!r}")
    target = graph_iri
    sep = "&" if "?" in endpoint else "?"
    url = endpoint + sep + (urllib.parse.urlencode({"graph": target}) if target else "default")
    ctype = GRAPH_FORMATS[kind].media_type
    req = urllib.request.Request(url, data=p.read_bytes(), method="PUT", headers={"Content-Type": ctype + "; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        raise QmkgError(f"{url}: HTTP {e.code}: {e.read(300).decode('utf-8', 'replace').strip()}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise QmkgError(f"{endpoint}: cannot reach the store: {getattr(e, 'reason', e)}") from None
