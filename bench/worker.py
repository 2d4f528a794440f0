"""What the benchmark runs in a fresh interpreter: ``python -m bench.worker TASK 'JSON-ARGS'``.

Each task prints one JSON object on stdout. Run from the small launcher (launch.py), the
process's ``ru_maxrss`` is its own peak memory.

- ``build``: ``run_build`` on ``sources`` into ``output``; the step timings, counts and the peak
  memory of the build alone.
- ``queries``: open ``graph`` on the embedded engine and time named queries (p50 over ``reps``
  runs, stopping a query early once it has used ``budget_s``).
- ``floor``: what pyoxigraph alone does with the same output: ``Store.bulk_load`` of ``graph``
  (Turtle) and a dump of it to Turtle in ``output``: the floor a build is compared with.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def task_build(args: dict) -> dict:
    from qmkg.pipeline import run_build

    t0 = time.perf_counter()
    report = run_build(args["sources"], output=args["output"], validate=args.get("validate", False),
                       reason=args.get("reason", "fast"), progress=False)
    return {
        "run_build_s": time.perf_counter() - t0,
        "timings": report.timings,
        "triples": report.triples,
        "activities": report.activities,
        "organisers": report.organisers,
        "warnings": len(report.warnings),
        "conforms": report.conforms,
        "maxrss_mb": _maxrss_mb(),
    }


def task_queries(args: dict) -> dict:
    from qmkg.query.library import QueryService

    from .queries import time_query

    t0 = time.perf_counter()
    qs = QueryService.open(args["graph"])
    load_s = time.perf_counter() - t0
    results = {}
    for q in args["queries"]:
        results[q["name"]] = time_query(qs, q["name"], q["params"], reps=args["reps"], budget_s=args["budget_s"])
    return {"load_s": load_s, "results": results, "maxrss_mb": _maxrss_mb()}


def task_floor(args: dict) -> dict:
    import pyoxigraph as ox

    t0 = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=args["graph"], format=ox.RdfFormat.TURTLE)
    t1 = time.perf_counter()
    store.dump(output=args["output"], format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    return {"load_s": t1 - t0, "dump_s": time.perf_counter() - t1, "triples": len(store), "maxrss_mb": _maxrss_mb()}


TASKS = {"build": task_build, "queries": task_queries, "floor": task_floor}


def main(argv: list[str]) -> int:
    task, args = argv[0], json.loads(argv[1])
    json.dump(TASKS[task](args), sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
