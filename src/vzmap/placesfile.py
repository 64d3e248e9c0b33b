"""The places file contract: building it from resolved mentions, deterministic serialising, reading.

The format is described for people in ``docs/places-format.md`` and for machines in
``vzmap/schema/places.schema.json``. In short: an RFC 7946 ``FeatureCollection``, one Point
``Feature`` per place (``[lon, lat]``, at most 6 decimals), features sorted by ``id``, each place's
``properties.mentions`` sorted by ``(doc, start, end)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PlacesFileError
from .validate import Checked, Problem, check_data, check_file, check_text

if TYPE_CHECKING:
    from .merge import MergeReport

#: Coordinates are rounded to this many decimals (about 0.1 m).
COORD_DECIMALS = 6
#: Order of a feature's keys, of its properties and of a mention's keys when serialised;
#: other keys (added by hand) follow, sorted.
FEATURE_KEYS = ("type", "id", "geometry", "properties")
PROPERTY_KEYS = ("name", "kind", "gazetteer_id", "country", "admin1", "aliases")
MENTION_KEYS = (
    "doc", "start", "end", "text", "excerpt", "excerpt_start", "event_type", "confidence",
    "candidates",
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


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, str | int | float | bool)


def _encode(value: Any, indent: int, parent_key: str | None, out: list[str]) -> None:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        if parent_key == "candidates" and all(_is_scalar(v) for v in value.values()):
            out.append(json.dumps(value, ensure_ascii=False, allow_nan=False))
            return
        out.append("{\n")
        items = list(value.items())
        for n, (k, v) in enumerate(items):
            out.append(f"{pad}  {json.dumps(str(k), ensure_ascii=False)}: ")
            _encode(v, indent + 1, str(k), out)
            out.append(",\n" if n < len(items) - 1 else "\n")
        out.append(f"{pad}}}")
        return
    if isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        if all(_is_scalar(v) for v in value):
            # Short lists of plain values (coordinates, aliases) stay on one line.
            out.append(json.dumps(list(value), ensure_ascii=False, allow_nan=False))
            return
        out.append("[\n")
        for n, v in enumerate(value):
            out.append(f"{pad}  ")
            _encode(v, indent + 1, parent_key, out)
            out.append(",\n" if n < len(value) - 1 else "\n")
        out.append(f"{pad}]")
        return
    out.append(json.dumps(value, ensure_ascii=False, allow_nan=False))


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


# --------------------------------------------------------------------------- reading


def _raise(problems: list[Problem], source: str) -> None:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    raise PlacesFileError(f"{first}{more}", problems)


def _usable_or_raise(checked: Checked, source: str) -> dict:
    if checked.errors:
        _raise(checked.errors, source)
    return checked.data


def loads(text: str, source: str = "<string>", *, for_merge: bool = False) -> dict:
    """Parse a places file's text, checking its structure (syntax, schema, unique feature ids).

    Raises :class:`PlacesFileError` whose ``problems`` lists every structure problem, each with
    ``source:line:column``. ``for_merge`` also requires every mention span once (what
    :func:`update_places_file` needs). Features made in GeoJSON editors get their defaults (see
    :mod:`vzmap.editors`). Content problems (offsets, event types, ...) are left to
    :func:`vzmap.validate.validate_text`.
    """
    return _usable_or_raise(check_text(text, source, unique_spans=for_merge), source)


def read_checked(path: Path | str, *, for_merge: bool = False) -> Checked:
    """The places file at ``path`` read once and structure-checked, warnings included."""
    return check_file(path, unique_spans=for_merge)


def read_places(path: Path | str, *, for_merge: bool = False) -> dict:
    """Read and structure-check the places file at ``path`` (see :func:`loads`)."""
    return _usable_or_raise(read_checked(path, for_merge=for_merge), str(path))


def write_places(path: Path | str, fc: dict, *, backup: bool = True) -> None:
    """Write ``fc`` to ``path`` atomically (keeping the previous version as ``<name>.bak``).

    Callers doing read-modify-write hold :func:`vzmap.store.locked` around it.
    """
    from .store import atomic_write_text

    atomic_write_text(path, dumps(fc), backup=backup)


def base_path(path: Path | str) -> Path:
    """Where the last generated output (the merge base) of a places file is kept.

    ``data/places.geojson`` -> ``data/.places.geojson.base`` (commit it beside the file).
    """
    path = Path(path)
    return path.with_name(f".{path.name}.base")


#: How often a write is retried when the file changes on disk between read and write.
WRITE_ATTEMPTS = 5


@dataclass
class Versions:
    """What a read-modify-write of a places file sees: the file and its merge base."""

    current: dict | None
    base: dict | None
    warnings: list[str] = field(default_factory=list)
    raw: bytes | None = None


def _read_versions(path: Path, bpath: Path) -> Versions:
    """The current file (raises if it has structure errors) and its base (ignored if broken)."""
    if not path.exists():
        return Versions(None, None)
    checked = read_checked(path, for_merge=True)
    current = _usable_or_raise(checked, str(path))
    versions = Versions(current, None, [str(p) for p in checked.warnings], checked.raw)
    if not bpath.exists():
        versions.warnings.append(
            f"{bpath}: no merge base; the current file's values were kept wherever they "
            "differ from the generated ones, and mentions deleted by hand may have come back"
        )
        return versions
    try:
        versions.base = read_places(bpath, for_merge=True)
    except PlacesFileError as exc:
        versions.warnings.append(
            f"{bpath}: merge base is broken and was ignored ({exc}); hand edits were kept "
            "but deleted mentions may have come back"
        )
    return versions


def update_places(
    path: Path | str, change: Callable[[Versions], tuple[dict, dict | None, Any]]
) -> Any:
    """Read-modify-write of a places file that never replaces an edit it has not seen.

    Under the inter-process lock: read the file and its base, ``change(versions)`` returns
    ``(new file, new base or None, result)``, and the new file replaces the old one only if the
    old one is still what was read (see :func:`vzmap.store.replace_unless_changed`); if an
    editor saved meanwhile, everything is read and changed again (up to
    :data:`WRITE_ATTEMPTS` times, then :class:`PlacesFileError`, nothing written). Returns
    ``result``. Broken files are never overwritten: :class:`PlacesFileError` lists their
    problems.
    """
    from .store import atomic_write_text, locked, recover_aside, replace_unless_changed

    path = Path(path)
    bpath = base_path(path)
    with locked(path):
        recover_aside(path)
        for _attempt in range(WRITE_ATTEMPTS):
            versions = _read_versions(path, bpath)
            new_file, new_base, result = change(versions)
            if replace_unless_changed(path, dumps(new_file).encode("utf-8"), versions.raw):
                # The places file first, then its base: a crash in between leaves a base that
                # only makes the next merge see generated values as hand edits (harmless).
                if new_base is not None:
                    atomic_write_text(bpath, dumps(new_base), backup=False)
                return result
    problem = Problem(str(path), 1, 1, None, f"the file changed on disk {WRITE_ATTEMPTS} times "
                      "while vzmap was merging into it; nothing was written: finish editing, "
                      "save, and run again")
    raise PlacesFileError(str(problem), [problem])


def _doc_texts(
    ingested_docs: set[str], docs_dir: Path | str | None, doc_texts: Mapping[str, str] | None
) -> dict[str, str]:
    from .documents import DocumentError, find_document, read_document

    texts: dict[str, str] = {}
    if docs_dir is not None:
        for doc_id in sorted(set(ingested_docs) - set(doc_texts or {})):
            doc_path = find_document(docs_dir, doc_id)
            if doc_path is None:
                continue
            try:
                texts[doc_id] = read_document(doc_path).text
            except DocumentError:
                continue
    texts.update({k: v for k, v in (doc_texts or {}).items() if k in ingested_docs})
    return texts


def update_places_file(
    path: Path | str,
    generated: dict,
    ingested_docs: set[str],
    *,
    docs_dir: Path | str | None = None,
    doc_texts: Mapping[str, str] | None = None,
) -> MergeReport:
    """The whole ingest write: lock, read the current file, merge, write atomically with backup.

    ``generated`` is :func:`build_collection` of the mentions of ``ingested_docs`` (mentions of
    other documents in it are ignored). Hand edits in the current file survive (see
    :mod:`vzmap.merge`); mentions of documents not in ``ingested_docs`` are left untouched; an
    edit saved while this runs is merged too (:func:`update_places`). A current file that is
    broken (structure problems) is never overwritten: :class:`PlacesFileError` lists its
    problems. ``docs_dir`` lets mentions kept from the current file be re-anchored in changed
    articles; ``doc_texts`` (document id -> text, e.g. of the documents just read) does the
    same without reading files, and takes precedence.
    """
    from .merge import merge_places

    path = Path(path)
    gen_errors = check_data(generated, "<generated>").errors
    if gen_errors:
        _raise(gen_errors, "<generated>")
    texts = _doc_texts(ingested_docs, docs_dir, doc_texts)
    attempts = 0

    def change(versions: Versions):
        nonlocal attempts
        attempts += 1
        merged, new_base, report = merge_places(
            versions.base, versions.current, generated, set(ingested_docs),
            doc_texts=texts or None,
        )
        report.warnings[:0] = versions.warnings
        if attempts > 1:
            report.warnings.append(
                f"{path}: the file was saved by another program while ingest ran; its new "
                f"version was merged too ({attempts - 1} time(s))"
            )
        return merged, new_base, report

    report = update_places(path, change)
    report.path = path
    report.base_path = base_path(path)
    return report


def read_user_gazetteer_entries(path: Path | str) -> tuple[list[dict], list[str]]:
    """:func:`vzmap.merge.user_gazetteer_entries` of the places file at ``path`` and its base,
    and the warnings about them (name clashes). ``([], [])`` when the file does not exist.
    """
    from .merge import user_gazetteer_entries

    path = Path(path)
    if not path.exists():
        return [], []
    fc = read_places(path)
    base = None
    bpath = base_path(path)
    if bpath.exists():
        try:
            base = read_places(bpath)
        except PlacesFileError:
            base = None
    return user_gazetteer_entries(fc, base)
