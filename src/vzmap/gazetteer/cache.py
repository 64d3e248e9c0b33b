"""The on-disk cache of built indexes: where it lives, reading, writing and pruning it.

Building takes about ten seconds, so a built index is kept (marshal) in the user cache folder
under its :func:`~vzmap.gazetteer.sources.cache_key`: new data versions get a new file.
"""

from __future__ import annotations

import gc
import marshal
import os
import tempfile
from pathlib import Path

from .entries import Gazetteer


def cache_dir() -> Path:
    """Where built indexes are kept: ``$VZMAP_CACHE_DIR`` or the user cache folder."""
    env = os.environ.get("VZMAP_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vzmap"))


def cache_path(key: str) -> Path:
    """The file of the index built from the data identified by ``key``."""
    return cache_dir() / f"gazetteer-{key}.marshal"


def load_cached(path: Path) -> Gazetteer | None:
    """The index saved at ``path``, or None when it is missing or unreadable."""
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
    data = marshal.dumps(
        (gaz._rows, gaz.names, gaz.demonyms, tuple(sorted(gaz.common)), gaz.version)
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def remove_stale(current: Path) -> None:
    """Delete the indexes of older data versions beside ``current`` (30 MB each)."""
    for old in current.parent.glob("gazetteer-*.marshal"):
        if old != current:
            old.unlink()
