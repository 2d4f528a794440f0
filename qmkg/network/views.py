"""Interactive pages of the networks: self-contained vis-network HTML, built from networkx graphs.

The page is the one pyvis would draw, without pyvis's traps: vis-network's JavaScript (the copy
pyvis ships) is inlined, so the page needs no network and writes no ``lib/`` folder; node and edge
lists are built here in one pass (pyvis's ``add_edge`` is quadratic); nothing random or dated goes
into the page, so the same graph gives the same bytes. The page has zh labels, an en tooltip with
the activity texts behind each node and edge, a legend, a search box, neighbourhood highlighting
and a layout that stabilises and then stops.

The HTML, CSS and JavaScript are Jinja templates in ``qmkg/network/templates/`` (package data), the
vis-network options are ``templates/vis-options.json`` and every zh/en text is in
``ontology/ui-labels.toml``. :func:`to_pyvis` hands the same nodes, edges and options to pyvis for
users who customise a view there; it renders through ``templates/pyvis.html``, offline as well.

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
import copy
import html
import importlib.util
import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
import networkx as nx
from markupsafe import Markup

from qmkg import __version__
from qmkg.core.errors import InputError, QmkgError
from qmkg.core.resources import ui_labels

#: The templates (package data): page.html/.css/.js, index.html, pyvis.html/.js, vis-options.json.
TEMPLATES = Path(__file__).resolve().parent / "templates"

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
MAX_TIP_ACTIVITIES = 12
MAX_TIP_CHARS = 110


@cache
def vis_network_js() -> str:
    """vis-network's standalone bundle (it injects its own CSS), from the pyvis package folder.

    Found without importing pyvis, which is slow to import and not needed to read a file.

    >>> "vis-network" in vis_network_js()[:300]
    True
    """
    return (_pyvis_templates() / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")


def _pyvis_templates() -> Path:
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise QmkgError("pyvis is not installed: pip install pyvis")
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates"
    if not (folder / "lib" / "vis-9.1.2" / "vis-network.min.js").is_file():
        raise QmkgError(f"{folder}: vis-network is missing from the pyvis package")
    return folder


@cache
def _vis_spec() -> dict:
    return json.loads((TEMPLATES / "vis-options.json").read_text(encoding="utf-8"))


def vis_options(*, nodes: int = 0) -> dict:
    """The vis-network options of a page of ``nodes`` nodes (``templates/vis-options.json``), a fresh copy.

    Above the file's ``large.above_nodes`` the layout is cheaper: fewer iterations, no edges on drag.

    >>> vis_options()["physics"]["solver"], vis_options(nodes=500)["physics"]["stabilization"]["iterations"]
    ('forceAtlas2Based', 400)
    """
    spec = _vis_spec()
    large = nodes > spec["large"]["above_nodes"]
    return copy.deepcopy(_merged(spec["options"], spec["large"]["options"]) if large else spec["options"])


def _merged(base: dict, override: dict) -> dict:
    """``base`` with ``override`` laid over it, nested dicts merged; keys keep ``base``'s order."""
    out = dict(base)
    for k, v in override.items():
        out[k] = _merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


# --- the template environment -----------------------------------------------------------------

def _script_safe(json_text: str) -> str:
    """JSON text safe inside a <script> element: no '<', '>' or '&' that could end or confuse it."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_for_script(data: object, ascii: bool = False) -> Markup:
    return Markup(_script_safe(json.dumps(data, ensure_ascii=ascii, separators=(",", ":"))))


def _ascii_html(text: object) -> Markup:
    """HTML-escaped text with every non-ASCII character as a character reference."""
    return Markup(html.escape(str(text)).encode("ascii", "xmlcharrefreplace").decode("ascii"))


def _escaped(value: object) -> Markup:
    """Every ``{{ … }}`` of a template is HTML-escaped (as :func:`html.escape`) unless already Markup."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


def _both(label: dict) -> str:
    return f"{label['zh']} {label['en']}"


def environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """A Jinja environment for the project's templates: every value escaped, the filters they use.

    Parameters
    ----------
    loader : jinja2.BaseLoader, optional
        Where templates are found; by default :data:`TEMPLATES` only.

    >>> environment().get_template("page.html").name
    'page.html'
    """
    env = jinja2.Environment(
        loader=loader or jinja2.FileSystemLoader(TEMPLATES), finalize=_escaped,
        keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
    )
    env.filters.update(script_json=_json_for_script, script_json_text=lambda t: Markup(_script_safe(t)),
                       ascii_html=_ascii_html, both=_both)
    env.globals.update(version=__version__, labels=ui_labels(), vis_network_js=vis_network_js)
    return env


@cache
def _env() -> jinja2.Environment:
    return environment()


