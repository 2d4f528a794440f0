"""``python -m bench [--quick] [--out DIR]``: the whole benchmark in one run.

Writes ``latest.md`` and ``latest.json`` into ``--out`` (default ``bench/results``).
The full run (S = 1, 10, 100, 300, then 1000 if it fits) takes 20-30 minutes on 2 cores;
``--quick`` (S = 1 and 2, one run of everything, no warm-up) exercises the whole harness in
10-20 seconds: its figures are not for quoting.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from .build import bench_build
from .cli import bench_cli
from .machine import load_average, machine_info
from .measure import ROOT
from .queries import AGGREGATES, QueryPlan, bench_library
from .report import check_targets, render_markdown, write_json
from .scale import ScalePlan, bench_scale
from .segmentation import bench_segmentation

PLANS = {
    "full": {
        "build_reps": 11,
        "warmup": True,
        "queries": QueryPlan(rounds=20, oxigraph_per_round=10, budget_s={"oxigraph": 3.0, "rdflib": 6.0},
                             rdflib_cutoff_s=3.0, rdflib_limit_s=60.0),
        "cli_reps": 21,
        "scale": ScalePlan(scales=(1, 10, 100, 300), reps={1: 5, 10: 3, 100: 3, 300: 1}, query_reps=11,
                           query_budget_s=3.0, query_timeout_s=1800.0, try_extra=True, max_seconds=1800.0),
    },
    "quick": {
        "build_reps": 1,
        "warmup": False,
        "queries": QueryPlan(rounds=1, oxigraph_per_round=1, budget_s={"oxigraph": 0.2, "rdflib": 0.5},
                             rdflib_cutoff_s=0.5, rdflib_limit_s=2.0, rdflib_only=AGGREGATES),
        "cli_reps": 1,
        "scale": ScalePlan(scales=(1, 2), reps={1: 1, 2: 1}, query_reps=1, query_budget_s=0.2,
                           query_timeout_s=120.0, try_extra=False, max_seconds=300.0),
    },
}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(mode: str, out: Path, *, max_seconds: float | None = None) -> dict:
    from qmkg.core.resources import default_graph, default_source

    plan = PLANS[mode]
    scale_plan = plan["scale"]
    if max_seconds is not None:
        scale_plan = ScalePlan(**{**scale_plan.__dict__, "max_seconds": max_seconds})
    started = time.perf_counter()
    report: dict = {
        "schema": 1,
        "mode": mode,
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info(),
    }
    log("segmentation: the 2024 notice against its hand-checked segmentation")
    report["segmentation"] = bench_segmentation()
    with tempfile.TemporaryDirectory(prefix="qmkg-bench-") as tmp:
        work = Path(tmp)
        log(f"build: cold qmkg build of the 2024 notice, {plan['build_reps']} runs per variant")
        report["build"] = bench_build(default_source(), work, reps=plan["build_reps"], warmup=plan["warmup"])
        graph = Path(report["build"].pop("graph"))
        log("queries: every library query on oxigraph and rdflib")
        report["queries"] = bench_library(graph, plan["queries"])
        report["queries"]["graph"] = "the 2024 graph just built (qmkg build, fast reasoning)"
        log(f"cli: cold qmkg query against the floors, {plan['cli_reps']} runs each")
        # the command exactly as a user types it when the bundled graph exists; else on the fresh one
        report["cli"] = bench_cli(None if default_graph().is_file() else graph, reps=plan["cli_reps"],
                                  warmup=plan["warmup"])
        log(f"scale: S = {', '.join(map(str, scale_plan.scales))}" + (" (then 1000 if it fits)"
                                                                        if scale_plan.try_extra else ""))

        def checkpoint(scale: dict) -> None:
            _write({**report, "scale": scale}, out, started)
            log(f"  wrote the figures so far to {out}")

        report["scale"] = bench_scale(work, scale_plan, log=log, checkpoint=checkpoint)
        if mode == "full":  # servers and load: not in the quick run the tests make
            from .http import bench_http

            log("http: qmkg serve and oxigraph serve-read-only, 1, 4 and 16 clients")
            report["http"] = bench_http(graph, work, log=log)
    _write(report, out, started)
    log(f"wrote {out / 'latest.md'} and {out / 'latest.json'} in {report['duration_s']:.0f} s")
    return report


def _write(report: dict, out: Path, started: float) -> None:
    report["machine"]["load_average_at_end"] = load_average()
    report["duration_s"] = round(time.perf_counter() - started, 1)
    report["targets"] = check_targets(report)
    out.mkdir(parents=True, exist_ok=True)
    write_json(report, out / "latest.json")
    from .http import render as render_http

    markdown = render_markdown(report) + (render_http(report["http"]) if "http" in report else "")
    (out / "latest.md").write_text(markdown, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description="qmkg benchmark: build, queries, CLI, scale.")
    ap.add_argument("--quick", action="store_true", help="S = 1 and 2, one run each: checks the harness (seconds)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="folder for latest.md/.json")
    ap.add_argument("--max-seconds", type=float, help="longest predicted S=1000 build to attempt (default 1800)")
    a = ap.parse_args(argv)
    report = run("quick" if a.quick else "full", a.out, max_seconds=a.max_seconds)
    for t in report["targets"]:
        mark = {True: "met", False: "MISSED", None: "not measured"}[t["met"]]
        print(f"{mark:>12}  {t['target']}: {t['figure']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
