"""Finding toponym mentions in English text, with offsets into the original text.

Candidates are runs of capitalised tokens whose folded form is a gazetteer name (longest match
first). Each candidate then gets a *role* from its surroundings:

- ``place``: a place named in its own right ("in Caracas", "Denver, Colorado", "Aragua State");
- ``demonym``: an adjectival form ("Venezuelan", "Latin American"), which refers to a country but
  pins nothing on the map;
- ``embedded``: a place name inside the name of an organisation, a facility or a person
  ("Tren de Aragua", "the New York Post", "Sabaneta Prison", "Simón Bolívar").

Candidates that are most likely ordinary words or people's names ("May", "Police said",
"Ceballos" after "Admiral Remigio Ceballos") are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer.index import Gazetteer
from ..text.tokens import TOKEN_RE, fold

#: Lower-case words allowed inside a multi-word name ("Gulf of Mexico", "Tren de Aragua").
CONNECTORS = frozenset(
    [
        "of",
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "y",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "des",
        "upon",
        "on",
        "sur",
        "en",
        "al",
        "di",
        "von",
        "van",
        "der",
        "and",
        "the",
    ]
)
#: Lower-case words that tie a name to the capitalised word before it ("Tren de Aragua").
NAME_LINKS = frozenset(
    ["of", "de", "del", "da", "do", "dos", "das", "du", "des", "di", "von", "van"]
)
#: Smallest population of a town that counts as a well-known place on its own.
KNOWN_TOWN = 100_000
#: Capitalised words after a place name that make the pair a larger place name.
PLACE_SUFFIXES = frozenset(
    [
        "county",
        "city",
        "state",
        "province",
        "region",
        "district",
        "department",
        "municipality",
        "parish",
        "borough",
        "township",
        "town",
        "village",
        "river",
        "lake",
        "island",
        "islands",
        "mountains",
        "mountain",
        "valley",
        "bay",
        "gulf",
        "coast",
        "peninsula",
        "canyon",
        "park",
        "beach",
        "desert",
        "sea",
        "ocean",
        "strait",
        "border",
        "basin",
        "falls",
        "heights",
        "hills",
        "harbor",
        "harbour",
        "creek",
        "street",
        "avenue",
        "road",
        "boulevard",
        "square",
        "metro",
        "area",
        *"gap pass jungle forest corridor plain plains range reef lagoon glacier volcano".split(),
        *"channel highway".split(),
    ]
)
#: Suffixes that make the name a natural feature's ("Rio Grande Valley", "Cuyuni River").
NATURAL_FEATURES = frozenset(
    """river valley lake mountains mountain range gap jungle forest plain plains reef lagoon
    glacier volcano canyon desert basin falls creek bay gulf sea ocean strait peninsula
    island islands dam""".split()
)
#: Capitalised words before a place name that keep it a place ("Northern Ireland" aside).
PLACE_PREFIXES = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "greater",
        "downtown",
        "metro",
        "new",
        "old",
        "mount",
        "mt",
        "lake",
        "port",
        "fort",
        "cape",
        "saint",
        "st",
        "san",
        "santa",
    ]
)
#: Capitalised words after a place name that make it part of a facility's name.
FACILITY_WORDS = frozenset(
    [
        "prison",
        "penitentiary",
        "jail",
        "airport",
        "hospital",
        "stadium",
        "university",
        "college",
        "school",
        "institute",
        "station",
        "hotel",
        "church",
        "cathedral",
        "mosque",
        "temple",
        "museum",
        "center",
        "centre",
        "base",
        "camp",
        "mall",
        "market",
        "court",
    ]
)
#: Heads of organisation names before "of"/"de" ("University of Texas", "Bank of America").
ORG_HEADS = frozenset(
    [
        "university",
        "bank",
        "college",
        "institute",
        "school",
        "church",
        "museum",
        "council",
        "department",
        "ministry",
        "court",
        "party",
        "tren",
        "cartel",
        "club",
        "company",
        "corporation",
        "association",
        "federation",
        "league",
        "band",
        "group",
        "foundation",
        "society",
        "academy",
        "agency",
        "office",
        "army",
        "navy",
        "police",
        "guard",
    ]
)
#: Titles before a name that make it a person's ("Admiral Ceballos", "Mr. Jordan").
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "admiral",
        "president",
        "minister",
        "governor",
        "mayor",
        "senator",
        "general",
        "judge",
        "pope",
        "king",
        "queen",
        "prince",
        "princess",
        "sir",
        "lord",
        "lady",
        "saint",
        "commander",
        "chief",
        "officer",
        "detective",
        "sheriff",
        "coach",
        "pastor",
        "father",
        "sister",
        "brother",
    ]
)
#: Function words capitalised only because they start a sentence.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "in",
        "at",
        "on",
        "of",
        "from",
        "for",
        "to",
        "by",
        "with",
        "without",
        "into",
        "onto",
        "during",
        "after",
        "before",
        "since",
        "until",
        "while",
        "when",
        "where",
        "as",
        "and",
        "but",
        "or",
        "nor",
        "so",
        "yet",
        "if",
        "though",
        "although",
        "because",
        "despite",
        "unlike",
        "like",
        "under",
        "over",
        "near",
        "across",
        "outside",
        "inside",
        "within",
        "between",
        "among",
        "around",
        "through",
        "throughout",
        "against",
        "toward",
        "towards",
        "along",
        "beyond",
        "behind",
        "below",
        "above",
        "upon",
        "about",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "there",
        "here",
        "then",
        "now",
        "also",
        "still",
        "even",
        "only",
        "many",
        "most",
        "some",
        "several",
        "all",
        "both",
        "each",
        "every",
        "other",
        "another",
        "such",
        "what",
        "which",
        "who",
        "why",
        "how",
        "meanwhile",
        "however",
        "moreover",
        "thus",
        "hence",
        "once",
        "no",
        "not",
        "more",
        "less",
        "one",
        "two",
        "three",
        "four",
        "five",
    ]
)
#: Capitalised words that are never places in running text, whatever the gazetteer says.
NEVER_PLACES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "god",
        "christmas",
        "easter",
    ]
)
#: Generic words that are also names of first-level subdivisions somewhere ("Central", "West").
GENERIC_REGION_WORDS = frozenset(
    [
        "central",
        "centre",
        "center",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "capital",
        "federal",
        "national",
        "union",
        "coast",
        "island",
        "islands",
        "lakes",
        "mountain",
        "mountains",
        "river",
        "valley",
        "highlands",
        "lowlands",
        "interior",
        "border",
        "frontier",
        "metropolitan",
        "commonwealth",
        "littoral",
        "plateau",
        "delta",
    ]
)
#: Words that follow a verb or adjective, not a place name ("Reading the report").
DETERMINERS = frozenset("the a an his her their its this that these those our my your".split())
#: Verbs of speech: "Miranda said" is a person, unless a country speaks ("Russia said").
SPEECH_VERBS = frozenset(
    "said says told added stated argued explained wrote tweeted insisted recalled".split()
)
#: Smallest population of a town that is accepted without support from the article's context.
SMALL_TOWN = 5000
#: Smallest population of a town named like a common English word.
COMMON_WORD_TOWN = 50000


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recognised span: offsets into the text, the lookup key and its role."""

    start: int
    end: int
    text: str
    key: str
    role: str
    sentence: int
    #: short reason for the role, for debugging and the review queue
    why: str = ""


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str
    cap: bool
    sentence: int
    first: bool  # first word of its sentence, line or quotation
    headline: bool = False  # on a line where nearly every word is capitalised


