"""The one home of RDF terms in Python: :class:`Term`, and every rdflib <-> pyoxigraph conversion.

A :class:`Term` is an RDF term as the SPARQL 1.1 JSON results format describes it; engines,
result formats and the web layer speak it. rdflib and pyoxigraph are imported lazily, so a
module that only needs :class:`Term` loads neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from qmkg.core.errors import InputError

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def _checked_iri(value: str) -> str:
    if not value or re.search(r'[\x00-\x20<>"{}|^`\\]', value):
        raise InputError(f"not a valid IRI: {value!r}")
    return value


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as the SPARQL 1.1 JSON results format describes it."""

    type: str  # uri | literal | bnode
    value: str
    lang: str = ""
    datatype: str = ""

    @staticmethod
    def iri(value: str) -> Term:
        return Term("uri", value)

    @staticmethod
    def literal(value: str, *, lang: str = "", datatype: str = "") -> Term:
        if datatype == XSD + "string" or lang:
            datatype = ""
        if datatype == XSD + "decimal":  # engines differ in lexical forms ("0.50", "0.5"): XSD 1.1 canonical, as Oxigraph
            try:
                d = Decimal(value)
                value = format(d.to_integral(), "f") if d == d.to_integral() else format(d.normalize(), "f")
            except InvalidOperation:
                pass
        return Term("literal", value, lang.lower() if lang else "", datatype)

    def python(self):
        """The value as Python: int, float, Decimal, bool or str."""
        if self.type != "literal" or not self.datatype:
            return self.value
        try:
            if self.datatype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
                return int(self.value)
            if self.datatype == XSD + "decimal":
                return Decimal(self.value)
            if self.datatype in (XSD + "double", XSD + "float"):
                return float(self.value)
            if self.datatype == XSD + "boolean":
                return self.value in ("true", "1")
        except ValueError:
            pass
        return self.value

    def n3(self) -> str:
        """The term in N-Triples syntax, escaped: safe inside a VALUES block.

        >>> print(Term.literal('a"b\\n', lang="zh").n3())
        "a\\"b\\n"@zh
        >>> Term.literal("x", lang='en" } #').n3()
        Traceback (most recent call last):
        ...
        qmkg.core.errors.InputError: not a valid language tag: 'en" } #'
        """
        if self.type == "uri":
            return f"<{_checked_iri(self.value)}>"
        if self.type == "bnode":
            raise InputError("a blank node cannot be a parameter")
        if re.search("[\ud800-\udfff]", self.value):
            raise InputError(f"not valid text: {self.value!r}")
        esc = (self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
        if self.lang:
            if not _LANG_TAG.fullmatch(self.lang):
                raise InputError(f"not a valid language tag: {self.lang!r}")
            return f'"{esc}"@{self.lang}'
        if self.datatype:
            return f'"{esc}"^^<{_checked_iri(self.datatype)}>'
        return f'"{esc}"'

    def to_json(self) -> dict:
        out = {"type": self.type, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    @staticmethod
    def from_json(b: dict) -> Term:
        """A term from a SPARQL 1.1 JSON results binding.

        >>> Term.from_json({"type": "literal", "value": "计量", "xml:lang": "zh"})
        Term(type='literal', value='计量', lang='zh', datatype='')
        """
        t = b["type"]
        if t == "uri":
            return Term.iri(b["value"])
        if t == "bnode":
            return Term("bnode", b["value"])
        return Term.literal(b["value"], lang=b.get("xml:lang", ""), datatype=b.get("datatype", ""))


@dataclass(frozen=True)
class Solutions:
    """SELECT results: variables in order and rows of terms (None where unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]


# --- pyoxigraph ---------------------------------------------------------------------------------

def from_ox(x) -> Term | None:
    """A pyoxigraph term (or None) as a :class:`Term`."""
    import pyoxigraph as ox

    if x is None:
        return None
    if isinstance(x, ox.NamedNode):
        return Term.iri(x.value)
    if isinstance(x, ox.BlankNode):
        return Term("bnode", x.value)
    return Term.literal(x.value, lang=x.language or "", datatype=x.datatype.value if x.datatype else "")


def to_ox(t: Term):
    """A :class:`Term` as a pyoxigraph term."""
    import pyoxigraph as ox

    if t.type == "uri":
        return ox.NamedNode(t.value)
    if t.type == "bnode":
        return ox.BlankNode(t.value)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype) if t.datatype else None)


# --- rdflib -------------------------------------------------------------------------------------

def term_to_rdflib(t: Term):
    """A :class:`Term` (IRI or literal) as an rdflib term."""
    from rdflib import Literal, URIRef

    if t.type == "uri":
        return URIRef(t.value)
    return Literal(t.value, lang=t.lang or None, datatype=URIRef(t.datatype) if t.datatype else None)


def term_from_rdflib(x) -> Term | None:
    """An rdflib term (or None) as a :class:`Term`."""
    from rdflib import BNode, URIRef

    if x is None:
        return None
    if isinstance(x, URIRef):
        return Term.iri(str(x))
    if isinstance(x, BNode):
        return Term("bnode", str(x))
    return Term.literal(str(x), lang=x.language or "", datatype=str(x.datatype) if x.datatype else "")


# --- between rdflib and pyoxigraph --------------------------------------------------------------

@cache
def _rdflib_to_ox():
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    def convert(term):
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        raise TypeError(term)

    return convert


def ox_to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    if dt == XSD + "string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(dt))


def _memoised(convert):
    """``convert`` remembering its answers: the same IRIs recur thousands of times in a graph."""
    memo: dict = {}

    def term(t):
        x = memo.get(t)
        if x is None:
            x = memo[t] = convert(t)
        return x

    return term


def graph_to_store(graph, store=None):
    """Copy an rdflib graph (or any iterable of rdflib triples) into the default graph of a (new) store."""
    import pyoxigraph as ox

    store = store if store is not None else ox.Store()
    term, default = _memoised(_rdflib_to_ox()), ox.DefaultGraph()
    store.extend(ox.Quad(term(s), term(p), term(o), default) for s, p, o in graph)
    return store


def store_to_graph(store, prefixes: dict[str, str] | None = None):
    """Copy the default graph of a pyoxigraph store into a new rdflib graph."""
    import pyoxigraph as ox
    from rdflib import Graph

    g = Graph()
    for p, ns in (prefixes or {}).items():
        g.bind(p, ns, override=True)
    term = _memoised(ox_to_rdflib)
    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g
