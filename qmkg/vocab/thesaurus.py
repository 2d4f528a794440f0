"""The SKOS concept schemes the tagger reads (ontology/themes.ttl, kinds.ttl, groups.ttl, sectors.ttl)."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from qmkg.core.errors import ConfigError
from qmkg.core.namespaces import QM, RDF, SKOS
from qmkg.core.resources import ontology_dir, scheme_files

SCHEME_PROPERTY = {
    QM.ThemeScheme: QM.hasTheme,
    QM.ActivityKindScheme: QM.hasKind,
    QM.TargetGroupScheme: QM.targetGroup,
    QM.SectorScheme: QM.sector,
}


@dataclass(frozen=True)
class Concept:
    iri: str
    scheme: str
    pref_zh: str
    pref_en: str
    labels: tuple[str, ...]  # every zh label the tagger matches: pref, alt and hidden
    broader: tuple[str, ...]
    names: tuple[str, ...] = ()  # the zh names users ask with: pref and alt (not hidden)


@dataclass(frozen=True)
class Thesaurus:
    concepts: tuple[Concept, ...]

    @property
    def by_iri(self) -> dict[str, Concept]:
        return {c.iri: c for c in self.concepts}

    def matcher(self, scheme: str, words: tuple[str, ...] = ()) -> LabelMatcher:
        """The label matcher of one scheme; ``words`` tag nothing (see :class:`LabelMatcher`)."""
        return _matcher(self, scheme, words)

    def ancestors(self, iri: str) -> set[str]:
        seen, todo = set(), [iri]
        by = self.by_iri
        while todo:
            for b in by[todo.pop()].broader:
                if b not in seen and b in by:
                    seen.add(b)
                    todo.append(b)
        return seen


class LabelMatcher:
    """Labels found in a text on word boundaries: every occurrence that no longer one contains.

    ``words`` are words that tag nothing: a label inside one of them (电子 in 电子秤, 知识产权 in
    国家知识产权局) is part of another word and does not fire. Two occurrences that only overlap
    by two characters or more (产品质量 and 质量创新 in 产品质量创新) both fire; one inside another
    (计量 in 计量器具) does not, nor one that shares a single character with a longer or earlier one
    (食品 in 美食品牌).

    >>> m = LabelMatcher({"计量": "a", "计量器具": "b", "检测": "c", "电子": "d"}, words=("电子秤",))
    >>> m.find("开展计量器具免费检测")
    [(2, 6, 'b'), (8, 10, 'c')]
    >>> m.find("检定电子秤")
    []
    >>> LabelMatcher({"美食": "a", "食品": "b", "品牌": "c"}).find("打造美食品牌")
    [(2, 4, 'a'), (4, 6, 'c')]
    """

    def __init__(self, labels: dict[str, str], words: Iterable[str] = ()):
        self.first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        entries = dict.fromkeys(words, "")
        entries.update(labels)  # a word that is also a label is the label
        for label, iri in entries.items():
            if label:
                self.first[label[0]].append((label, iri))
        for group in self.first.values():
            group.sort(key=lambda e: (-len(e[0]), e[0]))

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of a label or word: (start, end, iri), iri "" for a word."""
        return [(i, i + len(label), iri) for i, ch in enumerate(text)
                for label, iri in self.first.get(ch, ()) if text.startswith(label, i)]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Labels that fire, in text order: occurrences taken longest first, each unless it clashes with one taken."""
        taken: list[tuple[int, int, str]] = []
        for s, e, iri in sorted(self.occurrences(text), key=lambda o: (o[0] - o[1], o[0])):  # longest, then first
            if not any(_clash(s, e, a, b) for a, b, _ in taken):
                taken.append((s, e, iri))
        return sorted(o for o in taken if o[2])


def _clash(s: int, e: int, a: int, b: int) -> bool:
    """Whether [s, e) cannot be a word beside the longer-or-earlier word [a, b): it lies inside it, or
    the two share one character only (美食 | 品牌 in 美食品牌: 食品 is no word there). Words sharing two
    characters or more (产品质量 | 质量创新) are both words of the text."""
    return (a <= s and e <= b) or min(e, b) - max(s, a) == 1


@cache
def _matcher(thesaurus: Thesaurus, scheme: str, words: tuple[str, ...] = ()) -> LabelMatcher:
    labels: dict[str, str] = {}
    for c in thesaurus.concepts:
        if c.scheme != scheme:
            continue
        for label in c.labels:
            if labels.get(label, c.iri) != c.iri:
                other = labels[label]
                raise ConfigError(f"label {label!r} is given to both {other} and {c.iri} in one scheme")
            labels[label] = c.iri
    return LabelMatcher(labels, words)


def _lang(term) -> str:
    return getattr(term, "language", None) or ""


@dataclass
class _Statements:
    """What the scheme files say of each concept, gathered before the concepts are made."""

    concepts: set[str] = field(default_factory=set)
    scheme_of: dict[str, str] = field(default_factory=dict)
    pref: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    alt: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    broader: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def take(self, s: str, p: str, o) -> None:
        if p == RDF.type and isinstance(o, ox.NamedNode) and o.value == SKOS.Concept:
            self.concepts.add(s)
        elif p == SKOS.inScheme:
            self.scheme_of[s] = o.value
        elif p == SKOS.prefLabel:
            self.pref[(s, _lang(o))].append(o.value)
            if _lang(o).startswith("zh"):
                self.labels[s].append(o.value)
        elif p in (SKOS.altLabel, SKOS.hiddenLabel) and _lang(o) in ("zh", "zh-hans", "zh-Hans", ""):
            self.labels[s].append(o.value)
            if p == SKOS.altLabel:
                self.alt[s].append(o.value)
        elif p == SKOS.broader:
            self.broader[s].append(o.value)

    def concept(self, iri: str) -> Concept:
        if iri not in self.scheme_of or self.scheme_of[iri] not in SCHEME_PROPERTY:
            raise ConfigError(f"concept {iri} is in no known concept scheme")
        zh, en = self.pref.get((iri, "zh"), []), self.pref.get((iri, "en"), [])
        if len(zh) != 1 or len(en) != 1:
            raise ConfigError(f"concept {iri} needs exactly one zh and one en skos:prefLabel")
        return Concept(iri, self.scheme_of[iri], zh[0], en[0], tuple(sorted(set(self.labels[iri]))),
                       tuple(sorted(self.broader[iri])), tuple(sorted({zh[0], *self.alt[iri]})))


@cache
def load_thesaurus(files: tuple[Path, ...] | None = None) -> Thesaurus:
    """Read the concept schemes.

    >>> t = load_thesaurus()
    >>> t.by_iri["https://example.org/qmkg/theme/metrology"].pref_zh
    '计量'
    """
    said = _Statements()
    for path in files or tuple(scheme_files()):
        try:
            triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            for t in triples:
                if isinstance(t.subject, ox.NamedNode):
                    said.take(t.subject.value, t.predicate.value, t.object)
        except (OSError, SyntaxError, ValueError) as e:
            raise ConfigError(f"{path}: {e}") from e
    return Thesaurus(tuple(said.concept(iri) for iri in sorted(said.concepts)))


@dataclass(frozen=True)
class TaggingData:
    """What the tagger reads besides the schemes (``ontology/tagging.toml``)."""

    words: tuple[str, ...]  # words that contain a label but tag nothing
    organiser_concepts: dict[str, tuple[str, ...]] = field(hash=False, compare=False)  # name -> concept IRIs


@cache
def load_tagging(thesaurus: Thesaurus, path: Path | None = None) -> TaggingData:
    """Read the tagger's word list and the concepts each organiser's activities are about by default.

    >>> data = load_tagging(load_thesaurus())
    >>> "电子秤" in data.words, data.organiser_concepts["最高人民法院"]
    (True, ('https://example.org/qmkg/theme/judicial-protection',))
    """
    path = path or ontology_dir() / "tagging.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: {e}") from e
    by_label = {c.pref_zh: c.iri for c in thesaurus.concepts}
    concepts = {}
    for name, labels in raw.get("organiser_concepts", {}).items():
        unknown = [lab for lab in labels if lab not in by_label]
        if unknown:
            raise ConfigError(f"{path}: [organiser_concepts] {name}: no concept has the zh prefLabel {unknown[0]!r}")
        concepts[name] = tuple(by_label[lab] for lab in labels)
    return TaggingData(tuple(sorted(set(raw.get("words", {}).get("non_concept", [])))), concepts)
