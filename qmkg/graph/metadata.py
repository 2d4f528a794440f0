"""Dataset metadata: the built graph described as a DCAT-AP 3.0.1 dataset and a VoID dataset.

The description names the dataset after what it holds (its notices), never after a file, so two
builds of the same notices are the same graph whatever they are written to. It is valid against the
official DCAT-AP 3.0.1 shapes (``ontology/reference/dcat-ap/``): every value a shape wants of a
class is typed, languages and media types are the authority IRIs the profile asks for.

>>> dataset_title([2024])
('全国“质量月”知识图谱（2024）', 'National Quality Month knowledge graph (2024)')
>>> dataset_title([2018, 2025, 2020])
('全国“质量月”知识图谱（2018–2025）', 'National Quality Month knowledge graph (2018–2025)')
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from qmkg import __version__
from qmkg.core.errors import ConfigError, InputError
from qmkg.core.graphfile import GRAPH_FORMATS
from qmkg.core.namespaces import (
    CC_BY_4,
    DCAT,
    DCAT_AP_301,
    DCTERMS,
    EU_COUNTRY,
    EU_DATA_THEME,
    EU_FILE_TYPE,
    EU_LANGUAGE,
    FOAF,
    IANA_MEDIA_TYPES,
    ONTOLOGY_IRI,
    PREFIXES,
    PROV,
    QM,
    RDF,
    RDFS,
    SKOS,
    VCARD,
    VOID,
    XSD,
)
from qmkg.core.resources import ontology_dir

_ID = re.compile(r"^\w[\w.-]{0,79}$")  # letters of any script (厦门市), digits, _ . -
# the EU file-type authority's name of each format
FILE_TYPES = {"ttl": "RDF_TURTLE", "jsonld": "JSON_LD", "nt": "RDF_N_TRIPLES"}
# what an example resource of the dataset is, in this order
EXAMPLE_CLASSES = (QM.Organiser, QM.Activity, QM.QualityMonth, QM.Notice, QM.Campaign)


@dataclass(frozen=True)
class NoticeFacts:
    """What the description needs to know of one notice in the graph."""

    iri: str
    year: int
    build: str  # the prov:Activity that built the notice's part of the graph
    region: str | None = None  # the issuing region (a Wikidata IRI); None for a national notice
    region_labels: tuple[tuple[str, str], ...] = ()  # (text, language) of that region


@dataclass(frozen=True)
class Described:
    """What :func:`describe_dataset` added: the dataset's IRI and how many triples the graph holds now."""

    dataset: str
    triples: int


def check_dataset_id(value: str) -> str:
    """A dataset id is one IRI segment of letters, digits, ``.``, ``_`` and ``-``.

    >>> check_dataset_id("qm-2018-2025"), check_dataset_id("qm-2024-厦门市")
    ('qm-2018-2025', 'qm-2024-厦门市')
    """
    if not _ID.match(value):
        raise InputError(f"dataset id must be one IRI segment of letters, digits, '.', '_' or '-' (at most 80): {value!r}")
    return value


def dataset_title(years: Iterable[int]) -> tuple[str, str]:
    """The (zh, en) title of a dataset holding the notices of ``years``."""
    ys = sorted(set(years))
    span = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"
    return f"全国“质量月”知识图谱（{span}）", f"National Quality Month knowledge graph ({span})"


@cache
def catalogue_settings() -> dict:
    """``ontology/reference/dcat-ap/catalogue.toml``: publisher, contact, keywords, EU themes."""
    path = ontology_dir() / "reference" / "dcat-ap" / "catalogue.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: {e}") from None
    for section in ("catalogue", "dataset", "publisher", "contact", "licence"):
        if section not in data:
            raise ConfigError(f"{path}: missing [{section}]")
    return data


def dcat_ap_shapes_path():
    """The official DCAT-AP 3.0.1 SHACL shapes, as copied into the project."""
    return ontology_dir() / "reference" / "dcat-ap" / "dcat-ap-SHACL.ttl"


