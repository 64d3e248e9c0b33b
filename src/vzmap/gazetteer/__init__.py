"""The offline gazetteer: building it from registry data, its cached index, lookups."""

from .index import (
    BUILD_VERSION,
    KINDS,
    Entry,
    Gazetteer,
    build,
    cache_dir,
    cache_key,
    distance_km,
    load_gazetteer,
)

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
