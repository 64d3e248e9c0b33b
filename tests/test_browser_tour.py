"""Article tours, sources per place and "back to where you were", in headless Chromium.

Against a live server on 127.0.0.1 and the standalone export opened from file://. Every test
fails on a request to anything but 127.0.0.1/file:, a console error or a page error (see the
``page`` fixture in conftest.py). Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata

import pytest
from conftest import (
    D0,
    D4,
    HOSTILE_NAME,
    SEED_PLACES,
    SEEDS,
    LiveServer,
    dump_places,
    make_places,
)
from playwright.sync_api import expect

from vzmap.render.standalone import export_html
from vzmap.web.app import create_app

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
TOCORON = "site:tocoron-prison"


# ---------- helpers ----------

def expected_steps(places: dict, doc: str) -> list[dict]:
    """The tour of ``doc`` as the issue describes it: one step per sentence naming places, in
    text order, with the mentions' texts and places in text order."""
    steps: dict[tuple, dict] = {}
    for f in places["features"]:
        for m in f["properties"]["mentions"]:
            if m["doc"] != doc:
                continue
            key = (m["excerpt_start"], len(m["excerpt"]))
            step = steps.setdefault(key, {"excerpt": m["excerpt"], "mentions": []})
            step["mentions"].append((m["start"], m["text"], f["id"]))
    out = []
    for (ex_start, _), step in sorted(steps.items()):
        ms = sorted(step["mentions"])
        places_in_order = list(dict.fromkeys(pid for _, _, pid in ms))
        out.append({"excerpt": step["excerpt"], "marks": [t for _, t, _ in ms],
                    "places": places_in_order, "start": ms[0][0], "ex_start": ex_start})
    return out


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if not unicodedata.combining(c)).lower()


def open_map(page, url, hash_=""):
    page.goto(f"{url}{hash_}")
    page.wait_for_selector("html[data-vzmap-ready]")


def wait_step(page, n):
    page.wait_for_selector(f'#vz-tour[data-step="{n}"][data-settled]')


def view(page):
    return page.evaluate("""() => { const m = vzmap.current.map, c = m.getCenter();
        return [c.lat, c.lng, m.getZoom()]; }""")


def same_view(a, b):
    return a[2] == b[2] and abs(a[0] - b[0]) < 1e-4 and abs(a[1] - b[1]) < 1e-4


