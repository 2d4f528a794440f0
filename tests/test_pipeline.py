"""The build path: per-notice work in worker processes gives the same graph as in this process."""

from __future__ import annotations

import pytest

from qmkg.core.errors import InputError
from qmkg.pipeline import notice_part, run_build


@pytest.fixture(scope="module")
def two_notices(tmp_path_factory, source_text):
    """The 2024 notice and the same text as a 2023 notice (another year: another notice id)."""
    tmp = tmp_path_factory.mktemp("two")
    a, b = tmp / "2024.txt", tmp / "2023.txt"
    a.write_text(source_text, encoding="utf-8")
    b.write_text(source_text.replace("2024", "2023"), encoding="utf-8")
    return [a, b]


def test_a_pool_of_workers_builds_the_same_bytes_as_one_process(two_notices, tmp_path):
    one, pool = tmp_path / "one" / "qm.ttl", tmp_path / "pool" / "qm.ttl"
    r1 = run_build(two_notices, output=one, jobs=1, progress=False)
    r2 = run_build(two_notices, output=pool, jobs=2, progress=True)  # a bar on stderr, not in the output
    assert one.read_bytes() == pool.read_bytes()
    assert (r1.triples, r1.activities, r1.organisers) == (r2.triples, r2.activities, r2.organisers)
    assert r1.activities == 2 * 210 and r1.organisers == 75  # 210 activities of the 2024 notice, twice
    assert "notices" in r2.timings and {"read", "parse", "extract", "triples"} <= set(r1.timings)


def test_an_organiser_is_described_once_with_the_first_notice_that_names_it(source_path):
    part = notice_part(source_path)
    iris = [iri for iri, _ in part.descriptions]
    assert len(iris) == len(set(iris)) == 75
    assert all(d.count(iri.encode()) >= 2 for iri, d in part.descriptions)  # a type and labels at least
    assert not any(f"<{iri}> <http://www.w3.org/2000/01/rdf-schema#label>".encode() in part.statements
                   for iri in iris)


def test_the_same_notice_twice_is_refused_by_the_pool_too(two_notices, tmp_path):
    with pytest.raises(InputError, match="the same notice is given twice"):
        run_build([two_notices[0], two_notices[0]], output=tmp_path / "x.ttl", jobs=2)
    assert not (tmp_path / "x.ttl").exists()
