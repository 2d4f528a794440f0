"""Query answers as text: W3C SPARQL 1.1 JSON, CSV and TSV, a table aligned for CJK widths, and RDF.

Rows are written as they are read (:func:`write_answer`), so a large result never waits to be
collected: only the table holds a bounded sample of rows, to size its columns. An ASK answer is
``true`` or ``false`` in every row format; a CONSTRUCT or DESCRIBE answer is a graph, written as
Turtle, N-Triples or JSON-LD.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from qmkg.core.errors import InputError
from qmkg.core.terms import XSD, Term
from qmkg.query.engines import Answer

ROW_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
FORMATS = ROW_FORMATS  # what :func:`render` takes
TABLE_SAMPLE = 1000  # rows the table reads before it fixes its column widths

Write = Callable[[str], object]
Rows = Iterable[tuple[Term | None, ...]]


# --- JSON -----------------------------------------------------------------------------------

def _json_rows(columns, rows: Rows, write: Write) -> None:
    write(json.dumps({"head": {"vars": list(columns)}}, ensure_ascii=False)[:-1] + ',\n "results": {"bindings": [')
    sep = "\n  "
    for row in rows:
        binding = {c: t.to_json() for c, t in zip(columns, row) if t is not None}
        write(sep + json.dumps(binding, ensure_ascii=False))
        sep = ",\n  "
    write("\n ]}}\n")


def to_json(columns, rows) -> str:
    """SPARQL 1.1 Query Results JSON Format.

    >>> json.loads(to_json(("x",), [(Term.iri("urn:a"),)]))["results"]["bindings"]
    [{'x': {'type': 'uri', 'value': 'urn:a'}}]
    """
    return _collect(_json_rows, columns, rows)


# --- CSV and TSV ----------------------------------------------------------------------------

def _csv_rows(columns, rows: Rows, write: Write) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        w.writerow(["" if t is None else "_:" + t.value if t.type == "bnode" else t.value for t in row])
        if buf.tell() > 65536:
            write(buf.getvalue())
            buf.seek(0)
            buf.truncate()
    write(buf.getvalue())


def to_csv(columns, rows) -> str:
    """SPARQL 1.1 Query Results CSV Format: plain values, CRLF line ends."""
    return _collect(_csv_rows, columns, rows)


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


def _tsv_rows(columns, rows: Rows, write: Write) -> None:
    write("\t".join("?" + c for c in columns) + "\n")
    for chunk in _chunks(rows, 1000):
        write("".join("\t".join(_tsv_term(t) for t in row) + "\n" for row in chunk))


def to_tsv(columns, rows) -> str:
    """SPARQL 1.1 Query Results TSV Format: terms in Turtle syntax."""
    return _collect(_tsv_rows, columns, rows)


# --- the table ------------------------------------------------------------------------------

def width(text: str) -> int:
    """Display width: wide and full-width characters take two columns.

    >>> width("质量ab")
    6
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, n: int) -> str:
    return text + " " * (n - width(text))


def _cell(t: Term | None, max_width: int) -> str:
    """A term as a table cell: whitespace folded, blank nodes as ``_:b0``, cut to ``max_width`` columns."""
    if t is None:
        return ""
    v = "_:" + t.value if t.type == "bnode" else " ".join(t.value.split())
    while width(v) > max_width:
        v = v[:-2] + "…"
    return v


def _table_rows(columns, rows: Rows, write: Write, *, max_width: int = 60) -> None:
    """Columns sized from the first :data:`TABLE_SAMPLE` rows; later rows are cut to those widths."""
    rows = iter(rows)
    sample = [[_cell(t, max_width) for t in row] for row in islice(rows, TABLE_SAMPLE)]
    widths = [max([width(c)] + [width(r[i]) for r in sample]) for i, c in enumerate(columns)]

    def line(cells) -> str:
        return " ".join(_pad(v, w) for v, w in zip(cells, widths)).rstrip() + "\n"

    write(line(columns) + " ".join("-" * w for w in widths) + "\n")
    write("".join(line(r) for r in sample))
    count = len(sample)
    for chunk in _chunks(rows, 1000):
        write("".join(line([_cell(t, w) for t, w in zip(row, widths)]) for row in chunk))
        count += len(chunk)
    write(f"({count} row{'s' if count != 1 else ''})\n")


def to_table(columns, rows, *, max_width: int = 60) -> str:
    """Rows as a table aligned for CJK widths, with a row count."""
    out: list[str] = []
    _table_rows(columns, rows, out.append, max_width=max_width)
    return "".join(out)


# --- answers --------------------------------------------------------------------------------

_ROW_WRITERS = {"json": _json_rows, "csv": _csv_rows, "tsv": _tsv_rows, "table": _table_rows}


def _collect(writer, columns, rows) -> str:
    out: list[str] = []
    writer(columns, rows, out.append)
    return "".join(out)


def _chunks(rows: Iterable, n: int) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(islice(it, n)):
        yield chunk


def render(columns, rows, fmt: str) -> str:
    """Rows in one of :data:`ROW_FORMATS`, as one string."""
    return _collect(_ROW_WRITERS[fmt], columns, rows)


def _boolean(value: bool, fmt: str) -> str:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    return word + ("\r\n" if fmt == "csv" else "\n")


def check_format(form: str, fmt: str | None) -> str:
    """The format an answer of this form is written in (``None``: the default), or an :class:`InputError`.

    >>> check_format("graph", None), check_format("ask", "csv")
    ('ttl', 'csv')
    """
    if form == "graph":
        if fmt in (None, *GRAPH_FORMATS):
            return fmt or "ttl"
        raise InputError(f"a CONSTRUCT or DESCRIBE query gives a graph: use --format {', '.join(GRAPH_FORMATS)}")
    if fmt in (None, *ROW_FORMATS):
        return fmt or "table"
    raise InputError(f"a SELECT or ASK query gives rows: use --format {', '.join(ROW_FORMATS)}")


def write_answer(answer: Answer, fmt: str | None, out, *, max_rows: int | None = None) -> list[str]:
    """Write an answer to ``out`` (a binary file) as it is read; return notes for the user (rows left out).

    >>> buf = io.BytesIO()
    >>> write_answer(Answer("ask", boolean=True), "json", buf), buf.getvalue()
    ([], b'{"head": {}, "boolean": true}\\n')
    """
    fmt = check_format(answer.form, fmt)
    if answer.form == "graph":
        _write_graph(answer.triples, fmt, out)
        return []

    def write(text: str) -> None:
        out.write(text.encode("utf-8"))

    if answer.form == "ask":
        write(_boolean(bool(answer.boolean), fmt))
        return []
    rows, notes = answer.rows, []
    if max_rows is not None:
        rows = _capped(rows, max_rows, notes)
    _ROW_WRITERS[fmt](answer.variables, rows, write)
    return notes


def _capped(rows: Iterator, max_rows: int, notes: list[str]) -> Iterator:
    yield from islice(rows, max_rows)
    if next(rows, None) is not None:
        notes.append(f"only the first {max_rows} rows were written (--max-rows {max_rows})")


def _write_graph(triples: Iterable[tuple[Term, Term, Term]], fmt: str, out) -> None:
    import pyoxigraph as ox

    from qmkg.core.graphfile import ox_format
    from qmkg.core.namespaces import PREFIXES
    from qmkg.core.terms import to_ox

    stream = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples)
    prefixes = dict(PREFIXES) if fmt == "ttl" else None
    ox.serialize(stream, out, format=ox_format(fmt), prefixes=prefixes)
