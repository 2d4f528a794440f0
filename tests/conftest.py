"""Shared fixtures: the bundled notice, a graph built from it once per session, a real Oxigraph server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from qmkg.core.resources import default_source
from qmkg.pipeline import run_build
from qmkg.query.library import QueryService

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_INSTALL = "apt-get install chromium fonts-noto-cjk && pip install -e '.[test]'"


def missing_tool(message: str) -> None:
    """A tool a test needs is not installed: skip with ``message`` (the install line), except under CI
    (env CI set, as .ci/run's machine sets it), where every tool must be there and the test fails."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> str:
    """The path of Debian's chromium, for a browser test; without it the test is skipped with the
    install line, except under CI (env CI=true), where a missing browser fails the test."""
    from qmkg.network.views import CHROMIUM

    missing = [] if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK) else [CHROMIUM]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright")
    if not missing:
        return CHROMIUM
    missing_tool(f"the browser tests need {' and '.join(missing)}: {CHROMIUM_INSTALL}")


@pytest.fixture(scope="session")
def source_path() -> Path:
    return default_source()


@pytest.fixture(scope="session")
def source_text(source_path) -> str:
    return source_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_graph(tmp_path_factory, source_path) -> Path:
    """The 2024 graph, built afresh (fast reasoning) into a temporary folder."""
    out = tmp_path_factory.mktemp("graph") / "qm-2024.ttl"
    run_build([source_path], output=out, reason="fast")
    return out


@pytest.fixture(scope="session")
def qs(built_graph) -> QueryService:
    """The query service on the embedded engine over the freshly built graph."""
    return QueryService.open(built_graph)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph SPARQL 1.1 server (``pip install oxigraph``) on 127.0.0.1; yields its base URL."""
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")), "--bind", f"127.0.0.1:{port}",
         "--timeout-s", "30"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    yield from serving(proc, base, "/query?query=ASK%7B%7D", "oxigraph server")


def serving(proc: subprocess.Popen, base: str, probe: str, what: str, *, timeout: float = 20,
            log=None):
    """For a server fixture: wait until ``base + probe`` answers, yield ``base``, stop the server after.

    A server that exits or does not answer within ``timeout`` fails the test with the end of its log
    (``log()``, else its stderr).
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(base + probe, timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                tail = log() if log else (proc.stderr.read().decode(errors="replace") if proc.stderr else "")
                pytest.fail(f"{what} did not start: {tail[-800:]}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def x(source_path):
    """The extraction of the bundled 2024 notice (organisers, activities, concepts …)."""
    from qmkg.extract.extractor import extract
    from qmkg.ingest.notice import parse_notice
    from qmkg.ingest.sources import read_source
    from qmkg.vocab.lexicon import load_lexicon
    from qmkg.vocab.thesaurus import load_thesaurus

    lex = load_lexicon()
    return extract(parse_notice(read_source(source_path), lex), lex, load_thesaurus())


def by_org(x, name: str) -> list:
    """The activities of one organiser (by its name as the notice writes it)."""
    return [a for a in x.activities if a.organiser.name == name]
