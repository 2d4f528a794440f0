"""The query library: strict headers, and an expected answer for every named query on the 2024 graph.

Expected answers were checked by reading the notice (graph/sources/2024-quality-month-activities.txt)
and the meaning of each concept, not copied from the program's output: each test says what in the
notice it rests on. Where the notice fixes only part of an answer (which themes the thesaurus
distinguishes is its own business), the test names what must be there and what must not.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import qmkg
from qmkg.core.errors import ConfigError, InputError
from qmkg.core.resources import queries_dir
from qmkg.query.library import PARAM_TYPES, QueryService, library, parse_query_file

QUERY_FILES = sorted(queries_dir().glob("*.rq"))
LOOKUP_FILES = sorted((queries_dir() / "lookup").glob("*.rq"))
README = Path(__file__).resolve().parent.parent / "README.md"

# the ten regions whose items name 首席质量官 (附件3 items 一, 二, 三, 五, 九, 二十二, 二十三, 二十四, 二十六, 三十二)
CQO_REGIONS = {"北京市", "天津市", "河北省", "内蒙古自治区", "上海市", "重庆市", "四川省", "贵州省", "西藏自治区", "新疆生产建设兵团"}


def col(res, name: str) -> list:
    return res.column(name)


def concept_label(qs: QueryService, iri: str, lang: str = "zh") -> str:
    sol = qs.sparql(f'SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l '
                    f'FILTER(lang(?l) = "{lang}") }}')
    return sol.column("l")[0]


# --- headers --------------------------------------------------------------------------------

def test_the_library_is_not_empty():
    assert len(QUERY_FILES) >= 20
    assert set(library()) == {p.stem for p in QUERY_FILES}


@pytest.mark.parametrize("path", QUERY_FILES + LOOKUP_FILES, ids=lambda p: p.stem)
def test_every_query_file_has_a_well_formed_header(path):
    q = parse_query_file(path)
    assert q.name == path.stem
    assert q.title_zh and q.title_en and q.description
    assert q.columns and all(re.fullmatch(r"[A-Za-z_]\w*", c) for c in q.columns)
    for p in q.params:
        assert p.type in PARAM_TYPES and p.example and p.description
    # never SERVICE, LOAD or FROM: the engines refuse them, so a library query must not need them
    from qmkg.query.sparql import check_query

    check_query(q.sparql)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_query_answers_its_example_with_exactly_its_columns(qs, path):
    q = parse_query_file(path)
    params = {p.name: p.example for p in q.params}
    res = qs.run(q.name, **params)
    assert res.columns == q.columns
    if q.name != "untagged-activities":  # empty once the thesaurus covers every activity
        assert len(res) > 0, f"{q.name}: the header's example gives no answer"
    # the SELECT projects exactly the header's columns, in order
    bindings = {p.variable: qs.resolve(p.type, p.example, param=p.name) for p in q.params}
    if "?lang" in q.sparql:
        from qmkg.core.terms import Term

        bindings["lang"] = Term.literal("zh")
    from qmkg.query.similarity import COMPUTED

    selected = COMPUTED[q.compute].inputs if q.compute else q.columns  # a compute step reads its own rows
    assert qs.engine.select(q.sparql, bindings).variables == selected


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_query_has_a_total_order(qs, path):
    """An ORDER BY that decides between any two rows makes answers identical across engines.

    Total means: the ORDER BY keys include projected columns whose values differ on every two
    rows of the example's answer (keys on unprojected variables may come first), so no two rows
    tie and no engine is free to order them its own way.
    """
    q = parse_query_file(path)
    if q.compute:  # ordered by its compute step, totally (tests/test_query_similarity.py)
        return
    res = qs.run(q.name, **{p.name: p.example for p in q.params})
    if q.name == "stats":  # one row by construction
        assert len(res) == 1
        return
    order = re.search(r"ORDER BY (.*)", q.sparql)
    assert order, f"{q.name} has no ORDER BY"
    keys = [v for v in re.findall(r"\?(\w+)", order.group(1)) if v in res.columns]
    assert keys, f"{q.name}: its ORDER BY names no projected column"
    idx = [res.columns.index(k) for k in keys]
    tuples = [tuple(row[i] for i in idx) for row in res.rows]
    assert len(set(tuples)) == len(tuples), f"{q.name}: rows tie on its ORDER BY keys {keys}"


def test_readme_lists_every_query_with_its_parameters_and_columns():
    text = README.read_text(encoding="utf-8")
    section = text.split("## The query library", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([\w-]+)`\s*\|([^|]*)\|([^|]*)\|", line)
        if m:
            rows[m.group(1)] = ([p.strip() for p in m.group(2).split(",") if p.strip()],
                                [c.strip() for c in m.group(3).split(",") if c.strip()])
    assert set(rows) == set(library())
    for name, q in library().items():
        assert rows[name] == ([p.name for p in q.params], list(q.columns)), name


GOOD_HEADER = """# name: {name}
# title@zh: 测试
# title@en: A test
# description: A query for the header tests.
# param: theme | concept | 计量 | a concept
# columns: organiser, activities
SELECT ?organiser (COUNT(?a) AS ?activities) WHERE {{ ?a <urn:p> ?theme ; <urn:o> ?organiser }} GROUP BY ?organiser
"""

BAD_HEADERS = {
    "unknown-key": ("# author: someone\n", r":\d+: unknown header key 'author'"),
    "missing-title": (None, r"header lacks 'title@en'"),
    "duplicate-key": ("# description: said twice\n", r":\d+: duplicate header key 'description'"),
    "param-three-fields": ("# param: text | text | 计量\n", r":\d+: param needs 'name \| type \| example \| description'"),
    "param-five-fields": ("# param: text | text | 计量 | a | b\n", r":\d+: param needs"),
    "unknown-param-type": ("# param: year | integer | 2024 | a year\n", r":\d+: unknown param type 'integer'"),
    "param-named-lang": ("# param: lang | text | zh | a language\n", r":\d+: bad param name 'lang'"),
    "duplicate-param": ("# param: theme | concept | 版权 | again\n", r":\d+: duplicate param 'theme'"),
    "param-not-in-query": ("# param: region | organiser | 北京市 | a region\n", r"parameter 'region' does not appear"),
    "empty-value": ("# description:\n", r":\d+: empty value for 'description'"),
    "not-key-value": ("# just a comment in the header\n", r":\d+: header line is not '# key: value'"),
}


@pytest.mark.parametrize("case", sorted(BAD_HEADERS))
def test_a_malformed_header_is_an_error_naming_the_file(tmp_path, case):
    extra, message = BAD_HEADERS[case]
    text = GOOD_HEADER.format(name=case)
    if extra is None:  # missing title
        text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("# title@en"))
    else:
        head, body = text.split("SELECT", 1)
        text = head + extra + "SELECT" + body
    path = tmp_path / f"{case}.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as e:
        parse_query_file(path)
    assert str(path) in str(e.value)


def test_a_good_header_parses(tmp_path):
    path = tmp_path / "fine.rq"
    path.write_text(GOOD_HEADER.format(name="fine"), encoding="utf-8")
    q = parse_query_file(path)
    assert (q.name, q.columns, [p.name for p in q.params]) == ("fine", ("organiser", "activities"), ["theme"])


@pytest.mark.parametrize("case, text, message", [
    ("other-name", GOOD_HEADER.format(name="organisers"), r"header name 'organisers' differs from the file name"),
    ("column-missing", GOOD_HEADER.format(name="column-missing").replace("activities\n", "activities, region\n", 1),
     r"column 'region' does not appear"),
    ("duplicate-column", GOOD_HEADER.format(name="duplicate-column").replace("activities\n", "activities, organiser\n", 1),
     r"columns must be distinct"),
    ("no-header", "SELECT * WHERE { ?s ?p ?o }\n", r"header lacks 'name'"),
])
def test_header_and_body_must_agree(tmp_path, case, text, message):
    path = tmp_path / f"{case}.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        parse_query_file(path)


def test_a_query_file_that_is_not_utf8_is_a_config_error(tmp_path):
    path = tmp_path / "gbk.rq"
    path.write_bytes(GOOD_HEADER.format(name="gbk").encode("gb18030"))
    with pytest.raises(ConfigError, match="cannot read"):
        parse_query_file(path)


def test_a_bad_file_fails_the_whole_library_instead_of_being_skipped(tmp_path):
    (tmp_path / "good.rq").write_text(GOOD_HEADER.format(name="good"), encoding="utf-8")
    (tmp_path / "bad.rq").write_text(GOOD_HEADER.format(name="worse"), encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.rq"):
        library(tmp_path)


def test_a_parameter_named_like_a_column_is_bound_to_its_own_variable(tmp_path):
    """search takes ``text`` and returns a ``text`` column: one SPARQL variable cannot be both."""
    path = tmp_path / "find.rq"
    path.write_text("# name: find\n# title@zh: 检索\n# title@en: Find\n# description: d\n"
                    "# param: text | text | 计量 | words\n# param: theme | concept | 计量 | a concept\n"
                    "# columns: activity, text\n"
                    "SELECT ?activity ?text WHERE { ?activity <urn:text> ?text ; <urn:about> ?theme "
                    "FILTER(CONTAINS(?text, ?textParam)) }\n", encoding="utf-8")
    q = parse_query_file(path)
    assert [(p.name, p.variable) for p in q.params] == [("text", "textParam"), ("theme", "theme")]
    path.write_text(path.read_text(encoding="utf-8").replace("?textParam", "?text"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"parameter 'text' does not appear in the query as \?textParam"):
        parse_query_file(path)


# --- expected answers on the 2024 graph (hand-checked against the notice) ----------------------

def test_organisers_by_theme_metrology(qs):
    # 计量 occurs in exactly three items: 市场监管总局 (“计量服务中小企业行”; 加大计量宣传、培训和技术服务力度:
    # two clauses), 辽宁省 (开展计量、检验检测、认证认可等…“开放日”活动) and 山东省 (“计量器具免费检定”).
    res = qs.run("organisers-by-theme", theme="计量")
    assert res.records() == [
        {"organiser": res.column("organiser")[0], "organiserLabel": "市场监管总局", "activities": 2},
        {"organiser": res.column("organiser")[1], "organiserLabel": "山东省", "activities": 1},
        {"organiser": res.column("organiser")[2], "organiserLabel": "辽宁省", "activities": 1},
    ]
    assert res.column("organiser") == ["https://example.org/qmkg/id/org/samr", "https://example.org/qmkg/id/org/cn-sd",
                                       "https://example.org/qmkg/id/org/cn-ln"]


def test_organisers_by_theme_in_english(qs):
    # English names from ontology/reference: the same three organisers as above
    res = qs.run("organisers-by-theme", theme="计量", lang="en")
    assert res.column("organiserLabel") == ["State Administration for Market Regulation", "Liaoning", "Shandong"]


def test_organisers_by_theme_chief_quality_officer(qs):
    # 首席质量官 is named in ten items of 附件3, and nowhere else
    assert set(col(qs.run("organisers-by-theme", theme="首席质量官"), "organiserLabel")) == CQO_REGIONS


def test_organisers_by_theme_copyright(qs):
    # 版权: 中央宣传部 (剑网2024, 青少年版权保护季, 院线电影版权保护, 版权监管) and 中国版权协会
    assert set(col(qs.run("organisers-by-theme", theme="版权"), "organiserLabel")) == {"中央宣传部", "中国版权协会"}


def test_organisers_by_theme_takes_an_activity_kind(qs):
    # 培训 (training, an activity kind): items that train (培训, 培训班, 大讲堂, 宣贯培训). Required and allowed
    # as in the hand-checked competency questions (../shared/eval/examples.json).
    got = set(col(qs.run("organisers-by-theme", theme="培训"), "organiserLabel"))
    required = {"市场监管总局", "民政部", "农业农村部", "全国总工会", "全国工商联", "中国水利电力质量管理协会",
                "中国建筑业协会", "北京市", "江西省", "贵州省", "西藏自治区"}
    allowed = {"四川省", "中国质量万里行促进会", "自然资源部", "工业和信息化部", "中国饭店协会"}
    assert required <= got <= required | allowed


def test_organisers_by_theme_takes_a_target_group(qs):
    # 老年人 (older people, a target group): only 国家卫生健康委 (为老年人提供优质便捷的医养结合服务)
    assert col(qs.run("organisers-by-theme", theme="老年人"), "organiserLabel") == ["国家卫生健康委"]


def test_organisers_by_theme_includes_narrower_themes(qs):
    # 质量基础设施 ⊃ 计量, 标准, 认证认可, 检验检测 (the thesaurus hierarchy the issue names); and
    # 山西省 (质量基础设施助企行动) works on it by name
    broad = set(col(qs.run("organisers-by-theme", theme="质量基础设施"), "organiser"))
    for narrower in ("计量", "标准", "认证认可", "检验检测"):
        assert set(col(qs.run("organisers-by-theme", theme=narrower), "organiser")) <= broad, narrower
    assert "山西省" in col(qs.run("organisers-by-theme", theme="质量基础设施"), "organiserLabel")


def test_organisers_by_campaign_iron_fist(qs):
    # 铁拳: 市场监管总局 (“铁拳”行动新闻发布会), 广东省 (“铁拳护心守护团圆”), 广西 (“铁拳·桂在真打”)
    res = qs.run("organisers-by-campaign", campaign="铁拳")
    assert col(res, "organiserLabel") == ["市场监管总局", "广东省", "广西壮族自治区"]
    assert col(res, "activities") == [1, 1, 1]


def test_regional_cooperation(qs):
    # 江苏省: 苏浙皖赣沪“质量月”共同行动; 浙江省: 长三角质量提升现场交流会; 安徽省: 长三角G60科创走廊;
    # 重庆市: 川渝 … 联动提升行动 and 成渝地区首席质量官; 四川省: 川渝两地首席质量官联训联巡
    rows = {(r["organiserLabel"], r["cue"], r["regionLabel"]) for r in qs.run("regional-cooperation").records()}
    yrd = {"上海市", "江苏省", "浙江省", "安徽省"}
    expected = (
        {("江苏省", "苏浙皖赣沪", r) for r in ("江苏省", "浙江省", "安徽省", "江西省", "上海市")}
        | {("浙江省", "长三角", r) for r in yrd} | {("安徽省", "长三角", r) for r in yrd}
        | {("重庆市", "川渝", r) for r in ("四川省", "重庆市")} | {("重庆市", "成渝", r) for r in ("四川省", "重庆市")}
        | {("四川省", "川渝", r) for r in ("四川省", "重庆市")}
    )
    assert rows == expected


def test_themes_by_organiser(qs):
    # 中国版权协会: two activities (网络平台规范版权秩序宣教活动、青少年版权保护主题宣传活动), both on 版权
    res = qs.run("themes-by-organiser", organiser="中国版权协会")
    assert {r["themeLabel"]: r["activities"] for r in res.records()}["版权"] == 2
    assert col(res, "activities")[0] == 2  # most frequent first
    # 市场监管总局 works on 计量 in two activities (see organisers-by-theme above)
    samr = {r["themeLabel"]: r["activities"] for r in qs.run("themes-by-organiser", organiser="市场监管总局").records()}
    assert samr["计量"] == 2
    # 国家卫生健康委's items say nothing of copyright or metrology
    nhc = set(col(qs.run("themes-by-organiser", organiser="国家卫生健康委"), "themeLabel"))
    assert not nhc & {"版权", "计量", "首席质量官"}
    # 辽宁省 开展计量、检验检测、认证认可等…: its themes include those three and the broader 质量基础设施
    liaoning = set(col(qs.run("themes-by-organiser", organiser="辽宁省"), "themeLabel"))
    assert {"计量", "检验检测", "认证认可", "质量基础设施"} <= liaoning


@pytest.mark.parametrize("organiser", ["市场监管总局", "中央宣传部", "辽宁省", "中国版权协会"])
def test_themes_by_organiser_is_the_inverse_of_organisers_by_theme(qs, organiser):
    me = qs.resolve("organiser", organiser).value
    for r in qs.run("themes-by-organiser", organiser=organiser).records():
        counts = dict(zip(col(qs.run("organisers-by-theme", theme=r["theme"]), "organiser"),
                          col(qs.run("organisers-by-theme", theme=r["theme"]), "activities")))
        assert counts[me] == r["activities"], r["themeLabel"]


def test_activities_by_theme(qs):
    # the ten activities on 首席质量官 are exactly the ten clauses that name it
    res = qs.run("activities-by-theme", theme="首席质量官")
    assert set(col(res, "organiserLabel")) == CQO_REGIONS
    assert len(res) == 10 and all("首席质量官" in t for t in col(res, "text"))
    # in the order of the notice: 北京市 is 附件3 item 一, 新疆生产建设兵团 item 三十二
    assert col(res, "organiserLabel")[0] == "北京市" and col(res, "organiserLabel")[-1] == "新疆生产建设兵团"
    assert res.column("text")[0] == "征集首席质量官案例"


def test_activities_by_kind(qs):
    # competitions: 知识竞赛, 大赛, 擂台赛, 发表赛/发表大赛, 劳动和技能竞赛 … Required: items that say 竞赛 or 大赛;
    # allowed: 比武 (陕西, 兵团), 征文比赛 (石油和化学), whose wording a thesaurus may or may not count
    got = set(col(qs.run("activities-by-kind", kind="竞赛"), "organiserLabel"))
    required = {"国务院国资委", "全国总工会", "中国质量协会", "中国机械工业联合会", "中国施工企业管理协会", "北京市",
                "河北省", "内蒙古自治区", "江苏省", "浙江省", "湖北省", "重庆市", "云南省"}
    allowed = {"陕西省", "新疆生产建设兵团", "中国石油和化学工业联合会", "四川省"}
    assert required <= got <= required | allowed
    res = qs.run("activities-by-kind", kind="竞赛")
    beijing = [t for o, t in zip(col(res, "organiserLabel"), col(res, "text")) if o == "北京市"]
    assert beijing == ["举办质量知识竞赛"]  # 北京市: 举办质量知识竞赛、质量大讲堂 gives a quiz and a lecture series


def test_activities_by_organiser(qs):
    # 北京市's one item holds four activities: a quiz, a lecture series, a call for 首席质量官 cases, lab open days
    texts = col(qs.run("activities-by-organiser", organiser="北京市"), "text")
    assert len(texts) == 4
    for text, words in zip(texts, ("知识竞赛", "质量大讲堂", "征集首席质量官案例", "实验室开放日")):
        assert words in text


def test_theme_cooccurrence(qs):
    res = qs.run("theme-cooccurrence")
    pairs = {}
    for r in res.records():
        assert r["themeA"] < r["themeB"]  # each unordered pair once
        pairs[(r["themeALabel"], r["themeBLabel"])] = r["activities"]
        pairs[(r["themeBLabel"], r["themeALabel"])] = r["activities"]
    assert len(pairs) == 2 * len(res)
    # 计量 and 认证认可 meet in one clause only: 辽宁省 开展计量、检验检测、认证认可等质量领域系列“开放日”活动
    assert pairs[("计量", "认证认可")] == 1
    assert pairs[("计量", "检验检测")] >= 1
    # 首席质量官 never shares a clause with 版权
    assert ("首席质量官", "版权") not in pairs
    assert col(res, "activities") == sorted(col(res, "activities"), reverse=True)


def test_shared_themes(qs):
    # both 中央宣传部 and 中国版权协会 work on 版权; neither works on 首席质量官 or 计量
    shared = col(qs.run("shared-themes", a="中央宣传部", b="中国版权协会"), "themeLabel")
    assert "版权" in shared and not {"首席质量官", "计量"} & set(shared)
    assert shared == col(qs.run("shared-themes", a="中国版权协会", b="中央宣传部"), "themeLabel")
    # 北京市 and 上海市 both name 首席质量官 (征集首席质量官案例; 星级首席质量官的典型案例)
    assert "首席质量官" in col(qs.run("shared-themes", a="北京市", b="上海市"), "themeLabel")
    # 中国版权协会 (copyright) and 国家卫生健康委 (medical and elderly care) share nothing the notice says
    assert "版权" not in col(qs.run("shared-themes", a="中国版权协会", b="国家卫生健康委"), "themeLabel")


def _theme_set(qs, organiser: str) -> set:
    """The themes an organiser's activities are tagged with directly (what similarity compares)."""
    iri = qs.resolve("organiser", organiser).value
    sol = qs.sparql(f"""PREFIX qm: <https://example.org/qmkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?t WHERE {{ ?a qm:organiser <{iri}> ; qm:hasTheme ?t . ?t skos:inScheme qm:ThemeScheme }}""")
    return set(sol.column("t"))


