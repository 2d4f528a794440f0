"""read_source: formats told by content, the Source it gives, control characters (issue 13 item 3) and
size limits (issue 13 item 7)."""

from __future__ import annotations

import hashlib
import os
import threading
import tracemalloc

import pytest

from qmkg.core.errors import InputError
from qmkg.ingest.sources import DOCX, HTML, PDF, TEXT, limits_for, normalise, read_source, sniff

from .ingest_documents import SHAPES, make_docx, make_html, make_pdf

XIAMEN = next(p for p in SHAPES if p.name.startswith("xiamen"))


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The xiamen notice as .docx, .html and .pdf, each under a misleading name (.txt) and a true one."""
    d = tmp_path_factory.mktemp("formats")
    text = XIAMEN.read_text(encoding="utf-8")
    made = {"docx": make_docx(text, d / "x.docx"), "html": make_html(text, d / "x.html"), "pdf": make_pdf(text, d / "x.pdf")}
    for fmt, p in list(made.items()):
        made[f"{fmt} as .txt"] = d / f"{fmt}-really.txt"
        made[f"{fmt} as .txt"].write_bytes(p.read_bytes())
    return made


@pytest.mark.parametrize("fmt, media_type", [("docx", DOCX), ("html", HTML), ("pdf", PDF)])
def test_the_format_is_told_by_content_not_by_the_name(files, fmt, media_type):
    right, wrong = read_source(files[fmt]), read_source(files[f"{fmt} as .txt"])
    assert right.media_type == wrong.media_type == media_type
    assert right.text == wrong.text


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_source_records_the_original_file_and_the_derived_text(files, fmt):
    src = read_source(files[fmt])
    assert src.sha256 == hashlib.sha256(files[fmt].read_bytes()).hexdigest()  # the file as given
    assert src.text_sha256 == hashlib.sha256(src.text.encode("utf-8")).hexdigest()  # the text derived from it
    assert src.sha256 != src.text_sha256
    assert src.name == files[fmt].name


def test_a_text_file_hashes_its_bytes_and_its_normalised_text():
    src = read_source(XIAMEN)
    assert (src.media_type, src.encoding) == (TEXT, "utf-8")
    assert src.sha256 == hashlib.sha256(XIAMEN.read_bytes()).hexdigest()
    assert src.text_sha256 == hashlib.sha256(src.text.encode("utf-8")).hexdigest()


def test_tab_between_table_cells_is_kept():
    src = read_source(XIAMEN)
    header = next(line for line in src.text.split("\n") if line.startswith("序号"))
    assert header.split("\t") == ["序号", "活动名称", "活动内容", "牵头单位", "配合单位", "时间"]
    assert normalise("a\tb") == "a\tb"


@pytest.mark.parametrize("name, content", [
    ("fake.docx", "这是一个文本文件".encode()), ("fake.pdf", "这是一个文本文件".encode()),
    ("fake.doc", "这是一个文本文件".encode()),
])
def test_a_binary_format_name_on_other_content_is_refused(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputError, match=f"{name}: named .* but not a") as e:
        read_source(p)
    assert "\n" not in str(e.value)


def test_sniff():
    assert sniff(b"PK\x03\x04....", ".zip") == DOCX  # the docx reader checks for word/document.xml
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".wps") == "application/vnd.ms-works"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc") == "application/msword"
    assert sniff(b"  <HTML><body>", ".txt") == HTML
    assert sniff("一、活动主题".encode(), ".html") == HTML


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    import zipfile

    p = tmp_path / "archive.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("notice.txt", "一、活动")
    with pytest.raises(InputError, match="not a Word document"):
        read_source(p)


# --- issue 13 item 3: control characters anywhere ----------------------------------------------------

def _notice_with(tmp_path, char: str, *, after: int):
    """The xiamen notice with ``char`` put inside 市市场监管局 on the first line past ``after`` bytes."""
    text = XIAMEN.read_text(encoding="utf-8")
    at = text.index("市市场监管局", len(text.encode("utf-8")[:after].decode("utf-8", "ignore")))
    p = tmp_path / "damaged.txt"
    p.write_text(text[:at + 1] + char + text[at + 1:], encoding="utf-8")
    return p, text.count("\n", 0, at) + 1


def test_nul_byte_after_first_4kb_is_refused_with_its_line(tmp_path):
    """Issue 13 item 3: a NUL past the first 4 KB was stored inside a label; it is refused (not removed),
    because a NUL means a damaged file, with the line it is on (counted by hand from the insertion point)."""
    p, line = _notice_with(tmp_path, "\x00", after=4096)
    assert p.read_bytes().index(b"\x00") > 4096
    with pytest.raises(InputError, match=rf"damaged.txt: line {line}: a NUL character") as e:
        read_source(p)
    assert "\n" not in str(e.value)


def test_nul_byte_in_first_4kb_is_refused_with_its_line(tmp_path):
    p, line = _notice_with(tmp_path, "\x00", after=0)
    with pytest.raises(InputError, match=rf"line {line}: a NUL character"):
        read_source(p)


def test_nul_byte_in_gb18030_text_is_refused_with_its_line(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("一、活动主题\n质量\x00月\n".encode("gb18030"))
    with pytest.raises(InputError, match="line 2: a NUL character"):
        read_source(p)


@pytest.mark.parametrize("char", ["\x1a", "\x0b", "\x7f", "\x85"])
def test_other_control_character_becomes_a_space_with_a_warning_naming_its_line(tmp_path, char):
    p, line = _notice_with(tmp_path, char, after=4096)
    src = read_source(p)
    assert char not in src.text
    assert len(src.text) == len(read_source(XIAMEN).text) + 1  # one character for one: offsets hold
    assert src.warnings == (f"{p}: line {line}: a control character (U+{ord(char):04X}) read as a space",)


def test_a_binary_file_is_still_refused_as_binary(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(b"\x00\x01\x02abc\x03\x04" * 800)  # decodes as UTF-8, but mostly control characters
    with pytest.raises(InputError, match="a binary file"):
        read_source(p)


# --- issue 13 item 7: input size limits ----------------------------------------------------------

def test_file_over_the_size_limit_is_refused_before_it_is_read_whole(tmp_path):
    """A 60 MB text file (sparse: no disk used) against the 20 MB default for text: refused with both
    sizes, and the peak memory shows the file was never read (it would take 60 MB)."""
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.write("一、活动主题\n".encode() * 10)
        f.truncate(60_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"huge.txt: 60,000,000 bytes is more than the limit of 20,000,000"):
            read_source(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_size_limit_holds_for_a_stream_without_a_size(tmp_path):
    """A FIFO has no size to check first: reading stops one byte past the limit."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer():
        try:
            with fifo.open("wb") as f:
                while not stop.is_set():
                    f.write("质量月活动\n".encode() * 1000)
        except BrokenPipeError:
            pass

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    try:
        with pytest.raises(InputError, match="more than the limit of 100,000"):
            read_source(fifo, max_bytes=100_000)
    finally:
        stop.set()
        t.join(timeout=5)


