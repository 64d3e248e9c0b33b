"""Choosing one gazetteer entry per mention from the article's context.

Each candidate entry gets a score: a prior (kind, population, whether the name is the entry's
main name), then evidence from the article: "Denver, Colorado" (the next name contains this
one), "the state of Aragua" / "the city of New York", the countries and states the article names
elsewhere (or implies with a demonym such as "Chilean"), the distance to the article's other
places, a curated site's own context words ("prison"), and names the user attached to a place by
hand. Population only decides when nothing else does. Scores become probabilities (softmax); the
best one is the mention's confidence and the others are kept as runner-ups for review.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..gazetteer.index import Entry, Gazetteer, distance_km
from ..text.tokens import fold
from .recognise import SMALL_TOWN, Candidate

#: Kinds of place too large to anchor the distance to a town.
WIDE = ("country", "region")
#: Distances to the article's other places are computed for this many likeliest candidates.
MAX_NEAR = 40
#: How many runner-up candidates are kept per mention.
RUNNERS_UP = 3
_ADMIN_BEFORE = re.compile(
    r"\b(state|province|department|region|governorate|prefecture)\s+of\s+$", re.IGNORECASE
)
_ADMIN_AFTER = re.compile(r"^\s+(state|province|department|region)\b", re.IGNORECASE)
_CITY_BEFORE = re.compile(r"\b(city|town|village|capital|municipality)\s+of\s+$", re.IGNORECASE)
_APPOSITION_GAP = re.compile(
    r"^,\s*(?:in\s+)?(?:the\s+)?(?:(?:state|province|department|region)\s+of\s+)?$",
    re.IGNORECASE,
)
_CAPITAL = re.compile(r"\bcapital\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The chosen entry of a candidate, its probability, and the runner-ups."""

    entry: Entry
    confidence: float
    runners_up: tuple[tuple[Entry, float], ...]
    #: False when nothing in the article supports a small town's reading (the mention is dropped)
    supported: bool = True


def _prior(entry: Entry, main: bool) -> float:
    if entry.user:
        base = 20.0
    elif entry.kind == "country":
        base = 12.0
    elif entry.kind == "region":
        base = 9.0
    elif entry.kind == "admin1":
        base = 8.0
    elif entry.kind == "site":
        base = 3.0
    else:
        base = 0.8 * math.log10(entry.population + 10)
        if entry.capital:
            base += 3.0 if entry.population >= 1_000_000 else 1.5
    return base + (1.0 if main else 0.0)


