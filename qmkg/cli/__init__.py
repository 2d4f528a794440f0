"""The ``qmkg`` command: argument parsing only, one module per command group."""

from qmkg.cli.main import main, parser

__all__ = ["main", "parser"]
