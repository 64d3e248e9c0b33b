"""Shared fixtures: places files built from the real seed articles, the Flask app and client,
a live server on 127.0.0.1 and a headless Chromium that fails a test on any request leaving
127.0.0.1/file:/data:, any console error and any page error."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from vzmap.text.documents import load_documents
from vzmap.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

D0 = "000_56b1f6b01e688c7f"
D4 = "004_0381395c104e6378"

# (id, name, kind, lon, lat, country, admin1, aliases, [(doc, nth occurrence of name, type)])
SEED_PLACES = [
    ("geonames:3646738", "Caracas", "city", -66.87919, 10.48801, "VE", "Distrito Capital", [],
     [(D4, 0, "diplomatic_political"), (D4, 1, "repression")]),
    ("site:tocoron-prison", "Tocorón", "site", -67.3797, 10.1364, "VE", "Aragua",
     ["Tocoron", "Centro Penitenciario de Aragua"],
     [(D0, 0, "prison"), (D0, 1, "prison"), (D4, 0, "prison"), (D4, 1, "prison"),
      (D4, 2, "criminal_presence")]),
    ("site:tocuyito-prison", "Tocuyito", "site", -68.0833, 10.0904, "VE", "Carabobo", [],
     [(D0, 0, "prison"), (D0, 1, "prison"), (D0, 2, "repression")]),
    ("geonames:3649110", "Aragua", "admin1", -67.25, 10.0, "VE", "Aragua", [],
     [(D0, 0, "criminal_presence"), (D4, 0, "prison"), (D4, 1, "criminal_presence")]),
    ("geonames:3646751", "Carabobo", "admin1", -68.1, 10.2, "VE", "Carabobo", [],
     [(D0, 0, "other")]),
    ("geonames:3633009", "Maracaibo", "city", -71.61089, 10.64232, "VE", "Zulia", [],
     [(D4, 0, "prison")]),
    ("geonames:3625428", "Venezuela", "country", -66.0, 8.0, "VE", "", ["Bolivarian Republic"],
     [(D0, 0, "repression"), (D0, 1, "diplomatic_political"), (D4, 0, "criminal_presence")]),
    ("geonames:3686110", "Colombia", "country", -73.25, 4.0, "CO", "", [],
     [(D0, 0, "criminal_presence"), (D4, 0, "armed_clash")]),
    ("geonames:3895114", "Chile", "country", -71.0, -30.0, "CL", "", [],
     [(D0, 0, "criminal_presence")]),
    ("geonames:3932488", "Peru", "country", -76.0, -10.0, "PE", "", [],
     [(D0, 0, "criminal_presence")]),
    ("geonames:6252001", "United States", "country", -98.5, 39.76, "US", "", ["USA"],
     [(D0, 0, "diplomatic_political")]),
]
HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence holding text[start:end] and its offset (a simple splitter for fixtures)."""
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "? ", "! ")))
    s = 0 if left < 0 else left + (1 if text[left] == "\n" else 2)
    cut = [i for i in (text.find("\n", end), *(text.find(p, end) for p in (". ", "? ", "! ")))
           if i >= 0]
    e = min(cut) + 1 if cut else len(text)
    if text[e - 1] == "\n":
        e -= 1
    return text[s:e], s


def make_places(docs: dict, specs=SEED_PLACES) -> dict:
    """A places file (contract of docs/architecture.md) for ``specs`` over the real articles."""
    features = []
    for pid, name, kind, lon, lat, country, admin1, aliases, mentions in specs:
        ms = []
        for doc_id, nth, etype in mentions:
            text = docs[doc_id].text
            needle = name if name != HOSTILE_NAME else "Venezuela"
            starts = [m.start() for m in re.finditer(re.escape(needle), text)]
            start = starts[nth]
            end = start + len(needle)
            excerpt, ex_start = sentence_around(text, start, end)
            assert text[ex_start:ex_start + len(excerpt)] == excerpt
            ms.append({
                "doc": doc_id, "start": start, "end": end, "text": text[start:end],
                "excerpt": excerpt, "excerpt_start": ex_start, "event_type": etype,
                "confidence": 0.9, "candidates": [],
            })
        ms.sort(key=lambda m: (m["doc"], m["start"], m["end"]))
        features.append({
            "type": "Feature", "id": pid,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "kind": kind, "gazetteer_id": pid, "country": country,
                           "admin1": admin1, "aliases": aliases, "mentions": ms},
        })
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}


