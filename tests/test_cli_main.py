"""The CLI, in-process, and one end-to-end run of the installed command."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from qmkg.cli.main import main

BAD = sorted((Path(__file__).parent / "data" / "bad").iterdir())


@pytest.mark.parametrize("path", [*BAD, Path("/nonexistent/notice.txt")], ids=[p.name for p in BAD] + ["missing"])
def test_bad_input_exits_2_with_one_line_and_no_output(tmp_path, capsys, path):
    out = tmp_path / "out.ttl"
    status = main(["build", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("qmkg: error: ") and err.count("\n") == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


def test_a_failed_build_leaves_an_existing_output_untouched(tmp_path, capsys):
    out = tmp_path / "out.ttl"
    out.write_text("previous", encoding="utf-8")
    assert main(["build", str(BAD[0]), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "previous"


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["build", "--reason", "magic"])
    assert e.value.code == 2


def test_build_warns_and_goes_on(tmp_path, capsys):
    notices = Path(__file__).parent / "data" / "notices"
    out = tmp_path / "sc.ttl"
    assert main(["build", str(notices / "2025-sichuan.txt"), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    # 省市场监管局 is Sichuan's bureau (local-bodies.csv); warnings name the file and line
    assert "qmkg: warning: " in captured.err and "2025-sichuan.txt:5: unknown organiser '省教育厅'" in captured.err
    assert out.is_file() and "wrote" in captured.out


def test_build_with_validation(tmp_path, capsys, source_path):
    out = tmp_path / "v.ttl"
    assert main(["build", str(source_path), "-o", str(out), "--validate", "-q"]) == 0
    assert "conforms to the shapes" in capsys.readouterr().out


def test_stats_json_counts(built_graph, capsys):
    # counts read off the notice: 25 joint organisers, 18 associations, 32 regions, 10 slogans
    assert main(["stats", "--graph", str(built_graph), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert {k: stats[k] for k in ("organisers", "joint_organisers", "associations", "regions", "slogans")} == {
        "organisers": 75, "joint_organisers": 25, "associations": 18, "regions": 32, "slogans": 10}
    assert stats["activities"] > 150 and stats["themes"] >= 20 and stats["triples"] > 5000


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt"])
def test_export_formats_round_trip(tmp_path, built_graph, fmt):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    out = tmp_path / f"g.{fmt}"
    assert main(["export", "--graph", str(built_graph), "--format", fmt, "-o", str(out)]) == 0
    again = tmp_path / f"again.{fmt}"
    assert main(["export", "--graph", str(built_graph), "--format", fmt, "-o", str(again)]) == 0
    assert out.read_bytes() == again.read_bytes()  # deterministic
    parsed = Graph().parse(out, format={"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}[fmt])
    assert isomorphic(parsed, Graph().parse(built_graph))


def test_validate_command(built_graph, tmp_path, capsys):
    assert main(["validate", str(built_graph)]) == 0
    assert "conforms" in capsys.readouterr().out
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle {", encoding="utf-8")
    assert main(["validate", str(broken)]) == 2


def test_installed_command_end_to_end(tmp_path, source_path):
    """As a user would: the installed `qmkg` builds a graph and answers a question from it."""
    exe = shutil.which("qmkg")
    assert exe, "qmkg is not installed: pip install -e ."
    out = tmp_path / "qm.ttl"
    p = subprocess.run([exe, "build", str(source_path), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "75 organisers" in p.stdout
    p = subprocess.run([exe, "query", "organisers-by-campaign", "--param", "campaign=铁拳", "--graph", str(out),
                        "--format", "json"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    labels = {b["organiserLabel"]["value"] for b in json.loads(p.stdout)["results"]["bindings"]}
    assert labels == {"市场监管总局", "广东省", "广西壮族自治区"}


def test_written_files_get_the_usual_mode(tmp_path, source_path):
    import os

    out = tmp_path / "m.ttl"
    assert main(["build", str(source_path), "-o", str(out), "-q"]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
