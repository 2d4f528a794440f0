"""Read .doc, .wps, .odt and .rtf by converting them to .docx with LibreOffice (``soffice --headless``).

LibreOffice runs with a throw-away profile and HOME in a temporary folder (it needs a writable
one, and two conversions must not share a profile), under a time limit (``QMKG_SOFFICE_TIMEOUT``
seconds, default 120). The .docx it writes is read by :mod:`qmkg.ingest.readers.docx`; the
:class:`~qmkg.ingest.sources.Source` keeps the original file's path, hash and media type.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from qmkg.core.errors import InputError
from qmkg.ingest.readers import RawText
from qmkg.ingest.readers.docx import UNZIP_RATIO, docx_text

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
_SUFFIX = {"application/msword": ".doc", "application/vnd.ms-works": ".wps",
           "application/vnd.oasis.opendocument.text": ".odt", "application/rtf": ".rtf"}


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_office(data: bytes, *, name: str, media_type: str, max_bytes: int) -> RawText:
    """Convert with LibreOffice and read the .docx; no LibreOffice is an :class:`InputError` naming the package."""
    docx_bytes = convert_to_docx(data, name=name, suffix=_SUFFIX.get(media_type, ".doc"))
    return RawText(docx_text(docx_bytes, name=name, max_unpacked=max_bytes * UNZIP_RATIO), "utf-8")


def convert_to_docx(data: bytes, *, name: str, suffix: str, timeout: float | None = None) -> bytes:
    """The bytes of the .docx LibreOffice makes of ``data`` (a .doc, .wps, .odt or .rtf file)."""
    command = soffice()
    if command is None:
        raise InputError(f"{name}: reading {suffix} files needs LibreOffice: apt-get install {DEBIAN_PACKAGE}")
    if timeout is None:
        timeout = float(os.environ.get("QMKG_SOFFICE_TIMEOUT", "120"))
    with tempfile.TemporaryDirectory(prefix="qmkg-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        (work / "home").mkdir()
        (work / "out").mkdir()
        env = {**os.environ, "HOME": str(work / "home")}
        args = [command, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source)]
        _run(args, env=env, timeout=timeout, name=name)
        result = work / "out" / "input.docx"
        if not result.is_file():
            raise InputError(f"{name}: LibreOffice could not convert it to .docx (damaged, or not a text document)")
        return result.read_bytes()


def _run(args: list[str], *, env: dict[str, str], timeout: float, name: str) -> None:
    """Run LibreOffice in its own process group, so that at the time limit all of it is stopped."""
    with subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, start_new_session=True) as proc:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise InputError(f"{name}: LibreOffice took more than {timeout:g} s to convert it; gave up") from None
