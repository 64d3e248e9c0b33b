"""The ingest job: read articles, geoparse them, merge the result into the places file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocumentError
from .gazetteer.index import cache_dir, cache_key, load_gazetteer
from .geoparse.pipeline import geoparse, mention_record
from .places.merge import MergeReport
from .text.documents import Document, iter_document_paths, read_document


@dataclass
class IngestReport:
    """What an ingest did: documents read and skipped, mentions written, merge notes."""

    out: Path
    documents: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    mentions: int = 0
    places: int = 0
    merge: MergeReport = field(default_factory=MergeReport)


def gazetteer_is_cached() -> bool:
    """Whether the gazetteer index is already built (else the first load takes ~15 s)."""
    return (cache_dir() / f"gazetteer-{cache_key()}.marshal").is_file()


def read_documents(paths: Iterable[Path | str], skipped: list[str]) -> list[Document]:
    """Readable articles under ``paths``; each unreadable one adds a message to ``skipped``."""
    docs: dict[str, Document] = {}
    for path in iter_document_paths(paths):
        try:
            doc = read_document(path)
        except DocumentError as exc:
            skipped.append(str(exc))
            continue
        if doc.id in docs:
            skipped.append(
                f"{path}: document id {doc.id!r} is also {docs[doc.id].path}; rename one of them"
            )
            continue
        docs[doc.id] = doc
    return list(docs.values())


def docs_dir_of(paths: Iterable[Path | str]) -> Path | None:
    """The documents folder of an ingest: its only PATH when that is a folder."""
    folders = [Path(p) for p in paths]
    return folders[0] if len(folders) == 1 and folders[0].is_dir() else None


def ingest(paths: Iterable[Path | str], out: Path | str) -> IngestReport:
    """Geoparse the articles under ``paths`` and merge their places into ``out``.

    Unreadable articles are listed in ``report.skipped``. See :func:`ingest_documents`.
    """
    skipped: list[str] = []
    paths = [Path(p) for p in paths]
    docs = read_documents(paths, skipped)
    report = ingest_documents(docs, out, docs_dir=docs_dir_of(paths))
    report.skipped[:0] = skipped
    return report


def ingest_documents(
    docs: Iterable[Document], out: Path | str, *, docs_dir: Path | None = None
) -> IngestReport:
    """Geoparse ``docs`` and merge their places into the places file ``out``.

    Hand edits in ``out`` survive (see ``docs/places-format.md``); aliases and places added by
    hand there are used to resolve the new articles. ``docs`` may be a progress bar wrapping the
    documents. Raises :class:`vzmap.errors.PlacesFileError` if ``out`` is broken (it is then
    left as it is).
    """
    from .places.contract import build_collection
    from .places.io import read_user_gazetteer_entries, update_places_file

    out = Path(out)
    report = IngestReport(out=out)
    user_entries, user_warnings = read_user_gazetteer_entries(out)
    gaz = load_gazetteer().with_user_entries(user_entries)
    records: list[dict] = []
    texts: dict[str, str] = {}
    for doc in docs:
        for m in geoparse(doc.text, gaz):
            if m.role == "place":
                records.append(mention_record(doc.id, doc.text, m))
        report.documents.append(doc.id)
        texts[doc.id] = doc.text
    if not report.documents:
        return report
    generated = build_collection(records)
    report.merge = update_places_file(
        out, generated, set(report.documents), docs_dir=docs_dir, doc_texts=texts
    )
    report.merge.warnings += user_warnings
    report.mentions = len(records)
    report.places = len(generated["features"])
    return report
