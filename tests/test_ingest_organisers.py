"""Organisers anywhere, with their roles: one test per cue, each a phrase a notice could contain."""

import pytest

from qmkg.ingest.organisers import OrganiserNames
from qmkg.vocab.lexicon import load_lexicon


@pytest.fixture(scope="module")
def names():
    return OrganiserNames(load_lexicon(), scope="cn-gd", place=("广东省", "广东"))


@pytest.mark.parametrize("text, leads, partners", [
    ("由省市场监管局牵头，省教育厅配合，组织质量知识竞赛", ["省市场监管局"], ["省教育厅"]),  # 由X牵头，Y配合
    ("省委宣传部负责，组织主流媒体开设专栏", ["省委宣传部"], []),  # X负责 (宣传 inside the name is no verb)
    ("省经信厅会同省市场监管局，发布一批团体标准", ["省经信厅"], ["省市场监管局"]),  # X会同Y
    ("省工业和信息化厅还将联合省商务厅举办品牌推介会", ["省工业和信息化厅", "省商务厅"], []),  # X联合Y
    ("省教育厅、团省委联合举办青少年质量科普活动", ["省教育厅", "团省委"], []),  # A、B联合
    ("省生态环境厅配合省市场监管局开展检验检测机构抽查", ["省市场监管局"], ["省生态环境厅"]),  # X配合Y: Y leads
    ("由省质量协会牵头，省总工会、团省委配合，举办成果发表赛", ["省质量协会"], ["省总工会", "团省委"]),
    ("广州海关负责，组织口岸实验室开放", ["广州海关"], []),  # no place prefix: at a clause's head
    ("同时，省药监局将开展安全用药宣传", ["省药监局"], []),  # the subject of a later clause
])
def test_role_cues(names, text, leads, partners):
    r = names.roles(text, 0, len(text))
    assert ([m.ref.name for m in r.leads], [m.ref.name for m in r.partners]) == (leads, partners)


def test_unknown_organisers_are_typed_and_scoped(names):
    text = "省消保委负责，开展比较试验"
    lead = names.roles(text, 0, len(text)).leads[0].ref
    assert (lead.name, lead.kind, lead.known, lead.scope) == ("省消保委", "federation_or_association", False, "cn-gd")


def test_known_organisers_keep_their_reference_entry(names):
    text = "市场监管总局负责，发布典型案例"
    lead = names.roles(text, 0, len(text)).leads[0].ref
    assert (lead.name, lead.known, lead.abbrev) == ("市场监管总局", True, "SAMR")


def test_table_cells_with_several_organisers(names):
    text = "市市场监管局、市教育局"
    assert [m.ref.name for m in names.cell(text, 0, len(text), ("、", "，"))] == ["市市场监管局", "市教育局"]


def test_words_that_open_a_clause_are_no_names(names):
    for text in ("组织技术中心开展开放日活动", "今年将开展计量检查", "邀请消费者代表投票确定抽检品种"):
        assert names.roles(text, 0, len(text)).leads == ()


@pytest.mark.parametrize("text, leads, partners", [
    ("开展计量宣传（省市场监管局负责）", ["省市场监管局"], []),  # in brackets after the action
    ("省市场监管局等部门负责，组织宣传活动", ["省市场监管局"], []),  # 等部门 before the cue
    ("由省市场监管局、省教育厅共同牵头", ["省市场监管局", "省教育厅"], []),
])
def test_more_role_wordings(names, text, leads, partners):
    r = names.roles(text, 0, len(text))
    assert ([m.ref.name for m in r.leads], [m.ref.name for m in r.partners]) == (leads, partners)
