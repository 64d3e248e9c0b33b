"""Reading and writing the places file: the one reader and the one writer, used by every command.

Reading checks (:mod:`vzmap.places.validate`); writing is atomic, locked and merges hand edits
(:mod:`vzmap.places.merge`, :mod:`vzmap.places.store`). The format itself is
:mod:`vzmap.places.contract`.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PlacesFileError
from .contract import dumps, normalize
from .validate import Checked, Problem, check_data, check_file, check_text

if TYPE_CHECKING:
    from .merge import MergeReport


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


def read_places_checked(path: Path | str, *, docs_dir: Path | str | None = None,
                        taxonomy: Any = None) -> tuple[dict | None, bytes, list[str]]:
    """Read and check a places file: ``(usable data or None, bytes to serve, errors as text)``.

    A bad feature costs only itself: the data holds every feature and mention without errors
    (``None`` when no part of the file can be used: not JSON, not a FeatureCollection). The
    bytes are the file's own when nothing was left out or assumed, else the usable data as JSON.
    The bytes read once are the ones checked, even if the file is replaced meanwhile.
    """
    checked = check_file(path, content=True, docs_dir=docs_dir, taxonomy=taxonomy)
    data = checked.usable()
    errors = [str(p) for p in checked.errors]
    if data is None:
        return None, checked.raw, errors
    if checked.problems:
        raw = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    else:
        raw = checked.raw
    return data, raw, errors


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


def _dumps_like(value: dict, other: dict, other_text: str) -> str:
    """``dumps(value)``, given ``other_text = dumps(other)``: serialised once when the two hold
    the same values of the same types in the same order (no hand edit: the base is the file)."""
    if value is other:
        return other_text
    try:
        # version 2: no back-references (they depend on reference counts); 1, 1.0, True differ
        if marshal.dumps(value, 2) == marshal.dumps(other, 2):
            return other_text
    except ValueError:  # a value marshal does not know: compare by writing it
        pass
    return dumps(value)


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
            text = dumps(new_file)
            if replace_unless_changed(path, text.encode("utf-8"), versions.raw):
                # The places file first, then its base: a crash in between leaves a base that
                # only makes the next merge see generated values as hand edits (harmless).
                if new_base is not None:
                    atomic_write_text(bpath, _dumps_like(new_base, new_file, text),
                                      backup=False)
                return result
    problem = Problem(str(path), 1, 1, None, f"the file changed on disk {WRITE_ATTEMPTS} times "
                      "while vzmap was merging into it; nothing was written: finish editing, "
                      "save, and run again")
    raise PlacesFileError(str(problem), [problem])


def _doc_texts(
    ingested_docs: set[str], docs_dir: Path | str | None, doc_texts: Mapping[str, str] | None
) -> dict[str, str]:
    from ..text.documents import DocumentError, find_document, read_document

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
    before_write: Callable[[], object] | None = None,
) -> MergeReport:
    """The whole ingest write: lock, read the current file, merge, write atomically with backup.

    ``generated`` is :func:`build_collection` of the mentions of ``ingested_docs`` (mentions of
    other documents in it are ignored). Hand edits in the current file survive (see
    :mod:`vzmap.merge`); mentions of documents not in ``ingested_docs`` are left untouched; an
    edit saved while this runs is merged too (:func:`update_places`). A current file that is
    broken (structure problems) is never overwritten: :class:`PlacesFileError` lists its
    problems. ``docs_dir`` lets mentions kept from the current file be re-anchored in changed
    articles; ``doc_texts`` (document id -> text, e.g. of the documents just read) does the
    same without reading files, and takes precedence. ``before_write`` runs under the lock once
    the merge succeeded, just before the file is replaced (ingest stores the articles there, so
    the file never refers to text that is not kept).
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
        if before_write is not None:
            before_write()
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


def _without_docs(fc: dict, doc_ids: set[str]) -> tuple[dict, int]:
    """``fc`` without the mentions of ``doc_ids`` (and the count removed); features kept."""
    removed = 0
    features = []
    for f in fc["features"]:
        props = f.get("properties") or {}
        mentions = props.get("mentions") or []
        kept = [m for m in mentions if m.get("doc") not in doc_ids]
        removed += len(mentions) - len(kept)
        features.append({**f, "properties": {**props, "mentions": kept}})
    return {**fc, "features": features}, removed