def rings(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll('path.vz-tour-ring'))
        .map(e => e.dataset.place)""")


def shown_step(page):
    tour = page.locator("#vz-tour")
    return {"excerpt": tour.locator(".vz-excerpt").text_content(),
            "marks": tour.locator(".vz-excerpt mark").all_text_contents(),
            "count": tour.locator(".vz-tour-count").text_content(),
            "rings": rings(page)}


def assert_step(page, steps, i):
    shown = shown_step(page)
    assert shown["excerpt"] == steps[i]["excerpt"]
    assert shown["marks"] == steps[i]["marks"]
    assert shown["count"] == f"{i + 1} / {len(steps)}"
    assert sorted(shown["rings"]) == sorted(steps[i]["places"])


def set_view(page, center, zoom):
    page.evaluate("([c, z]) => vzmap.current.map.setView(c, z, {animate: false})", [center, zoom])
    page.wait_for_function("(z) => vzmap.current.map.getZoom() === z", arg=zoom)


def open_popup(page, place, etype):
    page.evaluate("([p, t]) => vzmap.current.focusPlace(p, t)", [place, etype])
    one_popup(page)
    wait_still(page)


def one_popup(page):
    """Until one popup is open (a closed one fades out for a moment)."""
    page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1")


def wait_still(page):
    """Until the map is not panning (a popup's auto-pan) and the hash has caught up."""
    page.wait_for_function("""() => { const m = vzmap.current.map;
        return !(m._panAnim && m._panAnim._inProgress) && !m._animatingZoom; }""")


def rect(page, selector):
    return page.locator(selector).bounding_box()


def overlaps(a, b):
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def control_boxes(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-control'))
        .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height)
        .map(r => ({x: r.x, y: r.y, width: r.width, height: r.height}))""")


def server_for(docs_dir, places_path):
    return LiveServer(create_app({"PLACES_FILE": str(places_path), "DOCS_DIR": str(docs_dir)}))


@pytest.fixture
def exported(tmp_path, places_file):
    out = tmp_path / "out" / "map.html"
    export_html(out, places_file, SEEDS)
    return out


@pytest.fixture
def servers():
    started = []
    yield started
    for srv in started:
        srv.stop()


# ---------- the tour ----------

def test_tour_from_the_url_steps_through_the_article_in_text_order(page, live_server,
                                                                   seed_places, artifacts):
    steps = expected_steps(seed_places, D0)
    assert len(steps) >= 4 and any(len(s["places"]) > 1 for s in steps)
    open_map(page, live_server.url, f"/#tour={D0}")
    wait_step(page, 1)
    tour = page.locator("#vz-tour")
    expect(tour).to_be_visible()
    assert "Emptied of Its Gang Inmates" in tour.locator("#vz-tour-title").text_content()
    assert_step(page, steps, 0)
    assert tour.get_by_role("button", name="Previous").is_disabled()
    link = tour.locator("a.vz-tour-read")
    assert link.get_attribute("href") == f"/docs/{D0}#m-{steps[0]['start']}"
    labels = tour.locator(".vz-tour-places li").all_text_contents()
    assert len(labels) == len(steps[0]["places"]) and all(" \u2014 " in x for x in labels)
    page.screenshot(path=str(artifacts / "tour-desktop.png"))

    moved = 0
    for i in range(1, len(steps)):
        before = view(page)
        tour.get_by_role("button", name="Next").click()
        wait_step(page, i + 1)
        assert_step(page, steps, i)
        moved += not same_view(before, view(page))
        assert f"tour={D0}" in page.url and f"step={i + 1}" in page.url
    assert moved >= len(steps) // 2  # the map flies to the places
    assert tour.get_by_role("button", name="Next").is_disabled()
    tour.get_by_role("button", name="Previous").click()
    wait_step(page, len(steps) - 1)
    assert_step(page, steps, len(steps) - 2)


def test_arrow_keys_move_and_escape_restores_the_view_layers_and_popup(page, live_server,
                                                                        seed_places):
    steps = expected_steps(seed_places, D4)
    open_map(page, live_server.url)
    page.locator(".leaflet-control-layers-overlays label", has_text="Armed clashes") \
        .locator("input").uncheck()
    set_view(page, [10.3, -67.6], 8)
    open_popup(page, TOCORON, "prison")
    before, url_before = view(page), page.url
    # From the popup: each article naming the place has a Tour button.
    page.locator(f'.vz-popup .vz-tour-start[data-doc="{D4}"]').click()
    wait_step(page, 1)
    expect(page.locator(".vz-popup")).to_have_count(0)
    assert_step(page, steps, 0)
    page.keyboard.press("ArrowRight")
    wait_step(page, 2)
    assert_step(page, steps, 1)
    page.keyboard.press("ArrowRight")
    wait_step(page, 3)
    page.keyboard.press("ArrowLeft")
    wait_step(page, 2)
    assert_step(page, steps, 1)
    # Not while typing in the search box.
    page.get_by_role("button", name=re.compile(r"Places \(")).click()
    search = page.get_by_label("Find a place")
    search.fill("Car")
    search.press("ArrowRight")
    search.press("ArrowLeft")
    assert page.locator("#vz-tour").get_attribute("data-step") == "2"
    assert search.input_value() == "Car"
    # A layer switched on during the tour is off again after it.
    armed = page.locator(".leaflet-control-layers-overlays label", has_text="Armed clashes") \
        .locator("input")
    armed.check()
    page.locator("#vz-tour").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#vz-tour")).to_be_hidden()
    page.locator(".vz-popup").wait_for()
    wait_still(page)
    assert page.locator(".vz-popup-title").text_content() == "Tocorón"
    assert same_view(view(page), before)
    assert not armed.is_checked()
    assert "tour=" not in page.url and page.url == url_before


def test_tour_from_the_place_list_and_exit_button(page, live_server, seed_places):
    steps = expected_steps(seed_places, D4)
    open_map(page, live_server.url)
    before = view(page)
    page.get_by_role("button", name=re.compile(r"Places \(")).click()
    page.locator(".vz-articles summary").click()
    rows = page.locator(".vz-article-item")
    expect(rows).to_have_count(2)  # filled on the (asynchronous) toggle event
    assert rows.nth(0).get_attribute("data-doc") == D0  # newest first (2024-08, 2023-10)
    rows.nth(1).get_by_role("button", name=re.compile("Tour")).click()
    wait_step(page, 1)
    assert_step(page, steps, 0)
    page.get_by_role("button", name="Exit the tour (Esc)").click()
    expect(page.locator("#vz-tour")).to_be_hidden()
    assert same_view(view(page), before)
    assert rings(page) == []


def test_tour_from_the_reader_and_back_to_the_passage(page, live_server, seed_places):
    steps = expected_steps(seed_places, D4)
    page.goto(f"{live_server.url}/docs/{D4}")
    page.get_by_role("link", name="Tour this article").click()
    wait_step(page, 1)
    assert_step(page, steps, 0)
    page.keyboard.press("ArrowRight")
    wait_step(page, 2)
    page.locator("#vz-tour a.vz-tour-read").click()
    page.wait_for_url(re.compile(rf"/docs/{D4}#m-{steps[1]['start']}$"))
    page.get_by_role("link", name="Back to the map").click()
    wait_step(page, 2)  # back in the tour, at the same step
    assert_step(page, steps, 1)


def test_tour_in_the_export_works_offline(page, exported, seed_places, artifacts):
    steps = expected_steps(seed_places, D0)
    url = exported.resolve().as_uri()
    page.goto(f"{url}#tour={D0}")
    page.wait_for_selector("html[data-vzmap-ready]")
    wait_step(page, 1)
    assert_step(page, steps, 0)
    first = view(page)
    page.get_by_role("button", name="Next").click()
    wait_step(page, 2)
    assert_step(page, steps, 1)
    assert not same_view(first, view(page)) or sorted(rings(page)) != sorted(steps[0]["places"])
    page.get_by_role("button", name="Previous").click()
    wait_step(page, 1)
    assert_step(page, steps, 0)
    page.keyboard.press("ArrowRight")
    wait_step(page, 2)
    # The passage opens in the reader panel; its Back returns to the tour at that step.
    page.locator("#vz-tour a.vz-tour-read").click()
    reader = page.locator("#vz-reader")
    expect(reader).to_be_visible()
    target = page.locator(f"#vz-reader #m-{steps[1]['start']}")
    assert target.text_content() == steps[1]["marks"][0]
    page.locator("#vz-reader .vz-reader-close").click()
    expect(reader).to_be_hidden()
    expect(page.locator("#vz-tour")).to_be_visible()
    assert page.locator("#vz-tour").get_attribute("data-step") == "2"
    assert "tour=" in page.url and "step=2" in page.url
    page.keyboard.press("Escape")
    expect(page.locator("#vz-tour")).to_be_hidden()
    watch = page.context.vzmap_watch
    assert [r for r in watch.requests if r.split("#")[0] != url] == []
    # The reader panel offers the tour of its article too.
    page.evaluate(f"location.hash = 'doc={D4}'")
    expect(reader).to_be_visible()
    page.locator("#vz-reader .vz-reader-tour").click()
    wait_step(page, 1)
    assert_step(page, expected_steps(seed_places, D4), 0)


def test_tour_on_a_phone(page, live_server, artifacts):
    page.set_viewport_size(PHONE)
    open_map(page, live_server.url, f"/#tour={D0}")
    wait_step(page, 1)
    page.keyboard.press("ArrowRight")
    wait_step(page, 2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    panel = rect(page, "#vz-tour")
    the_map = rect(page, ".vz-map")
    assert abs(panel["y"] + panel["height"] - (the_map["y"] + the_map["height"])) < 2  # bottom
    assert panel["width"] >= PHONE["width"] - 1
    assert panel["height"] < 0.5 * the_map["height"]  # the map stays in sight
    controls = control_boxes(page)
    header = rect(page, ".vz-header")
    for name in ("Previous", "Next", "Exit the tour (Esc)"):
        button = page.get_by_role("button", name=name)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["y"] + box["height"] <= PHONE["height"]
        assert not overlaps(box, header)
        assert not [c for c in controls if overlaps(box, c)], (name, box, controls)
    # The places of the step are in the part of the map the panel leaves free.
    for ring in page.locator("path.vz-tour-ring").all():
        r = ring.bounding_box()
        assert r["y"] + r["height"] / 2 < panel["y"]
    page.screenshot(path=str(artifacts / "tour-phone.png"))


def test_hostile_names_and_titles_in_the_tour_are_text(page, tmp_path, seed_docs, servers):
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs)
    meta_path = docs / f"{D0}.meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["title"] = '<img src=x onerror=alert("title")>'
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    specs = [*SEED_PLACES, ("user:hostile", HOSTILE_NAME, "other", -68.0, 10.3, "VE", "", [],
                            [(D0, 4, "protest")])]
    places = make_places(seed_docs, specs)
    path = tmp_path / "places.geojson"
    path.write_text(dump_places(places), encoding="utf-8")
    srv = server_for(docs, path)
    servers.append(srv)
    steps = expected_steps(places, D0)
    n = next(i for i, s in enumerate(steps) if "user:hostile" in s["places"]) + 1
    open_map(page, srv.url, f"/#tour={D0}&step={n}")
    wait_step(page, n)
    tour = page.locator("#vz-tour")
    assert tour.locator("#vz-tour-title").text_content() == meta["title"]
    assert HOSTILE_NAME in tour.locator(".vz-tour-places").text_content()
    page.locator(".vz-tour-label", has_text=HOSTILE_NAME).wait_for()
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0


# ---------- sources per place ----------

def source_rows(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.vz-popup .vz-source-item')).map(li => [li.dataset.doc,
        li.querySelector('.vz-source-link').textContent,
        li.querySelector('.vz-source-date').textContent,
        li.querySelector('.vz-source-link').getAttribute('href')])""")


