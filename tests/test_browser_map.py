"""The map and the reader in headless Chromium against a real server on 127.0.0.1.

Every test fails on a request to anything but 127.0.0.1, a console error or a page error (see
the ``page`` fixture in conftest.py). Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import (
    D0,
    HOSTILE_NAME,
    SEED_PLACES,
    dump_places,
    ingest_articles,
    make_places,
    write_places,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VENEZUELA = [10.3, -67.6]


def open_map(page, base, hash_=""):
    page.goto(f"{base}/{hash_}")
    page.wait_for_selector("html[data-vzmap-ready]")


def inventory(page):
    return page.evaluate("vzmap.current.inventory()")


def layer_checkbox(page, label):
    return page.locator(".leaflet-control-layers-overlays label", has_text=label).locator("input")


def set_view(page, center, zoom):
    page.evaluate("([c, z]) => { vzmap.current.map.setView(c, z, {animate: false}); }",
                  [center, zoom])
    page.wait_for_function("(z) => vzmap.current.map.getZoom() === z", arg=zoom)
    page.wait_for_timeout(250)


def zoom_to_venezuela(page):
    set_view(page, VENEZUELA, 9)


def dom_markers(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll('.vz-marker'))
        .map(e => [e.dataset.place, e.dataset.type])""")


def test_a_marker_per_place_and_event_type(page, live_server, seed_places, artifacts):
    open_map(page, live_server.url)
    expected = sorted({(f["id"], m["event_type"]) for f in seed_places["features"]
                       for m in f["properties"]["mentions"]})
    inv = inventory(page)
    assert sorted((p, t) for p, t, _ in inv) == expected
    assert all(on_layer for _, _, on_layer in inv)
    assert {p for p, _, _ in inv} == {f["id"] for f in seed_places["features"]}
    # Markers outside the Venezuelan cluster are drawn on the first view.
    shown = {p for p, _ in dom_markers(page)}
    assert {"geonames:6252001", "geonames:3895114", "geonames:3932488"} <= shown
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "map.png"))


def test_marker_size_tells_how_often_a_place_is_mentioned(page, live_server):
    open_map(page, live_server.url)
    zoom_to_venezuela(page)
    big = page.locator('.vz-marker[data-place="site:tocoron-prison"][data-type="prison"]')
    big_width = big.bounding_box()["width"]
    set_view(page, [10.64, -71.6], 9)
    small = page.locator('.vz-marker[data-place="geonames:3633009"]')
    assert big_width > small.bounding_box()["width"]


def test_layer_control_lists_each_event_type(page, live_server, seed_places):
    from vzmap.events.taxonomy import load_taxonomy

    tax = load_taxonomy()
    open_map(page, live_server.url)
    present = [t for t in tax.types if any(
        m["event_type"] == t.id for f in seed_places["features"]
        for m in f["properties"]["mentions"])]
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert len(labels) == len(present)
    for t, text in zip(present, labels, strict=True):
        assert t.label in text
        assert re.search(r"\(\d+ places?\)", text)
    colors = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.leaflet-control-layers-overlays .vz-swatch')).map(e => e.style.background)""")
    assert len(set(colors)) == len(present)


def test_unchecking_a_layer_hides_exactly_its_markers(page, live_server):
    open_map(page, live_server.url)
    zoom_to_venezuela(page)
    before = dom_markers(page)
    prison = [m for m in before if m[1] == "prison"]
    others = sorted(m for m in before if m[1] != "prison")
    assert prison and others
    box = layer_checkbox(page, "Prison interventions")
    box.uncheck()
    page.wait_for_function(
        "() => !document.querySelector('.vz-marker[data-type=\"prison\"]')"
    )
    after = dom_markers(page)
    assert [m for m in after if m[1] == "prison"] == []
    assert sorted(after) == others
    assert "layers=" in page.url and "prison" not in page.url.split("layers=")[1]
    # The hidden layer stays hidden after a reload (URL state).
    page.reload()
    page.wait_for_selector("html[data-vzmap-ready]")
    assert not layer_checkbox(page, "Prison interventions").is_checked()
    layer_checkbox(page, "Prison interventions").check()
    zoom_to_venezuela(page)
    page.wait_for_function(
        "(n) => document.querySelectorAll('.vz-marker').length === n", arg=len(before)
    )
    assert sorted(dom_markers(page)) == sorted(before)


