"""The articles of a places file, kept beside it: the exact text ingest geoparsed and its metadata.

A places file ``data/places.geojson`` keeps its articles in ``data/places.articles/``: one
``<id>.txt`` (the canonical text, UTF-8 without BOM: every mention's offsets refer to it) and one
``<id>.meta.json`` (title, date, byline, language, the source's format, path and SHA-256) per
article. It is the same layout as ``seeds/``, plain text and small sorted JSON, so a diff of a
re-ingest shows what changed in an article. ``serve``, ``export`` and ``validate`` read the
articles from here, from any working directory, whatever happened to the original files.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..text.documents import Document, is_doc_id
from .store import atomic_write_bytes, remove_stale_temp_files_in

#: Suffix of the articles folder of a places file (``places.geojson`` -> ``places.articles``).
ARTICLES_SUFFIX = ".articles"
#: Metadata keys never stored (they describe the reading, not the article).
_TRANSIENT_META = ("notes",)


def articles_dir(places: Path | str) -> Path:
    """Where the articles of the places file ``places`` are kept."""
    places = Path(places)
    return places.with_name(places.stem + ARTICLES_SUFFIX)


def docs_dir_for(places: Path | str, docs: Path | str | None = None) -> Path | None:
    """The folder of articles to check and show a places file with: ``docs`` when given, else
    its articles folder when it exists (``None`` when neither)."""
    if docs is not None:
        return Path(docs)
    stored = articles_dir(places)
    return stored if stored.is_dir() else None


def _files(places: Path | str, doc_id: str) -> tuple[Path, Path]:
    """The two kept files of article ``doc_id``; ``ValueError`` for an id that is no file name."""
    if not is_doc_id(doc_id):
        raise ValueError(f"{doc_id!r} is not an article id")
    folder = articles_dir(places)
    return folder / f"{doc_id}.txt", folder / f"{doc_id}.meta.json"


def _meta_text(doc: Document) -> str:
    meta = {k: v for k, v in doc.meta.items() if k not in _TRANSIENT_META}
    meta.setdefault("title", doc.title)
    return json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


def stored_meta(places: Path | str, doc_id: str) -> dict:
    """The kept metadata of article ``doc_id`` (``{}`` when there is none or it is unreadable)."""
    try:
        meta = json.loads(_files(places, doc_id)[1].read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


@dataclass
class Stored:
    """What :func:`store_articles` changed, and how to put it back."""

    changed: list[str] = field(default_factory=list)
    previous: dict[Path, bytes | None] = field(default_factory=dict)

    def undo(self) -> None:
        """Put every file written back as it was (used when the places file could not be)."""
        for path, data in self.previous.items():
            with contextlib.suppress(OSError):
                if data is None:
                    path.unlink(missing_ok=True)
                else:
                    atomic_write_bytes(path, data, backup=False)


def _write_if_changed(path: Path, data: bytes, stored: Stored) -> None:
    try:
        old: bytes | None = path.read_bytes()
    except OSError:
        old = None
    if old != data:
        stored.previous.setdefault(path, old)
        atomic_write_bytes(path, data, backup=False, clean=False)


def store_articles(places: Path | str, docs: Iterable[Document],
                   stored: Stored | None = None) -> Stored:
    """Keep the text and metadata of ``docs`` beside ``places``; unchanged files are not
    rewritten (they keep their dates). :meth:`Stored.undo` puts back the files as they were
    before the first call that was given the same ``stored``."""
    stored = stored if stored is not None else Stored()
    stored.changed = []
    folder = articles_dir(places)
    if folder.is_dir():  # one scan for dead writers' temp files, not one per file written
        remove_stale_temp_files_in(folder)
    for doc in docs:
        text_path, meta_path = _files(places, doc.id)
        _write_if_changed(text_path, doc.text.encode("utf-8"), stored)
        _write_if_changed(meta_path, _meta_text(doc).encode("utf-8"), stored)
        if text_path in stored.previous or meta_path in stored.previous:
            stored.changed.append(doc.id)
    return stored


def remove_articles(places: Path | str, doc_ids: Iterable[str]) -> list[Path]:
    """Delete the kept text and metadata of ``doc_ids`` (never a file outside the folder)."""
    removed = []
    for doc_id in doc_ids:
        for path in _files(places, doc_id):
            if path.is_file() and os.path.samefile(path.parent, articles_dir(places)):
                path.unlink()
                removed.append(path)
    return removed
