"""``/api/places?from=&to=``: places with a mention dated in the range, each with only those
mentions; bad bounds are a 400 that says what would be valid. Also the story fixture (the
issue's three mentions and a few more) that the timeline's browser tests use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import dump_places

from vzmap.web.app import create_app

STORY = "story_2024_09_02"
NOTES = "notes_2022"
FIELD = "field_notes"
ARTICLES = {
    STORY: ("Unrest in Carabobo and Aragua", "2024-09-02",
            "On 28 July 2024, protesters gathered in Valencia. In March 2023, soldiers clashed "
            "with a gang near Maracay. Police detained six men in Cagua.\n"),
    NOTES: ("Student marches", "2022-05-10", "In 2022, students marched through Mérida.\n"),
    FIELD: ("Field notes", None, "Residents of Maracaibo reported blackouts. Fishermen in "
            "Cumaná said the gang was gone. Traffic was slow in Valencia.\n"),
}
# (id, name, lon, lat, admin1, [(doc, sentence start, event type, date, date source)])
STORY_PLACES = [
    ("geonames:3625549", "Valencia", -68.0039, 10.162, "Carabobo",
     [(STORY, "On 28 July", "protest", "2024-07-28", "text"),
      (FIELD, "Traffic", "other", None, None)]),
    ("geonames:3632998", "Maracay", -67.5911, 10.2469, "Aragua",
     [(STORY, "In March", "armed_clash", "2023-03", "text")]),
    ("geonames:3647444", "Cagua", -67.4594, 10.1867, "Aragua",
     [(STORY, "Police", "repression", "2024-09-02", "article")]),
    ("geonames:3632308", "Mérida", -71.1445, 8.5897, "Mérida",
     [(NOTES, "In 2022", "protest", "2022", "text")]),
    ("geonames:3633009", "Maracaibo", -71.6125, 10.6427, "Zulia",
     [(FIELD, "Residents", "other", None, None)]),
    ("geonames:3645528", "Cumaná", -64.1675, 10.4564, "Sucre",
     [(FIELD, "Fishermen", "criminal_presence", None, None)]),
]
VALENCIA, MARACAY, CAGUA, MERIDA = (p[0] for p in STORY_PLACES[:4])


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, (title, when, text) in ARTICLES.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        meta = {"title": title, **({"date": when} if when else {})}
        (folder / f"{doc_id}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def story_mention(doc: str, sentence: str, name: str, etype: str, when, source) -> dict:
    text = ARTICLES[doc][2]
    ex_start = text.index(sentence)
    ex_end = text.index(".", ex_start) + 1
    start = text.index(name, ex_start)
    return {"doc": doc, "start": start, "end": start + len(name), "text": name,
            "excerpt": text[ex_start:ex_end], "excerpt_start": ex_start, "event_type": etype,
            "confidence": 0.9, "candidates": [], "date": when, "date_source": source}


def story_places() -> dict:
    features = []
    for pid, name, lon, lat, admin1, mentions in STORY_PLACES:
        ms = sorted((story_mention(d, s, name, t, w, src) for d, s, t, w, src in mentions),
                    key=lambda m: (m["doc"], m["start"]))
        features.append({
            "type": "Feature", "id": pid, "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "kind": "city", "gazetteer_id": pid, "country": "VE",
                           "admin1": admin1, "aliases": [], "mentions": ms}})
    return {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["id"])}


def story_files(root: Path) -> tuple[Path, Path]:
    """The places file and the articles folder of the story, written under ``root``."""
    docs = write_articles(root / "docs")
    places = root / "places.geojson"
    places.write_text(dump_places(story_places()), encoding="utf-8")
    return places, docs


@pytest.fixture
def story(tmp_path):
    places, docs = story_files(tmp_path)
    app = create_app({"TESTING": True, "PLACES_FILE": str(places), "DOCS_DIR": str(docs)})
    return app.test_client(), places


def ids(resp) -> list[str]:
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.mimetype == "application/geo+json"
    return [f["id"] for f in resp.get_json()["features"]]


def test_the_story_file_is_served_whole_and_without_problems(story):
    client, places = story
    resp = client.get("/api/places")
    assert resp.data == places.read_bytes()
    assert "X-Vzmap-Problems" not in resp.headers


def test_july_2024_holds_only_valencia_with_only_its_july_mention(story):
    client, _ = story
    resp = client.get("/api/places?from=2024-07-01&to=2024-07-31")
    assert ids(resp) == [VALENCIA]
    (valencia,) = resp.get_json()["features"]
    assert [m["date"] for m in valencia["properties"]["mentions"]] == ["2024-07-28"]
    assert valencia["properties"]["name"] == "Valencia"
    assert ids(client.get("/api/places?from=2024-07&to=2024-07")) == [VALENCIA]


@pytest.mark.parametrize(("query", "expected"), [
    ("from=2024-08-01", [CAGUA]),
    ("to=2022-12-31", [MERIDA]),
    ("to=2023-03-01", [MARACAY, MERIDA]),  # March 2023 overlaps its first day
    ("from=2023-03-31&to=2023-03-31", [MARACAY]),
    ("from=2023&to=2023", [MARACAY]),
    ("from=2022-06-01&to=2022-06-30", [MERIDA]),  # the year 2022 overlaps June
    ("from=2024-07-29&to=2024-09-01", []),
    ("from=2022&to=2024", [CAGUA, MERIDA, MARACAY, VALENCIA]),  # every dated one; none undated
    ("from=&to=", None),  # empty bounds: no range, the whole file
])
def test_open_ranges_and_partial_dates(story, query, expected):
    client, _ = story
    got = ids(client.get(f"/api/places?{query}"))
    if expected is None:
        assert len(got) == len(STORY_PLACES)
    else:
        assert sorted(got) == sorted(expected)


@pytest.mark.parametrize(("query", "parameter", "value"), [
    ("from=2024-13-01", "from", "2024-13-01"),
    ("from=yesterday&to=2024-07-31", "from", "yesterday"),
    ("to=2024-02-30", "to", "2024-02-30"),
    ("from=2024-07-01&to=31.07.2024", "to", "31.07.2024"),
    ("from=2024-08-01&to=2024-07-31", "from,to", "2024-08-01,2024-07-31"),
])
def test_a_bad_bound_is_a_400_naming_it_its_value_and_the_valid_form(story, query, parameter,
                                                                     value):
    client, _ = story
    resp = client.get(f"/api/places?{query}")
    assert resp.status_code == 400
    body = resp.get_json()
    assert body["parameter"] == parameter and body["value"] == value
    assert body["valid"].startswith("YYYY-MM-DD") and "YYYY-MM" in body["valid"]
    for name, given in zip(parameter.split(","), value.split(","), strict=True):
        assert f"{name}=" in body["error"] and given in body["error"]


def test_a_filtered_answer_has_its_own_etag_and_answers_304(story):
    client, _ = story
    whole = client.get("/api/places").headers["ETag"]
    july = client.get("/api/places?from=2024-07-01&to=2024-07-31")
    assert july.headers["ETag"] not in (whole, client.get("/api/places?from=2024").headers["ETag"])
    again = client.get("/api/places?from=2024-07-01&to=2024-07-31",
                       headers={"If-None-Match": july.headers["ETag"]})
    assert again.status_code == 304


def test_the_map_payload_carries_each_mentions_date_and_its_source(story):
    from vzmap.events.taxonomy import load_taxonomy
    from vzmap.render.mapview import payload

    data = payload(story_places(), load_taxonomy(), {})
    rows = {p["name"]: p["m"] for p in data["places"]}
    assert [m[8:] for m in rows["Valencia"]] == [[], ["2024-07-28", "text"]]
    assert rows["Cagua"][0][8:] == ["2024-09-02", "article"]
    assert rows["Maracay"][0][8:] == ["2023-03", "text"]
