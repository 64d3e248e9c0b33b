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

from ..gazetteer.entries import contains
from .linked import linked_to_a_name, place_of, town_of_a_quarter
from .names import (
    ARTICLES,
    CARDINAL_ADJECTIVES,
    CARDINAL_POINTS,
    DETERMINERS,
    FACILITY_HEADS,
    FACILITY_WORDS,
    FUNCTION_WORDS,
    NAME_LINKS,
    NATURAL_FEATURES,
    NEVER_PLACES,
    NEVER_PLACES_IN,
    ORG_HEADS,
    PLACE_HEADS,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    SCHOOL_HEADS,
    THING_HEADS,
    Span,
    Token,
    head_before,
    joinable,
)
from .namesakes import (
    NAMESAKE,
    abbreviation_in_parentheses,
    cause_after_a_name_word,
    club_after_town,
    common_word_after_feminine_article,
    currency,
    department_of_an_office,
    group_named_after,
    in_a_name_after_a_demonym,
    in_a_work_title,
    longer_name_after,
    name_continued_after_and,
    namesake_after,
    organisation_head,
    organisation_of_the,
    price_benchmark,
    school_at_a_place,
    school_known_by_its_town,
    team_after_team_word,
    town_after_masculine_article,
    vessel_after_the,
)
from .people import (
    after_a_title,
    age_after,
    author_of_a_work,
    credit_line,
    given_name,
    initials_before,
    kin_before,
    name_after_speech_verb,
    named_as,
    nickname,
    person_title_before,
    photo_credit,
    second_surname,
    speaker,
    surname_after_given_name,
    surname_after_given_name_word,
    surname_after_quoted_nickname,
    title_before_a_name,
)
from .verdicts import (
    ACTOR,
    DEFAULT,
    KNOWN_TOWN,
    LOCATIVES,
    Rule,
    Verdict,
    only_another_name,
    significant,
    well_known,
)

__all__ = [
    "DATELINE", "DEFAULT", "KNOWN_TOWN", "LOCATIVES", "NAMESAKE", "RULES", "Rule", "Verdict",
    "judge", "significant", "well_known",
]


# --- what the name itself is


def never_a_place(s: Span) -> Verdict | None:
    """Months, weekdays, holidays; a holiday's name that a town has too is that town where a
    preposition or its state says so ("in Corpus Christi, Texas"). Another language's holiday
    that is a well-known town's name is no word here ("the Corpus Christi refinery")."""
    if s.key not in NEVER_PLACES:
        return None
    if s.key not in NEVER_PLACES_IN.get(s.lang, NEVER_PLACES) and any(
        e.kind == "city" and e.population >= KNOWN_TOWN for e, _ in s.gaz.candidates(s.key)
    ):
        return None
    if not s.single and (_after_locative(s) or _state_after(s)):
        return None
    return Verdict("word", "never a place")


def _after_locative(s: Span) -> bool:
    before = s.before
    return before is not None and not before.cap and before.key in LOCATIVES


def _state_after(s: Span) -> bool:
    """Whether ", <state or country>" follows the name."""
    nxt = s.next
    return (
        nxt is not None
        and nxt.cap
        and s.text[s.end : nxt.start].strip() == ","
        and s.names_a(nxt.key, "admin1", "country")
    )


#: What follows a dateline's place: a dash ("KATY — José"), or a wire service's credit on the
#: same line ("SAN ANTONIO (AP) —", "CARACAS, Venezuela (Reuters) -", "LIMA, 2 dic (EFE).-",
#: "Sagunto (Valencia), 23 may (EFE).", "Bilbao , 23 may ( EFE ) ." as tokenised text reads;
#: "DALTON, Ga. --": a typewriter's double hyphen is a dash)
_DATELINE_AFTER = re.compile(
    r"\s*(?:[—–]|--|\([A-Z][A-Za-z]+\)|,[^\n()]{0,40}(?:\([A-Z][A-Za-z]+\)|[—–]|--))"
)
_DATELINE_DASH = re.compile(r"\s*\.\s?[-—–]\s")
_DATELINE_AGENCY = re.compile(
    r"(?:\s*\([^\n()]{1,40}\))?(?:\s*,[^\n()]{0,40})?\s*\(\s*[A-Z]{2,}[A-Za-z]*\s*\)\s*[.:—–-]"
)


#: The reason of a dateline's verdict (recognition keeps such a place whatever else it is).
DATELINE = "a dateline"


