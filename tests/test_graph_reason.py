"""The reasoner (closure of the ontology once, one pass, semi-naive rounds) against the oracle.

The oracle is the plain fixpoint of the ``ontology/rules/*.ru`` files (``apply_rules_fixpoint``),
the rules as they read; the fast reasoner must add exactly the same statements.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from qmkg.pipeline import run_build
from qmkg.vocab.rules import apply_rules, apply_rules_fixpoint, ontology_closure

ROOT = Path(__file__).resolve().parent.parent
QM = "https://example.org/qmkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _generator():
    spec = importlib.util.spec_from_file_location("qmkg_bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _twins(path: Path) -> tuple[ox.Store, ox.Store]:
    """Two stores holding the very same statements (blank nodes included)."""
    a = ox.Store()
    a.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    b = ox.Store()
    b.extend(a)
    return a, b


def _statements(store: ox.Store) -> set:
    return set(store.quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def unreasoned(tmp_path_factory, source_path) -> dict[str, Path]:
    """The 2024 notice and a generated notice twice its size (S=2), built with ``--reason none``."""
    tmp = tmp_path_factory.mktemp("unreasoned")
    s2 = _generator().generate(2, tmp / "s2").files
    out = {}
    for name, sources in (("2024", [source_path]), ("S2", list(s2))):
        out[name] = tmp / f"qm-{name}.ttl"
        run_build(sources, output=out[name], reason="none")
    return out


@pytest.mark.parametrize("name", ["2024", "S2"])
def test_same_entailments_as_the_fixpoint_of_the_rules(unreasoned, name):
    fast, oracle = _twins(unreasoned[name])
    added = apply_rules(fast)
    assert added == apply_rules_fixpoint(oracle) > 5_000
    assert _statements(fast) == _statements(oracle)
    assert list(fast.named_graphs()) == []  # the scratch graphs of the rounds are gone


def test_applying_twice_adds_nothing(unreasoned):
    store, _ = _twins(unreasoned["2024"])
    apply_rules(store)
    assert apply_rules(store) == 0


def test_closure_composes_sub_properties_inverses_and_symmetry(unreasoned):
    store, _ = _twins(unreasoned["2024"])
    c = ontology_closure(store)
    # qm:organiser ⊑ schema:organizer, prov:wasAssociatedWith; inverse qm:organises (qm.ttl)
    assert {q for q, _ in c.forward[f"<{QM}organiser>"]} == {"<https://schema.org/organizer>",
                                                            "<http://www.w3.org/ns/prov#wasAssociatedWith>"}
    assert c.backward[f"<{QM}organiser>"] == (f"<{QM}organises>",)
    # qm:organises gives qm:organiser and its super-properties, all read backwards
    assert f"<{QM}organises>" not in c.forward
    assert set(c.backward[f"<{QM}organises>"]) == {f"<{QM}organiser>", "<https://schema.org/organizer>",
                                                   "<http://www.w3.org/ns/prov#wasAssociatedWith>"}
    assert c.backward[f"<{QM}cooperatesWith>"] == (f"<{QM}cooperatesWith>",)  # symmetric
    assert f"<{SKOS}broaderTransitive>" in c.transitive
    assert c.chains == ((f"<{QM}about>", f"<{QM}taggedWith>", f"<{SKOS}broaderTransitive>"),)


def test_a_chain_over_a_transitive_hierarchy_reaches_every_ancestor():
    """Hand-made: a ⊑ b ⊑ c ⊑ d by skos:broader; x tagged a is about a, b, c and d."""
    from qmkg.vocab.tbox import tbox_triples

    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in tbox_triples())
    n = {k: ox.NamedNode(f"http://x/{k}") for k in "abcdx"}
    for lo, hi in ("ab", "bc", "cd"):
        store.add(ox.Quad(n[lo], ox.NamedNode(SKOS + "broader"), n[hi]))
    store.add(ox.Quad(n["x"], ox.NamedNode(QM + "hasTheme"), n["a"]))
    apply_rules(store)
    about = {q.object for q in store.quads_for_pattern(n["x"], ox.NamedNode(QM + "about"), None)}
    assert about == {n[k] for k in "abcd"}
    assert ox.Quad(n["d"], ox.NamedNode(SKOS + "narrowerTransitive"), n["a"]) in store
    assert ox.Quad(n["c"], ox.NamedNode(QM + "topicOf"), n["x"]) in store


def test_statements_derived_late_still_meet_old_ones():
    """Hand-made ontology where a transitive edge appears only in the third round: ex:r1 = ex:a o ex:b
    gives an ex:r1 statement (round 1), ex:r1 ⊑ ex:p makes it ex:p (round 2), ex:p is transitive
    (new ex:p edges, round 3) and ex:r2 = ex:q o ex:p must join those with an old ex:q statement."""
    ttl = """
    @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix ex: <http://x/> .
    ex:p a owl:TransitiveProperty . ex:r1 rdfs:subPropertyOf ex:p .
    ex:r1 owl:propertyChainAxiom ( ex:a ex:b ) . ex:r2 owl:propertyChainAxiom ( ex:q ex:p ) .
    ex:x ex:a ex:m . ex:m ex:b ex:y . ex:y ex:p ex:z . ex:w ex:q ex:x .
    ex:C rdfs:subClassOf ex:D . ex:typeOf owl:inverseOf ex:hasInstance . ex:hasInstance rdfs:subPropertyOf rdf:type .
    ex:C ex:typeOf ex:i .
    """.replace("rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")
    fast = ox.Store()
    fast.load(ttl.encode(), format=ox.RdfFormat.TURTLE)
    oracle = ox.Store()
    oracle.extend(fast)
    apply_rules(fast)
    apply_rules_fixpoint(oracle)
    assert _statements(fast) == _statements(oracle)
    x = {k: ox.NamedNode(f"http://x/{k}") for k in ("w", "z", "r2", "i", "D")}
    assert ox.Quad(x["w"], x["r2"], x["z"]) in fast  # w q x, x p z (x p y, y p z)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert ox.Quad(x["i"], rdf_type, x["D"]) in fast  # a type made by a sub-property of rdf:type, then its class
