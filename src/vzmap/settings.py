"""Every tunable of vzmap in one table, with its help text (as datasette's settings).

Values are read through :func:`value`; :func:`override` changes them for a benchmark sweep or a
test without editing code (``benchmarks/geoparse_accuracy.py --set resolve.apposition_in_state=2``).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .errors import SettingsError


@dataclass(frozen=True)
class Setting:
    name: str
    default: float
    help: str


SETTINGS: tuple[Setting, ...] = (
    # --- the event classifier (vzmap.events.classify)
    Setting("events.trigger_weight", 1.0, "weight of a match of a type's triggers_<lang> phrase"),
    Setting("events.cue_weight", 0.6,
            "weight of a match of a type's cues_<lang> phrase (weaker evidence)"),
    Setting("events.length_bonus", 0.25,
            "extra weight per additional word of a matched phrase (specificity)"),
    Setting("events.claim_bonus", 0.25, "added to a type that claims another type's evidence"),
    Setting("events.condition_min", 0.75,
            "evidence a type needs to satisfy a claim condition naming it"),
    Setting("events.claim_window", 15,
            "claim conditions only look this many tokens around the claimed evidence"),
    Setting("events.negated_factor", 0.2,
            "multiplier for a trigger or cue just after a negation word"),
    Setting("events.negation_window", 4,
            "how many tokens before a phrase are searched for a negation word"),
    Setting("events.near_tokens", 6,
            "phrases within this many tokens of the mention keep their full weight"),
    Setting("events.decay_per_token", 0.03, "weight lost per token beyond near_tokens"),
    Setting("events.min_distance_factor", 0.4, "floor of the distance multiplier"),
    Setting("events.clause_factor", 0.5,
            "multiplier for a phrase in another clause than the mention"),
    Setting("events.reason_window", 6,
            "how many tokens after a reason marker ('to reject', 'wanted for') it covers"),
    Setting("events.min_score", 0.5, "below this best score the fallback type is returned"),
    Setting("events.fallback_score", 0.5,
            "score reported for the fallback type when nothing matched"),
    Setting("events.context_sentences", 0,
            "a silent mention takes the type of the nearest sentence this many sentences away"),
    Setting("events.article_share_min", 1.0,
            "a silent mention takes the article's dominant type when it holds more than this "
            "share (1, the default: never, as a sentence silent about a place reports no event "
            "there)"),
    Setting("events.lead_weight", 2.0,
            "weight of the title and lead sentence in an article's dominant type"),
    Setting("events.context_score", 0.5,
            "score of a type taken from context: this times its source's score"),
    # --- the resolver (vzmap.geoparse.evidence): "points" are added to a reading's score; one
    # point more makes a reading e (2.7) times likelier than its rivals (softmax)
    Setting("resolve.prior_user", 20.0,
            "score of a place a user made or named by hand (it beats every other reading)"),
    Setting("resolve.prior_country", 12.0, "score of a country before any context"),
    Setting("resolve.prior_region", 9.0, "score of a wide region (Europe, Africa) before context"),
    Setting("resolve.prior_state", 8.0,
            "score of a state or province (admin1) before any context"),
    Setting("resolve.prior_site", 3.0,
            "score of a curated site (a prison, a border crossing) before any context"),
    Setting("resolve.prior_per_population_digit", 0.8,
            "score of a town per digit of its population (times log10(population + 10))"),
    Setting("resolve.seat_population", 1000,
            "population counted for a GeoNames town listed without one (cities500 lists such "
            "towns only as seats of a division: \"San Francisco\", Zulia)"),
    Setting("resolve.prior_capital", 1.5, "added to the score of a country's capital"),
    Setting("resolve.prior_big_capital", 3.0,
            "added instead of prior_capital for a capital of big_capital_population or more"),
    Setting("resolve.big_capital_population", 1_000_000,
            "population from which a capital gets prior_big_capital"),
    Setting("resolve.prior_main_name", 1.0,
            "added when the mention is the place's main name rather than an alternate name"),
    Setting("resolve.named_country", 3.0,
            "points for every place of a country the article names (or implies by a state or "
            "site with a single reading)"),
    Setting("resolve.demonym_country", 1.5,
            "points for every place of a country the article names by a demonym (\"Chilean\")"),
    Setting("resolve.state_country", 2.0,
            "points for every place of the country of a state the article names"),
    Setting("resolve.anchor_population", 1_000_000,
            "a city of at least this population anchors the distances of the article's other "
            "places (states and sites always do; countries are too large to)"),
    Setting("resolve.article_state", 3.0,
            "points for a town or site in a state the article names elsewhere"),
    Setting("resolve.site_in_named_state", 1.0,
            "points for a curated site in a state the article names"),
    Setting("resolve.sentence_state", 6.0,
            "points for a town or site in a state its sentence names (\"El Callao, in Bolívar "
            "state\")"),
    Setting("resolve.sentence_towns_state", 3.0,
            "points for a state whose towns its sentence names (unless a big city has its name)"),
    Setting("resolve.sentence_other_state", 6.0,
            "points for a state whose sentence names another state of its country by a name "
            "that is nothing but a state (\"In Tamaulipas ...; in Chiapas ...\")"),
    Setting("resolve.list_country", 4.0,
            "points for a town listed with well-known towns of its country only (\"desde "
            "Valencia, Málaga y Zaragoza\"): a list names places of one country"),
    Setting("resolve.sentence_country", 1.0,
            "points for a town in the country of a place its sentence names (\"in Concepción "
            "and Temuco\"), whatever the distance"),
    Setting("resolve.foreign_state", -2.5,
            "points (a penalty) for a state of a country the article never names while it names "
            "others"),
    Setting("resolve.one_sense", 5.0,
            "points for the reading an apposition gave the same name elsewhere in the article "
            "(one sense per article)"),
    Setting("resolve.apposition_town_in_country", 10.0,
            "\"Mérida, Venezuela\": points for a town in the country named after the comma, "
            "and for any place after its country's adjective (\"the Venezuelan state of\")"),
    Setting("resolve.apposition_in_country", 3.0,
            "\"Bolívar, Venezuela\": points for a state or site in the country named after the "
            "comma"),
    Setting("resolve.apposition_in_state", 6.0,
            "\"El Callao, Bolívar\": points for a place in the state named after the comma"),
    Setting("resolve.state_word", 4.0,
            "\"the state of Aragua\", \"Aragua state\": points for the state reading"),
    Setting("resolve.state_word_other", -1.0,
            "points (a penalty) for the other readings of a name called a state"),
    Setting("resolve.state_word_other_type", 0.0,
            "points for a state reading where the word names another type of division "
            "(\"el estado Bolívar\" and Colombia's department)"),
    Setting("resolve.city_word", 4.0, "\"the city of Mérida\": points for the city reading"),
    Setting("resolve.city_word_other", -1.0,
            "points (a penalty) for the other readings of a name called a city"),
    Setting("resolve.quarter_word_other", -4.0,
            "\"parroquia La Vega\", \"sector X\": points (a penalty) for the state and country "
            "readings of a name called a parish, sector or neighbourhood"),
    Setting("resolve.quarter_km", 50.0,
            "a name called a parish, sector or neighbourhood is dropped when read as a town "
            "farther than this (km) from every other place of the article"),
    Setting("resolve.quarter_near_factor", 2.0,
            "how many times the closeness to the article's other places counts for a name "
            "called a parish, sector or neighbourhood (it lies among them)"),
    Setting("resolve.kind_word_chars_before", 40,
            "how many characters before a name are searched for \"state of\", \"city of\" "
            "(a whole number)"),
    Setting("resolve.kind_word_chars_after", 30,
            "how many characters after a name are searched for \"state\", \"province\" "
            "(a whole number)"),
    Setting("resolve.capital_word", 1.5,
            "points for a capital when its sentence says \"capital\""),
    Setting("resolve.city_named_like_state", 4.0,
            "\"New York\", \"Washington\": points for a big city named like a state (the "
            "state wins only where \"state\" is said)"),
    Setting("resolve.big_city_population", 100_000,
            "population from which a city named like a state is taken for the city (\"New "
            "York\")"),
    Setting("resolve.state_city_population", 10_000,
            "population from which a city in the state named like it is taken for the city "
            "(\"Heredia\", \"Paysandú\")"),
    Setting("resolve.alternate_name_of_town", -2.0,
            "points (a penalty) when the mention is only an alternate name of a small town"),
    Setting("resolve.alternate_name_population", 100_000,
            "towns below this population get the alternate_name_of_town penalty"),
    Setting("resolve.accent_missing", -5.0,
            "points (a penalty) for a reading whose name lacks the accents the text writes "
            "(\"Belém\" is not Belem, São Paulo)"),
    Setting("resolve.context_word", 8.0,
            "points for a curated place whose context words (\"prison\") its sentence has"),
    Setting("resolve.no_context_word", -2.0,
            "points (a penalty) for a curated place whose context words its sentence lacks"),
    Setting("resolve.near_same_passage", 2.5,
            "proximity points at 0 km from a place the article names within passage_sentences"),
    Setting("resolve.near_elsewhere", 1.0,
            "proximity points at 0 km from a place the article names farther away in the text"),
    Setting("resolve.passage_sentences", 2,
            "places named within this many sentences count as the same passage"),
    Setting("resolve.near_scale_km", 300.0,
            "proximity points shrink by a factor e for every this many km"),
    Setting("resolve.near_support", 0.37,
            "proximity points above which closeness alone supports keeping a small town"),
    Setting("resolve.max_near", 40,
            "proximity is computed for this many likeliest readings of a name (for speed)"),
    Setting("resolve.confident", 0.6,
            "probability from which a resolved town anchors the others in the second pass "
            "(\"Lafayette\" near \"Baton Rouge\")"),
    Setting("resolve.far_namesake_km", 800.0,
            "a small place farther than this (km) from all the article's places, in a country it "
            "never names, is dropped as a namesake of a place the gazetteer lacks"),
    Setting("resolve.namesake_population", 100_000,
            "only places (not capitals) below this population are dropped as far namesakes"),
    # --- the review queue (vzmap.places.review): a mention's doubt is the sum of its signals
    # (each from 0 to 1) times these weights; the most doubtful mentions are listed first
    Setting("review.low_confidence", 1.0, "weight of the geoparser's doubt (1 - confidence)"),
    Setting("review.close_runner_up", 1.0,
            "weight of a runner-up close in score to the chosen place (1 at no margin, 0 at "
            "close_margin)"),
    Setting("review.close_margin", 0.3,
            "a runner-up scoring within this much of the chosen place's confidence is close"),
    Setting("review.far_namesake", 0.6,
            "weight of a runner-up (a namesake) in another country or farther than far_km"),
    Setting("review.namesake_min_score", 0.01,
            "runner-ups scoring below this are not counted as namesakes"),
    Setting("review.off_story", 0.8,
            "weight of a place in a country none of its article's other places is in, farther "
            "than far_km from all of them (\"Santa Rosa\" resolved to Guatemala in a story "
            "about Venezuela)"),
    Setting("review.far_km", 300.0,
            "distance (km) from which a namesake or an article's other places count as far"),
    Setting("review.lone_weak", 0.5,
            "weight of a place the file names only once, with a confidence below "
            "weak_confidence"),
    Setting("review.weak_confidence", 0.9, "a confidence below this is weak"),
    Setting("review.min_doubt", 0.3, "mentions whose doubt is below this are not listed"),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_values: dict[str, float] = {s.name: s.default for s in SETTINGS}


def value(name: str) -> float:
    """The current value of setting ``name``."""
    return _values[name]


def parse(assignments: list[str]) -> dict[str, float]:
    """``["name=value", ...]`` (as given on a command line) as a mapping, each name checked."""
    out: dict[str, float] = {}
    for item in assignments:
        name, sep, raw = item.partition("=")
        if not sep:
            raise SettingsError(f"setting {item!r}: expected NAME=VALUE")
        try:
            out[name.strip()] = float(raw)
        except ValueError:
            raise SettingsError(f"setting {name!r}: {raw!r} is not a number") from None
    _check(out)
    return out


def _check(values: Mapping[str, float]) -> None:
    unknown = sorted(set(values) - set(_BY_NAME))
    if unknown:
        known = ", ".join(sorted(_BY_NAME))
        raise SettingsError(f"unknown setting {unknown[0]!r}; known settings: {known}")
    for name, number in values.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise SettingsError(f"setting {name!r}: {number!r} is not a number")
        if not math.isfinite(number):
            raise SettingsError(f"setting {name!r}: {number!r} is not a finite number")


@contextlib.contextmanager
def override(values: Mapping[str, float]) -> Iterator[None]:
    """Use ``values`` (name -> number) inside the ``with`` block, then restore the previous ones."""
    _check(values)
    saved = dict(_values)
    _values.update(values)
    try:
        yield
    finally:
        _values.clear()
        _values.update(saved)
