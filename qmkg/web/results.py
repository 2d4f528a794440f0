"""Answers of the endpoint as bytes: SELECT and ASK results in the four SPARQL results formats,
graphs through pyoxigraph's writers.

JSON, CSV and TSV of SELECT rows come from :mod:`qmkg.query.formats`; the XML results format
(which that module does not write) is here.

>>> from qmkg.core.terms import Term
>>> print(to_xml(("s",), [(Term.literal("<b>&", lang="zh"),)]).decode())
<?xml version="1.0" encoding="utf-8"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
<head><variable name="s"/></head>
<results>
<result><binding name="s"><literal xml:lang="zh">&lt;b&gt;&amp;</literal></binding></result>
</results>
</sparql>
<BLANKLINE>
>>> boolean(True, "csv")
b'_askResult\\r\\ntrue\\r\\n'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html import escape

from qmkg.core.namespaces import PREFIXES
from qmkg.core.terms import Term
from qmkg.query import formats

_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def quoteattr(value: str) -> str:
    return '"' + escape(value, quote=True) + '"'


def _xml_term(t: Term) -> str:
    if t.type == "uri":
        return f"<uri>{escape(t.value, quote=False)}</uri>"
    if t.type == "bnode":
        return f"<bnode>{escape(t.value, quote=False)}</bnode>"
    attr = f" xml:lang={quoteattr(t.lang)}" if t.lang else f" datatype={quoteattr(t.datatype)}" if t.datatype else ""
    return f"<literal{attr}>{escape(t.value, quote=False)}</literal>"


def to_xml(columns: Sequence[str], rows: Iterable[Sequence[Term | None]]) -> bytes:
    """SPARQL Query Results XML Format."""
    out = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(c)}/>" for c in columns), "</head>\n<results>\n"]
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(c)}>{_xml_term(t)}</binding>"
                        for c, t in zip(columns, row) if t is not None)
        out.append(f"<result>{cells}</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def solutions(columns: Sequence[str], rows: Sequence[Sequence[Term | None]], fmt: str) -> bytes:
    """SELECT results in ``fmt`` (json, xml, csv or tsv)."""
    if fmt == "xml":
        return to_xml(columns, rows)
    return formats.render(tuple(columns), rows, fmt).encode("utf-8")


def boolean(value: bool, fmt: str) -> bytes:
    """An ASK result; CSV and TSV (which the standard leaves open) write one column ``_askResult``."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (_XML_HEAD + f"<head/>\n<boolean>{word}</boolean>\n</sparql>\n").encode()
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    return f"?_askResult\n{word}\n".encode()


def graph(triples: list, oxigraph_format: str) -> bytes:
    """pyoxigraph triples in an RDF format (the name of a ``pyoxigraph.RdfFormat`` attribute)."""
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, oxigraph_format)
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(triples, format=fmt)
