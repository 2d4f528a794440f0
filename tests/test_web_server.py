"""``qmkg serve`` as a user runs it: one real uvicorn process on 127.0.0.1, abused, then driven by Chromium.

The server runs with short limits (2 s a query, 1,000 rows, 2 workers, 16 waiting, 1 s to send a
body). Abuse is bounded: a few expensive queries, one 1 MB body, 16 clients of 4 requests each.
Nothing asserts on timing; where order matters (a cheap query answered while an expensive one
runs) the test compares which finished first.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from qmkg.network.views import CHROMIUM, CHROMIUM_ARGS

from .conftest import _free_port, missing_tool

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.server, pytest.mark.slow]
QMKG = [sys.executable, "-c", "import sys; from qmkg.cli.main import main; sys.exit(main())"]  # qmkg, from this tree
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CARTESIAN_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


@dataclass
class Server:
    base: str
    proc: subprocess.Popen
    log: Path
    port: int


def get(url: str, *, accept: str | None = None, timeout: float = 30) -> tuple[int, object, bytes]:
    """Status, headers (case-insensitive) and body of a GET."""
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def sparql(server: Server, query: str, accept: str = "text/csv") -> tuple[int, object, bytes]:
    return get(server.base + "/sparql?" + urllib.parse.urlencode({"query": query}), accept=accept)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``qmkg serve`` in its own process on a free port of 127.0.0.1; its log goes to a file."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*QMKG, "serve", "--port", str(port), "--timeout", "2",
             "--max-rows", "1000", "--workers", "2", "--queue", "16", "--memory", "1024", "--request-timeout", "1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if get(base + "/sparql?query=ASK%7B%7D", timeout=2)[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"qmkg serve did not start: {log.read_text()[-800:]}")
        time.sleep(0.1)
    yield Server(base, proc, log, port)
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    kids = Path(f"/proc/{pid}/task/{pid}/children")
    for p in [pid, *(int(c) for c in (kids.read_text().split() if kids.exists() else []))]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except FileNotFoundError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


# --- over a real socket ---------------------------------------------------------------------

def test_one_log_line_per_request(server):
    status, _, _ = get(server.base + "/queries?marker=one-line-each")
    assert status == 200
    for _ in range(50):
        lines = [line for line in server.log.read_text().splitlines() if "marker=one-line-each" in line]
        if lines:
            break
        time.sleep(0.1)
    assert len(lines) == 1 and '"GET /queries?marker=one-line-each" 200' in lines[0]


def test_expensive_query_stops_while_a_cheap_one_answers(server):
    done: dict[str, object] = {}

    def expensive():
        done["expensive"] = sparql(server, CARTESIAN_COUNT)
        done["expensive_at"] = time.monotonic()

    t = threading.Thread(target=expensive)
    t.start()
    cheap = []
    while t.is_alive() and len(cheap) < 200:
        status, _, body = sparql(server, "SELECT ?o WHERE { <https://example.org/qmkg/id/org/samr> ?p ?o } LIMIT 1")
        cheap.append((status, time.monotonic()))
    t.join()
    status, _, body = done["expensive"]
    assert status == 503 and b"time limit of 2 s" in body
    assert cheap and all(s == 200 for s, _ in cheap)
    assert cheap[0][1] < done["expensive_at"]  # answered while the expensive query was running


def test_greedy_query_is_stopped_and_memory_stays_bounded(server):
    status, _, body = sparql(server, CARTESIAN_SORTED)
    assert status == 503, body
    after = sparql(server, "ASK {}")
    assert after[0] == 200, after[2]
    # server and workers: well under the 3 x 1 GB the limits allow (each worker holds ~40 MB of graph)
    assert _tree_rss_kb(server.proc.pid) < 1024 * 1024


def test_huge_result_is_truncated(server):
    status, headers, body = sparql(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", accept="text/tab-separated-values")
    assert status == 200 and headers["X-QMKG-Truncated"].startswith("true")
    assert body.count(b"\n") == 1001


def test_one_megabyte_query_is_413(server):
    body = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (1024 * 1024)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("POST", "/sparql", body=body, headers={"Content-Type": "application/sparql-query"})
        assert conn.getresponse().status == 413
    except (BrokenPipeError, ConnectionResetError):  # the server may answer and close before all is sent
        pass
    finally:
        conn.close()
    assert sparql(server, "ASK {}")[0] == 200


@pytest.mark.parametrize("query, accept, status", [
    ("SELECT * WHERE { ?s ?p ", "text/csv", 400),
    ("ASK {}", "text/csv;q=x;;, ,/,*/*;q=7", 200),
    ("ASK {}", "image/png", 406),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "text/csv", 403),
])
def test_bad_queries_and_headers(server, query, accept, status):
    assert sparql(server, query, accept)[0] == status


def test_slow_clients_hold_nobody_up(server):
    stalled = socket.create_connection(("127.0.0.1", server.port))
    stalled.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
    trickle = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    trickle.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                    b"Content-Length: 100\r\n\r\nASK {")  # 5 bytes of 100, then nothing
    try:
        assert sparql(server, "ASK {}")[0] == 200
        assert trickle.recv(200).startswith(b"HTTP/1.1 408")  # after --request-timeout 1
    finally:
        stalled.close()
        trickle.close()
    assert sparql(server, "ASK {}")[0] == 200


def test_sixteen_concurrent_clients(server):
    urls = [server.base + "/queries/organisers-by-theme?theme=%E8%AE%A1%E9%87%8F&format=csv",
            server.base + "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
            server.base + "/id/org/samr",
            server.base + "/"]

    def client(i: int) -> list[int]:
        return [get(urls[(i + k) % len(urls)])[0] for k in range(4)]

    with ThreadPoolExecutor(16) as pool:
        statuses = [s for got in pool.map(client, range(16)) for s in got]
    assert statuses == [200] * 64


# --- in Chromium ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    missing = None
    if not Path(CHROMIUM).is_file():
        missing = f"Debian's chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        missing = "Playwright for Python: pip install -e '.[test]'"
    if missing:
        missing_tool(f"the browser tests need {missing}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@dataclass
class Tab:
    page: object
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def open_tab(browser, server: Server, path: str) -> Tab:
    """A page of the server; console errors and any request not to the server are recorded (and refused)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    tab = Tab(page)
    page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: tab.errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(server.base + "/"):
            r.continue_()
        else:
            tab.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(server.base + path)
    return tab


