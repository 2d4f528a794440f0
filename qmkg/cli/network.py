"""``qmkg network``: metrics and interactive views of the networks.

Only argument parsing lives here; :mod:`qmkg.network` (networkx, the pages) is imported inside the
commands, so other commands never load it. The network kinds and every zh/en word come from
``ontology/ui-labels.toml``, which :mod:`qmkg.network` reads too.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qmkg.core.errors import InputError
from qmkg.core.resources import ui_labels
from qmkg.core.text import did_you_mean

# Read from the labels file, not from qmkg.network, so that parsing needs no networkx.
_KINDS = tuple(ui_labels()["projections"])
_THEMED = ("organiser-theme", "theme-cooccurrence")
_GRAPH_HELP = ("a built graph file (default: the qm-*.ttl `qmkg build` wrote here, else the bundled 2024 graph; "
               "stderr says which)")


def _kind(value: str) -> str:
    if value in _KINDS:
        return value
    hint = did_you_mean(value, _KINDS, cutoff=0.4) or f"; choose from {', '.join(_KINDS)}"
    raise InputError(f"unknown network kind {value!r}{hint}")


def _positive(value: int, option: str) -> int:
    if value < 1:
        raise InputError(f"{option} must be at least 1, not {value}")
    return value


def _open(graph: str | None):
    from qmkg.cli.options import graph_path
    from qmkg.query.library import QueryService

    return QueryService.open(graph_path(graph))


# --- stats ----------------------------------------------------------------------------------

def _table(metrics, top: int) -> str:
    from qmkg.query.formats import width

    def pad(text: str, n: int) -> str:
        return text + " " * max(0, n - width(text))

    m = metrics
    title = ui_labels()["projections"].get(m.kind, {"zh": m.kind, "en": m.kind})
    zh, en = title["zh"], title["en"]
    names = ui_labels()["node-types"]
    out = [f"== {m.kind}: {zh} ({en}): {m.nodes} nodes, {m.edges} edges, {m.components} components"]
    for metric, name in (("weighted_degree", "weighted degree"), ("betweenness", "betweenness")):
        note = ""
        if metric == "betweenness":
            note = f" (sampled from {m.betweenness_samples} sources)" if m.betweenness_samples else " (exact, by hops)"
        out.append(f"-- {name}{note}")
        types = m.node_types()
        leading = [m.leading(metric, t, top) for t in types]
        label_w = [max([0] + [width(s.label) for s in col]) for col in leading]
        cols = [[pad(s.label, w) + f"  {s.value:>8.4g}" for s in col] for col, w in zip(leading, label_w, strict=True)]
        heads = [f"{names[t]['zh']} {names[t]['en']}" for t in types]
        widths = [max([width(h)] + [width(c) for c in col]) for h, col in zip(heads, cols, strict=True)]
        out.append("     " + "   ".join(pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip())
        for i in range(max((len(c) for c in cols), default=0)):
            cells = [pad(col[i] if i < len(col) else "", w) for col, w in zip(cols, widths, strict=True)]
            out.append(f"{i + 1:>3}  " + "   ".join(cells).rstrip())
    out.append(f"-- communities (Louvain, weighted, fixed seed): {len(m.communities)}, modularity {m.modularity:.3f}")
    for i, c in enumerate(m.communities[:top], start=1):
        out.append(f"{i:>3}  ({c.size}) {'、'.join(c.leaders)}")
    out.append(f"-- bridges (leaving out edges to a node with one link): {len(m.bridges)}")
    for b in m.bridges[:top]:
        out.append(f"     {b.u_label} — {b.v_label}  ({b.weight:g})")
    return "\n".join(out)


def cmd_network_stats(a: argparse.Namespace) -> int:
    """``qmkg network stats [KIND]``: leading nodes, communities and bridges, as a table or JSON.

    >>> from qmkg.cli.main import main
    >>> main(["network", "stats", "regional-cooperation", "--top", "1"])  # doctest: +NORMALIZE_WHITESPACE
    == regional-cooperation: 区域协同网络 (Regional cooperation): 7 nodes, 8 edges, 2 components
    -- weighted degree
         主办单位 organisers
      1  江苏省         6
    -- betweenness (exact, by hops)
         主办单位 organisers
      1  江苏省       0.2
    -- communities (Louvain, weighted, fixed seed): 2, modularity 0.355
      1  (5) 江苏省、安徽省、浙江省、上海市、江西省
    -- bridges (leaving out edges to a node with one link): 0
    0
    """
    from qmkg import network as nw

    kinds = [_kind(a.kind)] if a.kind else list(_KINDS)
    top, top_k = _positive(a.top, "--top"), _positive(a.top_k, "--top-k")
    qs = _open(a.graph)
    results = [nw.analyse(nw.projection(qs, k, top_k=top_k)) for k in kinds]
    if a.format == "json":
        doc = [m.to_dict(top=top) for m in results]
        print(json.dumps(doc[0] if a.kind else doc, ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(_table(m, top) for m in results))
    return 0


# --- view -----------------------------------------------------------------------------------

def _check_view(a: argparse.Namespace, kind: str, organiser_kinds: tuple[str, ...]) -> Path:
    """Refuse option combinations that cannot give a view; the page's path."""
    if a.theme and a.organiser:
        raise InputError("give --theme or --organiser, not both")
    if a.theme and kind not in _THEMED:
        raise InputError(f"the {kind} network has no themes; --theme works with {', '.join(_THEMED)}")
    if a.organiser and kind == "theme-cooccurrence":
        raise InputError("the theme-cooccurrence network has no organisers; use --theme")
    if a.organiser_kind and a.organiser_kind not in organiser_kinds:
        raise InputError(f"unknown organiser kind {a.organiser_kind!r}; choose from {', '.join(organiser_kinds)}")
    if a.organiser_kind and kind == "theme-cooccurrence":
        raise InputError("the theme-cooccurrence network has no organisers; --organiser-kind does not apply")
    output = Path(a.output or f"{kind}.html")
    if output.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{output}: a view is an HTML page; give -o a name ending in .html")
    if a.png and Path(a.png).suffix.lower() != ".png":
        raise InputError(f"{a.png}: --png needs a file name ending in .png")
    _positive(a.top_k, "--top-k")
    _positive(a.radius, "--radius")
    return output


