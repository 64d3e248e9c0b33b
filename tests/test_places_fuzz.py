"""The contract of ``validate`` with every reader: a file that ``validate`` accepts is read by
every command without a traceback; everything else gets a positioned message.

A deterministic corpus of mutated places files (seeded text mutations of a small good file,
targeted value mutations re-serialised compact and indented, files as GeoJSON editors write
them, encodings, special files) goes through ``check_file`` and then through every reader:
``read_places`` (plain and for merging), ``dumps`` and back, ``update_places_file``,
``render_standalone``, CSV and KML, and the map payload.
"""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_placesfile import D0, D4, SEEDS, build_collection, dumps, mentions_of

from vzmap.cli import main
from vzmap.errors import PlacesFileError
from vzmap.events.taxonomy import load_taxonomy
from vzmap.places import io as placesfile
from vzmap.places.validate import check_file, check_text
from vzmap.render import interop, mapview
from vzmap.render import standalone as export

GOOD_FC = build_collection(mentions_of(D4, "Maracaibo") + mentions_of(D0, "Tocuyito"))
GOOD = dumps(GOOD_FC)
GENERATED = build_collection(mentions_of(D4, "Caracas"))
TAXONOMY = load_taxonomy()
ROOT = Path(__file__).resolve().parent.parent

#: A string value replaced by a raw JSON token after serialising (numbers JSON allows but
#: ``json.dumps`` never writes, and constants it must not write).
_RAW = "@@raw@@"


def raw(token: str) -> str:
    return f"{_RAW}{token}{_RAW}"


def _unraw(text: str) -> str:
    while _RAW in text:
        start = text.index(f'"{_RAW}')
        end = text.index(f'{_RAW}"', start + 1)
        text = text[:start] + text[start + len(_RAW) + 1 : end] + text[end + len(_RAW) + 1 :]
    return text


# --------------------------------------------------------------------------- value mutations


def _f(fc, i=0):
    return fc["features"][i]


def _props(fc, i=0):
    return fc["features"][i]["properties"]


def _m(fc, i=1, j=0):
    return fc["features"][i]["properties"]["mentions"][j]


def _deep(n: int):
    value: object = "bottom"
    for k in range(n):
        value = [value] if k % 2 else {"x": value}
    return value


def _set(getter, key, value):
    def mutate(fc):
        getter(fc)[key] = value

    return mutate


def _delete(getter, key):
    def mutate(fc):
        del getter(fc)[key]

    return mutate


def _geojson_io(fc):
    fc["features"].append({
        "type": "Feature",
        "properties": {"marker-color": "#f00", "marker-size": "medium",
                       "description": "<b>bold</b> & \"quoted\"", "title": "Drawn <here>"},
        "geometry": {"type": "Point", "coordinates": [-66.9, 10.5]},
    })


def _geojson_io_bare(fc):
    fc["features"].append({"type": "Feature", "properties": {},
                           "geometry": {"type": "Point", "coordinates": [-66.91, 10.51]}})


def _duplicate_feature(fc):
    fc["features"].append(copy.deepcopy(fc["features"][0]))


def _numeric_duplicate_ids(fc):
    for f in fc["features"]:
        f["id"] = 7


def _swap_mention_into_other(fc):
    _props(fc, 0)["mentions"].append(copy.deepcopy(_m(fc, 1, 0)))


def _rewrite_excerpt(fc):
    m = _m(fc)
    m["excerpt"] = m["excerpt"].replace(m["text"], m["text"].upper())


def _non_ascii_everything(fc):
    _props(fc)["name"] = "Tocorón «ñ» 東京 \u2028 \U0001f600"
    _props(fc)["aliases"] = ["Ñ", "\u0000nul", "\ufffe"]


def _prefix_formula(fc):
    _props(fc)["name"] = "=HYPERLINK(\"http://x\")"
    _props(fc, 1)["name"] = "</script><script>alert(1)</script>"


