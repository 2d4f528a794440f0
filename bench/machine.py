"""What the figures were measured on: CPU, cores, memory, load, Python and library versions."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata

from .measure import ROOT

PACKAGES = ("qmkg", "rdflib", "pyoxigraph", "owlrl", "pyshacl", "networkx", "pyvis", "opencc-python-reimplemented")


def _proc(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def memory_mb(key: str = "MemTotal") -> float | None:
    """A /proc/meminfo field in MB (Linux), or None."""
    value = _proc("/proc/meminfo", key)
    return round(int(value.split()[0]) / 1024, 1) if value else None


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info() -> dict:
    versions = {}
    for p in PACKAGES:
        try:
            versions[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            versions[p] = None
    return {
        "cpu": _proc("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "cores_logical": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_total_mb": memory_mb("MemTotal"),
        "memory_available_mb": memory_mb("MemAvailable"),
        "load_average_at_start": load_average(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        # with no bytecode cache, every cold run compiles qmkg's modules again
        "bytecode_cache_written": not os.environ.get("PYTHONDONTWRITEBYTECODE"),
        "versions": versions,
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }
