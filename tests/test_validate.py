"""Checking a places file: the broken-file corpus (tests/data/broken) and each check's wording."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_placesfile import D0, D4, SEEDS, build_collection, dumps, mentions_of

from vzmap.errors import PlacesFileError
from vzmap.events.taxonomy import load_taxonomy
from vzmap.places.contract import normalize
from vzmap.places.io import loads, read_places, update_places_file
from vzmap.places.validate import Problem, country_check, validate_file, validate_text

BROKEN = Path(__file__).parent / "data" / "broken"

#: file -> (line, column, feature id, words of the message, what it is: "refused" (a structure
#: error: ingest leaves the file as it is), "error" (content: that part is not shown) or
#: "warning" (the file is used as it is, with what was assumed))
EXPECTED = {
    "bad_kind.geojson": (
        13, 17, "geonames:3633009",
        '"kind" is "town"; it must be one of "country", "admin1", "city", "site", "region", '
        '"quarter", "other"', "refused"),
    "bom.geojson": (1, 1, None, "byte-order mark (BOM); save it as UTF-8 without BOM", "refused"),
    "coordinates_as_strings.geojson": (
        9, 25, "geonames:3633009",
        'longitude is "-71.61089" (a string); it must be a number (no quotes)', "refused"),
    "crs.geojson": (3, 3, None, 'RFC 7946 removed "crs"; this one names WGS 84', "warning"),
    "duplicate_ids.geojson": (
        37, 13, "geonames:3633009",
        'duplicate feature id "geonames:3633009" (first used on line 6); each place appears '
        "once", "refused"),
    "duplicate_key.geojson": (
        14, 7, "geonames:3633009",
        'duplicate key "name" in the same object: the last value is used', "warning"),
    "duplicate_mention.geojson": (
        63, 11, "site:tocuyito-prison",
        f"duplicate mention of {D4} 431:440 (also on line 19 in feature \"geonames:3633009\")",
        "refused"),
    "empty.geojson": (
        1, 1, None,
        'the file is empty; write {"type": "FeatureCollection", "features": []} for a places '
        "file without places",
        "refused"),
    "end_before_start.geojson": (
        22, 20, "geonames:3633009",
        'end 431 is not after start 431; end must be greater than start (start + the length of '
        '"text" = 440)', "error"),
    "excerpt_mismatch.geojson": (
        24, 24, "geonames:3633009",
        f'"excerpt" does not match document "{D4}" at 319: the text there is \'12, the '
        'little-known reggaetón group', "error"),
    "extra_data.geojson": (
        68, 1, None, "invalid JSON: unexpected text after the end of the FeatureCollection",
        "refused"),
    "lat_beyond_90.geojson": (
        9, 35, "geonames:3633009",
        "latitude -171.61089 is beyond ±90: the coordinates look swapped ([lat, lon]); GeoJSON "
        "order is [longitude, latitude]: write [-171.61089, 10.64232]", "error"),
    "lon_sign.geojson": (
        9, 24, "geonames:3633009",
        "coordinates [71.61089, 10.64232] are far outside VE (Venezuela) but [-71.61089, "
        "10.64232] is inside: the longitude's sign looks wrong", "error"),
    "missing_comma.geojson": (
        14, 9, None, "is a ',' missing at the end of line 13?", "refused"),
    "missing_document.geojson": (
        20, 20, "geonames:3633009",
        'document "004_0381395c104e6379" not found in', "error"),
    "missing_features.geojson": (
        1, 1, None, 'the file has no "features"; add "features": a list of Feature objects',
        "refused"),
    "missing_name.geojson": (
        11, 21, "geonames:3633009",
        'no "name": the map shows "Unnamed place"; add "name" to choose it', "warning"),
    "nan.geojson": (27, 27, "geonames:3633009", "NaN is not valid JSON; write a number", "refused"),
    "not_utf8.geojson": (12, 28, None, "not UTF-8 (byte 0xe9); save the file as UTF-8", "refused"),
    "offsets_mismatch.geojson": (
        21, 22, "geonames:3633009",
        f"document \"{D4}\" has 'racaibo: ' at 433:442, not 'Maracaibo'; 'Maracaibo' occurs at "
        '431:440: set "start": 431, "end": 440', "error"),
    "polygon_geometry.geojson": (
        8, 17, "geonames:3633009", '"type" is "Polygon"; it must be "Point"', "refused"),
    "single_quotes.geojson": (
        13, 9, None, "property names need double quotes: write \"name\", not 'name'", "refused"),
    "swapped_in_country.geojson": (
        9, 24, "geonames:3633009",
        "coordinates [10.64232, -71.61089] are far outside VE (Venezuela) but [-71.61089, "
        "10.64232] is inside: they look swapped ([lat, lon])", "error"),
    "three_coordinates.geojson": (
        9, 24, "geonames:3633009",
        '"coordinates" has 3 numbers; it must be two numbers [longitude, latitude]', "refused"),
    "too_many_decimals.geojson": (
        9, 25, "geonames:3633009",
        "longitude -71.6108912 has more than 6 decimals; write -71.610891", "warning"),
    "trailing_comma.geojson": (
        66, 3, None, "trailing comma before ']': remove the ',' after the last item", "refused"),
    "truncated.geojson": (
        55, 13, None, "the file ends too early: a closing ']' or '}' is missing", "refused"),
    "unknown_event_type.geojson": (
        26, 27, "geonames:3633009",
        'unknown event type "prisn" (did you mean "prison"?); valid event types: '
        + ", ".join(load_taxonomy().ids), "error"),
    "wrong_top_type.geojson": (
        2, 11, None, '"type" is "Featurecollection"; it must be "FeatureCollection"', "refused"),
}


def test_the_corpus_and_the_table_list_the_same_files():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_a_precise_message(name):
    line, column, fid, words, _ = EXPECTED[name]
    path = BROKEN / name
    problems = validate_file(path, docs_dir=SEEDS)
    assert problems, f"{name}: no problem found"
    first = problems[0]
    assert (first.line, first.column, first.feature_id) == (line, column, fid), problems
    assert words in first.message, first.message
    assert first.path == str(path)
    assert str(first).startswith(f"{path}:{line}:{column}: ")
    assert first.severity == ("warning" if EXPECTED[name][4] == "warning" else "error")
    if first.severity == "warning":
        assert str(first).startswith(f"{path}:{line}:{column}: warning: ")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ingest_refuses_exactly_the_structurally_broken_files(name, tmp_path):
    """Structure problems stop ``ingest`` (the file is left as it is); content problems and
    warnings don't."""
    refused = EXPECTED[name][4] == "refused"
    path = tmp_path / "places.geojson"
    shutil.copyfile(BROKEN / name, path)
    before = path.read_bytes()
    generated = build_collection(mentions_of(D4, "Caracas"))
    if refused:
        with pytest.raises(PlacesFileError) as err:
            update_places_file(path, generated, {D4})
        assert err.value.problems[0].line == EXPECTED[name][0]
        assert str(err.value).startswith(f"{path}:{EXPECTED[name][0]}:")
        assert path.read_bytes() == before
    else:
        report = update_places_file(path, generated, {D4})
        assert report.added == len(mentions_of(D4, "Caracas"))
        assert "prisn" not in name or "prisn" in path.read_text("utf-8")


