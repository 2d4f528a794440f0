"""The document model: numbering styles, section kinds, table cells (phrases a notice could contain)."""

import pytest

from qmkg.ingest.document import cells, lines, numbering, section_kind, table_columns
from qmkg.vocab.lexicon import load_lexicon


@pytest.mark.parametrize("line, style, value", [
    ("一、市场监管总局举办…", "cn", 1), ("十八、山东省开展…", "cn", 18), ("（三）推动质量提升", "paren_cn", 3),
    ("1. 举办启动仪式。", "arabic", 1), ("12．开展计量服务", "arabic", 12), ("3、组织培训", "arabic", 3),
    ("（2）发布报告", "paren_arabic", 2), ("④举办竞赛", "circled", 4), ("二是压实分工责任。", "shi", 2),
])
def test_numbering_styles(line, style, value):
    n = numbering(line)
    assert (n.style, n.value) == (style, value)


@pytest.mark.parametrize("line", ["2023年9月1日—30日", "3.5万人参加", "质量月活动", "9月上旬"])
def test_lines_that_are_not_numbered(line):
    assert numbering(line) is None


@pytest.mark.parametrize("heading, kind", [
    ("四、主要活动", "activities"), ("三、重点活动", "activities"), ("二、活动安排", "activities"),
    ("一、指导思想", "other"), ("二、活动主题", "other"), ("三、活动时间", "other"), ("五、工作要求", "other"),
    ("六、组织领导", "other"), ("附件：各牵头单位联络员名单", "contacts"), ("联系人及电话", "contacts"),
])
def test_section_kinds(heading, kind):
    assert section_kind(heading, load_lexicon()) == kind


def test_table_rows_split_at_tabs_bars_or_spaces():
    lex = load_lexicon()
    for text in ("序号\t活动名称\t活动内容\t牵头单位", "序号|活动名称|活动内容|牵头单位", "序号 活动名称 活动内容 牵头单位"):
        header = cells(text, lines(text)[0])
        assert table_columns(header, lex) == {"number": 0, "name": 1, "content": 2, "lead": 3}
    # a reader turned TABs into spaces and the content holds one: the row is joined back to 4 cells
    text = "2 宣传周 开展 质量宣传进社区活动 市市场监管局"
    assert [c.text for c in cells(text, lines(text)[0], columns=4, wide=2)] == ["2", "宣传周", "开展 质量宣传进社区活动", "市市场监管局"]


def test_a_sentence_is_no_table_header():
    text = "各牵头单位负责本项活动的方案制定 配合单位积极参与支持 确保活动按时完成"
    assert table_columns(cells(text, lines(text)[0]), load_lexicon()) is None
