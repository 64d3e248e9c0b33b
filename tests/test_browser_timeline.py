"""The time control in headless Chromium: served by a real server on 127.0.0.1 and exported as
one file opened from file://, on a desktop and on a phone with touch.

The story (tests/test_api_dates.py): an article dated 2024-09-02 saying "On 28 July 2024,
protesters gathered in Valencia", "In March 2023, soldiers clashed with a gang near Maracay" and
"Police detained six men in Cagua", one from 2022 (Mérida) and undated field notes (Maracaibo,
Cumaná, Valencia again). Every test fails on a request leaving 127.0.0.1/file:, a console error
or a page error (the ``page`` fixture in conftest.py). Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import re

import pytest
from conftest import LiveServer
from playwright.sync_api import expect
from test_api_dates import CAGUA, STORY, STORY_PLACES, VALENCIA, story_files

from vzmap.render.standalone import export_html
from vzmap.web.app import create_app

pytestmark = pytest.mark.browser

JULY = "#from=2024-07-01&to=2024-07-31"
JULY_READOUT = "Jul 2024 \u2013 Jul 2024, 1 place, 3 undated mentions hidden"
ALL_READOUT = f"All dates, {len(STORY_PLACES)} places, 3 undated mentions"
PHONE = {"width": 390, "height": 844}
PROTEST = "Protests & riots"


@pytest.fixture(scope="module")
def story_dir(tmp_path_factory):
    return story_files(tmp_path_factory.mktemp("story"))


@pytest.fixture(scope="module")
def story_server(story_dir):
    places, docs = story_dir
    srv = LiveServer(create_app({"PLACES_FILE": str(places), "DOCS_DIR": str(docs)}))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def story_export(story_dir, tmp_path_factory):
    places, docs = story_dir
    out = tmp_path_factory.mktemp("export") / "story-map.html"
    assert export_html(out, places, docs) == []
    return out


# ---------- helpers ----------

def open_map(page, url, hash_=""):
    page.goto(f"{url}{hash_}")
    page.wait_for_selector("html[data-vzmap-ready]")


def shown_places(page) -> list[str]:
    return sorted({p for p, _, _ in page.evaluate("vzmap.current.inventory()")})


def wait_places(page, expected):
    page.wait_for_function("(want) => JSON.stringify(Array.from(new Set(vzmap.current.inventory()"
                           ".map(r => r[0]))).sort()) === JSON.stringify(want)",
                           arg=sorted(expected))


def wait_hash(page, *parts):
    page.wait_for_function("(parts) => parts.every(p => location.hash.includes(p))",
                           arg=list(parts))


def readout(page) -> str:
    return page.locator("#vz-time-readout").inner_text()


def layer_label(page, label):
    return page.locator(".leaflet-control-layers-overlays label", has_text=label).inner_text()


def place_list(page) -> list[str]:
    toggle = page.locator(".vz-search-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    names = page.locator("#vz-place-list .vz-place-name").all_inner_texts()
    toggle.click()
    return names


def assert_july(page):
    """One marker, one place in the list, the protest layer counting 1, the readout."""
    wait_places(page, [VALENCIA])
    assert page.evaluate("vzmap.current.inventory()") == [[VALENCIA, "protest", True]]
    expect(page.locator("#vz-time-readout")).to_have_text(JULY_READOUT)
    assert "(1 place)" in layer_label(page, PROTEST)
    assert page.locator(".vz-search-toggle").inner_text() == "Places (1)"
    assert place_list(page) == ["Valencia"]


def slider(page, name):
    return page.get_by_role("slider", name=re.compile(f"^{name}"))


# ---------- served ----------

def test_the_issue_range_from_the_url_shows_one_place(page, story_server, artifacts):
    open_map(page, story_server.url, f"/{JULY}")
    assert_july(page)
    assert slider(page, "From").get_attribute("aria-valuetext") == "1 Jul 2024"
    # The popup shows the July excerpt only (Valencia is also named in undated field notes).
    page.evaluate("([p, t]) => vzmap.current.focusPlace(p, t)", [VALENCIA, "protest"])
    popup = page.locator(".vz-popup")
    popup.wait_for()
    assert popup.locator(".vz-mention-item blockquote").all_inner_texts() == [
        "On 28 July 2024, protesters gathered in Valencia."]
    # ... under the date its own sentence gives the event
    assert popup.locator(".vz-mention-item time").all_inner_texts() == ["2024-07-28"]
    assert popup.locator(".vz-sources-head").inner_text() == "Named in 1 article"
    wait_hash(page, "from=2024-07-01", "to=2024-07-31", "place=geonames:3625549")
    page.screenshot(path=str(artifacts / "timeline.png"))


def test_the_keyboard_moves_the_handles_and_reset_shows_all(page, story_server):
    open_map(page, story_server.url, "/")
    all_ids = [p[0] for p in STORY_PLACES]
    wait_places(page, all_ids)
    assert readout(page) == ALL_READOUT
    assert "(2 places)" in layer_label(page, PROTEST)
    assert page.locator(".vz-time-reset").is_disabled()
    page.locator(".vz-time-toggle").focus()
    page.keyboard.press("Tab")  # the reset is off: straight to the first handle
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("From")
    page.keyboard.press("End")  # from the last month: September 2024
    wait_hash(page, "from=2024-09-01")
    wait_places(page, [CAGUA])
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_hash(page, "from=2024-07-01")
    wait_places(page, [VALENCIA, CAGUA])
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowLeft")  # to: end of August 2024
    wait_hash(page, "from=2024-07-01", "to=2024-08-31")
    wait_places(page, [VALENCIA])
    page.keyboard.press("Home")  # pushed against the other handle: July
    wait_hash(page, "to=2024-07-31")
    expect(page.locator("#vz-time-readout")).to_have_text(JULY_READOUT)
    page.reload()  # the range is in the URL
    page.wait_for_selector("html[data-vzmap-ready]")
    assert_july(page)
    page.get_by_role("button", name="Reset").click()
    wait_places(page, all_ids)
    page.wait_for_function("() => !/(^|[#&])(from|to)=/.test(location.hash)")
    expect(page.locator("#vz-time-readout")).to_have_text(ALL_READOUT)
    assert "(2 places)" in layer_label(page, PROTEST)
    assert len(place_list(page)) == len(STORY_PLACES)


def test_the_range_lives_with_the_other_hash_keys(page, story_server):
    # place, type, layers and the range together; the popup of a place out of range stays shut
    open_map(page, story_server.url,
             f"/{JULY}&place={VALENCIA}&type=protest&layers=protest,repression")
    page.locator(".vz-popup").wait_for()
    assert page.evaluate("vzmap.current.inventory()") == [[VALENCIA, "protest", True]]
    assert not page.locator(".leaflet-control-layers-overlays label",
                            has_text="Armed clashes").locator("input").is_checked()
    wait_hash(page, "from=2024-07-01", "layers=repression,protest", f"place={VALENCIA}")
    # the reader and its "Back to the map" keep the range
    page.locator(".vz-popup a.vz-read").click()
    page.wait_for_url(re.compile(rf"/docs/{STORY}#m-\d+$"))
    page.get_by_role("link", name="Back to the map").click()
    page.wait_for_selector("html[data-vzmap-ready]")
    page.locator(".vz-popup").wait_for()
    assert "from=2024-07-01" in page.url and "to=2024-07-31" in page.url
    wait_places(page, [VALENCIA])
    # a tour keeps the range in the hash and leaves it on exit
    open_map(page, story_server.url, f"/{JULY}&tour={STORY}")
    page.wait_for_selector('#vz-tour[data-step="1"][data-settled]')
    page.keyboard.press("ArrowRight")
    page.wait_for_selector('#vz-tour[data-step="2"][data-settled]')
    wait_hash(page, "from=2024-07-01", "to=2024-07-31", "step=2")
    page.keyboard.press("Escape")
    expect(page.locator("#vz-tour")).to_be_hidden()
    wait_hash(page, "from=2024-07-01", "to=2024-07-31")
    wait_places(page, [VALENCIA])


def test_with_no_dates_there_is_no_time_control(page, live_server):
    open_map(page, live_server.url, f"/{JULY}")
    assert page.locator(".vz-timeline").count() == 0
    inv = page.evaluate("vzmap.current.inventory()")
    assert inv and all(on for _, _, on in inv)
    page.evaluate("void vzmap.current.map.setZoom(4, {animate: false})")
    page.wait_for_function("() => !location.hash.includes('from=')")


# ---------- exported ----------

def test_the_exported_file_filters_the_same_offline(page, story_export, artifacts):
    url = story_export.resolve().as_uri()
    open_map(page, url, JULY)
    assert_july(page)
    slider(page, "To").focus()
    page.keyboard.press("ArrowRight")  # to: end of August
    wait_hash(page, "from=2024-07-01", "to=2024-08-31")
    wait_places(page, [VALENCIA])
    page.keyboard.press("ArrowRight")
    wait_hash(page, "to=2024-09-30")
    wait_places(page, [VALENCIA, CAGUA])
    # the reader panel and its way back keep the range
    page.evaluate("([p, t]) => vzmap.current.focusPlace(p, t)", [CAGUA, "repression"])
    page.locator(".vz-popup a.vz-read").click()
    expect(page.locator("#vz-reader")).to_be_visible()
    page.locator("#vz-reader .vz-reader-close").click()
    expect(page.locator("#vz-reader")).to_be_hidden()
    wait_hash(page, "from=2024-07-01", "to=2024-09-30")
    wait_places(page, [VALENCIA, CAGUA])
    page.get_by_role("button", name="Reset").click()
    wait_places(page, [p[0] for p in STORY_PLACES])
    page.screenshot(path=str(artifacts / "timeline-export.png"))
    watch = page.context.vzmap_watch
    assert [r for r in watch.requests if r.split("#")[0] != url] == []


# ---------- phone ----------

def touch_drag(cdp, points):
    """A one-finger drag through ``points`` (CSS px), as a phone's touch screen sends it."""
    for i, (x, y) in enumerate(points):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove" if i else "touchStart",
                                              "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def bin_x(box, index, bins):
    return box["x"] + (index + 0.5) * box["width"] / bins


