"""What the resolver reads from an article before scoring: each name's readings, the countries
and states the article names, and the words around each mention."""

from __future__ import annotations

import re

from ..gazetteer.index import Entry, Gazetteer
from ..text.lexicon import word_list
from ..text.tokens import fold
from .appositions import (
    CITY_ES,
    LIST_GOES_ON,
    LISTED,
    STATE_ES,
    apposition,
    apposition_denies,
    country_in_name,
    demonym_before,
    demonym_owner,
    owner_denies,
    set_after,
)
from .evidence import LOCAL, Article, Reading, Spot, Weights, prior
from .names import CONJUNCTIONS, LIST_GAP, word_pattern
from .recognise import Candidate
from .verdicts import LINKED

#: "parroquia La Vega", "el sector Los Filúos", "la parroquia de San Juan"
_QUARTER_BEFORE = re.compile(  # also plural: "las urbanizaciones de Nueva Segovia y El Cují"
    rf"\b(?:{word_pattern('quarter_heads')})(?P<plural>e?s)?\s+(?P<of>de\s+)?$", re.IGNORECASE
)
_QUARTER_AFTER = re.compile(rf"^\s+(?:{word_pattern('quarter_tails')})\b", re.IGNORECASE)
#: "río Manzanares", "la Sierra Nevada", "el cerro de Yapacana"
_FEATURE_BEFORE = re.compile(
    rf"\b(?:{word_pattern('feature_heads')})\s+(?:de\s+)?(?:la\s+|las\s+|los\s+|el\s+)?$",
    re.IGNORECASE,
)
_ADMIN_BEFORE = re.compile(
    r"\b(?:state|province|department|region|governorate|prefecture)\s+of\s+$"
    rf"|\b(?:{STATE_ES})\s+(?:[^\W\d_]+\s+de\s+|(?:de|del)\s+)?(?:la\s+|los\s+|el\s+)?$",
    re.IGNORECASE,
)
_ADMIN_AFTER = re.compile(r"^\s+(state|province|department|region)\b", re.IGNORECASE)
#: "the city of", "la ciudad de", "la ciudad colombiana de"
_CITY_BEFORE = re.compile(
    r"\b(?:city|town|village|municipality)\s+of\s+$"
    rf"|\b(?:{CITY_ES})\s+(?:[^\W\d_]+\s+)?(?:de\s+)?$",
    re.IGNORECASE,
)
_CAPITAL = re.compile(r"\bcapital\b", re.IGNORECASE)
#: Capitalised names listed before a mention ("Rebolo, La Chinita and "), to look past them
_NAMES_BEFORE = re.compile(
    r"(?:[A-ZÁÉÍÓÚÑ][\w'’-]*(?:\s+(?:de\s+|del\s+|la\s+|el\s+)?[A-ZÁÉÍÓÚÑ0-9][\w'’-]*)*"
    r"(?:\s*,\s*(?:and\s+|y\s+)?|\s+(?:and|y|e|or|o)\s+))+$"
)
#: The end of a list's separator, without which no names are listed before a mention
_LIST_END = re.compile(r"(?:,|\s(?:and|y|e|or|o))\s*$")
#: Smallest city whose name after a comma makes the name before it one of its quarters.
_CITY_OF_QUARTERS = 100_000
_CONJUNCTION = re.compile(rf"\b{CONJUNCTIONS}\b")
#: The words after which a town's full name goes on ("Santa Bárbara del Zulia").
_LONG_FORM_LINKS = frozenset({"de", "del"})
#: A folded word that calls a name a state, department, ... -> that ISO 3166-2 type.
_STATE_TYPES = {
    word: kind.title()
    for kind in ("state", "department", "province", "region")
    for word in word_list("recognition", f"state_type_{kind}")
}
_WORD = re.compile(r"[^\W\d_]+")
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
    if any(e.kind == "admin1" and main for e, main in opts):
        # "Portuguesa" is the Venezuelan state by its own name, never Portugal by an alternate
        opts = [(e, main) for e, main in opts if main or e.kind != "country"]
    cities = {(e.country, e.admin1_code) for e, main in opts if e.kind == "city" and main}
    # "Barquisimeto" is the city, not Lara state under one of its alternate names; "Coahuila"
    # is still the state of that name, whatever hamlet of Yucatán is called so
    return [
        (e, m) for e, m in opts
        if m or e.kind != "admin1" or (e.country, e.admin1_code) not in cities
    ]


