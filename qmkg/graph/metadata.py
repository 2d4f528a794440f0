"""Dataset metadata: the built graph described as a dcat:Dataset and void:Dataset."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from qmkg import __version__
from qmkg.core.graphfile import GRAPH_FORMATS
from qmkg.core.namespaces import DCAT, DCTERMS, ONTOLOGY_IRI, PREFIXES, PROV, QM, RDF, RDFS, VOID

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
    for ext, fmt in ((f.name, f.media_type) for f in GRAPH_FORMATS.values()):
        dist = URIRef(f"{ds}/{ext}")
        add(DCAT.distribution, dist)
        graph.add((dist, URIRef(RDF.type), URIRef(DCAT.Distribution)))
        graph.add((dist, URIRef(DCAT.mediaType), Literal(fmt)))
        graph.add((dist, URIRef(DCTERMS.title), Literal(f"{name}.{ext}")))
    # the count includes this description, this very triple too
    add(VOID.triples, Literal(triples + len(graph) + 1, datatype=XSD.integer))
    return graph
