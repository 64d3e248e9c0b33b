"""Articles on disk: ids, finding them in folders, reading any format, sidecar metadata.

A document's id is its file name without extension (``seeds/000_abc.txt`` -> ``000_abc``,
``Café Mérida.docx`` -> ``Café Mérida``), in Unicode NFC. Articles are ``.txt``, ``.md``,
``.html``/``.htm``, ``.docx`` and ``.pdf`` files (see :mod:`vzmap.text.formats`); what is
read from one is its canonical text, which every mention's offsets refer to. Metadata found in
the file (title, date, byline, ...) is overridden by an ``<id>.meta.json`` sidecar beside it;
without a title, the title is the first non-empty line of the text.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError
from .formats import READERS, UNSUPPORTED, extract, unsupported_message

#: File name suffixes that are read as articles (lower case; any case on disk).
TEXT_SUFFIXES = tuple(READERS)
#: An article file may be at most this large (a safety net, not a limit on real articles).
MAX_ARTICLE_BYTES = 256 * 2**20
#: Longest id in UTF-8 bytes: the article store writes ``<id>.meta.json`` and temporary files
#: ``.<id>.meta.json.<host>-<pid>.<random>.tmp`` (about 45 bytes more), and most file systems
#: allow 255 bytes in a name.
MAX_ID_BYTES = 200
#: Files in article folders that are never articles and are not reported as left out:
#: sidecars, a places file and its backup, and what a saved page or a folder of notes holds.
NOT_ARTICLES = (
    ".meta.json", ".geojson", ".geojson.bak", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg",
    ".ico", ".bmp", ".tif", ".tiff", ".avif", ".css", ".js", ".mjs", ".map", ".woff", ".woff2",
    ".ttf", ".otf", ".eot",
)
_NOT_ARTICLE_NAMES = frozenset({"thumbs.db", "desktop.ini"})
#: Suffix of the folder where a places file ``<stem>.geojson`` keeps its articles (see
#: :mod:`vzmap.places.articles`); it is never read again as input.
ARTICLES_SUFFIX = ".articles"
#: Files of other types named one by one in the summary, at most.
OTHER_FILES_NAMED = 10
_URL = re.compile(r"^https?:/", re.IGNORECASE)
_log = logging.getLogger("vzmap")


@dataclass(frozen=True)
class Document:
    """One article: its id, where it came from, its canonical text, metadata and reading notes.

    ``notes`` tell the user how the file was read (``"<file>: read as windows-1252 (not
    UTF-8)"``); they are about this reading, not the article, and are not stored.
    """

    id: str
    text: str
    path: Path | None = None
    meta: dict = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        for line in self.text.splitlines():
            if line.strip():
                return line.strip()[:200]
        return self.id


def id_problem(s: str) -> str | None:
    """Why ``s`` cannot be a document id (``None`` if it can): any file name can, except ones
    with a path separator, NUL or control characters, names starting with '.', and names whose
    bytes were not UTF-8."""
    if not s:
        return "is empty"
    if s.startswith("."):
        return "starts with '.' (a hidden file)"
    if "/" in s or "\\" in s:
        return "contains '/' or '\\'"
    for ch in s:
        category = unicodedata.category(ch)
        if category == "Cc" or ch in "\u2028\u2029":
            return f"contains the control character U+{ord(ch):04X}"
        if category == "Cs":
            return "is not valid UTF-8 (the name's bytes are in another encoding)"
    size = len(s.encode("utf-8"))
    if size > MAX_ID_BYTES:
        return (
            f"is {size} bytes long in UTF-8, more than the {MAX_ID_BYTES} an id may have (vzmap "
            "keeps '<id>.meta.json' and temporary files beside it, and a file name may have "
            "255 bytes); shorten it"
        )
    return None


def is_doc_id(s: str) -> bool:
    """Whether ``s`` can be a document id (see :func:`id_problem`)."""
    return isinstance(s, str) and id_problem(s) is None


def doc_id_for(path: Path | str) -> str:
    """The document id of an article file: its name without extension, in Unicode NFC."""
    return unicodedata.normalize("NFC", Path(path).stem)


def _web_message(raw: str) -> str:
    return (
        f"{raw}: reading articles from the web is not supported yet; save the page (Ctrl+S) "
        "and ingest the .html file"
    )


def _log_problem(message: str) -> None:
    _log.warning("%s", message)


def iter_document_paths(
    paths: Iterable[Path | str], on_problem: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Yield article files from files and folders, each once (sorted within each folder PATH).

    Folders are searched recursively (following links to folders, once each) for the
    :data:`TEXT_SUFFIXES`; hidden files and folders, Office lock files (``~$x.docx``), the
    ``<page>_files`` folder of a saved ``<page>.html`` and the ``<stem>.articles`` folder of a
    places file ``<stem>.geojson`` beside it (the articles vzmap keeps) are skipped. What cannot
    be looked at is never skipped silently: an unreadable folder, a broken link, a loop of
    links, a file that cannot be examined, a file in a format vzmap cannot read (``.doc``, ...)
    is passed as a message naming it to ``on_problem``, and files of other types (but not
    :data:`NOT_ARTICLES`) are named in one summary at the end. Without ``on_problem``, a PATH
    that does not exist (or is a URL) raises :class:`DocumentError` and other problems are
    logged as warnings (logger ``vzmap``).
    """
    report = on_problem or _log_problem
    seen: set[str] = set()
    others: list[str] = []
    for raw in paths:
        found = _paths_of(raw, report, others, strict=on_problem is None)
        for p in found:
            key = _identity(p)
            if key not in seen:
                seen.add(key)
                yield p
    if others:
        report(other_files_message(others))


