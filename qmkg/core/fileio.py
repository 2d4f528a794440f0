"""File output: every file qmkg writes goes through a temporary file and a rename.

A failed write leaves no half-written file, and the old file stays as it was.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(d / "a.txt", b"ok")
>>> (d / "a.txt").read_bytes()
b'ok'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write (streamed, by any writer); renamed to ``path`` on success.

    >>> d = Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "b.txt") as tmp:
    ...     _ = tmp.write_text("streamed")
    >>> (d / "b.txt").read_text(), [p.name for p in d.iterdir()]
    ('streamed', ['b.txt'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; a published file gets the usual mode under the umask
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        os.close(fd)
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file that appears at ``path`` only when the ``with`` block ends without an error.

    For output written piece by piece (query results as they are read); :func:`write_atomic` for bytes at hand.
    """
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        yield f


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes to ``path`` through a temporary file in the same folder and a rename."""
    with atomic_output(path) as f:
        f.write(data)
