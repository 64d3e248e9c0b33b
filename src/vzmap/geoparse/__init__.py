"""Geoparsing: recognising place mentions and resolving each to a gazetteer entry."""
