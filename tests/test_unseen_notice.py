"""A notice the code was not written for: tests/data/notices/2023-national-excerpt.txt.

It mixes header styles (附件2：title on one line), organisers missing from the reference data,
a slogans attachment numbered 一、二、, and campaigns and joint actions of its own. The expected
answers below were worked out by reading that file.
"""

import json

import pytest

from qmkg.cli.main import main
from qmkg.pipeline import run_build
from qmkg.query.library import QueryService

from .conftest import ROOT

NOTICE = ROOT / "tests" / "data" / "notices" / "2023-national-excerpt.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("unseen") / "qm-2023.ttl"
    report = run_build([NOTICE], output=out)
    return out, report


@pytest.fixture(scope="module")
def service(built):
    return QueryService.open(built[0])


def labels(service, query, **params):
    return set(service.run(query, **params).column("organiserLabel"))


def test_counts(built, capsys):
    assert main(["stats", "--graph", str(built[0]), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["organisers"], stats["joint_organisers"], stats["associations"], stats["regions"], stats["slogans"]) == (9, 4, 2, 3, 2)


def test_unknown_organisers_are_typed_and_reported(built):
    warnings = "\n".join(built[1].warnings)
    # 国家药监局 and 共青团中央 are in the reference data now; 中国消费者协会 is not
    assert "unknown organiser '中国消费者协会'" in warnings
    assert "unknown organiser '国家药监局'" not in warnings


@pytest.mark.parametrize("theme, expected", [
    ("计量", {"市场监管总局", "江苏省"}),  # 计量惠民, 计量开放日
    ("首席质量官", {"中国质量协会"}),
    ("培训", {"中国质量协会", "北京市"}),  # 培训班, 质量大讲堂
    ("竞赛", {"教育部", "共青团中央"}),  # 知识竞赛, 创新大赛
])
def test_themes(service, theme, expected):
    assert labels(service, "organisers-by-theme", theme=theme) == expected


def test_campaigns_and_their_local_editions(service):
    assert labels(service, "organisers-by-campaign", campaign="铁拳") == {"广东省", "江苏省"}


def test_joint_regional_action(service):
    rows = service.run("regional-cooperation").records()
    assert {r["regionLabel"] for r in rows if r["organiserLabel"] == "北京市"} == {"北京市", "天津市", "河北省"}


def test_partner(service):
    res = service.sparql("""PREFIX qm: <https://example.org/qmkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?a ?b WHERE { ?x qm:cooperatesWith ?y . ?x skos:prefLabel ?a . ?y skos:prefLabel ?b
        FILTER(lang(?a) = "zh" && lang(?b) = "zh") } ORDER BY ?a""")
    assert {(r["a"], r["b"]) for r in res.records()} == {("共青团中央", "市场监管总局"), ("市场监管总局", "共青团中央")}
