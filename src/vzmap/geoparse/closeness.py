"""Closeness to the article's other places, and whether a resolved town stays on the map.

:func:`proximity` is the resolver's last clue: how near a reading lies to the places the article
names elsewhere (its anchors, :class:`vzmap.geoparse.nearby.Nearby`). The tests after it decide
whether the best reading of a name is kept: a small town nothing supports, a quarter far from the
article's other places, a far namesake in a country the article never names are dropped.
"""

from __future__ import annotations

import math

from ..gazetteer.entries import Entry
from .evidence import Article, Spot, Weights
from .nearby import FEW, Distances, distance
from .verdicts import SMALL_TOWN


def proximity(e: Entry, at: Spot, art: Article, w: Weights) -> float:
    """Closeness of reading ``e`` to the nearest of the article's other places (those named
    otherwise than ``at.key``): ``near_same_passage`` times the closeness to the nearest one
    named within ``passage_sentences`` sentences, or ``near_elsewhere`` times the closeness to
    the nearest one named anywhere, whichever is more (the same as weighing each place by where
    it is named, as ``near_same_passage >= near_elsewhere >= 0``). The passage's places are a
    few; the nearest anywhere is one look-up of :class:`Nearby`: the cost stays the same
    whatever the article's length."""
    nearby, distances, scale = art.nearby, art.distances, w.near_scale_km
    if len(nearby.points) <= FEW:  # a short article: comparing with each place is quickest
        return _proximity_to_each(e, at, nearby.points, distances, w)
    best = w.near_elsewhere * math.exp(-nearby.nearest(e.lat, e.lon, at.key, distances) / scale)
    span = math.floor(w.passage_sentences)
    for sent in range(at.sentence - span, at.sentence + span + 1):
        for key, lat, lon in nearby.by_sentence.get(sent, ()):
            if key != at.key:
                c = math.exp(-distance(e.lat, e.lon, lat, lon, distances) / scale)
                best = max(best, w.near_same_passage * c)
    return best


def _proximity_to_each(
    e: Entry, at: Spot, points: list[tuple[str, int, float, float]], distances: Distances,
    w: Weights,
) -> float:
    """:func:`proximity` by comparing ``e`` with each anchor ``points`` (name, sentence, lat,
    lon): the quickest way when they are few."""
    near, elsewhere, passage = w.near_same_passage, w.near_elsewhere, w.passage_sentences
    best = -math.inf
    for key, sent, lat, lon in points:
        if key == at.key:
            continue
        km = distance(e.lat, e.lon, lat, lon, distances)
        score = (near if abs(sent - at.sentence) <= passage else elsewhere) * math.exp(
            -km / w.near_scale_km)
        if score > best:
            best = score
    return best


def unsupported_small_town(e: Entry, supported: bool) -> bool:
    """A small town nothing in the article supports: most likely not what the name means. A
    curated town is none: it is there because the beat names it, and its population is unknown
    rather than small ("llegó de Puerto Ordaz en 2019")."""
    return e.kind == "city" and e.population < SMALL_TOWN and not supported and not e.curated


def misplaced_quarter(e: Entry, art: Article, key: str, w: Weights) -> bool:
    """A name the text calls a parish, sector or neighbourhood ("sector Brasil", "the Juárez
    neighborhood") read as a state or country, or as a town farther than ``quarter_km`` from
    every other place of the article: not the quarter, which lies among them (a curated district
    is the quarter itself)."""
    if e.curated:
        return False
    if e.kind in ("country", "region", "admin1"):
        return True
    return art.nearby.nearest(e.lat, e.lon, key, art.distances) > w.quarter_km


def far_namesake(e: Entry, supported: bool, art: Article, key: str, w: Weights) -> bool:
    """A small place far from every other place of the article (named otherwise than ``key``),
    in a country the article never names: most likely a namesake of a place the gazetteer
    lacks ("Los Olivos" in Lima)."""
    if supported or not art.countries or e.country in art.countries:
        return False
    if e.kind not in ("city", "admin1") or e.capital or e.population >= w.namesake_population:
        return False
    nearby = art.nearby
    far = w.far_namesake_km
    return nearby.any_besides(key) and nearby.nearest(e.lat, e.lon, key, art.distances) > far
