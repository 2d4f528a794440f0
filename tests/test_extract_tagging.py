"""Tagging (qmkg.extract.tagging): labels on word boundaries, concepts inherited from headings and organisers,
and the tagging report. Each phrase is one a notice could contain; expectations say why."""

from types import SimpleNamespace

import pytest

from qmkg.extract.extractor import extract
from qmkg.extract.tagging import Tagger, explain
from qmkg.ingest.notice import parse_notice
from qmkg.ingest.sources import read_source
from qmkg.vocab.lexicon import load_lexicon
from qmkg.vocab.thesaurus import load_thesaurus


@pytest.fixture(scope="module")
def thesaurus():
    return load_thesaurus()


@pytest.fixture(scope="module")
def tagger(thesaurus):
    return Tagger(thesaurus, load_lexicon())


@pytest.fixture(scope="module")
def x(source_path, thesaurus):
    lex = load_lexicon()
    return extract(parse_notice(read_source(source_path), lex), lex, thesaurus)


def names(tagger, thesaurus, concepts) -> set[str]:
    return {thesaurus.by_iri[i].pref_zh for found in concepts.values() for i in found}


@pytest.mark.parametrize("phrase, wanted, unwanted", [
    # a short label does not fire inside a longer word
    ("组织集贸市场电子秤计量检定", {"计量器具", "计量"}, {"电子信息"}),
    ("发布医疗质量安全典型案例", {"医疗质量"}, {"产品质量安全"}),
    ("配合国家知识产权局开展商标宣传", {"商标"}, {"知识产权"}),  # an organiser's name is a word
    ("会同县人民政府开展消费品抽查", {"消费品安全"}, {"社会服务", "建筑业"}),  # 民政/市政 inside 人民政府/县政府
    ("打造特色美食品牌", {"品牌", "餐饮住宿"}, {"食品"}),  # 食品 straddles two words
    # two labels sharing two characters are both words of the text
    ("举办产品质量创新大赛", {"产品质量安全", "质量创新", "竞赛"}, set()),
    # concepts analysts ask for
    ("督促企业落实质量主体责任", {"质量主体责任"}, set()),
    ("开展个体工商户等经营主体质量帮扶", {"个体工商户", "经营主体"}, set()),
    ("开展养老服务质量提升行动", {"养老服务质量"}, set()),
    ("开展测绘成果质量监督抽查", {"测绘质量", "监督抽查"}, set()),
    # a new concept's labels do not swallow the concepts beside them
    ("督促企业落实质量安全主体责任", {"质量主体责任", "产品质量安全"}, set()),
    ("开展医疗质量管理培训", {"医疗质量", "质量管理"}, set()),
    ("开展养老服务标准宣贯", {"养老服务", "标准"}, set()),
])
def test_labels_fire_on_word_boundaries(tagger, thesaurus, phrase, wanted, unwanted):
    found = names(tagger, thesaurus, tagger.concepts(phrase))
    assert wanted <= found and not (unwanted & found), found


def _item(organiser: str, *headings: str):
    """An item as the layouts give it: an organiser and the headings it stands under."""
    return SimpleNamespace(organiser=load_lexicon().organiser(organiser) or SimpleNamespace(name=organiser),
                           headings=headings)


def test_an_activity_inherits_its_section_heading(tagger, thesaurus):
    # everything under "在计量方面" is 计量, though the sentence itself names no theme
    got = names(tagger, thesaurus, tagger.tag("组织开展进社区活动", _item("北京市", "在计量方面")))
    assert "计量" in got
    # its own words win in a scheme they fill: no heading theme is added
    own = names(tagger, thesaurus, tagger.tag("开展品牌故事演讲", _item("北京市", "在计量方面")))
    assert "品牌" in own and "计量" not in own


