"""The review queue (pure): which mentions are most worth a look, and the reviewer's edits.

A mention's *doubt* is the weighted sum of named signals, each from 0 to 1 (weights are the
``review.*`` settings in :mod:`vzmap.settings`):

- ``low_confidence``: the geoparser's own doubt, ``1 - confidence``;
- ``close_runner_up``: a runner-up (a candidate) scoring nearly as well as the chosen place;
- ``far_namesake``: a runner-up in another country, or far from the chosen place;
- ``off_story``: the chosen place is in a country none of its article's other places is in,
  far from all of them ("Santa Rosa" resolved to Guatemala in a story about Venezuela);
- ``lone_weak``: the file names the place only this once, and not confidently.

The edits work on a places collection and return a new one (the input is not changed); the
write itself (lock, version check, validation, atomic replace) is
:func:`vzmap.places.io.apply_review`. A mention the reviewer kept gets ``"reviewed": true``:
it leaves the queue and, being a hand edit, survives every re-ingest (see
``docs/places-format.md``). A mention marked "not a place" is deleted, which the merge keeps
deleted.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .. import settings
from ..errors import VzmapError
from ..gazetteer.entries import distance_km
from .contract import point
from .merge import drop_unedited_empty

Key = tuple[str, int, int]
#: ``locate(gazetteer_id)`` -> ``(lat, lon)`` of a gazetteer entry, or None when unknown.
Locate = Callable[[str], tuple[float, float] | None]
#: Kinds too large to be "far from the story": articles name countries and regions anywhere.
WIDE_KINDS = ("country", "region")
#: The mention field a reviewer's decision sets.
REVIEWED = "reviewed"
#: A point this close (degrees) to a country's coarse outline counts as in it.
NEAR_COUNTRY_DEG = 0.5
Ring = tuple[tuple[float, float], ...]


class ReviewError(VzmapError, ValueError):
    """A review edit cannot be made: the mention or the candidate is not (or no longer) there."""


class MentionGoneError(ReviewError):
    """The mention to edit is not (or no longer) where the page saw it."""


class StaleFileError(VzmapError):
    """The places file changed since the review page was loaded; nothing was written."""

    def __init__(self, path: Path | str):
        super().__init__(f"{path}: the file changed since you opened this page: reload and try "
                         "again (nothing was written)")
        self.path = path


def file_version(raw: bytes) -> str:
    """The version of a places file's bytes (what the review page sends back with an edit)."""
    return hashlib.sha256(raw).hexdigest()[:32]


# --------------------------------------------------------------------------- the queue


@dataclass(frozen=True)
class Signal:
    """One reason to doubt a mention: its name, strength (0 to 1), weight and words for people."""

    name: str
    value: float
    weight: float
    why: str

    @property
    def points(self) -> float:
        return self.value * self.weight


@dataclass
class Item:
    """A mention worth a look: where it is, its place, and why it is doubtful."""

    doc: str
    start: int
    end: int
    place_id: str
    place: dict
    mention: dict
    signals: list[Signal] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return (self.doc, self.start, self.end)

    @property
    def doubt(self) -> float:
        return round(sum(s.points for s in self.signals), 6)


@dataclass
class Queue:
    """The items, most doubtful first; how many mentions there are and how many were reviewed."""

    items: list[Item]
    mentions: int = 0
    reviewed: int = 0


@dataclass(frozen=True)
class _Place:
    id: str
    name: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    count: int


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return None
    return float(v)


def _place_of(feature: dict) -> _Place:
    props = feature.get("properties") or {}
    coords = (feature.get("geometry") or {}).get("coordinates") or []
    lon, lat = (_number(coords[0]), _number(coords[1])) if len(coords) == 2 else (None, None)
    country = props.get("country") if isinstance(props.get("country"), str) else None
    name = props.get("name")
    return _Place(str(feature.get("id")), name if isinstance(name, str) and name else
                  str(feature.get("id")), str(props.get("kind") or "other"), country, lat, lon,
                  len(props.get("mentions") or []))


def _pct(v: float) -> str:
    return f"{round(v * 100)}%"


def _candidates(m: dict) -> list[dict]:
    return [c for c in m.get("candidates") or []
            if isinstance(c, dict) and isinstance(c.get("gazetteer_id"), str)]


