"""The review queue (/review) through the Flask test client, on real files: the seeds plus an
article naming ambiguous places, ingested into a places file in tmp_path; every write checked on
disk, validated, and re-ingested."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from conftest import HOSTILE_NAME, SEEDS, dump_places, make_places

from vzmap import settings
from vzmap.cli import main
from vzmap.ingest import ingest
from vzmap.places.articles import articles_dir
from vzmap.places.review import build_queue
from vzmap.places.validate import validate_file
from vzmap.web import review as review_web
from vzmap.web.app import create_app

AMBIGUOUS = (
    "Water and power cuts spread across the country\n\n"
    "Residents of Santa Rosa and San Carlos reported shortages of water and power on Tuesday. "
    "In Valencia, neighbours blocked a road to protest the outages. "
    "Officials in La Victoria said the pumping station had failed. "
    "Families in San José and Santa Cruz queued for hours at a tanker truck.\n"
)
DOC = "ambiguous_places"
STALE = "The file changed since you opened this page: reload and try again"


@pytest.fixture
def docs(tmp_path) -> Path:
    d = tmp_path / "articles"
    shutil.copytree(SEEDS, d)
    (d / f"{DOC}.txt").write_text(AMBIGUOUS, encoding="utf-8")
    return d


@pytest.fixture
def places(tmp_path, docs) -> Path:
    path = tmp_path / "data" / "places.geojson"
    ingest([docs], path)
    return path


@pytest.fixture
def app(places):
    return create_app({"TESTING": True, "PLACES_FILE": str(places)})


@pytest.fixture
def client(app):
    return app.test_client()


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def mentions(fc: dict) -> dict:
    """(doc, start, end) -> (place id, mention) of every mention of a places collection."""
    return {(m["doc"], m["start"], m["end"]): (f["id"], m)
            for f in fc["features"] for m in f["properties"]["mentions"]}


def errors(path: Path) -> list[str]:
    return [str(p) for p in validate_file(path, docs_dir=articles_dir(path)) if p.is_error]


class Page:
    """What /review shows: the token, the file's version and the items with their buttons."""

    def __init__(self, client, url="/review", headers=None):
        resp = client.get(url, headers=headers)
        assert resp.status_code == 200
        self.html = resp.get_data(as_text=True)
        self.headers = resp.headers
        tree = lxml.html.fromstring(self.html)
        token = tree.xpath('//meta[@name="vzmap-review-token"]/@content')
        self.token = token[0] if token else None
        self.version = tree.xpath('//main[@id="vz-review"]/@data-version')[0]
        self.items = []
        for li in tree.xpath('//li[contains(@class, "vz-rv-item")]'):
            self.items.append({
                "doc": li.get("data-doc"), "start": int(li.get("data-start")),
                "end": int(li.get("data-end")), "place": li.get("data-place"),
                "text": li.get("data-text"),
                "excerpt": li.xpath('.//blockquote')[0].text_content(),
                "mark": li.xpath('.//mark')[0].text_content(),
                "now": li.xpath('.//p[@class="vz-rv-place"]')[0].text_content(),
                "doubt": float(li.xpath('.//ul[@class="vz-rv-why"]/@aria-label')[0]
                               .split("doubt ")[1].rstrip(")")),
                "candidates": li.xpath('.//button[@data-action="candidate"]/@data-candidate'),
                "actions": li.xpath('.//button/@data-action'),
            })
        self.readonly = tree.xpath('//p[@id="vz-review-readonly"]')

    def item(self, text: str, doc: str = DOC) -> dict:
        return next(i for i in self.items if i["text"] == text and i["doc"] == doc)


def edit(page: Page, item: dict, action: str, **fields) -> dict:
    body = {"action": action, "doc": item["doc"], "start": item["start"], "end": item["end"],
            "place": item["place"], "version": page.version, **fields}
    return body


def post(client, body, token, headers=None, **kw):
    sent = {"X-Vzmap-Token": token} if token is not None else {}
    return client.post("/review/edit", json=body, headers={**sent, **(headers or {})}, **kw)


# --------------------------------------------------------------------------- the queue


