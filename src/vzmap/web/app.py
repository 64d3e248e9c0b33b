"""The Flask application factory: the map page, the reader and the JSON API.

Config keys (also from ``VZMAP_*`` environment variables, e.g. ``VZMAP_PLACES_FILE``):

=================  ==================================================================
``PLACES_FILE``    the places file (GeoJSON) to show; re-read when its mtime/size changes
``DOCS_DIR``       folder of the articles (``<id>.txt`` + ``<id>.meta.json``)
``TAXONOMY_FILE``  event taxonomy TOML; ``None`` = the packaged default
``MAP_TITLE``      heading of the map page and of the downloaded map
``ALLOWED_HOSTS``  ``Host`` values answered (see :mod:`vzmap.server`); others get 421;
                   ``None``/empty = no check. ``vzmap serve`` fills it for its address
=================  ==================================================================

A bad feature costs only itself: the map shows every usable feature and mention of the places
file, with a banner listing the problems of the others (file:line:column). A version of which
nothing can be used (not JSON, mid-edit) never replaces the last usable one. The app only reads
files.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, Response, abort, current_app, jsonify, render_template, request, url_for

from ..errors import DocumentError, VzmapError
from ..events.taxonomy import load_taxonomy
from ..places.io import read_places_checked
from ..render.mapview import (
    CSS_ASSETS,
    JS_ASSETS,
    build_map,
    docs_info,
    payload,
    render_parts,
    static_dir,
)
from ..render.standalone import (
    render_standalone_data,
    summary_line,
    templates_dir,
)
from ..text.documents import DOC_ID_RE, find_document, load_documents, read_document
from .server import host_allowed

SETTINGS = {
    "PLACES_FILE": ("data/places.geojson", "the places file (GeoJSON) to show"),
    "DOCS_DIR": ("seeds", "folder of the articles"),
    "TAXONOMY_FILE": (None, "event taxonomy TOML; None = the packaged default"),
    "MAP_TITLE": ("Story map", "heading of the map page and the downloaded map"),
    "ALLOWED_HOSTS": (None, "Host header values answered; None/empty = any (no check)"),
}
EMPTY = b'{\n  "type": "FeatureCollection",\n  "features": []\n}\n'
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


@dataclass
class Snapshot:
    """The usable places data and the problems of the parts of the file left out.

    ``stale``: no part of the current file can be used, so this is the last usable version.
    """

    data: dict
    raw: bytes
    etag: str
    loaded: datetime
    problems: list[str] = field(default_factory=list)
    stale: bool = False


class PlacesSource:
    """Reads the places file again whenever its mtime, size or inode change."""

    def __init__(self, path: Path, docs_dir: Path, taxonomy_file: str | None):
        self.path = Path(path)
        self.docs_dir = Path(docs_dir)
        self.taxonomy_file = taxonomy_file
        self._lock = threading.Lock()
        self._signature: tuple | None = ("unset",)
        self._snapshot = Snapshot(data={"type": "FeatureCollection", "features": []}, raw=EMPTY,
                                  etag=hashlib.sha256(EMPTY).hexdigest()[:32],
                                  loaded=datetime.fromtimestamp(0, UTC))

    def _stat(self) -> tuple | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def get(self) -> Snapshot:
        sig = self._stat()
        with self._lock:
            if sig != self._signature:
                self._signature = sig
                self._reload(sig)
            return self._snapshot

    def _reload(self, sig: tuple | None) -> None:
        old = self._snapshot
        if sig is None:
            problems = [f"{self.path}: places file not found; run `vzmap ingest` to create it"]
            self._snapshot = Snapshot(old.data, old.raw, old.etag, old.loaded, problems, True)
            return
        try:
            taxonomy = load_taxonomy(self.taxonomy_file)
        except VzmapError as exc:
            taxonomy, tax_problem = None, [str(exc)]
        else:
            tax_problem = []
        data, raw, problems = read_places_checked(self.path, docs_dir=self.docs_dir,
                                                  taxonomy=taxonomy)
        problems = tax_problem + problems
        if data is None:
            self._snapshot = Snapshot(old.data, old.raw, old.etag, old.loaded, problems, True)
            return
        self._snapshot = Snapshot(
            data=data, raw=raw, etag=hashlib.sha256(raw).hexdigest()[:32],
            loaded=datetime.fromtimestamp(sig[0] / 1e9, UTC).replace(microsecond=0),
            problems=problems,
        )


def _mentions_in(data: dict, doc_id: str) -> list[dict]:
    out = []
    for feat in data.get("features") or []:
        props = feat.get("properties") or {}
        for m in props.get("mentions") or []:
            if isinstance(m, dict) and m.get("doc") == doc_id:
                out.append({
                    "place_id": str(feat.get("id", "")),
                    "place_name": str(props.get("name") or feat.get("id") or ""),
                    **{k: m.get(k) for k in ("start", "end", "text", "excerpt", "excerpt_start",
                                             "event_type", "confidence")},
                })
    out.sort(key=lambda m: (m["start"] if isinstance(m["start"], int) else -1, m["place_id"]))
    return out


def segments(text: str, mentions: list[dict], taxonomy) -> list[dict]:
    """Split ``text`` into plain and highlighted pieces; overlapping mentions get an anchor."""
    segs: list[dict] = []
    pos = 0
    anchors: set[int] = set()
    ordered = sorted(
        (m for m in mentions if isinstance(m.get("start"), int) and isinstance(m.get("end"), int)),
        key=lambda m: (m["start"], -m["end"]),
    )
    for m in ordered:
        start, end = m["start"], m["end"]
        if not (0 <= start < end <= len(text)) or text[start:end] != m.get("text"):
            continue
        if start < pos:
            if start not in anchors:
                anchors.add(start)
                segs.append({"kind": "anchor", "start": start})
            continue
        etype = taxonomy.get(m.get("event_type")) or taxonomy.get(taxonomy.fallback)
        segs.append({"kind": "text", "text": text[pos:start]})
        segs.append({
            "kind": "mention", "start": start, "text": text[start:end], "place_id": m["place_id"],
            "place_name": m["place_name"], "type": etype.id, "label": etype.label,
            "color": etype.color,
        })
        anchors.add(start)
        pos = end
    segs.append({"kind": "text", "text": text[pos:]})
    return segs


def check_host() -> Response | None:
    """Refuse a request for a name this server does not serve (DNS rebinding)."""
    allowed = current_app.config.get("ALLOWED_HOSTS")
    host = request.headers.get("Host")
    if not allowed or host_allowed(host, allowed):
        return None
    if not host:
        return Response("Bad request: the Host header is missing.\n", status=400,
                        mimetype="text/plain")
    return Response(f"Misdirected request: this server does not answer for {host[:100]!r}."
                    " Open it at its own address, or start it with --allow-host NAME.\n",
                    status=421, mimetype="text/plain")


def create_app(test_config: dict | None = None) -> Flask:
    """Create the vzmap web app. ``test_config`` overrides the settings in :data:`SETTINGS`."""
    app = Flask(__name__, template_folder=str(templates_dir()),
                static_folder=str(static_dir()))
    app.config.from_mapping({k: v[0] for k, v in SETTINGS.items()})
    app.config.from_prefixed_env("VZMAP")
    if test_config:
        app.config.from_mapping(test_config)
    app.config["DEBUG"] = False
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    source = PlacesSource(Path(app.config["PLACES_FILE"]), Path(app.config["DOCS_DIR"]),
                          app.config["TAXONOMY_FILE"])
    app.extensions["vzmap.places"] = source
    page_cache: dict[tuple, str] = {}

    def taxonomy():
        return load_taxonomy(current_app.config["TAXONOMY_FILE"])

    docs_cache: dict[tuple, dict] = {}

    def docs_signature() -> tuple:
        """Names, sizes and times of the articles and their sidecars (cheap: no reading)."""
        root = Path(current_app.config["DOCS_DIR"])
        if not root.is_dir():
            return ()
        sig = []
        for p in sorted(root.rglob("*")):
            if p.suffix.lower() in (".txt", ".md", ".json") and p.is_file():
                st = p.stat()
                sig.append((str(p), st.st_size, st.st_mtime_ns))
        return tuple(sig)

    def documents() -> dict:
        """The articles, read again only when a file in the folder changed."""
        sig = docs_signature()
        docs = docs_cache.get(sig)
        if docs is None:
            docs = load_documents(current_app.config["DOCS_DIR"])
            docs_cache.clear()
            docs_cache[sig] = docs
        return docs

    app.before_request(check_host)

    @app.after_request
    def security_headers(resp: Response) -> Response:
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        return resp

    @app.get("/")
    def map_page():
        snap = source.get()
        tax_file = current_app.config["TAXONOMY_FILE"]
        try:
            tax_sig = Path(tax_file).stat().st_mtime_ns if tax_file else None
        except OSError:
            tax_sig = None
        key = (snap.etag, tuple(snap.problems), tax_sig, hash(docs_signature()))
        page = page_cache.get(key)
        if page is None:
            data = payload(snap.data, taxonomy(), docs_info(documents()))
            reader_base = url_for("reader", doc="x")[:-1]
            parts = render_parts(build_map(data, reader="link", reader_base=reader_base))
            page = render_template(
                "map.html",
                title=current_app.config["MAP_TITLE"],
                summary=summary_line(data),
                parts=parts,
                problems=snap.problems,
                stale=snap.stale,
                loaded_at=(snap.loaded.strftime("%Y-%m-%d %H:%M UTC")
                           if snap.loaded.year > 1970 else None),
                css_urls=[url_for("static", filename=a) for a in CSS_ASSETS],
                js_urls=[url_for("static", filename=a) for a in JS_ASSETS],
            )
            page_cache.clear()  # one page at a time; a local copy keeps threads safe
            page_cache[key] = page
        resp = Response(page, mimetype="text/html")
        resp.headers["Cache-Control"] = "no-cache"
        return resp

    @app.get("/download")
    def download_map():
        snap = source.get()
        html = render_standalone_data(snap.data, documents(), taxonomy(),
                                      title=current_app.config["MAP_TITLE"])
        resp = Response(html, mimetype="text/html")
        resp.headers["Content-Disposition"] = 'attachment; filename="vzmap-story-map.html"'
        return resp

    @app.get("/api/places")
    def api_places():
        snap = source.get()
        resp = Response(snap.raw, mimetype="application/geo+json")
        resp.set_etag(snap.etag)
        resp.last_modified = snap.loaded
        resp.headers["Cache-Control"] = "no-cache"
        if snap.problems:
            resp.headers["X-Vzmap-Problems"] = str(len(snap.problems))
        return resp.make_conditional(request)

    def _doc_or_404(doc: str):
        if not DOC_ID_RE.match(doc or ""):
            abort(404)
        path = find_document(current_app.config["DOCS_DIR"], doc)
        if path is None:
            abort(404)
        try:
            return read_document(path)
        except DocumentError:
            abort(404)

    def _doc_meta(d) -> dict:
        meta = d.meta or {}
        return {"id": d.id, "title": d.title, "byline": meta.get("byline"),
                "date": meta.get("date")}

    @app.get("/api/docs")
    def api_docs():
        return jsonify([_doc_meta(d) for _, d in sorted(documents().items())])

    @app.get("/api/docs/<doc>")
    def api_doc(doc: str):
        d = _doc_or_404(doc)
        return jsonify({**_doc_meta(d), "meta": d.meta, "text": d.text,
                        "mentions": _mentions_in(source.get().data, d.id)})

    @app.get("/docs/<doc>")
    def reader(doc: str):
        if doc == "":
            abort(404)
        d = _doc_or_404(doc)
        tax = taxonomy()
        mentions = _mentions_in(source.get().data, d.id)
        segs = segments(d.text, mentions, tax)
        counts: dict[str, int] = {}
        for s in segs:
            if s["kind"] == "mention":
                counts[s["type"]] = counts.get(s["type"], 0) + 1
        legend = [{"label": t.label, "color": t.color, "count": counts[t.id]}
                  for t in tax.types if t.id in counts]
        meta = d.meta or {}
        meta_line = " · ".join(str(x) for x in (meta.get("byline"), meta.get("date")) if x)
        return render_template("reader.html", doc=d, segments=segs, legend=legend,
                               meta_line=meta_line)

    @app.errorhandler(404)
    def not_found(_exc):
        if request.path.startswith("/api/"):
            return jsonify({"error": "not found"}), 404
        return Response("Not found\n", status=404, mimetype="text/plain")

    return app