def _view_graph(a: argparse.Namespace, kind: str):
    """The projection, narrowed as the options ask: organiser kind, then a theme or organiser ego view."""
    from qmkg import network as nw

    qs = _open(a.graph)
    theme = qs.resolve("concept", a.theme, param="theme").value if a.theme else None
    organiser = qs.resolve("organiser", a.organiser, param="organiser").value if a.organiser else None
    G = nw.projection(qs, kind, top_k=a.top_k)  # checked by _check_view
    if a.organiser_kind:
        G = nw.restrict_organiser_kind(G, a.organiser_kind)
    if theme:
        try:
            G = nw.theme_ego(G, theme)
        except InputError:
            raise InputError(f"no activity in the {kind} network is about {a.theme!r} ({theme}); "
                             "the networks hold themes, not activity kinds, target groups or sectors") from None
    if organiser:
        G = nw.organiser_ego(G, organiser, radius=a.radius)
    return G


def cmd_network_view(a: argparse.Namespace) -> int:
    """``qmkg network view KIND``: write one offline page (and a PNG with ``--png``); see :func:`_check_view`.

    >>> import tempfile
    >>> from qmkg.cli.main import main
    >>> with tempfile.TemporaryDirectory() as d:  # doctest: +ELLIPSIS
    ...     main(["network", "view", "campaign", "--organiser", "市场监管总局", "-o", f"{d}/samr.html"])
    wrote .../samr.html: 专项行动网络：市场监管总局 (Organisers linked through named campaigns: State Administration \
for Market Regulation), 8 nodes, 7 edges
    0
    """
    from qmkg.network import ORGANISER_KINDS
    from qmkg.network.views import screenshot, write_view

    kind = _kind(a.kind)
    output = _check_view(a, kind, ORGANISER_KINDS)
    G = _view_graph(a, kind)
    if G.number_of_nodes() == 0:
        raise InputError(f"the {kind} network is empty here; nothing to draw")
    view = write_view(G, output)
    print(f"wrote {view.path}: {view.title} ({view.title_en}), {view.nodes} nodes, {view.edges} edges")
    if a.png:
        png = screenshot(view.path, a.png)
        print(f"wrote {png}")
    return 0


