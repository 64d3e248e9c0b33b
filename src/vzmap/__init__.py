"""vzmap: turn news articles into an interactive, offline story map.

The public API, as geopy re-exports its geocoders: ``from vzmap import read_places, classify``;
the geoparser is ``from vzmap.geoparse import geoparse`` and the ingest job
``from vzmap.ingest import ingest`` (their modules carry those names). Names are imported on first
use, so ``import vzmap`` (and the CLI) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_API = {
    "Mention": "vzmap.geoparse.pipeline",
    "load_gazetteer": "vzmap.gazetteer.index",
    "classify": "vzmap.events.classify",
    "load_taxonomy": "vzmap.events.taxonomy",
    "read_document": "vzmap.text.documents",
    "load_documents": "vzmap.text.documents",
    "read_places": "vzmap.places.io",
    "write_places": "vzmap.places.io",
    "update_places": "vzmap.places.io",
    "validate_file": "vzmap.places.validate",
    "create_app": "vzmap.web.app",
    "VzmapError": "vzmap.errors",
    "PlacesFileError": "vzmap.errors",
    "DocumentError": "vzmap.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'vzmap' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
