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


def notice_facts(notices, builder, lex) -> list:
    """What the dataset description needs of each notice: IRI, year, build activity, issuing region."""
    from qmkg.core.namespaces import WD
    from qmkg.graph.build import slug
    from qmkg.graph.metadata import NoticeFacts

    out = []
    for n in notices:
        ref = lex.organiser(n.scope) if n.scope else None
        region = WD.term(ref.wikidata) if ref is not None and ref.wikidata else None
        labels = tuple((t, lang) for t, lang in ((ref.name, "zh"), (ref.en, "en")) if t) if region else ()
        out.append(NoticeFacts(iri=builder.iri("notice/" + slug(n.notice_id)).value, year=n.year,
                               build=builder.iri("build/" + slug(n.notice_id)).value, region=region,
                               region_labels=labels))
    return out


def extract_sources(sources: Sequence[str | Path], lex, thes, clock: _Clock | None = None) -> list:
    """Read, parse and extract every source (files or folders of them).

    The same notice given twice is an :class:`InputError`; two different notices of one year
    and issuer keep distinct ids (:func:`qmkg.ingest.corpus.distinct_ids`).
    """
    from dataclasses import replace

    from qmkg.extract.extractor import Extractor
    from qmkg.ingest.corpus import check_distinct, distinct_ids, expand
    from qmkg.ingest.notice import parse_notice
    from qmkg.ingest.sources import read_source

    clock = clock or _Clock()
    paths = expand(sources)
    read = [read_source(p) for p in _progress(paths, "reading")]
    check_distinct(read)
    clock.lap("read")
    notices = [parse_notice(s, lex) for s in _progress(read, "parsing")]
    notices = [replace(n, notice_id=i) for n, i in zip(notices, distinct_ids(notices), strict=True)]
    clock.lap("parse")
    extractor = Extractor(lex, thes)
    extractions = [extractor.extract(n) for n in _progress(notices, "extracting")]
    clock.lap("extract")
    return extractions


def _progress(items: list, label: str):
    """``items``, with a progress bar on stderr when many notices are built at a terminal."""
    import sys

    if len(items) < 5 or not sys.stderr.isatty():
        return items
    from rich.console import Console
    from rich.progress import track

    return track(items, description=f"{label} {len(items)} notices", console=Console(stderr=True), transient=True)


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
    dataset_id: str | None = None,
    publish_url: str | None = None,
) -> BuildReport:
    """Build the graph of ``sources`` and write it to ``output`` (default ``qm-YEAR.ttl`` in :func:`default_graph_dir`).

    The dataset is named after its notices (``qm-2024``, ``qm-2018-2025``) or ``dataset_id``,
    never after ``output``. With ``refuse_invalid``, a graph that fails validation is not written.
    """
    clock = _Clock()
    import pyoxigraph as ox

    from qmkg.core.fileio import write_atomic
    from qmkg.core.terms import store_to_graph
    from qmkg.graph.build import GraphBuilder
    from qmkg.graph.metadata import check_dataset_id, describe_dataset
    from qmkg.graph.reason import materialise_in_store
    from qmkg.graph.serialise import serialise_store
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
    dataset_id = check_dataset_id(dataset_id) if dataset_id else default_output_name(notices)
    if output is None:
        from qmkg.core.resources import default_graph_dir

        output = default_graph_dir() / f"{default_output_name(notices)}.{fmt}"
    describe_dataset(store, base=base, dataset_id=dataset_id, notices=notice_facts(notices, builder, lex),
                     reasoning=reason, publish_url=publish_url)
    report = BuildReport(
        output=Path(output) if write else None,
        triples=len(store),
        activities=sum(len(x.activities) for x in extractions),
        organisers=len({(r.scope, r.name) for n in notices for i in n.items for r in i.leads}),
        warnings=tuple(w for x in extractions for w in x.warnings),
    )
    if validate:
        from qmkg.graph.validate import validate_graph

        result = validate_graph(store_to_graph(store))
        report.conforms, report.validation = result.conforms, result.summary()
        clock.lap("validate")
    if write and not (refuse_invalid and report.conforms is False):
        data = serialise_store(store, fmt)
        write_atomic(output, data)
        clock.lap("serialise")
    report.timings = clock.timings
    return report
