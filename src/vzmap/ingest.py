"""The ingest job: read articles, geoparse them, merge the result into the places file.

No article stops a run: one that cannot be read or geoparsed is reported by name with the reason
and skipped; the others are written. The text of every article ingested is kept beside the places
file (:mod:`vzmap.places.articles`), so the map needs the original files no more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocumentError
from .gazetteer.index import is_cached
from .parallel import Progress, geoparse_documents
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
    stored: list[str] = field(default_factory=list)
    merge: MergeReport = field(default_factory=MergeReport)
    notes: list[str] = field(default_factory=list)


def gazetteer_is_cached() -> bool:
    """Whether the gazetteer index is already built (else the first load takes ~15 s)."""
    return is_cached()


def _read_one(path: Path) -> Document:
    try:
        return read_document(path)
    except DocumentError:
        raise
    except Exception as exc:  # a reader library failing on one odd file must not stop the run
        raise DocumentError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from exc


def read_documents(paths: Iterable[Path | str], skipped: list[str]) -> list[Document]:
    """Readable articles under ``paths``; each unreadable one adds a message to ``skipped``.

    Ids are compared ignoring case: ``Report`` and ``report`` would be one kept file on a
    macOS or Windows disk, so the second is skipped as a clash.
    """
    docs: dict[str, Document] = {}
    for path in iter_document_paths(paths, on_problem=skipped.append):
        try:
            doc = _read_one(path)
        except DocumentError as exc:
            skipped.append(str(exc))
            continue
        key = doc.id.casefold()
        if key in docs:
            other = docs[key]
            case = "" if other.id == doc.id else (
                f" (as {other.id!r} there: ids differing only in case are one file on macOS "
                "and Windows disks)"
            )
            skipped.append(
                f"{path}: document id {doc.id!r} is also {other.path}{case}; rename one of them"
            )
            continue
        docs[key] = doc
    return list(docs.values())


def docs_dir_of(paths: Iterable[Path | str]) -> Path | None:
    """The documents folder of an ingest: its only PATH when that is a folder."""
    folders = [Path(p) for p in paths]
    return folders[0] if len(folders) == 1 and folders[0].is_dir() else None


def ingest(paths: Iterable[Path | str], out: Path | str, *, jobs: int | None = 1,
           scheduler: str | None = None) -> IngestReport:
    """Geoparse the articles under ``paths`` and merge their places into ``out``.

    Unreadable articles are listed in ``report.skipped``. See :func:`ingest_documents`.
    """
    skipped: list[str] = []
    paths = [Path(p) for p in paths]
    docs = read_documents(paths, skipped)
    report = ingest_documents(docs, out, docs_dir=docs_dir_of(paths), jobs=jobs,
                              scheduler=scheduler)
    report.skipped[:0] = skipped
    return report


def _geoparse_all(docs: Sequence[Document], user_entries: list[dict], report: IngestReport,
                  progress: Progress | None, jobs: int | None,
                  scheduler: str | None) -> tuple[list[Document], list[dict]]:
    """The documents geoparsed and their place mentions; a failure is reported and skipped.
    Where the work runs (here, worker processes, a Dask cluster) changes nothing of it."""
    outcomes = geoparse_documents(docs, user_entries, progress, jobs=jobs, scheduler=scheduler)
    done: list[Document] = []
    records: list[dict] = []
    for doc, outcome in zip(docs, outcomes, strict=True):
        report.notes += outcome.notes
        if outcome.error is not None:
            report.skipped.append(outcome.error)
            continue
        records += outcome.records
        done.append(doc)
    return done, records


def _clash(out: Path, doc: Document) -> str | None:
    """Why ``doc`` may not replace the article of the same id already kept beside ``out``: it
    comes from another file and says something else (two ``index.html`` of two sites)."""
    from .places.articles import stored_meta

    kept = stored_meta(out, doc.id)
    before, now = kept.get("source"), doc.meta.get("source")
    if not before or not now or kept.get("source_sha256") == doc.meta.get("source_sha256"):
        return None
    if Path(before).resolve() == Path(now).resolve():
        return None
    return (f"{now}: an article {doc.id!r} from another file ({before}) is already in {out}; "
            f"rename this file, or take the other out first with `vzmap remove {doc.id}`")


def _not_clashing(out: Path, docs: Iterable[Document], report: IngestReport) -> list[Document]:
    kept = []
    for doc in docs:
        reason = _clash(out, doc)
        if reason:
            report.skipped.append(reason)
        else:
            kept.append(doc)
    return kept


def ingest_documents(
    docs: Iterable[Document], out: Path | str, *, docs_dir: Path | None = None,
    progress: Progress | None = None, jobs: int | None = 1, scheduler: str | None = None,
) -> IngestReport:
    """Geoparse ``docs`` and merge their places into the places file ``out``.

    Hand edits in ``out`` survive (see ``docs/places-format.md``); aliases and places added by
    hand there are used to resolve the new articles. The articles' text and metadata are kept
    beside ``out`` (:func:`vzmap.places.articles.articles_dir`). ``progress`` gets the number
    of characters geoparsed as it goes. ``jobs`` worker processes geoparse (``None``: one per
    core for a corpus large enough to gain from it), or the workers of the Dask scheduler at
    ``scheduler`` (``tcp://HOST:PORT``); the file written is the same byte for byte. Raises
    :class:`vzmap.errors.PlacesFileError` if ``out`` is broken (it is then left as it is, and
    no article is stored).
    """
    from .places.articles import Stored, store_articles
    from .places.contract import build_collection
    from .places.io import read_user_gazetteer_entries, update_places_file

    out = Path(out)
    report = IngestReport(out=out)
    user_entries, user_warnings = read_user_gazetteer_entries(out)
    docs = _not_clashing(out, docs, report)
    done, records = _geoparse_all(docs, user_entries, report, progress, jobs, scheduler)
    report.documents = [d.id for d in done]
    if not done:
        return report
    generated = build_collection(records)
    stored = Stored()

    def store() -> None:  # run again if the merge is retried: the first originals are kept
        report.stored = store_articles(out, done, stored).changed

    try:
        report.merge = update_places_file(
            out, generated, set(report.documents), docs_dir=docs_dir,
            doc_texts={d.id: d.text for d in done}, before_write=store,
        )
    except BaseException:
        stored.undo()  # the places file was not replaced: its kept articles must match it
        raise
    report.merge.warnings += user_warnings
    report.mentions = len(records)
    report.places = len(generated["features"])
    return report
