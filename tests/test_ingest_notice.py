"""Notice structure. Expected figures were checked by reading the 2024 notice."""

from pathlib import Path

import pytest

from qmkg.ingest.notice import chinese_number, find_organiser, parse_notice, split_sentences
from qmkg.ingest.sources import read_source
from qmkg.vocab.lexicon import load_lexicon

NOTICES = Path(__file__).parent / "data" / "notices"


@pytest.fixture(scope="module")
def notice(source_path):
    return parse_notice(read_source(source_path), load_lexicon())


def test_attachments_of_the_2024_notice(notice):
    # read off the notice: 附件1 has no header line; 25 joint organisers, 18 associations,
    # 32 regions (31 provinces + the Corps), then the theme and 10 slogans
    assert notice.year == 2024 and notice.scope == "" and notice.notice_id == "2024"
    assert [(a.number, a.kind, len(a.items)) for a in notice.attachments] == [
        (1, "joint", 25), (2, "association", 18), (3, "region", 32), (4, "slogans", 0)
    ]
    slogans = notice.attachments[3]
    assert slogans.year_theme.text.split() == ["加强质量支撑", "共建质量强国"]
    assert len(slogans.slogans) == 10
    assert slogans.slogans[0].text.split() == ["实施质量强国战略", "推进高质量发展"]
    assert slogans.slogans[9].text.split() == ["全民讲质量", "质量利全民"]


def test_organisers_at_the_head_of_items(notice):
    names = [i.organiser.name for i in notice.items]
    assert len(names) == len(set(names)) == 75
    assert names[0] == "市场监管总局" and names[24] == "全国工商联"
    assert names[25] == "中国质量协会" and names[42] == "中国防伪行业协会"
    assert names[43] == "北京市" and names[-1] == "新疆生产建设兵团"
    assert all(i.organiser.known for i in notice.items)


def test_offsets_point_into_the_source(notice, source_text):
    for item in notice.items:
        assert source_text[item.organiser_start:item.organiser_end] == item.organiser.name
        for s in item.sentences:
            assert source_text[s.start:s.end] == s.text


def test_sentences_of_an_item(notice):
    samr = notice.items[0]
    # 市场监管总局's item has 13 sentences ending in 。(counted by reading the notice)
    assert len(samr.sentences) == 13
    assert samr.sentences[0].text == "举办第五届中国质量奖颁奖仪式暨国家质量强国专家论坛"


def test_sentence_split_ignores_stops_inside_quotes():
    t = "开展“你点我检。服务”活动。发布结果"
    assert [t[a:b] for a, b in split_sentences(t, 0, len(t))] == ["开展“你点我检。服务”活动", "发布结果"]


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十一", 11), ("二十五", 25), ("三十二", 32), ("九十九", 99), ("一百零三", 103)])
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


def test_unknown_organiser_is_typed_from_its_name():
    lex = load_lexicon()
    for body, name, kind in [
        ("江苏省市场监管局开展质量提升行动", "江苏省市场监管局", "government_department"),
        ("中国仪器仪表学会组织计量技术交流", "中国仪器仪表学会", "federation_or_association"),
        ("成都市举办质量大会", "成都市", "local_region"),
        ("阿坝藏族羌族自治州举办品牌推介会", "阿坝藏族羌族自治州", "local_region"),
        ("北京市高级人民法院发布典型案例", "北京市高级人民法院", "judicial_organ"),
    ]:
        ref, n = find_organiser(body, lex)
        assert (ref.name, ref.kind, ref.known, n) == (name, kind, False, len(name))


def test_a_provincial_notice_never_seen_before():
    notice = parse_notice(read_source(NOTICES / "2025-sichuan.txt"), load_lexicon())
    assert notice.year == 2025 and notice.scope == "四川省" and notice.notice_id == "2025-cn-sc"
    assert [a.kind for a in notice.attachments] == ["joint", "region"]
    assert [i.organiser.name for i in notice.items] == [
        "省市场监管局", "省教育厅", "省经济和信息化厅", "成都市", "绵阳市", "阿坝藏族羌族自治州"
    ]
    # organisers a provincial notice names without their province belong to that province
    assert {i.organiser.scope for i in notice.items} == {"cn-sc"}


def test_attachment_headers_with_titles_on_the_same_line(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text(
        "2023年全国“质量月”联合主办单位开展的主要活动\n一、市场监管总局举办质量大会。\n"
        "附件2：2023年全国“质量月”相关协会开展的主要活动\n一、中国质量协会开展质量知识竞赛。\n", encoding="utf-8")
    notice = parse_notice(read_source(p), load_lexicon())
    assert [(a.number, a.kind, len(a.items)) for a in notice.attachments] == [(1, "joint", 1), (2, "association", 1)]


def test_wrapped_lines_continue_an_item(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("2023年全国“质量月”各地开展的主要活动\n一、北京市举办质量知识竞赛，\n征集首席质量官案例。\n二、天津市开展质量开放日活动。\n",
                 encoding="utf-8")
    notice = parse_notice(read_source(p), load_lexicon())
    beijing = notice.items[0]
    assert "征集首席质量官案例" in beijing.sentences[0].text
    assert notice.items[1].organiser.name == "天津市"


def test_numbered_sections_of_a_covering_letter_are_not_items():
    """一、活动主题 / 二、活动时间 name no organiser: that block is the letter, not an attachment."""
    notice = parse_notice(read_source(NOTICES / "2025-with-covering-letter.txt"), load_lexicon())
    assert notice.year == 2025
    assert [(a.number, a.kind) for a in notice.attachments] == [(1, "joint")]
    assert [i.organiser.name for i in notice.items] == ["市场监管总局", "教育部"]


def test_unknown_organisers_before_a_colon_or_a_second_organiser(tmp_path):
    """"十二、國家林草局：開展…" and "国家林草局、国家邮政局联合…": names the reference data lacks."""
    p = tmp_path / "n.txt"
    p.write_text("2026年全國“質量月”聯合主辦單位開展的主要活動\n一、國家林草局：開展林草產品質量宣傳。\n"
                 "二、國家林草局、國家郵政局聯合開展寄遞質量提升活動。\n", encoding="utf-8")
    notice = parse_notice(read_source(p), load_lexicon())
    assert [[r.name for r in i.leads] for i in notice.items] == [["国家林草局"], ["国家林草局", "国家邮政局"]]
    assert notice.items[0].sentences[0].text == "开展林草产品质量宣传"