def test_popup_lists_excerpts_and_links_to_the_reader(page, live_server, seed_places,
                                                        artifacts):
    open_map(page, live_server.url)
    zoom_to_venezuela(page)
    marker = page.locator('.vz-marker[data-place="site:tocoron-prison"][data-type="prison"]')
    # A smaller dot of the same place (another layer) sits on top: click the ring.
    marker.click(position={"x": 2, "y": marker.bounding_box()["height"] / 2})
    popup = page.locator(".vz-popup")
    popup.wait_for()
    assert popup.locator(".vz-popup-title").inner_text() == "Tocorón"
    feat = next(f for f in seed_places["features"] if f["id"] == "site:tocoron-prison")
    prison = [m for m in feat["properties"]["mentions"] if m["event_type"] == "prison"]
    items = popup.locator(".vz-mention-item")
    assert items.count() == len(prison)
    for i, m in enumerate(prison):
        item = items.nth(i)
        assert item.locator("mark").inner_text() == m["text"]
        assert m["excerpt"] in item.locator("blockquote").inner_text()
    assert "Prison interventions" in popup.locator(".vz-popup-type").inner_text()
    assert "Emptied of Its Gang Inmates" in items.nth(0).locator("cite").inner_text()
    assert "place=site:tocoron-prison" in page.url and "type=prison" in page.url
    page.wait_for_timeout(400)  # popup fade-in
    page.screenshot(path=str(artifacts / "map-popup.png"))

    first = prison[0]
    items.nth(0).locator("a.vz-read").click()
    page.wait_for_url(re.compile(rf"/docs/{first['doc']}#m-{first['start']}$"))
    target = page.locator(f"#m-{first['start']}")
    assert target.inner_text() == first["text"]
    assert page.evaluate(f"document.getElementById('m-{first['start']}').matches(':target')")
    expect(target).to_be_visible()
    assert page.evaluate("""(id) => { const r = document.getElementById(id)
        .getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }""",
                         f"m-{first['start']}")
    page.screenshot(path=str(artifacts / "reader.png"))

    # Back from the reader to the place on the map, popup open.
    target.click()
    page.wait_for_selector("html[data-vzmap-ready]")
    page.locator(".vz-popup").wait_for()
    assert page.locator(".vz-popup-title").inner_text() == "Tocorón"
    assert "place=site:tocoron-prison" in page.url


def test_every_mention_is_highlighted_in_the_reader(page, live_server, seed_places):
    page.goto(f"{live_server.url}/docs/{D0}")
    starts = sorted({m["start"] for f in seed_places["features"]
                     for m in f["properties"]["mentions"] if m["doc"] == D0})
    ids = page.evaluate("""() => Array.from(document.querySelectorAll('.vz-mention'))
        .map(e => Number(e.id.slice(2)))""")
    assert ids == starts
    colour = page.evaluate("""() => getComputedStyle(document.querySelector(
        '.vz-mention[href*="type=prison"]')).borderBottomColor""")
    assert colour == "rgb(27, 120, 55)"  # the taxonomy's prison colour #1b7837


def test_search_finds_caracas_by_name_and_places_by_alias(page, live_server):
    open_map(page, live_server.url)
    page.get_by_role("button", name=re.compile(r"Places \(\d+\)")).click()
    search = page.get_by_label("Find a place")
    assert page.locator(".vz-place").count() == len(SEED_PLACES)
    search.fill("carac")
    results = page.locator(".vz-place")
    assert results.count() == 1
    assert results.first.locator(".vz-place-name").inner_text() == "Caracas"
    results.first.click()
    page.locator(".vz-popup").wait_for()
    assert page.locator(".vz-popup-title").inner_text() == "Caracas"
    assert "place=geonames:3646738" in page.url
    search.fill("USA")
    assert page.locator(".vz-place-name").all_inner_texts() == ["United States"]
    search.fill("tocoron")  # accents do not matter
    assert page.locator(".vz-place-name").all_inner_texts() == ["Tocorón"]


