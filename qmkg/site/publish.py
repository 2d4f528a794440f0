"""``qmkg publish``: write the static linked-data site of a built graph into a folder.

For every document (an entity and its hash-named parts) an HTML page, Turtle and JSON-LD side by
side (``id/org/samr.html``, ``.ttl``, ``.jsonld``); the dumps in every format where the dataset's
``void:dataDump`` says they are; the ontology's documentation; the network views; an Apache
``.htaccess`` and an nginx snippet that answer ``BASE/id/org/samr`` by ``Accept``. The site is
written into a temporary folder next to the target and swapped in whole, so a failed publish
leaves the old site as it was; the same graph gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from qmkg.core.errors import InputError
from qmkg.core.graphfile import GRAPH_FORMATS, format_of, graph_file, ox_format
from qmkg.core.namespaces import DCAT, DCTERMS, ONTOLOGY_IRI, QM, SKOS, VOCAB, VOID
from qmkg.core.resources import default_graph
from qmkg.graph.serialise import serialise_store
from qmkg.site.index import GraphIndex, SitePaths, index_graph, relative_href
from qmkg.site.pages import TEMPLATES, PageContext, comment_of, entity_page, environment, index_page, ontology_page
from qmkg.site.rdfout import jsonld_document, turtle_document, with_blank_nodes

MARKER = "_site/qmkg-site.txt"  # a folder holding this was written by qmkg publish and may be replaced
SECTION_CLASSES = (QM.QualityMonth, QM.Notice, QM.Organiser, QM.Campaign, QM.Activity, QM.Theme,
                   QM.ActivityKind, QM.TargetGroup, QM.Sector, QM.Standard, DCAT.Dataset, DCAT.Catalog)


@dataclass(frozen=True)
class PublishReport:
    """What :func:`publish_site` wrote."""

    directory: Path
    base_url: str
    documents: int
    files: int


class _Out:
    """Writes the site's files under a fresh temporary root and counts them.

    Plain writes, not :func:`qmkg.core.fileio.write_atomic` one by one (a third of the publish time):
    the whole folder is the atomic unit, swapped in by :func:`_swap` once every file is written.
    """

    def __init__(self, root: Path):
        self.root, self.files = root, 0
        self._dirs: set[Path] = set()

    def write(self, path: str, data: bytes) -> None:
        p = self.root / path
        if p.parent not in self._dirs:
            p.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(p.parent)
        with open(p, "wb") as f:
            f.write(data)
        self.files += 1


def default_base_url(store: ox.Store) -> str:
    """Where the site is published by default: the project's namespace when the data's base is
    under it (so that the vocabulary's IRIs resolve too), else the data's base (``void:uriSpace``)."""
    rows = list(store.query(f"SELECT ?b WHERE {{ ?d a <{DCAT.Dataset}> ; <{VOID.uriSpace}> ?b }} ORDER BY ?b LIMIT 1"))
    base = rows[0]["b"].value if rows else VOCAB
    return VOCAB if base.startswith(VOCAB) else base


def publish_site(directory: str | Path, *, graph: str | Path | None = None, base_url: str | None = None,
                 network: bool = True) -> PublishReport:
    """Write the linked-data site of ``graph`` (default: the bundled 2024 graph) into ``directory``.

    Parameters
    ----------
    directory : str or Path
        The site's folder: created, or replaced if it holds an earlier site; any other non-empty
        folder is refused.
    graph : str or Path, optional
        A built graph file (Turtle, N-Triples or JSON-LD).
    base_url : str, optional
        The URL the folder is served at; IRIs under it get pages at their paths. Default: see
        :func:`default_base_url`.
    network : bool
        Also write the network views (``_site/network/``).
    """
    target = Path(directory)
    _check_target(target)
    path, kind = graph_file(graph or default_graph())
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox_format(kind))
    except (SyntaxError, ValueError, OSError) as e:
        raise InputError(f"{path}: not a readable graph: {e}") from None
    base = base_url or default_base_url(store)
    if not base.startswith(("http://", "https://")):
        raise InputError(f"--base-url must be an http(s) URL: {base!r}")
    site = SitePaths(base if base.endswith("/") else base + "/")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        out = _Out(tmp)
        index = index_graph((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), site)
        _documents(out, index, site)
        dumps = _dumps(out, store, index, site)
        _front(out, index, site, dumps)
        _conneg(out, site)
        if network:
            _network(out, path)
        out.write(MARKER, f"written by qmkg publish for {site.base_url}\n".encode())
        _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return PublishReport(target, site.base_url, len(index.documents), out.files)


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: not a directory")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise InputError(f"{target}: not empty and not a site qmkg published; give an empty or new folder")


def _swap(tmp: Path, target: Path) -> None:
    """Put the new site in place of the old in two renames, then delete the old."""
    os.chmod(tmp, 0o755)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / "site")
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _documents(out: _Out, index: GraphIndex, site: SitePaths) -> None:
    concepts: dict[str, list[str]] = {}
    for doc in index.documents.values():
        for s, triples in doc.subjects.items():
            for t in triples:
                if t.predicate.value == SKOS.inScheme:
                    concepts.setdefault(t.object.value, []).append(s)
    for path in sorted(index.documents):
        doc = index.documents[path]
        triples = with_blank_nodes((t for s in sorted(doc.subjects) for t in doc.subjects[s]), index.bnodes)
        out.write(path + ".ttl", turtle_document(triples))
        out.write(path + ".jsonld", jsonld_document(triples))
        ctx = PageContext(index, site, path)
        title = ctx.label(doc.iri) if doc.iri in doc.subjects else path
        if doc.iri == ONTOLOGY_IRI:
            page = ontology_page(doc, ctx, title=title, concepts=concepts)
        else:
            page = entity_page(doc, ctx, title=title)
        out.write(path + ".html", page)


def _dumps(out: _Out, store: ox.Store, index: GraphIndex, site: SitePaths) -> list[dict]:
    """The whole graph in every format, at the site paths of the datasets' ``void:dataDump``."""
    wanted: dict[str, str] = {}  # site path -> format
    for ds in sorted(s for s, ts in index.types.items() if DCAT.Dataset in ts):
        doc = index.documents.get(site.path(ds) or "")
        for t in (doc.subjects.get(ds, []) if doc else []):
            if t.predicate.value == VOID.dataDump:
                path = site.path(t.object.value)
                wanted[path or f"_site/dump/{t.object.value.rsplit('/', 1)[-1]}"] = format_of(t.object.value)
    for fmt in GRAPH_FORMATS:
        if fmt not in wanted.values():
            wanted[f"_site/dump/graph{GRAPH_FORMATS[fmt].suffix}"] = fmt
    data = {fmt: serialise_store(store, fmt) for fmt in sorted(set(wanted.values()))}
    listing = []
    for path, fmt in sorted(wanted.items()):
        out.write(path, data[fmt])
        listing.append({"path": path, "name": path.rsplit("/", 1)[-1], "media_type": GRAPH_FORMATS[fmt].media_type,
                        "bytes": len(data[fmt])})
    return listing


def _front(out: _Out, index: GraphIndex, site: SitePaths, dumps: list[dict]) -> None:
    """The front page, the dump folders' pages and the stylesheet."""
    ctx = PageContext(index, site, "index")
    datasets = []
    for ds in sorted(s for s, ts in index.types.items() if DCAT.Dataset in ts and site.path(s)):
        datasets.append({"link": ctx.link(ds), "description": _description(ds, index, site),
                         "downloads": [dict(d, href=relative_href("index", d["path"], suffix="")) for d in dumps]})
    sections = []
    for cls in SECTION_CLASSES:
        items = sorted((s for s, ts in index.types.items() if cls in ts and site.path(s)), key=lambda s: (ctx.label(s), s))
        if items:
            labels = index.labels.get(cls, {})
            sections.append({"zh": labels.get("zh", ""), "en": labels.get("en", cls.rsplit("#", 1)[-1]),
                             "items": [ctx.link(s) for s in items]})
    onto = site.path(ONTOLOGY_IRI)
    extras = [{"text": "本体文档 Ontology documentation", "href": relative_href("index", onto) if onto else "#"},
              {"text": "网络视图 Network views", "href": "_site/network/index.html"},
              {"text": "nginx: _site/conf/nginx-map.conf", "href": "_site/conf/nginx-map.conf"},
              {"text": "nginx: _site/conf/nginx-location.conf", "href": "_site/conf/nginx-location.conf"}]
    title = "全国“质量月”知识图谱 · National Quality Month knowledge graph"
    out.write("index.html", index_page(ctx, title=title, dataset=datasets, sections=sections, extras=extras))
    for folder in sorted({d["path"].rsplit("/", 1)[0] for d in dumps if "/" in d["path"]}):
        here = folder + "/index"
        c = PageContext(index, site, here)
        mine = [dict(d, href=relative_href(here, d["path"], suffix="")) for d in dumps if d["path"].startswith(folder + "/")]
        ds = [{"link": c.link(x["link"].iri), "description": x["description"], "downloads": mine} for x in datasets]
        out.write(here + ".html", index_page(c, title=title, dataset=ds, sections=[], extras=[]))
    out.write("_site/style.css", (TEMPLATES / "style.css").read_bytes())


def _description(iri: str, index: GraphIndex, site: SitePaths) -> str:
    ctx = PageContext(index, site, "index")
    doc = index.documents.get(site.path(iri) or "")
    for t in (doc.subjects.get(iri, []) if doc else []):
        if t.predicate.value == DCTERMS.description and getattr(t.object, "language", "") == "zh":
            return t.object.value
    return comment_of(iri, ctx)


def _conneg(out: _Out, site: SitePaths) -> None:
    """Content negotiation for Apache (.htaccess at the root) and nginx (two snippets)."""
    path = urllib.parse.urlsplit(site.base_url).path or "/"
    values = {"base_url": site.base_url, "base_path": path}
    env = environment()
    htaccess = env.get_template("htaccess").render(**values).encode("utf-8")
    out.write(".htaccess", htaccess)
    for name in ("nginx-map.conf", "nginx-location.conf"):
        out.write(f"_site/conf/{name}", env.get_template(name).render(**values).encode("utf-8"))


def _network(out: _Out, graph: Path) -> None:
    from qmkg.network.site import write_site
    from qmkg.query.library import QueryService

    report = write_site(QueryService.open(graph), out.root / "_site" / "network")
    out.files += len(report.views) + 1
