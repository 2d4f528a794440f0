"""Campaigns (qmkg.extract.campaigns): quoted and unquoted named actions, and series across years and issuers.
Phrases are ones a notice could contain; the 2024 expectations were checked by reading the notice."""

import pyoxigraph as ox
import pytest

from qmkg.core.namespaces import QM
from qmkg.extract.campaigns import CampaignFinder
from qmkg.extract.extractor import extract
from qmkg.ingest.notice import parse_notice
from qmkg.ingest.sources import read_source
from qmkg.pipeline import run_build
from qmkg.vocab.lexicon import load_lexicon
from qmkg.vocab.tbox import gazetteer
from qmkg.vocab.thesaurus import load_thesaurus


@pytest.fixture(scope="module")
def finder():
    return CampaignFinder(load_lexicon(), load_thesaurus())


@pytest.fixture(scope="module")
def x(source_path):
    lex = load_lexicon()
    return extract(parse_notice(read_source(source_path), lex), lex, load_thesaurus())


def names(finder, text):
    return [c.name for c in finder.campaigns(text, 0, len(text))]


@pytest.mark.parametrize("phrase, expected", [
    # a quoted name before a campaign head, whatever its length
    ("开展“铁拳”行动", ["铁拳"]),
    ("开展“践行质量强国建设纲要，推动品质消费创新升级”倡议行动", ["践行质量强国建设纲要，推动品质消费创新升级"]),
    ("开展“青少年质量科普”月", ["青少年质量科普"]),
    ("启动“你点我检”专项", ["你点我检"]),
    ("开展“知识产权宣传”周活动", ["知识产权宣传"]),
    # a quoted name that is a specific kind label is a campaign; the generic name of a kind is not
    ("开展商务领域企业标准“领跑者”活动", ["领跑者"]),
    ("开展质量技术帮扶“提质强企”行动", ["提质强企"]),
    ("开展系列“开放日”活动", []),
    # unquoted named actions, without the verbs that lead them
    ("深化信用提升三年行动", ["信用提升三年行动"]),
    ("结合青少年版权保护季行动、院线电影版权保护专项行动", ["青少年版权保护季行动", "院线电影版权保护专项行动"]),
    ("开展消防产品质量安全专项整治行动", ["消防产品质量安全专项整治行动"]),
    # a quoted name before 专项行动 is the campaign, not the whole phrase; a bare 专项行动 names nothing
    ("打击网络侵权盗版“剑网2025”专项行动", ["剑网2025"]),
    ("开展专项行动", []),
    # quoted words that are no campaign
    ("发布首批“陇字号”品牌产品目录", []),
    ("举办质量基础设施“一站式”服务需求精准对接活动", []),
])
def test_campaign_names(finder, phrase, expected):
    assert names(finder, phrase) == expected


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
    # named actions of 2024 that no quote marks
    assert runs["信用提升三年行动"] == {"市场监管总局"}
    assert runs["领跑者"] == {"商务部"} and runs["提质强企"] == {"内蒙古自治区"}


def test_series_link_across_years_and_issuers(tmp_path):
    """剑网2024 (2024 notice) and 剑网2025 (a 2025 notice) both belong to the 剑网 series of the gazetteer;
    甘肃's “你点我检” and 天津's “你点我检，服务惠民生” to the 你点我检 series."""
    notice = tmp_path / "2025-notice.txt"
    notice.write_text("2025年全国“质量月”联合主办单位开展的主要活动\n\n"
                      "一、中央宣传部结合打击网络侵权盗版“剑网2025”专项行动，加强版权监管。\n", encoding="utf-8")
    from qmkg.core.resources import default_source

    out = tmp_path / "g.ttl"
    run_build([default_source(), notice], output=out, reason="none")
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    part = ox.NamedNode(QM.partOfCampaign)
    series = {}
    for q in store.quads_for_pattern(None, part, None):
        series.setdefault(q.object.value, set()).add(q.subject.value.rsplit("/", 1)[-1])
    assert {"剑网2024", "剑网2025"} <= series[gazetteer()["剑网"]]
    assert "你点我检，服务惠民生" in series[gazetteer()["你点我检"]]
