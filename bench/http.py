"""Serving over HTTP: ``qmkg serve`` side by side with ``oxigraph serve-read-only`` on the same data and query.

Reports the time to readiness, requests per second and p50/p99 latency of one library query at 1, 4
and 16 concurrent keep-alive clients, and how close to its time limit an endless query is stopped.
Both servers bind 127.0.0.1; the load is bounded by a duration per level.

``python -m bench.http [--seconds S] [--out FILE]`` runs it alone and writes a Markdown section.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from qmkg.web.shots import QMKG, free_port  # this tree's qmkg, and a free port of 127.0.0.1

from .measure import ROOT, percentile

QUERY_NAME, QUERY_PARAMS = "organisers-by-theme", {"theme": "计量"}
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CLIENTS = (1, 4, 16)
LIMIT_S = 2.0


def library_query_text(graph: Path) -> str:
    """The library query with its parameter bound as the query layer binds it (a VALUES block)."""
    from qmkg.query.library import QueryService, library
    from qmkg.query.sparql import bind_as_values

    q = library()[QUERY_NAME]
    qs = QueryService.open(graph)
    bindings = {p.variable: qs.resolve(p.type, QUERY_PARAMS[p.name], param=p.name) for p in q.params}
    return bind_as_values(q.sparql, bindings)


def _wait(port: int, path: str, proc: subprocess.Popen, seconds: float = 30) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("server did not start")


def _load(port: int, path: str, clients: int, seconds: float) -> dict:
    """``clients`` threads on keep-alive connections, each sending the GET as fast as answers come."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            t = time.perf_counter()
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            r = conn.getresponse()
            r.read()
            latencies[i].append(time.perf_counter() - t)
            if r.status != 200:
                errors[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    lat = [x for xs in latencies for x in xs]
    return {"clients": clients, "requests": len(lat), "errors": sum(errors), "rps": round(len(lat) / wall, 1),
            "p50_ms": round(percentile(lat, 50) * 1000, 2), "p99_ms": round(percentile(lat, 99) * 1000, 2)}


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _qmkg(graph: Path, query: str, seconds: float, log) -> dict:
    port = free_port()
    proc = subprocess.Popen([*QMKG, "serve", "--graph", str(graph), "--port", str(port),
                             "--timeout", f"{LIMIT_S:g}"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = _wait(port, "/sparql?query=ASK%7B%7D", proc)
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        _load(port, path, 2, min(seconds, 1.0))  # warm both workers
        levels = []
        for n in CLIENTS:
            log(f"http: qmkg serve, {n} clients")
            levels.append(_load(port, path, n, seconds))
        stops = []
        for _ in range(3):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            t = time.perf_counter()
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": ENDLESS}))
            status = conn.getresponse().status
            stops.append({"status": status, "seconds": round(time.perf_counter() - t, 3)})
            time.sleep(1.5)  # the killed worker's replacement loads the graph
        return {"ready_s": round(ready, 3), "levels": levels, "limit_s": LIMIT_S, "stops": stops}
    finally:
        _stop(proc)


def _oxigraph(graph: Path, query: str, seconds: float, work: Path, log) -> dict | None:
    exe = shutil.which("oxigraph")
    if exe is None:
        return None
    location = work / "oxigraph"
    subprocess.run([exe, "load", "--location", str(location), "--file", str(graph)], check=True,
                   capture_output=True, timeout=120)
    port = free_port()
    proc = subprocess.Popen([exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = _wait(port, "/query?query=ASK%7B%7D", proc)
        path = "/query?" + urllib.parse.urlencode({"query": query})
        _load(port, path, 2, min(seconds, 1.0))
        levels = []
        for n in CLIENTS:
            log(f"http: oxigraph serve-read-only, {n} clients")
            levels.append(_load(port, path, n, seconds))
        return {"ready_s": round(ready, 3), "levels": levels}
    finally:
        _stop(proc)


def bench_http(graph: Path, work: Path, *, seconds: float = 5.0, log=lambda m: None) -> dict:
    """Both servers on ``graph``, the same query, ``seconds`` of load at each level of clients."""
    from .machine import load_average

    query = library_query_text(graph)
    r = {"query": QUERY_NAME, "params": QUERY_PARAMS, "seconds_per_level": seconds, "load_before": load_average(),
         "qmkg": _qmkg(graph, query, seconds, log), "oxigraph": _oxigraph(graph, query, seconds, work, log)}
    r["load_after"] = load_average()
    return r


def render(r: dict) -> str:
    """The Markdown section of the report."""
    q, ox = r["qmkg"], r["oxigraph"]
    out = ["", "## Serving over HTTP (`qmkg serve` and `oxigraph serve-read-only`)", "",
           f"Query `{r['query']}` ({', '.join(f'{k}={v}' for k, v in r['params'].items())}) by GET, JSON results, "
           f"keep-alive clients, {r['seconds_per_level']:g} s a level. Ready: qmkg serve {q['ready_s']:.2f} s"
           + (f", oxigraph {ox['ready_s']:.2f} s." if ox else ".")
           + f" Load average before and after: {r['load_before']}, {r['load_after']} (2 cores, shared).", "",
           "| clients | qmkg req/s | p50 ms | p99 ms | oxigraph req/s | p50 ms | p99 ms | qmkg / oxigraph |",
           "|---|---|---|---|---|---|---|---|"]
    for i, lv in enumerate(q["levels"]):
        o = ox["levels"][i] if ox else None
        share = f"{lv['rps'] / o['rps']:.2f}" if o and o["rps"] else "–"
        out.append(f"| {lv['clients']} | {lv['rps']:.0f} | {lv['p50_ms']:.2f} | {lv['p99_ms']:.2f} | "
                   + (f"{o['rps']:.0f} | {o['p50_ms']:.2f} | {o['p99_ms']:.2f}" if o else "– | – | –")
                   + f" | {share} |")
    stops = ", ".join(f"{s['seconds']:.2f} s (HTTP {s['status']})" for s in q["stops"])
    out += ["", f"An endless query (a counted three-way cartesian product) under a {q['limit_s']:g} s limit "
                f"was answered after: {stops}.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    import tempfile

    from qmkg.core.resources import default_graph

    ap = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="load per level of clients (default 5)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "http.md",
                    help="Markdown file to write (a .json beside it holds the figures)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qmkg-bench-http-") as tmp:
        r = bench_http(default_graph(), Path(tmp), seconds=a.seconds,
                       log=lambda m: print(f"[bench {time.strftime('%H:%M:%S')}] {m}", file=sys.stderr))
    text = render(r)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(text.lstrip() + "\n", encoding="utf-8")
    a.out.with_suffix(".json").write_text(json.dumps(r, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
