"""A notice read whole and once: two copies in one file are refused, a cut-off notice is reported.

Both are read from the document's own structure: a run of lines that comes back word for word
is a second copy; a last item that stops without its full stop, or an attachment the covering
letter announces but the text lacks, is a notice cut off.
"""

from __future__ import annotations

import re

from qmkg.core.errors import InputError
from qmkg.ingest.document import ATTACHMENT, lines

_RUN = 3  # lines that must come back in order to count as a second copy
_MIN_LINE = 8  # characters: shorter lines (headings, 附件) recur in one notice
_ENDINGS = "。！？；”）)」…"
_ANNOUNCED = re.compile(r"^\s*(?:附\s*件\s*[：:])?\s*(\d{1,2})\s*[.．、]")


def check_repeated_blocks(text: str, where: str) -> None:
    """Raise :class:`InputError` when a run of lines comes back later: two copies of a notice in one file.

    >>> check_repeated_blocks("第一行内容比较长一些\\n第二行内容比较长一些\\n第三行内容比较长一些", "n.txt")
    >>> t = "第一行内容比较长一些\\n第二行内容比较长一些\\n第三行内容比较长一些\\n"
    >>> check_repeated_blocks(t + t, "n.txt")
    Traceback (most recent call last):
    ...
    qmkg.core.errors.InputError: n.txt: the file holds the same text twice: lines 1-3 come back at line 4 (two copies of a notice?); give each notice once
    """
    body = [(x.number, x.stripped) for x in lines(text) if x.stripped]
    first: dict[str, int] = {}
    for k, (number, line) in enumerate(body):
        if len(line) < _MIN_LINE:
            continue
        j = first.setdefault(line, k)
        if j == k or k + _RUN > len(body):
            continue
        if all(body[j + d][1] == body[k + d][1] for d in range(_RUN)):
            raise InputError(
                f"{where}: the file holds the same text twice: lines {body[j][0]}-{body[j + _RUN - 1][0]} "
                f"come back at line {number} (two copies of a notice?); give each notice once"
            )


def check_truncation(text: str, attachments, where: str) -> list[str]:
    """Warnings for a notice cut off: a last item without its full stop, an announced attachment missing."""
    warnings = []
    items = [i for a in attachments for i in a.items]
    tail = text.rstrip()
    if items:
        last = max(items, key=lambda i: i.end)
        if last.end >= len(tail) and tail and tail[-1] not in _ENDINGS:
            warnings.append(f"{where}:{last.line}: the notice ends in the middle of an item (no full stop): "
                            "it may be cut off; what follows is missing from the graph")
    announced, present = _announced(text), _present(text)
    for number, line in sorted(announced.items()):
        if number not in present:
            warnings.append(f"{where}:{line}: 附件{number} is announced but missing: the notice may be cut off")
    return warnings


def _announced(text: str) -> dict[int, int]:
    """Attachment numbers a covering letter lists ("附件：1．… 2．…"), with their line numbers."""
    out: dict[int, int] = {}
    listing = False
    for x in lines(text):
        s = x.stripped
        if re.match(r"^附\s*件\s*[：:]", s):
            listing = True
            m = _ANNOUNCED.match(s)
            if m:  # only numbered attachments are announced: "附件：活动安排表" may be a table in place
                out[int(m.group(1))] = x.number
            continue
        m = _ANNOUNCED.match(s) if listing else None
        if m and len(s) < 60:
            out[int(m.group(1))] = x.number
        else:
            listing = False
    return out


def _present(text: str) -> set[int]:
    """Attachment numbers that head a part of the text (附件1, 附件2：…, a bare 附件 counts as 1)."""
    out = set()
    for x in lines(text):
        m = ATTACHMENT.match(x.text)
        if m and not re.match(r"^\s*附\s*件\s*[：:]", x.text) and len(x.stripped) <= 40:
            out.add(int(m.group(1)) if m.group(1).isdigit() else 1)
    return out
