"""Read a notice from disk and normalise its text.

Normalisation maps one character to one character, so every offset into the normalised
text is also an offset into the decoded source:

- full-width ASCII letters, digits and symbols become half-width; ideographic space and NBSP
  become a space; half-width ``,;:()!?`` become the full-width forms Chinese text uses;
  corner quotes 「」『』 become “”‘’;
- Traditional characters become Simplified (OpenCC ``t2s``);
- GB18030/GBK input is detected and decoded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qmkg.core.errors import InputError

_HALF = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
# Chinese text keeps these full-width: map half-width forms (and the ones above) to them
_CJK_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_TABLE = {**_HALF, "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u200b": " ",
          "「": "“", "」": "”", "『": "‘", "』": "’", "\t": " "}
_TABLE = {k: _CJK_PUNCT.get(v, v) for k, v in _TABLE.items()} | _CJK_PUNCT
_TRANSLATE = str.maketrans(_TABLE)


@dataclass(frozen=True)
class Source:
    """A notice as read: its normalised text and where it came from."""

    path: Path
    text: str
    encoding: str
    sha256: str
    converted_from_traditional: bool

    @property
    def stem(self) -> str:
        return self.path.stem


def decode(data: bytes, *, name: str = "input") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or, failing that, GB18030.

    >>> decode("质量".encode("gbk"))
    ('质量', 'gb18030')
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: a binary file, not a text notice")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        if controls > len(text) / 100:
            raise InputError(f"{name}: a binary file, not a text notice")
        return text, ("utf-8" if enc == "utf-8-sig" else enc)
    raise InputError(f"{name}: neither UTF-8 nor GB18030 text")


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
    """
    text = text.replace("\r\n", "\n ").replace("\r", "\n")  # keeps the length: "\r\n" -> "\n "
    return to_simplified(text.translate(_TRANSLATE))


def read_source(path: str | Path) -> Source:
    """Read and normalise a notice file; bad input raises :class:`InputError`."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: a directory, not a notice file") from None
    except OSError as e:
        raise InputError(f"{p}: {e.strerror}") from None
    raw, encoding = decode(data, name=str(p))
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    text = normalise(raw)
    return Source(
        path=p, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
        converted_from_traditional=text != normalise_width_only(raw),
    )


def normalise_width_only(text: str) -> str:
    return text.replace("\r\n", "\n ").replace("\r", "\n").translate(_TRANSLATE)
