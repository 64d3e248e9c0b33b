"""The places file contract (pure): building it from mentions, normalising, serialising.

The format is described for people in ``docs/places-format.md`` and for machines in
``vzmap/schema/places.schema.json``. In short: an RFC 7946 ``FeatureCollection``, one Point
``Feature`` per place (``[lon, lat]``, at most 6 decimals), features sorted by ``id``, each place's
``properties.mentions`` sorted by ``(doc, start, end)``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

#: Coordinates are rounded to this many decimals (about 0.1 m).
COORD_DECIMALS = 6
#: Order of a feature's keys, of its properties and of a mention's keys when serialised;
#: other keys (added by hand) follow, sorted.
FEATURE_KEYS = ("type", "id", "geometry", "properties")
PROPERTY_KEYS = ("name", "kind", "gazetteer_id", "country", "admin1", "within", "aliases")
MENTION_KEYS = (
    "doc", "start", "end", "text", "excerpt", "excerpt_start", "event_type", "date",
    "date_source", "confidence", "candidates",
)
CANDIDATE_KEYS = ("gazetteer_id", "name", "country", "score")
#: Place attributes a resolved mention's ``place`` carries into the feature's properties.
PLACE_KEYS = ("name", "kind", "gazetteer_id", "country", "admin1")


def empty_collection() -> dict:
    """A places file without places."""
    return {"type": "FeatureCollection", "features": []}


def mention_key(mention: dict) -> tuple[str, int, int]:
    """The identity of a mention: ``(doc, start, end)``."""
    return (str(mention.get("doc")), int(mention.get("start", 0)), int(mention.get("end", 0)))


def _sort_key_mention(m: Any) -> tuple:
    if not isinstance(m, dict):
        return ("", 0, 0)
    try:
        return mention_key(m)
    except (TypeError, ValueError):
        return (str(m.get("doc")), 0, 0)


def _ordered(d: dict, first: Iterable[str]) -> dict:
    first = tuple(first)
    out = {k: d[k] for k in first if k in d}
    if len(out) < len(d):
        for k in sorted(k for k in d if k not in first):
            out[k] = d[k]
    return out


def round_coord(value: float) -> float:
    """A coordinate rounded to :data:`COORD_DECIMALS` decimals (``-0.0`` becomes ``0.0``)."""
    return round(float(value), COORD_DECIMALS) + 0.0


def point(lon: float, lat: float) -> dict:
    """A GeoJSON Point geometry; note the argument order is ``(lon, lat)`` as in GeoJSON."""
    return {"type": "Point", "coordinates": [round_coord(lon), round_coord(lat)]}


def normalize_mention(m: dict) -> dict:
    """A mention's keys in contract order (extra keys kept, sorted, after them)."""
    out = _ordered(m, MENTION_KEYS)
    if isinstance(out.get("candidates"), list):
        out["candidates"] = [
            _ordered(c, CANDIDATE_KEYS) if isinstance(c, dict) else c for c in out["candidates"]
        ]
    return out


def normalize_feature(feature: dict) -> dict:
    """A feature with its keys in contract order and its mentions sorted by (doc, start, end)."""
    out = _ordered(feature, FEATURE_KEYS)
    geom = out.get("geometry")
    if isinstance(geom, dict):
        out["geometry"] = _ordered(geom, ("type", "coordinates"))
    props = out.get("properties")
    if isinstance(props, dict):
        props = _ordered({k: v for k, v in props.items() if k != "mentions"}, PROPERTY_KEYS)
        mentions = feature["properties"].get("mentions")
        if isinstance(mentions, list):
            mentions = [normalize_mention(m) if isinstance(m, dict) else m for m in mentions]
            props["mentions"] = sorted(mentions, key=_sort_key_mention)
        elif "mentions" in feature["properties"]:
            props["mentions"] = mentions
        out["properties"] = props
    return out


def normalize(fc: dict) -> dict:
    """The canonical form of a places collection: keys in contract order, features sorted by id.

    Values are not changed; only order. ``dumps`` writes this form.
    """
    out = _ordered(fc, ("type", "features"))
    feats = out.get("features")
    if isinstance(feats, list):
        feats = [normalize_feature(f) if isinstance(f, dict) else f for f in feats]
        out["features"] = sorted(
            feats, key=lambda f: str(f.get("id")) if isinstance(f, dict) else ""
        )
    return out


