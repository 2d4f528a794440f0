"""Query results as text: W3C SPARQL 1.1 JSON, CSV and TSV, and a table aligned for CJK widths."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

from qmkg.core.terms import XSD, Term

FORMATS = ("table", "csv", "tsv", "json")


def to_json(columns, rows) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    bindings = [{c: t.to_json() for c, t in zip(columns, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": list(columns)}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def to_csv(columns, rows) -> str:
    """SPARQL 1.1 Query Results CSV Format: plain values, CRLF line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        w.writerow(["" if t is None else "_:" + t.value if t.type == "bnode" else t.value for t in row])
    return buf.getvalue()


# Turtle's bare forms: a value written bare must read back with the same datatype
_BARE = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "double": re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+"),
    XSD + "boolean": re.compile(r"true|false"),
}


def _tsv_term(t: Term | None) -> str:
    """A term as the TSV format writes it: Turtle syntax, numbers and booleans bare where Turtle allows.

    >>> _tsv_term(Term.literal("0.5", datatype=XSD + "double"))
    '"0.5"^^<http://www.w3.org/2001/XMLSchema#double>'
    >>> _tsv_term(Term.literal("5E-1", datatype=XSD + "double")), _tsv_term(Term("bnode", "b0"))
    ('5E-1', '_:b0')
    """
    if t is None:
        return ""
    if t.type == "literal" and t.datatype in _BARE and _BARE[t.datatype].fullmatch(t.value):
        return t.value
    if t.type == "bnode":
        return "_:" + t.value
    return t.n3()


def to_tsv(columns, rows) -> str:
    """SPARQL 1.1 Query Results TSV Format: terms in Turtle syntax."""
    lines = ["\t".join("?" + c for c in columns)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def width(text: str) -> int:
    """Display width: wide and full-width characters take two columns.

    >>> width("质量ab")
    6
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, n: int) -> str:
    return text + " " * (n - width(text))


def to_table(columns, rows, *, max_width: int = 60) -> str:
    def cell(t: Term | None) -> str:
        if t is None:
            return ""
        v = " ".join(t.value.split())
        while width(v) > max_width:
            v = v[:-2] + "…"
        return v

    cells = [[cell(t) for t in row] for row in rows]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out = [" ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip(),
           " ".join("-" * w for w in widths)]
    out += [" ".join(_pad(v, w) for v, w in zip(r, widths)).rstrip() for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(columns, rows, fmt: str) -> str:
    return {"json": to_json, "csv": to_csv, "tsv": to_tsv, "table": to_table}[fmt](columns, rows)
