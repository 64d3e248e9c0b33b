"""What contains a mention, as the text says it: "X, Y", "X (Y)", "X, in the state of Y",
"Venezuela's X", "la ciudad colombiana de X", "the Venezuelan Andes".

The resolver reads these from :func:`vzmap.geoparse.resolve_context.read_spot`: the states or
countries they name become the mention's ``apposition``, which the evidence feature of that name
rewards, and which may deny every reading the gazetteer has (a town it lacks).
"""

from __future__ import annotations

import dataclasses
import re

from ..gazetteer.index import Entry, Gazetteer
from ..text.tokens import name_key
from .evidence import LOCAL, Reading, contains
from .names import CLOSE_PARENTHESIS, CONJUNCTIONS, OPEN_PARENTHESIS, word_pattern
from .recognise import Candidate

#: Spanish heads before a state's name ("estado", "departamento") and a town's ("ciudad").
STATE_ES = word_pattern("state_heads")
CITY_ES = word_pattern("city_heads")

#: "X, Y", "X, in the state of Y", "X, en el estado Y", "X del estado Y", "X, estado Y"
_APPOSITION_GAP = re.compile(
    r"^,\s*(?:in\s+)?(?:the\s+)?(?:(?:state|province|department|region)\s+of\s+)?$"
    rf"|^,?\s*(?:en\s+)?(?:el\s+|la\s+)?(?:{STATE_ES})\s+(?:de\s+|del\s+)?(?:la\s+)?$"
    rf"|^\s+(?:del|de\s+la|en\s+el|en\s+la)\s+(?:{STATE_ES})\s+(?:de\s+|del\s+)?$"
    r"|^,\s*en\s+(?:el\s+)?$",
    re.IGNORECASE,
)

#: "Venezuela's Amazonas state", "Mexico’s Chiapas": the country owns the name after it
_POSSESSIVE_GAP = re.compile(r"^['’]s\s+$")

#: "el estado venezolano de Amazonas", "la ciudad fronteriza colombiana de Arauca", "the
#: Brazilian state of Roraima", "the Venezuelan border town of Ureña": the adjective before the
#: name (group ``a`` or ``b``; in English the capitalised ``en``) may name the country that
#: contains it
_OWNER_BEFORE = re.compile(
    rf"\b(?:{STATE_ES}|{CITY_ES})\s+(?P<a>[^\W\d_]+)\s+(?:(?P<b>[^\W\d_]+)\s+)?de\s+$"
    r"|\b(?P<en>(?-i:[A-Z])[^\W\d_]+)\s+(?:[^\W\d_]+\s+)?(?:city|town|village|port|state|province"
    r"|department|region|capital|municipality|island)\s+of\s+$",
    re.IGNORECASE,
)

#: A conjunction right after a name, that goes on with the list it ends ("Bogotá o la costa")
LIST_GOES_ON = re.compile(rf"\s+{CONJUNCTIONS}\s")

#: The comma between two names of a list ("Colorado, Florida, New York and Tennessee")
LISTED = re.compile(r"^,\s*$")

#: "X, Y" and "X, in Y" only (no "X, the Y"), and what may follow Y in that case
_PLAIN_APPOSITION = re.compile(r"^,\s*(?:in\s+|en\s+)?$")

_CLAUSE_END = re.compile(r"^\s*(?:[.;:)]|,(?!\s*(?:and|or|y|e|o)\s)(?!\s*[A-ZÁÉÍÓÚÑ])|$)")


def set_after(text: str, candidates: list[Candidate], k: int) -> bool:
    """Whether mention ``k + 1`` is set after mention ``k`` as its state or country ("X, Y",
    "X, in Y", "X (Y)"), not as the next name of a list that goes on after it ("from Santiago,
    Lima and Quito")."""
    nxt = candidates[k + 1]
    gap = text[candidates[k].end : nxt.start]
    if OPEN_PARENTHESIS.fullmatch(gap):  # "Alcoy (Alicante)", "Mérida (Badajoz)"
        return CLOSE_PARENTHESIS.match(text, nxt.end) is not None
    return bool(_APPOSITION_GAP.match(gap)) and not LIST_GOES_ON.match(text, nxt.end)


def country_in_name(c: Candidate, gaz: Gazetteer) -> tuple[Entry, ...]:
    """The country a city's name is made of ("Panama City", "Guatemala City", "Kuwait City"):
    the name says its country as an apposition would (Panama City, Florida, is named after it)."""
    words = c.key.split()
    if len(words) < 2 or words[-1] != "city":
        return ()
    country = " ".join(words[:-1])
    return tuple(e for e, main in gaz.candidates(country) if main and e.kind == "country")[:1]


def demonym_before(
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


def owner_denies(owner: tuple[Entry, ...], entries: list[Entry]) -> bool:
    """Whether the country an adjective gives a name has none of its towns ("the Venezuelan
    Andes" is no town of Colombia): the place is one the gazetteer lacks."""
    return bool(owner) and all(e.kind in LOCAL for e in entries) and not any(
        contains(owner, e) for e in entries
    )


def apposition_denies(
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


def demonym_owner(text: str, c: Candidate, gaz: Gazetteer) -> tuple[Entry, ...]:
    """The country of the adjective in "la ciudad colombiana de X" or "the Brazilian state of
    X", which contains mention ``c``; none when no adjective of a country stands so before it."""
    said = _OWNER_BEFORE.search(text[max(0, c.start - 60) : c.start])
    if not said:
        return ()
    words = [w for w in said.group("a", "b", "en") if w]
    owners = (gaz.demonym(name_key(w)) for w in words)
    return tuple(e for e in owners if e is not None and e.kind == "country")[:1]


def apposition(
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
    if nxt.role != "place" or not set_after(text, candidates, n):
        return ()
    if n > 0 and LISTED.match(text[candidates[n - 1].end : c.start]):
        return ()  # "in Colorado, Florida, New York and Tennessee": a list, not "X, its state"
    states = tuple(e for e, _, _ in options[n + 1] if e.kind in ("admin1", "country"))
    if states or not OPEN_PARENTHESIS.fullmatch(text, c.end, nxt.start):
        return states
    return _province_of_its_capital(options[n + 1])


def _province_of_its_capital(opts: list[Reading]) -> tuple[Entry, ...]:
    """For "Mérida (Badajoz)", where the province in parentheses is named after its capital
    (a town to the gazetteer): the state of that town's likeliest reading, as a container."""
    best = max(opts, key=lambda r: r.prior).entry if opts else None
    if best is None or best.kind != "city" or not best.admin1_code:
        return ()
    return (dataclasses.replace(best, kind="admin1"),)
