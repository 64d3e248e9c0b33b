"""The standalone HTML export: one self-contained file that works from file:// with every
network request blocked, is byte-identical for the same input and stays under 1.5 MB."""

from __future__ import annotations

import re

import pytest
from conftest import D0, SEEDS
from playwright.sync_api import expect

from vzmap.errors import PlacesFileError
from vzmap.render.standalone import export_html, render_standalone

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//""",
                      re.I)
MAX_BYTES = 1_500_000


@pytest.fixture
def exported(tmp_path, places_file):
    out = tmp_path / "out" / "map.html"
    export_html(out, places_file, SEEDS)
    return out


def test_export_is_deterministic_and_small(places_file, exported):
    first = render_standalone(places_file, SEEDS)
    second = render_standalone(places_file, SEEDS)
    assert first == second
    assert exported.read_bytes() == first.encode("utf-8")
    assert len(exported.read_bytes()) <= MAX_BYTES, len(exported.read_bytes())
    assert not re.search(r"[0-9a-f]{32}", first)  # no random folium ids left


def test_export_inlines_everything(exported):
    html = exported.read_text("utf-8")
    # Leaflet's own attribution link is text for people to click, not a request.
    assert EXTERNAL.findall(html.replace('href="https://leafletjs.com"', "")) == []
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+rel=\"stylesheet\"", html)
    assert "url(images/" not in html
    assert "data:image/png;base64," in html


def test_export_refuses_an_invalid_places_file(tmp_path):
    bad = tmp_path / "places.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(PlacesFileError) as info:
        render_standalone(bad, SEEDS)
    assert info.value.problems
    assert not (tmp_path / "map.html").exists()


@pytest.mark.browser
def test_export_works_offline_from_file(page, exported, seed_places, artifacts):
    url = exported.resolve().as_uri()
    page.goto(url)
    page.wait_for_selector("html[data-vzmap-ready]")
    watch = page.context.vzmap_watch
    assert [r for r in watch.requests if r != url] == []  # the only request is the file

    inv = page.evaluate("vzmap.current.inventory()")
    expected = {(f["id"], m["event_type"]) for f in seed_places["features"]
                for m in f["properties"]["mentions"]}
    assert {(p, t) for p, t, _ in inv} == expected
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "export.png"))

    # Overlays toggle.
    page.evaluate("vzmap.current.map.setView([10.3, -67.6], 9, {animate: false})")
    page.wait_for_timeout(300)
    prison = page.locator('.vz-marker[data-type="prison"]')
    assert prison.count() > 0
    box = page.locator(".leaflet-control-layers-overlays label",
                       has_text="Prison interventions").locator("input")
    box.uncheck()
    expect(prison).to_have_count(0)
    box.check()
    expect(prison).not_to_have_count(0)

    # Popup -> reader panel inside the file, at the highlighted passage.
    page.get_by_role("button", name=re.compile(r"Places")).click()
    page.get_by_label("Find a place").fill("Tocuyito")
    page.locator(".vz-place").first.click()
    popup = page.locator(".vz-popup")
    popup.wait_for()
    assert popup.locator(".vz-popup-title").inner_text() == "Tocuyito"
    link = popup.locator("a.vz-read").first
    href = link.get_attribute("href")
    start = int(href.rsplit("=", 1)[1])
    link.click()
    reader = page.locator("#vz-reader")
    reader.wait_for()
    target = page.locator(f"#vz-reader #m-{start}")
    assert target.inner_text() == "Tocuyito"
    assert "vz-target" in target.get_attribute("class")
    page.wait_for_function("""(s) => { const r = document.getElementById('m-' + s)
        .getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }""", arg=start)
    assert "Emptied of Its Gang Inmates" in page.locator("#vz-reader-title").inner_text()
    assert page.url.startswith("file://") and f"doc={D0}" in page.url
    page.screenshot(path=str(artifacts / "export-reader.png"))

    # A highlighted mention in the reader goes back to its place on the map.
    page.locator("#vz-reader a.vz-mention[href*='tocoron']").first.click()
    expect(reader).to_be_hidden()  # closes on the hash change, asynchronously
    page.locator(".vz-popup-title", has_text="Tocorón").wait_for()
    page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1")
    assert [r for r in watch.requests if r != url] == []