_OPENING_GAP = re.compile(r'[\n"“‘«:(—–]')


def tokenize(text: str, sentences: list[tuple[int, int]]) -> list[Token]:
    """Tokens of ``text`` with their sentence number and whether they open a sentence."""
    tokens: list[Token] = []
    s_idx = 0
    prev_end = 0
    prev_sentence = -1
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        while s_idx < len(sentences) - 1 and start >= sentences[s_idx][1]:
            s_idx += 1
        gap = text[prev_end:start]
        first = s_idx != prev_sentence or (gap != " " and _OPENING_GAP.search(gap) is not None)
        word = m.group()
        tokens.append(Token(start, end, word, fold(word), word[0].isupper(), s_idx, first))
        prev_end = end
        prev_sentence = s_idx
    _mark_headlines(text, tokens)
    return tokens


def _joinable(text: str, a: Token, b: Token) -> bool:
    """Whether tokens ``a`` and ``b`` may belong to one name (only spaces, or "St. X")."""
    gap = text[a.end : b.start]
    if gap == " " or gap == "\u00a0":
        return True
    if gap in (". ", ".") and a.key in ("st", "mt", "ft", "pt", "ste"):
        return True
    return gap.strip() == "" and "\n" not in gap and len(gap) <= 3


def _is_name_word(tok: Token) -> bool:
    """A capitalised word that belongs to a name (not a sentence-initial function word)."""
    return tok.cap and not (tok.first and tok.key in FUNCTION_WORDS)