def _close_runner_up(m: dict, conf: float) -> Signal | None:
    cands = _candidates(m)
    score = _number(cands[0].get("score")) if cands else None
    if score is None:
        return None
    margin = conf - score
    scale = settings.value("review.close_margin")
    value = (1.0 if margin <= 0 else 0.0) if scale <= 0 else min(1.0, max(0.0, 1 - margin / scale))
    if value <= 0:
        return None
    c = cands[0]
    why = (f"close runner-up: {c.get('name')} ({c.get('country') or '?'}) scores {_pct(score)} "
           f"against {_pct(conf)}")
    return Signal("close_runner_up", value, settings.value("review.close_runner_up"), why)


def _far_namesake(m: dict, place: _Place, locate: Locate | None) -> Signal | None:
    far_km = settings.value("review.far_km")
    for c in _candidates(m):
        score = _number(c.get("score"))
        if score is None or score < settings.value("review.namesake_min_score"):
            continue
        country = c.get("country")
        where = None
        if place.country and isinstance(country, str) and country and country != place.country:
            where = f"in {country}"
        elif locate is not None and place.lat is not None and place.lon is not None:
            at = locate(c["gazetteer_id"])
            if at is not None and (km := distance_km(place.lat, place.lon, *at)) > far_km:
                where = f"{round(km):,} km away"
        if where is not None:
            why = f"a namesake {where}: {c.get('name')} ({c.get('kind') or 'place'}, " \
                  f"{_pct(score)})"
            return Signal("far_namesake", 1.0, settings.value("review.far_namesake"), why)
    return None


def _off_story(place: _Place, others: list[_Place]) -> Signal | None:
    """The place is far from every other place of its article and in none of their countries."""
    if place.kind in WIDE_KINDS or place.lat is None or place.lon is None or not others:
        return None
    if place.country and any(o.country == place.country for o in others):
        return None
    far_km = settings.value("review.far_km")
    nearest: tuple[float, _Place] | None = None
    for o in others:
        if o.lat is None or o.lon is None:
            continue
        km = distance_km(place.lat, place.lon, o.lat, o.lon)
        if km <= far_km:
            return None
        if nearest is None or km < nearest[0]:
            nearest = (km, o)
    if nearest is None:
        return None
    km, o = nearest
    why = (f"far from the article's other places: the nearest, {o.name} "
           f"({o.country or '?'}), is {round(km):,} km away")
    return Signal("off_story", 1.0, settings.value("review.off_story"), why)


def signals(m: dict, place: _Place, others: list[_Place], locate: Locate | None) -> list[Signal]:
    """Every signal that speaks against mention ``m`` of ``place`` (``others``: the other
    places of its article)."""
    out: list[Signal] = []
    conf = _number(m.get("confidence"))
    if conf is not None and conf < 1:
        out.append(Signal("low_confidence", 1 - conf, settings.value("review.low_confidence"),
                          f"confidence {_pct(conf)}"))
    if conf is not None and (s := _close_runner_up(m, conf)) is not None:
        out.append(s)
    if (s := _far_namesake(m, place, locate)) is not None:
        out.append(s)
    if (s := _off_story(place, others)) is not None:
        out.append(s)
    weak = settings.value("review.weak_confidence")
    if place.count == 1 and conf is not None and conf < weak:
        out.append(Signal("lone_weak", 1.0, settings.value("review.lone_weak"),
                          f"the only mention of this place, and not a confident one "
                          f"({_pct(conf)})"))
    return [s for s in out if s.points > 0]


def _mentions(fc: dict):
    """``(feature, place, mention)`` of every mention with a usable span."""
    for f in fc.get("features") or []:
        if not isinstance(f, dict):
            continue
        place = _place_of(f)
        for m in (f.get("properties") or {}).get("mentions") or []:
            if (isinstance(m, dict) and isinstance(m.get("doc"), str)
                    and isinstance(m.get("start"), int) and isinstance(m.get("end"), int)):
                yield f, place, m


def build_queue(fc: dict, *, locate: Locate | None = None) -> Queue:
    """The mentions of ``fc`` worth a look, most doubtful first (ties in text order); mentions
    already reviewed and those whose doubt is below ``review.min_doubt`` are left out."""
    rows = list(_mentions(fc))
    by_doc: dict[str, dict[str, _Place]] = {}
    for _f, place, m in rows:
        by_doc.setdefault(m["doc"], {})[place.id] = place
    queue = Queue([], mentions=len(rows))
    floor = settings.value("review.min_doubt")
    for f, place, m in rows:
        if m.get(REVIEWED):
            queue.reviewed += 1
            continue
        others = [p for pid, p in by_doc[m["doc"]].items() if pid != place.id]
        item = Item(m["doc"], m["start"], m["end"], place.id, f, m,
                    signals(m, place, others, locate))
        if item.signals and item.doubt >= floor:
            queue.items.append(item)
    queue.items.sort(key=lambda i: (-i.doubt, i.doc, i.start, i.end))
    return queue


