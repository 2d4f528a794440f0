"""Each layout, read from a small notice of our own (tests/data/layouts/, other places, years and
wording than the shared shapes). Expected answers were hand-checked by reading each file."""

from pathlib import Path

import pytest

from qmkg.core.errors import InputError
from qmkg.ingest.notice import parse_notice
from qmkg.ingest.sources import read_source
from qmkg.vocab.lexicon import load_lexicon

DATA = Path(__file__).parent / "data" / "layouts"


def parse(name: str):
    return parse_notice(read_source(DATA / name), load_lexicon())


def roles(notice):
    return [([r.name for r in i.leads], [r.name for r in i.partners]) for i in notice.items]


def test_provincial_plan_inside_a_covering_letter():
    n = parse("henan-plan-2025.txt")
    assert (n.year, n.scope, n.notice_id, n.level, n.layout, n.segmentation) == (
        2025, "河南省", "2025-cn-ha", "provincial", "plan", "item")
    # 三、重点活动 holds points 1．-5．; 一、总体要求, 四、工作要求 and the 联络员名单 hold none
    assert roles(n) == [
        (["省市场监管局"], ["省发展改革委"]),  # X负责，Y配合
        (["省教育厅"], ["省市场监管局"]),  # 由X牵头，Y配合
        (["省市场监管局"], ["省工业和信息化厅"]),  # X会同Y
        (["郑州海关"], []),  # an unknown organiser with no place prefix, at a clause's head
        (["省商务厅", "省市场监管局"], []),  # X联合Y: both lead in a plan
    ]
    assert [i.headings for i in n.items][2] == ("重点活动", "质量基础")
    assert {r.scope for i in n.items for r in i.leads} == {"cn-ha"}


def test_municipal_table_with_bars_and_a_place_column():
    n = parse("suzhou-table-2025.txt")
    assert (n.scope, n.level, n.layout, n.notice_id) == ("苏州市", "municipal", "table", "2025-苏州市")
    assert roles(n) == [(["市市场监管局"], ["市工信局"]), (["市市场监管局"], []),
                        (["市知识产权局", "市市场监管局"], ["市司法局"])]
    first = n.items[0]
    assert (first.time, first.date, first.place) == ("9月3日", "2025-09-03", "苏州国际博览中心")
    assert n.items[2].date == ""  # 9月中旬 names no day
    # the activity's text is the name and content cells, never the time or the organisers
    assert n.text[first.start:first.end] == "质量月启动仪式|举办启动仪式，发布苏州质量发展报告"


def test_news_report():
    n = parse("hubei-news-2025.txt")
    assert (n.scope, n.level, n.layout, n.segmentation) == ("湖北省", "provincial", "news", "sentence")
    assert [i.leads[0].name for i in n.items] == ["省市场监管局", "省市场监管局", "省商务厅", "省商务厅",
                                                  "省市场监管局", "省市场监管局", "武汉海关"]
    # 在计量方面 names no organiser: the coordinator of the lead (由省市场监管局牵头组织) does it
    assert n.items[4].headings == ("在计量方面",)
    assert n.items[3].partners[0].name == "省市场监管局"  # 还将会同
    assert not any("版权" in i.sentences[0].text or "编辑" in i.sentences[0].text for i in n.items)


def test_national_list_with_colons_co_leads_and_sub_lists():
    n = parse("national-2021-lists.txt")
    assert (n.notice_id, n.level, n.layout) == ("2021", "national", "national-list")
    assert [(a.number, a.part, a.kind, len(a.items)) for a in n.attachments] == [
        (1, 1, "joint", 3), (1, 2, "association", 2), (1, 3, "region", 2), (2, 1, "slogans", 0)]
    assert roles(n)[1] == (["工业和信息化部", "国务院国资委"], [])
    assert roles(n)[-1] == (["江苏省", "浙江省"], [])
    samr = n.items[0]
    assert [s.text for s in samr.sentences] == ["举办全国“质量月”启动仪式", "组织“计量惠民”活动"]
    assert [i.key for i in n.items][-2:] == ["1.3-04", "1.3-05"]  # the regions continue the numbering
    assert len(n.attachments[-1].slogans) == 2


