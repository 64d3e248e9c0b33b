"""Recognition's judgements: the ordered rules that give a candidate name its role.

Each rule looks at one :class:`Span` (a gazetteer name found in the text, with its tokens and
the gazetteer) and returns a :class:`Verdict` (role and reason) or ``None`` when it has nothing
to say. :func:`judge` asks the rules of :data:`RULES` in order; the first verdict wins, else
the name is a place. The order matters: a headline outranks the words around the name, and a
word after the name outranks the word before it.

Roles: ``place``, ``demonym``, ``embedded`` (inside the name of an organisation, a facility or a
person), ``person`` and ``word`` (both dropped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..gazetteer.index import Gazetteer
from ..text.lexicon import word_list
from .names import (
    CONNECTORS,
    FACILITY_HEADS,
    FACILITY_WORDS,
    FUNCTION_WORDS,
    GENERIC_REGION_WORDS,
    GIVEN_NAMES,
    JURISDICTION_HEADS,
    NAME_LINKS,
    NATURAL_FEATURES,
    NEVER_PLACES,
    ORG_HEADS,
    PLACE_HEADS,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    QUARTER_HEADS,
    SPEECH_VERBS,
    TITLES,
    Span,
    Token,
    head_before,
    joinable,
)

#: Smallest population of a town that counts as a well-known place on its own.
KNOWN_TOWN = 100_000


class Verdict(NamedTuple):
    """A rule's decision: the candidate's role and a short reason (for debugging and review)."""

    role: str
    why: str


#: The verdict when no rule decides.
DEFAULT = Verdict("place", "")


Rule = Callable[[Span], Verdict | None]


def well_known(key: str, gaz: Gazetteer) -> bool:
    """Whether a name key is a country's or region's main name ("Iran", "Europe") or the main
    name of a city of a million or more ("Toronto", "Beijing"): never a person's surname."""
    return any(
        main and (e.kind in ("country", "region") or e.population >= 1_000_000)
        for e, main in gaz.candidates(key)
    )


def significant(key: str, gaz: Gazetteer) -> bool:
    """Whether a name key is a well-known place or an adjectival form of one."""
    if key in gaz.demonyms:
        return True
    return any(
        e.kind in ("country", "admin1", "region", "site") or e.population >= KNOWN_TOWN or e.user
        for e, _ in gaz.candidates(key)
    )


def _alternatives(name: str) -> str:
    """Recognition word list ``name`` as a regular-expression alternation of literal words."""
    return "|".join(re.escape(w) for w in word_list("recognition", name))


#: "Reporting by Mayela Armas in Caracas; Editing by ...": where the reporters were, not the news.
_CREDIT_LINE = re.compile(
    rf"\s*[(\[]?(?:additional\s+)?(?:{_alternatives('credit_line_words')})\s+by\b",
    re.IGNORECASE,
)
#: "(AP Photo/Ariana Cubillos)", "REUTERS/Leonardo Fernandez": names after a credit are people.
_CREDIT_BEFORE = re.compile(
    rf"(?i:{_alternatives('photo_credit_sources')})[ \t]*/[ \t]*(?:[A-ZÀ-Þ][\w'’.-]*[ \t]+){{0,3}}$"
)
#: 'a man known as "Toto"', 'alias "Niño Guerrero"': nicknames.
_ALIAS_BEFORE = re.compile(rf"(?:{_alternatives('alias_cues')})\s+[\"“‘']?$", re.IGNORECASE)
#: 'Héctor "Niño" Guerrero': a quoted nickname between a given name and a surname.
_NICKNAME_GAP = re.compile(r"^[\"”’']\s$")
#: "Valencia, 41," / "Trujillo, de 63 años": a person's age set off after the name
_AGE_AFTER = re.compile(r",\s+(?:de\s+)?\d{1,2}(?:\s*,|\s+(?:años|years)\b)")


# --- what the name itself is


def never_a_place(s: Span) -> Verdict | None:
    return Verdict("word", "never a place") if s.key in NEVER_PLACES else None


def actor_name(s: Span) -> Verdict | None:
    """ "Los Rastrojos", "el Clan del Golfo": a named organisation's name (``actors.toml``)."""
    if all(t.actor for t in s.tokens[s.first : s.last + 1]):
        return Verdict("embedded", "part of a named organisation's name")
    return None


