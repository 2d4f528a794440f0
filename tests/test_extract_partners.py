"""Partners by name (issue 10 item 4): any organiser the name grammar recognises, after a cue."""

from qmkg.extract.partners import PartnerFinder
from qmkg.vocab.lexicon import load_lexicon


def test_partners_the_reference_list_lacks_are_found_by_the_grammar():
    lex = load_lexicon()
    lead = lex.type_from_name("省市场监管局", scope="cn-ha")
    found = PartnerFinder(lex).partners("会同省教育厅开展质量教育进校园活动", lead, dict(lex.by_name))
    assert [(p.name, p.scope) for p in found] == [("省教育厅", "cn-ha")]


def test_the_lead_is_never_its_own_partner():
    lex = load_lexicon()
    samr = lex.organiser("市场监管总局")
    assert PartnerFinder(lex).partners("联合市场监管总局开展抽查", samr, dict(lex.by_name)) == []
