"""Synthetic Quality Month notices of the same shape as the 2024 national one, at any scale S.

Scale S holds S times the items of the real notice (25 joint organisers, 18 associations,
32 regions: 75 items). Up to S = 10 it is one notice (year 2024) with S times as many items
per attachment; beyond, it is ``ceil(S / 10)`` notices of up to 10 times each, one per year
(2024, 2023, …), since one notice per year and issuer is all a build accepts, and item
numbers stop at 999 (一百零一 … 九百九十九).

Each item opens with an organiser: the real ones first (read from the real notice's item
heads, all of them in ``ontology/reference/*.csv``), then invented ones with real suffixes
(青川市市场监管局, 中国陶瓷行业协会, 青川县): the build types those from their names and warns.
The sentences of an item are real sentences of the same attachment, recombined: the first
one is always the first sentence of some real item, so an organiser is always followed by an
action verb, as in the real text. The same scale and seed give byte-identical files.

Run it alone with ``python -m bench.generate --scale 10 --out DIR``.

>>> to_chinese(105), to_chinese(110), to_chinese(999), to_chinese(12)
('一百零五', '一百一十', '九百九十九', '十二')
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_NOTICE = ROOT / "graph" / "sources" / "2024-quality-month-activities.txt"
REFERENCE = ROOT / "ontology" / "reference"
PER_NOTICE = 10  # the largest multiple of the real notice in one file (320 region items < 999)
FIRST_YEAR = 2024

_DIGITS = "零一二三四五六七八九"
_ITEM = re.compile(r"^([一二三四五六七八九十百零]+)、(.*)$")
_ATTACHMENT = re.compile(r"^附件\s*(\d+)\s*$")
_OPEN = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】"}

# Invented place names: two syllables that start no real region's name (北京, 山西 …),
# so the parser never takes a reference organiser for the head of a synthetic name.
_SYLLABLE_1 = "青白临永丰桃清明金玉松柳"
_SYLLABLE_2 = "川沙江平泽源河月溪峰城桥"
_INDUSTRIES = ("陶瓷", "玩具", "乐器", "皮革", "造纸", "印刷", "家具", "眼镜", "箱包", "灯具", "五金", "茶叶")
# (template, how the parser types it): one list per attachment kind
_TEMPLATES = {
    "joint": ("{p}市市场监管局", "{p}市工业和信息化局", "{p}市商务局", "{p}市质量发展委员会"),
    "association": ("中国{i}行业协会", "{p}市质量协会", "中国{i}工业联合会", "{p}市品牌建设促进会"),
    "region": ("{p}市", "{p}县"),
}
KINDS = ("joint", "association", "region")


def to_chinese(n: int) -> str:
    """A Chinese item numeral for 1 ≤ n ≤ 999, as notices write them (十二, 二十, 一百零五)."""
    if not 1 <= n <= 999:
        raise ValueError(f"item number {n} is outside 1..999")
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if units:
        out += _DIGITS[units]
    return out


@dataclass(frozen=True)
class RealItem:
    organiser: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class RealNotice:
    """What the generator takes from the real notice: item heads and sentences by attachment kind."""

    titles: dict[str, str]  # kind -> title lines, with the year as {year}
    items: dict[str, tuple[RealItem, ...]]
    slogans: str  # the whole slogans attachment, title with {year}


@dataclass(frozen=True)
class Corpus:
    """The notice files of one scale."""

    scale: int
    files: tuple[Path, ...]
    items: int
    organisers: int  # distinct organiser names over all files
    synthetic_organisers: int


def split_sentences(body: str) -> list[str]:
    """Sentences of an item body, split at 。 outside quotes and brackets."""
    out, depth, start = [], [], 0
    for i, ch in enumerate(body):
        if ch in _OPEN:
            depth.append(_OPEN[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch == "。" and not depth:
            out.append(body[start:i])
            start = i + 1
    out.append(body[start:])
    return [s.strip() for s in out if s.strip()]


def _known_organisers() -> list[str]:
    names = []
    with (REFERENCE / "organisations.csv").open(encoding="utf-8", newline="") as f:
        names += [r["zh_short"] for r in csv.DictReader(f)]
    with (REFERENCE / "regions.csv").open(encoding="utf-8", newline="") as f:
        names += [r["zh_full"] for r in csv.DictReader(f)]
    return sorted(names, key=len, reverse=True)


def read_real_notice(path: Path = REAL_NOTICE) -> RealNotice:
    """Item heads and sentences of the real notice, by attachment (1 joint, 2 associations, 3 regions)."""
    text = path.read_text(encoding="utf-8")
    year = re.search(r"(20\d\d)年", text).group(1)
    known = _known_organisers()
    blocks: dict[int, list[str]] = {1: []}
    current = 1
    for line in text.split("\n"):
        m = _ATTACHMENT.match(line.strip())
        if m:
            current = int(m.group(1))
            blocks[current] = []
        else:
            blocks[current].append(line.rstrip())
    titles, items = {}, {}
    for number, kind in enumerate(KINDS, start=1):
        lines = blocks[number]
        head = [ln.strip() for ln in lines if ln.strip() and not _ITEM.match(ln.strip())]
        titles[kind] = "\n".join(head).replace(year, "{year}")
        found = []
        for ln in lines:
            m = _ITEM.match(ln.strip())
            if not m:
                continue
            body = m.group(2)
            name = next((n for n in known if body.startswith(n)), None)
            if name is None:
                raise ValueError(f"{path}: item {m.group(1)} of 附件{number} opens with no reference organiser")
            found.append(RealItem(name, tuple(split_sentences(body[len(name):]))))
        items[kind] = tuple(found)
    slogans = "\n".join(blocks[4]).strip().replace(year, "{year}")
    return RealNotice(titles, items, "附件4\n" + slogans)


def synthetic_name(kind: str, k: int) -> str:
    """The k-th invented organiser of an attachment kind (k ≥ 0), unique within the kind.

    >>> synthetic_name("joint", 0), synthetic_name("association", 0), synthetic_name("region", 1)
    ('青川市市场监管局', '中国陶瓷行业协会', '青川县')
    """
    templates = _TEMPLATES[kind]
    t, n = k % len(templates), k // len(templates)
    if n >= len(_SYLLABLE_1) * len(_SYLLABLE_2):
        raise ValueError(f"no more than {len(_SYLLABLE_1) * len(_SYLLABLE_2) * len(templates)} invented {kind} names")
    place = _SYLLABLE_1[n % len(_SYLLABLE_1)] + _SYLLABLE_2[n // len(_SYLLABLE_1)]
    industry = _INDUSTRIES[n % len(_INDUSTRIES)]
    if n >= len(_INDUSTRIES):  # the place keeps "中国{industry}…" names unique
        industry = place + industry
    return templates[t].format(p=place, i=industry)


def _item_text(rng: random.Random, real: tuple[RealItem, ...]) -> str:
    shape = rng.choice(real)  # how many sentences: as many as some real item has
    firsts = [r.sentences[0] for r in real]
    rest = [s for r in real for s in r.sentences[1:]] or firsts
    more = len(shape.sentences) - 1
    # no sentence twice in one item, while the pool allows
    sentences = [rng.choice(firsts)] + (rng.sample(rest, more) if more <= len(rest) else rng.choices(rest, k=more))
    return "。".join(sentences) + "。"


def notice_text(real: RealNotice, *, year: int, multiple: int, rng: random.Random) -> tuple[str, set[str]]:
    """One notice with ``multiple`` times the real items; returns its text and its organisers' names."""
    parts, names = [], set()
    for number, kind in enumerate(KINDS, start=1):
        heads = [r.organiser for r in real.items[kind]]
        count = len(heads) * multiple
        organisers = heads[:count] + [synthetic_name(kind, k) for k in range(max(0, count - len(heads)))]
        names.update(organisers)
        lines = [] if number == 1 else [f"附件{number}"]  # the first attachment has no 附件1 line
        lines.append(real.titles[kind].format(year=year))
        lines.append("")
        for n, organiser in enumerate(organisers, start=1):
            lines.append(f"{to_chinese(n)}、{organiser}{_item_text(rng, real.items[kind])}")
        parts.append("\n".join(lines))
    parts.append(real.slogans.format(year=year))
    return "\n\n".join(parts) + "\n", names