def adjectival_form(s: Span) -> Verdict | None:
    return Verdict("demonym", "adjectival form") if s.is_demonym else None


# --- the common noun before the name: what kind of thing it names


def place_head_before(s: Span) -> Verdict | None:
    """ "estado Miranda", "municipio Simón Bolívar", "parroquia Cacique Mara": a place, even
    one named after a person."""
    head = head_before(s.text, s.tokens, s.first, PLACE_HEADS)
    return Verdict("place", f"after {head.text!r}") if head is not None else None


def facility_head_before(s: Span) -> Verdict | None:
    """ "avenida Bolívar", "plaza Altamira", "puente internacional Simón Bolívar": a street's,
    square's or building's name, not the place it is named after."""
    head = head_before(s.text, s.tokens, s.first, FACILITY_HEADS)
    return Verdict("embedded", f"names a facility ({head.text!r})") if head is not None else None


def speaker(s: Span) -> Verdict | None:
    """ "Miranda said": a person, unless a well-known place speaks ("Russia said") or the name
    follows a preposition or article ("el gobernador del Zulia anunció")."""
    nxt, prev = s.next, s.before
    if (
        s.single
        and nxt is not None
        and nxt.key in SPEECH_VERBS
        and s.text[s.end : nxt.start] == " "
        and not well_known(s.key, s.gaz)
        and not (prev is not None and not prev.cap and prev.key in FUNCTION_WORDS)
    ):
        return Verdict("person", f"speaks ({nxt.text!r})")
    return None


def age_after(s: Span) -> Verdict | None:
    """ "Valencia, 41, trained in ...", "Trujillo, de 63 años": news gives a person's age after
    the name; a place never has one."""
    if s.single and _AGE_AFTER.match(s.text, s.end):
        return Verdict("person", "an age follows")
    return None


def name_after_speech_verb(s: Span) -> Verdict | None:
    """ "said Kelvin Trujillo", "dijo Carmen Rojas": a full name right after a speech verb
    is the speaker's, its given name and its surname ("said Darwin Colón"); a place there needs
    a preposition ("said in Caracas")."""
    prev, nxt = s.before, s.after
    if not s.single or prev is None or s.names_a(s.key, "country"):
        return None
    state = s.names_a(s.key, "admin1")
    if _speech_verb(s, prev) and nxt is not None and nxt.cap and not state:
        return Verdict("person", f"a name after {prev.text!r}")
    verb = s.token(s.first - 2)
    given = prev.cap and not prev.text.isupper() and prev.key not in FUNCTION_WORDS
    if given and verb is not None and _speech_verb(s, verb, prev):
        return Verdict("person", f"a surname after {verb.text} {prev.text}")
    return None


def _speech_verb(s: Span, verb: Token, name: Token | None = None) -> bool:
    """Whether ``verb`` is a lower-case speech verb one space before ``name`` (or the span)."""
    start = name.start if name is not None else s.start
    return not verb.cap and verb.key in SPEECH_VERBS and s.text[verb.end : start] == " "


def function_word(s: Span) -> Verdict | None:
    return Verdict("word", "a function word") if s.single and s.key in FUNCTION_WORDS else None


def currency(s: Span) -> Verdict | None:
    return Verdict("word", "a currency (US$)") if s.text[s.end : s.end + 1] == "$" else None


# --- credits and nicknames


def credit_line(s: Span) -> Verdict | None:
    line_start = s.tokens[s.first].line_start
    return Verdict("word", "a credit line") if _CREDIT_LINE.match(s.text, line_start) else None


def nickname(s: Span) -> Verdict | None:
    if s.single and _ALIAS_BEFORE.search(s.text[max(0, s.start - 20) : s.start]):
        return Verdict("person", "a nickname")
    return None


def photo_credit(s: Span) -> Verdict | None:
    if _CREDIT_BEFORE.search(s.text[max(0, s.start - 60) : s.start]):
        return Verdict("word", "a photo credit")
    return None


def surname_after_quoted_nickname(s: Span) -> Verdict | None:
    """'Héctor "Niño" Guerrero': the surname after a quoted nickname."""
    prev = s.token(s.first - 1)
    if not s.single or prev is None or not prev.cap:
        return None
    if _NICKNAME_GAP.match(s.text[prev.end : s.start]):
        return Verdict("person", "after a quoted nickname")
    return None


