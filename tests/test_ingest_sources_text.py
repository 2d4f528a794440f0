"""Reading and normalising notices: encodings, widths, scripts, bad input."""

from pathlib import Path

import pytest
from opencc import OpenCC

from qmkg.core.errors import InputError
from qmkg.ingest.sources import decode, normalise, read_source

BAD = sorted((Path(__file__).parent / "data" / "bad").iterdir())


def test_utf8_text_is_read_as_is(source_path, source_text):
    src = read_source(source_path)
    assert src.encoding == "utf-8"
    # normalisation maps one character to one, so offsets into it are offsets into the file
    assert len(src.text) == len(source_text)
    assert not src.converted_from_traditional


def test_gb18030_is_detected_and_gives_the_same_text(tmp_path, source_path, source_text):
    p = tmp_path / "notice-gb18030.txt"
    p.write_bytes(source_text.encode("gb18030"))
    src = read_source(p)
    assert src.encoding == "gb18030"
    assert src.text == read_source(source_path).text


def test_bom_is_dropped(tmp_path, source_text):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + source_text.encode("utf-8"))
    assert read_source(p).text == normalise(source_text)


def test_traditional_is_converted_to_simplified(tmp_path, source_path, source_text):
    traditional = OpenCC("s2t").convert(source_text)
    assert traditional != source_text and "質量" in traditional
    p = tmp_path / "traditional.txt"
    p.write_text(traditional, encoding="utf-8")
    src = read_source(p)
    assert src.converted_from_traditional
    assert src.text == read_source(source_path).text


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ＱＣ小组２０２４", "QC小组2024"),  # full-width letters and digits
        ("质量(提升),行动", "质量（提升），行动"),  # half-width punctuation in Chinese text
        ("加强质量支撑\u00a0\u00a0共建", "加强质量支撑  共建"),  # NBSP
        ("加强\u3000共建", "加强 共建"),  # ideographic space
        ("「铁拳」行动", "“铁拳”行动"),  # corner quotes
        ("質量檢驗檢測", "质量检验检测"),  # Traditional
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected
    assert len(normalise(raw)) == len(raw)


def test_decode_rejects_empty_and_binary():
    with pytest.raises(InputError, match="empty"):
        decode(b"  \n ")
    with pytest.raises(InputError, match="binary"):
        decode(b"\x00\x01\x02abc")


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_input_is_an_input_error(path):
    """Every file in tests/data/bad fails with InputError when read and parsed."""
    from qmkg.ingest.notice import parse_notice
    from qmkg.vocab.lexicon import load_lexicon

    with pytest.raises(InputError) as e:
        parse_notice(read_source(path), load_lexicon())
    assert "\n" not in str(e.value)
    assert str(path.name) in str(e.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_source(tmp_path)
