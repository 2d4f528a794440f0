"""Parameters are bound as RDF terms: a value holding quotes, braces, comment marks, newlines or SPARQL
keywords changes nothing but the answer, on all three engines (pyoxigraph, rdflib, an Oxigraph server).

A label-typed parameter (theme, organiser, campaign, kind) either names something in the graph or is
an "unknown …" input error (exit 2); a text parameter matches exactly the activities whose text holds
that text, which for these values is usually none.
"""

from __future__ import annotations

import re

import pytest

from qmkg.cli.main import main
from qmkg.core.errors import InputError
from qmkg.core.terms import Term
from qmkg.query.engines import RdflibEngine
from qmkg.query.library import QueryService
from qmkg.query.remote import RemoteEngine

PAYLOADS = [
    '"',
    "'",
    '"}',
    "}",
    "{",
    "{}",
    '" . } UNION { ?s ?p ?o',
    '计量" . } UNION { ?s ?p ?o } #',
    "' } UNION { ?s ?p ?o } #",
    '") } } UNION { SELECT * WHERE { ?s ?p ?o } } #',
    "#",
    "计量 # a comment",
    "计量\n} UNION { ?s ?p ?o }",
    "计量\r\n",
    "\t",
    "\\",
    '\\" } #',
    '"""',
    "'''",
    "?lang",
    "$theme",
    "> } UNION { ?s ?p ?o } #",
    "<https://example.org/qmkg/theme/x> } UNION { ?s ?p ?o } #",
    "https://example.org/qmkg/theme/x> } UNION { ?s ?p ?o } #",
    "DELETE WHERE { ?s ?p ?o }",
    "} ; DELETE WHERE { ?s ?p ?o } ; SELECT * {",
    "DROP ALL",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o }",
    "} SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } {",
    "LOAD <http://192.0.2.1/data.ttl>",
    "FROM <http://192.0.2.1/data.ttl>",
    "VALUES ?theme { <https://example.org/qmkg/theme/metrology> }",
    "\x00",
]

LABEL_PARAMS = [
    ("organisers-by-theme", "theme"),
    ("activities-by-theme", "theme"),
    ("themes-by-organiser", "organiser"),
    ("similar-organisers", "organiser"),
    ("organisers-by-campaign", "campaign"),
    ("activities-by-kind", "kind"),
]

ENGINES = ["oxigraph", "rdflib", pytest.param("remote", marks=pytest.mark.server)]
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def services(built_graph, qs, request):
    """Query services by engine name; the remote one is created on first use (it needs the server)."""
    made = {"oxigraph": qs, "rdflib": QueryService(RdflibEngine.from_file(built_graph))}

    def get(name: str) -> QueryService:
        if name not in made:
            base = request.getfixturevalue("oxigraph_server")
            assert main(["push", "--endpoint", f"{base}/store", "--graph", str(built_graph)]) == 0
            made[name] = QueryService(RemoteEngine(f"{base}/query"))
        return made[name]

    return get


@pytest.fixture(scope="module")
def every_activity(qs):
    """(activity, organiserLabel, text) of every activity, in the notice's order: search for "" finds all."""
    return qs.run("search", text="").rows


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_search_matches_exactly_the_text_it_is_given(services, every_activity, engine, payload):
    s = services(engine)
    before = s.sparql(TRIPLES).rows
    res = s.run("search", text=payload)
    assert res.rows == tuple(r for r in every_activity if payload in r[2].value)
    assert s.sparql(TRIPLES).rows == before  # nothing was written


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_provenance_matches_an_iri_or_text_exactly(services, every_activity, engine, payload):
    res = services(engine).run("provenance", activity=payload)
    expected = [r[0].value for r in every_activity if payload in r[2].value or payload == r[0].value]
    assert res.column("activity") == expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("query, param", LABEL_PARAMS)
@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_a_label_parameter_is_unknown_or_names_something(services, engine, query, param, payload):
    s = services(engine)
    try:
        res = s.run(query, **{param: payload})
    except InputError as e:
        assert re.match(rf"(unknown {param} |{param}: .* is not valid text)", str(e)), e
    else:  # only surrounding white space is dropped: "计量\r\n" names 计量
        assert payload.strip() != payload and res.rows == s.run(query, **{param: payload.strip()}).rows


@pytest.mark.parametrize("engine", ENGINES)
def test_shared_themes_with_hostile_organisers(services, engine):
    s = services(engine)
    for payload in PAYLOADS:
        with pytest.raises(InputError, match="unknown (a|b) "):
            s.run("shared-themes", a="中央宣传部", b=payload)
        with pytest.raises(InputError, match="unknown (a|b) "):
            s.run("shared-themes", a=payload, b="中央宣传部")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_graph_is_the_same_after_every_hostile_value(services, engine, every_activity):
    s = services(engine)
    before = s.sparql(TRIPLES).rows
    for payload in PAYLOADS:
        s.run("search", text=payload)
        for query, param in LABEL_PARAMS:
            try:
                s.run(query, **{param: payload})
            except InputError:
                pass
    assert s.sparql(TRIPLES).rows == before
    assert s.run("search", text="").rows == every_activity


@pytest.mark.parametrize("engine", ENGINES)
def test_a_real_value_with_quotes_still_finds_its_activity(services, engine):
    # 市场监管总局: 举办民生领域案件查办“铁拳”行动新闻发布会 (Chinese quotes are part of the text)
    res = services(engine).run("search", text="“铁拳”")
    assert res.column("organiserLabel") == ["市场监管总局"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_lang_binding_cannot_be_hijacked(services, engine):
    with pytest.raises(InputError, match="unknown language"):
        services(engine).run("organisers-by-theme", theme="计量", lang='zh") } UNION { ?s ?p ?o } #')


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_refuse_terms_that_would_end_themselves(services, engine):
    """The last line of defence, for callers that build Terms themselves."""
    s = services(engine)
    query = "SELECT ?o WHERE { ?s ?p ?o } LIMIT 1"
    for bad in (Term.iri("urn:x> } UNION { ?s ?p ?o"), Term.iri(""), Term.literal("x", lang="zh } #"),
                Term.literal("1", datatype="urn:x> }"), Term("bnode", "b0")):
        with pytest.raises(InputError):
            s.engine.select(query, {"o": bad})


def test_the_cli_passes_a_hostile_search_through_as_text(capsys, built_graph):
    status = main(["query", "search", "--param", 'text=" . } UNION { ?s ?p ?o', "--graph", str(built_graph),
                   "--format", "csv"])
    out, err = capsys.readouterr()
    assert status == 0 and err == "" and out == "activity,organiserLabel,text\r\n"


def test_the_cli_refuses_a_hostile_theme_with_exit_2(capsys, built_graph):
    status = main(["query", "organisers-by-theme", "--param", 'theme=计量" . } UNION { ?s ?p ?o } #',
                   "--graph", str(built_graph), "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and err.startswith("qmkg: error: unknown theme ")
