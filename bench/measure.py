"""Measuring: order statistics, and running a command cold in a fresh process.

>>> percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 95)
(2.5, 3.85)
>>> summarise([0.003, 0.001, 0.002])
{'max': 0.003, 'min': 0.001, 'n': 3, 'p50': 0.002, 'p95': 0.0029}
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = Path(__file__).resolve().with_name("launch.py")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), interpolating linearly between order statistics."""
    if not values:
        raise ValueError("no values")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _round(x: float) -> float:
    return float(f"{x:.6g}")


def summarise(values: list[float]) -> dict[str, float | int]:
    """n, min, p50 (the median), p95 and max of a sample."""
    return {"n": len(values), "min": _round(min(values)), "p50": _round(percentile(values, 50)),
            "p95": _round(percentile(values, 95)), "max": _round(max(values))}


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b, or None when either is missing."""
    if a is None or b is None or b == 0:
        return None
    return _round(a / b)


@dataclass(frozen=True)
class Run:
    """One cold run of a command: wall time from spawn to exit, the process's own peak RSS, and
    the peak RSS of it and its worker processes together (``tree_rss_mb``)."""

    wall_s: float
    maxrss_mb: float
    returncode: int
    timed_out: bool
    stdout: str
    stderr: str
    tree_rss_mb: float = 0.0

    def check(self, what: str) -> Run:
        if self.timed_out:
            raise RuntimeError(f"{what}: timed out after {self.wall_s:.0f} s")
        if self.returncode != 0:
            raise RuntimeError(f"{what}: exit status {self.returncode}: {self.stderr.strip()[-800:]}")
        return self


def spawn(cmd: list[str], *, timeout: float = 0, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` through the small launcher (see launch.py) from the project's root folder."""
    import subprocess

    with tempfile.TemporaryDirectory(prefix="qmkg-bench-") as tmp:
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        proc = subprocess.run(
            [sys.executable, str(LAUNCHER), str(out), str(err), str(timeout), *cmd],
            capture_output=True, text=True, cwd=ROOT, env=env,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"launcher failed: {proc.stderr.strip()[-800:]}")
        rep = json.loads(proc.stdout)
        return Run(rep["wall_s"], rep["maxrss_kb"] / 1024, rep["returncode"], rep["timed_out"],
                   out.read_text(encoding="utf-8", errors="replace"), err.read_text(encoding="utf-8", errors="replace"),
                   rep["tree_rss_kb"] / 1024)


def worker(task: str, args: dict, *, timeout: float = 0) -> tuple[dict, Run]:
    """Run ``python -m bench.worker TASK ARGS`` cold; its JSON answer and the run."""
    run = spawn([sys.executable, "-m", "bench.worker", task, json.dumps(args, ensure_ascii=False)], timeout=timeout)
    run.check(f"bench.worker {task}")
    return json.loads(run.stdout), run

