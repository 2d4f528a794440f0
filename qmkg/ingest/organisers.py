"""Organisers wherever a notice names them, and the role each plays.

A name is found from the reference data (``ontology/reference/*.csv``) or from a grammar of
names in the lexicon: an optional place prefix (省, 市, 县, 团省委 … or a place name), a body
and an organiser suffix (市场监管局, 经信厅, 消保委, 海关 …), ending where a cue word, an action
verb or punctuation begins. An unknown name is still found and typed from its suffix.

Roles come from cue words (lexicon ``[roles]``): 由X牵头 / X负责 lead; X配合, X会同Y partner;
X联合Y co-lead (in plans and news reports); "A、B联合…" makes every member a lead; the subject of
a clause (an organiser followed by an action verb or 将) leads.

This module lives in the ingest stage because the layouts need it to find items; the extract
stage (partners) uses it too.

>>> from qmkg.vocab.lexicon import load_lexicon
>>> names = OrganiserNames(load_lexicon(), scope="cn-zj")
>>> r = names.roles("由省市场监管局牵头，省发展改革委、省经信厅配合，9月上旬举行", 0, 27)
>>> [m.ref.name for m in r.leads], [m.ref.name for m in r.partners]
(['省市场监管局'], ['省发展改革委', '省经信厅'])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qmkg.vocab.lexicon import Lexicon, OrganiserRef

_PUNCT = set("，。；：:、,;！？（）()“”《》 \t\n")


@dataclass(frozen=True)
class Mention:
    """An organiser named at ``text[start:end]``."""

    ref: OrganiserRef
    start: int
    end: int


@dataclass(frozen=True)
class Roles:
    """The lead organisers and the partners named in a span, in reading order."""

    leads: tuple[Mention, ...] = ()
    partners: tuple[Mention, ...] = ()


class OrganiserNames:
    """Finds organisers' names in text with the reference data and the lexicon's name grammar.

    ``scope`` is the issuer's key (``cn-zj``, ``厦门市``): every name it does not know belongs to
    the issuer; ``place`` the issuer's names (浙江省, 浙江), which may open a scoped name.
    """

    def __init__(self, lex: Lexicon, *, scope: str = "", place: tuple[str, ...] = (), issuer: OrganiserRef | None = None):
        self.lex = lex
        self.scope = scope
        self.issuer = issuer
        self.known = lex.by_name
        self.known_sorted = sorted(self.known, key=len, reverse=True)
        self.suffixes = tuple(sorted(lex.words["organiser_suffixes"], key=len, reverse=True))
        roles = lex.words["roles"]
        self.lead_after = tuple(roles["lead_after"])
        self.lead_before = tuple(roles["lead_before"])
        self.partner_after = tuple(roles["partner_after"])
        self.partner_before = tuple(roles["partner_before"])
        self.co_lead_before = tuple(roles["co_lead_before"])
        self.lead_object_of = tuple(roles["lead_object_of"])
        self.lead_labels = tuple(roles["lead_labels"])
        self.group_tails = tuple(sorted(roles["group_tails"], key=len, reverse=True))
        self.partner_labels = tuple(roles["partner_labels"])
        self.joiners = tuple(roles["joiners"])
        self.not_a_name = tuple(roles["not_a_name"])
        self.verbs = tuple(sorted(lex.list("clauses", "action_verbs"), key=len, reverse=True))
        self.followers = tuple(lex.words["news"]["subject_followers"])
        self.prefixes = tuple(lex.words["organiser_names"]["scoped_prefixes"]) + tuple(place)
        self.max_length = int(lex.words["organiser_names"]["max_length"])

    @cached_property
    def cues(self) -> tuple[str, ...]:
        """Every word that may follow a name: role cues, action verbs, subject followers."""
        words = {*self.lead_after, *self.partner_after, *self.partner_before, *self.co_lead_before,
                 *self.verbs, *self.followers, "等"}
        return tuple(sorted(words, key=len, reverse=True))

    def boundary(self, text: str, i: int, end: int) -> bool:
        """Whether a name may end at ``i``: end of span, punctuation, a joiner or a cue word."""
        return i >= end or text[i] in _PUNCT or text.startswith(self.joiners, i) or text.startswith(self.cues, i)

    def typed(self, name: str) -> OrganiserRef:
        """An organiser the reference list lacks: the issuer's own body (省市场监管局), or typed from its name."""
        return self.lex.scoped_body(name, self.issuer, self.scope) or self.lex.type_from_name(name, scope=self.scope)

    def known_at(self, text: str, i: int, end: int) -> Mention | None:
        """The longest reference name at ``i`` that ends on a boundary."""
        for name in self.known_sorted:
            if text.startswith(name, i) and i + len(name) <= end and self.boundary(text, i + len(name), end):
                return Mention(self.known[name], i, i + len(name))
        return None

    def grammar_at(self, text: str, i: int, end: int, *, anywhere: bool = False) -> Mention | None:
        """The shortest name at ``i`` ending in an organiser suffix on a boundary.

        Only a name opening with a scoped prefix is taken ``anywhere``; others must open a clause.
        """
        if text.startswith(self.not_a_name, i) or text.startswith(self.verbs, i):
            return None
        if anywhere and not text.startswith(self.prefixes, i):
            return None
        verb_bounded = None
        for j in range(i + 2, min(end, i + self.max_length) + 1):
            if text[j - 1] in _PUNCT:
                break
            head = text[i:j]
            if not head.endswith(self.suffixes) or not self.boundary(text, j, end):
                continue
            if head.endswith(self.verbs) or self._holds_cue(head):
                continue  # "省商务厅举办", "活动由省市场监管局": the name is shorter or starts later
            mention = Mention(self.known.get(head) or self.typed(head), i, j)
            if self.strong_boundary(text, j, end):
                return mention
            verb_bounded = verb_bounded or mention  # "省委" before "宣传部负责": look further first
        return verb_bounded

    def _holds_cue(self, head: str) -> bool:
        """Whether a role cue followed by a scoped prefix sits inside ``head`` ("…由省…")."""
        cues = (*self.lead_before, *self.partner_before, *self.co_lead_before, *self.lead_object_of)
        return any(head.startswith(c, k) and head.startswith(self.prefixes, k + len(c))
                   for k in range(1, len(head)) for c in cues)

    def strong_boundary(self, text: str, i: int, end: int) -> bool:
        """A name surely ends at ``i``: punctuation, a joiner, a role cue or a subject word follows."""
        role_cues = (*self.lead_after, *self.partner_after, *self.partner_before, *self.co_lead_before,
                     *self.lead_object_of, *self.followers, "等")
        return i >= end or text[i] in _PUNCT or text.startswith(self.joiners, i) or text.startswith(role_cues, i)

    def name_at(self, text: str, i: int, end: int, *, anywhere: bool = False) -> Mention | None:
        """An organiser named at ``i``: a known name first, then the grammar."""
        return self.known_at(text, i, end) or self.grammar_at(text, i, end, anywhere=anywhere)

    def group_at(self, text: str, i: int, end: int, *, anywhere: bool = False) -> list[Mention]:
        """Organisers named one after another at ``i`` ("A、B和C"), or []."""
        out: list[Mention] = []
        while True:
            m = self.name_at(text, i, end, anywhere=anywhere and not out)
            if m is None:
                return out
            out.append(m)
            joiner = next((j for j in self.joiners if text.startswith(j, m.end)), None)
            if joiner is None:
                return out
            i = m.end + len(joiner)

    def cell(self, text: str, start: int, end: int, separators: tuple[str, ...]) -> list[Mention]:
        """Every organiser in a table cell: the cell split at separators, each piece a name."""
        out, s = [], start
        for i in range(start, end + 1):
            if i == end or text.startswith(separators, i):
                a, b = s, i
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                bracket = text.find("（", a, b)
                if bracket > a:  # "市市场监管局（牵头）": the note is no part of the name
                    b = bracket
                if b - a >= 2:
                    name = text[a:b]
                    out.append(Mention(self.known.get(name) or self.typed(name), a, b))
                s = i + 1
        return out

    def starts(self, text: str, start: int, end: int):
        """Where a name may begin: the span's start, after punctuation, after a role cue."""
        before = (*self.lead_labels, *self.partner_labels, *self.lead_before, *self.partner_before,
                  *self.co_lead_before, *self.lead_object_of)
        yield start, ""
        for i in range(start, end):
            if text[i] in "，。；：、（":
                yield i + 1, "，" if text[i] == "（" else text[i]
            for cue in before:
                if text.startswith(cue, i):
                    yield i + len(cue), cue

    def after_group(self, text: str, i: int) -> int:
        """Where the words after a group of organisers begin, past 等/等部门."""
        tail = next((t for t in self.group_tails if text.startswith(t, i)), "")
        return i + len(tail)

    def roles(self, text: str, start: int, end: int, *, joint_leads: bool = True) -> Roles:
        """The leads and partners that cue words give in ``text[start:end]``."""
        leads: list[Mention] = []
        partners: list[Mention] = []
        seen: set[int] = set()
        for i, cue in self.starts(text, start, end):
            if i in seen or i >= end:
                continue
            labelled = cue in self.lead_labels or cue in self.partner_labels
            group = self.group_at(text, i, end, anywhere=bool(cue) and cue not in "，。；：、" and not labelled)
            if not group:
                continue
            seen.update(m.start for m in group)
            after = self.after_group(text, group[-1].end)
            if cue in self.partner_before or cue in self.partner_labels or (cue in self.co_lead_before and not joint_leads):
                partners.extend(group)
            elif (cue in self.lead_before or cue in self.lead_labels or cue in self.co_lead_before or cue in self.lead_object_of
                  or text.startswith(self.lead_after, after)):
                leads.extend(group)
            elif text.startswith(self.partner_after, after):
                partners.extend(group)
            elif cue in ("", "，", "。", "；") and text.startswith((*self.verbs, *self.followers), after):
                leads.extend(group)  # the subject of its clause
        lead_names = {m.ref.name for m in leads}
        leads_u = tuple({m.ref.name: m for m in reversed(leads)}.values())[::-1]
        partners_u = tuple(m for k, m in enumerate(partners)
                           if m.ref.name not in lead_names and m.ref.name not in {p.ref.name for p in partners[:k]})
        return Roles(tuple(sorted(leads_u, key=lambda m: m.start)), partners_u)

    def subject(self, text: str, start: int, end: int) -> list[Mention]:
        """The organisers that are the subject of a clause of ``text[start:end]`` (news sentences)."""
        for i, cue in self.starts(text, start, end):
            if cue not in ("", "，"):
                continue
            group = self.group_at(text, i, end)
            if group and text.startswith((*self.verbs, *self.followers, *self.lead_after),
                                         self.after_group(text, group[-1].end)):
                return group
        return []


def find_organiser(body: str, lex: Lexicon, *, scope: str = "", issuer: OrganiserRef | None = None) -> tuple[OrganiserRef, int] | None:
    """The organiser heading an item's body and the length of its name in the text.

    A name from the reference data counts when an action verb or punctuation follows it;
    otherwise the name is the shortest head ending in an organiser suffix and followed by an
    action verb; failing that, the head before the first action verb (共青团中央组织…).

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
        if body[i - 1] in _PUNCT:  # a name never runs across punctuation ("教育部、共青团中央联合…")
            break
        # a verb, a colon ("国家林草局：开展…") or a second organiser ("、") ends the name
        if (verb_at(i) or body[i] in "：:、") and any(head.endswith(s) for s in suffixes):
            if head in lex.by_name:
                return lex.by_name[head], i
            return lex.scoped_body(head, issuer, scope) or lex.type_from_name(head, scope=scope), i
    if best:
        return lex.by_name[best], len(best)
    for i in range(2, min(len(body), 20)):
        if verb_at(i) and body[:i].isalnum():
            return lex.type_from_name(body[:i], scope=scope), i
    return None
