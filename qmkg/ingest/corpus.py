"""Many notices at once: folders expanded to their notice files, the same notice given twice refused.

>>> from pathlib import Path
>>> expand([Path("graph/sources")])[0].name
'2024-quality-month-activities.txt'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qmkg.core.errors import InputError

# the files a folder's notices may be in (readers for the other formats decide what they accept)
NOTICE_SUFFIXES = (".txt", ".text", ".docx", ".doc", ".wps", ".html", ".htm", ".pdf")


def expand(paths: Sequence[str | Path]) -> list[Path]:
    """Every notice file the arguments name: a file as given, a folder as its notice files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in NOTICE_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                raise InputError(f"{p}: a folder with no notice files ({', '.join(NOTICE_SUFFIXES)})")
            out.extend(found)
        else:
            out.append(p)
    return out


def text_digest(text: str) -> str:
    """The SHA-256 of a notice's normalised text: the same notice under any file name or format.

    >>> text_digest(" 通知 ") == text_digest("通知")
    True
    """
    import hashlib

    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def check_new(digest: str, path: str | Path, seen: dict[str, str | Path]) -> None:
    """Refuse a notice whose text (``digest``) was seen already, under any file name; remember it."""
    if digest in seen:
        raise InputError(f"the same notice is given twice: {seen[digest]} and {path}; give each notice once")
    seen[digest] = path


def check_distinct(sources) -> None:
    """Refuse the same notice given twice (the same normalised text under any file names)."""
    seen: dict[str, str | Path] = {}
    for s in sources:
        check_new(text_digest(s.text), s.path, seen)


def distinct_id(notice_id: str, layout: str, digest: str, taken: set[str]) -> str:
    """``notice_id``, or for a second notice of one year and issuer (a plan and a news report) its
    layout and then a short digest of its text appended, so their IRIs never merge.

    >>> distinct_id("2024-cn-zj", "news", "ab12cd34ef", {"2024-cn-zj"})
    '2024-cn-zj-news'
    """
    if notice_id not in taken:
        return notice_id
    new = f"{notice_id}-{layout}"
    return new if new not in taken else f"{new}-{digest[:8]}"


def distinct_ids(notices) -> list[str]:
    """Each notice's id in order, by :func:`distinct_id`: the first of one year and issuer keeps its id."""
    ids: list[str] = []
    for n in notices:
        ids.append(distinct_id(n.notice_id, n.layout, text_digest(n.source.text), set(ids)))
    return ids
