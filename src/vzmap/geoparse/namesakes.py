"""A place's name inside the name of something else: a club ("Orlando City", "el
Barcelona"), a street, park or quarter named after it ("Milwaukee Avenue", "Humboldt Park"), an
organisation ("Banco de Venezuela", "the University of the Andes", "la Unión Venezolana en el
Perú"). Each is a recognition rule of :data:`vzmap.geoparse.rules.RULES`: the name stays a
mention (``embedded``, or ``word`` for a lone organisation head) and is not pinned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache

from babel import Locale
from babel.numbers import get_territory_currencies

from ..gazetteer.entries import Entry
from ..text.lexicon import word_set
from ..text.tokens import fold
from .lists import listed_names, run_keys
from .names import (
    AND_WORDS,
    ARTICLES,
    CLOSE_PARENTHESIS,
    CONJUNCTIONS,
    CONNECTORS,
    FUNCTION_WORDS,
    GENERIC_REGION_WORDS,
    NAME_LINKS,
    NAMESAKE_SUFFIXES,
    OPEN_PARENTHESIS,
    ORG_HEADS,
    PLACE_OFFICES,
    SCHOOL_HEADS,
    Span,
    Token,
    joinable,
    spanish_word,
    word_pattern,
)
from .verdicts import Verdict, only_another_name, significant

#: The reason of a name a street, a park or a quarter is named after ("Milwaukee Avenue"): the
#: resolver pins it only where it lies among the article's other places.
NAMESAKE = "names a street, a park or a quarter"


#: Spanish masculine articles (and their contractions) before a name.
_MASCULINE_ARTICLES = frozenset({"el", "del", "al", "un"})
#: ... and feminine ones.
_FEMININE_ARTICLES = frozenset({"la", "las"})
#: "the Medellín cartel"
GROUP_TAILS = word_set("recognition", "group_tails")
#: A price and a word comparing it with another, before a name: "$16 below", "$18 a barrel
#: above".
_PRICE_BEFORE = re.compile(
    r"(?:US)?[$€£]\s?\d[\d.,]*(?:\s+[^\W\d_]+){0,3}\s+(?:below|above|under|over)\s+$"
)
#: A work's word and the quotation mark that opens its title ('la película "', "the novel, “",
#: 'un libro sobre "', 'la autora de "...", y "'), or a second title listed after the first
_TITLE_OPENS = re.compile(
    rf"\b(?:{word_pattern('work_words')})(?:\s+(?:{word_pattern('title_links')})){{0,2}}\s*,?\s*"
    rf"(?:[\"“«][^\"“”«»\n]{{1,80}}[\"”»]\s*,?\s*(?:{CONJUNCTIONS})?\s*)?[\"“«]$",
    re.IGNORECASE,
)
#: A title's text up to the name (no closing quotation mark) and what closes it after the name
_IN_TITLE_BEFORE = re.compile(r"(?<!\S)[\"“«][^\"“”«»\n]{0,80}$")
_IN_TITLE_AFTER = re.compile(r"[^\"“”«»\n]{0,80}[\"”»]")
#: Lower-case words for a team right before its name ("del equipo Kelme")
_TEAM_WORDS = word_set("recognition", "team_words")
#: Offices that hold a department named after "de" / "of" ("el ministro de Justicia")
_DEPARTMENT_OFFICES = word_set("recognition", "department_offices")
_OF = frozenset({"de", "of"})
#: Punctuation after a name that ends it (not "/" or "-": "the Vienna/Fairfax station").
_STOPS = frozenset(".,;:!?)")
#: "por" between a party's or campaign's first word and the place it is for.
_FOR = frozenset({"por"})


def town_after_masculine_article(s: Span) -> Verdict | None:
    """ "el Barcelona", "del Manamo", "un Sevilla que": a Spanish town's name takes no article
    unless it is part of the name ("El Tigre", found whole); after a lower-case masculine one,
    definite or not, a name that is nothing but towns (no state, country or region by any name:
    "el Táchira", "el Callao", "el Perú"; no capital by its own: "el Cairo") names a club, a
    river or a ship. The article may open the sentence ("El Valencia perdió"), and a region
    known by this name only as an alternate one takes no article either ("el Valencia" is no
    Comunidad Valenciana). A name a reading has with the article is that place ("en el Raval",
    "del Raval"). So in English for "the" where punctuation other than a list's comma follows the
    name ("from the Andes, trucked"; not "the Caracas government", "the Barranquilla, Cartagena
    and Santa Marta areas")."""
    before, end = s.before, s.text[s.end : s.end + 1]
    if before is None or not s.single:
        return None
    english = s.lang == "en" and before.key == "the" and not before.cap and end in _STOPS
    if not (english and not (end == "," and any(listed_names(s)))) and (
        before.key not in _MASCULINE_ARTICLES
        or (before.cap and not (before.first and s.lang == "es"))
    ):
        return None
    if _named_with(s, "el") or _named_with(s, "the"):  # "en el Raval": named so, article and all
        return None
    if _readings_all(s, _a_town_only):
        return Verdict("embedded", f"a town's name after {before.text!r}")
    return None


def common_word_after_feminine_article(s: Span) -> Verdict | None:
    """ "ante la Justicia", "la Liga anunció", "la Mesa de la cámara": in Spanish a town's
    name takes no article unless the article is part of it, written with a capital ("La
    Victoria"); after a lower-case "la", a common Spanish word whose readings are only towns is
    the noun, capitalised for an institution. A capital is one only where the gazetteer does
    not know that reading with the article too ("la Habana"; "la Liga" is no Riga)."""
    before = s.before
    if (
        s.lang != "es" or before is None or before.cap or before.key not in _FEMININE_ARTICLES
        or not s.single or not spanish_word(s.tokens[s.first].text)
    ):
        return None
    with_article = _named_with(s, before.key)  # "la Habana", "la Valeta"
    if _readings_all(s, _a_town_not_a_capital if with_article else _a_town):
        return Verdict("embedded", f"a common word after {before.text!r}")
    return None


def _named_with(s: Span, article: str) -> bool:
    """Whether a reading of the name is also one of the name with ``article`` before it ("el
    Raval", "la Habana"): there the article is part of that place's name."""
    with_article = {e.id for e, _main in s.gaz.candidates(f"{article} {s.key}")}
    return any(e.id in with_article for e, _main in s.gaz.candidates(s.key))


def _readings_all(s: Span, test: Callable[[Entry, bool], bool]) -> bool:
    """Whether the name has readings and ``test(entry, is main name)`` holds for every one."""
    readings = s.gaz.candidates(s.key)
    return bool(readings) and all(test(e, main) for e, main in readings)


def _a_town(e: Entry, _main: bool) -> bool:
    return e.kind == "city"


def _a_town_not_a_capital(e: Entry, _main: bool) -> bool:
    """Whether a reading is a town that is no country's capital ("Justicia", not "la Habana")."""
    return e.kind == "city" and not e.capital


def _a_town_only(e: Entry, main: bool) -> bool:
    """Whether a reading leaves its name a town's after an article: a town but no capital by
    this name, an island, or a region that this is not the main name of and whose main name has no
    article of its own ("Valencia" for the Comunidad Valenciana; "Callao" for El Callao)."""
    if e.kind == "city":
        return not (e.capital and main)
    if e.kind == "site":
        return e.facility == "island"  # "el Tenerife": islands take no article either
    return e.kind == "admin1" and not main and fold(e.name.split(" ", 1)[0]) not in ARTICLES


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


def club_after_town(s: Span) -> Verdict | None:
    """ "Orlando City's academy", "Manchester City beat ...": a town and "City" that the
    gazetteer does not know together (it knows "Mexico City", "Quezon City") name a club;
    "Caracas City Hall" stays the town's."""
    after = s.capitalised_after
    if after is None or after.key != "city" or s.names_a(s.key, "country", "admin1"):
        return None
    nxt = s.token(s.last + 2)
    if nxt is not None and nxt.cap and joinable(s.text, after, nxt):
        return None
    return Verdict("embedded", f"a club's name ('{after.text}' follows)")


def namesake_after(s: Span) -> Verdict | None:
    """ "Milwaukee Avenue", "Humboldt Park": a street, a park or a quarter named after a place;
    a place still, but the resolver keeps it only near the article's other places (a street
    of the town itself), not at a namesake far away (:data:`NAMESAKE`)."""
    after = s.capitalised_after
    if after is not None and after.key in NAMESAKE_SUFFIXES:
        return Verdict("place", NAMESAKE)
    return None


def organisation_of_the(s: Span) -> Verdict | None:
    """ "University of the Andes": look past the article to the organisation's head."""
    before = s.before
    if before is None or before.key != "the" or s.first < 3:
        return None
    link, head = s.tokens[s.first - 2], s.tokens[s.first - 3]
    if link.key in NAME_LINKS and head.cap and head.key in ORG_HEADS:
        return Verdict("embedded", f"part of a name ('{head.text} {link.text} the')")
    return None


def in_a_name_after_a_demonym(s: Span) -> Verdict | None:
    """ "la Unión Venezolana en el Perú", "Asociación Civil Venezolanos en Santa Elena": Spanish
    writes a demonym with a capital only inside a name, so the place that follows it and "en"
    belongs to that organisation's name."""
    if s.lang != "es":
        return None
    j = s.first - 1
    word = s.token(j)
    if word is not None and not word.cap and word.key in ARTICLES:
        j -= 1
        word = s.token(j)
    demonym = s.token(j - 1)
    if (
        word is None or word.cap or word.key != "en" or demonym is None or not demonym.cap
        or demonym.first or demonym.key not in s.gaz.demonyms
        or not all(joinable(s.text, s.tokens[k - 1], s.tokens[k]) for k in range(j, s.first + 1))
    ):
        return None
    return Verdict("embedded", f"part of a name ('{demonym.text} en ...')")


def abbreviation_in_parentheses(s: Span) -> Verdict | None:
    """ "Petróleos Mexicanos (Pemex)", "Ejército de Liberación Nacional (ELN)": one word in
    parentheses right after a name of two words or more, spelt with letters of that name in
    order from its first, is the name's abbreviation; not a place unless a country's or a
    state's ("Nueva Esparta (NE)" aside, "la Guajira (Colombia)" is no abbreviation)."""
    prev = s.token(s.first - 1)
    if (
        not s.single or prev is None or s.text[prev.end : s.start].strip() != "("
        or s.text[s.end : s.end + 1] != ")" or s.names_a(s.key, "country", "admin1")
    ):
        return None
    words = _name_ending_at(s, s.first - 1)
    if sum(w.key not in CONNECTORS for w in words) < 2:
        return None
    if _in_order(s.key.replace(" ", ""), "".join(fold(w.text) for w in words)):
        return Verdict("embedded", f"abbreviates the name before it ({words[0].text!r} ...)")
    return None


def _name_ending_at(s: Span, j: int) -> list[Token]:
    """The capitalised words (and connectors between them) of the name that ends at token
    ``j``."""
    words: list[Token] = []
    while (tok := s.token(j)) is not None and (tok.cap or tok.key in CONNECTORS):
        words.insert(0, tok)
        prev = s.token(j - 1)
        if prev is None or not joinable(s.text, prev, tok):
            break
        j -= 1
    while words and words[0].key in CONNECTORS:
        words.pop(0)
    return words


def _in_order(letters: str, word: str) -> bool:
    """Whether ``letters`` occur in ``word`` in order, the first one first ("pemex" in
    "petroleosmexicanos")."""
    if not letters or not word or letters[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in letters[1:])  # each ``in`` consumes the iterator


def name_continued_after_and(s: Span) -> Verdict | None:
    """ "Ministerio de Energía y Minas", "Ministry of Energy and Mines": after an organisation's
    head, a link word and a capitalised word that is no place, "y"/"and" runs the name on."""
    before, word, link, head = (s.token(s.first - k) for k in (1, 2, 3, 4))
    if (
        before is None or before.cap or before.key not in AND_WORDS or not s.single
        or word is None or link is None or head is None
        or not (word.cap and not word.first and link.key in NAME_LINKS and head.cap)
        or head.key not in ORG_HEADS or s.gaz.candidates(word.key)
        or not all(joinable(s.text, a, b) for a, b in ((head, link), (link, word), (word, before)))
    ):
        return None
    return Verdict("embedded", f"part of a name ('{head.text} {link.text} {word.text} ...')")


def cause_after_a_name_word(s: Span) -> Verdict | None:
    """ "Unidas por Extremadura", "Juntos por Venezuela": in Spanish a common word capitalised
    inside a sentence, then "por", starts the name of a party or a campaign that the place
    ends."""
    before, word = s.before, s.token(s.first - 2)
    if (
        s.lang != "es" or before is None or before.cap or before.key not in _FOR
        or word is None or not word.cap or word.first or word.headline
        or not joinable(s.text, word, before) or not spanish_word(word.text)
        or s.gaz.candidates(word.key)
    ):
        return None
    return Verdict("embedded", f"part of a name ('{word.text} {before.text} ...')")


def school_at_a_place(s: Span) -> Verdict | None:
    """ "the University at Buffalo", "the College at Brockport": "at" after a school's head
    word joins the place to the school's name."""
    before, head = s.before, s.token(s.first - 2)
    if (
        before is None or before.cap or before.key != "at" or head is None or not head.cap
        or head.key not in SCHOOL_HEADS or not joinable(s.text, head, before)
    ):
        return None
    return Verdict("embedded", f"part of a name ('{head.text} at ...')")


def school_known_by_its_town(s: Span) -> Verdict | None:
    """ "Davidson College", found whole as another name of the town of Davidson: a name that
    ends in a school's head word and is no place's main name names the school ("State
    College", a town's main name, stays)."""
    if s.single or s.tokens[s.last].key not in SCHOOL_HEADS:
        return None
    if only_another_name(s.key, s.gaz):
        return Verdict("embedded", f"a school's name ({s.tokens[s.last].text!r})")
    return None


def vessel_after_the(s: Span) -> Verdict | None:
    """ "the Lisboa alongside a larger vessel", "questions about the Lisboa.": in English a
    capital's name takes no article (an article of the name is found with it: "The Hague"),
    so after a lower-case "the", a one-word name one of whose readings is a national capital
    and none a country or region, with no noun after it ("the Caracas area"), names a ship, a
    hotel or a firm. Other names keep their article ("the Darién", "the Guajira")."""
    before = s.before
    if (
        s.lang != "en" or before is None or before.cap or before.key != "the" or not s.single
        or not _name_ends(s)
    ):
        return None
    readings = [e for e, _ in s.gaz.candidates(s.key)]
    if any(e.capital and e.kind == "city" for e in readings) and all(
        e.kind in ("city", "admin1") for e in readings
    ):
        return Verdict("embedded", "a capital's name after 'the': a ship's, hotel's or firm's")
    return None


def _name_ends(s: Span) -> bool:
    """Whether nothing that could extend the name follows it: the end, a stop or comma, or a
    function word ("alongside", "in")."""
    nxt = s.next
    if nxt is None:
        return True
    gap = s.text[s.end : nxt.start]
    if gap.strip():
        return gap.strip()[0] in _STOPS
    return nxt.key in FUNCTION_WORDS


def in_a_work_title(s: Span) -> Verdict | None:
    """ 'la película "El silencio de Toledo"', 'his novel, "Summers in Cadiz"': a name inside
    the quoted title of a work is part of the title, not a place of the story ('un libro sobre
    "El sistema de derechos humanos en Europa"', 'la autora de "X" y "Último domingo en
    Londres"')."""
    opened = _IN_TITLE_BEFORE.search(s.text, max(0, s.start - 81), s.start)
    if opened is None or not _IN_TITLE_AFTER.match(s.text, s.end):
        return None
    if not _TITLE_OPENS.search(s.text, max(0, opened.start() - 40), opened.start() + 1):
        return None
    return Verdict("embedded", "part of a work's quoted title")




def department_of_an_office(s: Span) -> Verdict | None:
    """ "el ministro de Justicia", "la consejera de Sanidad", "the minister of Justice", "los
    ministros de Interior y Justicia": after an office (or offices) and "de", a common word
    that names only towns is the office's department, as is one joined to such a department."""
    office = _office_before(s, s.first)
    if not s.single or office is None:
        return None
    if s.common_word and _readings_all(s, _a_town_not_a_capital):
        return Verdict("embedded", f"the department of the {office.text}")
    return None


def _office_before(s: Span, i: int) -> Token | None:
    """The office before "de" and the department at token ``i`` ("ministros de"), past one
    department joined by "y" ("de Interior y Justicia")."""
    link, office = s.token(i - 1), s.token(i - 2)
    if link is None or office is None:
        return None
    if link.key in AND_WORDS and office.cap and i >= 4:
        link, office = s.token(i - 3), s.token(i - 4)
    if link is None or office is None or link.key not in _OF:
        return None
    key = office.key
    if key in _DEPARTMENT_OFFICES or (key.endswith("s") and key[:-1] in _DEPARTMENT_OFFICES):
        return office
    return None


def team_after_team_word(s: Span) -> Verdict | None:
    """ "del equipo Kelme", "el club Caracas": a name right after a lower-case word for a team
    is the team's."""
    before = s.before
    if before is None or before.cap or before.key not in _TEAM_WORDS:
        return None
    if s.names_a(s.key, "country"):
        return None  # "the team Venezuela sent", "a rescue team Mexico sent"
    return Verdict("embedded", f"a team's name after {before.text!r}")


def price_benchmark(s: Span) -> Verdict | None:
    """ "$16 below Brent", "US$18 a barrel above Brent": after a price and a word comparing it,
    a name that is no country, state or capital's is the benchmark price it is compared with
    (a crude grade named after a field), not a place."""
    if not s.single or not _PRICE_BEFORE.search(s.text, max(0, s.start - 60), s.start):
        return None
    if _readings_all(s, _a_town_not_a_capital):
        return Verdict("word", "a benchmark price compared with")
    return None


def longer_name_after(s: Span) -> Verdict | None:
    """A capitalised word after the name makes it part of a longer name, unless that word is a
    well-known place itself ("Caracas Venezuela": both are judged on their own)."""
    after = s.capitalised_after
    if after is not None and after.key in PLACE_OFFICES:
        return None  # "Florida Senator Marco Rubio": the state's senator
    if after is not None and after.text != "I" and (  # "In Cúcuta I sold": the pronoun
        after.key in GENERIC_REGION_WORDS or not significant(after.key, s.gaz)
        or _demonym_in_a_name(s, after) or _in_a_name(s, after)
    ):
        return Verdict("embedded", f"part of a longer name ({after.text!r} follows)")
    return None


def _in_a_name(s: Span, after: Token) -> bool:
    """Whether a place's name after the name is known only as another name of a place ("the
    New York Mets": "Mets" is another name of Metz), so a longer name goes on."""
    return only_another_name(after.key, s.gaz)


def _demonym_in_a_name(s: Span, after: Token) -> bool:
    """Whether a demonym after the name goes on into a longer name ("the Lake Charles American
    Press"), as no demonym after a place does in running text."""
    if after.key not in s.gaz.demonyms:
        return False
    nxt = s.token(s.last + 2)
    return nxt is not None and nxt.cap and joinable(s.text, after, nxt)


def group_named_after(s: Span) -> Verdict | None:
    """ "the Medellín cartel", "the Sinaloa cartel": a criminal group named after the place, as
    "el Cartel de Jalisco" is; not pinned."""
    after = s.after
    if after is not None and not after.cap and after.key in GROUP_TAILS:
        return Verdict("embedded", f"names a group ({after.text!r} follows)")
    return None


# --- currencies


#: Languages whose names of currencies are read, and the word of a name that is the currency's
#: own ("colón costarricense", "Costa Rican Colón")
_CURRENCY_WORDS = (("es", 0), ("en", -1))
#: Currencies in use since this date count as a country's ("El Salvador (colón)" in old wires)
_CURRENCIES_SINCE = date(1900, 1, 1)
#: The years a name gives an old currency: "Venezuelan Bolívar (1871–2008)"
_YEARS = re.compile(r"\s*\([^)]*\)")


def currency(s: Span) -> Verdict | None:
    """ "Boston$", "Costa Rica ( Colón ) 305,64", "Guatemala (Quetzal)": a name before "$", or
    alone in parentheses after a country's name when it is one of that country's currencies
    (CLDR's names, as babel ships them)."""
    if s.text[s.end : s.end + 1] == "$":
        return Verdict("word", "a currency (US$)")
    prev = s.token(s.first - 1)
    if (
        prev is None or not s.single
        or OPEN_PARENTHESIS.fullmatch(s.text, prev.end, s.start) is None
        or CLOSE_PARENTHESIS.match(s.text, s.end) is None
    ):
        return None
    for key in run_keys(s, s.first - 1, -1):  # "Costa Rica", "Rica"
        for e, _main in s.gaz.candidates(key):
            if e.kind == "country" and s.key in _currency_words(e.country):
                return Verdict("word", f"a currency of {e.name}")
    return None


@cache
def _currency_words(country: str) -> frozenset[str]:
    """The words (folded) of every currency ``country`` has had: "colón", "dólar"."""
    codes = get_territory_currencies(country, start_date=_CURRENCIES_SINCE, end_date=date.today())
    return frozenset(
        fold(name.split()[word])
        for lang, word in _CURRENCY_WORDS
        for code in codes
        if (name := _YEARS.sub("", Locale(lang).currencies.get(code, "")))
    )
