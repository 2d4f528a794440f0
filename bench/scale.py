"""Build time, triples, peak memory and query latency as the input grows (S = 1, 10, 100, 1000).

Each build runs in a fresh worker, so its peak RSS is its own; runs of different scales are
interleaved. S = 1000 runs only when S = 100, extrapolated linearly with a margin, fits the
time and memory left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .generate import generate
from .machine import memory_mb
from .measure import ratio, summarise, worker

# the questions timed at every scale (those of them the library has)
SCALE_QUERIES = ("organisers-by-theme", "organisers-by-campaign", "stats", "theme-cooccurrence",
                 "organiser-similarity")
LINEAR_WITHIN = 1.5
EXTRA_SCALE = 1000


@dataclass(frozen=True)
class ScalePlan:
    scales: tuple[int, ...]
    reps: dict[int, int]  # scale -> builds
    query_reps: int
    query_budget_s: float
    query_timeout_s: float  # one query's worker is stopped after this long
    try_extra: bool  # S = 1000 if it fits
    max_seconds: float  # the longest a single build may be predicted to take


def _queries() -> list[dict]:
    from qmkg.query.library import library

    from .queries import example_params

    lib = library()
    return [{"name": n, "params": example_params(n)} for n in SCALE_QUERIES if n in lib]


def _point(scale: int, corpus, builds: list[tuple[dict, object]], q: dict | None, q_error: str | None) -> dict:
    data = [d for d, _ in builds]
    walls = [run.wall_s for _, run in builds]
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
        "build_wall_s": summarise(walls),
        "steps_p50_s": {s: summarise([d["timings"].get(s, 0.0) for d in data])["p50"] for s in steps},
        "peak_rss_mb": summarise([run.maxrss_mb for _, run in builds]),
        "warnings": last["warnings"],
    }
    out["ms_per_activity"] = round(1000 * out["build_wall_s"]["p50"] / out["activities"], 4)
    out["kb_per_triple"] = round(1024 * out["peak_rss_mb"]["p50"] / out["triples"], 3)
    if q is not None:
        out["store_load_s"] = round(q["load_s"], 4)
        out["query_peak_rss_mb"] = round(q["maxrss_mb"], 1)
        out["query_p50_ms"] = {n: (r["ms"]["p50"] if "ms" in r else None) for n, r in q["results"].items()}
        errors = {n: r["error"] for n, r in q["results"].items() if "error" in r}
        if errors:
            out["query_errors"] = errors
        notes = {n: r["note"] for n, r in q["results"].items() if "note" in r}
        if notes:
            out["query_notes"] = notes
    else:
        out["query_error"] = q_error
    return out


def _exponent(a: dict, b: dict, key) -> float | None:
    """Growth exponent k in cost ∝ activities^k between two points (1 = linear)."""
    ca, cb = key(a), key(b)
    if not ca or not cb or ca <= 0 or cb <= 0 or a["activities"] == b["activities"]:
        return None
    return round(math.log(cb / ca) / math.log(b["activities"] / a["activities"]), 3)


def growth(points: list[dict]) -> dict:
    """How cost grows from the smallest to the largest scale measured."""
    pts = sorted(points, key=lambda p: p["S"])
    if len(pts) < 2:
        return {}
    lo, hi = pts[0], pts[-1]
    at100 = next((p for p in pts if p["S"] == 100), None)
    ref = at100 or hi
    out = {
        "from_S": lo["S"],
        "to_S": ref["S"],
        "activities_ratio": ratio(ref["activities"], lo["activities"]),
        "triples_ratio": ratio(ref["triples"], lo["triples"]),
        "build_time_ratio": ratio(ref["build_wall_s"]["p50"], lo["build_wall_s"]["p50"]),
        "time_per_activity_ratio": ratio(ref["ms_per_activity"], lo["ms_per_activity"]),
        "peak_rss_ratio": ratio(ref["peak_rss_mb"]["p50"], lo["peak_rss_mb"]["p50"]),
        "linear_within": LINEAR_WITHIN,
    }
    tpa = out["time_per_activity_ratio"]
    out["linear"] = tpa is not None and tpa <= LINEAR_WITHIN
    if len(pts) >= 3:  # the cost of one more activity, high range against low range (fixed costs cancel)
        a, b = pts[0], pts[1]
        c = ref if ref["S"] > b["S"] else pts[2]
        m_lo = (b["build_wall_s"]["p50"] - a["build_wall_s"]["p50"]) / (b["activities"] - a["activities"])
        m_hi = (c["build_wall_s"]["p50"] - b["build_wall_s"]["p50"]) / (c["activities"] - b["activities"])
        out["marginal_ms_per_activity"] = {f"S{a['S']}-S{b['S']}": round(1000 * m_lo, 4),
                                           f"S{b['S']}-S{c['S']}": round(1000 * m_hi, 4)}
        out["marginal_ratio"] = ratio(m_hi, m_lo)
        # a fixed cost (interpreter, imports, ontology) flatters the first ratio; the second has none
        out["linear"] = out["linear"] and out["marginal_ratio"] is not None and out["marginal_ratio"] <= LINEAR_WITHIN
        # per step, between the two largest of the three: which step grows faster than linearly
        out["step_exponents"] = {
            s: _exponent(b, c, lambda p, s=s: p["steps_p50_s"].get(s))
            for s in c["steps_p50_s"] if s in b["steps_p50_s"]
        }
    return out


def bench_scale(work: Path, plan: ScalePlan, *, log=print) -> dict:
    """Generate, build and query every scale of the plan; then S = 1000 if it fits."""
    corpora = {s: generate(s, work / f"S{s}" / "sources") for s in plan.scales}
    builds: dict[int, list] = {s: [] for s in plan.scales}
    for r in range(max(plan.reps.values())):
        for s in plan.scales if r % 2 == 0 else plan.scales[::-1]:
            if r < plan.reps[s]:
                log(f"  scale S={s}: build {r + 1}/{plan.reps[s]}")
                builds[s].append(_build(corpora[s], work, timeout=max(600.0, plan.max_seconds)))
    queries = _queries()
    points, skipped = [], []
    for s in plan.scales:
        q, err = _query(work, s, queries, plan, timeout=plan.query_timeout_s)
        points.append(_point(s, corpora[s], builds[s], q, err))
    if plan.try_extra:
        verdict = _extra_fits(points, plan)
        if verdict is None:
            log(f"  scale S={EXTRA_SCALE}: build 1/1")
            corpus = generate(EXTRA_SCALE, work / f"S{EXTRA_SCALE}" / "sources")
            try:
                build = _build(corpus, work, timeout=plan.max_seconds * 2)
            except RuntimeError as e:
                skipped.append({"S": EXTRA_SCALE, "reason": str(e).splitlines()[0][:300]})
            else:
                q, err = _query(work, EXTRA_SCALE, queries, plan, timeout=plan.query_timeout_s)
                points.append(_point(EXTRA_SCALE, corpus, [build], q, err))
        else:
            skipped.append({"S": EXTRA_SCALE, "reason": verdict})
    return {"points": points, "growth": growth(points), "skipped": skipped,
            "queries": [q["name"] for q in queries],
            "generator": "bench/generate.py: S x the items of the 2024 notice, real sentences recombined, "
                         "invented organisers beyond the real ones, one notice per year above S=10"}


def _build(corpus, work: Path, *, timeout: float):
    out = work / f"S{corpus.scale}" / "graph.ttl"
    return worker("build", {"sources": [str(p) for p in corpus.files], "output": str(out)}, timeout=timeout)


def _query(work: Path, scale: int, queries: list[dict], plan: ScalePlan, *, timeout: float):
    """Each query in its own worker, so that one slow query (all pairs) loses only its own figure."""
    graph = work / f"S{scale}" / "graph.ttl"
    results, loads, rss = {}, [], []
    for q in queries:
        try:
            data, _ = worker("queries", {"graph": str(graph), "queries": [q], "reps": plan.query_reps,
                                         "budget_s": plan.query_budget_s}, timeout=timeout)
        except RuntimeError as e:
            results[q["name"]] = {"error": str(e).splitlines()[0][:300]}
            continue
        results.update(data["results"])
        loads.append(data["load_s"])
        rss.append(data["maxrss_mb"])
    if not loads:
        return None, "every query failed: " + "; ".join(r["error"] for r in results.values())
    return {"load_s": summarise(loads)["p50"], "maxrss_mb": max(rss), "results": results}, None


def _extra_fits(points: list[dict], plan: ScalePlan) -> str | None:
    """None when S = 1000 should fit, else why it is skipped."""
    p100 = next((p for p in points if p["S"] == 100), None)
    if p100 is None:
        return "S=100 was not measured"
    factor = EXTRA_SCALE / 100
    seconds = p100["build_wall_s"]["p50"] * factor * LINEAR_WITHIN
    memory = p100["peak_rss_mb"]["p50"] * factor * 1.2
    available = memory_mb("MemAvailable")
    if available is not None and memory > 0.6 * available:
        return f"predicted peak {memory:.0f} MB is more than 60% of the {available:.0f} MB available"
    if seconds > plan.max_seconds:
        return (f"predicted build time {seconds:.0f} s (S=100 x {factor:.0f} x {LINEAR_WITHIN}) exceeds the "
                f"{plan.max_seconds:.0f} s allowed (--max-seconds)")
    return None
