"""What the site publishes: the graph's subjects grouped into documents, each with a path in the site.

A document is an IRI without its fragment: ``…/ontology#Activity`` is described in the document
``…/ontology``. A document under the site's base URL lives at its IRI's path (``BASE/id/org/samr`` ->
``id/org/samr``); the project's vocabulary outside that base lives under ``vocab/``.

>>> site = SitePaths("https://example.org/qmkg/")
>>> site.path("https://example.org/qmkg/id/org/samr"), site.path("https://example.org/qmkg/ontology#Activity")
('id/org/samr', 'ontology')
>>> SitePaths("https://data.example.net/qm/").path("https://example.org/qmkg/theme/metrology")
'vocab/theme/metrology'
>>> site.path("http://www.wikidata.org/entity/Q956") is None
True
>>> relative_href("id/org/samr", "id/activity/2024/1-01-1")
'../activity/2024/1-01-1.html'
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from qmkg.core.namespaces import VOCAB

# paths the site writes itself; a document whose path starts with one of these is not published
RESERVED = ("_site", "index", ".htaccess")
LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
)


@dataclass(frozen=True)
class SitePaths:
    """Maps IRIs to paths in the site (no suffix), for a site published at ``base_url``."""

    base_url: str

    def path(self, iri: str) -> str | None:
        """The path of the document describing ``iri``, or None when the site does not publish it."""
        doc = iri.split("#", 1)[0]
        if doc.startswith(self.base_url):
            tail = doc[len(self.base_url):]
        elif doc.startswith(VOCAB):
            tail = "vocab/" + doc[len(VOCAB):]
        else:
            return None
        tail = urllib.parse.unquote(tail)
        if tail == "" or tail.endswith("/"):
            tail += "index"
        parts = tail.split("/")
        if any(p in ("", ".", "..") or "\\" in p for p in parts) or parts[0] in RESERVED:
            return None
        return tail


def relative_href(source: str, target: str, suffix: str = ".html", fragment: str = "") -> str:
    """The link from the page at ``source`` to the page at ``target`` (both clean site paths)."""
    here, there = source.split("/")[:-1], target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    href = _quote(rel + suffix)
    return href + ("#" + urllib.parse.quote(fragment, safe="-._~") if fragment else "")


@lru_cache(maxsize=65536)
def _quote(path: str) -> str:
    return urllib.parse.quote(path, safe="/-._~")


@dataclass
class Document:
    """One published document: its IRI, its path and the triples of every subject in it."""

    iri: str
    path: str
    subjects: dict[str, list[ox.Triple]] = field(default_factory=dict)


@dataclass
class GraphIndex:
    """The graph read once: documents, blank-node descriptions, incoming links, labels."""

    documents: dict[str, Document]
    bnodes: dict[str, list[ox.Triple]]
    incoming: dict[str, list[tuple[str, str]]]  # object IRI -> (subject, predicate)
    labels: dict[str, dict[str, str]]  # IRI -> language -> label
    types: dict[str, list[str]]


def index_graph(triples, site: SitePaths) -> GraphIndex:
    """Read every triple once and group it by document (all lists sorted, for stable output)."""
    docs: dict[str, Document] = {}
    bnodes: dict[str, list[ox.Triple]] = defaultdict(list)
    incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
    labels: dict[str, dict[tuple[int, str], str]] = defaultdict(dict)
    types: dict[str, list[str]] = defaultdict(list)
    rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        if isinstance(s, ox.BlankNode):
            bnodes[s.value].append(t)
            continue
        path = site.path(s.value)
        if path is not None:
            doc_iri = s.value.split("#", 1)[0]
            doc = docs.get(path) or docs.setdefault(path, Document(doc_iri, path))
            doc.subjects.setdefault(s.value, []).append(t)
        if isinstance(o, ox.NamedNode):
            incoming[o.value].append((s.value, p))
            if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
                types[s.value].append(o.value)
        elif p in rank and isinstance(o, ox.Literal):
            key = (rank[p], o.language or "")
            if key not in labels[s.value] or o.value < labels[s.value][key]:
                labels[s.value][key] = o.value
    names = _blank_names(bnodes)
    for doc in docs.values():
        for s, ts in doc.subjects.items():
            doc.subjects[s] = sorted((_renamed(t, names) for t in ts), key=_triple_key)
    bnodes = {names[k]: sorted((_renamed(t, names) for t in v), key=_triple_key) for k, v in bnodes.items()}
    best = {iri: _best_labels(by) for iri, by in labels.items()}
    return GraphIndex(docs, bnodes,
                      {k: sorted(set(v)) for k, v in incoming.items()}, best, {k: sorted(v) for k, v in types.items()})


def _blank_names(bnodes: dict[str, list[ox.Triple]]) -> dict[str, str]:
    """Stable names for the store's random blank-node labels: a hash of what each one says."""
    names: dict[str, str] = {}
    keyed = []
    for label, triples in bnodes.items():
        text = "\n".join(sorted(f"{t.predicate.value} {'_' if isinstance(t.object, ox.BlankNode) else t.object}"
                                for t in triples))
        keyed.append((hashlib.sha256(text.encode()).hexdigest()[:16], label))
    for i, (key, label) in enumerate(sorted(keyed)):
        names[label] = f"b{key}" if f"b{key}" not in names.values() else f"b{key}n{i}"
    return names


def _renamed(t: ox.Triple, names: dict[str, str]) -> ox.Triple:
    s, o = t.subject, t.object
    if isinstance(s, ox.BlankNode) and s.value in names:
        s = ox.BlankNode(names[s.value])
    if isinstance(o, ox.BlankNode) and o.value in names:
        o = ox.BlankNode(names[o.value])
    return t if s is t.subject and o is t.object else ox.Triple(s, t.predicate, o)


def _best_labels(by: dict[tuple[int, str], str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for (_rank, lang), text in sorted(by.items()):
        out.setdefault(lang, text)
    return out


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (t.subject.value, t.predicate.value, str(t.object))
