"""The one build path: read, parse, extract, graph, reason, validate, serialise.

Each step is timed, so the benchmark reports where a build spends its time. :func:`run_build`
(the CLI's and the benchmark's) and :func:`build_notices` (the Python API's rdflib graph) share
:func:`extract_sources`, so both read and extract notices the same way.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
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

    def add(self, timings: dict[str, float]) -> None:
        """Steps timed elsewhere (one notice's, in this process), up to now."""
        for step, seconds in timings.items():
            self.timings[step] = self.timings.get(step, 0.0) + seconds
        self._t = time.perf_counter()


@dataclass(frozen=True)
class NoticeHead:
    """What a build keeps of a notice once its statements are made: what names and describes the dataset."""

    notice_id: str
    year: int
    scope: str
    layout: str = ""
    digest: str = ""  # SHA-256 of the normalised text: the same notice under two names
    path: str = ""


@dataclass(frozen=True)
class NoticePart:
    """What one notice gives a build, made independently of the others (in a worker process or not).

    ``statements`` are N-Triples; the descriptions of the organisers it names are kept apart,
    by organiser IRI in the order first named, because a build describes an organiser once: as
    the first notice that names it does (the same as building the notices one after another).
    """

    notice: NoticeHead
    activities: int
    organisers: frozenset[str]
    warnings: tuple[str, ...]
    statements: bytes
    descriptions: tuple[tuple[str, bytes], ...]
    timings: dict[str, float]


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
    """Read, parse and extract every source (files or folders of them), in this process.

    The same notice given twice is an :class:`InputError`; two different notices of one year
    and issuer keep distinct ids (:func:`qmkg.ingest.corpus.distinct_ids`).
    """
    from dataclasses import replace

    from qmkg.extract.extractor import Extractor
    from qmkg.ingest.corpus import check_distinct, distinct_ids, expand
    from qmkg.ingest.notice import parse_notice
    from qmkg.ingest.sources import read_source

    clock = clock or _Clock()
    read = [read_source(p) for p in expand(sources)]
    check_distinct(read)
    clock.lap("read")
    notices = [parse_notice(s, lex) for s in read]
    notices = [replace(n, notice_id=i) for n, i in zip(notices, distinct_ids(notices), strict=True)]
    clock.lap("parse")
    extractor = Extractor(lex, thes)
    extractions = [extractor.extract(n) for n in notices]
    clock.lap("extract")
    return extractions


@cache
def _tools():
    """This process's lexicon and extractor (each worker process makes its own once)."""
    from qmkg.extract.extractor import Extractor
    from qmkg.vocab.lexicon import load_lexicon
    from qmkg.vocab.thesaurus import load_thesaurus

    lex = load_lexicon()
    return lex, Extractor(lex, load_thesaurus())


def notice_part(source: str | Path, base: str = DEFAULT_BASE, notice_id: str | None = None) -> NoticePart:
    """Read, parse and extract one notice and make its statements (what a worker process does).

    >>> from qmkg.core.resources import default_source
    >>> part = notice_part(default_source())
    >>> part.notice.notice_id, part.activities, len(part.organisers)
    ('2024', 210, 75)
    """
    from qmkg.graph.build import GraphBuilder
    from qmkg.ingest.corpus import text_digest
    from qmkg.ingest.notice import parse_notice
    from qmkg.ingest.sources import read_source

    clock = _Clock()
    lex, extractor = _tools()
    text = read_source(source)
    clock.lap("read")
    notice = parse_notice(text, lex)
    if notice_id is not None:  # a second notice of one year and issuer (see _load_notices)
        from dataclasses import replace

        notice = replace(notice, notice_id=notice_id)
    clock.lap("parse")
    x = extractor.extract(notice)
    clock.lap("extract")

    builder = GraphBuilder(base=base, lexicon=lex, include_tbox=False)
    builder.add_extraction(x)
    statements, descriptions = _statements(builder)
    part = NoticePart(
        notice=NoticeHead(notice.notice_id, notice.year, notice.scope, notice.layout,
                          text_digest(text.text), str(source)),
        activities=len(x.activities),
        organisers=frozenset((r.scope, r.name) for i in notice.items for r in i.leads),
        warnings=(*text.warnings, *x.warnings), statements=statements, descriptions=descriptions, timings={},
    )
    clock.lap("triples")
    part.timings.update(clock.timings)
    return part


def _statements(builder) -> tuple[bytes, tuple[tuple[str, bytes], ...]]:
    """A notice's statements as N-Triples, the descriptions of its organisers apart (by IRI)."""
    import pyoxigraph as ox

    def nt(triples) -> bytes:
        return ox.serialize((ox.Triple(*s) for s in triples), format=ox.RdfFormat.N_TRIPLES)

    t, cut, body = builder.triples, 0, []
    for a, b in sorted(builder.described.values()):
        body += t[cut:a]
        cut = b
    body += t[cut:]
    return nt(body), tuple((k, nt(t[a:b])) for k, (a, b) in builder.described.items())


def _jobs(jobs: int | None, count: int) -> int:
    """Worker processes for ``count`` notices: ``jobs``, by default one per usable core; 1 means none."""
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs, count))


