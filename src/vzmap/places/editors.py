"""What GeoJSON editors write: features drawn in geojson.io or saved by QGIS become places.

Any RFC 7946 Point feature is a place. Editors leave out what vzmap adds (``id``, ``kind``,
``mentions``) or write it their own way (numeric ids), so before a places file is checked the
missing parts get defaults and each default becomes a warning that says what was assumed.
Foreign properties (simplestyle ``marker-color``, ``title``, ``description``, QGIS fields) are
left as they are. Pure: works on parsed data, no I/O.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

#: The form of a place id: ``<source>:<key>`` (as in the JSON Schema).
ID_RE = re.compile(r"^[a-z][a-z0-9_-]*:\S+$")
#: Properties editors use for a feature's name, in order of preference, when ``name`` is missing.
NAME_FIELDS = ("title", "Name", "NAME", "label", "nombre")
DEFAULT_KIND = "other"
UNNAMED = "Unnamed place"

Pointer = tuple[str | int, ...]
#: (pointer of the value, message, whether the message is about the key)
Note = tuple[Pointer, str]


def slug(text: str, limit: int = 40) -> str:
    """``"Tocorón prison"`` -> ``"tocoron-prison"``: ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:limit].strip("-") or "place"


def _point_key(feature: dict) -> str:
    geom = feature.get("geometry")
    coords = geom.get("coordinates") if isinstance(geom, dict) else None
    if isinstance(coords, list) and any(isinstance(c, list | dict) for c in coords):
        coords = None  # not a point (the schema reports it); nested values need no hashing
    return hashlib.sha1(repr(coords).encode("utf-8", "replace")).hexdigest()[:6]


def _name_of(props: dict) -> str | None:
    name = props.get("name")
    if isinstance(name, str) and name.strip():
        return name
    for key in NAME_FIELDS:
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _default_properties(feature: dict, ptr: Pointer) -> list[Note]:
    """Notes on a missing name or kind (read with defaults, never written into the file, so a
    name deleted by mistake is not replaced by an invented one); ``mentions`` defaults to []."""
    notes: list[Note] = []
    props = feature.get("properties")
    if props is None:
        props = feature["properties"] = {}
    if not isinstance(props, dict):
        return notes  # the schema reports it
    here = (*ptr, "properties")
    if props.get("name") is None:
        name = display_name(props)
        notes.append((here, f'no "name": the map shows "{name}"; add "name" to choose it'))
    if props.get("kind") is None:
        notes.append((here, f'no "kind": "{DEFAULT_KIND}" is assumed; add "kind" (one of '
                            '"country", "admin1", "city", "site", "region", "quarter", "other")'))
    if props.get("mentions") is None:
        props["mentions"] = []
    return notes


def display_name(props: dict) -> str:
    """The name to show for a place: ``name``, else an editor's title field, else a stand-in."""
    return _name_of(props) or UNNAMED


def kind_of(props: dict) -> str:
    """A place's kind, ``other`` when the file does not say."""
    kind = props.get("kind")
    return kind if isinstance(kind, str) and kind else DEFAULT_KIND


def _new_id(feature: dict, taken: set[str]) -> str:
    raw = feature.get("id")
    props = feature.get("properties")
    props = props if isinstance(props, dict) else {}
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        stem = f"user:{slug(format(raw, 'g'))}"
    elif isinstance(raw, str) and raw.strip():
        stem = f"user:{slug(raw)}"
    else:
        stem = f"user:{slug(str(props.get('name') or 'place'))}-{_point_key(feature)}"
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def _default_id(feature: dict, ptr: Pointer, taken: set[str]) -> list[Note]:
    raw = feature.get("id")
    if isinstance(raw, str) and ID_RE.match(raw):
        return []
    new = _new_id(feature, taken)
    taken.add(new)
    feature["id"] = new
    what = 'no "id"' if raw is None else f'the id {raw!r} is not of the form "<source>:<key>"'
    return [((*ptr, "id") if raw is not None else ptr,
             f'{what}: using "{new}" (vzmap ingest writes it into the file)')]


def apply_defaults(data: Any) -> list[Note]:
    """Give editor-made features the fields vzmap needs, in place; what was assumed, as notes.

    Only Feature objects are touched; anything else is left for the schema check to report.
    """
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        return []
    taken = {
        f["id"] for f in features
        if isinstance(f, dict) and isinstance(f.get("id"), str) and ID_RE.match(f["id"])
    }
    notes: list[Note] = []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            continue
        notes += _default_properties(feature, ("features", i))
        notes += _default_id(feature, ("features", i), taken)
    return notes
