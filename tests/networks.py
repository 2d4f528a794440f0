"""Helpers shared by the network test modules: finding nodes by label, and the graphs the views show."""

from __future__ import annotations

import networkx as nx

from qmkg import network as nw

NQI = "https://example.org/qmkg/theme/quality-infrastructure"


def by_label(G: nx.Graph, label: str) -> str:
    """The one node of ``G`` whose zh label is ``label``."""
    hits = [n for n, d in G.nodes(data=True) if d.get("label") == label]
    assert len(hits) == 1, f"{label!r} names {len(hits)} nodes"
    return hits[0]


def labels_of(G: nx.Graph, nodes) -> set[str]:
    return {G.nodes[n]["label"] for n in nodes}


def view_graphs(qs) -> dict[str, nx.Graph]:
    """Every view kind the command can write: each projection, an organiser-kind filter, ego views."""
    out = {k: nw.projection(qs, k) for k in nw.KINDS}
    bip = out["organiser-theme"]
    samr = by_label(bip, "市场监管总局")
    out["organiser-theme, regions only"] = nw.restrict_organiser_kind(bip, "region")
    out["organiser-theme, theme ego (质量基础设施)"] = nw.theme_ego(bip, NQI)
    out["organiser-theme, organiser ego (市场监管总局)"] = nw.organiser_ego(bip, samr)
    out["theme-cooccurrence, theme ego (质量基础设施)"] = nw.theme_ego(out["theme-cooccurrence"], NQI)
    out["organiser-similarity, organiser ego (市场监管总局)"] = nw.organiser_ego(out["organiser-similarity"], samr)
    out["campaign, organiser ego (市场监管总局)"] = nw.organiser_ego(out["campaign"], samr)
    return out
