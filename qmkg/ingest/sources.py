"""Read a notice from disk in any format and normalise its text.

:func:`read_source` tells the format by content (magic bytes) as well as by extension and hands
the file to a reader in :mod:`qmkg.ingest.readers` (imported lazily, so commands that never read a
notice never import python-docx, lxml or pdfplumber). Every reader gives one text in which each
paragraph or heading is one line and each table row is one line with its cells separated by TAB.

Normalisation maps one character to one character, so every offset into the normalised
text is also an offset into the decoded text:

- full-width ASCII letters, digits and symbols become half-width; ideographic space and NBSP
  become a space; half-width ``,;:()!?`` become the full-width forms Chinese text uses;
  corner quotes 「」『』 become “”‘’; TAB is kept (it separates table cells);
- Traditional characters become Simplified (OpenCC ``t2s``);
- GB18030/GBK input is detected and decoded.

Limits (checked before a file is read whole): a file may hold at most ``max_bytes`` bytes
(default 20 MB for text and HTML, 50 MB for .docx, .pdf and .doc; environment variable
``QMKG_MAX_INPUT_BYTES``) and a line at most ``max_line_chars`` characters (default 20,000;
``QMKG_MAX_LINE_CHARS``). A NUL character in a text file is refused with its line number (it
means a damaged file, and a label holding it would never match); other control characters
become a space with a warning naming the line.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qmkg.core.errors import InputError
from qmkg.ingest.readers.text import check_controls
from qmkg.ingest.readers.text import decode as decode  # re-exported: the text reader decodes

_HALF = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
# Chinese text keeps these full-width: map half-width forms (and the ones above) to them
_CJK_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_TABLE = {**_HALF, "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u200b": " ",
          "「": "“", "」": "”", "『": "‘", "』": "’"}
_TABLE = {k: _CJK_PUNCT.get(v, v) for k, v in _TABLE.items()} | _CJK_PUNCT
_TRANSLATE = str.maketrans(_TABLE)

TEXT = "text/plain"
HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
WPS = "application/vnd.ms-works"
ODT = "application/vnd.oasis.opendocument.text"
RTF = "application/rtf"

MB = 1_000_000
#: default largest file, by media type (bytes); any other type gets the text limit
MAX_BYTES = {TEXT: 20 * MB, HTML: 20 * MB, PDF: 50 * MB, DOCX: 50 * MB, DOC: 50 * MB, WPS: 50 * MB,
             ODT: 50 * MB, RTF: 50 * MB}
MAX_LINE_CHARS = 20_000
ENV_MAX_BYTES = "QMKG_MAX_INPUT_BYTES"
ENV_MAX_LINE = "QMKG_MAX_LINE_CHARS"
_SNIFF = 8192


@dataclass(frozen=True)
class Source:
    """A notice as read: its normalised text and where it came from.

    ``sha256`` is the hash of the original file's bytes, ``text_sha256`` the hash of ``text``
    (UTF-8): the graph records both, the text as derived from the file. ``encoding`` is the
    character encoding read from the file ("" where the format has none of its own, as in PDF).
    ``warnings`` say what the reader changed (a control character removed), with the line.
    """

    path: Path
    text: str
    encoding: str
    sha256: str
    converted_from_traditional: bool
    media_type: str = TEXT
    text_sha256: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Limits:
    """Size limits for one read: largest file in bytes, longest line in characters."""

    max_bytes: int
    max_line_chars: int


def check_line_lengths(text: str, *, name: str, max_line_chars: int) -> None:
    """Refuse a line (a paragraph or table row) longer than ``max_line_chars`` characters.

    >>> check_line_lengths("短\\n" + "长" * 30, name="n.txt", max_line_chars=20)
    Traceback (most recent call last):
    ...
    qmkg.core.errors.InputError: n.txt: line 2 is 30 characters long; the limit is 20 (max_line_chars, QMKG_MAX_LINE_CHARS)
    """
    if len(text) <= max_line_chars:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > max_line_chars:
            raise InputError(
                f"{name}: line {number} is {len(line):,} characters long; the limit is {max_line_chars:,} "
                f"(max_line_chars, {ENV_MAX_LINE})"
            )


@cache
def _t2s():
    from opencc import OpenCC  # 60 ms to load its dictionaries; only the build needs it

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional to Simplified, keeping the length (and so every offset).

    >>> to_simplified("質量月")
    '质量月'
    """
    converted = _t2s().convert(text)
    if len(converted) != len(text):  # a phrase rule changed the length: fall back to characters
        converted = "".join(_t2s().convert(ch) for ch in text)
    return converted


def normalise(text: str) -> str:
    """Normalise width, spaces, line ends and script; one character in, one character out.

    >>> normalise("ＱＣ小组(2024)，質量")
    'QC小组（2024），质量'
    >>> normalise("序号\\t活动名称")  # TAB separates table cells and stays
    '序号\\t活动名称'
    """
    return to_simplified(normalise_width_only(text))


def normalise_width_only(text: str) -> str:
    """:func:`normalise` without the Traditional to Simplified step."""
    return text.replace("\r\n", "\n ").replace("\r", "\n").translate(_TRANSLATE)