def test_organiser_similarity(qs):
    res = qs.run("organiser-similarity")
    rows = res.records()
    assert rows, "no two organisers share a theme?"
    keys = [(-r["jaccard"], -r["shared"]) for r in rows]
    assert keys == sorted(keys)  # ranked
    seen = set()
    for r in rows:
        assert r["organiserA"] < r["organiserB"] and (r["organiserA"], r["organiserB"]) not in seen
        seen.add((r["organiserA"], r["organiserB"]))
        assert r["shared"] >= 1 and Decimal(0) < r["jaccard"] <= Decimal(1)
    # 中央宣传部 and 中国版权协会 share 版权: the Jaccard of their theme sets, from themes-by-organiser
    a, b = _theme_set(qs, "中央宣传部"), _theme_set(qs, "中国版权协会")
    pair = [r for r in rows if {r["organiserALabel"], r["organiserBLabel"]} == {"中央宣传部", "中国版权协会"}]
    assert len(pair) == 1
    assert pair[0]["shared"] == len(a & b) >= 1
    assert pair[0]["jaccard"] == round(Decimal(len(a & b)) / len(a | b), 3)
    # the shared count is the number of shared-themes rows
    assert pair[0]["shared"] == len(qs.run("shared-themes", a="中央宣传部", b="中国版权协会"))


