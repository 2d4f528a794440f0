"""Read a plain-text notice: UTF-8 (with or without BOM) or GB18030; control characters checked.

A NUL character is refused with its line number: it means a damaged file, and a label holding it
would never match its reference. Any other control character (but TAB, LF, CR) becomes a space,
with a warning naming the line. A file whose first 4 KB are more than 1% control characters is a
binary file.
"""

from __future__ import annotations

import re

from qmkg.core.errors import InputError
from qmkg.ingest.readers import RawText

# C0 controls but TAB, LF, CR; DEL; C1 controls
CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")


def read_text(data: bytes, *, name: str, media_type: str = "text/plain", max_bytes: int = 0) -> RawText:
    """Decode a text file (see :func:`decode`)."""
    text, encoding = decode(data, name=name)
    return RawText(text, encoding)


def decode(data: bytes, *, name: str = "input") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or, failing that, GB18030; UTF-16 with its BOM.

    A file with many control characters is binary; a single one is for :func:`check_controls`.

    >>> decode("质量".encode("gbk"))
    ('质量', 'gb18030')
    >>> decode("质量".encode("utf-16"))  # Notepad's "Unicode"
    ('质量', 'utf-16')
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    for enc in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        head = text[:4096]
        if sum(1 for ch in head if CONTROL.match(ch)) > max(len(head) / 100, 2):
            raise InputError(f"{name}: a binary file, not a text notice")
        return text, ("utf-8" if enc == "utf-8-sig" else enc)
    raise InputError(f"{name}: neither UTF-8 nor GB18030 text" if not utf16 else f"{name}: damaged UTF-16 text")


def check_controls(text: str, *, name: str = "input", refuse_nul: bool = True) -> tuple[str, tuple[str, ...]]:
    """Refuse a NUL character; replace any other control character (but TAB, LF, CR) by a space.

    Returns the text (same length, so offsets hold) and one warning per line changed.

    >>> check_controls("质量\\x1a月\\n第二行")
    ('质量 月\\n第二行', ('input: line 1: a control character (U+001A) read as a space',))
    >>> check_controls("一\\n山\\x00西")
    Traceback (most recent call last):
    ...
    qmkg.core.errors.InputError: input: line 2: a NUL character (U+0000); the file is damaged or not text
    """
    first = CONTROL.search(text)
    if first is None:
        return text, ()
    if refuse_nul and "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(f"{name}: line {line}: a NUL character (U+0000); the file is damaged or not text")
    warnings = {}
    for m in CONTROL.finditer(text, first.start()):
        line = text.count("\n", 0, m.start()) + 1
        warnings.setdefault(line, f"{name}: line {line}: a control character (U+{ord(m.group()):04X}) read as a space")
    return CONTROL.sub(" ", text), tuple(warnings.values())


