"""One document's triples as Turtle and JSON-LD, byte-stable.

Turtle goes through the build's own canonical writer (:func:`qmkg.graph.serialise.serialise_store`,
0.2 ms a document). JSON-LD is written here as flattened node objects with the project's prefixes
as context: rdflib's JSON-LD writer takes milliseconds a document, seconds for a site.

>>> t = ox.Triple(ox.NamedNode("https://example.org/qmkg/id/org/samr"),
...               ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("市场监管总局", language="zh"))
>>> print(jsonld_document([t]).decode(), end="")
{
 "@context": {
  "skos": "http://www.w3.org/2004/02/skos/core#"
 },
 "@graph": [
  {
   "@id": "https://example.org/qmkg/id/org/samr",
   "skos:prefLabel": [
    {
     "@language": "zh",
     "@value": "市场监管总局"
    }
   ]
  }
 ]
}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import pyoxigraph as ox

from qmkg.core.namespaces import PREFIXES, RDF
from qmkg.graph.serialise import serialise_store

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_XSD_STRING = PREFIXES["xsd"] + "string"


def with_blank_nodes(triples: Iterable[ox.Triple], bnodes: dict[str, list[ox.Triple]]) -> list[ox.Triple]:
    """``triples`` and the descriptions of the blank nodes they reach, transitively."""
    out = list(triples)
    seen: set[str] = set()
    i = 0
    while i < len(out):
        o = out[i].object
        if isinstance(o, ox.BlankNode) and o.value not in seen:
            seen.add(o.value)
            out.extend(bnodes.get(o.value, ()))
        i += 1
    return out


def turtle_document(triples: Iterable[ox.Triple]) -> bytes:
    """Canonical Turtle of ``triples`` (the build's writer: sorted, prefixes of the project)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return serialise_store(store, "ttl")


def _compact(iri: str, used: dict[str, str]) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
            used[prefix] = ns
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _node_id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _value(o, used: dict[str, str]) -> dict:
    if isinstance(o, ox.Literal):
        out = {"@value": o.value}
        if o.language:
            out["@language"] = o.language
        elif o.datatype.value != _XSD_STRING:
            out["@type"] = _compact(o.datatype.value, used)
        return out
    return {"@id": _node_id(o)}


def jsonld_document(triples: Iterable[ox.Triple]) -> bytes:
    """JSON-LD 1.1 of ``triples``: one node object a subject, sorted, compact IRIs from PREFIXES."""
    used: dict[str, str] = {}
    nodes: dict[str, dict] = {}
    for t in triples:
        node = nodes.setdefault(_node_id(t.subject), {"@id": _node_id(t.subject)})
        if t.predicate.value == RDF.type and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(t.object.value, used))
        else:
            node.setdefault(_compact(t.predicate.value, used), []).append(_value(t.object, used))
    for node in nodes.values():
        for values in node.values():
            if isinstance(values, list):
                values.sort(key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    doc = {"@context": dict(sorted(used.items())), "@graph": [nodes[k] for k in sorted(nodes)]}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