def test_similar_organisers(qs):
    # 中国版权协会's closest organiser shares 版权 with it: only 中央宣传部 does
    res = qs.run("similar-organisers", organiser="中国版权协会")
    assert "中央宣传部" in col(res, "similarLabel")
    assert "中国版权协会" not in col(res, "similarLabel")
    # the same numbers, in the same order, as the all-pairs ranking restricted to this organiser
    me = "https://example.org/qmkg/id/org/中国版权协会"
    ranked = [(r["organiserB"] if r["organiserA"] == me else r["organiserA"], r["shared"], r["jaccard"])
              for r in qs.run("organiser-similarity").records() if me in (r["organiserA"], r["organiserB"])]
    got = list(zip(col(res, "similar"), col(res, "shared"), col(res, "jaccard")))
    assert sorted(got, key=lambda t: (-t[2], -t[1])) == got
    assert {(s, n, j) for s, n, j in got} <= set(ranked) and len(got) == min(10, len(ranked))
    assert [j for _, _, j in got] == sorted((j for _, _, j in ranked), reverse=True)[:10]


def test_themes_by_organiser_kind(qs):
    rows = {(r["kind"], r["themeLabel"]): (r["activities"], r["organisers"])
            for r in qs.run("themes-by-organiser-kind").records()}
    assert {k for k, _ in rows} == {"department", "association", "region"}
    assert rows[("region", "首席质量官")] == (10, 10)  # ten regions, one clause each
    assert ("department", "首席质量官") not in rows and ("association", "首席质量官") not in rows
    assert rows[("department", "版权")][1] == 1  # 中央宣传部
    assert rows[("association", "版权")] == (2, 1)  # 中国版权协会's two activities
    assert rows[("department", "计量")] == (2, 1)  # 市场监管总局
    assert rows[("region", "计量")] == (2, 2)  # 辽宁省, 山东省