def test_the_queue_lists_the_doubtful_mentions_most_doubtful_first(client, places):
    page = Page(client)
    texts = {i["text"] for i in page.items if i["doc"] == DOC}
    assert {"Santa Rosa", "San Carlos"} <= texts
    doubts = [i["doubt"] for i in page.items]
    assert doubts == sorted(doubts, reverse=True)
    # Confident mentions are not listed: Tocorón (16 mentions at 100%) is never in the queue.
    assert not any(i["text"] == "Tocorón" for i in page.items)
    fc = load(places)
    for item in page.items:
        pid, m = mentions(fc)[(item["doc"], item["start"], item["end"])]
        assert item["place"] == pid
        assert item["mark"] == m["text"]
        assert m["text"] in item["excerpt"] and item["excerpt"].strip("…") in m["excerpt"]
        name = next(f for f in fc["features"] if f["id"] == pid)["properties"]["name"]
        assert name in item["now"]
        assert item["candidates"] == [c["gazetteer_id"] for c in m["candidates"]][:5]
        assert {"not_a_place", "open-point"} <= set(item["actions"])


@pytest.fixture
def far_places(places) -> Path:
    """``places`` with Santa Rosa pinned at its far namesake in Argentina (as the resolver once
    read it): a place far from the article's other ones, for the queue to flag."""
    fc = load(places)
    feature = next(f for f in fc["features"] if f["properties"]["name"] == "Santa Rosa")
    feature["geometry"]["coordinates"] = [-64.28991, -36.61617]  # Santa Rosa, La Pampa
    feature["properties"].update(country="AR", admin1="La Pampa")
    places.write_text(dump_places(fc), encoding="utf-8")
    return places


def test_the_queue_says_why_an_item_is_doubtful(far_places):
    client = create_app({"TESTING": True, "PLACES_FILE": str(far_places)}).test_client()
    html = Page(client).html
    assert "close runner-up: San Carlos (AR)" in html
    assert "far from the article&#39;s other places" in html or \
        "far from the article's other places" in html


def test_review_weights_are_settings_that_steer_the_queue(far_places):
    fc = load(far_places)
    santa_rosa = next(i for i in build_queue(fc).items if i.mention["text"] == "Santa Rosa")
    names = {s.name for s in santa_rosa.signals}
    assert "off_story" in names
    with settings.override({f"review.{name}": 0.0 for name in names}):
        assert not any(i.mention["text"] == "Santa Rosa" for i in build_queue(fc).items)
    with settings.override({"review.off_story": 0.0}):  # the others still list it, lower
        again = next(i for i in build_queue(fc).items if i.mention["text"] == "Santa Rosa")
        assert again.doubt < santa_rosa.doubt
    with settings.override({"review.min_doubt": 100.0}):
        assert build_queue(fc).items == []


def test_the_page_sets_names_as_text_and_runs_no_inline_script(tmp_path, seed_docs):
    specs = [("geonames:3625428", HOSTILE_NAME, "country", -66.0, 8.0, "VE", "", [],
              [("000_56b1f6b01e688c7f", 0, "repression")])]
    fc = make_places(seed_docs, specs)
    fc["features"][0]["properties"]["mentions"][0]["confidence"] = 0.2
    path = tmp_path / "places.geojson"
    path.write_text(dump_places(fc), encoding="utf-8")
    client = create_app({"PLACES_FILE": str(path), "DOCS_DIR": str(SEEDS)}).test_client()
    page = Page(client)
    assert len(page.items) == 1
    assert HOSTILE_NAME not in page.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.html
    tree = lxml.html.fromstring(page.html)
    assert all(s.get("src") for s in tree.xpath("//script"))
    assert not [a for el in tree.iter() if isinstance(el.tag, str)
                for a in el.attrib if a.lower().startswith("on")]
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp


def test_the_queue_is_paged(client, monkeypatch):
    monkeypatch.setattr(review_web, "PAGE_SIZE", 4)
    first, second = Page(client), Page(client, "/review?page=2")
    assert len(first.items) == 4
    keys = {(i["doc"], i["start"]) for i in first.items}
    assert second.items and not keys & {(i["doc"], i["start"]) for i in second.items}
    assert 'href="/review?page=2"' in first.html


