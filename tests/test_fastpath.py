"""The fast path agrees with the strict one: the checks, the serialiser, the single write.

The strict checks (jsonschema, the position index) stay the reference: on every broken file of
``tests/data/broken``, every mutated file of ``test_places_fuzz`` and hypothesis' edits, the fast
verdict (:func:`vzmap.places.validate.fast.is_clean`) is "clean" exactly when the strict checks
find nothing, and the problems ``check_text`` returns are the strict ones, message for message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_places_fuzz import _INSERTS, GOOD, GOOD_FC, VALUE_MUTATIONS, corpus
from test_placesfile import SEEDS

from vzmap.places.contract import dumps
from vzmap.places.io import base_path, update_places_file
from vzmap.places.validate import check_data, check_text
from vzmap.places.validate.fast import is_clean
from vzmap.places.validate.syntax import decode_places_bytes, parse

BROKEN = Path(__file__).parent / "data" / "broken"
#: The check levels of the readers: plain read, read for merging, validate/serve.
LEVELS = {"plain": {"unique_spans": False}, "merge": {}, "content": {"content": True},
          "documents": {"content": True, "docs_dir": SEEDS}}


def _shown(checked) -> list[tuple]:
    return [(str(p), p.severity, p.pointer) for p in checked.problems]


def assert_agree(raw: bytes, what: str) -> None:
    """Fast and strict give the same problems at every level, and the same verdict."""
    text, problem = decode_places_bytes(raw, what)
    if problem is not None:
        return  # not UTF-8: nothing is parsed, no path to compare
    for level, options in LEVELS.items():
        fast = check_text(text, what, **options)
        strict = check_text(text, what, strict=True, **options)
        assert _shown(fast) == _shown(strict), (what, level)
        if not strict.problems:  # (NaN is not equal to itself: compared where there is none)
            assert fast.data == strict.data, (what, level)
    data, flags, syntax = parse(text, what)
    if syntax is not None:
        return
    for spans in (True, False):
        clean = not check_text(text, what, strict=True, unique_spans=spans).problems
        assert is_clean(data, text=text, flags=flags, unique_spans=spans) == clean, (what, spans)


def assert_agree_in_memory(raw: bytes, what: str) -> None:
    """The same for data checked without its text (vzmap's own output)."""
    text = raw.decode("utf-8", "replace")
    if parse(text, what)[2] is not None:
        return
    fresh = [parse(text, what)[0] for _ in range(3)]
    try:
        strict = check_data(fresh[0], what, strict=True)
    except RecursionError:
        return  # nested beyond Python's limit: only the text path can read it
    assert _shown(check_data(fresh[1], what)) == _shown(strict), what
    assert is_clean(fresh[2]) == (not strict.problems), what


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.geojson")), ids=lambda p: p.name)
def test_fast_and_strict_agree_on_every_broken_file(path):
    assert_agree(path.read_bytes(), path.name)
    assert_agree_in_memory(path.read_bytes(), path.name)


def test_fast_and_strict_agree_on_every_fuzzed_file():
    files = corpus()
    clean = 0
    for what, raw in files:
        assert_agree(raw, what)
        assert_agree_in_memory(raw, what)
        text, problem = decode_places_bytes(raw, what)
        clean += problem is None and not check_text(text, what, strict=True).problems
    assert len(files) > 300 and clean >= 20, (len(files), clean)  # both verdicts are tried


_GOOD_LEN = len(GOOD.encode("utf-8"))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(pos=st.integers(0, _GOOD_LEN - 1), cut=st.integers(0, 6),
       insert=st.sampled_from([*_INSERTS, "", '"x": 1, ', '"mentions": null, ', '"\\ud800"']))
def test_fast_and_strict_agree_on_hypothesis_edits(pos, cut, insert):
    data = GOOD.encode("utf-8")
    assert_agree(data[:pos] + insert.encode("utf-8") + data[pos + cut:], f"{pos}/{cut}/{insert}")


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**35, 10**35) | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=8)
_TARGETS = ["top", "feature", "geometry", "properties", "mention", "candidate"]


