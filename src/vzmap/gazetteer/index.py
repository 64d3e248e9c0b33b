"""The gazetteer's entry point: :func:`load_gazetteer` (cached, else built) and its public names.

The parts live beside it: ``entries`` (``Entry``, ``Gazetteer`` and its lookups), ``sources``
(building the index from the data packages and curated files), ``store`` (the built index as a
lazily read SQLite file) and ``cache`` (where stores are kept).
"""

from __future__ import annotations

import contextlib
from functools import lru_cache

from .cache import cache_dir, cache_path, load_cached, load_marshal, remove_stale, save_cached
from .entries import KINDS, Entry, Gazetteer, distance_km
from .sources import BUILD_VERSION, build, cache_key

__all__ = [
    "BUILD_VERSION",
    "KINDS",
    "Entry",
    "Gazetteer",
    "build",
    "cache_dir",
    "cache_key",
    "distance_km",
    "is_cached",
    "load_gazetteer",
]


def is_cached() -> bool:
    """Whether the index of the current data is built (else the first load takes ~15 s)."""
    return cache_path(cache_key()).is_file()


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer: the cached store when it is current (opened in milliseconds, read as
    names are looked up), else built, stored and returned whole.

    Indexes of other data versions in the cache folder are deleted either way.
    """
    key = cache_key()
    path = cache_path(key)
    gaz: Gazetteer | None = load_cached(path)
    if gaz is None:
        gaz = load_marshal(key) or build()
        with contextlib.suppress(OSError):  # a read-only cache costs speed, not correctness
            save_cached(path, gaz)
    with contextlib.suppress(OSError):
        remove_stale(path)
    return gaz
