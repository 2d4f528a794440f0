"""Issue 9, done when: a .docx, an .html page and a .pdf made from each shapes notice give the same
activities as its .txt (the same organisers, the same activity texts, in the same order).

The documents are made by ``tests/ingest_documents.py`` (python-docx with a real Word table and
merged cells, a government-style page with navigation and footer, reportlab with a CJK font and a
real table). A PDF loses the space where a line wraps, so activity texts are compared without
whitespace; everything else is compared exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qmkg.pipeline import extract_sources
from qmkg.vocab.lexicon import load_lexicon
from qmkg.vocab.thesaurus import load_thesaurus

from .ingest_documents import SHAPES, make_docx, make_html, make_pdf

MAKERS = {"docx": make_docx, "html": make_html, "pdf": make_pdf}


@pytest.fixture(scope="module")
def vocab():
    return load_lexicon(), load_thesaurus()


def activities(path: Path, vocab) -> list[tuple[tuple[str, ...], str]]:
    lex, thes = vocab
    (x,) = extract_sources([path], lex, thes)
    return [(tuple(r.name for r in a.item.leads), re.sub(r"\s+", "", a.text)) for a in x.activities]


@pytest.mark.parametrize("fmt", sorted(MAKERS))
@pytest.mark.parametrize("shape", SHAPES, ids=lambda p: p.stem)
def test_every_format_gives_the_activities_of_the_text(shape: Path, fmt: str, vocab, tmp_path):
    expected = activities(shape, vocab)
    assert expected, f"{shape.name} gives no activities"
    made = MAKERS[fmt](shape.read_text(encoding="utf-8"), tmp_path / f"{shape.stem}.{fmt}")
    assert activities(made, vocab) == expected
