"""Recognition rules that find a person where a place's name stands: speakers, ages, given
names and surnames, titles, credits and nicknames ("said Kelvin Trujillo", "Valencia, 41,",
"coronel Ramón Falcón", "(AP Photo/Ariana Cubillos)")."""

from __future__ import annotations

import re

from ..text.lexicon import word_list
from ..text.tokens import name_key
from .lists import list_start
from .names import (
    COPULAS,
    DETERMINERS,
    FUNCTION_WORDS,
    GIVEN_NAMES,
    KIN_WORDS,
    NAMING_VERBS,
    NAMING_WORDS,
    ORG_HEADS,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    POSSESSIVES,
    SPEECH_VERBS,
    TITLES,
    Span,
    Token,
    joinable,
    word_pattern,
)
from .verdicts import KNOWN_TOWN, LOCATIVES, Verdict, significant, well_known


def _alternatives(name: str) -> str:
    """Recognition word list ``name`` as a regular-expression alternation of literal words."""
    return "|".join(re.escape(w) for w in word_list("recognition", name))


#: "Reporting by Mayela Armas in Caracas; Editing by ...": where the reporters were, not the news.
_CREDIT_LINE = re.compile(
    rf"\s*[(\[]?(?:additional\s+)?(?:{_alternatives('credit_line_words')})\s+by\b",
    re.IGNORECASE,
)
#: A byline: a line of "By" or "Por" and a name, perhaps with the writer's post ("By Teresa
#: Lincoln, Staff Writer", "Por María de los Ángeles Pérez")
_BYLINE = re.compile(
    r"\s*(?:by|por)\s+(?:(?-i:[A-ZÁÉÍÓÚÑ])[\w'’.-]*\s*|(?:de|del|la|los|y)\s+){1,6}"
    r"(?:,[^\n.]{0,40})?\s*",
    re.IGNORECASE,
)
#: "(AP Photo/Ariana Cubillos)", "REUTERS/Leonardo Fernandez": names after a credit are people.
_CREDIT_BEFORE = re.compile(
    rf"(?i:{_alternatives('photo_credit_sources')})[ \t]*/[ \t]*(?:[A-ZÀ-Þ][\w'’.-]*[ \t]+){{0,3}}$"
)
#: 'a man known as "Toto"', 'alias "Niño Guerrero"', "alias el Mono": nicknames.
_ALIAS_BEFORE = re.compile(
    rf"(?:{_alternatives('alias_cues')})\s+[\"“‘']?$|\balias\s+(?:el|la)\s+$", re.IGNORECASE
)
#: 'Héctor "Niño" Guerrero': a quoted nickname between a given name and a surname.
_NICKNAME_GAP = re.compile(r"^[\"”’']\s$")
#: "Valencia, 41," / "their son Santiago, 7." / "Trujillo, de 63 años": a person's age set off
#: after the name
_AGE_AFTER = re.compile(r",\s+(?:de\s+)?\d{1,2}(?:\s*[,;)]|\.(?!\d)|\s+(?:años|years)\b)")


