"""The .docx reader: each shapes notice made into a Word document reads back as the same lines as its .txt."""

from __future__ import annotations

import zipfile

import pytest

from qmkg.core.errors import InputError
from qmkg.ingest.readers.docx import format_number
from qmkg.ingest.sources import DOCX, read_source

from .ingest_documents import SHAPES, lines, make_docx


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("docx")
    return {p.stem: make_docx(p.read_text(encoding="utf-8"), d / f"{p.stem}.docx") for p in SHAPES}


@pytest.mark.parametrize("txt", SHAPES, ids=[p.stem for p in SHAPES])
def test_docx_reads_as_the_same_lines_as_the_text(made, txt):
    """Exactly the same non-empty lines: paragraphs, Word's own list numbers, and table rows with TABs."""
    src = read_source(made[txt.stem])
    assert src.media_type == DOCX and src.encoding == "utf-8"
    assert lines(src.text) == lines(read_source(txt).text)


def test_the_2024_national_notice_reads_as_its_lines(tmp_path, source_path, source_text):
    made = make_docx(source_text, tmp_path / "2024.docx")
    assert lines(read_source(made).text) == lines(read_source(source_path).text)


def test_traditional_docx_is_converted_to_simplified(made):
    src = read_source(made["national-letter-2022-traditional"])
    assert src.converted_from_traditional
    assert "质量月" in src.text and "質量" not in src.text


def test_a_merged_cell_is_read_once_and_cells_stay_under_their_header(made):
    """The xiamen table's title is a first row merged across its six columns: it is one line, once.
    The 时间 cells of rows 10-11 (both 9月) are one cell merged down: each row still has its 时间."""
    text = read_source(made["xiamen-municipal-table-2024"]).text
    title = "厦门市2024年“质量月”活动安排表"
    assert text.split("\n").count(title) == 1
    assert text.count(title + "\t") == 0
    rows = [line.split("\t") for line in text.split("\n") if "\t" in line]
    assert rows[0] == ["序号", "活动名称", "活动内容", "牵头单位", "配合单位", "时间"]
    assert len(rows) == 21 and all(len(r) == 6 for r in rows)
    assert [r[5] for r in rows[9:13]] == ["9月下旬", "9月", "9月", "9月第三周"]  # rows 9-12 of the .txt


def test_merged_title_row_is_in_the_word_xml_as_one_spanning_cell(made):
    """The fixture really merges: the document holds gridSpan 6 and vMerge (guards the test above)."""
    with zipfile.ZipFile(made["xiamen-municipal-table-2024"]) as z:
        xml = z.read("word/document.xml").decode()
    assert 'w:gridSpan w:val="6"' in xml and "w:vMerge" in xml


def test_word_automatic_numbers_are_written_out(made):
    """The zhejiang points 1.-25. are Word list paragraphs: the numbers are not in the XML text."""
    with zipfile.ZipFile(made["zhejiang-provincial-plan-2023"]) as z:
        xml = z.read("word/document.xml").decode()
    assert ">1. 举办" not in xml and ">举办全省“质量月”启动仪式" in xml
    text = read_source(made["zhejiang-provincial-plan-2023"]).text
    assert "\n1. 举办全省“质量月”启动仪式" in text and "\n25. 开展消费品比较试验。" in text


def test_chinese_list_numbers():
    assert [format_number(n, "chineseCountingThousand") for n in (1, 11, 20)] == ["一", "十一", "二十"]
    assert format_number(5, "decimalEnclosedCircleChinese") == "⑤"


# --- bad input: exit 2 with one line ---------------------------------------------------------------

def _refused(path, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern) as e:
        read_source(path)
    assert "\n" not in str(e.value) and path.name in str(e.value)


def test_an_empty_docx_is_not_a_notice(tmp_path):
    import docx

    p = tmp_path / "empty.docx"
    docx.Document().save(p)
    _refused(p, "a Word document with no text")


def test_a_docx_holding_only_an_image_is_not_a_notice(tmp_path):
    import docx
    from PIL import Image

    png = tmp_path / "scan.png"
    Image.new("RGB", (40, 20), "white").save(png)
    document = docx.Document()
    document.add_picture(str(png))
    p = tmp_path / "image-only.docx"
    document.save(p)
    _refused(p, "no text .*only images")


def test_a_truncated_docx_is_refused(made, tmp_path):
    data = made["xiamen-municipal-table-2024"].read_bytes()
    p = tmp_path / "cut.docx"
    p.write_bytes(data[: len(data) // 2])
    _refused(p, "a damaged or truncated .docx")


def test_a_docx_with_a_broken_part_is_refused(made, tmp_path):
    p = tmp_path / "broken.docx"
    with zipfile.ZipFile(made["xiamen-municipal-table-2024"]) as src, zipfile.ZipFile(p, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item, data[:100] if item.filename == "word/document.xml" else data)
    _refused(p, "a damaged .docx")