def dateline(s: Span) -> Verdict | None:
    """ "KATY — ...", "SAN ANTONIO (AP) — ...": the capitalised place opening a news line;
    also in title case before an agency or the regional papers' ".-" ("Caracas, 2 dic (EFE)",
    "Santa Bárbara del Zulia.- Más de ...")."""
    name = s.text[s.start : s.end]
    line_start = s.tokens[s.first].line_start
    if len(name) < 3 or s.text[line_start : s.start].strip():
        return None
    if _DATELINE_DASH.match(s.text, s.end) or _DATELINE_AGENCY.match(s.text, s.end):
        return Verdict("place", DATELINE)
    if name.isupper() and _DATELINE_AFTER.match(s.text, s.end):
        return Verdict("place", DATELINE)
    return None


def actor_name(s: Span) -> Verdict | None:
    """ "Los Rastrojos", "el Clan del Golfo": a named organisation's name (``actors.toml``)."""
    if all(t.actor for t in s.tokens[s.first : s.last + 1]):
        return Verdict("embedded", ACTOR)
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
    square's or building's name, not the place it is named after. A head that is also a
    preposition is one only after an article ("la vía Bogotá-Villavicencio"; "flown home via
    Bogotá" and "viajó vía Bogotá" pass through the city)."""
    head = head_before(s.text, s.tokens, s.first, FACILITY_HEADS)
    if head is None:
        return None
    if head.key in FUNCTION_WORDS and not _after_an_article(s, head):
        return None
    return Verdict("embedded", f"names a facility ({head.text!r})")


def _after_an_article(s: Span, head: Token) -> bool:
    j = s.first - 1
    while j > 0 and s.tokens[j] is not head:  # the head is a few words before the name
        j -= 1
    prev = s.token(j - 1)
    return prev is not None and (prev.key in ARTICLES or prev.key in DETERMINERS)


def thing_head_before(s: Span) -> Verdict | None:
    """ "el huracán Ivo", "el diario oficial Granma", "the tanker Lisboa": a storm's, a
    newspaper's, a company's or a ship's name, unless a country's ("the ship Venezuela seized")."""
    head = head_before(s.text, s.tokens, s.first, THING_HEADS)
    if head is None or s.names_a(s.key, "country"):
        return None
    return Verdict("embedded", f"names a storm, paper, firm or ship ({head.text!r})")


def function_word(s: Span) -> Verdict | None:
    return Verdict("word", "a function word") if s.single and s.key in FUNCTION_WORDS else None


def prefix_of_a_name(s: Span) -> Verdict | None:
    """ "Isla Margarita", "Mount Roraima" seen from the first word: a place word opening
    another place's name is no place of its own (not Isla, Malta)."""
    after = s.after
    if s.single and s.key in PLACE_PREFIXES and after is not None and after.cap and (
        after.key in s.gaz.names or after.key in s.gaz.demonyms
    ):
        return Verdict("word", f"a place word before {after.text!r}")
    return None


# --- credits and nicknames


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
    "Santa Ana", "Palau de la Generalitat" from "Palau") heads a longer name, unless the tail
    is a country or a state that has a place of that name ("San Carlos del Zulia"; not the
    baseball club "Navegantes del Magallanes")."""
    link = s.after
    if link is None or link.key not in NAME_LINKS:
        return None
    k = s.last + 2
    article = s.token(k)
    if article is not None and not article.cap and article.key in ARTICLES:
        k += 1
    tail = s.token(k)
    if (
        tail is not None
        and tail.cap
        and all(joinable(s.text, s.tokens[j - 1], s.tokens[j]) for j in range(s.last + 2, k + 1))
        and not _has_a_place_named(s, tail.key)
    ):
        return Verdict("embedded", f"head of a longer name ('{link.text} {tail.text}')")
    return None


def _has_a_place_named(s: Span, key: str) -> bool:
    """Whether the country or state called ``key`` has a place called as ``s``."""
    containers = tuple(e for e, _ in s.gaz.candidates(key) if e.kind in ("country", "admin1"))
    return any(contains(containers, e) for e, _ in s.gaz.candidates(s.key))


def natural_feature_after(s: Span) -> Verdict | None:
    """ "Rio Grande Valley", "Caroní River": the feature, not a town of the same name."""
    after = s.capitalised_after
    if (
        after is not None
        and after.key in NATURAL_FEATURES
        and not s.names_a(s.key, "country", "admin1")
    ):
        return Verdict("embedded", f"names a natural feature ({after.text!r})")
    return None


def place_suffix_after(s: Span) -> Verdict | None:
    """ "Bolívar State", "Orange County": the place, unless a school's name goes on
    ("Framingham State University", as "University of Florida" is a school's name)."""
    after = s.capitalised_after
    if after is None or after.key not in PLACE_SUFFIXES:
        return None
    nxt = s.token(s.last + 2)
    if nxt is not None and nxt.cap and nxt.key in SCHOOL_HEADS and joinable(s.text, after, nxt):
        return Verdict("embedded", f"part of a name ('{after.text} {nxt.text}')")
    return Verdict("place", f"followed by {after.text!r}")


def facility_word_after(s: Span) -> Verdict | None:
    after = s.capitalised_after
    if after is not None and after.key in FACILITY_WORDS:
        return Verdict("embedded", f"part of a facility name ({after.text!r})")
    return None


def part_of_town_after(s: Span) -> Verdict | None:
    """ "Lima Norte", "Santo Domingo Norte": a cardinal point after a town's name names a part
    of that town; "Europa Occidental": its adjective after a region's, a part of that region."""
    after = s.capitalised_after
    if after is None or after.key not in CARDINAL_POINTS:
        return None
    if s.names_a(s.key, "region" if after.key in CARDINAL_ADJECTIVES else "city"):
        return Verdict("place", f"a part of the place ({after.text!r} follows)")
    return None


def cardinal_point_after_name(s: Span) -> Verdict | None:
    """The "Sur" of "Bogotá Sur": a cardinal point after a capitalised name is no place."""
    before = s.before
    if s.single and s.key in CARDINAL_POINTS and before is not None and before.cap:
        return Verdict("word", f"a cardinal point after {before.text!r}")
    return None


# --- the words before the name


def place_prefix_before(s: Span) -> Verdict | None:
    """ "Eastern Caracas", "Mount Roraima": a place, unless an organisation's name runs on
    before the prefix ("the University of Central Florida")."""
    before = s.name_word_before
    if before is None or before.key not in PLACE_PREFIXES:
        return None
    link, head = s.token(s.first - 2), s.token(s.first - 3)
    if (
        link is not None and head is not None and link.key in NAME_LINKS and head.cap
        and head.key in ORG_HEADS and joinable(s.text, head, link)
        and joinable(s.text, link, before)
    ):
        return Verdict("embedded", f"part of a name ('{head.text} {link.text} {before.text}')")
    return Verdict("place", f"after {before.text!r}")


def place_name_before(s: Span) -> Verdict | None:
    """ "Caracas Venezuela": a place after a place; not a word known only as another name of a
    place ("the New York Mets", Metz's), nor after a titled name ("Mayor Leon Hartwell")."""
    before = s.name_word_before
    if before is not None and significant(before.key, s.gaz) and not (
        s.single and only_another_name(s.key, s.gaz)
    ) and not after_a_title(s, s.first - 1):  # "Mayor Leon Hartwell"
        return Verdict("place", "after another place name")
    return None


def embedded_after_name_word(s: Span) -> Verdict | None:
    before = s.name_word_before
    return Verdict("embedded", f"after {before.text!r}") if before is not None else None


RULES: tuple[Rule, ...] = (
    dateline,
    never_a_place,
    actor_name,
    adjectival_form,
    place_head_before,
    facility_head_before,
    thing_head_before,
    group_named_after,
    speaker,
    age_after,
    author_of_a_work,
    kin_before,
    named_as,
    name_after_speech_verb,
    function_word,
    prefix_of_a_name,
    town_after_masculine_article,
    common_word_after_feminine_article,
    currency,
    credit_line,
    nickname,
    photo_credit,
    surname_after_quoted_nickname,
    acronym,
    price_benchmark,
    in_a_work_title,
    team_after_team_word,
    department_of_an_office,
    abbreviation_in_parentheses,
    name_continued_after_and,
    cause_after_a_name_word,
    known_place_on_headline,
    other_name_on_headline,
    head_of_longer_name,
    natural_feature_after,
    club_after_town,
    namesake_after,
    place_suffix_after,
    organisation_head,
    given_name,
    title_before_a_name,
    initials_before,
    facility_word_after,
    school_known_by_its_town,
    part_of_town_after,
    cardinal_point_after_name,
    longer_name_after,
    organisation_of_the,
    school_at_a_place,
    vessel_after_the,
    place_of,
    town_of_a_quarter,
    linked_to_a_name,
    surname_after_given_name_word,
    second_surname,
    person_title_before,
    in_a_name_after_a_demonym,
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