def dump_places(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_places(path: Path, data: dict) -> None:
    """Replace a places file the way ingest does (new inode, so the app sees the change)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dump_places(data), encoding="utf-8")
    os.replace(tmp, path)


@pytest.fixture(scope="session")
def seed_docs() -> dict:
    return load_documents(SEEDS)


@pytest.fixture(scope="session")
def seed_places(seed_docs) -> dict:
    return make_places(seed_docs)


@pytest.fixture
def places_file(tmp_path, seed_places) -> Path:
    path = tmp_path / "places.geojson"
    path.write_text(dump_places(seed_places), encoding="utf-8")
    return path


@pytest.fixture
def app(places_file):
    return create_app({"TESTING": True, "PLACES_FILE": str(places_file), "DOCS_DIR": str(SEEDS)})


@pytest.fixture
def client(app):
    return app.test_client()


class LiveServer:
    """A real HTTP server for a Flask app on 127.0.0.1, port chosen by the OS."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_server_factory():
    servers = []

    def start(places_path: Path) -> LiveServer:
        srv = LiveServer(create_app({"PLACES_FILE": str(places_path), "DOCS_DIR": str(SEEDS)}))
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.stop()


@pytest.fixture(scope="session")
def session_places(tmp_path_factory, seed_places) -> Path:
    path = tmp_path_factory.mktemp("live") / "places.geojson"
    path.write_text(dump_places(seed_places), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def live_server(session_places):
    srv = LiveServer(create_app({"PLACES_FILE": str(session_places), "DOCS_DIR": str(SEEDS)}))
    yield srv
    srv.stop()


class Watch:
    """What the browser did that a test must not allow."""

    def __init__(self):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []

    def reset(self):
        self.blocked.clear()
        self.errors.clear()
        self.requests.clear()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian chromium (make test does)")
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    watch = Watch()

    def route(r):
        url = r.request.url
        watch.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob") or (
            parts.scheme == "http" and parts.hostname == "127.0.0.1"
        ):
            r.continue_()
        else:
            watch.blocked.append(url)
            r.abort()

    with sync_api.sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        ctx.route("**/*", route)
        ctx.vzmap_watch = watch
        yield ctx
        ctx.close()


@pytest.fixture
def page(browser_context):
    """A fresh page; the test fails on blocked requests, console errors or page errors."""
    watch = browser_context.vzmap_watch
    watch.reset()
    pg = browser_context.new_page()
    pg.bring_to_front()  # a background tab gets no animation frames
    pg.on("console", lambda msg: msg.type == "error" and watch.errors.append(
        f"console: {msg.text}"))
    pg.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc}"))
    pg.on("dialog", lambda d: (watch.errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.set_default_timeout(15_000)
    yield pg
    pg.close()
    assert watch.blocked == [], f"requests left 127.0.0.1: {watch.blocked}"
    assert watch.errors == [], f"browser errors: {watch.errors}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    dest = tmp_path / "docs"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def ingested_seeds(tmp_path_factory) -> Path:
    """A places file freshly ingested from the seed articles (never the user's data/ file)."""
    from vzmap.ingest import ingest

    path = tmp_path_factory.mktemp("ingested") / "places.geojson"
    ingest([SEEDS], path)
    return path


def ingest_articles(folder: Path, articles: dict[str, str]) -> Path:
    """``folder/places.geojson``, ingested from ``articles`` (file name -> text) written to
    ``folder/in``."""
    from vzmap.ingest import ingest

    src = folder / "in"
    src.mkdir()
    for name, text in articles.items():
        (src / name).write_text(text, encoding="utf-8")
    path = folder / "places.geojson"
    ingest([src], path)
    return path