def resolve_all(
    text: str, candidates: list[Candidate], sentences: list[tuple[int, int]], gaz: Gazetteer
) -> list[Resolution | None]:
    """Resolve every candidate of one article; ``None`` where the gazetteer has no entry."""
    options = []
    for c in candidates:
        if c.role == "demonym":
            e = gaz.demonym(c.key)
            options.append([(e, True)] if e else [])
        else:
            seen: dict[str, tuple[Entry, bool]] = {}
            for e, main in gaz.candidates(c.key):
                if e.id not in seen or (main and not seen[e.id][1]):
                    seen[e.id] = (e, main)
            opts = list(seen.values())
            if any(e.kind == "country" and main for e, main in opts):
                # "Mexico" is the country, never Mexico City by one of its alternate names
                opts = [(e, main) for e, main in opts if main or e.kind != "city"]
            cities = {e.country for e, main in opts if e.kind == "city" and main}
            # "Barquisimeto" is the city, not Lara state under one of its alternate names
            opts = [(e, m) for e, m in opts if m or e.kind != "admin1" or e.country not in cities]
            options.append(opts)

    # the article's context, from readings that need no context: countries, states, regions
    countries: dict[str, float] = {}
    admin1: set[str] = set()
    admin1_keys: dict[str, str] = {}
    # states named in each sentence: "Tumeremo and El Callao, in Bolívar state"
    local_admin1: dict[int, set[tuple[str, str]]] = {}
    # and the states of the towns named in each sentence (for the state's own reading)
    local_towns: dict[int, set[tuple[str, str]]] = {}
    anchors: list[tuple[int, Entry]] = []
    # countries named outright (or through a demonym) come first: they settle ambiguous states
    for c, opts in zip(candidates, options, strict=True):
        if not opts:
            continue
        best, _ = max(opts, key=lambda o: _prior(*o))
        if c.role == "demonym" and best.country:
            countries[best.country] = max(countries.get(best.country, 0), 1.5)
        elif c.role == "place" and best.kind == "country":
            countries[best.country] = 3.0
    named = dict(countries)
    for n, (c, opts) in enumerate(zip(candidates, options, strict=True)):
        if not opts or c.role != "place":
            continue
        # "Bolívar" in an article about Venezuela is the Venezuelan state
        best, _ = max(opts, key=lambda o: _prior(*o) + named.get(o[0].country, 0))
        for e, _main in opts:
            if e.kind == "admin1":
                local_admin1.setdefault(c.sentence, set()).add((e.admin1_code, c.key))
        if best.kind == "city" and best.admin1_code:
            local_towns.setdefault(c.sentence, set()).add((best.admin1_code, c.key))
        if best.kind == "country" or (best.kind in ("admin1", "site") and len(opts) == 1):
            countries[best.country] = 3.0
        if best.kind == "admin1" and (not named or best.country in named):
            # a state implies its country, unless the article names other countries only
            # ("San Cristóbal" in an article about Venezuela is no Dominican province)
            admin1.add(best.admin1_code)
            admin1_keys.setdefault(best.admin1_code, c.key)
            countries[best.country] = max(countries.get(best.country, 0), 2.0)
        if best.kind in ("country", "admin1", "site") or best.population >= 1_000_000:
            anchors.append((n, best))

    # names that an apposition placed somewhere in the article ("El Callao, Bolívar state")
    settled: dict[str, str] = {}

    def score_all(anchors: list[tuple[int, Entry]]) -> list[Resolution | None]:
        # countries and regions are too large to say where in them a town lies
        anchor_points = sorted(
            {
                (candidates[m].key, candidates[m].sentence, a.lat, a.lon)
                for m, a in anchors
                if a.kind not in WIDE
            }
        )
        results: list[Resolution | None] = []
        for n, (c, opts) in enumerate(zip(candidates, options, strict=True)):
            if not opts:
                results.append(None)
                continue
            s_start, s_end = (
                sentences[c.sentence] if c.sentence < len(sentences) else (0, len(text))
            )
            sentence_folded = fold(text[s_start:s_end])
            before = text[max(0, c.start - 40) : c.start]
            after = text[c.end : c.end + 30]
            apposition = _apposition(text, c, candidates, options, n)
            # "New York", "Mérida": the city rather than the state, unless "state" is said
            states = [(fold(e.name), e.country) for e, main in opts if e.kind == "admin1" and main]
            cities_in = {
                e.admin1_code for e, _ in opts if e.kind == "city" and e.population >= 100_000
            }
            scored: list[tuple[float, Entry, bool]] = []
            for e, main in sorted(opts, key=lambda o: -_prior(*o)):
                s = _prior(e, main)
                evidence = False
                if e.kind not in ("country", "region"):
                    if e.country in countries:
                        s += countries[e.country]  # not enough alone to keep a tiny town
                    if (
                        e.kind in ("city", "site")
                        and e.admin1_code
                        and e.admin1_code in admin1
                        and admin1_keys.get(e.admin1_code) != c.key
                    ):
                        s += 3.0
                        evidence = True
                    if (
                        e.kind == "site"
                        and e.admin1
                        and any(a.kind == "admin1" and a.admin1 == e.admin1 for _, a in anchors)
                    ):
                        s += 1.0
                if e.kind in ("city", "site") and any(
                    code == e.admin1_code and key != c.key
                    for code, key in local_admin1.get(c.sentence, ())
                ):
                    s += 6.0
                    evidence = True
                if (
                    e.kind == "admin1"
                    and e.admin1_code not in cities_in  # "New York ... in Manhattan": the city
                    and any(
                        code == e.admin1_code and key != c.key
                        for code, key in local_towns.get(c.sentence, ())
                    )
                ):
                    s += 3.0
                if e.kind == "admin1" and countries and e.country not in countries:
                    s -= 2.5  # a state of a country the article never names
                if settled.get(c.key) == e.id:
                    s += 5.0  # one sense per article
                    evidence = True
                if apposition is not None and _contains(apposition, e):
                    evidence = True
                    by_country = all(a.kind == "country" for a in apposition)
                    if e.kind == "city":
                        s += 10.0 if by_country else 6.0  # "Mérida, Venezuela": a town
                    else:
                        s += 3.0 if by_country else 6.0
                if _ADMIN_BEFORE.search(before) or _ADMIN_AFTER.match(after):
                    s += 4.0 if e.kind == "admin1" else -1.0
                if _CITY_BEFORE.search(before):
                    s += 3.0 if e.kind == "city" else -1.0
                if e.capital and _CAPITAL.search(sentence_folded):
                    s += 1.5
                if (
                    e.kind == "city"
                    and e.population >= 100_000
                    and (not countries or e.country in countries)
                    and any(fold(e.name).startswith(st) and cc == e.country for st, cc in states)
                ):
                    s += 4.0  # "New York", "Washington": the city, unless "state" is said
                if e.kind == "city" and not main and e.population < 100_000:
                    s -= 2.0  # an alternate name of a small town is weak evidence
                if e.context:
                    s += 8.0 if any(w in sentence_folded.split() for w in e.context) else -2.0
                others = [a for a in anchor_points if a[0] != c.key]
                if others and e.kind in ("city", "site") and len(scored) < MAX_NEAR:
                    # nearby places count more when they are named nearby in the text
                    near = max(
                        (2.5 if abs(sent - c.sentence) <= 2 else 1.0)
                        * math.exp(-distance_km(e.lat, e.lon, lat, lon) / 300.0)
                        for _, sent, lat, lon in others
                    )
                    s += near
                    evidence = evidence or near > 0.37
                scored.append((s, e, evidence))
            scored.sort(key=lambda t: (-t[0], t[1].id))
            top = scored[0][0]
            weights = [math.exp(s - top) for s, _, _ in scored]
            total = sum(weights)
            probs = [w / total for w in weights]
            best_s, best, evidence = scored[0]
            supported = c.role != "place" or best.user or not (
                (best.kind == "city" and best.population < SMALL_TOWN and not evidence)
                or _far_namesake(
                    best, evidence, countries, [a for a in anchor_points if a[0] != c.key]
                )
            )
            runners = tuple(
                (e, p) for (_, e, _), p in zip(scored[1 : RUNNERS_UP + 1], probs[1:], strict=False)
            )
            results.append(Resolution(best, probs[0], runners, supported))
        return results

    first = score_all(anchors)
    for n, r in enumerate(first):
        c = candidates[n]
        containers = _apposition(text, c, candidates, options, n) if c.role == "place" else None
        if r is not None and containers and _contains(containers, r.entry):
            settled.setdefault(c.key, r.entry.id)
    # second pass: the places resolved with confidence anchor the others ("Lafayette" near
    # "Baton Rouge" rather than in Indiana)
    confident = [
        (n, r.entry)
        for n, r in enumerate(first)
        if r is not None
        and r.supported
        and r.confidence >= 0.6
        and candidates[n].role == "place"
        and r.entry.kind in ("city", "site")
    ]
    if not confident and not settled:
        return first
    return score_all(anchors + confident)


