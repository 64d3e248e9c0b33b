"""Quarters the gazetteer lacks, pinned at the centre of their town (pure).

"los barrios Olaya Herrera, El Pozón y Nelson Mandela", "el sector Puente Ayala", "the
working-class Atalaya district": the text says the name is a part of a town, and the gazetteer
has no such place (or only namesakes far away). Such a name is pinned at its town, with kind
``quarter`` and the town's name in ``within``, so that the map shows it where it lies to within
a few kilometres and says it is approximate; a hand edit can then move it. The town is the one
the text ties the quarter to ("el barrio José Félix Ribas de Petare", "Santiago's Maipú
district"), else the nearest town pinned in its sentence if it lies in the country of the
article's main town (the town named most often, its dateline's on a tie), else that main town.
With no town pinned, the name stays off the map.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from ..gazetteer.index import Gazetteer, distance_km
from ..text.tokens import name_key
from .quarter_names import TAILS, Quarter, common_word, repeated, said_quarters
from .recognise import Candidate
from .resolve import Resolution
from .rules import DATELINE

#: The kind of a quarter's place (not a gazetteer kind: the gazetteer has no such entry).
QUARTER = "quarter"
#: The confidence of a quarter's pin: at most this (it lies in its town, not at the town's centre).
QUARTER_CONFIDENCE = 0.5
#: A pinned reading this close to a quarter's town may be the quarter itself (kilometres).
NEAR_KM = 50.0
WHY = "a quarter of the town it is pinned at"

#: Ties of a quarter to the town after it: "de Petare", ", en Cumaná", " district of Cúcuta".
_TOWN_AFTER = re.compile(
    rf"(?:[ \t]+(?:{TAILS}))?[ \t]*,?[ \t]*(?:de|del|en|in|of)[ \t]+(?:la[ \t]+)?"
)
#: ... and to the town before it: "Santiago's Maipú district", "Bogotá's working-class Kennedy".
_TOWN_POSSESSIVE = re.compile(r"['’]s[ \t]+(?:[\w-]+[ \t]+){0,2}$")

Found = tuple[Candidate, Resolution]


class _Spans:
    """Sorted, non-overlapping spans of mentions, for overlap tests in logarithmic time."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]

    def overlap(self, start: int, end: int) -> list[int]:
        """Indexes of the spans that overlap ``start:end``."""
        i = bisect.bisect_left(self.starts, end) - 1
        out = []
        while i >= 0 and self.ends[i] > start:
            out.append(i)
            i -= 1
        return out


class _Towns:
    """The article's pinned towns: by sentence, by start and end offset, and its main one."""

    def __init__(self, pinned: list[Found]) -> None:
        towns = [(c, r) for c, r in pinned if r.entry.kind == "city"]
        self.by_sentence: dict[int, list[Found]] = {}
        for t in towns:
            self.by_sentence.setdefault(t[0].sentence, []).append(t)
        self.by_start = {t[0].start: t for t in towns}
        self.by_end = {t[0].end: t for t in towns}
        self.main = _main_town(towns)

    def tied(self, text: str, q: Quarter) -> Found | None:
        """The town the text names as the quarter's own: right after it ("José Félix Ribas de
        Petare", "the Atalaya district of Cúcuta") or before it ("Santiago's Maipú district")."""
        after = _TOWN_AFTER.match(text, q.end)
        if after is not None and after.end() in self.by_start:
            return self.by_start[after.end()]
        before = _TOWN_POSSESSIVE.search(text, max(0, q.start - 60), q.start)
        return None if before is None else self.by_end.get(before.start())

    def around(self, q: Quarter) -> Found | None:
        """The town of a quarter the text ties to none: the nearest before it in its sentence,
        else after it in its sentence, if in the country of the article's main town (a
        migrant's home town is not where the story is); else that main town."""
        same = self.by_sentence.get(q.sentence, [])
        before = [t for t in same if t[0].end <= q.start]
        after = [t for t in same if t[0].start >= q.end]
        for c, r in [*before[::-1], *after][:1]:
            if self.main is None or r.entry.country == self.main[1].entry.country:
                return c, r
        return self.main