def test_a_file_with_a_duplicate_mention_can_be_read_but_not_merged():
    read_places(BROKEN / "duplicate_mention.geojson")
    with pytest.raises(PlacesFileError, match="duplicate mention"):
        read_places(BROKEN / "duplicate_mention.geojson", for_merge=True)


def test_a_clean_file_has_no_problems(tmp_path):
    fc = build_collection(mentions_of(D4, "Maracaibo") + mentions_of(D0, "Tocuyito"))
    path = tmp_path / "places.geojson"
    path.write_text(dumps(fc), encoding="utf-8")
    assert validate_file(path, docs_dir=SEEDS) == []
    assert validate_file(path) == []
    assert validate_text(json.dumps(fc)) == []  # any formatting is fine


def test_problem_str():
    p = Problem("data/places.geojson", 41, 18, "geonames:1", "bad")
    assert str(p) == "data/places.geojson:41:18: [geonames:1] bad"
    assert str(Problem("x", 1, 1, None, "bad")) == "x:1:1: bad"
    with pytest.raises(AttributeError):
        p.line = 2  # frozen


def test_missing_file():
    problems = validate_file("/nonexistent/places.geojson")
    assert [str(p) for p in problems] == [
        "/nonexistent/places.geojson:1:1: no such file; run `vzmap ingest` to create it"]


def _one(**mention_changes) -> str:
    fc = build_collection(mentions_of(D4, "Maracaibo"))
    fc["features"][0]["properties"]["mentions"][0].update(mention_changes)
    return dumps(fc)


def test_without_documents_the_excerpt_still_checks_offsets():
    m = mentions_of(D4, "Maracaibo")[0]
    problems = validate_text(_one(start=m["start"] + 1, end=m["end"] + 1))
    assert [p.message for p in problems] == [
        "the excerpt has 'aracaibo:' at 432:441, not 'Maracaibo'; fix \"start\"/\"end\" or "
        '"excerpt_start"']
    problems = validate_text(_one(end=m["end"] + 3))
    assert "\"text\" 'Maracaibo' has 9 characters but end - start is 12; with start 431, end " \
        "should be 440" in problems[0].message


def test_mention_outside_its_excerpt():
    problems = validate_text(_one(excerpt_start=0, excerpt="x"))
    assert "lies outside its excerpt (0:1); the excerpt must be the sentence" in problems[0].message


def test_offset_past_the_end_of_the_document():
    problems = validate_text(_one(start=99_990, end=99_999), docs_dir=SEEDS)
    assert any(f'end 99999 is past the end of document "{D4}"' in p.message for p in problems)


