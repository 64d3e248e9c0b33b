"""Hand edits survive re-ingest: the three-way merge of the places file, on the real seed articles.

Each test ingests, edits the file the way a person would (JSON on disk), ingests again and checks
the edit is still there.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_placesfile import (
    D0,
    D4,
    SEED_PLACES,
    SEEDS,
    doc_text,
    feature,
    generate,
    place_of,
    seed_mentions,
)

from vzmap.places.contract import build_collection, dumps, normalize
from vzmap.places.io import base_path, read_places, read_user_gazetteer_entries, update_places_file
from vzmap.places.merge import merge_places, reanchor, user_gazetteer_entries
from vzmap.places.validate import validate_file

MARACAIBO = "geonames:3633009"
TOCORON = "site:tocoron-prison"
CARACAS = "geonames:3646738"


@pytest.fixture
def docs(tmp_path) -> Path:
    """A writable copy of the seed articles."""
    d = tmp_path / "docs"
    shutil.copytree(SEEDS, d)
    for p in d.iterdir():
        p.chmod(0o644)
    return d


@pytest.fixture
def places(tmp_path, docs) -> Path:
    """A places file after a first ingest of both seed articles."""
    path = tmp_path / "data" / "places.geojson"
    update_places_file(path, generate(docs_dir=docs), {D0, D4}, docs_dir=docs)
    return path


def edit(path: Path, change) -> None:
    """Edit the file as a person would: load the JSON, change it, save it (any formatting)."""
    fc = json.loads(path.read_text("utf-8"))
    change(fc)
    path.write_text(json.dumps(fc, ensure_ascii=False, indent=4), encoding="utf-8")


def reingest(path: Path, docs: Path, doc_ids=(D0, D4), **kw):
    return update_places_file(
        path, generate(docs=doc_ids, docs_dir=docs, **kw), set(doc_ids), docs_dir=docs
    )


def mentions(fc: dict, pid: str | None = None) -> list[dict]:
    return [m for f in fc["features"] if pid in (None, f["id"])
            for m in f["properties"]["mentions"]]


def keys(fc: dict, pid: str | None = None) -> set[tuple]:
    return {(m["doc"], m["start"], m["end"]) for m in mentions(fc, pid)}


# --------------------------------------------------------------------------- the hand edits


def test_moved_point_survives(places, docs):
    edit(places, lambda fc: feature(fc, MARACAIBO)["geometry"].update(
        coordinates=[-71.64, 10.66]))
    report = reingest(places, docs)
    assert feature(read_places(places), MARACAIBO)["geometry"]["coordinates"] == [-71.64, 10.66]
    assert report.kept_edits >= 1


def test_renamed_place_survives(places, docs):
    edit(places, lambda fc: feature(fc, TOCORON)["properties"].update(
        name="Tocorón Penitentiary"))
    reingest(places, docs)
    reingest(places, docs)
    assert feature(read_places(places), TOCORON)["properties"]["name"] == "Tocorón Penitentiary"


def test_changed_event_type_survives(places, docs):
    def retype(fc):
        feature(fc, MARACAIBO)["properties"]["mentions"][0]["event_type"] = "armed_clash"

    edit(places, retype)
    reingest(places, docs)
    m = feature(read_places(places), MARACAIBO)["properties"]["mentions"][0]
    assert m["event_type"] == "armed_clash"


def test_deleted_mention_stays_deleted(places, docs):
    fc = read_places(places)
    gone = mentions(fc, TOCORON)[1]

    def delete(fc):
        ms = feature(fc, TOCORON)["properties"]["mentions"]
        ms[:] = [m for m in ms if (m["doc"], m["start"]) != (gone["doc"], gone["start"])]

    edit(places, delete)
    for _ in range(2):
        report = reingest(places, docs)
        assert report.kept_deleted == 1
        assert (gone["doc"], gone["start"], gone["end"]) not in keys(read_places(places))
    assert len(mentions(read_places(places), TOCORON)) == len(mentions(fc, TOCORON)) - 1


def test_deleted_place_stays_deleted_until_a_new_article_mentions_it(places, docs):
    edit(places, lambda fc: fc["features"].remove(feature(fc, MARACAIBO)))
    reingest(places, docs)
    assert MARACAIBO not in {f["id"] for f in read_places(places)["features"]}
    new = docs / "005_new.txt"
    new.write_text("Riots broke out in Maracaibo on Monday.\n", encoding="utf-8")
    reingest(places, docs, doc_ids=("005_new",), names=["Maracaibo"])
    assert keys(read_places(places), MARACAIBO) == {("005_new", 19, 28)}


def test_added_alias_survives_and_merges_with_generated_aliases(places, docs):
    edit(places, lambda fc: feature(fc, TOCORON)["properties"].update(
        aliases=["Tocorón prison"]))
    reingest(places, docs)
    assert feature(read_places(places), TOCORON)["properties"]["aliases"] == ["Tocorón prison"]
    # The generator starts listing an alias of its own: both are kept.
    gen = build_collection(
        [dict(m, place=place_of(m["text"], aliases=["Centro Penitenciario de Aragua"]))
         if m["text"] == "Tocorón" else m for m in seed_mentions(docs_dir=docs)]
    )
    update_places_file(places, gen, {D0, D4}, docs_dir=docs)
    assert feature(read_places(places), TOCORON)["properties"]["aliases"] == [
        "Tocorón prison", "Centro Penitenciario de Aragua"]


def test_place_added_by_hand_survives_with_the_mention_moved_into_it(places, docs):
    """A person adds ``user:sabaneta-prison`` and moves the Maracaibo mention (which is really
    about Sabaneta Prison) into it."""
    def add_place(fc):
        maracaibo = feature(fc, MARACAIBO)
        moved = maracaibo["properties"]["mentions"].pop(0)
        fc["features"].append({
            "type": "Feature", "id": "user:sabaneta-prison",
            "geometry": {"type": "Point", "coordinates": [-71.6556, 10.6153]},
            "properties": {"name": "Sabaneta Prison", "kind": "site", "gazetteer_id": None,
                           "country": "VE", "admin1": "Zulia", "aliases": ["Sabaneta"],
                           "mentions": [moved], "note": "checked on OSM"},
        })
        fc["features"].append({
            "type": "Feature", "id": "user:el-rodeo",
            "geometry": {"type": "Point", "coordinates": [-66.72, 10.45]},
            "properties": {"name": "El Rodeo I", "kind": "site", "aliases": [],
                           "mentions": []},
        })

    edit(places, add_place)
    report = reingest(places, docs)
    fc = read_places(places)
    sabaneta = feature(fc, "user:sabaneta-prison")
    assert [m["text"] for m in sabaneta["properties"]["mentions"]] == ["Maracaibo"]
    assert sabaneta["properties"]["note"] == "checked on OSM"
    assert feature(fc, "user:el-rodeo")["properties"]["mentions"] == []
    assert MARACAIBO not in {f["id"] for f in fc["features"]}  # its only mention moved
    assert report.kept_edits >= 1
    assert validate_file(places, docs_dir=docs) == []


def test_hand_added_mention_survives(places, docs):
    text = doc_text(D4, docs)
    start = text.index("Sabaneta")
    excerpt_start = text.rfind("\n", 0, start) + 1

    def add_mention(fc):
        feature(fc, MARACAIBO)["properties"]["mentions"].append({
            "doc": D4, "start": start, "end": start + 8, "text": "Sabaneta",
            "excerpt": text[excerpt_start:text.index(":", start)],
            "excerpt_start": excerpt_start, "event_type": "prison",
        })

    edit(places, add_mention)
    report = reingest(places, docs)
    assert (D4, start, start + 8) in keys(read_places(places), MARACAIBO)
    assert report.kept_added == 1
    assert validate_file(places, docs_dir=docs) == []


def test_mentions_of_documents_not_ingested_are_untouched(places, docs):
    def retype_d0(fc):
        for m in mentions(fc):
            if m["doc"] == D0:
                m["event_type"] = "other"
                m["hand_note"] = "checked"

    edit(places, retype_d0)
    before = [m for m in mentions(read_places(places)) if m["doc"] == D0]
    # The generated input even carries D0 (with other values): it is ignored.
    report = update_places_file(places, generate(docs_dir=docs), {D4}, docs_dir=docs)
    after = [m for m in mentions(read_places(places)) if m["doc"] == D0]
    assert sorted(before, key=str) == sorted(after, key=str)
    assert all(m["event_type"] == "other" for m in after)
    assert report.untouched == len(before)


def test_new_article_is_merged_in(places, docs):
    (docs / "005_new.txt").write_text(
        "Protesters gathered in Caracas and in Maracaibo.\n", encoding="utf-8")
    before = keys(read_places(places))
    report = reingest(places, docs, doc_ids=("005_new",), names=["Caracas", "Maracaibo"])
    after = keys(read_places(places))
    assert after - before == {("005_new", 23, 30), ("005_new", 38, 47)}
    assert before <= after
    assert report.added == 2


def test_generator_improvements_flow_in_where_nobody_edited(places, docs):
    edit(places, lambda fc: feature(fc, MARACAIBO)["properties"].update(name="Maracaibo City"))
    moved = [
        dict(m, place=place_of(m["text"], lon=-66.9, lat=10.5, admin1="Caracas"))
        if m["text"] in ("Caracas", "Maracaibo") else m
        for m in seed_mentions(docs_dir=docs)
    ]
    update_places_file(places, build_collection(moved), {D0, D4}, docs_dir=docs)
    fc = read_places(places)
    # Not edited: the new coordinates and admin1 come in.
    assert feature(fc, CARACAS)["geometry"]["coordinates"] == [-66.9, 10.5]
    assert feature(fc, CARACAS)["properties"]["admin1"] == "Caracas"
    # Edited name kept, the unedited coordinates of the same place updated.
    assert feature(fc, MARACAIBO)["properties"]["name"] == "Maracaibo City"
    assert feature(fc, MARACAIBO)["geometry"]["coordinates"] == [-66.9, 10.5]


def test_mentions_no_longer_generated_are_removed_unless_edited(places, docs):
    def retype_one_chile(fc):
        mentions(fc, "geonames:3895114")[0]["event_type"] = "repression"

    edit(places, retype_one_chile)
    chile = mentions(read_places(places), "geonames:3895114")
    colombia = mentions(read_places(places), "geonames:3686110")
    names = [n for n in SEED_PLACES if n not in ("Chile", "Colombia")]
    report = reingest(places, docs, names=names)
    fc = read_places(places)
    assert "geonames:3686110" not in {f["id"] for f in fc["features"]}  # Colombia: gone
    # Chile's edited mention is kept (a person looked at it), the others are removed.
    assert [m["event_type"] for m in mentions(fc, "geonames:3895114")] == ["repression"]
    assert report.removed == len(chile) - 1 + len(colombia)


def test_changed_article_reanchors_edits_and_deletions(places, docs):
    fc = read_places(places)
    d4_tocoron = sorted(mentions(fc, TOCORON), key=lambda m: (m["doc"], m["start"]))
    d4_tocoron = [m for m in d4_tocoron if m["doc"] == D4]
    retyped, deleted = d4_tocoron[0], d4_tocoron[1]

    def change(fc):
        ms = feature(fc, TOCORON)["properties"]["mentions"]
        for m in ms:
            if (m["doc"], m["start"]) == (D4, retyped["start"]):
                m["event_type"] = "armed_clash"
        ms[:] = [m for m in ms if (m["doc"], m["start"]) != (D4, deleted["start"])]

    edit(places, change)
    # The article gains a paragraph at the top: every offset shifts.
    path = docs / f"{D4}.txt"
    intro = "Editor's note: updated with a correction about Tocorón.\n\n"
    path.write_text(intro + path.read_text("utf-8"), encoding="utf-8")
    report = reingest(places, docs, doc_ids=(D4,))
    fc = read_places(places)
    shift = len(intro)
    d4 = {m["start"]: m for m in mentions(fc, TOCORON) if m["doc"] == D4}
    assert d4[retyped["start"] + shift]["event_type"] == "armed_clash"
    assert deleted["start"] + shift not in d4
    assert intro.index("Tocorón") in d4  # the new mention is added
    assert report.reanchored >= 1 and report.kept_deleted == 1
    assert validate_file(places, docs_dir=docs) == []
    # And once more: still consistent.
    reingest(places, docs, doc_ids=(D4,))
    assert read_places(places) == fc


def test_hand_added_mention_follows_a_changed_article_or_is_reported(places, docs):
    text = doc_text(D4, docs)
    start = text.index("Sabaneta")

    def add_mention(fc):
        feature(fc, MARACAIBO)["properties"]["mentions"].append({
            "doc": D4, "start": start, "end": start + 8, "text": "Sabaneta",
            "event_type": "prison"})

    edit(places, add_mention)
    path = docs / f"{D4}.txt"
    path.write_text("New first line.\n" + text, encoding="utf-8")
    reingest(places, docs, doc_ids=(D4,))
    assert (D4, start + 16, start + 24) in keys(read_places(places), MARACAIBO)
    # The word disappears from the article: the mention is dropped and reported.
    path.write_text(("New first line.\n" + text).replace("Sabaneta", "Marite"), encoding="utf-8")
    report = reingest(places, docs, doc_ids=(D4,))
    assert [m["text"] for m in report.orphaned] == ["Sabaneta"]
    assert "Sabaneta" not in {m["text"] for m in mentions(read_places(places))}
    assert validate_file(places, docs_dir=docs) == []


def test_without_base_current_values_win(places, docs):
    edit(places, lambda fc: feature(fc, MARACAIBO)["geometry"].update(
        coordinates=[-71.64, 10.66]))
    base_path(places).unlink()
    report = reingest(places, docs)
    assert report.base_missing
    assert feature(read_places(places), MARACAIBO)["geometry"]["coordinates"] == [-71.64, 10.66]
    # A base exists again; from now on it works as usual.
    assert base_path(places).exists()
    reingest(places, docs)
    assert feature(read_places(places), MARACAIBO)["geometry"]["coordinates"] == [-71.64, 10.66]


def test_merge_is_idempotent_and_pure():
    gen = generate()
    current = copy.deepcopy(gen)
    feature(current, MARACAIBO)["properties"]["name"] = "Mcbo"
    snapshot = [copy.deepcopy(x) for x in (gen, current)]
    merged, new_base, _ = merge_places(gen, current, gen, {D0, D4})
    assert [gen, current] == snapshot
    again, _, report = merge_places(new_base, merged, gen, {D0, D4})
    assert dumps(again) == dumps(merged)
    assert report.added == report.removed == 0


def test_reanchor():
    text = "Intro. In Maracaibo, riots. Later Maracaibo again."
    m = {"doc": "d", "start": 6, "end": 15, "text": "Maracaibo",
         "excerpt": "Later Maracaibo again.", "excerpt_start": 0}
    moved = reanchor(m, text)
    assert (moved["start"], moved["excerpt_start"]) == (34, 28)
    assert reanchor({"doc": "d", "start": 0, "end": 4, "text": "Lima"}, text) is None
    same = {"doc": "d", "start": 10, "end": 19, "text": "Maracaibo"}
    assert reanchor(same, text) == same


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hypothesis_random_hand_edits_survive(data):
    """Random hand edits (delete, retype, move to another place, rename, move, alias) of a file:
    re-ingesting the unchanged articles changes nothing, and a new article adds only its own."""
    gen = generate()
    current = copy.deepcopy(gen)
    pids = [f["id"] for f in current["features"]]
    all_keys = sorted(keys(gen))
    deleted = set(data.draw(st.lists(st.sampled_from(all_keys), max_size=6)))
    retyped = {k: data.draw(st.sampled_from(["armed_clash", "protest"]))
               for k in data.draw(st.lists(st.sampled_from(all_keys), max_size=6))}
    moved_to = {k: data.draw(st.sampled_from(pids))
                for k in data.draw(st.lists(st.sampled_from(all_keys), max_size=4))}
    for f in current["features"]:
        ms = f["properties"]["mentions"]
        ms[:] = [m for m in ms if (m["doc"], m["start"], m["end"]) not in deleted]
        for m in ms:
            m["event_type"] = retyped.get((m["doc"], m["start"], m["end"]), m["event_type"])
    for f in current["features"]:
        for m in list(f["properties"]["mentions"]):
            target = moved_to.get((m["doc"], m["start"], m["end"]))
            if target and target != f["id"]:
                f["properties"]["mentions"].remove(m)
                feature(current, target)["properties"]["mentions"].append(m)
    edited = set(data.draw(st.lists(st.sampled_from(pids), max_size=3)))
    for pid in edited:
        props = feature(current, pid)["properties"]
        props["name"] = data.draw(st.sampled_from(["X", "Ñandú", props["name"] + " (edited)"]))
        props["aliases"] = data.draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True))
        feature(current, pid)["geometry"]["coordinates"] = [-66.5, 9.5]
    # A place keeps its hand edits even when its last mention was moved away or deleted.
    expected = normalize({"type": "FeatureCollection",
                          "features": [f for f in current["features"]
                                       if f["properties"]["mentions"] or f["id"] in edited]})
    merged, new_base, _ = merge_places(gen, current, generate(), {D0, D4})
    assert dumps(merged) == dumps(expected)
    # A new article adds its mentions and leaves everything else as it was.
    extra = [dict(m, doc="005_copy") for m in seed_mentions(docs=(D4,), names=["Caracas"])]
    merged2, _, report = merge_places(
        new_base, merged, build_collection(extra), {"005_copy"})
    assert report.added == len(extra)
    without_new = copy.deepcopy(merged2)
    for f in without_new["features"]:
        f["properties"]["mentions"] = [
            m for m in f["properties"]["mentions"] if m["doc"] != "005_copy"]
    without_new["features"] = [f for f in without_new["features"]
                               if f["properties"]["mentions"] or f["id"] in edited]
    assert dumps(without_new) == dumps(merged)


# --------------------------------------------------------------------------- gazetteer feed


def test_user_gazetteer_entries(places, docs):
    def edits(fc):
        feature(fc, TOCORON)["properties"]["aliases"] = ["Tocorón prison"]
        feature(fc, CARACAS)["geometry"]["coordinates"] = [-66.9, 10.5]
        fc["features"].append({
            "type": "Feature", "id": "user:el-rodeo",
            "geometry": {"type": "Point", "coordinates": [-66.72, 10.45]},
            "properties": {"name": "El Rodeo I", "kind": "site", "country": "VE",
                           "aliases": ["Rodeo I"], "mentions": []},
        })

    edit(places, edits)
    entries, warnings = read_user_gazetteer_entries(places)
    assert warnings == []
    # A moved point is a hand edit kept by the merge, not a gazetteer fact: Caracas lends no
    # names (fed back, the hand value would be regenerated and recorded in the base).
    assert [e["id"] for e in entries] == [TOCORON, "user:el-rodeo"]
    assert entries[0]["name"] == "Tocorón prison" and entries[0]["names_only"]
    assert entries[1] == {"id": "user:el-rodeo", "name": "El Rodeo I", "aliases": ["Rodeo I"],
                          "lat": 10.45, "lon": -66.72, "kind": "site", "country": "VE",
                          "names_only": False}
    fc = read_places(places)
    assert [e["id"] for e in user_gazetteer_entries(fc)[0]] == [TOCORON, "user:el-rodeo"]
    # They survive a re-ingest too.
    reingest(places, docs)
    assert read_user_gazetteer_entries(places) == (entries, [])


def test_doc_texts_reanchor_without_a_documents_folder(places, docs):
    text = doc_text(D4, docs)
    start = text.index("Sabaneta")

    def add_mention(fc):
        feature(fc, MARACAIBO)["properties"]["mentions"].append({
            "doc": D4, "start": start, "end": start + 8, "text": "Sabaneta",
            "event_type": "prison"})

    edit(places, add_mention)
    (docs / f"{D4}.txt").write_text("Intro.\n" + text, encoding="utf-8")
    update_places_file(places, generate(docs=(D4,), docs_dir=docs), {D4},
                       doc_texts={D4: "Intro.\n" + text})
    assert (D4, start + 7, start + 15) in keys(read_places(places), MARACAIBO)


def test_a_deleted_mention_does_not_swallow_a_new_one_in_another_sentence():
    old_text = "Riots in Caracas today. Nothing else."
    new_text = "Calm day. Later, a new protest started in Caracas at noon."
    def coll(text, sentence):
        s = text.index("Caracas")
        return build_collection([{
            "doc": "d", "start": s, "end": s + 7, "text": "Caracas", "excerpt": sentence,
            "excerpt_start": text.index(sentence), "event_type": "protest",
            "place": place_of("Caracas")}])
    base = coll(old_text, "Riots in Caracas today.")
    current = {"type": "FeatureCollection", "features": []}  # the mention was deleted by hand
    gen = coll(new_text, "Later, a new protest started in Caracas at noon.")
    merged, _, report = merge_places(base, current, gen, {"d"}, doc_texts={"d": new_text})
    assert keys(merged) == {("d", 42, 49)}
    assert report.added == 1 and report.kept_deleted == 0
