"""CSV and KML exports of the places file, read back with csv, xml.etree and GDAL's ogrinfo."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from test_placesfile import (
    D0,
    D4,
    SEEDS,
    build_collection,
    dumps,
    place_of,
    seed_mentions,
)

from vzmap.cli import main
from vzmap.events.taxonomy import load_taxonomy
from vzmap.render.interop import (
    CSV_COLUMNS,
    docs_without_metadata,
    safe_cell,
    to_csv,
    to_kml,
    xml_text,
)
from vzmap.text.documents import load_documents

KML = "{http://www.opengis.net/kml/2.2}"
HOSTILE = '=HYPERLINK("http://evil.example","<b>click</b>") & </description>'
#: Ids, names and excerpts that break naive XML writers (XML 1.0 forbids \x0b and \x01).
HOSTILE_ID = 'x&<b>]]>"\U0001f600\x0b'
HOSTILE_NAME = 'N & <b>bold</b> ]]> "q" \U0001f600 \x0b\x01 <![CDATA[x]]>'
HOSTILE_EXCERPT = '<script>alert(1)</script> ]]> & "\x0b" &amp; <!-- c --> \U0001f600'
D4_TITLE = "Tocorón Reveals Maduro’s Strategy to Regain Control of the Country"


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


def _xml_hostile_fc() -> dict:
    """Seed places whose first feature has hostile id, name and excerpts; the second's name has
    a lone surrogate and other characters no XML (or UTF-8) file can hold."""
    fc = build_collection(seed_mentions(docs=(D4,)))
    first, second = fc["features"][:2]
    first["id"] = HOSTILE_ID
    first["properties"]["name"] = HOSTILE_NAME
    for m in first["properties"]["mentions"]:
        m["excerpt"] = HOSTILE_EXCERPT
    second["properties"]["name"] = "lone \ud800 \udfff \ufffe \x1f\x00 end"
    return fc


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
    assert {r["doc_title"] for r in rows if r["doc"] == D4} == {D4_TITLE}
    assert {r["doc_title"] for r in rows if r["doc"] == D0} != {""}
    assert {r["doc_date"] for r in rows if r["doc"] == D4} == {"2023-10"}


def test_csv_titles_fall_back_to_the_document_id(fc):
    rows = list(csv.DictReader(io.StringIO(to_csv(fc), newline="")))
    assert rows and all(r["doc_title"] == r["doc"] and r["doc_date"] == "" for r in rows)
    assert docs_without_metadata(fc, None) == sorted({D0, D4})
    # Metadata dicts and plain titles work too; a document left out falls back to its id.
    for docs in ({D4: {"title": "T4", "date": "2023-10"}}, {D4: "T4"}):
        rows = list(csv.DictReader(io.StringIO(to_csv(fc, docs), newline="")))
        assert {r["doc_title"] for r in rows if r["doc"] == D4} == {"T4"}
        assert {r["doc_title"] for r in rows if r["doc"] == D0} == {D0}
        assert docs_without_metadata(fc, docs) == [D0]
    rows = list(csv.DictReader(io.StringIO(to_csv(fc, {D4: {"date": "2023"}}), newline="")))
    assert {(r["doc_title"], r["doc_date"]) for r in rows if r["doc"] == D4} == {(D4, "2023")}


def test_csv_of_hostile_text_is_valid_utf8():
    text = to_csv(_xml_hostile_fc())
    text.encode("utf-8")  # lone surrogates are replaced, not a crash when written
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {r["name"] for r in rows} >= {HOSTILE_NAME, "lone \ufffd \ufffd \ufffe \x1f\x00 end"}
    assert {r["place_id"] for r in rows} >= {HOSTILE_ID}


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
    # Descriptions are HTML to KML readers: the excerpt is escaped there too.
    assert html.escape("-2+3 <script>alert(1)</script> & more") in descriptions


def test_kml_of_hostile_ids_names_and_excerpts_is_well_formed():
    fc = _xml_hostile_fc()
    text = to_kml(fc)
    data = text.encode("utf-8")  # no lone surrogate left
    for markup in ("<b>", "<script>", "]]>", "<![CDATA[", "<!--", "\x0b", "\x01", "\x00"):
        assert markup not in text, markup
    pms = [pm for pms in _placemarks(text).values() for pm in pms]
    assert len(pms) == sum(len(p) for p in _placemarks(to_kml(_fc_plain())).values())
    by_id = {pm.find(f".//{KML}Data[@name='place_id']/{KML}value").text: pm for pm in pms}
    hostile = by_id[xml_text(HOSTILE_ID)]
    assert xml_text(HOSTILE_ID) == 'x&<b>]]>"\U0001f600\ufffd'
    assert hostile.findtext(f"{KML}name") == xml_text(HOSTILE_NAME)
    assert html.escape(xml_text(HOSTILE_EXCERPT)) in hostile.findtext(f"{KML}description")
    names = {pm.findtext(f"{KML}name") for pm in pms}
    assert "lone \ufffd \ufffd \ufffd \ufffd\ufffd end" in names
    ET.fromstring(data)  # the bytes as written parse too


def _fc_plain() -> dict:
    return build_collection(seed_mentions(docs=(D4,)))


def test_xml_text_keeps_what_xml_can_hold():
    assert xml_text("tab\tnew\nline é \U0001f600 \u2028") == "tab\tnew\nline é \U0001f600 \u2028"
    assert xml_text("a\r\nb\rc") == "a\nb\nc"
    assert xml_text(None) == "" and xml_text(3) == "3"
    assert xml_text("\x00\x08\x0b\x0c\x1f\ud800\ufffe\uffff") == "\ufffd" * 8


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


@pytest.mark.parametrize("driver", ["LIBKML", "KML"])
def test_ogrinfo_reads_hostile_kml(tmp_path, driver):
    exe = _ogrinfo()
    path = tmp_path / "hostile.kml"
    kml = to_kml(_xml_hostile_fc())
    path.write_text(kml, encoding="utf-8")
    skip = "KML" if driver == "LIBKML" else "LIBKML"  # GDAL 3.6's ogrinfo has no -if
    proc = subprocess.run([exe, "-ro", "-al", str(path)], capture_output=True, text=True,
                          encoding="utf-8", timeout=60, env={**os.environ, "GDAL_SKIP": skip})
    assert proc.returncode == 0, proc.stderr
    assert f"using driver `{driver}' successful" in proc.stdout
    assert "ERROR" not in proc.stderr, proc.stderr
    assert sum(_feature_counts(proc.stdout)) == sum(len(p) for p in _placemarks(kml).values())
    assert f"Name (String) = {xml_text(HOSTILE_NAME)}" in proc.stdout
    if driver == "LIBKML":  # the old KML driver does not read ExtendedData
        assert f"place_id (String) = {xml_text(HOSTILE_ID)}" in proc.stdout


# --------------------------------------------------------------------------- vzmap export


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _hostile_places_file(tmp_path) -> os.PathLike:
    fc = _xml_hostile_fc()
    fc["features"][1]["properties"]["name"] = "Second"  # a places file cannot hold surrogates
    path = tmp_path / "hostile.geojson"
    path.write_text(json.dumps(fc, ensure_ascii=True), encoding="utf-8")
    return path


def test_export_csv_has_titles_and_dates_from_the_docs_folder(tmp_path, ingested_seeds):
    out = tmp_path / "mentions.csv"
    result = _run("export", "--out", out, "--places", ingested_seeds,
                  "--docs", SEEDS)
    assert result.exit_code == 0, result.output
    assert "Note:" not in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"), newline="")))
    docs = load_documents(SEEDS)
    assert rows and all(r["doc_title"] == docs[r["doc"]].title for r in rows)
    assert all(r["doc_date"] == docs[r["doc"]].meta["date"] for r in rows)
    assert {r["doc_title"] for r in rows if r["doc"] == D4} == {D4_TITLE}


def test_export_csv_without_the_articles_says_so_and_uses_ids(tmp_path, ingested_seeds):
    alone = tmp_path / "alone.geojson"  # a places file without the articles ingest keeps
    alone.write_bytes(ingested_seeds.read_bytes())
    out = tmp_path / "mentions.csv"
    result = _run("export", "--out", out, "--places", alone)
    assert result.exit_code == 0, result.output
    assert "no articles beside" in result.output
    assert "their doc_title is the document id" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"), newline="")))
    assert rows and all(r["doc_title"] == r["doc"] for r in rows)


def test_export_kml_of_a_hostile_places_file_is_well_formed(tmp_path):
    out = tmp_path / "places.kml"
    result = _run("export", "--out", out, "--places", _hostile_places_file(tmp_path),
                  "--docs", SEEDS)
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "<b>" not in text and "<script>" not in text and "]]>" not in text
    pms = [pm for pms in _placemarks(text).values() for pm in pms]
    assert xml_text(HOSTILE_NAME) in {pm.findtext(f"{KML}name") for pm in pms}
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_missing_ogrinfo_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        _ogrinfo()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _ogrinfo()