def test_text_not_in_the_document():
    problems = validate_text(_one(text="Maracaibx"), docs_dir=SEEDS)
    assert any("'Maracaibx' does not occur in the document: fix \"text\" or delete the mention"
               in p.message for p in problems)


def test_custom_taxonomy(tmp_path):
    toml = tmp_path / "taxonomy.toml"
    toml.write_text('fallback = "misc"\n[[type]]\nid = "misc"\n[[type]]\nid = "riot"\n',
                    encoding="utf-8")
    problems = validate_text(_one(event_type="prison"), taxonomy=load_taxonomy(toml))
    assert problems[0].message == 'unknown event type "prison"; valid event types: misc, riot'
    assert validate_text(_one(event_type="riot"), taxonomy=["riot"]) == []


def test_country_check():
    assert country_check("VE", -71.61089, 10.64232) is None
    assert country_check("VE", 10.64232, -71.61089)[0] == "swapped"
    assert country_check("VE", 71.61089, 10.64232)[0] == "lon_sign"
    assert country_check("CL", -71.0, 30.0)[0] == "lat_sign"
    assert country_check("VE", 2.35, 48.85)[0] == "outside"
    assert country_check("ZZ", 0, 0) is None


def test_point_far_from_its_country():
    fc = build_collection(mentions_of(D4, "Maracaibo"))
    fc["features"][0]["geometry"]["coordinates"] = [2.35, 48.85]
    problems = validate_text(dumps(fc))
    assert problems[0].message.startswith(
        "coordinates [2.35, 48.85] are about ")
    assert problems[0].message.endswith(
        'km outside VE (Venezuela); move the point into VE or correct "country"')


def test_every_message_says_what_would_be_valid():
    """A sweep over the corpus: messages carry a remedy (must/should/write/add/set/...)."""
    remedies = ("must", "write", "add", "set", "delete", "remove", "keep", "save", "fix",
                "move", "should", "valid event types", "is a ',' missing", "correct")
    for name in EXPECTED:
        for p in validate_file(BROKEN / name, docs_dir=SEEDS):
            assert any(r in p.message for r in remedies), str(p)


def test_docs_describe_every_field_of_the_schema():
    """docs/places-format.md documents every field the schema knows (sqlite-utils test_docs)."""
    from vzmap.places.validate import load_schema

    docs = (Path(__file__).parent.parent / "docs" / "places-format.md").read_text("utf-8")
    names = set()

    def walk(schema):
        for name, sub in schema.get("properties", {}).items():
            names.add(name)
            walk(sub)
        if isinstance(schema.get("items"), dict):
            walk(schema["items"])
        for sub in schema.get("$defs", {}).values():
            walk(sub)

    walk(load_schema())
    assert {"coordinates", "mentions", "excerpt_start", "score"} <= names
    missing = sorted(n for n in names if not re.search(rf"`[\w.]*\b{n}`", docs))
    assert missing == []
    for kind in load_schema()["$defs"]["feature"]["properties"]["properties"]["properties"][
            "kind"]["enum"]:
        assert f"`{kind}`" in docs
    for type_id in load_taxonomy().ids:
        assert f"`{type_id}`" in docs


_GOOD = dumps(build_collection(mentions_of(D4, "Maracaibo") + mentions_of(D0, "Tocuyito")))


@settings(max_examples=300, deadline=None)
@given(
    pos=st.integers(0, len(_GOOD) - 1),
    cut=st.integers(0, 3),
    insert=st.sampled_from(["", ",", "]", "}", "'", '"', "x", "1e999", "NaN", "\n", "-", "{}",
                            "[]", "null", ":", "é"]),
)
def test_hypothesis_mangled_files_never_crash_the_validator(pos, cut, insert):
    """Any edit of a good file gives problems with sane positions, never an exception; and a file
    that passes the structure check can always be written back (what ingest does)."""
    text = _GOOD[:pos] + insert + _GOOD[pos + cut:]
    problems = validate_text(text, docs_dir=SEEDS)
    lines = text.count("\n") + 1
    for p in problems:
        assert 1 <= p.line <= lines and p.column >= 1, p
        assert p.message
    try:
        data = loads(text)
    except PlacesFileError as exc:
        assert exc.problems
    else:
        assert loads(dumps(data)) == normalize(data)


def test_every_missing_field_is_named():
    text = ('{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "user:x", '
            '"geometry": {"type": "Point", "coordinates": [-66.9, 10.5]}, '
            '"properties": {"mentions": [{}]}}]}')
    problems = validate_text(text)
    messages = [p.message.split(";")[0] for p in problems if p.is_error]
    assert messages == [
        'mention #1 has no "doc"', 'mention #1 has no "end"', 'mention #1 has no "event_type"',
        'mention #1 has no "start"', 'mention #1 has no "text"']
    warnings = [p.message.split(":")[0] for p in problems if not p.is_error]
    assert warnings == ['no "kind"', 'no "name"']
