"""SHACL: the built graph conforms; broken graphs are caught by the shape that should catch them."""

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SKOS

from qmkg.graph.validate import validate_graph

QM = Namespace("https://example.org/qmkg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ID = Namespace("https://example.org/qmkg/id/")
ACT = ID["activity/2024/3-01-1"]


@pytest.fixture(scope="module")
def graph_text(built_graph):
    return built_graph.read_text(encoding="utf-8")


def fresh(graph_text):
    return Graph().parse(data=graph_text, format="turtle")


def test_the_built_graph_conforms(graph_text):
    report = validate_graph(fresh(graph_text))
    assert report.conforms, report.summary()


def _no_organiser(g):
    g.remove((ACT, QM.organiser, None))


def _organiser_not_an_organiser(g):
    # several leads are allowed (一 activity, two 牵头单位); a lead that is no organiser is not
    g.add((ACT, QM.organiser, QM.Activity))


def _no_source(g):
    g.remove((ACT, QM.source, None))


def _untagged_without_marker(g):
    for p in (QM.taggedWith, QM.hasTheme, QM.hasKind, QM.targetGroup, QM.sector, QM.about):
        g.remove((ACT, p, None))
    g.remove((ACT, RDF.type, QM.UntaggedActivity))


def _organiser_without_zh_label(g):
    for p in (SKOS.prefLabel,):
        for o in list(g.objects(ID["org/cn-bj"], p)):
            if o.language == "zh":
                g.remove((ID["org/cn-bj"], p, o))


def _bad_region_code(g):
    g.set((ID["org/cn-bj"], QM.iso3166_2, Literal("Beijing")))


def _selector_end_before_start(g):
    pos = ID["activity/2024/3-01-1/span/pos"]
    g.set((pos, OA.end, Literal(0)))


@pytest.mark.parametrize(
    "breakage",
    [_no_organiser, _organiser_not_an_organiser, _no_source, _untagged_without_marker, _organiser_without_zh_label,
     _bad_region_code, _selector_end_before_start],
)
def test_broken_graphs_do_not_conform(graph_text, breakage):
    g = fresh(graph_text)
    breakage(g)
    report = validate_graph(g)
    assert not report.conforms
    assert report.violations
