"""HTML pages of the site, rendered from the Jinja2 templates in ``qmkg/site/templates/``.

Python builds small view models (labels, links, values); the templates only lay them out. Every
link is relative and every asset is in the site, so a page loads nothing from the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from qmkg import __version__
from qmkg.core.namespaces import ONTOLOGY_IRI, OWL, PREFIXES, RDF, RDFS, SKOS
from qmkg.site.index import Document, GraphIndex, SitePaths, relative_href

TEMPLATES = Path(__file__).resolve().parent / "templates"
ONTOLOGY_KINDS = (  # sections of the ontology page, in this order
    (OWL.Class, "类 Classes"),
    (OWL.ObjectProperty, "对象属性 Object properties"),
    (OWL.DatatypeProperty, "数据属性 Datatype properties"),
    (OWL.AnnotationProperty, "注释属性 Annotation properties"),
    (SKOS.ConceptScheme, "概念体系 Concept schemes"),
)


@cache
def environment():
    """The Jinja2 environment of the site's templates (autoescaped, strict)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True)


def curie(iri: str) -> str:
    """``qm:Activity`` for a known namespace, else the IRI.

    >>> curie("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'
    """
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@dataclass(frozen=True)
class Link:
    """A value that is a resource: what to show and where it leads (a site page or the IRI itself)."""

    text: str
    href: str
    iri: str
    local: bool


@dataclass(frozen=True)
class Text:
    """A literal value."""

    text: str
    lang: str
    datatype: str


class PageContext:
    """Turns terms into links and texts, from the page at ``path``."""

    def __init__(self, index: GraphIndex, site: SitePaths, path: str):
        self.index, self.site, self.path = index, site, path
        self.root = "../" * path.count("/")  # from this page to the site's root

    def label(self, iri: str, lang: str = "zh") -> str:
        by = self.index.labels.get(iri, {})
        return by.get(lang) or by.get("") or next(iter(by.values()), "") or curie(iri)

    def link(self, iri: str) -> Link:
        target = self.site.path(iri)
        if target is None:
            return Link(self.label(iri), iri, iri, False)
        fragment = iri.split("#", 1)[1] if "#" in iri else ""
        return Link(self.label(iri), relative_href(self.path, target, fragment=fragment), iri, True)

    def value(self, term) -> Link | Text:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.BlankNode):
            return Text(self.blank(term.value), "", "blank node")
        dt = "" if term.language or term.datatype.value == PREFIXES["xsd"] + "string" else curie(term.datatype.value)
        return Text(term.value, term.language or "", dt)

    def blank(self, label: str) -> str:
        """A blank node's description in one line (its predicates and values)."""
        parts = [f"{curie(t.predicate.value)} {getattr(t.object, 'value', '')}" for t in self.index.bnodes.get(label, ())]
        return "[ " + " ; ".join(parts) + " ]"

    def rows(self, triples: list[ox.Triple]) -> list[tuple[Link, list]]:
        """(predicate, values) rows of a subject's triples, rdf:type first."""
        rows: dict[str, list] = {}
        for t in triples:
            rows.setdefault(t.predicate.value, []).append(self.value(t.object))
        order = sorted(rows, key=lambda p: (p != RDF.type, curie(p)))
        return [(self.link(p), rows[p]) for p in order]

    def incoming(self, iri: str, limit: int = 400) -> list[tuple[Link, list[Link], int]]:
        """(predicate, subjects, how many in all) of the triples pointing at ``iri``."""
        by: dict[str, list[str]] = {}
        for s, p in self.index.incoming.get(iri, ()):
            if p != RDF.type:
                by.setdefault(p, []).append(s)
        return [(self.link(p), [self.link(s) for s in subs[:limit]], len(subs)) for p, subs in sorted(by.items())]


def _page(template: str, ctx: PageContext, **values) -> bytes:
    onto = ctx.site.path(ONTOLOGY_IRI)
    ontology_href = relative_href("", onto) if onto else "index.html"
    page = environment().get_template(template).render(root=ctx.root, version=__version__,
                                                       ontology_href=ontology_href, **values)
    return page.encode("utf-8")


def entity_page(doc: Document, ctx: PageContext, *, title: str) -> bytes:
    """The page of one document: every subject in it, its properties and what points at it."""
    subjects = []
    for iri in sorted(doc.subjects, key=lambda s: (s != doc.iri, s)):
        subjects.append({
            "iri": iri, "anchor": iri.split("#", 1)[1] if "#" in iri else "",
            "zh": ctx.label(iri, "zh"), "en": ctx.index.labels.get(iri, {}).get("en", ""),
            "rows": ctx.rows(doc.subjects[iri]), "incoming": ctx.incoming(iri),
        })
    name = doc.path.rsplit("/", 1)[-1]
    return _page("entity.html", ctx, title=title, doc=doc, subjects=subjects, name=name)


def ontology_page(doc: Document, ctx: PageContext, *, title: str, concepts: dict[str, list]) -> bytes:
    """The ontology's documentation: its terms by kind, and each concept scheme as a tree."""
    sections = []
    for kind, heading in ONTOLOGY_KINDS:
        terms = [s for s in sorted(doc.subjects) if kind in ctx.index.types.get(s, ())]
        items = [{"iri": s, "anchor": s.split("#", 1)[-1], "zh": ctx.label(s, "zh"),
                  "en": ctx.index.labels.get(s, {}).get("en", ""), "rows": ctx.rows(doc.subjects[s]),
                  "tree": _tree(s, concepts, ctx)} for s in terms]
        sections.append({"heading": heading, "items": items})
    head = ctx.rows(doc.subjects.get(doc.iri, []))
    return _page("ontology.html", ctx, title=title, doc=doc, head=head, sections=sections, name=doc.path.rsplit("/", 1)[-1])


def _tree(scheme: str, concepts: dict[str, list], ctx: PageContext) -> list:
    """The concepts of ``scheme`` as nested (link, children) from its top concepts down skos:broader."""
    children: dict[str, list[str]] = {}
    tops = []
    for c in concepts.get(scheme, ()):
        broader = [b for b, in_scheme in ((b, b in concepts.get(scheme, ())) for b in _broader(c, ctx)) if in_scheme]
        if broader:
            for b in broader:
                children.setdefault(b, []).append(c)
        else:
            tops.append(c)

    def node(c: str, depth: int) -> dict:
        kids = sorted(children.get(c, ())) if depth < 8 else []
        return {"link": ctx.link(c), "en": ctx.index.labels.get(c, {}).get("en", ""),
                "children": [node(k, depth + 1) for k in kids]}

    return [node(c, 0) for c in sorted(tops)]


def _broader(concept: str, ctx: PageContext) -> list[str]:
    doc = ctx.index.documents.get(ctx.site.path(concept) or "")
    triples = doc.subjects.get(concept, []) if doc else []
    return [t.object.value for t in triples if t.predicate.value == SKOS.broader and isinstance(t.object, ox.NamedNode)]


def index_page(ctx: PageContext, *, title: str, dataset: dict, sections: list, extras: list) -> bytes:
    """The site's front page: the dataset, its downloads, and the entities by kind."""
    return _page("index.html", ctx, title=title, dataset=dataset, sections=sections, extras=extras)


def comment_of(iri: str, ctx: PageContext) -> str:
    """The English rdfs:comment or skos:definition of ``iri``, if the site holds one."""
    doc = ctx.index.documents.get(ctx.site.path(iri) or "")
    for t in (doc.subjects.get(iri, []) if doc else []):
        if t.predicate.value in (RDFS.comment, SKOS.definition) and getattr(t.object, "language", "") == "en":
            return t.object.value
    return ""
