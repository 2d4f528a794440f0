"""The code passes the linter configured in pyproject.toml."""

import shutil
import subprocess

from .conftest import ROOT


def test_ruff_is_clean():
    exe = shutil.which("ruff")
    assert exe, "ruff is not installed: pip install -e '.[test]'"
    p = subprocess.run([exe, "check", "qmkg", "tests", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout[-3000:]


def test_small_pieces():
    """The house's limits (issue 8): no module over 500 lines, no function over 60, no class over 200.

    ruff's C901 (max-complexity 12, pyproject.toml) is checked by the linter test above.
    """
    import ast

    too_big = []
    for path in sorted((ROOT / "qmkg").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if source.count("\n") > 500:
            too_big.append(f"{name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            limit = 60 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else \
                200 if isinstance(node, ast.ClassDef) else None
            if limit and node.end_lineno - node.lineno + 1 > limit:
                too_big.append(f"{name}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert too_big == []
