"""The structure of a notice: attachments, numbered items, the organiser at each item's head, sentences.

A notice has the shape of the national one: attachments (the first may have no "附件1" line),
each a title and numbered items 一、二、…; an item opens with its organiser and goes on in
sentences. A slogans attachment holds 主题： and 口号： with numbered lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from qmkg.core.errors import InputError
from qmkg.ingest.sources import Source
from qmkg.vocab.lexicon import Lexicon, OrganiserRef

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ATTACHMENT = re.compile(r"^\s*附\s*件\s*([0-9一二三四五六七八九十]+)\s*[：:]?\s*(.*?)\s*$")
_ITEM = re.compile(r"^(\s*)([一二三四五六七八九十百零〇]+)\s*、\s*")
_NUMBERED = re.compile(r"^(\s*)(\d+)\s*[.．、]\s*")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_SCOPE = re.compile(r"(?:19|20)\d{2}\s*年\s*(.*?)\s*[“\"]?质量月")
_SENTENCE_END = "。！？；"
OPENING_BRACKETS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】"}


def chinese_number(text: str) -> int:
    """Value of a Chinese numeral up to 999, or of ASCII digits.

    >>> [chinese_number(s) for s in ("一", "十", "十二", "二十", "三十二", "一百零五", "7")]
    [1, 10, 12, 20, 32, 105, 7]
    """
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            raise ValueError(text)
    return total + current


@dataclass(frozen=True)
class Sentence:
    """A sentence of an item: ``notice.text[start:end]`` (without the final 。)."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Item:
    attachment: int
    number: int
    start: int
    end: int
    organiser: OrganiserRef
    organiser_start: int
    organiser_end: int
    sentences: tuple[Sentence, ...]
    line: int


@dataclass(frozen=True)
class Attachment:
    number: int
    title: str
    kind: str  # joint | association | region | slogans | other
    items: tuple[Item, ...]
    year_theme: Sentence | None = None
    slogans: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class Notice:
    source: Source
    year: int
    scope: str  # "" for a national notice, else the issuing region's name
    notice_id: str
    attachments: tuple[Attachment, ...]

    @property
    def text(self) -> str:
        return self.source.text

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for a in self.attachments for i in a.items)


@dataclass
class _Block:
    number: int
    header_line: int
    lines: list[tuple[int, int, int]]  # (line number, start offset, end offset)


def _lines(text: str):
    pos = 0
    for n, line in enumerate(text.split("\n"), start=1):
        yield n, pos, pos + len(line)
        pos += len(line) + 1


