"""The query commands: ``qmkg queries``, ``qmkg query`` and ``qmkg sparql``, in-process through
``qmkg.cli.main``, and once end to end through the installed ``qmkg`` as a user runs it."""

from __future__ import annotations

import io
import json
import re
import shutil
import socket
import subprocess

import pytest

from qmkg.cli.main import main
from qmkg.query.library import library


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"a query tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# --- qmkg queries ---------------------------------------------------------------------------

def test_queries_lists_every_query_with_title_and_parameters(capsys):
    status, out, _ = run(capsys, "queries")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(library())
    for q in library().values():
        (line,) = [x for x in lines if x.split()[0] == q.name]
        assert q.title_en in line
        for p in q.params:
            assert f"{p.name}=<{p.type}>" in line
    assert "theme=<concept>" in next(x for x in lines if x.startswith("organisers-by-theme "))
    assert "a=<organiser> b=<organiser>" in next(x for x in lines if x.startswith("shared-themes "))


def test_queries_in_chinese(capsys):
    _, out, _ = run(capsys, "queries", "--lang", "zh")
    assert "按主题查找主办单位" in out and "Organisers by theme" not in out


# --- qmkg query -----------------------------------------------------------------------------

def test_query_json(capsys, built_graph):
    status, out, err = run(capsys, "query", "organisers-by-theme", "--param", "theme=计量", "--graph", str(built_graph),
                           "--format", "json")
    assert status == 0 and err == ""
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["organiser", "organiserLabel", "activities"]
    # 市场监管总局 (two clauses on 计量), 山东省 and 辽宁省 (one each): hand-checked in the notice
    assert [(b["organiserLabel"]["value"], b["activities"]["value"]) for b in doc["results"]["bindings"]] == [
        ("市场监管总局", "2"), ("山东省", "1"), ("辽宁省", "1")]
    assert doc["results"]["bindings"][0]["organiserLabel"]["xml:lang"] == "zh"


def test_query_in_english(capsys, built_graph):
    _, out, _ = run(capsys, "query", "organisers-by-campaign", "--param", "campaign=铁拳", "--graph", str(built_graph),
                    "--format", "csv", "--lang", "en")
    assert [line.split(",")[1] for line in out.split("\r\n")[1:-1]] == [
        "Guangdong", "Guangxi Zhuang Autonomous Region", "State Administration for Market Regulation"]


def test_query_with_two_parameters_as_a_table(capsys, built_graph):
    status, out, _ = run(capsys, "query", "shared-themes", "--param", "a=中央宣传部", "--param", "b=中国版权协会",
                         "--graph", str(built_graph))
    assert status == 0
    assert out.splitlines()[0].split() == ["theme", "themeLabel"]
    assert "版权" in out and re.search(r"\(\d+ rows?\)$", out.rstrip())


def test_query_a_value_with_an_equals_sign_and_spaces(capsys, built_graph):
    status, out, _ = run(capsys, "query", "search", "--param", "text=a = b", "--graph", str(built_graph), "--format", "csv")
    assert status == 0 and out == "activity,organiserLabel,text\r\n"


def test_query_writes_a_file(capsys, built_graph, tmp_path):
    target = tmp_path / "out.tsv"
    status, out, _ = run(capsys, "query", "slogans", "--graph", str(built_graph), "--format", "tsv", "-o", str(target))
    assert status == 0 and out == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "?month\t?year\t?yearTheme\t?position\t?slogan" and len(lines) == 11


def test_the_rdflib_engine_gives_the_same_output(capsys, built_graph):
    args = ("query", "themes-by-organiser", "--param", "organiser=辽宁省", "--graph", str(built_graph), "--format", "json")
    _, ox, _ = run(capsys, *args)
    _, rd, _ = run(capsys, *args, "--engine", "rdflib")
    assert ox == rd


