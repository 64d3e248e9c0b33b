"""The review queue in headless Chromium against a real server on 127.0.0.1: clicks and keys
write the places file on disk. Every test fails on a request leaving 127.0.0.1, a console error
or a page error (see the ``page`` fixture in conftest.py). Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, LiveServer
from playwright.sync_api import expect
from test_review import AMBIGUOUS, DOC

from vzmap.ingest import ingest
from vzmap.places.articles import articles_dir
from vzmap.places.validate import validate_file
from vzmap.web.app import create_app

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("review-docs") / "articles"
    shutil.copytree(SEEDS, d)
    (d / f"{DOC}.txt").write_text(AMBIGUOUS, encoding="utf-8")
    return d


@pytest.fixture
def places(tmp_path, docs) -> Path:
    path = tmp_path / "data" / "places.geojson"
    ingest([docs], path)
    return path


@pytest.fixture
def server(places):
    srv = LiveServer(create_app({"PLACES_FILE": str(places)}))
    yield srv
    srv.stop()


def open_review(page, server):
    page.goto(f"{server.url}/review")
    page.wait_for_selector("html[data-vzmap-review-ready]")


def keys(path: Path) -> dict:
    fc = json.loads(path.read_text("utf-8"))
    return {(m["doc"], m["start"], m["end"]): (f["id"], m)
            for f in fc["features"] for m in f["properties"]["mentions"]}


def item(page, text: str):
    return page.locator(f'li.vz-rv-item[data-doc="{DOC}"][data-text="{text}"]')


def no_errors(path: Path) -> bool:
    return not [p for p in validate_file(path, docs_dir=articles_dir(path)) if p.is_error]


def test_the_page_lists_items_and_not_a_place_removes_one(page, server, places, artifacts):
    open_review(page, server)
    count = page.locator("li.vz-rv-item").count()
    assert count >= 5
    page.screenshot(path=str(artifacts / "review-desktop.png"))
    li = item(page, "San Carlos")
    key = (DOC, int(li.get_attribute("data-start")), int(li.get_attribute("data-end")))
    assert key in keys(places)
    before = places.read_bytes()
    li.get_by_role("button", name="Not a place").click()
    expect(li).to_have_count(0)
    expect(page.locator("#vz-review-status")).to_contain_text("Saved")
    assert page.locator("li.vz-rv-item").count() == count - 1
    assert page.locator("#vz-review-count").inner_text() == str(count - 1)
    assert places.read_bytes() != before
    assert key not in keys(places)
    assert no_errors(places)
    # a second click uses the new version the server answered: no 409
    item(page, "Santa Rosa").get_by_role("button", name="Not a place").click()
    expect(item(page, "Santa Rosa")).to_have_count(0)
    expect(page.locator("#vz-review-status")).to_contain_text("Saved")


def _tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_candidate_is_picked_with_the_keyboard_alone(page, server, places):
    open_review(page, server)
    first = page.locator("li.vz-rv-item").first
    start, end = int(first.get_attribute("data-start")), int(first.get_attribute("data-end"))
    doc, text = first.get_attribute("data-doc"), first.get_attribute("data-text")
    second_id = page.locator("li.vz-rv-item").nth(1).get_attribute("id")
    second_title = page.locator(f"#{second_id}-title")
    _tab_to(page, "li.vz-rv-item:first-child button[data-action=candidate]")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    target = page.evaluate("document.activeElement.dataset.candidate")
    page.keyboard.press("Space")
    expect(page.locator(f'li.vz-rv-item[data-start="{start}"][data-doc="{doc}"]')).to_have_count(0)
    expect(second_title).to_be_focused()
    pid, m = keys(places)[(doc, start, end)]
    assert pid == target and m["text"] == text
    assert no_errors(places)


def test_move_to_a_point_clicked_on_the_small_map(page, server, places, artifacts):
    open_review(page, server)
    li = item(page, "Valencia")
    place = li.get_attribute("data-place")
    li.get_by_role("button", name="Move to a point on the map…").click()
    picker = li.locator("#vz-review-picker")
    expect(picker).to_be_visible()
    expect(page.locator("#vz-picker-map")).to_be_focused()
    page.wait_for_selector("#vz-picker-map[data-basemap-ready]")
    box = page.locator("#vz-picker-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.45)
    lat = float(page.locator("#vz-picker-lat").input_value())
    lon = float(page.locator("#vz-picker-lon").input_value())
    assert 5 < lat < 15 and -75 < lon < -60  # still in Venezuela at zoom 6
    page.screenshot(path=str(artifacts / "review-point.png"))
    picker.get_by_role("button", name="Save this point").click()
    expect(li).to_have_count(0)
    fc = json.loads(places.read_text("utf-8"))
    coords = next(f for f in fc["features"] if f["id"] == place)["geometry"]["coordinates"]
    assert coords == [lon, lat]
    assert no_errors(places)


def test_the_map_picker_works_from_the_keyboard(page, server, places):
    open_review(page, server)
    li = item(page, "La Victoria")
    place = li.get_attribute("data-place")
    _tab_to(page, 'li.vz-rv-item[data-text="La Victoria"] button[data-action=open-point]')
    page.keyboard.press("Enter")
    expect(page.locator("#vz-picker-map")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # the point goes to the map's centre
    lat = float(page.locator("#vz-picker-lat").input_value())
    lon = float(page.locator("#vz-picker-lon").input_value())
    _tab_to(page, "#vz-review-picker button[data-action=point]")
    page.keyboard.press("Enter")
    expect(li).to_have_count(0)
    fc = json.loads(places.read_text("utf-8"))
    coords = next(f for f in fc["features"] if f["id"] == place)["geometry"]["coordinates"]
    assert coords == [lon, lat]


def test_escape_closes_the_picker_and_returns_focus(page, server):
    open_review(page, server)
    li = item(page, "Valencia")
    opener = li.get_by_role("button", name="Move to a point on the map…")
    opener.click()
    expect(li.locator("#vz-review-picker")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#vz-review-picker")).to_be_hidden()
    expect(opener).to_be_focused()
    assert opener.get_attribute("aria-expanded") == "false"


def test_a_stale_page_says_reload_and_writes_nothing(page, server, places, browser_context):
    open_review(page, server)
    fc = json.loads(places.read_text("utf-8"))
    fc["features"][0]["properties"]["note"] = "edited in another window"
    places.write_text(json.dumps(fc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    raw = places.read_bytes()
    li = item(page, "San Carlos")
    li.get_by_role("button", name="Not a place").click()
    status = page.locator("#vz-review-status")
    expect(status).to_contain_text("The file changed since you opened this page")
    expect(status.get_by_role("button", name="Reload the page")).to_be_visible()
    expect(li).to_have_count(1)
    assert places.read_bytes() == raw
    # The browser logs the expected 409 answer as a console error: that one is allowed.
    watch = browser_context.vzmap_watch
    assert any("409" in e for e in watch.errors), watch.errors
    watch.errors[:] = [e for e in watch.errors if "409" not in e]


def test_the_phone_layout(page, server, artifacts):
    page.set_viewport_size({"width": 375, "height": 740})
    open_review(page, server)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    button = page.locator("li.vz-rv-item").first.get_by_role("button", name="Not a place")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.screenshot(path=str(artifacts / "review-phone.png"))
    page.locator("li.vz-rv-item").first.get_by_role(
        "button", name="Move to a point on the map…").click()
    map_box = page.locator("#vz-picker-map").bounding_box()
    assert map_box["x"] >= 0 and map_box["x"] + map_box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_after_a_restart_the_open_page_offers_reload_and_then_saves(page, server, places,
                                                                    browser_context):
    from vzmap.web.review import TOKEN_KEY

    open_review(page, server)
    server.server.app.extensions[TOKEN_KEY] = "a-new-token-as-after-a-restart"
    raw = places.read_bytes()
    li = item(page, "San Carlos")
    li.get_by_role("button", name="Not a place").click()
    status = page.locator("#vz-review-status")
    expect(status).to_contain_text("reload the page")
    expect(li).to_have_count(1)
    assert places.read_bytes() == raw
    status.get_by_role("button", name="Reload the page").click()
    page.wait_for_selector("html[data-vzmap-review-ready]")
    li = item(page, "San Carlos")
    li.get_by_role("button", name="Not a place").click()
    expect(status).to_contain_text("Saved")
    assert places.read_bytes() != raw and no_errors(places)
    # The browser logs the expected 403 answer as a console error: that one is allowed.
    watch = browser_context.vzmap_watch
    assert any("403" in e for e in watch.errors), watch.errors
    watch.errors[:] = [e for e in watch.errors if "403" not in e]


def test_any_refusal_offers_reload(page, server, places, browser_context):
    open_review(page, server)
    server.server.app.config["READ_ONLY"] = True  # e.g. restarted with --read-only
    li = item(page, "San Carlos")
    li.get_by_role("button", name="Not a place").click()
    status = page.locator("#vz-review-status")
    expect(status).to_contain_text("Writing is off")
    status.get_by_role("button", name="Reload the page").click()
    expect(page.locator("#vz-review-readonly")).to_contain_text("read-only")
    expect(page.locator("li.vz-rv-item button[data-action]")).to_have_count(0)
    watch = browser_context.vzmap_watch
    watch.errors[:] = [e for e in watch.errors if "403" not in e]
