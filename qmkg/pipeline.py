"""The one build path: read, parse, extract, graph, reason, validate, serialise.

Each step is timed, so the benchmark reports where a build spends its time. :func:`run_build`
(the CLI's and the benchmark's) and :func:`build_notices` (the Python API's rdflib graph) share
:func:`extract_sources`, so both read and extract notices the same way.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qmkg.core.errors import InputError
from qmkg.core.namespaces import DEFAULT_BASE


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_notices` gives: the rdflib graph (no reasoning, no metadata) and the extractions."""

    graph: object  # rdflib.Graph
    extractions: tuple
    warnings: tuple[str, ...]


@dataclass
class BuildReport:
    """What a build produced and how long each step took (seconds)."""

    output: Path | None
    triples: int
    activities: int
    organisers: int
    warnings: tuple[str, ...]
    timings: dict[str, float] = field(default_factory=dict)
    conforms: bool | None = None
    validation: str = ""


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.timings[step] = self.timings.get(step, 0.0) + now - self._t
        self._t = now


def default_output_name(notices) -> str:
    years = sorted({n.year for n in notices})
    ids = sorted({n.notice_id for n in notices})
    return f"qm-{ids[0]}" if len(ids) == 1 else f"qm-{years[0]}-{years[-1]}" if len(years) > 1 else f"qm-{years[0]}"


def extract_sources(sources: Sequence[str | Path], lex, thes, clock: _Clock | None = None) -> list:
    """Read, parse and extract every source; two notices with the same id are an :class:`InputError`."""
    from qmkg.extract.extractor import Extractor
    from qmkg.ingest.notice import parse_notice
    from qmkg.ingest.sources import read_source

    clock = clock or _Clock()
    read = [read_source(p) for p in sources]
    clock.lap("read")
    notices = [parse_notice(s, lex) for s in read]
    ids = [n.notice_id for n in notices]
    if len(set(ids)) != len(ids):
        raise InputError(f"two notices have the same year and issuer: {sorted(ids)}")
    clock.lap("parse")
    extractor = Extractor(lex, thes)
    extractions = [extractor.extract(n) for n in notices]
    clock.lap("extract")
    return extractions


def build_notices(paths: Sequence[str | Path], *, base: str = DEFAULT_BASE, lexicon=None, thesaurus=None) -> BuildResult:
    """Read, parse and extract each notice and build one rdflib graph (no reasoning, no metadata).

    >>> from qmkg.core.resources import default_source
    >>> r = build_notices([default_source()])
    >>> len(r.extractions[0].notice.items)
    75
    """
    from qmkg.graph.build import GraphBuilder
    from qmkg.vocab.lexicon import load_lexicon
    from qmkg.vocab.thesaurus import load_thesaurus

    lex = lexicon or load_lexicon()
    extractions = extract_sources(paths, lex, thesaurus or load_thesaurus())
    builder = GraphBuilder(base=base, lexicon=lex)
    for x in extractions:
        builder.add_extraction(x)
    return BuildResult(builder.graph, tuple(extractions), tuple(w for x in extractions for w in x.warnings))


def run_build(
    sources: Sequence[str | Path],
    *,
    output: str | Path | None = None,
    write: bool = True,
    reason: str = "fast",
    validate: bool = False,
    refuse_invalid: bool = False,
    base: str = DEFAULT_BASE,
    fmt: str = "ttl",
) -> BuildReport:
    """Build the graph of ``sources`` and write it to ``output`` (default ``graph/qm-YEAR.ttl``).

    With ``refuse_invalid``, a graph that fails validation is not written.
    """
    clock = _Clock()
    import pyoxigraph as ox

    from qmkg.core.terms import graph_to_store, store_to_graph
    from qmkg.graph.build import GraphBuilder
    from qmkg.graph.metadata import dataset_metadata
    from qmkg.graph.reason import materialise_in_store
    from qmkg.graph.serialise import write_store
    from qmkg.vocab.lexicon import load_lexicon
    from qmkg.vocab.tbox import tbox_triples
    from qmkg.vocab.thesaurus import load_thesaurus

    clock.lap("import")
    lex = load_lexicon()
    thes = load_thesaurus()
    extractions = extract_sources(sources, lex, thes, clock)
    notices = [x.notice for x in extractions]
    builder = GraphBuilder(base=base, lexicon=lex, include_tbox=False)
    for x in extractions:
        builder.add_extraction(x)
    store = ox.Store()
    store.extend(builder.quads())
    del builder.triples[:]  # held once: the store has them now
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in tbox_triples())
    clock.lap("graph")
    materialise_in_store(store, reason)
    clock.lap("reason")
    name = Path(output).stem if output else default_output_name(notices)
    if output is None:
        output = Path("graph") / f"{name}.{fmt}"
    meta = dataset_metadata(
        base=base, name=name, reasoning=reason, triples=len(store),
        notices=[builder.iri("notice/" + n.notice_id).value for n in notices],
    )
    graph_to_store(meta, store)
    report = BuildReport(
        output=Path(output) if write else None,
        triples=len(store),
        activities=sum(len(x.activities) for x in extractions),
        organisers=len({i.organiser.name for n in notices for i in n.items}),
        warnings=tuple(w for x in extractions for w in x.warnings),
    )
    if validate:
        from qmkg.graph.validate import validate_graph

        result = validate_graph(store_to_graph(store))
        report.conforms, report.validation = result.conforms, result.summary()
        clock.lap("validate")
    if write and not (refuse_invalid and report.conforms is False):
        write_store(store, output, fmt)
        clock.lap("serialise")
    report.timings = clock.timings
    return report
