"""Hand edits are never lost: across re-ingests, during ingests, from GeoJSON editors.

Everything runs the real ingest (gazetteer, geoparser, merge, atomic writes) on real files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vzmap.cli import main
from vzmap.ingest import ingest
from vzmap.places.validate import check_file
from vzmap.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MARACAIBO = "geonames:3633009"
CARACAS = "geonames:3646738"
TOCORON = "site:tocoron-prison"
VZMAP = [sys.executable, "-m", "vzmap.cli"]


@pytest.fixture
def docs(tmp_path) -> Path:
    d = tmp_path / "articles"
    shutil.copytree(SEEDS, d)
    return d


@pytest.fixture
def out(tmp_path, docs) -> Path:
    path = tmp_path / "data" / "places.geojson"
    ingest([docs], path)
    return path


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def save(path: Path, fc: dict, **dump) -> None:
    """Save as an editor does: a new file renamed over the old one."""
    tmp = path.with_name(f"~{path.name}.{threading.get_ident()}")
    tmp.write_text(json.dumps(fc, ensure_ascii=False, **dump), encoding="utf-8")
    os.replace(tmp, path)


def feature(fc: dict, pid: str) -> dict:
    return next(f for f in fc["features"] if f["id"] == pid)


def first_mention(fc: dict, pid: str) -> dict:
    return feature(fc, pid)["properties"]["mentions"][0]


# --------------------------------------------------------------------------- re-ingests


NEW_ARTICLE = (
    "Inmates moved from Maracaibo\n\n"
    "Dozens of inmates were moved from Maracaibo to a prison near Caracas on Monday, "
    "relatives said.\n"
)


def make_edits(fc: dict) -> tuple:
    feature(fc, MARACAIBO)["geometry"]["coordinates"] = [-71.65, 10.7]  # moved point
    feature(fc, CARACAS)["properties"]["name"] = "Caracas (capital)"  # renamed
    feature(fc, TOCORON)["properties"]["kind"] = "other"  # changed kind
    feature(fc, TOCORON)["properties"]["note"] = "checked with a lawyer"  # hand-added property
    retyped = first_mention(fc, CARACAS)
    retyped["event_type"] = "protest"  # retyped event
    fc["features"].append({  # a place no gazetteer has
        "type": "Feature", "id": "user:el-helicoide",
        "geometry": {"type": "Point", "coordinates": [-66.9054, 10.4864]},
        "properties": {"name": "El Helicoide", "kind": "site", "country": "VE",
                       "aliases": [], "mentions": [], "note": "SEBIN headquarters"},
    })
    return (retyped["doc"], retyped["start"])


def assert_edits(fc: dict, retyped: tuple) -> None:
    assert feature(fc, MARACAIBO)["geometry"]["coordinates"] == [-71.65, 10.7]
    assert feature(fc, CARACAS)["properties"]["name"] == "Caracas (capital)"
    assert feature(fc, TOCORON)["properties"]["kind"] == "other"
    assert feature(fc, TOCORON)["properties"]["note"] == "checked with a lawyer"
    m = next(m for m in feature(fc, CARACAS)["properties"]["mentions"]
             if (m["doc"], m["start"]) == retyped)
    assert m["event_type"] == "protest"
    helicoide = feature(fc, "user:el-helicoide")
    assert helicoide["properties"]["note"] == "SEBIN headquarters"


def test_five_kinds_of_hand_edit_survive_three_reingests(tmp_path, docs, out):
    fc = load(out)
    retyped = make_edits(fc)
    save(out, fc, indent=4)
    more = tmp_path / "more"
    more.mkdir()
    (more / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    for run in range(3):
        paths = [docs, more] if run == 2 else [docs]
        report = ingest(paths, out)
        fc = load(out)
        assert_edits(fc, retyped)
        # Moved, renamed, retyped kind + note (one place), retyped mention: four edits, each
        # counted once, on every run (not "0 updated" and reverted on the next).
        assert report.merge.kept_edits == 4, report.merge.summary()
        assert "4 hand edits kept" in report.merge.summary()
    assert any(m["doc"] == "005_new" for m in feature(fc, MARACAIBO)["properties"]["mentions"])
    assert not check_file(out, content=True).errors  # (the articles live in two folders)
    # the backup holds the edits too (the previous version, not a generated one)
    assert_edits(load(out.with_name(out.name + ".bak")), retyped)


def test_a_user_place_never_takes_another_places_mentions(docs, out):
    fc = load(out)
    caracas = feature(fc, CARACAS)
    caracas["properties"]["note"] = "capital"
    n = len(caracas["properties"]["mentions"])
    fc["features"].append({
        "type": "Feature", "id": "user:caracas-office",
        "geometry": {"type": "Point", "coordinates": [-66.85, 10.5]},
        "properties": {"name": "Caracas", "kind": "site", "mentions": [], "note": "our office"},
    })
    save(out, fc)
    for _ in range(2):
        report = ingest([docs], out)
        fc = load(out)
        assert feature(fc, CARACAS)["properties"]["note"] == "capital"
        assert len(feature(fc, CARACAS)["properties"]["mentions"]) == n
        assert feature(fc, "user:caracas-office")["properties"]["note"] == "our office"
        assert any("user:caracas-office" in w and CARACAS in w for w in report.merge.warnings)


def test_ingest_reports_a_duplicate_key_typed_by_hand(docs, out):
    text = out.read_text("utf-8")
    typed = text.replace('"kind": "city",', '"kind": "city",\n      "kind": "site",', 1)
    assert typed != text
    out.write_text(typed, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(docs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert 'duplicate key "kind"' in result.output
    assert f"{out}:" in result.output


# --------------------------------------------------------------------------- during ingest


def _editor(path: Path, stop: threading.Event, saved: list[str]) -> None:
    """Add one place after another, saving each time the way editors do, until stopped."""
    n = 0
    while not stop.is_set():
        try:
            fc = json.loads(path.read_text("utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            continue  # between versions: read again
        pid = f"user:edit-{n}"
        fc["features"].append({
            "type": "Feature", "id": pid,
            "geometry": {"type": "Point", "coordinates": [-66.9 + n / 1000, 10.5]},
            "properties": {"name": f"Edit {n}", "kind": "other", "mentions": []},
        })
        save(path, fc)
        saved.append(pid)
        n += 1
        time.sleep(0.002)


def test_edits_saved_while_ingest_runs_are_kept_or_refused_loudly(docs, out):
    stop = threading.Event()
    saved: list[str] = []
    editor = threading.Thread(target=_editor, args=(out, stop, saved))
    editor.start()
    results = []
    try:
        for _ in range(6):
            results.append(subprocess.run(
                [*VZMAP, "ingest", str(docs), "--out", str(out)],
                capture_output=True, text=True, timeout=300,
            ))
    finally:
        stop.set()
        editor.join(10)
    for r in results:
        assert "Traceback" not in r.stderr, r.stderr
        assert r.returncode == 0 or "changed on disk" in r.stderr, r.stderr
    assert len(saved) > 20  # the editor really saved during the ingests
    ids = {f["id"] for f in load(out)["features"]}
    lost = [pid for pid in saved if pid not in ids]
    assert lost == [], f"{len(lost)} of {len(saved)} edits lost"
    assert not check_file(out, content=True, docs_dir=docs).errors


# --------------------------------------------------------------------------- editors' files


GEOJSON_IO = {
    "type": "FeatureCollection",
    "features": [{
        "type": "Feature",
        "properties": {"marker-color": "#c0392b", "marker-size": "medium",
                       "name": "Rodeo I", "description": "Prison where detainees were held"},
        "geometry": {"coordinates": [-66.7326, 10.4478], "type": "Point"},
    }, {
        "type": "Feature",
        "properties": {"title": "Checkpoint", "marker-color": "#2e86c1"},
        "geometry": {"type": "Point", "coordinates": [-72.44, 7.82]},
    }],
}
QGIS = (
    '{"type":"FeatureCollection","name":"places","crs":{"type":"name","properties":{"name":'
    '"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[{"type":"Feature","id":0,"properties":'
    '{"fid":1,"name":"Puente Simón Bolívar","kind":"site","reviewer":"AB"},"geometry":{"type":'
    '"Point","coordinates":[-72.443612345678901,7.8173456789012345]}},{"type":"Feature","id":1,'
    '"properties":{"fid":2,"name":"Paraguachón","kind":"city","reviewer":"AB"},"geometry":'
    '{"type":"Point","coordinates":[-72.1247,11.3544]}}]}'
)


@pytest.fixture
def edited(tmp_path) -> Path:
    """A places file of features from geojson.io and QGIS, with no vzmap fields at all."""
    fc = GEOJSON_IO | {"features": GEOJSON_IO["features"] + json.loads(QGIS)["features"]}
    path = tmp_path / "data" / "places.geojson"
    path.parent.mkdir()
    path.write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
    return path


def test_features_from_geojson_io_and_qgis_are_valid_places(tmp_path):
    for name, text in [("io.geojson", json.dumps(GEOJSON_IO)), ("qgis.geojson", QGIS)]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["validate", str(path)])
        assert result.exit_code == 0, result.output
        assert "warning:" in result.output and "valid" in result.output
        assert "Traceback" not in result.output


def test_ingest_keeps_editor_features_with_their_properties(edited, docs):
    ingest([docs], edited)
    fc = load(edited)
    by_name = {f["properties"].get("name"): f for f in fc["features"]}
    rodeo = by_name["Rodeo I"]
    assert rodeo["id"].startswith("user:rodeo-i")
    assert rodeo["properties"]["marker-color"] == "#c0392b"
    assert rodeo["properties"]["description"] == "Prison where detainees were held"
    bridge = by_name["Puente Simón Bolívar"]
    assert bridge["id"] == "user:0" and bridge["properties"]["reviewer"] == "AB"
    assert bridge["geometry"]["coordinates"] == [-72.443612345678901, 7.8173456789012345]
    checkpoint = next(f for f in fc["features"] if f["properties"].get("title") == "Checkpoint")
    assert "name" not in checkpoint["properties"]  # nothing invented is written
    ids_before = {f["id"] for f in fc["features"]}
    ingest([docs], edited)  # stable ids: the second run changes none of them
    assert {f["id"] for f in load(edited)["features"]} == ids_before
    assert len([f for f in fc["features"] if f["id"].startswith("geonames:")]) > 5


def test_editor_features_are_served_with_their_colour_and_text(edited):
    app = create_app({"TESTING": True, "PLACES_FILE": str(edited), "DOCS_DIR": str(SEEDS)})
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert "Prison where detainees were held" in page
    assert '"color": "#c0392b"' in page or '"color":"#c0392b"' in page
    assert "Checkpoint" in page and "Paragu" in page
    served = client.get("/api/places").get_json()
    assert len(served["features"]) == 4
    assert all(f["id"].startswith("user:") for f in served["features"])


# --------------------------------------------------------------------------- a bad feature


def test_one_broken_feature_costs_only_itself_on_a_fresh_server(out, docs):
    fc = load(out)
    total = len(fc["features"])
    broken = feature(fc, MARACAIBO)
    broken["properties"]["mentions"][0]["excerpt"] = "Rewritten by hand."
    feature(fc, CARACAS)["geometry"]["coordinates"] = ["-66.9", 10.5]  # a string: unusable
    save(out, fc, indent=2)
    problems = check_file(out, content=True, docs_dir=docs).errors
    assert {p.feature_id for p in problems} == {MARACAIBO, CARACAS}
    app = create_app({"TESTING": True, "PLACES_FILE": str(out), "DOCS_DIR": str(docs)})
    client = app.test_client()
    served = client.get("/api/places").get_json()
    ids = {f["id"] for f in served["features"]}
    assert len(ids) == total - 1 and CARACAS not in ids and MARACAIBO in ids
    n = len(feature(fc, MARACAIBO)["properties"]["mentions"])
    assert len(feature(served, MARACAIBO)["properties"]["mentions"]) == n - 1
    page = client.get("/").get_data(as_text=True)
    for p in problems:
        assert f"{out}:{p.line}:{p.column}:" in page
    assert "the rest of the map is" in page
