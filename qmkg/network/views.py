"""Interactive pages of the networks: self-contained vis-network HTML, built from networkx graphs.

The page is the one pyvis would draw, without pyvis's traps: vis-network's JavaScript (the copy
pyvis ships) is inlined, so the page needs no network and writes no ``lib/`` folder; node and edge
lists are built here in one pass (pyvis's ``add_edge`` is quadratic); nothing random or dated goes
into the page, so the same graph gives the same bytes. The page has zh labels, an en tooltip with
the activity texts behind each node and edge, a legend, a search box, neighbourhood highlighting
and a layout that stabilises and then stops.

>>> import networkx as nx
>>> G = nx.Graph(kind="demo", title="示例", title_en="Example")
>>> G.add_node("o", type="organiser", kind="department", group="department", label="市场监管总局")
>>> G.add_node("t", type="theme", kind="theme", group="t", label="计量", label_en="Metrology")
>>> G.add_edge("o", "t", weight=2)
>>> page = render(G)
>>> '<meta charset="utf-8">' in page and "市场监管总局" in page and "cdn" not in page.lower()
True
>>> render(G) == page
True
"""

from __future__ import annotations

import colorsys
import html
import importlib.util
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import networkx as nx

from qmkg import __version__
from qmkg.core.errors import InputError, QmkgError

# Organiser kinds and campaigns have fixed colours; theme groups take the palette in the order of
# their IRIs among all top-level themes, so a theme group has one colour in every view.
KIND_COLOURS = {"department": "#1f77b4", "association": "#ff7f0e", "region": "#2ca02c", "other": "#7f7f7f",
                "campaign": "#d62728"}