def first_mention(places, place_id, doc):
    feat = next(f for f in places["features"] if f["id"] == place_id)
    return min(m["start"] for m in feat["properties"]["mentions"] if m["doc"] == doc)


def test_popup_lists_the_articles_naming_a_place_newest_first(page, live_server, seed_places,
                                                              seed_docs):
    open_map(page, live_server.url, f"/#place={TOCORON}&type=criminal_presence")
    page.locator(".vz-popup").wait_for()
    assert page.locator(".vz-sources-head").text_content() == "Named in 2 articles"
    rows = source_rows(page)
    assert [r[0] for r in rows] == [D0, D4]  # 2024-08, then 2023-10
    assert rows[0][1] == seed_docs[D0].title and rows[1][1] == seed_docs[D4].title
    assert [r[2] for r in rows] == ["2024-08", "2023-10"]
    start = first_mention(seed_places, TOCORON, D0)
    assert rows[0][3] == f"/docs/{D0}#m-{start}"
    page.locator(".vz-popup .vz-source-link").first.click()
    page.wait_for_url(re.compile(rf"/docs/{D0}#m-{start}$"))
    assert page.locator(f"#m-{start}").text_content() == "Tocorón"
    # A place named in one article says so.
    open_map(page, live_server.url, "/#place=geonames:3633009")
    page.locator(".vz-popup").wait_for()
    assert page.locator(".vz-sources-head").text_content() == "Named in 1 article"


