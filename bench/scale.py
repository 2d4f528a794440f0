"""Build time, peak memory, triples and query latency as the input grows (S = 1 … 1000).

Each build runs in a fresh worker (its worker processes included in its peak memory), and right
after it, on the same output, the floor: pyoxigraph alone bulk-loading that Turtle and writing
it again (``bench.worker floor``), so every build is compared with the floor of the same run.
Builds and floors of different scales are interleaved. Every library query is then timed at
every scale, in one worker per scale (its example parameters). The extra scale (S = 1000) runs
only when the largest scale, extrapolated linearly with a margin, fits the time and memory left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .generate import generate
from .machine import memory_mb
from .measure import ratio, summarise, worker

LINEAR_WITHIN = 1.2  # the marginal cost per triple may grow this much from the low range to the high
EXTRA_SCALE = 1000
SLOW_QUERY_S = 60.0  # a query slower than this at one scale is not run at the next


@dataclass(frozen=True)
class ScalePlan:
    scales: tuple[int, ...]
    reps: dict[int, int]  # scale -> builds (each followed by a floor)
    query_reps: int
    query_budget_s: float
    query_timeout_s: float  # the query worker of one scale is stopped after this long
    try_extra: bool  # S = 1000 if it fits
    max_seconds: float  # the longest a single build may be predicted to take


def _queries(skip: dict[str, str]) -> list[dict]:
    from qmkg.query.library import library

    from .queries import example_params

    return [{"name": n, "params": example_params(n)} for n in sorted(library()) if n not in skip]


def _point(scale: int, corpus, builds: list[tuple[dict, object]], floors: list[tuple[dict, object]]) -> dict:
    data = [d for d, _ in builds]
    steps = sorted({s for d in data for s in d["timings"]})
    last = data[-1]
    out = {
        "S": scale,
        "notices": len(corpus.files),
        "items": corpus.items,
        "organisers": last["organisers"],
        "activities": last["activities"],
        "triples": last["triples"],
        "reps": len(builds),
        "build_wall_s": summarise([run.wall_s for _, run in builds]),
        "steps_p50_s": {s: summarise([d["timings"].get(s, 0.0) for d in data])["p50"] for s in steps},
        "peak_rss_mb": summarise([run.tree_rss_mb for _, run in builds]),
        "peak_rss_one_process_mb": summarise([run.maxrss_mb for _, run in builds]),
        "floor_wall_s": summarise([run.wall_s for _, run in floors]),
        "floor_peak_rss_mb": summarise([run.tree_rss_mb for _, run in floors]),
        "warnings": last["warnings"],
    }
    out["floor_ratio"] = ratio(out["build_wall_s"]["p50"], out["floor_wall_s"]["p50"])
    out["us_per_triple"] = round(1e6 * out["build_wall_s"]["p50"] / out["triples"], 3)
    out["kb_per_triple"] = round(1024 * out["peak_rss_mb"]["p50"] / out["triples"], 3)
    return out


def _add_queries(point: dict, q: dict | None, error: str | None, skipped: dict[str, str]) -> None:
    if q is None:
        point["query_error"] = error
        return
    point["store_load_s"] = round(q["load_s"], 4)
    point["query_peak_rss_mb"] = round(q["maxrss_mb"], 1)
    point["query_p50_ms"] = {n: (r["ms"]["p50"] if "ms" in r else None) for n, r in q["results"].items()}
    errors = {n: r["error"] for n, r in q["results"].items() if "error" in r}
    notes = {n: r["note"] for n, r in q["results"].items() if "note" in r}
    notes.update(skipped)
    if errors:
        point["query_errors"] = errors
    if notes:
        point["query_notes"] = notes


def _marginal(a: dict, b: dict, key: str) -> float | None:
    """The cost of one more triple between two scales (fixed costs cancel)."""
    if b["triples"] == a["triples"]:
        return None
    return (b[key]["p50"] - a[key]["p50"]) / (b["triples"] - a["triples"])


def growth(points: list[dict]) -> dict:
    """How cost per triple grows: the marginal cost between the two largest scales against a low range
    (S=10 to S=100 when there are four scales or more: S=1 is mostly fixed cost)."""
    pts = sorted(points, key=lambda p: p["S"])
    if len(pts) < 3:
        return {}
    low = (pts[0], pts[1]) if len(pts) == 3 else (pts[1], pts[2])
    high = (pts[-2], pts[-1])
    first, last = pts[0], pts[-1]
    out: dict = {"from_S": first["S"], "to_S": last["S"], "triples_ratio": ratio(last["triples"], first["triples"]),
                 "build_time_ratio": ratio(last["build_wall_s"]["p50"], first["build_wall_s"]["p50"]),
                 "peak_rss_ratio": ratio(last["peak_rss_mb"]["p50"], first["peak_rss_mb"]["p50"]),
                 "linear_within": LINEAR_WITHIN}
    for key, name in (("build_wall_s", "time"), ("peak_rss_mb", "memory")):
        m_lo, m_hi = _marginal(*low, key), _marginal(*high, key)
        out[f"marginal_{name}_per_triple"] = {f"S{low[0]['S']}-S{low[1]['S']}": m_lo,
                                               f"S{high[0]['S']}-S{high[1]['S']}": m_hi}
        out[f"marginal_{name}_ratio"] = ratio(m_hi, m_lo)
    out["linear"] = out["marginal_time_ratio"] is not None and out["marginal_time_ratio"] <= LINEAR_WITHIN
    out["step_exponents"] = {s: _exponent(*high, s) for s in last["steps_p50_s"] if s in high[0]["steps_p50_s"]}
    return out


def _exponent(a: dict, b: dict, step: str) -> float | None:
    """Growth exponent k in cost ∝ triples^k of one step between two scales (1 = linear)."""
    ca, cb = a["steps_p50_s"].get(step), b["steps_p50_s"].get(step)
    if not ca or not cb or ca <= 0 or cb <= 0:
        return None
    return round(math.log(cb / ca) / math.log(b["triples"] / a["triples"]), 3)


def bench_scale(work: Path, plan: ScalePlan, *, log=print, checkpoint=None) -> dict:
    """Generate, build (with its floor) and query every scale of the plan; then S = 1000 if it fits.

    ``checkpoint(result)`` is called with the figures so far before S = 1000 is tried (it takes long).
    """
    corpora = {s: generate(s, work / f"S{s}" / "sources") for s in plan.scales}
    runs: dict[int, list] = {s: [] for s in plan.scales}
    for r in range(max(plan.reps.values())):
        for s in plan.scales if r % 2 == 0 else plan.scales[::-1]:
            if r < plan.reps[s]:
                log(f"  scale S={s}: build and floor {r + 1}/{plan.reps[s]}")
                runs[s].append(_build_and_floor(corpora[s], work, timeout=max(600.0, plan.max_seconds)))
    points, skipped_scales, slow = [], [], {}
    for s in plan.scales:
        points.append(_point(s, corpora[s], [b for b, _ in runs[s]], [f for _, f in runs[s]]))
        _add_queries(points[-1], *_query(work, s, plan, slow), dict(slow))
        slow = _slow(points[-1], slow)
    if plan.try_extra:
        if checkpoint:
            checkpoint(_result(points, [{"S": EXTRA_SCALE, "reason": "not finished when this report was written"}]))
        verdict = _extra_fits(points, plan)
        if verdict is None:
            log(f"  scale S={EXTRA_SCALE}: build and floor 1/1")
            corpus = generate(EXTRA_SCALE, work / f"S{EXTRA_SCALE}" / "sources")
            try:
                build, floor = _build_and_floor(corpus, work, timeout=plan.max_seconds * 2)
            except RuntimeError as e:
                skipped_scales.append({"S": EXTRA_SCALE, "reason": str(e).splitlines()[0][:300]})
            else:
                points.append(_point(EXTRA_SCALE, corpus, [build], [floor]))
                _add_queries(points[-1], *_query(work, EXTRA_SCALE, plan, slow), dict(slow))
        else:
            skipped_scales.append({"S": EXTRA_SCALE, "reason": verdict})
    return _result(points, skipped_scales)


def _result(points: list[dict], skipped: list[dict]) -> dict:
    return {"points": points, "growth": growth(points), "skipped": skipped,
            "queries": sorted({n for p in points for n in p.get("query_p50_ms", {})}),
            "generator": "bench/generate.py: S x the items of the 2024 notice, real sentences recombined, "
                         "invented organisers beyond the real ones, one notice per year above S=10"}


def _slow(point: dict, before: dict[str, str]) -> dict[str, str]:
    """Queries not to run at the next scale: those slower than SLOW_QUERY_S here (and those skipped already)."""
    out = dict(before)
    for name, ms in point.get("query_p50_ms", {}).items():
        if ms is not None and ms > SLOW_QUERY_S * 1000:
            out[name] = f"skipped: {ms / 1000:.0f} s at S={point['S']}"
    return out


def _build_and_floor(corpus, work: Path, *, timeout: float):
    out = work / f"S{corpus.scale}" / f"qm-S{corpus.scale}.ttl"
    build = worker("build", {"sources": [str(p) for p in corpus.files], "output": str(out)}, timeout=timeout)
    floor = worker("floor", {"graph": str(out), "output": str(out.with_suffix(".floor.ttl"))}, timeout=timeout)
    out.with_suffix(".floor.ttl").unlink(missing_ok=True)
    return build, floor


def _query(work: Path, scale: int, plan: ScalePlan, skip: dict[str, str]):
    """Every library query (but ``skip``) in one worker on the scale's graph."""
    graph = work / f"S{scale}" / f"qm-S{scale}.ttl"
    try:
        data, _ = worker("queries", {"graph": str(graph), "queries": _queries(skip), "reps": plan.query_reps,
                                     "budget_s": plan.query_budget_s}, timeout=plan.query_timeout_s)
    except RuntimeError as e:
        return None, str(e).splitlines()[0][:300]
    return data, None


def _extra_fits(points: list[dict], plan: ScalePlan) -> str | None:
    """None when S = 1000 should fit, else why it is skipped."""
    top = max(points, key=lambda p: p["S"])
    if top["S"] < 100:
        return "S=100 was not measured"
    factor = EXTRA_SCALE / top["S"]
    seconds = top["build_wall_s"]["p50"] * factor * 1.5
    memory = top["peak_rss_mb"]["p50"] * factor * 1.2
    available = memory_mb("MemAvailable")
    if available is not None and memory > 0.6 * available:
        return f"predicted peak {memory:.0f} MB is more than 60% of the {available:.0f} MB available"
    if seconds > plan.max_seconds:
        return (f"predicted build time {seconds:.0f} s (S={top['S']} x {factor:.1f} x 1.5) exceeds the "
                f"{plan.max_seconds:.0f} s allowed (--max-seconds)")
    return None
