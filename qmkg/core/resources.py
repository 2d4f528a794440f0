"""Where the project's data files are: the repository checkout, or the copy inside a wheel."""

from __future__ import annotations

from pathlib import Path

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
