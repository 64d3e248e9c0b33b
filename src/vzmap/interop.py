"""Other formats for the places file: CSV (one row per mention) and KML (a folder per event type).

Both are pure: they take a places collection and return text; writing files is the caller's job.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

#: CSV columns, in order.
CSV_COLUMNS = (
    "place_id", "name", "kind", "lat", "lon", "country", "doc", "start", "end", "text",
    "event_type", "confidence", "excerpt", "doc_title",
)
#: Cells starting with one of these are formulas to spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell that spreadsheets show as text: strings starting like a formula get a ``'``.

    Numbers are left alone (``-71.6`` stays a number).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _doc_title(docs: Mapping[str, Any] | None, doc_id: str) -> str:
    if not docs or doc_id not in docs:
        return ""
    doc = docs[doc_id]
    if isinstance(doc, str):
        return doc
    if isinstance(doc, Mapping):
        return str(doc.get("title") or "")
    return str(getattr(doc, "title", "") or "")


def iter_rows(fc: dict, docs: Mapping[str, Any] | None = None):
    """One dict per mention (keys :data:`CSV_COLUMNS`), places by id, mentions by position."""
    for f in sorted(fc.get("features", []), key=lambda f: str(f.get("id"))):
        props = f.get("properties") or {}
        lon, lat = ((f.get("geometry") or {}).get("coordinates") or [None, None])[:2]
        mentions = sorted(
            props.get("mentions") or [], key=lambda m: (m["doc"], m["start"], m["end"])
        )
        for m in mentions:
            yield {
                "place_id": f.get("id"),
                "name": props.get("name"),
                "kind": props.get("kind"),
                "lat": lat,
                "lon": lon,
                "country": props.get("country") or "",
                "doc": m.get("doc"),
                "start": m.get("start"),
                "end": m.get("end"),
                "text": m.get("text"),
                "event_type": m.get("event_type"),
                "confidence": m.get("confidence", ""),
                "excerpt": m.get("excerpt", ""),
                "doc_title": _doc_title(docs, m.get("doc")),
            }


def to_csv(fc: dict, docs: Mapping[str, Any] | None = None) -> str:
    """The mentions of a places collection as CSV (RFC 4180, header row, ``\\r\\n`` lines).

    ``docs`` (document id -> :class:`~vzmap.documents.Document`, metadata dict or title) fills
    the ``doc_title`` column. Text cells are protected against formula injection.
    """
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for row in iter_rows(fc, docs):
        writer.writerow(
            ["" if row[c] is None else safe_cell(row[c]) for c in CSV_COLUMNS]
        )
    return buf.getvalue()


def _event_label(taxonomy: Any, type_id: str) -> str:
    if taxonomy is None:
        return type_id
    t = taxonomy.get(type_id) if hasattr(taxonomy, "get") else None
    label = getattr(t, "label", None)
    return f"{label} ({type_id})" if label else type_id


def to_kml(fc: dict, taxonomy: Any = None) -> str:
    """The places collection as KML: a Folder per event type, a Placemark per (place, event type).

    A placemark's description lists its mentions (document and excerpt) as plain text; simplekml
    escapes it, so names and excerpts cannot inject markup. ``taxonomy`` (optional) names the
    folders by their labels.
    """
    import simplekml

    kml = simplekml.Kml(name="vzmap places")
    groups: dict[str, list[tuple[dict, list[dict]]]] = {}
    for f in sorted(fc.get("features", []), key=lambda f: str(f.get("id"))):
        by_type: dict[str, list[dict]] = {}
        for m in (f.get("properties") or {}).get("mentions") or []:
            by_type.setdefault(str(m.get("event_type")), []).append(m)
        for type_id, ms in by_type.items():
            groups.setdefault(type_id, []).append((f, ms))
    order = list(getattr(taxonomy, "ids", []) or [])
    for type_id in sorted(groups, key=lambda t: (order.index(t) if t in order else len(order), t)):
        folder = kml.newfolder(name=_event_label(taxonomy, type_id))
        for f, ms in groups[type_id]:
            props = f.get("properties") or {}
            lon, lat = f["geometry"]["coordinates"][:2]
            lines = [
                f"[{m.get('doc')}] {m.get('excerpt') or m.get('text')}"
                for m in sorted(ms, key=lambda m: (m["doc"], m["start"], m["end"]))
            ]
            pm = folder.newpoint(name=str(props.get("name") or f.get("id")), coords=[(lon, lat)])
            pm.description = "\n\n".join(lines)
            pm.extendeddata.newdata("place_id", str(f.get("id")))
            pm.extendeddata.newdata("event_type", type_id)
            pm.extendeddata.newdata("mentions", str(len(ms)))
            if props.get("country"):
                pm.extendeddata.newdata("country", str(props["country"]))
    return kml.kml()