# --------------------------------------------------------------------------- the edits


def _find(fc: dict, key: Key, place_id: str) -> tuple[dict, int]:
    """The feature ``place_id`` and the index of mention ``key`` in it, or ReviewError."""
    for f in fc.get("features") or []:
        if isinstance(f, dict) and f.get("id") == place_id:
            mentions = (f.get("properties") or {}).get("mentions") or []
            for j, m in enumerate(mentions):
                if isinstance(m, dict) and (m.get("doc"), m.get("start"), m.get("end")) == key:
                    return f, j
            break
    doc, start, end = key
    raise MentionGoneError(f"mention {doc}:{start}-{end} of {place_id} is no longer in the file: "
                      "reload the page")


def _drop_if_empty(fc: dict, feature: dict, base: dict | None) -> None:
    """Take out ``feature`` when the edit left it without mentions, unless a person made or
    edited it (see :func:`vzmap.places.merge.drop_unedited_empty`)."""
    if not (feature.get("properties") or {}).get("mentions"):
        alone = drop_unedited_empty({"features": [feature]}, base)
        if not alone["features"]:
            fc["features"] = [f for f in fc["features"] if f is not feature]


def not_a_place(fc: dict, base: dict | None, key: Key, place_id: str) -> tuple[dict, str]:
    """Delete mention ``key`` of place ``place_id`` (a hand deletion: it stays deleted)."""
    fc = copy.deepcopy(fc)
    feature, j = _find(fc, key, place_id)
    m = feature["properties"]["mentions"].pop(j)
    _drop_if_empty(fc, feature, base)
    return fc, f"“{m.get('text')}” is no longer a place in the file"


def _target(fc: dict, candidate_id: str) -> dict | None:
    """The feature that is gazetteer entry ``candidate_id``: by id, else by ``gazetteer_id``."""
    feats = [f for f in fc.get("features") or [] if isinstance(f, dict)]
    for f in feats:
        if f.get("id") == candidate_id:
            return f
    for f in sorted(feats, key=lambda f: str(f.get("id"))):
        if (f.get("properties") or {}).get("gazetteer_id") == candidate_id:
            return f
    return None


def new_feature(place: dict) -> dict:
    """A feature for a gazetteer entry: ``place`` has ``id, name, kind, country, admin1, lat,
    lon`` (the entry's values; empty strings become null)."""
    return {
        "type": "Feature",
        "id": place["id"],
        "geometry": point(place["lon"], place["lat"]),
        "properties": {
            "name": place["name"], "kind": place["kind"], "gazetteer_id": place["id"],
            "country": place.get("country") or None, "admin1": place.get("admin1") or None,
            "aliases": [], "mentions": [],
        },
    }


def to_candidate(fc: dict, base: dict | None, key: Key, place_id: str, candidate_id: str,
                 entry: dict | None) -> tuple[dict, str]:
    """Move mention ``key`` from ``place_id`` to its candidate ``candidate_id``: the feature of
    that gazetteer entry, or a new one made from ``entry`` (see :func:`new_feature`)."""
    fc = copy.deepcopy(fc)
    feature, j = _find(fc, key, place_id)
    m = feature["properties"]["mentions"][j]
    if candidate_id not in {c["gazetteer_id"] for c in _candidates(m)}:
        raise ReviewError(f"{candidate_id} is not a candidate of “{m.get('text')}”")
    target = _target(fc, candidate_id)
    if target is feature:
        raise ReviewError(f"“{m.get('text')}” is already a mention of {place_id}")
    if target is None:
        if entry is None:
            raise ReviewError(f"{candidate_id} is not in the gazetteer (it may have changed: "
                              "run `vzmap ingest` again to refresh the candidates)")
        target = new_feature(entry)
        fc["features"].append(target)
    feature["properties"]["mentions"].pop(j)
    target["properties"].setdefault("mentions", []).append({**m, REVIEWED: True})
    _drop_if_empty(fc, feature, base)
    name = target["properties"].get("name") or target.get("id")
    country = target["properties"].get("country")
    return fc, f"“{m.get('text')}” now means {name}" + (f" ({country})" if country else "")