#: A small place this far from every other place of the article, in a country the article never
#: names, is most likely a namesake of a place the gazetteer lacks ("Los Olivos" in Lima).
FAR_NAMESAKE_KM = 800


def _far_namesake(e: Entry, evidence: bool, countries: dict, anchor_points: list) -> bool:
    if evidence or not countries or e.country in countries or e.kind not in ("city", "admin1"):
        return False
    if e.capital or e.population >= 100_000 or not anchor_points:
        return False
    return all(
        distance_km(e.lat, e.lon, lat, lon) > FAR_NAMESAKE_KM for _, _, lat, lon in anchor_points
    )


def _apposition(text: str, c: Candidate, candidates: list[Candidate], options: list, n: int):
    """Entries of the state or country that contains X, as in "X, Y", "X, in Y" and
    "X, in the state of Y", if any."""
    if n + 1 >= len(candidates):
        return None
    nxt = candidates[n + 1]
    gap = text[c.end : nxt.start]
    if not _APPOSITION_GAP.match(gap) or nxt.role != "place":
        return None
    return [e for e, _ in options[n + 1] if e.kind in ("admin1", "country")]


def _contains(containers: list[Entry], e: Entry) -> bool:
    for a in containers:
        if a.kind == "country" and e.country == a.country and e.kind != "country":
            return True
        if a.kind == "admin1" and e.admin1_code and e.admin1_code == a.admin1_code:
            return True
    return False
