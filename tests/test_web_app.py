"""``qmkg serve`` in-process (Starlette's test client): every route and the status of each way to use it.

The app runs over the bundled 2024 graph with real worker processes, short limits (2 s a query,
1,000 rows) so the limits show. Expected values come from the graph file itself (read here with
pyoxigraph) or from the notice text at the provenance offsets.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest

from qmkg.core.namespaces import DEFAULT_BASE, OA, QM, RDFS
from qmkg.core.resources import default_graph, default_source
from qmkg.ingest.sources import read_source
from qmkg.web.app import ServeConfig, create_app
from qmkg.web.workers import Limits

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx versions
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
LIMITS = Limits(timeout=2, max_rows=1000, workers=2, queue=4, memory_mb=1024, max_request_bytes=32 * 1024)
ACTIVITY = DEFAULT_BASE + "activity/2024/1-01-13"
SAMR = DEFAULT_BASE + "org/samr"
METROLOGY = "https://example.org/qmkg/theme/metrology"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
SD = "http://www.w3.org/ns/sparql-service-description#"

QMKG = [sys.executable, "-c", "import sys; from qmkg.cli.main import main; sys.exit(main())"]  # this tree's qmkg


@pytest.fixture(scope="module")
def client():
    app = create_app(ServeConfig(graphs=(str(default_graph()),), limits=LIMITS))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(default_graph()), format=ox.RdfFormat.TURTLE)
    return s



# --- the SPARQL protocol --------------------------------------------------------------------

@pytest.mark.parametrize("accept, media, check", [
    ("application/sparql-results+json", "application/sparql-results+json", lambda t: len(json.loads(t)["results"]["bindings"]) == 3),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda t: t.count("<result>") == 3),
    ("text/csv", "text/csv", lambda t: t.count("\r\n") == 4),
    ("text/tab-separated-values", "text/tab-separated-values", lambda t: t.startswith("?s\t?p\t?o\n") and t.count("\n") == 4),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", lambda t: "<sparql" in t),
    ("*/*", "application/sparql-results+json", lambda t: "bindings" in t),
    ("text/csv;q=abc, ;;;, */*;q=2, /", "application/sparql-results+json", lambda t: "bindings" in t),  # malformed: ignored
])
def test_select_negotiates_results_format(client, accept, media, check):
    r = client.get("/sparql", params={"query": ALL + " LIMIT 3"}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert check(r.text)
    assert r.headers["x-qmkg-rows"] == "3" and "x-qmkg-truncated" not in r.headers


@pytest.mark.parametrize("fmt, expect", [("json", '"boolean": true'), ("xml", "<boolean>true</boolean>"),
                                         ("csv", "_askResult\r\ntrue"), ("tsv", "?_askResult\ntrue")])
def test_ask_in_every_results_format(client, fmt, expect):
    r = client.get("/sparql", params={"query": f"ASK {{ ?s a <{QM.Activity}> }}", "format": fmt})
    assert r.status_code == 200 and expect in r.text


@pytest.mark.parametrize("accept, ox_format", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_in_every_graph_format(client, store, accept, ox_format):
    query = f"CONSTRUCT {{ <{SAMR}> ?p ?o }} WHERE {{ <{SAMR}> ?p ?o }}"
    r = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    expected = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(ox.NamedNode(SAMR), None, None)}
    got = {(t.subject, t.predicate, t.object) for t in ox.parse(r.content, format=ox_format)}
    assert got == expected


def test_describe_is_turtle_for_any_client(client):
    r = client.get("/sparql", params={"query": f"DESCRIBE <{SAMR}>"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "市场监管总局" in r.text


@pytest.mark.parametrize("query, accept", [(ALL + " LIMIT 1", "image/png"), (f"DESCRIBE <{SAMR}>", "text/csv"),
                                           ("ASK {}", "text/turtle")])
def test_unacceptable_format_is_406(client, query, accept):
    r = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 406 and "offered" in r.text


def test_post_form_and_direct(client):
    query = f"SELECT ?p ?o WHERE {{ <{SAMR}> ?p ?o }} ORDER BY ?p ?o LIMIT 2"
    form = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    direct = client.post("/sparql", content=query.encode(),
                         headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text and form.text.count("\r\n") == 3


@pytest.mark.parametrize("kwargs, status, words", [
    ({"content": b"INSERT DATA { <a:b> <a:b> <a:b> }", "headers": {"Content-Type": "application/sparql-update"}}, 403, "read-only"),
    ({"data": {"update": "DELETE WHERE { ?s ?p ?o }"}}, 403, "read-only"),
    ({"content": b"x", "headers": {"Content-Type": "text/plain"}}, 415, "application/sparql-query"),
    ({"data": {"other": "1"}}, 400, "no query"),
    ({"content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}}, 400, "UTF-8"),
])
def test_post_refusals(client, kwargs, status, words):
    r = client.post("/sparql", **kwargs)
    assert r.status_code == status and words in r.text


@pytest.mark.parametrize("query, status, words", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "SERVICE is not allowed"),
    ("SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }", 403, "FROM is not allowed"),
    ("LOAD <http://127.0.0.1:9/x>", 403, "LOAD is not allowed"),
    ("DROP ALL", 403, "update"),
    ("INSERT DATA { <a:b> <a:b> <a:b> }", 403, "update"),
    ("SELECT * WHERE { ?s ?p }", 400, "SPARQL syntax error"),
    ("SELEKT ?s", 400, "SPARQL syntax error"),
])
def test_refused_and_malformed_queries(client, query, status, words):
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == status and words in r.text, r.text


def test_protocol_dataset_parameters_are_refused(client):
    r = client.get("/sparql", params={"query": ALL, "default-graph-uri": "http://127.0.0.1:9/g"})
    assert r.status_code == 403 and "default-graph-uri" in r.text


def test_head_is_a_get_without_body(client):
    r = client.head("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.content == b"" and r.headers["content-type"].startswith("text/csv")


def test_two_queries_are_400(client):
    r = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert r.status_code == 400


def test_rows_past_the_cap_are_cut_and_said(client, store):
    assert len(store) > LIMITS.max_rows  # else the test shows nothing
    r = client.get("/sparql", params={"query": ALL}, headers={"Accept": "text/tab-separated-values"})
    assert r.status_code == 200
    assert r.text.count("\n") == LIMITS.max_rows + 1
    assert r.headers["x-qmkg-rows"] == str(LIMITS.max_rows) and r.headers["x-qmkg-truncated"].startswith("true")


def test_large_requests_are_413(client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024)
    assert client.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert client.post("/sparql", data={"query": big}).status_code == 413
    assert client.get("/sparql", params={"query": big[: LIMITS.max_request_bytes + 10]}).status_code == 413


def test_service_description(client, store):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    sd = ox.Store()
    sd.load(r.content, format=ox.RdfFormat.TURTLE)
    service = f"<{SD}Service>"
    rows = list(sd.query(f"SELECT ?s ?e WHERE {{ ?s a {service} ; <{SD}endpoint> ?e }}"))
    assert [(row["s"].value, row["e"].value) for row in rows] == [("http://testserver/sparql",) * 2]
    formats = {row["f"].value.rsplit("/", 1)[1] for row in sd.query(f"SELECT ?f {{ ?s <{SD}resultFormat> ?f }}")}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "N-Triples", "JSON-LD", "RDF_XML"}
    triples = list(sd.query(f"SELECT ?n WHERE {{ ?s <{SD}defaultDataset>/<{SD}defaultGraph> ?g . "
                            "?g a <http://rdfs.org/ns/void#Dataset> ; <http://rdfs.org/ns/void#triples> ?n }"))
    assert [int(t["n"].value) for t in triples] == [len(store)]


def test_bare_get_from_a_browser_is_the_editor(client):
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and "/static/vendor/yasgui.min.js" in r.text
    config = r.text.split('id="editor-config">')[1].split("</script>")[0]
    data = json.loads(config)
    from qmkg.query.library import library

    assert data["endpoint"] == "http://testserver/sparql"
    tabs = {e["name"]: e["query"] for e in data["examples"]}
    assert set(tabs) == {q.title_zh for q in library().values()}
    # a parameter is bound to its example as a term: organisers-by-theme's 计量 is the metrology concept
    assert f"VALUES (?lang ?theme) {{ (\"zh\" <{METROLOGY}>) }}" in tabs["按主题查找主办单位"]


def test_cors_for_get(client):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://elsewhere.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/sparql", headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "GET"})
    assert pre.status_code == 200 and "GET" in pre.headers["access-control-allow-methods"]


# --- pages ----------------------------------------------------------------------------------

HTML = {"Accept": "text/html"}


def test_home_in_both_languages(client):
    zh, en = client.get("/"), client.get("/?lang=en")
    assert zh.status_code == en.status_code == 200
    assert 'lang="zh-CN"' in zh.text and "质量月知识图谱" in zh.text and "联合主办单位" in zh.text
    assert 'lang="en"' in en.text and "Joint organisers" in en.text
    for page in (zh.text, en.text):  # the theme of the year and a slogan, as the graph has them
        assert "加强质量支撑 共建质量强国" in page and "全民讲质量 质量利全民" in page
    assert '<form class="search" action="/queries/search"' in zh.text


def test_query_list_names_every_query(client):
    from qmkg.query.library import library

    r = client.get("/queries")
    assert r.status_code == 200 and all(f'href="/queries/{name}"' in r.text for name in library())


def test_query_form_runs_and_links_entities(client):
    r = client.get("/queries/organisers-by-theme", params={"theme": "计量"})
    assert r.status_code == 200
    assert 'list="labels-theme"' in r.text and '<datalist id="labels-theme">' in r.text
    # hand-checked with `qmkg query organisers-by-theme --param theme=计量`: 3 organisers, 市场监管总局 first
    assert '<span id="row-count">3</span>' in r.text and '<a href="/id/org/samr">' in r.text
    assert 'href="/queries/organisers-by-theme?theme=%E8%AE%A1%E9%87%8F&amp;format=csv"' in r.text


def test_query_form_without_its_parameter_shows_the_form_only(client):
    r = client.get("/queries/organisers-by-theme")
    assert r.status_code == 200 and 'id="results"' not in r.text and 'placeholder="计量"' in r.text


@pytest.mark.parametrize("fmt, media, first", [("csv", "text/csv", "organiser,organiserLabel,activities\r\n"),
                                               ("tsv", "text/tab-separated-values", "?organiser\t?organiserLabel\t?activities\n"),
                                               ("json", "application/sparql-results+json", "{")])
def test_query_downloads(client, fmt, media, first):
    r = client.get("/queries/organisers-by-theme", params={"theme": "计量", "format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media) and r.text.startswith(first)
    assert f'filename="organisers-by-theme.{fmt}"' in r.headers["content-disposition"]


@pytest.mark.parametrize("url, status", [
    ("/queries/no-such-query", 404), ("/queries/organisers-by-theme?theme=无此主题xyz", 400),
    ("/queries/stats?format=xlsx", 400), ("/queries/organisers-by-theme?format=csv", 400),
    ("/api/labels?type=nothing", 400), ("/nowhere", 404),
])
def test_page_errors(client, url, status):
    r = client.get(url, headers=HTML)
    assert r.status_code == status and 'id="error-message"' in r.text
    assert client.get(url).headers["content-type"].startswith("text/plain")


def test_labels_for_autocompletion(client):
    r = client.get("/api/labels", params={"type": "concept"})
    assert r.status_code == 200
    labels = {item["label"]: item["iri"] for item in r.json()}
    assert labels["计量"] == METROLOGY and labels["metrology"] == METROLOGY


def test_truncation_is_said_on_the_page(client, store):
    r = client.get("/queries/theme-cooccurrence")
    assert r.status_code == 200
    # the same query's full answer, counted here, decides whether the page had to cut it
    from qmkg.query.engines import OxigraphEngine
    from qmkg.query.library import QueryService

    full = len(QueryService(OxigraphEngine(store)).run("theme-cooccurrence"))
    assert ('id="truncated"' in r.text) == (full > LIMITS.max_rows)


# --- entities -------------------------------------------------------------------------------

def _span(store: ox.Store, activity: str) -> tuple[int, int]:
    row = next(iter(store.query(f"SELECT ?s ?e WHERE {{ <{activity}> <{QM.source}>/<{OA.hasSelector}> ?sel . "
                                f"?sel <{OA.start}> ?s ; <{OA.end}> ?e }}")))
    return int(row["s"].value), int(row["e"].value)


def test_activity_page_highlights_its_sentence(client, store):
    start, end = _span(store, ACTIVITY)
    sentence = read_source(default_source()).text[start:end]
    assert sentence == "开展2024年消费品质量安全消费者教育活动"  # as the graph's quote selector has it
    r = client.get("/id/activity/2024/1-01-13", headers=HTML)
    assert r.status_code == 200
    assert f'<mark id="highlight" data-start="{start}" data-end="{end}">{sentence}</mark>' in r.text
    assert 'href="/id/org/samr"' in r.text and 'href="/id/notice/2024"' in r.text


def test_entity_pages_link_to_network_views(client):
    org = client.get("/id/org/samr", headers=HTML)
    theme = client.get("/resource", params={"iri": METROLOGY}, headers=HTML)
    assert org.status_code == theme.status_code == 200
    assert 'href="/network/organiser?iri=https%3A//example.org/qmkg/id/org/samr"' in org.text
    assert "/network/theme?iri=" in theme.text
    # broader and narrower themes are links (metrology: broader quality-infrastructure, narrower measuring-instruments)
    assert "quality-infrastructure" in theme.text and "measuring-instruments" in theme.text


@pytest.mark.parametrize("path", ["/id/notice/2024", "/id/campaign/剑网2024", "/id/org/cn-bj", "/id/month/2024"])
def test_other_entity_pages(client, path):
    r = client.get(path, headers=HTML)
    assert r.status_code == 200 and 'id="entity-label"' in r.text


def test_notice_page_shows_the_text(client):
    r = client.get("/id/notice/2024", headers=HTML)
    assert "一、市场监管总局举办第五届中国质量奖颁奖仪式" in r.text


@pytest.mark.parametrize("accept, ox_format", [("text/turtle", ox.RdfFormat.TURTLE),
                                               ("application/ld+json", ox.RdfFormat.JSON_LD),
                                               ("application/n-triples", ox.RdfFormat.N_TRIPLES)])
def test_dereferencing_gives_the_description(client, store, accept, ox_format):
    r = client.get("/id/org/samr", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert "Accept" in r.headers["vary"]
    assert r.headers["link"].count('rel="alternate"') == 4 and "format=ttl" in r.headers["link"]
    got = {(t.subject, t.predicate, t.object) for t in ox.parse(r.content, format=ox_format)}
    own = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(ox.NamedNode(SAMR), None, None)}
    assert own <= got
    # plus the labels of what it points to, e.g. the month it participates in
    month = ox.NamedNode(DEFAULT_BASE + "month/2024")
    assert (month, ox.NamedNode(RDFS.label), ox.Literal("2024年全国“质量月”", language="zh")) in got - own


@pytest.mark.parametrize("url, headers, status", [
    ("/id/org/nobody", HTML, 404), ("/id/org/nobody", {"Accept": "text/turtle"}, 404),
    ("/id/org/samr", {"Accept": "image/png"}, 406), ("/resource?iri=not%20an%20iri", HTML, 400),
    ("/network/organiser?iri=https://example.org/none", {}, 404), ("/network/other?iri=x", {}, 404),
])
def test_entity_errors(client, url, headers, status):
    assert client.get(url, headers=headers).status_code == status


@pytest.mark.parametrize("kind, iri", [("organiser", SAMR), ("theme", METROLOGY)])
def test_network_ego_views(client, kind, iri):
    r = client.get(f"/network/{kind}", params={"iri": iri})
    assert r.status_code == 200 and "vis.Network" in r.text and "https://cdn" not in r.text


def test_static_files_and_licence(client):
    assert client.get("/static/vendor/yasgui.min.js").status_code == 200
    assert "MIT License" in client.get("/static/vendor/LICENSE-yasgui.txt").text
    assert client.get("/static/app.css").status_code == 200


# --- untrusted notice text ------------------------------------------------------------------

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """A notice in the 2024 layout (the first attachment of the bundled one) with markup inside an activity."""
    from qmkg.pipeline import run_build

    folder = tmp_path_factory.mktemp("hostile")
    text = default_source().read_text(encoding="utf-8").split("附件2")[0]
    text = text.replace("三、最高人民法院发布涉产品质量纠纷案件典型案例。", f"三、最高人民法院发布{MARKUP}涉产品质量纠纷案件典型案例。")
    assert MARKUP in text
    source = folder / "2024-quality-month-activities.txt"
    source.write_text(text, encoding="utf-8")
    graph = folder / "qm-2024.ttl"
    run_build([source], output=graph, reason="fast")
    return graph, folder


def test_markup_in_a_notice_is_never_markup_on_a_page(hostile):
    graph, folder = hostile
    app = create_app(ServeConfig(graphs=(str(graph),), limits=Limits(timeout=5, workers=1), sources=(str(folder),)))
    with TestClient(app) as c:
        hits = c.get("/queries/search", params={"text": "涉产品质量纠纷"})
        assert hits.status_code == 200
        activity = hits.text.split('<a href="/id/activity/')[1].split('"')[0]
        pages = [hits, c.get(f"/id/activity/{activity}", headers=HTML), c.get("/id/notice/2024", headers=HTML),
                 c.get("/queries/search", params={"text": "<script>"})]
        for r in pages:
            assert r.status_code == 200
            assert "<script>alert" not in r.text and "<img src=x" not in r.text
            assert "&lt;script&gt;alert" in r.text
            assert r.headers["content-security-policy"].startswith("default-src 'self'")
        assert '<mark id="highlight"' in pages[1].text


# --- the command ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def taken_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_serve_refuses_a_taken_port(taken_port):
    p = subprocess.run([*QMKG, "serve", "--port", str(taken_port)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert p.returncode == 2 and f"cannot listen on 127.0.0.1:{taken_port}" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize("args, words", [(["--graph", "no-such.ttl"], "no-such.ttl"),
                                         (["--graph", "tests/data/not-a-graph.ttl"], "not a readable graph"),
                                         (["--host", "0.0.0.0"], "--public"),
                                         (["--timeout", "0"], "must be above 0")])
def test_serve_refuses_bad_options(args, words):
    p = subprocess.run([*QMKG, "serve", *args], capture_output=True, text=True,
                       cwd=ROOT, timeout=60)
    assert p.returncode == 2 and words in p.stderr and "Traceback" not in p.stderr


# --- the app's own data files ---------------------------------------------------------------

@pytest.mark.parametrize("path", sorted((ROOT / "qmkg" / "web" / "queries").glob("*.rq")), ids=lambda p: p.name)
def test_web_queries_have_strict_headers(path):
    from qmkg.query.library import parse_query_file

    assert parse_query_file(path).name == path.stem


def test_every_word_of_the_pages_is_in_both_languages():
    from qmkg.web.templating import messages

    words = messages()
    templates = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "qmkg" / "web" / "templates").glob("*.html"))
    used = set(re.findall(r"""\bt\(["'](\w+)["']""", templates))
    assert used and used <= set(words)
