"""``qmkg publish`` (the static linked-data site), and the password of ``qmkg push --user``.

Argument parsing only; the site is imported inside the command. A password is never an argument:
it comes from the environment variable ``QMKG_PASSWORD`` or a prompt.
"""

from __future__ import annotations

import argparse
import os
import sys

from qmkg.core.errors import InputError

PASSWORD_ENV = "QMKG_PASSWORD"


def cmd_publish(a: argparse.Namespace) -> int:
    from qmkg.cli.options import graph_path
    from qmkg.site.publish import publish_site

    report = publish_site(a.directory, graph=graph_path(a.graph), base_url=a.base_url, network=not a.no_network)
    print(f"wrote {report.directory}: {report.documents} documents, {report.files} files, "
          f"for {report.base_url} (serve it with {report.directory}/_site/conf/nginx-*.conf or .htaccess)")
    return 0


def password_for(user: str) -> str:
    """The password of ``user``: ``$QMKG_PASSWORD``, else a prompt on the terminal (never an argument)."""
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise InputError(f"--user {user} needs a password: set {PASSWORD_ENV} (no terminal to ask on)")
    import getpass

    return getpass.getpass(f"password for {user}: ")


def register(subparsers) -> None:
    """Add ``qmkg publish`` to the ``qmkg`` command's sub-parsers."""
    p = subparsers.add_parser("publish", help="write a static linked-data site of the graph into a folder")
    p.add_argument("directory", metavar="DIR", help="the site's folder (new, empty, or an earlier site)")
    p.add_argument("--graph", help="a built graph file (default: the qm-*.ttl `qmkg build` wrote here, else the "
                                   "bundled 2024 graph; stderr says which)")
    p.add_argument("--base-url", help="the URL DIR is served at; IRIs under it get pages "
                                      "(default: https://example.org/qmkg/ for the default base)")
    p.add_argument("--no-network", action="store_true", help="leave out the network views")
    p.set_defaults(func=cmd_publish)
