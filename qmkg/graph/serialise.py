"""Serialise a graph deterministically: Turtle, JSON-LD, N-Triples.

The same graph always gives the same bytes (canonical blank-node labels, sorted lines).
:func:`write_store` streams: the store writes N-Triples to a scratch file, the lines are
sorted as bytes (UTF-8 byte order is code-point order) in runs of bounded size and merged,
blank nodes are relabelled only on the lines that have one, and pyoxigraph's Turtle writer
reads the sorted lines and writes straight to the output's temporary file. Memory stays
bounded by the store and one run, never by the output.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from qmkg.core.fileio import atomic_path
from qmkg.core.graphfile import GRAPH_FORMATS, ox_format
from qmkg.core.namespaces import PREFIXES
from qmkg.core.terms import graph_to_store

FORMATS = tuple(GRAPH_FORMATS)
RUN_LINES = 200_000  # lines sorted in memory at a time (~40 MB of Python bytes)

# a blank node as subject (line start) or object (before the final " ."), never inside a literal
_BNODE = re.compile(r"^_:([A-Za-z0-9_\-.]+)(?= )|(?<= )_:([A-Za-z0-9_\-.]+)(?= \.$)")


def canonical_lines(nt: str) -> list[str]:
    """N-Triples lines sorted and unique, blank nodes labelled from their content.

    Stores label blank nodes at random; here a blank node is named after the sorted statements
    it is the subject of (other blank nodes blanked), so the same graph gives the same lines.
    Only lines that hold ``_:`` are read for that: every statement about a blank node has one.

    >>> canonical_lines('<b> <p> <o> .\\n<a> <p> <o> .\\n')
    ['<a> <p> <o> .', '<b> <p> <o> .']
    """
    lines = nt.splitlines()
    if "_:" not in nt:
        lines.sort()  # a store writes each triple once: no duplicates to drop
        return lines
    outgoing: dict[str, list[str]] = {}
    for ln in lines:
        m = _BNODE.match(ln)
        if m:
            outgoing.setdefault(m.group(1), []).append(_BNODE.sub("_:x", ln))
    names: dict[str, str] = {}
    for key, label in sorted((hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest()[:16], b) for b, v in outgoing.items()):
        names[label] = f"b{key}" if f"b{key}" not in names.values() else f"b{key}n{len(names)}"

    def relabel(m: re.Match) -> str:
        label = m.group(1) or m.group(2)
        return "_:" + names.get(label, "x" + hashlib.sha256(label.encode()).hexdigest()[:16])

    return sorted({_BNODE.sub(relabel, ln) for ln in lines})


class _Runs:
    """Sorted runs of N-Triples lines (bytes, newline kept), spilled to files beyond the first."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.memory: list[list[bytes]] = []
        self.files: list[Path] = []

    def add(self, run: list[bytes]) -> None:
        run.sort()
        if not self.memory and not self.files:
            self.memory.append(run)  # a small graph is one run: never written out
            return
        if self.memory:
            self._spill(self.memory.pop())
        self._spill(run)

    def _spill(self, run: list[bytes]) -> None:
        path = self.folder / f"run{len(self.files)}.nt"
        with path.open("wb") as f:
            f.writelines(run)
        self.files.append(path)

    def merged(self, extra: list[bytes]) -> Iterator[bytes]:
        """Every line in byte order (the runs hold distinct lines: a store holds each statement once)."""
        if not self.files and not extra:
            yield from (self.memory[0] if self.memory else ())
            return
        handles = [p.open("rb") for p in self.files]
        try:
            yield from heapq.merge(*self.memory, *handles, extra)
        finally:
            for h in handles:
                h.close()


def _has_blank(line: bytes) -> bool:
    """Whether a line may hold a blank node (a literal holding " _:" may pass too: it is left as it is)."""
    return line.startswith(b"_:") or b" _:" in line


