"""The targets (issues 5 and 12) checked against the figures, and the report as Markdown and JSON.

Targets are reported met, missed or not measured; nothing here fails a run.
"""

from __future__ import annotations

import json
from pathlib import Path

from .build import STEPS
from .cli import FLOOR_OX, FLOOR_PASS, HEAVY, QUERY
from .queries import AGGREGATES

BUILD_S = 1.0
BUILD_VALIDATE_S = 2.0
QUERY_P50_MS = 5.0
AGGREGATE_SPEEDUP = 20.0
CLI_QUERY_S = 0.3
SCALE100_FLOOR_RATIO = 3.0
SCALE100_MB = 600.0
SCALE1000_MB = 6 * 1024.0
SCALE100_QUERY_MS = 1000.0
SEGMENTATION = 0.95


def _target(tid: str, text: str, figure: str, met: bool | None) -> dict:
    return {"id": tid, "target": text, "figure": figure, "met": met}


def check_targets(r: dict) -> list[dict]:
    """Every target of the report: met (True), missed (False) or not measured (None), with its figure."""
    out = _segmentation_targets(r.get("segmentation")) + _build_targets(r.get("build"))
    out += _query_targets(r.get("queries")) + _cli_targets(r.get("cli"))
    s = r.get("scale")
    out += _scale_targets(s["points"] if s else [], s.get("growth") if s else None)
    return out


def _segmentation_targets(seg: dict | None) -> list[dict]:
    if not seg:
        return []
    return [_target(f"segmentation-{key}", f"segmentation {key} on the hand-checked 2024 notice ≥ {SEGMENTATION:g}",
                    f"{seg[key]:.3f} ({seg['matched']} matched of {seg['found']} found, "
                    f"{seg['gold_activities']} gold)", seg[key] >= SEGMENTATION)
            for key in ("precision", "recall")]


def _build_targets(b: dict | None) -> list[dict]:
    if not b:
        return []
    out = []
    for v, limit, tid, what in (("no_validate", BUILD_S, "build", "without SHACL"),
                                ("validate", BUILD_VALIDATE_S, "build-validate", "with SHACL (--validate)")):
        p50 = b["cold_wall_s"][v]["p50"]
        out.append(_target(tid, f"cold `qmkg build` of the 2024 notice {what} ≤ {limit:g} s",
                           f"{p50:.3f} s (median of {b['reps']})", p50 <= limit))
    return out


def _query_targets(q: dict | None) -> list[dict]:
    if not q:
        return []
    res = q["results"]
    broken = sorted(n for n, e in res.items() if "ms" not in e["oxigraph"])
    p50s = {n: e["oxigraph"]["ms"]["p50"] for n, e in res.items() if "ms" in e["oxigraph"]}
    worst = max(p50s, key=p50s.get) if p50s else None
    over = sorted(n for n, v in p50s.items() if v > QUERY_P50_MS)
    fig = f"slowest {worst}: {p50s[worst]:.2f} ms" if worst else "no query ran"
    if over:
        fig += f"; over the limit: {', '.join(over)}"
    if broken:
        fig += f"; failed: {', '.join(broken)}"
    out = [_target("query-p50", f"every library query p50 ≤ {QUERY_P50_MS:g} ms in-process (oxigraph)",
                   fig, (not over and not broken) if p50s else None)]
    return out + [_speedup_target(name, res.get(name)) for name in AGGREGATES]


def _speedup_target(name: str, e: dict | None) -> dict:
    text = f"{name} ≥ {AGGREGATE_SPEEDUP:g}× faster than rdflib's engine"
    if e is None:
        return _target(f"speedup-{name}", text, "not in the query library", None)
    if e.get("speedup_at_least"):
        return _target(f"speedup-{name}", text, f"≥ {e['speedup_at_least']:.0f}× (rdflib stopped)",
                       e["speedup_at_least"] >= AGGREGATE_SPEEDUP or None)
    if e["speedup_p50"] is None:
        return _target(f"speedup-{name}", text, "not measured on both engines", None)
    return _target(f"speedup-{name}", text, f"{e['speedup_p50']:.1f}×", e["speedup_p50"] >= AGGREGATE_SPEEDUP)


