"""The network pages in headless Chromium: offline, every node drawn, search, highlighting, tooltips.

The browser tests drive Debian's ``chromium`` through Playwright for Python (never a downloaded
browser). Every view kind is opened from a file with every request that would leave the file
refused; the page must log no error, hold exactly the networkx graph's nodes and edges, and draw
them. One browser serves the session, and each view page is opened once and shared by the tests
that read it. Without chromium, its CJK fonts or Playwright the
tests are skipped with the line that installs them, except under CI (``CI=true``), where they fail.
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
from qmkg.network.site import write_site
from qmkg.network.views import CHROMIUM, CHROMIUM_ARGS

from .conftest import missing_tool
from .networks import by_label, view_graphs

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 860}
SETTLE_MS = 60_000




@pytest.fixture(scope="module")
def browser():
    """One Chromium for this module, closed at its end: while Playwright's sync API is open it holds an
    event loop in this thread, which would refuse every later ``sync_playwright()`` and ``asyncio.run``."""
    if not Path(CHROMIUM).is_file():
        missing_tool(f"the browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk "
                 "(.ci/run installs it)")
    fc = shutil.which("fc-list")
    if fc and not subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip():
        missing_tool("no font for Chinese labels: apt-get install chromium fonts-noto-cjk")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        missing_tool("the browser tests need Playwright for Python: pip install -e '.[test]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.fixture(scope="module")
def graphs(qs) -> dict[str, nx.Graph]:
    return view_graphs(qs)


@pytest.fixture(scope="module")
def pages(graphs, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("views")
    return {name: views.write_view(G, folder / f"view-{i}.html").path for i, (name, G) in enumerate(graphs.items())}


@dataclass
class Opened:
    page: object
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def _start(browser, path: Path, *, viewport: dict | None = None) -> Opened:
    """Open a page from a file, refusing (and recording) every request that would leave the file."""
    page = browser.new_page(viewport=viewport or VIEWPORT)
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
    page.goto(path.as_uri(), wait_until="commit")
    return opened


def _settled(opened: Opened, name: str) -> Opened:
    """Wait until the layout has settled, or a script error: no use waiting for a page that has failed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = opened.page
    try:
        page.wait_for_function("document.readyState === 'complete' && "
                               "(document.body.dataset.stable === 'true' || window.qmkg === undefined)",
                               timeout=SETTLE_MS)
    except PlaywrightTimeout:
        raise AssertionError(f"{name}: the layout never settled; errors: {opened.errors}") from None
    assert page.evaluate("window.qmkg !== undefined"), f"{name}: the page script failed: {opened.errors}"
    return opened


def _open(browser, path: Path) -> Opened:
    return _settled(_start(browser, path), path.name)


class OpenPages(dict):
    """Each view page, opened (and settled) on first use and then shared by the tests that read it."""

    def __init__(self, browser, pages: dict[str, Path]):
        super().__init__()
        self.browser, self.pages = browser, pages

    def __missing__(self, name: str) -> Opened:
        self[name] = _open(self.browser, self.pages[name])
        return self[name]


@pytest.fixture(scope="module")
def opened(browser, pages):
    shared = OpenPages(browser, pages)
    yield shared
    for o in shared.values():
        o.page.close()


@pytest.fixture(scope="module")
def blank_network(browser):
    """Screenshots of a white box the size of a drawing, by size (every view page has the same)."""
    shots: dict[tuple[float, float], bytes] = {}

    def blank(box: dict) -> bytes:
        size = (box["width"], box["height"])
        if size not in shots:
            page = browser.new_page(viewport=VIEWPORT)
            try:
                page.set_content(f'<div id="b" style="width:{size[0]}px;height:{size[1]}px;background:#fff"></div>')
                shots[size] = page.locator("#b").screenshot()
            finally:
                page.close()
        return shots[size]

    return blank


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


# Where a node is drawn on the screen, once the view holds still: a focus animation (the search
# moves the view for 400 ms, longer on a loaded machine) must not move the node under the mouse.
_STEADY_POINT = """async (id) => {
  const at = () => {
    const c = qmkg.network.canvasToDOM(qmkg.network.getPositions([id])[id]);
    const r = document.querySelector('#network canvas').getBoundingClientRect();
    return [r.left + c.x, r.top + c.y];
  };
  let last = at();
  for (;;) {
    await new Promise(done => setTimeout(done, 150));
    const now = at();
    if (now[0] === last[0] && now[1] === last[1]) { return now; }
    last = now;
  }
}"""


@pytest.mark.parametrize("name", [
    *nw.KINDS, "organiser-theme, regions only", "organiser-theme, theme ego (质量基础设施)",
    "organiser-theme, organiser ego (市场监管总局)", "theme-cooccurrence, theme ego (质量基础设施)",
    "organiser-similarity, organiser ego (市场监管总局)", "campaign, organiser ego (市场监管总局)",
])
def test_view_renders_offline_in_chromium(name, graphs, opened, blank_network):
    G = graphs[name]
    o = opened[name]
    page = o.page
    assert o.errors == []
    assert o.external == []
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
    blank = blank_network(page.locator("#network").bounding_box())
    assert shot != blank


