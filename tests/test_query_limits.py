"""Queries under limits (issue 13, item 5): a time limit, a memory limit and a row cap for the embedded
engine, and rows written as they come instead of collected first.

The runaway query is the issue's three-way cartesian product of the 2024 graph (about 10^11 rows).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pytest

from qmkg.cli.main import main
from qmkg.core.errors import QmkgError
from qmkg.query.limits import LimitError, Limits, run_limited

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HEAVY = ("networkx", "owlrl", "pyshacl", "pyvis", "rdflib")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_item5_the_cartesian_product_stops_at_its_time_limit(built_graph):
    """As the issue ran it, with the installed command: one line naming the limit, a non-zero exit."""
    exe = shutil.which("qmkg")
    assert exe
    p = subprocess.run([exe, "sparql", "--timeout", "2", CARTESIAN, "--graph", str(built_graph)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120)
    assert p.returncode == 3
    assert p.stderr == "qmkg: error: the query was stopped at its time limit of 2 s (--timeout)\n"


def test_item5_rows_are_written_while_the_query_runs(capsys, built_graph):
    """Stopped at its limit, the query has already written rows: nothing waited for the whole result."""
    status, out, err = run(capsys, "sparql", "--timeout", "1.5", CARTESIAN, "--graph", str(built_graph), "--format", "tsv")
    assert status == 3 and "time limit of 1.5 s" in err
    lines = out.split("\n")
    assert lines[0] == "?a\t?b\t?c\t?d\t?e\t?f\t?g\t?h\t?i"  # the query's order, not sorted
    assert len(lines) > 1000


def test_item5_a_query_that_outgrows_its_memory_is_stopped(capsys, built_graph):
    # ORDER BY makes the engine hold every row before the first: 300 MB is gone in a second
    status, out, err = run(capsys, "sparql", CARTESIAN + " ORDER BY ?i", "--graph", str(built_graph),
                           "--max-memory", "300", "--timeout", "60")
    assert status == 3 and out == ""
    assert err.startswith("qmkg: error: the query was stopped at its memory limit of 300 MB") and err.count("\n") == 1


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_item5_max_rows_caps_the_rows_and_says_so(capsys, built_graph, fmt):
    status, out, err = run(capsys, "sparql", CARTESIAN, "--graph", str(built_graph), "--format", fmt, "--max-rows", "5")
    assert status == 0
    assert err == "qmkg: warning: only the first 5 rows were written (--max-rows 5)\n"
    if fmt == "json":
        import json

        assert len(json.loads(out)["results"]["bindings"]) == 5
    elif fmt == "table":
        assert out.rstrip().endswith("(5 rows)")
    else:
        assert len(out.splitlines()) == 6


def test_item5_no_note_when_the_rows_fit(capsys, built_graph):
    status, out, err = run(capsys, "query", "slogans", "--graph", str(built_graph), "--max-rows", "10", "--format", "csv")
    assert status == 0 and err == "" and len(out.splitlines()) == 11  # 10 slogans, hand-counted in the notice


def test_item5_a_stopped_query_leaves_no_output_file(capsys, built_graph, tmp_path):
    target = tmp_path / "rows.csv"
    status, _, err = run(capsys, "sparql", "--timeout", "1", CARTESIAN, "--graph", str(built_graph), "--format", "csv",
                         "-o", str(target))
    assert status == 3 and "time limit" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, message", [
    (["--timeout", "0"], "--timeout must be more than 0"),
    (["--timeout", "-3"], "--timeout must be more than 0"),
    (["--max-rows", "0"], "--max-rows must be more than 0"),
    (["--max-memory", "10"], "--max-memory must be at least 256"),
])
def test_item5_limit_values_are_checked(capsys, built_graph, argv, message):
    status, out, err = run(capsys, "sparql", CARTESIAN, "--graph", str(built_graph), *argv)
    assert status == 2 and out == "" and message in err and err.count("\n") == 1


def test_item5_the_child_reports_errors_as_one_line():
    def fails(sink):
        sink.write("partial ")
        raise QmkgError("it went wrong")

    buf = io.BytesIO()
    with pytest.raises(QmkgError, match="it went wrong"):
        run_limited(fails, buf, Limits(timeout=30))
    assert buf.getvalue() == b"partial "

    def sleeps(sink):
        import time

        time.sleep(60)
        return []

    with pytest.raises(LimitError, match="time limit of 0.5 s"):
        run_limited(sleeps, io.BytesIO(), Limits(timeout=0.5))


def test_item5_the_query_commands_import_no_heavy_library(built_graph, tmp_path):
    """``query``, ``sparql``, ``stats`` and ``queries`` run with rdflib, networkx, pyvis, owlrl, pyshacl blocked."""
    code = (f"import sys\nfor m in {HEAVY!r}: sys.modules[m] = None\n"
            "from qmkg.cli.main import main\n"
            f"g = {str(built_graph)!r}\n"
            "assert main(['query', 'slogans', '--graph', g, '--format', 'csv']) == 0\n"
            "assert main(['sparql', 'ASK { ?s ?p ?o }', '--graph', g, '--format', 'json']) == 0\n"
            "assert main(['sparql', 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2', '--graph', g]) == 0\n"
            "assert main(['stats', '--graph', g]) == 0\n"
            "assert main(['queries']) == 0\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert '"boolean": true' in p.stdout
