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
    return data_root() / "graph" / "qm-2024.ttl"


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