# --------------------------------------------------------------------------- the writes


def test_not_a_place_removes_exactly_that_mention_and_a_reingest_keeps_it_out(
        client, places, docs):
    page = Page(client)
    item = page.item("San Carlos")
    key = (item["doc"], item["start"], item["end"])
    before = mentions(load(places))
    resp = post(client, edit(page, item, "not_a_place"), page.token)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["ok"] is True
    after = mentions(load(places))
    assert set(before) - set(after) == {key}
    assert {k: v for k, v in before.items() if k != key} == after
    assert errors(places) == []
    assert resp.get_json()["version"] == Page(client).version
    assert not any((i["doc"], i["start"]) == key[:2] for i in Page(client).items)

    report = ingest([docs], places)
    assert key not in mentions(load(places))
    assert report.merge.kept_deleted >= 1
    assert errors(places) == []


def test_pick_a_candidate_moves_the_mention_and_survives_reingest(client, places, docs):
    page = Page(client)
    item = page.item("San Carlos")
    key = (item["doc"], item["start"], item["end"])
    target = item["candidates"][0]
    resp = post(client, edit(page, item, "candidate", candidate=target), page.token)
    assert resp.status_code == 200, resp.get_json()
    fc = load(places)
    pid, m = mentions(fc)[key]
    assert pid == target and m["reviewed"] is True
    place = next(f for f in fc["features"] if f["id"] == target)["properties"]
    assert place["name"] == "San Carlos" and place["country"] == "AR"
    assert place["gazetteer_id"] == target
    assert not any(f["id"] == item["place"] for f in fc["features"])  # its only mention left
    assert errors(places) == []
    assert key[:2] not in {(i["doc"], i["start"]) for i in Page(client).items}

    ingest([docs], places)
    ingest([docs], places)
    assert mentions(load(places))[key][0] == target
    assert errors(places) == []


def test_move_to_a_point_sets_the_coordinates_and_survives_reingest(client, places, docs):
    page = Page(client)
    item = page.item("Valencia")
    resp = post(client, edit(page, item, "point", lat=10.1621, lon=-68.0077), page.token)
    assert resp.status_code == 200, resp.get_json()

    def coords() -> list:
        f = next(f for f in load(places)["features"] if f["id"] == item["place"])
        return f["geometry"]["coordinates"]

    assert coords() == [-68.0077, 10.1621]
    assert errors(places) == []
    ingest([docs], places)
    assert coords() == [-68.0077, 10.1621]
    assert errors(places) == []


def test_a_point_that_would_not_validate_is_refused_with_the_reason(client, places):
    page = Page(client)
    item = page.item("Valencia")  # a place in VE: the Indian Ocean is in no country, far off
    raw = places.read_bytes()
    resp = post(client, edit(page, item, "point", lat=-30.0, lon=80.0), page.token)
    assert resp.status_code == 422
    assert "outside VE" in resp.get_json()["error"]
    assert places.read_bytes() == raw


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("forgery", ["no token", "wrong token", "form without token",
                                     "token in another site's request", "from another machine"])
def test_a_forged_post_is_refused_and_the_file_is_unchanged(client, places, forgery):
    page = Page(client)
    body = edit(page, page.item("San Carlos"), "not_a_place")
    raw = places.read_bytes()
    if forgery == "no token":
        resp = post(client, body, None)
    elif forgery == "wrong token":
        resp = post(client, body, page.token[::-1])
    elif forgery == "form without token":
        resp = client.post("/review/edit", data={k: str(v) for k, v in body.items()})
    elif forgery == "token in another site's request":
        resp = post(client, body, page.token, headers={"Origin": "http://evil.example"})
    else:
        resp = post(client, body, page.token, environ_base={"REMOTE_ADDR": "192.168.1.20"})
    assert resp.status_code == 403
    assert resp.get_json()["ok"] is False
    assert places.read_bytes() == raw


def test_a_visitor_from_another_machine_sees_the_queue_without_buttons(client):
    resp = client.get("/review", environ_base={"REMOTE_ADDR": "192.168.1.20"})
    html = resp.get_data(as_text=True)
    assert "San Carlos" in html and "data-action" not in html
    assert "vzmap-review-token" not in html
    assert "only allowed from the machine running vzmap" in html