def other_files_message(names: list[str]) -> str:
    """The one summary of the files of other types met in folders (``names`` as found)."""
    shown = ", ".join(names[:OTHER_FILES_NAMED])
    if len(names) > OTHER_FILES_NAMED:
        shown += f" and {len(names) - OTHER_FILES_NAMED} more"
    what = "1 file of another type" if len(names) == 1 else f"{len(names)} files of other types"
    return f"{what}, not articles: {shown} (articles are {', '.join(TEXT_SUFFIXES)})"


def _paths_of(
    raw: Path | str, report: Callable[[str], None], others: list[str], *, strict: bool
) -> list[Path]:
    """The article files of one PATH given by the user (files of other types go to ``others``)."""
    if _URL.match(str(raw)):
        problem = _web_message(str(raw))
    else:
        path = Path(raw)
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError) as exc:
            problem = _stat_problem(str(path), exc)
        else:
            if stat.S_ISDIR(mode):
                return _walk(path, report, others)
            if stat.S_ISREG(mode):
                return [path]
            problem = f"{path}: not a regular file or folder (a pipe or device?)"
    if strict:
        raise DocumentError(problem)
    report(problem)
    return []


def _stat_problem(path: str, exc: OSError | ValueError) -> str:
    """What is wrong with ``path`` that ``os.stat`` could not look at."""
    code = getattr(exc, "errno", None)
    if code == errno.ELOOP:
        return (f"{path}: a loop of links (it points to {_target(path)}, and following the "
                "links never reaches a file or folder); no article was read from it")
    if code in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(path):
            return (f"{path}: broken link (it points to {_target(path)}, which is not there); "
                    "the article it named was not read")
        return f"{path}: no such file or folder"
    reason = getattr(exc, "strerror", None) or exc
    return f"{path}: cannot be examined ({reason}); it was not read"


def _walk(root: Path, report: Callable[[str], None], others: list[str]) -> list[Path]:
    """Article files under ``root``, sorted; every problem met on the way is reported, and
    files of other types are added to ``others`` (as paths below ``root``)."""
    found: list[Path] = []
    folders = [root]
    visited = {_identity(root)}
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            report(f"{folder}: folder cannot be read ({exc.strerror or exc}); its articles "
                   "were not read")
            continue
        names = {e.name for e in entries}
        for entry in entries:
            if entry.name.startswith((".", "~$")):
                continue
            kind = _kind(entry, report)
            path = Path(entry.path)
            if kind == "folder" and not _is_kept_by_others(entry.name, names):
                key = _identity(path)
                if key not in visited:
                    visited.add(key)
                    folders.append(path)
            elif kind == "file":
                suffix = path.suffix.lower()
                if suffix in TEXT_SUFFIXES:
                    found.append(path)
                elif suffix in UNSUPPORTED:
                    report(unsupported_message(suffix, str(path)))
                elif not _never_an_article(entry.name):
                    others.append(str(path.relative_to(root)))
    return sorted(found)


def _never_an_article(name: str) -> bool:
    """Whether a file is one that article folders hold besides articles (not worth a word)."""
    lower = name.lower()
    return lower.endswith(NOT_ARTICLES) or lower in _NOT_ARTICLE_NAMES


