"""The command line: ingest (bad input, progress, hand edits), validate, export formats."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vzmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def corpus(tmp_path):
    docs = tmp_path / "articles"
    shutil.copytree(SEEDS, docs)
    return docs


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_ingest_writes_a_valid_places_file(corpus, tmp_path):
    out = tmp_path / "places.geojson"
    result = run("ingest", corpus, "--out", out)
    assert result.exit_code == 0, result.output
    assert "Ingested 2 article(s)" in result.output
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["features"]
    check = run("validate", out, "--docs", corpus)
    assert check.exit_code == 0, check.output


def test_ingest_is_byte_for_byte_deterministic(corpus, tmp_path):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    run("ingest", corpus, "--out", a)
    run("ingest", corpus, "--out", b)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text(encoding="utf-8").endswith("}\n")


def _shipped_places_file() -> str:
    """``data/places.geojson`` as committed (not the user's working copy, which may hold their
    own articles)."""
    try:
        done = subprocess.run(["git", "show", "HEAD:data/places.geojson"], cwd=ROOT,
                              capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: no committed places file to compare")
    return done.stdout.decode("utf-8")


def test_the_shipped_places_file_is_what_ingest_makes_of_the_seeds(corpus, tmp_path):
    shipped = _shipped_places_file()
    out = tmp_path / "places.geojson"
    run("ingest", corpus, "--out", out)
    assert out.read_text(encoding="utf-8") == shipped, "re-run `vzmap ingest seeds/` and commit"


def test_bad_articles_are_reported_and_skipped_and_other_encodings_read(corpus, tmp_path):
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    (corpus / "latin1.txt").write_bytes("Caracas y Maracaibo, año 2024".encode("latin-1"))
    out = tmp_path / "places.geojson"
    result = run("ingest", corpus, "--out", out)
    assert result.exit_code == 0
    assert "empty.txt: empty article" in result.output
    assert "Skipped" in result.output and "binary.txt" in result.output
    assert "Note:" in result.output and "latin1.txt: read as windows-1252" in result.output
    docs = {m["doc"] for f in json.loads(out.read_text("utf-8"))["features"]
            for m in f["properties"]["mentions"]}
    assert docs == {"000_56b1f6b01e688c7f", "004_0381395c104e6378", "latin1"}


def test_only_bad_articles_fail_without_touching_the_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe broken")
    out = tmp_path / "places.geojson"
    result = run("ingest", bad, "--out", out)
    assert result.exit_code == 1
    assert "no readable article" in result.output
    assert not out.exists()


def test_missing_path_is_a_clear_error(tmp_path):
    result = run("ingest", tmp_path / "nope", "--out", tmp_path / "p.geojson")
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_ingest_refuses_to_overwrite_a_broken_places_file(corpus, tmp_path):
    out = tmp_path / "places.geojson"
    out.write_text('{"type": "FeatureCollection", "features": [\n', encoding="utf-8")
    result = run("ingest", corpus, "--out", out)
    assert result.exit_code == 1
    assert str(out) in result.output
    assert out.read_text(encoding="utf-8") == '{"type": "FeatureCollection", "features": [\n'


def test_progress_is_shown_for_many_articles(tmp_path):
    docs = tmp_path / "many"
    docs.mkdir()
    for i in range(25):
        (docs / f"a{i:02d}.txt").write_text(f"Protesters were detained in Caracas on day {i}.\n",
                                            encoding="utf-8")
    result = run("ingest", docs, "--out", tmp_path / "p.geojson")
    assert result.exit_code == 0
    assert "Geoparsing" in result.output
    assert "Ingested 25 article(s)" in result.output


def test_validate_fails_with_file_line_and_feature(corpus, tmp_path):
    out = tmp_path / "places.geojson"
    run("ingest", corpus, "--out", out)
    fc = json.loads(out.read_text("utf-8"))
    fc["features"][0]["properties"]["mentions"][0]["event_type"] = "bogus"
    from vzmap.places.contract import dumps

    out.write_text(dumps(fc), encoding="utf-8")
    result = run("validate", out, "--docs", corpus)
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "bogus" in ln)
    assert line.startswith(f"{out}:")
    assert fc["features"][0]["id"] in line


@pytest.mark.parametrize("suffix", [".csv", ".kml", ".html"])
def test_export_formats(suffix, tmp_path, ingested_seeds):
    out = tmp_path / f"map{suffix}"
    result = run("export", "--out", out, "--places", ingested_seeds,
                 "--docs", SEEDS)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_console_script_runs_in_a_new_process(corpus, tmp_path):
    out = tmp_path / "places.geojson"
    exe = Path(sys.executable).with_name("vzmap")
    proc = subprocess.run([str(exe), "ingest", str(corpus), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([str(exe), "validate", str(out), "--docs", str(corpus)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "valid" in proc.stdout


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"vzmap {name}" in readme, name


def test_geoparse_prints_every_role_without_writing(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Venezuelan gangs such as Tren de Aragua operate in Santiago, Chile.\n",
                       encoding="utf-8")
    result = run("geoparse", article)
    assert result.exit_code == 0
    (line,) = result.output.strip().splitlines()
    doc = json.loads(line)
    roles = {m["text"]: m["role"] for m in doc["mentions"]}
    assert roles == {"Venezuelan": "demonym", "Aragua": "embedded", "Santiago": "place",
                     "Chile": "place"}
    only = json.loads(run("geoparse", "--places-only", article).output)
    assert {m["text"] for m in only["mentions"]} == {"Santiago", "Chile"}
    assert list(tmp_path.iterdir()) == [article]


def test_regions_islands_and_far_places_ingest_into_a_valid_file(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "wide.txt").write_text(
        "Migrants from Africa and Latin America reached Europe. Others landed in Santa Cruz de "
        "Tenerife, in the Canary Islands, and on Easter Island, Chile.\n", encoding="utf-8")
    out = tmp_path / "places.geojson"
    assert run("ingest", docs, "--out", out).exit_code == 0
    kinds = {f["properties"]["name"]: f["properties"]["kind"]
             for f in json.loads(out.read_text("utf-8"))["features"]}
    assert kinds.get("Europe") == "region"
    check = run("validate", out, "--docs", docs)
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize("suffix", [".html", ".csv"])
def test_unwritable_output_is_a_clear_error(tmp_path, suffix, ingested_seeds):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = run("export", "--out", blocker / f"map{suffix}", "--places",
                 ingested_seeds, "--docs", SEEDS)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{blocker / f'map{suffix}'}: cannot be written" in result.output


def test_serve_rejects_an_impossible_port():
    result = run("serve", "--port", "99999")
    assert result.exit_code == 2
    assert "99999" in result.output


def test_validate_with_a_missing_docs_folder_says_so(tmp_path, ingested_seeds):
    result = run("validate", ingested_seeds, "--docs", tmp_path / "nope")
    assert result.exit_code == 1
    assert "no such folder of articles" in result.output


def test_ingest_with_two_jobs_writes_the_same_bytes_and_shows_progress(tmp_path):
    docs = tmp_path / "many"
    shutil.copytree(SEEDS, docs)
    for i in range(25):
        (docs / f"a{i:02d}.txt").write_text(f"Protesters were detained in Caracas on day {i}.\n",
                                            encoding="utf-8")
    one, two = tmp_path / "one.geojson", tmp_path / "two.geojson"
    assert run("ingest", docs, "--out", one, "--jobs", "1").exit_code == 0
    result = run("ingest", docs, "--out", two, "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "Geoparsing" in result.output and "Ingested 27 article(s)" in result.output
    assert one.read_bytes() == two.read_bytes()


def test_ingest_jobs_must_be_at_least_one(corpus, tmp_path):
    result = run("ingest", corpus, "--out", tmp_path / "p.geojson", "--jobs", "0")
    assert result.exit_code == 2 and "--jobs" in result.output
    assert not (tmp_path / "p.geojson").exists()


def test_ingest_on_a_scheduler_without_the_dask_extra_says_how_to_get_it(corpus, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    out = tmp_path / "p.geojson"
    result = run("ingest", corpus, "--out", out, "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 1
    assert "pip install 'vzmap[dask]'" in result.output and "Traceback" not in result.output
    assert not out.exists()
