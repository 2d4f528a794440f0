"""The network projections (qmkg/network/projections.py): each is checked against SPARQL answers.

Counts are checked against SPARQL answers on the freshly built 2024 graph (independent queries
written here, and the query library); named facts were checked by reading the notice
(graph/sources/2024-quality-month-activities.txt), and the test says where.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from qmkg import network as nw
from qmkg.cli.main import main
from qmkg.core.errors import InputError
from qmkg.core.resources import queries_dir, ui_labels
from qmkg.query.library import QueryResult, QueryService, StoredQuery, parse_query_file
from qmkg.query.remote import RemoteEngine

from .networks import by_label, labels_of

QM = "https://example.org/qmkg/ontology#"
PREFIXES = f"PREFIX qm: <{QM}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
NETWORK_QUERIES = sorted((queries_dir() / "network").glob("*.rq"))


@pytest.fixture(scope="module")
def graphs(qs) -> dict[str, nx.Graph]:
    return {k: nw.projection(qs, k) for k in nw.KINDS}


def _count(qs, where: str) -> int:
    return int(qs.sparql(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows[0][0].value)


def _snapshot(G: nx.Graph) -> tuple:
    return (dict(G.graph), list(G.nodes(data=True)), list(G.edges(data=True)))


class RecordingService(QueryService):
    """The real query service over the real engine, which also records the stored queries it runs
    and can answer one of them with no rows (to see what the projections do without it)."""

    def __init__(self, engine, *, empty: str | None = None):
        super().__init__(engine)
        self.ran: list[str] = []
        self.empty = empty

    def run_stored(self, query: StoredQuery) -> QueryResult:
        self.ran.append(query.name)
        res = super().run_stored(query)
        return QueryResult(res.columns, ()) if query.name == self.empty else res


# --- the queries the projections run ---------------------------------------------------------

@pytest.mark.parametrize("path", NETWORK_QUERIES, ids=lambda p: p.name)
def test_network_query_header_parses_and_query_runs(path: Path, qs):
    q = parse_query_file(path)  # strict: a malformed header raises ConfigError
    res = nw.run_network_query(qs, q.name)
    assert res.columns == q.columns
    assert len(res) > 0, f"{q.name} returns no rows on the 2024 graph"
    assert nw.network_queries()[q.name] == q  # read by the query library's own loader


@pytest.fixture(scope="module")
def recorded(qs) -> dict[str, tuple[list[str], tuple]]:
    """Each projection run once on a recording service: the queries it ran and what it built."""
    out = {}
    for kind in nw.KINDS:
        rec = RecordingService(qs.engine)
        out[kind] = (rec.ran, _snapshot(nw.projection(rec, kind)))
    return out


@pytest.mark.parametrize("path", NETWORK_QUERIES, ids=lambda p: p.name)
def test_every_network_query_is_used(path: Path, qs, recorded):
    """Every network query is run by a projection, and its rows matter: with none, the projection differs."""
    users = [kind for kind, (ran, _) in recorded.items() if path.stem in ran]
    assert users, f"no projection runs {path.stem}"
    for kind in users:
        emptied = nw.projection(RecordingService(qs.engine, empty=path.stem), kind)
        assert _snapshot(emptied) != recorded[kind][1], f"{kind} ignores the rows of {path.stem}"


def test_network_queries_stay_out_of_the_query_library():
    from qmkg.query.library import library

    assert not set(library()) & {"organisers", "themes", "campaign-organisers", "theme-ancestors"}


def test_stored_query_with_parameters_is_refused_by_run_stored(qs):
    from qmkg.query.library import library

    with pytest.raises(InputError, match="takes parameters"):
        qs.run_stored(library()["organisers-by-theme"])


@pytest.fixture(scope="module")
def remote_qs(oxigraph_server, built_graph) -> QueryService:
    """The Oxigraph server, loaded with the built graph by ``qmkg push``: it answers SPARQL and nothing else."""
    assert main(["push", "--endpoint", f"{oxigraph_server}/store", "--graph", str(built_graph)]) == 0
    return QueryService(RemoteEngine(f"{oxigraph_server}/query"))


@pytest.mark.server
def test_projections_need_nothing_but_sparql(graphs, remote_qs):
    """The projections do not walk triples: over a SPARQL endpoint, which answers queries and nothing
    else, they build the same graphs as over the embedded store."""
    for kind, G in graphs.items():
        assert _snapshot(nw.projection(remote_qs, kind)) == _snapshot(G), kind


def test_titles_and_kinds_come_from_the_labels_file(graphs):
    titles = ui_labels()["projections"]
    assert nw.KINDS == tuple(titles) == ("organiser-theme", "theme-cooccurrence", "organiser-similarity",
                                         "campaign", "regional-cooperation")
    for kind, G in graphs.items():
        assert (G.graph["title"], G.graph["title_en"]) == (titles[kind]["zh"], titles[kind]["en"]) == nw.TITLES[kind]
        for k, (zh, en) in nw.ORGANISER_KIND_LABELS.items():
            assert G.graph["groups"][k] == (zh, en) == (ui_labels()["groups"][k]["zh"], ui_labels()["groups"][k]["en"])
    assert set(nw.ORGANISER_KIND_LABELS) == {*nw.ORGANISER_KINDS, "other"}


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


def test_nodes_carry_labels_and_activity_texts(graphs, source_text):
    G = graphs["organiser-theme"]
    samr = by_label(G, "市场监管总局")
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
    themes = labels_of(ego, (n for n, d in ego.nodes(data=True) if d["type"] == "theme"))
    # 计量 (市场监管总局, 山东省, 辽宁省) and 检验检测 (开放日 …) are named in the notice.
    assert {"计量", "检验检测"} <= themes
    assert "市场监管总局" in labels_of(ego, ego)


def test_organiser_ego_is_the_organiser_and_its_themes(graphs, qs):
    G = graphs["organiser-theme"]
    samr = by_label(G, "市场监管总局")
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
    tiequan = by_label(G, "铁拳")
    assert G.nodes[tiequan]["type"] == "campaign"
    assert labels_of(G, G[tiequan]) == {"市场监管总局", "广东省", "广西壮族自治区"}
    gx = by_label(G, "广西壮族自治区")
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
    js, cq = by_label(G, "江苏省"), by_label(G, "重庆市")
    assert labels_of(G, G[js]) == {"浙江省", "安徽省", "江西省", "上海市"}
    assert "苏浙皖赣沪" in G.edges[js, by_label(G, "江西省")]["notes"]
    assert labels_of(G, G[cq]) == {"四川省"}
    assert "长三角" in G.edges[by_label(G, "浙江省"), by_label(G, "上海市")]["notes"]
    assert all(d["kind"] == "region" for _, d in G.nodes(data=True))


def test_projections_are_deterministic(qs, graphs):
    for kind, G in graphs.items():
        again = nw.projection(qs, kind)
        assert list(again.nodes(data=True)) == list(G.nodes(data=True)), kind
        assert list(again.edges(data=True)) == list(G.edges(data=True)), kind


def test_unknown_kind_suggests_a_name(qs):
    with pytest.raises(InputError, match="did you mean: campaign"):
        nw.projection(qs, "campain")
