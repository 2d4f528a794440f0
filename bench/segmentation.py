"""Segmentation precision and recall against a hand-checked segmentation (tests/data/segmentation-2024.txt).

A gold activity is a line of the gold file, located in the notice text in reading order. A found
activity matches a gold one when their spans in the notice overlap with a Dice coefficient of at
least ``MATCH_DICE`` over the characters that are neither punctuation nor space: a span that differs
only by a shared verb or list tail (举办质量大讲堂 / 质量大讲堂) still matches, while two activities
merged into one, or one cut in two, do not. Matching is one to one, best overlap first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_2024 = ROOT / "tests" / "data" / "segmentation-2024.txt"
MATCH_DICE = 0.8


@dataclass(frozen=True)
class SegmentationScore:
    precision: float
    recall: float
    matched: int
    found: int
    gold: int
    missed: tuple[str, ...]  # gold activities nothing matched
    extra: tuple[str, ...]  # found activities that match no gold one


def gold_activities(path: Path = GOLD_2024) -> list[str]:
    """The activity lines of a gold file, in reading order (headers, reasoning and comments skipped)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(("#", "?")):
            out.append(line.strip())
    return out


def locate(text: str, activities: list[str]) -> list[tuple[int, int]]:
    """Spans of the gold activities in the notice text, each searched after the one before.

    >>> locate("举办A、B，举办A", ["举办A", "B", "举办A"])
    [(0, 3), (4, 5), (6, 9)]
    """
    spans, cursor = [], 0
    for act in activities:
        i = text.find(act, cursor)
        if i < 0:
            raise ValueError(f"gold activity not found in the notice after offset {cursor}: {act!r}")
        spans.append((i, i + len(act)))
        cursor = i + len(act)
    return spans


def _chars(text: str, span: tuple[int, int]) -> frozenset[int]:
    return frozenset(i for i in range(*span) if not text[i].isspace() and not unicodedata.category(text[i]).startswith("P"))


def score(text: str, found: list[tuple[int, int]], gold: list[tuple[int, int]]) -> SegmentationScore:
    """Precision and recall of found spans against gold spans of the same text.

    >>> t = "举办A赛、B会，发布C"
    >>> score(t, [(0, 4), (5, 7), (8, 11)], [(0, 4), (5, 7), (8, 11)]).recall
    1.0
    >>> s = score(t, [(0, 7), (8, 11)], [(0, 4), (5, 7), (8, 11)]); (s.precision, round(s.recall, 2))
    (0.5, 0.33)
    """
    fc, gc = [_chars(text, f) for f in found], [_chars(text, g) for g in gold]
    pairs = []
    for i, f in enumerate(fc):
        for j, g in enumerate(gc):
            common = len(f & g)
            if common and 2 * common / (len(f) + len(g)) >= MATCH_DICE:
                pairs.append((-2 * common / (len(f) + len(g)), i, j))
    used_f, used_g = set(), set()
    for _, i, j in sorted(pairs):
        if i not in used_f and j not in used_g:
            used_f.add(i)
            used_g.add(j)
    n = len(used_f)
    return SegmentationScore(
        precision=n / len(found) if found else 0.0, recall=n / len(gold) if gold else 0.0,
        matched=n, found=len(found), gold=len(gold),
        missed=tuple(text[slice(*g)] for j, g in enumerate(gold) if j not in used_g),
        extra=tuple(text[slice(*f)] for i, f in enumerate(found) if i not in used_f),
    )


def score_2024(gold_path: Path = GOLD_2024) -> SegmentationScore:
    """Score qmkg's segmentation of the bundled 2024 notice against the hand-checked one."""
    from qmkg.core.resources import default_source
    from qmkg.extract.extractor import extract
    from qmkg.ingest.notice import parse_notice
    from qmkg.ingest.sources import read_source
    from qmkg.vocab.lexicon import load_lexicon
    from qmkg.vocab.thesaurus import load_thesaurus

    lex = load_lexicon()
    notice = parse_notice(read_source(default_source()), lex)
    x = extract(notice, lex, load_thesaurus())
    gold = locate(notice.text, gold_activities(gold_path))
    return score(notice.text, [(a.start, a.end) for a in x.activities], gold)


def bench_segmentation() -> dict:
    """The report section: the figures and what was missed or extra."""
    s = score_2024()
    return {"gold": str(GOLD_2024.relative_to(ROOT)), "match_dice": MATCH_DICE, "precision": s.precision,
            "recall": s.recall, "matched": s.matched, "found": s.found, "gold_activities": s.gold,
            "missed": list(s.missed), "extra": list(s.extra)}
