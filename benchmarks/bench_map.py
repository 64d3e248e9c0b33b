"""Time to first marker of the story map in headless Chromium.

Serves the Flask app on 127.0.0.1 and loads ``/`` for (1) the seed data (``data/places.geojson``
with the articles in ``seeds/``) and (2) a synthetic, valid places file of 10,000 places over
generated articles; prints page size, time to first marker and time until the map is ready
(markers, layers, search built), median of a few runs. Also prints the standalone export size.

    .venv/bin/python benchmarks/bench_map.py [--runs 3] [--places 10000]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

from vzmap.render.standalone import render_standalone
from vzmap.web.app import create_app

logging.getLogger("werkzeug").setLevel(logging.ERROR)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TYPES = ["armed_clash", "attack_civilians", "repression", "protest", "arrest_raid", "prison",
         "criminal_presence", "diplomatic_political", "other"]
FIRST_MARKER_JS = """
window.__vzFirst = null;
new MutationObserver(function (_, obs) {
  if (document.querySelector('.vz-marker, .vz-cluster')) {
    window.__vzFirst = performance.now();
    obs.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""


def synthetic(folder: Path, n_places: int, seed: int = 1) -> tuple[Path, Path]:
    """A valid places file of ``n_places`` places and the articles its mentions point into."""
    rng = random.Random(seed)
    docs_dir = folder / "docs"
    docs_dir.mkdir()
    per_doc = 200
    features = []
    texts: dict[str, list[str]] = {}
    lengths: dict[str, int] = {}
    for i in range(n_places):
        name = f"Place {i:05d}"
        mentions = []
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            doc = f"synthetic_{rng.randrange(max(1, n_places * 2 // per_doc)):04d}"
            parts = texts.setdefault(doc, [])
            offset = lengths.get(doc, 0)
            sentence = f"Security forces and residents reported events in {name} this week."
            start = offset + sentence.index(name)
            parts.append(sentence + "\n")
            lengths[doc] = offset + len(sentence) + 1
            mentions.append({
                "doc": doc, "start": start, "end": start + len(name), "text": name,
                "excerpt": sentence, "excerpt_start": offset, "event_type": rng.choice(TYPES),
                "confidence": 0.8, "candidates": [],
            })
        mentions.sort(key=lambda m: (m["doc"], m["start"], m["end"]))
        lon = round(rng.uniform(-120, -35), 5)
        lat = round(rng.uniform(-40, 35), 5)
        pid = f"user:place-{i:05d}"
        features.append({
            "type": "Feature", "id": pid,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "kind": "other", "gazetteer_id": None, "country": None,
                           "admin1": None, "aliases": [], "mentions": mentions},
        })
    for doc, parts in texts.items():
        (docs_dir / f"{doc}.txt").write_text("".join(parts), encoding="utf-8")
    features.sort(key=lambda f: f["id"])
    path = folder / "places.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, indent=2,
                               ensure_ascii=False) + "\n", encoding="utf-8")
    return path, docs_dir


def measure(places: Path, docs: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    app = create_app({"PLACES_FILE": str(places), "DOCS_DIR": str(docs)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/"
    t0 = time.perf_counter()
    with app.test_client() as client:
        html = client.get("/").data
        problems = b'id="vz-problems"' in html
    if problems:
        server.shutdown()
        raise SystemExit(f"{places} is not valid; the map would show no data:\n"
                         + html[html.index(b'id="vz-problems"'):][:2000].decode())
    render_s = time.perf_counter() - t0
    firsts, readies = [], []
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
            ctx = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                viewport={"width": 1280, "height": 800})
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                ("http://127.0.0.1", "data:")) else r.abort())
            ctx.add_init_script(FIRST_MARKER_JS)
            for _ in range(runs):
                page = ctx.new_page()
                page.bring_to_front()
                page.goto(url)
                page.wait_for_selector("html[data-vzmap-ready]", timeout=120_000)
                first = None
                deadline = time.monotonic() + 120
                while first is None and time.monotonic() < deadline:
                    first = page.evaluate("() => window.__vzFirst")
                    if first is None:
                        time.sleep(0.05)
                if first is None:
                    raise RuntimeError(f"no marker appeared on {url}")
                firsts.append(first)
                readies.append(page.evaluate("""() => {
                    const e = performance.getEntriesByType('navigation')[0];
                    return e ? e.loadEventEnd : 0; }"""))
                page.close()
            ctx.close()
    finally:
        server.shutdown()
    return {"page_bytes": len(html), "server_render_s": render_s, "problems": problems,
            "first_marker_ms": statistics.median(firsts), "load_ms": statistics.median(readies)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--places", type=int, default=10_000)
    args = ap.parse_args(argv)
    rows = []
    seed_places = ROOT / "data" / "places.geojson"
    if seed_places.is_file():
        rows.append(("seed data", seed_places, ROOT / "seeds"))
    else:
        print(f"(no {seed_places}: run `vzmap ingest seeds` first; skipping seed data)")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        places, docs = synthetic(Path(tmp), args.places)
        print(f"generated {args.places} synthetic places in {time.perf_counter() - t0:.1f} s")
        rows.append((f"synthetic {args.places}", places, docs))
        for label, places, docs in rows:
            r = measure(places, docs, args.runs)
            t0 = time.perf_counter()
            export_bytes = len(render_standalone(places, docs).encode("utf-8"))
            export_s = time.perf_counter() - t0
            print(f"{label:>16}: first marker {r['first_marker_ms']:7.0f} ms | "
                  f"load event {r['load_ms']:7.0f} ms | page {r['page_bytes'] / 1e6:5.2f} MB "
                  f"(server render {r['server_render_s']:.1f} s) | export "
                  f"{export_bytes / 1e6:5.2f} MB in {export_s:.1f} s"
                  + (" | PROBLEMS BANNER SHOWN" if r["problems"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
