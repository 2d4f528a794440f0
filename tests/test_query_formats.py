"""Query results as text: W3C SPARQL 1.1 Query Results JSON, CSV and TSV, and a table aligned for CJK."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from qmkg.core.terms import XSD, Term
from qmkg.query.formats import FORMATS, render, to_csv, to_json, to_table, to_tsv, width

COLUMNS = ("thing", "label", "count", "note")
ROWS = (
    (Term.iri("https://example.org/qmkg/id/org/samr"), Term.literal("市场监管总局", lang="zh"),
     Term.literal("2", datatype=XSD + "integer"), Term.literal('a "quoted", comma\nand a new line\tand a tab')),
    (Term.iri("https://example.org/qmkg/id/org/中国版权协会"), Term.literal("China Copyright Association", lang="en"),
     Term.literal("0.667", datatype=XSD + "decimal"), None),
    (Term("bnode", "b0"), Term.literal("2024", datatype=XSD + "gYear"),
     Term.literal("5.0E-1", datatype=XSD + "double"), Term.literal("true", datatype=XSD + "boolean")),
)


def test_json_is_the_w3c_results_format():
    doc = json.loads(to_json(COLUMNS, ROWS))
    assert doc["head"] == {"vars": list(COLUMNS)}
    b = doc["results"]["bindings"]
    assert b[0]["thing"] == {"type": "uri", "value": "https://example.org/qmkg/id/org/samr"}
    assert b[0]["label"] == {"type": "literal", "value": "市场监管总局", "xml:lang": "zh"}
    assert b[0]["count"] == {"type": "literal", "value": "2", "datatype": XSD + "integer"}
    assert b[0]["note"] == {"type": "literal", "value": 'a "quoted", comma\nand a new line\tand a tab'}
    assert "note" not in b[1]  # unbound: left out of the binding
    assert b[2]["thing"] == {"type": "bnode", "value": "b0"}
    assert "中国版权协会" in to_json(COLUMNS, ROWS)  # UTF-8, not \\u escapes


def test_json_reads_back_as_the_same_terms():
    from qmkg.core.terms import Term as _T

    doc = json.loads(to_json(COLUMNS, ROWS))
    back = tuple(tuple(_T.from_json(b[c]) if c in b else None for c in doc["head"]["vars"])
                 for b in doc["results"]["bindings"])
    assert back == ROWS


def test_csv_is_the_w3c_results_format():
    text = to_csv(COLUMNS, ROWS)
    assert text.startswith("thing,label,count,note\r\n")  # variable names without "?", CRLF
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS)
    assert rows[1] == ["https://example.org/qmkg/id/org/samr", "市场监管总局", "2",
                       'a "quoted", comma\nand a new line\tand a tab']  # quoted, quotes doubled
    assert rows[2] == ["https://example.org/qmkg/id/org/中国版权协会", "China Copyright Association", "0.667", ""]
    assert rows[3] == ["_:b0", "2024", "5.0E-1", "true"]  # a blank node keeps its _: label


def test_tsv_is_the_w3c_results_format():
    text = to_tsv(COLUMNS, ROWS)
    lines = text.split("\n")
    assert lines[0] == "?thing\t?label\t?count\t?note"
    assert text.endswith("\n") and lines[-1] == ""
    cells = [line.split("\t") for line in lines[1:-1]]
    assert all(len(c) == len(COLUMNS) for c in cells)  # tabs and newlines inside terms are escaped
    assert cells[0][:3] == ["<https://example.org/qmkg/id/org/samr>", '"市场监管总局"@zh', "2"]
    assert cells[0][3] == '"a \\"quoted\\", comma\\nand a new line\\tand a tab"'
    assert cells[1][2:] == ["0.667", ""]
    assert cells[2] == ["_:b0", '"2024"^^<http://www.w3.org/2001/XMLSchema#gYear>', "5.0E-1", "true"]


def test_tsv_terms_read_back_in_turtle_with_their_datatypes():
    """Each TSV cell is a Turtle term: parsed, it is the term it came from (numbers keep their type)."""
    text = to_tsv(COLUMNS, ROWS)
    expected = [
        [URIRef("https://example.org/qmkg/id/org/samr"), Literal("市场监管总局", lang="zh"),
         Literal("2", datatype=URIRef(XSD + "integer")), Literal('a "quoted", comma\nand a new line\tand a tab')],
        [URIRef("https://example.org/qmkg/id/org/中国版权协会"), Literal("China Copyright Association", lang="en"),
         Literal("0.667", datatype=URIRef(XSD + "decimal")), None],
        [BNode("b0"), Literal("2024", datatype=URIRef(XSD + "gYear")),
         Literal("5.0E-1", datatype=URIRef(XSD + "double")), Literal("true", datatype=URIRef(XSD + "boolean"))],
    ]
    for line, want in zip(text.split("\n")[1:], expected):
        for cell, term in zip(line.split("\t"), want):
            if term is None:
                assert cell == ""
                continue
            if isinstance(term, BNode):
                assert cell == "_:" + term
                continue
            g = Graph().parse(data=f"<urn:s> <urn:p> {cell} .", format="turtle")
            (got,) = g.objects()
            assert got == term and getattr(got, "datatype", None) == getattr(term, "datatype", None), cell


@pytest.mark.parametrize("value, datatype, bare", [
    ("42", "integer", True), ("-3", "integer", True), ("0.5", "decimal", True), ("1.5", "decimal", True),
    ("5E-1", "double", True), ("0.5", "double", False), ("INF", "double", False), ("NaN", "double", False),
    ("false", "boolean", True), ("1", "boolean", False),
])
def test_tsv_writes_a_number_bare_only_where_turtle_reads_it_back_with_its_type(value, datatype, bare):
    cell = to_tsv(("x",), ((Term.literal(value, datatype=XSD + datatype),),)).split("\n")[1]
    assert (cell == value) is bare
    assert cell == value or cell == f'"{value}"^^<{XSD}{datatype}>'


def test_table_is_aligned_for_cjk_widths():
    text = to_table(COLUMNS, ROWS)
    lines = text.rstrip("\n").split("\n")
    assert lines[-1] == "(3 rows)"
    header, rule, *body = lines[:-1]
    runs = rule.split(" ")
    assert all(set(r) == {"-"} for r in runs) and len(runs) == len(COLUMNS)
    starts = [sum(len(r) + 1 for r in runs[:i]) for i in range(len(runs))]  # display column of each cell
    for line, row in zip([header, *body], [[Term.literal(c) for c in COLUMNS], *ROWS]):
        at = 0
        for start, term in zip(starts, row):
            if term is None:
                continue
            value = "_:" + term.value if term.type == "bnode" else " ".join(term.value.split())
            i = line.index(value, at)
            assert width(line[:i]) == start, (line, value)  # 市场监管总局 takes 12 columns, not 6
            at = i + len(value)
    assert width(body[0]) > len(body[0])  # wide characters were counted


def test_table_truncates_long_cells_and_folds_whitespace():
    text = to_table(("text",), ((Term.literal("质量" * 50 + "\n尾"),),), max_width=20)
    cell = text.split("\n")[2]
    assert width(cell) <= 20 and cell.endswith("…") and "\n" not in cell
    assert to_table(("x",), ()).endswith("(0 rows)\n")
    assert to_table(("x",), ((None,),)).endswith("(1 row)\n")


def test_render_knows_every_format():
    for fmt in FORMATS:
        assert render(COLUMNS, ROWS, fmt)


def test_a_real_query_in_every_format(qs):
    res = qs.run("organisers-by-theme", theme="计量")
    doc = json.loads(render(res.columns, res.rows, "json"))
    assert [b["organiserLabel"]["value"] for b in doc["results"]["bindings"]] == ["市场监管总局", "山东省", "辽宁省"]
    assert doc["results"]["bindings"][0]["activities"] == {"type": "literal", "value": "2", "datatype": XSD + "integer"}
    assert render(res.columns, res.rows, "csv").split("\r\n")[1] == "https://example.org/qmkg/id/org/samr,市场监管总局,2"
    assert render(res.columns, res.rows, "tsv").split("\n")[1] == \
        '<https://example.org/qmkg/id/org/samr>\t"市场监管总局"@zh\t2'
    table = render(res.columns, res.rows, "table").split("\n")
    assert table[0].split() == ["organiser", "organiserLabel", "activities"] and table[-2] == "(3 rows)"


def test_item10_blank_nodes_print_with_their_prefix_in_every_format():
    rows = ((Term("bnode", "b0"),),)
    assert to_table(("x",), rows).split("\n")[2] == "_:b0"
    assert to_tsv(("x",), rows).split("\n")[1] == "_:b0"
    assert to_csv(("x",), rows).split("\r\n")[1] == "_:b0"


def test_an_integral_decimal_is_written_as_oxigraph_does():
    """XSD 1.1 canonical form, "5" not "5.0": the W3C JSON test's data holds "5"^^xsd:decimal."""
    assert Term.literal("5.0", datatype=XSD + "decimal").value == "5"
    assert Term.literal("0.50", datatype=XSD + "decimal").value == "0.5"
    assert to_tsv(("x",), ((Term.literal("1.0", datatype=XSD + "decimal"),),)).split("\n")[1] == f'"1"^^<{XSD}decimal>'


def test_the_table_sizes_columns_from_a_bounded_sample():
    """Rows after the first TABLE_SAMPLE are cut to the sampled widths, so the table streams."""
    from qmkg.query.formats import TABLE_SAMPLE

    rows = [(Term.literal("ab"),)] * TABLE_SAMPLE + [(Term.literal("a much longer value"),)]
    lines = to_table(("x",), rows).split("\n")
    assert lines[-2] == f"({TABLE_SAMPLE + 1} rows)" and width(lines[-3]) <= 2
