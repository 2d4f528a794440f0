"""The query library: named SPARQL questions in ``queries/*.rq`` with strictly parsed headers.

A header is a block of ``# key: value`` lines at the top of the file::

    # name: organisers-by-theme
    # title@zh: 按主题查找主办单位
    # title@en: Organisers by theme
    # description: Organisers whose activities are about a concept or a narrower one.
    # param: theme | concept | 计量 | a theme, activity kind, target group or sector
    # columns: organiser, organiserLabel, activities

Parameters are resolved from a label (zh or en, pref or alt) or an IRI to an RDF term and
bound as a term: never pasted into the query text. A parameter is bound to the variable of its
name (``?theme``); one named like an output column is bound to ``?{name}Param`` instead, so
``search`` takes ``text`` and still returns a ``text`` column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qmkg.core.errors import ConfigError, InputError
from qmkg.core.resources import default_graph, queries_dir
from qmkg.core.terms import Solutions, Term
from qmkg.core.text import clip, did_you_mean
from qmkg.query.engines import Answer, Engine, OxigraphEngine, RdflibEngine
from qmkg.query.remote import REMOTE_TIMEOUT, RemoteEngine

PARAM_TYPES = ("concept", "kind", "organiser", "campaign", "text")
LANGS = ("zh", "en")
_REQUIRED = ("name", "title@zh", "title@en", "description", "columns")
_KEYS = (*_REQUIRED, "param", "compute")
_HINT_MAX = 200  # longer values get no "did you mean"
_HEADER = re.compile(r"^#\s?([A-Za-z@]+):\s*(.*?)\s*$")


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    example: str
    description: str
    variable: str = ""  # the SPARQL variable it is bound to (without "?"); default its name

    def __post_init__(self) -> None:
        if not self.variable:
            object.__setattr__(self, "variable", self.name)


@dataclass(frozen=True)
class StoredQuery:
    """A named question: its header and its SPARQL text."""

    name: str
    title_zh: str
    title_en: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    sparql: str
    path: Path
    compute: str = ""  # a Python step after the query (qmkg.query.similarity.COMPUTED)

    def title(self, lang: str = "en") -> str:
        return self.title_zh if lang == "zh" else self.title_en


def _param(value: str, params: list[Param], where: str) -> Param:
    """One ``# param: name | type | example | description`` line."""
    parts = [p.strip() for p in value.split("|")]
    if len(parts) != 4 or not all(parts):
        raise ConfigError(f"{where}: param needs 'name | type | example | description'")
    if parts[1] not in PARAM_TYPES:
        raise ConfigError(f"{where}: unknown param type {parts[1]!r}")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", parts[0]) or parts[0] == "lang":
        raise ConfigError(f"{where}: bad param name {parts[0]!r}")
    if any(p.name == parts[0] for p in params):
        raise ConfigError(f"{where}: duplicate param {parts[0]!r}")
    return Param(*parts)


def _header(path: Path, text: str) -> tuple[dict[str, str], list[Param], int]:
    """The header's fields and parameters, and the offset where the query starts."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    body_start = 0
    for n, line in enumerate(text.splitlines(keepends=True), start=1):
        if not line.startswith("#"):
            break
        body_start += len(line)
        if not line[1:].strip():
            continue
        m = _HEADER.match(line)
        if not m:
            raise ConfigError(f"{path}:{n}: header line is not '# key: value'")
        key, value = m.group(1), m.group(2)
        if key not in _KEYS:
            raise ConfigError(f"{path}:{n}: unknown header key {key!r}")
        if not value:
            raise ConfigError(f"{path}:{n}: empty value for {key!r}")
        if key == "param":
            params.append(_param(value, params, f"{path}:{n}"))
        elif key in fields:
            raise ConfigError(f"{path}:{n}: duplicate header key {key!r}")
        else:
            fields[key] = value
    return fields, params, body_start


def parse_query_file(path: Path) -> StoredQuery:
    """Parse a .rq file; a malformed header raises :class:`ConfigError` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the query file: {e}") from None
    fields, params, body_start = _header(path, text)
    for key in _REQUIRED:
        if key not in fields:
            raise ConfigError(f"{path}: header lacks {key!r}")
    if fields["name"] != path.stem:
        raise ConfigError(f"{path}: header name {fields['name']!r} differs from the file name")
    columns = tuple(c.strip() for c in fields["columns"].split(","))
    if len(set(columns)) != len(columns) or not all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", c) for c in columns):
        raise ConfigError(f"{path}: columns must be distinct variable names: {fields['columns']!r}")
    params = [Param(p.name, p.type, p.example, p.description, p.name + "Param" if p.name in columns else p.name)
              for p in params]
    sparql = text[body_start:]
    selected = _computed_columns(path, fields.get("compute", ""), columns)
    for c in selected:
        if not re.search(r"\?" + re.escape(c) + r"\b", sparql):
            raise ConfigError(f"{path}: column {c!r} does not appear in the query")
    for p in params:
        if not re.search(r"\?" + re.escape(p.variable) + r"\b", sparql):
            raise ConfigError(f"{path}: parameter {p.name!r} does not appear in the query as ?{p.variable}")
    return StoredQuery(
        name=fields["name"], title_zh=fields["title@zh"], title_en=fields["title@en"],
        description=fields["description"], params=tuple(params), columns=columns, sparql=sparql, path=path,
        compute=fields.get("compute", ""),
    )


