"""Network metrics (qmkg/network/metrics.py) on the 2024 projections and on small known graphs."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from qmkg import network as nw


@pytest.fixture(scope="module")
def graphs(qs) -> dict[str, nx.Graph]:
    return {k: nw.projection(qs, k) for k in nw.KINDS}


def test_market_regulation_leads_by_weighted_degree(graphs):
    # The notice gives 市场监管总局 by far the longest item (一、… a dozen sentences).
    m = nw.analyse(graphs["organiser-theme"])
    assert m.leading("weighted_degree", "organiser", 1)[0].label == "市场监管总局"
    assert m.leading("betweenness", "organiser", 1)[0].label == "市场监管总局"


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


def test_betweenness_is_sampled_on_big_graphs():
    G = nx.barabasi_albert_graph(600, 2, seed=1)
    exact, k = nw.betweenness(G, exact_limit=1000)
    assert k is None
    sampled, k = nw.betweenness(G, exact_limit=100)
    assert k == nw.BETWEENNESS_SAMPLES < G.number_of_nodes()
    assert nw.betweenness(G, k=50)[1] == 50
    top_exact = max(exact, key=exact.get)
    assert top_exact in sorted(sampled, key=sampled.get, reverse=True)[:5]
