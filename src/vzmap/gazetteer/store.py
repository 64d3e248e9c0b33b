"""The gazetteer index on disk as one SQLite file, read lazily: ``StoreGazetteer`` and its writer.

Loading the whole index (marshal, 30 MB) costs about 0.5 s and 200 MiB per process; a job of two
articles or a new worker needs a few thousand of its 240,000 entries. The store keeps the rows
(marshal tuples by number, with an index on their id) and the name index (key -> entry
references) in tables, and the small parts (demonyms, common words, the data version) in
``meta``. Opening it reads only ``meta``; a name or an entry is read when asked for and kept.

The file is written once per data version (into a temporary file renamed into place) and never
changed, so it is opened read-only and ``immutable``: no locks, and any number of processes
read it at once. A connection belongs to one process and thread (one is opened on first use in
each), so a store inherited by a forked worker opens its own.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import cast

from .entries import Gazetteer, overlay_user_entries

#: Bump when the tables change; a store of another format is rebuilt.
FORMAT = "1"
#: Looked-up names kept per store before the memo starts again (a bound for long runs).
MEMO_MAX = 200_000

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE rows (i INTEGER PRIMARY KEY, id TEXT NOT NULL, row BLOB NOT NULL)",
    "CREATE TABLE names (key TEXT PRIMARY KEY, refs BLOB NOT NULL) WITHOUT ROWID",
)


class _Db:
    """Read-only queries on the store file, one connection per process and thread."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            local.con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            local.pid = os.getpid()
        return cast(sqlite3.Connection, local.con)

    def one(self, sql: str, *args: object) -> object | None:
        """The first column of the first row ``sql`` gives, or None."""
        row = self._connection().execute(sql, args).fetchone()
        return None if row is None else row[0]

    def column(self, sql: str) -> Iterator[object]:
        for (value,) in self._connection().execute(sql):
            yield value


class StoreRows(Sequence[tuple]):
    """The entry rows: read from the store by number, with hand-made rows laid over them."""

    def __init__(self, db: _Db, size: int, changed: dict[int, tuple] | None = None,
                 added: list[tuple] | None = None):
        self._db, self._size = db, size
        self.changed = changed or {}
        self.added = added or []

    def __len__(self) -> int:
        return self._size + len(self.added)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if i in self.changed:
            return self.changed[i]
        if i >= self._size:
            return self.added[i - self._size]
        blob = self._db.one("SELECT row FROM rows WHERE i = ?", i)
        if blob is None:
            raise IndexError(i)
        return marshal.loads(cast(bytes, blob))

    def index_of(self, entry_id: str) -> int | None:
        """The number of the row with this gazetteer id in the store, or None."""
        # the last row of an id, as :meth:`Gazetteer.get` finds it
        return cast("int | None", self._db.one(
            "SELECT i FROM rows WHERE id = ? ORDER BY i DESC LIMIT 1", entry_id))


class StoreNames(Mapping[str, tuple[int, ...]]):
    """Name key -> entry references (as :attr:`Gazetteer.names`), read when asked for."""

    def __init__(self, db: _Db, overlay: dict[str, tuple[int, ...]] | None = None):
        self._db = db
        self.overlay = overlay or {}
        self._memo: dict[str, tuple[int, ...] | None] = {}

    def _stored(self, key: str) -> tuple[int, ...] | None:
        memo = self._memo
        if key in memo:
            return memo[key]
        if len(memo) >= MEMO_MAX:
            memo.clear()
        blob = self._db.one("SELECT refs FROM names WHERE key = ?", key)
        refs = memo[key] = None if blob is None else marshal.loads(cast(bytes, blob))
        return refs

    def __getitem__(self, key: str) -> tuple[int, ...]:
        refs = self.overlay.get(key)
        if refs is None:
            refs = self._stored(key)
        if refs is None:
            raise KeyError(key)
        return refs

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self.overlay or self._stored(key) is not None)

    def get(self, key: str, default=None):
        refs = self.overlay.get(key)
        if refs is None:
            refs = self._stored(key)
        return default if refs is None else refs

    def __setitem__(self, key: str, refs: tuple[int, ...]) -> None:
        self.overlay[key] = refs

    def __iter__(self) -> Iterator[str]:
        seen = set(self.overlay)
        yield from self.overlay
        for key in self._db.column("SELECT key FROM names ORDER BY key"):
            if key not in seen:
                yield cast(str, key)

    def __len__(self) -> int:
        stored = cast(int, self._db.one("SELECT count(*) FROM names"))
        extra = sum(1 for k in self.overlay if self._stored(k) is None)
        return stored + extra


