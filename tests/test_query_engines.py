"""Engines: every library query gives the same answer, row for row, on the embedded pyoxigraph store,
rdflib's own engine and a real Oxigraph server (SPARQL 1.1 Protocol, loaded over the Graph Store
Protocol with ``qmkg push``). Plus regression tests for how parameters reach each engine."""

from __future__ import annotations

from collections import Counter

import pytest

from qmkg.cli.main import main
from qmkg.core.errors import InputError, QmkgError
from qmkg.core.terms import Term
from qmkg.query.engines import OxigraphEngine, RdflibEngine
from qmkg.query.library import QueryService, library
from qmkg.query.remote import RemoteEngine
from qmkg.query.sparql import bind_as_values, check_query

QUERIES = sorted(library())
LANGS = ("zh", "en")

# parameters beyond each header's example, so every query is compared on more than one answer
MORE_PARAMS = {
    "organisers-by-theme": [{"theme": "质量基础设施"}, {"theme": "培训"}, {"theme": "老年人"}],
    "activities-by-theme": [{"theme": "计量"}],
    "themes-by-organiser": [{"organiser": "北京市"}],
    "similar-organisers": [{"organiser": "中国版权协会"}],
    "search": [{"text": "首席质量官"}, {"text": "no such words"}],
    "provenance": [{"activity": "计量"}],
    "shared-themes": [{"a": "北京市", "b": "上海市"}],
}


def cases():
    for name in QUERIES:
        q = library()[name]
        example = {p.name: p.example for p in q.params}
        for i, params in enumerate([example, *MORE_PARAMS.get(name, [])]):
            for lang in LANGS:
                yield pytest.param(name, params, lang, id=f"{name}-{i}-{lang}")


@pytest.fixture(scope="module")
def rdflib_qs(built_graph) -> QueryService:
    return QueryService(RdflibEngine.from_file(built_graph))


@pytest.fixture(scope="module")
def remote_qs(oxigraph_server, built_graph) -> QueryService:
    """The Oxigraph server, loaded with the built graph by ``qmkg push`` (Graph Store Protocol)."""
    assert main(["push", "--endpoint", f"{oxigraph_server}/store", "--graph", str(built_graph)]) == 0
    return QueryService(RemoteEngine(f"{oxigraph_server}/query"))


@pytest.mark.server
def test_push_loads_the_whole_graph(remote_qs, qs):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert remote_qs.sparql(count).rows == qs.sparql(count).rows


@pytest.mark.server
@pytest.mark.parametrize("name, params, lang", list(cases()))
def test_every_query_gives_the_same_answer_on_every_engine(qs, rdflib_qs, remote_qs, name, params, lang):
    answers = {
        "oxigraph": qs.run(name, lang=lang, **params),
        "rdflib": rdflib_qs.run(name, lang=lang, **params),
        "remote": remote_qs.run(name, lang=lang, **params),
    }
    ox = answers["oxigraph"]
    for engine, res in answers.items():
        assert res.columns == ox.columns, engine
        assert Counter(res.rows) == Counter(ox.rows), f"{engine}: other rows than oxigraph"
        assert res.rows == ox.rows, f"{engine}: same rows, other order"


@pytest.mark.server
def test_push_into_a_named_graph(oxigraph_server, built_graph, capsys):
    graph = "https://example.org/qmkg/graph/2024"
    assert main(["push", "--endpoint", f"{oxigraph_server}/store", "--graph", str(built_graph),
                 "--graph-iri", graph]) == 0
    assert "HTTP 20" in capsys.readouterr().out
    remote = RemoteEngine(f"{oxigraph_server}/query")
    sol = remote.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert int(sol.rows[0][0].value) > 1000