def _kind(entry: os.DirEntry, report: Callable[[str], None]) -> str | None:
    """``"folder"``, ``"file"`` or ``None`` (reported when it is a problem) for a folder entry."""
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
        mode = os.stat(entry.path).st_mode  # a broken link or a loop raises here
    except OSError as exc:
        report(_stat_problem(entry.path, exc))
        return None
    if Path(entry.name).suffix.lower() in TEXT_SUFFIXES and not stat.S_ISREG(mode):
        report(f"{entry.path}: not a regular file (a pipe or device?); it was not read")
    return None


def _target(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _is_kept_by_others(name: str, names: set[str]) -> bool:
    """Whether folder ``name`` holds the images and scripts of a saved page beside it, or the
    articles vzmap keeps for a places file beside it (``places.articles``)."""
    if name.endswith(ARTICLES_SUFFIX):
        stem = name[: -len(ARTICLES_SUFFIX)]
        return any(f"{stem}{ext}" in names for ext in (".geojson", ".GEOJSON"))
    if not name.endswith("_files"):
        return False
    page = name[: -len("_files")]
    return any(f"{page}{ext}" in names for ext in (".html", ".htm", ".HTML", ".HTM"))


def _identity(path: Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


def read_meta(path: Path) -> dict:
    """Read the ``<id>.meta.json`` sidecar of an article file, or ``{}`` if there is none."""
    path = Path(path)
    names = dict.fromkeys((path.stem, doc_id_for(path)))
    sidecar = next(
        (s for s in (path.with_name(n + ".meta.json") for n in names) if s.is_file()), None
    )
    if sidecar is None:
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"{sidecar}: not valid UTF-8 JSON metadata: {exc}") from exc
    except OSError as exc:
        raise DocumentError(f"{sidecar}: cannot be read: {exc.strerror or exc}") from exc
    if not isinstance(meta, dict):
        raise DocumentError(
            f"{sidecar}: metadata must be a JSON object, like {{\"title\": \"...\"}}"
        )
    return meta


def read_document(path: Path | str) -> Document:
    """Read one article of any format (by its suffix, any case) into its canonical text.

    The text is exactly as on disk for .txt (no newline translation; a byte-order mark is
    dropped, an encoding other than UTF-8 is detected and noted). ``meta`` holds what the file
    says (title, date, ...), ``format``, ``source`` (the path as given), ``source_sha256`` (of
    its bytes), then the sidecar's keys, which win. Raises :class:`DocumentError` naming the
    file for a missing, empty, damaged or unsupported file, a name that cannot be an id, or a
    URL.
    """
    if _URL.match(str(path)):
        raise DocumentError(_web_message(str(path)))
    source = str(path)
    path = Path(path)
    doc_id = doc_id_for(path)
    problem = id_problem(doc_id)
    if problem:
        raise DocumentError(
            f"{path}: the file name {doc_id!r} {problem}, so it cannot name an article; "
            "rename the file"
        )
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise DocumentError(unsupported_message(path.suffix.lower(), source))
    data = _read_bytes(path)
    kind, found = extract(path.suffix, data, source)
    if not found.text.strip():
        raise DocumentError(f"{path}: empty article (no text to geoparse)")
    meta = {
        **found.meta,
        "format": kind,
        "source": source,
        "source_sha256": hashlib.sha256(data).hexdigest(),
        **read_meta(path),
    }
    return Document(id=doc_id, text=found.text, path=path, meta=meta, notes=found.notes)


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(f"{path}: not a regular file (a folder, pipe or device?)")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise DocumentError(
                f"{path}: {info.st_size // 2**20} MB is too large for an article (at most "
                f"{MAX_ARTICLE_BYTES // 2**20} MB)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def find_document(docs_dir: Path | str, doc_id: str) -> Path | None:
    """The file of document ``doc_id`` in ``docs_dir`` (searched recursively), or ``None``.

    Ids that are not plain names (``../x``, ``a/b``, ``..``) never match.
    """
    if not is_doc_id(doc_id):
        return None
    doc_id = unicodedata.normalize("NFC", doc_id)
    root = Path(docs_dir)
    if not root.is_dir():
        return None
    for suffix in TEXT_SUFFIXES:
        direct = root / f"{doc_id}{suffix}"
        try:
            if direct.is_file():
                return direct
        except OSError:
            return None
    for p in iter_document_paths([root], on_problem=lambda message: None):
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