def build_collection(mentions: list[dict]) -> dict:
    """The places FeatureCollection of resolved mentions, grouped by ``mention["place"]["id"]``.

    Each mention is a dict with ``doc, start, end, text, excerpt, excerpt_start, event_type,
    confidence, candidates`` and ``place`` (``id, name, kind, gazetteer_id, lat, lon, country,
    admin1`` and optionally ``aliases``). The first mention (by ``(doc, start, end)``) of a place
    supplies its attributes; a second mention of the same span is dropped.
    """
    features: dict[str, dict] = {}
    seen: set[tuple] = set()
    for m in sorted(mentions, key=_sort_key_mention):
        place = m["place"]
        key = mention_key(m)
        if key in seen:
            continue
        seen.add(key)
        pid = str(place["id"])
        feature = features.get(pid)
        if feature is None:
            props = {k: place.get(k) for k in PLACE_KEYS}
            if place.get("within"):  # a quarter pinned at its town's centre
                props["within"] = place["within"]
            props["aliases"] = list(place.get("aliases") or [])
            props["mentions"] = []
            feature = features[pid] = {
                "type": "Feature",
                "id": pid,
                "geometry": point(place["lon"], place["lat"]),
                "properties": props,
            }
        feature["properties"]["mentions"].append(
            normalize_mention({k: v for k, v in m.items() if k != "place"})
        )
    return normalize({"type": "FeatureCollection", "features": list(features.values())})


# --------------------------------------------------------------------------- serialising


#: One encoder for every value (``json.dumps`` with options builds a new one per call); its
#: output is ``json.dumps(value, ensure_ascii=False, allow_nan=False)``.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
_SCALARS = (str, int, float, bool, type(None))
#: Encoded object keys (a file has a few dozen distinct ones).
_KEYS: dict[str, str] = {}


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, str | int | float | bool)


def _key(k: Any) -> str:
    if type(k) is not str:
        return _ENCODER.encode(str(k))
    encoded = _KEYS.get(k)
    if encoded is None:
        encoded = _ENCODER.encode(k)
        if len(_KEYS) < 4096:
            _KEYS[k] = encoded
    return encoded


def _scalar(v: Any) -> str:
    """A plain value as JSON (exact types first: the encoder's own output, faster)."""
    t = type(v)
    if t is int:
        return int.__repr__(v)
    if t is float and math.isfinite(v):
        return float.__repr__(v)
    return _ENCODER.encode(v)  # strings, true/false/null, subclasses; NaN raises ValueError


def _encode_dict(value: dict, indent: int, parent_key: str | None, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    if parent_key == "candidates" and all(_is_scalar(v) for v in value.values()):
        out.append(_ENCODER.encode(value))
        return
    pad = "  " * indent
    inner = pad + "  "
    out.append("{\n")
    last = len(value) - 1
    for n, (k, v) in enumerate(value.items()):
        out.append(f"{inner}{_key(k)}: ")
        if type(v) in _SCALARS:
            out.append(_scalar(v))
        elif isinstance(v, dict):  # not through _encode: one stack frame per level, as before
            _encode_dict(v, indent + 1, str(k), out)
        elif isinstance(v, list | tuple):
            _encode_list(v, indent + 1, str(k), out)
        else:
            out.append(_scalar(v))
        out.append(",\n" if n < last else "\n")
    out.append(pad + "}")


def _encode_list(value: list | tuple, indent: int, parent_key: str | None,
                 out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    if all(_is_scalar(v) for v in value):
        # Short lists of plain values (coordinates, aliases) stay on one line.
        out.append(_ENCODER.encode(list(value)))
        return
    pad = "  " * indent
    out.append("[\n")
    last = len(value) - 1
    for n, v in enumerate(value):
        out.append(f"{pad}  ")
        if isinstance(v, dict):
            _encode_dict(v, indent + 1, parent_key, out)
        elif isinstance(v, list | tuple):
            _encode_list(v, indent + 1, parent_key, out)
        else:
            out.append(_scalar(v))
        out.append(",\n" if n < last else "\n")
    out.append(f"{pad}]")


def _encode(value: Any, indent: int, parent_key: str | None, out: list[str]) -> None:
    """``value`` as the file writes it, at ``indent`` levels, inside the key ``parent_key``."""
    if isinstance(value, dict):
        _encode_dict(value, indent, parent_key, out)
    elif isinstance(value, list | tuple):
        _encode_list(value, indent, parent_key, out)
    else:
        out.append(_scalar(value))


def dumps(fc: dict) -> str:
    """Serialise a places collection deterministically (same input, same bytes).

    The canonical order of :func:`normalize`, 2-space indent, non-ASCII kept as is, coordinates
    and other short lists of plain values on one line, each candidate on one line, trailing
    newline. NaN and infinities are refused (``ValueError``): they are not JSON.
    """
    out: list[str] = []
    _encode(normalize(fc), 0, None, out)
    out.append("\n")
    return "".join(out)