def _cli_targets(c: dict | None) -> list[dict]:
    if not c:
        return []
    p50 = c["wall_s"][QUERY]["p50"]
    floors = f"floors: {c['wall_s'][FLOOR_PASS]['p50'] * 1000:.0f} ms `{FLOOR_PASS}`, " \
             f"{c['wall_s'][FLOOR_OX]['p50'] * 1000:.0f} ms `{FLOOR_OX}`"
    by = c["heavy_modules_by_command"]
    heavy = {k: v for k, v in by.items() if v}
    fig = "; ".join(f"`{k}` imports {', '.join(v)}" for k, v in heavy.items()) or \
        f"none imported by {', '.join(f'`{k}`' for k in by)}"
    return [_target("cli-query", f"cold `qmkg query` ≤ {CLI_QUERY_S * 1000:g} ms",
                    f"{p50 * 1000:.0f} ms ({floors})", p50 <= CLI_QUERY_S),
            _target("cli-imports", f"commands that need none of {', '.join(HEAVY)} import none of them",
                    fig, not heavy)]


def _scale_targets(points: list[dict], g: dict | None) -> list[dict]:
    at = {p["S"]: p for p in points}
    p100, p1000 = at.get(100), at.get(1000)
    out = []
    if p100:
        fr, rss = p100["floor_ratio"], p100["peak_rss_mb"]["p50"]
        out.append(_target("scale100-floor", f"S=100 build ≤ {SCALE100_FLOOR_RATIO:g}× the pyoxigraph load-and-write "
                                             "floor of the same output",
                           f"{fr:.2f}× ({p100['build_wall_s']['p50']:.1f} s against {p100['floor_wall_s']['p50']:.1f} s)",
                           fr <= SCALE100_FLOOR_RATIO))
        out.append(_target("scale100-memory", f"S=100 build peak ≤ {SCALE100_MB:g} MB (with its worker processes)",
                           f"{rss:.0f} MB (floor {p100['floor_peak_rss_mb']['p50']:.0f} MB)", rss <= SCALE100_MB))
        q = p100.get("query_p50_ms", {})
        slow = {n: v for n, v in q.items() if v is not None and v > SCALE100_QUERY_MS}
        worst = max((n for n in q if q[n] is not None), key=q.get, default=None)
        fig = f"slowest {worst}: {q[worst]:.1f} ms" if worst else "no query ran"
        fig += "".join(f"; over: {n} {v:.0f} ms" for n, v in slow.items())
        out.append(_target("scale100-queries", f"every library query p50 ≤ {SCALE100_QUERY_MS:g} ms at S=100", fig,
                           (not slow and not p100.get("query_errors")) if q else None))
    else:
        for tid in ("scale100-floor", "scale100-memory", "scale100-queries"):
            out.append(_target(tid, f"{tid} (S=100)", "not measured (--quick)", None))
    if p1000:
        rss = p1000["peak_rss_mb"]["p50"]
        out.append(_target("scale1000-memory", f"S=1000 builds in under {SCALE1000_MB / 1024:g} GB",
                           f"{rss:.0f} MB in {p1000['build_wall_s']['p50']:.0f} s", rss < SCALE1000_MB))
    else:
        out.append(_target("scale1000-memory", f"S=1000 builds in under {SCALE1000_MB / 1024:g} GB", "not run", None))
    if g:
        fig = (f"marginal time per triple {', '.join(f'{k} {_f(v * 1e6 if v else None)} µs' for k, v in g['marginal_time_per_triple'].items())}: "
               f"ratio {_f(g['marginal_time_ratio'])}; memory ratio {_f(g['marginal_memory_ratio'])}")
        out.append(_target("linear-growth", f"growth linear within {g['linear_within']:g}× per triple "
                                            f"(S={g['from_S']} to S={g['to_S']})", fig,
                           g["linear"] if g["to_S"] >= 300 else None))
    return out


# --- rendering ----------------------------------------------------------------------------

def write_json(report: dict, path: Path) -> None:
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _f(x, spec: str = ".2f", none: str = "–") -> str:
    return none if x is None else format(x, spec)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(r) + " |" for r in rows)]


def _in_order(steps) -> list[str]:
    """Step names in pipeline order (JSON keeps keys sorted)."""
    return [k for k in STEPS if k in steps] + sorted(set(steps) - set(STEPS))