def test_a_layout_the_parser_cannot_place(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("2025年“质量月”工作总结\n\n今年的活动很成功。\n\n群众满意度较高。\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected numbered items that open with an organiser"):
        parse_notice(read_source(p), load_lexicon())


def test_a_section_of_activities_that_gives_none_is_named(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("2025年河南省“质量月”活动方案\n\n一、主要活动\n1．开展质量宣传。\n2．举办质量论坛。\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"n.txt:3: the section '一、主要活动' looked like a list of activities"):
        parse_notice(read_source(p), load_lexicon())


VARIANTS = Path(__file__).parent / "data" / "layout-variants"


def test_plan_points_with_unit_labels():
    """（牵头单位：X；配合单位：Y）, （责任单位：X）, a title 2024年全省… with the province in the signature."""
    n = parse_notice(read_source(VARIANTS / "jiangxi-plan-labels-2024.txt"), load_lexicon())
    assert (n.scope, n.notice_id, n.layout) == ("江西省", "2024-cn-jx", "plan")
    assert roles(n) == [
        (["省市场监管局"], ["省发展改革委", "省工业和信息化厅"]),
        (["省市场监管局"], []),
        (["省教育厅", "团省委"], []),
        (["南昌海关"], []),
    ]


def test_table_with_a_note_in_the_lead_cell_and_no_partner_column():
    n = parse_notice(read_source(VARIANTS / "shenzhen-table-tabs-2023.txt"), load_lexicon())
    assert (n.scope, n.level, n.layout) == ("深圳市", "municipal", "table")
    # "市市场监管局（牵头）": the note is no part of the name
    assert roles(n)[0] == (["市市场监管局", "市工业和信息化局"], [])
    assert [i.date for i in n.items] == ["2023-09-01", "", ""]
    assert n.items[0].headings == ("2023年深圳市“质量月”活动方案",)
    assert not n.warnings  # "附件：活动安排表" with the table in place is no missing attachment


def test_news_whose_title_says_我省():
    """The place is in the 来源 line and the lead; 计划/此外 open sentences with a subject."""
    n = parse_notice(read_source(VARIANTS / "sichuan-news-local-2025.txt"), load_lexicon())
    assert (n.scope, n.notice_id, n.layout) == ("四川省", "2025-cn-sc", "news")
    assert roles(n) == [(["省市场监管局"], []), (["省经济和信息化厅"], []), (["省知识产权局"], []),
                        (["成都海关", "省农业农村厅"], [])]


def test_news_whose_lead_names_the_coordinator_without_a_reporter():
    """No 记者/获悉 in the lead: "由自治区市场监管局牵头组织" still makes it the lead and the coordinator."""
    n = parse_notice(read_source(VARIANTS / "guangxi-news-coordinator-2024.txt"), load_lexicon())
    assert (n.scope, n.level) == ("广西壮族自治区", "provincial")
    assert [i.leads[0].name for i in n.items] == ["自治区市场监管局", "自治区市场监管局", "南宁海关"]
    bureau = n.items[0].leads[0]
    assert (bureau.full_name, bureau.scope) == ("广西壮族自治区市场监督管理局", "cn-gx")


def test_plan_points_that_open_with_their_organiser_and_a_colon():
    n = parse_notice(read_source(VARIANTS / "chengdu-plan-colons-2024.txt"), load_lexicon())
    assert (n.scope, n.level, n.layout) == ("成都市", "municipal", "plan")
    assert roles(n) == [(["市市场监管局"], []), (["市教育局"], []), (["市经信局", "市商务局"], [])]
    assert n.items[0].leads[0].full_name == "成都市市场监督管理局"


def test_news_paragraphs_that_open_with_a_date_or_一是():
    """A paragraph opening "2024年9月上旬，…" is no dateline; "一是/二是" in front of a subject is dropped."""
    n = parse_notice(read_source(VARIANTS / "fujian-news-dates-2024.txt"), load_lexicon())
    assert n.scope == "福建省"
    assert [i.leads[0].name for i in n.items] == ["省市场监管局", "省工业和信息化厅", "省商务厅"]


def test_two_tables_are_two_lists():
    n = parse_notice(read_source(VARIANTS / "ningbo-two-tables-2025.txt"), load_lexicon())
    assert [(a.part, a.title, len(a.items)) for a in n.attachments] == [(1, "市级活动", 2), (2, "区县活动", 1)]
    assert [i.key for i in n.items] == ["1-01", "1-02", "1.2-01"]  # row 1 of each table keeps its own IRI
    assert n.items[2].leads[0].name == "海曙区市场监管局"