def generate(scale: int, out: Path, *, seed: int = 2024, real_notice: Path = REAL_NOTICE) -> Corpus:
    """Write the notices of scale ``scale`` into ``out`` (created) and describe them.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     c = generate(12, Path(tmp))
    >>> [p.name for p in c.files], c.items
    (['synthetic-2023-x2.txt', 'synthetic-2024-x10.txt'], 900)
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    real = read_real_notice(real_notice)
    rng = random.Random(f"{seed}/{scale}")
    out.mkdir(parents=True, exist_ok=True)
    files, names, items = [], set(), 0
    for k in range(math.ceil(scale / PER_NOTICE)):
        multiple = min(PER_NOTICE, scale - k * PER_NOTICE)
        year = FIRST_YEAR - k
        text, organisers = notice_text(real, year=year, multiple=multiple, rng=rng)
        path = out / f"synthetic-{year}-x{multiple}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        names |= organisers
        items += sum(len(real.items[kind]) for kind in KINDS) * multiple
    real_names = {r.organiser for kind in KINDS for r in real.items[kind]}
    synthetic = names - real_names
    return Corpus(scale, tuple(sorted(files)), items, len(names), len(synthetic))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, required=True, help="S: how many times the real notice's items")
    ap.add_argument("--out", type=Path, required=True, help="folder for the notice files")
    ap.add_argument("--seed", type=int, default=2024)
    a = ap.parse_args(argv)
    c = generate(a.scale, a.out, seed=a.seed)
    print(f"S={c.scale}: {len(c.files)} notice(s), {c.items} items, {c.organisers} organisers "
          f"({c.synthetic_organisers} invented)")
    for p in c.files:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
