"""The Jinja templates of vzmap's pages, installed with the package as ``vzmap.templates``."""
