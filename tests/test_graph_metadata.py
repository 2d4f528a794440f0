"""Dataset metadata (qmkg/graph/metadata.py): identity from the notices, DCAT-AP 3.0.1, VoID."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from qmkg.cli.main import main
from qmkg.core.namespaces import DEFAULT_BASE
from qmkg.graph.metadata import NoticeFacts, add_endpoint, describe_dataset
from qmkg.graph.validate import validate_dcat_ap
from qmkg.pipeline import run_build

ID = Namespace(DEFAULT_BASE)
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
VOID = Namespace("http://rdfs.org/ns/void#")
QM = Namespace("https://example.org/qmkg/ontology#")
NOTICES = Path(__file__).parent / "data" / "notices"
DS = ID["dataset/qm-2024"]


@pytest.fixture(scope="module")
def graph(built_graph) -> Graph:
    return Graph().parse(built_graph, format="turtle")


def test_two_builds_to_other_file_names_are_byte_identical(tmp_path, source_path, built_graph):
    out = tmp_path / "some-other-name.ttl"
    run_build([source_path], output=out)
    assert out.read_bytes() == built_graph.read_bytes()
    assert b"some-other-name" not in out.read_bytes()


def test_the_dataset_is_named_and_titled_after_its_notices(graph):
    assert (DS, RDF.type, DCAT.Dataset) in graph
    assert set(graph.objects(DS, DCT.title)) == {
        Literal("全国“质量月”知识图谱（2024）", lang="zh"), Literal("National Quality Month knowledge graph (2024)", lang="en")}
    assert graph.value(DS, DCT.identifier) == Literal("qm-2024")
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 1


def test_dataset_id_and_publish_url_options(tmp_path, source_path):
    out = tmp_path / "x.nt"
    assert main(["build", str(source_path), "-o", str(out), "--format", "nt", "-q", "--dataset-id", "quality-2024",
                 "--publish-url", "https://downloads.example.net/qm"]) == 0
    g = Graph().parse(out, format="nt")
    ds = ID["dataset/quality-2024"]
    assert (ds, RDF.type, DCAT.Dataset) in g
    dist = ID["dataset/quality-2024/ttl"]
    assert g.value(dist, DCAT.downloadURL) == URIRef("https://downloads.example.net/qm/quality-2024.ttl")
    assert g.value(dist, DCAT.accessURL) == URIRef("https://downloads.example.net/qm/")


def test_a_bad_dataset_id_is_one_clear_error(tmp_path, source_path, capsys):
    assert main(["build", str(source_path), "-o", str(tmp_path / "x.ttl"), "--dataset-id", "a/b"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qmkg: error: dataset id") and err.count("\n") == 1
    assert not (tmp_path / "x.ttl").exists()


def test_two_notices_span_their_years_and_regions(tmp_path, source_path):
    out = tmp_path / "both.ttl"
    run_build([source_path, NOTICES / "2025-sichuan.txt"], output=out)
    g = Graph().parse(out)
    ds = ID["dataset/qm-2024-2025"]
    assert Literal("National Quality Month knowledge graph (2024–2025)", lang="en") in set(g.objects(ds, DCT.title))
    period = g.value(ds, DCT.temporal)
    assert g.value(period, DCAT.startDate) == Literal("2024-01-01", datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == Literal("2025-12-31", datatype=XSD.date)
    # China, and Sichuan (Q19770 in ontology/reference/regions.csv), the issuer of the provincial notice
    assert set(g.objects(ds, DCT.spatial)) == {
        URIRef("http://publications.europa.eu/resource/authority/country/CHN"), URIRef("http://www.wikidata.org/entity/Q19770")}
    assert validate_dcat_ap(g).conforms


def test_dcat_ap_reports_no_violation_on_the_2024_graph(built_graph, capsys):
    assert main(["validate", "--dcat-ap", str(built_graph)]) == 0
    assert capsys.readouterr().out.strip() == "conforms to DCAT-AP 3.0.1"


def _drop(g: Graph, p: URIRef) -> Graph:
    g.remove((None, p, None))
    return g


@pytest.mark.parametrize("breakage, path", [
    (lambda g: _drop(g, DCAT.accessURL), DCAT.accessURL),
    (lambda g: g.remove((None, RDF.type, DCT.MediaType)) or g, DCAT.mediaType),
])
def test_the_dcat_ap_check_catches_what_portals_reject(graph, breakage, path):
    """Each breakage is one of the 18 violations the description had before DCAT-AP 3 (issue 11)."""
    g = Graph()
    for t in graph:
        g.add(t)
    report = validate_dcat_ap(breakage(g))
    assert not report.conforms
    assert str(path) in {v.path for v in report.violations}


def test_export_keeps_the_dataset_iri(built_graph, tmp_path):
    out = tmp_path / "renamed-export.nt"
    assert main(["export", "--graph", str(built_graph), "--format", "nt", "-o", str(out)]) == 0
    datasets = {t.subject.value for t in ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES)
                if t.predicate.value == str(RDF.type) and t.object.value == str(DCAT.Dataset)}
    assert datasets == {str(DS)}


def test_void_partitions_count_the_data(graph):
    parts = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities)) for p in graph.objects(DS, VOID.classPartition)}
    assert parts[QM.Activity] == 210  # the 2024 notice's 210 activities (qmkg build prints the count)
    assert parts[QM.Activity] == len(set(graph.subjects(RDF.type, QM.Activity)))
    props = {graph.value(p, VOID.property): int(graph.value(p, VOID.triples)) for p in graph.objects(DS, VOID.propertyPartition)}
    assert props[QM.organiser] == len(set(graph.subject_objects(QM.organiser)))
    assert int(graph.value(DS, VOID.classes)) == len(parts)
    for example in graph.objects(DS, VOID.exampleResource):
        assert (example, RDF.type, None) in graph
    dumps = set(graph.objects(DS, VOID.dataDump))
    assert URIRef(DEFAULT_BASE + "dump/qm-2024.ttl") in dumps and len(dumps) == 3
    assert graph.value(DS, VOID.sparqlEndpoint) is None  # a file is not served


def test_a_served_graph_names_its_sparql_endpoint(built_graph):
    store = ox.Store()
    store.bulk_load(path=str(built_graph), format=ox.RdfFormat.TURTLE)
    facts = [NoticeFacts(iri=DEFAULT_BASE + "notice/2024", year=2024, build=DEFAULT_BASE + "build/2024")]
    d = describe_dataset(store, base=DEFAULT_BASE, dataset_id="served", notices=facts, reasoning="fast",
                         sparql_endpoint="https://example.org/qmkg/sparql")
    g = Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    ds = URIRef(d.dataset)
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef("https://example.org/qmkg/sparql")
    service = g.value(predicate=DCAT.servesDataset, object=ds)
    assert g.value(service, DCAT.endpointURL) == URIRef("https://example.org/qmkg/sparql")
    assert validate_dcat_ap(g).conforms


def test_a_server_can_add_its_endpoint_to_a_built_graph(built_graph):
    store = ox.Store()
    store.bulk_load(path=str(built_graph), format=ox.RdfFormat.TURTLE)
    # void:sparqlEndpoint, and the service: type, title, endpointURL, servesDataset, licence (_service)
    assert add_endpoint(store, "http://127.0.0.1:8000/sparql") == 6
    assert store.query(f"ASK {{ <{DS}> <{VOID.sparqlEndpoint}> <http://127.0.0.1:8000/sparql> }}")
