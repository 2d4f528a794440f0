"""Write a graph for linked-data portals: Turtle, JSON-LD, N-Triples, with dataset metadata.

Files are written to a temporary file and renamed, so a failed write leaves no half file.
The same graph always gives the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from . import __version__
from .namespaces import DCAT, DCTERMS, ONTOLOGY_IRI, PREFIXES, PROV, QM, RDF, RDFS, VOID

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def add_dataset_metadata(graph: Graph, *, base: str, name: str, reasoning: str, notices: list[str]) -> URIRef:
    """Describe the graph as a dcat:Dataset and void:Dataset; ``void:triples`` counts the final graph."""
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
    # the count includes this very triple
    add(VOID.triples, Literal(len(graph) + 1, datatype=XSD.integer))
    return ds


def _canonical(graph: Graph) -> Graph:
    """Blank nodes get labels from the graph's content, so N-Triples and JSON-LD are stable."""
    if not any(t for t in graph if any(type(x).__name__ == "BNode" for x in t)):
        return graph
    from rdflib.compare import to_canonical_graph

    canon = to_canonical_graph(graph)
    for p, ns in graph.namespaces():
        canon.bind(p, ns, override=True)
    return canon


def serialise(graph: Graph, fmt: str) -> bytes:
    """Serialise deterministically in ``ttl``, ``jsonld`` or ``nt``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "ttl":
        return graph.serialize(format="turtle", encoding="utf-8")
    g = _canonical(graph)
    if fmt == "nt":
        lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
        return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")
    context = {p: ns for p, ns in PREFIXES.items()}
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