class _Writer:
    """Collects triples of IRIs (str) and literals (:class:`pyoxigraph.Literal`)."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: str, p: str, o: str | ox.Literal) -> None:
        obj = o if isinstance(o, ox.Literal) else ox.NamedNode(o)
        self.triples.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), obj))

    def label(self, s: str, p: str, text: str, lang: str) -> None:
        self.add(s, p, ox.Literal(text, language=lang))


def _lit(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]+", iri[len(ns):]):
            return f"{prefix}-{iri[len(ns):]}"
    return hashlib.sha256(iri.encode()).hexdigest()[:16]


def describe_dataset(
    store: ox.Store,
    *,
    base: str,
    dataset_id: str,
    notices: Sequence[NoticeFacts],
    reasoning: str,
    publish_url: str | None = None,
    sparql_endpoint: str | None = None,
) -> Described:
    """Add the DCAT-AP and VoID description of the graph in ``store``'s default graph to it.

    Parameters
    ----------
    store : pyoxigraph.Store
        The built graph (data, terminology, closure); the description is added to it.
    base : str
        The base IRI of the data; the dataset is ``{base}dataset/{dataset_id}``.
    dataset_id : str
        What the dataset is called: ``qm-2024``, ``qm-2018-2025`` or the user's choice.
    notices : sequence of NoticeFacts
        The notices the graph holds (its years, sources and spatial coverage).
    reasoning : str
        The closure the build computed (``fast``, ``owlrl``, ``none``).
    publish_url : str, optional
        Where the dumps are published (a folder URL); default ``{base}dump/``.
    sparql_endpoint : str, optional
        A SPARQL endpoint serving the graph: adds ``void:sparqlEndpoint`` and a ``dcat:DataService``.

    Returns
    -------
    Described
        The dataset IRI and the number of triples of the graph with its description;
        ``void:triples`` counts that whole graph, its own triple included.
    """
    if not notices:
        raise InputError("a dataset needs at least one notice")
    check_dataset_id(dataset_id)
    cfg = catalogue_settings()
    ds = f"{base}dataset/{dataset_id}"
    publish = publish_url or f"{base}dump/"
    if not re.match(r"^https?://", publish):
        raise InputError(f"--publish-url must be an http(s) URL: {publish!r}")
    publish = publish if publish.endswith("/") else publish + "/"
    w = _Writer()
    _dataset(w, ds, dataset_id, notices, cfg, reasoning)
    _agents(w, ds, base, cfg)
    _coverage(w, ds, notices, cfg)
    _themes(w, ds, store, cfg)
    downloads = _distributions(w, ds, dataset_id, publish)
    _catalogue(w, ds, base, dataset_id, max(n.year for n in notices), cfg)
    _scheme_titles(w, store)
    _void(w, ds, store, base, downloads, sparql_endpoint)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in w.triples)
    total = len(store) + 1  # this very triple too
    store.add(ox.Quad(ox.NamedNode(ds), ox.NamedNode(VOID.triples),
                      _lit(str(total), XSD.integer), ox.DefaultGraph()))
    return Described(ds, total)


def _dataset(w: _Writer, ds: str, dataset_id: str, notices: Sequence[NoticeFacts], cfg: dict, reasoning: str) -> None:
    d = cfg["dataset"]
    zh, en = dataset_title(n.year for n in notices)
    for cls in (DCAT.Dataset, DCAT.Resource, VOID.Dataset):
        w.add(ds, RDF.type, cls)
    w.label(ds, DCTERMS.title, zh, "zh")
    w.label(ds, DCTERMS.title, en, "en")
    w.label(ds, DCTERMS.description, d["description_zh"], "zh")
    w.label(ds, DCTERMS.description, d["description_en"], "en")
    w.add(ds, DCTERMS.identifier, _lit(dataset_id))
    year = str(max(n.year for n in notices))
    w.add(ds, DCTERMS.issued, _lit(year, XSD.gYear))
    w.add(ds, DCTERMS.modified, _lit(year, XSD.gYear))
    w.add(ds, DCTERMS.license, CC_BY_4)
    w.add(ds, DCTERMS.conformsTo, ONTOLOGY_IRI)
    w.add(ONTOLOGY_IRI, RDF.type, DCTERMS.Standard)
    for code, name in sorted(d["languages"].items()):
        w.add(ds, DCTERMS.language, EU_LANGUAGE + code)
        w.add(EU_LANGUAGE + code, RDF.type, DCTERMS.LinguisticSystem)
        w.label(EU_LANGUAGE + code, SKOS.prefLabel, name, "en")
    for lang in ("zh", "en"):
        for kw in d[f"keywords_{lang}"]:
            w.label(ds, DCAT.keyword, kw, lang)
    for n in sorted(notices, key=lambda n: n.iri):
        w.add(ds, PROV.wasDerivedFrom, n.iri)
        w.add(ds, PROV.wasGeneratedBy, n.build)
    w.add(ds, QM.reasoning, _lit(reasoning))
    w.label(ds, RDFS.comment, f"built by qmkg {__version__}", "en")


def _agents(w: _Writer, ds: str, base: str, cfg: dict) -> None:
    pub, contact = base + cfg["publisher"]["path"], base + cfg["contact"]["path"]
    w.add(ds, DCTERMS.publisher, pub)
    w.add(ds, DCTERMS.creator, pub)
    w.add(pub, RDF.type, FOAF.Agent)
    w.add(pub, RDF.type, FOAF.Organization)
    w.label(pub, FOAF.name, cfg["publisher"]["name_en"], "en")
    w.label(pub, FOAF.name, cfg["publisher"]["name_zh"], "zh")
    w.add(ds, DCAT.contactPoint, contact)
    w.add(contact, RDF.type, VCARD.Kind)
    w.add(contact, RDF.type, VCARD.Organization)
    w.add(contact, VCARD.fn, _lit(cfg["contact"]["name"]))
    w.add(contact, VCARD.hasEmail, cfg["contact"]["email"])
    w.add(contact, VCARD.hasURL, cfg["contact"]["url"])
    w.add(CC_BY_4, RDF.type, DCTERMS.LicenseDocument)
    w.label(CC_BY_4, DCTERMS.title, cfg["licence"]["title"], "en")


def _coverage(w: _Writer, ds: str, notices: Sequence[NoticeFacts], cfg: dict) -> None:
    """The notices' years as one period of time, China and the issuers' regions as places."""
    years = sorted({n.year for n in notices})
    period = f"{ds}/period"
    w.add(ds, DCTERMS.temporal, period)
    w.add(period, RDF.type, DCTERMS.PeriodOfTime)
    w.add(period, DCAT.startDate, _lit(f"{years[0]}-01-01", XSD.date))
    w.add(period, DCAT.endDate, _lit(f"{years[-1]}-12-31", XSD.date))
    for code, name in sorted(cfg["dataset"]["country"].items()):
        w.add(ds, DCTERMS.spatial, EU_COUNTRY + code)
        w.add(EU_COUNTRY + code, RDF.type, DCTERMS.Location)
        w.label(EU_COUNTRY + code, SKOS.prefLabel, name, "en")
    for n in notices:
        if n.region:
            w.add(ds, DCTERMS.spatial, n.region)
            w.add(n.region, RDF.type, DCTERMS.Location)
            for text, lang in n.region_labels:
                w.label(n.region, SKOS.prefLabel, text, lang)


_TOP_THEMES = """PREFIX skos: <{skos}> PREFIX qm: <{qm}>
SELECT DISTINCT ?t WHERE {{ ?t skos:topConceptOf qm:ThemeScheme . ?a qm:about ?t }} ORDER BY ?t"""


def _themes(w: _Writer, ds: str, store: ox.Store, cfg: dict) -> None:
    """The EU data themes, and the top themes of the project's scheme that some activity is about."""
    d = cfg["dataset"]
    scheme = EU_DATA_THEME[:-1]  # the authority table itself: .../data-theme
    w.add(scheme, RDF.type, SKOS.ConceptScheme)
    w.label(scheme, DCTERMS.title, d["eu_theme_scheme_title"], "en")
    for code, name in sorted(d["eu_themes"].items()):
        w.add(ds, DCAT.theme, EU_DATA_THEME + code)
        w.add(EU_DATA_THEME + code, RDF.type, SKOS.Concept)
        w.label(EU_DATA_THEME + code, SKOS.prefLabel, name, "en")
        w.add(EU_DATA_THEME + code, SKOS.inScheme, scheme)
    query = _TOP_THEMES.format(skos=PREFIXES["skos"], qm=PREFIXES["qm"])
    for row in store.query(query, use_default_graph_as_union=True):
        w.add(ds, DCAT.theme, row["t"].value)


