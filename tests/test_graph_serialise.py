"""Canonical, streamed serialisation: byte order, blank nodes, runs, atomic files."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from qmkg.core.resources import default_graph
from qmkg.graph.serialise import canonical_lines, serialise_store, write_store


def test_the_built_2024_graph_is_byte_identical_to_the_bundled_one(built_graph):
    # built_graph is built afresh to a file named qm-2024.ttl (tests/conftest.py)
    assert built_graph.read_bytes() == default_graph().read_bytes()


@pytest.fixture(scope="module")
def store_2024():
    store = ox.Store()
    store.bulk_load(path=str(default_graph()), format=ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize("fmt", ["nt", "ttl"])
def test_runs_spilled_to_files_give_the_same_bytes(store_2024, tmp_path, fmt):
    whole, runs = tmp_path / f"whole.{fmt}", tmp_path / f"runs.{fmt}"
    write_store(store_2024, whole, fmt)
    write_store(store_2024, runs, fmt, run_lines=997)  # 18 runs, merged
    assert whole.read_bytes() == runs.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([whole.name, runs.name])  # no scratch left


def test_n_triples_lines_are_sorted_as_bytes_and_unique(store_2024):
    lines = serialise_store(store_2024, "nt").splitlines()
    assert lines == sorted(set(lines)) and len(lines) == len(store_2024)


def test_utf8_byte_order_is_code_point_order_even_beyond_the_bmp():
    store = ox.Store()
    p = ox.NamedNode("http://x/p")
    for i, text in enumerate(["\uffef", "\U0001f600", "é", "z", "质"]):
        store.add(ox.Quad(ox.NamedNode(f"http://x/s{i}"), p, ox.Literal(text)))
        store.add(ox.Quad(ox.NamedNode("http://x/same"), p, ox.Literal(text)))
    lines = serialise_store(store, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines)  # Python sorts str by code point


def test_blank_nodes_are_relabelled_from_content_whatever_the_store_calls_them():
    def graph(label_a: str, label_b: str) -> ox.Store:
        store = ox.Store()
        a, b = ox.BlankNode(label_a), ox.BlankNode(label_b)
        store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/r"), a))
        store.add(ox.Quad(a, ox.NamedNode("http://x/p"), b))
        store.add(ox.Quad(b, ox.NamedNode("http://x/q"), ox.Literal("x _:zz .")))
        return store

    one, two = serialise_store(graph("a1", "b1"), "ttl"), serialise_store(graph("n9", "m7"), "ttl")
    assert one == two
    assert b'"x _:zz ."' in one  # a blank-node look-alike inside a literal is left alone


def test_canonical_lines_label_from_content():
    a = '_:a <http://p> _:b .\n_:b <http://q> "x _:zz ." .\n<http://s> <http://r> _:a .\n'
    b = a.replace("_:a", "_:n1").replace("_:b ", "_:n2 ").replace("_:b .", "_:n2 .")
    assert canonical_lines(a) == canonical_lines(b)


def test_a_failed_write_leaves_the_old_file(store_2024, tmp_path):
    out = tmp_path / "g.ttl"
    out.write_bytes(b"old")
    with pytest.raises(ValueError):
        write_store(store_2024, out, "rdfxml")
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["g.ttl"]
