"""Cold builds of the 2024 notice: ``qmkg build`` in a fresh process, with and without SHACL
validation, interleaved; and the per-step timings of ``run_build`` from fresh workers."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .measure import ratio, spawn, summarise, worker

STEPS = ("import", "read", "parse", "extract", "triples", "notices", "graph", "reason", "validate", "serialise")
VARIANTS = ("no_validate", "validate")


def qmkg_command() -> str:
    """The installed ``qmkg`` console script of this interpreter's environment."""
    beside = Path(sys.executable).with_name("qmkg")
    found = str(beside) if beside.exists() else shutil.which("qmkg")
    if not found:
        raise RuntimeError("the qmkg command is not installed: pip install -e .")
    return found


def bench_build(source: Path, work: Path, *, reps: int, warmup: bool = True) -> dict:
    """``reps`` cold builds of each variant (after one warm-up each); returns figures and the graph path."""
    qmkg = qmkg_command()
    walls: dict[str, list[float]] = {v: [] for v in VARIANTS}
    rss: dict[str, list[float]] = {v: [] for v in VARIANTS}
    steps: list[dict] = []
    last: dict = {}
    first = 1 if warmup else 0
    for r in range(1 - first, reps + 1):  # round 0 warms the page cache and the bytecode caches
        order = VARIANTS if r % 2 == 0 else VARIANTS[::-1]
        for v in order:
            out = work / f"qm-2024-{v}.ttl"
            cmd = [qmkg, "build", str(source), "-o", str(out), "-q"] + (["--validate"] if v == "validate" else [])
            run = spawn(cmd, timeout=600).check(" ".join(cmd))
            if r:
                walls[v].append(run.wall_s)
                rss[v].append(run.maxrss_mb)
        data, _ = worker("build", {"sources": [str(source)], "output": str(work / "qm-2024-steps.ttl"),
                                   "validate": True}, timeout=600)
        if r:
            steps.append(data["timings"])
        last = data
    step_p50 = {s: summarise([t.get(s, 0.0) for t in steps])["p50"] for s in STEPS if any(s in t for t in steps)}
    total = sum(step_p50.values())
    return {
        "source": str(source),
        "reps": reps,
        "command": "qmkg build SOURCE -o TMP.ttl -q [--validate]",
        "cold_wall_s": {v: summarise(walls[v]) for v in VARIANTS},
        "peak_rss_mb": {v: summarise(rss[v]) for v in VARIANTS},
        "validate_cost_ratio": ratio(summarise(walls["validate"])["p50"], summarise(walls["no_validate"])["p50"]),
        "steps_p50_s": step_p50,
        "steps_share": {s: round(t / total, 3) for s, t in step_p50.items()} if total else {},
        "triples": last["triples"],
        "activities": last["activities"],
        "organisers": last["organisers"],
        "warnings": last["warnings"],
        "conforms": last["conforms"],
        "graph": str(work / "qm-2024-no_validate.ttl"),
    }
