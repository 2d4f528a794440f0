"""Checks every command runs on its options before any work starts, and the shared option groups.

Each check raises :class:`~qmkg.core.errors.InputError` with one line naming the option, and
never repeats a huge value in full.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from qmkg.core.errors import InputError
from qmkg.core.text import clip

_IRI_CHARS = r"[^\s<>\"{}|\\^`]"


def warn(msg: str) -> None:
    print(f"qmkg: warning: {msg}", file=sys.stderr)


def note(msg: str) -> None:
    print(f"qmkg: {msg}", file=sys.stderr)


def check_base(base: str) -> str:
    """A base IRI for the data: absolute http(s), with a host, ending in ``/`` or ``#``.

    >>> check_base("https://example.org/qm/")
    'https://example.org/qm/'
    >>> check_base("urn:x")
    Traceback (most recent call last):
    ...
    qmkg.core.errors.InputError: --base must be an absolute http(s) IRI ending in / or #, such as https://example.org/qmkg/id/; not 'urn:x'
    """
    from qmkg.core.namespaces import DEFAULT_BASE

    if not re.fullmatch(rf"https?://[A-Za-z0-9.\-\[\]:@%\u00a0-\U0010ffff]+(/{_IRI_CHARS}*)?", base) \
            or "?" in base or base[-1] not in "/#":
        raise InputError(f"--base must be an absolute http(s) IRI ending in / or #, such as {DEFAULT_BASE}; "
                         f"not {clip(base)!r}")
    return base


def check_output(path: str | Path, option: str = "-o") -> Path:
    """A file that can be written: not a folder, inside a folder that exists (or can be made) and is writable."""
    p = Path(path)
    if str(path).endswith(("/", os.sep)) or p.is_dir():
        raise InputError(f"{option} {clip(str(path))}: is a folder; give a file name")
    folder = p.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise InputError(f"{option} {clip(str(path))}: cannot write there, {folder} is not a folder")
    try:  # a real try: permissions, read-only mounts and /proc all answer the same way
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as e:
        raise InputError(f"{option} {clip(str(path))}: cannot write there, {folder}: {e.strerror}") from None
    return p


def check_positive(value, option: str):
    """``value`` if it is more than 0 (or None: not given).

    >>> check_positive(3, "--top")
    3
    """
    if value is not None and not value > 0:
        raise InputError(f"{option} must be more than 0, not {value}")
    return value


def graph_path(given: str | None) -> Path:
    """The graph file a reading command uses: ``--graph``, else the one ``qmkg build`` wrote by default.

    Says on stderr which file it reads when that is not simply the one a default build writes.
    """
    from qmkg.core.graphfile import graph_file
    from qmkg.core.resources import find_default_graph

    if given:
        return graph_file(given)[0]
    path, msg = find_default_graph()
    if msg:
        note(msg)
    return graph_file(path)[0]


def add_source_options(p: argparse.ArgumentParser, *, lang: bool = True, formats: tuple[str, ...],
                       format_help: str) -> None:
    """--graph or --endpoint, --format, and (optionally) --lang."""
    src = p.add_mutually_exclusive_group()
    src.add_argument("--graph", metavar="FILE",
                     help="a built graph file (default: the qm-*.ttl `qmkg build` wrote here, else the bundled "
                          "2024 graph; stderr says which)")
    src.add_argument("--endpoint", metavar="URL",
                     help="a SPARQL 1.1 query endpoint instead of a file, e.g. http://127.0.0.1:7878/query")
    p.add_argument("--format", choices=formats, default=None, help=format_help)
    if lang:
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of labels (default zh)")
