"""The RDF graph of one or more notices: IRIs, organisers, activities, provenance.

Terms are made directly as pyoxigraph terms (one memoised node per IRI): making rdflib terms
and converting them cost 2.3-2.6x more (PERFORMANCE-NOTES).

>>> from qmkg.graph.build import slug
>>> slug("铁拳·桂在真打"), slug("金融标准 为民利企")
('铁拳·桂在真打', '金融标准_为民利企')
"""

from __future__ import annotations

import re
from functools import cache

import pyoxigraph as ox

from qmkg import __version__
from qmkg.core.namespaces import (
    DCAT,
    DCTERMS,
    DEFAULT_BASE,
    FOAF,
    OA,
    PREFIXES,
    PROV,
    QM,
    QM_NS,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WD,
    XSD,
)
from qmkg.extract.extractor import Activity, Extraction
from qmkg.ingest.notice import Notice, Sentence
from qmkg.vocab.lexicon import Lexicon, OrganiserRef, load_lexicon
from qmkg.vocab.tbox import gazetteer, tbox_triples
from qmkg.vocab.thesaurus import SCHEME_PROPERTY

_UNSAFE = re.compile(r"""[\x00-\x20<>"{}|^`\\/#?%\[\]]""")


@cache
def named(iri: str) -> ox.NamedNode:
    """The one pyoxigraph node of an IRI (memoised: the same IRIs recur thousands of times)."""
    return ox.NamedNode(iri)


def zh(text: str) -> ox.Literal:
    """A Chinese literal, whitespace runs collapsed to one space."""
    return ox.Literal(" ".join(text.split()), language="zh")


def lang_literal(text: str, lang: str) -> ox.Literal:
    return ox.Literal(text, language=lang)


def typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=named(datatype))


def integer(value: int) -> ox.Literal:
    return typed(value, XSD.integer)


def slug(text: str) -> str:
    """A readable IRI segment: whitespace becomes "_", IRI-unsafe ASCII is percent-encoded."""
    text = "_".join(text.split())
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), text)


