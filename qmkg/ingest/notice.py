"""A parsed notice: its year, issuer, layout, attachments and items, whatever layout it came in.

:func:`parse_notice` reads the notice's header (year, issuer, level), then places its layout
(:mod:`qmkg.ingest.layouts`): a national list of organisers' items, a provincial or municipal
plan inside a covering letter, a table, or a news report. Every layout gives the same model:
attachments of items; an item has one or more lead organisers, partners, the headings it sits
under, sentences, and (in tables) a time and place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from qmkg.core.errors import InputError
from qmkg.ingest.document import OPENING_BRACKETS, chinese_number, split_sentences
from qmkg.ingest.organisers import find_organiser
from qmkg.ingest.sources import Source
from qmkg.vocab.lexicon import Lexicon, OrganiserRef

__all__ = [
    "OPENING_BRACKETS", "Attachment", "Item", "Notice", "Sentence", "chinese_number", "classify_attachment",
    "find_organiser", "parse_notice", "split_sentences",
]

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_SCOPE = re.compile(r"(?:19|20)\d{2}\s*年\s*([^，。：；、\n“\"]{0,16}?)\s*[“\"]?质量月")
_BEFORE_YEAR = re.compile(r"^\s*([\u4e00-\u9fff]{2,12}?)\s*(?:19|20)\d{2}\s*年")


@dataclass(frozen=True)
class Sentence:
    """A sentence of an item: ``notice.text[start:end]`` (without the final 。)."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Item:
    """One numbered item, plan point, table row or news sentence: who does what.

    ``organiser`` is the first lead (kept for callers that read one organiser); ``headings``
    are the section headings the item sits under, innermost last.
    """

    attachment: int
    number: int
    start: int
    end: int
    organiser: OrganiserRef
    organiser_start: int
    organiser_end: int
    sentences: tuple[Sentence, ...]
    line: int
    leads: tuple[OrganiserRef, ...] = ()
    partners: tuple[OrganiserRef, ...] = ()
    headings: tuple[str, ...] = ()
    part: int = 1
    time: str = ""
    date: str = ""  # ISO date when the time names a day
    place: str = ""
    mentions: tuple[tuple[int, int], ...] = ()  # spans of organisers' names inside the item

    def __post_init__(self) -> None:
        if not self.leads:
            object.__setattr__(self, "leads", (self.organiser,))

    @property
    def key(self) -> str:
        """The item's place in the notice for IRIs: ``1-05``, or ``1.2-03`` in a second list of 附件1."""
        return f"{self.attachment}-{self.number:02d}" if self.part == 1 else f"{self.attachment}.{self.part}-{self.number:02d}"


@dataclass(frozen=True)
class Attachment:
    number: int
    title: str
    kind: str  # joint | association | region | slogans | other
    items: tuple[Item, ...]
    year_theme: Sentence | None = None
    slogans: tuple[Sentence, ...] = ()
    part: int = 1


@dataclass(frozen=True)
class Notice:
    source: Source
    year: int
    scope: str  # "" for a national notice, else the issuing place's name
    notice_id: str
    attachments: tuple[Attachment, ...]
    layout: str = "national-list"  # national-list | plan | table | news
    level: str = "national"  # national | provincial | municipal | county
    segmentation: str = "clauses"  # clauses | sentence | item: how items become activities
    warnings: tuple[str, ...] = field(default=())
    title: str = ""

    @property
    def text(self) -> str:
        return self.source.text

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for a in self.attachments for i in a.items)


@dataclass(frozen=True)
class Issuer:
    """Who issued a notice: the place (None for a national notice), its IRI scope key and level."""

    ref: OrganiserRef | None
    scope_key: str
    level: str
    names: tuple[str, ...]  # the place's names a scoped organiser may open with


def classify_attachment(title: str, lex: Lexicon) -> str | None:
    """The kind of an attachment (or of a list inside one) from words in its title, or None.

    >>> from qmkg.vocab.lexicon import load_lexicon
    >>> classify_attachment("2024年全国“质量月”相关联合会、协会开展的主要活动", load_lexicon())
    'association'
    """
    for kind in ("slogans", "joint", "association", "region"):
        if any(w in title for w in lex.list("attachment_kinds", kind)):
            return kind
    return None