def test_undated_articles_come_last(page, tmp_path, places_file, servers):
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs)
    meta_path = docs / f"{D0}.meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    del meta["date"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    srv = server_for(docs, places_file)
    servers.append(srv)
    open_map(page, srv.url, f"/#place={TOCORON}&type=prison")
    page.locator(".vz-popup").wait_for()
    rows = source_rows(page)
    assert [(r[0], r[2]) for r in rows] == [(D4, "2023-10"), (D0, "undated")]


def test_place_list_sorts_by_number_of_sources(page, live_server, seed_places):
    feats = seed_places["features"]
    info = {f["properties"]["name"]: (len(f["properties"]["mentions"]),
                                      len({m["doc"] for m in f["properties"]["mentions"]}))
            for f in feats}
    by_mentions = sorted(info, key=lambda n: (-info[n][0], n))
    by_sources = sorted(info, key=lambda n: (-info[n][1], -info[n][0], n))
    assert by_mentions != by_sources
    open_map(page, live_server.url)
    page.get_by_role("button", name=re.compile(r"Places \(")).click()
    names = page.locator(".vz-place-name")
    assert names.all_text_contents() == by_mentions  # the list keeps its sort
    page.get_by_label("Sort by").select_option("sources")
    assert names.all_text_contents() == by_sources
    first = page.locator(".vz-place-meta").first.text_content()
    assert first.endswith(f"{info[by_sources[0]][0]} mentions \u00b7 2 articles")
    # A search keeps the chosen order, names (or aliases) that start with the query first.
    keys = {f["properties"]["name"]: [fold(x) for x in (f["properties"]["name"],
                                                         *f["properties"]["aliases"])]
            for f in feats}
    page.get_by_label("Find a place").fill("ar")
    hits = [n for n in by_sources if any("ar" in k for k in keys[n])]
    starts = [n for n in hits if any(k.startswith("ar") for k in keys[n])]
    assert len(hits) > len(starts) > 0
    assert names.all_text_contents() == starts + [n for n in hits if n not in starts]