def acronym(s: Span) -> Verdict | None:
    """ "CAF", "ELN": short capitals are organisations, unless a country, state or region."""
    span_text = s.text[s.start : s.end]
    if (
        span_text.isupper()
        and 3 <= len(span_text.replace(".", "")) <= 4
        and not s.names_a(s.key, "country", "admin1", "region")
    ):
        return Verdict("word", "an acronym, not a place")
    return None


# --- headlines and captions: every word is capitalised, only well-known places count


def known_place_on_headline(s: Span) -> Verdict | None:
    if s.tokens[s.first].headline and significant(s.key, s.gaz):
        return Verdict("place", "on a headline")
    return None


def other_name_on_headline(s: Span) -> Verdict | None:
    if s.tokens[s.first].headline:
        return Verdict("word", "on a headline, not a well-known place")
    return None


# --- the words after the name


def head_of_longer_name(s: Span) -> Verdict | None:
    """A name followed by a link word and a capitalised word ("Santa Ana de Coro" seen from
    "Santa Ana") heads a longer name, unless the tail is a country or a state."""
    link, tail = s.after, s.token(s.last + 2)
    if (
        link is not None
        and tail is not None
        and link.key in NAME_LINKS
        and tail.cap
        and joinable(s.text, link, tail)
        and not s.names_a(tail.key, "country", "admin1")
    ):
        return Verdict("embedded", f"head of a longer name ('{link.text} {tail.text}')")
    return None


def organisation_head(s: Span) -> Verdict | None:
    """ "Banco de Venezuela", "Universidad Central", "La Guardia Nacional": the name starts
    with an organisation's head word and runs on."""
    words = [t for t in s.tokens[s.first : s.last + 1] if t.key not in CONNECTORS]
    if not words or words[0].key not in ORG_HEADS:
        return None
    nxt, tail = s.after, s.token(s.last + 2)
    linked = nxt is not None and nxt.key in NAME_LINKS and tail is not None and tail.cap
    if nxt is not None and (nxt.cap or linked):
        return Verdict("word" if s.single else "embedded", f"heads an organisation's name "
                       f"({words[0].text!r})")
    return None


def _capitalised_after(s: Span) -> Token | None:
    after = s.after
    return after if after is not None and after.cap else None


def natural_feature_after(s: Span) -> Verdict | None:
    """ "Rio Grande Valley", "Caroní River": the feature, not a town of the same name."""
    after = _capitalised_after(s)
    if (
        after is not None
        and after.key in NATURAL_FEATURES
        and not s.names_a(s.key, "country", "admin1")
    ):
        return Verdict("embedded", f"names a natural feature ({after.text!r})")
    return None


def place_suffix_after(s: Span) -> Verdict | None:
    after = _capitalised_after(s)
    if after is not None and after.key in PLACE_SUFFIXES:
        return Verdict("place", f"followed by {after.text!r}")
    return None


def facility_word_after(s: Span) -> Verdict | None:
    after = _capitalised_after(s)
    if after is not None and after.key in FACILITY_WORDS:
        return Verdict("embedded", f"part of a facility name ({after.text!r})")
    return None


def longer_name_after(s: Span) -> Verdict | None:
    """A capitalised word after the name makes it part of a longer name, unless that word is a
    well-known place itself ("Caracas Venezuela": both are judged on their own)."""
    after = _capitalised_after(s)
    if after is not None and (
        after.key in GENERIC_REGION_WORDS or not significant(after.key, s.gaz)
    ):
        return Verdict("embedded", f"part of a longer name ({after.text!r} follows)")
    return None


# --- the words before the name


def organisation_of_the(s: Span) -> Verdict | None:
    """ "University of the Andes": look past the article to the organisation's head."""
    before = s.before
    if before is None or before.key != "the" or s.first < 3:
        return None
    link, head = s.tokens[s.first - 2], s.tokens[s.first - 3]
    if link.key in NAME_LINKS and head.cap and head.key in ORG_HEADS:
        return Verdict("embedded", f"part of a name ('{head.text} {link.text} the')")
    return None


def place_of(s: Span) -> Verdict | None:
    """ "State of Zulia", "City of Caracas": the place, unless an organisation's name."""
    head, link = s.linked_head, s.before
    if head is not None and link is not None and link.key == "of" and head.key not in ORG_HEADS:
        return Verdict("place", f"'{head.text} of'")
    return None


