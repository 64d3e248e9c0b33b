"""The review queue: the page at ``/review`` and its write endpoint ``POST /review/edit``.

The page lists the mentions most worth a look (:func:`vzmap.places.review.build_queue`), a page
of :data:`PAGE_SIZE` at a time, each with buttons that write a hand edit to the places file
(:func:`vzmap.places.io.apply_review`: lock, merge-safe atomic write, validation). Writing is
refused (403) unless every one of these holds: the app is not read-only (``READ_ONLY``, ``vzmap
serve --read-only``), the request comes from this machine (``127.0.0.1``/``::1``, not through a
proxy, not under another name than ``127.0.0.1``/``localhost``/``[::1]``, not from another
site) and it carries the page's token (random for each start of the app) in the
``X-Vzmap-Token`` header; all of this is checked before the body is read. Only JSON is
accepted. An edit made against a version of the file that is no longer there gets 409 and
writes nothing.

The page runs no inline script (its own CSP has ``script-src 'self'``): ``static/vzmap/review.js``
does the clicks; names and sentences are set as text only.
"""

from __future__ import annotations

import json
import math
import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from ..errors import PlacesFileError, VzmapError
from ..gazetteer import Gazetteer, load_gazetteer
from ..places.io import apply_review
from ..places.review import (
    Item,
    MentionGoneError,
    ReviewError,
    StaleFileError,
    build_queue,
    file_version,
    not_a_place,
    to_candidate,
    to_point,
)
from ..places.validate import check_file
from .server import LOOPBACK_NAMES, split_host
from .source import DataSource

bp = Blueprint("review", __name__)
#: Items per page of the queue.
PAGE_SIZE = 50
#: Candidates offered per item.
MAX_CANDIDATES = 5
#: Characters of the sentence kept on each side of the mention.
EXCERPT_CONTEXT = 220
TOKEN_KEY = "vzmap.review_token"
CACHE_KEY = "vzmap.review_file"
TOKEN_HEADER = "X-Vzmap-Token"
LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
#: Headers a reverse proxy adds: a request carrying one came from somewhere else.
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
                      "X-Forwarded-Port", "X-Forwarded-By", "X-Real-IP", "X-Client-IP")
TOKEN_MESSAGE = ("Refused: the request does not carry this page's token (vzmap may have been "
                 "restarted since the page was opened): reload the page and try again.")
STALE_MESSAGE = "The file changed since you opened this page: reload and try again."
ACTIONS = ("not_a_place", "candidate", "point")
#: Largest request body read (an edit is a few hundred bytes).
MAX_BODY = 64 * 1024
#: The page's own policy: no inline script or style at all.
REVIEW_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
              "frame-ancestors 'none'")


@bp.record_once
def _make_token(state) -> None:
    state.app.extensions.setdefault(TOKEN_KEY, secrets.token_urlsafe(32))


def _source() -> DataSource:
    return current_app.extensions["vzmap"]


def _token() -> str:
    return current_app.extensions[TOKEN_KEY]


def write_refusal() -> str | None:
    """Why this request may not write (nor see the token), or None when it may (token aside).

    Only a request made on this machine to a loopback name (``127.0.0.1``, ``localhost``,
    ``[::1]``, any port) and not passed on by a proxy may write: a rebound name (DNS rebinding)
    or a proxy in front of vzmap would let other sites or machines in.
    """
    if current_app.config.get("READ_ONLY"):
        return ("Writing is off: this server runs read-only (vzmap serve --read-only); the queue "
                "is shown without its buttons.")
    if request.remote_addr not in LOOPBACK:
        return ("Writing is only allowed from the machine running vzmap (127.0.0.1); the queue "
                "is shown without its buttons.")
    if any(request.headers.get(h) for h in FORWARDING_HEADERS):
        return ("Writing is only allowed from this machine, not through a proxy (the request "
                "carries forwarding headers); the queue is shown without its buttons.")
    if not _loopback_host(request.host):
        return (f"Writing is only allowed at http://127.0.0.1 or http://localhost, not at the "
                f"name {request.host!r}; the queue is shown without its buttons.")
    return None


def _loopback_host(host: str | None) -> bool:
    """True when the ``Host`` header names this machine's loopback (any port)."""
    try:
        name, _port = split_host(host or "")
    except ValueError:
        return False
    return name in LOOPBACK_NAMES