def test_a_finger_sets_the_range_on_a_phone(page, story_server, artifacts):
    page.set_viewport_size(PHONE)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    open_map(page, story_server.url, "/")
    centre = page.evaluate("vzmap.current.map.getCenter()")
    box = page.locator(".vz-timeline")
    toggle = page.get_by_role("button", name="Time")
    assert toggle.get_attribute("aria-expanded") == "false"  # folded on a phone
    t = toggle.bounding_box()
    assert t["height"] >= 44
    touch_drag(cdp, [(t["x"] + t["width"] / 2, t["y"] + t["height"] / 2)])
    expect(page.locator(".vz-time-track")).to_be_visible()
    bins = page.locator(".vz-time-bin").count()
    assert bins == 33  # months, January 2022 to September 2024
    track = page.locator(".vz-time-track").bounding_box()
    assert track["height"] >= 44
    y = track["y"] + track["height"] / 2
    july = 30  # 2024-07
    touch_drag(cdp, [(bin_x(track, 0, bins), y), (bin_x(track, 15, bins), y),
                     (bin_x(track, july, bins), y)])
    wait_hash(page, "from=2024-07-01")
    touch_drag(cdp, [(bin_x(track, bins - 1, bins), y), (bin_x(track, july, bins), y)])
    wait_hash(page, "from=2024-07-01", "to=2024-07-31")
    assert_july(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    b = box.bounding_box()
    assert b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"]
    assert b["y"] + b["height"] <= PHONE["height"]
    header = page.locator(".vz-header").bounding_box()
    assert b["y"] >= header["y"] + header["height"]
    page.screenshot(path=str(artifacts / "timeline-phone.png"))
    # the finger on the control moved the handles, not the map under it
    assert page.evaluate("vzmap.current.map.getCenter()") == centre