def test_an_edit_of_a_file_changed_since_the_page_was_loaded_gets_409(client, places):
    page = Page(client)
    fc = load(places)
    fc["features"][0]["properties"]["note"] = "checked by hand meanwhile"
    places.write_text(json.dumps(fc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    raw = places.read_bytes()
    resp = post(client, edit(page, page.item("San Carlos"), "not_a_place"), page.token)
    assert resp.status_code == 409
    assert STALE in resp.get_json()["error"]
    assert places.read_bytes() == raw


def test_read_only_shows_the_queue_without_buttons_and_refuses_writes(places):
    app = create_app({"PLACES_FILE": str(places), "READ_ONLY": True})
    client = app.test_client()
    page = Page(client)
    assert page.items and page.token is None
    assert all(i["actions"] == [] for i in page.items)
    assert "read-only" in page.readonly[0].text_content()
    raw = places.read_bytes()
    token = app.extensions[review_web.TOKEN_KEY]
    resp = post(client, edit(page, page.item("San Carlos"), "not_a_place"), token)
    assert resp.status_code == 403
    assert "read-only" in resp.get_json()["error"]
    assert places.read_bytes() == raw


def test_serve_read_only_turns_writing_off(places, monkeypatch):
    seen = {}

    def fake_serve(app, host, port, allow_hosts, ready=None):
        seen["read_only"] = app.config["READ_ONLY"]

    monkeypatch.setattr("vzmap.web.server.serve", fake_serve)
    result = CliRunner().invoke(main, ["serve", "--read-only", "--places", str(places)])
    assert result.exit_code == 0, result.output
    assert seen == {"read_only": True}
    CliRunner().invoke(main, ["serve", "--places", str(places)])
    assert seen == {"read_only": False}


@pytest.mark.parametrize(("change", "status"), [
    ({"action": "explode"}, 400),
    ({"start": "76"}, 400),
    ({"action": "point", "lat": "north"}, 400),
    ({"action": "candidate", "candidate": "geonames:1"}, 422),
    ({"start": 0, "end": 3}, 409),
])
def test_a_bad_edit_is_refused_and_writes_nothing(client, places, change, status):
    page = Page(client)
    raw = places.read_bytes()
    body = {**edit(page, page.item("San Carlos"), "not_a_place"), **change}
    resp = post(client, body, page.token)
    assert resp.status_code == status, resp.get_json()
    assert resp.get_json()["error"]
    assert places.read_bytes() == raw


def test_get_is_not_a_write(client, places):
    raw = places.read_bytes()
    assert client.get("/review/edit").status_code == 405
    assert places.read_bytes() == raw


def test_a_place_edited_by_hand_stays_when_its_last_mention_is_not_a_place(client, places):
    fc = load(places)
    page = Page(client)
    item = page.item("San Carlos")
    feature = next(f for f in fc["features"] if f["id"] == item["place"])
    feature["properties"]["note"] = "the town in Cojedes"
    places.write_text(json.dumps(fc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    page = Page(client)
    resp = post(client, edit(page, page.item("San Carlos"), "not_a_place"), page.token)
    assert resp.status_code == 200, resp.get_json()
    kept = next(f for f in load(places)["features"] if f["id"] == item["place"])
    assert kept["properties"]["note"] == "the town in Cojedes"
    assert kept["properties"]["mentions"] == []
    assert errors(places) == []


def _feature(pid, name, country, lon, lat, mentions):
    return {"type": "Feature", "id": pid, "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "kind": "city", "country": country, "mentions": mentions}}


def _mention(start, text, confidence, candidates=()):
    return {"doc": "d", "start": start, "end": start + len(text), "text": text,
            "event_type": "other", "confidence": confidence, "candidates": list(candidates)}


def test_each_signal_names_its_reason_and_the_most_doubtful_comes_first():
    far_twin = {"gazetteer_id": "geonames:2", "name": "San Carlos", "country": "VE",
                "kind": "city", "score": 0.3}
    fc = {"type": "FeatureCollection", "features": [
        _feature("geonames:1", "San Carlos", "VE", -68.59, 9.66,
                 [_mention(0, "San Carlos", 0.5, [far_twin])]),
        _feature("geonames:3", "Santa Rosa", "GT", -90.3, 14.2, [_mention(20, "Santa Rosa", 0.95)]),
        _feature("geonames:4", "Valencia", "VE", -68.0, 10.16,
                 [_mention(40, "Valencia", 1.0), _mention(60, "Valencia", 1.0)]),
    ]}
    # the namesake in the same country, San Carlos del Zulia, is 420 km away
    queue = build_queue(fc, locate=lambda gid: (9.0, -71.93) if gid == "geonames:2" else None)
    assert [i.mention["text"] for i in queue.items] == ["San Carlos", "Santa Rosa"]
    first, second = queue.items
    assert [s.name for s in first.signals] == [
        "low_confidence", "close_runner_up", "far_namesake", "lone_weak"]
    assert "km away" in first.signals[2].why
    assert [s.name for s in second.signals] == ["low_confidence", "off_story"]
    assert "the nearest, San Carlos (VE)" in second.signals[1].why
    assert first.doubt > second.doubt
    fc["features"][0]["properties"]["mentions"][0]["reviewed"] = True
    assert [i.mention["text"] for i in build_queue(fc).items] == ["Santa Rosa"]
    assert build_queue(fc).reviewed == 1


def test_without_a_places_file_the_page_says_what_to_run(tmp_path):
    client = create_app({"PLACES_FILE": str(tmp_path / "none.geojson")}).test_client()
    page = Page(client)
    assert page.items == [] and page.token is None
    assert "run `vzmap ingest` to create it" in page.html
    assert "Nothing to review" in page.html


# --------------------------------------------------------------------------- reviewer's defects


def test_a_point_in_another_country_moves_the_place_there(client, places, docs):
    page = Page(client)
    item = page.item("Valencia")  # Valencia, Venezuela; the reviewer means Valencia, Spain
    resp = post(client, edit(page, item, "point", lat=39.4699, lon=-0.3763), page.token)
    assert resp.status_code == 200, resp.get_json()
    assert "moved to ES (Spain)" in resp.get_json()["message"]

    def props() -> dict:
        f = next(f for f in load(places)["features"] if f["id"] == item["place"])
        return {**f["properties"], "at": f["geometry"]["coordinates"]}

    assert props()["country"] == "ES" and props()["admin1"] is None
    assert props()["at"] == [-0.3763, 39.4699]
    assert errors(places) == []
    ingest([docs], places)
    assert props()["country"] == "ES" and props()["at"] == [-0.3763, 39.4699]
    assert errors(places) == []


def test_a_point_near_the_border_keeps_the_country(client, places):
    page = Page(client)
    item = page.item("Valencia")
    # San Antonio del Táchira (VE), on the border: the coarse outline puts it in Colombia
    resp = post(client, edit(page, item, "point", lat=7.8145, lon=-72.4431), page.token)
    assert resp.status_code == 200, resp.get_json()
    assert "moved to" not in resp.get_json()["message"]
    f = next(f for f in load(places)["features"] if f["id"] == item["place"])
    assert f["properties"]["country"] == "VE"


@pytest.mark.parametrize("host", ["rebind.attacker.example", "rebind.attacker.example:5000",
                                  "127.0.0.1.attacker.example", "10.0.0.5:5000"])
def test_a_name_other_than_loopback_gets_no_token_and_cannot_write(client, places, host):
    resp = client.get("/review", headers={"Host": host})
    html = resp.get_data(as_text=True)
    assert "San Carlos" in html and "vzmap-review-token" not in html
    assert "data-action" not in html and "not at the name" in html
    page = Page(client)  # the token, as a page at 127.0.0.1 sees it
    raw = places.read_bytes()
    resp = post(client, edit(page, page.item("San Carlos"), "not_a_place"), page.token,
                headers={"Host": host, "Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin"})
    assert resp.status_code == 403 and "not at the name" in resp.get_json()["error"]
    assert places.read_bytes() == raw


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:5000", "localhost:8080", "LocalHost",
                                  "[::1]:5000"])
def test_the_loopback_names_may_write(client, places, host):
    page = Page(client, headers={"Host": host})
    assert page.token
    resp = post(client, edit(page, page.item("San Carlos"), "not_a_place"), page.token,
                headers={"Host": host})
    assert resp.status_code == 200, resp.get_json()


@pytest.mark.parametrize("header", [("X-Forwarded-For", "203.0.113.9"),
                                    ("Forwarded", "for=203.0.113.9"),
                                    ("X-Forwarded-Host", "maps.example.org"),
                                    ("X-Real-IP", "203.0.113.9")])
def test_through_a_proxy_the_queue_is_read_only_and_says_why(client, places, header):
    html = client.get("/review", headers=dict([header])).get_data(as_text=True)
    assert "San Carlos" in html and "vzmap-review-token" not in html
    assert "not through a proxy" in html
    page = Page(client)
    raw = places.read_bytes()
    resp = post(client, edit(page, page.item("San Carlos"), "not_a_place"), page.token,
                headers=dict([header]))
    assert resp.status_code == 403 and "not through a proxy" in resp.get_json()["error"]
    assert places.read_bytes() == raw


def test_a_deeply_nested_body_is_refused_without_a_server_error(client, places):
    raw = places.read_bytes()
    deep = "[" * 30000 + "]" * 30000
    headers = {"Content-Type": "application/json"}
    resp = client.post("/review/edit", data=deep, headers=headers)
    assert resp.status_code == 403 and "token" in resp.get_json()["error"]
    token = Page(client).token
    resp = client.post("/review/edit", data=deep, headers={**headers, "X-Vzmap-Token": token})
    assert resp.status_code == 400 and "nested too deep" in resp.get_json()["error"]
    resp = client.post("/review/edit", data=b"{\xff}", headers={**headers, "X-Vzmap-Token": token})
    assert resp.status_code == 400
    assert places.read_bytes() == raw


def test_after_a_restart_the_old_page_is_told_to_reload(places):
    old = Page(create_app({"TESTING": True, "PLACES_FILE": str(places)}).test_client())
    client = create_app({"TESTING": True, "PLACES_FILE": str(places)}).test_client()
    raw = places.read_bytes()
    resp = post(client, edit(old, old.item("San Carlos"), "not_a_place"), old.token)
    assert resp.status_code == 403
    assert "reload the page" in resp.get_json()["error"]
    assert places.read_bytes() == raw


def _pick_san_carlos(client) -> tuple[str, tuple]:
    page = Page(client)
    item = page.item("San Carlos")
    target = item["candidates"][0]
    resp = post(client, edit(page, item, "candidate", candidate=target), page.token)
    assert resp.status_code == 200, resp.get_json()
    return target, (item["doc"], item["start"], item["end"])


def test_a_place_made_by_picking_a_candidate_goes_with_its_article(client, places):
    from vzmap.places.io import remove_documents

    target, _key = _pick_san_carlos(client)
    assert any(f["id"] == target for f in load(places)["features"])
    remove_documents(places, [DOC])
    assert not any(f["id"] == target for f in load(places)["features"])
    assert errors(places) == []


def test_a_place_made_by_picking_a_candidate_goes_with_its_last_mention(client, places):
    target, key = _pick_san_carlos(client)
    page = Page(client, "/review")
    body = {"action": "not_a_place", "doc": key[0], "start": key[1], "end": key[2],
            "place": target, "version": page.version}
    resp = post(client, body, page.token)
    assert resp.status_code == 200, resp.get_json()
    assert not any(f["id"] == target for f in load(places)["features"])
    assert errors(places) == []


def test_a_picked_place_moved_by_hand_stays_after_its_article_goes(client, places):
    from vzmap.places.io import remove_documents

    target, key = _pick_san_carlos(client)
    page = Page(client)
    body = {"action": "point", "doc": key[0], "start": key[1], "end": key[2], "place": target,
            "version": page.version, "lat": -27.0, "lon": -65.5}
    resp = post(client, body, page.token)
    assert resp.status_code == 200, resp.get_json()
    remove_documents(places, [DOC])
    kept = next(f for f in load(places)["features"] if f["id"] == target)
    assert kept["geometry"]["coordinates"] == [-65.5, -27.0]