def speaker(s: Span) -> Verdict | None:
    """ "Miranda said": a person, unless a well-known place speaks ("Russia said") or the name
    follows a preposition or article ("el gobernador del Zulia anunció"), past a place prefix
    ("a legal clinic in South Nashville said")."""
    nxt, prev = s.next, s.before
    if prev is not None and prev.cap and prev.key in PLACE_PREFIXES and not prev.first:
        prev = s.token(s.first - 2)
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
    is the speaker's, its given name and its surname ("said Darwin Colón"), and so is a lone
    name that ends the clause ('", dijo Lima, que no sabe'); a place there needs a preposition
    ("said in Caracas")."""
    prev, nxt = s.before, s.after
    if not s.single or prev is None:
        return None
    verb = s.token(s.first - 2)
    given = prev.cap and not prev.text.isupper() and prev.key not in FUNCTION_WORDS
    said = _speech_verb(s, prev)
    if not (said or (given and verb is not None and _speech_verb(s, verb, prev))):
        return None  # the gazetteer is only asked below, where a speech verb is
    if s.names_a(s.key, "country"):
        return None
    if said and nxt is not None and nxt.cap and not s.names_a(s.key, "admin1"):
        return Verdict("person", f"a name after {prev.text!r}")
    if said and s.text[s.end : s.end + 1] in (",", "."):
        return Verdict("person", f"the speaker after {prev.text!r}")  # '", dijo Lima, que
    if not said and verb is not None:
        return Verdict("person", f"a surname after {verb.text} {prev.text}")
    return None


def _speech_verb(s: Span, verb: Token, name: Token | None = None) -> bool:
    """Whether ``verb`` is a lower-case speech verb one space before ``name`` (or the span)."""
    start = name.start if name is not None else s.start
    return not verb.cap and verb.key in SPEECH_VERBS and s.text[verb.end : start] == " "


def credit_line(s: Span) -> Verdict | None:
    """ "(Reporting by Laura Ortega in Houston; Editing by Mark Dallas)", "By Teresa Lincoln,
    Staff Writer", "Por María Pérez": the names of a credit line or a byline are people's, but
    where a reporter is ("in Houston") is a place."""
    line_start = s.tokens[s.first].line_start
    line_end = s.text.find("\n", s.end)
    line = s.text[line_start : line_end if line_end >= 0 else len(s.text)]
    if not _CREDIT_LINE.match(s.text, line_start) and not _BYLINE.fullmatch(line):
        return None
    before = s.before
    if before is not None and not before.cap and before.key in LOCATIVES:
        return None
    return Verdict("word", "a credit line")


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


def second_surname(s: Span) -> Verdict | None:
    """ "Luis Miranda Sucre", "Daniela Lima Paz": Spanish names give two surnames, so a name
    right after a given name and a surname is the second one."""
    prev, first = s.before, s.token(s.first - 2)
    if (
        s.single and prev is not None and first is not None and prev.cap and first.cap
        and first.key in GIVEN_NAMES and joinable(s.text, first, prev)
        and s.text[prev.end : s.start] == " "
        and not s.names_a(s.key, "country", "region")
    ):
        return Verdict("person", f"a second surname after {first.text} {prev.text}")
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


def title_before_a_name(s: Span) -> Verdict | None:
    """ "Doña Guadalupe", "Mayor Hill": a title right before a capitalised name is no place
    of its own (not Donna, Texas), unless a well-known town has the title's name ("Coronel
    Norte" is in Coronel, Chile)."""
    nxt = s.after
    if not s.single or s.key not in TITLES or nxt is None or not nxt.cap:
        return None
    if s.text[s.end : nxt.start] != " " or nxt.key in PLACE_SUFFIXES or (
        nxt.key in FUNCTION_WORDS or significant(s.key, s.gaz)
    ):
        return None
    return Verdict("word", f"a title before {nxt.text!r}")


def kin_before(s: Span) -> Verdict | None:
    """ "their daughter, Katy,", "su hijo Santiago", "la señora Carmen", "el coronel Falcón": a
    relative's name, or a name after a lower-case title."""
    prev = s.token(s.first - 1)
    if prev is None or prev.cap or not s.single:
        return None
    gap = s.text[prev.end : s.start]
    if prev.key in KIN_WORDS:
        if gap.strip() not in ("", ","):
            return None
    elif prev.key not in TITLES or gap != " " or s.names_a(s.key, "country"):
        return None  # "the minister, Slovenia's action": no title of a name
    return Verdict("person", f"a person's name after {prev.text!r}")


def named_as(s: Span) -> Verdict | None:
    """ "a driver who gave his name only as Bolívar", "identified only as Lara", "quien dijo
    llamarse Mérida", "my name is Trinidad": the name a source gives, a person's ("identified
    the site as Mosul" and "identified Texas as a route" give none)."""
    prev = s.before
    if prev is None or prev.cap or not s.single:
        return None
    noun, whose = s.token(s.first - 2), s.token(s.first - 3)
    if (
        prev.key in COPULAS and noun is not None and noun.key in NAMING_WORDS
        and whose is not None and whose.key in POSSESSIVES
    ):
        return Verdict("person", f"a name given after '{noun.text} {prev.text}'")  # "Trinidad"
    if s.names_a(s.key, "country"):
        return None
    if prev.key in NAMING_VERBS:  # "llamarse Mérida"
        return Verdict("person", f"a name given after {prev.text!r}")
    if prev.key not in ("as", "como"):
        return None
    before = [s.token(s.first - k) for k in (2, 3, 4)]
    only = before[0] is not None and before[0].key in ("only", "solo", "solamente")
    if only or any(t is not None and not t.cap and t.key in NAMING_WORDS for t in before):
        return Verdict("person", f"a name given as {prev.text!r}")
    return None


