"""The network pages (qmkg/network/views.py, site.py, templates/): offline, deterministic HTML.

What a browser makes of the pages is tested in test_network_views_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from qmkg import network as nw
from qmkg.core.resources import ui_labels
from qmkg.network import views
from qmkg.network.site import write_index

from .networks import NQI, view_graphs


@pytest.fixture(scope="module")
def graphs(qs) -> dict[str, nx.Graph]:
    return view_graphs(qs)


# --- the HTML ---------------------------------------------------------------------------------

def test_page_is_self_contained_utf8_and_deterministic(graphs, qs):
    G = graphs["organiser-theme"]
    page = views.render(G)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script src" not in page and "<link" not in page
    assert "cdn" not in page.lower() and "lib/bindings" not in page
    assert views.vis_network_js() in page
    assert views.render(nw.projection(qs, "organiser-theme")) == page
    assert "市场监管总局" in page


def test_page_text_cannot_break_out_of_the_script(graphs):
    G = nx.Graph(title="<b>", title_en="</script><script>alert(1)</script>")
    G.add_node("x", label="</script><script>alert(1)</script>", label_en="a & b", type="organiser", group="other")
    page = views.render(G)
    body = page.split("</head>", 1)[1]
    assert "<script>alert(1)" not in body
    assert "&lt;/script&gt;" in body  # the title, escaped


def test_view_data_matches_the_graph(graphs):
    for name, G in graphs.items():
        data = views.view_data(G)
        assert [n["id"] for n in data["nodes"]] == sorted(G), name
        assert len(data["edges"]) == G.number_of_edges(), name
        assert {(e["from"], e["to"]) for e in data["edges"]} == {tuple(sorted(e)) for e in G.edges()}, name


def test_colours_group_by_organiser_kind_and_theme_group(graphs):
    G = graphs["organiser-theme"]
    data = {n["id"]: n for n in views.view_data(G)["nodes"]}
    colours = views.group_colours(G)
    for n, d in G.nodes(data=True):
        assert data[n]["color"] == colours[d["group"]]
        assert data[n]["shape"] == ("dot" if d["type"] == "organiser" else "diamond")
    theme_groups = {d["group"] for _, d in G.nodes(data=True) if d["type"] == "theme"}
    assert len({colours[g] for g in theme_groups}) == len(theme_groups)
    # a theme group keeps its colour in every view
    ego = graphs["organiser-theme, theme ego (质量基础设施)"]
    assert views.group_colours(ego)[NQI] == colours[NQI]


def test_size_grows_with_weighted_degree(graphs):
    G = graphs["organiser-theme"]
    size = {n["id"]: n["size"] for n in views.view_data(G)["nodes"]}
    degree = dict(G.degree(weight="weight"))
    ranked = sorted(G, key=lambda n: degree[n])
    assert [size[n] for n in ranked] == sorted(size.values())


def test_tooltips_are_english_with_the_activity_texts(graphs, source_text):
    G = graphs["campaign"]
    data = views.view_data(G)
    node = next(n for n in data["nodes"] if n["label"] == "市场监管总局")
    assert node["title"].startswith("State Administration for Market Regulation (市场监管总局)")
    assert "government department" in node["title"]
    texts = [t for _, t in G.nodes[node["id"]]["activities"]]
    assert texts and all(t[:40] in node["title"] for t in texts)
    edge = next(e for e in data["edges"] if G.nodes[e["from"]]["label"] in ("铁拳", "广西壮族自治区")
                and G.nodes[e["to"]]["label"] in ("铁拳", "广西壮族自治区"))
    assert "as named: 铁拳·桂在真打" in edge["title"] and "铁拳·桂在真打" in source_text


def test_inline_view_for_notebooks(graphs):
    view = views.inline(graphs["regional-cooperation"])
    html = view._repr_html_()
    assert html.startswith("<iframe srcdoc=") and "江苏省" in html and "<script>" not in html
    assert len(repr(view)) < 100  # the text/plain output stays short


# --- templates and labels: package data ------------------------------------------------------

def test_templates_are_package_data_inside_qmkg():
    pkg = Path(nw.__file__).resolve().parent
    assert views.TEMPLATES == pkg / "templates"
    for name in ("page.html", "page.css", "page.js", "index.html", "pyvis.html", "pyvis.js", "vis-options.json"):
        assert (views.TEMPLATES / name).is_file(), name


def test_page_texts_come_from_the_labels_file(graphs):
    page = views.render(graphs["campaign"])
    texts = ui_labels()["page"]
    for key in ("search", "reset", "legend", "no_match"):
        assert f"{texts[key]['zh']} {texts[key]['en']}" in page, key
    for key in ("size", "click", "hover"):
        assert f"{texts[key]['zh']}<br>{texts[key]['en']}" in page, key
    both = page + views.render(graphs["organiser-theme"])
    for type_, head in ui_labels()["node-types"].items():
        assert f"<h3>{head['legend_zh']} <span class=\"en\">{head['legend_en']}</span></h3>" in both, type_
    data = views.view_data(graphs["organiser-similarity"])
    assert any(e["title"].split("\n")[1].startswith("Jaccard similarity: ") for e in data["edges"])
    assert any("\nshared themes: " in e["title"] for e in data["edges"])


def test_every_label_has_zh_and_en():
    labels = ui_labels()
    for table in ("projections", "groups", "node-types", "site-sections"):
        for key, label in labels[table].items():
            assert label["zh"] and label["en"], (table, key)
    assert all(v.get("en") for v in labels["page"].values())


def test_vis_options_file_and_large_graphs():
    small, large = views.vis_options(), views.vis_options(nodes=151)
    assert small["layout"] == {"randomSeed": 7, "improvedLayout": True}
    assert large["layout"] == {"randomSeed": 7, "improvedLayout": False}
    assert (small["physics"]["stabilization"]["iterations"], large["physics"]["stabilization"]["iterations"]) == (700, 400)
    assert large["interaction"]["hideEdgesOnDrag"] and not small["interaction"]["hideEdgesOnDrag"]
    assert views.vis_options(nodes=150) == small
    small["layout"]["randomSeed"] = 0  # a copy: changing it changes no later page
    assert views.vis_options()["layout"]["randomSeed"] == 7
    G = nx.path_graph([f"n{i}" for i in range(160)])
    assert views.view_data(G)["options"] == large


def test_index_page_escapes_and_links(tmp_path):
    v = views.ViewFile(tmp_path / "a&b.html", "<甲>", "A's", 3, 2)
    index = write_index(tmp_path, [("网络 Networks", v)]).read_text(encoding="utf-8")
    assert '<li><a href="a&amp;b.html">&lt;甲&gt;</a> <span class="en">A&#x27;s</span> <span class="n">3 nodes, 2 edges</span></li>' in index
    assert "<title>质量月网络视图</title>" in index and "Quality Month network views" in index


# --- pyvis --------------------------------------------------------------------------------------

_EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def test_to_pyvis_sets_nodes_and_edges_in_one_pass(graphs):
    G = graphs["campaign"]
    net = views.to_pyvis(G)
    data = views.view_data(G)
    assert net.nodes == data["nodes"] and net.edges == data["edges"] and net.options == data["options"]
    assert net.node_ids == sorted(G) and set(net.node_map) == set(G)
    assert net.num_nodes() == G.number_of_nodes() and net.num_edges() == G.number_of_edges()
    samr = next(n["id"] for n in net.nodes if n["label"] == "市场监管总局")
    assert net.neighbors(samr) == set(G[samr])
    assert net.cdn_resources == "in_line"  # write_html copies no lib/ folder


def test_to_pyvis_page_is_offline_and_shows_the_nodes(graphs, tmp_path):
    G = graphs["campaign"]
    net = views.to_pyvis(G)
    path = tmp_path / "pyvis.html"
    net.write_html(str(path))
    page = path.read_text(encoding="utf-8")
    assert not _EXTERNAL.search(page), _EXTERNAL.search(page)
    assert "cdn" not in page.lower() and "bootstrap" not in page.lower()
    assert views.vis_network_js() in page
    # pyvis writes in the locale's encoding: all but vis-network's own bundle is ASCII, Chinese escaped
    assert page.replace(views.vis_network_js(), "").isascii()
    nodes = json.loads(re.search(r'<script id="qmkg-nodes" type="application/json">(.*?)</script>', page, re.S)[1])
    assert [n["id"] for n in nodes] == sorted(G) and "市场监管总局" in {n["label"] for n in nodes}
    assert f"<title>{views._ascii_html(G.graph['title'])} &#183; {G.graph['title_en']}</title>" in page
    assert net.generate_html() == page  # deterministic


def test_pyvis_page_text_cannot_break_out_of_the_script():
    G = nx.Graph(title="</script><script>alert(1)</script>")
    G.add_node("x", label="</script><script>alert(1)</script>", type="organiser", group="other")
    net = views.to_pyvis(G)
    net.options["x"] = "</script><script>alert(2)</script>"
    page = net.generate_html()
    body = page.split("</head>", 1)[1]
    assert "<script>alert(" not in body
    assert "&lt;/script&gt;" in body  # the heading, escaped


def test_readme_screenshot_is_committed():
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "## Network views" in readme
    shot = root / "docs" / "img" / "network-quality-infrastructure.png"
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "docs/img/network-quality-infrastructure.png" in readme
