"""The .pdf reader: each shapes notice laid out by reportlab (CJK font, a ruled table, running head, page
numbers, one date with spaced digits) reads back as the notice's lines."""

from __future__ import annotations

import re

import pytest

from qmkg.core.errors import InputError
from qmkg.ingest.sources import PDF, read_source

from .ingest_documents import RUNNING_HEAD, SHAPES, lines, make_pdf

SPACED = "2023年8月24日"  # the zhejiang signature date, written "2 0 2 3年8月2 4日" in the PDF


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("pdf")
    return {p.stem: make_pdf(p.read_text(encoding="utf-8"), d / f"{p.stem}.pdf", spaced_digits=SPACED)
            for p in SHAPES}


@pytest.fixture(scope="module")
def read(made) -> dict:
    """Each PDF read once (pdfplumber takes a few tenths of a second a page)."""
    return {stem: read_source(p) for stem, p in made.items()}


def _no_spaces(text: str) -> list[str]:
    return [line.replace(" ", "") for line in lines(text)]


@pytest.mark.parametrize("txt", SHAPES, ids=[p.stem for p in SHAPES])
def test_pdf_reads_as_the_same_lines_as_the_text(read, txt):
    """The same lines, compared without spaces: a PDF does not keep a space where a line wraps
    ("公安部 交通运输部" wrapped after 公安部 reads "公安部交通运输部") nor runs of spaces. Every wrapped
    paragraph must be joined back and every table row must be one line for the lists to be equal."""
    src = read[txt.stem]
    assert src.media_type == PDF and src.encoding == ""
    assert _no_spaces(src.text) == _no_spaces(read_source(txt).text)


def test_most_lines_are_identical_spaces_included(read):
    """Where no space fell on a wrap the lines are equal as they are (zhejiang and xiamen: all)."""
    for stem in ("zhejiang-provincial-plan-2023", "xiamen-municipal-table-2024"):
        txt = next(p for p in SHAPES if p.stem == stem)
        assert lines(read[stem].text) == lines(read_source(txt).text)


def test_the_2024_national_notice_reads_as_its_lines(tmp_path, source_path, source_text):
    """Seven pages of items, many wrapping across a page: every one joined back. The PDF lacks the
    middle dot of "3·15" (reportlab's STSong-Light cannot draw U+00B7), so the expected lines lack it too."""
    pdf = make_pdf(source_text, tmp_path / "2024.pdf")
    want = [line.replace("·", "") for line in _no_spaces(read_source(source_path).text)]
    assert _no_spaces(read_source(pdf).text) == want


def test_running_head_and_page_numbers_are_dropped(made, read):
    import pdfplumber

    for stem in ("zhejiang-provincial-plan-2023", "xiamen-municipal-table-2024", "national-letter-2022-traditional"):
        with pdfplumber.open(made[stem]) as pdf:
            last = pdf.pages[-1].extract_text()
            assert len(pdf.pages) >= 2
        assert RUNNING_HEAD in last and f"- {len(pdf.pages)} -" in last  # the furniture is on the pages ...
        text = read[stem].text
        assert RUNNING_HEAD not in text  # ... and not in the text
        assert not re.search(r"^- \d+ -$", text, re.M)


def test_spaced_digits_are_rejoined(made, read):
    import pdfplumber

    with pdfplumber.open(made["zhejiang-provincial-plan-2023"]) as pdf:
        assert "2 0 2 3年8月2 4日" in pdf.pages[0].extract_text()
    assert "\n2023年8月24日\n" in read["zhejiang-provincial-plan-2023"].text


def test_table_rows_are_tab_lines_and_their_text_is_not_repeated(read):
    """The xiamen table spans two pages with its header repeated: the header is read once, every row is
    one TAB line of six cells, and a cell's words appear only in its row."""
    text = read["xiamen-municipal-table-2024"].text
    rows = [line.split("\t") for line in text.split("\n") if "\t" in line]
    assert rows[0] == ["序号", "活动名称", "活动内容", "牵头单位", "配合单位", "时间"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 21)]
    assert all(len(r) == 6 for r in rows)
    assert [r[5] for r in rows[9:13]] == ["9月下旬", "9月", "9月", "9月第三周"]  # rows 10-11: one cell spanning both
    assert text.count("发布厦门市质量发展年度报告") == 1


# --- bad input -------------------------------------------------------------------------------------

def _refused(path, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern) as e:
        read_source(path)
    assert "\n" not in str(e.value) and path.name in str(e.value)


def test_a_scanned_pdf_without_a_text_layer_is_refused(tmp_path):
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    png = tmp_path / "page.png"
    Image.new("L", (200, 280), 255).save(png)
    p = tmp_path / "scanned.pdf"
    c = canvas.Canvas(str(p), pagesize=A4)
    c.drawImage(str(png), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    _refused(p, "a PDF with no text layer")


def test_an_encrypted_pdf_is_refused(made, tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(made["shaanxi-news-2024"]).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    p = tmp_path / "locked.pdf"
    with p.open("wb") as f:
        writer.write(f)
    _refused(p, "an encrypted PDF that needs a password")


def test_a_truncated_pdf_is_refused(made, tmp_path):
    data = made["shaanxi-news-2024"].read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[:300])
    with pytest.raises(InputError) as e:
        read_source(p)
    assert "\n" not in str(e.value) and "cut.pdf" in str(e.value)


def test_cli_build_of_a_scanned_pdf_exits_2_with_one_line(tmp_path, capsys):
    from reportlab.pdfgen import canvas

    from qmkg.cli.main import main

    p = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(p))
    c.rect(10, 10, 100, 100)
    c.showPage()
    c.save()
    assert main(["build", str(p), "-o", str(tmp_path / "out.ttl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qmkg: error: ") and err.count("\n") == 1 and "no text layer" in err
    assert not (tmp_path / "out.ttl").exists()
