"""The export job: a places file -> one standalone HTML map, or its mentions as CSV or KML."""

from __future__ import annotations

from pathlib import Path

from .errors import VzmapError

FORMATS = ("html", "csv", "kml")


def format_of(out: Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else the extension of ``out`` (default html)."""
    fmt = fmt or out.suffix.lower().lstrip(".") or "html"
    if fmt not in FORMATS:
        raise VzmapError(f"{out}: unknown format {fmt!r}; use .html, .csv or .kml")
    return fmt


def export(out: Path, places: Path, docs_dir: Path, fmt: str) -> tuple[list[str], list[str]]:
    """Write the export; returns ``(left out, notes)``: problems of what is not in it, and notes."""
    if fmt == "html":
        from .render.standalone import export_html

        return [str(p) for p in export_html(out, places, docs_dir)], []
    return [], _export_table(out, places, docs_dir, fmt)


def _export_table(out: Path, places: Path, docs_dir: Path, fmt: str) -> list[str]:
    from .places.io import read_places
    from .places.store import atomic_write_text
    from .render import interop
    from .text.documents import load_documents

    fc = read_places(places)
    notes: list[str] = []
    if fmt == "csv":
        docs = load_documents(docs_dir)
        text = interop.to_csv(fc, docs)
        missing = interop.docs_without_metadata(fc, docs)
        if missing:
            notes.append(
                f"{len(missing)} document(s) not found in {docs_dir}/ (e.g. {missing[0]}): their "
                "doc_title is the document id; give --docs DIR (the folder of the articles and "
                "their .meta.json files)")
    else:
        text = interop.to_kml(fc)
    atomic_write_text(out, text, backup=False)
    return notes
