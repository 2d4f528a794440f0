"""The ``qmkg`` command: the parser, assembled from one module per command group, and ``main``.

Heavy imports stay inside commands, so ``qmkg query`` never loads rdflib, networkx or pyvis.
A new command group is a module with a ``register(subparsers)`` function, named in
:data:`COMMAND_GROUPS`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from qmkg import __version__
from qmkg.core.errors import QmkgError
from qmkg.core.text import clip

# The registration point: one line per command group, a module of qmkg.cli with a
# ``register(subparsers)`` function; its commands appear in this order in --help.
COMMAND_GROUPS = (
    "qmkg.cli.build",    # build
    "qmkg.cli.graph",    # validate, export, push
    "qmkg.cli.query",    # stats, queries, query, sparql
    "qmkg.cli.network",  # network stats|view|site
    "qmkg.cli.publish",  # publish (the static linked-data site)
    "qmkg.cli.serve",    # serve (SPARQL endpoint and web app)
)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="qmkg", description="Knowledge graph of China's National Quality Month notices.")
    ap.add_argument("--version", action="version", version=f"qmkg {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_GROUPS:
        importlib.import_module(module).register(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except QmkgError as e:
        print(f"qmkg: error: {e}", file=sys.stderr)
        return e.exit_status
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as e:  # a file that vanished or a disk that filled during the work: one line, no traceback
        where = f"{clip(str(e.filename))}: " if e.filename else ""
        print(f"qmkg: error: {where}{e.strerror or e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
