"""Metrics of a network: weighted degree, betweenness, communities, bridges, and a summary.

>>> import networkx as nx
>>> weighted_degree(nx.Graph([("a", "b", {"weight": 2})]))
{'a': 2, 'b': 2}
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from qmkg.core.errors import InputError
from qmkg.network.projections import BETWEENNESS_SAMPLES, EXACT_BETWEENNESS_LIMIT, SEED


def weighted_degree(G: nx.Graph) -> dict[str, float]:
    """The sum of the weights of each node's edges.

    >>> weighted_degree(nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})]))
    {'a': 2, 'b': 3, 'c': 1}
    """
    return dict(G.degree(weight="weight"))


def betweenness(G: nx.Graph, *, k: int | None = None, seed: int = SEED,
                exact_limit: int = EXACT_BETWEENNESS_LIMIT) -> tuple[dict[str, float], int | None]:
    """Betweenness centrality (by hops), sampled from ``k`` sources on big graphs.

    Exact betweenness is quadratic, so above ``exact_limit`` nodes ``k`` defaults to
    :data:`BETWEENNESS_SAMPLES`. Returns the scores and the sample size used (None: exact).

    >>> scores, k = betweenness(nx.path_graph(["a", "b", "c"]))
    >>> scores["b"], k
    (1.0, None)
    """
    n = G.number_of_nodes()
    if k is None and n > exact_limit:
        k = BETWEENNESS_SAMPLES
    if k is not None and k >= n:
        k = None
    return nx.betweenness_centrality(G, k=k, seed=seed), k


def communities(G: nx.Graph, *, seed: int = SEED, resolution: float = 1.0) -> list[frozenset[str]]:
    """Louvain communities (weighted, fixed seed), biggest first, ties by their first member.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> [sorted(c) for c in communities(G)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if G.number_of_edges() == 0:
        return [frozenset([n]) for n in sorted(G)]
    found = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c)))


def bridges(G: nx.Graph, *, include_pendant: bool = False) -> list[tuple[str, str]]:
    """Edges whose removal disconnects their component, each as a sorted pair.

    An edge to a node of degree one is trivially a bridge; those are left out unless asked for.

    >>> bridges(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d"), ("f", "g")]))
    [('c', 'd')]
    """
    out = []
    for u, v in nx.bridges(G):
        if include_pendant or (G.degree(u) > 1 and G.degree(v) > 1):
            out.append((min(u, v), max(u, v)))
    return sorted(out)


@dataclass(frozen=True)
class Score:
    """One node's value for one metric."""

    node: str
    label: str
    type: str
    kind: str
    value: float


@dataclass(frozen=True)
class Community:
    """A Louvain community: its members (IRIs) and the zh labels of its leading members."""

    size: int
    members: tuple[str, ...]
    leaders: tuple[str, ...]


@dataclass(frozen=True)
class Bridge:
    """An edge whose removal splits its component."""

    u: str
    v: str
    u_label: str
    v_label: str
    weight: float


