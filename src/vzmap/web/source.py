"""The web app's data, read again only when its files change: places file, articles, taxonomy.

The app never writes these files; it looks at their size and modification time on every request
(cheap) and reads them again when that changes. A version of the places file of which nothing
can be used (not JSON, mid-edit, deleted) never replaces the last usable one: the snapshot keeps
the old data and is marked ``stale``, with the problems for the banner.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import VzmapError
from ..events.taxonomy import Taxonomy, load_taxonomy
from ..places.io import read_places_checked
from ..text.documents import Document, load_documents

EMPTY = b'{\n  "type": "FeatureCollection",\n  "features": []\n}\n'
#: The parts of a mention the reader and ``/api/docs/<doc>`` show.
MENTION_FIELDS = ("start", "end", "text", "excerpt", "excerpt_start", "event_type", "confidence")
#: Files of the articles folder whose change means the articles must be read again.
DOC_SUFFIXES = (".txt", ".md", ".json")


def _etag(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:32]


@dataclass
class Snapshot:
    """The usable places data and the problems of the parts of the file left out.

    ``raw`` is what ``/api/places`` serves, ``etag`` and ``loaded`` (the file's modification
    time, whole seconds) answer conditional requests. ``stale``: no part of the current file
    can be used, so this is the last usable version.
    """

    data: dict
    raw: bytes
    etag: str
    loaded: datetime
    problems: list[str] = field(default_factory=list)
    stale: bool = False

    def keep_with(self, problems: list[str]) -> Snapshot:
        """This data again, marked stale, for a version of the file that cannot be used."""
        return Snapshot(self.data, self.raw, self.etag, self.loaded, problems, True)

    def mentions_of(self, doc_id: str) -> list[dict]:
        """The mentions in document ``doc_id``, with their place, in text order."""
        out = []
        for feat in self.data.get("features") or []:
            props = feat.get("properties") or {}
            for m in props.get("mentions") or []:
                if isinstance(m, dict) and m.get("doc") == doc_id:
                    out.append({
                        "place_id": str(feat.get("id", "")),
                        "place_name": str(props.get("name") or feat.get("id") or ""),
                        **{k: m.get(k) for k in MENTION_FIELDS},
                    })
        out.sort(key=lambda m: (m["start"] if isinstance(m["start"], int) else -1,
                                m["place_id"]))
        return out


def empty_snapshot() -> Snapshot:
    """No places yet (shown until a usable file is found)."""
    return Snapshot(data={"type": "FeatureCollection", "features": []}, raw=EMPTY,
                    etag=_etag(EMPTY), loaded=datetime.fromtimestamp(0, UTC))


class PlacesFile:
    """The places file, read again whenever its mtime, size or inode change."""

    def __init__(self, path: Path, docs_dir: Path, taxonomy_file: str | None):
        self.path = Path(path)
        self.docs_dir = Path(docs_dir)
        self.taxonomy_file = taxonomy_file
        self._lock = threading.Lock()
        self._signature: tuple | None = ("unset",)
        self._snapshot = empty_snapshot()

    def _stat(self) -> tuple | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def get(self) -> Snapshot:
        sig = self._stat()
        with self._lock:
            if sig != self._signature:
                self._signature = sig
                self._snapshot = self._read(sig)
            return self._snapshot

    def _read(self, sig: tuple | None) -> Snapshot:
        if sig is None:
            return self._snapshot.keep_with(
                [f"{self.path}: places file not found; run `vzmap ingest` to create it"])
        try:
            taxonomy, problems = load_taxonomy(self.taxonomy_file), []
        except VzmapError as exc:
            taxonomy, problems = None, [str(exc)]
        data, raw, file_problems = read_places_checked(self.path, docs_dir=self.docs_dir,
                                                       taxonomy=taxonomy)
        problems += file_problems
        if data is None:
            return self._snapshot.keep_with(problems)
        loaded = datetime.fromtimestamp(sig[0] / 1e9, UTC).replace(microsecond=0)
        return Snapshot(data=data, raw=raw, etag=_etag(raw), loaded=loaded, problems=problems)


class DocsFolder:
    """The articles of a folder, read again only when one of its files changed."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._cached: tuple[tuple, dict[str, Document]] | None = None

    def signature(self) -> tuple:
        """Names, sizes and times of the articles and their sidecars (cheap: no reading)."""
        if not self.root.is_dir():
            return ()
        sig = []
        for p in sorted(self.root.rglob("*")):
            if p.suffix.lower() in DOC_SUFFIXES and p.is_file():
                st = p.stat()
                sig.append((str(p), st.st_size, st.st_mtime_ns))
        return tuple(sig)

    def documents(self) -> dict[str, Document]:
        """The articles by id (one version cached; replaced whole, so threads stay safe)."""
        sig = self.signature()
        cached = self._cached
        if cached is None or cached[0] != sig:
            cached = (sig, load_documents(self.root))
            self._cached = cached
        return cached[1]


class DataSource:
    """Everything the app shows: the places file, the articles, the taxonomy, the map page."""

    def __init__(self, places_file: Path | str, docs_dir: Path | str,
                 taxonomy_file: str | None):
        self.docs_dir = Path(docs_dir)
        self.taxonomy_file = taxonomy_file
        self.places_file = PlacesFile(Path(places_file), self.docs_dir, taxonomy_file)
        self.docs = DocsFolder(self.docs_dir)
        self._page: tuple[tuple, str] | None = None

    def places(self) -> Snapshot:
        return self.places_file.get()

    def documents(self) -> dict[str, Document]:
        return self.docs.documents()

    def taxonomy(self) -> Taxonomy:
        return load_taxonomy(self.taxonomy_file)

    def _taxonomy_signature(self) -> int | None:
        if not self.taxonomy_file:
            return None
        try:
            return Path(self.taxonomy_file).stat().st_mtime_ns
        except OSError:
            return None

    def map_page(self, render: Callable[[Snapshot], str]) -> str:
        """The map page: ``render(snapshot)`` runs again only when a file it shows changed."""
        snap = self.places()
        key = (snap.etag, tuple(snap.problems), self._taxonomy_signature(),
               hash(self.docs.signature()))
        cached = self._page
        if cached is None or cached[0] != key:
            cached = (key, render(snap))
            self._page = cached
        return cached[1]