def _cross_site() -> str | None:
    """A request sent by a page of another site (its Origin, or the browser's Sec-Fetch-Site)."""
    origin = request.headers.get("Origin")
    if request.headers.get("Sec-Fetch-Site") == "cross-site" or (
            origin and urlsplit(origin).netloc != request.host):
        return "Refused: the request comes from another site."
    return None


def _gazetteer() -> Gazetteer | None:
    try:
        return load_gazetteer()
    except VzmapError:
        return None


# --------------------------------------------------------------------------- the page


def _read_file() -> tuple[dict | None, str | None, list[str]]:
    """The usable data of the places file, its version and its errors (as text); read again
    only when the file or the articles changed (the version is that of the bytes read)."""
    source = _source()
    path = source.places_file.path
    try:
        st = path.stat()
    except OSError:
        return None, None, [f"{path}: no places file yet: run `vzmap ingest` to create it"]
    key = (st.st_mtime_ns, st.st_size, st.st_ino, hash(source.docs.signature()))
    cached = current_app.extensions.get(CACHE_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        taxonomy = source.taxonomy()
    except VzmapError:
        taxonomy = None
    checked = check_file(path, content=True, docs_dir=source.docs_dir, taxonomy=taxonomy)
    result = checked.usable(), file_version(checked.raw), [str(p) for p in checked.errors]
    current_app.extensions[CACHE_KEY] = (key, result)
    return result


def _trim(text: str, keep: int, left: bool) -> str:
    if len(text) <= keep:
        return text
    if left:
        cut = text[-keep:]
        return "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut
    cut = text[:keep]
    return (cut[:cut.rfind(" ")] if " " in cut else cut) + "…"


def excerpt_parts(m: dict) -> tuple[str, str, str]:
    """``(before, mention, after)`` of the mention's sentence, trimmed around the mention."""
    excerpt, ex_start, text = m.get("excerpt"), m.get("excerpt_start"), str(m.get("text", ""))
    if isinstance(excerpt, str) and isinstance(ex_start, int):
        a, b = m["start"] - ex_start, m["end"] - ex_start
        if 0 <= a < b <= len(excerpt) and excerpt[a:b] == text:
            return (_trim(excerpt[:a], EXCERPT_CONTEXT, True), text,
                    _trim(excerpt[b:], EXCERPT_CONTEXT, False))
    return "", text, ""


def _pct(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return None
    return f"{round(v * 100)}%"


def _candidate_view(c: dict, gaz: Gazetteer | None) -> dict:
    entry = gaz.get(c["gazetteer_id"]) if gaz is not None else None
    admin1 = entry.admin1 if entry is not None and entry.admin1 != c.get("name") else None
    return {"id": c["gazetteer_id"], "name": c.get("name") or c["gazetteer_id"],
            "country": c.get("country"), "kind": c.get("kind"), "admin1": admin1 or None,
            "score": _pct(c.get("score"))}


def _item_view(n: int, item: Item, titles: dict[str, str], gaz: Gazetteer | None) -> dict:
    props = item.place.get("properties") or {}
    coords = (item.place.get("geometry") or {}).get("coordinates") or [None, None]
    before, text, after = excerpt_parts(item.mention)
    cands = [c for c in item.mention.get("candidates") or []
             if isinstance(c, dict) and isinstance(c.get("gazetteer_id"), str)]
    return {
        "n": n, "doc": item.doc, "start": item.start, "end": item.end,
        "place_id": item.place_id, "doc_title": titles.get(item.doc, item.doc),
        "reader_url": url_for("vzmap.reader", doc=item.doc) + f"#m-{item.start}",
        "before": before, "text": text, "after": after,
        "place_name": props.get("name") or item.place_id, "country": props.get("country"),
        "kind": props.get("kind") or "other", "admin1": props.get("admin1"),
        "count": len(props.get("mentions") or []), "lon": coords[0], "lat": coords[1],
        "confidence": _pct(item.mention.get("confidence")), "doubt": f"{item.doubt:.2f}",
        "reasons": [s.why for s in item.signals],
        "candidates": [_candidate_view(c, gaz) for c in cands[:MAX_CANDIDATES]],
    }


def _locate(gaz: Gazetteer | None):
    if gaz is None:
        return None

    def locate(gid: str) -> tuple[float, float] | None:
        e = gaz.get(gid)
        return None if e is None else (e.lat, e.lon)

    return locate


@bp.get("/review")
def review_page():
    data, version, problems = _read_file()
    gaz = _gazetteer()
    queue = build_queue(data or {"features": []}, locate=_locate(gaz))
    pages = max(1, math.ceil(len(queue.items) / PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    first = (page - 1) * PAGE_SIZE
    titles = {i: d.title for i, d in _source().documents().items()}
    items = [_item_view(first + k + 1, item, titles, gaz)
             for k, item in enumerate(queue.items[first:first + PAGE_SIZE])]
    refusal = write_refusal() or (None if data is not None else
                                  "Writing is off: the places file cannot be used.")
    html = render_template(
        "review.html", title="Review queue", items=items, queue=queue, page=page, pages=pages,
        first=first, problems=problems, refusal=refusal, version=version or "",
        token=_token() if refusal is None else "", places=str(_source().places_file.path),
        endpoint=url_for("review.review_edit"),
    )
    resp = Response(html, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = REVIEW_CSP
    resp.headers["Cache-Control"] = "no-store"
    return resp


# --------------------------------------------------------------------------- the writes


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"ok": False, "error": message}), status


def _int(body: dict, name: str) -> int:
    v = body.get(name)
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f'"{name}" must be a whole number')
    return v


def _str(body: dict, name: str) -> str:
    v = body.get(name)
    if not isinstance(v, str) or not v:
        raise ValueError(f'"{name}" must be a non-empty string')
    return v


def _num(body: dict, name: str) -> float:
    v = body.get(name)
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError(f'"{name}" must be a number')
    return float(v)


def _entry(gid: str) -> dict | None:
    gaz = _gazetteer()
    e = gaz.get(gid) if gaz is not None else None
    if e is None:
        return None
    return {"id": e.id, "name": e.name, "kind": e.kind, "country": e.country,
            "admin1": e.admin1, "lat": e.lat, "lon": e.lon}


def parse_edit(body: dict):
    """The edit a request body asks for, as ``edit(current, base)``; ValueError if malformed."""
    action = body.get("action")
    if action not in ACTIONS:
        raise ValueError(f'"action" must be one of {", ".join(ACTIONS)}')
    key = (_str(body, "doc"), _int(body, "start"), _int(body, "end"))
    place = _str(body, "place")
    if action == "candidate":
        cid = _str(body, "candidate")
        entry = _entry(cid)
        return lambda fc, base: to_candidate(fc, base, key, place, cid, entry)
    if action == "point":
        lon, lat = _num(body, "lon"), _num(body, "lat")
        return lambda fc, base: to_point(fc, base, key, place, lon, lat)
    return lambda fc, base: not_a_place(fc, base, key, place)


def _token_ok() -> bool:
    """The request carries the page's token in its ``X-Vzmap-Token`` header."""
    token = request.headers.get(TOKEN_HEADER)
    return isinstance(token, str) and secrets.compare_digest(token.encode("utf-8"),
                                                             _token().encode("utf-8"))


def _body() -> Any:
    """The request's JSON body; ValueError when it is too long, not JSON or nested too deep."""
    raw = request.stream.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise OverflowError
    try:
        return json.loads(raw.decode("utf-8"))
    except (RecursionError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise ValueError("the body is not JSON (or is nested too deep)") from exc


@bp.post("/review/edit")
def review_edit():
    refusal = write_refusal() or _cross_site()
    if refusal is not None:
        return _error(403, refusal)
    if not _token_ok():
        return _error(403, TOKEN_MESSAGE)
    if not request.is_json:
        return _error(415, "Send the edit as a JSON object (Content-Type: application/json).")
    if (request.content_length or 0) > MAX_BODY:
        return _error(413, f"Refused: an edit is at most {MAX_BODY} bytes.")
    try:
        body = _body()
    except OverflowError:
        return _error(413, f"Refused: an edit is at most {MAX_BODY} bytes.")
    except ValueError as exc:
        return _error(400, f"Bad request: {exc}.")
    if not isinstance(body, dict):
        return _error(400, "Send the edit as a JSON object (Content-Type: application/json).")
    try:
        edit, version = parse_edit(body), _str(body, "version")
    except ValueError as exc:
        return _error(400, f"Bad request: {exc}.")
    source = _source()
    try:
        new_version, message = apply_review(
            source.places_file.path, edit, version, docs_dir=source.docs_dir,
            taxonomy=source.taxonomy())
    except StaleFileError:
        return _error(409, STALE_MESSAGE)
    except MentionGoneError as exc:
        return _error(409, f"{exc}.")
    except (ReviewError, PlacesFileError) as exc:
        return _error(422, str(exc))
    except VzmapError as exc:
        return _error(500, str(exc))
    return jsonify({"ok": True, "version": new_version, "message": message})
