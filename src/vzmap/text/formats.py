"""One small reader per article format: the canonical text (stored and geoparsed) and metadata.

Every reader takes the file's bytes and the name to show in messages, and returns an
:class:`Extracted`: the text every mention's offsets refer to, metadata found in the file
(title, date, byline, ...), and notes for the user (how it was read). Paragraphs of .html,
.docx and .pdf articles are separated by a blank line. Errors are :class:`DocumentError`
naming the file; an exception of a parsing library on a damaged file becomes one too.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import DocumentError
from .encodings import decode_bytes
from .frontmatter import split_front_matter

#: A docx's parts may unpack to at most this many bytes (a ZIP bomb is refused, not read).
MAX_UNPACKED_BYTES = 512 * 2**20
_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]{1,40})""",
    re.IGNORECASE,
)
_HTML_LANG = re.compile(rb"""<html[^>]{0,300}?\slang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
#: Loggers of the parsing libraries: their recoveries from damaged files are not the user's
#: business while a file is read (what matters reaches the user as an error or a note).
QUIET_LOGGERS = ("pypdf", "trafilatura", "htmldate", "justext", "courlan", "readability")
_quiet_lock = threading.Lock()
_quiet_depth = [0]
_quiet_levels: dict[str, int] = {}
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Extracted:
    """What a reader found in a file: the canonical text, metadata and notes for the user."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def read_txt(data: bytes, where: str) -> Extracted:
    """Plain text in any encoding (UTF-8 with or without a byte-order mark, else detected)."""
    decoded = decode_bytes(data, where)
    return Extracted(decoded.text, {"encoding": decoded.encoding}, decoded.notes)


def read_markdown(data: bytes, where: str) -> Extracted:
    """Markdown read as text; its YAML front matter is metadata, not text."""
    decoded = decode_bytes(data, where)
    meta, body, notes = split_front_matter(_drop_bom(decoded.text), where)
    return Extracted(body, {**meta, "encoding": decoded.encoding}, decoded.notes + notes)


def read_html(data: bytes, where: str) -> Extracted:
    """A saved web page: its article's main text (trafilatura, precision first) and metadata."""
    decoded = decode_bytes(data, where, declared=declared_charset(data))
    found = _trafilatura(decoded.text, fast=True)
    text = getattr(found, "text", None) or ""
    if not text.strip():  # the fallback extractors find text in pages of bare <div>s
        found = _trafilatura(decoded.text, fast=False)
        text = getattr(found, "text", None) or ""
        if _only_link_text(decoded.text, text):
            text = ""
    if not text.strip():
        raise DocumentError(
            f"{where}: no article text found in this web page (a page of links, or one whose "
            "text is drawn by scripts?); copy the article's text into a .txt file and ingest that"
        )
    meta: dict[str, Any] = {
        key: value
        for key, attr in (("title", "title"), ("byline", "author"), ("date", "date"),
                          ("site", "sitename"), ("url", "url"), ("lang", "language"))
        if isinstance(value := getattr(found, attr, None), str) and value.strip()
    }
    lang = _HTML_LANG.search(data[:4096])
    if lang and "lang" not in meta:
        meta["lang"] = lang.group(1).decode("ascii").lower()
    meta["encoding"] = decoded.encoding
    return Extracted(_paragraphs(text.splitlines()), meta, decoded.notes)


def _trafilatura(page: str, *, fast: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        page,
        fast=fast,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=True,
    )


def _only_link_text(page: str, text: str) -> bool:
    """Whether every word of ``text`` is a word of the page's links (a menu, not an article)."""
    from lxml import etree, html  # type: ignore[import-untyped]

    try:
        try:
            tree = html.fromstring(page)
        except ValueError:  # a str with an <?xml encoding=...?> declaration
            tree = html.fromstring(page.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return False
    links = {w.lower() for a in tree.iter("a") for w in _WORDS.findall(a.text_content())}
    return all(w.lower() in links for w in _WORDS.findall(text))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB (``<meta charset>``), if any."""
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def read_docx(data: bytes, where: str) -> Extracted:
    """A Word file: its paragraphs and table cells in reading order; title from its properties."""
    _check_zip(data, where)
    import docx

    document = docx.Document(io.BytesIO(data))
    text = _paragraphs(_docx_blocks(document))
    title = (document.core_properties.title or "").strip()
    return Extracted(text, {"title": title} if title else {})


def _docx_blocks(container: Any) -> Iterator[str]:
    """Paragraph texts of a document body or table cell, tables cell by cell, in order."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                done: set[int] = set()
                for cell in row.cells:  # a merged cell comes once per grid column it spans
                    if id(cell._tc) not in done:
                        done.add(id(cell._tc))
                        yield from _docx_blocks(cell)
        else:
            yield block.text


def _check_zip(data: bytes, where: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile as exc:
        raise DocumentError(
            f"{where}: not a Word .docx file (not a ZIP package: an old .doc renamed, or a "
            "damaged file?); open it in Word or LibreOffice and save it as .docx"
        ) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocumentError(
            f"{where}: unpacks to {unpacked // 2**20} MB, more than a Word article can "
            f"({MAX_UNPACKED_BYTES // 2**20} MB); it was not read"
        )


def read_pdf(data: bytes, where: str) -> Extracted:
    """A PDF's text layer (pypdf), pages separated by a blank line; title from its metadata."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        _decrypt(reader, where)
    texts: list[str] = []
    missing: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        text = (page.extract_text() or "").strip()
        (texts if text else missing).append(text or str(number))
    if not texts:
        raise DocumentError(
            f"{where}: this PDF has no text layer (a scan?); run OCR first, e.g. ocrmypdf, "
            "and ingest the result"
        )
    notes: tuple[str, ...] = ()
    if missing:
        notes = (
            f"{where}: page(s) {', '.join(missing)} have no text layer (scanned?) and were left "
            "out; run OCR first, e.g. ocrmypdf, to include them",
        )
    title = getattr(reader.metadata, "title", None) if reader.metadata else None
    meta = {"title": title.strip()} if isinstance(title, str) and title.strip() else {}
    return Extracted("\n\n".join(texts), meta, notes)


def _decrypt(reader: Any, where: str) -> None:
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise DocumentError(
            f"{where}: this PDF is encrypted (AES) and reading it needs the 'cryptography' "
            "package; remove the encryption first, e.g. qpdf --decrypt in.pdf out.pdf"
        ) from exc
    if opened == PasswordType.NOT_DECRYPTED:
        raise DocumentError(
            f"{where}: this PDF is password-protected; open it with its password and save a "
            "copy without one (e.g. qpdf --password=... --decrypt in.pdf out.pdf), and ingest that"
        )


Reader = Callable[[bytes, str], Extracted]
#: Article suffixes (lower case), their format's name and reader.
READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("txt", read_txt),
    ".md": ("md", read_markdown),
    ".markdown": ("md", read_markdown),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
    ".docx": ("docx", read_docx),
    ".pdf": ("pdf", read_pdf),
}
#: Suffixes of files people keep articles in that are not read, and what to do instead.
UNSUPPORTED = {
    ".doc": "an old Word file (97-2003): open it in Word or LibreOffice and save it as .docx",
    ".rtf": "a Rich Text file: open it in Word or LibreOffice and save it as .docx",
    ".odt": "an OpenDocument file: open it in LibreOffice and save it as .docx",
    ".pages": "a Pages file: export it from Pages as Word (.docx)",
    ".mht": "a web archive: save the page again as 'Web page, HTML only' (.html)",
    ".mhtml": "a web archive: save the page again as 'Web page, HTML only' (.html)",
    ".webarchive": "a Safari web archive: save the page as 'Page Source' (.html)",
}


def extract(suffix: str, data: bytes, where: str) -> tuple[str, Extracted]:
    """``(format name, Extracted)`` of a file's bytes by its suffix (any case).

    Raises :class:`DocumentError` for a suffix that is not an article's, and for any failure
    of a format's reader (a damaged file), naming ``where``.
    """
    suffix = suffix.lower()
    if suffix not in READERS:
        raise DocumentError(unsupported_message(suffix, where))
    kind, reader = READERS[suffix]
    try:
        with _libraries_quiet():
            found = reader(data, where)
    except DocumentError:
        raise
    except Exception as exc:  # a parsing library failing on a damaged file
        raise DocumentError(
            f"{where}: cannot be read as a {kind} file, it may be damaged "
            f"({type(exc).__name__}: {exc}); open and save it again, or save it as .txt"
        ) from exc
    return kind, Extracted(canonical(found.text), found.meta, found.notes)


@contextmanager
def _libraries_quiet() -> Iterator[None]:
    """Silence the parsing libraries' loggers while any thread reads a file."""
    with _quiet_lock:
        if _quiet_depth[0] == 0:
            for name in QUIET_LOGGERS:
                _quiet_levels[name] = logging.getLogger(name).level
                logging.getLogger(name).setLevel(logging.CRITICAL)
        _quiet_depth[0] += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth[0] -= 1
            if _quiet_depth[0] == 0:
                for name, level in _quiet_levels.items():
                    logging.getLogger(name).setLevel(level)


def unsupported_message(suffix: str, where: str) -> str:
    """Why a file with ``suffix`` is not read, and which files are."""
    known = ", ".join(READERS)
    if suffix in UNSUPPORTED:
        return f"{where}: {UNSUPPORTED[suffix]} (vzmap reads {known})"
    if not suffix:
        return f"{where}: has no extension; vzmap reads {known} (rename it if it is one of these)"
    return f"{where}: {suffix} files are not articles; vzmap reads {known}"


def canonical(text: str) -> str:
    """The text as it is stored: no byte-order mark, NUL or lone surrogate (so that writing it
    as UTF-8 and reading it back gives the same text and the same offsets)."""
    text = _drop_bom(text).replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text)


def _drop_bom(text: str) -> str:
    return text.lstrip("\ufeff")


def _paragraphs(lines: Iterator[str] | list[str]) -> str:
    return "\n\n".join(line.strip() for line in lines if line.strip())