@dataclass(frozen=True)
class NetworkMetrics:
    """The metrics of one network; score lists run highest first, ties by label."""

    kind: str
    nodes: int
    edges: int
    components: int
    weighted_degree: tuple[Score, ...]
    betweenness: tuple[Score, ...]
    betweenness_samples: int | None
    communities: tuple[Community, ...]
    modularity: float
    bridges: tuple[Bridge, ...]

    def leading(self, metric: str, node_type: str | None = None, n: int = 10) -> tuple[Score, ...]:
        """The ``n`` highest scores of ``metric`` (weighted_degree or betweenness), of one node type.

        >>> G = nx.Graph([("o", "t", {"weight": 3}), ("p", "t", {"weight": 1})])
        >>> nx.set_node_attributes(G, {"o": "organiser", "p": "organiser", "t": "theme"}, "type")
        >>> [(s.node, s.value) for s in analyse(G).leading("weighted_degree", "organiser", 5)]
        [('o', 3.0), ('p', 1.0)]
        """
        if metric not in ("weighted_degree", "betweenness"):
            raise InputError(f"unknown metric {metric!r}")
        scores = getattr(self, metric)
        return tuple(s for s in scores if node_type is None or s.type == node_type)[:n]

    def node_types(self) -> tuple[str, ...]:
        """The node types present, organisers first.

        >>> G = nx.Graph([("o", "t")])
        >>> nx.set_node_attributes(G, {"o": "organiser", "t": "theme"}, "type")
        >>> analyse(G).node_types()
        ('organiser', 'theme')
        """
        present = {s.type for s in self.weighted_degree}
        return tuple(t for t in ("organiser", "theme", "campaign") if t in present)

    def to_dict(self, *, top: int = 10) -> dict:
        """A JSON-ready summary: the leading nodes of each type for each metric, communities, bridges.

        >>> G = nx.Graph([("o", "t", {"weight": 2})], kind="demo")
        >>> nx.set_node_attributes(G, {"o": "organiser", "t": "theme"}, "type")
        >>> d = analyse(G).to_dict(top=1)
        >>> d["kind"], d["leading"]["weighted_degree"]["organiser"], d["communities"]
        ('demo', [{'node': 'o', 'label': 'o', 'kind': '', 'value': 2.0}], [{'size': 2, 'leaders': ['o', 't']}])
        """
        def score(s: Score) -> dict:
            return {"node": s.node, "label": s.label, "kind": s.kind, "value": round(s.value, 6)}

        return {
            "kind": self.kind, "nodes": self.nodes, "edges": self.edges, "components": self.components,
            "leading": {m: {t: [score(s) for s in self.leading(m, t, top)] for t in self.node_types()}
                        for m in ("weighted_degree", "betweenness")},
            "betweenness_samples": self.betweenness_samples,
            "modularity": round(self.modularity, 6),
            "communities": [{"size": c.size, "leaders": list(c.leaders)} for c in self.communities],
            "bridges": [{"u": b.u_label, "v": b.v_label, "weight": b.weight} for b in self.bridges],
        }


def analyse(G: nx.Graph, *, seed: int = SEED, betweenness_k: int | None = None) -> NetworkMetrics:
    """Weighted degree, betweenness, Louvain communities and bridges of a projection.

    Parameters
    ----------
    G : networkx.Graph
        A projection (see :func:`projection`).
    seed : int
        Seed for Louvain and for sampled betweenness, so the answer is the same on every run.
    betweenness_k : int, optional
        Sample size for betweenness; by default exact up to :data:`EXACT_BETWEENNESS_LIMIT` nodes.

    Returns
    -------
    NetworkMetrics

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1})])
    >>> m = analyse(G)
    >>> m.weighted_degree[0].node, m.betweenness[0].node, m.nodes, m.edges
    ('b', 'b', 3, 2)
    """
    def label(n: str) -> str:
        return G.nodes[n].get("label", n)

    def scores(values: dict[str, float]) -> tuple[Score, ...]:
        ranked = sorted(values.items(), key=lambda kv: (-kv[1], label(kv[0]), kv[0]))
        return tuple(Score(n, label(n), G.nodes[n].get("type", ""), G.nodes[n].get("kind", ""), float(v))
                     for n, v in ranked)

    degree = weighted_degree(G)
    between, k = betweenness(G, k=betweenness_k, seed=seed)
    comms = communities(G, seed=seed)
    modularity = nx.community.modularity(G, comms, weight="weight") if G.number_of_edges() else 0.0
    community_list = tuple(
        Community(len(c), tuple(sorted(c)),
                  tuple(label(n) for n in sorted(c, key=lambda n: (-degree[n], label(n), n))[:5]))
        for c in comms
    )
    bridge_list = tuple(Bridge(u, v, label(u), label(v), float(G.edges[u, v].get("weight", 1)))
                        for u, v in bridges(G))
    return NetworkMetrics(
        kind=G.graph.get("kind", ""), nodes=G.number_of_nodes(), edges=G.number_of_edges(),
        components=nx.number_connected_components(G) if len(G) else 0,
        weighted_degree=scores(degree), betweenness=scores(between), betweenness_samples=k,
        communities=community_list, modularity=float(modularity), bridges=bridge_list,
    )
