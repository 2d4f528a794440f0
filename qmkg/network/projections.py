"""Networks of the graph: networkx projections built from SPARQL results.

Every projection runs the named queries in ``queries/network/*.rq`` (same strict header as the
query library) and builds an undirected :class:`networkx.Graph` from the rows; nothing here walks
triples. Node ids are IRIs. Nodes carry ``type`` (organiser, theme, campaign), ``kind`` (the
organiser kind: department, association or region; else the type), ``group`` (the colour group:
organiser kind, top-level theme or ``campaign``), ``label`` (zh), ``label_en`` and ``activities``
(``(iri, text)`` pairs behind the node). Edges carry ``weight``, ``activities`` and ``notes``
(short zh lines for a tooltip: shared themes, campaign names, region groups).

>>> import pyoxigraph as ox
>>> from qmkg.query.library import QueryService
>>> from qmkg.query.engines import OxigraphEngine
>>> store = ox.Store()
>>> store.load(_EXAMPLE_TURTLE, format=ox.RdfFormat.TURTLE)
>>> G = organiser_theme(QueryService(OxigraphEngine(store)))
>>> [(G.nodes[u]["label"], G.nodes[v]["label"], w) for u, v, w in G.edges(data="weight")]
[('市场监管总局', '计量', 2)]
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

import networkx as nx

from qmkg.core.errors import ConfigError, InputError
from qmkg.core.resources import queries_dir, ui_labels
from qmkg.core.text import did_you_mean, iri_tail
from qmkg.query.library import QueryResult, QueryService, StoredQuery, library

__all__ = ["KINDS", "ORGANISER_KINDS", "TITLES", "EXACT_BETWEENNESS_LIMIT", "BETWEENNESS_SAMPLES", "SEED",
           "ORGANISER_KIND_LABELS", "network_queries", "run_network_query", "organiser_theme", "theme_cooccurrence",
           "jaccard", "organiser_similarity", "campaign_network", "regional_cooperation", "projection",
           "restrict_organiser_kind", "theme_ego", "organiser_ego"]

#: The projections, by the name the CLI and the views use, in the order of ``ontology/ui-labels.toml``.
KINDS: tuple[str, ...] = tuple(ui_labels()["projections"])
#: The organiser kinds a view can be restricted to (the kind column of ``queries/network/organisers.rq``).
ORGANISER_KINDS: tuple[str, ...] = ("department", "association", "region")
#: zh and en title of each projection (``ontology/ui-labels.toml``).
TITLES: dict[str, tuple[str, str]] = {k: (v["zh"], v["en"]) for k, v in ui_labels()["projections"].items()}
#: zh and en name of each organiser kind, "other" included (``ontology/ui-labels.toml``).
ORGANISER_KIND_LABELS: dict[str, tuple[str, str]] = {
    k: (v["zh"], v["en"]) for k, v in ui_labels()["groups"].items() if k in (*ORGANISER_KINDS, "other")}
#: Above this many nodes betweenness is estimated from a sample of sources: exact is O(nodes × edges),
#: 3.6 s for the 800-node organiser–theme graph of a notice ten times the 2024 one.
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 300
SEED = 42

# A tiny graph for the runnable examples.
_EXAMPLE_TURTLE = """
@prefix qm: <https://example.org/qmkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/id/org/samr> a qm:Organiser, qm:GovernmentDepartment ; skos:prefLabel "市场监管总局"@zh .
<https://example.org/theme/metrology> skos:inScheme qm:ThemeScheme ; skos:prefLabel "计量"@zh, "Metrology"@en .
<https://example.org/id/a1> qm:organiser <https://example.org/id/org/samr> ; qm:hasTheme <https://example.org/theme/metrology> .
<https://example.org/id/a2> qm:organiser <https://example.org/id/org/samr> ; qm:hasTheme <https://example.org/theme/metrology> .
"""


# --- running the network queries ------------------------------------------------------------

def network_queries() -> dict[str, StoredQuery]:
    """The queries the projections run (``queries/network/*.rq``, read by the query library), by name.

    >>> sorted(network_queries())[:3]
    ['campaign-organisers', 'campaigns', 'organiser-theme']
    """
    return library(queries_dir() / "network")


def run_network_query(qs: QueryService, name: str) -> QueryResult:
    """Run one of the network queries; columns as its header lists them.

    >>> run_network_query(QueryService.open(), "themes").columns
    ('theme', 'labelZh', 'labelEn', 'group')
    """
    return qs.run_stored(network_queries()[name])


def _rows(qs: QueryService, name: str) -> Iterator[dict[str, str]]:
    res = run_network_query(qs, name)
    for row in res.rows:
        yield {c: (t.value if t is not None else "") for c, t in zip(res.columns, row, strict=True)}


# --- node descriptions ----------------------------------------------------------------------

def _organisers(qs: QueryService) -> dict[str, dict]:
    return {
        r["organiser"]: {"type": "organiser", "kind": r["kind"], "group": r["kind"],
                         "label": r["labelZh"] or iri_tail(r["organiser"]), "label_en": r["labelEn"]}
        for r in _rows(qs, "organisers")
    }


def _themes(qs: QueryService, *, broader: bool = True) -> dict[str, dict]:
    """Every theme by IRI; with ``broader``, each carries its broader themes (the ego views need them)."""
    ancestors: dict[str, list[str]] = defaultdict(list)
    for r in _rows(qs, "theme-ancestors") if broader else ():
        ancestors[r["theme"]].append(r["ancestor"])
    return {
        r["theme"]: {"type": "theme", "kind": "theme", "group": r["group"],
                     "label": r["labelZh"] or iri_tail(r["theme"]), "label_en": r["labelEn"],
                     **({"broader": tuple(sorted(ancestors[r["theme"]]))} if broader else {})}
        for r in _rows(qs, "themes")
    }


def _campaigns(qs: QueryService) -> dict[str, dict]:
    return {
        r["campaign"]: {"type": "campaign", "kind": "campaign", "group": "campaign",
                        "label": r["labelZh"] or iri_tail(r["campaign"]), "label_en": r["labelEn"]}
        for r in _rows(qs, "campaigns")
    }


def _fallback(iri: str, type_: str) -> dict:
    return {"type": type_, "kind": type_, "group": type_, "label": iri_tail(iri), "label_en": ""}


def _groups(themes: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """Every colour group a view may show: the organiser kinds, every top-level theme, campaigns."""
    groups = dict(ORGANISER_KIND_LABELS)
    for iri in sorted({t["group"] for t in themes.values()}):
        top = themes.get(iri, _fallback(iri, "theme"))
        groups[iri] = (top["label"], top["label_en"])
    campaign = ui_labels()["groups"]["campaign"]
    groups["campaign"] = (campaign["zh"], campaign["en"])
    return groups


def _assemble(kind: str, infos: dict[str, dict], groups: dict[str, tuple[str, str]],
              node_acts: dict[str, dict[str, str]], edge_acts: dict[tuple[str, str], dict[str, str]],
              edge_notes: dict[tuple[str, str], set[str]] | None = None) -> nx.Graph:
    G = nx.Graph(kind=kind, title=TITLES[kind][0], title_en=TITLES[kind][1], groups=groups)
    for n in sorted(node_acts):
        G.add_node(n, **infos[n], activities=tuple(sorted(node_acts[n].items())))
    for u, v in sorted(edge_acts):
        acts = tuple(sorted(edge_acts[(u, v)].items()))
        notes = tuple(sorted((edge_notes or {}).get((u, v), ())))
        G.add_edge(u, v, weight=len(acts), activities=acts, notes=notes)
    return G


# --- projections ----------------------------------------------------------------------------

def organiser_theme(qs: QueryService) -> nx.Graph:
    """The bipartite organiser–theme graph; an edge's weight is the number of activities.

    Themes are the ones activities are tagged with directly (``qm:hasTheme``), so one activity
    is not counted again under every broader theme.

    Parameters
    ----------
    qs : QueryService
        The graph to read.

    Returns
    -------
    networkx.Graph
        Organisers (``bipartite=0``) and themes (``bipartite=1``).

    Examples
    --------
    >>> G = organiser_theme(QueryService.open())
    >>> nx.is_bipartite(G), sorted({d["type"] for _, d in G.nodes(data=True)})
    (True, ['organiser', 'theme'])
    """
    orgs, themes = _organisers(qs), _themes(qs)
    infos: dict[str, dict] = {}
    node_acts: dict[str, dict[str, str]] = defaultdict(dict)
    edge_acts: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for r in _rows(qs, "organiser-theme"):
        o, t, a = r["organiser"], r["theme"], r["activity"]
        infos[o] = {**orgs.get(o, _fallback(o, "organiser")), "bipartite": 0}
        infos[t] = {**themes.get(t, _fallback(t, "theme")), "bipartite": 1}
        node_acts[o][a] = node_acts[t][a] = edge_acts[(o, t)][a] = r["text"]
    return _assemble("organiser-theme", infos, _groups(themes), node_acts, edge_acts)


def theme_cooccurrence(qs: QueryService) -> nx.Graph:
    """Themes linked when one activity is tagged with both; weight: the number of such activities.

    Parameters
    ----------
    qs : QueryService
        The graph to read.

    Returns
    -------
    networkx.Graph
        Theme nodes; a theme never tagged together with another is left out.

    Examples
    --------
    >>> G = theme_cooccurrence(QueryService.open())
    >>> u, v, w = max(G.edges(data="weight"), key=lambda e: (e[2], e[0], e[1]))
    >>> G.nodes[u]["label"], G.nodes[v]["label"], w
    ('产品质量安全', '质量监督', 5)
    """
    themes = _themes(qs)
    node_acts: dict[str, dict[str, str]] = defaultdict(dict)
    edge_acts: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for r in _rows(qs, "theme-cooccurrence"):
        a, b, act = r["themeA"], r["themeB"], r["activity"]
        node_acts[a][act] = node_acts[b][act] = edge_acts[(a, b)][act] = r["text"]
    infos = {t: themes.get(t, _fallback(t, "theme")) for t in node_acts}
    return _assemble("theme-cooccurrence", infos, _groups(themes), node_acts, edge_acts)


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Jaccard similarity of two sets.

    >>> jaccard({"计量", "标准"}, {"标准", "品牌"})
    0.3333333333333333
    """
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def organiser_similarity(qs: QueryService, *, top_k: int = 5) -> nx.Graph:
    """Organisers linked to their ``top_k`` most similar organisers by the themes they share.

    All pairs would be quadratic; each organiser scores only the organisers that share one of its
    themes and keeps the ``top_k`` best (ties broken by IRI). An edge's weight is the Jaccard
    similarity of the two theme sets, its ``shared`` attribute the shared themes.

    Parameters
    ----------
    qs : QueryService
        The graph to read.
    top_k : int
        How many neighbours each organiser keeps (an edge stays if either end keeps it).

    Returns
    -------
    networkx.Graph
        Organiser nodes.

    Examples
    --------
    >>> G = organiser_similarity(QueryService.open(), top_k=1)
    >>> G.number_of_edges() <= G.number_of_nodes(), G.graph["top_k"]
    (True, 1)
    """
    if top_k < 1:
        raise InputError(f"top_k must be at least 1, not {top_k}")
    orgs, themes = _organisers(qs), _themes(qs, broader=False)
    themes_of: dict[str, set[str]] = defaultdict(set)
    organisers_of: dict[str, set[str]] = defaultdict(set)
    node_acts: dict[str, dict[str, str]] = defaultdict(dict)
    for r in _rows(qs, "organiser-theme"):
        themes_of[r["organiser"]].add(r["theme"])
        organisers_of[r["theme"]].add(r["organiser"])
        node_acts[r["organiser"]][r["activity"]] = r["text"]
    kept: dict[tuple[str, str], float] = {}
    for o in sorted(themes_of):
        shared: Counter[str] = Counter()  # candidate -> how many themes it shares with o
        for t in themes_of[o]:
            shared.update(organisers_of[t])
        del shared[o]
        size = len(themes_of[o])
        scores = ((n / (size + len(themes_of[c]) - n), c) for c, n in shared.items())
        for score, c in heapq.nsmallest(top_k, scores, key=lambda s: (-s[0], s[1])):
            kept[(min(o, c), max(o, c))] = score
    infos = {o: orgs.get(o, _fallback(o, "organiser")) for o in node_acts}
    G = _assemble("organiser-similarity", infos, _groups(themes), node_acts, {})
    G.graph["top_k"] = top_k
    for (u, v), score in sorted(kept.items()):
        shared = tuple(sorted(themes_of[u] & themes_of[v]))
        notes = tuple(sorted(themes.get(t, _fallback(t, "theme"))["label"] for t in shared))
        G.add_edge(u, v, weight=round(score, 4), shared=shared, activities=(), notes=notes)
    return G


def campaign_network(qs: QueryService) -> nx.Graph:
    """Organisers and the named campaign series they run (铁拳 links 市场监管总局, 广东省 and 广西).

    A local edition (铁拳·桂在真打) counts under the series it is part of; an edge's ``notes``
    hold the names as the notice gives them.

    Parameters
    ----------
    qs : QueryService
        The graph to read.

    Returns
    -------
    networkx.Graph
        Organiser and campaign nodes; weight: activities of the organiser in the campaign.

    Examples
    --------
    >>> G = campaign_network(QueryService.open())
    >>> tiequan = next(n for n, d in G.nodes(data=True) if d["label"] == "铁拳")
    >>> sorted(G.nodes[n]["label"] for n in G[tiequan])
    ['市场监管总局', '广东省', '广西壮族自治区']
    """
    orgs, campaigns = _organisers(qs), _campaigns(qs)
    infos: dict[str, dict] = {}
    node_acts: dict[str, dict[str, str]] = defaultdict(dict)
    edge_acts: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    notes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in _rows(qs, "campaign-organisers"):
        o, c, a = r["organiser"], r["campaign"], r["activity"]
        infos[o] = orgs.get(o, _fallback(o, "organiser"))
        infos[c] = campaigns.get(c, _fallback(c, "campaign"))
        node_acts[o][a] = node_acts[c][a] = edge_acts[(o, c)][a] = r["text"]
        notes[(o, c)].add(r["namedLabel"] or iri_tail(r["named"]))
    return _assemble("campaign", infos, _groups(_themes(qs, broader=False)), node_acts, edge_acts, notes)


def regional_cooperation(qs: QueryService) -> nx.Graph:
    """Regions linked by joint regional actions: the organiser of the action to each other member.

    Parameters
    ----------
    qs : QueryService
        The graph to read.

    Returns
    -------
    networkx.Graph
        Organiser nodes (regions); an edge's ``notes`` name the region groups (长三角 …).

    Examples
    --------
    >>> G = regional_cooperation(QueryService.open())
    >>> cq = next(n for n, d in G.nodes(data=True) if d["label"] == "重庆市")
    >>> [(G.nodes[n]["label"], G.edges[cq, n]["notes"]) for n in G[cq]]
    [('四川省', ('川渝', '成渝'))]
    """
    orgs = _organisers(qs)
    node_acts: dict[str, dict[str, str]] = defaultdict(dict)
    edge_acts: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    notes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in _rows(qs, "regional-cooperation"):
        o, region, a = r["organiser"], r["region"], r["activity"]
        node_acts[o][a] = r["text"]
        if region == o:
            continue
        node_acts[region][a] = r["text"]
        pair = (min(o, region), max(o, region))
        edge_acts[pair][a] = r["text"]
        notes[pair].add(r["groupLabel"] or iri_tail(r["group"]))
    infos = {o: orgs.get(o, _fallback(o, "organiser")) for o in node_acts}
    return _assemble("regional-cooperation", infos, _groups(_themes(qs, broader=False)), node_acts, edge_acts, notes)


def projection(qs: QueryService, kind: str, *, top_k: int = 5) -> nx.Graph:
    """The projection named ``kind`` (one of :data:`KINDS`).

    >>> projection(QueryService.open(), "regional-cooperation").number_of_edges()
    8
    """
    build = _PROJECTIONS.get(kind)
    if build is None:
        hint = did_you_mean(kind, KINDS, cutoff=0.4) or f"; choose from {', '.join(KINDS)}"
        raise InputError(f"unknown network kind {kind!r}{hint}")
    return build(qs, top_k)


_PROJECTIONS: dict[str, Callable[[QueryService, int], nx.Graph]] = {
    "organiser-theme": lambda qs, top_k: organiser_theme(qs),
    "theme-cooccurrence": lambda qs, top_k: theme_cooccurrence(qs),
    "organiser-similarity": lambda qs, top_k: organiser_similarity(qs, top_k=top_k),
    "campaign": lambda qs, top_k: campaign_network(qs),
    "regional-cooperation": lambda qs, top_k: regional_cooperation(qs),
}
if set(_PROJECTIONS) != set(KINDS):  # the labels file names the projections: it must name these
    raise ConfigError(f"ontology/ui-labels.toml [projections] lists {sorted(KINDS)}, not {sorted(_PROJECTIONS)}")


# --- parts of a projection ------------------------------------------------------------------

def _subgraph(G: nx.Graph, nodes: set[str], suffix: str, suffix_en: str) -> nx.Graph:
    H = nx.Graph(G.subgraph(sorted(nodes)))  # a copy, nodes in a stable order
    H.graph = {**G.graph, "title": f"{G.graph['title']}：{suffix}", "title_en": f"{G.graph['title_en']}: {suffix_en}"}
    return H


def restrict_organiser_kind(G: nx.Graph, kind: str) -> nx.Graph:
    """Keep only the organisers of one kind (and whatever they link to); drop what is left isolated.

    >>> G = nx.Graph(title="t", title_en="t")
    >>> G.add_node("a", type="organiser", kind="region"); G.add_node("b", type="organiser", kind="department")
    >>> G.add_node("t", type="theme", kind="theme"); G.add_edges_from([("a", "t"), ("b", "t")])
    >>> sorted(restrict_organiser_kind(G, "region"))
    ['a', 't']
    """
    if kind not in ORGANISER_KINDS:
        raise InputError(f"unknown organiser kind {kind!r}; choose from {', '.join(ORGANISER_KINDS)}")
    keep = {n for n, d in G.nodes(data=True) if d.get("type") != "organiser" or d.get("kind") == kind}
    H = G.subgraph(keep)
    keep = {n for n in keep if H.degree(n) > 0}
    zh, en = ORGANISER_KIND_LABELS[kind]
    return _subgraph(G, keep, zh, en)


def theme_ego(G: nx.Graph, theme: str) -> nx.Graph:
    """A theme, every narrower theme in ``G``, and their neighbours.

    Raises
    ------
    InputError
        If no node of ``G`` is the theme or narrower than it.

    Examples
    --------
    >>> G = organiser_theme(QueryService.open())
    >>> ego = theme_ego(G, "https://example.org/qmkg/theme/metrology")
    >>> ego.graph["title"], sorted(d["label"] for _, d in ego.nodes(data=True))
    ('主办单位—主题网络：计量', ['山东省', '市场监管总局', '计量', '计量器具', '辽宁省'])
    """
    core = {n for n, d in G.nodes(data=True)
            if d.get("type") == "theme" and (n == theme or theme in d.get("broader", ()))}
    if not core:
        raise InputError(f"no activity in the {G.graph.get('kind', '')} network is about theme {theme}")
    nodes = set(core)
    for n in core:
        nodes.update(G.neighbors(n))
    zh, en = G.graph.get("groups", {}).get(theme) or (iri_tail(theme), "")
    if theme in G:
        zh, en = G.nodes[theme].get("label", zh), G.nodes[theme].get("label_en", en)
    return _subgraph(G, nodes, zh, en or zh)


def organiser_ego(G: nx.Graph, organiser: str, *, radius: int = 1) -> nx.Graph:
    """An organiser and everything within ``radius`` steps of it.

    Raises
    ------
    InputError
        If the organiser is not in ``G``.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")], title="网", title_en="Net")
    >>> G.add_node("a", label="甲")
    >>> ego = organiser_ego(G, "a")
    >>> sorted(ego), ego.graph["title"]
    (['a', 'b'], '网：甲')
    """
    if organiser not in G:
        raise InputError(f"organiser {organiser} is not in the {G.graph.get('kind', '')} network")
    nodes = set(nx.ego_graph(G, organiser, radius=radius))
    d = G.nodes[organiser]
    return _subgraph(G, nodes, d.get("label", ""), d.get("label_en") or d.get("label", ""))