@pytest.mark.browser
def test_browser_query_form_runs_and_shows_rows(browser, server):
    tab = open_tab(browser, server, "/queries/organisers-by-theme")
    page = tab.page
    page.wait_for_function("() => document.querySelector('input[name=theme]').dataset.labels > 0")
    page.fill("input[name=theme]", "计量")
    page.click("form.query-form button[type=submit]")
    page.wait_for_selector("#results tbody tr")
    assert page.locator("#results tbody tr").count() == 3
    assert "theme=%E8%AE%A1%E9%87%8F" in page.url  # the answer's URL can be shared
    assert tab.errors == [] and tab.external == [], (tab.errors, tab.external)
    page.close()


@pytest.mark.browser
def test_browser_yasgui_runs_a_query_against_the_endpoint(browser, server):
    tab = open_tab(browser, server, "/sparql")
    page = tab.page
    page.wait_for_function("() => window.qmkgYasgui !== undefined")
    with page.expect_response(lambda r: r.url.startswith(server.base + "/sparql") and r.request.method == "POST") as resp:
        page.evaluate("""() => {
            const tab = window.qmkgYasgui.getTab();
            tab.setQuery('SELECT ?label WHERE { <https://example.org/qmkg/id/org/samr> skos:prefLabel ?label } ORDER BY ?label');
            tab.query();
        }""")
    assert resp.value.status == 200
    page.wait_for_function("() => document.querySelector('.yasr') && "
                           "document.querySelector('.yasr').innerText.includes('市场监管总局')")
    tabs = page.evaluate("() => Object.keys(window.qmkgYasgui._tabs).length")
    assert tabs > 1  # the named queries as example tabs
    assert tab.errors == [] and tab.external == [], (tab.errors, tab.external)
    page.close()


@pytest.mark.browser
def test_browser_entity_page_highlights_its_sentence(browser, server):
    tab = open_tab(browser, server, "/id/activity/2024/1-01-13")
    page = tab.page
    mark = page.locator("mark#highlight")
    assert mark.inner_text() == "开展2024年消费品质量安全消费者教育活动"
    assert mark.is_visible()
    assert page.evaluate("() => getComputedStyle(document.querySelector('mark#highlight')).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.click("text=English")
    assert page.url.endswith("lang=en") and page.locator("mark#highlight").count() == 1
    assert tab.errors == [] and tab.external == [], (tab.errors, tab.external)
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/?lang=en", "/id/notice/2024",
                                  "/network/organiser?iri=https%3A%2F%2Fexample.org%2Fqmkg%2Fid%2Forg%2Fsamr"])
def test_browser_pages_stay_local_and_clean(browser, server, path):
    tab = open_tab(browser, server, path)
    tab.page.wait_for_load_state("load")
    assert tab.errors == [] and tab.external == [], (tab.errors, tab.external)
    tab.page.close()


def test_server_is_still_up(server):
    assert server.proc.poll() is None
    assert get(server.base + "/")[0] == 200
    assert json.loads(sparql(server, "ASK {}", accept="application/sparql-results+json")[2])["boolean"] is True
