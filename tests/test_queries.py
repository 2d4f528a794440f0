"""The query library: strict headers."""

from __future__ import annotations

import pytest

from qmkg.errors import ConfigError
from qmkg.queries import library, parse_query_file

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