def test_an_activity_inherits_its_organisers_remit(tagger, thesaurus):
    # a court's 发布典型案例 is 司法保护; 住房城乡建设部's conference is 工程质量 (ontology/tagging.toml)
    assert "司法保护" in names(tagger, thesaurus, tagger.tag("发布典型案例", _item("最高人民法院")))
    conf = names(tagger, thesaurus, tagger.tag("召开全国现场观摩会", _item("住房城乡建设部")))
    assert {"工程质量", "会议交流"} <= conf
    # kinds are never inherited: a court's activity is not a kind of activity because of the court
    assert "发布" not in names(tagger, thesaurus, tagger.tag("开展普法宣传", _item("最高人民法院")))


def test_concepts_come_from_the_thesaurus(x):
    by_iri = load_thesaurus().by_iri
    beijing = [a for a in x.activities if a.organiser.name == "北京市"]
    cqo = beijing[2]
    themes = {by_iri[c].pref_zh for c in cqo.concepts[next(s for s in cqo.concepts if s.endswith("ThemeScheme"))]}
    assert "首席质量官" in themes


def test_the_report_says_which_label_fired_where(x, thesaurus):
    report = explain(x, thesaurus, load_lexicon())
    assert len(report.activities) == len(x.activities)
    cqo = next(a for a in report.activities if a.text == "征集首席质量官案例")
    assert [(h.label, h.start, h.end) for h in cqo.hits if thesaurus.by_iri[h.concept].pref_zh == "首席质量官"] \
        == [("首席质量官", 2, 7)]
    court = next(a for a in report.activities if "最高人民检察院" in a.where and a.text == "发布典型案例")
    assert [(thesaurus.by_iri[i.concept].pref_zh, i.source) for i in court.inherited] == \
        [("司法保护", "organiser 最高人民检察院")]
    text = report.render(thesaurus)
    assert "Theme 首席质量官 <- label '首席质量官' at 2-7" in text
    assert text.splitlines()[0].startswith(f"# tagging of {x.notice.notice_id}: {len(x.activities)} activities")
    untagged = {a.text for a in report.untagged}
    assert untagged == {a.text for a in x.activities if not a.tagged}


def test_qmkg_build_explain_prints_the_report(capsys):
    from qmkg.cli.main import main

    assert main(["build", "--explain", "--check", "-q"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# tagging of 2024: ")
    assert "# no concept:" in out and "checked (not written)" in out


@pytest.mark.parametrize("sentence, theme", [
    # sentences of the shapes notices (/work/shared/eval/shapes/, Traditional as published) and a theme
    # their gold answers require of the organiser: tagging the text must reach it (directly or by skos:broader)
    ("開展“計量服務中小企業行”活動，為中小企業提供計量技術幫扶", "计量"),
    ("組織計量技術機構開展服務產業鏈專項行動", "计量"),
    ("開展計量科普進社區活動", "计量"),
    ("集中發佈一批強制性國家標準和推薦性國家標準", "标准"),
    ("開展農業標準化生產宣傳推廣活動", "标准"),
    ("開展“全國有機產品認證宣傳週”活動", "认证认可"),
    ("組織“全國檢驗檢測機構開放日”活動", "检验检测"),
    ("聯合開展川渝檢驗檢測機構能力驗證比對和結果互認活動", "检验检测"),
    ("組織開展工業企業首席質量官培訓", "首席质量官"),
    ("舉辦品牌價值評價信息發佈活動", "品牌"),
    ("開展“好品山東”品牌建設宣傳活動", "品牌"),
    ("結合打擊網絡侵權盜版“劍網2022”專項行動，加強網絡平臺版權監管", "知识产权"),
    ("發佈一批懲治侵犯知識產權犯罪典型案例", "知识产权"),
    ("開展電梯安全知識公益宣傳", "特种设备安全"),
    ("聯合舉辦“青少年質量科普月”活動，面向中小學生普及質量知識", "质量教育"),
])
def test_shape_sentences_reach_their_gold_themes(tagger, thesaurus, sentence, theme):
    from qmkg.ingest.sources import normalise

    found = {i for found in tagger.concepts(normalise(sentence)).values() for i in found}
    reached = {thesaurus.by_iri[a].pref_zh for i in found for a in {i, *thesaurus.ancestors(i)}}
    assert theme in reached, reached
