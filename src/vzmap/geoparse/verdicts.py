"""What a recognition rule says of a name (:class:`Verdict`), and the tests of how well known a
place name is that the rules share."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..gazetteer.index import Gazetteer
from ..text.lexicon import word_set
from .names import Span

#: Prepositions that place something in a name ("in Maturín", "en Asunción").
LOCATIVES = word_set("recognition", "locative_prepositions")
#: Prepositions that take a person as readily as a place ("con Machado", "against Trujillo").
PERSON_PREPOSITIONS = word_set("recognition", "person_prepositions")
#: Smallest population of a town that counts as a well-known place on its own.
KNOWN_TOWN = 100_000
#: Smallest population of a town that is accepted without support from the article's context.
SMALL_TOWN = 5000


class Verdict(NamedTuple):
    """A rule's decision: the candidate's role and a short reason (for debugging and review)."""

    role: str
    why: str


#: The verdict when no rule decides.
DEFAULT = Verdict("place", "")
#: Why a name is in a named organisation's ("Tren de Aragua"): no sign of where the story is.
ACTOR = "part of a named organisation's name"
#: How the reason of a name tied to a longer one by "de" begins ("la Junta de Extremadura").
LINKED = "part of a name ("


Rule = Callable[[Span], Verdict | None]


def well_known(key: str, gaz: Gazetteer) -> bool:
    """Whether a name key is a country's or region's main name ("Iran", "Europe") or the main
    name of a city of a million or more ("Toronto", "Beijing"): never a person's surname."""
    return any(
        main and (e.kind in ("country", "region") or e.population >= 1_000_000)
        for e, main in gaz.candidates(key)
    )


def main_name(key: str, gaz: Gazetteer) -> bool:
    """Whether a name key is some place's main name."""
    return any(main for _, main in gaz.candidates(key))


def only_another_name(key: str, gaz: Gazetteer) -> bool:
    """Whether a name key is a place's name, but only ever another name ("Mets" of Metz,
    "Davidson College" of Davidson)."""
    readings = gaz.candidates(key)
    return bool(readings) and not any(main for _, main in readings)


def significant(key: str, gaz: Gazetteer) -> bool:
    """Whether a name key is a well-known place or an adjectival form of one."""
    if key in gaz.demonyms:
        return True
    return any(
        e.kind in ("country", "admin1", "region", "site") or e.population >= KNOWN_TOWN or e.user
        for e, _ in gaz.candidates(key)
    )