def remove_documents(path: Path | str, doc_ids: Iterable[str]) -> tuple[int, MergeReport]:
    """Take the articles ``doc_ids`` out of the places file: every mention of them goes (hand
    edited ones too); places drawn or edited by hand stay, other places left without a mention
    go. Returns ``(mentions removed, merge report)``; same lock, merge and atomic write as
    ingest.
    """
    from .contract import empty_collection
    from .merge import drop_unedited_empty, merge_places

    docs = set(doc_ids)

    def change(versions: Versions):
        _, removed = _without_docs(versions.current or empty_collection(), docs)
        merged, new_base, report = merge_places(
            versions.base, versions.current, empty_collection(), docs)
        merged, _ = _without_docs(merged, docs)
        new_base, _ = _without_docs(new_base, docs)
        merged = drop_unedited_empty(merged, versions.base)
        report.places = len(merged["features"])
        report.warnings[:0] = versions.warnings
        return normalize(merged), normalize(new_base), (removed, report)

    result: tuple[int, MergeReport] = update_places(Path(path), change)
    return result


# --------------------------------------------------------------------------- review edits


def _introduced_errors(path: Path, before: dict, after: dict, docs_dir: Path | str | None,
                       taxonomy: Any) -> list[Problem]:
    """The errors the features an edit changed or added have in ``after`` and had not in
    ``before`` (content checks included). The others are as they were: checking only the changed
    ones keeps an edit of a file of 10,000 mentions quick."""
    import copy

    old = {f.get("id"): f for f in before["features"]}
    changed = [f for f in after["features"] if old.get(f.get("id")) != f]
    was = [old[f.get("id")] for f in changed if f.get("id") in old]

    def errors(features: list[dict]) -> list[Problem]:
        data = {"type": "FeatureCollection", "features": copy.deepcopy(features)}
        return check_data(data, str(path), content=True, docs_dir=docs_dir,
                          taxonomy=taxonomy).errors

    known = {(p.feature_id, p.message) for p in errors(was)}
    return [p for p in errors(changed) if (p.feature_id, p.message) not in known]


def _review_base(base: dict | None, before: dict, after: dict) -> dict | None:
    """The base with the gazetteer places a review edit created (a candidate picked that had
    no place yet) added as generated, without mentions, so that later merges and removals treat
    them as generated: they go when their last mention goes, unless edited by hand. None when
    there is nothing to add (or no base)."""
    if base is None:
        return None
    known = {f.get("id") for f in [*before["features"], *base["features"]]}
    created = [{**f, "properties": {**f["properties"], "mentions": []}}
               for f in after["features"]
               if f.get("id") not in known and not str(f.get("id")).startswith("user:")
               and (f.get("properties") or {}).get("gazetteer_id") == f.get("id")]
    if not created:
        return None
    return normalize({**base, "features": [*base["features"], *created]})


def apply_review(
    path: Path | str,
    edit: Callable[[dict, dict | None], tuple[dict, Any]],
    version: str,
    *,
    docs_dir: Path | str | None = None,
    taxonomy: Any = None,
) -> tuple[str, Any]:
    """One hand edit of the places file from the review page; returns ``(new version, result)``.

    ``edit(current, base)`` returns ``(new collection, result)`` (see
    :mod:`vzmap.places.review`). The write is the one of :func:`update_places` (lock, atomic
    replace with backup, never over an unseen edit); the base is left as it is, so the change
    counts as a hand edit at the next ingest, except that a gazetteer place the edit created
    is added to it as generated (see :func:`_review_base`). Nothing is written, and
    :class:`~vzmap.places.review.StaleFileError` is raised, when the file is no longer at
    ``version`` (:func:`~vzmap.places.review.file_version` of its bytes); nor, with
    :class:`PlacesFileError`, when the edit would add an error (checked with ``docs_dir``).
    """
    from .review import StaleFileError, file_version

    path = Path(path)

    def change(versions: Versions):
        if versions.current is None or versions.raw is None or (
                file_version(versions.raw) != version):
            raise StaleFileError(path)
        new, result = edit(versions.current, versions.base)
        new = normalize(new)
        introduced = _introduced_errors(path, versions.current, new, docs_dir, taxonomy)
        if introduced:
            first = introduced[0]
            where = f"[{first.feature_id}] " if first.feature_id else ""
            raise PlacesFileError(f"{path}: not written: the file would not validate: "
                                  f"{where}{first.message}", introduced)
        new_base = _review_base(versions.base, versions.current, new)
        return new, new_base, (file_version(dumps(new).encode("utf-8")), result)

    outcome: tuple[str, Any] = update_places(path, change)
    return outcome
