"""The routes of the web app: the map page, its download, the article reader and the JSON API.

Every route reads the app's :class:`~vzmap.web.source.DataSource` (``current_app.extensions
["vzmap"]``), so the pages follow the files without a restart.
"""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from ..errors import DateRangeError, DocumentError
from ..events.taxonomy import Taxonomy
from ..places.dates import VALID_FORMS, DateRange, filter_places
from ..render.mapview import CSS_ASSETS, JS_ASSETS, build_map, docs_info, payload, render_parts
from ..render.standalone import render_standalone_data, summary_line
from ..text.documents import Document, find_document, read_document
from .source import DataSource, Snapshot

bp = Blueprint("vzmap", __name__)
DOWNLOAD_NAME = "vzmap-story-map.html"


def data_source() -> DataSource:
    return current_app.extensions["vzmap"]


@bp.get("/")
def map_page():
    resp = Response(data_source().map_page(_render_map_page), mimetype="text/html")
    resp.headers["Cache-Control"] = "no-cache"
    return resp


def _render_map_page(snap: Snapshot) -> str:
    source = data_source()
    data = payload(snap.data, source.taxonomy(), docs_info(source.documents()))
    reader_base = url_for("vzmap.reader", doc="x")[:-1]
    parts = render_parts(build_map(data, reader="link", reader_base=reader_base))
    return render_template(
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
        download_name=DOWNLOAD_NAME,
    )


@bp.get("/download")
def download_map():
    source = data_source()
    html = render_standalone_data(source.places().data, source.documents(), source.taxonomy(),
                                  title=current_app.config["MAP_TITLE"])
    resp = Response(html, mimetype="text/html")
    resp.headers["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}"'
    return resp


@bp.get("/api/places")
def api_places():
    """The places file; with ``?from=&to=`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, either
    optional) only the places with a mention dated in that range, each with only those
    mentions. A bad bound, or ``from`` after ``to``, is a 400 saying what would be valid."""
    try:
        rng = DateRange.parse(request.args.get("from"), request.args.get("to"))
    except DateRangeError as exc:
        return jsonify({"error": str(exc), "parameter": exc.parameter, "value": exc.value,
                        "valid": VALID_FORMS}), 400
    snap = data_source().places()
    body, etag = snap.raw, snap.etag
    if not rng.is_open:
        body = (json.dumps(filter_places(snap.data, rng), ensure_ascii=False, indent=2)
                + "\n").encode("utf-8")
        etag = f"{snap.etag}.{rng.start or ''}.{rng.end or ''}"
    resp = Response(body, mimetype="application/geo+json")
    resp.set_etag(etag)
    resp.last_modified = snap.loaded
    resp.headers["Cache-Control"] = "no-cache"
    if snap.problems:
        resp.headers["X-Vzmap-Problems"] = str(len(snap.problems))
    return resp.make_conditional(request)


def _doc_or_404(doc_id: str) -> Document:
    path = find_document(data_source().docs_dir, doc_id)
    if path is None:
        abort(404)
    try:
        return read_document(path)
    except DocumentError:
        abort(404)


def _doc_meta(d: Document) -> dict:
    meta = d.meta or {}
    return {"id": d.id, "title": d.title, "byline": meta.get("byline"), "date": meta.get("date")}


@bp.get("/api/docs")
def api_docs():
    return jsonify([_doc_meta(d) for _, d in sorted(data_source().documents().items())])


@bp.get("/api/docs/<doc>")
def api_doc(doc: str):
    d = _doc_or_404(doc)
    return jsonify({**_doc_meta(d), "meta": d.meta, "text": d.text,
                    "mentions": data_source().places().mentions_of(d.id)})


@bp.get("/docs/<doc>")
def reader(doc: str):
    d = _doc_or_404(doc)
    source = data_source()
    taxonomy = source.taxonomy()
    segs = segments(d.text, source.places().mentions_of(d.id), taxonomy)
    meta = d.meta or {}
    meta_line = " · ".join(str(x) for x in (meta.get("byline"), meta.get("date")) if x)
    return render_template("reader.html", doc=d, segments=segs, legend=_legend(segs, taxonomy),
                           meta_line=meta_line, map_url=url_for("vzmap.map_page"))


def segments(text: str, mentions: list[dict], taxonomy: Taxonomy) -> list[dict]:
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
        segs.append({"kind": "text", "text": text[pos:start]})
        segs.append(_mention_segment(m, text[start:end], taxonomy))
        anchors.add(start)
        pos = end
    segs.append({"kind": "text", "text": text[pos:]})
    return segs


def _mention_segment(m: dict, text: str, taxonomy: Taxonomy) -> dict:
    """A highlighted mention, in the colour of its event type (unknown types: the fallback)."""
    etype = taxonomy.type_or_fallback(m.get("event_type"))
    return {"kind": "mention", "start": m["start"], "text": text, "place_id": m["place_id"],
            "place_name": m["place_name"], "type": etype.id, "label": etype.label,
            "color": etype.color}


def _legend(segs: list[dict], taxonomy: Taxonomy) -> list[dict]:
    """The event types highlighted in the article, in taxonomy order, with their counts."""
    counts: dict[str, int] = {}
    for s in segs:
        if s["kind"] == "mention":
            counts[s["type"]] = counts.get(s["type"], 0) + 1
    return [{"label": t.label, "color": t.color, "count": counts[t.id]}
            for t in taxonomy.types if t.id in counts]


@bp.app_errorhandler(404)
def not_found(_exc):
    if request.path.startswith("/api/"):
        return jsonify({"error": "not found"}), 404
    return Response("Not found\n", status=404, mimetype="text/plain")
