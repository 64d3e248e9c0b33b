"""The Flask app through its test client: pages, JSON API, conditional requests, path tricks,
reloading the places file and keeping the last valid data."""

from __future__ import annotations

import json
import re

import pytest
from conftest import D0, D4, HOSTILE_NAME, SEED_PLACES, SEEDS, dump_places, write_places

from vzmap.web.app import create_app

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_map_page_uses_only_local_assets(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert not EXTERNAL.findall(html), EXTERNAL.findall(html)
    for asset in ("/static/leaflet/leaflet.js", "/static/jquery/jquery.min.js",
                  "/static/markercluster/leaflet.markercluster.js", "/static/vzmap/map.js",
                  "/static/leaflet/leaflet.css"):
        assert asset in html
        assert client.get(asset).status_code == 200
    assert "cdn" not in html.lower()
    assert 'href="/download"' in html
    assert "Content-Security-Policy" in resp.headers


def test_map_page_lists_every_event_type_with_its_label(client, seed_places):
    html = client.get("/").get_data(as_text=True)
    present = {m["event_type"] for f in seed_places["features"]
               for m in f["properties"]["mentions"]}
    from vzmap.events.taxonomy import load_taxonomy

    tax = load_taxonomy()
    for tid in present:
        label = tax.get(tid).label.replace("&", "\\u0026")
        assert label in html, label


def test_vendored_assets_have_licences():
    from vzmap.render.mapview import static_dir

    root = static_dir()
    for folder, licence in (("leaflet", "LICENSE"), ("jquery", "LICENSE.txt"),
                            ("markercluster", "MIT-LICENCE.txt"), ("basemap", "LICENSE")):
        assert (root / folder / licence).is_file()


def test_api_places_serves_the_file_with_etag_and_304(client, places_file):
    resp = client.get("/api/places")
    assert resp.status_code == 200
    assert resp.mimetype == "application/geo+json"
    assert resp.data == places_file.read_bytes()
    etag = resp.headers["ETag"]
    assert resp.headers["Last-Modified"]
    again = client.get("/api/places", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    since = client.get("/api/places",
                       headers={"If-Modified-Since": resp.headers["Last-Modified"]})
    assert since.status_code == 304


def test_api_docs_lists_documents(client):
    docs = client.get("/api/docs").get_json()
    assert [d["id"] for d in docs] == [D0, D4]
    assert docs[1]["title"].startswith("Tocorón Reveals")
    assert docs[1]["byline"].startswith("Andrei Serbin Pont")
    assert docs[1]["date"] == "2023-10"


def test_api_doc_has_text_metadata_and_mentions(client, seed_docs):
    doc = client.get(f"/api/docs/{D4}").get_json()
    assert doc["text"] == seed_docs[D4].text
    assert doc["title"].startswith("Tocorón")
    assert doc["mentions"]
    for m in doc["mentions"]:
        assert doc["text"][m["start"]:m["end"]] == m["text"]
    names = {m["place_name"] for m in doc["mentions"]}
    assert {"Caracas", "Tocorón", "Maracaibo"} <= names


@pytest.mark.parametrize("url", [
    "/docs/nope", "/api/docs/nope", "/docs/..", "/docs/.", "/api/docs/..",
    "/docs/../pyproject.toml", "/docs/..%2fpyproject.toml", "/docs/%2e%2e%2fsecret",
    "/docs/%2E%2E%2Fsecret", "/api/docs/%2e%2e%2fsecret", "/docs/..%5csecret",
    "/docs/%2e%2e", "/docs/....//secret", "/docs/%252e%252e%252fsecret",
    "/docs/000_56b1f6b01e688c7f.meta", "/docs/.hidden", "/api/docs/%00",
])
def test_unknown_documents_and_path_tricks_are_404(tmp_path, places_file, url):
    docs = tmp_path / "docs" / "inner"
    docs.mkdir(parents=True)
    (docs / "ok.txt").write_text("Caracas.\n", encoding="utf-8")
    (tmp_path / "docs" / "secret.txt").write_text("secret\n", encoding="utf-8")
    (docs / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
    app = create_app({"PLACES_FILE": str(places_file), "DOCS_DIR": str(docs)})
    client = app.test_client()
    assert client.get("/docs/ok").status_code == 200
    resp = client.get(url)
    assert resp.status_code == 404, url
    assert b"secret" not in resp.data


def test_reader_highlights_every_mention_with_stable_anchor(client, seed_places):
    html = client.get(f"/docs/{D0}").get_data(as_text=True)
    starts = {m["start"] for f in seed_places["features"] for m in f["properties"]["mentions"]
              if m["doc"] == D0}
    for start in starts:
        assert f'id="m-{start}"' in html
    assert 'href="/#place=site%3Atocoron-prison&amp;type=prison"' in html
    assert "Emptied of Its Gang Inmates" in html


def test_hostile_names_are_escaped(tmp_path, seed_docs):
    from conftest import make_places

    specs = [*SEED_PLACES, ("user:hostile", HOSTILE_NAME, "other", -68.0, 10.3, "VE", "",
                            ["<script>alert(2)</script>"], [(D0, 4, "protest")])]
    path = tmp_path / "places.geojson"
    path.write_text(dump_places(make_places(seed_docs, specs)), encoding="utf-8")
    client = create_app({"PLACES_FILE": str(path), "DOCS_DIR": str(SEEDS)}).test_client()
    assert "vz-problems" not in client.get("/").get_data(as_text=True)
    for url in ("/", f"/docs/{D0}", "/download"):
        html = client.get(url).get_data(as_text=True)
        assert HOSTILE_NAME not in html, url
        assert "<script>alert(2)" not in html, url
    names = {m["place_name"] for m in client.get(f"/api/docs/{D0}").get_json()["mentions"]}
    assert HOSTILE_NAME in names  # data kept as is in JSON, escaped only in HTML


def test_reload_keeps_last_valid_data_and_shows_problems(tmp_path, places_file, seed_places):
    client = create_app({"PLACES_FILE": str(places_file), "DOCS_DIR": str(SEEDS)}).test_client()
    first = client.get("/api/places")
    assert "vz-problems" not in client.get("/").get_data(as_text=True)
    original = places_file.read_bytes()

    broken = tmp_path / "broken"
    broken.write_text('{"type": "FeatureCollection", "features": [\n  {"type": \n', "utf-8")
    broken.replace(places_file)
    page = client.get("/").get_data(as_text=True)
    banner = page[page.index('id="vz-problems"'):page.index("</section>")]
    assert f"{places_file}:3:" in banner and "JSON" in banner
    assert "Caracas" in page  # last valid data still on the map
    again = client.get("/api/places")
    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert places_file.read_text("utf-8").startswith('{"type": "FeatureCollection"')  # untouched

    fixed = json.loads(original)
    fixed["features"] = [f for f in fixed["features"] if f["properties"]["name"] != "Chile"]
    write_places(places_file, fixed)
    page = client.get("/").get_data(as_text=True)
    assert 'id="vz-problems"' not in page
    new = client.get("/api/places")
    assert new.headers["ETag"] != first.headers["ETag"]
    assert b"geonames:3895114" not in new.data


def test_missing_places_file_shows_banner(tmp_path):
    client = create_app({"PLACES_FILE": str(tmp_path / "none.geojson"),
                         "DOCS_DIR": str(SEEDS)}).test_client()
    page = client.get("/").get_data(as_text=True)
    assert 'id="vz-problems"' in page and "not found" in page
    assert client.get("/api/places").get_json() == {"type": "FeatureCollection", "features": []}


def test_download_is_the_standalone_export(client):
    resp = client.get("/download")
    assert resp.status_code == 200
    assert "attachment" in resp.headers["Content-Disposition"]
    html = resp.get_data(as_text=True)
    assert not EXTERNAL.findall(html.replace('href="https://leafletjs.com"', ""))
    assert "site:tocoron-prison" in html


def test_debugger_never_runs(places_file):
    app = create_app({"PLACES_FILE": str(places_file), "DOCS_DIR": str(SEEDS)})
    assert app.debug is False

    @app.get("/boom")
    def boom():
        raise RuntimeError("x")

    resp = app.test_client().get("/boom")
    assert resp.status_code == 500
    assert b"Traceback" not in resp.data and b"Werkzeug Debugger" not in resp.data


def test_taxonomy_labels_are_text_in_the_layer_control(tmp_path, places_file):
    from importlib import resources

    default = resources.files("vzmap").joinpath("data", "taxonomy.toml").read_text("utf-8")
    custom = tmp_path / "taxonomy.toml"
    custom.write_text(default.replace('label = "Prison interventions & incidents"',
                                      'label = "Prisons <b onmouseover=alert(1)>"'), "utf-8")
    client = create_app({"PLACES_FILE": str(places_file), "DOCS_DIR": str(SEEDS),
                         "TAXONOMY_FILE": str(custom)}).test_client()
    html = client.get("/").get_data(as_text=True)
    assert "<b onmouseover" not in html
    # Leaflet inserts layer names as HTML, so the label arrives escaped inside the JSON string.
    assert "Prisons \\u0026lt;b onmouseover=alert(1)\\u0026gt;" in html


def test_map_page_loads_the_tour_script(client):
    html = client.get("/").get_data(as_text=True)
    assert "/static/vzmap/tour.js" in html
    assert html.index("/static/vzmap/map.js") < html.index("/static/vzmap/tour.js")
    assert client.get("/static/vzmap/tour.js").status_code == 200


def test_reader_links_back_to_the_map_and_to_its_tour(client):
    html = client.get(f"/docs/{D4}").get_data(as_text=True)
    assert '<a id="vz-back" href="/">' in html
    assert f'<a id="vz-tour-link" href="/#tour={D4}">Tour this article</a>' in html
    # The script that puts the map's last view on those links is a file, not inline.
    assert re.search(r'<script src="/static/vzmap/map.js" defer></script>', html)
    assert not re.search(r"<script>", html)


def test_reader_tour_link_encodes_the_article_id(tmp_path, seed_docs):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "informe de mayo & más.txt").write_text("Protests in Caracas.\n", encoding="utf-8")
    from vzmap.text.documents import load_documents

    doc_id = next(iter(load_documents(docs)))
    places = tmp_path / "places.geojson"
    places.write_text('{"type": "FeatureCollection", "features": []}\n', encoding="utf-8")
    client = create_app({"PLACES_FILE": str(places), "DOCS_DIR": str(docs)}).test_client()
    from urllib.parse import quote

    html = client.get("/docs/" + quote(doc_id)).get_data(as_text=True)
    href = re.search(r'id="vz-tour-link" href="([^"]+)"', html).group(1)
    assert "&" not in href.replace("&amp;", "") and " " not in href
    assert href == "/#tour=" + quote(doc_id).replace("&", "%26")


@pytest.mark.parametrize(("date", "key"), [
    ("2024-08", "2024-08"), ("2024-08-05T10:00:00+00:00", "2024-08-05"), ("2024/8/5", "2024-08-05"),
    ("D:20230915120000Z", "2023-09-15"), ("2023", "2023"), ("2024-13-01", "2024"),
    ("", ""), ("August 2024", ""), ("12/08/2024", ""), ("20240805", ""),
])
def test_date_key_sorts_articles_by_date(date, key):
    from vzmap.render.mapview import date_key

    assert date_key(date) == key


def test_payload_names_each_article_once_however_many_places(seed_places):
    """Sources per place come from the mentions' ids into the docs table: 10,000 places naming
    three articles carry each title once, and a place costs the same with or without them."""
    from vzmap.events.taxonomy import load_taxonomy
    from vzmap.render.mapview import DocInfo, payload

    titles = ["Tocorón: the operation", "Maracaibo prison riot", "Undated field notes"]
    dates = ["2023-10", "2024-08-05", ""]
    docs = {f"d{i}": DocInfo(id=f"d{i}", title=t, date=d)
            for i, (t, d) in enumerate(zip(titles, dates, strict=True))}
    features = [{
        "type": "Feature", "id": f"user:p{i}",
        "geometry": {"type": "Point", "coordinates": [-66 + i / 1e4, 8.0]},
        "properties": {"name": f"Place {i}", "mentions": [
            {"doc": f"d{k}", "start": 10 * k, "end": 10 * k + 5, "text": "Place",
             "excerpt": "Place.", "excerpt_start": 10 * k, "event_type": "protest",
             "confidence": 0.9, "candidates": []} for k in range(i % 3 + 1)]},
    } for i in range(10_000)]
    data = payload({"type": "FeatureCollection", "features": features}, load_taxonomy(), docs)
    text = json.dumps(data, ensure_ascii=False)
    for title in titles:
        assert text.count(title) == 1
    assert [d.get("dk") for d in data["docs"]] == ["2023-10", "2024-08-05", None]
    place = data["places"][2]
    assert [m[0] for m in place["m"]] == [0, 1, 2]  # indexes into data["docs"]
    per_place = len(json.dumps(data["places"], ensure_ascii=False)) / len(data["places"])
    assert per_place < 400, per_place
