"""The site of network views: every view of a graph as a page, and an ``index.html`` linking them.

The index is ``templates/index.html``; its section names are in ``ontology/ui-labels.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qmkg.core.errors import InputError
from qmkg.core.fileio import write_atomic
from qmkg.core.resources import ui_labels
from qmkg.network.views import ViewFile, template, write_view


@dataclass(frozen=True)
class SiteReport:
    """What ``qmkg network site`` wrote: the index and every view it links."""

    index: Path
    views: tuple[ViewFile, ...]


def write_index(directory: Path, views: list[tuple[str, ViewFile]], *, heading: str | None = None) -> Path:
    """Write ``index.html`` linking every view, grouped under their section names.

    Parameters
    ----------
    directory : Path
        Where the views are; the index is written there.
    views : list of (str, ViewFile)
        Each view with the name of its section, in the order they are listed.
    heading : str, optional
        The page heading; by default the site's name from ``ontology/ui-labels.toml``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     index = write_index(Path(d), [("网络 Networks", ViewFile(Path(d) / "a.html", "甲", "A", 2, 1))])
    ...     '<li><a href="a.html">甲</a> <span class="en">A</span>' in index.read_text(encoding="utf-8")
    True
    """
    sections: dict[str, list[ViewFile]] = {}
    for section, v in views:
        sections.setdefault(section, []).append(v)
    page = template("index.html").render(
        heading=heading or ui_labels()["page"]["site"]["zh"], sections=list(sections.items()))
    index = directory / "index.html"
    write_atomic(index, page.encode("utf-8"))
    return index


def _slug(iri: str, n: int) -> str:
    """A file-name part for a node: the end of its IRI when that is plain ASCII, else a number.

    >>> _slug("https://example.org/id/org/samr", 1), _slug("https://example.org/id/org/甲", 2)
    ('samr', '02')
    """
    tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,60}", tail) else f"{n:02d}"


def _section(key: str) -> str:
    label = ui_labels()["site-sections"][key]
    return f"{label['zh']} {label['en']}"


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

    Returns
    -------
    SiteReport

    Examples
    --------
    A graph of one organiser and one theme (views with nothing in them are written too):

    >>> import pyoxigraph as ox, tempfile
    >>> from qmkg.query.engines import OxigraphEngine
    >>> from qmkg.query.library import QueryService
    >>> from qmkg.network.projections import _EXAMPLE_TURTLE
    >>> store = ox.Store()
    >>> store.load(_EXAMPLE_TURTLE, format=ox.RdfFormat.TURTLE)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     report = write_site(QueryService(OxigraphEngine(store)), d, ego_top=1)
    ...     [(v.path.name, v.nodes) for v in report.views if v.nodes], report.index.name
    ([('organiser-theme.html', 2), ('organiser-similarity.html', 1), ('organiser-theme-department.html', 2), ('theme-metrology.html', 2), ('organiser-samr.html', 2)], 'index.html')
    """
    from qmkg import network as nw

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    written: list[tuple[str, ViewFile]] = []
    graphs = {k: nw.projection(qs, k, top_k=top_k) for k in nw.KINDS}
    for kind, G in graphs.items():
        written.append((_section("networks"), write_view(G, directory / f"{kind}.html")))
    bip = graphs["organiser-theme"]
    for ok in nw.ORGANISER_KINDS:
        H = nw.restrict_organiser_kind(bip, ok)
        written.append((_section("organiser_kinds"), write_view(H, directory / f"organiser-theme-{ok}.html")))
    groups = sorted({d["group"] for _, d in bip.nodes(data=True) if d.get("type") == "theme"})
    for i, g in enumerate(groups, start=1):
        H = nw.theme_ego(bip, g)
        written.append((_section("theme_groups"), write_view(H, directory / f"theme-{_slug(g, i)}.html")))
    m = nw.analyse(bip)
    for i, s in enumerate(m.leading("weighted_degree", "organiser", ego_top), start=1):
        H = nw.organiser_ego(bip, s.node)
        written.append((_section("organisers"), write_view(H, directory / f"organiser-{_slug(s.node, i)}.html")))
    index = write_index(directory, written)
    return SiteReport(index, tuple(v for _, v in written))