def test_themes_of_one_kind(qs):
    rows = {r["themeLabel"]: (r["kind"], r["organisers"]) for r in qs.run("themes-of-one-kind").records()}
    assert rows["首席质量官"] == ("region", 10)  # only regions name it
    assert "版权" not in rows  # a department and an association
    assert "计量" not in rows  # a department and two regions
    by_kind = {}
    for r in qs.run("themes-by-organiser-kind").records():
        by_kind.setdefault(r["theme"], set()).add(r["kind"])
    for r in qs.run("themes-of-one-kind").records():
        assert by_kind[r["theme"]] == {r["kind"]}
    assert {t for t, kinds in by_kind.items() if len(kinds) == 1} == set(col(qs.run("themes-of-one-kind"), "theme"))


def test_unique_themes(qs):
    res = qs.run("unique-themes")
    pairs = {(r["organiserLabel"], r["themeLabel"]) for r in res.records()}
    # shared by several organisers, so unique to none
    for theme in ("首席质量官", "版权", "计量"):
        assert not any(t == theme for _, t in pairs), theme
    # 辽宁省 is the only organiser tagged 认证认可 itself, but 市场监管总局's 全国服务认证体验周 is about a
    # narrower theme of it: not unique
    assert ("辽宁省", "认证认可") not in pairs
    # each row's theme has exactly one organiser, counting narrower themes as organisers-by-theme does
    for r in res.records():
        others = qs.run("organisers-by-theme", theme=r["theme"]).records()
        assert [(o["organiser"], o["activities"]) for o in others] == [(r["organiser"], r["activities"])]


