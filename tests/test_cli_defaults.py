"""One rule for where the graph is (issue 13, item 8): what ``qmkg build`` writes by default is what
``stats``, ``query``, ``export``, ``validate`` and ``network`` read by default; when they read another
file (the bundled graph), they say which on stderr. Run as a user would, from an empty folder."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from qmkg.core.resources import data_root, default_graph, default_graph_dir, find_default_graph

SMALL = Path(__file__).parent / "data" / "notices" / "2025-sichuan.txt"


def qmkg(cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    exe = shutil.which("qmkg")
    assert exe, "qmkg is not installed"
    return subprocess.run([exe, *argv], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_item8_build_writes_where_the_readers_look(tmp_path):
    before = qmkg(tmp_path, "stats", "--format", "json")
    assert before.returncode == 0
    assert before.stderr.startswith(f"qmkg: reading the bundled graph {default_graph()}")  # and says so
    assert json.loads(before.stdout)["activities"] > 150  # the 2024 notice

    built = qmkg(tmp_path, "build", str(SMALL), "-q")
    assert built.returncode == 0, built.stderr
    (graph,) = tmp_path.glob("qm-*.ttl")  # in the working directory, not ./graph/
    assert f"wrote {graph}" in built.stdout and "12 activities" in built.stdout

    after = qmkg(tmp_path, "stats", "--format", "json")
    assert after.returncode == 0 and after.stderr == ""  # the file build wrote: nothing to explain
    assert json.loads(after.stdout)["activities"] == 12  # the Sichuan notice's, not the bundled 2024 graph's

    exported = qmkg(tmp_path, "export", "--format", "nt")
    assert exported.returncode == 0 and exported.stderr == ""
    assert "/month/2025>" in exported.stdout and "/month/2024>" not in exported.stdout
    # validate and network read through the same cli.options.graph_path (validate takes 5 s: not run here)


def test_item8_several_graphs_the_newest_is_read_and_named(tmp_path):
    old, new = tmp_path / "qm-2023.ttl", tmp_path / "qm-2025.ttl"
    old.write_text("", encoding="utf-8")
    new.write_text("", encoding="utf-8")
    import os

    os.utime(old, (1, 1))
    path, note = find_default_graph(tmp_path)
    assert path == new and "newest of 2 graphs" in note


def test_item8_inside_the_checkout_the_graph_folder_is_the_default():
    assert default_graph_dir(data_root() / "tests") == data_root() / "graph"
    assert find_default_graph(data_root() / "graph")[0].parent == data_root() / "graph"