def test_keyboard_reaches_search_and_opens_a_place(page, live_server):
    open_map(page, live_server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to place search"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "vz-search-input"
    page.keyboard.type("Maracaibo")
    page.keyboard.press("Enter")
    page.locator(".vz-popup").wait_for()
    assert page.locator(".vz-popup-title").inner_text() == "Maracaibo"
    # Without the skip link, Tab still reaches the search toggle and the layer checkboxes.
    open_map(page, page.url.split("#")[0])
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("""() => { const a = document.activeElement;
            return a.className || a.tagName + ':' + (a.type || ''); }"""))
    assert "vz-search-toggle" in reached
    assert any("leaflet-control-layers-selector" in r for r in reached)
    assert page.locator(".vz-marker").first.get_attribute("tabindex") == "0"
    assert page.locator(".vz-marker").first.get_attribute("aria-label")


def test_shared_link_opens_the_same_place_and_layers(page, live_server):
    open_map(page, live_server.url,
             "#place=geonames:3686110&type=armed_clash&layers=armed_clash,protest")
    page.locator(".vz-popup").wait_for()
    assert page.locator(".vz-popup-title").inner_text() == "Colombia"
    checked = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.leaflet-control-layers-overlays input')).map(i => i.checked)""")
    assert checked.count(True) == 1


def test_narrow_screen_has_no_horizontal_scroll(page, live_server, artifacts):
    page.set_viewport_size({"width": 375, "height": 740})
    open_map(page, live_server.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_role("button", name="Layers").is_visible()
    assert page.get_by_role("link", name="Download map").is_visible()
    page.get_by_role("button", name="Layers").click()
    expect(layer_checkbox(page, "Prison interventions")).to_be_visible()
    page.screenshot(path=str(artifacts / "map-375.png"))


def test_hostile_names_render_as_text(page, live_server_factory, tmp_path, seed_docs):
    specs = [*SEED_PLACES, ("user:hostile", HOSTILE_NAME, "other", -68.0, 10.3, "VE", "",
                            ['"><script>alert(2)</script>'], [(D0, 4, "protest")])]
    path = tmp_path / "places.geojson"
    path.write_text(dump_places(make_places(seed_docs, specs)), encoding="utf-8")
    srv = live_server_factory(path)
    open_map(page, srv.url, "#place=user:hostile")
    page.locator(".vz-popup").wait_for()
    assert page.locator(".vz-popup-title").inner_text() == HOSTILE_NAME
    page.get_by_role("button", name=re.compile(r"Places")).click()
    page.get_by_label("Find a place").fill("img src")
    assert page.locator(".vz-place-name").all_inner_texts() == [HOSTILE_NAME]
    page.get_by_label("Find a place").fill("alert(2)")
    assert page.locator(".vz-place-name").all_inner_texts() == [HOSTILE_NAME]
    page.goto(f"{srv.url}/docs/{D0}")
    assert page.locator('[title^="<img"]').count() == 1
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], script:not([src])')"
                         ".length") == 0


def test_broken_file_shows_banner_and_keeps_last_valid_data(page, live_server_factory, tmp_path,
                                                            seed_places):
    path = tmp_path / "places.geojson"
    path.write_text(dump_places(seed_places), encoding="utf-8")
    srv = live_server_factory(path)
    open_map(page, srv.url)
    before = inventory(page)
    assert page.locator("#vz-problems").count() == 0

    tmp = tmp_path / "broken.tmp"
    tmp.write_text(dump_places(seed_places)[:-40], encoding="utf-8")
    tmp.replace(path)
    open_map(page, srv.url)
    banner = page.locator("#vz-problems")
    assert banner.is_visible()
    assert f"{path}:" in banner.inner_text()
    assert inventory(page) == before

    fixed = json.loads(dump_places(seed_places))
    fixed["features"] = [f for f in fixed["features"] if f["id"] != "geonames:3895114"]
    write_places(path, fixed)
    open_map(page, srv.url)
    assert page.locator("#vz-problems").count() == 0
    after = inventory(page)
    assert {p for p, _, _ in after} == {p for p, _, _ in before} - {"geonames:3895114"}


