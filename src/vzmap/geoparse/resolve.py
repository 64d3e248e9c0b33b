"""Choosing one gazetteer entry per mention from the article's context.

Each reading (candidate entry) of a name gets a score: a prior (kind, population, whether the
name is the entry's main name), then evidence from the article (:mod:`.evidence`): "Denver,
Colorado" (the next name contains this one), "the state of Aragua" / "the city of New York", the
countries and states the article names elsewhere (or implies with a demonym such as "Chilean"),
the distance to the article's other places, a curated site's own context words ("prison"), and
names the user attached to a place by hand. Population only decides when nothing else does.
Scores become probabilities (softmax); the best one is the mention's confidence and the others
are kept as runner-ups for review. A second pass lets the places resolved with confidence anchor
the others ("Lafayette" near "Baton Rouge" rather than in Indiana).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

from ..gazetteer.entries import subdivision_type
from ..gazetteer.index import Entry, Gazetteer
from .closeness import far_namesake, misplaced_quarter, proximity, unsupported_small_town
from .evidence import (
    FEATURES,
    LOCAL,
    WIDE,
    Article,
    Spot,
    Weights,
    contains,
)
from .namesakes import NAMESAKE
from .nearby import Nearby
from .recognise import Candidate
from .resolve_context import read_article, read_spot, readings, tells_the_state, with_long_forms

#: How many runner-up candidates are kept per mention.
RUNNERS_UP = 3
#: How many mentions are resolved between two progress reports.
_BLOCK = 64


@dataclass(frozen=True, slots=True)
class Resolution:
    """The chosen entry of a candidate, its probability, and the runner-ups."""

    entry: Entry
    confidence: float
    runners_up: tuple[tuple[Entry, float], ...]
    #: False when nothing in the article supports a small town's reading (the mention is dropped)
    supported: bool = True


def resolve_all(
    text: str,
    candidates: list[Candidate],
    sentences: list[tuple[int, int]],
    gaz: Gazetteer,
    advance: Callable[[int], None] | None = None,
    lang: str = "en",
) -> list[Resolution | None]:
    """Resolve every candidate of one article; ``None`` where the gazetteer has no entry.
    ``advance(offset)``, if given, is told now and then how far the work has come (each pass
    covers half of the text's length). ``lang`` is the article's language."""
    w = Weights.current()
    options = with_long_forms(candidates, [readings(c, gaz, w) for c in candidates])
    article = read_article(text, candidates, options, w, gaz, lang)
    spots = _quarters_again([
        read_spot(text, sentences, candidates, options, n, w, gaz) if opts else None
        for n, opts in enumerate(options)
    ])
    half = len(text) // 2
    first = _resolve_pass(candidates, spots, article, w, _halved(advance, 0))
    settled = _settled(candidates, spots, first)
    confident = _confident_places(candidates, first, w)
    state_keys = _resolved_states(candidates, first)
    if not confident and not settled and state_keys == article.state_keys:
        return first
    article = dataclasses.replace(
        article, anchors=article.anchors + confident, settled=settled,
        states=set(state_keys), state_keys=state_keys,
    )
    return _resolve_pass(candidates, spots, article, w, _halved(advance, half))


def _quarters_again(spots: list[Spot | None]) -> list[Spot | None]:
    """The spots, where a name the article called a quarter ("el sector Santa Rosa") is one
    again when named alone later ("desde la iglesia, en Santa Rosa"), unless that mention is
    called a state or town, or the name is a country's."""
    quarters = {at.key for at in spots if at is not None and at.quarter_said}
    if not quarters:
        return spots
    return [
        dataclasses.replace(at, quarter_said=True)
        if at is not None and at.key in quarters and not at.quarter_said
        and not (at.state_said or at.city_said)
        and all(r.entry.kind != "country" for r in at.readings)
        else at
        for at in spots
    ]


def _halved(advance: Callable[[int], None] | None, base: int) -> Callable[[int], None] | None:
    """``advance`` for one of two passes: offsets halved, from ``base``."""
    if advance is None:
        return None
    return lambda offset: advance(base + offset // 2)


def _resolve_pass(
    candidates: list[Candidate],
    spots: list[Spot | None],
    art: Article,
    w: Weights,
    advance: Callable[[int], None] | None = None,
) -> list[Resolution | None]:
    """One resolution of every candidate, with the anchors and settled names of ``art``."""
    # countries and regions are too large to say where in them a town lies
    local = [(candidates[m], a) for m, a in art.anchors if a.kind not in WIDE]
    points = [(c.key, c.sentence, a.lat, a.lon) for c, a in local]
    countries = [(c.sentence, a.country, c.key) for c, a in local] + _demonyms(candidates, spots)
    states = [a.admin1 for _, a in art.anchors if a.kind == "admin1" and a.admin1]
    art = dataclasses.replace(art, nearby=Nearby(points, states, countries))
    out: list[Resolution | None] = []
    for n, (c, at) in enumerate(zip(candidates, spots, strict=True)):
        if advance is not None and n % _BLOCK == 0:
            advance(c.start)
        out.append(None if at is None else _resolve_one(c, at, art, w))
    return out


def _demonyms(candidates: list[Candidate], spots: list[Spot | None]) -> list[tuple[int, str, str]]:
    """(sentence, country, key) of the adjectival forms: "a case Chilean prosecutors" puts its
    sentence in Chile as a Chilean town would."""
    return [
        (c.sentence, at.readings[0].entry.country, c.key)
        for c, at in zip(candidates, spots, strict=True)
        if c.role == "demonym" and at is not None and at.readings and at.readings[0].entry.country
    ]


def _resolve_one(c: Candidate, at: Spot, art: Article, w: Weights) -> Resolution:
    """The likeliest reading of ``c`` and its probability among the others."""
    scored = _scored_readings(at, art, w, art.nearby.any_besides(c.key))
    probs = _softmax([s for s, _, _ in scored])
    _, best, supported = scored[0]
    runners = tuple(
        (e, p) for (_, e, _), p in zip(scored[1 : RUNNERS_UP + 1], probs[1:], strict=False)
    )
    return Resolution(best, probs[0], runners, _kept(c, at, best, supported, art, w))


def _scored_readings(
    at: Spot, art: Article, w: Weights, others: bool
) -> list[tuple[float, Entry, bool]]:
    """(score, entry, supported?) of every reading of a mention, best first (ties by id): its
    prior plus the points of every feature, then its proximity to the article's other places
    (when there are ``others``)."""
    scored: list[tuple[float, Entry, bool]] = []
    for rank, (e, main, s) in enumerate(at.readings):
        supported = False
        for feature in FEATURES:
            points, supports = feature(e, main, at, art, w)
            s += points
            supported = supported or supports
        if others and e.kind in LOCAL and rank < w.max_near:
            near = proximity(e, at, art, w) * (w.quarter_near_factor if at.quarter_said else 1.0)
            s += near
            supported = supported or near > w.near_support
        scored.append((s, e, supported))
    scored.sort(key=lambda t: (-t[0], t[1].id))
    return scored


def _kept(
    c: Candidate, at: Spot, best: Entry, supported: bool, art: Article, w: Weights
) -> bool:
    """Whether the mention stays: a place does unless its reading is a small town nothing
    supports, a far namesake, or only the namesake of the natural feature the text names ("río
    Manzanares" is no town; a curated site may be the feature itself), or a quarter or a street
    named after a place far from the article's others ("Milwaukee Avenue" in Chicago). Demonyms,
    names in names and the user's places always stay."""
    if c.role != "place" or best.user:
        return True
    return not (
        unsupported_small_town(best, supported)
        or (c.word_like and not supported and best.kind == "city")
        or at.apposition_denies
        or far_namesake(best, supported, art, c.key, w)
        or (at.feature_said and best.kind != "site")
        or ((at.quarter_said or c.why == NAMESAKE) and misplaced_quarter(best, art, c.key, w))
    )


def _softmax(scores: list[float]) -> list[float]:
    top = scores[0]
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [x / total for x in weights]


def _settled(
    candidates: list[Candidate], spots: list[Spot | None], first: list[Resolution | None]
) -> dict[str, str]:
    """Name key -> entry id, for the names an apposition placed ("El Callao, Bolívar state")
    or a word naming the state's type did ("el departamento de Bolívar" is Colombia's), unless
    a town of that state has the name too: the same name elsewhere in the article gets the same
    reading (one sense per article)."""
    settled: dict[str, str] = {}
    for c, at, r in zip(candidates, spots, first, strict=True):
        if r is None or at is None:  # not in the gazetteer: nothing to settle
            continue
        if r.entry.kind == "admin1" and _a_town_of_the_state_too(at, r.entry):
            continue  # "the state of Trujillo" says nothing of "prosecutors in Trujillo said"
        typed = (
            at.state_type != "" and r.entry.kind == "admin1"
            and subdivision_type(r.entry.admin1_code) == at.state_type
        )
        if c.role == "place" and (typed or contains(at.apposition, r.entry)):
            settled.setdefault(c.key, r.entry.id)
    return settled


def _a_town_of_the_state_too(at: Spot, state: Entry) -> bool:
    """Whether the name is also a town's in that state (the region of Arequipa and its city):
    naming the state's type then says nothing of the name's other mentions."""
    return any(
        e.kind == "city" and e.admin1_code == state.admin1_code for e, _, _ in at.readings
    )


def _resolved_states(
    candidates: list[Candidate], first: list[Resolution | None]
) -> dict[str, str]:
    """Admin1 code -> the name that named it first, of the states the first pass placed: the
    second pass reads "a town in a state the article names" from what the names turned out to
    be ("Bolívar" the Venezuelan state, not the Colombian department its prior suggested), and
    from the states in organisations' names ("la Junta de Extremadura")."""
    states: dict[str, str] = {}
    for c, r in zip(candidates, first, strict=True):
        if r is None or not tells_the_state(c):
            continue
        if r.entry.kind == "admin1" and r.entry.admin1_code:
            states.setdefault(r.entry.admin1_code, c.key)
    return states


def _confident_places(
    candidates: list[Candidate], first: list[Resolution | None], w: Weights
) -> list[tuple[int, Entry]]:
    """The towns and sites of the first pass resolved with confidence, as anchors."""
    return [
        (n, r.entry)
        for n, r in enumerate(first)
        if r is not None
        and r.supported
        and r.confidence >= w.confident
        and candidates[n].role == "place"
        and r.entry.kind in LOCAL
    ]
