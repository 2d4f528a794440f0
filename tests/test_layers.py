"""The house holds: each folder of ``qmkg/`` is one stage, and a lower stage never imports a higher one.

Imports are read from the source with :mod:`ast` (lazy imports inside functions count too), so the
rule cannot rot as modules move. The ranks are the data's journey; stages of the same rank are
siblings that must not import each other (the query layer does not import the reasoner, the
views do not import the publisher).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "qmkg"
RANK = {
    "core": 0, "vocab": 1, "ingest": 2, "extract": 3, "graph": 4, "query": 4,
    "pipeline": 5, "network": 5, "web": 6, "site": 6, "cli": 7,
}
MODULES = sorted(p for p in PKG.rglob("*.py") if "_data" not in p.parts)


def stage(module: str) -> str | None:
    """The stage of a dotted module name inside qmkg (None for the package root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "qmkg" else None


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every qmkg module ``path`` imports, relative imports resolved."""
    me = module_name(path).split(".")
    package = me if path.name == "__init__.py" else me[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "qmkg"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "qmkg":
                continue
            if mod == "qmkg":  # from qmkg import X: X may be a stage
                out |= {f"qmkg.{a.name}" for a in node.names if a.name != "__version__"}
            else:
                out.add(mod)
    return out


def test_every_module_is_in_a_stage():
    strays = [module_name(p) for p in MODULES if stage(module_name(p)) not in RANK and module_name(p) != "qmkg"]
    assert strays == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_import_reaches_up_or_sideways(path: Path):
    mine = stage(module_name(path))
    if mine is None:  # the package root is the public API: it may open any stage
        return
    bad = []
    for target in sorted(imports(path)):
        theirs = stage(target)
        if theirs is None or theirs == mine:
            continue
        if RANK.get(theirs, 99) >= RANK[mine]:
            bad.append(target)
    assert bad == [], f"{module_name(path)} ({mine}) imports a stage that is not below it: {bad}"


def test_no_import_cycles_between_modules():
    names = {module_name(p): p for p in MODULES}
    graph = {m: {t for t in imports(p) if t in names and t != m} for m, p in names.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, trail: list[str]) -> bool:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycle.extend(trail + [m, t])
                return True
            if t not in state and visit(t, trail + [m]):
                return True
        state[m] = 2
        return False

    for m in sorted(graph):
        if m not in state and visit(m, []):
            break
    assert cycle == []


def test_the_rule_catches_a_violation(tmp_path):
    """The checker itself: a vocab module importing the query layer is reported."""
    bad = tmp_path / "qmkg" / "vocab" / "x.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from qmkg.query.library import library\nfrom ..core import errors\n")
    global PKG
    saved, PKG = PKG, tmp_path / "qmkg"
    try:
        assert imports(bad) == {"qmkg.query.library", "qmkg.core"}
    finally:
        PKG = saved