@functools.cache
def _outlines() -> tuple[tuple[str, str, tuple[Ring, ...]], ...]:
    """``(code, name, outer rings)`` of every country in ``countryinfo`` (the outlines the
    coordinate check of :mod:`vzmap.places.validate.geo` uses); empty when it is missing."""
    try:
        folder = resources.files("countryinfo").joinpath("data")
        files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")),
                       key=lambda f: f.name)
    except (ModuleNotFoundError, OSError):
        return ()
    out = []
    for f in files:
        try:
            info = json.loads(f.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        code = str((info.get("ISO") or {}).get("alpha2") or "").upper()
        rings = tuple(tuple((float(x), float(y)) for x, y, *_ in poly[0])
                      for feat in (info.get("geoJSON") or {}).get("features") or []
                      for poly in _polygons(feat.get("geometry") or {}) if poly and poly[0])
        name = str(info.get("name") or code)
        if len(code) == 2 and rings:
            out.append((code, name.title() if name.islower() else name, rings))
    return tuple(out)


def _polygons(geometry: dict) -> list:
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates") or []]
    if geometry.get("type") == "MultiPolygon":
        return geometry.get("coordinates") or []
    return []


def _inside(ring: Ring, x: float, y: float) -> bool:
    """Even-odd rule: whether ``(x, y)`` is inside ``ring``."""
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def _distance_deg(ring: Ring, x: float, y: float) -> float:
    """How far (degrees) ``(x, y)`` is from the edge of ``ring``."""
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        dx, dy = x2 - x1, y2 - y1
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy)
                                                   / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def country_at(lon: float, lat: float) -> tuple[str, str] | None:
    """``(code, name)`` of the country whose outline holds ``[lon, lat]``, else of the nearest
    one within :data:`NEAR_COUNTRY_DEG` (outlines are coarse: coastal towns fall outside); None
    at sea or when ``countryinfo`` is missing."""
    near: tuple[float, str, str] | None = None
    for code, name, rings in _outlines():
        if any(_inside(r, lon, lat) for r in rings):
            return code, name
        d = min(_distance_deg(r, lon, lat) for r in rings)
        if d <= NEAR_COUNTRY_DEG and (near is None or d < near[0]):
            near = (d, code, name)
    return None if near is None else (near[1], near[2])


def _in_country(code: str, lon: float, lat: float) -> bool:
    """Whether ``[lon, lat]`` is in (or near the outline of) country ``code``; True when the
    country's outline is unknown (nothing to go by)."""
    for c, _name, rings in _outlines():
        if c == code:
            return any(_inside(r, lon, lat) or _distance_deg(r, lon, lat) <= NEAR_COUNTRY_DEG
                       for r in rings)
    return True


def _recountry(props: dict, lon: float, lat: float) -> str:
    """Give ``props`` the country the point ``[lon, lat]`` is in when it lies in another one
    (``admin1`` becomes null: it named a part of the old country); the words saying so."""
    old = props.get("country")
    if isinstance(old, str) and old and _in_country(old, lon, lat):
        return ""
    found = country_at(lon, lat)
    if found is None or found[0] == old:
        return ""
    props["country"], props["admin1"] = found[0], None
    return f", moved to {found[0]} ({found[1]})"


def to_point(fc: dict, base: dict | None, key: Key, place_id: str, lon: float,
             lat: float) -> tuple[dict, str]:
    """Put the place of mention ``key`` at ``[lon, lat]`` (a hand edit of its position); a point
    in another country than the place's gives the place that country (:func:`country_at`), so
    that a namesake on another continent can be put right."""
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ReviewError(f"[{lon}, {lat}] is not a point: longitude -180..180, latitude -90..90")
    fc = copy.deepcopy(fc)
    feature, j = _find(fc, key, place_id)
    feature["geometry"] = point(lon, lat)
    m = feature["properties"]["mentions"][j]
    feature["properties"]["mentions"][j] = {**m, REVIEWED: True}
    name = feature["properties"].get("name") or place_id
    lon_r, lat_r = feature["geometry"]["coordinates"]
    moved = _recountry(feature["properties"], lon_r, lat_r)
    return fc, f"{name} is now at {lat_r}, {lon_r} (latitude, longitude){moved}"
