"""Mention dates as intervals and the time filter: parse a partial ISO date, overlap, filter.

A mention's ``date`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or null/absent: undated) and
stands for the whole interval it names: ``2023-03`` is 2023-03-01..2023-03-31, ``2024`` the whole
year. A mention is in a range ``[from, to]`` when its interval overlaps it; a place is in the
range when at least one of its mentions is. With a range set, undated mentions are out; either
end may be open (None). Pure: no Flask, no files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import DateRangeError
from ..text.dates import date_interval

#: How a valid bound is written, for messages.
VALID_FORMS = "YYYY-MM-DD (also YYYY-MM or YYYY)"

Interval = tuple[date, date]


def interval(value: object) -> Interval | None:
    """The first and last day that the partial date ``value`` names, or None when ``value`` is
    not a string of the form ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date."""
    return date_interval(value.strip()) if isinstance(value, str) else None


def normalize(value: object) -> str | None:
    """``value`` as a canonical partial date string when it is a valid one, else None."""
    return value.strip() if isinstance(value, str) and interval(value) else None


@dataclass(frozen=True)
class DateRange:
    """The days ``start``..``end`` (inclusive); None at either end is open."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, from_: str | None, to: str | None) -> DateRange:
        """The range of a ``from``/``to`` pair as a query gives them (None or "" is open). A
        partial ``from`` starts at its first day, a partial ``to`` ends on its last day.
        Raises :class:`DateRangeError` naming the parameter, its value and the valid form."""
        start = _bound("from", from_)
        end = _bound("to", to)
        rng = cls(start[0] if start else None, end[1] if end else None)
        if rng.start and rng.end and rng.start > rng.end:
            raise DateRangeError(
                f"from={from_} is after to={to}: give a 'from' on or before 'to'",
                "from,to", f"{from_},{to}")
        return rng

    @property
    def is_open(self) -> bool:
        """No bound at all: everything is in, undated mentions too."""
        return self.start is None and self.end is None

    def overlaps(self, span: Interval | None) -> bool:
        """Whether the interval ``span`` meets the range (an undated mention, None, does not
        unless the range is open)."""
        if self.is_open:
            return True
        if span is None:
            return False
        return (self.end is None or span[0] <= self.end) and (
            self.start is None or span[1] >= self.start)

    def holds(self, mention: object) -> bool:
        """Whether the mention (a dict with ``date``) is in the range."""
        if self.is_open:
            return True
        return isinstance(mention, dict) and self.overlaps(interval(mention.get("date")))


def _bound(name: str, value: str | None) -> Interval | None:
    if value is None or value == "":
        return None
    span = interval(value)
    if span is None or value != value.strip():
        raise DateRangeError(
            f"{name}={value!r} is not a date: give {VALID_FORMS}, e.g. {name}=2024-07-01",
            name, value)
    return span


def filter_places(collection: dict, rng: DateRange) -> dict:
    """A copy of the FeatureCollection ``collection`` holding only the places with a mention in
    ``rng``, each with only its mentions in ``rng`` (other keys kept). An open range gives the
    collection back unchanged."""
    if rng.is_open:
        return collection
    features = []
    for feat in collection.get("features") or []:
        if not isinstance(feat, dict):
            continue
        props = feat.get("properties")
        if not isinstance(props, dict):
            continue
        kept = [m for m in props.get("mentions") or [] if rng.holds(m)]
        if kept:
            features.append({**feat, "properties": {**props, "mentions": kept}})
    return {**collection, "features": features}

