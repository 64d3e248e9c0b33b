"""The resolver's evidence: one named function per clue that a reading of a name is the right one.

A *reading* is one gazetteer entry a name may denote. Its score starts from :func:`prior` (kind,
population, main name) and each function of :data:`FEATURES` adds points from the article
(:class:`Article`) or the mention's surroundings (:class:`Spot`);
:func:`vzmap.geoparse.closeness.proximity` adds the closeness to the article's other places. Some
clues also *support* a reading: a small town is only kept when something supports it. Every
weight is a ``resolve.*`` setting (:mod:`vzmap.settings`), read once per article into
:class:`Weights`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from .. import settings
from ..gazetteer.entries import Entry, contains, subdivision_type
from ..text.tokens import fold
from .nearby import Distances, Nearby
from .verdicts import SMALL_TOWN

#: Kinds of place too large to anchor the distance to a town, or to get a country's points.
WIDE = ("country", "region")
#: Kinds of place that lie at a point: towns, curated sites and second-level divisions (kind
#: ``other``: "municipio Sucre", placed at its seat).
LOCAL = ("city", "site", "other")


@dataclass(frozen=True, slots=True)
class Weights:
    """The ``resolve.*`` settings of one resolution run (see ``vzmap.settings`` for each)."""

    prior_user: float
    prior_country: float
    prior_region: float
    prior_state: float
    prior_site: float
    prior_per_population_digit: float
    seat_population: float
    prior_capital: float
    prior_big_capital: float
    big_capital_population: float
    prior_main_name: float
    named_country: float
    demonym_country: float
    state_country: float
    anchor_population: float
    article_state: float
    site_in_named_state: float
    sentence_state: float
    sentence_towns_state: float
    sentence_other_state: float
    sentence_country: float
    list_country: float
    foreign_state: float
    one_sense: float
    apposition_town_in_country: float
    apposition_in_country: float
    apposition_in_state: float
    state_word: float
    state_word_other: float
    state_word_other_type: float
    city_word: float
    city_word_other: float
    quarter_word_other: float
    quarter_near_factor: float
    quarter_km: float
    kind_word_chars_before: float
    kind_word_chars_after: float
    capital_word: float
    city_named_like_state: float
    big_city_population: float
    state_city_population: float
    alternate_name_of_town: float
    alternate_name_population: float
    accent_missing: float
    context_word: float
    no_context_word: float
    near_same_passage: float
    near_elsewhere: float
    passage_sentences: float
    near_scale_km: float
    near_support: float
    max_near: float
    confident: float
    far_namesake_km: float
    namesake_population: float
    #: kind -> prior of the kinds whose prior does not depend on population
    kind_prior: dict[str, float] = field(init=False)

    def __post_init__(self) -> None:
        kind_prior = {
            "country": self.prior_country,
            "region": self.prior_region,
            "admin1": self.prior_state,
            "site": self.prior_site,
        }
        object.__setattr__(self, "kind_prior", kind_prior)

    @classmethod
    def current(cls) -> Weights:
        """The weights as the settings are now (overrides included)."""
        return cls(**{f.name: settings.value(f"resolve.{f.name}") for f in fields(cls) if f.init})


class Reading(NamedTuple):
    """One entry a name may denote, whether the name is its main name, and its prior."""

    entry: Entry
    main: bool
    prior: float


@dataclass(slots=True)
class Article:
    """What the whole article says, gathered before its names are scored (the second pass adds
    anchors and settled names)."""

    #: country code -> points for its places (named outright, by a demonym or by a state)
    countries: dict[str, float]
    #: admin1 codes of the states the article names, and the name that named each first
    states: set[str]
    state_keys: dict[str, str]
    #: sentence -> (admin1 code, name key) of the states its names may be ...
    sentence_states: dict[int, set[tuple[str, str]]]
    #: ... and of the towns it names
    sentence_towns: dict[int, set[tuple[str, str]]]
    #: sentence -> (country, name key) of the names it has that are nothing but a state
    sentence_plain_states: dict[int, set[tuple[str, str]]]
    #: (candidate number, entry) of the places that anchor distances
    anchors: list[tuple[int, Entry]]
    #: name key -> entry id an apposition settled for that name ("El Callao, Bolívar state")
    settled: dict[str, str]
    #: country code -> the one name whose state reading alone implied it ("" once two did)
    country_keys: dict[str, str] = field(default_factory=dict)
    #: sentence -> (admin1 code, key of a name it qualifies) of the states that follow names as
    #: their apposition ("Tumeremo and El Callao, in Bolívar"): the state of those names only
    apposed_states: dict[int, set[tuple[str, str]]] = field(default_factory=dict)
    #: (lat, lon, lat, lon) -> km between two points, kept for the second pass
    distances: Distances = field(default_factory=dict)
    #: the anchors of the current pass, indexed for distances (set by the resolver)
    nearby: Nearby = field(default_factory=Nearby)


@dataclass(frozen=True, slots=True)
class Spot:
    """What surrounds one mention: its sentence, the words next to it, the name after it."""

    key: str
    sentence: int
    #: the name's readings, likeliest prior first
    readings: list[Reading]
    #: "state of" / "Aragua state", "city of" said just before or after the name
    state_said: bool
    city_said: bool
    #: a quarter ("parroquia X", "the X neighborhood", "X, Queens") / a natural feature ("río X")
    quarter_said: bool
    feature_said: bool
    #: the ISO 3166-2 type the state word names ("estado" -> "State"), or ""
    state_type: str
    #: the sentence says "capital" (only looked up when a reading is a capital)
    capital_said: bool
    #: the sentence's folded words (only when a reading has context words)
    words: tuple[str, ...]
    #: the states and countries of the name after a comma ("X, Y"), and whether all are countries
    apposition: tuple[Entry, ...]
    by_country: bool
    #: the apposition is an adjective of the country before the name ("the Colombian city of
    #: X", "el estado venezolano de X"): as plain as a name's country can be said
    owned: bool
    #: the apposition contains none of the name's readings ("San Tomé, Anzoátegui" while the
    #: gazetteer has no San Tomé there): the name is a place the gazetteer lacks
    apposition_denies: bool
    #: (folded name, country) of the states this name may be
    states: tuple[tuple[str, str], ...]
    #: admin1 codes of the big cities this name may be
    big_cities: frozenset[str]
    #: the name as the text writes it
    surface: str = ""
    #: the keys of the other names of the list it is in ("A, B y C")
    listed: frozenset[str] = frozenset()
    #: the one country of the well-known towns it is listed with ("Málaga y Zaragoza"), or ""
    list_country: str = ""


def prior(e: Entry, main: bool, w: Weights) -> float:
    """How likely a reading is before the article says anything about it."""
    if e.user:
        base = w.prior_user
    elif e.kind == "city" and e.curated and not e.population:
        base = w.prior_site  # a curated town or district: its size unknown, chosen for the news
    else:
        kind_base = w.kind_prior.get(e.kind)
        base = kind_base if kind_base is not None else town_prior(e, w)
    return base + (w.prior_main_name if main else 0.0)


def town_prior(e: Entry, w: Weights) -> float:
    """Bigger towns are likelier; capitals more so. A GeoNames town without a population is a
    division's seat (cities500 lists no other), counted as ``seat_population``."""
    pop = e.population or (w.seat_population if e.id.startswith("geonames:") else 0)
    base = w.prior_per_population_digit * math.log10(pop + 10)
    if e.capital:
        base += w.prior_big_capital if e.population >= w.big_capital_population else w.prior_capital
    return base