def test_layout_stops_moving(opened):
    page = opened["organiser-theme"].page
    before = page.evaluate("qmkg.network.getPositions()")
    page.wait_for_timeout(800)
    assert page.evaluate("qmkg.network.getPositions()") == before
    assert page.evaluate("qmkg.state.stable") is True


def test_search_and_neighbourhood_highlighting(graphs, opened):
    G = graphs["campaign"]
    o = opened["campaign"]
    page = o.page
    tiequan = by_label(G, "铁拳")
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
    assert page.evaluate("qmkg.state.highlighted") == by_label(G, "市场监管总局")

    page.fill("#search", "没有这个单位")
    page.press("#search", "Enter")
    assert "no match" in page.inner_text("#search-status")
    assert page.inner_text("#search-status") == "无匹配 no match"

    page.click("#reset")
    assert page.evaluate("qmkg.state.highlighted") is None
    assert page.evaluate(f"qmkg.nodes.get().filter(n => n.color === '{dim}').length") == 0

    # a click on a node highlights its neighbourhood too
    gd = by_label(G, "广东省")
    # bring the node into view first (earlier tests on this shared page may have zoomed away from it)
    page.evaluate("id => qmkg.network.focus(id, {scale: 1.0, animation: false})", gd)
    for _ in range(3):  # on a loaded machine the view may still move between measuring and clicking
        p = page.evaluate(_STEADY_POINT, gd)
        page.mouse.click(p[0], p[1])
        if page.evaluate("qmkg.state.highlighted") == gd:
            break
    assert page.evaluate("qmkg.state.highlighted") == gd
    assert o.errors == [] and o.external == []
    page.click("#reset")  # leave the shared page as it was
    assert page.evaluate("qmkg.state.highlighted") is None


def test_tooltip_shows_english_name_and_activities(graphs, opened):
    G = graphs["organiser-theme, organiser ego (市场监管总局)"]
    page = opened["organiser-theme, organiser ego (市场监管总局)"].page
    samr = by_label(G, "市场监管总局")
    text = page.evaluate(f"qmkg.nodes.get('{samr}').title.textContent")
    assert text.startswith("State Administration for Market Regulation")
    first = G.nodes[samr]["activities"][0][1]
    assert first[:30] in text
    p = page.evaluate(_STEADY_POINT, samr)
    page.mouse.move(p[0], p[1])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert "State Administration for Market Regulation" in page.inner_text("div.vis-tooltip")
    page.mouse.move(0, 0)


def test_site_index_links_pages_that_render(browser, qs, tmp_path):
    report = write_site(qs, tmp_path / "site", ego_top=2)
    opened = _start(browser, report.index)
    page = opened.page
    try:
        page.wait_for_load_state("load")
        hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        assert sorted(hrefs) == sorted(v.path.name for v in report.views)
        assert all((report.index.parent / h).is_file() for h in hrefs)
        page.click("a[href='campaign.html']")
        page.wait_for_function("document.body && document.body.dataset.stable === 'true'", timeout=90_000)
        assert page.evaluate("qmkg.nodes.length") == nw.campaign_network(qs).number_of_nodes()
        assert opened.errors == [] and opened.external == []
    finally:
        page.close()


def test_pyvis_network_renders_offline_and_draws_every_node(browser, graphs, tmp_path):
    """A page written by pyvis itself (net.write_html) from to_pyvis: no request leaves it, all nodes drawn."""
    G = graphs["regional-cooperation"]
    path = tmp_path / "pyvis.html"
    views.to_pyvis(G).write_html(str(path))
    o = _settled(_start(browser, path), path.name)
    page = o.page
    try:
        assert o.errors == [] and o.external == []
        assert page.evaluate("[qmkg.nodes.length, qmkg.edges.length]") == [G.number_of_nodes(), G.number_of_edges()]
        assert sorted(page.evaluate("qmkg.nodes.getIds()")) == sorted(G)
        assert page.title() == f"{G.graph['title']} · {G.graph['title_en']}"
        assert page.inner_text("h1") == page.title()
        drawn = page.evaluate(_DRAWN.replace("#network canvas", "#mynetwork canvas"))
        assert [n for n, alpha in drawn["centres"].items() if alpha <= 0] == []
    finally:
        page.close()


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


def test_a_missing_browser_fails_under_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium fonts-noto-cjk"):
        missing_tool("no chromium: apt-get install chromium fonts-noto-cjk")
    for value in ("", "false"):
        monkeypatch.setenv("CI", value)
        with pytest.raises(pytest.skip.Exception, match="apt-get install chromium fonts-noto-cjk"):
            missing_tool("no chromium: apt-get install chromium fonts-noto-cjk")
