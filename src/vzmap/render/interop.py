"""Other formats for the places file: CSV (one row per mention) and KML (a folder per event type).

Both are pure: they take a places collection and return text; writing files is the caller's job.

Document titles and dates: :func:`to_csv` takes the documents (``docs``: document id ->
:class:`~vzmap.documents.Document`, metadata dict such as a ``<id>.meta.json`` sidecar, or a
title string). A mention whose document is not in ``docs``, or whose metadata has no title, gets
the **document id** in the ``doc_title`` column, so a title cell is never silently empty; its
``doc_date`` is the metadata's ``date`` or empty. :func:`docs_without_metadata` lists the
documents that fell back, for the caller to report.

Hostile text: CSV cells that a spreadsheet would run as a formula get a leading ``'``
(:func:`safe_cell`). The KML is built with :mod:`xml.etree.ElementTree`, which escapes every
text; characters that XML 1.0 cannot carry (control characters other than tab and newline,
U+FFFE/U+FFFF, lone surrogates) become U+FFFD first (:func:`xml_text`). Descriptions, which KML
readers show as HTML, are HTML-escaped as well, so no value from the places file can ever become
markup, neither in the file nor in a reader's balloon.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from typing import Any

#: CSV columns, in order.
CSV_COLUMNS = (
    "place_id", "name", "kind", "lat", "lon", "country", "doc", "start", "end", "text",
    "event_type", "date", "date_source", "confidence", "excerpt", "doc_title", "doc_date",
)
#: Cells starting with one of these are formulas to spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: The KML 2.2 namespace.
KML_NS = "http://www.opengis.net/kml/2.2"
#: What replaces a character that cannot be written.
REPLACEMENT = "\ufffd"
#: Characters XML 1.0 forbids (and lone surrogates, which cannot be encoded as UTF-8).
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_cell(value: Any) -> Any:
    """A CSV cell that spreadsheets show as text: strings starting like a formula get a ``'``.

    Numbers are left alone (``-71.6`` stays a number). Lone surrogates, which no UTF-8 file can
    hold, become U+FFFD.
    """
    if isinstance(value, str):
        value = _SURROGATE.sub(REPLACEMENT, value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def xml_text(value: Any) -> str:
    """``value`` as text any XML 1.0 document can hold: ``\\r\\n``/``\\r`` become ``\\n``, every
    other forbidden character (and lone surrogates) becomes U+FFFD. Escaping is left to the
    serialiser."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub(REPLACEMENT, text)


def _doc_meta(docs: Mapping[str, Any] | None, doc_id: Any) -> tuple[str, str, bool]:
    """(title, date, found) of a document; the title falls back to the document id."""
    doc = docs.get(doc_id) if docs and isinstance(doc_id, str) else None
    fallback = "" if doc_id is None else str(doc_id)
    if doc is None:
        return fallback, "", False
    if isinstance(doc, str):
        return doc.strip() or fallback, "", bool(doc.strip())
    meta = doc if isinstance(doc, Mapping) else getattr(doc, "meta", None) or {}
    title = doc.get("title") if isinstance(doc, Mapping) else getattr(doc, "title", None)
    title = title.strip() if isinstance(title, str) else ""
    date = meta.get("date") if isinstance(meta, Mapping) else None
    return title or fallback, date if isinstance(date, str) else "", bool(title)


def _doc_title(docs: Mapping[str, Any] | None, doc_id: Any) -> str:
    """The title of document ``doc_id`` from ``docs``; its id when it has none."""
    return _doc_meta(docs, doc_id)[0]


def _mention_key(m: Mapping) -> tuple[str, int, int]:
    """Sort key of a mention: document, start, end (missing or odd values do not crash)."""

    def num(v: Any) -> int:
        return v if isinstance(v, int) and not isinstance(v, bool) else -1

    return str(m.get("doc")), num(m.get("start")), num(m.get("end"))


def _mentions(f: Mapping) -> list[Mapping]:
    """The mentions of a feature, sorted, skipping anything that is not an object."""
    ms = (f.get("properties") or {}).get("mentions") or []
    return sorted((m for m in ms if isinstance(m, Mapping)), key=_mention_key)


def _features(fc: Mapping) -> list[Mapping]:
    """The features of a collection, sorted by id."""
    fs = [f for f in fc.get("features") or [] if isinstance(f, Mapping)]
    return sorted(fs, key=lambda f: str(f.get("id")))


def _lon_lat(f: Mapping) -> tuple[Any, Any]:
    """The first two coordinates of a point feature, ``(None, None)`` if it has none."""
    coords = (f.get("geometry") or {}).get("coordinates") or []
    return (coords[0], coords[1]) if len(coords) >= 2 else (None, None)


