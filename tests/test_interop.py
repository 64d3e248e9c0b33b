"""CSV and KML exports of the places file, read back with csv, xml.etree and GDAL's ogrinfo."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from test_placesfile import D0, D4, SEEDS, build_collection, dumps, place_of, seed_mentions

from vzmap.documents import load_documents
from vzmap.interop import CSV_COLUMNS, safe_cell, to_csv, to_kml
from vzmap.taxonomy import load_taxonomy

KML = "{http://www.opengis.net/kml/2.2}"
HOSTILE = '=HYPERLINK("http://evil.example","<b>click</b>") & </description>'


@pytest.fixture(scope="module")
def fc() -> dict:
    return build_collection(seed_mentions())


def _mentions(fc):
    return [(f, m) for f in fc["features"] for m in f["properties"]["mentions"]]


def _hostile_fc() -> dict:
    ms = seed_mentions(docs=(D4,), names=["Maracaibo"])
    ms[0]["place"] = {**place_of("Maracaibo"), "name": HOSTILE}
    ms[0]["excerpt"] = "-2+3 <script>alert(1)</script> & more"
    return build_collection(ms)


# --------------------------------------------------------------------------- CSV


def test_csv_reads_back_one_row_per_mention(fc):
    text = to_csv(fc, docs=load_documents(SEEDS))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(_mentions(fc))
    by_key = {(r["doc"], int(r["start"]), int(r["end"])): r for r in rows}
    for f, m in _mentions(fc):
        row = by_key[(m["doc"], m["start"], m["end"])]
        assert row["place_id"] == f["id"]
        assert row["text"] == m["text"]
        assert row["excerpt"] == m["excerpt"]  # commas, quotes, non-ASCII survive
        assert float(row["lon"]) == f["geometry"]["coordinates"][0]
        assert float(row["lat"]) == f["geometry"]["coordinates"][1]
        assert row["event_type"] == m["event_type"]
        assert float(row["confidence"]) == m["confidence"]
    assert {r["doc_title"] for r in rows if r["doc"] == D4} == {
        "Tocorón Reveals Maduro’s Strategy to Regain Control of the Country"}
    assert {r["doc_title"] for r in rows if r["doc"] == D0} != {""}


def test_csv_without_docs_has_empty_titles(fc):
    rows = list(csv.DictReader(io.StringIO(to_csv(fc), newline="")))
    assert {r["doc_title"] for r in rows} == {""}


def test_csv_is_safe_against_formula_injection():
    rows = list(csv.DictReader(io.StringIO(to_csv(_hostile_fc()), newline="")))
    row = next(r for r in rows if r["excerpt"].startswith("'"))
    assert row["name"] == "'" + HOSTILE
    assert row["excerpt"] == "'-2+3 <script>alert(1)</script> & more"
    assert row["lon"] == "-71.61089"  # numbers stay numbers
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(cell) == "'" + cell
    assert safe_cell("Caracas") == "Caracas" and safe_cell(-66.9) == -66.9


# --------------------------------------------------------------------------- KML


def _placemarks(kml_text: str) -> dict[str, list]:
    root = ET.fromstring(kml_text.encode("utf-8"))
    return {
        folder.findtext(f"{KML}name"): folder.findall(f"{KML}Placemark")
        for folder in root.iter(f"{KML}Folder")
    }


def test_kml_has_a_folder_per_event_type_and_a_placemark_per_place_and_type(fc):
    folders = _placemarks(to_kml(fc))
    expected: dict[str, set] = {}
    for f, m in _mentions(fc):
        expected.setdefault(m["event_type"], set()).add(f["id"])
    assert set(folders) == set(expected)
    for type_id, pms in folders.items():
        ids = [
            pm.find(f".//{KML}Data[@name='place_id']/{KML}value").text for pm in pms
        ]
        assert sorted(ids) == sorted(expected[type_id])
    pm = folders["prison"][0]
    lon, lat, _ = pm.findtext(f".//{KML}coordinates").split(",")
    place = next(f for f in fc["features"] if f["properties"]["name"] == pm.findtext(f"{KML}name"))
    assert [float(lon), float(lat)] == place["geometry"]["coordinates"]


def test_kml_folders_use_taxonomy_labels(fc):
    names = set(_placemarks(to_kml(fc, taxonomy=load_taxonomy())))
    assert "Prison interventions & incidents (prison)" in names


def test_kml_escapes_names_and_excerpts():
    text = to_kml(_hostile_fc())
    assert "<script>" not in text and "<b>" not in text
    pms = [pm for pms in _placemarks(text).values() for pm in pms]
    names = {pm.findtext(f"{KML}name") for pm in pms}
    assert HOSTILE in names
    descriptions = "".join(pm.findtext(f"{KML}description") for pm in pms)
    assert "-2+3 <script>alert(1)</script> & more" in descriptions


# --------------------------------------------------------------------------- GDAL


def _ogrinfo() -> str:
    exe = shutil.which("ogrinfo")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("ogrinfo (Debian package gdal-bin) is required in CI but not installed")
        pytest.skip("ogrinfo not installed (apt-get install gdal-bin)")
    return exe


def _feature_counts(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"Feature Count: (\d+)", output)]


def test_ogrinfo_reads_the_places_file(tmp_path, fc):
    exe = _ogrinfo()
    path = tmp_path / "places.geojson"
    path.write_text(dumps(fc), encoding="utf-8")
    out = subprocess.run([exe, "-ro", "-al", "-so", str(path)], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert "Driver: GeoJSON" in out or "GeoJSON" in out
    assert _feature_counts(out) == [len(fc["features"])]
    assert "Geometry: Point" in out
    assert re.search(r"name: String", out)
    # The full dump has every place and its name, non-ASCII included.
    full = subprocess.run([exe, "-ro", "-al", str(path)], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    assert "name (String) = Tocorón" in full


def test_ogrinfo_reads_the_kml(tmp_path, fc):
    exe = _ogrinfo()
    path = tmp_path / "places.kml"
    kml = to_kml(fc)
    path.write_text(kml, encoding="utf-8")
    out = subprocess.run([exe, "-ro", "-al", "-so", str(path)], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    folders = _placemarks(kml)
    assert sorted(_feature_counts(out)) == sorted(len(p) for p in folders.values())
    assert sum(_feature_counts(out)) == sum(len(p) for p in folders.values())


def test_missing_ogrinfo_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        _ogrinfo()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _ogrinfo()
