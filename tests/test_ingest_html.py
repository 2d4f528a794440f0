"""The .html reader: a government article page (tests/data/gov-page.html) around each shapes notice
reads back as the notice's lines, and none of the page's furniture."""

from __future__ import annotations

import re

import pytest

from qmkg.core.errors import InputError
from qmkg.ingest.sources import HTML, read_source

from .ingest_documents import DATA, SHAPES, lines, make_html

# text of the page template outside the article: none of it may reach the notice's text
FURNITURE = ["无障碍浏览", "机构概况", "当前位置", "索引号", "11330000002482076K", "发布机构", "某市监质〔2024〕12号",
             "浏览次数", "分享到", "QQ空间", "打印本页", "关闭窗口", "相关文章", "主办单位：某省", "网站标识码", "公网安备",
             "质量月统计代码", "_hmt", "font-family", "hits"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("html")
    return {p.stem: make_html(p.read_text(encoding="utf-8"), d / f"{p.stem}.html") for p in SHAPES}


def _spaces_collapsed(text: str) -> list[str]:
    return [re.sub(" +", " ", line) for line in lines(text)]


@pytest.mark.parametrize("txt", SHAPES, ids=[p.stem for p in SHAPES])
def test_html_page_reads_as_the_article_lines(made, txt):
    """The same lines as the .txt, except that HTML collapses a run of spaces into one (the shaanxi
    editor line "刘洋  审核" has two): so runs of spaces are collapsed on both sides."""
    src = read_source(made[txt.stem])
    assert src.media_type == HTML and src.encoding == "utf-8"
    assert _spaces_collapsed(src.text) == _spaces_collapsed(read_source(txt).text)


def test_the_2024_national_notice_reads_as_its_lines(tmp_path, source_path, source_text):
    made = make_html(source_text, tmp_path / "2024.html")
    assert _spaces_collapsed(read_source(made).text) == _spaces_collapsed(read_source(source_path).text)


@pytest.mark.parametrize("txt", SHAPES, ids=[p.stem for p in SHAPES])
def test_navigation_metadata_share_links_footer_and_scripts_are_dropped(made, txt):
    page = made[txt.stem].read_text(encoding="utf-8")
    text = read_source(made[txt.stem]).text
    for words in FURNITURE:
        assert words in page  # the template has it ...
        assert words not in text  # ... the article does not


def test_table_rows_with_colspan_and_rowspan_keep_their_columns(made):
    rows = [line.split("\t") for line in read_source(made["xiamen-municipal-table-2024"]).text.split("\n")
            if "\t" in line]
    assert rows[0] == ["序号", "活动名称", "活动内容", "牵头单位", "配合单位", "时间"]
    assert len(rows) == 21 and all(len(r) == 6 for r in rows)
    assert [r[5] for r in rows[9:13]] == ["9月下旬", "9月", "9月", "9月第三周"]  # rows 10-11: one rowspan cell


def test_a_gbk_page_with_its_charset_declared(tmp_path, made):
    page = made["zhejiang-provincial-plan-2023"].read_text(encoding="utf-8").replace("charset=utf-8", "charset=gb2312")
    p = tmp_path / "gbk.html"
    p.write_bytes(page.encode("gb18030"))
    src = read_source(p)
    assert src.encoding == "gb18030"
    assert src.text == read_source(made["zhejiang-provincial-plan-2023"]).text


def test_the_site_name_in_a_header_h1_is_not_the_title(tmp_path, made):
    page = made["zhejiang-provincial-plan-2023"].read_text(encoding="utf-8")
    page = page.replace('<div class="logo">', '<div class="logo"><h1>某省市场监督管理局</h1>')
    p = tmp_path / "logo.html"
    p.write_text(page, encoding="utf-8")
    assert read_source(p).text == read_source(made["zhejiang-provincial-plan-2023"]).text


def test_an_article_found_by_density_when_its_container_has_no_known_name(tmp_path, made):
    page = made["shaanxi-news-2024"].read_text(encoding="utf-8")
    page = page.replace('class="TRS_Editor" id="zoom"', 'class="x1"').replace('class="article"', 'class="x2"')
    p = tmp_path / "unnamed.html"
    p.write_text(page, encoding="utf-8")
    assert _spaces_collapsed(read_source(p).text) == _spaces_collapsed(read_source(made["shaanxi-news-2024"]).text)


def test_a_page_with_no_article_is_refused(tmp_path):
    page = (DATA / "gov-page.html").read_text(encoding="utf-8").replace("{{title}}", "").replace("{{body}}", "")
    p = tmp_path / "no-article.html"
    p.write_text(page, encoding="utf-8")
    with pytest.raises(InputError, match="no-article.html: an HTML page with no article") as e:
        read_source(p)
    assert "\n" not in str(e.value)


def test_a_page_of_links_only_is_refused(tmp_path):
    links = "".join(f'<li><a href="/a/{i}.html">关于开展第{i}届质量月活动的通知</a></li>' for i in range(40))
    p = tmp_path / "list.html"
    p.write_text(f"<!DOCTYPE html><html><body><div class='content'><ul>{links}</ul></div></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no article"):
        read_source(p)


def test_an_old_page_laid_out_with_a_table(tmp_path, made):
    """Older sites put the whole page in a layout table (menu cell, article cell): the article cell's
    paragraphs are read as lines, not as one TAB row."""
    txt = next(p for p in SHAPES if p.stem == "zhejiang-provincial-plan-2023")
    body = "".join(f"<p>{line}</p>" for line in lines(txt.read_text(encoding="utf-8")))
    menu = "".join(f'<a href="/{i}">栏目{i}</a><br>' for i in range(12))
    p = tmp_path / "old.html"
    p.write_text(f"<html><body><table><tr><td>{menu}</td><td>{body}</td></tr></table></body></html>", encoding="utf-8")
    assert lines(read_source(p).text) == lines(read_source(txt).text)


def test_control_characters_in_a_page(tmp_path, made):
    """A NUL in an HTML file is refused with the page's line; another control character is a space."""
    page = made["xiamen-municipal-table-2024"].read_text(encoding="utf-8")
    line = page[: page.index("市工信局")].count("\n") + 1
    for char, expect in (("\x00", rf"nul.html: line {line}: a NUL character"), ("\x1a", None)):
        p = tmp_path / ("nul.html" if expect else "sub.html")
        p.write_text(page.replace("市工信局", "市工" + char + "信局", 1), encoding="utf-8")
        if expect:
            with pytest.raises(InputError, match=expect):
                read_source(p)
        else:
            src = read_source(p)
            assert "市工 信局" in src.text and src.warnings == (f"{p}: line {line}: a control character "
                                                                 "(U+001A) read as a space",)
