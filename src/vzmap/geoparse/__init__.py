"""Geoparsing: recognising place mentions and resolving each to a gazetteer entry."""

from .pipeline import Mention, geoparse, mention_record

__all__ = ["Mention", "geoparse", "mention_record"]