def render_markdown(r: dict) -> str:
    m = r["machine"]
    lines = [
        "# qmkg benchmark",
        "",
        f"Mode **{r['mode']}**, run {r['started']} in {r['duration_s']:.0f} s, qmkg at {m['git_commit']}"
        + (" (with uncommitted changes)" if m["git_dirty"] else "") + ". "
        "Medians (p50) and 95th percentiles of runs interleaved in this one run; ratios of medians. "
        "Produced by `python -m bench`" + (" --quick" if r["mode"] == "quick" else "") + ".",
        "",
        "## Machine",
        "",
        *_table(["", ""], [
            ["CPU", f"{m['cpu']} ({m['cores_usable']} of {m['cores_logical']} cores usable)"],
            ["memory", f"{_f(m['memory_total_mb'], '.0f')} MB ({_f(m['memory_available_mb'], '.0f')} MB available at start)"],
            ["load average at start / end", f"{m['load_average_at_start']} / {m.get('load_average_at_end')}"],
            ["OS", m["os"]],
            ["Python", f"{m['python']} ({m['python_implementation']})"
                       + ("" if m["bytecode_cache_written"] else "; PYTHONDONTWRITEBYTECODE is set, so every cold "
                          "run compiles qmkg's modules afresh")],
            ["libraries", ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)],
        ]),
        "",
        "## Targets",
        "",
        *_table(["target", "figure", "met"], [
            [t["target"], t["figure"], {True: "met", False: "**missed**", None: "not measured"}[t["met"]]]
            for t in r["targets"]
        ]),
    ]
    b = r.get("build")
    if b:
        lines += ["", "## Build: the 2024 notice, cold", "",
                  f"`{b['command']}` in a fresh process, {b['reps']} runs each, interleaved. "
                  f"{b['activities']} activities, {b['organisers']} organisers, {b['triples']} triples"
                  + (", conforms to the shapes." if b["conforms"] else "."), ""]
        lines += _table(["variant", "wall p50", "wall p95", "peak RSS p50"], [
            [v.replace("_", " "), f"{b['cold_wall_s'][v]['p50']:.3f} s", f"{b['cold_wall_s'][v]['p95']:.3f} s",
             f"{b['peak_rss_mb'][v]['p50']:.0f} MB"] for v in ("no_validate", "validate")
        ])
        lines += ["", f"SHACL validation makes the build {_f(b['validate_cost_ratio'])}× as long.", "",
                  "Steps of `run_build` (with validation) in fresh processes, medians:", ""]
        steps = _in_order(b["steps_p50_s"])
        lines += _table(["step", "p50", "share"], [
            [k, f"{b['steps_p50_s'][k] * 1000:.1f} ms", f"{b['steps_share'].get(k, 0) * 100:.0f}%"] for k in steps
        ])
    q = r.get("queries")
    if q:
        plan = q["plan"]
        lines += ["", "## Queries: every library query, in-process", "",
                  "`QueryService.run(name, **example params)` on the 2024 graph; engines interleaved "
                  f"({plan['rounds']} rounds, up to {plan['oxigraph_per_round']} oxigraph runs per round; "
                  f"at most {plan['budget_s']['oxigraph']:g} s / {plan['budget_s']['rdflib']:g} s per query on "
                  f"oxigraph / rdflib). Load: oxigraph {q['load_s']['oxigraph'] * 1000:.0f} ms, "
                  f"rdflib {q['load_s']['rdflib'] * 1000:.0f} ms.", ""]
        rows = []
        for name, e in q["results"].items():
            ox, rl = e["oxigraph"], e["rdflib"]
            params = ", ".join(f"{k}={v}" for k, v in e["params"].items())
            note = "; ".join(x for x in (ox.get("error"), rl.get("error") and "rdflib: " + rl["error"],
                                         rl.get("note") and "rdflib: " + rl["note"],
                                         None if e["same_rows"] is not False else "engines disagree on the row count") if x)
            rows.append([f"`{name}`" + (" (aggregate)" if e["aggregate"] else ""), params or "–",
                         str(ox.get("rows", "–")),
                         _f(ox.get("ms", {}).get("p50")), _f(ox.get("ms", {}).get("p95")),
                         _f(rl.get("ms", {}).get("p50"), ".1f"), _f(rl.get("ms", {}).get("p95"), ".1f"),
                         _f(e["speedup_p50"], ".1f") + ("×" if e["speedup_p50"] else ""), note])
        lines += _table(["query", "params", "rows", "oxigraph p50 ms", "p95", "rdflib p50 ms", "p95",
                         "speed-up", "notes"], rows)
    c = r.get("cli")
    if c:
        lines += ["", "## CLI: a cold `qmkg query` against the floors", "",
                  f"`{c['command']}`, {c['reps']} runs of each, interleaved.", ""]
        lines += _table(["command", "wall p50", "wall p95", "peak RSS p50"], [
            [f"`{k}`", f"{v['p50'] * 1000:.0f} ms", f"{v['p95'] * 1000:.0f} ms", f"{c['peak_rss_mb'][k]['p50']:.0f} MB"]
            for k, v in c["wall_s"].items()
        ])
        lines += ["", f"Above the `import pyoxigraph` floor: {c['over_pyoxigraph_s'] * 1000:.0f} ms "
                      f"({_f(c['ratio_to_pyoxigraph_floor'])}× the floor). `qmkg query` imports "
                      f"{c['modules_imported']} top-level packages; the slowest (cumulative, `-X importtime`): "
                      + ", ".join(f"{k} {v:.0f} ms" for k, v in c["slowest_imports_ms"].items()) + ".", "",
                  f"Heavy modules ({', '.join(HEAVY)}) imported, by command:", ""]
        lines += _table(["command", "heavy modules imported"],
                        [[f"`{k}`", ", ".join(v) or "none"] for k, v in c["heavy_modules_by_command"].items()])
    s = r.get("scale")
    if s:
        lines += _render_scale(s)
    return "\n".join(lines) + "\n"