def _show_progress(count: int) -> bool:
    """A progress bar on stderr for a build of several notices on a terminal, or of many notices."""
    return count >= 50 or (count > 1 and sys.stderr.isatty())


def notice_parts(sources: Sequence[str | Path], *, base: str = DEFAULT_BASE, jobs: int | None = None,
                 progress: bool | None = None) -> Iterator[NoticePart]:
    """:func:`notice_part` of each source, in order: in a pool of ``jobs`` processes (default: one
    per usable core) when there are several notices, else in this process."""
    jobs = _jobs(jobs, len(sources))
    show = _show_progress(len(sources)) if progress is None else progress
    if jobs <= 1:
        parts = (notice_part(s, base) for s in sources)
        yield from (_with_progress(parts, len(sources)) if show else parts)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = pool.map(notice_part, [str(s) for s in sources], repeat(base))
        yield from (_with_progress(parts, len(sources)) if show else parts)


def _with_progress(parts, total: int) -> Iterator[NoticePart]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("notices"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("notices", total=total)
        for part in parts:
            yield part
            bar.advance(task)


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


def _load_notices(sources, *, base: str, jobs: int | None, progress: bool | None, clock: _Clock):
    """A store of the terminology and each notice's statements, in order; the notices' heads, and counts."""
    import pyoxigraph as ox

    from qmkg.ingest.corpus import check_new
    from qmkg.vocab.tbox import tbox_triples

    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in tbox_triples())
    notices, counts, described = [], {"activities": 0, "organisers": set(), "warnings": []}, set()
    seen: dict[str, str | Path] = {}
    pooled = _jobs(jobs, len(sources)) > 1
    for part in notice_parts(sources, base=base, jobs=jobs, progress=progress):
        clock.lap("notices") if pooled else clock.add(part.timings)
        check_new(part.notice.digest, part.notice.path, seen)
        part = _distinct(part, {n.notice_id for n in notices}, base)
        notices.append(part.notice)
        counts["activities"] += part.activities
        counts["organisers"] |= part.organisers
        counts["warnings"] += part.warnings
        new = [d for iri, d in part.descriptions if iri not in described]
        described.update(iri for iri, _ in part.descriptions)
        store.load(part.statements + b"".join(new), format=ox.RdfFormat.N_TRIPLES)
        clock.lap("graph")
    return store, notices, counts


def _distinct(part: NoticePart, ids: set[str], base: str) -> NoticePart:
    """``part``, made again under a distinct id (:func:`qmkg.ingest.corpus.distinct_id`) when an
    earlier notice has its year and issuer."""
    from qmkg.ingest.corpus import distinct_id

    head = part.notice
    new = distinct_id(head.notice_id, head.layout, head.digest, ids)
    return part if new == head.notice_id else notice_part(head.path, base, new)


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
    jobs: int | None = None,
    progress: bool | None = None,
) -> BuildReport:
    """Build the graph of ``sources`` (files or folders of them) and write it to ``output``
    (default ``qm-YEAR.ttl`` in :func:`~qmkg.core.resources.default_graph_dir`).

    The dataset is named after its notices (``qm-2024``, ``qm-2018-2025``) or ``dataset_id``,
    never after ``output``. With ``refuse_invalid``, a graph that fails validation is not written. Several notices are
    read and made into statements in ``jobs`` processes (default: one per usable core), with a
    progress bar on stderr (``progress``; default: on a terminal, or for many notices).
    """
    clock = _Clock()
    from qmkg.graph.build import GraphBuilder
    from qmkg.graph.metadata import check_dataset_id, describe_dataset
    from qmkg.graph.reason import materialise_in_store
    from qmkg.graph.serialise import write_store
    from qmkg.ingest.corpus import expand
    from qmkg.vocab.lexicon import load_lexicon

    clock.lap("import")
    lex = load_lexicon()
    builder = GraphBuilder(base=base, lexicon=lex, include_tbox=False)
    store, notices, counts = _load_notices(expand(sources), base=base, jobs=jobs, progress=progress, clock=clock)
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
        activities=counts["activities"],
        organisers=len(counts["organisers"]),
        warnings=tuple(counts["warnings"]),
    )
    if validate:
        _validate(store, report, clock)
    if write and not (refuse_invalid and report.conforms is False):
        write_store(store, output, fmt)
        clock.lap("serialise")
    report.timings = clock.timings
    return report


def _validate(store, report: BuildReport, clock: _Clock) -> None:
    """Check the store against the SHACL shapes; the result goes into ``report``."""
    from qmkg.core.terms import store_to_graph
    from qmkg.graph.validate import validate_graph

    result = validate_graph(store_to_graph(store))
    report.conforms, report.validation = result.conforms, result.summary()
    clock.lap("validate")