#: Heads of the names of things that lie within a town: quarters, streets, squares, buildings.
_WITHIN_TOWN = QUARTER_HEADS | FACILITY_HEADS


def town_of_a_quarter(s: Span) -> Verdict | None:
    """ "el sector Brasil de Cumaná", "la plaza Bolívar de Barinas": the town that the quarter
    or facility before it lies in (the quarter's or facility's name is judged on its own)."""
    head, link = s.linked_head, s.before
    if head is None or link is None or not significant(s.key, s.gaz):
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
    return Verdict("place", f"the town of the {quarter.text} before it")


def linked_to_a_name(s: Span) -> Verdict | None:
    """ "Tren de Aragua", "Bank of Venezuela": part of a longer name, unless the name's head
    governs the place ("el Gobierno de Colombia", "la Alcaldía de Caracas")."""
    head, link = s.linked_head, s.before
    if head is not None and head.key in JURISDICTION_HEADS:
        return Verdict("place", f"governed by the {head.text}")
    if head is not None and link is not None:
        return Verdict("embedded", f"part of a name ('{head.text} {link.text} ...')")
    return None


def surname_after_given_name_word(s: Span) -> Verdict | None:
    """ "Carmen Rodríguez", "Luis Miranda": a name after a given name is a surname, even at a
    sentence's start, unless a country or region ("María Venezuela" is rare)."""
    prev = s.before
    if (
        prev is not None
        and prev.cap
        and prev.key in GIVEN_NAMES
        and not s.names_a(s.key, "country", "region")
    ):
        return Verdict("person", f"after the given name {prev.text!r}")
    return None


def given_name(s: Span) -> Verdict | None:
    """ "Carmen" in "Carmen Rodríguez": a given name before a capitalised name is a person's."""
    nxt = s.after
    if (
        s.single
        and s.key in GIVEN_NAMES
        and nxt is not None
        and nxt.cap
        and nxt.key not in PLACE_SUFFIXES
        and nxt.key not in FUNCTION_WORDS
    ):
        return Verdict("person", f"a given name before {nxt.text!r}")
    return None


def person_title_before(s: Span) -> Verdict | None:
    before = s.name_word_before
    if before is not None and before.key in TITLES:
        return Verdict("person", f"after the title {before.text!r}")
    return None


def place_prefix_before(s: Span) -> Verdict | None:
    before = s.name_word_before
    if before is not None and before.key in PLACE_PREFIXES:
        return Verdict("place", f"after {before.text!r}")
    return None


def place_name_before(s: Span) -> Verdict | None:
    before = s.name_word_before
    if before is not None and significant(before.key, s.gaz):
        return Verdict("place", "after another place name")
    return None


def surname_after_given_name(s: Span) -> Verdict | None:
    """ "Remigio Ceballos": a lone name after a name word mid-sentence is a surname, unless the
    name is a well-known place."""
    before = s.name_word_before
    if (
        before is not None
        and s.single
        and not before.first
        and not before.text.isupper()
        and not well_known(s.key, s.gaz)
    ):
        return Verdict("person", f"after the name {before.text!r}")
    return None


def embedded_after_name_word(s: Span) -> Verdict | None:
    before = s.name_word_before
    return Verdict("embedded", f"after {before.text!r}") if before is not None else None


RULES: tuple[Rule, ...] = (
    never_a_place,
    actor_name,
    adjectival_form,
    place_head_before,
    facility_head_before,
    speaker,
    age_after,
    name_after_speech_verb,
    function_word,
    currency,
    credit_line,
    nickname,
    photo_credit,
    surname_after_quoted_nickname,
    acronym,
    known_place_on_headline,
    other_name_on_headline,
    head_of_longer_name,
    natural_feature_after,
    place_suffix_after,
    organisation_head,
    given_name,
    facility_word_after,
    longer_name_after,
    organisation_of_the,
    place_of,
    town_of_a_quarter,
    linked_to_a_name,
    surname_after_given_name_word,
    person_title_before,
    place_prefix_before,
    place_name_before,
    surname_after_given_name,
    embedded_after_name_word,
)


def judge(span: Span) -> Verdict:
    """The role of a candidate: the verdict of the first rule of :data:`RULES` that decides."""
    for rule in RULES:
        verdict = rule(span)
        if verdict is not None:
            return verdict
    return DEFAULT
