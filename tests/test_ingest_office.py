"""The .doc/.wps reader: LibreOffice converts to .docx, which the .docx reader reads.

One conversion round trip (the xiamen notice as a Word 97 .doc made by soffice from the .docx, then
read back through soffice) is the slow test; a missing LibreOffice and the time limit are checked
without converting anything. The .doc is made through .odt: LibreOffice 7.4 writes the tables of a
python-docx .docx into a .doc as bare text (checked by hand: docx -> doc -> odt has no table:table,
docx -> odt -> doc -> odt has it), while it reads the tables of a .doc, which is what is tested.
"""

from __future__ import annotations

import hashlib
import os
import subprocess

import pytest

from qmkg.core.errors import InputError
from qmkg.ingest.readers.office import DEBIAN_PACKAGE, soffice
from qmkg.ingest.sources import read_source

from .conftest import missing_tool
from .ingest_documents import SHAPES, lines, make_docx

XIAMEN = next(p for p in SHAPES if p.name.startswith("xiamen"))
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _need_soffice() -> None:
    if soffice() is None:
        missing_tool(f"LibreOffice is missing: apt-get install {DEBIAN_PACKAGE}")


@pytest.mark.slow
def test_doc_made_by_libreoffice_reads_as_the_same_lines_as_the_text(tmp_path):
    _need_soffice()
    docx = make_docx(XIAMEN.read_text(encoding="utf-8"), tmp_path / "xiamen.docx")
    home = tmp_path / "home"
    home.mkdir()
    for target, source in (("odt", docx), ("doc:MS Word 97", tmp_path / "xiamen.odt")):
        subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--convert-to", target, "--outdir", str(tmp_path), str(source)],
                       env={**os.environ, "HOME": str(home)}, capture_output=True, timeout=120, check=True)
    doc = tmp_path / "xiamen.doc"
    assert doc.read_bytes().startswith(OLE2)
    src = read_source(doc)
    assert src.media_type == "application/msword"
    assert src.sha256 == hashlib.sha256(doc.read_bytes()).hexdigest()
    assert lines(src.text) == lines(read_source(XIAMEN).text)  # table, merged title row and all


def test_without_libreoffice_a_doc_is_refused_naming_the_debian_package(tmp_path, monkeypatch):
    p = tmp_path / "notice.doc"
    p.write_bytes(OLE2 + b"\x00" * 600)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(InputError, match=f"notice.doc: reading .doc files needs LibreOffice: "
                                         f"apt-get install {DEBIAN_PACKAGE}") as e:
        read_source(p)
    assert "\n" not in str(e.value)


def test_a_wps_file_is_told_from_a_doc_by_its_name(tmp_path, monkeypatch):
    p = tmp_path / "notice.wps"
    p.write_bytes(OLE2 + b"\x00" * 600)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(InputError, match="reading .wps files needs LibreOffice"):
        read_source(p)


def test_a_conversion_over_its_time_limit_is_stopped(tmp_path, monkeypatch):
    _need_soffice()
    p = tmp_path / "slow.doc"
    p.write_bytes(OLE2 + b"\x00" * 600)
    monkeypatch.setenv("QMKG_SOFFICE_TIMEOUT", "0.05")
    with pytest.raises(InputError, match="slow.doc: LibreOffice took more than 0.05 s to convert it"):
        read_source(p)


def test_a_damaged_doc_is_refused(tmp_path):
    _need_soffice()
    p = tmp_path / "damaged.doc"
    p.write_bytes(OLE2 + b"\x00" * 600)
    with pytest.raises(InputError, match="damaged.doc: LibreOffice could not convert it"):
        read_source(p)
