"""The notebooks: committed without outputs, thin (no logic of their own), and run top to bottom.

Each notebook has one cell tagged ``parameters`` (``GRAPH = None``); the test points it at the
freshly built graph, as papermill would, and executes the notebook with nbclient.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_at_least_two_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 2, names
    assert any("theme" in n for n in names) and any("network" in n for n in names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"]
    assert "widgets" not in raw["metadata"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_hold_no_logic(path: Path):
    """Imports, names bound to calls, and expressions: no functions, classes, loops or branches."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
    for cell in code:
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.For,
                                         ast.While, ast.If, ast.With, ast.Try, ast.ListComp, ast.DictComp,
                                         ast.SetComp, ast.GeneratorExp)), f"{path.name}: {cell.source!r}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert all(m.split(".")[0] in ("qmkg", "pandas") for m in modules), modules


def _execute(path: Path, graph: Path, workdir: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = f"GRAPH = {str(graph)!r}"
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for mime in ("text/plain", "text/html"):
                parts.append(out.get("data", {}).get(mime, ""))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path: Path, built_graph: Path, tmp_path: Path):
    nb = _execute(path, built_graph, tmp_path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    text = _text(nb)
    assert "市场监管总局" in text  # the organiser with most activities shows up in both stories
    if "network" in path.name:
        frames = [o for c in code for o in c.outputs if "<iframe srcdoc=" in o.get("data", {}).get("text/html", "")]
        assert len(frames) >= 2  # the inline views
        assert "铁拳" in text
    assert list(tmp_path.iterdir()) == []  # the notebooks write nothing
