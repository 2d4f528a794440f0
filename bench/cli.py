"""A cold ``qmkg query`` against two floors, and which heavy modules it imports."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from .build import qmkg_command
from .measure import ratio, spawn, summarise

HEAVY = ("rdflib", "networkx", "pyvis", "owlrl", "pyshacl")
QUERY_ARGS = ("query", "organisers-by-theme", "--param", "theme=计量")
FLOOR_PASS = "python -c pass"
FLOOR_OX = "python -c 'import pyoxigraph'"
QUERY = "qmkg query"
_IMPORTTIME = re.compile(r"^import time:\s*(\d+)\s*\|\s*(\d+)\s*\|( *)(\S+)\s*$")


def query_command(graph: Path | None) -> list[str]:
    """``qmkg query organisers-by-theme --param theme=计量``, on ``graph`` when given."""
    return [qmkg_command(), *QUERY_ARGS, *(["--graph", str(graph)] if graph else [])]


def parse_importtime(stderr: str) -> dict:
    """Top-level packages imported, and the slowest of them (cumulative ms), from ``-X importtime``.

    >>> parse_importtime("import time: self [us] | cumulative | imported package\\n"
    ...                  "import time:       500 |       2000 |   rdflib.term\\n"
    ...                  "import time:       100 |       9000 | rdflib\\n")
    {'packages': ['rdflib'], 'slowest_ms': {'rdflib': 9.0}}
    """
    packages: set[str] = set()
    top: dict[str, float] = {}
    for line in stderr.splitlines():
        m = _IMPORTTIME.match(line)
        if not m:
            continue
        name = m.group(4)
        packages.add(name.split(".")[0])
        if len(m.group(3)) == 1:  # imported by the program itself, not by another module
            top[name] = top.get(name, 0.0) + int(m.group(2)) / 1000
    slowest = dict(sorted(top.items(), key=lambda kv: -kv[1])[:8])
    return {"packages": sorted(packages), "slowest_ms": slowest}


def _imports(cmd: list[str]) -> dict:
    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
    return parse_importtime(spawn(cmd, timeout=120, env=env).check(" ".join(cmd[1:]) + " (import trace)").stderr)


def bench_cli(graph: Path | None, *, reps: int, warmup: bool = True) -> dict:
    """Interleaved cold runs of the two floors and of ``qmkg query`` (after a warm-up round)."""
    py = sys.executable
    variants = {FLOOR_PASS: [py, "-c", "pass"], FLOOR_OX: [py, "-c", "import pyoxigraph"], QUERY: query_command(graph)}
    walls: dict[str, list[float]] = {k: [] for k in variants}
    rss: dict[str, list[float]] = {k: [] for k in variants}
    names = list(variants)
    for r in range(0 if warmup else 1, reps + 1):  # round 0 is a warm-up
        k = r % len(names)
        for name in names[k:] + names[:k]:
            run = spawn(variants[name], timeout=120).check(name)
            if r:
                walls[name].append(run.wall_s)
                rss[name].append(run.maxrss_mb)
    imports = _imports(variants[QUERY])
    heavy = [m for m in HEAVY if m in imports["packages"]]
    graph_args = ["--graph", str(graph)] if graph else []
    others = {  # more commands that need none of the heavy modules
        "qmkg sparql": [qmkg_command(), "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", *graph_args],
        "qmkg stats": [qmkg_command(), "stats", *graph_args],
        "qmkg queries": [qmkg_command(), "queries"],
        "qmkg --help": [qmkg_command(), "--help"],
    }
    heavy_by_command = {QUERY: heavy}
    for name, cmd in others.items():
        found = _imports(cmd)["packages"]
        heavy_by_command[name] = [m for m in HEAVY if m in found]
    p50 = {k: summarise(v)["p50"] for k, v in walls.items()}
    shown = [Path(variants[QUERY][0]).name, *variants[QUERY][1:]]
    return {
        "reps": reps,
        "command": " ".join(shown if graph is None else [*shown[:-1], "<the 2024 graph just built>"]),
        "wall_s": {k: summarise(v) for k, v in walls.items()},
        "peak_rss_mb": {k: summarise(v) for k, v in rss.items()},
        "over_pass_s": round(p50[QUERY] - p50[FLOOR_PASS], 4),
        "over_pyoxigraph_s": round(p50[QUERY] - p50[FLOOR_OX], 4),
        "ratio_to_pyoxigraph_floor": ratio(p50[QUERY], p50[FLOOR_OX]),
        "heavy_modules_imported": heavy,
        "heavy_modules_by_command": heavy_by_command,
        "modules_imported": len(imports["packages"]),
        "slowest_imports_ms": imports["slowest_ms"],
    }