def test_multi_organiser_campaigns(qs):
    # quoted names used by more than one organiser: “质量开放日” (福建, 河南, 湖北, 海南), 铁拳 (see above),
    # “你点我检” (天津 “你点我检，服务惠民生”, 甘肃 食品安全抽检“你点我检”)
    rows = {r["campaignLabel"]: (r["organisers"], r["activities"]) for r in qs.run("multi-organiser-campaigns").records()}
    assert rows == {"质量开放日": (4, 4), "铁拳": (3, 3), "你点我检": (2, 2)}
    assert col(qs.run("multi-organiser-campaigns"), "campaignLabel") == ["质量开放日", "铁拳", "你点我检"]


def test_standards(qs):
    # one standard in 《…》: 农业农村部 开展《限制商品过度包装要求 生鲜食用农产品》强制性国家标准线上解读活动
    # (《2023湖北质量状况》 is a white paper, not a standard)
    res = qs.run("standards")
    assert [(r["standardLabel"], r["organiserLabel"]) for r in res.records()] == [
        ("限制商品过度包装要求 生鲜食用农产品", "农业农村部")]


def test_partners(qs):
    # 生态环境部配合市场监管总局开展…监督抽查活动 (中国品牌建设促进会与相关单位共同…: no named partner)
    res = qs.run("partners")
    assert [(r["organiserLabel"], r["partnerLabel"]) for r in res.records()] == [("生态环境部", "市场监管总局")]
    assert "配合市场监管总局" in res.column("text")[0]
    # cooperation is symmetric in the graph
    ask = qs.sparql("SELECT ?x WHERE { <https://example.org/qmkg/id/org/samr> "
                    "<https://example.org/qmkg/ontology#cooperatesWith> ?x }")
    assert res.column("organiser")[0] in ask.column("x")