def _render_scale(s: dict) -> list[str]:
    lines = ["", "## Scale: synthetic notices", "",
             f"Generator: {s['generator']}. Each build is a fresh worker (`run_build`, no validation, its worker "
             "processes included: peak RSS is the largest sum of the resident memory of the build and its workers, "
             "sampled every 50 ms); right after it, the floor: pyoxigraph alone bulk-loading the build's Turtle and "
             "writing it again as Turtle, in a fresh worker. Ratio = build p50 / floor p50.", ""]
    rows = []
    for p in s["points"]:
        rows.append([str(p["S"]), str(p["notices"]), str(p["activities"]), str(p["triples"]),
                     f"{p['build_wall_s']['p50']:.2f} s ({p['reps']})", f"{p['floor_wall_s']['p50']:.2f} s",
                     f"**{_f(p['floor_ratio'])}×**", f"{p['peak_rss_mb']['p50']:.0f} MB",
                     f"{p['peak_rss_one_process_mb']['p50']:.0f} MB", f"{p['floor_peak_rss_mb']['p50']:.0f} MB",
                     f"{p['kb_per_triple']:.2f}", f"{p['us_per_triple']:.1f}"])
    lines += _table(["S", "notices", "activities", "triples", "build p50 (runs)", "floor p50", "build / floor",
                     "peak RSS (build + workers)", "largest process", "floor peak", "KB/triple", "µs/triple"], rows)
    steps = _in_order({k for p in s["points"] for k in p["steps_p50_s"]})
    lines += ["", "Steps of the build (p50 seconds; with several notices, `notices` is the wall time of the "
                  "worker pool reading, parsing, extracting and making statements):", ""]
    lines += _table(["S", *steps], [[str(p["S"]), *(_f(p["steps_p50_s"].get(k), ".3f") for k in steps)]
                                    for p in s["points"]])
    lines += ["", "Every library query at every scale (p50 ms, embedded engine, example parameters; one worker "
                  "per scale; store load in seconds):", ""]
    qrows = [["store load", *(_f(p.get("store_load_s"), ".2f") + " s" for p in s["points"])]]
    for n in s["queries"]:
        qrows.append([f"`{n}`", *(_f(p.get("query_p50_ms", {}).get(n)) for p in s["points"])])
    lines += _table(["query", *(f"S={p['S']}" for p in s["points"])], qrows)
    g = s["growth"]
    if g:
        lines += ["", f"Growth S={g['from_S']} → S={g['to_S']}: triples ×{_f(g['triples_ratio'], '.0f')}, "
                      f"build time ×{_f(g['build_time_ratio'], '.1f')}, peak RSS ×{_f(g['peak_rss_ratio'], '.1f')}. "
                      "Marginal cost per triple (fixed costs cancel): time "
                      + ", ".join(f"{k} {_f(v * 1e6 if v else None)} µs" for k, v in g["marginal_time_per_triple"].items())
                      + f" (ratio {_f(g['marginal_time_ratio'])}); memory "
                      + ", ".join(f"{k} {_f(v * 1024 if v else None)} KB" for k, v in g["marginal_memory_per_triple"].items())
                      + f" (ratio {_f(g['marginal_memory_ratio'])}). Growth exponent of each step between the two "
                        "largest scales (1 = linear): "
                      + ", ".join(f"{k} {_f(g['step_exponents'][k])}" for k in _in_order(g["step_exponents"])) + ".",
                  "", f"Linear within {g['linear_within']:g}× per triple: **{'yes' if g['linear'] else 'no'}**."]
    for sk in s["skipped"]:
        lines += ["", f"S={sk['S']} skipped: {sk['reason']}."]
    for p in s["points"]:
        if p.get("query_error") or p.get("query_errors"):
            lines += ["", f"S={p['S']} query errors: {p.get('query_error') or p.get('query_errors')}"]
        for name, note in p.get("query_notes", {}).items():
            lines += ["", f"S={p['S']} `{name}`: {note}."]
    return lines
