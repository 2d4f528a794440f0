"""The W3C SPARQL 1.1 result-format tests (CSV, TSV, JSON), run from their manifests through ``qmkg sparql``.

The tests are copied unchanged from w3c/rdf-tests into ``tests/data/w3c-sparql11-results/`` (see its
README for the licence). Each manifest entry names a query, the data (a Turtle file, read as the
graph file) and the expected result. Comparisons follow the formats: CSV as text modulo row order
and blank-node labels; TSV cell by cell as Turtle terms (numbers by value: the expected file
writes ``1.0e6`` for the data's ``"1.0E6"^^xsd:double``); JSON as parsed structures modulo row
order and blank-node labels.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace

from qmkg.cli.main import main

SUITE = Path(__file__).parent / "data" / "w3c-sparql11-results"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
FORMATS = {".csv": "csv", ".tsv": "tsv", ".srj": "json"}


def entries():
    """(name, query, data, result) for every entry of every manifest, in manifest order."""
    for manifest in sorted(SUITE.glob("*/manifest.ttl")):
        g = Graph().parse(manifest, format="turtle")
        (head,) = g.objects(None, MF.entries)
        for entry in g.items(head):
            action = g.value(entry, MF.action)
            paths = [Path(str(g.value(x, y)).removeprefix("file://")) for x, y in
                     ((action, QT.query), (action, QT.data), (entry, MF.result))]
            yield pytest.param(str(g.value(entry, MF.name)), *paths, id=str(entry).rsplit("#", 1)[-1])


ENTRIES = list(entries())


def test_the_manifests_name_all_ten_tests():
    assert len(ENTRIES) == 10
    assert all(p.is_file() for e in ENTRIES for p in e.values[1:])


def _relabel(text: str) -> str:
    """Blank-node labels renamed in order of first appearance."""
    names: dict[str, str] = {}
    return re.sub(r"_:[A-Za-z0-9]+", lambda m: names.setdefault(m.group(0), f"_:b{len(names)}"), text)


def _blank(text: str) -> str:
    return re.sub(r"_:[A-Za-z0-9]+", "_:", text)


def _csv_rows(text: str) -> list[str]:
    """Lines (the copied files end lines in LF, as git checked them out; ours are checked for CRLF apart)."""
    head, *rows = text.splitlines()
    return [head] + _relabel("\n".join(sorted(rows, key=_blank))).split("\n")


def _tsv_term(cell: str):
    if cell == "":
        return None
    if cell.startswith("_:"):
        return BNode()  # compared by kind only: labels are the engine's own
    (term,) = Graph().parse(data=f"<urn:s> <urn:p> {cell} .", format="turtle").objects()
    return term


def _same_term(a, b) -> bool:
    if isinstance(a, Literal) and isinstance(b, Literal):
        return (a.datatype, a.language) == (b.datatype, b.language) and (str(a) == str(b) or a.eq(b))
    return type(a) is type(b) and (isinstance(a, BNode) or a == b)


def _tsv_rows(text: str) -> list[list]:
    head, *rows = text.split("\n")
    assert rows[-1] == ""
    return [head.split("\t")] + sorted(([_tsv_term(c) for c in r.split("\t")] for r in rows[:-1]),
                                       key=lambda r: [str(t) if not isinstance(t, BNode) else "_:" for t in r])


def _json_rows(doc: dict):
    if "boolean" in doc:
        return doc
    rows = [json.dumps({v: (dict(b, value="") if b["type"] == "bnode" else b) for v, b in row.items()},
                       sort_keys=True) for row in doc["results"]["bindings"]]
    return {"vars": doc["head"]["vars"], "rows": Counter(rows)}


@pytest.mark.parametrize("name, query, data, result", ENTRIES)
def test_w3c_result_format(capsys, name, query, data, result):
    fmt = FORMATS[result.suffix]
    status = main(["sparql", str(query), "--graph", str(data), "--format", fmt])
    out, err = capsys.readouterr()
    assert status == 0 and err == "", err
    expected = result.read_bytes().decode("utf-8")
    if fmt == "csv":
        assert out.endswith("\r\n") and out.count("\n") == out.count("\r\n")  # the format's CRLF line ends
        assert _csv_rows(out) == _csv_rows(expected)
    elif fmt == "tsv":
        got, want = _tsv_rows(out), _tsv_rows(expected)
        assert got[0] == want[0] and len(got) == len(want)
        for g, w in zip(got[1:], want[1:]):
            assert len(g) == len(w) and all(_same_term(x, y) or (x is None and y is None) for x, y in zip(g, w)), (g, w)
    else:
        assert _json_rows(json.loads(out)) == _json_rows(json.loads(expected))


# --- beyond the W3C files: every query form through every format (issue 13, item 9) -------------

DATA = SUITE / "json-res" / "data.ttl"


@pytest.mark.parametrize("fmt, true, false", [
    ("json", {"head": {}, "boolean": True}, {"head": {}, "boolean": False}),
    ("csv", "true\r\n", "false\r\n"), ("tsv", "true\n", "false\n"), ("table", "true\n", "false\n"),
])
def test_item9_ask_answers_true_or_false_in_every_format(capsys, fmt, true, false):
    for query, want in (("ASK { ?s ?p ?o }", true), ("ASK { <urn:no> ?p ?o }", false)):
        assert main(["sparql", query, "--graph", str(DATA), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert (json.loads(out) if fmt == "json" else out) == want


def test_item9_select_star_keeps_the_query_order(capsys):
    assert main(["sparql", "SELECT * WHERE { ?z ?m ?a }", "--graph", str(DATA), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("z,m,a\r\n")  # not a, m, z


def _triples(data: bytes | Path, fmt: str) -> Counter:
    """Triples as N-Triples lines, blank-node labels blanked (RDF 1.1: "bar"^^xsd:string is "bar")."""
    import pyoxigraph as ox

    kind = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    triples = ox.parse(path=str(data), format=kind) if isinstance(data, Path) else ox.parse(data, format=kind)
    return Counter(_blank(str(t)) for t in triples)


@pytest.mark.parametrize("form", ["CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE { ?s ?p ?o }"])
@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", None])
def test_item9_construct_and_describe_write_a_graph(capsys, form, fmt):
    argv = ["sparql", form, "--graph", str(DATA)] + (["--format", fmt] if fmt else [])
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert _triples(out.encode(), fmt or "ttl") == _triples(DATA, "ttl")
    assert len(_triples(DATA, "ttl")) == 6


@pytest.mark.parametrize("query, fmt, message", [
    ("CONSTRUCT WHERE { ?s ?p ?o }", "csv", "gives a graph: use --format ttl, nt, jsonld"),
    ("SELECT * WHERE { ?s ?p ?o }", "ttl", "gives rows: use --format table, csv, tsv, json"),
])
def test_item9_a_format_that_does_not_fit_the_form_is_exit_2(capsys, query, fmt, message):
    assert main(["sparql", query, "--graph", str(DATA), "--format", fmt]) == 2
    assert message in capsys.readouterr().err