def test_untagged_activities(qs):
    res = qs.run("untagged-activities")
    untagged = set(col(res, "activity"))
    sol = qs.sparql("""PREFIX qm: <https://example.org/qmkg/ontology#>
        SELECT ?a WHERE { ?a a qm:Activity ; qm:organiser ?o . FILTER NOT EXISTS { ?a qm:taggedWith ?c } }""")
    assert untagged == set(sol.column("a"))
    # the activities on 计量 and 首席质量官 are tagged
    for theme in ("计量", "首席质量官"):
        assert not untagged & set(col(qs.run("activities-by-theme", theme=theme), "activity"))


def test_provenance(qs, source_text):
    # 北京市's third activity; its offsets index the notice as published
    res = qs.run("provenance", activity="征集首席质量官案例")
    (r,) = res.records()
    assert r["organiserLabel"] == "北京市" and r["text"] == "征集首席质量官案例"
    assert source_text[r["start"]:r["end"]] == r["text"]
    assert source_text[r["sentenceStart"]:r["sentenceEnd"]] == r["sentenceText"]
    assert r["sentenceStart"] <= r["start"] < r["end"] <= r["sentenceEnd"]
    assert r["sentenceText"].startswith("举办质量知识竞赛、质量大讲堂")
    # the activity's IRI gives the same row
    assert qs.run("provenance", activity=r["activity"]).rows == res.rows