def _target(fc: dict, where: str) -> dict:
    feature = fc["features"][1]
    mention = feature["properties"]["mentions"][0]
    mention.setdefault("candidates", [{"gazetteer_id": "geonames:1", "name": "X", "score": 0.1}])
    return {"top": fc, "feature": feature, "geometry": feature["geometry"],
            "properties": feature["properties"], "mention": mention,
            "candidate": (mention["candidates"] or [{}])[0]}[where]


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(_TARGETS), key=st.sampled_from(
           ["type", "id", "name", "kind", "country", "aliases", "mentions", "doc", "start", "end",
            "text", "excerpt", "excerpt_start", "event_type", "date", "date_source",
            "confidence", "candidates", "score", "coordinates", "gazetteer_id", "extra"]),
       value=_VALUES, mutation=st.sampled_from(sorted(VALUE_MUTATIONS)))
def test_fast_and_strict_agree_on_hypothesis_values(where, key, value, mutation):
    """Any JSON value at any key of any part of a good file, after one of the fuzz mutations."""
    fc = json.loads(GOOD)
    try:
        VALUE_MUTATIONS[mutation](fc)
        _target(fc, where)[key] = value
    except (KeyError, IndexError, TypeError, AttributeError):
        return  # the mutation removed the part this value goes into
    text = json.dumps(fc, ensure_ascii=False, indent=1).replace('"@@raw@@', "").replace(
        '@@raw@@"', "")
    assert_agree(text.encode("utf-8", "surrogatepass"), f"{mutation}/{where}.{key}={value!r}")


# --------------------------------------------------------------------------- serialising


def _reference(value, indent: int = 0, parent_key: str | None = None) -> str:
    """The serialiser as the contract states it, written the plain way (the reference)."""
    pad = "  " * indent
    scalar = (str, int, float, bool, type(None))
    one = json.dumps(value, ensure_ascii=False, allow_nan=False) if (
        isinstance(value, scalar) or not value
        or (isinstance(value, list) and all(isinstance(v, scalar) for v in value))
        or (parent_key == "candidates" and isinstance(value, dict)
            and all(isinstance(v, scalar) for v in value.values()))) else None
    if one is not None:
        return one
    if isinstance(value, dict):
        items = [f"{pad}  {json.dumps(str(k), ensure_ascii=False)}: "
                 f"{_reference(v, indent + 1, str(k))}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    items = [f"{pad}  {_reference(v, indent + 1, parent_key)}" for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"


def test_dumps_writes_what_the_contract_says_for_every_fuzzed_collection():
    from vzmap.places.contract import normalize

    seen = 0
    for what, raw in corpus():
        text, problem = decode_places_bytes(raw, what)
        data = None if problem else parse(text, what)[0]
        if not isinstance(data, dict) or parse(text, what)[1].constants:
            continue
        try:
            expected = _reference(normalize(data)) + "\n"
        except (ValueError, RecursionError):
            continue
        assert dumps(data) == expected, what
        seen += 1
    assert seen > 150


@settings(max_examples=100, deadline=None, derandomize=True)
@given(value=_VALUES, key=st.sampled_from(["extra", "candidates", "aliases", "name"]))
def test_dumps_matches_the_reference_on_any_value(value, key):
    fc = json.loads(GOOD)
    fc["features"][0]["properties"][key] = value
    from vzmap.places.contract import normalize

    try:
        expected = _reference(normalize(fc)) + "\n"
    except ValueError:  # infinity: not JSON
        with pytest.raises(ValueError):
            dumps(fc)
        return
    assert dumps(fc) == expected


def test_ingest_writes_the_file_and_its_base_from_one_serialisation(tmp_path, monkeypatch):
    from vzmap.places import io

    calls = []
    real = io.dumps
    monkeypatch.setattr(io, "dumps", lambda fc: calls.append(1) or real(fc))
    out = tmp_path / "places.geojson"
    docs = {m["doc"] for f in GOOD_FC["features"] for m in f["properties"]["mentions"]}
    update_places_file(out, GOOD_FC, docs)  # first write: no current file
    update_places_file(out, GOOD_FC, docs)  # again, nothing edited: the base is the file
    assert len(calls) == 2
    assert out.read_bytes() == base_path(out).read_bytes() == dumps(GOOD_FC).encode("utf-8")