def _crs_in_features(fc):
    _f(fc)["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}


def _deep_and_nan(fc):
    _props(fc, 0)["deep"] = _deep(900)
    _m(fc)["confidence"] = raw("NaN")


def _deep_and_bad_kind(fc):
    _props(fc, 1)["deep"] = _deep(300)
    _props(fc, 0)["kind"] = "town"


def _deep_in_mention(fc):
    _m(fc)["extra"] = _deep(200)


def _candidates_weird(fc):
    _m(fc)["candidates"] = [1, "x", None, {"score": raw("1e999")}]


def _unknown_top_level(fc):
    fc["name"] = "places"
    fc["bbox"] = [-80, 0, -60, 15]
    fc["big"] = 10**20


def _caracas_moved_by_hand(fc):
    """A mention that ingest generates for Caracas, moved by hand into another place."""
    m = {k: v for k, v in GENERATED["features"][0]["properties"]["mentions"][0].items()}
    _props(fc, 0)["mentions"].append(m)


def _caracas_added_by_hand(fc):
    """The place ingest generates, already drawn by hand (no kind, no name, no mentions)."""
    fc["features"].append({"type": "Feature", "id": GENERATED["features"][0]["id"],
                           "geometry": {"type": "Point", "coordinates": [-66.9, 10.5]},
                           "properties": {"title": "Caracas (drawn)"}})


def _caracas_numeric_id(fc):
    fc["features"].append({"type": "Feature", "id": 3646738,
                           "geometry": {"type": "Point", "coordinates": [-66.9, 10.5]},
                           "properties": {"name": "Caracas", "mentions": None}})


#: name -> mutation of the good collection (in place).
VALUE_MUTATIONS = {
    "offset_float": _set(_m, "start", raw("431.0")),
    "offset_exponent": _set(_m, "end", raw("1E+2")),
    "offset_5000_digits": _set(_m, "start", raw("4" * 5000)),
    "offset_40_digits": _set(_m, "end", raw("9" * 40)),
    "offset_negative": _set(_m, "start", -5),
    "offset_huge": _set(_m, "start", 10**20),
    "offset_huge_end": _set(_m, "end", 10**20),
    "offset_string": _set(_m, "start", "431"),
    "offset_bool": _set(_m, "end", True),
    "excerpt_start_huge": _set(_m, "excerpt_start", 10**20),
    "foreign_40_digits": _set(_props, "population", raw("1" * 40)),
    "foreign_huge": _set(_props, "population", 10**20),
    "foreign_1e999": _set(_props, "population", raw("1e999")),
    "foreign_negative_zero": _set(_props, "population", raw("-0")),
    "top_level_40_digits": _set(lambda fc: fc, "count", raw("2" * 40)),
    "surrogate_name": _set(_props, "name", "Mara\ud800caibo"),
    "surrogate_excerpt": _set(_m, "excerpt", "x\udfff"),
    "surrogate_text": _set(_m, "text", "\ud800"),
    "surrogate_key": _set(_props, "\ud800key", 1),
    "surrogate_mention_key": _set(_m, "n\udc00", 1),
    "surrogate_top_key": _set(lambda fc: fc, "\ud834", 1),
    "surrogate_id": _set(_f, "id", "user:\ud800"),
    "surrogate_bad_id": _set(_f, "id", "\ud800"),
    "surrogate_event_type": _set(_m, "event_type", "pris\ud800"),
    "surrogate_kind": _set(_props, "kind", "\ud800"),
    "deep_foreign": _set(_props, "deep", _deep(900)),
    "deep_top_level": _set(lambda fc: fc, "deep", _deep(900)),
    "deep_crs": _set(lambda fc: fc, "crs", _deep(900)),
    "deep_and_nan": _deep_and_nan,
    "deep_and_bad_kind": _deep_and_bad_kind,
    "deep_in_mention": _deep_in_mention,
    "deep_coordinates": _set(lambda fc: _f(fc)["geometry"], "coordinates", _deep(100)),
    "id_numeric": _set(_f, "id", 42),
    "id_float": _set(_f, "id", 4.5),
    "id_missing": _delete(_f, "id"),
    "id_null": _set(_f, "id", None),
    "id_list": _set(_f, "id", [1]),
    "id_bool": _set(_f, "id", False),
    "id_duplicate": _set(_f, "id", GOOD_FC["features"][1]["id"]),
    "id_duplicate_feature": _duplicate_feature,
    "id_numeric_duplicates": _numeric_duplicate_ids,
    "id_html": _set(_f, "id", 'user:a&<b>"c\''),
    "id_bad_html": _set(_f, "id", '<script>&"'),
    "properties_null": _set(_f, "properties", None),
    "properties_missing": _delete(_f, "properties"),
    "properties_list": _set(_f, "properties", []),
    "geometry_null": _set(_f, "geometry", None),
    "geometry_null_no_id": lambda fc: (_f(fc).update(geometry=None), _f(fc).pop("id")),
    "geometry_string_no_id": lambda fc: (_f(fc).update(geometry="POINT(1 2)"), _f(fc).pop("id")),
    "geometry_list_no_id": lambda fc: (_f(fc).update(geometry=[1, 2]), _f(fc).pop("id")),
    "geometry_polygon": _set(lambda fc: _f(fc)["geometry"], "type", "Polygon"),
    "geometry_three": _set(lambda fc: _f(fc)["geometry"], "coordinates", [-71.6, 10.6, 5]),
    "geometry_one": _set(lambda fc: _f(fc)["geometry"], "coordinates", [-71.6]),
    "geometry_strings": _set(lambda fc: _f(fc)["geometry"], "coordinates", ["-71.6", "10.6"]),
    "geometry_nan": _set(lambda fc: _f(fc)["geometry"], "coordinates", [raw("NaN"), 10.6]),
    "geometry_infinity": _set(lambda fc: _f(fc)["geometry"], "coordinates",
                              [raw("-Infinity"), 10.6]),
    "geometry_huge": _set(lambda fc: _f(fc)["geometry"], "coordinates", [10**20, 10.6]),
    "geometry_15_decimals": _set(lambda fc: _f(fc)["geometry"], "coordinates",
                                 [-71.610891234567891, 10.642321234567891]),
    "geometry_swapped": _set(lambda fc: _f(fc)["geometry"], "coordinates", [10.64, -71.61]),
    "geometry_string": _set(_f, "geometry", "here"),
    "crs_wgs84": _set(lambda fc: fc, "crs",
                      {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}),
    "crs_mercator": _set(lambda fc: fc, "crs",
                         {"type": "name", "properties": {"name": "EPSG:3857"}}),
    "crs_null": _set(lambda fc: fc, "crs", None),
    "crs_nan": _set(lambda fc: fc, "crs", {"x": raw("NaN")}),
    "crs_in_feature": _crs_in_features,
    "mentions_dict": _set(_props, "mentions", {"0": {}}),
    "mentions_string": _set(_props, "mentions", "Maracaibo"),
    "mentions_null": _set(_props, "mentions", None),
    "mentions_missing": _delete(_props, "mentions"),
    "mention_not_object": _set(lambda fc: _props(fc, 1)["mentions"], 0, "m"),
    "mention_without_doc": _delete(_m, "doc"),
    "mention_doc_null": _set(_m, "doc", None),
    "mention_doc_missing_file": _set(_m, "doc", "999_nowhere"),
    "mention_doc_path": _set(_m, "doc", "../../etc/passwd"),
    "mention_duplicate": _swap_mention_into_other,
    "excerpt_rewritten": _rewrite_excerpt,
    "excerpt_empty": _set(_m, "excerpt", ""),
    "excerpt_not_string": _set(_m, "excerpt", 5),
    "text_empty": _set(_m, "text", ""),
    "end_before_start": _set(_m, "end", 3),
    "event_type_unknown": _set(_m, "event_type", "prisn"),
    "event_type_number": _set(_m, "event_type", 3),
    "confidence_2": _set(_m, "confidence", 2),
    "confidence_string": _set(_m, "confidence", "high"),
    "candidates_weird": _candidates_weird,
    "kind_town": _set(_props, "kind", "town"),
    "kind_missing": _delete(_props, "kind"),
    "name_missing": _delete(_props, "name"),
    "name_empty": _set(_props, "name", ""),
    "name_number": _set(_props, "name", 5),
    "country_lower": _set(_props, "country", "ve"),
    "country_unknown": _set(_props, "country", "ZZ"),
    "aliases_string": _set(_props, "aliases", "x"),
    "non_ascii": _non_ascii_everything,
    "formula_and_script": _prefix_formula,
    "geojson_io_feature": _geojson_io,
    "geojson_io_bare": _geojson_io_bare,
    "unknown_top_level": _unknown_top_level,
    "features_empty": _set(lambda fc: fc, "features", []),
    "features_null": _set(lambda fc: fc, "features", None),
    "features_object": _set(lambda fc: fc, "features", {}),
    "feature_not_object": _set(lambda fc: fc["features"], 0, 5),
    "feature_type_wrong": _set(_f, "type", "feature"),
    "top_type_wrong": _set(lambda fc: fc, "type", "Featurecollection"),
    "caracas_moved_by_hand": _caracas_moved_by_hand,
    "caracas_added_by_hand": _caracas_added_by_hand,
    "caracas_numeric_id": _caracas_numeric_id,
    "deep_coordinates_no_id": lambda fc: (_f(fc)["geometry"].update(coordinates=_deep(900)),
                                          _f(fc).pop("id")),
}


def _serialised(fc: dict) -> list[tuple[str, bytes]]:
    """The collection written compact (ASCII escapes) and indented (non-ASCII as is)."""
    compact = _unraw(json.dumps(fc, separators=(",", ":")))
    indented = _unraw(json.dumps(fc, indent=2, ensure_ascii=False))
    return [("compact", compact.encode("utf-8")),
            ("indented", indented.encode("utf-8", "surrogatepass"))]


# --------------------------------------------------------------------------- text mutations

_INSERTS = [",", "]", "}", "[", "{", "'", '"', ":", "NaN", "1e999", "-", "null", "\\", "é",
            "\u2028", "\x00", "\t", "\n", "{}", "[]", '"x":', "\ufeff", "Infinity", "0" * 50]


def _text_mutation(rng: random.Random, text: str) -> tuple[str, bytes]:
    op = rng.choice(["cut", "duplicate", "insert", "swap", "insert", "cut"])
    data = text.encode("utf-8")
    n = len(data)
    i = rng.randrange(n)
    if op == "cut":
        k = rng.randint(1, 40)
        return f"cut{i}+{k}", data[:i] + data[i + k :]
    if op == "duplicate":
        k = rng.randint(1, 80)
        return f"dup{i}+{k}", data[: i + k] + data[i : i + k] + data[i + k :]
    if op == "insert":
        token = rng.choice(_INSERTS)
        return f"ins{i}:{token[:5]!r}", data[:i] + token.encode("utf-8") + data[i:]
    j = rng.randrange(n)
    b = bytearray(data)
    b[i], b[j] = b[j], b[i]
    return f"swap{i},{j}", bytes(b)


# --------------------------------------------------------------------------- whole files


def _qgis_file() -> bytes:
    """What QGIS writes with "Save Features As... GeoJSON": numeric ids, 15 decimals, compact
    JSON, a top-level name and crs, its own fields."""
    feats = []
    for n, (name, lon, lat) in enumerate([("Caracas", -66.879190000000008, 10.488010000000001),
                                          ("Valencia", -68.007650000000012, 10.162019999999999)]):
        feats.append({"type": "Feature", "id": n,
                      "properties": {"fid": n + 1, "name": name, "pop": None},
                      "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    fc = {"type": "FeatureCollection", "name": "places",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
          "features": feats}
    return json.dumps(fc, separators=(",", ":")).encode("utf-8")


def _special_files() -> list[tuple[str, bytes]]:
    fc = json.loads(GOOD)
    return [
        ("good", GOOD.encode("utf-8")),
        ("good_compact", json.dumps(fc, separators=(",", ":")).encode("utf-8")),
        ("qgis", _qgis_file()),
        ("bom", b"\xef\xbb\xbf" + GOOD.encode("utf-8")),
        ("utf16", GOOD.encode("utf-16")),
        ("utf16_le_no_bom", GOOD.encode("utf-16-le")),
        ("latin1", GOOD.replace("Maracaibo", "Maracaibó").encode("latin-1", "replace")),
        ("empty", b""),
        ("whitespace", b" \n\t\r\n  \n"),
        ("null", b"null"),
        ("list", b"[]"),
        ("string", b'"FeatureCollection"'),
        ("number_5000", b"7" * 5000),
        ("number_40", b"7" * 40),
        ("nan", b"NaN"),
        ("deep_2000", b"[" * 2000 + b"]" * 2000),
        ("deep_100000", b"[" * 100_000),
        ("crlf", GOOD.replace("\n", "\r\n").encode("utf-8")),
        ("cr_only", GOOD.replace("\n", "\r").encode("utf-8")),
        ("duplicate_key", GOOD.replace('"name": "Maracaibo"',
                                       '"name": "X", "name": "Maracaibo"').encode("utf-8")),
        ("duplicate_features", GOOD.replace('"type": "FeatureCollection",',
                                            '"type": "FeatureCollection", "features": [1],')
         .encode("utf-8")),
        ("duplicate_features_after", GOOD.rstrip()[:-1].encode("utf-8")
         + b', "features": [{"type": "Feature"}]}\n'),
        ("duplicate_mentions_key", GOOD.replace('"mentions": [', '"mentions": 5, "mentions": [', 1)
         .encode("utf-8")),
        ("nul_bytes", GOOD.replace(" ", "\x00", 3).encode("utf-8")),
    ]


def corpus() -> list[tuple[str, bytes]]:
    """Every mutated file of the test, as (name, bytes); deterministic."""
    files = _special_files()
    for name, mutate in VALUE_MUTATIONS.items():
        fc = copy.deepcopy(GOOD_FC)
        mutate(fc)
        files += [(f"{name}-{form}", data) for form, data in _serialised(fc)]
    rng = random.Random(20240611)
    names = sorted(VALUE_MUTATIONS)
    for _ in range(30):  # two value mutations at once
        a, b = rng.sample(names, 2)
        fc = copy.deepcopy(GOOD_FC)
        try:
            VALUE_MUTATIONS[a](fc)
            VALUE_MUTATIONS[b](fc)
        except (KeyError, IndexError, TypeError):
            continue  # the first one removed what the second one changes
        form, data = _serialised(fc)[rng.randrange(2)]
        files.append((f"{a}+{b}-{form}", data))
    for _ in range(80):
        base = GOOD if rng.random() < 0.7 else json.dumps(GOOD_FC, separators=(",", ":"))
        files.append(_text_mutation(rng, base))
    for _ in range(10):  # several text mutations in a row
        data = GOOD
        steps = []
        for _ in range(3):
            step, mutated = _text_mutation(rng, data)
            steps.append(step)
            data = mutated.decode("utf-8", "replace")
        files.append(("+".join(steps), data.encode("utf-8")))
    return files


# --------------------------------------------------------------------------- the contract


def _lines(raw: bytes) -> int:
    return raw.count(b"\n") + 1


def _assert_positions(checked, raw: bytes, what: str) -> None:
    for p in checked.problems:
        assert 1 <= p.line <= _lines(raw) and p.column >= 1, (what, str(p))
        assert p.message, what
        assert p.severity in ("error", "warning"), (what, p)


def check_contract(path: Path, raw: bytes, what: str) -> bool:
    """Everything the contract promises for the file at ``path``; True when it is accepted."""
    path.write_bytes(raw)
    checked = check_file(path, content=True, docs_dir=SEEDS)
    _assert_positions(checked, raw, what)
    for p in checked.problems:
        str(p).encode("utf-8")  # printable on any UTF-8 terminal (no lone surrogates)
    if not checked.errors:
        fc = placesfile.read_places(path)
        placesfile.read_places(path, for_merge=True)
        again = check_text(dumps(fc), "<dumps>", content=True, docs_dir=SEEDS)
        assert again.errors == [], (what, [str(p) for p in again.errors])
        merged = path.with_name(path.name + ".merged")
        merged.write_bytes(raw)
        placesfile.update_places_file(merged, copy.deepcopy(GENERATED), {D4})
        after = check_file(merged, content=True, docs_dir=SEEDS)
        assert after.errors == [], (what, [str(p) for p in after.errors])
        export.render_standalone(path, SEEDS)
        interop.to_csv(fc)
        interop.to_kml(fc, TAXONOMY)
        mapview.payload(fc, TAXONOMY, mapview.docs_info({}))
        return True
    usable = checked.usable()
    if usable is not None:
        again = check_text(dumps(usable), "<usable>", content=True, docs_dir=SEEDS)
        assert again.errors == [], (what, [str(p) for p in again.errors])
    try:
        export.render_standalone(path, SEEDS)
    except PlacesFileError:
        assert usable is None, what
    return False


def test_every_mutated_file_is_either_readable_everywhere_or_has_positioned_errors(tmp_path):
    files = corpus()
    accepted = rejected = 0
    names = set()
    failures = []
    for n, (what, raw) in enumerate(files):
        path = tmp_path / f"{n:03d}.geojson"
        try:
            ok = check_contract(path, raw, what)
        except Exception as exc:  # noqa: BLE001 - every broken file is listed, not just the first
            failures.append(f"{what}: {''.join(traceback.format_exception(exc)[-3:])}")
            continue
        if ok:
            accepted += 1
            names.add(what)
        else:
            rejected += 1
    print(f"{len(files)} files: {accepted} accepted, {rejected} rejected")
    assert failures == [], "\n".join(failures)
    assert accepted + rejected == len(files) >= 120
    assert accepted >= 10 and rejected >= 60, (accepted, rejected)
    # The editors' files are places files.
    assert {"good", "good_compact", "qgis", "geojson_io_feature-compact",
            "geojson_io_bare-indented", "id_numeric-compact", "crs_wgs84-indented"} <= names


_GOOD_LEN = len(GOOD.encode("utf-8"))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    pos=st.integers(0, _GOOD_LEN - 1),
    cut=st.integers(0, 6),
    insert=st.sampled_from(_INSERTS + [""]),
)
def test_hypothesis_edits_keep_the_contract(tmp_path_factory, pos, cut, insert):
    data = GOOD.encode("utf-8")
    raw = data[:pos] + insert.encode("utf-8") + data[pos + cut :]
    path = tmp_path_factory.mktemp("h") / "places.geojson"
    check_contract(path, raw, f"{pos}/{cut}/{insert!r}")


# --------------------------------------------------------------------------- the CLI


def _cli_cases() -> list[tuple[str, bytes]]:
    wanted = {"good", "qgis", "geojson_io_feature-indented", "surrogate_name-compact",
              "surrogate_kind-compact", "surrogate_key-indented", "surrogate_event_type-compact",
              "surrogate_bad_id-compact", "deep_and_nan-compact", "offset_40_digits-compact",
              "foreign_40_digits-indented", "bom", "utf16", "empty", "crs_mercator-compact",
              "geometry_string_no_id-compact"}
    cases = [(w, r) for w, r in corpus() if w in wanted]
    assert len(cases) == len(wanted)
    return cases


@pytest.mark.parametrize(("what", "raw"), _cli_cases(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_cli_validate_exits_0_iff_no_errors_and_never_shows_a_traceback(tmp_path, what, raw):
    path = tmp_path / "places.geojson"
    path.write_bytes(raw)
    errors = check_file(path, content=True, docs_dir=SEEDS).errors
    result = CliRunner().invoke(main, ["validate", str(path), "--docs", str(SEEDS)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        what, result.exc_info)
    assert "Traceback" not in result.output
    assert result.exit_code == (1 if errors else 0), (what, result.output)


@pytest.mark.parametrize("what", ["surrogate_name-compact", "surrogate_key-compact",
                                  "surrogate_kind-compact"])
def test_cli_validate_prints_problems_with_lone_surrogates_on_a_real_terminal(tmp_path, what):
    """A real process writes to a strict UTF-8 stdout, where CliRunner would not notice."""
    raw = dict(corpus())[what]
    path = tmp_path / "places.geojson"
    path.write_bytes(raw)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "vzmap.cli", "validate", str(path), "--docs", str(SEEDS)],
        capture_output=True, text=True, timeout=60, env=env, cwd=ROOT, errors="replace",
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "lone surrogate" in proc.stdout


# --------------------------------------------------------------------------- special files


def test_a_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "places.geojson"
    os.mkfifo(fifo)
    started = time.monotonic()
    checked = check_file(fifo, content=True, docs_dir=SEEDS)
    assert time.monotonic() - started < 10
    assert [p.message.split(";")[0] for p in checked.problems] == ["not a regular file"]
    assert checked.usable() is None
    proc = subprocess.run(
        [sys.executable, "-m", "vzmap.cli", "validate", str(fifo), "--docs", str(SEEDS)],
        capture_output=True, text=True, timeout=30, cwd=ROOT,
    )
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "not a regular file" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_dev_zero_is_not_read():
    started = time.monotonic()
    checked = check_file("/dev/zero", content=True, docs_dir=SEEDS)
    assert time.monotonic() - started < 10
    assert [str(p) for p in checked.problems] == [
        "/dev/zero:1:1: not a regular file; give the path of a places file (.geojson)"]
    proc = subprocess.run(
        [sys.executable, "-m", "vzmap.cli", "validate", "/dev/zero", "--docs", str(SEEDS)],
        capture_output=True, text=True, timeout=30, cwd=ROOT,
    )
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "not a regular file" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    with pytest.raises(PlacesFileError, match="not a regular file"):
        placesfile.read_places("/dev/zero")
    with pytest.raises(PlacesFileError):
        export.render_standalone("/dev/zero", SEEDS)