def with_quarters(
    text: str, sentences: Sequence[tuple[int, int]], found: list[Found], lang: str,
    gaz: Gazetteer,
) -> list[Found]:
    """``found`` (the kept mentions, in text order) with the quarters the text names but the
    gazetteer lacks, each pinned at its town; a quarter replaces an unpinned mention of its
    span (a person's name "Nelson Mandela"), and a pinned one only where the text ties the
    quarter to a town far from that reading ("el sector Brasil de Cumaná")."""
    pinned = [(c, r) for c, r in found if c.role == "place"]  # in text order, as ``spans``
    adjectives = _Spans([(c.start, c.end) for c, _ in found if c.role == "demonym"])
    spans = _Spans([(c.start, c.end) for c, _ in pinned])
    towns = _Towns(pinned)
    placed: dict[str, Found] = {}  # name -> its town: one town per name in an article
    added: list[Found] = []
    for q in said_quarters(text, sentences, lang, spans.starts):
        name = text[q.start : q.end]
        if adjectives.overlap(q.start, q.end) or _a_common_word(name, gaz):
            continue  # "Venezuelan neighborhoods", "el sector Salud"
        tied = towns.tied(text, q)
        on = [pinned[i] for i in spans.overlap(q.start, q.end)]
        if on and not (tied and len(on) == 1 and _misread(q, on[0], tied)):
            continue
        town = placed.get(name) or tied or towns.around(q)
        if town is not None:
            placed[name] = town
            added.append(_pinned_quarter(text, q, town))
    taken = _Spans([(c.start, c.end) for c, _ in [*pinned, *added]])
    for q in repeated(text, sentences, list(placed)):
        if not taken.overlap(q.start, q.end):
            added.append(_pinned_quarter(text, q, placed[text[q.start : q.end]]))
    if not added:
        return found
    new = _Spans([(c.start, c.end) for c, _ in added])
    kept = [(c, r) for c, r in found if not new.overlap(c.start, c.end)]
    return sorted(kept + added, key=lambda f: f[0].start)


def _a_common_word(name: str, gaz: Gazetteer) -> bool:
    key = name_key(name)
    return " " not in key and common_word(key, bool(gaz.candidates(key)))


def _misread(q: Quarter, on: Found, town: Found) -> bool:
    """Whether the reading pinned on a quarter's very span is a namesake: far from the town
    the text ties the quarter to, and no bigger than it ("el sector Brasil de Cumaná")."""
    c, r = on
    here, there = r.entry, town[1].entry
    return (
        (c.start, c.end) == (q.start, q.end) and here.population <= there.population
        and distance_km(here.lat, here.lon, there.lat, there.lon) > NEAR_KM
    )


def _main_town(towns: list[Found]) -> Found | None:
    """The town the article names most often; on a tie, its dateline's town ("SANTO DOMINGO
    (AP) --", where the story was filed), else the biggest of them."""
    counts: dict[str, int] = {}
    for _, r in towns:
        counts[r.entry.id] = counts.get(r.entry.id, 0) + 1
    return max(
        towns,
        key=lambda f: (counts[f[1].entry.id], f[0].why == DATELINE, f[1].entry.population),
        default=None,
    )


def _pinned_quarter(text: str, q: Quarter, town: Found) -> Found:
    name = text[q.start : q.end]
    c, r = town
    entry = replace(
        r.entry, id=f"quarter:{r.entry.id}/{name_key(name).replace(' ', '-')}", name=name,
        kind=QUARTER, population=0, capital=False, facility="", within=r.entry.name,
    )
    candidate = Candidate(q.start, q.end, name, name_key(name), "place", q.sentence, why=WHY)
    return candidate, Resolution(entry, min(r.confidence, QUARTER_CONFIDENCE), ())