def _distributions(w: _Writer, ds: str, dataset_id: str, publish: str) -> list[str]:
    downloads = []
    for f in GRAPH_FORMATS.values():
        dist, url = f"{ds}/{f.name}", f"{publish}{dataset_id}{f.suffix}"
        media, ftype = IANA_MEDIA_TYPES + f.media_type, EU_FILE_TYPE + FILE_TYPES[f.name]
        w.add(ds, DCAT.distribution, dist)
        w.add(dist, RDF.type, DCAT.Distribution)
        w.add(dist, DCTERMS.title, _lit(f"{dataset_id}{f.suffix}"))
        w.add(dist, DCAT.accessURL, publish)
        w.add(dist, DCAT.downloadURL, url)
        w.add(dist, DCAT.mediaType, media)
        w.add(media, RDF.type, DCTERMS.MediaType)
        w.add(dist, DCTERMS.format, ftype)
        w.add(ftype, RDF.type, DCTERMS.MediaTypeOrExtent)
        w.add(dist, DCTERMS.license, CC_BY_4)
        w.add(dist, DCTERMS.conformsTo, ONTOLOGY_IRI)
        downloads.append(url)
    return downloads


def _catalogue(w: _Writer, ds: str, base: str, dataset_id: str, year: int, cfg: dict) -> None:
    c = cfg["catalogue"]
    cat = base + c["path"]
    record = f"{cat}/record/{dataset_id}"
    w.add(cat, RDF.type, DCAT.Catalog)
    w.label(cat, DCTERMS.title, c["title_zh"], "zh")
    w.label(cat, DCTERMS.title, c["title_en"], "en")
    w.label(cat, DCTERMS.description, c["description_zh"], "zh")
    w.label(cat, DCTERMS.description, c["description_en"], "en")
    w.add(cat, DCTERMS.publisher, base + cfg["publisher"]["path"])
    w.add(cat, DCTERMS.license, CC_BY_4)
    w.add(cat, DCAT.dataset, ds)
    w.add(cat, DCAT.record, record)
    w.add(cat, DCAT.themeTaxonomy, EU_DATA_THEME[:-1])
    w.add(cat, DCAT.themeTaxonomy, QM.ThemeScheme)
    w.add(record, RDF.type, DCAT.CatalogRecord)
    w.add(record, FOAF.primaryTopic, ds)
    w.add(record, DCTERMS.modified, _lit(str(year), XSD.gYear))
    w.add(record, DCTERMS.issued, _lit(str(year), XSD.gYear))
    w.add(record, DCTERMS.conformsTo, DCAT_AP_301)
    w.add(DCAT_AP_301, RDF.type, DCTERMS.Standard)
    w.label(DCAT_AP_301, DCTERMS.title, "DCAT-AP 3.0.1", "en")


