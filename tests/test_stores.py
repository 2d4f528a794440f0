"""Stores to grow into: ``qmkg push`` (Graph Store Protocol, with a login) and ``qmkg query --endpoint``
against two real servers started here, the Oxigraph server and Virtuoso Open Source 7; and round trips
of the built graph through independent parsers (rapper, pyld), all compared as terms, not bytes."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from qmkg.cli.main import main
from qmkg.core.terms import Term
from qmkg.graph.serialise import canonical_lines
from qmkg.query.library import QueryService, library
from qmkg.query.remote import RemoteEngine

from .conftest import _free_port, missing_tool, serving

VIRTUOSO = "/usr/bin/virtuoso-t"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
GRAPH_IRI = "https://example.org/qmkg/graph/stores-test"
INSTALL = "apt-get install --no-install-recommends virtuoso-opensource-7"


def _virtuoso_ini(folder: Path, port: int, http_port: int) -> Path:
    """The packaged virtuoso.ini with its files in ``folder`` and both ports on 127.0.0.1."""
    where = {("Database", "DatabaseFile"): "virtuoso.db", ("Database", "ErrorLogFile"): "virtuoso.log",
             ("Database", "LockFile"): "virtuoso.lck", ("Database", "TransactionFile"): "virtuoso.trx",
             ("Database", "xa_persistent_file"): "virtuoso.pxa", ("TempDatabase", "DatabaseFile"): "virtuoso-temp.db",
             ("TempDatabase", "TransactionFile"): "virtuoso-temp.trx"}
    values = {k: str(folder / v) for k, v in where.items()}
    values[("Parameters", "ServerPort")] = f"127.0.0.1:{port}"
    values[("HTTPServer", "ServerPort")] = f"127.0.0.1:{http_port}"
    values[("SPARQL", "ResultSetMaxRows")] = "1000000"  # the packaged 10000 also cuts Graph Store reads short
    section, lines = "", []
    for line in VIRTUOSO_INI.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*\[(.+)\]", line)
        section = m.group(1) if m else section
        k = re.match(r"\s*([A-Za-z_]+)\s*=", line)
        lines.append(f"{k.group(1)} = {values[(section, k.group(1))]}" if k and (section, k.group(1)) in values else line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """Virtuoso Open Source 7 (Debian's virtuoso-opensource-7) on 127.0.0.1; yields its HTTP base URL."""
    if not Path(VIRTUOSO).exists():
        missing_tool(f"virtuoso is not installed: {INSTALL}")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = _free_port()
    ini = _virtuoso_ini(folder, _free_port(), http_port)
    proc = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"

    def log() -> str:
        path = folder / "virtuoso.log"
        return path.read_text(errors="replace") if path.exists() else ""

    yield from serving(proc, base, "/sparql?query=ASK%7B%7D", "virtuoso", timeout=60, log=log)


STORES = {  # how each store takes a graph (Graph Store Protocol) and answers queries (SPARQL Protocol)
    "oxigraph": ("oxigraph_server", "/store", None, "/query"),
    "virtuoso": ("virtuoso_server", "/sparql-graph-crud-auth", "dba", "/sparql"),
}


@pytest.fixture(scope="session", params=sorted(STORES))
def store(request, built_graph, tmp_path_factory):
    """(name, query endpoint) of a store loaded with the built graph by ``qmkg push`` into a named graph."""
    fixture, gsp, user, query = STORES[request.param]
    base = request.getfixturevalue(fixture)
    argv = ["push", "--endpoint", base + gsp, "--graph", str(built_graph), "--graph-iri", GRAPH_IRI]
    mp = pytest.MonkeyPatch()
    if user:
        argv += ["--user", user]
        mp.setenv("QMKG_PASSWORD", "dba")  # the packaged database's dba password
    try:
        assert main(argv) == 0
    finally:
        mp.undo()
    return request.param, f"{base}{query}?{urllib.parse.urlencode({'default-graph-uri': GRAPH_IRI})}"


def _value(t: Term | None):
    """A term as compared across stores: numbers by value (1.0 = 1.00), everything else as it is."""
    if t is not None and t.datatype.endswith(("#decimal", "#double", "#float")):
        return ("number", t.datatype, Decimal(t.value))
    return t


def _cases():
    """Each library query once, with its header's example, in zh and en by turns (test_query_engines runs
    every combination on the Oxigraph server; a Virtuoso query costs 0.1-0.5 s)."""
    for i, name in enumerate(sorted(library())):
        yield name, {p.name: p.example for p in library()[name].params}, ("zh", "en")[i % 2]


@pytest.mark.server
def test_every_library_query_gives_the_same_terms_as_the_embedded_engine(store, qs):
    name_of_store, endpoint = store
    remote = QueryService(RemoteEngine(endpoint))
    differ = []
    for name, params, lang in _cases():
        here, there = qs.run(name, lang=lang, **params), remote.run(name, lang=lang, **params)
        rows_here = [tuple(map(_value, r)) for r in here.rows]
        rows_there = [tuple(map(_value, r)) for r in there.rows]
        if there.columns != here.columns or Counter(rows_there) != Counter(rows_here):
            differ.append(f"{name} ({lang}): {len(there.rows)} rows, embedded {len(here.rows)}")
        elif rows_there != rows_here:
            differ.append(f"{name} ({lang}): same rows, other order")
    assert differ == [], name_of_store


@pytest.mark.server
def test_the_cli_queries_each_store(store, capsys):
    _name, endpoint = store
    assert main(["query", "organisers-by-theme", "--param", "theme=计量", "--endpoint", endpoint, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [  # as test_query_engines reads them from the Oxigraph server
        "https://example.org/qmkg/id/org/samr,市场监管总局,2",
        "https://example.org/qmkg/id/org/cn-sd,山东省,1",
        "https://example.org/qmkg/id/org/cn-ln,辽宁省,1",
    ]


@pytest.mark.server
def test_virtuoso_gives_back_the_graph_it_was_pushed(virtuoso_server, built_graph, monkeypatch):
    """Read back over the Graph Store Protocol: Virtuoso writes CJK as \\uXXXX, so compare graphs, not bytes."""
    graph = GRAPH_IRI + "/read-back"
    monkeypatch.setenv("QMKG_PASSWORD", "dba")
    assert main(["push", "--endpoint", f"{virtuoso_server}/sparql-graph-crud-auth", "--graph", str(built_graph),
                 "--graph-iri", graph, "--user", "dba"]) == 0
    url = f"{virtuoso_server}/sparql-graph-crud?{urllib.parse.urlencode({'graph-uri': graph})}"
    data = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/turtle"}), timeout=60).read()
    assert b"\\u" in data  # the escapes this test is about
    assert _canonical(data, ox.RdfFormat.TURTLE) == _canonical(built_graph.read_bytes(), ox.RdfFormat.TURTLE)


def _canonical(data: bytes, fmt) -> list[str]:
    """The graph as canonical N-Triples lines (terms re-written by one writer, blank nodes by content)."""
    nt = ox.serialize(ox.parse(data, format=fmt), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return canonical_lines(nt)


@pytest.mark.server
def test_a_wrong_password_is_one_clear_error(virtuoso_server, built_graph, monkeypatch, capsys):
    monkeypatch.setenv("QMKG_PASSWORD", "not-the-password")
    assert main(["push", "--endpoint", f"{virtuoso_server}/sparql-graph-crud-auth", "--graph", str(built_graph),
                 "--graph-iri", GRAPH_IRI + "/wrong", "--user", "dba"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qmkg: error: ") and err.count("\n") == 1 and "not-the-password" not in err


def test_a_password_is_never_an_argument(built_graph, monkeypatch, capsys):
    with pytest.raises(SystemExit) as e:
        main(["push", "--endpoint", "http://127.0.0.1:9/x", "--graph", str(built_graph), "--user", "dba",
              "--password", "dba"])
    assert e.value.code == 2
    monkeypatch.delenv("QMKG_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())  # no terminal to prompt on
    assert main(["push", "--endpoint", "http://127.0.0.1:9/x", "--graph", str(built_graph), "--user", "dba"]) == 2
    assert "QMKG_PASSWORD" in capsys.readouterr().err


# --- round trips through independent parsers --------------------------------------------------

@pytest.fixture(scope="module")
def store_graph(built_graph) -> Graph:
    """The built graph as the pyoxigraph store reads it (the store is the reference)."""
    st = ox.Store()
    st.bulk_load(path=str(built_graph), format=ox.RdfFormat.TURTLE)
    return Graph().parse(data=st.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")


def _rapper(*args: str) -> str:
    exe = shutil.which("rapper")
    if exe is None:
        missing_tool("rapper is not installed: apt-get install raptor2-utils")
    p = subprocess.run([exe, "-q", *args], capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()[-500:]
    return p.stdout.decode("utf-8")


def test_rapper_reads_the_turtle_and_the_ntriples(built_graph, store_graph, tmp_path):
    nt = _rapper("-i", "turtle", "-o", "ntriples", str(built_graph), "https://example.org/")
    assert isomorphic(Graph().parse(data=nt, format="nt"), store_graph)
    out = tmp_path / "qm-2024.nt"
    assert main(["export", "--graph", str(built_graph), "--format", "nt", "-o", str(out)]) == 0
    assert _canonical(out.read_bytes(), ox.RdfFormat.N_TRIPLES) == _canonical(nt.encode(), ox.RdfFormat.N_TRIPLES)
    counted = subprocess.run([shutil.which("rapper"), "-i", "ntriples", "-c", str(out), "https://example.org/"],
                             capture_output=True, text=True, timeout=120)
    assert counted.returncode == 0 and f"returned {len(store_graph)} triples" in counted.stderr


@pytest.mark.slow
def test_pyld_expands_the_jsonld_to_the_same_graph(built_graph, store_graph, tmp_path):
    from pyld import jsonld

    out = tmp_path / "qm-2024.jsonld"
    assert main(["export", "--graph", str(built_graph), "--format", "jsonld", "-o", str(out)]) == 0
    nquads = jsonld.to_rdf(jsonld.expand(json.loads(out.read_text(encoding="utf-8"))), {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), store_graph)
