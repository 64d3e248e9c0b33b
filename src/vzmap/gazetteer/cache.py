"""The on-disk cache of built indexes: where it lives, writing, opening and pruning it.

Building takes about ten seconds, so a built index is kept in the user cache folder as a
SQLite store (:mod:`vzmap.gazetteer.store`, opened lazily) under its
:func:`~vzmap.gazetteer.sources.cache_key`: new data versions get a new file, and the files of
other versions are pruned. The whole-index ``.marshal`` file earlier releases kept is read
instead of a build when it is of the current data (and kept for them; it goes with the next
data version).
"""

from __future__ import annotations

import gc
import marshal
import os
import tempfile
import time
from pathlib import Path

from .entries import Gazetteer
from .store import StoreGazetteer, open_store, write_store

#: A temporary store older than this is a build that died, and is deleted (seconds).
STALE_BUILD_SECONDS = 3600


def cache_dir() -> Path:
    """Where built indexes are kept: ``$VZMAP_CACHE_DIR`` or the user cache folder."""
    env = os.environ.get("VZMAP_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vzmap"))


def cache_path(key: str) -> Path:
    """The file of the index built from the data identified by ``key``."""
    return cache_dir() / f"gazetteer-{key}.sqlite"


def load_cached(path: Path) -> StoreGazetteer | None:
    """The index saved at ``path`` (opened, not read), or None when it is missing or unusable."""
    return open_store(path) if path.is_file() else None


def load_marshal(key: str) -> Gazetteer | None:
    """The whole index as earlier releases cached it for the data ``key``, or None."""
    path = cache_dir() / f"gazetteer-{key}.marshal"
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a large load of immutable tuples: the cycle collector only slows it down
    try:
        rows, names, demonyms, common, version = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    finally:
        if gc_was_enabled:
            gc.enable()
    return Gazetteer(rows, names, demonyms, frozenset(common), version)


def save_cached(path: Path, gaz: Gazetteer) -> None:
    """Write the index to ``path`` atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer.", suffix=".tmp")
    os.close(fd)
    try:
        os.unlink(tmp)  # SQLite makes the file itself
        write_store(Path(tmp), gaz)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def remove_stale(current: Path) -> None:
    """Delete the indexes of other data versions beside ``current`` (30-50 MB each), and
    temporary files of builds that died."""
    for old in current.parent.glob("gazetteer-*.*"):
        if old.stem != current.stem and old.suffix in (".sqlite", ".marshal"):
            old.unlink()
    for tmp in current.parent.glob(".gazetteer.*.tmp"):
        if time.time() - tmp.stat().st_mtime > STALE_BUILD_SECONDS:
            tmp.unlink()