Points = tuple[float, bool]  # a feature's answer: points, and whether the clue supports it
Feature = Callable[[Entry, bool, Spot, Article, Weights], Points]
NOTHING: Points = (0.0, False)


def article_country(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A place in a country the article names (not enough alone to keep a tiny town), unless
    a hamlet named like a country or a national capital ("upset Washington" in a story that
    names Aruba, which has a hamlet of that name)."""
    if e.kind in WIDE or e.country not in art.countries or _hamlet_of_a_famous_name(e, at):
        return NOTHING
    if art.country_keys.get(e.country) == at.key:
        return NOTHING  # "El Callao": its Peruvian state reading is no evidence for itself
    return art.countries[e.country], False


def article_state(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A town or site in a state the article names (by another name than this one), unless a
    hamlet named like a country or a national capital ("buyers in China" after "refineries in
    Texas"; "Lebanon, Tennessee" is a town of 30,000)."""
    code = e.admin1_code
    if e.kind in LOCAL and code and code in art.states and art.state_keys.get(code) != at.key and (
        not _hamlet_of_a_famous_name(e, at)
    ):
        return w.article_state, True
    return NOTHING


def _hamlet_of_a_famous_name(e: Entry, at: Spot) -> bool:
    """Whether a reading is a hamlet (under SMALL_TOWN people) of a name that is a country's
    or a national capital's ("an arrangement with Washington" in a headline naming Louisiana),
    and that no apposition places ("Washington, Louisiana")."""
    return (
        e.kind == "city" and e.population < SMALL_TOWN and not e.capital
        and any(r.main and (r.entry.kind == "country" or r.entry.capital) for r in at.readings)
        and not contains(at.apposition, e)
    )


def site_in_named_state(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A curated site in a state the article names."""
    if e.kind == "site" and e.admin1 and e.admin1 in art.nearby.states:
        return w.site_in_named_state, False
    return NOTHING


def sentence_state(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A town or site in a state its sentence names ("Tumeremo and El Callao, in Bolívar"); a
    state set after another town ("from El Paso, Texas") is that town's only; a hamlet named
    like a country or a national capital is not helped so."""
    if e.kind not in LOCAL or _hamlet_of_a_famous_name(e, at):
        return NOTHING
    if (e.admin1_code, at.key) in art.apposed_states.get(at.sentence, ()) or any(
        code == e.admin1_code and key != at.key
        for code, key in art.sentence_states.get(at.sentence, ())
    ):
        return w.sentence_state, True
    return NOTHING


def sentence_towns_state(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A state whose towns its sentence names, unless the name is also a big city of it
    ("New York ... in Manhattan" is the city), its country's ("live in Panama, many in San
    Miguelito": the country has those towns too) or is listed with those towns ("en La
    Libertad, Salinas y Santa Elena" lists towns)."""
    if (
        e.kind == "admin1"
        and e.admin1_code not in at.big_cities
        and not any(r.entry.kind == "country" and r.entry.country == e.country for r in at.readings)
        and any(
            code == e.admin1_code and key != at.key and key not in at.listed
            for code, key in art.sentence_towns.get(at.sentence, ())
        )
    ):
        return w.sentence_towns_state, False
    return NOTHING


def sentence_other_state(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A state where its sentence names another state of its country by a name that is nothing
    else: states are listed together ("In Tamaulipas, ...; in Chiapas, ...")."""
    if e.kind != "admin1" or any(r.entry.kind == "country" for r in at.readings):
        return NOTHING  # "Mexico's Chiapas state": the country, not the State of Mexico
    listed = art.sentence_plain_states.get(at.sentence, ())
    if any(cc == e.country and key != at.key for cc, key in listed):
        return w.sentence_other_state, False
    return NOTHING


def sentence_country(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A town or state in the country of a place its sentence names ("in Concepción and
    Temuco"): a country can be too long for distances alone to tell."""
    named = art.nearby.countries.get(at.sentence, ())
    if e.kind != "region" and any(cc == e.country and key != at.key for cc, key in named):
        return w.sentence_country, False
    return NOTHING


def list_country(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A town listed with well-known towns of its country and no other ("desde Valencia,
    Málaga y Zaragoza" in a story that also names Valencia, Carabobo)."""
    if e.kind == "city" and at.list_country == e.country:
        return w.list_country, False
    return NOTHING


def foreign_state(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A state of a country the article never names, while it names others (a country only
    this name's state reading implies is not named, "por el Chuy" in a story about Uruguay,
    unless the text calls the name a state: "la provincia San Cristóbal")."""
    named = e.country in art.countries and (
        art.country_keys.get(e.country) != at.key or at.state_said
    )
    others = any(cc != e.country for cc in art.countries)
    if e.kind == "admin1" and others and not named and not contains(at.apposition, e):
        return w.foreign_state, False
    return NOTHING


def one_sense(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """The reading an apposition gave the same name elsewhere in the article, for a mention
    that says nothing of its own: not one placed by its own apposition ("Venezuela's Amazonas
    ... Brazil's Amazonas") or by its kind word ("en la provincia San Cristóbal" after "San
    Cristóbal, en el estado Táchira") or by the towns it is listed with ("desde Valencia, Málaga
    y Zaragoza" after "Valencia (Carabobo)")."""
    if art.settled.get(at.key) != e.id or at.apposition or at.state_said or at.city_said:
        return NOTHING
    if at.list_country not in ("", e.country):
        return NOTHING
    return w.one_sense, True


def apposition(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A place in the state or country named after a comma: "Mérida, Venezuela", "El Callao, in
    Bolívar" (a country says more about a town than about a state, unless its adjective says
    what the name is: "el estado venezolano de Amazonas")."""
    if not contains(at.apposition, e):
        return NOTHING
    if at.owned or (at.by_country and e.kind == "city"):
        return w.apposition_town_in_country, True
    if at.by_country:
        return w.apposition_in_country, True
    return w.apposition_in_state, True


def state_word(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """The state reading where the text says "the state of Aragua" or "Aragua state" (fewer
    points for a state of another type: "el estado Bolívar" is no Colombian department)."""
    if not at.state_said:
        return NOTHING
    if e.kind != "admin1":
        return w.state_word_other, False
    kind = subdivision_type(e.admin1_code)
    other_type = at.state_type and kind and kind != at.state_type
    return (w.state_word_other_type if other_type else w.state_word), False


def city_word(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """The city reading where the text says "the city of Mérida"."""
    if not at.city_said:
        return NOTHING
    return (w.city_word if e.kind == "city" else w.city_word_other), False


def quarter_word(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """Not the state or country where the text says "parroquia La Vega", "sector X"."""
    if at.quarter_said and e.kind in ("admin1", "country", "region"):
        return w.quarter_word_other, False
    return NOTHING


def capital_word(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A capital in a sentence that says "capital"."""
    if e.capital and at.capital_said:
        return w.capital_word, False
    return NOTHING


def city_named_like_state(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A city rather than the state of its name: a big one ("New York", "Washington"), or one
    in the state named so, its seat as a rule ("Heredia", "Paysandú", "Santa Elena"), unless a
    bigger town of the name lies in a country the story names no less than the city's own
    ("Trujillo, Chiclayo y Piura" in a story about Peru); the state wins where "state" is
    said."""
    if e.kind != "city" or at.quarter_said or (art.countries and e.country not in art.countries):
        return NOTHING
    name, admin1 = fold(e.name), fold(e.admin1)
    for st, cc in at.states:
        if cc != e.country or not name.startswith(st):
            continue
        if e.population >= w.big_city_population or (
            admin1.startswith(st) and e.population >= w.state_city_population
            and not _bigger_namesake(e, at, art)
        ):
            return w.city_named_like_state, False
    return NOTHING


def _bigger_namesake(e: Entry, at: Spot, art: Article) -> bool:
    """Whether another reading of the name is a bigger town in a country the article names,
    and names no less than the town's own (a Colombian "Cartago" of 130,000 does not outweigh
    Costa Rica's in a story about Costa Rica that names Bogotá)."""
    own = art.countries.get(e.country, 0.0)
    return any(
        r.entry.kind == "city" and r.entry.population > e.population
        and art.countries.get(r.entry.country, -1.0) >= own
        for r in at.readings
    )


def alternate_name_of_town(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """An alternate name of a small town is weak evidence for that town."""
    if e.kind == "city" and not main and e.population < w.alternate_name_population:
        return w.alternate_name_of_town, False
    return NOTHING


def accent_missing(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A name written with accents ("Belém") means a place spelt so (Belém, Pará), not one
    whose name only folds to it (Belem, São Paulo)."""
    said = at.surface.lower()
    name = e.name.lower()
    if e.kind != "city" or not main or said.isascii() or name == said or not name.isascii():
        return NOTHING
    if fold(name) != fold(said):
        return NOTHING
    return w.accent_missing, False


def context_words(e: Entry, main: bool, at: Spot, art: Article, w: Weights) -> Points:
    """A curated place whose context words ("prison") its sentence has, or lacks."""
    if not e.context:
        return NOTHING
    said = any(word in at.words for word in e.context)
    return (w.context_word if said else w.no_context_word), False


#: The clues, in the order their points are added.
FEATURES: tuple[Feature, ...] = (
    article_country,
    article_state,
    site_in_named_state,
    sentence_state,
    sentence_towns_state,
    sentence_other_state,
    sentence_country,
    list_country,
    foreign_state,
    one_sense,
    apposition,
    state_word,
    city_word,
    quarter_word,
    capital_word,
    city_named_like_state,
    alternate_name_of_town,
    accent_missing,
    context_words,
)

