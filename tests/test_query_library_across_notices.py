"""The queries that compare notices, on one graph of four notices of our own (tests/data/layouts/):
2021 national, 2025 Henan plan, 2025 Hubei news, 2025 Suzhou table. Expected figures hand-counted."""

import pytest

from qmkg.pipeline import run_build
from qmkg.query.library import QueryService

from .test_ingest_corpus import LAYOUTS


@pytest.fixture(scope="module")
def qs(tmp_path_factory):
    out = tmp_path_factory.mktemp("across") / "all.ttl"
    run_build([LAYOUTS], output=out, reason="fast")
    return QueryService.open(out)


def test_activities_by_level(qs):
    rows = {str(r["level"]): (int(str(r["notices"])), int(str(r["activities"]))) for r in qs.run("activities-by-level").records()}
    # national: the 2021 list (8 clauses); provincial: Henan 5 points + Hubei 7 sentences; municipal: Suzhou 3 rows
    assert rows == {"national": (1, 8), "provincial": (2, 12), "municipal": (1, 3)}


def test_themes_by_year_covers_both_years(qs):
    years = {str(r["year"]) for r in qs.run("themes-by-year").records()}
    assert years == {"2021", "2025"}


def test_themes_rose_or_fell(qs):
    rows = qs.run("themes-rose-fell", fromYear="2021", toYear="2025").records()
    assert rows and all(int(str(r["after"])) - int(str(r["before"])) == int(str(r["change"])) != 0 for r in rows)
    changes = [int(str(r["change"])) for r in rows]
    assert changes == sorted(changes, reverse=True)


def test_a_theme_across_years(qs):
    # 计量: 2021 the 计量惠民 activity of 市场监管总局; 2025 Henan point 3 (省市场监管局), Hubei's
    # 在计量方面 paragraph (the coordinator 省市场监管局), Suzhou row 2 (市市场监管局): each province's
    # and city's own bureau, labelled by its official name
    rows = {(str(r["year"]), str(r["organiserLabel"])) for r in qs.run("theme-across-years", theme="计量").records()}
    assert ("2021", "市场监管总局") in rows
    assert {label for year, label in rows if year == "2025"} == {
        "河南省市场监督管理局", "湖北省市场监督管理局", "苏州市市场监督管理局"}
