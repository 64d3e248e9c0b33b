"""What the resolver reads from an article before scoring: each name's readings, the countries
and states the article names, and the words around each mention."""

from __future__ import annotations

import re

from ..gazetteer.index import Entry, Gazetteer
from ..text.tokens import fold
from .evidence import Article, Reading, Spot, Weights, prior
from .recognise import Candidate

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
#: Kinds of place that anchor the distance to the article's other places, whatever their size.
_ANCHOR_KINDS = ("country", "admin1", "site")


def readings(c: Candidate, gaz: Gazetteer, w: Weights) -> list[Reading]:
    """The entries the name of ``c`` may denote, each once, in the gazetteer's order."""
    if c.role == "demonym":
        e = gaz.demonym(c.key)
        pairs = [(e, True)] if e else []
    else:
        pairs = _place_readings(gaz, c.key)
    return [Reading(e, main, prior(e, main, w)) for e, main in pairs]


def _place_readings(gaz: Gazetteer, key: str) -> list[tuple[Entry, bool]]:
    seen: dict[str, tuple[Entry, bool]] = {}
    for e, main in gaz.candidates(key):
        if e.id not in seen or (main and not seen[e.id][1]):
            seen[e.id] = (e, main)
    opts = list(seen.values())
    if any(e.kind == "country" and main for e, main in opts):
        # "Mexico" is the country, never Mexico City by one of its alternate names
        opts = [(e, main) for e, main in opts if main or e.kind != "city"]
    cities = {e.country for e, main in opts if e.kind == "city" and main}
    # "Barquisimeto" is the city, not Lara state under one of its alternate names
    return [(e, m) for e, m in opts if m or e.kind != "admin1" or e.country not in cities]


def read_article(candidates: list[Candidate], options: list[list[Reading]], w: Weights) -> Article:
    """The countries, states and anchor places of the article, from the readings that need no
    context; countries named outright come first, as they settle ambiguous states."""
    named = _named_countries(candidates, options, w)
    art = Article(dict(named), set(), {}, {}, {}, [], {})
    for n, (c, opts) in enumerate(zip(candidates, options, strict=True)):
        if opts and c.role == "place":
            _read_place(n, c, opts, named, art, w)
    return art


def _named_countries(
    candidates: list[Candidate], options: list[list[Reading]], w: Weights
) -> dict[str, float]:
    """Country -> points, for the countries named outright or by a demonym ("Chilean")."""
    countries: dict[str, float] = {}
    for c, opts in zip(candidates, options, strict=True):
        if not opts:
            continue
        best = max(opts, key=lambda r: r.prior).entry
        if c.role == "demonym" and best.country:
            countries[best.country] = max(countries.get(best.country, 0), w.demonym_country)
        elif c.role == "place" and best.kind == "country":
            countries[best.country] = w.named_country
    return countries


def _read_place(
    n: int, c: Candidate, opts: list[Reading], named: dict[str, float], art: Article, w: Weights
) -> None:
    """Add what the likeliest reading of place name ``c`` tells about the article to ``art``."""
    # "Bolívar" in an article about Venezuela is the Venezuelan state
    best = max(opts, key=lambda r: r.prior + named.get(r.entry.country, 0)).entry
    for e, _main, _prior in opts:
        if e.kind == "admin1":
            art.sentence_states.setdefault(c.sentence, set()).add((e.admin1_code, c.key))
    if best.kind == "city" and best.admin1_code:
        art.sentence_towns.setdefault(c.sentence, set()).add((best.admin1_code, c.key))
    if best.kind == "country" or (best.kind in ("admin1", "site") and len(opts) == 1):
        art.countries[best.country] = w.named_country
    if best.kind == "admin1" and (not named or best.country in named):
        # a state implies its country, unless the article names other countries only
        # ("San Cristóbal" in an article about Venezuela is no Dominican province)
        art.states.add(best.admin1_code)
        art.state_keys.setdefault(best.admin1_code, c.key)
        art.countries[best.country] = max(art.countries.get(best.country, 0), w.state_country)
    if best.kind in _ANCHOR_KINDS or best.population >= w.anchor_population:
        art.anchors.append((n, best))


def read_spot(
    text: str,
    sentences: list[tuple[int, int]],
    candidates: list[Candidate],
    options: list[list[Reading]],
    n: int,
    w: Weights,
) -> Spot:
    """The surroundings of mention ``n`` (which has readings) that the evidence reads."""
    c, opts = candidates[n], options[n]
    before = text[max(0, c.start - int(w.kind_word_chars_before)) : c.start]
    after = text[c.end : c.end + int(w.kind_word_chars_after)]
    entries = [e for e, _, _ in opts]
    capital = any(e.capital for e in entries)
    context = any(e.context for e in entries)
    folded = _sentence_folded(text, sentences, c) if capital or context else ""
    containers = _apposition(text, candidates, options, n)
    return Spot(
        key=c.key,
        sentence=c.sentence,
        readings=sorted(opts, key=lambda r: -r.prior),
        state_said=bool(_ADMIN_BEFORE.search(before) or _ADMIN_AFTER.match(after)),
        city_said=bool(_CITY_BEFORE.search(before)),
        capital_said=capital and bool(_CAPITAL.search(folded)),
        words=tuple(folded.split()) if context else (),
        apposition=containers,
        by_country=all(a.kind == "country" for a in containers),
        # "New York", "Mérida": the city rather than the state, unless "state" is said
        states=tuple((fold(e.name), e.country) for e, m, _ in opts if e.kind == "admin1" and m),
        big_cities=frozenset(
            e.admin1_code
            for e in entries
            if e.kind == "city" and e.population >= w.big_city_population
        ),
    )


def _sentence_folded(text: str, sentences: list[tuple[int, int]], c: Candidate) -> str:
    start, end = sentences[c.sentence] if c.sentence < len(sentences) else (0, len(text))
    return fold(text[start:end])


def _apposition(
    text: str, candidates: list[Candidate], options: list[list[Reading]], n: int
) -> tuple[Entry, ...]:
    """Entries of the state or country that contains mention ``n``, as in "X, Y", "X, in Y" and
    "X, in the state of Y" (none when the next name does not follow so)."""
    if n + 1 >= len(candidates):
        return ()
    c, nxt = candidates[n], candidates[n + 1]
    if not _APPOSITION_GAP.match(text[c.end : nxt.start]) or nxt.role != "place":
        return ()
    return tuple(e for e, _, _ in options[n + 1] if e.kind in ("admin1", "country"))