def _scheme_titles(w: _Writer, store: ox.Store) -> None:
    """DCAT-AP wants a dcterms:title on every concept scheme: the scheme's preferred labels."""
    query = f"""PREFIX skos: <{PREFIXES['skos']}> PREFIX dcterms: <{PREFIXES['dcterms']}>
        SELECT ?s ?l WHERE {{ ?s a skos:ConceptScheme ; skos:prefLabel ?l FILTER NOT EXISTS {{ ?s dcterms:title ?t }} }}"""
    for row in store.query(query, use_default_graph_as_union=True):
        w.add(row["s"].value, DCTERMS.title, row["l"])


_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
_EXAMPLE = "SELECT ?s WHERE {{ ?s a <{cls}> FILTER(isIRI(?s)) }} ORDER BY ?s LIMIT 1"


def _void(w: _Writer, ds: str, store: ox.Store, base: str, downloads: list[str], endpoint: str | None) -> None:
    """VoID: partitions by class and by property (counted over the data, before this description)."""
    w.add(ds, VOID.uriSpace, _lit(base))
    for prefix in ("qm", "skos", "schema", "dcterms", "prov", "oa", "org", "rdfs", "owl"):
        w.add(ds, VOID.vocabulary, PREFIXES[prefix])
    for url in downloads:
        w.add(ds, VOID.dataDump, url)
    classes = list(store.query(_CLASSES, use_default_graph_as_union=True))
    for row in classes:
        part = f"{ds}/class/{_curie(row['c'].value)}"
        w.add(ds, VOID.classPartition, part)
        w.add(part, VOID.term("class"), row["c"].value)
        w.add(part, VOID.entities, _lit(row["n"].value, XSD.integer))
    properties = list(store.query(_PROPERTIES, use_default_graph_as_union=True))
    for row in properties:
        part = f"{ds}/property/{_curie(row['p'].value)}"
        w.add(ds, VOID.propertyPartition, part)
        w.add(part, VOID.property, row["p"].value)
        w.add(part, VOID.triples, _lit(row["n"].value, XSD.integer))
    w.add(ds, VOID.classes, _lit(str(len(classes)), XSD.integer))
    w.add(ds, VOID.properties, _lit(str(len(properties)), XSD.integer))
    for cls in EXAMPLE_CLASSES:
        for row in store.query(_EXAMPLE.format(cls=cls), use_default_graph_as_union=True):
            w.add(ds, VOID.exampleResource, row["s"].value)
    if endpoint:
        _service(w, ds, endpoint)


