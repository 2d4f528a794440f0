"""The network pages: offline, deterministic HTML, opened in headless Chromium.

The browser tests drive Debian's ``chromium`` through Playwright for Python (never a downloaded
browser). Every view kind is opened from a file with every request that would leave the file
refused; the page must log no error, hold exactly the networkx graph's nodes and edges, and draw
them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from qmkg import network as nw
from qmkg.core.errors import InputError
from qmkg.network import views
from qmkg.network.views import CHROMIUM, CHROMIUM_ARGS

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture fails with a clear message
    PlaywrightTimeout = TimeoutError  # type: ignore[misc,assignment]

NQI = "https://example.org/qmkg/theme/quality-infrastructure"


def _by_label(G: nx.Graph, label: str) -> str:
    hits = [n for n, d in G.nodes(data=True) if d.get("label") == label]
    assert len(hits) == 1, label
    return hits[0]


@pytest.fixture(scope="module")
def graphs(qs) -> dict[str, nx.Graph]:
    """Every view kind the command can write: each projection, an organiser-kind filter, ego views."""
    out = {k: nw.projection(qs, k) for k in nw.KINDS}
    bip = out["organiser-theme"]
    samr = _by_label(bip, "市场监管总局")
    out["organiser-theme, regions only"] = nw.restrict_organiser_kind(bip, "region")
    out["organiser-theme, theme ego (质量基础设施)"] = nw.theme_ego(bip, NQI)
    out["organiser-theme, organiser ego (市场监管总局)"] = nw.organiser_ego(bip, samr)
    out["theme-cooccurrence, theme ego (质量基础设施)"] = nw.theme_ego(out["theme-cooccurrence"], NQI)
    out["organiser-similarity, organiser ego (市场监管总局)"] = nw.organiser_ego(out["organiser-similarity"], samr)
    out["campaign, organiser ego (市场监管总局)"] = nw.organiser_ego(out["campaign"], samr)
    return out


@pytest.fixture(scope="module")
def pages(graphs, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("views")
    return {name: views.write_view(G, folder / f"view-{i}.html").path for i, (name, G) in enumerate(graphs.items())}


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


# --- in the browser -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"the browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk "
                    "(.ci/run installs it)")
    fc = shutil.which("fc-list")
    if fc and not subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip():
        pytest.fail("no font for Chinese labels: apt-get install fonts-noto-cjk")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        pytest.fail("the browser tests need Playwright for Python: pip install -e '.[test]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@dataclass
class Opened:
    page: object
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def _open(browser, path: Path) -> Opened:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    opened = Opened(page)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith("file:") else opened.external.append(r.url))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            opened.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    try:  # settled, or a script error: no use waiting for a page that has failed
        page.wait_for_function("document.body.dataset.stable === 'true' || window.qmkg === undefined",
                               timeout=60_000)
    except PlaywrightTimeout:
        raise AssertionError(f"{path.name}: the layout never settled; errors: {opened.errors}") from None
    assert page.evaluate("window.qmkg !== undefined"), f"{path.name}: the page script failed: {opened.errors}"
    return opened


# Whether the canvas pixel at the centre of every node is drawn (opaque and not white), and how
# many pixels are drawn at all; -1 for a centre outside the canvas.
_DRAWN = """() => {
  const canvas = document.querySelector('#network canvas');
  const ctx = canvas.getContext('2d');
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const ink = i => img[i + 3] > 0 && !(img[i] > 245 && img[i + 1] > 245 && img[i + 2] > 245);
  let drawn = 0;
  for (let i = 0; i < img.length; i += 4) { if (ink(i)) { drawn++; } }
  const ratio = canvas.width / canvas.clientWidth;
  const pos = qmkg.network.getPositions();
  const centres = {};
  for (const id of qmkg.nodes.getIds()) {
    const p = qmkg.network.canvasToDOM(pos[id]);
    const x = Math.round(p.x * ratio), y = Math.round(p.y * ratio);
    const inside = x >= 0 && y >= 0 && x < canvas.width && y < canvas.height;
    centres[id] = inside ? (ink((y * canvas.width + x) * 4) ? 1 : 0) : -1;
  }
  return {drawn: drawn, total: canvas.width * canvas.height, centres: centres};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("name", [
    *nw.KINDS, "organiser-theme, regions only", "organiser-theme, theme ego (质量基础设施)",
    "organiser-theme, organiser ego (市场监管总局)", "theme-cooccurrence, theme ego (质量基础设施)",
    "organiser-similarity, organiser ego (市场监管总局)", "campaign, organiser ego (市场监管总局)",
])
def test_view_renders_offline_in_chromium(name, browser, graphs, pages):
    G = graphs[name]
    opened = _open(browser, pages[name])
    page = opened.page
    try:
        assert opened.errors == []
        assert opened.external == []
        assert page.evaluate("document.characterSet") == "UTF-8"
        assert page.title() == f"{G.graph['title']} · {G.graph['title_en']}"
        counts = page.evaluate("[qmkg.nodes.length, qmkg.edges.length]")
        assert counts == [G.number_of_nodes(), G.number_of_edges()]
        assert sorted(page.evaluate("qmkg.nodes.getIds()")) == sorted(G)
        drawn = page.evaluate(_DRAWN)
        assert drawn["drawn"] > 500 * min(G.number_of_nodes(), 20), "the canvas is (nearly) blank"
        undrawn = [G.nodes[n]["label"] for n, alpha in drawn["centres"].items() if alpha <= 0]
        assert undrawn == [], f"nodes not drawn: {undrawn}"
        groups = {d["group"] for _, d in G.nodes(data=True)}
        assert page.locator("#legend li").count() == len(groups)
        assert page.locator("#search").is_visible()
        shot = page.locator("#network").screenshot()
        blank = _blank_png(browser, page.locator("#network").bounding_box())
        assert shot != blank
    finally:
        page.close()


def _blank_png(browser, box) -> bytes:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    try:
        page.set_content(f'<div id="b" style="width:{box["width"]}px;height:{box["height"]}px;background:#fff"></div>')
        return page.locator("#b").screenshot()
    finally:
        page.close()


@pytest.mark.browser
def test_layout_stops_moving(browser, pages):
    opened = _open(browser, pages["organiser-theme"])
    page = opened.page
    try:
        before = page.evaluate("qmkg.network.getPositions()")
        page.wait_for_timeout(800)
        assert page.evaluate("qmkg.network.getPositions()") == before
        assert page.evaluate("qmkg.state.stable") is True
    finally:
        page.close()


@pytest.mark.browser
def test_search_and_neighbourhood_highlighting(browser, graphs, pages):
    G = graphs["campaign"]
    opened = _open(browser, pages["campaign"])
    page = opened.page
    try:
        tiequan = _by_label(G, "铁拳")
        page.fill("#search", "铁拳")
        page.press("#search", "Enter")
        assert page.evaluate("qmkg.state.highlighted") == tiequan
        assert page.evaluate("qmkg.network.getSelectedNodes()") == [tiequan]
        dim = "rgba(200,200,200,0.35)"
        faded = page.evaluate(f"qmkg.nodes.get().filter(n => n.color === '{dim}').length")
        assert faded == G.number_of_nodes() - 1 - G.degree(tiequan)
        kept = page.evaluate(f"qmkg.nodes.get().filter(n => n.color !== '{dim}').map(n => n.label).sort()")
        assert kept == sorted(["铁拳", "市场监管总局", "广东省", "广西壮族自治区"])

        page.fill("#search", "State Administration for Market Regulation")  # an en label finds the zh node
        page.press("#search", "Enter")
        assert page.evaluate("qmkg.state.highlighted") == _by_label(G, "市场监管总局")

        page.fill("#search", "没有这个单位")
        page.press("#search", "Enter")
        assert "no match" in page.inner_text("#search-status")

        page.click("#reset")
        assert page.evaluate("qmkg.state.highlighted") is None
        assert page.evaluate(f"qmkg.nodes.get().filter(n => n.color === '{dim}').length") == 0

        # a click on a node highlights its neighbourhood too
        gd = _by_label(G, "广东省")
        p = page.evaluate(f"(() => {{ const c = qmkg.network.canvasToDOM(qmkg.network.getPositions(['{gd}'])['{gd}']);"
                          "const r = document.querySelector('#network canvas').getBoundingClientRect();"
                          "return [r.left + c.x, r.top + c.y]; })()")
        page.mouse.click(p[0], p[1])
        assert page.evaluate("qmkg.state.highlighted") == gd
        assert opened.errors == [] and opened.external == []
    finally:
        page.close()


@pytest.mark.browser
def test_tooltip_shows_english_name_and_activities(browser, graphs, pages):
    G = graphs["organiser-theme, organiser ego (市场监管总局)"]
    opened = _open(browser, pages["organiser-theme, organiser ego (市场监管总局)"])
    page = opened.page
    try:
        samr = _by_label(G, "市场监管总局")
        text = page.evaluate(f"qmkg.nodes.get('{samr}').title.textContent")
        assert text.startswith("State Administration for Market Regulation")
        first = G.nodes[samr]["activities"][0][1]
        assert first[:30] in text
        p = page.evaluate(f"(() => {{ const c = qmkg.network.canvasToDOM(qmkg.network.getPositions(['{samr}'])['{samr}']);"
                          "const r = document.querySelector('#network canvas').getBoundingClientRect();"
                          "return [r.left + c.x, r.top + c.y]; })()")
        page.mouse.move(p[0], p[1])
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        assert "State Administration for Market Regulation" in page.inner_text("div.vis-tooltip")
    finally:
        page.close()


@pytest.mark.browser
def test_site_index_links_pages_that_render(browser, qs, tmp_path):
    report = views.write_site(qs, tmp_path / "site", ego_top=2)
    opened = _open_index(browser, report.index)
    page = opened.page
    try:
        hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        assert sorted(hrefs) == sorted(v.path.name for v in report.views)
        assert all((report.index.parent / h).is_file() for h in hrefs)
        page.click("a[href='campaign.html']")
        page.wait_for_function("document.body && document.body.dataset.stable === 'true'", timeout=90_000)
        assert page.evaluate("qmkg.nodes.length") == nw.campaign_network(qs).number_of_nodes()
        assert opened.errors == [] and opened.external == []
    finally:
        page.close()


def _open_index(browser, path: Path) -> Opened:
    page = browser.new_page()
    opened = Opened(page)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else (opened.external.append(r.request.url), r.abort()))
    page.goto(path.as_uri())
    return opened


@pytest.mark.browser
def test_screenshot_tool_draws_the_network(browser, built_graph, tmp_path):
    """The tool that made docs/img/, run as a user would (its own browser, in its own process)."""
    page, png = tmp_path / "regions.html", tmp_path / "regions.png"
    proc = subprocess.run(["qmkg", "network", "view", "regional-cooperation", "--graph", str(built_graph),
                           "-o", str(page), "--png", str(png)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1280 and int.from_bytes(data[20:24], "big") == 860
    blank = browser.new_page(viewport={"width": 1280, "height": 860})
    try:
        blank.set_content("<body style='margin:0;background:#fff'></body>")
        assert data != blank.screenshot()
    finally:
        blank.close()
    with pytest.raises(InputError):
        views.screenshot(tmp_path / "none.html", tmp_path / "x.png")


def test_readme_screenshot_is_committed():
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "## Network views" in readme
    shot = root / "docs" / "img" / "network-quality-infrastructure.png"
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "docs/img/network-quality-infrastructure.png" in readme