def test_provenance_offsets_hold_for_every_activity(qs, source_text):
    res = qs.run("provenance", activity="")  # every text contains the empty string
    assert len(res) == qs.run("stats").records()[0]["activities"]
    for r in res.records():
        assert source_text[r["start"]:r["end"]] == r["text"], r["activity"]


def test_slogans(qs):
    # 附件4: 主题 加强质量支撑  共建质量强国 and ten numbered slogans (spaces normalised)
    res = qs.run("slogans")
    slogans = ["实施质量强国战略 推进高质量发展", "培育新质生产力 赋能高质量发展", "贯彻质量强国建设纲要 推进质量强企强链强县",
               "质量助企 质量强企 质量惠企", "质量意识始于心 主体责任践于行", "厚植质量文化 弘扬工匠精神",
               "共筑质量强国 共享美好生活", "塑造中国品牌 建设质量强国", "传递质量信任 激发消费活力", "全民讲质量 质量利全民"]
    assert [" ".join(s.split()) for s in col(res, "slogan")] == slogans
    assert col(res, "position") == list(range(1, 11))
    assert {" ".join(t.split()) for t in col(res, "yearTheme")} == {"加强质量支撑 共建质量强国"}
    assert set(col(res, "year")) == {"2024"}


def test_search(qs):
    # 计量 occurs in four clauses (see organisers-by-theme): in the order of the notice
    res = qs.run("search", text="计量")
    assert col(res, "organiserLabel") == ["市场监管总局", "市场监管总局", "辽宁省", "山东省"]
    assert all("计量" in t for t in col(res, "text"))
    # an exact substring, Chinese quotes included
    assert col(qs.run("search", text="“铁拳”"), "organiserLabel") == ["市场监管总局"]
    assert len(qs.run("search", text="no such words")) == 0


def test_stats(qs):
    # 附件1 lists 25 joint organisers, 附件2 18 associations, 附件3 32 regions, 附件4 ten slogans
    r = qs.run("stats").records()[0]
    assert {k: r[k] for k in ("organisers", "joint_organisers", "associations", "regions", "slogans")} == {
        "organisers": 75, "joint_organisers": 25, "associations": 18, "regions": 32, "slogans": 10}
    assert r["activities"] >= 75 and r["themes"] > 0 and r["triples"] > 1000
    assert r["campaigns"] >= 3  # 铁拳, 剑网2024, 昆仑2024 at least


# --- parameters -----------------------------------------------------------------------------