class GraphBuilder:
    """Adds notices to one graph of rdflib terms; IRIs under ``base``.

    Statements are collected in order in ``triples`` (a set would lose the fixed order);
    ``graph`` makes the rdflib graph of them on first use. The build pipeline takes the
    triples straight into pyoxigraph, skipping rdflib's indexes, which cost most of a build.
    """

    def __init__(self, *, base: str = DEFAULT_BASE, lexicon: Lexicon | None = None, include_tbox: bool = True):
        if not re.match(r"^https?://[^\s<>\"]+[/#]$", base):
            raise ValueError(f"base IRI must be http(s) and end with / or #: {base!r}")
        self.base = base
        self.lex = lexicon or load_lexicon()
        self.include_tbox = include_tbox
        self.triples: list[tuple] = []
        self._graph = None
        self.gazetteer = gazetteer()
        self.organisers: set[str] = set()
        # where each organiser's description lies in ``triples``: a corpus build describes an
        # organiser once, as the first notice that names it does
        self.described: dict[str, tuple[int, int]] = {}
        self._sentences: set[ox.NamedNode] = set()

    @property
    def graph(self):
        """The rdflib graph of everything added so far (with the terminology if asked for)."""
        if self._graph is None:
            from qmkg.core.terms import store_to_graph

            store = ox.Store()
            store.extend(self.quads())
            if self.include_tbox:
                store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in tbox_triples())
            self._graph = store_to_graph(store, PREFIXES)
        return self._graph

    def quads(self):
        """The statements as pyoxigraph quads in the default graph."""
        default = ox.DefaultGraph()
        return (ox.Quad(s, p, o, default) for s, p, o in self.triples)

    # -- helpers ---------------------------------------------------------------------------
    def iri(self, path: str) -> ox.NamedNode:
        return named(self.base + path)

    def add(self, s: ox.NamedNode, p: str, o) -> None:
        """Add a statement; ``p`` is an IRI string, ``o`` a node or literal."""
        self.triples.append((s, named(p), o))
        self._graph = None

    zh = staticmethod(zh)

    def organiser_iri(self, ref: OrganiserRef) -> ox.NamedNode:
        # a province's own body goes by its official name, however a notice shortens it
        key = ref.iso3166_2 or ref.abbrev or (ref.full_name if ref.scope and ref.known else ref.name)
        key = key.lower() if key.isascii() else key
        # an organiser a provincial notice names without its province (省市场监管局) is that province's
        return self.iri("org/" + (f"{ref.scope}/" if ref.scope else "") + slug(key))

    # -- organisers ------------------------------------------------------------------------
    def organiser(self, ref: OrganiserRef) -> ox.NamedNode:
        """The organiser's node, described the first time it is named."""
        node = self.organiser_iri(ref)
        if node.value not in self.organisers:
            self.organisers.add(node.value)
            start = len(self.triples)
            describe_organiser(self, node, ref)
            self.described[node.value] = (start, len(self.triples))
        return node

    # -- provenance ------------------------------------------------------------------------
    def selector(self, node: ox.NamedNode, notice_node: ox.NamedNode, text: str, start: int, end: int) -> None:
        """Make ``node`` a oa:SpecificResource of the notice with position and quote selectors."""
        pos, quote = named(f"{node.value}/pos"), named(f"{node.value}/quote")
        self.add(node, RDF.type, named(OA.SpecificResource))
        self.add(node, OA.hasSource, notice_node)
        self.add(node, OA.hasSelector, pos)
        self.add(node, OA.hasSelector, quote)
        self.add(pos, RDF.type, named(OA.TextPositionSelector))
        self.add(pos, OA.start, typed(start, XSD.nonNegativeInteger))
        self.add(pos, OA.end, typed(end, XSD.nonNegativeInteger))
        self.add(quote, RDF.type, named(OA.TextQuoteSelector))
        self.add(quote, OA.exact, ox.Literal(text[start:end]))
        self.add(quote, OA.prefix, ox.Literal(text[max(0, start - 16):start]))
        self.add(quote, OA.suffix, ox.Literal(text[end:end + 16]))

    # -- one notice ------------------------------------------------------------------------
    def add_extraction(self, x: Extraction) -> None:
        n: Notice = x.notice
        nid = n.notice_id
        notice_node = self.iri(f"notice/{slug(nid)}")
        month = self.iri(f"month/{n.year}")
        run = self.iri(f"build/{slug(nid)}")
        agent = self.iri("agent/qmkg")
        describe_notice(self, notice_node, n)

        self.add(run, RDF.type, named(PROV.Activity))
        self.add(run, RDFS.label, lang_literal(f"qmkg build of notice {nid}", "en"))
        self.add(run, PROV.used, notice_node)
        self.add(run, PROV.wasAssociatedWith, agent)
        self.add(agent, RDF.type, named(PROV.SoftwareAgent))
        self.add(agent, RDFS.label, ox.Literal(f"qmkg {__version__}"))

        self.add(month, RDF.type, named(QM.QualityMonth))
        self.add(month, QM.year, typed(n.year, XSD.gYear))
        self.add(month, RDFS.label, lang_literal(f"{n.year}年全国“质量月”", "zh"))
        self.add(month, RDFS.label, lang_literal(f"National Quality Month {n.year}", "en"))
        self.add(month, PROV.wasDerivedFrom, notice_node)

        for att in n.attachments:
            a_key = f"{att.number}" if att.part == 1 else f"{att.number}.{att.part}"
            a_node = self.iri(f"notice/{slug(nid)}/attachment/{a_key}")
            self.add(a_node, RDF.type, named(QM.Attachment))
            self.add(a_node, DCTERMS.isPartOf, notice_node)
            self.add(a_node, DCTERMS.title, self.zh(att.title or f"附件{att.number}"))
            self.add(a_node, QM.attachmentKind, ox.Literal(att.kind))
            self.add(a_node, QM.position, integer(att.number))
            if att.part > 1:
                self.add(a_node, QM.listNumber, integer(att.part))
            if att.kind == "slogans":
                self._slogans(att, n, notice_node, month)
            for item in att.items:
                for lead in item.leads:
                    self.add(month, QM_NS + self.lex.words["participation"][att.kind], self.organiser(lead))
        for act in x.activities:
            self._activity(act, n, notice_node, month, run)
        self._campaigns(x)

    def _slogans(self, att, n: Notice, notice_node: ox.NamedNode, month: ox.NamedNode) -> None:
        holder = month if not n.scope else notice_node
        base = f"month/{n.year}" if not n.scope else f"notice/{slug(n.notice_id)}"
        if att.year_theme:
            self.add(holder, QM.yearTheme, self.zh(att.year_theme.text))
        for s in att.slogans:
            node = self.iri(f"{base}/slogan/{s.index}")
            self.add(holder, QM.slogan, node)
            self.add(node, RDF.type, named(QM.Slogan))
            self.add(node, RDF.value, self.zh(s.text))
            self.add(node, QM.position, integer(s.index))
            span = named(f"{node.value}/span")
            self.add(node, QM.source, span)
            self.selector(span, notice_node, n.text, s.start, s.end)

    def _sentence(self, n: Notice, notice_node: ox.NamedNode, key: str, s: Sentence) -> ox.NamedNode:
        node = self.iri(f"notice/{slug(n.notice_id)}/s/{key}-{s.index}")
        if node not in self._sentences:
            self._sentences.add(node)
            self.add(node, RDF.type, named(PROV.Entity))
            self.add(node, RDF.value, self.zh(s.text))
            self.selector(node, notice_node, n.text, s.start, s.end)
        return node

    def _activity(self, a: Activity, n: Notice, notice_node: ox.NamedNode, month: ox.NamedNode, run: ox.NamedNode) -> None:
        it = a.item
        node = self.iri(f"activity/{slug(n.notice_id)}/{it.key}-{a.position}")
        self.add(node, RDF.type, named(QM.Activity))
        self.add(node, RDFS.label, self.zh(a.label))
        self.add(node, QM.text, lang_literal(a.text, "zh"))
        for lead in it.leads:
            self.add(node, QM.organiser, self.organiser(lead))
        self.add(node, QM.partOfMonth, month)
        self.add(node, QM.inNotice, notice_node)
        a_key = f"{it.attachment}" if it.part == 1 else f"{it.attachment}.{it.part}"
        self.add(node, QM.inAttachment, self.iri(f"notice/{slug(n.notice_id)}/attachment/{a_key}"))
        self.add(node, QM.itemNumber, integer(it.number))
        self.add(node, QM.position, integer(a.position))
        if it.time:
            self.add(node, QM.timeText, self.zh(it.time))
        if it.date:
            self.add(node, QM.date, typed(it.date, XSD.date))
        if it.place:
            self.add(node, QM.place, self.zh(it.place))
        self.add(node, PROV.wasDerivedFrom, self._sentence(n, notice_node, it.key, a.sentence))
        self.add(node, PROV.wasGeneratedBy, run)
        span = named(f"{node.value}/span")
        self.add(node, QM.source, span)
        self.selector(span, notice_node, n.text, a.start, a.end)
        link_activity(self, node, a)

    def campaign_iri(self, name: str) -> ox.NamedNode:
        if name in self.gazetteer:
            return named(self.gazetteer[name])
        return self.iri(f"campaign/{slug(name)}")

    def _campaigns(self, x: Extraction) -> None:
        names = sorted({c.name for a in x.activities for c in a.campaigns})
        for name in names:
            node = self.campaign_iri(name)
            if name in self.gazetteer:
                continue
            self.add(node, RDF.type, named(QM.Campaign))
            self.add(node, RDFS.label, self.zh(name))
            self.add(node, SKOS.prefLabel, self.zh(name))
            parent = x.campaign_parents.get(name)
            if parent is None:  # a known series whose name this one starts with (剑网2024 -> 剑网)
                parent = max((g for g in self.gazetteer if name.startswith(g)), key=len, default=None)
            if parent is not None:
                self.add(node, QM.partOfCampaign, self.campaign_iri(parent))


