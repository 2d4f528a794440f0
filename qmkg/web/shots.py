"""Pictures of the served pages for the README: ``python -m qmkg.web.shots OUTDIR``.

Starts ``qmkg serve`` on a free port of 127.0.0.1, opens pages in Debian's Chromium through
Playwright (every request that would leave the server is refused) and saves PNGs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from qmkg.core.errors import QmkgError
from qmkg.network.views import CHROMIUM, CHROMIUM_ARGS

PAGES = {  # file name: (path, what to wait for)
    "serve-entity.png": ("/id/activity/2024/1-01-13", "mark#highlight"),
    "serve-query.png": ("/queries/organisers-by-theme?theme=%E8%AE%A1%E9%87%8F", "#results tbody tr"),
    "serve-sparql.png": ("/sparql", ".yasqe"),
}

QMKG = [sys.executable, "-c", "import sys; from qmkg.cli.main import main; sys.exit(main())"]  # this tree's qmkg


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _started(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise QmkgError("qmkg serve did not start")


def shoot(folder: Path, *, width: int = 1280, height: int = 860) -> list[Path]:
    """Save a PNG of each page in :data:`PAGES` into ``folder``."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([*QMKG, "serve", "--port", str(port)],
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = []
    try:
        _started(base, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            for name, (path, ready) in PAGES.items():
                tab = browser.new_page(viewport={"width": width, "height": height})
                tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base + "/") else r.abort())
                tab.goto(base + path)
                tab.wait_for_selector(ready)
                tab.wait_for_timeout(300)  # fonts and layout settle
                folder.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=str(folder / name))
                out.append(folder / name)
                tab.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    return out


if __name__ == "__main__":
    for png in shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img")):
        print(png)
