"""What an entity page and a dereferenced IRI show, read from the store (in a worker process).

The description of an entity is its concise bounded description: the triples with it as
subject, plus the labels of the IRIs they point to. The page adds the links into it and, for
anything with a provenance span (an activity, a slogan), the passage of the notice it came
from, with the sentence marked by the span's offsets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qmkg.core.namespaces import DCTERMS, OA, QM, RDF, RDFS, SKOS
from qmkg.core.terms import Term, from_ox
from qmkg.core.text import iri_tail

LABELS = (SKOS.prefLabel, RDFS.label)
MAX_LINKS = 400  # statements shown per direction; a page past that says how many it left out
CONTEXT = 240  # characters of notice text shown either side of a highlighted sentence


@dataclass(frozen=True)
class Node:
    """A term as a page shows it: the term, and a label for an IRI."""

    term: Term
    label: str


@dataclass(frozen=True)
class Statement:
    predicate: Node
    value: Node  # the object for outgoing links, the subject for incoming ones


@dataclass(frozen=True)
class Passage:
    """A stretch of notice text with one sentence marked; ``located`` is False when only the quote was known."""

    notice: Term | None
    before: str
    exact: str
    after: str
    start: int
    end: int
    located: bool


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    types: tuple[Node, ...]
    outgoing: tuple[Statement, ...]
    incoming: tuple[Statement, ...]
    more_incoming: int
    passage: Passage | None
    text: str | None  # a notice's whole text

    def has_type(self, iri: str) -> bool:
        return any(t.term.value == iri for t in self.types)

    def values(self, predicate: str) -> list[Node]:
        return [s.value for s in self.outgoing if s.predicate.term.value == predicate]


def _nn(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _objects(store, subject, predicate: str) -> Iterator:
    for q in store.quads_for_pattern(subject, _nn(predicate), None):
        yield q.object


def label(store, node, lang: str = "zh") -> str:
    """The best label of a pyoxigraph node: pref label, then rdfs:label, in ``lang`` first; else its IRI's tail."""
    import pyoxigraph as ox

    if not isinstance(node, ox.NamedNode):
        return node.value
    found = [(o.language or "", o.value) for p in LABELS for o in _objects(store, node, p) if isinstance(o, ox.Literal)]
    for want in (lang, "zh", "en", ""):
        for got, value in found:
            if got == want:
                return value
    return found[0][1] if found else iri_tail(node.value)


def _node(store, node, lang: str) -> Node:
    return Node(from_ox(node), label(store, node, lang))


def _int(store, subject, predicate: str) -> int | None:
    for o in _objects(store, subject, predicate):
        try:
            return int(o.value)
        except ValueError:
            return None
    return None


def _first(store, subject, predicate: str):
    return next(_objects(store, subject, predicate), None)


@cache
def _file_text(path: str, sha256: str) -> str | None:
    from qmkg.ingest.sources import read_source

    p = Path(path)
    if not p.is_file() or hashlib.sha256(p.read_bytes()).hexdigest() != sha256:
        return None
    return read_source(p).text


def notice_text(store, notice, folders: Iterable[Path]) -> str | None:
    """The normalised text of a notice, from the file its ``dcterms:identifier`` names, if its sha256 matches."""
    name, sha = _first(store, notice, DCTERMS.identifier), _first(store, notice, QM.sha256)
    if name is None or sha is None or "/" in name.value or name.value.startswith("."):
        return None
    for folder in folders:
        text = _file_text(str(Path(folder) / name.value), sha.value)
        if text is not None:
            return text
    return None


def passage(store, entity, folders: Iterable[Path]) -> Passage | None:
    """The notice passage an entity was extracted from (its ``qm:source`` span), sentence marked."""
    span = _first(store, entity, QM.source)
    if span is None:
        return None
    notice = _first(store, span, OA.hasSource)
    start = end = None
    quote = {}
    for sel in _objects(store, span, OA.hasSelector):
        if _first(store, sel, RDF.type) == _nn(OA.TextPositionSelector):
            start, end = _int(store, sel, OA.start), _int(store, sel, OA.end)
        else:
            quote = {k: (o.value if (o := _first(store, sel, OA.term(k))) else "") for k in ("exact", "prefix", "suffix")}
    text = notice_text(store, notice, folders) if notice is not None else None
    if text is not None and start is not None and end is not None and 0 <= start <= end <= len(text):
        a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
        return Passage(from_ox(notice), ("…" if a else "") + text[a:start], text[start:end],
                       text[end:b] + ("…" if b < len(text) else ""), start, end, True)
    if quote.get("exact"):
        return Passage(from_ox(notice), quote["prefix"], quote["exact"], quote["suffix"],
                       start or 0, end or 0, False)
    return None


def describe_entity(store, iri: str, *, lang: str = "zh", folders: Iterable[Path] = ()) -> Entity | None:
    """Everything an entity page shows; None when the graph says nothing about ``iri``."""
    import pyoxigraph as ox

    node = _nn(iri)
    outgoing = [(q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)]
    incoming = []
    more = 0
    for q in store.quads_for_pattern(None, None, node):
        if len(incoming) < MAX_LINKS:
            incoming.append((q.predicate, q.subject))
        else:
            more += 1
    if not outgoing and not incoming:
        return None
    rdf_type = _nn(RDF.type)
    types = tuple(sorted((_node(store, o, lang) for p, o in outgoing if p == rdf_type), key=lambda n: n.term))
    out = sorted((Statement(_node(store, p, lang), _node(store, o, lang)) for p, o in outgoing if p != rdf_type),
                 key=lambda s: (s.predicate.term, s.value.term))
    inc = sorted((Statement(_node(store, p, lang), _node(store, s, lang)) for p, s in incoming),
                 key=lambda s: (s.predicate.term, s.value.term))
    folders = tuple(folders)
    text = notice_text(store, node, folders) if ox.NamedNode(QM.Notice) in {o for p, o in outgoing if p == rdf_type} else None
    return Entity(iri, label(store, node, lang), types, tuple(out[:MAX_LINKS]), tuple(inc), more,
                  passage(store, node, folders), text)


def description(store, iri: str) -> list:
    """The concise bounded description of ``iri`` as pyoxigraph triples, plus the labels of its objects."""
    import pyoxigraph as ox

    node = _nn(iri)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)]
    seen = {node}
    for t in list(triples):
        if isinstance(t.object, ox.NamedNode) and t.object not in seen:
            seen.add(t.object)
            triples += [ox.Triple(t.object, _nn(p), o) for p in LABELS for o in _objects(store, t.object, p)]
    return triples
