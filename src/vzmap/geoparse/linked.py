"""Names tied by a link word ("de", "of") to a word before them: "State of Zulia", "el sector
Brasil de Cumaná", "Tren de Aragua", "el Gobierno de Colombia". Each is a recognition rule of
:data:`vzmap.geoparse.rules.RULES`: the place itself, the town a quarter or a facility lies in, the
place that governs or seats a body, or part of a longer name (``embedded``).
"""

from __future__ import annotations

from .names import (
    CONNECTORS,
    DEDICATIONS,
    FACILITY_HEADS,
    FUNCTION_WORDS,
    JURISDICTION_HEADS,
    MINISTRY_HEADS,
    NAME_LINKS,
    ORG_HEADS,
    PLACE_HEADS,
    QUARTER_HEADS,
    SEAT_HEADS,
    Span,
    Token,
    head_before,
    joinable,
    plural_noun,
)
from .verdicts import LINKED, Verdict, significant


def place_of(s: Span) -> Verdict | None:
    """ "State of Zulia", "City of Caracas": the place, unless an organisation's name ("Bank
    of ...", and a plural head capitalised as a name: "Catholic Charities of Buffalo", not
    "Residents of Bosa" opening a sentence)."""
    head, link = s.linked_head, s.before
    if (
        head is not None and link is not None and link.key == "of"
        and head.key not in ORG_HEADS and not (plural_noun(head.key) and not head.first)
    ):
        return Verdict("place", f"'{head.text} of'")
    return None


#: Heads of the names of things that lie within a town or a state: quarters, streets, squares,
#: buildings, divisions ("el municipio Libertador de Caracas").
_WITHIN_TOWN = QUARTER_HEADS | FACILITY_HEADS | PLACE_HEADS
#: How many words back a ministry's head may open the name ("ministro de Relaciones Exteriores").
_MINISTRY_REACH = 6


def town_of_a_quarter(s: Span) -> Verdict | None:
    """ "el sector Brasil de Cumaná", "la plaza Bolívar de Barinas": the town that the quarter
    or facility before it lies in (the quarter's or facility's name is judged on its own)."""
    head, link = s.linked_head, s.before
    if head is None or link is None:
        return None
    j = s.first - 2  # back to the quarter name's first word
    while j > 0 and (s.tokens[j - 1].cap or s.tokens[j - 1].key in CONNECTORS) and joinable(
        s.text, s.tokens[j - 1], s.tokens[j]
    ):
        if head_before(s.text, s.tokens, j, _WITHIN_TOWN) is not None:
            break
        j -= 1
    quarter = head_before(s.text, s.tokens, j, _WITHIN_TOWN)
    if quarter is None or (quarter.cap and quarter.key in ORG_HEADS):
        return None  # "la Universidad Central de Venezuela" is an organisation's name
    if not significant(s.key, s.gaz):
        return None
    return Verdict("place", f"the town of the {quarter.text} before it")


def linked_to_a_name(s: Span) -> Verdict | None:
    """ "Tren de Aragua", "Bank of Venezuela": part of a longer name, unless the name's head
    governs the place ("el Gobierno de Colombia", "la Alcaldía de Caracas"), a ministry or
    minister of the country or state opens the name ("el Ministerio de Defensa de Chile"), or
    the body sits in the town or state ("el Juzgado de Garantía de Santiago", "el Hospital
    Central de Maracay", "the Metropolitan Police of Barranquilla"; not a country, "la Policía
    Nacional del Perú", a common word, "el Tribunal Supremo de Justicia", nor the saint a house
    is dedicated to, "Hospital Nuestra Señora de Candelaria")."""
    head, link = s.linked_head, s.before
    if head is not None and head.key in JURISDICTION_HEADS:
        return Verdict("place", f"governed by the {head.text}")
    if head is None or link is None:
        return None
    ministry = _ministry_before(s)
    if ministry is not None and s.names_a(s.key, "country", "admin1"):
        return Verdict("place", f"the government of the {ministry.text}")
    body = _seat_word(s, s.first - 2)
    if body is not None and not s.names_a(s.key, "country", "region") and not _common_word(s) and (
        s.tokens[s.first - 2].key not in DEDICATIONS  # "Hospital Nuestra Señora de Candelaria"
    ):
        return Verdict("place", f"the seat of the {body.text}")
    return Verdict("embedded", f"{LINKED}'{head.text} {link.text} ...')")


def _ministry_before(s: Span) -> Token | None:
    """The ministry or minister word that opens the name before the link ("el Ministerio de
    Defensa de Chile", "el ministro de Relaciones Exteriores de Venezuela", "la Cancillería de
    Perú"), back over its capitalised words and links, if any."""
    j = s.first - 2
    for _ in range(_MINISTRY_REACH):
        tok = s.tokens[j]
        if tok.key in MINISTRY_HEADS:
            return tok
        if j == 0 or not (tok.cap or tok.key in NAME_LINKS) or not joinable(
            s.text, s.tokens[j - 1], tok
        ):
            return None
        j -= 1
    return None


def _common_word(s: Span) -> bool:
    """Whether a one-word name is a common word before it is a well-known place ("Justicia",
    not "Málaga")."""
    return s.single and s.common_word and not significant(s.key, s.gaz)


def _seat_word(s: Span, i: int) -> Token | None:
    """The word of :data:`SEAT_HEADS` in the name that ends at token ``i`` ("Juzgado" of
    "el Juzgado de Garantía", "Police" of "the Metropolitan Police"), back over its capitalised
    words and the links between them, if any."""
    while True:
        if s.tokens[i].key in SEAT_HEADS:
            return s.tokens[i]
        prev = s.token(i - 1)
        if prev is None or not joinable(s.text, prev, s.tokens[i]) or prev.first and (
            prev.key in FUNCTION_WORDS
        ):
            return None
        if prev.cap:
            i -= 1
        elif prev.key in NAME_LINKS and i >= 2 and s.tokens[i - 2].cap and joinable(
            s.text, s.tokens[i - 2], prev
        ):
            i -= 2
        else:
            return None
