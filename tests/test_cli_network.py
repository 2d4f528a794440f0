"""``qmkg network`` (qmkg/cli/network.py): stats, view and site, in-process and as the installed command."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest

from qmkg import network as nw
from qmkg.cli.main import main

from .networks import by_label


@pytest.fixture(scope="module")
def graphs(qs) -> dict[str, nx.Graph]:
    return {k: nw.projection(qs, k) for k in nw.KINDS}


def test_cli_kinds_match_the_module(built_graph, tmp_path, capsys):
    from qmkg.cli import network as netcli

    assert netcli._KINDS == nw.KINDS
    # the command takes exactly the organiser kinds the module can restrict a view to
    for kind in nw.ORGANISER_KINDS:
        out = tmp_path / f"{kind}.html"
        assert main(["network", "view", "organiser-theme", "--organiser-kind", kind, "-o", str(out),
                     "--graph", str(built_graph)]) == 0
        assert out.is_file()
    assert main(["network", "view", "organiser-theme", "--organiser-kind", "other", "-o", str(tmp_path / "o.html"),
                 "--graph", str(built_graph)]) == 2
    assert "choose from " + ", ".join(nw.ORGANISER_KINDS) in capsys.readouterr().err


def test_cli_stats_json(built_graph, capsys):
    assert main(["network", "stats", "organiser-theme", "--graph", str(built_graph), "--format", "json", "--top", "3"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["kind"] == "organiser-theme"
    assert doc["leading"]["weighted_degree"]["organiser"][0]["label"] == "市场监管总局"
    assert len(doc["leading"]["betweenness"]["theme"]) == 3
    assert doc["communities"] and "bridges" in doc


def test_cli_stats_table_covers_every_kind(built_graph, capsys):
    assert main(["network", "stats", "--graph", str(built_graph), "--top", "3"]) == 0
    out = capsys.readouterr().out
    for kind in nw.KINDS:
        assert f"== {kind}:" in out
    assert "市场监管总局" in out and "铁拳" in out


@pytest.mark.parametrize("argv, message", [
    (["network", "stats", "nope"], "unknown network kind 'nope'"),
    (["network", "view", "campain"], "did you mean: campaign"),
    (["network", "view", "campaign", "--theme", "计量"], "has no themes"),
    (["network", "view", "organiser-theme", "--theme", "计亮"], "unknown theme '计亮'; did you mean: 计量"),
    (["network", "view", "organiser-theme", "--organiser", "市场监督总局"], "unknown organiser"),
    (["network", "view", "organiser-theme", "--theme", "老年人"], "no activity in the organiser-theme network is about '老年人'"),
    (["network", "view", "organiser-theme", "--organiser-kind", "ministry"], "unknown organiser kind"),
    (["network", "view", "organiser-theme", "-o", "view.txt"], "ending in .html"),
    (["network", "view", "theme-cooccurrence", "--organiser", "市场监管总局"], "has no organisers"),
    (["network", "stats", "--top", "0"], "--top must be at least 1"),
])
def test_cli_bad_input_is_one_line_and_status_2(argv, message, built_graph, tmp_path, capsys):
    argv = [*argv, "--graph", str(built_graph)]
    if "view" in argv and "-o" not in argv:
        argv += ["-o", str(tmp_path / "v.html")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("qmkg: error: ") and message in err
    assert not list(tmp_path.iterdir())


def test_cli_missing_graph_is_status_2(tmp_path, capsys):
    assert main(["network", "stats", "--graph", str(tmp_path / "none.ttl")]) == 2
    assert "no such graph file" in capsys.readouterr().err


def test_cli_view_writes_one_page(built_graph, tmp_path, capsys, graphs):
    out = tmp_path / "samr.html"
    assert main(["network", "view", "organiser-theme", "--organiser", "SAMR", "-o", str(out),
                 "--graph", str(built_graph)]) == 0
    G = graphs["organiser-theme"]
    ego = nw.organiser_ego(G, by_label(G, "市场监管总局"))
    assert f"{ego.number_of_nodes()} nodes, {ego.number_of_edges()} edges" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page and "市场监管总局" in page
    assert [p.name for p in tmp_path.iterdir()] == ["samr.html"]


def test_cli_site_links_every_view(built_graph, tmp_path, qs):
    assert main(["network", "site", str(tmp_path / "site"), "--graph", str(built_graph), "--ego-top", "3"]) == 0
    site = tmp_path / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in site.glob("*.html") if p.name != "index.html")
    for kind in nw.KINDS:
        assert f"{kind}.html" in pages
    for kind in nw.ORGANISER_KINDS:
        assert f"organiser-theme-{kind}.html" in pages
    groups = {d["group"] for _, d in nw.organiser_theme(qs).nodes(data=True) if d["type"] == "theme"}
    assert len([p for p in pages if p.startswith("theme-") and p != "theme-cooccurrence.html"]) == len(groups)
    assert "organiser-samr.html" in pages and len([p for p in pages if p.startswith("organiser-") and
                                                   not p.startswith(("organiser-theme", "organiser-similarity"))]) == 3
    for name in pages:
        assert f'href="{name}"' in index
    assert not list(site.glob("lib")) and not list(site.glob("*.js"))


def test_cli_end_to_end_writes_nothing_but_the_page(built_graph, tmp_path):
    """The installed command, run as a user would, in an empty folder: no lib/ folder appears."""
    proc = subprocess.run(["qmkg", "network", "view", "regional-cooperation", "--graph", str(built_graph)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["regional-cooperation.html"]
    assert "7 nodes, 8 edges" in proc.stdout


def test_query_commands_do_not_import_networkx_or_pyvis():
    code = ("import sys; from qmkg.cli import parser; parser(); "
            "print(sorted(m for m in ('networkx', 'pyvis', 'qmkg.network', 'qmkg.network.views') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
