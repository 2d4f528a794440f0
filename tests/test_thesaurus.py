"""The SKOS schemes the tagger reads: shape of the data, and tagging driven by it alone."""

from collections import Counter

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from qmkg.core.resources import scheme_files
from qmkg.extract.tagging import Tagger
from qmkg.vocab.thesaurus import SCHEME_PROPERTY, load_thesaurus

THM = "https://example.org/qmkg/theme/"


@pytest.fixture(scope="module")
def thesaurus():
    return load_thesaurus()


def test_every_scheme_is_populated(thesaurus):
    counts = Counter(c.scheme.rsplit("#", 1)[1] for c in thesaurus.concepts)
    assert counts["ThemeScheme"] >= 40
    assert counts["ActivityKindScheme"] >= 10
    assert counts["TargetGroupScheme"] >= 8
    assert counts["SectorScheme"] >= 15


@pytest.mark.parametrize("narrow, broad", [
    ("计量", "质量基础设施"), ("标准", "质量基础设施"), ("认证认可", "质量基础设施"), ("检验检测", "质量基础设施"),
    ("版权", "知识产权"), ("首席质量官", "质量管理"),
])
def test_hierarchy(thesaurus, narrow, broad):
    by_label = {c.pref_zh: c for c in thesaurus.concepts}
    assert by_label[broad].iri in thesaurus.ancestors(by_label[narrow].iri)


def test_pref_and_alt_labels_name_one_concept_across_schemes():
    g = Graph()
    for f in scheme_files():
        g.parse(f)
    owners: dict[str, set] = {}
    for p in (SKOS.prefLabel, SKOS.altLabel):
        for s, o in g.subject_objects(p):
            owners.setdefault(str(o).casefold(), set()).add(s)
    shared = {label: sorted(map(str, s)) for label, s in owners.items() if len(s) > 1}
    assert shared == {}


def test_every_concept_has_zh_and_en_labels_and_a_scheme():
    g = Graph()
    for f in scheme_files():
        g.parse(f)
    for c in g.subjects(RDF.type, SKOS.Concept):
        langs = sorted(o.language for o in g.objects(c, SKOS.prefLabel))
        assert langs == ["en", "zh"], c
        assert g.value(c, SKOS.inScheme) is not None, c


def test_no_cycles_in_broader(thesaurus):
    for c in thesaurus.concepts:
        assert c.iri not in thesaurus.ancestors(c.iri)


def test_the_tagger_reads_its_concepts_from_the_data(tmp_path, thesaurus):
    """A concept added to a thesaurus file tags text; nothing is hard-coded in Python."""
    extra = tmp_path / "extra.ttl"
    extra.write_text("""
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix qm: <https://example.org/qmkg/ontology#> .
        <https://example.org/qmkg/theme/test-lunar> a skos:Concept, qm:Theme ; skos:inScheme qm:ThemeScheme ;
            skos:prefLabel "月球质量"@zh, "lunar quality"@en ; skos:hiddenLabel "嫦娥"@zh .
    """, encoding="utf-8")
    base = Tagger(thesaurus)
    text = "开展嫦娥探月工程计量保障活动"
    themes = next(s for s in SCHEME_PROPERTY if s.endswith("ThemeScheme"))
    assert THM + "test-lunar" not in base.concepts(text)[themes]
    extended = Tagger(load_thesaurus((*scheme_files(), extra)))
    tagged = extended.concepts(text)[themes]
    assert THM + "test-lunar" in tagged and THM + "metrology" in tagged