def _blocks(text: str) -> list[_Block]:
    blocks = [_Block(1, 0, [])]
    for n, start, end in _lines(text):
        m = _ATTACHMENT.match(text[start:end])
        if m and len(text[start:end].strip()) <= 12 + len(m.group(2)):
            number = chinese_number(m.group(1))
            if not blocks[-1].lines and len(blocks) == 1:
                blocks.pop()
            blocks.append(_Block(number, n, []))
            if m.group(2):  # "附件2：title" on one line
                blocks[-1].lines.append((n, start + m.start(2), start + m.end(2)))
            continue
        blocks[-1].lines.append((n, start, end))
    return [b for b in blocks if any(text[s:e].strip() for _, s, e in b.lines)]


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``, ignoring stops inside quotes and brackets.

    >>> t = "开展“你点我检。服务”活动。发布结果"
    >>> [t[s:e] for s, e in split_sentences(t, 0, len(t))]
    ['开展“你点我检。服务”活动', '发布结果']
    """
    spans, depth, s = [], [], start
    for i in range(start, end):
        ch = text[i]
        if ch in OPENING_BRACKETS:
            depth.append(OPENING_BRACKETS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch in _SENTENCE_END and not depth:
            spans.append((s, i))
            s = i + 1
    spans.append((s, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def classify_attachment(title: str, lex: Lexicon) -> str | None:
    """The kind of an attachment from words in its title, or None.

    >>> from qmkg.vocab.lexicon import load_lexicon
    >>> classify_attachment("2024年全国“质量月”相关联合会、协会开展的主要活动", load_lexicon())
    'association'
    """
    for kind in ("slogans", "joint", "association", "region"):
        if any(w in title for w in lex.list("attachment_kinds", kind)):
            return kind
    return None


def find_organiser(body: str, lex: Lexicon, *, scope: str = "") -> tuple[OrganiserRef, int] | None:
    """The organiser heading an item's body and the length of its name in the text.

    A name from the reference data counts when an action verb follows it; otherwise the
    name is the shortest head ending in an organiser suffix and followed by an action verb.

    >>> from qmkg.vocab.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> ref, n = find_organiser("北京市举办质量知识竞赛", lex); ref.name, n
    ('北京市', 3)
    >>> ref, n = find_organiser("江苏省市场监管局开展质量提升行动", lex); ref.name, ref.kind, ref.known
    ('江苏省市场监管局', 'government_department', False)
    """
    verbs = sorted(lex.list("clauses", "action_verbs"), key=len, reverse=True)
    suffixes = lex.words["organiser_suffixes"]

    def verb_at(i: int) -> bool:
        return any(body.startswith(v, i) for v in verbs)

    best = None
    for name in lex.by_name:
        if body.startswith(name) and (best is None or len(name) > len(best)):
            best = name
    if best and (len(best) == len(body) or verb_at(len(best)) or not body[len(best)].isalnum()):
        return lex.by_name[best], len(best)
    limit = min(len(body), 40)
    for i in range(2, limit):
        head = body[:i]
        if verb_at(i) and any(head.endswith(s) for s in suffixes):
            if head in lex.by_name:
                return lex.by_name[head], i
            return lex.type_from_name(head, scope=scope), i
    if best:
        return lex.by_name[best], len(best)
    # no known suffix: the organiser is the head before the first action verb (共青团中央组织…)
    for i in range(2, min(len(body), 20)):
        if verb_at(i) and body[:i].isalnum():
            return lex.type_from_name(body[:i], scope=scope), i
    return None


def _slogans(text: str, lines: list[tuple[int, int, int]]):
    theme, slogans, mode = None, [], None
    for _n, s, e in lines:
        line = text[s:e]
        stripped = line.strip()
        if not stripped:
            continue
        head = re.match(r"^\s*(主题|口号)\s*[：:]\s*", line)
        if head:
            mode = head.group(1)
            s = s + head.end()
            if not text[s:e].strip():
                continue
        m = _NUMBERED.match(text[s:e]) or _ITEM.match(text[s:e])
        if m:
            s += m.end()
        a, b = s, e
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if mode == "主题" and theme is None:
            theme = Sentence(0, a, b, text[a:b])
        elif mode == "口号" or m:
            slogans.append(Sentence(len(slogans) + 1, a, b, text[a:b]))
    return theme, tuple(slogans)


def parse_notice(source: Source, lex: Lexicon) -> Notice:
    """Parse a normalised notice; a malformed one raises :class:`InputError`."""
    text, where = source.text, str(source.path)
    head = text[:400]
    year_m = _YEAR.search(head) or _YEAR.search(source.path.name.replace("-", "年", 1))
    if not year_m:
        raise InputError(f"{where}: not a Quality Month notice: no year (such as 2024年) in its title")
    year = int(year_m.group(1))
    scope_m = _SCOPE.search(head)
    scope = scope_m.group(1).strip() if scope_m else ""
    if scope in lex.list("notice", "national_scope"):
        scope = ""
    ref = lex.organiser(scope) if scope else None
    if scope and ref is None:
        raise InputError(f"{where}: unknown issuer {scope!r} in the notice's title")
    notice_id = f"{year}-{ref.iso3166_2.lower() or ref.name}" if ref else str(year)
    if ref:
        scope = ref.name

    attachments = []
    for block in _blocks(text):
        title_lines, body_lines = [], []
        for n, s, e in block.lines:
            line = text[s:e]
            if body_lines or _ITEM.match(line) or re.match(r"^\s*(主题|口号)\s*[：:]", line):
                body_lines.append((n, s, e))
            elif line.strip():
                title_lines.append(line.strip())
        title = "".join(title_lines)
        kind = classify_attachment(title, lex)
        if kind == "slogans":
            theme, slogans = _slogans(text, body_lines)
            if not slogans:
                raise InputError(f"{where}: 附件{block.number} ({title}) has no numbered slogans")
            attachments.append(Attachment(block.number, title, kind, (), theme, slogans))
            continue
        items = _items(text, body_lines, block.number, lex, where, ref.iso3166_2.lower() if ref else "")
        if not items:
            continue
        if kind is None:
            kinds = {("region" if i.organiser.is_region else
                      "association" if i.organiser.kind == "federation_or_association" else "joint") for i in items}
            kind = kinds.pop() if len(kinds) == 1 else "other"
        attachments.append(Attachment(block.number, title, kind, tuple(items)))
    if not any(a.items for a in attachments):
        raise InputError(f"{where}: not a Quality Month notice: no numbered items (一、二、…) found")
    return Notice(source, year, scope, notice_id, tuple(attachments))


def _items(text, lines, att, lex, where, scope) -> list[Item]:
    raw: list[list] = []  # [number, line, start, end]
    for n, s, e in lines:
        m = _ITEM.match(text[s:e])
        if m:
            raw.append([chinese_number(m.group(2)), n, s + m.end(), e])
        elif raw and text[s:e].strip():
            raw[-1][3] = e  # a wrapped line continues the item
    items = []
    heads = []
    for number, line, s, e in raw:
        while e > s and text[e - 1].isspace():
            e -= 1
        heads.append((number, line, s, e, find_organiser(text[s:e], lex, scope=scope)))
    if heads and not any(h[4] for h in heads):
        return []  # numbered sections of a covering letter (一、活动主题 …), not organisers' items
    for expected, (number, line, s, e, found) in enumerate(heads, start=1):
        if number != expected:
            raise InputError(f"{where}:{line}: malformed item: number {number} where {expected} was expected (附件{att})")
        if found is None:
            raise InputError(f"{where}:{line}: malformed item: no organiser at the head of item {number} (附件{att})")
        ref, length = found
        body_start = s + length
        sentences = tuple(
            Sentence(k, a, b, text[a:b]) for k, (a, b) in enumerate(split_sentences(text, body_start, e), start=1)
        )
        if not sentences:
            raise InputError(f"{where}:{line}: malformed item: item {number} names {ref.name} but no activity (附件{att})")
        items.append(Item(att, number, s, e, ref, s, body_start, sentences, line))
    return items