def test_size_limit_is_overridden_by_keyword_and_environment(tmp_path, monkeypatch):
    p = tmp_path / "n.txt"
    p.write_bytes(XIAMEN.read_bytes())
    size = p.stat().st_size
    with pytest.raises(InputError, match=f"{size:,} bytes is more than the limit of 1,000 "
                                         r"\(raise it with max_bytes or QMKG_MAX_INPUT_BYTES\)"):
        read_source(p, max_bytes=1000)
    monkeypatch.setenv("QMKG_MAX_INPUT_BYTES", "1000")
    with pytest.raises(InputError, match="limit of 1,000"):
        read_source(p)
    assert read_source(p, max_bytes=size).text  # the keyword wins over the environment
    monkeypatch.setenv("QMKG_MAX_INPUT_BYTES", "lots")
    with pytest.raises(InputError, match="QMKG_MAX_INPUT_BYTES='lots': not a positive whole number"):
        read_source(p)


def test_default_size_limits_by_format():
    assert limits_for(TEXT).max_bytes == 20_000_000
    assert limits_for(HTML).max_bytes == 20_000_000
    assert limits_for(DOCX).max_bytes == limits_for(PDF).max_bytes == 50_000_000
    assert limits_for(TEXT).max_line_chars == 20_000


def test_line_longer_than_the_limit_is_refused_with_its_line_number(tmp_path, monkeypatch):
    """Issue 13 item 7: a 1 MB item ran for minutes; a line (paragraph, table row) over 20,000 characters
    is refused with its number: here line 3, the third line written."""
    p = tmp_path / "long.txt"
    p.write_text("2024年质量月\n一、活动\n" + "开展质量提升行动。" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"long.txt: line 3 is 27,000 characters long; the limit is 20,000"):
        read_source(p)
    assert read_source(p, max_line_chars=30_000).text.count("\n") == 3
    monkeypatch.setenv("QMKG_MAX_LINE_CHARS", "30000")
    assert read_source(p).text


def test_line_limit_applies_to_the_text_read_from_a_docx(tmp_path):
    p = make_docx("一、活动\n" + "开展质量提升行动。" * 100, tmp_path / "long.docx")
    with pytest.raises(InputError, match="long.docx: line 2 is 900 characters long; the limit is 500"):
        read_source(p, max_line_chars=500)


def test_utf16_with_its_bom_is_read(tmp_path):
    p = tmp_path / "notepad.txt"
    p.write_bytes(XIAMEN.read_text(encoding="utf-8").encode("utf-16"))
    src = read_source(p)
    assert src.encoding == "utf-16" and src.text == read_source(XIAMEN).text


def test_reading_a_text_notice_imports_no_document_library():
    """The readers' libraries load only for their formats: ``qmkg query`` and text builds never pay for them."""
    import subprocess
    import sys

    code = ("import sys; from qmkg.ingest.sources import read_source; import qmkg.cli.main; "
            f"read_source({str(XIAMEN)!r}); "
            "print(sorted(m for m in ('docx', 'lxml', 'pdfplumber', 'pdfminer', 'reportlab') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(XIAMEN.parents[3])})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
