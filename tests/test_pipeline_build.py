"""The RDF graph: IRIs, provenance, determinism, round trips, variants of the notice."""

from pathlib import Path

import pytest
from opencc import OpenCC
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from qmkg.core.namespaces import DEFAULT_BASE
from qmkg.pipeline import build_notices, run_build

QM = Namespace("https://example.org/qmkg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ID = Namespace(DEFAULT_BASE)


@pytest.fixture(scope="module")
def graph(built_graph):
    return Graph().parse(built_graph, format="turtle")


def activities(g):
    """(organiser label, text, start, end) of every activity: what must not change across variants."""
    rows = g.query("""
        PREFIX qm: <https://example.org/qmkg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?org ?text ?start ?end WHERE {
          ?a a qm:Activity ; qm:text ?text ; qm:organiser/skos:prefLabel ?org ; qm:source/oa:hasSelector ?s .
          ?s oa:start ?start ; oa:end ?end . FILTER(lang(?org) = "zh") }""")
    return sorted((str(o), str(t), int(s), int(e)) for o, t, s, e in rows)


def test_readable_stable_iris(graph):
    assert (ID["org/samr"], RDF.type, QM.GovernmentDepartment) in graph
    assert (ID["org/cn-bj"], RDF.type, QM.Municipality) in graph
    assert (ID["org/中国版权协会"], RDF.type, QM.FederationOrAssociation) in graph
    # the Corps has no ISO 3166-2 code and no abbreviation: its IRI is its Chinese short name
    assert (ID["org/新疆生产建设兵团"], RDF.type, QM.Corps) in graph
    assert (ID["org/兵团"], None, None) not in graph
    assert (ID["activity/2024/3-01-1"], QM.organiser, ID["org/cn-bj"]) in graph
    assert (ID["month/2024"], RDF.type, QM.QualityMonth) in graph


def test_region_reference_data(graph):
    bj = ID["org/cn-bj"]
    assert graph.value(bj, QM.iso3166_2) == Literal("CN-BJ")
    assert graph.value(bj, QM.gbt2260) == Literal("110000")
    assert (bj, URIRef("https://schema.org/sameAs"), URIRef("http://www.wikidata.org/entity/Q956")) in graph
    assert Literal("Beijing", lang="en") in set(graph.objects(bj, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))


def test_unofficial_english_names_are_marked(graph):
    status = graph.value(ID["org/中国饭店协会"], QM.englishNameStatus)
    assert str(status) == "unofficial translation"
    assert str(graph.value(ID["org/samr"], QM.englishNameStatus)) == "official"


def test_provenance_selectors_point_at_the_text(graph, source_text):
    n = 0
    for act, span in graph.subject_objects(QM.source):
        if (act, RDF.type, QM.Activity) not in graph:
            continue
        pos = next(s for s in graph.objects(span, OA.hasSelector) if (s, RDF.type, OA.TextPositionSelector) in graph)
        quote = next(s for s in graph.objects(span, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in graph)
        start, end = int(graph.value(pos, OA.start)), int(graph.value(pos, OA.end))
        assert source_text[start:end] == str(graph.value(quote, OA.exact)) == str(graph.value(act, QM.text))
        assert (span, OA.hasSource, ID["notice/2024"]) in graph
        n += 1
    assert n == len(set(graph.subjects(RDF.type, QM.Activity)))


def test_source_is_a_prov_entity_and_the_build_a_prov_activity(graph):
    prov = Namespace("http://www.w3.org/ns/prov#")
    assert (ID["notice/2024"], RDF.type, prov.Entity) in graph
    assert (ID["build/2024"], RDF.type, prov.Activity) in graph
    assert (ID["build/2024"], prov.used, ID["notice/2024"]) in graph


def test_dataset_metadata_counts_its_own_triples(graph, built_graph):
    void = Namespace("http://rdfs.org/ns/void#")
    ds = ID["dataset/qm-2024"]  # named after its notice, whatever the file is called
    assert int(graph.value(ds, void.triples)) == len(graph)


def test_same_input_gives_byte_identical_turtle(tmp_path, source_path, built_graph):
    out = tmp_path / "qm-2024.ttl"
    run_build([source_path], output=out)
    assert out.read_bytes() == built_graph.read_bytes()


def test_turtle_parses_back_isomorphic(source_path):
    g = build_notices([source_path]).graph
    back = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, back)


def test_base_is_configurable(tmp_path, source_path):
    out = tmp_path / "other.ttl"
    run_build([source_path], output=out, base="https://data.example.net/qm/")
    text = out.read_text(encoding="utf-8")
    assert "https://data.example.net/qm/org/samr" in text
    assert "https://example.org/qmkg/id/" not in text


@pytest.mark.parametrize("variant", ["traditional", "gb18030", "traditional-gb18030", "crlf"])
def test_variants_of_the_notice_give_the_same_activities(tmp_path, source_text, built_graph, variant):
    text = OpenCC("s2t").convert(source_text) if variant.startswith("traditional") else source_text
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    data = text.encode("gb18030" if variant.endswith("gb18030") else "utf-8")
    src = tmp_path / f"2024-{variant}.txt"
    src.write_bytes(data)
    out = tmp_path / "variant.ttl"
    run_build([src], output=out)
    g, ref = Graph().parse(out), Graph().parse(built_graph)
    if variant == "crlf":  # one more character per line before each offset: compare texts only
        assert [r[:2] for r in activities(g)] == [r[:2] for r in activities(ref)]
    else:
        assert activities(g) == activities(ref)
    assert len(g) == len(ref)


def test_two_notices_in_one_graph(tmp_path, source_path):
    notices = Path(__file__).parent / "data" / "notices"
    out = tmp_path / "both.ttl"
    report = run_build([source_path, notices / "2025-sichuan.txt"], output=out)
    g = Graph().parse(out)
    # 省市场监管局 of a Sichuan notice is Sichuan's bureau, under its official name (local-bodies.csv)
    bureau = ID["org/cn-sc/四川省市场监督管理局"]
    assert (bureau, RDF.type, QM.GovernmentDepartment) in g
    assert (bureau, SKOS.altLabel, Literal("省市场监管局", lang="zh")) in g
    assert (ID["month/2025"], RDF.type, QM.QualityMonth) in g
    assert any("unknown organiser '省教育厅'" in w for w in report.warnings)


def test_committed_graph_is_up_to_date(built_graph):
    """graph/qm-2024.ttl is what `qmkg build` makes of the bundled notice today (rebuild it if not)."""
    from qmkg.core.resources import default_graph

    assert default_graph().read_bytes() == built_graph.read_bytes()
