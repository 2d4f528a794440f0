"""Where the project's data files are: the repository checkout, or the copy inside a wheel."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from qmkg.core.errors import ConfigError

_PKG = Path(__file__).resolve().parent.parent  # the qmkg package


def data_root() -> Path:
    """The folder holding ``ontology/``, ``queries/`` and ``graph/``.

    A wheel carries them under ``qmkg/_data``; an editable install reads the checkout.

    >>> (data_root() / "ontology" / "qm.ttl").name
    'qm.ttl'
    """
    bundled = _PKG / "_data"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PKG.parent


def ontology_dir() -> Path:
    return data_root() / "ontology"


def queries_dir() -> Path:
    return data_root() / "queries"


def default_source() -> Path:
    return data_root() / "graph" / "sources" / "2024-quality-month-activities.txt"


def default_graph() -> Path:
    """The bundled graph of the 2024 notice."""
    return data_root() / "graph" / "qm-2024.ttl"


def default_graph_dir(cwd: Path | None = None) -> Path:
    """Where ``qmkg build`` writes a graph by default, and where the other commands look for one first.

    The checkout's ``graph/`` folder when working inside the checkout, else the working directory.

    >>> default_graph_dir(data_root()) == data_root() / "graph"
    True
    """
    cwd = (cwd or Path.cwd()).resolve()
    root = data_root().resolve()
    if root != (_PKG / "_data").resolve() and (cwd == root or root in cwd.parents):
        return root / "graph"
    return cwd


def find_default_graph(cwd: Path | None = None) -> tuple[Path, str]:
    """The graph a command reads when given none, and a note saying which file that is ("" when plain).

    The graph ``qmkg build`` wrote by default (``qm-*.ttl``, ``.nt`` or ``.jsonld`` in
    :func:`default_graph_dir`; the newest if there are several), else the bundled graph.
    """
    folder = default_graph_dir(cwd)
    found = sorted((p for ext in ("ttl", "nt", "jsonld") for p in folder.glob(f"qm-*.{ext}") if p.is_file()),
                   key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    if len(found) == 1:
        return found[0], ""
    if found:
        return found[0], f"reading {found[0]}, the newest of {len(found)} graphs in {folder} (give --graph to choose)"
    bundled = default_graph()
    return bundled, f"reading the bundled graph {bundled}: no qm-*.ttl in {folder} (`qmkg build` writes one there)"


def scheme_files() -> list[Path]:
    """The SKOS schemes the tagger reads, in a fixed order."""
    return [ontology_dir() / f"{n}.ttl" for n in ("themes", "kinds", "groups", "sectors")]


def tbox_files() -> list[Path]:
    """Everything merged into a built graph besides the data: ontology, schemes, campaign gazetteer."""
    return [ontology_dir() / "qm.ttl", *scheme_files(), ontology_dir() / "campaigns.ttl"]


@cache
def ui_labels() -> dict[str, dict]:
    """The zh/en words of the network views and commands (``ontology/ui-labels.toml``), by table.

    >>> ui_labels()["projections"]["campaign"]["zh"]
    '专项行动网络'
    """
    path = ontology_dir() / "ui-labels.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the UI labels: {e}") from None