def test_an_ingested_places_file_renders_without_errors(page, live_server_factory, artifacts,
                                                       ingested_seeds):
    real = ingested_seeds
    features = json.loads(real.read_text("utf-8"))["features"]
    srv = live_server_factory(real)
    open_map(page, srv.url)
    assert page.locator("#vz-problems").count() == 0
    assert {p for p, _, _ in inventory(page)} == {f["id"] for f in features}
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "map-real-data.png"))


def test_editor_features_and_a_broken_one_on_a_fresh_server(page, live_server_factory, tmp_path,
                                                            seed_places, artifacts):
    """A feature drawn in geojson.io shows with its colour and description; a broken feature
    costs only itself: the others are on the map and the banner names the broken one's line."""
    data = json.loads(dump_places(seed_places))
    data["features"].append({
        "type": "Feature",
        "properties": {"name": "Rodeo I", "marker-color": "#c0392b",
                       "description": "Prison where detainees were held"},
        "geometry": {"type": "Point", "coordinates": [-66.7326, 10.4478]},
    })
    broken = data["features"][0]
    broken["geometry"]["coordinates"] = ["-66.9", 10.5]
    path = tmp_path / "places.geojson"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index('"-66.9"')].count("\n") + 1
    srv = live_server_factory(path)
    open_map(page, srv.url)
    banner = page.locator("#vz-problems")
    expect(banner).to_be_visible()
    assert f"{path}:{line}:" in banner.inner_text()
    assert "the rest of the map is" in banner.inner_text()
    shown = {p for p, _, _ in inventory(page)}
    expected = {f["id"] for f in seed_places["features"]} - {broken["id"]}
    assert expected < shown and broken["id"] not in shown
    rodeo = next(p for p in shown if p.startswith("user:rodeo-i"))
    open_map(page, srv.url, f"#place={rodeo}")
    popup = page.locator(".vz-popup")
    expect(popup).to_contain_text("Prison where detainees were held")
    colour = page.locator(f'.vz-marker[data-place="{rodeo}"] span').evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(192, 57, 43)"
    page.screenshot(path=str(artifacts / "map-editor-feature-and-broken-one.png"))


def test_a_quarter_pinned_at_its_town_says_it_is_approximate(page, live_server_factory,
                                                             tmp_path):
    """"el barrio El Pozón", which the gazetteer lacks, stands at Cartagena's centre; its
    popup says so, and Cartagena's own popup does not."""
    path = ingest_articles(tmp_path, {"cartagena.txt": (
        "CARTAGENA, Colombia (EFE). Los vecinos del barrio El Pozón pasaron la semana sin "
        "agua, y en Cartagena nadie respondió.\n")})
    features = json.loads(path.read_text("utf-8"))["features"]
    quarter = next(f["id"] for f in features if f["properties"]["kind"] == "quarter")
    town = next(f["id"] for f in features if f["properties"]["name"] == "Cartagena")
    srv = live_server_factory(path)
    open_map(page, srv.url, f"#place={quarter}")
    popup = page.locator(".vz-popup")
    expect(popup.locator(".vz-popup-title")).to_have_text("El Pozón")
    expect(popup.locator(".vz-popup-approx")).to_have_text(
        "Approximate: pinned at the centre of Cartagena.")
    open_map(page, srv.url, f"#place={town}")
    expect(popup).to_have_count(1)
    expect(popup.locator(".vz-popup-title")).to_have_text("Cartagena")
    assert popup.locator(".vz-popup-approx").count() == 0