def add_endpoint(store: ox.Store, endpoint: str) -> int:
    """Say in an already described graph that ``endpoint`` serves it (for a server loading a built file).

    Adds ``void:sparqlEndpoint`` and a ``dcat:DataService`` to every dcat:Dataset in ``store``;
    returns how many triples were added (``void:triples`` keeps counting the file as built).
    """
    if not re.match(r"^https?://", endpoint):
        raise InputError(f"a SPARQL endpoint must be an http(s) URL: {endpoint!r}")
    w = _Writer()
    for row in store.query(f"SELECT DISTINCT ?d WHERE {{ ?d a <{DCAT.Dataset}> }} ORDER BY ?d",
                           use_default_graph_as_union=True):
        _service(w, row["d"].value, endpoint)
    before = len(store)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in w.triples)
    return len(store) - before


def _service(w: _Writer, ds: str, endpoint: str) -> None:
    """The SPARQL endpoint that serves the graph, as VoID and as a DCAT-AP data service."""
    service = f"{ds}/service"
    w.add(ds, VOID.sparqlEndpoint, endpoint)
    w.add(service, RDF.type, DCAT.DataService)
    w.label(service, DCTERMS.title, "SPARQL endpoint", "en")
    w.add(service, DCAT.endpointURL, endpoint)
    w.add(service, DCAT.servesDataset, ds)
    w.add(service, DCTERMS.license, CC_BY_4)
