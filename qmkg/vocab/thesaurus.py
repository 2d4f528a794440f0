"""The SKOS concept schemes the tagger reads (ontology/themes.ttl, kinds.ttl, groups.ttl, sectors.ttl)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from qmkg.core.errors import ConfigError
from qmkg.core.namespaces import QM, RDF, SKOS
from qmkg.core.resources import scheme_files

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


@dataclass(frozen=True)
class Thesaurus:
    concepts: tuple[Concept, ...]

    @property
    def by_iri(self) -> dict[str, Concept]:
        return {c.iri: c for c in self.concepts}

    def matcher(self, scheme: str) -> LabelMatcher:
        return _matcher(self, scheme)

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
    """Leftmost-longest, non-overlapping matching of labels in a text.

    >>> m = LabelMatcher({"计量": "a", "计量器具": "b", "检测": "c"})
    >>> m.find("开展计量器具免费检测")
    [(2, 6, 'b'), (8, 10, 'c')]
    """

    def __init__(self, labels: dict[str, str]):
        self.first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for label, iri in labels.items():
            self.first[label[0]].append((label, iri))
        for entries in self.first.values():
            entries.sort(key=lambda e: (-len(e[0]), e[0]))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out, i = [], 0
        while i < len(text):
            for label, iri in self.first.get(text[i], ()):
                if text.startswith(label, i):
                    out.append((i, i + len(label), iri))
                    i += len(label)
                    break
            else:
                i += 1
        return out


@cache
def _matcher(thesaurus: Thesaurus, scheme: str) -> LabelMatcher:
    labels: dict[str, str] = {}
    for c in thesaurus.concepts:
        if c.scheme != scheme:
            continue
        for label in c.labels:
            if labels.get(label, c.iri) != c.iri:
                other = labels[label]
                raise ConfigError(f"label {label!r} is given to both {other} and {c.iri} in one scheme")
            labels[label] = c.iri
    return LabelMatcher(labels)


def _lang(term) -> str:
    return getattr(term, "language", None) or ""


@cache
def load_thesaurus(files: tuple[Path, ...] | None = None) -> Thesaurus:
    """Read the concept schemes.

    >>> t = load_thesaurus()
    >>> t.by_iri["https://example.org/qmkg/theme/metrology"].pref_zh
    '计量'
    """
    files = files or tuple(scheme_files())
    triples = []
    for path in files:
        try:
            triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError, ValueError) as e:
            raise ConfigError(f"{path}: {e}") from e
    scheme_of: dict[str, str] = {}
    pref: dict[tuple[str, str], list[str]] = defaultdict(list)
    labels: dict[str, list[str]] = defaultdict(list)
    broader: dict[str, list[str]] = defaultdict(list)
    concepts: set[str] = set()
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        if not isinstance(s, ox.NamedNode):
            continue
        s = s.value
        if p == RDF.type and isinstance(o, ox.NamedNode) and o.value == SKOS.Concept:
            concepts.add(s)
        elif p == SKOS.inScheme:
            scheme_of[s] = o.value
        elif p == SKOS.prefLabel:
            pref[(s, _lang(o))].append(o.value)
            if _lang(o).startswith("zh"):
                labels[s].append(o.value)
        elif p in (SKOS.altLabel, SKOS.hiddenLabel) and _lang(o) in ("zh", "zh-hans", "zh-Hans", ""):
            labels[s].append(o.value)
        elif p == SKOS.broader:
            broader[s].append(o.value)
    out = []
    for iri in sorted(concepts):
        if iri not in scheme_of or scheme_of[iri] not in SCHEME_PROPERTY:
            raise ConfigError(f"concept {iri} is in no known concept scheme")
        zh, en = pref.get((iri, "zh"), []), pref.get((iri, "en"), [])
        if len(zh) != 1 or len(en) != 1:
            raise ConfigError(f"concept {iri} needs exactly one zh and one en skos:prefLabel")
        out.append(Concept(iri, scheme_of[iri], zh[0], en[0], tuple(sorted(set(labels[iri]))), tuple(sorted(broader[iri]))))
    return Thesaurus(tuple(out))
