"""The network projections, their metrics and the ``qmkg network`` commands.

Counts are checked against SPARQL answers on the freshly built 2024 graph (independent queries
written here, and the query library); named facts were checked by reading the notice
(graph/sources/2024-quality-month-activities.txt), and the test says where.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from qmkg import network as nw
from qmkg.cli.main import main
from qmkg.core.errors import InputError
from qmkg.core.resources import queries_dir
from qmkg.query.library import parse_query_file

QM = "https://example.org/qmkg/ontology#"
PREFIXES = f"PREFIX qm: <{QM}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
NETWORK_QUERIES = sorted((queries_dir() / "network").glob("*.rq"))


@pytest.fixture(scope="module")
def graphs(qs) -> dict[str, nx.Graph]:
    return {k: nw.projection(qs, k) for k in nw.KINDS}


def _by_label(G: nx.Graph, label: str) -> str:
    hits = [n for n, d in G.nodes(data=True) if d.get("label") == label]
    assert len(hits) == 1, f"{label!r} names {len(hits)} nodes"
    return hits[0]


def _labels(G: nx.Graph, nodes) -> set[str]:
    return {G.nodes[n]["label"] for n in nodes}


def _count(qs, where: str) -> int:
    return int(qs.sparql(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows[0][0].value)


# --- the queries the projections run ---------------------------------------------------------

@pytest.mark.parametrize("path", NETWORK_QUERIES, ids=lambda p: p.name)
def test_network_query_header_parses_and_query_runs(path: Path, qs):
    q = parse_query_file(path)  # strict: a malformed header raises ConfigError
    res = nw.run_network_query(qs, q.name)
    assert res.columns == q.columns
    assert len(res) > 0, f"{q.name} returns no rows on the 2024 graph"


@pytest.mark.parametrize("path", NETWORK_QUERIES, ids=lambda p: p.name)
def test_every_network_query_is_used(path: Path):
    source = Path(nw.projections.__file__).read_text(encoding="utf-8")
    assert f'"{path.stem}"' in source


def test_network_queries_stay_out_of_the_query_library():
    from qmkg.query.library import library

    assert not set(library()) & {"organisers", "themes", "campaign-organisers", "theme-ancestors"}


def test_projections_do_not_walk_triples():
    source = Path(nw.projections.__file__).read_text(encoding="utf-8")
    for walk in ("rdflib", ".triples(", ".quads_for_pattern(", ".objects(", ".subjects("):
        assert walk not in source


# --- organiser–theme ------------------------------------------------------------------------

def test_organiser_theme_counts_match_sparql(graphs, qs):
    G = graphs["organiser-theme"]
    pair = "?a qm:organiser ?o ; qm:hasTheme ?t ."
    organisers = _count(qs, f"SELECT DISTINCT ?o WHERE {{ {pair} }}")
    themes = _count(qs, f"SELECT DISTINCT ?t WHERE {{ {pair} }}")
    pairs = _count(qs, f"SELECT DISTINCT ?o ?t WHERE {{ {pair} }}")
    tagged = _count(qs, f"SELECT DISTINCT ?a ?t WHERE {{ {pair} }}")
    assert G.number_of_nodes() == organisers + themes
    assert G.number_of_edges() == pairs
    assert sum(w for _, _, w in G.edges(data="weight")) == tagged
    assert nx.is_bipartite(G)
    assert {d["bipartite"] for _, d in G.nodes(data=True)} == {0, 1}


def test_organiser_kinds_match_the_ontology_classes(graphs, qs):
    G = graphs["organiser-theme"]
    for kind, classes in (("department", "qm:GovernmentDepartment qm:JudicialOrgan"),
                          ("association", "qm:FederationOrAssociation"),
                          ("region", "qm:ProvinceLevelRegion qm:Corps qm:LocalRegion")):
        expected = _count(qs, f"SELECT DISTINCT ?o WHERE {{ VALUES ?c {{ {classes} }} ?o a ?c . "
                              "?a qm:organiser ?o ; qm:hasTheme ?t }")
        found = [n for n, d in G.nodes(data=True) if d["type"] == "organiser" and d["kind"] == kind]
        assert len(found) == expected, kind


def test_market_regulation_leads_by_weighted_degree(graphs):
    # The notice gives 市场监管总局 by far the longest item (一、… a dozen sentences).
    m = nw.analyse(graphs["organiser-theme"])
    assert m.leading("weighted_degree", "organiser", 1)[0].label == "市场监管总局"
    assert m.leading("betweenness", "organiser", 1)[0].label == "市场监管总局"


def test_nodes_carry_labels_and_activity_texts(graphs, source_text):
    G = graphs["organiser-theme"]
    samr = _by_label(G, "市场监管总局")
    d = G.nodes[samr]
    assert d["label_en"] == "State Administration for Market Regulation"
    assert d["activities"] and all(text in source_text for _, text in d["activities"])
    for _, _, e in G.edges(data=True):
        assert e["weight"] == len(e["activities"]) > 0
        assert all(text in source_text for _, text in e["activities"])


def test_every_theme_ego_has_the_organisers_the_query_library_finds(graphs, qs):
    """organisers-by-theme includes narrower themes; so does the theme ego view."""
    G = graphs["organiser-theme"]
    themes = sorted({t for n, d in G.nodes(data=True) if d["type"] == "theme" for t in (n, *d["broader"])})
    assert len(themes) > 20
    for theme in themes:
        ego = nw.theme_ego(G, theme)
        core = {n for n, d in ego.nodes(data=True) if d["type"] == "theme" and (n == theme or theme in d["broader"])}
        expected = {r["organiser"]: r["activities"] for r in qs.run("organisers-by-theme", theme=theme).records()}
        found = {}
        for o in (n for n, d in ego.nodes(data=True) if d["type"] == "organiser"):
            acts = {a for t in core if ego.has_edge(o, t) for a, _ in ego.edges[o, t]["activities"]}
            found[o] = len(acts)
        assert found == expected, theme


def test_quality_infrastructure_ego_covers_its_narrower_themes(graphs):
    G = graphs["organiser-theme"]
    nqi = "https://example.org/qmkg/theme/quality-infrastructure"
    ego = nw.theme_ego(G, nqi)
    themes = _labels(ego, (n for n, d in ego.nodes(data=True) if d["type"] == "theme"))
    # 计量 (市场监管总局, 山东省, 辽宁省) and 检验检测 (开放日 …) are named in the notice.
    assert {"计量", "检验检测"} <= themes
    assert "市场监管总局" in _labels(ego, ego)


def test_organiser_ego_is_the_organiser_and_its_themes(graphs, qs):
    G = graphs["organiser-theme"]
    samr = _by_label(G, "市场监管总局")
    ego = nw.organiser_ego(G, samr)
    direct = _count(qs, f"SELECT DISTINCT ?t WHERE {{ ?a qm:organiser <{samr}> ; qm:hasTheme ?t }}")
    assert ego.number_of_nodes() == direct + 1
    assert ego.number_of_edges() == direct
    assert ego.graph["title"].endswith("市场监管总局")
    with pytest.raises(InputError):
        nw.organiser_ego(G, "https://example.org/nobody")


def test_restrict_organiser_kind(graphs):
    G = graphs["organiser-theme"]
    for kind in nw.ORGANISER_KINDS:
        H = nw.restrict_organiser_kind(G, kind)
        organisers = {n for n, d in H.nodes(data=True) if d["type"] == "organiser"}
        assert organisers == {n for n, d in G.nodes(data=True) if d["type"] == "organiser" and d["kind"] == kind}
        assert all(H.degree(n) > 0 for n in H)
        assert H.number_of_edges() == sum(G.degree(o) for o in organisers)
    with pytest.raises(InputError):
        nw.restrict_organiser_kind(G, "ministry")


# --- theme co-occurrence ----------------------------------------------------------------------

def test_theme_cooccurrence_counts_match_sparql(graphs, qs):
    G = graphs["theme-cooccurrence"]
    pair = "?a qm:hasTheme ?x , ?y . FILTER(STR(?x) < STR(?y))"
    assert G.number_of_edges() == _count(qs, f"SELECT DISTINCT ?x ?y WHERE {{ {pair} }}")
    assert sum(w for _, _, w in G.edges(data="weight")) == _count(qs, f"SELECT DISTINCT ?a ?x ?y WHERE {{ {pair} }}")
    assert G.number_of_nodes() == _count(
        qs, "SELECT DISTINCT ?x WHERE { ?a qm:hasTheme ?x , ?y . FILTER(?x != ?y) }")
    assert all(d["type"] == "theme" for _, d in G.nodes(data=True))


# --- organiser similarity ---------------------------------------------------------------------

def test_similarity_is_the_jaccard_of_theme_sets(graphs, qs):
    G = graphs["organiser-similarity"]
    themes: dict[str, set[str]] = {}
    for row in qs.sparql(PREFIXES + "SELECT DISTINCT ?o ?t WHERE { ?a qm:organiser ?o ; qm:hasTheme ?t }").rows:
        themes.setdefault(row[0].value, set()).add(row[1].value)
    assert set(G) == set(themes)
    for u, v, d in G.edges(data=True):
        assert d["weight"] == pytest.approx(len(themes[u] & themes[v]) / len(themes[u] | themes[v]), abs=1e-4)
        assert set(d["shared"]) == themes[u] & themes[v] != set()
    k = G.graph["top_k"]
    for o in themes:
        scores = sorted((nw.jaccard(themes[o], themes[c]), c) for c in themes if c != o and themes[o] & themes[c])
        best = [c for _, c in sorted(scores, key=lambda s: (-s[0], s[1]))[:k]]
        assert all(G.has_edge(o, c) for c in best), o


def test_similarity_top_k_bounds_the_graph(qs):
    small, big = nw.organiser_similarity(qs, top_k=1), nw.organiser_similarity(qs, top_k=8)
    assert small.number_of_edges() <= small.number_of_nodes()
    assert set(small.edges()) <= {tuple(e) for e in big.edges()} | {(v, u) for u, v in big.edges()}
    with pytest.raises(InputError):
        nw.organiser_similarity(qs, top_k=0)


# --- campaigns and regions --------------------------------------------------------------------

def test_iron_fist_links_its_three_organisers(graphs):
    # Notice: 一、市场监管总局 …“铁拳”行动新闻发布会; 十九、广东省 …“铁拳护心守护团圆”专项行动;
    # 二十、广西壮族自治区 …“铁拳·桂在真打”执法行动.
    G = graphs["campaign"]
    tiequan = _by_label(G, "铁拳")
    assert G.nodes[tiequan]["type"] == "campaign"
    assert _labels(G, G[tiequan]) == {"市场监管总局", "广东省", "广西壮族自治区"}
    gx = _by_label(G, "广西壮族自治区")
    assert G.edges[tiequan, gx]["notes"] == ("铁拳·桂在真打",)


def test_campaign_network_counts_match_sparql(graphs, qs):
    G = graphs["campaign"]
    rows = "?a qm:organiser ?o ; qm:campaign/qm:partOfCampaign* ?c . FILTER NOT EXISTS { ?c qm:partOfCampaign ?p }"
    assert G.number_of_edges() == _count(qs, f"SELECT DISTINCT ?o ?c WHERE {{ {rows} }}")
    campaigns = [n for n, d in G.nodes(data=True) if d["type"] == "campaign"]
    assert len(campaigns) == _count(qs, f"SELECT DISTINCT ?c WHERE {{ {rows} }}")
    assert nx.is_bipartite(G)


def test_regional_cooperation_from_the_notice(graphs):
    # Notice: 十、江苏省举办苏浙皖赣沪“质量月”共同行动启动仪式; 十一、浙江省举办长三角质量提升现场交流会;
    # 二十二、重庆市 … 川渝 …; 二十三、四川省 … 川渝两地首席质量官联训联巡行动.
    G = graphs["regional-cooperation"]
    js, cq = _by_label(G, "江苏省"), _by_label(G, "重庆市")
    assert _labels(G, G[js]) == {"浙江省", "安徽省", "江西省", "上海市"}
    assert "苏浙皖赣沪" in G.edges[js, _by_label(G, "江西省")]["notes"]
    assert _labels(G, G[cq]) == {"四川省"}
    assert "长三角" in G.edges[_by_label(G, "浙江省"), _by_label(G, "上海市")]["notes"]
    assert all(d["kind"] == "region" for _, d in G.nodes(data=True))


# --- metrics --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", nw.KINDS)
def test_metrics_are_consistent_and_deterministic(kind, graphs):
    G = graphs[kind]
    m = nw.analyse(G)
    assert (m.nodes, m.edges) == (G.number_of_nodes(), G.number_of_edges())
    assert m.components == nx.number_connected_components(G)
    members = [n for c in m.communities for n in c.members]
    assert sorted(members) == sorted(G)  # a partition
    assert m == nw.analyse(G)  # fixed seed: the same communities every time
    degree = dict(G.degree(weight="weight"))
    assert [s.value for s in m.weighted_degree] == sorted(degree.values(), reverse=True)
    for b in m.bridges:
        H = G.copy()
        H.remove_edge(b.u, b.v)
        assert nx.number_connected_components(H) == m.components + 1
    json.dumps(m.to_dict())


def test_projections_are_deterministic(qs, graphs):
    for kind, G in graphs.items():
        again = nw.projection(qs, kind)
        assert list(again.nodes(data=True)) == list(G.nodes(data=True)), kind
        assert list(again.edges(data=True)) == list(G.edges(data=True)), kind


def test_betweenness_is_sampled_on_big_graphs():
    G = nx.barabasi_albert_graph(600, 2, seed=1)
    exact, k = nw.betweenness(G, exact_limit=1000)
    assert k is None
    sampled, k = nw.betweenness(G, exact_limit=100)
    assert k == nw.BETWEENNESS_SAMPLES < G.number_of_nodes()
    assert nw.betweenness(G, k=50)[1] == 50
    top_exact = max(exact, key=exact.get)
    assert top_exact in sorted(sampled, key=sampled.get, reverse=True)[:5]


def test_unknown_kind_suggests_a_name(qs):
    with pytest.raises(InputError, match="did you mean: campaign"):
        nw.projection(qs, "campain")


# --- the command ----------------------------------------------------------------------------

def test_cli_kinds_match_the_module():
    from qmkg.cli import network as netcli

    assert netcli._KINDS == nw.KINDS
    assert netcli._ORGANISER_KINDS == nw.ORGANISER_KINDS


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
    ego = nw.organiser_ego(G, _by_label(G, "市场监管总局"))
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
