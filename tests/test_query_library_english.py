"""Every library query with --lang en gives English labels wherever the graph has them (issue 10),
campaigns and the cue of regional cooperation included."""

import pytest

from qmkg.query.library import library

ENGLISH = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
           'SELECT DISTINCT ?s WHERE { ?s skos:prefLabel|rdfs:label ?l FILTER(lang(?l) = "en") }')


@pytest.fixture(scope="module")
def has_english(qs) -> set[str]:
    return {row[0].value for row in qs.sparql(ENGLISH).rows}


@pytest.mark.parametrize("name", sorted(library()))
def test_labels_are_english_where_the_graph_has_english(qs, has_english, name):
    q = library()[name]
    res = qs.run(name, lang="en", **{p.name: p.example for p in q.params})
    cols = res.columns
    for label_col in (c for c in cols if c.endswith("Label") and c.removesuffix("Label") in cols):
        i, j = cols.index(label_col.removesuffix("Label")), cols.index(label_col)
        for row in res.rows:
            term, label = row[i], row[j]
            if term is not None and term.value in has_english:
                assert label is not None and label.lang == "en", (name, label_col, term.value, label)


def test_campaigns_and_cues_in_english(qs):
    campaigns = qs.run("multi-organiser-campaigns", lang="en").column("campaignLabel")
    assert "Iron Fist" in campaigns and "铁拳" not in campaigns
    cues = set(qs.run("regional-cooperation", lang="en").column("cue"))
    assert "Yangtze River Delta" in cues and "长三角" not in cues
    assert "苏浙皖赣沪" in cues  # a run of one-character names has no English name: it stays as written
    assert "长三角" in set(qs.run("regional-cooperation").column("cue"))