def describe_organiser(b: GraphBuilder, node: ox.NamedNode, ref: OrganiserRef) -> None:
    """Type, labels (zh, en, aliases), codes and links of an organiser."""
    b.add(node, RDF.type, named(QM_NS + b.lex.words["organiser_classes"][ref.kind]))
    # a scoped body with an official name is labelled by it; the notice's wording is an altLabel
    pref = ref.full_name if ref.scope and ref.known else ref.name
    for prop, value in ((SKOS.prefLabel, zh(pref)), (RDFS.label, zh(pref))):
        b.add(node, prop, value)
    if pref != ref.name:
        b.add(node, SKOS.altLabel, zh(ref.name))
    if ref.full_name != ref.name:
        b.add(node, QM.fullName, zh(ref.full_name))
    if ref.scope:
        b.add(node, QM.jurisdiction, b.iri("org/" + ref.scope))
    if ref.en:
        b.add(node, SKOS.prefLabel, lang_literal(ref.en, "en"))
        b.add(node, RDFS.label, lang_literal(ref.en, "en"))
        b.add(node, QM.englishNameStatus, ox.Literal(ref.en_status))
    for alias in ref.aliases:
        if alias != ref.full_name:
            b.add(node, SKOS.altLabel, zh(alias))
    for prop, code in ((QM.abbreviation, ref.abbrev), (QM.iso3166_2, ref.iso3166_2), (QM.gbt2260, ref.gbt2260)):
        if code:
            b.add(node, prop, ox.Literal(code))
    if ref.wikidata:
        b.add(node, SCHEMA.sameAs, named(WD.term(ref.wikidata)))
    if not ref.known:
        b.add(node, RDFS.comment, lang_literal("not in the reference data: typed from its name", "en"))


