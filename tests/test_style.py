"""The code passes the linter configured in pyproject.toml."""

import shutil
import subprocess

from .conftest import ROOT


def test_ruff_is_clean():
    exe = shutil.which("ruff")
    assert exe, "ruff is not installed: pip install -e '.[test]'"
    p = subprocess.run([exe, "check", "qmkg", "tests", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout[-3000:]