def with_long_forms(
    candidates: list[Candidate], options: list[list[Reading]]
) -> list[list[Reading]]:
    """The readings, with those of the article's longer names added to the short form they
    begin with: "Santa Bárbara" after "Santa Bárbara del Zulia" may be that town, "San Antonio"
    after "San Antonio del Táchira" that one."""
    longs: dict[str, list[Reading]] = {}
    for c, opts in zip(candidates, options, strict=True):
        words = c.key.split()
        link = next((k for k, word in enumerate(words) if k and word in _LONG_FORM_LINKS), 0)
        if link and c.role == "place":
            longs.setdefault(" ".join(words[:link]), []).extend(
                r for r in opts if r.entry.kind in LOCAL)
    if not longs:
        return options
    out = []
    for c, opts in zip(candidates, options, strict=True):
        ids = {r.entry.id: r for r in opts}
        for r in longs.get(c.key, ()) if opts else ():
            ids.setdefault(r.entry.id, r)
        out.append(list(ids.values()))
    return out


def read_article(
    text: str, candidates: list[Candidate], options: list[list[Reading]], w: Weights,
    gaz: Gazetteer, lang: str = "en",
) -> Article:
    """The countries, states and anchor places of the article, from the readings that need no
    context; countries named outright come first, as they settle ambiguous states. In Spanish,
    whose adjectives of countries are written in lower case ("los aficionados españoles"),
    those count as a capitalised one does in English ("Spanish fans")."""
    named = _named_countries(candidates, options, w)
    if lang == "es":
        for country in _lower_case_demonyms(text, gaz):
            named[country] = max(named.get(country, 0), w.demonym_country)
    art = Article(dict(named), set(), {}, {}, {}, {}, [], {})
    for n, (c, opts) in enumerate(zip(candidates, options, strict=True)):
        if opts and c.role == "place":
            _read_place(n, c, opts, named, art, w, _qualified(text, candidates, n))
        elif opts and tells_the_state(c):
            _read_embedded_state(c, opts, art, w)
    return art


#: A lower-case word of four letters or more (Spanish adjectives of countries: "españoles")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-záéíóúüñ]{4,}(?![\w-])")


def _lower_case_demonyms(text: str, gaz: Gazetteer) -> set[str]:
    """The countries of the lower-case adjectives of ``text`` ("venezolanos", "española")."""
    countries: set[str] = set()
    for word in {m.group() for m in _LOWER_WORD.finditer(text)}:
        e = gaz.demonym(fold(word))
        if e is not None and e.kind == "country":
            countries.add(e.country)
    return countries


