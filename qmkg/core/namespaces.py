"""The only place an IRI is spelled in Python.

>>> str(QM.Activity)
'https://example.org/qmkg/ontology#Activity'
"""

from __future__ import annotations

VOCAB = "https://example.org/qmkg/"
DEFAULT_BASE = "https://example.org/qmkg/id/"

QM_NS = VOCAB + "ontology#"
THEME_NS = VOCAB + "theme/"
KIND_NS = VOCAB + "kind/"
GROUP_NS = VOCAB + "group/"
SECTOR_NS = VOCAB + "sector/"
CAMPAIGN_NS = VOCAB + "campaign/"
ONTOLOGY_IRI = VOCAB + "ontology"

# authorities and registries that DCAT-AP 3 wants its values from
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
DCAT_AP_301 = "https://semiceu.github.io/DCAT-AP/releases/3.0.1"

PREFIXES: dict[str, str] = {
    "qm": QM_NS,
    "thm": THEME_NS,
    "kind": KIND_NS,
    "grp": GROUP_NS,
    "sec": SECTOR_NS,
    "cmp": CAMPAIGN_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}


class _NS:
    """A namespace whose attributes are full IRIs as plain strings (no rdflib import).

    Not a ``str`` subclass, so ``DCTERMS.title`` is an IRI, not ``str.title``.
    """

    def __init__(self, iri: str):
        self._iri = iri

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._iri + name

    def term(self, name: str) -> str:
        return self._iri + name

    def __str__(self) -> str:
        return self._iri


QM = _NS(QM_NS)
THM = _NS(THEME_NS)
KIND = _NS(KIND_NS)
RDF = _NS(PREFIXES["rdf"])
RDFS = _NS(PREFIXES["rdfs"])
OWL = _NS(PREFIXES["owl"])
XSD = _NS(PREFIXES["xsd"])
SKOS = _NS(PREFIXES["skos"])
DCTERMS = _NS(PREFIXES["dcterms"])
DCAT = _NS(PREFIXES["dcat"])
VOID = _NS(PREFIXES["void"])
PROV = _NS(PREFIXES["prov"])
SCHEMA = _NS(PREFIXES["schema"])
ORG = _NS(PREFIXES["org"])
OA = _NS(PREFIXES["oa"])
FOAF = _NS(PREFIXES["foaf"])
WD = _NS(PREFIXES["wd"])
VCARD = _NS(PREFIXES["vcard"])
SD = _NS(PREFIXES["sd"])

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
