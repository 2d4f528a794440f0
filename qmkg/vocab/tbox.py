"""The terminology merged into every built graph: ontology, concept schemes, campaign gazetteer.

Parsed once per process with pyoxigraph (Turtle parsing in rdflib is ~20x slower).
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from qmkg.core.errors import ConfigError
from qmkg.core.namespaces import QM, RDF, RDFS, SKOS
from qmkg.core.resources import tbox_files


@cache
def tbox_triples() -> tuple[ox.Triple, ...]:
    """Every triple of the files in :func:`qmkg.resources.tbox_files`."""
    out: list[ox.Triple] = []
    for path in tbox_files():
        try:
            out.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError, ValueError) as e:
            raise ConfigError(f"{path}: {e}") from e
    return tuple(out)


@cache
def gazetteer() -> dict[str, str]:
    """zh label -> IRI of each known campaign series (ontology/campaigns.ttl).

    >>> gazetteer()["铁拳"].startswith("https://example.org/qmkg/campaign/")
    True
    """
    campaigns = {t.subject.value for t in tbox_triples()
                 if t.predicate.value == RDF.type and isinstance(t.object, ox.NamedNode) and t.object.value == QM.Campaign}
    out = {}
    for t in tbox_triples():
        if (t.subject.value in campaigns and t.predicate.value in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                and isinstance(t.object, ox.Literal) and (t.object.language or "").startswith("zh")):
            out[t.object.value] = t.subject.value
    return dict(sorted(out.items()))
