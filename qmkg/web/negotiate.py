"""Content negotiation with q-values, and the formats the endpoint speaks.

Results of SELECT and ASK go out as SPARQL Results JSON, XML, CSV or TSV; the graphs of CONSTRUCT
and DESCRIBE (and entity descriptions) as Turtle, N-Triples, JSON-LD or RDF/XML.

>>> choose("text/csv;q=0.5, application/sparql-results+json", RESULT_FORMATS).name
'json'
>>> choose("text/html", RESULT_FORMATS) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from qmkg.core.graphfile import GRAPH_FORMATS


@dataclass(frozen=True)
class Format:
    """A response format: short name, media type, other media types that ask for it, pyoxigraph's name."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    oxigraph: str = ""  # the attribute of pyoxigraph.RdfFormat, for graphs
    w3c: str = ""  # its name in http://www.w3.org/ns/formats/

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("json", "xml"))
        return self.media_type + ("; charset=utf-8" if text else "")


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",), w3c="SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), w3c="SPARQL_Results_XML"),
    Format("csv", "text/csv", w3c="SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", w3c="SPARQL_Results_TSV"),
)
_W3C = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD"}
# Turtle first: it is what a client that accepts anything gets; the file formats of qmkg come
# from the one table in core, RDF/XML is only ever an answer of the endpoint.
GRAPH_RESPONSE_FORMATS: tuple[Format, ...] = (
    *(Format(f.name, f.media_type, ("application/x-turtle",) if f.name == "ttl" else (), f.oxigraph, _W3C[f.name])
      for f in GRAPH_FORMATS.values()),
    Format("rdfxml", "application/rdf+xml", (), "RDF_XML", "RDF_XML"),
)
HTML = "text/html"


@dataclass(frozen=True, order=True)
class Preference:
    """One media range of an Accept header: higher ``q`` first, then the more specific range."""

    q: float
    specificity: int
    media_range: str


def parse_accept(header: str | None) -> list[Preference]:
    """The media ranges of an Accept header, best first; a malformed part is skipped, not an error.

    No header (or nothing usable in it) means ``*/*``.

    >>> [p.media_range for p in parse_accept("text/*;q=0.3, text/csv, */*;q=0.1, bad;q=x")]
    ['text/csv', 'text/*', '*/*']
    """
    prefs = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if media.count("/") != 1 or not all(media.split("/")):
            continue
        q = 1.0
        ok = True
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    ok = False
                if not 0 <= q <= 1:
                    ok = False
        if not ok:
            continue
        kind, sub = media.split("/")
        spec = 0 if kind == "*" else 1 if sub == "*" else 2
        prefs.append(Preference(q, spec, media))
    if not prefs:
        return [Preference(1.0, 0, "*/*")]
    return sorted(prefs, reverse=True)


def _matches(media_range: str, media_type: str) -> bool:
    if media_range == "*/*":
        return True
    kind, sub = media_range.split("/")
    return media_type.split("/")[0] == kind if sub == "*" else media_range == media_type


def quality(prefs: list[Preference], media_type: str) -> float:
    """The q-value the client gives ``media_type``: that of the most specific range matching it."""
    best = None
    for p in prefs:
        if _matches(p.media_range, media_type) and (best is None or p.specificity > best.specificity):
            best = p
    return best.q if best else 0.0


def choose(header: str | None, formats: tuple[Format, ...]) -> Format | None:
    """The format the client prefers among ``formats`` (ties go to the earlier one); None if none is acceptable."""
    prefs = parse_accept(header)
    best, best_q = None, 0.0
    for f in formats:
        q = max(quality(prefs, m) for m in (f.media_type, *f.aliases))
        if q > best_q:
            best, best_q = f, q
    return best


def wants_html(header: str | None) -> bool:
    """A browser: HTML named explicitly, and liked at least as much as anything else.

    >>> wants_html("text/html,application/xhtml+xml,*/*;q=0.8"), wants_html("*/*"), wants_html("text/turtle")
    (True, False, False)
    """
    prefs = parse_accept(header)
    q = max((p.q for p in prefs if p.media_range in (HTML, "application/xhtml+xml")), default=0.0)
    return q > 0 and q >= max(p.q for p in prefs)


def by_name(name: str, formats: tuple[Format, ...]) -> Format | None:
    return next((f for f in formats if f.name == name), None)


def pick(kind: str, accept: str | None, name: str | None = None) -> tuple[Format | None, str]:
    """The format of an answer of ``kind`` (``solutions``, ``boolean`` or ``graph``): the one named, else
    the client's choice by its Accept header; with the reason when none fits.

    >>> pick("graph", "text/csv")[1]
    'none of the accepted media types can be given for this query; offered: text/turtle, application/ld+json, application/n-triples, application/rdf+xml'
    >>> pick("boolean", None, "tsv")[0].media_type
    'text/tab-separated-values'
    """
    offered = GRAPH_RESPONSE_FORMATS if kind == "graph" else RESULT_FORMATS
    if name:
        fmt = by_name(name, offered)
        why = f"format {name!r} is not offered for this query; choose from {', '.join(f.name for f in offered)}"
        return fmt, "" if fmt else why
    fmt = choose(accept, offered)
    why = "none of the accepted media types can be given for this query; offered: " + ", ".join(f.media_type for f in offered)
    return fmt, "" if fmt else why