class StoreGazetteer(Gazetteer):
    """A :class:`Gazetteer` whose rows and names stay on disk until they are looked up."""

    def __init__(self, db: _Db, rows: StoreRows, names: StoreNames, demonyms: dict[str, int],
                 common: frozenset[str], version: str,
                 user_ids: dict[str, int] | None = None):
        super().__init__(cast(list, rows), cast(dict, names), demonyms, common, version)
        self._db = db
        self._store_rows, self._store_names = rows, names
        self._user_ids = user_ids or {}

    def get(self, entry_id: str):
        """The entry with this gazetteer id, or None."""
        i = self._user_ids.get(entry_id)
        if i is None:
            i = self._store_rows.index_of(entry_id)
        return None if i is None else self.entry(i)

    def with_user_entries(self, user_entries: list[dict]) -> Gazetteer:
        """A copy where hand-made places and aliases come first, as
        :meth:`Gazetteer.with_user_entries` makes it, laid over the store (nothing is copied)."""
        if not user_entries:
            return self
        base = self._store_rows
        rows = StoreRows(self._db, base._size, dict(base.changed), list(base.added))
        names = StoreNames(self._db, dict(self._store_names.overlay))
        known = self._user_ids

        def add(row: tuple) -> int:
            rows.added.append(row)
            return len(rows) - 1

        def put(idx: int, row: tuple) -> None:
            rows.changed[idx] = row

        by_id = {**known, **overlay_user_entries(
            user_entries, lambda i: known[i] if i in known else base.index_of(i), add, put,
            cast(MutableMapping, names))}
        return StoreGazetteer(self._db, rows, names, self.demonyms, self.common,
                              self.version + "+user", by_id)


def open_store(path: Path) -> StoreGazetteer | None:
    """The store at ``path``, or None when it is missing, unreadable or of another format."""
    db = _Db(path)
    try:
        meta = {k: v for k, v in db._connection().execute("SELECT key, value FROM meta")}
        if meta.get("format") != FORMAT:
            return None
        size = int(meta["rows"])
        demonyms = marshal.loads(meta["demonyms"])
        common = frozenset(marshal.loads(meta["common"]))
        version = str(meta["version"])
    except (sqlite3.Error, KeyError, ValueError, TypeError, EOFError):
        return None
    return StoreGazetteer(db, StoreRows(db, size), StoreNames(db), demonyms, common, version)


def write_store(path: Path, gaz: Gazetteer) -> None:
    """Write ``gaz`` as a store at ``path`` (a complete new file, no journal: the caller writes
    to a temporary name and renames it)."""
    rows: Sequence[tuple] = gaz._rows
    names: Mapping[str, tuple[int, ...]] = gaz.names
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        for statement in _SCHEMA:
            con.execute(statement)
        meta = {"format": FORMAT, "version": gaz.version, "rows": str(len(rows)),
                "demonyms": marshal.dumps(dict(gaz.demonyms)),
                "common": marshal.dumps(tuple(sorted(gaz.common)))}
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.executemany("INSERT INTO rows VALUES (?, ?, ?)",
                        ((i, row[0], marshal.dumps(row)) for i, row in enumerate(rows)))
        con.execute("CREATE INDEX rows_id ON rows (id)")
        con.executemany("INSERT INTO names VALUES (?, ?)",
                        ((k, marshal.dumps(names[k])) for k in sorted(names)))
        con.commit()
    finally:
        con.close()
