"""The SKOS schemes the tagger reads (qmkg.vocab.thesaurus): shape of the data, label matching on word
boundaries, and tagging driven by the data alone."""

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from qmkg.core.errors import ConfigError
from qmkg.core.resources import scheme_files
from qmkg.extract.tagging import Tagger
from qmkg.vocab.lexicon import load_lexicon
from qmkg.vocab.thesaurus import SCHEME_PROPERTY, LabelMatcher, load_tagging, load_thesaurus

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


# --- labels on word boundaries ------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    return [w.strip() for w in (DATA / name).read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")]


@pytest.fixture(scope="module")
def tagger(thesaurus):
    return Tagger(thesaurus, load_lexicon())


@pytest.mark.parametrize("word", _lines("common-words.txt"))
def test_no_label_is_a_substring_trap(tagger, word):
    """No label fires strictly inside a common longer word that means something else."""
    inside = [h.label for h in tagger.hits(word) if (h.start, h.end) != (0, len(word))]
    assert inside == [], word


def test_matcher_keeps_words_that_share_two_characters():
    m = LabelMatcher({"产品质量": "a", "质量创新": "b", "美食": "c", "食品": "d", "品牌": "e"})
    assert [iri for *_, iri in m.find("产品质量创新")] == ["a", "b"]
    assert [iri for *_, iri in m.find("打造美食品牌")] == ["c", "e"]  # 食品 shares one character only


# --- what the thesaurus holds ------------------------------------------------------------------------

# hidden labels that existed only to hit one phrase of the 2024 notice (issue 10): they must not come back
ONE_PHRASE_LABELS = ("字号", "质量营", "帮千企", "螺蛳粉", "净水机", "夯基", "消费活力", "直通车", "质量的故事",
                     "质量强业", "居住品质", "双国标", "公检机构", "质量图谱", "苏浙皖赣沪", "看质量", "创新周",
                     "宣展", "美食节", "星级", "联训", "提升试点", "残康", "行业人员", "大国重器", "设备监理", "院线")


def test_one_phrase_labels_are_gone(thesaurus):
    labels = {lab for c in thesaurus.concepts for lab in c.labels}
    assert sorted(set(ONE_PHRASE_LABELS) & labels) == []


@pytest.mark.parametrize("zh, en, broader", [
    ("质量主体责任", "primary responsibility for quality", "质量管理"),
    ("经营主体", "business entities", None),
    ("医疗质量", "quality of medical care", "服务质量"),
    ("养老服务质量", "quality of elderly care services", "服务质量"),
    ("测绘质量", "surveying and mapping quality", "产品质量安全"),
])
def test_concepts_analysts_ask_for(thesaurus, zh, en, broader):
    by_label = {c.pref_zh: c for c in thesaurus.concepts}
    c = by_label[zh]
    assert c.pref_en == en
    if broader:
        assert by_label[broader].iri in thesaurus.ancestors(c.iri)
    g = Graph()
    for f in scheme_files():
        g.parse(f)
    assert g.value(URIRef(c.iri), SKOS.definition) is not None


def test_individual_businesses_are_business_entities_not_enterprises(thesaurus):
    by_label = {c.pref_zh: c for c in thesaurus.concepts}
    up = thesaurus.ancestors(by_label["个体工商户"].iri)
    assert by_label["经营主体"].iri in up and by_label["企业"].iri not in up


def test_tagging_data_names_known_concepts(tmp_path, thesaurus):
    data = load_tagging(thesaurus)
    assert "人民政府" in data.words
    bad = tmp_path / "tagging.toml"
    bad.write_text('[organiser_concepts]\n"某局" = ["没有这个概念"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="没有这个概念"):
        load_tagging(thesaurus, bad)
