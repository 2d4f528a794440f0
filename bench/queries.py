"""Latency of every library query, in-process, on the embedded engine and on rdflib's own engine.

Each query runs with the example values of its header (``# param: name | type | example | …``).
Runs of the two engines are interleaved, round by round, so that noise on a shared machine
falls on both alike. Latency is the time of ``QueryService.run``: parameter resolution, the
query and the conversion of the answer to rows, as a caller sees it.
"""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from .measure import ratio, summarise

ENGINES = ("oxigraph", "rdflib")
# the aggregate questions whose speed-up over rdflib has a target (issue 5)
AGGREGATES = ("theme-cooccurrence", "organiser-similarity")


@dataclass(frozen=True)
class QueryPlan:
    """How much to measure: rounds, runs per round, and time budgets per query and engine."""

    rounds: int
    oxigraph_per_round: int
    budget_s: dict[str, float]  # engine -> the most time to spend on one query
    rdflib_cutoff_s: float  # an rdflib query whose first timed run is slower than this runs once only
    rdflib_limit_s: float  # an rdflib run is stopped after this long
    rdflib_only: tuple[str, ...] | None = None  # the queries run on rdflib too (None: all of them)


class Overtime(Exception):
    """A run went over its time limit."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the Python code inside after ``seconds`` (rdflib's engine is pure Python)."""
    def on_alarm(_signum, _frame):
        raise Overtime(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def example_params(name: str) -> dict[str, str]:
    from qmkg.query.library import library

    return {p.name: p.example for p in library()[name].params}


def _ms(times: list[float]) -> dict:
    return summarise([t * 1000 for t in times])


def _run(qs, name: str, params: dict[str, str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    res = qs.run(name, **params)
    return time.perf_counter() - t0, len(res)


def time_query(qs, name: str, params: dict[str, str], *, reps: int, budget_s: float) -> dict:
    """p50/p95 (ms) of one query on one service, after a warm-up run; or the error it raised.

    A query whose warm-up run alone takes longer than ``budget_s`` is not run again: that
    run is its one sample.
    """
    try:
        first, rows = _run(qs, name, params)
    except Exception as e:  # a broken query is reported, not fatal to the benchmark
        return {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"}
    if first > budget_s:
        return {"rows": rows, "ms": _ms([first]), "note": f"one run only (the first took {first:.1f} s)"}
    times: list[float] = []
    while len(times) < reps and (sum(times) < budget_s or not times):
        times.append(_run(qs, name, params)[0])
    return {"rows": rows, "ms": _ms(times)}


def _warm_up(service, n: str, e: str, params: dict, plan: QueryPlan) -> dict:
    """One first run of query ``n`` on engine ``e``: its row count, or why it was not timed."""
    if e == "rdflib" and plan.rdflib_only is not None and n not in plan.rdflib_only:
        return {"note": "not run on rdflib in this mode"}
    try:
        with time_limit(plan.rdflib_limit_s) if e == "rdflib" else nullcontext():
            _, rows = _run(service, n, params)
    except Overtime as exc:
        return {"error": f"stopped: {exc}"}
    except Exception as exc:  # reported per query and engine
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"}
    return {"rows": rows}


def _time_round(service, n: str, e: str, params: dict, plan: QueryPlan, samples: list[float], state: dict) -> None:
    """This round's runs of query ``n`` on engine ``e``, within the engine's time budget."""
    runs = plan.oxigraph_per_round if e == "oxigraph" else 1
    for _ in range(runs):
        if samples and sum(samples) >= plan.budget_s[e]:
            return
        try:
            with time_limit(plan.rdflib_limit_s) if e == "rdflib" else nullcontext():
                samples.append(_run(service, n, params)[0])
        except Overtime as exc:
            state["note"] = f"a run stopped: {exc}"
            return
        if e == "rdflib" and len(samples) == 1 and samples[0] > plan.rdflib_cutoff_s:
            state["note"] = f"one run only ({samples[0]:.1f} s)"
            return


def _entry(n: str, params: dict, state: dict, samples: dict, plan: QueryPlan) -> dict:
    """One query's figures on both engines, and whether they gave the same rows."""
    entry: dict = {"params": params, "aggregate": n in AGGREGATES}
    for e in ENGINES:
        entry[e] = dict(state[n, e])
        if samples[n, e]:
            entry[e]["ms"] = _ms(samples[n, e])
    p50 = {e: entry[e].get("ms", {}).get("p50") for e in ENGINES}
    entry["speedup_p50"] = ratio(p50["rdflib"], p50["oxigraph"])
    if entry["rdflib"].get("error", "").startswith("stopped") and p50["oxigraph"]:
        entry["speedup_at_least"] = ratio(plan.rdflib_limit_s * 1000, p50["oxigraph"])
    rows = {entry[e].get("rows") for e in ENGINES}
    ran = all("rows" in entry[e] or "error" in entry[e] for e in ENGINES)
    entry["same_rows"] = (len(rows) == 1 and None not in rows) if ran else None
    return entry


def bench_library(graph: Path, plan: QueryPlan) -> dict:
    """Every library query on both engines over ``graph``; the speed-up is rdflib p50 / oxigraph p50."""
    from qmkg.query.library import QueryService, library

    services, load_s = {}, {}
    for engine in ENGINES:
        t0 = time.perf_counter()
        services[engine] = QueryService.open(graph, engine=engine)
        load_s[engine] = time.perf_counter() - t0
    names = sorted(library())
    params = {n: example_params(n) for n in names}
    samples: dict[tuple[str, str], list[float]] = {(n, e): [] for n in names for e in ENGINES}
    # warm-up: parameter lookups cached, answers counted
    state = {(n, e): _warm_up(services[e], n, e, params[n], plan) for n in names for e in ENGINES}
    for r in range(plan.rounds):
        for n in names:
            for e in ENGINES if r % 2 == 0 else ENGINES[::-1]:
                if "error" not in state[n, e] and "note" not in state[n, e]:
                    _time_round(services[e], n, e, params[n], plan, samples[n, e], state[n, e])
    out = {n: _entry(n, params[n], state, samples, plan) for n in names}
    return {"graph": str(graph), "load_s": {e: round(load_s[e], 4) for e in ENGINES}, "results": out,
            "plan": {"rounds": plan.rounds, "oxigraph_per_round": plan.oxigraph_per_round,
                     "budget_s": plan.budget_s, "rdflib_cutoff_s": plan.rdflib_cutoff_s,
                     "rdflib_limit_s": plan.rdflib_limit_s}}
