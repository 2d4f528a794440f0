"""Tagging: the concepts of every scheme (themes, kinds, groups, sectors) an activity is about.

An activity's own words come first: labels found on word boundaries (see
:class:`qmkg.vocab.thesaurus.LabelMatcher`). In a scheme where its words name nothing, it inherits
what its section states (a heading such as 在计量方面) and what its organiser's activities are about
by default (``ontology/tagging.toml``: a court's activities are 司法保护). Kinds are never inherited.
:func:`explain` says, activity by activity, which label fired where and what was inherited.
"""

from __future__ import annotations

from dataclasses import dataclass

from qmkg.core.namespaces import QM
from qmkg.extract.model import Extraction
from qmkg.ingest.notice import Item
from qmkg.vocab.lexicon import Lexicon
from qmkg.vocab.thesaurus import SCHEME_PROPERTY, Thesaurus, load_tagging

_NOT_INHERITED = (QM.ActivityKindScheme,)


@dataclass(frozen=True)
class LabelHit:
    """A label of a concept found in an activity's text."""

    label: str
    start: int  # offset in the activity text
    end: int
    concept: str


@dataclass(frozen=True)
class Inherited:
    """A concept an activity inherits, and where from ("heading …" or "organiser …")."""

    concept: str
    source: str


def _heading_text(heading) -> str:
    return heading if isinstance(heading, str) else getattr(heading, "text", "")


class Tagger:
    """Finds concepts of the thesaurus in text, one label matcher per scheme.

    >>> from qmkg.vocab.thesaurus import load_thesaurus
    >>> t = Tagger(load_thesaurus())
    >>> [h.label for h in t.hits("开展电子秤计量检定")]
    ['电子秤', '计量检定']
    """

    def __init__(self, thesaurus: Thesaurus, lex: Lexicon | None = None):
        data = load_tagging(thesaurus)
        # organiser names are words: 国家知识产权局 in a text names a partner, not the theme 知识产权
        words = tuple(sorted(set(data.words) | set(lex.by_name if lex else ())))
        self.matchers = {scheme: thesaurus.matcher(scheme, words) for scheme in SCHEME_PROPERTY}
        self.scheme_of = {c.iri: c.scheme for c in thesaurus.concepts}
        self.organiser_concepts = data.organiser_concepts

    def hits(self, text: str) -> list[LabelHit]:
        """Every label that fires in ``text``, scheme by scheme, in text order."""
        return [LabelHit(text[s:e], s, e, iri) for scheme in SCHEME_PROPERTY
                for s, e, iri in self.matchers[scheme].find(text)]

    def concepts(self, text: str) -> dict[str, tuple[str, ...]]:
        """Scheme -> the concept IRIs whose labels ``text`` contains."""
        out: dict[str, set[str]] = {scheme: set() for scheme in SCHEME_PROPERTY}
        for h in self.hits(text):
            out[self.scheme_of[h.concept]].add(h.concept)
        return {scheme: tuple(sorted(found)) for scheme, found in out.items()}

    def inherited(self, item: Item | None) -> list[Inherited]:
        """What an item's section headings and its organiser state (kinds excluded)."""
        if item is None:
            return []
        out = []
        for heading in getattr(item, "headings", ()):
            text = _heading_text(heading)
            out += [Inherited(h.concept, f"heading {text}") for h in self.hits(text)]
        name = item.organiser.name
        out += [Inherited(iri, f"organiser {name}") for iri in self.organiser_concepts.get(name, ())]
        return [i for i in out if self.scheme_of[i.concept] not in _NOT_INHERITED]

    def tag(self, text: str, item: Item | None = None) -> dict[str, tuple[str, ...]]:
        """Scheme -> concept IRIs of an activity: its own words, else what it inherits in that scheme."""
        own = self.concepts(text)
        extra: dict[str, set[str]] = {}
        for i in self.inherited(item):
            extra.setdefault(self.scheme_of[i.concept], set()).add(i.concept)
        return {scheme: found or tuple(sorted(extra.get(scheme, ()))) for scheme, found in own.items()}


@dataclass(frozen=True)
class ActivityTags:
    """Why one activity carries its concepts."""

    where: str  # attachment, item and organiser
    text: str
    hits: tuple[LabelHit, ...]
    inherited: tuple[Inherited, ...]  # only those the activity took (its own words named nothing there)

    @property
    def tagged(self) -> bool:
        return bool(self.hits or self.inherited)


@dataclass(frozen=True)
class TaggingReport:
    """For a notice: which labels fired where, what was inherited, and which activities got no concept."""

    notice_id: str
    activities: tuple[ActivityTags, ...]

    @property
    def untagged(self) -> tuple[ActivityTags, ...]:
        return tuple(a for a in self.activities if not a.tagged)

    def render(self, thesaurus: Thesaurus) -> str:
        """The report as plain text, one block per activity, untagged activities listed last."""
        by = thesaurus.by_iri

        def name(iri: str) -> str:
            return f"{by[iri].scheme.rsplit('#', 1)[-1].removesuffix('Scheme')} {by[iri].pref_zh}"

        lines = [f"# tagging of {self.notice_id}: {len(self.activities)} activities, "
                 f"{len(self.untagged)} with no concept"]
        for a in self.activities:
            lines.append(f"{a.where}: {a.text}")
            lines += [f"    {name(h.concept)} <- label {h.label!r} at {h.start}-{h.end}" for h in a.hits]
            lines += [f"    {name(i.concept)} <- {i.source}" for i in a.inherited]
        lines += ["# no concept:", *(f"    {a.where}: {a.text}" for a in self.untagged)]
        return "\n".join(lines) + "\n"


def explain(extraction: Extraction, thesaurus: Thesaurus, lex: Lexicon | None = None) -> TaggingReport:
    """The tagging report of an extraction: label hits and inherited concepts, activity by activity."""
    tagger = Tagger(thesaurus, lex)
    out = []
    for act in extraction.activities:
        hits = tagger.hits(act.text)
        own = {tagger.scheme_of[h.concept] for h in hits}
        taken = tuple(i for i in tagger.inherited(act.item) if tagger.scheme_of[i.concept] not in own)
        where = f"附件{act.item.attachment} item {act.item.number} {act.organiser.name} #{act.position}"
        out.append(ActivityTags(where, act.text, tuple(hits), taken))
    return TaggingReport(extraction.notice.notice_id, tuple(out))
