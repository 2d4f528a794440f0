"""SPARQL text that is safe to run: keyword checks and parameter binding.

Nothing here lets query text reach the network or the file system: SERVICE, LOAD and FROM
are refused before a query runs, and parameters are bound as escaped terms, never as text.
"""

from __future__ import annotations

import re

from qmkg.core.errors import InputError
from qmkg.core.terms import Term

# keywords, not variables (?from) or prefixed names (ex:load, from:x)
_FORBIDDEN = re.compile(r"(?<![\w?$:])(SERVICE|LOAD|FROM)(?![\w:])", re.IGNORECASE)
_UPDATE = re.compile(r"(?<![\w?$:])(INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w:])", re.IGNORECASE)


def _code_only(query: str) -> str:
    """The query with comments, strings and IRIs blanked, for keyword checks.

    Blanked text becomes spaces (newlines stay), so an offset in the result is the same
    offset in the query: :func:`bind_as_values` relies on it.

    >>> _code_only('SELECT * { ?s <http://x/> "a{b" } # {')
    'SELECT * { ?s             "   " }    '
    """
    out, i, n = [], 0, len(query)

    def blank(a: int, b: int) -> None:
        out.append("".join(c if c == "\n" else " " for c in query[a:b]))

    while i < n:
        ch = query[i]
        if ch == "#":
            j = query.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
            continue
        if ch == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", query[i:]):
            j = query.find(">", i) + 1
            out.append(" ")  # the IRI's brackets and text: one token, kept as spaces
            blank(i + 1, j)
            i = j
            continue
        if ch in "\"'":
            quote = query[i:i + 3] if query[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            j = min(n, j + len(quote))
            out.append('"')  # keep a mark so a string still separates keywords
            blank(i + 1, j - 1)
            if j - 1 > i:
                out.append('"')
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def check_query(query: str) -> None:
    """Refuse what could reach the network or the file system, and updates.

    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    qmkg.core.errors.InputError: refused: SERVICE is not allowed in a query here
    """
    code = _code_only(query)
    m = _FORBIDDEN.search(code)
    if m:
        raise InputError(f"refused: {m.group(1).upper()} is not allowed in a query here")
    m = _UPDATE.search(code)
    if m and not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", code, re.IGNORECASE):
        raise InputError(f"refused: {m.group(1).upper()} (a SPARQL update) is not allowed here")


def _values_block(bindings: dict[str, Term]) -> str:
    if not bindings:
        return ""
    names = sorted(bindings)
    return "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(bindings[n].n3() for n in names) + ") }"


def _outer_group(code: str) -> int:
    """Offset just after the "{" that opens the outermost WHERE group (in comment-free code).

    The first "{" outside parentheses: a subquery's "WHERE {" comes later, and an
    ``(EXISTS { … } AS ?x)`` in the SELECT clause sits inside parentheses.
    """
    depth = 0
    for i, ch in enumerate(code):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "{" and depth == 0:
            return i + 1
    raise InputError("cannot bind parameters: the query has no WHERE clause")


def bind_as_values(query: str, bindings: dict[str, Term]) -> str:
    """Put bindings in a VALUES block at the start of the outermost WHERE group.

    Each value is written by :meth:`Term.n3`, which escapes literals and refuses IRIs and
    language tags that could end the term, so a value can change the answer but never the query.

    >>> print(bind_as_values('SELECT ?s { ?s ?p ?o }', {"o": Term.literal('x" } UNION { ?s ?p ?o')}))
    SELECT ?s {
      VALUES (?o) { ("x\\" } UNION { ?s ?p ?o") }
     ?s ?p ?o }
    """
    if not bindings:
        return query
    code = _code_only(query)
    if re.search(r"\b(CONSTRUCT|DESCRIBE)\b", code, re.I):
        raise InputError("parameters can only be bound in SELECT and ASK queries")
    at = _outer_group(code)
    return query[:at] + "\n  " + _values_block(bindings) + "\n" + query[at:]


_FORM = re.compile(r"(?<![\w?$:])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", re.IGNORECASE)
_STAR = re.compile(r"(?<![\w?$:])SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\ufffd]+)")


def query_form(query: str) -> str:
    """The form of a query: ``select``, ``ask``, ``construct`` or ``describe`` (its first such keyword).

    >>> query_form("PREFIX ex: <http://x/ASK> # CONSTRUCT\\nselect * { ?s ?p ?o }")
    'select'
    """
    m = _FORM.search(_code_only(query))
    if not m:
        raise InputError("not a query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return m.group(1).lower()


def variable_order(query: str, variables: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of a ``SELECT *`` query in the order their variables first appear in the query.

    Engines list ``SELECT *`` columns in an order of their own (Oxigraph sorts them); the W3C
    result-format tests expect the query's order. Other queries keep the engine's order, which
    is the SELECT clause's.

    >>> variable_order("SELECT * WHERE { ?s ?p ?o }", ("o", "p", "s"))
    ('s', 'p', 'o')
    >>> variable_order("SELECT ?o ?s WHERE { ?s ?p ?o }", ("o", "s"))
    ('o', 's')
    """
    code = _code_only(query)
    star = _STAR.search(code)
    if not star or star.start() != _FORM.search(code).start():
        return variables
    seen = dict.fromkeys(v for v in _VARIABLE.findall(code, star.end()) if v in variables)
    return tuple(seen) + tuple(v for v in variables if v not in seen)
