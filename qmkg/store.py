"""Where queries run: the embedded pyoxigraph store, rdflib's own engine, or a remote SPARQL 1.1 endpoint.

All three take parameters as RDF terms and return :class:`Term` rows, so answers compare
across engines. Nothing here lets query text reach the network or the file system:
SERVICE, LOAD and FROM are refused before a query runs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

from .errors import InputError, QmkgError

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}
REMOTE_TIMEOUT = 30.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def _checked_iri(value: str) -> str:
    if not value or re.search(r'[\x00-\x20<>"{}|^`\\]', value):
        raise InputError(f"not a valid IRI: {value!r}")
    return value


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as the SPARQL 1.1 JSON results format describes it."""

    type: str  # uri | literal | bnode
    value: str
    lang: str = ""
    datatype: str = ""

    @staticmethod
    def iri(value: str) -> Term:
        return Term("uri", value)

    @staticmethod
    def literal(value: str, *, lang: str = "", datatype: str = "") -> Term:
        if datatype == XSD + "string" or lang:
            datatype = ""
        if datatype == XSD + "decimal":  # engines differ in lexical forms ("0.50", "0.5"): canonical
            try:
                d = Decimal(value)
                value = f"{d.to_integral()}.0" if d == d.to_integral() else format(d.normalize(), "f")
            except InvalidOperation:
                pass
        return Term("literal", value, lang.lower() if lang else "", datatype)

    def python(self):
        """The value as Python: int, float, Decimal, bool or str."""
        if self.type != "literal" or not self.datatype:
            return self.value
        try:
            if self.datatype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
                return int(self.value)
            if self.datatype == XSD + "decimal":
                return Decimal(self.value)
            if self.datatype in (XSD + "double", XSD + "float"):
                return float(self.value)
            if self.datatype == XSD + "boolean":
                return self.value in ("true", "1")
        except ValueError:
            pass
        return self.value

    def n3(self) -> str:
        """The term in N-Triples syntax, escaped: safe inside a VALUES block.

        >>> print(Term.literal('a"b\\n', lang="zh").n3())
        "a\\"b\\n"@zh
        >>> Term.literal("x", lang='en" } #').n3()
        Traceback (most recent call last):
        ...
        qmkg.errors.InputError: not a valid language tag: 'en" } #'
        """
        if self.type == "uri":
            return f"<{_checked_iri(self.value)}>"
        if self.type == "bnode":
            raise InputError("a blank node cannot be a parameter")
        if re.search("[\ud800-\udfff]", self.value):
            raise InputError(f"not valid text: {self.value!r}")
        esc = (self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
        if self.lang:
            if not _LANG_TAG.fullmatch(self.lang):
                raise InputError(f"not a valid language tag: {self.lang!r}")
            return f'"{esc}"@{self.lang}'
        if self.datatype:
            return f'"{esc}"^^<{_checked_iri(self.datatype)}>'
        return f'"{esc}"'

    def to_json(self) -> dict:
        out = {"type": self.type, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out


@dataclass(frozen=True)
class Solutions:
    """SELECT results: variables in order and rows of terms (None where unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]


# keywords, not variables (?from) or prefixed names (ex:load, from:x)
_FORBIDDEN = re.compile(r"(?<![\w?$:])(SERVICE|LOAD|FROM)(?![\w:])", re.IGNORECASE)
_UPDATE = re.compile(r"(?<![\w?$:])(INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w:])", re.IGNORECASE)


def _code_only(query: str) -> str:
    """The query with comments, strings and IRIs blanked, for keyword checks.

    Blanked text becomes spaces (newlines stay), so an offset in the result is the same
    offset in the query: :func:`bind_as_values` relies on it.

    >>> _code_only('SELECT * { ?s <http://x/> "a{b" } # {')
    'SELECT * { ?s             "   " }    '
    """
    out, i, n = [], 0, len(query)

    def blank(a: int, b: int) -> None:
        out.append("".join(c if c == "\n" else " " for c in query[a:b]))

    while i < n:
        ch = query[i]
        if ch == "#":
            j = query.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
            continue
        if ch == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", query[i:]):
            j = query.find(">", i) + 1
            out.append(" ")  # the IRI's brackets and text: one token, kept as spaces
            blank(i + 1, j)
            i = j
            continue
        if ch in "\"'":
            quote = query[i:i + 3] if query[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            j = min(n, j + len(quote))
            out.append('"')  # keep a mark so a string still separates keywords
            blank(i + 1, j - 1)
            if j - 1 > i:
                out.append('"')
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def check_query(query: str) -> None:
    """Refuse what could reach the network or the file system, and updates.

    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    qmkg.errors.InputError: refused: SERVICE is not allowed in a query here
    """
    code = _code_only(query)
    m = _FORBIDDEN.search(code)
    if m:
        raise InputError(f"refused: {m.group(1).upper()} is not allowed in a query here")
    m = _UPDATE.search(code)
    if m and not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code, re.IGNORECASE):
        raise InputError(f"refused: {m.group(1).upper()} (a SPARQL update) is not allowed here")


def _values_block(bindings: dict[str, Term]) -> str:
    if not bindings:
        return ""
    names = sorted(bindings)
    return "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(bindings[n].n3() for n in names) + ") }"


def _outer_group(code: str) -> int:
    """Offset just after the "{" that opens the outermost WHERE group (in comment-free code).

    The first "{" outside parentheses: a subquery's "WHERE {" comes later, and an
    ``(EXISTS { … } AS ?x)`` in the SELECT clause sits inside parentheses.
    """
    depth = 0
    for i, ch in enumerate(code):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "{" and depth == 0:
            return i + 1
    raise InputError("cannot bind parameters: the query has no WHERE clause")


def bind_as_values(query: str, bindings: dict[str, Term]) -> str:
    """Put bindings in a VALUES block at the start of the outermost WHERE group.

    Each value is written by :meth:`Term.n3`, which escapes literals and refuses IRIs and
    language tags that could end the term, so a value can change the answer but never the query.

    >>> print(bind_as_values('SELECT ?s { ?s ?p ?o }', {"o": Term.literal('x" } UNION { ?s ?p ?o')}))
    SELECT ?s {
      VALUES (?o) { ("x\\" } UNION { ?s ?p ?o") }
     ?s ?p ?o }
    """
    if not bindings:
        return query
    code = _code_only(query)
    if re.search(r"\b(CONSTRUCT|DESCRIBE)\b", code, re.I):
        raise InputError("parameters can only be bound in SELECT and ASK queries")
    at = _outer_group(code)
    return query[:at] + "\n  " + _values_block(bindings) + "\n" + query[at:]


class Engine(Protocol):
    """What the query layer needs of an engine."""

    name: str

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions: ...


# --- pyoxigraph -------------------------------------------------------------------------------

def _ox_term(t: Term):
    import pyoxigraph as ox

    if t.type == "uri":
        return ox.NamedNode(t.value)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    if t.datatype:
        return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype))
    return ox.Literal(t.value)


def _from_ox(x) -> Term | None:
    import pyoxigraph as ox

    if x is None:
        return None
    if isinstance(x, ox.NamedNode):
        return Term.iri(x.value)
    if isinstance(x, ox.BlankNode):
        return Term("bnode", x.value)
    return Term.literal(x.value, lang=x.language or "", datatype=x.datatype.value if x.datatype else "")


def graph_file(path: str | Path) -> tuple[Path, str]:
    """An existing graph file and its format (``ttl``, ``nt`` or ``jsonld``, from the suffix)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such graph file (run `qmkg build` first)")
    return p, {".nt": "nt", ".jsonld": "jsonld"}.get(p.suffix, "ttl")


def load_rdflib_graph(path: str | Path):
    """Parse a graph file with rdflib; an unreadable one is an :class:`InputError`."""
    from rdflib import Graph

    p, kind = graph_file(path)
    try:
        return Graph().parse(str(p), format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[kind])
    except Exception as e:  # rdflib raises many kinds of parse errors
        raise InputError(f"{p}: not a readable graph: {str(e).splitlines()[0][:200]}") from None


class OxigraphEngine:
    """The embedded engine: a pyoxigraph store in memory."""

    name = "oxigraph"

    def __init__(self, store):
        self.store = store

    @classmethod
    def from_file(cls, path: str | Path) -> OxigraphEngine:
        import pyoxigraph as ox

        p, kind = graph_file(path)
        fmt = {"nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "ttl": ox.RdfFormat.TURTLE}[kind]
        store = ox.Store()
        try:
            store.bulk_load(path=str(p), format=fmt)
        except (SyntaxError, ValueError, OSError) as e:
            raise InputError(f"{p}: not a readable graph: {e}") from None
        engine = cls(store)
        engine.ensure_entailments()
        return engine

    def ensure_entailments(self) -> None:
        """A graph built with ``--reason none`` is materialised here, so queries see narrower themes."""
        from .namespaces import QM

        if self.store.query(f'ASK {{ ?d <{QM.reasoning}> "none" }}'):
            from .reason import materialise_store

            materialise_store(self.store)

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions:
        import pyoxigraph as ox

        check_query(query)
        # Not ``substitutions=``: pyoxigraph follows SEP-0007 there and refuses a variable that is
        # not projected (``?lang`` never is). A VALUES block of escaped terms, as for a remote
        # endpoint, also gives the two engines the same semantics.
        query = bind_as_values(query, bindings or {})
        try:
            res = self.store.query(query)
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e}") from None
        if not isinstance(res, ox.QuerySolutions):
            raise InputError("only SELECT queries return rows")
        variables = tuple(v.value for v in res.variables)
        rows = tuple(tuple(_from_ox(sol[v]) for v in variables) for sol in res)
        return Solutions(variables, rows)


# --- rdflib's own engine ----------------------------------------------------------------------

class RdflibEngine:
    """rdflib's SPARQL engine: slower, kept to check answers and for the benchmark."""

    name = "rdflib"

    def __init__(self, graph):
        self.graph = graph

    @classmethod
    def from_file(cls, path: str | Path) -> RdflibEngine:
        from rdflib import Literal, URIRef

        from .namespaces import QM

        graph = load_rdflib_graph(path)
        if (None, URIRef(QM.reasoning), Literal("none")) in graph:
            # as the embedded engine does: a graph built with --reason none is materialised on load
            from .reason import materialise

            materialise(graph, "fast")
        return cls(graph)

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Solutions:
        from rdflib import BNode, Literal, URIRef, Variable

        check_query(query)

        def to_rdflib(t: Term):
            if t.type == "uri":
                return URIRef(t.value)
            return Literal(t.value, lang=t.lang or None, datatype=URIRef(t.datatype) if t.datatype else None)

        for t in (bindings or {}).values():
            t.n3()  # the same terms are refused here as by the engines that write them into the query
        init = {Variable(k): to_rdflib(v) for k, v in (bindings or {}).items()}
        res = self.graph.query(query, initBindings=init)
        variables = tuple(str(v) for v in res.vars)

        def conv(x):
            if x is None:
                return None
            if isinstance(x, URIRef):
                return Term.iri(str(x))
            if isinstance(x, BNode):
                return Term("bnode", str(x))
            return Term.literal(str(x), lang=x.language or "", datatype=str(x.datatype) if x.datatype else "")

        rows = tuple(tuple(conv(row[v]) for v in res.vars) for row in res)
        return Solutions(variables, rows)


# --- a remote SPARQL 1.1 endpoint -------------------------------------------------------------

def _remote_term(b: dict) -> Term:
    t = b["type"]
    if t == "uri":
        return Term.iri(b["value"])
    if t == "bnode":
        return Term("bnode", b["value"])
    return Term.literal(b["value"], lang=b.get("xml:lang", ""), datatype=b.get("datatype", ""))


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
            tuple(_remote_term(b[v]) if v in b else None for v in variables) for b in doc["results"]["bindings"]
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

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such graph file")
    if not re.match(r"^https?://", endpoint):
        raise InputError(f"endpoint must be an http(s) URL: {endpoint!r}")
    target = graph_iri
    sep = "&" if "?" in endpoint else "?"
    url = endpoint + sep + (urllib.parse.urlencode({"graph": target}) if target else "default")
    ctype = {".nt": "application/n-triples", ".jsonld": "application/ld+json"}.get(p.suffix, "text/turtle")
    req = urllib.request.Request(url, data=p.read_bytes(), method="PUT", headers={"Content-Type": ctype + "; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        raise QmkgError(f"{url}: HTTP {e.code}: {e.read(300).decode('utf-8', 'replace').strip()}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise QmkgError(f"{endpoint}: cannot reach the store: {getattr(e, 'reason', e)}") from None
