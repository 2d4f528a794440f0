"""Joint regional actions, partners and standards. Expectations checked by reading the notice.

Segmentation, tagging and campaigns have their own modules (test_extract_activities/tagging/campaigns)."""

from .conftest import by_org


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
