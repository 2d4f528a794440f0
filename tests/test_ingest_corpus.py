"""Many notices in one graph: folders, the same notice twice, two copies in one file, a notice cut off."""

import shutil
from pathlib import Path

import pytest

from qmkg.core.errors import InputError
from qmkg.ingest.notice import parse_notice
from qmkg.ingest.sources import read_source
from qmkg.pipeline import run_build
from qmkg.vocab.lexicon import load_lexicon

LAYOUTS = Path(__file__).parent / "data" / "layouts"


def test_a_folder_of_notices_in_every_layout_builds_one_graph(tmp_path):
    report = run_build([LAYOUTS], output=tmp_path / "all.ttl", reason="none")
    # hand-counted: Henan 5 points, Hubei 7 sentences, 2021 national 8 clauses, Suzhou 3 rows
    assert report.activities == 5 + 7 + 8 + 3
    ttl = (tmp_path / "all.ttl").read_text(encoding="utf-8")
    for level in ("national", "provincial", "municipal"):
        assert f'qm:issuerLevel "{level}"' in ttl
    assert '"2025-09-03"^^xsd:date' in ttl
    # 省市场监管局 of Henan and of Hubei are two organisers, each under its province
    assert "org/cn-ha/" in ttl and "org/cn-hb/" in ttl


def test_the_same_notice_given_twice_is_refused(tmp_path):
    shutil.copy(LAYOUTS / "henan-plan-2025.txt", tmp_path / "copy.txt")
    with pytest.raises(InputError, match="the same notice is given twice"):
        run_build([LAYOUTS / "henan-plan-2025.txt", tmp_path / "copy.txt"], write=False, reason="none")


def test_two_copies_in_one_file_are_refused_naming_both_places(tmp_path):
    text = (LAYOUTS / "suzhou-table-2025.txt").read_text(encoding="utf-8")
    p = tmp_path / "twice.txt"
    p.write_text(text + "\n" + text, encoding="utf-8")
    with pytest.raises(InputError, match=r"the same text twice: lines 1-\d+ come back at line 16"):
        parse_notice(read_source(p), load_lexicon())


def test_a_notice_cut_off_mid_item_is_reported_with_its_line(tmp_path):
    text = (LAYOUTS / "national-2021-lists.txt").read_text(encoding="utf-8")
    p = tmp_path / "cut.txt"
    p.write_text(text[:text.index("国务院国资委联合") + 11], encoding="utf-8")
    notice = parse_notice(read_source(p), load_lexicon())
    warnings = "\n".join(notice.warnings)
    assert "cut.txt:16: the notice ends in the middle of an item" in warnings
    assert "附件2 is announced but missing" in warnings


def test_two_notices_of_one_year_and_issuer_get_the_same_distinct_ids_on_every_build_path(tmp_path):
    """A Henan plan and a Henan news report of 2025: the first keeps its id, the second gets its layout
    appended, whether built in one process, in a pool of workers, or as the Python API's rdflib graph."""
    from qmkg.core.namespaces import QM, RDF
    from qmkg.pipeline import build_notices

    news = tmp_path / "henan-news-2025.txt"
    news.write_text((LAYOUTS / "hubei-news-2025.txt").read_text(encoding="utf-8").replace("湖北", "河南"),
                    encoding="utf-8")
    sources = [LAYOUTS / "henan-plan-2025.txt", news]
    expected = {"2025-cn-ha", "2025-cn-ha-news"}
    api = build_notices(sources)
    assert {x.notice.notice_id for x in api.extractions} == expected
    for jobs in (1, 2):
        out = tmp_path / f"g{jobs}.nt"
        run_build(sources, output=out, fmt="nt", reason="none", jobs=jobs, progress=False)
        notices = {line.split()[0][1:-1].rsplit("/", 1)[-1] for line in out.read_text(encoding="utf-8").splitlines()
                   if f"<{RDF.type}> <{QM.Notice}>" in line}
        assert notices == expected, jobs