def template(name: str) -> jinja2.Template:
    """One of the project's templates (``templates/NAME``), compiled once.

    >>> template("index.html").name
    'index.html'
    """
    return _env().get_template(name)


# --- node and edge data -----------------------------------------------------------------------

def group_colours(G: nx.Graph) -> dict[str, str]:
    """The colour of every group a node of ``G`` can have (``G.graph['groups']`` lists theme groups).

    >>> group_colours(nx.Graph(groups={"t1": ("计量", "Metrology")}))["t1"]
    '#a348a3'
    """
    colours = dict(KIND_COLOURS)
    groups = G.graph.get("groups") or {}
    themes = sorted(g for g in groups if g not in KIND_COLOURS)
    themes += sorted({d.get("group", "") for _, d in G.nodes(data=True)} - set(themes) - set(KIND_COLOURS))
    colours.update(zip(themes, theme_palette(len(themes)), strict=True))
    return colours


def _kind_text(kind: str) -> str:
    """How a tooltip names a node's kind (organiser kind or campaign), from the labels file."""
    entry = ui_labels()["groups"].get(kind)
    return entry.get("tip", entry["en"]) if entry else ""


def _clip(text: str, n: int = MAX_TIP_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _activity_lines(activities) -> list[str]:
    acts = list(activities or ())
    if not acts:
        return []
    tip = ui_labels()["tooltip"]
    lines = [tip["activities"].format(n=len(acts))]
    lines += [f"• {_clip(text or iri)}" for iri, text in acts[:MAX_TIP_ACTIVITIES]]
    if len(acts) > MAX_TIP_ACTIVITIES:
        lines.append(tip["more"].format(n=len(acts) - MAX_TIP_ACTIVITIES))
    return lines


def _name(d: dict) -> str:
    en, zh = d.get("label_en") or "", d.get("label") or ""
    return f"{en} ({zh})" if en and en != zh else zh


def _node_tip(d: dict, groups: dict, degree: float, links: int) -> str:
    tip = ui_labels()["tooltip"]
    lines = [_name(d)]
    kind = d.get("kind", "")
    if d.get("type") == "theme" and d.get("group") in groups:
        zh, en = groups[d["group"]]
        lines.append(tip["theme_group"].format(group=en or zh))
    else:
        lines.append(_kind_text(kind) or kind)
    lines.append(tip["links"].format(links=links, degree=degree))
    return "\n".join(lines + _activity_lines(d.get("activities")))


def _edge_tip(G: nx.Graph, u: str, v: str, d: dict) -> str:
    tip = ui_labels()["tooltip"]
    about = ui_labels()["projections"].get(G.graph.get("kind") or "", {})
    lines = [f"{_name(G.nodes[u])} — {_name(G.nodes[v])}", f"{about.get('weight', tip['weight'])}: {d.get('weight', 1):g}"]
    notes = d.get("notes") or ()
    if notes:
        lines.append(f"{about.get('notes', tip['notes'])}: {'、'.join(notes)}")
    return "\n".join(lines + _activity_lines(d.get("activities")))


def _node_data(G: nx.Graph) -> list[dict]:
    groups = G.graph.get("groups") or {}
    colours = group_colours(G)
    degree = dict(G.degree(weight="weight"))
    top = max(degree.values(), default=0) or 1
    nodes = []
    for n in sorted(G):
        d = G.nodes[n]
        nodes.append({
            "id": n, "label": d.get("label", n), "label_en": d.get("label_en") or "",
            "group": d.get("group", ""), "shape": SHAPES.get(d.get("type", ""), "dot"),
            "color": colours.get(d.get("group", ""), "#7f7f7f"),
            "size": round(10 + 26 * math.sqrt(degree[n] / top), 2) if degree[n] > 0 else 10,
            "title": _node_tip(d, groups, degree[n], G.degree(n)),
        })
    return nodes


def _edge_data(G: nx.Graph) -> list[dict]:
    wmax = max((w for _, _, w in G.edges(data="weight", default=1)), default=1) or 1
    pairs = sorted((min(u, v), max(u, v)) for u, v in G.edges())
    edges = []
    for i, (u, v) in enumerate(pairs):
        d = G.edges[u, v]
        w = d.get("weight", 1)
        edges.append({"id": f"e{i}", "from": u, "to": v, "value": w,
                      "width": round(1 + 5 * w / wmax, 2), "title": _edge_tip(G, u, v, d)})
    return edges


def view_data(G: nx.Graph) -> dict:
    """The node and edge lists and the options of the page, in a stable order.

    >>> G = nx.Graph([("a", "b", {"weight": 1})])
    >>> d = view_data(G)
    >>> [n["id"] for n in d["nodes"]], [(e["from"], e["to"]) for e in d["edges"]]
    (['a', 'b'], [('a', 'b')])
    """
    nodes = _node_data(G)
    return {"nodes": nodes, "edges": _edge_data(G), "options": vis_options(nodes=len(nodes))}


def _legend(G: nx.Graph) -> list[dict]:
    """The legend's sections (organisers, theme groups, campaigns) with the groups present in ``G``."""
    groups = G.graph.get("groups") or {}
    colours = group_colours(G)
    present: dict[str, str] = {}
    for _, d in G.nodes(data=True):
        present.setdefault(d.get("group", ""), d.get("type", "organiser"))
    order = {k: i for i, k in enumerate(KIND_COLOURS)}
    sections = []
    for type_, head in ui_labels()["node-types"].items():
        gs = sorted((g for g, t in present.items() if t == type_),
                    key=lambda g: (order.get(g, 50), groups.get(g, (g, ""))[0], g))
        items = [{"zh": groups.get(g, (g, ""))[0], "en": groups.get(g, (g, ""))[1] or _kind_text(g),
                  "colour": colours.get(g, "#7f7f7f"), "glyph": SHAPE_GLYPHS[SHAPES.get(type_, "dot")]} for g in gs]
        if items:
            sections.append({"zh": head["legend_zh"], "en": head["legend_en"], "items": items})
    return sections


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

    Examples
    --------
    >>> page = render(nx.Graph([("a", "b")]), title="<示例>")
    >>> "<title>&lt;示例&gt; · Network</title>" in page
    True
    """
    untitled = ui_labels()["page"]["untitled"]
    data = view_data(G)
    search = {n["label"] for n in data["nodes"]} | {n["label_en"] for n in data["nodes"] if n["label_en"]}
    return template("page.html").render(
        title=title or G.graph.get("title") or untitled["zh"],
        title_en=title_en or G.graph.get("title_en") or untitled["en"],
        nodes=G.number_of_nodes(), edges=G.number_of_edges(), height=height, legend=_legend(G),
        search_labels=sorted(search), vis=vis_network_js(), data=data,
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
    """Render ``G`` and write the page atomically to ``path`` (which must end in .html).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     v = write_view(nx.Graph([("a", "b")]), Path(d) / "ab.html", title="示例")
    ...     (v.path.name, v.title, v.nodes, v.edges, v.path.read_bytes() == render(G=nx.Graph([("a", "b")]),
    ...                                                                            title="示例").encode())
    ('ab.html', '示例', 2, 1, True)
    """
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


# --- pyvis ------------------------------------------------------------------------------------

def to_pyvis(G: nx.Graph, *, height: str = "82vh", width: str = "100%"):
    """A configured :class:`pyvis.network.Network` of ``G``, for views customised with pyvis.

    Nodes, edges and options are the page's own (:func:`view_data`), set in one pass: pyvis's
    ``add_node``/``add_edge`` check what is already there, which is quadratic on big graphs. The
    network renders offline: ``net.templateEnv`` finds this package's ``templates/pyvis.html``
    (vis-network inlined, no CDN) before pyvis's own templates, and ``cdn_resources="in_line"``
    keeps ``write_html`` from copying a ``lib/`` folder. The options are a dict, as after pyvis's
    ``set_options``. Write the page with ``net.write_html(path)`` or get it from ``net.generate_html()``.

    Parameters
    ----------
    G : networkx.Graph
        A projection (:mod:`qmkg.network`) or any undirected graph.
    height, width : str
        CSS size of the drawing.

    Returns
    -------
    pyvis.network.Network

    Examples
    --------
    >>> net = to_pyvis(nx.Graph([("计量", "标准", {"weight": 2})], title="示例"))
    >>> net.num_nodes(), net.num_edges(), net.neighbors("计量")
    (2, 1, {'标准'})
    >>> page = net.generate_html()
    >>> "<script src" in page or "<link" in page, "&#31034;&#20363;" in page  # the title, as ASCII
    (False, True)
    """
    from pyvis.network import Network  # imports IPython: slow, so only here

    data = view_data(G)
    heading = " · ".join(t for t in (G.graph.get("title"), G.graph.get("title_en")) if t)
    net = Network(height=height, width=width, heading=heading, cdn_resources="in_line")
    net.nodes, net.edges, net.options = data["nodes"], data["edges"], data["options"]
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.path = "pyvis.html"
    net.templateEnv = environment(jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES), net.templateEnv.loader]))
    return net


# --- a picture of a page ---------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")


def screenshot(page: str | Path, png: str | Path, *, width: int = 1280, height: int = 860,
               executable: str = CHROMIUM, timeout_ms: int = 60000) -> Path:
    """Open a written page in headless Chromium, wait until its layout has stopped, save a PNG.

    Needs Playwright for Python (``pip install -e '.[test]'``) and a Chromium at ``executable``;
    every request that would leave the file is refused.

    >>> screenshot("no-such-page.html", "x.png")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    qmkg.core.errors.InputError: .../no-such-page.html: no such page
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
