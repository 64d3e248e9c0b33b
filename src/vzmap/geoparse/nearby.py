"""The places that anchor distances in one resolution pass, and the distances between points.

:class:`Nearby` indexes the article's confidently placed names by sentence and by latitude, so
that the resolver's proximity clue costs a few look-ups whatever the article's length;
:func:`distance` remembers the distances it has computed for the article's second pass.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable

from ..gazetteer.index import distance_km

#: Up to this many anchors, a reading is compared with each of them.
FEW = 12
#: Most pairs of points whose distance is kept (the memory of the cache stays bounded).
_MAX_CACHED = 250_000
#: Earth's mean radius in km, as :func:`distance_km` uses it: a latitude gap's lower bound.
_EARTH_KM = 6371.0088


class Nearby:
    """The places that anchor distances in one resolution pass, indexed so that a reading's
    proximity costs a few look-ups whatever the article's length: by sentence (the places of a
    passage) and by latitude (the nearest place anywhere, searched outwards from the reading's
    latitude and cached per point and name)."""

    __slots__ = ("points", "by_sentence", "states", "countries", "_places", "_lats", "_keys",
                 "_nearest")

    def __init__(
        self,
        points: Iterable[tuple[str, int, float, float]] = (),
        states: Iterable[str] = (),
        countries: Iterable[tuple[int, str, str]] = (),
    ) -> None:
        """``points``: (name key, sentence, lat, lon) of each anchor; ``states``: the names of
        the states among the anchors; ``countries``: (sentence, country, name key) of each."""
        self.points = sorted(set(points))
        self.countries: dict[int, set[tuple[str, str]]] = {}
        for sentence, country, key in countries:
            self.countries.setdefault(sentence, set()).add((country, key))
        self.by_sentence: dict[int, list[tuple[str, float, float]]] = {}
        named: dict[tuple[float, float], set[str]] = {}
        for key, sentence, lat, lon in self.points:
            self.by_sentence.setdefault(sentence, []).append((key, lat, lon))
            named.setdefault((lat, lon), set()).add(key)
        self.states = frozenset(states)
        self._places = sorted((lat, lon, frozenset(keys)) for (lat, lon), keys in named.items())
        self._lats = [lat for lat, _, _ in self._places]
        self._keys = frozenset().union(*named.values())
        self._nearest: dict[tuple[float, float, str], float] = {}

    def any_besides(self, key: str) -> bool:
        """Whether some anchor is named otherwise than ``key``."""
        return len(self._keys) > 1 or (bool(self._keys) and key not in self._keys)

    def nearest(self, lat: float, lon: float, key: str, distances: Distances) -> float:
        """Distance in km to the nearest anchor named otherwise than ``key`` (inf if none)."""
        found = self._nearest.get((lat, lon, key))
        if found is None:
            found = self._nearest[(lat, lon, key)] = self._search(lat, lon, key, distances)
        return found

    def _search(self, lat: float, lon: float, key: str, distances: Distances) -> float:
        """Anchors in order of latitude gap from ``lat``, until that gap alone is farther than
        the nearest found (a latitude gap is a lower bound of the great-circle distance)."""
        places, lats = self._places, self._lats
        km = math.inf
        lo = bisect.bisect_left(lats, lat) - 1
        hi = lo + 1
        while lo >= 0 or hi < len(places):
            gap_lo = lat - lats[lo] if lo >= 0 else math.inf
            gap_hi = lats[hi] - lat if hi < len(places) else math.inf
            i = lo if gap_lo <= gap_hi else hi
            if _EARTH_KM * math.radians(min(gap_lo, gap_hi)) > km * (1 + 1e-9) + 1e-6:
                break
            if i == lo:
                lo -= 1
            else:
                hi += 1
            plat, plon, keys = places[i]
            if len(keys) == 1 and key in keys:
                continue
            km = min(km, distance(lat, lon, plat, plon, distances))
        return km


#: (lat, lon, lat, lon) -> km between two points, kept for the article's second pass.
Distances = dict[tuple[float, float, float, float], float]


def distance(lat1: float, lon1: float, lat2: float, lon2: float, distances: Distances) -> float:
    """:func:`distance_km`, remembered in ``distances`` (up to a bounded number of pairs)."""
    pair = (lat1, lon1, lat2, lon2)
    km = distances.get(pair)
    if km is None:
        km = distance_km(lat1, lon1, lat2, lon2)
        if len(distances) < _MAX_CACHED:
            distances[pair] = km
    return km