@pytest.mark.server
def test_the_cli_queries_a_remote_endpoint(remote_qs, oxigraph_server, capsys):
    assert main(["query", "organisers-by-theme", "--param", "theme=计量", "--endpoint", f"{oxigraph_server}/query",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1:] == [
        "https://example.org/qmkg/id/org/samr,市场监管总局,2",
        "https://example.org/qmkg/id/org/cn-sd,山东省,1",
        "https://example.org/qmkg/id/org/cn-ln,辽宁省,1",
    ]


def test_an_unreachable_endpoint_is_one_clear_error():
    engine = RemoteEngine("http://127.0.0.1:9/query", timeout=2)  # the discard port: nothing listens
    with pytest.raises(QmkgError, match="cannot reach the endpoint") as err:
        engine.select("SELECT * WHERE { ?s ?p ?o }")
    assert not isinstance(err.value, InputError)  # the user's input was fine; the endpoint is not


# --- regression tests: how parameters reach the engines ---------------------------------------

def test_a_parameter_that_is_not_projected_binds_on_oxigraph(qs):
    """pyoxigraph's ``substitutions`` refuses a variable outside the SELECT projection (?lang never is
    projected): every library query with a label failed on the embedded engine."""
    sol = qs.engine.select(
        'SELECT ?l WHERE { <https://example.org/qmkg/id/org/samr> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l '
        "FILTER(lang(?l) = ?lang) }", {"lang": Term.literal("en")})
    assert [r[0].value for r in sol.rows] == ["State Administration for Market Regulation"]


def test_values_go_into_the_outer_group_after_the_prefixes():
    """The VALUES block was placed at an offset of the query with its IRIs blanked out, so a query
    with PREFIX declarations got it in the middle of an IRI."""
    q = "PREFIX qm: <https://example.org/qmkg/ontology#>\nSELECT ?a WHERE { ?a qm:about ?theme }"
    out = bind_as_values(q, {"theme": Term.iri("https://example.org/qmkg/theme/metrology")})
    assert out.startswith("PREFIX qm: <https://example.org/qmkg/ontology#>\nSELECT ?a WHERE {\n  VALUES (?theme)")


def test_values_go_into_the_outer_group_not_a_subquery():
    q = "SELECT ?n { { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } FILTER(?n > ?min) }"
    out = bind_as_values(q, {"min": Term.literal("0", datatype="http://www.w3.org/2001/XMLSchema#integer")})
    assert out.startswith("SELECT ?n {\n  VALUES (?min)")
    q2 = 'SELECT ?s (EXISTS { ?s ?p "{" } AS ?e) WHERE { ?s ?p ?o }'
    assert bind_as_values(q2, {"o": Term.literal("x")}).endswith('WHERE {\n  VALUES (?o) { ("x") }\n ?s ?p ?o }')


def test_a_bad_language_tag_or_iri_never_reaches_the_query_text():
    with pytest.raises(InputError, match="language tag"):
        Term.literal("x", lang='zh" } UNION { ?s ?p ?o } #').n3()
    with pytest.raises(InputError, match="not a valid IRI"):
        Term.iri("https://example.org/x> } UNION { ?s ?p ?o } #").n3()
    with pytest.raises(InputError, match="not a valid IRI"):
        Term.literal("1", datatype="urn:x> . }").n3()


def test_variables_named_like_keywords_are_not_refused():
    """?from was refused as the FROM keyword."""
    check_query("SELECT ?from ?service WHERE { ?from <urn:load> ?service }")
    for query in ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", "SELECT * { SERVICE <urn:x> { ?s ?p ?o } }",
                  "select * { service<http://192.0.2.1/sparql> { ?s ?p ?o } }", "LOAD <urn:x>"):
        with pytest.raises(InputError, match="refused"):
            check_query(query)


def test_oxigraph_and_rdflib_bind_the_same_way(built_graph):
    """A parameter used in a FILTER NOT EXISTS and an OPTIONAL sees its value on both engines."""
    query = """PREFIX qm: <https://example.org/qmkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?o ?label WHERE {
          ?a qm:organiser ?o ; qm:about ?theme .
          FILTER NOT EXISTS { ?o a qm:RegionalGovernment . ?o skos:prefLabel ?x FILTER(lang(?x) = ?lang) FILTER(?x = ?skip) }
          OPTIONAL { ?o skos:prefLabel ?label FILTER(lang(?label) = ?lang) }
        } ORDER BY ?label"""
    theme = QueryService(OxigraphEngine.from_file(built_graph)).resolve("concept", "计量")
    bindings = {"theme": theme, "lang": Term.literal("en"), "skip": Term.literal("Liaoning", lang="en")}
    a = OxigraphEngine.from_file(built_graph).select(query, bindings)
    b = RdflibEngine.from_file(built_graph).select(query, bindings)
    assert a.rows == b.rows
    assert [r[1].value for r in a.rows] == ["Shandong", "State Administration for Market Regulation",
                                            "State Administration for Market Regulation"]


def test_a_lone_surrogate_never_reaches_an_engine():
    with pytest.raises(InputError, match="not valid text"):
        Term.literal("计量\udcff").n3()