@pytest.mark.parametrize("argv, message", [
    (["query", "organisers-by-theme", "--param", "theme=计量学"], "unknown theme '计量学'; did you mean: 计量"),
    (["query", "themes-by-organiser", "--param", "organiser=市场监督局"], "unknown organiser '市场监督局'; did you mean: "),
    (["query", "organisers-by-campaign", "--param", "campaign=铁掌"], "unknown campaign '铁掌'"),
    (["query", "activities-by-kind", "--param", "kind=版权"], "unknown kind '版权'"),
    (["query", "organisers-by-theme", "--param", "theme=https://example.org/qmkg/theme/nothing"],
     "unknown theme 'https://example.org/qmkg/theme/nothing': no such IRI in the graph"),
    (["query", "organisers-by-theme"], "query organisers-by-theme needs --param theme=… (e.g. theme=计量)"),
    (["query", "organisers-by-theme", "--param", "theme"], "--param needs key=value, not 'theme'"),
    (["query", "organisers-by-theme", "--param", "theme=计量", "--param", "year=2024"],
     "query organisers-by-theme takes no parameter 'year'; it takes: theme"),
    (["query", "organiser-by-theme", "--param", "theme=计量"], "unknown query 'organiser-by-theme'; did you mean: organisers-by-theme"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, built_graph, argv, message):
    status, out, err = run(capsys, *argv, "--graph", str(built_graph))
    assert status == 2 and out == ""
    assert err.startswith("qmkg: error: ") and message in err and err.count("\n") == 1


def test_a_missing_graph_file_is_exit_2(capsys, tmp_path):
    status, _, err = run(capsys, "query", "stats", "--graph", str(tmp_path / "none.ttl"))
    assert status == 2 and "no such graph file" in err


# --- qmkg sparql ----------------------------------------------------------------------------

COUNT_SAMR = ("PREFIX qm: <https://example.org/qmkg/ontology#> "
              "SELECT (COUNT(?a) AS ?n) WHERE { ?a qm:organiser <https://example.org/qmkg/id/org/samr> }")


def test_sparql_from_text_file_and_stdin(capsys, built_graph, tmp_path, monkeypatch):
    _, from_text, _ = run(capsys, "sparql", COUNT_SAMR, "--graph", str(built_graph), "--format", "csv")
    path = tmp_path / "count.rq"
    path.write_text(COUNT_SAMR, encoding="utf-8")
    _, from_file, _ = run(capsys, "sparql", str(path), "--graph", str(built_graph), "--format", "csv")
    monkeypatch.setattr("sys.stdin", io.StringIO(COUNT_SAMR))
    _, from_stdin, _ = run(capsys, "sparql", "-", "--graph", str(built_graph), "--format", "csv")
    assert from_text == from_file == from_stdin
    assert from_text.startswith("n\r\n") and int(from_text.split("\r\n")[1]) >= 10  # 市场监管总局's item is the longest


@pytest.mark.parametrize("query, keyword", [
    ("SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?x ?y ?z . SERVICE SILENT <http://192.0.2.1/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("LOAD <http://192.0.2.1/data.ttl>", "LOAD"),
    ("SELECT * FROM <http://192.0.2.1/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
])
def test_sparql_refuses_what_reaches_out_or_writes(capsys, built_graph, no_network, query, keyword):
    status, out, err = run(capsys, "sparql", query, "--graph", str(built_graph))
    assert status == 2 and out == ""
    assert f"refused: {keyword}" in err


def test_a_refused_query_never_reaches_a_remote_endpoint(capsys, no_network):
    status, _, err = run(capsys, "sparql", "SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }",
                         "--endpoint", "http://127.0.0.1:9/query")
    assert status == 2 and "refused: SERVICE" in err


def test_sparql_allows_the_words_in_strings_comments_and_names(capsys, built_graph, no_network):
    query = ('SELECT ?service ?from WHERE { BIND("SERVICE <http://x/> LOAD FROM" AS ?service) '
             'BIND(<urn:from> AS ?from) } # SERVICE')
    status, out, _ = run(capsys, "sparql", query, "--graph", str(built_graph), "--format", "csv")
    assert status == 0 and out.split("\r\n")[1] == "SERVICE <http://x/> LOAD FROM,urn:from"


def test_sparql_syntax_error_is_exit_2(capsys, built_graph):
    status, _, err = run(capsys, "sparql", "SELECT * WHERE { ?s ?p }", "--graph", str(built_graph))
    assert status == 2 and "SPARQL syntax error" in err


# --- end to end: the installed command --------------------------------------------------------

def test_the_installed_qmkg_answers_and_refuses_as_a_user_sees_it(built_graph):
    exe = shutil.which("qmkg")
    assert exe, "qmkg is not installed: pip install -e ."
    p = subprocess.run([exe, "query", "organisers-by-theme", "--param", "theme=版权", "--graph", str(built_graph),
                        "--format", "json"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    # 版权: 中央宣传部 and 中国版权协会, hand-checked in the notice
    labels = {b["organiserLabel"]["value"] for b in json.loads(p.stdout)["results"]["bindings"]}
    assert labels == {"中央宣传部", "中国版权协会"}
    p = subprocess.run([exe, "query", "organisers-by-theme", "--param", "theme=X", "--graph", str(built_graph)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.startswith("qmkg: error: unknown theme 'X'; did you mean: ")
    p = subprocess.run([exe, "query", "organisers-by-theme", "--param", "theme=计量学", "--graph", str(built_graph)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "unknown theme '计量学'; did you mean: 计量" in p.stderr


@pytest.mark.parametrize("param", ["text=\udcff", "theme=计量\udcff"])
def test_undecodable_bytes_in_a_parameter_are_exit_2_not_a_traceback(capsys, built_graph, param):
    """argv bytes that are not UTF-8 arrive as lone surrogates; they crashed the embedded engine."""
    query = "search" if param.startswith("text") else "organisers-by-theme"
    status, out, err = run(capsys, "query", query, "--param", param, "--graph", str(built_graph))
    assert status == 2 and out == "" and "is not valid text" in err


@pytest.mark.parametrize("argv", [
    ["query", "organisers-by-theme", "--param", "theme=" + "计" * 120_000],
    ["query", "organisers-by-theme", "--param", "x" * 120_000],
    ["query", "n" * 120_000],
])
def test_item10_an_error_never_repeats_a_huge_value(capsys, built_graph, argv):
    status, out, err = run(capsys, *argv, "--graph", str(built_graph))
    assert status == 2 and out == "" and err.count("\n") == 1
    assert len(err) < 400 and "(120" in err  # clipped, with the value's length