def make_source(
    path: Path, raw: str, *, data_sha256: str, encoding: str, media_type: str, limits: Limits,
    warnings: tuple[str, ...] = (),
) -> Source:
    """Normalise a reader's raw text, check its controls and line lengths, and make the :class:`Source`."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    raw, changed = check_controls(raw, name=str(path), refuse_nul=media_type == TEXT)
    check_line_lengths(raw, name=str(path), max_line_chars=limits.max_line_chars)
    width_only = normalise_width_only(raw)
    text = to_simplified(width_only)
    return Source(
        path=path, text=text, encoding=encoding, sha256=data_sha256, converted_from_traditional=text != width_only,
        media_type=media_type, text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        warnings=warnings + changed,
    )


def sniff(head: bytes, suffix: str) -> str:
    """The media type of a file from its first bytes and, where they say nothing, its extension.

    >>> sniff(b"%PDF-1.7 ...", ".txt")
    'application/pdf'
    >>> sniff(b"\\xef\\xbb\\xbf<!DOCTYPE html><html>", "")
    'text/html'
    >>> sniff("质量月".encode(), ".txt")
    'text/plain'
    """
    suffix = suffix.lower()
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        if b"mimetype" in head[:100] and b"opendocument.text" in head[:200]:
            return ODT
        return DOCX  # the docx reader says so if the archive is not a Word document
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return WPS if suffix == ".wps" else DOC
    if head.startswith(b"{\\rtf"):
        return RTF
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in start or b"<body" in start:
        return HTML
    if suffix in (".docx", ".pdf", ".doc", ".wps", ".odt", ".rtf"):
        what = {".docx": "Word (.docx)", ".pdf": "PDF", ".odt": "OpenDocument"}.get(suffix, "Word or WPS (.doc/.wps)")
        raise InputError(f"named {suffix} but not a {what} file")
    if suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return HTML
    return TEXT


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip().replace("_", "")
    if not value:
        return None
    if not value.isdigit() or int(value) <= 0:
        raise InputError(f"{name}={os.environ[name]!r}: not a positive whole number")
    return int(value)


def limits_for(media_type: str, *, max_bytes: int | None = None, max_line_chars: int | None = None) -> Limits:
    """The limits of one read: the keyword argument, else the environment variable, else the default.

    >>> limits_for("application/pdf")
    Limits(max_bytes=50000000, max_line_chars=20000)
    """
    for value, what in ((max_bytes, "max_bytes"), (max_line_chars, "max_line_chars")):
        if value is not None and value <= 0:
            raise InputError(f"{what}={value}: must be positive")
    return Limits(
        max_bytes=max_bytes or _env_int(ENV_MAX_BYTES) or MAX_BYTES.get(media_type, MAX_BYTES[TEXT]),
        max_line_chars=max_line_chars or _env_int(ENV_MAX_LINE) or MAX_LINE_CHARS,
    )


def _read_capped(p: Path, *, max_bytes: int | None, max_line_chars: int | None) -> tuple[bytes, str, Limits]:
    """The file's bytes, its media type and limits; the size is checked before the file is read whole."""
    try:
        with p.open("rb") as f:
            head = f.read(_SNIFF)
            if not head.strip():
                raise InputError(f"{p}: the file is empty")
            try:
                media_type = sniff(head, p.suffix)
            except InputError as e:
                raise InputError(f"{p}: {e}") from None
            limits = limits_for(media_type, max_bytes=max_bytes, max_line_chars=max_line_chars)
            size = os.fstat(f.fileno()).st_size
            if size > limits.max_bytes:
                raise InputError(_too_big(p, size, limits.max_bytes))
            rest = f.read(limits.max_bytes + 1 - len(head))  # a pipe has no size: read one byte past
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: a directory, not a notice file") from None
    except OSError as e:
        raise InputError(f"{p}: {e.strerror}") from None
    data = head + rest
    if len(data) > limits.max_bytes:
        raise InputError(_too_big(p, len(data), limits.max_bytes))
    return data, media_type, limits


def _too_big(p: Path, size: int, limit: int) -> str:
    return (f"{p}: {size:,} bytes is more than the limit of {limit:,} "
            f"(raise it with max_bytes or {ENV_MAX_BYTES})")


def read_source(path: str | Path, *, max_bytes: int | None = None, max_line_chars: int | None = None) -> Source:
    """Read a notice file of any supported format and normalise its text.

    Text (UTF-8, GB18030), .docx, .html, .pdf with a text layer, and .doc/.wps/.odt/.rtf (through
    LibreOffice). Bad input, or input over a limit, raises :class:`InputError` with one line.

    >>> from qmkg.core.resources import default_source
    >>> src = read_source(default_source())
    >>> src.media_type, src.encoding, len(src.sha256), len(src.text_sha256)
    ('text/plain', 'utf-8', 64, 64)
    """
    p = Path(path)
    data, media_type, limits = _read_capped(p, max_bytes=max_bytes, max_line_chars=max_line_chars)
    if media_type == TEXT:
        from qmkg.ingest.readers.text import read_text as reader
    elif media_type == DOCX:
        from qmkg.ingest.readers.docx import read_docx as reader
    elif media_type == HTML:
        from qmkg.ingest.readers.html import read_html as reader
    elif media_type == PDF:
        from qmkg.ingest.readers.pdf import read_pdf as reader
    else:
        from qmkg.ingest.readers.office import read_office as reader
    raw = reader(data, name=str(p), media_type=media_type, max_bytes=limits.max_bytes)
    return make_source(p, raw.text, data_sha256=hashlib.sha256(data).hexdigest(), encoding=raw.encoding,
                       media_type=media_type, limits=limits, warnings=raw.warnings)
