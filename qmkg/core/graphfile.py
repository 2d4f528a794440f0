"""Graph files: the one table of RDF formats, and finding and loading a graph file.

>>> GRAPH_FORMATS["ttl"].media_type
'text/turtle'
>>> format_of("out.nt")
'nt'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qmkg.core.errors import InputError


@dataclass(frozen=True)
class GraphFormat:
    """One RDF serialisation: its short name, file suffix, media type and parser names."""

    name: str
    suffix: str
    media_type: str
    rdflib: str
    oxigraph: str  # the attribute of ``pyoxigraph.RdfFormat``


GRAPH_FORMATS: dict[str, GraphFormat] = {
    "ttl": GraphFormat("ttl", ".ttl", "text/turtle", "turtle", "TURTLE"),
    "jsonld": GraphFormat("jsonld", ".jsonld", "application/ld+json", "json-ld", "JSON_LD"),
    "nt": GraphFormat("nt", ".nt", "application/n-triples", "nt", "N_TRIPLES"),
}


def format_of(path: str | Path) -> str:
    """The short format name of a graph file, from its suffix (Turtle when unknown)."""
    suffix = Path(path).suffix
    return next((f.name for f in GRAPH_FORMATS.values() if f.suffix == suffix), "ttl")


def ox_format(name: str):
    """The ``pyoxigraph.RdfFormat`` of a short format name."""
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, GRAPH_FORMATS[name].oxigraph)


def graph_file(path: str | Path) -> tuple[Path, str]:
    """An existing graph file and its format (``ttl``, ``nt`` or ``jsonld``, from the suffix)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such graph file (run `qmkg build` first)")
    return p, format_of(p)


def load_rdflib_graph(path: str | Path):
    """Parse a graph file with rdflib; an unreadable one is an :class:`InputError`."""
    from rdflib import Graph

    p, kind = graph_file(path)
    try:
        return Graph().parse(str(p), format=GRAPH_FORMATS[kind].rdflib)
    except Exception as e:  # rdflib raises many kinds of parse errors
        raise InputError(f"{p}: not a readable graph: {str(e).splitlines()[0][:200]}") from None
