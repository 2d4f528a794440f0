"""The parser's word lists and the organiser/region reference data, read from files under ontology/."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from qmkg.core.errors import ConfigError
from qmkg.core.resources import ontology_dir

REGION_KINDS = ("municipality", "province", "autonomous_region", "corps", "local_region")


@dataclass(frozen=True)
class OrganiserRef:
    """One organiser of the reference data (or one typed from its name)."""

    name: str  # the short name a notice uses
    full_name: str
    en: str
    en_status: str
    abbrev: str
    kind: str
    iso3166_2: str = ""
    gbt2260: str = ""
    wikidata: str = ""
    aliases: tuple[str, ...] = ()
    abbrev_chars: tuple[str, ...] = ()
    known: bool = True
    scope: str = ""  # ISO code of the issuing region, for unknown organisers of a provincial notice

    @property
    def is_region(self) -> bool:
        return self.kind in REGION_KINDS


@dataclass(frozen=True)
class RegionGroup:
    name: str
    members: tuple[str, ...]  # organiser names (full region names)
    en: str


@dataclass(frozen=True)
class LocalBody:
    """A body every province or city has under one official name (<place>市场监督管理局)."""

    short: str  # as a notice writes it after 省/市 (市场监管局)
    official: str  # the official name after the place (市场监督管理局)
    en: str
    en_status: str
    kind: str


@dataclass(frozen=True)
class Lexicon:
    """Everything the parser and extractor read from data files."""

    organisers: tuple[OrganiserRef, ...]
    region_groups: tuple[RegionGroup, ...]
    words: dict = field(repr=False, hash=False, compare=False)
    local_bodies: tuple[LocalBody, ...] = ()

    def list(self, section: str, key: str) -> tuple[str, ...]:
        try:
            return tuple(self.words[section][key])
        except KeyError as e:
            raise ConfigError(f"{ontology_dir() / 'lexicon.toml'}: missing [{section}] {key}") from e

    @property
    def by_name(self) -> dict[str, OrganiserRef]:
        return _index(self)

    def organiser(self, name: str) -> OrganiserRef | None:
        """The reference entry for a name as a notice spells it (short, full or alias)."""
        return self.by_name.get(name)

    def scoped_body(self, name: str, issuer: OrganiserRef | None, scope: str) -> OrganiserRef | None:
        """The issuer's own body a short name stands for, with its official name, or None.

        >>> lex = load_lexicon()
        >>> ref = lex.scoped_body("省市场监管局", lex.organiser("浙江省"), "cn-zj")
        >>> ref.full_name, ref.en, ref.scope
        ('浙江省市场监督管理局', 'Zhejiang Administration for Market Regulation', 'cn-zj')
        """
        if issuer is None:
            return None
        level = {"province": "省", "autonomous_region": "自治区"}.get(issuer.kind, "市" if issuer.name.endswith("市") else "")
        prefixes = {issuer.name, *issuer.aliases, *([level] if level else [])}
        for body in sorted(self.local_bodies, key=lambda b: len(b.short), reverse=True):
            if name.endswith(body.short) and name[: len(name) - len(body.short)] in prefixes:
                return OrganiserRef(
                    name=name, full_name=issuer.name + body.official, en=f"{issuer.en} {body.en}" if issuer.en else "",
                    en_status=body.en_status if issuer.en else "", abbrev="", kind=body.kind, scope=scope,
                )
        return None

    def type_from_name(self, name: str, *, scope: str = "") -> OrganiserRef:
        """An organiser missing from the reference data, typed from its name's ending."""
        suffixes = self.words["organiser_suffixes"]
        kind = "government_department"
        for suffix in sorted(suffixes, key=len, reverse=True):
            if name.endswith(suffix):
                kind = suffixes[suffix]
                break
        return OrganiserRef(name=name, full_name=name, en="", en_status="", abbrev="", kind=kind, known=False, scope=scope)


@cache
def _index(lex: Lexicon) -> dict[str, OrganiserRef]:
    out: dict[str, OrganiserRef] = {}
    for ref in lex.organisers:
        for alias in (ref.name, ref.full_name, *ref.aliases):
            if alias in out and out[alias] is not ref:
                raise ConfigError(f"organiser name {alias!r} is given to two organisers")
            out[alias] = ref
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise ConfigError(f"{path}: {e.strerror}") from e


@cache
def load_lexicon(root: Path | None = None) -> Lexicon:
    """Read ``ontology/lexicon.toml`` and ``ontology/reference/*.csv``.

    >>> lex = load_lexicon()
    >>> lex.organiser("北京市").iso3166_2, lex.organiser("市场监管总局").abbrev
    ('CN-BJ', 'SAMR')
    """
    root = root or ontology_dir()
    path = root / "lexicon.toml"
    try:
        words = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: {e}") from e
    organisers: list[OrganiserRef] = []
    for r in _rows(root / "reference" / "organisations.csv"):
        if r["kind"] not in words["organiser_classes"]:
            raise ConfigError(f"organisations.csv: unknown kind {r['kind']!r} for {r['zh_short']}")
        organisers.append(
            OrganiserRef(
                name=r["zh_short"], full_name=r["zh_full"], en=r["en"], en_status=r["en_status"],
                abbrev=r["abbrev"], kind=r["kind"],
                aliases=(r["zh_full"],) if r["zh_full"] != r["zh_short"] else (),
            )
        )
    short_to_full: dict[str, str] = {}
    for r in _rows(root / "reference" / "regions.csv"):
        short_to_full[r["zh_short"]] = r["zh_full"]
        organisers.append(
            OrganiserRef(
                # a notice names a region by its full name (北京市); the short one (北京) is an alias
                name=r["zh_full"], full_name=r["zh_full"], en=r["en"], en_status="official",
                abbrev="", kind=r["kind"], iso3166_2=r["iso3166_2"], gbt2260=r["gbt2260"],
                wikidata=r["wikidata"], aliases=(r["zh_short"],),
                abbrev_chars=tuple(c for c in r["abbrev_char"].split("|") if c),
            )
        )
    groups = []
    for r in _rows(root / "reference" / "region-groups.csv"):
        members = []
        for m in r["members"].split("|"):
            if m not in short_to_full:
                raise ConfigError(f"region-groups.csv: {r['name']}: unknown region {m!r}")
            members.append(short_to_full[m])
        groups.append(RegionGroup(name=r["name"], members=tuple(members), en=r["en"]))
    bodies = tuple(LocalBody(r["short"], r["official"], r["en"], r["en_status"], r["kind"])
                   for r in _rows(root / "reference" / "local-bodies.csv"))
    return Lexicon(organisers=tuple(organisers), region_groups=tuple(groups), words=words, local_bodies=bodies)
