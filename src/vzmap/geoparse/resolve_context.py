"""What the resolver reads from an article before scoring: each name's readings, the countries
and states the article names, and the words around each mention."""

from __future__ import annotations

import dataclasses
import re

from ..gazetteer.index import Entry, Gazetteer
from ..text.lexicon import word_list
from ..text.tokens import fold, name_key
from .evidence import LOCAL, Article, Reading, Spot, Weights, contains, prior
from .names import LIST_GAP, word_pattern
from .recognise import Candidate

#: Spanish heads before a state's name ("estado", "departamento") and a town's ("ciudad").
_STATE_ES = word_pattern("state_heads")
_CITY_ES = word_pattern("city_heads")
#: "parroquia La Vega", "el sector Los Filúos", "la parroquia de San Juan"
_QUARTER_BEFORE = re.compile(  # also plural: "las urbanizaciones de Nueva Segovia y El Cují"
    rf"\b(?:{word_pattern('quarter_heads')})(?P<plural>e?s)?\s+(?P<of>de\s+)?$", re.IGNORECASE
)
#: A list goes on after a name: ", El Cují", " y El Cují".
_LIST_GOES_ON = re.compile(r"\s*(?:,|\s(?:y|e|and))\s+[^\W\d_]")
_QUARTER_AFTER = re.compile(rf"^\s+(?:{word_pattern('quarter_tails')})\b", re.IGNORECASE)
#: "río Manzanares", "la Sierra Nevada", "el cerro de Yapacana"
_FEATURE_BEFORE = re.compile(
    rf"\b(?:{word_pattern('feature_heads')})\s+(?:de\s+)?(?:la\s+|las\s+|los\s+|el\s+)?$",
    re.IGNORECASE,
)
_ADMIN_BEFORE = re.compile(
    r"\b(?:state|province|department|region|governorate|prefecture)\s+of\s+$"
    rf"|\b(?:{_STATE_ES})\s+(?:[^\W\d_]+\s+de\s+|(?:de|del)\s+)?(?:la\s+|los\s+|el\s+)?$",
    re.IGNORECASE,
)
_ADMIN_AFTER = re.compile(r"^\s+(state|province|department|region)\b", re.IGNORECASE)
#: "the city of", "la ciudad de", "la ciudad colombiana de"
_CITY_BEFORE = re.compile(
    r"\b(?:city|town|village|municipality)\s+of\s+$"
    rf"|\b(?:{_CITY_ES})\s+(?:[^\W\d_]+\s+)?(?:de\s+)?$",
    re.IGNORECASE,
)
#: "X, Y", "X, in the state of Y", "X, en el estado Y", "X del estado Y", "X, estado Y"
_APPOSITION_GAP = re.compile(
    r"^,\s*(?:in\s+)?(?:the\s+)?(?:(?:state|province|department|region)\s+of\s+)?$"
    rf"|^,?\s*(?:en\s+)?(?:el\s+|la\s+)?(?:{_STATE_ES})\s+(?:de\s+|del\s+)?(?:la\s+)?$"
    rf"|^\s+(?:del|de\s+la|en\s+el|en\s+la)\s+(?:{_STATE_ES})\s+(?:de\s+|del\s+)?$"
    r"|^,\s*en\s+(?:el\s+)?$",
    re.IGNORECASE,
)
_CAPITAL = re.compile(r"\bcapital\b", re.IGNORECASE)
#: "Venezuela's Amazonas state", "Mexico’s Chiapas": the country owns the name after it
_POSSESSIVE_GAP = re.compile(r"^['’]s\s+$")
#: "el estado venezolano de Amazonas", "la ciudad fronteriza colombiana de Arauca", "the
#: Brazilian state of Roraima", "the Venezuelan border town of Ureña": the adjective before the
#: name (group ``a``, ``b``, ``en`` or, after "the", ``en2``) may name the country that
#: contains it
_OWNER_BEFORE = re.compile(
    rf"\b(?:{_STATE_ES}|{_CITY_ES})\s+(?P<a>[^\W\d_]+)\s+(?:(?P<b>[^\W\d_]+)\s+)?de\s+$"
    r"|\b(?P<en>[A-Z][^\W\d_]+)\s+(?:(?P<en2>[a-z]+)\s+)?(?:city|town|village|port|state|province"
    r"|department|region|capital|municipality|island)\s+of\s+$",
    re.IGNORECASE,
)
#: Capitalised names listed before a mention ("Rebolo, La Chinita and "), to look past them
_NAMES_BEFORE = re.compile(
    r"(?:[A-ZÁÉÍÓÚÑ][\w'’-]*(?:\s+(?:de\s+|del\s+|la\s+|el\s+)?[A-ZÁÉÍÓÚÑ0-9][\w'’-]*)*"
    r"(?:\s*,\s*(?:and\s+|y\s+)?|\s+(?:and|y|e|or|o)\s+))+$"
)
#: The end of a list's separator, without which no names are listed before a mention
_LIST_END = re.compile(r"(?:,|\s(?:and|y|e|or|o))\s*$")
#: Smallest city whose name after a comma makes the name before it one of its quarters.
_CITY_OF_QUARTERS = 100_000
#: The conjunctions that join the last names of a list ("A, B y C", "A and B")
_CONJUNCTIONS = r"(?:and|or|y|e|o|u)"
#: A conjunction right after a name, that goes on with the list it ends ("Bogotá o la costa")
_LIST_GOES_ON = re.compile(rf"\s+{_CONJUNCTIONS}\s")
_CONJUNCTION = re.compile(rf"\b{_CONJUNCTIONS}\b")
#: The comma between two names of a list ("Colorado, Florida, New York and Tennessee")
_LISTED = re.compile(r"^,\s*$")
#: The words after which a town's full name goes on ("Santa Bárbara del Zulia").
_LONG_FORM_LINKS = frozenset({"de", "del"})
#: "X, Y" and "X, in Y" only (no "X, the Y"), and what may follow Y in that case
_PLAIN_APPOSITION = re.compile(r"^,\s*(?:in\s+|en\s+)?$")
_CLAUSE_END = re.compile(r"^\s*(?:[.;:)]|,(?!\s*(?:and|or|y|e|o)\s)(?!\s*[A-ZÁÉÍÓÚÑ])|$)")
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
    text: str, candidates: list[Candidate], options: list[list[Reading]], w: Weights
) -> Article:
    """The countries, states and anchor places of the article, from the readings that need no
    context; countries named outright come first, as they settle ambiguous states."""
    named = _named_countries(candidates, options, w)
    art = Article(dict(named), set(), {}, {}, {}, {}, [], {})
    for n, (c, opts) in enumerate(zip(candidates, options, strict=True)):
        if opts and c.role == "place":
            _read_place(n, c, opts, named, art, w, _qualified(text, candidates, n))
    return art


