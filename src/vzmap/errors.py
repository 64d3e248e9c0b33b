"""The one exception root of vzmap and its specific subclasses."""

from __future__ import annotations


class VzmapError(Exception):
    """Root of every error vzmap raises on purpose; the CLI turns these into messages."""


class DocumentError(VzmapError, ValueError):
    """An article cannot be read: missing, empty, not text, or a format vzmap cannot read."""


class GazetteerError(VzmapError):
    """The gazetteer data is missing or cannot be built."""


class TaxonomyError(VzmapError, ValueError):
    """The event taxonomy file is not valid."""


class StoreError(VzmapError, OSError):
    """A file cannot be written (missing folder, no permission, disk full)."""


class PlacesFileError(VzmapError, ValueError):
    """A places file breaks the contract; ``problems`` lists every problem found."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class SettingsError(VzmapError, ValueError):
    """An unknown setting, or a setting's value that is not a number."""


class LexiconError(VzmapError, ValueError):
    """A word list file (``data/lexicon/<lang>/<part>.toml``) is not valid."""


class DateRangeError(VzmapError, ValueError):
    """A ``from``/``to`` bound that is not a partial ISO date, or ``from`` after ``to``.

    ``parameter`` names the bound (``"from"``, ``"to"`` or ``"from,to"``), ``value`` is what was
    given."""

    def __init__(self, message: str, parameter: str, value: str):
        super().__init__(message)
        self.parameter = parameter
        self.value = value
