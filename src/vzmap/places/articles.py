"""The articles of a places file, kept beside it: the exact text ingest geoparsed and its metadata.

A places file ``data/places.geojson`` keeps its articles in ``data/places.articles/``: one
``<id>.txt`` (the canonical text, UTF-8 without BOM: every mention's offsets refer to it) and one
``<id>.meta.json`` (title, date, byline, language, the source's format, path and SHA-256) per
article. It is the same layout as ``seeds/``, plain text and small sorted JSON, so a diff of a
re-ingest shows what changed in an article. ``serve``, ``export`` and ``validate`` read the
articles from here, from any working directory, whatever happened to the original files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..text.documents import Document
from .store import atomic_write_text

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


def _meta_text(doc: Document) -> str:
    meta = {k: v for k, v in doc.meta.items() if k not in _TRANSIENT_META}
    meta.setdefault("title", doc.title)
    return json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


def _write_if_changed(path: Path, text: str) -> bool:
    try:
        if path.read_text("utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write_text(path, text, backup=False)
    return True


def store_articles(places: Path | str, docs: Iterable[Document]) -> list[str]:
    """Keep the text and metadata of ``docs`` beside ``places``; the ids whose files changed.

    Unchanged articles are not rewritten (their files keep their dates).
    """
    folder = articles_dir(places)
    changed = []
    for doc in docs:
        wrote_text = _write_if_changed(folder / f"{doc.id}.txt", doc.text)
        wrote_meta = _write_if_changed(folder / f"{doc.id}.meta.json", _meta_text(doc))
        if wrote_text or wrote_meta:
            changed.append(doc.id)
    return changed


def remove_articles(places: Path | str, doc_ids: Iterable[str]) -> list[Path]:
    """Delete the stored text and metadata of ``doc_ids``; the files removed."""
    folder = articles_dir(places)
    removed = []
    for doc_id in doc_ids:
        for path in (folder / f"{doc_id}.txt", folder / f"{doc_id}.meta.json"):
            if path.is_file():
                path.unlink()
                removed.append(path)
    return removed
