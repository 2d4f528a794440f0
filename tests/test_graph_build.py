"""The graph records the notice as published and the text derived from it (issue 9, readers)."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from qmkg.core.namespaces import DCTERMS, PROV, QM
from qmkg.ingest.sources import read_source
from qmkg.pipeline import run_build

from .ingest_documents import SHAPES, make_docx


def _value(store: ox.Store, s: str, p: str) -> str:
    (row,) = list(store.query(f"SELECT ?o WHERE {{ <{s}> <{p}> ?o }}"))
    return row["o"].value


def test_a_docx_notice_records_its_file_and_its_derived_text(tmp_path):
    shape = next(p for p in SHAPES if p.stem.startswith("zhejiang"))
    docx = make_docx(shape.read_text(encoding="utf-8"), tmp_path / "plan.docx")
    out = tmp_path / "g.ttl"
    run_build([docx], output=out, reason="none")
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    (row,) = list(store.query(f"SELECT ?n WHERE {{ ?n a <{QM.Notice}> }}"))
    notice = row["n"].value
    source = read_source(docx)
    assert _value(store, notice, QM.sha256) == hashlib.sha256(docx.read_bytes()).hexdigest()
    assert _value(store, notice, DCTERMS.format) == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    text = notice + "/text"
    assert _value(store, text, PROV.wasDerivedFrom) == notice
    assert _value(store, text, QM.sha256) == hashlib.sha256(source.text.encode("utf-8")).hexdigest() == source.text_sha256