def theme_palette(n: int) -> tuple[str, ...]:
    """``n`` colours for theme groups: hues a golden angle apart, in three lightness bands.

    Themes are also drawn as diamonds, so a hue near an organiser kind's colour stays readable.

    >>> theme_palette(3)
    ('#a348a3', '#88a348', '#486ea3')
    """
    out = []
    for i in range(n):
        hue = (300 + i * 137.508) % 360 / 360
        light = (0.46, 0.36, 0.56)[(i // 7) % 3]
        r, g, b = colorsys.hls_to_rgb(hue, light, 0.39)
        out.append(f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}")
    return tuple(out)


SHAPES = {"organiser": "dot", "theme": "diamond", "campaign": "star"}
SHAPE_GLYPHS = {"dot": "●", "diamond": "◆", "star": "★"}
KIND_EN = {"department": "government department", "association": "federation or association",
           "region": "region", "other": "organiser", "theme": "theme", "campaign": "named campaign"}
MAX_TIP_ACTIVITIES = 12
MAX_TIP_CHARS = 110
FONT_FACE = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


@cache
def vis_network_js() -> str:
    """vis-network's standalone bundle (it injects its own CSS), from the pyvis package folder.

    Found without importing pyvis, which is slow to import and not needed to read a file.
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise QmkgError("pyvis is not installed: pip install pyvis")
    path = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2" / "vis-network.min.js"
    if not path.is_file():
        raise QmkgError(f"{path}: vis-network is missing from the pyvis package")
    return path.read_text(encoding="utf-8")


def group_colours(G: nx.Graph) -> dict[str, str]:
    """The colour of every group a node of ``G`` can have (``G.graph['groups']`` lists theme groups)."""
    colours = dict(KIND_COLOURS)
    groups = G.graph.get("groups") or {}
    themes = sorted(g for g in groups if g not in KIND_COLOURS)
    themes += sorted({d.get("group", "") for _, d in G.nodes(data=True)} - set(themes) - set(KIND_COLOURS))
    colours.update(zip(themes, theme_palette(len(themes)), strict=True))
    return colours


def _clip(text: str, n: int = MAX_TIP_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _activity_lines(activities) -> list[str]:
    acts = list(activities or ())
    if not acts:
        return []
    lines = [f"Activities ({len(acts)}):"] + [f"• {_clip(text or iri)}" for iri, text in acts[:MAX_TIP_ACTIVITIES]]
    if len(acts) > MAX_TIP_ACTIVITIES:
        lines.append(f"… and {len(acts) - MAX_TIP_ACTIVITIES} more")
    return lines


def _name(d: dict) -> str:
    en, zh = d.get("label_en") or "", d.get("label") or ""
    return f"{en} ({zh})" if en and en != zh else zh


def _node_tip(d: dict, groups: dict, degree: float, links: int) -> str:
    lines = [_name(d)]
    kind = d.get("kind", "")
    if d.get("type") == "theme" and d.get("group") in groups:
        zh, en = groups[d["group"]]
        lines.append(f"theme · group: {en or zh}")
    else:
        lines.append(KIND_EN.get(kind, kind))
    lines.append(f"links: {links} · weighted degree: {degree:g}")
    return "\n".join(lines + _activity_lines(d.get("activities")))


def _edge_tip(G: nx.Graph, u: str, v: str, d: dict) -> str:
    lines = [f"{_name(G.nodes[u])} — {_name(G.nodes[v])}"]
    kind = G.graph.get("kind")
    w = d.get("weight", 1)
    lines.append(f"Jaccard similarity: {w:g}" if kind == "organiser-similarity" else f"weight: {w:g}")
    notes = d.get("notes") or ()
    if notes:
        what = {"organiser-similarity": "shared themes", "campaign": "as named",
                "regional-cooperation": "region groups"}.get(kind or "", "notes")
        lines.append(f"{what}: {'、'.join(notes)}")
    return "\n".join(lines + _activity_lines(d.get("activities")))


def view_data(G: nx.Graph) -> dict:
    """The node and edge lists and the options of the page, in a stable order.

    >>> G = nx.Graph([("a", "b", {"weight": 1})])
    >>> d = view_data(G)
    >>> [n["id"] for n in d["nodes"]], [(e["from"], e["to"]) for e in d["edges"]]
    (['a', 'b'], [('a', 'b')])
    """
    groups = G.graph.get("groups") or {}
    colours = group_colours(G)
    degree = dict(G.degree(weight="weight"))
    top = max(degree.values(), default=0) or 1
    nodes = []
    for n in sorted(G):
        d = G.nodes[n]
        shape = SHAPES.get(d.get("type", ""), "dot")
        nodes.append({
            "id": n, "label": d.get("label", n), "label_en": d.get("label_en") or "",
            "group": d.get("group", ""), "shape": shape,
            "color": colours.get(d.get("group", ""), "#7f7f7f"),
            "size": round(10 + 26 * math.sqrt(degree[n] / top), 2) if degree[n] > 0 else 10,
            "title": _node_tip(d, groups, degree[n], G.degree(n)),
        })
    wmax = max((w for _, _, w in G.edges(data="weight", default=1)), default=1) or 1
    pairs = sorted((min(u, v), max(u, v)) for u, v in G.edges())
    edges = []
    for i, (u, v) in enumerate(pairs):
        d = G.edges[u, v]
        w = d.get("weight", 1)
        edges.append({"id": f"e{i}", "from": u, "to": v, "value": w,
                      "width": round(1 + 5 * w / wmax, 2), "title": _edge_tip(G, u, v, d)})
    big = len(nodes) > 150
    options = {
        "layout": {"randomSeed": 7, "improvedLayout": not big},
        "physics": {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.01, "springLength": 110,
                                 "springConstant": 0.06, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 400 if big else 700, "updateInterval": 50, "fit": True},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big},
        "nodes": {"borderWidth": 1, "font": {"face": FONT_FACE, "size": 15, "color": "#222222"}},
        "edges": {"smooth": False, "color": {"color": "#a8a8a8", "highlight": "#444444", "hover": "#666666"},
                  "scaling": {"min": 1, "max": 6}},
    }
    return {"nodes": nodes, "edges": edges, "options": options}


def _legend(G: nx.Graph) -> str:
    groups = G.graph.get("groups") or {}
    colours = group_colours(G)
    present: dict[str, str] = {}
    for _, d in G.nodes(data=True):
        present.setdefault(d.get("group", ""), d.get("type", "organiser"))
    sections = (("organiser", "主办单位", "Organisers"), ("theme", "主题组", "Theme groups"),
                ("campaign", "专项行动", "Campaigns"))
    order = {k: i for i, k in enumerate(KIND_COLOURS)}
    out = []
    for type_, zh_head, en_head in sections:
        gs = sorted((g for g, t in present.items() if t == type_),
                    key=lambda g: (order.get(g, 50), groups.get(g, (g, ""))[0], g))
        if not gs:
            continue
        out.append(f'<h3>{zh_head} <span class="en">{en_head}</span></h3>\n<ul>')
        for g in gs:
            zh, en = groups.get(g, (g, ""))
            en = en or KIND_EN.get(g, "")
            glyph = SHAPE_GLYPHS[SHAPES.get(type_, "dot")]
            out.append(f'<li><span class="sw" style="color:{colours.get(g, "#7f7f7f")}">{glyph}</span> '
                       f'{html.escape(zh)} <span class="en">{html.escape(en)}</span></li>')
        out.append("</ul>")
    return "\n".join(out)


def _json_for_script(data: object) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that could end or confuse it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(G: nx.Graph, *, title: str | None = None, title_en: str | None = None, height: str = "82vh") -> str:
    """The HTML page of a network: UTF-8, self-contained, byte-identical for the same graph.

    Parameters
    ----------
    G : networkx.Graph
        A projection (:mod:`qmkg.network`); nodes may carry ``label``, ``label_en``, ``type``,
        ``kind``, ``group`` and ``activities``, edges ``weight``, ``notes`` and ``activities``.
    title, title_en : str, optional
        The page title in zh and en; by default ``G.graph['title']`` and ``G.graph['title_en']``.
    height : str
        CSS height of the drawing.

    Returns
    -------
    str
        The page.
    """
    title = title or G.graph.get("title") or "网络"
    title_en = title_en or G.graph.get("title_en") or "Network"
    data = view_data(G)
    datalist = "".join(
        f'<option value="{html.escape(v)}"></option>'
        for v in sorted({n["label"] for n in data["nodes"]} | {n["label_en"] for n in data["nodes"] if n["label_en"]})
    )
    return _PAGE.format(
        title=html.escape(title), title_en=html.escape(title_en), version=html.escape(__version__),
        nodes=G.number_of_nodes(), edges=G.number_of_edges(), height=html.escape(height),
        legend=_legend(G), datalist=datalist, vis=vis_network_js(), data=_json_for_script(data),
        script=_SCRIPT, style=_STYLE.replace("{height}", html.escape(height)),
    )


@dataclass(frozen=True)
class ViewFile:
    """A page written to disk."""

    path: Path
    title: str
    title_en: str
    nodes: int
    edges: int


def write_view(G: nx.Graph, path: str | Path, *, title: str | None = None, title_en: str | None = None) -> ViewFile:
    """Render ``G`` and write the page atomically to ``path`` (which must end in .html)."""
    from qmkg.core.fileio import write_atomic

    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{path}: a view is an HTML page; give a file name ending in .html")
    page = render(G, title=title, title_en=title_en)
    write_atomic(path, page.encode("utf-8"))
    return ViewFile(path, title or G.graph.get("title", ""), title_en or G.graph.get("title_en", ""),
                    G.number_of_nodes(), G.number_of_edges())


@dataclass(frozen=True)
class InlineView:
    """A page shown inside a notebook cell, in an iframe (its scripts run apart from the notebook's)."""

    page: str = field(repr=False)  # the page is half a megabyte: not for text/plain output
    height: int = 640

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" style="width:100%;height:{self.height}px;'
                f'border:1px solid #ddd" sandbox="allow-scripts"></iframe>')


def inline(G: nx.Graph, *, height: int = 640) -> InlineView:
    """The page of ``G`` for display in a notebook (Jupyter shows the returned object).

    >>> v = inline(nx.Graph([("a", "b")]))
    >>> v._repr_html_().startswith("<iframe srcdoc=")
    True
    """
    return InlineView(render(G, height=f"{height - 120}px"), height)


# --- the site ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SiteReport:
    """What ``qmkg network site`` wrote: the index and every view it links."""

    index: Path
    views: tuple[ViewFile, ...]


def write_index(directory: Path, views: list[tuple[str, ViewFile]], *, heading: str = "质量月网络视图") -> Path:
    """Write ``index.html`` linking every view, grouped under their section names."""
    from qmkg.core.fileio import write_atomic

    sections: dict[str, list[ViewFile]] = {}
    for section, v in views:
        sections.setdefault(section, []).append(v)
    body = []
    for section, items in sections.items():
        body.append(f"<h2>{html.escape(section)}</h2>\n<ul>")
        for v in items:
            href = html.escape(v.path.name, quote=True)
            body.append(f'<li><a href="{href}">{html.escape(v.title)}</a> <span class="en">{html.escape(v.title_en)}'
                        f"</span> <span class=\"n\">{v.nodes} nodes, {v.edges} edges</span></li>")
        body.append("</ul>")
    page = _INDEX.format(heading=html.escape(heading), version=html.escape(__version__), body="\n".join(body))
    index = directory / "index.html"
    write_atomic(index, page.encode("utf-8"))
    return index


def _slug(iri: str, n: int) -> str:
    """A file-name part for a node: the end of its IRI when that is plain ASCII, else a number."""
    tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,60}", tail) else f"{n:02d}"


def write_site(qs, directory: str | Path, *, ego_top: int = 10, top_k: int = 5) -> SiteReport:
    """Write every view of a graph and an ``index.html`` linking them into ``directory``.

    The views: each projection whole; the organiser–theme graph for each organiser kind; an ego
    view of every top-level theme; an ego view of the ``ego_top`` organisers of highest weighted
    degree. Each page inlines vis-network (about 0.5 MB), so ego views are not written for all.

    Parameters
    ----------
    qs : qmkg.query.library.QueryService
        The graph to read.
    directory : str or Path
        Where to write; created if missing.
    ego_top : int
        How many organisers get an ego view.
    top_k : int
        Neighbours per organiser in the similarity network.
    """
    from qmkg import network as nw

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    written: list[tuple[str, ViewFile]] = []
    graphs = {k: nw.projection(qs, k, top_k=top_k) for k in nw.KINDS}
    for kind, G in graphs.items():
        written.append(("网络 Networks", write_view(G, directory / f"{kind}.html")))
    bip = graphs["organiser-theme"]
    for ok in nw.ORGANISER_KINDS:
        H = nw.restrict_organiser_kind(bip, ok)
        written.append(("按主办单位类别 By organiser kind", write_view(H, directory / f"organiser-theme-{ok}.html")))
    groups = sorted({d["group"] for _, d in bip.nodes(data=True) if d.get("type") == "theme"})
    for i, g in enumerate(groups, start=1):
        H = nw.theme_ego(bip, g)
        written.append(("主题组 Theme groups", write_view(H, directory / f"theme-{_slug(g, i)}.html")))
    m = nw.analyse(bip)
    for i, s in enumerate(m.leading("weighted_degree", "organiser", ego_top), start=1):
        H = nw.organiser_ego(bip, s.node)
        written.append(("主办单位 Organisers", write_view(H, directory / f"organiser-{_slug(s.node, i)}.html")))
    index = write_index(directory, written)
    return SiteReport(index, tuple(v for _, v in written))


# --- a picture of a page ---------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")


def screenshot(page: str | Path, png: str | Path, *, width: int = 1280, height: int = 860,
               executable: str = CHROMIUM, timeout_ms: int = 60000) -> Path:
    """Open a written page in headless Chromium, wait until its layout has stopped, save a PNG.

    Needs Playwright for Python (``pip install -e '.[test]'``) and a Chromium at ``executable``;
    every request that would leave the file is refused.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        raise QmkgError("a screenshot needs playwright: pip install -e '.[test]'") from e
    page_path, png_path = Path(page).resolve(), Path(png)
    if not page_path.is_file():
        raise InputError(f"{page_path}: no such page")
    if not Path(executable).is_file():
        raise QmkgError(f"{executable}: no Chromium there (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            tab = browser.new_page(viewport={"width": width, "height": height})
            tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            tab.goto(page_path.as_uri())
            tab.wait_for_function("document.body.dataset.stable === 'true'", timeout=timeout_ms)
            png_path.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(png_path))
        finally:
            browser.close()
    return png_path


# --- the page ---------------------------------------------------------------------------------

_STYLE = """
body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #222; background: #fff; }
header { padding: 8px 16px; border-bottom: 1px solid #e4e4e4; display: flex; flex-wrap: wrap; gap: 6px 24px;
         align-items: baseline; }
h1 { font-size: 20px; margin: 0; }
.en { color: #666; font-size: 13px; }
#controls { margin-left: auto; display: flex; gap: 6px; align-items: center; }
#search { width: 16em; padding: 3px 6px; font: inherit; font-size: 14px; }
#search-status { color: #a33; font-size: 13px; min-width: 6em; }
main { display: flex; }
#network { flex: 1; height: {height}; background: #fff; }
#legend { width: 230px; padding: 8px 12px; border-left: 1px solid #e4e4e4; font-size: 14px; overflow-y: auto;
          max-height: {height}; }
#legend h2 { font-size: 15px; margin: 4px 0 8px; }
#legend h3 { font-size: 14px; margin: 10px 0 4px; }
#legend h3 .en { display: inline; margin: 0; }
#legend ul { list-style: none; padding: 0; margin: 0 0 10px; }
#legend li { margin: 3px 0; }
#legend .sw { display: inline-block; width: 1.2em; text-align: center; font-size: 16px; }
#legend .en { display: block; margin-left: 1.5em; font-size: 12px; }
div.vis-tooltip { white-space: pre-wrap !important; max-width: 480px; font-family: inherit !important;
                  font-size: 13px !important; line-height: 1.45; }
"""

_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("qmkg-data").textContent);
  function tip(text) {
    var el = document.createElement("div");
    el.textContent = text;  // text, never HTML: labels and activity texts come from the notice
    return el;
  }
  function withTip(item) { var c = Object.assign({}, item); c.title = tip(item.title); return c; }
  var nodes = new vis.DataSet(data.nodes.map(withTip));
  var edges = new vis.DataSet(data.edges.map(withTip));
  var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, data.options);
  var state = {stable: false, highlighted: null};
  window.qmkg = {network: network, nodes: nodes, edges: edges, state: state};

  // Let the layout settle, then stop the physics so the drawing holds still.
  function freeze() {
    if (state.stable) { return; }
    state.stable = true;
    network.setOptions({physics: false});
    network.fit();
    document.body.dataset.stable = "true";
  }
  network.on("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (data.nodes.length === 0) { freeze(); }

  // Neighbourhood highlighting: a node and its neighbours keep their colours, the rest fade.
  var DIM = "rgba(200,200,200,0.35)", DIM_FONT = "rgba(120,120,120,0.35)";
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    nodes.update(data.nodes.map(function (n) {
      return keep.has(n.id) ? {id: n.id, color: n.color, font: {color: "#222222"}}
                            : {id: n.id, color: DIM, font: {color: DIM_FONT}};
    }));
    edges.update(data.edges.map(function (e) {
      var on = e.from === id || e.to === id;
      return {id: e.id, color: on ? {color: "#555555"} : {color: DIM}};
    }));
    state.highlighted = id;
  }
  function reset() {
    nodes.update(data.nodes.map(function (n) { return {id: n.id, color: n.color, font: {color: "#222222"}}; }));
    edges.update(data.edges.map(function (e) { return {id: e.id, color: {color: "#a8a8a8"}}; }));
    state.highlighted = null;
  }
  network.on("click", function (p) { if (p.nodes.length) { highlight(p.nodes[0]); } else { reset(); } });

  // Search by zh or en label: exact first, then the first label containing the text.
  var box = document.getElementById("search"), status = document.getElementById("search-status");
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) { return null; }
    var exact = data.nodes.filter(function (n) { return n.label.toLowerCase() === q || n.label_en.toLowerCase() === q; });
    if (exact.length) { return exact[0]; }
    var part = data.nodes.filter(function (n) {
      return n.label.toLowerCase().indexOf(q) >= 0 || n.label_en.toLowerCase().indexOf(q) >= 0;
    });
    return part.length ? part[0] : null;
  }
  function search() {
    var n = find(box.value);
    if (!box.value.trim()) { status.textContent = ""; reset(); return; }
    if (!n) { status.textContent = "无匹配 no match"; return; }
    status.textContent = "";
    network.selectNodes([n.id]);
    highlight(n.id);
    network.focus(n.id, {scale: 1.2, animation: {duration: 400}});
  }
  box.addEventListener("change", search);
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(); } });
  document.getElementById("reset").addEventListener("click", function () {
    box.value = ""; status.textContent = ""; network.unselectAll(); reset(); network.fit();
  });
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="qmkg {version}">
<title>{title} · {title_en}</title>
<style>{style}</style>
<script>{vis}</script>
</head>
<body>
<header>
<h1>{title}</h1><span class="en">{title_en} · {nodes} nodes, {edges} edges</span>
<div id="controls">
<input id="search" type="search" list="qmkg-labels" placeholder="搜索节点 Search a node" aria-label="search">
<button id="reset" type="button">重置 Reset</button><span id="search-status" role="status"></span>
</div>
</header>
<main>
<div id="network"></div>
<aside id="legend">
<h2>图例 Legend</h2>
{legend}
<p class="en">大小：加权度<br>Size: weighted degree</p>
<p class="en">点击节点突出其邻域，点击空白处恢复<br>Click a node to highlight its neighbourhood; click the background to reset</p>
<p class="en">悬停查看英文名称与活动<br>Hover for the English name and the activities</p>
</aside>
</main>
<datalist id="qmkg-labels">{datalist}</datalist>
<script id="qmkg-data" type="application/json">{data}</script>
<script>{script}</script>
</body>
</html>
"""

_INDEX = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="qmkg {version}">
<title>{heading}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 24px; color: #222; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 17px; margin-top: 20px; }}
.en, .n {{ color: #666; font-size: 13px; margin-left: 6px; }}
li {{ margin: 4px 0; }}
</style>
</head>
<body>
<h1>{heading} <span class="en">Quality Month network views</span></h1>
{body}
</body>
</html>
"""
