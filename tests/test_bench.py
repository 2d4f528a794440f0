"""The benchmark harness (bench/): its generator, and its quick mode end to end.

No test here asserts a timing: figures belong in the report, not in tests (issue 5).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from qmkg.ingest.notice import chinese_number, parse_notice
from qmkg.ingest.sources import read_source
from qmkg.query.library import library
from qmkg.vocab.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent


def _load_generator():
    # by path: bench/ is not part of the installed package, and sys.path stays as it is
    spec = importlib.util.spec_from_file_location("qmkg_bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def test_item_numerals_round_trip_through_the_parser():
    assert [chinese_number(gen.to_chinese(n)) for n in range(1, 1000)] == list(range(1, 1000))
    with pytest.raises(ValueError):
        gen.to_chinese(1000)


def test_generated_notices_have_the_real_shape(tmp_path):
    corpus = gen.generate(12, tmp_path)
    assert [p.name for p in corpus.files] == ["synthetic-2023-x2.txt", "synthetic-2024-x10.txt"]
    lex = load_lexicon()
    real_counts = (25, 18, 32)  # 附件1-3 of the 2024 notice (issue 2)
    names = set()
    for path, multiple, year in ((corpus.files[0], 2, 2023), (corpus.files[1], 10, 2024)):
        notice = parse_notice(read_source(path), lex)
        assert notice.year == year and notice.notice_id == str(year)
        kinds = [(a.kind, len(a.items)) for a in notice.attachments]
        assert kinds == [("joint", 25 * multiple), ("association", 18 * multiple), ("region", 32 * multiple),
                         ("slogans", 0)]
        assert len(notice.attachments[-1].slogans) == 10
        heads = [i.organiser.name for i in notice.items]
        # every item's organiser is the one the generator wrote, each once per notice
        assert len(set(heads)) == len(heads) == sum(real_counts) * multiple
        assert all(i.sentences for i in notice.items)
        names.update(heads)
    assert len(names) == corpus.organisers
    assert corpus.items == 12 * sum(real_counts)


def test_generated_notices_are_byte_identical_for_a_seed(tmp_path):
    a = gen.generate(3, tmp_path / "a")
    b = gen.generate(3, tmp_path / "b")
    c = gen.generate(3, tmp_path / "c", seed=7)
    assert a.files[0].read_bytes() == b.files[0].read_bytes()
    assert a.files[0].read_bytes() != c.files[0].read_bytes()


def test_invented_organisers_are_typed_from_their_names():
    lex = load_lexicon()
    for kind, expected in (("joint", "government_department"), ("association", "federation_or_association"),
                           ("region", "local_region")):
        names = {gen.synthetic_name(kind, k) for k in range(288)}
        assert len(names) == 288
        for name in sorted(names)[:20]:
            assert lex.organiser(name) is None
            assert lex.type_from_name(name).kind == expected


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.mark.slow
def test_quick_benchmark_writes_both_reports(quick_report):
    assert (quick_report / "latest.md").is_file()
    assert (quick_report / "latest.json").is_file()


@pytest.mark.slow
def test_quick_report_covers_every_library_query(quick_report):
    data = json.loads((quick_report / "latest.json").read_text(encoding="utf-8"))
    md = (quick_report / "latest.md").read_text(encoding="utf-8")
    assert set(data["queries"]["results"]) == set(library())
    for name, entry in data["queries"]["results"].items():
        assert f"`{name}`" in md
        assert set(entry["params"]) == {p.name for p in library()[name].params}
        assert "oxigraph" in entry and "rdflib" in entry


@pytest.mark.slow
def test_quick_report_has_the_floors_and_machine(quick_report):
    data = json.loads((quick_report / "latest.json").read_text(encoding="utf-8"))
    walls = data["cli"]["wall_s"]
    assert {"python -c pass", "python -c 'import pyoxigraph'", "qmkg query"} <= set(walls)
    md = (quick_report / "latest.md").read_text(encoding="utf-8")
    assert "`python -c pass`" in md and "`python -c 'import pyoxigraph'`" in md
    for key in ("cpu", "cores_logical", "memory_total_mb", "python", "versions"):
        assert data["machine"][key]
    assert {"rdflib", "pyoxigraph"} <= set(data["machine"]["versions"])
    assert {t["id"] for t in data["targets"]} >= {"build", "build-validate", "query-p50", "cli-query",
                                                   "scale100-floor", "scale100-memory", "scale100-queries",
                                                   "scale1000-memory"}


@pytest.mark.slow
def test_quick_report_triples_grow_with_scale(quick_report):
    data = json.loads((quick_report / "latest.json").read_text(encoding="utf-8"))
    points = sorted(data["scale"]["points"], key=lambda p: p["S"])
    assert [p["S"] for p in points] == [1, 2]
    triples = [p["triples"] for p in points]
    activities = [p["activities"] for p in points]
    assert triples[0] < triples[1] and activities[0] < activities[1]
    for p in points:  # each build beside its floor; every library query timed at every scale
        assert p["floor_wall_s"]["p50"] > 0 and p["floor_ratio"] > 0
        assert p["peak_rss_mb"]["p50"] >= p["peak_rss_one_process_mb"]["p50"] > 0
        assert set(p["query_p50_ms"]) == set(library())


@pytest.mark.slow
def test_quick_report_json_keys_are_sorted(quick_report):
    text = (quick_report / "latest.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
