"""Where the time and memory go, for whoever makes the core faster.

``python -m bench.profile build [--scale S] [--validate] [--top N]``: ``run_build`` on synthetic notices (the
real 2024 notice with ``--scale 0``) under cProfile, with the resident memory at the end of each step.
``python -m bench.profile query [--top N]``: ``qmkg query organisers-by-theme --param theme=计量``
in-process under cProfile (the imports it triggers included).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import tempfile
import threading
import time
from contextlib import redirect_stdout
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


class RssSampler(threading.Thread):
    """Samples this process's resident memory every ``interval`` seconds."""

    def __init__(self, interval: float = 0.01):
        super().__init__(daemon=True)
        self.interval = interval
        self.samples: list[tuple[float, float]] = []
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.samples.append((time.perf_counter(), _rss_mb()))
            time.sleep(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def peak_between(self, t0: float, t1: float) -> float | None:
        inside = [rss for t, rss in self.samples if t0 <= t <= t1]
        return max(inside) if inside else None


def _stats(profile: cProfile.Profile, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    for key in ("cumulative", "tottime"):
        out.write(f"\n--- top {top} by {key} ---\n")
        stats.sort_stats(key).print_stats(top)
    return out.getvalue()


def profile_build(scale: int, top: int, *, validate: bool = False) -> str:
    from qmkg.core.resources import default_source
    from qmkg.pipeline import run_build

    from .generate import generate

    with tempfile.TemporaryDirectory(prefix="qmkg-profile-") as tmp:
        files = [default_source()] if scale == 0 else list(generate(scale, Path(tmp) / "sources").files)
        sampler = RssSampler()
        sampler.start()
        profile = cProfile.Profile()
        t0 = time.perf_counter()
        profile.enable()
        report = run_build(files, output=Path(tmp) / "graph.ttl", validate=validate)
        profile.disable()
        sampler.stop()
    lines = [f"S={scale}: {report.activities} activities, {report.triples} triples "
             f"(times under cProfile are inflated; compare steps with each other)", "",
             f"{'step':<10} {'seconds':>8} {'peak RSS MB':>12}"]
    start = t0
    for step, seconds in report.timings.items():
        peak = sampler.peak_between(start, start + seconds)
        lines.append(f"{step:<10} {seconds:>8.3f} {'–' if peak is None else str(round(peak)):>12}")
        start += seconds
    return "\n".join(lines) + "\n" + _stats(profile, top)


def profile_query(top: int) -> str:
    profile = cProfile.Profile()
    profile.enable()
    from qmkg.cli.main import main

    with redirect_stdout(io.StringIO()):
        status = main(["query", "organisers-by-theme", "--param", "theme=计量"])
    profile.disable()
    return f"exit status {status}\n" + _stats(profile, top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("build", "query"))
    ap.add_argument("--scale", type=int, default=10, help="S of the synthetic notices; 0 for the real notice")
    ap.add_argument("--validate", action="store_true", help="build with SHACL validation")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args(argv)
    print(profile_build(a.scale, a.top, validate=a.validate) if a.what == "build" else profile_query(a.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