def _place(name: str, lex: Lexicon) -> OrganiserRef | None:
    """A place named in a title: a region of the reference data, or a city or county by its ending."""
    ref = lex.organiser(name)
    if ref is not None:
        return ref if ref.is_region else None
    if re.fullmatch(r"[\u4e00-\u9fff]{1,8}(?:市|县|区|州|盟|旗)", name):
        return lex.type_from_name(name)
    return None


def _scope_in_head(head: str, lex: Lexicon) -> tuple[str, OrganiserRef | None]:
    """The first "YYYY年<scope>质量月" of the head that says national ("全国") or names a place."""
    local = lex.list("notice", "local_scope")
    for m in _SCOPE.finditer(head):
        scope = m.group(1).strip().strip("“\"《")
        if scope in lex.list("notice", "national_scope"):
            return "national", None
        if scope and scope not in local:
            return scope, _place(scope, lex)
    return "", None


def _place_before_year(head: str, lex: Lexicon) -> OrganiserRef | None:
    """A place opening a title line before its year: "厦门市2024年…", "陕西2024年…", "湖北启动2025年…"."""
    for line in head.split("\n")[:3]:
        m = _BEFORE_YEAR.match(line)
        if m and "全国" not in line:
            ref = next((r for k in range(len(m.group(1)), 1, -1) if (r := _place(m.group(1)[:k], lex))), None)
            if ref:
                return ref
    return None


def _region_named_in(head: str, lex: Lexicon) -> OrganiserRef | None:
    """The first province-level region the head names in full (a signature, a 来源 line)."""
    regions = [r for r in lex.organisers if r.is_region]
    found = [(head.find(r.name), r) for r in regions if r.name in head]
    return min(found, key=lambda x: x[0])[1] if found else None


def find_issuer(text: str, lex: Lexicon, where: str) -> Issuer:
    """The issuer a notice's head names: 全国 is national; 浙江省, 陕西, 厦门市 … a place.

    A head that says 全省 or 我省 names its place elsewhere (a signature, a 来源 line); a head
    that names no place at all is national.
    """
    head = text[:600]
    scope, ref = _scope_in_head(head, lex)
    if scope == "national":
        return Issuer(None, "", "national", ())
    if scope and ref is None:
        raise InputError(f"{where}: unknown issuer {scope!r} in the notice's title")
    ref = ref or _place_before_year(head, lex)
    if ref is None and any(w in head for w in lex.list("notice", "local_scope")):
        ref = _region_named_in(head, lex)
    if ref is None:
        return Issuer(None, "", "national", ())
    levels = lex.words["notice"]["issuer_levels"]
    level = levels.get(ref.kind, "municipal")
    if ref.kind == "local_region" and ref.name.endswith(tuple(lex.list("notice", "county_endings"))):
        level = "county"
    key = ref.iso3166_2.lower() or ref.name
    return Issuer(ref, key, level, tuple(dict.fromkeys((ref.name, *ref.aliases))))


def parse_notice(source: Source, lex: Lexicon) -> Notice:
    """Parse a normalised notice in any layout; a notice the parser cannot place raises :class:`InputError`.

    >>> from qmkg.core.resources import default_source
    >>> from qmkg.ingest.sources import read_source
    >>> from qmkg.vocab.lexicon import load_lexicon
    >>> n = parse_notice(read_source(default_source()), load_lexicon())
    >>> n.year, n.layout, n.level, len(n.items)
    (2024, 'national-list', 'national', 75)
    """
    from qmkg.ingest.integrity import check_repeated_blocks, check_truncation
    from qmkg.ingest.layouts import parse_layout

    text, where = source.text, str(source.path)
    year_m = _YEAR.search(text[:400]) or _YEAR.search(source.path.name.replace("-", "年", 1))
    if not year_m:
        raise InputError(f"{where}: not a Quality Month notice: no year (such as 2024年) in its title")
    year = int(year_m.group(1))
    check_repeated_blocks(text, where)
    issuer = find_issuer(text, lex, where)
    result = parse_layout(source, lex, issuer)
    if issuer.ref is None:
        notice_id = str(year)
    else:
        notice_id = f"{year}-{issuer.scope_key}"
    title = next((ln.strip() for ln in text.split("\n") if "质量月" in ln and _YEAR.search(ln)), "")
    warnings = (*result.warnings, *check_truncation(text, result.attachments, where))
    return Notice(
        source, year, issuer.ref.name if issuer.ref else "", notice_id, result.attachments,
        layout=result.layout, level=issuer.level, segmentation=result.segmentation,
        warnings=tuple(warnings), title=title,
    )