def _labels_of(qs: QueryService, iri: str) -> dict[str, list[str]]:
    sol = qs.sparql(f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?p ?l WHERE {{ <{iri}> ?p ?l . VALUES ?p {{ skos:prefLabel skos:altLabel }} }} ORDER BY ?p ?l""")
    out: dict[str, list[str]] = {}
    for p, label in zip(sol.column("p"), sol.column("l")):
        out.setdefault(p.rsplit("#", 1)[1], []).append(label)
    return out


@pytest.mark.parametrize("label", ["计量", "版权", "首席质量官", "培训", "老年人"])
def test_a_concept_is_named_by_zh_en_alt_label_or_iri(qs, label):
    iri = qs.resolve("concept", label).value
    expected = qs.run("organisers-by-theme", theme=label).rows
    names = _labels_of(qs, iri)
    assert len(names["prefLabel"]) >= 2 and names.get("altLabel")  # zh and en, and synonyms to try
    values = [iri, f"<{iri}>", *names["prefLabel"], *names.get("altLabel", [])]
    en = concept_label(qs, iri, "en")
    values += [en.lower(), en.upper()]  # English labels match whatever the case
    for value in values:
        try:
            resolved = qs.resolve("concept", value)
        except InputError as e:  # an altLabel two concepts share is ambiguous, and says so
            assert "ambiguous" in str(e)
            continue
        assert resolved.value == iri, value
        assert qs.run("organisers-by-theme", theme=value).rows == expected, value


@pytest.mark.parametrize("name", ["市场监管总局", "国家市场监督管理总局", "State Administration for Market Regulation",
                                  "SAMR", "samr", "https://example.org/qmkg/id/org/samr"])
def test_an_organiser_is_named_by_short_full_english_name_abbreviation_or_iri(qs, name):
    assert qs.run("themes-by-organiser", organiser=name).rows == qs.run("themes-by-organiser", organiser="市场监管总局").rows


def test_a_campaign_is_named_by_label_or_iri(qs):
    iri = qs.resolve("campaign", "铁拳").value
    assert qs.run("organisers-by-campaign", campaign=iri).rows == qs.run("organisers-by-campaign", campaign="铁拳").rows


@pytest.mark.parametrize("query, param, value", [
    ("organisers-by-theme", "theme", "计量学院"),
    ("organisers-by-theme", "theme", "https://example.org/qmkg/theme/no-such-theme"),
    ("themes-by-organiser", "organiser", "市场监督局"),
    ("organisers-by-campaign", "campaign", "铁掌"),
    ("activities-by-kind", "kind", "版权"),  # a theme, not an activity kind
])
def test_an_unknown_value_is_an_input_error(qs, query, param, value):
    with pytest.raises(InputError, match=f"unknown {param} '{re.escape(value)}'"):
        qs.run(query, **{param: value})


def test_an_unknown_value_suggests_close_labels(qs):
    with pytest.raises(InputError, match=r"unknown theme '计量学'; did you mean: .*计量"):
        qs.run("organisers-by-theme", theme="计量学")


def test_suggestions_ignore_case_and_never_come_up_empty(qs):
    en = concept_label(qs, qs.resolve("concept", "计量").value, "en")
    typo = (en[:3] + en[4:]).upper()  # a letter missing, and shouted
    with pytest.raises(InputError, match=rf"unknown theme '{typo}'; did you mean: {re.escape(en)}"):
        qs.run("organisers-by-theme", theme=typo)
    with pytest.raises(InputError, match=r"unknown theme 'X'; did you mean: \S"):
        qs.run("organisers-by-theme", theme="X")
    with pytest.raises(InputError, match=r"unknown organiser '市场监督局'; did you mean: .*市场监管总局"):
        qs.run("themes-by-organiser", organiser="市场监督局")


def test_missing_extra_and_unknown(qs):
    with pytest.raises(InputError, match="needs --param theme"):
        qs.run("organisers-by-theme")
    with pytest.raises(InputError, match="takes no parameter 'colour'"):
        qs.run("organisers-by-theme", theme="计量", colour="red")
    with pytest.raises(InputError, match="unknown query 'organisers-by-themes'; did you mean: organisers-by-theme"):
        qs.run("organisers-by-themes", theme="计量")
    with pytest.raises(InputError, match="unknown language"):
        qs.run("organisers-by-theme", theme="计量", lang="fr")


# --- the Python API -------------------------------------------------------------------------

def test_open_graph_returns_typed_rows(built_graph):
    res = qmkg.open_graph(built_graph).run("organisers-by-theme", theme="计量")
    records = res.records()
    assert [r["organiserLabel"] for r in records] == ["市场监管总局", "山东省", "辽宁省"]
    assert all(type(r["activities"]) is int for r in records)
    assert records[0]["organiser"] == "https://example.org/qmkg/id/org/samr"
    assert res.column("activities") == [2, 1, 1]


def test_jaccard_is_a_decimal(qs):
    r = qs.run("organiser-similarity").records()[0]
    assert isinstance(r["jaccard"], Decimal) and type(r["shared"]) is int


def test_to_dataframe(built_graph):
    pd = pytest.importorskip("pandas")
    df = qmkg.open_graph(built_graph).run("organisers-by-theme", theme="计量").to_dataframe()
    assert list(df.columns) == ["organiser", "organiserLabel", "activities"]
    assert df["organiserLabel"].tolist() == ["市场监管总局", "山东省", "辽宁省"]
    assert pd.api.types.is_integer_dtype(df["activities"]) and df["activities"].sum() == 4


def test_open_graph_on_rdflib_gives_the_same_rows(built_graph, qs):
    other = QueryService.open(built_graph, engine="rdflib")
    assert other.run("organisers-by-theme", theme="计量").rows == qs.run("organisers-by-theme", theme="计量").rows
