"""``qmkg build``: notices in, one graph file out. Argument parsing and option checks only."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qmkg.cli.options import check_base, check_output, note, warn
from qmkg.core.errors import InputError, QmkgError
from qmkg.core.text import clip

_REASON_HELP = ("entailments written into the graph: fast (subclasses, broader themes, inverses; default, "
                "well under a second), owlrl (the full OWL 2 RL closure in Python: about 10 s for the 2024 "
                "notice), none (queries still see narrower themes: they are inferred when a graph is read)")


def _check(a: argparse.Namespace) -> None:
    """Every option value, before any work starts."""
    check_base(a.base)
    if a.output:
        check_output(a.output)
    seen: dict[Path, str] = {}
    for s in a.sources:
        key = Path(s).resolve()
        if key in seen:
            raise InputError(f"{clip(s)}: given twice (as {clip(seen[key])} too); give each notice once")
        seen[key] = s
    suffix = Path(a.output).suffix if a.output else ""
    if a.format and suffix in (".ttl", ".jsonld", ".nt") and suffix != f".{a.format}":
        raise InputError(f"-o {clip(a.output)} does not end in .{a.format}, the --format given")
    if not a.output and not a.check:
        from qmkg.core.resources import default_graph_dir

        check_output(default_graph_dir() / "qm.ttl", "the default output folder")


def cmd_build(a: argparse.Namespace) -> int:
    from qmkg.core.resources import default_source
    from qmkg.pipeline import run_build

    _check(a)
    fmt = a.format or (Path(a.output).suffix.lstrip(".") if a.output else "") or "ttl"
    if fmt not in ("ttl", "jsonld", "nt"):
        fmt = "ttl"
    if a.reason == "owlrl":
        note("--reason owlrl computes the OWL 2 RL closure in Python: this takes about 10 s for one notice")
    sources = a.sources or [str(default_source())]
    if a.explain:
        _explain(sources)
    report = run_build(sources, output=a.output, write=not a.check, reason=a.reason,
                       validate=a.validate, base=a.base, fmt=fmt, refuse_invalid=True,
                       dataset_id=a.dataset_id, publish_url=a.publish_url)
    output = report.output
    if not a.quiet:
        for w in report.warnings:
            warn(w)
    if report.conforms is False:
        print(report.validation, file=sys.stderr)
        raise QmkgError(f"the graph does not conform to the shapes; {output} not written")
    where = "checked (not written)" if a.check else f"wrote {output}"
    print(f"{where}: {report.organisers} organisers, {report.activities} activities, "
          f"{report.triples} triples, reasoning {a.reason}"
          + (", conforms to the shapes" if report.conforms else "")
          + f" ({sum(report.timings.values()):.2f} s)")
    return 0


def _explain(sources: list[str]) -> None:
    """Print the tagging report of each notice (:func:`qmkg.extract.tagging.explain`) before the build."""
    from qmkg.extract.tagging import explain
    from qmkg.pipeline import extract_sources
    from qmkg.vocab.lexicon import load_lexicon
    from qmkg.vocab.thesaurus import load_thesaurus

    lex, thes = load_lexicon(), load_thesaurus()
    sys.stdout.write("".join(explain(x, thes, lex).render(thes) for x in extract_sources(sources, lex, thes)))


def register(sub) -> None:
    """Add ``qmkg build`` to the command's sub-parsers."""
    from qmkg.core.namespaces import DEFAULT_BASE

    p = sub.add_parser("build", help="build the graph of one or more notices",
                       description="Read notices (text, .docx, .html, .pdf ...), extract organisers, activities "
                                   "and themes, and write one graph file.")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="notice files or folders of them (default: the bundled 2024 notice)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="output file (default: qm-YEAR.ttl in the checkout's graph/ folder when run inside the "
                        "checkout, else in the working directory; the other commands read it from there)")
    p.add_argument("--reason", choices=("fast", "owlrl", "none"), default="fast", help=_REASON_HELP)
    p.add_argument("--validate", action="store_true", help="check the graph against ontology/shapes.ttl; "
                                                           "a graph that does not conform is not written")
    p.add_argument("--base", default=DEFAULT_BASE, metavar="IRI",
                   help=f"base IRI of the data: absolute http(s), ending in / or # (default {DEFAULT_BASE})")
    p.add_argument("--format", choices=("ttl", "jsonld", "nt"), default=None,
                   help="Turtle, JSON-LD or N-Triples (default: from the -o suffix, else ttl)")
    p.add_argument("--dataset-id", help="name of the dataset (default: from its notices, qm-2024, qm-2018-2025)")
    p.add_argument("--publish-url", help="URL of the folder the dumps are published in (default: BASE/dump/)")
    p.add_argument("--check", action="store_true", help="parse and build, write nothing")
    p.add_argument("-q", "--quiet", action="store_true", help="no warnings")
    p.add_argument("--explain", action="store_true", help="print which labels tagged each activity, and the untagged")
    p.set_defaults(func=cmd_build)
