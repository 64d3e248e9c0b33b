"""Articles on disk: finding them, reading them strictly as UTF-8, and their sidecar metadata.

A document's id is its file name without extension (``seeds/000_abc.txt`` -> ``000_abc``).
Metadata (title, byline, approximate date) lives beside the text in ``<id>.meta.json``;
without one, the title is the first non-empty line of the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError

#: File name suffixes that are read as articles.
TEXT_SUFFIXES = (".txt", ".md")
#: A document id: what may follow ``/docs/`` in a URL and name a file in the documents folder.
DOC_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,199}$")


@dataclass(frozen=True)
class Document:
    """One article: its id, where it came from, its full text and its metadata."""

    id: str
    text: str
    path: Path | None = None
    meta: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        for line in self.text.splitlines():
            if line.strip():
                return line.strip()[:200]
        return self.id


def doc_id_for(path: Path) -> str:
    """The document id of an article file: its name without extension."""
    return Path(path).stem


def iter_document_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Yield article files from files and folders, sorted, each once.

    Folders are searched recursively for ``.txt``/``.md`` files; hidden files are skipped.
    Raises :class:`DocumentError` for a path that does not exist.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in TEXT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found = [path]
        else:
            raise DocumentError(f"{path}: no such file or folder")
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p


def read_meta(path: Path) -> dict:
    """Read the ``<id>.meta.json`` sidecar of an article file, or ``{}`` if there is none."""
    sidecar = Path(path).with_name(doc_id_for(path) + ".meta.json")
    if not sidecar.is_file():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"{sidecar}: not valid UTF-8 JSON metadata: {exc}") from exc
    if not isinstance(meta, dict):
        raise DocumentError(
            f"{sidecar}: metadata must be a JSON object, like {{\"title\": \"...\"}}"
        )
    return meta


def read_document(path: Path | str) -> Document:
    """Read one article strictly as UTF-8, exactly as on disk (no newline translation).

    Raises :class:`DocumentError` naming the file for a missing, empty or non-UTF-8 file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the article as UTF-8 and run again"
        ) from exc
    if text.startswith("\ufeff"):
        raise DocumentError(f"{path}: starts with a UTF-8 byte-order mark; save it without one")
    if not text.strip():
        raise DocumentError(f"{path}: empty article (no text to geoparse)")
    doc_id = doc_id_for(path)
    if not DOC_ID_RE.match(doc_id):
        raise DocumentError(
            f"{path}: file name {doc_id!r} cannot be a document id; "
            "use letters, digits, '_', '-', '.'"
        )
    return Document(id=doc_id, text=text, path=path, meta=read_meta(path))


def find_document(docs_dir: Path | str, doc_id: str) -> Path | None:
    """The file of document ``doc_id`` in ``docs_dir`` (searched recursively), or ``None``.

    Ids that are not plain names (``../x``, ``a/b``) never match.
    """
    if not DOC_ID_RE.match(doc_id or ""):
        return None
    root = Path(docs_dir)
    if not root.is_dir():
        return None
    for suffix in TEXT_SUFFIXES:
        direct = root / f"{doc_id}{suffix}"
        if direct.is_file():
            return direct
    for p in iter_document_paths([root]):
        if doc_id_for(p) == doc_id:
            return p
    return None


def load_documents(docs_dir: Path | str) -> dict[str, Document]:
    """Every readable article under ``docs_dir`` by id; unreadable ones are left out."""
    docs: dict[str, Document] = {}
    root = Path(docs_dir)
    if not root.is_dir():
        return docs
    for p in iter_document_paths([root]):
        try:
            doc = read_document(p)
        except DocumentError:
            continue
        docs.setdefault(doc.id, doc)
    return docs