def _sorted_lines(store, folder: Path, used: dict[str, str], run_lines: int) -> Iterator[bytes]:
    """The store's default graph as canonical N-Triples lines; fills ``used`` with the prefixes it uses."""
    import pyoxigraph as ox

    dump = folder / "dump.nt"
    store.dump(output=str(dump), format=ox_format("nt"), from_graph=ox.DefaultGraph())
    runs, blank = _Runs(folder), []
    wanted = {p: ns.encode() for p, ns in PREFIXES.items()}
    with dump.open("rb") as f:
        while chunk := list(islice(f, run_lines)):
            text = b"".join(chunk)  # searched at C speed, then dropped
            for p, ns in list(wanted.items()):
                if ns in text:
                    used[p] = ns.decode()
                    del wanted[p]
            if text.startswith(b"_:") or b"\n_:" in text or b" _:" in text:  # rare: only these lines are read again
                blank += (ln for ln in chunk if _has_blank(ln))
                chunk = [ln for ln in chunk if not _has_blank(ln)]
            del text
            runs.add(chunk)
    dump.unlink()
    relabelled = canonical_lines(b"".join(blank).decode("utf-8")) if blank else []
    # relabelled lines are distinct from the plain ones (they hold "_:"), and unique among themselves
    return runs.merged([(ln + "\n").encode("utf-8") for ln in relabelled])


def _sort_prefix_block(path: Path) -> None:
    """Sort the writer's ``@prefix`` lines (its order is its own) so the bytes never depend on it."""
    with path.open("rb") as f:
        head = []
        while (line := f.readline()).startswith(b"@prefix"):
            head.append(line)
        if head == sorted(head):
            return
        rest_at = sum(map(len, head))
    tmp = path.with_suffix(".sorting")
    with path.open("rb") as src, tmp.open("wb") as dst:
        src.seek(rest_at)
        dst.writelines(sorted(head))
        while block := src.read(1 << 20):
            dst.write(block)
    tmp.replace(path)


def _write_sorted(lines: Iterable[bytes], fmt: str, out: Path, used: dict[str, str], folder: Path) -> None:
    import pyoxigraph as ox

    if fmt == "nt":
        with out.open("wb") as f:
            f.writelines(lines)
        return
    nt = folder / "sorted.nt"
    with nt.open("wb") as f:
        f.writelines(lines)
    if fmt == "ttl":
        triples = ox.parse(path=str(nt), format=ox_format("nt"))
        ox.serialize(triples, str(out), format=ox_format("ttl"), prefixes=dict(sorted(used.items())))
        _sort_prefix_block(out)
        return
    from rdflib import Graph

    g = Graph().parse(str(nt), format="nt")
    data = json.loads(g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    if isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    out.write_bytes((json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def write_store(store, path: str | Path, fmt: str, *, run_lines: int = RUN_LINES) -> None:
    """Write the default graph of a pyoxigraph store to ``path`` deterministically, streamed and atomically.

    ``run_lines`` lines at most are sorted in memory at a time; the bytes never depend on it.

    >>> import pyoxigraph as ox, tempfile
    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode("http://x/b"), ox.NamedNode("http://x/p"), ox.Literal("b")))
    >>> s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("a")))
    >>> out = Path(tempfile.mkdtemp()) / "g.nt"
    >>> write_store(s, out, "nt")
    >>> print(out.read_text(), end="")
    <http://x/a> <http://x/p> "a" .
    <http://x/b> <http://x/p> "b" .
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    with tempfile.TemporaryDirectory(prefix="qmkg-serialise-") as tmp, atomic_path(path) as out:
        used: dict[str, str] = {}
        _write_sorted(_sorted_lines(store, Path(tmp), used, run_lines), fmt, out, used, Path(tmp))


def serialise_store(store, fmt: str) -> bytes:
    """The default graph of a pyoxigraph store, serialised deterministically (``ttl``, ``jsonld``, ``nt``)."""
    with tempfile.TemporaryDirectory(prefix="qmkg-serialise-") as tmp:
        out = Path(tmp) / f"graph.{fmt}"
        write_store(store, out, fmt)
        return out.read_bytes()


def serialise(graph, fmt: str) -> bytes:
    """Serialise an rdflib graph deterministically in ``ttl``, ``jsonld`` or ``nt``.

    Turtle is pretty-printed by pyoxigraph's writer from sorted N-Triples: byte-stable, and
    20x faster than rdflib's on these graphs (PERFORMANCE-NOTES, and the benchmark).
    """
    return serialise_store(graph_to_store(graph), fmt)
