"""vzmap: turn news articles into an interactive, offline story map."""

__version__ = "0.1.0"