def _qualified(text: str, candidates: list[Candidate], n: int) -> tuple[str, ...]:
    """The keys of the names that mention ``n`` follows as their state or country ("Tumeremo
    and El Callao, in Bolívar"), the whole list before it; none when it is no apposition."""
    if n == 0 or candidates[n - 1].role != "place" or not set_after(text, candidates, n - 1):
        return ()
    first, _ = _list_bounds(text, candidates, n - 1)
    return tuple(c.key for c in candidates[first:n])


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
    n: int, c: Candidate, opts: list[Reading], named: dict[str, float], art: Article, w: Weights,
    qualified: tuple[str, ...] = (),
) -> None:
    """Add what the likeliest reading of place name ``c`` tells about the article to ``art``;
    ``qualified`` are the names it follows as their state ("El Paso, Texas"): its sentence's
    other names are not said to be in it."""
    # "Bolívar" in an article about Venezuela is the Venezuelan state
    best = max(opts, key=lambda r: r.prior + named.get(r.entry.country, 0)).entry
    # "Lima", "New York": first of all a big city of that name, whose state says less
    big_city = {e.country for e, _main, _ in opts
                if e.kind == "city" and e.population >= w.big_city_population}
    for e, _main, _prior in opts:
        if e.kind == "admin1" and qualified:
            art.apposed_states.setdefault(c.sentence, set()).update(
                (e.admin1_code, key) for key in qualified)
        elif e.kind == "admin1" and e.country not in big_city:  # no state of "Santiago, Lima"
            art.sentence_states.setdefault(c.sentence, set()).add((e.admin1_code, c.key))
    mains = [e for e, main, _ in opts if main]
    if mains and all(e.kind == "admin1" and e.country == mains[0].country for e in mains):
        art.sentence_plain_states.setdefault(c.sentence, set()).add((mains[0].country, c.key))
    if best.kind == "city" and best.admin1_code:
        art.sentence_towns.setdefault(c.sentence, set()).add((best.admin1_code, c.key))
    if best.kind == "country" or (best.kind in ("admin1", "site") and len(opts) == 1):
        art.countries[best.country] = w.named_country
        art.country_keys.pop(best.country, None)
    # the name's one state, all its other main readings in that state's country ("Zulia",
    # "Aragua"), but not "La Vega" (Dominican province and towns in Colombia)
    only_state = best.kind == "admin1" and all(
        e.country == best.country and (e.kind != "admin1" or e.id == best.id)
        for e, main, _prior in opts
        if main
    )
    if best.kind == "admin1" and (not named or best.country in named or only_state):
        # a state implies its country, unless the article names other countries only and the
        # name is that one state's alone ("San Cristóbal" in an article about Venezuela is no
        # Dominican province, but "Zulia" is Zulia wherever the article names Colombia)
        _note_state(best, c.key, art, w)
    if best.kind in _ANCHOR_KINDS or best.population >= w.anchor_population:
        art.anchors.append((n, best))


def _note_state(state: Entry, key: str, art: Article, w: Weights) -> None:
    """Count ``state``, named as ``key``, among the article's states, and its country."""
    art.states.add(state.admin1_code)
    art.state_keys.setdefault(state.admin1_code, key)
    if state.country not in art.countries:
        art.country_keys[state.country] = key
    elif art.country_keys.get(state.country, key) != key:
        art.country_keys[state.country] = ""
    art.countries[state.country] = max(art.countries.get(state.country, 0), w.state_country)


def tells_the_state(c: Candidate) -> bool:
    """Whether a mention's state says where the story is: a place's does, and so does a
    state's name after "de" in a body's or a firm's ("la Junta de Extremadura", "la Universidad
    del Zulia"), but not a street's, a team's or a title's, nor a named gang's or armed group's
    (``actors.toml``: the Tren de Aragua is in Chile and Peru too)."""
    return c.role == "place" or (c.role == "embedded" and c.why.startswith(LINKED))


def _read_embedded_state(c: Candidate, opts: list[Reading], art: Article, w: Weights) -> None:
    """A state's name inside an organisation's ("la Junta de Extremadura", "Universidad del
    Zulia") tells where the story is, though it pins nothing: the state counts, if the name is
    that one state's alone."""
    mains = [e for e, main, _ in opts if main]
    if len(mains) == 1 and mains[0].kind == "admin1":
        _note_state(mains[0], c.key, art, w)


