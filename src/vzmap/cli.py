"""The vzmap command line: a thin layer over the library (click)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import VzmapError

if TYPE_CHECKING:
    from .places.merge import MergeReport
    from .text.documents import Document

DEFAULT_PLACES = Path("data/places.geojson")
DEFAULT_DOCS = Path("seeds")
#: Show a progress bar when ingesting at least this many articles, or this many characters.
PROGRESS_FROM = 20
PROGRESS_FROM_CHARS = 500_000


def _fail(exc: Exception) -> NoReturn:
    click.echo(f"Error: {exc}", err=True)
    for problem in getattr(exc, "problems", [])[:50]:
        click.echo(f"  {problem}", err=True)
    sys.exit(1)


class _Commands(click.Group):
    """The command group; the one place where a :class:`VzmapError` becomes a message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VzmapError as exc:
            _fail(exc)


def _read_articles(paths: Iterable[Path]) -> list[Document]:
    """The readable articles under ``paths``; each unreadable one is reported and skipped."""
    from .ingest import read_documents

    skipped: list[str] = []
    docs = read_documents(paths, skipped)
    for message in skipped:
        click.echo(f"Skipped {message}", err=True)
    for doc in docs:
        for note in doc.notes:
            click.echo(f"Note: {note}", err=True)
    return docs


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vzmap")
def main() -> None:
    """vzmap: turn news articles into an interactive, offline story map.

    \b
    Typical use:
      vzmap ingest seeds/          # geoparse articles into data/places.geojson
      vzmap serve                  # open the map at http://127.0.0.1:5000/
      vzmap export --out map.html  # one standalone HTML file, works offline
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_PLACES, show_default=True, help="Places file to create or update.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes that geoparse (default: one per core, from a corpus "
                   "large enough to gain from it; 1 geoparses in this process).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Geoparse on the workers of this running Dask scheduler (needs "
                   "pip install 'vzmap[dask]'); the places file is written here.")
def ingest(paths: tuple[Path, ...], out: Path, jobs: int | None, scheduler: str | None) -> None:
    """Geoparse articles (files or folders of them) into a places file.

    Reads .txt, .md (front matter becomes metadata), saved web pages (.html, .htm: the article's
    main text), Word (.docx) and PDF (.pdf, its text layer). The text of each article is kept
    beside the places file (data/places.geojson -> data/places.articles/), so the map needs the
    originals no more. Hand edits in the places file are kept. An article that cannot be read or
    geoparsed is reported by name and skipped; the others are ingested. With --jobs or
    --scheduler the work is shared out; the places file is the same, byte for byte.

    \b
    Examples:
      vzmap ingest seeds/ ~/Downloads/story.html report.pdf --out data/places.geojson
      vzmap ingest archive/ --jobs 4
      vzmap ingest archive/ --scheduler tcp://10.0.0.5:8786
    """
    from .ingest import docs_dir_of, gazetteer_is_cached, ingest_documents

    paths = paths or (DEFAULT_DOCS,)
    docs = _read_articles(paths)
    if not docs:
        click.echo("Error: no readable article to ingest; the places file was not changed.",
                   err=True)
        sys.exit(1)
    if scheduler is None and not gazetteer_is_cached():
        click.echo("Building the gazetteer index (first run only, about 15 s)...", err=True)
    with _progress(docs) as advance:
        report = ingest_documents(docs, out, docs_dir=docs_dir_of(paths), progress=advance,
                                  jobs=jobs, scheduler=scheduler)
    for message in report.skipped:
        click.echo(f"Skipped {message}", err=True)
    for note in report.notes:
        click.echo(f"Note: {note}", err=True)
    _print_merge_report(report.merge, out)
    click.echo(
        f"Ingested {len(report.documents)} article(s): {report.mentions} place mention(s) "
        f"of {report.places} place(s) -> {out}"
    )
    click.echo(f"  {report.merge.summary()}")


@contextlib.contextmanager
def _progress(docs: list[Document]) -> Iterator[Callable[[int], object] | None]:
    """A progress bar on stderr, by characters, for many articles or a long one."""
    total = sum(len(d.text) for d in docs)
    if len(docs) < PROGRESS_FROM and total < PROGRESS_FROM_CHARS:
        yield None
        return
    with click.progressbar(length=total, label="Geoparsing", file=sys.stderr) as bar:
        yield bar.update


def _print_merge_report(merge: MergeReport, out: Path) -> None:
    for warning in merge.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for m in merge.orphaned:
        click.echo(
            f"Warning: {m.get('doc')}:{m.get('start')}-{m.get('end')} {m.get('text')!r} "
            f"(place {m.get('place')}): a hand-edited mention whose text is gone from the "
            f"changed article was dropped; the previous file is in {out}.bak",
            err=True,
        )


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--places-only", is_flag=True,
              help="Only the mentions that ingest pins on the map (no demonyms, no names "
                   "inside organisations).")
def geoparse(paths: tuple[Path, ...], places_only: bool) -> None:
    """Print every toponym mention of articles as JSON lines, without touching any file.

    One line per article: {"doc", "lang", "mentions": [{"start", "end", "text", "role", "id",
    "name", "kind", "country", "lat", "lon", "confidence", "event_type", "date",
    "date_source"}]}, read in the article's language as ingest reads it. ``role`` is ``place``,
    ``demonym`` ("Venezuelan") or ``embedded`` ("Tren de Aragua").

    \b
    Example:
      vzmap geoparse seeds/004_0381395c104e6378.txt
    """
    import json

    from .gazetteer.index import load_gazetteer
    from .parallel import read_article

    docs = _read_articles(paths)
    if not docs:
        sys.exit(1)
    gaz = load_gazetteer()
    for doc in docs:
        read = read_article(doc, gaz)
        if read.note:
            click.echo(f"Note: {doc.path or doc.id}: {read.note}", err=True)
        mentions = [
            {"start": m.start, "end": m.end, "text": m.text, "role": m.role, "id": m.entry.id,
             "name": m.entry.name, "kind": m.entry.kind, "country": m.entry.country,
             "lat": m.entry.lat, "lon": m.entry.lon, "confidence": round(m.confidence, 3),
             "event_type": m.event_type, "date": date, "date_source": source}
            for m, date, source in read.mentions
            if m.role == "place" or not places_only
        ]
        click.echo(json.dumps({"doc": doc.id, "lang": read.lang, "mentions": mentions},
                              ensure_ascii=False))


_DOCS_HELP = ("Folder of the articles the mentions refer to (default: the articles kept beside "
              "the places file by ingest, e.g. data/places.articles/).")


def _docs_for(places: Path, docs_dir: Path | None) -> Path | None:
    """The articles of ``places``: ``--docs`` if given (it must exist), else those ingest kept."""
    from .places.articles import docs_dir_for

    if docs_dir is not None and not docs_dir.is_dir():
        raise VzmapError(f"{docs_dir}: no such folder of articles (--docs)")
    return docs_dir_for(places, docs_dir)


def _no_articles_note(places: Path) -> str:
    from .places.articles import articles_dir

    return (f"Note: no articles beside {places} ({articles_dir(places)}/ is missing): the "
            "articles' text cannot be shown or checked; run `vzmap ingest` on them again, or "
            "give --docs DIR")


def _articles_or_note(places: Path, docs_dir: Path | None) -> Path:
    """The articles folder to show ``places`` with; a note when there is none."""
    from .places.articles import articles_dir

    docs = _docs_for(places, docs_dir)
    if docs is None:
        click.echo(_no_articles_note(places), err=True)
        return articles_dir(places)
    return docs


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path),
                default=DEFAULT_PLACES)
@click.option("--docs", "docs_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help=_DOCS_HELP)
def validate(file: Path, docs_dir: Path | None) -> None:
    """Check a places file against the contract; one line per problem.

    Exit status 0 when the file can be used as it is (warnings say what was assumed, e.g. an
    id for a feature drawn in geojson.io), 1 when it has errors. Each problem reads
    FILE:LINE:COLUMN: [FEATURE-ID] what is wrong and what would be valid. Offsets are checked
    against the articles ingest kept beside the file.

    \b
    Example:
      vzmap validate data/places.geojson
    """
    from .places.validate import validate_file

    if not file.exists():
        raise VzmapError(f"{file}: no such file")
    docs_dir = _docs_for(file, docs_dir)
    if docs_dir is None:
        click.echo(_no_articles_note(file), err=True)
    problems = validate_file(file, docs_dir=docs_dir)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    noted = f" ({warnings} warning(s): what was assumed to use it)" if warnings else ""
    if errors:
        click.echo(f"{file}: {errors} error(s){noted}; the parts with errors are not shown on "
                   "the map", err=True)
        sys.exit(1)
    click.echo(f"{file}: valid{noted}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1 keeps the map on this machine).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--places", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_PLACES, show_default=True)
@click.option("--docs", "docs_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help=_DOCS_HELP)
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME[:PORT]",
              help="Also answer requests for this host name (repeatable), e.g. behind a proxy.")
@click.option("--read-only", "read_only", is_flag=True, default=False,
              help="Never write the places file: the review queue (/review) only shows.")
def serve(host: str, port: int, places: Path, docs_dir: Path | None,
          allow_hosts: tuple[str, ...], read_only: bool) -> None:
    """Serve the story map of a places file in the browser.

    The file is re-read when it changes; an invalid edit keeps the last valid map on screen with
    a banner listing the problems. The debugger is never enabled. It runs on waitress and
    answers only requests for its own address (plus --allow-host names); others get 421.
    The review queue at /review lists the doubtful mentions and writes your choices into the
    file as hand edits (only from this machine; --read-only turns that off).

    \b
    Examples:
      vzmap serve --port 8000 --places data/places.geojson
      vzmap serve --read-only
    """
    from .web.app import create_app
    from .web.server import serve as serve_app

    docs = _articles_or_note(places, docs_dir)
    app = create_app({"PLACES_FILE": str(places.resolve()), "DOCS_DIR": str(docs.resolve()),
                      "READ_ONLY": read_only})
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"Warning: listening on {host}: anyone who can reach this machine can read the map "
            "and the articles (there is no login). Use --host 127.0.0.1 to keep it local.",
            err=True,
        )

    def ready(url: str) -> None:
        click.echo(f"vzmap: serving {places} at {url}  (Ctrl+C to stop)")

    serve_app(app, host, port, allow_hosts, ready=ready)
    click.echo("vzmap: stopped", err=True)


@main.command()
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("vzmap-map.html"), show_default=True,
              help="Output file; its extension picks the format (.html, .csv, .kml).")
@click.option("--places", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_PLACES, show_default=True)
@click.option("--docs", "docs_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help=_DOCS_HELP)
@click.option("--format", "fmt", type=click.Choice(["html", "csv", "kml"]), default=None,
              help="Format, if not given by the extension of --out.")
def export(out: Path, places: Path, docs_dir: Path | None, fmt: str | None) -> None:
    """Export the map as one standalone HTML file (works offline), or the places as CSV/KML.

    \b
    Examples:
      vzmap export --out story-map.html
      vzmap export --out mentions.csv
      vzmap export --out places.kml
    """
    from .export import export as run
    from .export import format_of

    fmt = format_of(out, fmt)
    left_out, notes = run(out, places, _articles_or_note(places, docs_dir), fmt)
    for problem in left_out[:50]:
        click.echo(f"Left out: {problem}", err=True)
    if left_out:
        click.echo(f"Warning: {len(left_out)} problem(s): those features or mentions are not in "
                   "the export, the rest is (see `vzmap validate`)", err=True)
    for note in notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(f"Exported {places} -> {out} ({out.stat().st_size:,} bytes)")


@main.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC_ID...")
@click.option("--places", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_PLACES, show_default=True)
def remove(doc_ids: tuple[str, ...], places: Path) -> None:
    """Take articles out of a places file: their mentions and the text kept beside it.

    DOC_ID is the article's file name without extension, as in the map's reader. Places you
    drew or edited by hand stay; other places no article names any more go. The previous file
    is kept as FILE.bak.

    \b
    Example:
      vzmap remove 004_0381395c104e6378 --places data/places.geojson
    """
    from .places.articles import articles_dir, remove_articles
    from .places.io import read_places, remove_documents
    from .text.documents import id_problem

    if not places.exists():
        raise VzmapError(f"{places}: no such file")
    for doc_id in doc_ids:
        if (problem := id_problem(doc_id)) is not None:
            raise VzmapError(f"{doc_id!r} is not an article id: it {problem}")
    named = {m.get("doc") for f in read_places(places)["features"]
             for m in (f.get("properties") or {}).get("mentions", [])}
    stored = articles_dir(places)
    unknown = [d for d in doc_ids if d not in named and not (stored / f"{d}.txt").is_file()]
    if unknown:
        raise VzmapError(f"{places}: no article {unknown[0]!r} in it (an id is the article's "
                         "file name without extension; see the reader's address /docs/<id>)")
    removed, report = remove_documents(places, doc_ids)
    files = remove_articles(places, doc_ids)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Removed {len(doc_ids)} article(s) from {places}: {removed} mention(s), "
               f"{len(files)} stored file(s); {report.places} place(s) remain")


if __name__ == "__main__":  # pragma: no cover
    main()