# --- site -----------------------------------------------------------------------------------

def cmd_network_site(a: argparse.Namespace) -> int:
    """``qmkg network site DIR``: every view and an index linking them (:func:`qmkg.network.site.write_site`)."""
    from qmkg.network.site import write_site

    directory = Path(a.directory)
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory}: exists and is not a directory")
    qs = _open(a.graph)
    report = write_site(qs, directory, ego_top=_positive(a.ego_top, "--ego-top"), top_k=_positive(a.top_k, "--top-k"))
    print(f"wrote {report.index} and {len(report.views)} views")
    return 0


# --- the parser -----------------------------------------------------------------------------

def register(subparsers) -> None:
    """Add ``qmkg network stats|view|site`` to the ``qmkg`` command's sub-parsers.

    >>> p = argparse.ArgumentParser(prog="qmkg")
    >>> register(p.add_subparsers())
    >>> a = p.parse_args(["network", "view", "campaign", "--organiser", "SAMR"])
    >>> a.func.__name__, a.kind, a.organiser, a.top_k, a.output
    ('cmd_network_view', 'campaign', 'SAMR', 5, None)
    """
    kinds = ", ".join(_KINDS)
    net = subparsers.add_parser("network", help="networks of organisers and themes: metrics and views",
                                description=f"Network kinds: {kinds}.")
    sub = net.add_subparsers(dest="network_command", required=True, metavar="SUBCOMMAND")

    p = sub.add_parser("stats", help="leading organisers and themes by weighted degree and betweenness; "
                                     "communities; bridges")
    p.add_argument("kind", nargs="?", metavar="KIND", help=f"one of: {kinds} (default: all)")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="an aligned table, or JSON (default: table)")
    p.add_argument("--graph", help=_GRAPH_HELP)
    p.add_argument("--top", type=int, default=10, help="how many leading nodes of each type (default 10)")
    p.add_argument("--top-k", type=int, default=5, help="neighbours per organiser in organiser-similarity (default 5)")
    p.set_defaults(func=cmd_network_stats)

    p = sub.add_parser("view", help="write an interactive, offline HTML page of a network")
    p.add_argument("kind", metavar="KIND", help=f"one of: {kinds}")
    p.add_argument("--theme", help="ego view: this theme, every narrower one and their neighbours (zh, en or IRI)")
    p.add_argument("--organiser", help="ego view: this organiser and its neighbours (zh, en, abbreviation or IRI)")
    p.add_argument("--organiser-kind", metavar="region|department|association",
                   help="keep only organisers of this kind")
    p.add_argument("--radius", type=int, default=1, help="steps from the organiser in an organiser ego view")
    p.add_argument("--top-k", type=int, default=5, help="neighbours per organiser in organiser-similarity (default 5)")
    p.add_argument("-o", "--output", metavar="FILE.html", help="the page to write (default: KIND.html)")
    p.add_argument("--png", metavar="FILE.png", help="also save a screenshot (needs playwright and chromium)")
    p.add_argument("--graph", help=_GRAPH_HELP)
    p.set_defaults(func=cmd_network_view)

    p = sub.add_parser("site", help="write every view and an index.html linking them into a folder")
    p.add_argument("directory", metavar="DIR", help="the folder to write the views and index.html into")
    p.add_argument("--graph", help=_GRAPH_HELP)
    p.add_argument("--ego-top", type=int, default=10, help="organisers with an ego view, by weighted degree (default 10)")
    p.add_argument("--top-k", type=int, default=5, help="neighbours per organiser in organiser-similarity (default 5)")
    p.set_defaults(func=cmd_network_site)
