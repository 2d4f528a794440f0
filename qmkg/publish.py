"""Write a graph for linked-data portals: Turtle, JSON-LD, N-Triples, with dataset metadata.

Files are written to a temporary file and renamed, so a failed write leaves no half file.
The same graph always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from . import __version__
from .namespaces import DCAT, DCTERMS, ONTOLOGY_IRI, PREFIXES, PROV, QM, RDF, RDFS, VOID

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def dataset_metadata(*, base: str, name: str, reasoning: str, notices: list[str], triples: int) -> Graph:
    """Describe a graph of ``triples`` triples as a dcat:Dataset and void:Dataset.

    ``void:triples`` counts the graph together with this description.
    """
    graph = Graph()
    ds = URIRef(f"{base}dataset/{name}")

    def add(p, o):
        graph.add((ds, URIRef(p), o))

    add(RDF.type, URIRef(DCAT.Dataset))
    add(RDF.type, URIRef(VOID.Dataset))
    add(DCTERMS.title, Literal(f"全国“质量月”知识图谱 {name}", lang="zh"))
    add(DCTERMS.title, Literal(f"Knowledge graph of the National Quality Month: {name}", lang="en"))
    add(DCTERMS.description, Literal(
        "Organisers, activities and their themes extracted from National Quality Month notices, "
        "with provenance to the sentence each fact came from.", lang="en"))
    add(DCTERMS.license, URIRef(LICENSE))
    add(DCTERMS.language, Literal("zh"))
    add(DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI))
    add(VOID.vocabulary, URIRef(PREFIXES["qm"]))
    add(VOID.vocabulary, URIRef(PREFIXES["skos"]))
    add(VOID.vocabulary, URIRef(PREFIXES["schema"]))
    add(VOID.uriSpace, Literal(base))
    add(QM.reasoning, Literal(reasoning))
    add(PROV.wasGeneratedBy, URIRef(f"{base}agent/qmkg"))
    add(DCAT.keyword, Literal("质量月", lang="zh"))
    add(DCAT.keyword, Literal("quality", lang="en"))
    add(RDFS.comment, Literal(f"built by qmkg {__version__}", lang="en"))
    for n in notices:
        add(DCTERMS.source, URIRef(n))
    for ext, fmt in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples")):
        dist = URIRef(f"{ds}/{ext}")
        add(DCAT.distribution, dist)
        graph.add((dist, URIRef(RDF.type), URIRef(DCAT.Distribution)))
        graph.add((dist, URIRef(DCAT.mediaType), Literal(fmt)))
        graph.add((dist, URIRef(DCTERMS.title), Literal(f"{name}.{ext}")))
    # the count includes this description, this very triple too
    add(VOID.triples, Literal(triples + len(graph) + 1, datatype=XSD.integer))
    return graph


# a blank node as subject (line start) or object (before the final " ."), never inside a literal
_BNODE = re.compile(r"^_:([A-Za-z0-9_\-.]+)(?= )|(?<= )_:([A-Za-z0-9_\-.]+)(?= \.$)")


def canonical_lines(nt: str) -> list[str]:
    """N-Triples lines sorted and unique, blank nodes labelled from their content.

    Stores label blank nodes at random; here a blank node is named after the sorted statements
    it is the subject of (other blank nodes blanked), so the same graph gives the same lines.
    """
    lines = nt.splitlines()
    if "_:" not in nt:
        lines.sort()  # a store writes each triple once: no duplicates to drop
        return lines
    outgoing: dict[str, list[str]] = {}
    for ln in lines:
        m = _BNODE.match(ln)
        if m:
            outgoing.setdefault(m.group(1), []).append(_BNODE.sub("_:x", ln))
    names: dict[str, str] = {}
    for key, label in sorted((hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest()[:16], b) for b, v in outgoing.items()):
        names[label] = f"b{key}" if f"b{key}" not in names.values() else f"b{key}n{len(names)}"

    def relabel(m: re.Match) -> str:
        label = m.group(1) or m.group(2)
        return "_:" + names.get(label, "x" + hashlib.sha256(label.encode()).hexdigest()[:16])

    return sorted({_BNODE.sub(relabel, ln) for ln in lines})


def serialise_store(store, fmt: str) -> bytes:
    """Serialise the default graph of a pyoxigraph store deterministically (``ttl``, ``jsonld``, ``nt``)."""
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    lines = canonical_lines(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8"))
    nt = ("\n".join(lines) + "\n").encode("utf-8")
    del lines  # the biggest copy at scale: free it before the Turtle writer's
    if fmt == "nt":
        return nt
    if fmt == "ttl":
        triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
        used = {p: ns for p, ns in PREFIXES.items() if ns.encode() in nt}
        ttl = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")
        # the writer's prefix order is its own; sort the block so the bytes never depend on it
        head = [ln for ln in ttl.splitlines(keepends=True) if ln.startswith("@prefix")]
        body = ttl[sum(len(ln) for ln in head):] if ttl.startswith("@prefix") else ttl
        return ("".join(sorted(head)) + body).encode("utf-8")
    g = Graph().parse(data=nt, format="nt")
    data = json.loads(g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    if isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def serialise(graph: Graph, fmt: str) -> bytes:
    """Serialise an rdflib graph deterministically in ``ttl``, ``jsonld`` or ``nt``.

    Turtle is pretty-printed by pyoxigraph's writer from sorted N-Triples: byte-stable, and
    20x faster than rdflib's on these graphs (PERFORMANCE-NOTES, and the benchmark).
    """
    from .reason import graph_to_store

    return serialise_store(graph_to_store(graph), fmt)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; a published file gets the usual mode under the umask
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