# ---------- back to where you were ----------

def test_reader_back_returns_to_the_same_view_and_popup(page, live_server):
    open_map(page, live_server.url)
    set_view(page, [10.0, -67.6], 9)
    marker = page.locator(f'.vz-marker[data-place="{TOCORON}"][data-type="prison"]')
    # A smaller dot of the same place (another layer) sits on top: click the ring.
    marker.click(position={"x": 2, "y": marker.bounding_box()["height"] / 2})
    page.locator(".vz-popup").wait_for()
    wait_still(page)
    page.wait_for_function(f"() => location.hash.includes('place={TOCORON}&type=prison')")
    before = view(page)
    page.locator(".vz-popup a.vz-read").first.click()
    page.wait_for_url(re.compile(rf"/docs/{D0}#m-\d+$"))
    back = page.get_by_role("link", name="Back to the map")
    assert "view=" in back.get_attribute("href")
    back.click()
    page.wait_for_selector("html[data-vzmap-ready]")
    page.locator(".vz-popup").wait_for()
    wait_still(page)
    assert page.locator(".vz-popup-title").text_content() == "Tocorón"
    assert "Prison interventions" in page.locator(".vz-popup-type").text_content()
    assert same_view(view(page), before), (view(page), before)
    # Opened straight away (no map visited in this tab), Back is the plain map.
    fresh = page.context.new_page()
    try:
        fresh.goto(f"{live_server.url}/docs/{D0}")
        assert fresh.get_by_role("link", name="Back to the map").get_attribute("href") == "/"
    finally:
        fresh.close()


def test_export_reader_back_returns_to_the_same_view_and_popup(page, exported):
    page.goto(exported.resolve().as_uri())
    page.wait_for_selector("html[data-vzmap-ready]")
    set_view(page, [10.2, -67.9], 8)
    open_popup(page, "site:tocuyito-prison", "prison")
    before = view(page)
    page.locator(".vz-popup a.vz-read").first.click()
    reader = page.locator("#vz-reader")
    expect(reader).to_be_visible()
    page.get_by_role("button", name="Back to the map").click()
    expect(reader).to_be_hidden()
    page.locator(".vz-popup").wait_for()
    wait_still(page)
    assert page.locator(".vz-popup-title").text_content() == "Tocuyito"
    assert same_view(view(page), before)
    assert "place=site:tocuyito-prison" in page.url


def test_popup_fits_a_phone_screen_clear_of_the_controls(page, live_server, artifacts):
    page.set_viewport_size(PHONE)
    open_map(page, live_server.url, f"/#place={TOCORON}&type=prison")
    one_popup(page)
    page.get_by_role("button", name="Layers").click()  # the legend open: a popup shuts it
    open_popup(page, TOCORON, "criminal_presence")
    page.wait_for_function("""() => {
        const p = document.querySelector('.leaflet-popup').getBoundingClientRect();
        const m = document.querySelector('.vz-map').getBoundingClientRect();
        return p.top >= m.top && p.bottom <= m.bottom && p.left >= m.left && p.right <= m.right;
    }""")
    popup = rect(page, ".leaflet-popup")
    assert popup["width"] <= PHONE["width"] - 16  # 8 px clear on each side
    assert not overlaps(popup, rect(page, ".vz-header"))
    covering = [c for c in control_boxes(page) if overlaps(popup, c)]
    assert covering == [], (popup, covering)
    page.screenshot(path=str(artifacts / "popup-phone.png"))
