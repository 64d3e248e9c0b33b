"""Mention dates as intervals and the time filter (vzmap.places.dates), pure functions."""

from __future__ import annotations

from datetime import date

import pytest

from vzmap.errors import VzmapError
from vzmap.places.dates import DateRange, DateRangeError, filter_places, interval, normalize


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-07-28", (date(2024, 7, 28), date(2024, 7, 28))),
    ("2023-03", (date(2023, 3, 1), date(2023, 3, 31))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),  # a leap year
    ("2023-02", (date(2023, 2, 1), date(2023, 2, 28))),
    ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
])
def test_a_partial_date_is_the_interval_it_names(value, expected):
    assert interval(value) == expected
    assert normalize(value) == value


@pytest.mark.parametrize("value", [None, "", 2024, "24", "2024-7", "2024-13", "2024-04-31",
                                   "2023-02-29", "0000", "2024-07-28T10:00", "28/07/2024",
                                   "July 2024", ["2024"]])
def test_anything_else_is_undated(value):
    assert interval(value) is None
    assert normalize(value) is None


def test_a_range_takes_partial_bounds_as_their_first_and_last_day():
    assert DateRange.parse("2024-07", "2024-07") == DateRange(date(2024, 7, 1), date(2024, 7, 31))
    assert DateRange.parse("2023", "2024") == DateRange(date(2023, 1, 1), date(2024, 12, 31))
    assert DateRange.parse("2024-07-01", None) == DateRange(date(2024, 7, 1), None)
    assert DateRange.parse("", "2024-07-31") == DateRange(None, date(2024, 7, 31))
    assert DateRange.parse(None, None).is_open


@pytest.mark.parametrize(("from_", "to", "parameter"), [
    ("2024-13-01", None, "from"), ("yesterday", "2024-07-31", "from"),
    (None, "2024-07-32", "to"), ("2024-07-01", "31/07/2024", "to"),
    ("2024-08-01", "2024-07-31", "from,to"), ("2025", "2024-12", "from,to"),
])
def test_a_bad_bound_names_the_parameter_the_value_and_the_valid_form(from_, to, parameter):
    with pytest.raises(DateRangeError) as caught:
        DateRange.parse(from_, to)
    exc = caught.value
    assert isinstance(exc, VzmapError) and isinstance(exc, ValueError)
    assert exc.parameter == parameter
    message = str(exc)
    given = {"from": [from_], "to": [to], "from,to": [from_, to]}[parameter]
    assert exc.value == ",".join(given)
    assert all(f"{name}={value}" in message.replace("'", "")
               for name, value in zip(parameter.split(","), given, strict=True))
    assert parameter == "from,to" or "YYYY-MM-DD" in message


JULY = DateRange(date(2024, 7, 1), date(2024, 7, 31))


@pytest.mark.parametrize(("value", "inside"), [
    ("2024-07-28", True), ("2024-07-01", True), ("2024-07-31", True), ("2024-06-30", False),
    ("2024-08-01", False), ("2024-07", True), ("2024", True), ("2023-03", False), (None, False),
])
def test_a_mention_is_in_a_range_when_its_interval_overlaps_it(value, inside):
    assert JULY.holds({"date": value}) is inside
    assert DateRange().holds({"date": value})  # no range: everything is in


def test_open_ranges_and_partial_dates_overlap_at_their_edges():
    since_july = DateRange(date(2024, 7, 15), None)
    assert since_july.holds({"date": "2024-07"})  # July overlaps the 15th onwards
    assert since_july.holds({"date": "2030"})
    assert not since_july.holds({"date": "2024-07-14"})
    until = DateRange(None, date(2023, 3, 1))
    assert until.holds({"date": "2023-03"}) and until.holds({"date": "1999"})
    assert not until.holds({"date": "2023-03-02"})
    assert not until.holds({"date": None})


def feature(pid, *dates):
    return {"type": "Feature", "id": pid, "geometry": {"type": "Point", "coordinates": [0, 0]},
            "properties": {"name": pid, "note": "kept",
                           "mentions": [{"doc": "d", "start": i, "date": d}
                                        for i, d in enumerate(dates)]}}


def test_filter_keeps_places_with_a_mention_in_range_and_only_those_mentions():
    fc = {"type": "FeatureCollection", "name": "story",
          "features": [feature("valencia", "2024-07-28", None), feature("maracay", "2023-03"),
                       feature("cagua", "2024-09-02"), feature("drawn"), feature("aragua", "2024")]}
    out = filter_places(fc, JULY)
    assert out["name"] == "story"
    assert [f["id"] for f in out["features"]] == ["valencia", "aragua"]
    assert out["features"][0]["properties"]["mentions"] == [
        {"doc": "d", "start": 0, "date": "2024-07-28"}]
    assert out["features"][0]["properties"]["note"] == "kept"
    assert len(fc["features"][0]["properties"]["mentions"]) == 2  # the input is not changed
    assert filter_places(fc, DateRange()) is fc
    assert filter_places(fc, DateRange(date(2030, 1, 1), None))["features"] == []