def _title_case_line(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` sits on a headline-style line where most words are capitalised."""
    return tokens[i].headline


def _mark_headlines(text: str, tokens: list[Token]) -> None:
    """Set ``headline`` on the tokens of lines where at least 80% of 4+ words are capitalised."""
    i = 0
    n = len(tokens)
    while i < n:
        line_end = text.find("\n", tokens[i].end)
        line_end = len(text) if line_end < 0 else line_end
        j = i
        while j < n and tokens[j].end <= line_end:
            j += 1
        words = [
            t for t in tokens[i:j] if t.key not in CONNECTORS and t.key not in FUNCTION_WORDS
        ]
        if len(words) >= 4 and sum(t.cap for t in words) / len(words) >= 0.8:
            for t in tokens[i:j]:
                t.headline = True
        i = max(j, i + 1)


def find_candidates(
    text: str,
    sentences: list[tuple[int, int]],
    gaz: Gazetteer,
) -> list[Candidate]:
    """All toponym candidates in ``text``, each with a role, in text order."""
    tokens = tokenize(text, sentences)
    n = len(tokens)
    max_len = 6
    raw: list[tuple[int, int, str, bool]] = []  # (first token, last token, key, is demonym)
    i = 0
    while i < n:
        tok = tokens[i]
        if not tok.cap:
            i += 1
            continue
        found = None
        key = ""
        j = i
        parts: list[str] = []
        while j < n and j - i < max_len:
            t = tokens[j]
            if j > i and not _joinable(text, tokens[j - 1], t):
                break
            if not t.cap and t.key not in CONNECTORS:
                break
            parts.append(t.key)
            key = " ".join(parts)
            if t.cap:
                dotted = key + "." if text[t.end : t.end + 1] == "." else None
                if dotted and dotted in gaz.names:
                    found = (j, dotted, False)
                elif key in gaz.demonyms:
                    found = (j, key, True)
                elif key in gaz.names:
                    found = (j, key, False)
            j += 1
        if found:
            raw.append((i, found[0], found[1], found[2]))
            i = found[0] + 1
        else:
            i += 1

    # people's surnames seen after a given name or title: "Nicolás Maduro" -> "Maduro"
    surnames: set[str] = set()
    # surnames that are also big places ("Jesús Mérida"): dropped only where the person speaks
    famous_surnames: set[str] = set()
    judged: list[tuple[int, int, str, str, str]] = []
    for first, last, key, is_dem in raw:
        role, why = _judge(text, tokens, first, last, key, is_dem, gaz)
        if role == "person" and last == first:
            (surnames if not _well_known(key, gaz) else famous_surnames).add(key)
        elif role == "embedded" and last == first and first > 0 and tokens[first - 1].cap:
            famous_surnames.add(key)  # "Jesús Mérida": a name, if it later speaks alone
        judged.append((first, last, key, role, why))

    # countries the article names outright (for common words that are also states: "Central")
    countries = frozenset(
        e.country
        for _f, _l, key, role, _w in judged
        if role in ("place", "demonym")
        for e, main in gaz.candidates(key)
        if e.kind == "country" and main
    ) | frozenset(
        e.country
        for _f, _l, key, role, _w in judged
        if role == "demonym"
        for e in [gaz.demonym(key)]
        if e is not None
    )
    out: list[Candidate] = []
    for first, last, key, role, why in judged:
        if role in ("person", "word"):
            continue
        if role == "place" and key in surnames:
            continue
        if (
            role == "place"
            and key in famous_surnames
            and _speaks(tokens, last)
            and not any(e.kind in ("country", "region") for e, _ in gaz.candidates(key))
        ):
            continue  # "Mérida said", but "Guyana says" is the country
        if role == "embedded" and not _significant(key, gaz):
            continue  # "Pedro Rances Mattey", "Gang Inmates": not worth a mention
        if role != "demonym" and _reject_as_word(text, tokens, first, last, key, gaz, countries):
            continue
        start, end = tokens[first].start, tokens[last].end
        if key.endswith(".") and text[end : end + 1] == ".":
            end += 1
        out.append(Candidate(start, end, text[start:end], key, role, tokens[first].sentence, why))
    return out


#: "Reporting by Mayela Armas in Caracas; Editing by ...": where the reporters were, not the news.
_CREDIT_LINE = re.compile(
    r"\s*[(\[]?(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\b",
    re.IGNORECASE,
)
#: "(AP Photo/Ariana Cubillos)", "REUTERS/Leonardo Fernandez": names after a credit are people.
_CREDIT_BEFORE = re.compile(
    r"(?i:photo|images|reuters|afp|efe|ap)[ \t]*/[ \t]*(?:[A-ZÀ-Þ][\w'’.-]*[ \t]+){0,3}$"
)
#: 'a man known as "Toto"', 'alias "Niño Guerrero"': nicknames.
_ALIAS_BEFORE = re.compile(
    r"(?:known as|alias|a\.k\.a\.|aka|nicknamed|dubbed)\s+[\"“‘']?$", re.IGNORECASE
)
#: 'Héctor "Niño" Guerrero': a quoted nickname between a given name and a surname.
_NICKNAME_GAP = re.compile(r"^[\"”’']\s$")


def _judge(
    text: str, tokens: list[Token], first: int, last: int, key: str, is_dem: bool, gaz: Gazetteer
) -> tuple[str, str]:
    """Role of a candidate: place, demonym, embedded, person (drop) or word (drop)."""
    n = len(tokens)
    if key in NEVER_PLACES:
        return "word", "never a place"
    # the capitalised words right after the name
    after = (
        tokens[last + 1]
        if last + 1 < n and _joinable(text, tokens[last], tokens[last + 1])
        else None
    )
    before = (
        tokens[first - 1]
        if first > 0 and _joinable(text, tokens[first - 1], tokens[first])
        else None
    )
    if is_dem:
        return "demonym", "adjectival form"
    nxt = tokens[last + 1] if last + 1 < n else None
    if (
        first == last
        and nxt is not None
        and nxt.key in SPEECH_VERBS
        and text[tokens[last].end : nxt.start] == " "
        and not _well_known(key, gaz)
    ):
        return "person", f"speaks ({nxt.text!r})"
    span_text = text[tokens[first].start : tokens[last].end]
    if first == last and key in FUNCTION_WORDS:
        return "word", "a function word"
    if text[tokens[last].end : tokens[last].end + 1] == "$":
        return "word", "a currency (US$)"
    line_start = text.rfind("\n", 0, tokens[first].start) + 1
    if _CREDIT_LINE.match(text, line_start):
        return "word", "a credit line"
    if first == last and _ALIAS_BEFORE.search(
        text[max(0, tokens[first].start - 20) : tokens[first].start]
    ):
        return "person", "a nickname"
    if _CREDIT_BEFORE.search(text[max(0, tokens[first].start - 60) : tokens[first].start]):
        return "word", "a photo credit"
    if (
        first == last
        and first >= 1
        and tokens[first - 1].cap
        and _NICKNAME_GAP.match(text[tokens[first - 1].end : tokens[first].start])
    ):
        return "person", "after a quoted nickname"
    if (
        span_text.isupper()
        and 3 <= len(span_text.replace(".", "")) <= 4
        and not any(e.kind in ("country", "admin1", "region") for e, _ in gaz.candidates(key))
    ):
        return "word", "an acronym, not a place"
    if _title_case_line(text, tokens, first):
        # every word is capitalised on a headline or caption: only well-known places count
        if _significant(key, gaz):
            return "place", "on a headline"
        return "word", "on a headline, not a well-known place"
    if (
        last + 2 < n
        and tokens[last + 1].key in NAME_LINKS
        and tokens[last + 2].cap
        and _joinable(text, tokens[last], tokens[last + 1])
        and _joinable(text, tokens[last + 1], tokens[last + 2])
        and not any(
            e.kind in ("country", "admin1") for e, _ in gaz.candidates(tokens[last + 2].key)
        )
    ):
        return (
            "embedded",
            f"head of a longer name ('{tokens[last + 1].text} {tokens[last + 2].text}')",
        )
    if after is not None and after.cap:
        if after.key in NATURAL_FEATURES and not any(
            e.kind in ("country", "admin1") for e, _ in gaz.candidates(key)
        ):
            # "Rio Grande Valley", "Caroní river": the feature, not a town of the same name
            return "embedded", f"names a natural feature ({after.text!r})"
        if after.key in PLACE_SUFFIXES:
            return "place", f"followed by {after.text!r}"
        if after.key in FACILITY_WORDS:
            return "embedded", f"part of a facility name ({after.text!r})"
        if _significant(after.key, gaz):
            pass  # two names in a row ("Caracas Venezuela"): judged on their own
        else:
            return "embedded", f"part of a longer name ({after.text!r} follows)"
    if before is not None:
        if before.key == "the" and first >= 3 and tokens[first - 2].key in NAME_LINKS:
            # "University of the Andes": look past the article
            head = tokens[first - 3]
            if head.cap and head.key in ORG_HEADS:
                return "embedded", f"part of a name ('{head.text} {tokens[first - 2].text} the')"
        if before.key in NAME_LINKS and first >= 2:
            head = tokens[first - 2]
            if head.cap and _joinable(text, head, before):
                if before.key == "of" and head.key not in ORG_HEADS:
                    return "place", f"'{head.text} of'"
                return "embedded", f"part of a name ('{head.text} {before.text} ...')"
        elif _is_name_word(before):
            if before.key in TITLES:
                return "person", f"after the title {before.text!r}"
            if before.key in PLACE_PREFIXES:
                return "place", f"after {before.text!r}"
            if _significant(before.key, gaz):
                return "place", "after another place name"
            if (
                last == first
                and not before.first
                and not before.text.isupper()
                and not _well_known(key, gaz)
            ):
                return "person", f"after the name {before.text!r}"
            return "embedded", f"after {before.text!r}"
    return "place", ""


def _speaks(tokens: list[Token], last: int) -> bool:
    """Whether the name is followed by a verb of speech ("Mérida said")."""
    return last + 1 < len(tokens) and tokens[last + 1].key in SPEECH_VERBS


def _well_known(key: str, gaz: Gazetteer) -> bool:
    """Whether a name key is a country's or region's main name ("Iran", "Europe") or the main
    name of a city of a million or more ("Toronto", "Beijing"): never a person's surname."""
    return any(
        main and (e.kind in ("country", "region") or e.population >= 1_000_000)
        for e, main in gaz.candidates(key)
    )


def _significant(key: str, gaz: Gazetteer) -> bool:
    """Whether a name key is a well-known place or an adjectival form of one."""
    if key in gaz.demonyms:
        return True
    return any(
        e.kind in ("country", "admin1", "region", "site") or e.population >= KNOWN_TOWN or e.user
        for e, _ in gaz.candidates(key)
    )


_CONTAINER_GAP = re.compile(
    r"^,\s*(?:in\s+)?(?:the\s+)?(?:(?:state|province|department)\s+of\s+)?$"
)


def _followed_by_container(text: str, tokens: list[Token], last: int, gaz: Gazetteer) -> bool:
    """Whether the name is followed by its state or country: "Tame, in Arauca", "X, Chile"."""
    for j in range(last + 1, min(last + 6, len(tokens))):
        tok = tokens[j]
        if tok.cap:
            return bool(_CONTAINER_GAP.match(text[tokens[last].end : tok.start])) and any(
                e.kind in ("admin1", "country") for e, _ in gaz.candidates(tok.key)
            )
    return False


def _reject_as_word(
    text: str,
    tokens: list[Token],
    first: int,
    last: int,
    key: str,
    gaz: Gazetteer,
    context_countries: frozenset[str] = frozenset(),
) -> bool:
    """Whether a lone capitalised match is more likely an ordinary word than a place."""
    if first != last or key not in gaz.common:
        return False
    cands = gaz.candidates(key)
    if any(e.kind in ("country", "region", "site") or e.user for e, _ in cands):
        return False
    if key not in GENERIC_REGION_WORDS and any(e.kind == "admin1" and main for e, main in cands):
        return False  # "Pennsylvania", "Georgia": frequent words only because they are names
    if any(e.kind == "admin1" and main and e.country in context_countries for e, main in cands):
        return False
    if _followed_by_container(text, tokens, last, gaz):
        return False  # "near Tame, in Arauca"
    # "Chicago", "Denver", "Miami" are frequent words only because they are names
    big = any(main and (e.population >= KNOWN_TOWN or e.capital) for e, main in cands)
    tok = tokens[first]
    if tok.first or _title_case_line(text, tokens, first):
        nxt = tokens[last + 1] if last + 1 < len(tokens) else None
        used_as_word = nxt is not None and not nxt.cap and nxt.key in DETERMINERS
        return used_as_word or not big  # "Reading the report", but "Chicago police said"
    return not big and max((e.population for e, _ in cands), default=0) < COMMON_WORD_TOWN
