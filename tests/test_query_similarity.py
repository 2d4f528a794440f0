"""All-pairs questions computed in Python from a compact query: the same answers as in SPARQL.

tests/data/similarity/organiser-similarity.rq is the SPARQL version (activity x activity joins
inside the engine), kept as the oracle: same rows, same decimals, same order, in both languages.
(similar-organisers, one organiser's top 10, stays in SPARQL: it starts from that organiser.)
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from qmkg.core.errors import ConfigError
from qmkg.core.terms import Term
from qmkg.pipeline import run_build
from qmkg.query.library import QueryService, _result, library, parse_query_file
from qmkg.query.similarity import COMPUTED, _milli_jaccard

ROOT = Path(__file__).resolve().parent.parent
ORACLE = Path(__file__).resolve().parent / "data" / "similarity"
ASKED = {"organiser-similarity": {}}


@pytest.fixture(scope="module")
def services(qs, tmp_path_factory) -> dict[str, QueryService]:
    """The 2024 graph and a generated notice twice its size (S=2: invented organisers too)."""
    spec = importlib.util.spec_from_file_location("qmkg_bench_generate", ROOT / "bench" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen
    spec.loader.exec_module(gen)
    tmp = tmp_path_factory.mktemp("s2")
    out = tmp / "qm-s2.ttl"
    run_build(list(gen.generate(2, tmp / "sources").files), output=out)
    return {"2024": qs, "S2": QueryService.open(out)}


def _oracle(qs: QueryService, name: str, lang: str):
    q = parse_query_file(ORACLE / f"{name}.rq")
    bindings = {"lang": Term.literal(lang)}
    bindings.update({p.variable: qs.resolve(p.type, ASKED[name][p.name]) for p in q.params})
    return _result(qs.engine.select(q.sparql, bindings), q.columns)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("graph", ["2024", "S2"])
@pytest.mark.parametrize("name", sorted(ASKED))
def test_same_answers_as_the_sparql_version(services, name, graph, lang):
    qs = services[graph]
    ours, oracle = qs.run(name, lang=lang, **ASKED[name]), _oracle(qs, name, lang)
    assert ours.columns == oracle.columns
    assert ours.rows == oracle.rows
    assert len(ours) > 0


def test_every_pair_once_in_iri_order(services):
    res = services["S2"].run("organiser-similarity")
    pairs = [(r[0].value, r[2].value) for r in res.rows]
    assert all(a < b for a, b in pairs) and len(set(pairs)) == len(pairs) > 1000


def test_rounding_is_sparql_round_half_up():
    # ROUND(1000 * shared / union): 1/16 -> 62.5 -> 63; 1/3 -> 333.3 -> 333; 2/3 -> 666.7 -> 667; 1/8 -> 125
    assert [_milli_jaccard(s, u) for s, u in ((1, 16), (1, 3), (2, 3), (1, 8), (3, 3))] == [63, 333, 667, 125, 1000]


def test_library_queries_declare_known_steps():
    declared = {q.name: q.compute for q in library().values() if q.compute}
    assert declared == {"organiser-similarity": "jaccard-pairs"}  # similar-organisers: a top 10 in SPARQL
    for name, step in declared.items():
        assert library()[name].columns == COMPUTED[step].columns


@pytest.mark.parametrize("header, message", [
    ("# compute: no-such-step\n", "unknown compute step"),
    ("# columns: a, b\n# compute: jaccard-pairs\n", "gives organiserA"),
])
def test_a_bad_compute_header_is_a_config_error(tmp_path, header, message):
    text = (ORACLE / "organiser-similarity.rq").read_text(encoding="utf-8")
    if header.startswith("# columns"):
        text = "\n".join(ln for ln in text.splitlines() if not ln.startswith("# columns")) + "\n"
    lines = text.splitlines(keepends=True)
    path = tmp_path / "organiser-similarity.rq"
    path.write_text(lines[0] + header + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        parse_query_file(path)