def person_title_before(s: Span) -> Verdict | None:
    before = s.name_word_before
    if before is not None and before.key in TITLES:
        return Verdict("person", f"after the title {before.text!r}")
    return None


#: Initials right before a name, on its line: "F. C. Barcelona", "J. R. Valencia"
_INITIALS_BEFORE = re.compile(r"(?<![\w.])((?:[A-Z]\. ?){1,3})$")


def initials_before(s: Span) -> Verdict | None:
    """ "F. C. Barcelona", "J. R. Valencia": a name right after initials is a club's or a
    person's, unless the initials name a place themselves ("U.S. Virgin Islands", "EE. UU.")
    or end the sentence before it."""
    if s.tokens[s.first].first:
        return None
    found = _INITIALS_BEFORE.search(s.text, max(0, s.start - 12), s.start)
    if found is None or name_key(initials := found.group(1).strip()) in s.gaz.names:
        return None
    return Verdict("embedded", f"after the initials {initials!r}")


#: A work's word and the word for its author before a name: "la obra de Goya", "obras de Juan
#: Gris, Miró y Picasso", "a painting by Miró", "the works of Goya" (not "la exposición de
#: Sevilla", nor a quoted title: '"Rosa de Oro" de Bilbao' is a prize of the town)
_WORK_OF = re.compile(
    rf"\b(?:{word_pattern('authored_works')})\s+(?:de|del|by)\s+$|\bworks\s+of\s+$",
    re.IGNORECASE,
)


def author_of_a_work(s: Span) -> Verdict | None:
    """ "la obra de Goya", "obras de Juan Gris, Miró y Picasso": a name (or a list of names)
    after a work's word and "de" is its author's, unless a country, state, capital or big town
    ("las obras de Naucalpan" are building works)."""
    first = s.tokens[list_start(s)]
    if not _WORK_OF.search(s.text, max(0, first.start - 40), first.start):
        return None
    if any(e.kind in ("country", "admin1", "region") or e.capital or e.population >= KNOWN_TOWN
           for e, _ in s.gaz.candidates(s.key)):
        return None
    return Verdict("person", "the author of a work")


def after_a_title(s: Span, i: int) -> bool:
    """Whether token ``i`` follows a title ("Mayor" of "Mayor Leon Hartwell")."""
    title, name = s.token(i - 1), s.token(i)
    return (
        title is not None and name is not None and title.key in TITLES
        and joinable(s.text, title, name)
    )


def surname_after_given_name(s: Span) -> Verdict | None:
    """ "Remigio Ceballos": a lone name after a name word mid-sentence is a surname, unless the
    name is a well-known place."""
    before = s.name_word_before
    if (
        before is not None
        and s.single
        and not before.first
        and not before.text.isupper()
        and before.key not in ORG_HEADS  # "Deportivo Táchira": a club's name
        and not well_known(s.key, s.gaz)
    ):
        return Verdict("person", f"after the name {before.text!r}")
    return None


def after_given_name(span: Span) -> bool:
    """Whether a lone name follows a capitalised name word mid-sentence that is no place, no
    organisation's head, no title and no well-known place, and the name no country ("Daniela
    Mérida", "Néstor Trujillo"; not "Skater Georgia")."""
    prev = span.before
    return (
        span.single
        and prev is not None
        and prev.cap
        and not prev.first
        and not prev.text.isupper()
        and prev.key not in ORG_HEADS
        and prev.key not in TITLES
        and prev.key not in DETERMINERS
        and not significant(prev.key, span.gaz)
        and not span.names_a(span.key, "country", "region")
    )