def read_spot(
    text: str,
    sentences: list[tuple[int, int]],
    candidates: list[Candidate],
    options: list[list[Reading]],
    n: int,
    w: Weights,
    gaz: Gazetteer,
) -> Spot:
    """The surroundings of mention ``n`` (which has readings) that the evidence reads."""
    c, opts = candidates[n], options[n]
    # the words around the name on its own line (a title's last word is no "lago X")
    before = text[max(0, c.start - int(w.kind_word_chars_before)) : c.start].rsplit("\n", 1)[-1]
    after = text[c.end : c.end + int(w.kind_word_chars_after)].split("\n", 1)[0]
    entries = [e for e, _, _ in opts]
    capital = any(e.capital for e in entries)
    context = any(e.context for e in entries)
    folded = _sentence_folded(text, sentences, c) if capital or context else ""
    adjective = demonym_before(text, candidates, options, n)
    owner = demonym_owner(text, c, gaz) or adjective
    containers = owner or apposition(text, candidates, options, n) or country_in_name(c, gaz)
    others = _list_others(text, candidates, n)
    state_said = bool(_ADMIN_BEFORE.search(before) or _ADMIN_AFTER.match(after))
    return Spot(
        key=c.key,
        sentence=c.sentence,
        readings=sorted(opts, key=lambda r: -r.prior),
        state_said=state_said,
        state_type=_state_type(before, after) if state_said else "",
        city_said=bool(_CITY_BEFORE.search(before)),
        quarter_said=(
            _quarter_said(text, candidates, n, w) or _in_a_city(text, candidates, options, n)
        ),
        feature_said=bool(_FEATURE_BEFORE.search(before)),
        capital_said=capital and bool(_CAPITAL.search(folded)),
        words=tuple(folded.split()) if context else (),
        apposition=containers,
        by_country=all(a.kind == "country" for a in containers),
        owned=bool(owner),
        apposition_denies=bool(containers) and (
            apposition_denies(text, candidates, options, n, containers)
            or owner_denies(adjective, entries)
        ),
        # "New York", "Mérida": the city rather than the state, unless "state" is said
        states=tuple((fold(e.name), e.country) for e, m, _ in opts if e.kind == "admin1" and m),
        big_cities=frozenset(
            e.admin1_code
            for e in entries
            if e.kind == "city" and e.population >= w.big_city_population
        ),
        surface=c.text,
        listed=frozenset(candidates[k].key for k in others),
        list_country=_list_country(others, options, w),
    )


def _list_others(text: str, candidates: list[Candidate], n: int) -> list[int]:
    """The indexes of the other names of the list mention ``n`` is in ("La Libertad, Salinas y
    Santa Elena"), if any: a list joins its last names with a conjunction, as "Laredo, Texas"
    (a town and its state) does not."""
    first, last = _list_bounds(text, candidates, n)
    gaps = (text[candidates[k].end : candidates[k + 1].start] for k in range(first, last))
    if not any(_CONJUNCTION.search(gap) for gap in gaps):
        return []
    return [k for k in range(first, last + 1) if k != n]


def _list_country(others: list[int], options: list[list[Reading]], w: Weights) -> str:
    """The country of the other names of a mention's list (``others``, their indexes) when the
    likeliest reading of each is a well-known town (``big_city_population``) of that one country
    ("Valencia, Málaga y Zaragoza": Spain), else ``""``."""
    readings = [options[k] for k in others]
    if not readings or not all(readings):
        return ""
    best = [max(opts, key=lambda r: r.prior).entry for opts in readings]
    if not all(e.kind == "city" and e.population >= w.big_city_population for e in best):
        return ""
    countries = {e.country for e in best}
    return countries.pop() if len(countries) == 1 else ""