def _computed_columns(path: Path, compute: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The variables the query must select: its columns, or what its ``compute`` step reads."""
    if not compute:
        return columns
    from qmkg.query.similarity import COMPUTED

    if compute not in COMPUTED:
        raise ConfigError(f"{path}: unknown compute step {compute!r}; choose from {', '.join(COMPUTED)}")
    if COMPUTED[compute].columns != columns:
        raise ConfigError(f"{path}: compute step {compute!r} gives {', '.join(COMPUTED[compute].columns)}")
    return COMPUTED[compute].inputs


@cache
def library(folder: Path | None = None) -> dict[str, StoredQuery]:
    """Every named query, by name.

    >>> "organisers-by-theme" in library()
    True
    """
    folder = folder or queries_dir()
    return {q.name: q for q in (parse_query_file(p) for p in sorted(folder.glob("*.rq")))}


@cache
def lookup(ptype: str, folder: Path | None = None) -> StoredQuery:
    """The query listing candidate terms and labels for a parameter type."""
    return parse_query_file((folder or queries_dir()) / "lookup" / f"{ptype}.rq")


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query: terms by column; ``records()`` gives typed Python values."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def records(self) -> list[dict[str, object]]:
        return [{c: (t.python() if t else None) for c, t in zip(self.columns, row)} for row in self.rows]

    def column(self, name: str) -> list[object]:
        i = self.columns.index(name)
        return [row[i].python() if row[i] else None for row in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame (pandas is the optional extra ``qmkg[pandas]``)."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_dataframe needs pandas: pip install 'qmkg[pandas]'") from e
        return pd.DataFrame(self.records(), columns=list(self.columns))

    def __len__(self) -> int:
        return len(self.rows)


def _result(sol: Solutions, columns: tuple[str, ...] | None = None) -> QueryResult:
    if columns is None or tuple(sol.variables) == columns:
        return QueryResult(tuple(sol.variables), sol.rows)
    idx = [sol.variables.index(c) for c in columns]
    return QueryResult(columns, tuple(tuple(r[i] for i in idx) for r in sol.rows))


class QueryService:
    """Named questions over one engine.

    >>> qs = QueryService.open()
    >>> res = qs.run("organisers-by-campaign", campaign="铁拳")
    >>> sorted(res.column("organiserLabel"))
    ['市场监管总局', '广东省', '广西壮族自治区']
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self._candidates: dict[str, list[tuple[Term, str, int]]] = {}

    @classmethod
    def open(cls, path: str | Path | None = None, *, endpoint: str | None = None, engine: str = "oxigraph",
             timeout: float = REMOTE_TIMEOUT) -> QueryService:
        """The service over a graph file (default: the bundled graph) or a remote endpoint."""
        if endpoint:
            return cls(RemoteEngine(endpoint, timeout=timeout))
        if path is None:
            path = default_graph()
            if not Path(path).is_file():
                raise InputError(f"{path}: no graph yet; run `qmkg build` first")
        if engine == "rdflib":
            return cls(RdflibEngine.from_file(path))
        return cls(OxigraphEngine.from_file(path))

    # -- parameters ------------------------------------------------------------------------
    def candidates(self, ptype: str) -> list[tuple[Term, str, int]]:
        if ptype not in self._candidates:
            q = lookup(ptype)
            sol = self.engine.select(q.sparql)
            ti, li, ri = (sol.variables.index(v) for v in ("term", "label", "rank"))
            self._candidates[ptype] = [(r[ti], r[li].value, int(r[ri].value)) for r in sol.rows if r[ti] and r[li]]
        return self._candidates[ptype]

    def resolve(self, ptype: str, value: str, *, param: str | None = None) -> Term:
        """The RDF term a user's value names: a label (zh or en, pref or alt) or an IRI."""
        param = param or ptype
        if not _is_text(value):  # undecodable bytes in argv arrive as lone surrogates
            raise InputError(f"{param}: {clip(value)!r} is not valid text (is the terminal's encoding UTF-8?)")
        if ptype == "text":
            return Term.literal(value)
        value = value.strip()
        cands = self.candidates(ptype)
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if re.match(r"^https?://", iri):
            if any(t.value == iri for t, _, _ in cands):
                return Term.iri(iri)
            raise InputError(f"unknown {param} {clip(value)!r}: no such IRI in the graph")
        folded = value.casefold()
        for rank in sorted({r for _, _, r in cands}):
            for exact in (True, False):
                hits = sorted({t for t, label, r in cands if r == rank and
                               (label == value if exact else label.casefold() == folded)})
                if len(hits) == 1:
                    return hits[0]
                if len(hits) > 1:
                    raise InputError(f"ambiguous {param} {clip(value)!r}: it names {', '.join(h.value for h in hits)}")
        raise InputError(f"unknown {param} {clip(value)!r}{self._hint(cands, value)}")

    @staticmethod
    def _hint(cands: list[tuple[Term, str, int]], value: str) -> str:
        """"; did you mean: …" with the closest pref and alt labels, compared without case."""
        if len(value) > _HINT_MAX:  # no label is this long, and comparing it would take seconds
            return ""
        best = min((r for _, _, r in cands), default=1)
        return did_you_mean(value, (label for _, label, r in cands if r == best), n=5)

    # -- running ---------------------------------------------------------------------------
    def stream(self, name: str, /, *, lang: str = "zh", **params: str) -> Answer:
        """Run a named query with keyword parameters (labels or IRIs); its rows are read lazily."""
        q = library().get(name)
        if q is None:
            raise InputError(f"unknown query {clip(name)!r}{did_you_mean(name[:_HINT_MAX], library())}")
        if lang not in LANGS:
            raise InputError(f"unknown language {clip(lang)!r}; choose from {', '.join(LANGS)}")
        expected = {p.name for p in q.params}
        extra = set(params) - expected
        if extra:
            raise InputError(f"query {name} takes no parameter {clip(sorted(extra)[0])!r}; "
                             f"it takes: {', '.join(sorted(expected)) or 'none'}")
        bindings: dict[str, Term] = {}
        for p in q.params:
            if p.name not in params:
                raise InputError(f"query {name} needs --param {p.name}=… (e.g. {p.name}={p.example})")
            bindings[p.variable] = self.resolve(p.type, params[p.name], param=p.name)
        if re.search(r"\?lang\b", q.sparql):
            bindings["lang"] = Term.literal(lang)
        if q.compute:  # a step in Python after a compact SPARQL answer (all-pairs questions)
            from qmkg.query.similarity import COMPUTED

            sol = self.engine.select(q.sparql, bindings)
            return Answer("select", q.columns, rows=iter(COMPUTED[q.compute].run(sol.variables, sol.rows)))
        answer = self.engine.answer(q.sparql, bindings)
        if tuple(answer.variables) == q.columns:
            return answer
        idx = [answer.variables.index(c) for c in q.columns]
        return Answer("select", q.columns, rows=(tuple(r[i] for i in idx) for r in answer.rows))

    def run(self, name: str, /, *, lang: str = "zh", **params: str) -> QueryResult:
        """Run a named query with keyword parameters (labels or IRIs)."""
        answer = self.stream(name, lang=lang, **params)
        return QueryResult(answer.variables, tuple(answer.rows))

    def stream_sparql(self, query: str) -> Answer:
        """Run an ad-hoc query of any form (SELECT, ASK, CONSTRUCT, DESCRIBE); its answer is read lazily."""
        return self.engine.answer(query)

    def run_stored(self, query: StoredQuery) -> QueryResult:
        """Run a stored query that takes no parameters (one of :func:`library`'s, of any folder).

        >>> qs = QueryService.open()
        >>> q = library(queries_dir() / "network")["organisers"]
        >>> qs.run_stored(q).columns
        ('organiser', 'labelZh', 'labelEn', 'kind')
        """
        if query.params:
            raise InputError(f"query {query.name} takes parameters; run it by name with run()")
        return _result(self.engine.select(query.sparql), query.columns)

    def sparql(self, query: str) -> QueryResult:
        """Run an ad-hoc SELECT query."""
        return _result(self.engine.select(query))