def _qualified(text: str, candidates: list[Candidate], n: int) -> tuple[str, ...]:
    """The keys of the names that mention ``n`` follows as their state or country ("Tumeremo
    and El Callao, in Bolívar"), the whole list before it; none when it is no apposition."""
    if n == 0 or candidates[n - 1].role != "place" or not _set_after(text, candidates, n - 1):
        return ()
    first, _ = _list_bounds(text, candidates, n - 1)
    return tuple(c.key for c in candidates[first:n])


def _set_after(text: str, candidates: list[Candidate], k: int) -> bool:
    """Whether mention ``k + 1`` is set after mention ``k`` as its state or country ("X, Y",
    "X, in Y", "X (Y)"), not as the next name of a list that goes on after it ("from Santiago,
    Lima and Quito")."""
    nxt = candidates[k + 1]
    gap = text[candidates[k].end : nxt.start]
    if gap in (" (", "("):  # "Alcoy (Alicante)", "Mérida (Badajoz)"
        return text[nxt.end : nxt.end + 1] == ")"
    return bool(_APPOSITION_GAP.match(gap)) and not _LIST_GOES_ON.match(text, nxt.end)


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
        art.states.add(best.admin1_code)
        art.state_keys.setdefault(best.admin1_code, c.key)
        if best.country not in art.countries:
            art.country_keys[best.country] = c.key
        elif art.country_keys.get(best.country, c.key) != c.key:
            art.country_keys[best.country] = ""
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
    adjective = _demonym_before(text, candidates, options, n)
    owner = _demonym_owner(text, c, gaz) or adjective
    containers = owner or _apposition(text, candidates, options, n) or _country_in_name(c, gaz)
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
            _apposition_denies(text, candidates, options, n, containers)
            or _owner_denies(adjective, entries)
        ),
        # "New York", "Mérida": the city rather than the state, unless "state" is said
        states=tuple((fold(e.name), e.country) for e, m, _ in opts if e.kind == "admin1" and m),
        big_cities=frozenset(
            e.admin1_code
            for e in entries
            if e.kind == "city" and e.population >= w.big_city_population
        ),
        surface=c.text,
        listed=_list_mates(text, candidates, n),
    )


def _country_in_name(c: Candidate, gaz: Gazetteer) -> tuple[Entry, ...]:
    """The country a city's name is made of ("Panama City", "Guatemala City", "Kuwait City"):
    the name says its country as an apposition would (Panama City, Florida, is named after it)."""
    words = c.key.split()
    if len(words) < 2 or words[-1] != "city":
        return ()
    country = " ".join(words[:-1])
    return tuple(e for e, main in gaz.candidates(country) if main and e.kind == "country")[:1]