def _in_a_city(
    text: str, candidates: list[Candidate], options: list[list[Reading]], n: int
) -> bool:
    """ "Jamaica, Queens", "El Dorado, Panama City", "Pilsen, Chicago": a name set off before a
    city's (the likeliest reading of the next name is a city of 100,000 or more) is a part of
    that city, and placed as a quarter."""
    if n + 1 >= len(candidates) or not options[n + 1]:
        return False
    c, nxt = candidates[n], candidates[n + 1]
    if nxt.role != "place" or text[c.end : nxt.start].strip() != ",":
        return False
    if (n > 0 and LISTED.match(text[candidates[n - 1].end : c.start])) or (
        n + 2 < len(candidates) and _listed(text, candidates, n + 1)
    ) or LIST_GOES_ON.match(text, nxt.end):
        return False  # "Vancouver, Calgary, Edmonton" lists cities; "A and B, Queens" ends one;
        # "hacia Medellín, Bogotá o la costa" lists them up to a word the gazetteer lacks
    best = max(options[n + 1], key=lambda r: r.prior).entry
    if any(r.entry.capital for r in options[n]):
        return False  # "After Paris, London is ...": a capital is no quarter
    biggest = max((r.entry.population for r in options[n] if r.entry.kind == "city"), default=0)
    # a quarter is smaller than its city: "Toronto, Vancouver" lists two cities
    return (best.kind == "city" and best.population >= _CITY_OF_QUARTERS
            and best.population >= 2 * biggest)


def _list_bounds(text: str, candidates: list[Candidate], n: int) -> tuple[int, int]:
    """The first and last mention of the list mention ``n`` is in (``n, n`` if none)."""
    first = last = n
    while first > 0 and _listed(text, candidates, first - 1):
        first -= 1
    while last + 1 < len(candidates) and _listed(text, candidates, last):
        last += 1
    return first, last


def _listed(text: str, candidates: list[Candidate], k: int) -> bool:
    """Whether mentions ``k`` and ``k + 1`` are two names of one list ("A, B", "A y B")."""
    return LIST_GAP.fullmatch(text[candidates[k].end : candidates[k + 1].start]) is not None


def _quarter_said(text: str, candidates: list[Candidate], n: int, w: Weights) -> bool:
    """Whether a quarter word calls mention ``n`` a parish, sector or neighbourhood, or the
    list it is in ("the barrios of Rebolo, La Chinita and Carrizal", "in Manrique and Robledo
    neighborhoods")."""
    first, last = _list_bounds(text, candidates, n)
    head, tail = candidates[first], candidates[last]
    before = text[max(0, head.start - 3 * int(w.kind_word_chars_before)) : head.start]
    before = before.rsplit("\n", 1)[-1]
    if _LIST_END.search(before):  # names the gazetteer lacks, listed first: look past them
        listed = _NAMES_BEFORE.search(before)
        before = before[: listed.start()] if listed else before
    after = text[tail.end : tail.end + int(w.kind_word_chars_after)].split("\n", 1)[0]
    said_after = _QUARTER_AFTER.match(after)
    # "in Manrique and Robledo neighborhoods" are two, "floods Curaçao neighbourhoods" in one
    if said_after and said_after.group().endswith("s") and first == last:
        said_after = None
    said_before = _QUARTER_BEFORE.search(before)
    # "las urbanizaciones de Nueva Segovia y El Cují" are two, "los barrios de Cartagena" its
    if (
        said_before and said_before.group("plural") and said_before.group("of")
        and first == last and not LIST_GOES_ON.match(text, tail.end)
    ):
        said_before = None
    return bool(said_before or said_after)


def _state_type(before: str, after: str) -> str:
    """The ISO 3166-2 type that the word calling a name a state names ("estado" -> "State"),
    the nearest such word first; ``""`` when the word says no type ("entidad")."""
    words = [fold(w) for w in _WORD.findall(before)[-4:][::-1] + _WORD.findall(after)[:1]]
    return next((_STATE_TYPES[w] for w in words if w in _STATE_TYPES), "")


def _sentence_folded(text: str, sentences: list[tuple[int, int]], c: Candidate) -> str:
    start, end = sentences[c.sentence] if c.sentence < len(sentences) else (0, len(text))
    return fold(text[start:end])


