"""A remote endpoint under one deadline for the whole request (issue 13, item 6), answers that are cut
off, and a Graph Store URL given where a query URL belongs (item 10).

The slow endpoints are tiny ``http.server`` handlers on 127.0.0.1: one drips its answer a byte a
second, one drips even its status line, one answers HTTP 200 with a cut-off body (as the Oxigraph
server does when its own ``--timeout-s`` fires).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from qmkg.cli.main import main
from qmkg.core.errors import QmkgError
from qmkg.query.limits import LimitError
from qmkg.query.remote import RemoteEngine

STOP = threading.Event()


class Endpoint(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/drip-head"):
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        if self.path.startswith("/cut"):
            self.wfile.write(b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "lit')
            return
        self._drip(b'{"head": {"vars": ["n"]}, "results": {"bindings": []}}' * 100)

    def _drip(self, data: bytes) -> None:
        try:
            for byte in data:
                if STOP.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(1)
        except OSError:  # the client gave up: as it should
            return


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    STOP.set()
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/drip/query", "/drip-head/query"])
def test_item6_a_dripping_endpoint_meets_one_deadline(endpoint, path):
    """Each read gets a byte within 1 s, so a per-read timeout of 2 s would never fire; the request's does."""
    engine = RemoteEngine(endpoint + path, timeout=2)
    start = time.monotonic()
    with pytest.raises(LimitError, match=r"time limit of 2 s"):
        engine.select("SELECT ?n WHERE { ?n ?p ?o }")
    assert time.monotonic() - start < 60  # a guard against hanging, not a timing claim


def test_item6_the_command_gives_up_with_one_line(endpoint, capsys):
    status = main(["query", "slogans", "--endpoint", endpoint + "/drip/query", "--timeout", "2"])
    out, err = capsys.readouterr()
    assert status == 3 and out == ""
    assert err == "qmkg: error: the query was stopped at its time limit of 2 s (--timeout)\n"


def test_item6_a_cut_off_answer_is_an_error_not_an_empty_result(endpoint, capsys):
    with pytest.raises(QmkgError, match="not SPARQL results JSON"):
        RemoteEngine(endpoint + "/cut/query", timeout=10).select("SELECT ?n WHERE { ?n ?p ?o }")
    status = main(["sparql", "SELECT ?n WHERE { ?n ?p ?o }", "--endpoint", endpoint + "/cut/query"])
    out, err = capsys.readouterr()
    assert status == 1 and out == "" and err.count("\n") == 1 and "cut off" in err


@pytest.mark.server
def test_item10_a_graph_store_url_gets_a_hint(oxigraph_server, capsys):
    status = main(["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", oxigraph_server + "/store"])
    _, err = capsys.readouterr()
    assert status == 1 and err.count("\n") == 1
    assert "HTTP 415" in err and "Graph Store URL" in err and "/query" in err


@pytest.mark.server
def test_remote_ask_and_construct(oxigraph_server, capsys):
    url = oxigraph_server + "/query"
    assert RemoteEngine(url).answer("ASK { }").boolean is True
    assert main(["sparql", "CONSTRUCT { <urn:a> <urn:b> 'c' } WHERE { }", "--endpoint", url, "--format", "nt"]) == 0
    assert capsys.readouterr().out == '<urn:a> <urn:b> "c" .\n'
