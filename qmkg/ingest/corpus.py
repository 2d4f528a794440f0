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


def check_distinct(sources) -> None:
    """Refuse the same notice given twice (the same normalised text under any file names)."""
    import hashlib

    seen: dict[str, Path] = {}
    for s in sources:
        digest = hashlib.sha256(s.text.strip().encode("utf-8")).hexdigest()
        if digest in seen:
            raise InputError(f"the same notice is given twice: {seen[digest]} and {s.path}; give each notice once")
        seen[digest] = s.path


def distinct_ids(notices) -> list[str]:
    """Each notice's id; two different notices of one year and issuer (a plan and a news report)
    get their layout and then a short digest of their text appended, so their IRIs never merge."""
    ids = [n.notice_id for n in notices]
    for k, n in enumerate(notices):
        if ids.count(n.notice_id) > 1:
            ids[k] = f"{n.notice_id}-{n.layout}"
    for k, n in enumerate(notices):
        if ids.count(ids[k]) > 1:
            ids[k] = f"{ids[k]}-{n.source.sha256[:8]}"
    return ids
