"""The gazetteer's entry point: :func:`load_gazetteer` (cached, else built) and its public names.

The parts live beside it: ``entries`` (``Entry``, ``Gazetteer`` and its lookups), ``sources``
(building the index from the data packages and curated files) and ``cache`` (the on-disk cache).
"""

from __future__ import annotations

import contextlib
from functools import lru_cache

from .cache import cache_dir, cache_path, load_cached, remove_stale, save_cached
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
    "load_gazetteer",
]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the cache when it is current, else built and cached.

    Indexes of other data versions in the cache folder are deleted either way.
    """
    path = cache_path(cache_key())
    gaz = load_cached(path) if path.is_file() else None
    if gaz is None:
        gaz = build()
        with contextlib.suppress(OSError):  # a read-only cache costs speed, not correctness
            save_cached(path, gaz)
    with contextlib.suppress(OSError):
        remove_stale(path)
    return gaz