def iter_rows(fc: dict, docs: Mapping[str, Any] | None = None) -> Iterator[dict]:
    """One dict per mention (keys :data:`CSV_COLUMNS`), places by id, mentions by position."""
    for f in _features(fc):
        props = f.get("properties") or {}
        lon, lat = _lon_lat(f)
        for m in _mentions(f):
            title, date, _ = _doc_meta(docs, m.get("doc"))
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
                "date": m.get("date") or "",
                "date_source": m.get("date_source") or "",
                "confidence": m.get("confidence", ""),
                "excerpt": m.get("excerpt", ""),
                "doc_title": title,
                "doc_date": date,
            }


def docs_without_metadata(fc: dict, docs: Mapping[str, Any] | None) -> list[str]:
    """The document ids of mentions in ``fc`` that ``docs`` has no title for (sorted)."""
    ids = {str(m.get("doc")) for f in _features(fc) for m in _mentions(f)}
    return sorted(i for i in ids if not _doc_meta(docs, i)[2])


def to_csv(fc: dict, docs: Mapping[str, Any] | None = None) -> str:
    """The mentions of a places collection as CSV (RFC 4180, header row, ``\\r\\n`` lines).

    ``docs`` (document id -> :class:`~vzmap.documents.Document`, metadata dict or title) fills
    the ``doc_title`` and ``doc_date`` columns; a document missing from it has its id as title
    (see the module docstring). Text cells are protected against formula injection.
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
    """A folder name: the event type's label and id, or just the id without a taxonomy."""
    if taxonomy is None:
        return type_id
    t = taxonomy.get(type_id) if hasattr(taxonomy, "get") else None
    label = getattr(t, "label", None)
    return f"{label} ({type_id})" if label else type_id


def _el(parent: ET.Element, tag: str, text: Any = None, **attrib: str) -> ET.Element:
    """A child element of ``parent`` whose text (if any) is made safe by :func:`xml_text`."""
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrib.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _coordinates(f: Mapping) -> str | None:
    """``lon,lat,0`` of a feature, or ``None`` when it has no finite numeric coordinates."""
    try:
        lon, lat = (float(v) for v in _lon_lat(f))
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    return f"{lon!r},{lat!r},0"


def _description(ms: list[Mapping]) -> str:
    """The mentions of a placemark as HTML-escaped lines ``[doc] excerpt`` (KML balloons are
    HTML, so data never becomes markup there either)."""
    lines = [
        html.escape(xml_text(f"[{m.get('doc')}] {m.get('excerpt') or m.get('text')}"))
        for m in ms
    ]
    return "<br>\n".join(lines)


def _placemark(folder: ET.Element, f: Mapping, type_id: str, ms: list[Mapping]) -> None:
    """Add the placemark of place ``f`` for event type ``type_id`` (mentions ``ms``)."""
    coords = _coordinates(f)
    if coords is None:
        return
    props = f.get("properties") or {}
    pm = _el(folder, "Placemark")
    _el(pm, "name", props.get("name") or f.get("id"))
    _el(pm, "description", _description(ms))
    data = _el(pm, "ExtendedData")
    fields = {"place_id": f.get("id"), "event_type": type_id, "mentions": len(ms)}
    if props.get("country"):
        fields["country"] = props["country"]
    for key, value in fields.items():
        _el(_el(data, "Data", name=key), "value", value)
    _el(_el(pm, "Point"), "coordinates", coords)


def _groups(fc: dict) -> dict[str, list[tuple[Mapping, list[Mapping]]]]:
    """Event type -> [(feature, its mentions of that type)], features by id."""
    groups: dict[str, list[tuple[Mapping, list[Mapping]]]] = {}
    for f in _features(fc):
        by_type: dict[str, list[Mapping]] = {}
        for m in _mentions(f):
            by_type.setdefault(str(m.get("event_type")), []).append(m)
        for type_id, ms in by_type.items():
            groups.setdefault(type_id, []).append((f, ms))
    return groups


def to_kml(fc: dict, taxonomy: Any = None) -> str:
    """The places collection as KML: a Folder per event type, a Placemark per (place, event type).

    A placemark's description lists its mentions (document and excerpt), HTML-escaped; every
    text is escaped and cleaned for XML 1.0 (see the module docstring), so the result is
    well-formed for any string in the places file. Places without numeric coordinates are left
    out. ``taxonomy`` (optional) names the folders by their labels.
    """
    root = ET.Element("kml", xmlns=KML_NS)
    document = _el(root, "Document")
    _el(document, "name", "vzmap places")
    groups = _groups(fc)
    order = list(getattr(taxonomy, "ids", []) or [])
    for type_id in sorted(groups, key=lambda t: (order.index(t) if t in order else len(order), t)):
        folder = _el(document, "Folder")
        _el(folder, "name", _event_label(taxonomy, type_id))
        for f, ms in groups[type_id]:
            _placemark(folder, f, type_id, ms)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