def _list_mates(text: str, candidates: list[Candidate], n: int) -> frozenset[str]:
    """The keys of the other names of the list mention ``n`` is in ("La Libertad, Salinas y
    Santa Elena"), if any: a list joins its last names with a conjunction, as "Laredo, Texas"
    (a town and its state) does not."""
    first, last = _list_bounds(text, candidates, n)
    gaps = (text[candidates[k].end : candidates[k + 1].start] for k in range(first, last))
    if not any(_CONJUNCTION.search(gap) for gap in gaps):
        return frozenset()
    return frozenset(candidates[k].key for k in range(first, last + 1) if k != n)


def _demonym_before(
    text: str, candidates: list[Candidate], options: list[list[Reading]], n: int
) -> tuple[Entry, ...]:
    """The country of the adjective right before mention ``n`` ("the Venezuelan Andes", "the
    Brazilian Amazon"), if any."""
    if n == 0 or candidates[n - 1].role != "demonym" or not options[n - 1]:
        return ()
    if text[candidates[n - 1].end : candidates[n].start] != " ":
        return ()
    owner = options[n - 1][0].entry
    return (owner,) if owner.kind == "country" else ()


def _owner_denies(owner: tuple[Entry, ...], entries: list[Entry]) -> bool:
    """Whether the country an adjective gives a name has none of its towns ("the Venezuelan
    Andes" is no town of Colombia): the place is one the gazetteer lacks."""
    return bool(owner) and all(e.kind in LOCAL for e in entries) and not any(
        contains(owner, e) for e in entries
    )


def _apposition_denies(
    text: str,
    candidates: list[Candidate],
    options: list[list[Reading]],
    n: int,
    containers: tuple[Entry, ...],
) -> bool:
    """Whether town name ``n``, set off before a name that is first of all a state or country
    and ends its clause ("San Tomé, Anzoátegui, on Monday"), has no reading there: the town is
    one the gazetteer lacks. Not for lists ("Copenhagen, Hamburg, ..."), nor a name that may
    itself be a state or country."""
    if n + 1 >= len(candidates) or any(r.entry.kind not in LOCAL for r in options[n]):
        return False
    if not _PLAIN_APPOSITION.match(text[candidates[n].end : candidates[n + 1].start]):
        return False  # also "Venezuela's X", placed by the name before
    if max(options[n + 1], key=lambda r: r.prior).entry.kind not in ("admin1", "country"):
        return False
    if not _CLAUSE_END.match(text[candidates[n + 1].end : candidates[n + 1].end + 8]):
        return False
    entries = [r.entry for r in options[n]]
    return not any(contains(containers, e) for e in entries)


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
    if (n > 0 and _LISTED.match(text[candidates[n - 1].end : c.start])) or (
        n + 2 < len(candidates) and _listed(text, candidates, n + 1)
    ) or _LIST_GOES_ON.match(text, nxt.end):
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
        and first == last and not _LIST_GOES_ON.match(text, tail.end)
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


def _demonym_owner(text: str, c: Candidate, gaz: Gazetteer) -> tuple[Entry, ...]:
    """The country of the adjective in "la ciudad colombiana de X" or "the Brazilian state of
    X", which contains mention ``c``; none when no adjective of a country stands so before it."""
    said = _OWNER_BEFORE.search(text[max(0, c.start - 60) : c.start])
    if not said:
        return ()
    words = [w for w in said.group("a", "b", "en", "en2") if w]
    owners = (gaz.demonym(name_key(w)) for w in words)
    return tuple(e for e in owners if e is not None and e.kind == "country")[:1]


def _apposition(
    text: str, candidates: list[Candidate], options: list[list[Reading]], n: int
) -> tuple[Entry, ...]:
    """Entries of the state or country that contains mention ``n``, as in "X, Y", "X, in Y",
    "X, in the state of Y" and "Venezuela's X" (none when no name is placed so)."""
    if n > 0 and _POSSESSIVE_GAP.match(text[candidates[n - 1].end : candidates[n].start]):
        owner = tuple(e for e, _, _ in options[n - 1] if e.kind == "country")
        if owner and candidates[n - 1].role == "place":
            return owner
    if n + 1 >= len(candidates):
        return ()
    c, nxt = candidates[n], candidates[n + 1]
    if nxt.role != "place" or not _set_after(text, candidates, n):
        return ()
    if n > 0 and _LISTED.match(text[candidates[n - 1].end : c.start]):
        return ()  # "in Colorado, Florida, New York and Tennessee": a list, not "X, its state"
    states = tuple(e for e, _, _ in options[n + 1] if e.kind in ("admin1", "country"))
    if states or not text[c.end : nxt.start].endswith("("):
        return states
    return _province_of_its_capital(options[n + 1])


def _province_of_its_capital(opts: list[Reading]) -> tuple[Entry, ...]:
    """For "Mérida (Badajoz)", where the province in parentheses is named after its capital
    (a town to the gazetteer): the state of that town's likeliest reading, as a container."""
    best = max(opts, key=lambda r: r.prior).entry if opts else None
    if best is None or best.kind != "city" or not best.admin1_code:
        return ()
    return (dataclasses.replace(best, kind="admin1"),)