def link_activity(b: GraphBuilder, node: ox.NamedNode, a: Activity) -> None:
    """What an activity is about and connected to: concepts, campaigns, regions, partners, standards."""
    for scheme, prop in SCHEME_PROPERTY.items():
        for c in a.concepts[scheme]:
            b.add(node, prop, named(c))
            if prop == QM.hasKind:
                b.add(node, RDF.type, named(c))
    if not a.tagged:
        b.add(node, RDF.type, named(QM.UntaggedActivity))
    for c in a.campaigns:
        b.add(node, QM.campaign, b.campaign_iri(c.name))
    for r in a.regional:
        _regional_action(b, node, r)
    for p in a.partners:
        partner = b.organiser(p)
        b.add(node, QM.partner, partner)
        for lead in a.item.leads:
            b.add(b.organiser_iri(lead), QM.cooperatesWith, partner)
    for title in a.standards:
        std = b.iri(f"standard/{slug(title)}")
        b.add(node, QM.mentionsStandard, std)
        b.add(std, RDF.type, named(QM.Standard))
        b.add(std, RDFS.label, zh(title))


def _regional_action(b: GraphBuilder, node: ox.NamedNode, r) -> None:
    group = b.iri(f"region-group/{slug(r.cue)}")
    b.add(node, QM.regionGroup, group)
    b.add(group, RDF.type, named(QM.RegionGroup))
    b.add(group, RDFS.label, zh(r.cue))
    if r.group and r.group.en:
        b.add(group, RDFS.label, lang_literal(r.group.en, "en"))
    for name in r.regions:
        region = b.organiser(b.lex.organiser(name))
        b.add(node, QM.involvesRegion, region)
        b.add(group, QM.memberRegion, region)


def describe_notice(b: GraphBuilder, notice_node: ox.NamedNode, n: Notice) -> None:
    """The notice as a document: title, file, hashes, year, issuer, level and layout.

    The notice is the file as published (``qm:sha256`` of its bytes, ``dcterms:format`` its media
    type); the text every offset points into is derived from it (``{notice}/text``, with its own hash).
    """
    first_title = next((a.title for a in n.attachments if a.title), n.title or n.source.stem)
    for cls in (QM.Notice, PROV.Entity, DCAT.Resource, FOAF.Document):
        b.add(notice_node, RDF.type, named(cls))
    b.add(notice_node, DCTERMS.title, zh(first_title))
    b.add(notice_node, DCTERMS.identifier, ox.Literal(n.source.path.name))
    b.add(notice_node, DCTERMS.language, ox.Literal("zh"))
    b.add(notice_node, QM.sha256, ox.Literal(n.source.sha256))
    if n.source.encoding:  # a text file's; a .docx or .pdf has none
        b.add(notice_node, QM.encoding, ox.Literal(n.source.encoding))
    b.add(notice_node, QM.characters, typed(len(n.text), XSD.nonNegativeInteger))
    b.add(notice_node, QM.noticeYear, typed(n.year, XSD.gYear))
    b.add(notice_node, QM.issuerLevel, ox.Literal(n.level))
    b.add(notice_node, QM.layout, ox.Literal(n.layout))
    b.add(notice_node, DCTERMS.format, ox.Literal(n.source.media_type))
    text = named(f"{notice_node.value}/text")
    b.add(text, RDF.type, named(PROV.Entity))
    b.add(text, PROV.wasDerivedFrom, notice_node)
    b.add(text, QM.sha256, ox.Literal(n.source.text_sha256))
    b.add(text, QM.characters, typed(len(n.text), XSD.nonNegativeInteger))
    if n.scope:
        issuer = b.lex.organiser(n.scope) or b.lex.type_from_name(n.scope)
        b.add(notice_node, DCTERMS.publisher, b.organiser(issuer))
