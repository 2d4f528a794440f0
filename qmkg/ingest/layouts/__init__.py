"""The layouts a notice comes in, one module each, and the one function that places a notice.

Each layout module has ``parse(ctx) -> LayoutResult | None``: None when the notice is not in its
layout. They are tried in a fixed order: a table (a header row with 活动名称/活动内容 and
牵头单位), a national list of organisers' items (一、X举办…), a plan whose 主要活动 section
holds numbered points, a news report whose sentences open with organisers. The layout also
says how its items become activities (``segmentation``, see docs/design.md).
"""

from __future__ import annotations

from qmkg.core.errors import InputError
from qmkg.ingest.layouts.base import Context, LayoutResult
from qmkg.ingest.sources import Source
from qmkg.vocab.lexicon import Lexicon

__all__ = ["Context", "LayoutResult", "parse_layout"]

EXPECTED = (
    "numbered items that open with an organiser (一、市场监管总局举办…), a plan with a 主要活动 section of "
    "numbered points, a table with a header row (活动名称 … 牵头单位), or a news report whose sentences "
    "open with organisers"
)


def parse_layout(source: Source, lex: Lexicon, issuer) -> LayoutResult:
    """The attachments of a notice in the first layout that places it; none is an :class:`InputError`."""
    from qmkg.ingest.layouts import national, news, plan, table

    ctx = Context(source, lex, issuer)
    warnings: list[str] = []
    for layout in (table, national, plan, news):
        result = layout.parse(ctx)
        if result is not None and any(a.items for a in result.attachments):
            return LayoutResult(result.layout, result.attachments, result.segmentation,
                                (*warnings, *result.warnings))
        if result is not None:
            warnings.extend(result.warnings)
    for w in warnings:  # what looked like a list and gave nothing, before the error
        if "gave no activities" in w:
            raise InputError(f"{source.path}: {w}; expected {EXPECTED}")
    raise InputError(f"{source.path}: not a Quality Month notice the parser can place: expected {EXPECTED}")
