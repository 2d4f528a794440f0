"""Activities, campaigns, joint regional actions and partners. Expectations checked by reading the notice."""

import pytest

from qmkg.extract.extractor import extract
from qmkg.ingest.notice import parse_notice
from qmkg.ingest.sources import read_source
from qmkg.vocab.lexicon import load_lexicon
from qmkg.vocab.thesaurus import load_thesaurus


@pytest.fixture(scope="module")
def x(source_path):
    lex = load_lexicon()
    return extract(parse_notice(read_source(source_path), lex), lex, load_thesaurus())


def by_org(x, name):
    return [a for a in x.activities if a.organiser.name == name]


def test_beijing_holds_four_activities(x, source_text):
    # 北京市举办质量知识竞赛、质量大讲堂，征集首席质量官案例，在食品检验、特种设备检测等领域组织实验室开放日活动。
    acts = by_org(x, "北京市")
    assert [a.label for a in acts] == [
        "举办质量知识竞赛", "举办质量大讲堂", "征集首席质量官案例", "在食品检验、特种设备检测等领域组织实验室开放日活动",
    ]
    for a in acts:
        assert source_text[a.start:a.end] == a.text
    assert acts[1].text == "质量大讲堂"  # the span of the second member, without the shared verb


def test_every_activity_span_is_exact(x, source_text):
    assert len(x.activities) > 150
    for a in x.activities:
        assert source_text[a.start:a.end] == a.text
        assert a.sentence.start <= a.start < a.end <= a.sentence.end


def test_framing_clause_joins_the_clause_it_frames(x):
    # "以缺陷召回制度实施20周年为契机，组织产品安全法规和消费者教育活动" is one activity
    texts = [a.text for a in by_org(x, "市场监管总局")]
    assert "以缺陷召回制度实施20周年为契机，组织产品安全法规和消费者教育活动" in texts


def test_purpose_clause_joins_the_clause_before(x):
    texts = [a.text for a in by_org(x, "中国建筑业协会")]
    assert texts == ["举办工程建设质量管理培训班，进一步加强中西部地区建筑业企业全面质量管理工作"]


def test_tiequan_appears_under_three_organisers(x):
    runs = {}
    for a in x.activities:
        for c in a.campaigns:
            runs.setdefault(c.name, set()).add(a.organiser.name)
    assert runs["铁拳"] == {"市场监管总局"}
    assert runs["铁拳护心守护团圆"] == {"广东省"}
    assert runs["铁拳·桂在真打"] == {"广西壮族自治区"}
    assert x.campaign_parents["铁拳护心守护团圆"] == "铁拳"
    assert x.campaign_parents["铁拳·桂在真打"] == "铁拳"
    assert runs["剑网2024"] == {"中央宣传部"} and runs["昆仑2024"] == {"公安部"}
    assert runs["质量开放日"] == {"福建省", "河南省", "湖北省", "海南省"}
    # quoted words that are not campaign names
    for not_a_campaign in ("质量月", "名特优新", "五小", "陇字号", "浙江制造", "一站式", "开放日"):
        assert not_a_campaign not in runs


def test_joint_regional_actions(x):
    def regions(org):
        return {r.cue: set(r.regions) for a in by_org(x, org) for r in a.regional}

    assert regions("江苏省") == {"苏浙皖赣沪": {"江苏省", "浙江省", "安徽省", "江西省", "上海市"}}
    assert regions("浙江省") == {"长三角": {"上海市", "江苏省", "浙江省", "安徽省"}}
    assert regions("重庆市") == {"川渝": {"四川省", "重庆市"}, "成渝": {"四川省", "重庆市"}}
    assert regions("四川省") == {"川渝": {"四川省", "重庆市"}}
    # nobody else names a joint action in 2024
    others = {a.organiser.name for a in x.activities if a.regional}
    assert others == {"江苏省", "浙江省", "安徽省", "重庆市", "四川省"}


def test_partners(x):
    # 生态环境部配合市场监管总局开展… ; 中国品牌建设促进会与相关单位共同举办… names no organiser
    partners = {(a.organiser.name, p.name) for a in x.activities for p in a.partners}
    assert partners == {("生态环境部", "市场监管总局")}


def test_standards(x):
    std = {(a.organiser.name, s) for a in x.activities for s in a.standards}
    assert std == {("农业农村部", "限制商品过度包装要求 生鲜食用农产品")}


def test_concepts_come_from_the_thesaurus(x):
    by_iri = load_thesaurus().by_iri
    beijing = by_org(x, "北京市")
    cqo = beijing[2]
    themes = {by_iri[c].pref_zh for c in cqo.concepts[next(s for s in cqo.concepts if s.endswith("ThemeScheme"))]}
    assert "首席质量官" in themes
