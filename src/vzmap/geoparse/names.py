"""Names in running text: recognition's tokens, which of them join into one name, and its words.

The words come from the recognition lexicon (``data/lexicon/<lang>/recognition.toml``), every
language at once: an English article names Spanish places ("Tren de Aragua").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..events.actors import load_actors
from ..gazetteer.index import Gazetteer
from ..text.lexicon import languages, word_list, word_set
from ..text.tokens import fold, name_key, words

#: Lower-case words allowed inside a multi-word name ("Gulf of Mexico", "Tren de Aragua").
CONNECTORS = word_set("recognition", "connectors")
#: Lower-case words that tie a name to the capitalised word before it ("Tren de Aragua").
NAME_LINKS = word_set("recognition", "name_links")
#: Abbreviations whose period may sit inside a name ("St. Louis").
DOTTED_ABBREVIATIONS = word_set("recognition", "dotted_abbreviations")
#: Capitalised words after a place name that make the pair a larger place name.
PLACE_SUFFIXES = word_set("recognition", "place_suffixes")
NAMESAKE_SUFFIXES = word_set("recognition", "namesake_suffixes")
#: Spanish articles between a link word and the rest of a name ("Palau de la Generalitat") or
#: after "en" ("la Unión Venezolana en el Perú").
ARTICLES = frozenset({"la", "las", "los", "el"})
#: Suffixes that make the name a natural feature's ("Rio Grande Valley", "Cuyuni River").
NATURAL_FEATURES = word_set("recognition", "natural_features")
#: Capitalised words before a place name that keep it a place ("Northern Ireland" aside).
PLACE_PREFIXES = word_set("recognition", "place_prefixes")
#: Capitalised words after a place name that make it part of a facility's name.
FACILITY_WORDS = word_set("recognition", "facility_words")
#: schools named after a place and its kind ("Framingham State University")
SCHOOL_HEADS = word_set("recognition", "school_heads")
#: Heads of organisation names before "of"/"de" ("University of Texas", "Bank of America").
ORG_HEADS = word_set("recognition", "org_heads")
KIN_WORDS = word_set("recognition", "kin_words")
#: a relative's or friend's word before "de"/"of" ("la familia de Girón"): a person's name
RELATION_WORDS = word_set("recognition", "relation_words")
#: naming nouns ("his name ... as X") and verbs ("llamarse X"): the name a source gives
NAMING_WORDS = word_set("recognition", "naming_words")
NAMING_VERBS = word_set("recognition", "naming_verbs")
#: "my name is" / "mi nombre es" before a name.
POSSESSIVES = word_set("recognition", "possessives")
COPULAS = word_set("recognition", "copulas")
JURISDICTION_HEADS = word_set("recognition", "jurisdiction_heads")
MINISTRY_HEADS = word_set("recognition", "ministry_heads")
SEAT_HEADS = word_set("recognition", "seat_heads")
DEDICATIONS = word_set("recognition", "dedications")
#: Titles before a name that make it a person's ("Admiral Ceballos", "Mr. Jordan").
TITLES = word_set("recognition", "titles")
#: Function words capitalised only because they start a sentence.
FUNCTION_WORDS = word_set("recognition", "function_words")
#: Capitalised words that are never places in running text, whatever the gazetteer says.
NEVER_PLACES = word_set("recognition", "never_places")
#: language -> its own words that are never places ("corpus christi" is a feast in Spanish only)
NEVER_PLACES_IN = {lang: word_set("recognition", "never_places", [lang])
                   for lang in languages("recognition")}
#: Generic words that are also names of first-level subdivisions somewhere ("Central", "West").
GENERIC_REGION_WORDS = word_set("recognition", "generic_region_words")
CARDINAL_ADJECTIVES = word_set("recognition", "cardinal_adjectives")
CARDINAL_POINTS = word_set("recognition", "cardinal_points") | CARDINAL_ADJECTIVES
#: Words that follow a verb or adjective, not a place name ("Reading the report").
DETERMINERS = word_set("recognition", "determiners")
#: Verbs of speech: "Miranda said" is a person, unless a country speaks ("Russia said").
SPEECH_VERBS = word_set("recognition", "speech_verbs")
#: Given names: the capitalised name after one is a surname ("Carmen Rodríguez").
GIVEN_NAMES = word_set("recognition", "given_names")
#: Lower-case words before a name that keep it a place, even one named after a person
#: ("municipio Simón Bolívar", "parroquia Cacique Mara").
PLACE_HEADS = word_set("recognition", "place_heads")
QUARTER_HEADS = word_set("recognition", "quarter_heads")
#: Words before a name that make it a street's or building's ("avenida Bolívar").
FACILITY_HEADS = word_set("recognition", "facility_heads")
THING_HEADS = word_set("recognition", "thing_heads")
#: Adjectives between such a head and the name ("puente internacional Simón Bolívar").
HEAD_ADJECTIVES = word_set("recognition", "head_adjectives")
#: Lower-case words before a name that make it a second-level division ("municipio Sucre").
DIVISION_HEADS = word_set("recognition", "division_heads")
#: natural features' words before a name ("el golfo de Paria"), looked up with it
FEATURE_HEADS = word_set("recognition", "feature_heads")
DIVISION_TAILS = word_set("recognition", "division_tails")
#: Plural words after a list of names that make each a county ("Harris and Fort Bend counties").
COUNTY_TAILS = word_set("recognition", "county_tails")
#: offices of a place after its name ("Lara's governor", "Florida Senator"): English only, as
#: Spanish "Mayor" is an adjective ("Plaza Mayor")
PLACE_OFFICES = word_set("recognition", "place_offices", ["en"])
#: words between a list of county names and "counties" ("Harris and surrounding counties")
COUNTY_LIST_WORDS = word_set("recognition", "county_list_words")
#: Zipf frequency from which a sentence-initial Spanish word is an ordinary word ("Caen").
SPANISH_COMMON_ZIPF = 4.0
#: ... and from which one opening "X de Lugar" is no name's head ("Pescadores de Cabimas").
SPANISH_HEAD_ZIPF = 3.0
SPANISH_LINKS = frozenset({"de", "del"})
#: What separates the names of one list: "Rebolo, La Chinita and Carrizal", "A, B y C" (match the
#: whole text between two names with ``fullmatch``)
#: "and" between two names or two words of one name ("A y B", "Ministerio de Energía y Minas").
AND_WORDS = frozenset({"and", "y", "e"})
#: Words that join the last member of a list to the others ("A, B y C", "A or B").
AND_OR = AND_WORDS | {"or", "o", "u"}
#: The same words as a regular expression's alternation, longest first
CONJUNCTIONS = "(?:" + "|".join(sorted(AND_OR, key=lambda w: (-len(w), w))) + ")"
#: The parentheses around a name alone ("Alcoy (Alicante)", "Rota ( Cádiz )" as tokenised)
OPEN_PARENTHESIS = re.compile(r"\s*\(\s*")
CLOSE_PARENTHESIS = re.compile(r"\s*\)")
LIST_GAP = re.compile(r"\s*,\s*(?:and\s+|y\s+|e\s+|or\s+|o\s+)?|\s+(?:and|y|e|or|o|u)\s+")


def word_pattern(name: str) -> str:
    """Recognition word list ``name`` as an alternation; accents optional ("región", "río")."""
    accents = str.maketrans(
        {"a": "[aá]", "e": "[eé]", "i": "[ií]", "o": "[oó]", "u": "[uúü]", "n": "[nñ]"}
    )
    words = word_list("recognition", name)
    return "|".join(re.escape(w).translate(accents).replace(r"\ ", r"\s+") for w in words)


@dataclass(slots=True)
class Token:
    """A word of the text as recognition sees it: offsets, folded key, case and position."""

    start: int
    end: int
    text: str
    key: str
    cap: bool
    sentence: int
    first: bool  # first word of its sentence, line or quotation
    headline: bool = False  # on a line where nearly every word is capitalised
    line_start: int = 0  # offset of the start of its line
    actor: bool = False  # part of the name of a named organisation (``data/actors.toml``)
    #: for a part of a hyphenated word the gazetteer lacks ("Colombia-Venezuela",
    #: "London-based"), the word's offsets; else None
    compound: tuple[int, int] | None = None


#: How many tokens are made between two progress reports.
_BLOCK = 4096
_OPENING_GAP = re.compile(r'[\n"“‘«:(—–]|--')
_FULL_STOP = re.compile(r"[.!?…]\s+$")


def tokenize(
    text: str, sentences: list[tuple[int, int]], advance: Callable[[int], None] | None = None
) -> list[Token]:
    """Tokens of ``text`` with their sentence number and whether they open a sentence;
    ``advance(offset)``, if given, is told now and then how far the tokens have come."""
    tokens: list[Token] = []
    s_idx = 0
    prev: Token | None = None
    prev_sentence = -1
    line_start = 0
    last = len(sentences) - 1
    for start, end, word in words(text):
        if advance is not None and len(tokens) % _BLOCK == 0:
            advance(start)
        while s_idx < last and start >= sentences[s_idx][1]:
            s_idx += 1
        prev_end = prev.end if prev else 0
        gap = text[prev_end:start]
        if "\n" in gap:
            line_start = prev_end + gap.rindex("\n") + 1
        first = s_idx != prev_sentence or _opens(prev, gap)
        prev = Token(start, end, word, fold(word), word[0].isupper(), s_idx, first, False,
                     line_start)
        tokens.append(prev)
        prev_sentence = s_idx
    _mark_headlines(text, tokens)
    return tokens


#: Kinds of actor whose names are not marked: a government's bodies, whose names are made of its
#: country's words ("Asamblea Nacional", "Departamento de Estado"). An international
#: organisation's are: "the EU", "la Unión Europea" is a body, not a place on the map.
_POLITIES = ("government_body",)


@lru_cache(maxsize=1)
def _actor_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word key -> the word keys of every actor name starting with it, longest first
    (armed and criminal groups, forces, agencies: not polities)."""
    names: dict[str, list[tuple[str, ...]]] = {}
    for actor in load_actors():
        if actor.kind in _POLITIES:
            continue
        for name in actor.names:
            keys = tuple(name_key(name).split())
            if keys:
                names.setdefault(keys[0], []).append(keys)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in names.items()}


def mark_actors(text: str, tokens: list[Token]) -> None:
    """Set ``actor`` on the tokens that spell the name of a named organisation ("Los
    Rastrojos", "Clan del Golfo"): such a name is no place, even where a town has it."""
    names = _actor_names()
    end = 0  # tokens before it are part of an actor's name already
    for i in [k for k, tok in enumerate(tokens) if tok.key in names]:
        if i < end:
            continue
        size = next((len(keys) for keys in names[tokens[i].key]
                     if _spells(text, tokens, i, keys)), 0)
        for tok in tokens[i : i + size]:
            tok.actor = True
        end = i + size


def _spells(text: str, tokens: list[Token], i: int, keys: tuple[str, ...]) -> bool:
    """Whether the tokens from ``i`` on are the words ``keys``, one name (joinable)."""
    run = tokens[i : i + len(keys)]
    return (
        len(run) == len(keys)
        and all(t.key == k for t, k in zip(run, keys, strict=True))
        and all(joinable(text, a, b) for a, b in zip(run, run[1:], strict=False))
    )


def number_sentences(text: str, tokens: list[Token], sentences: list[tuple[int, int]]) -> None:
    """Set each token's sentence number and whether it opens a sentence, line or quotation
    again, for new ``sentences``."""
    s_idx = 0
    prev: Token | None = None
    prev_sentence = -1
    for tok in tokens:
        while s_idx < len(sentences) - 1 and tok.start >= sentences[s_idx][1]:
            s_idx += 1
        tok.sentence = s_idx
        gap = text[prev.end if prev else 0 : tok.start]
        tok.first = s_idx != prev_sentence or _opens(prev, gap)
        prev = tok
        prev_sentence = s_idx


def _opens(prev: Token | None, gap: str) -> bool:
    """Whether the text between two words opens a line or quotation, or ends a sentence that
    the segmenter kept together with the next, as inside a quotation ("«... no nos maten. En
    Venezuela ya vivimos eso», dijo"): a full stop after a lower-case word (not an
    abbreviation such as "Sr." or "U.S.")."""
    if gap == " ":
        return False
    if _OPENING_GAP.search(gap) is not None:
        return True
    return (
        prev is not None and _FULL_STOP.match(gap) is not None and len(prev.text) > 1
        and prev.text.islower()
    )


#: A line's end as a sentence's: a lower-case word and a period ("lo apoyan."), not an
#: abbreviation ("Flown To Washington D.C.", "Deported To The U.S.")
_SENTENCE_END = re.compile(r"[a-záéíóúñü]{2}[.!?][\"”’»)]?\s*$")


def _mark_headlines(text: str, tokens: list[Token]) -> None:
    """Set ``headline`` on the tokens of lines where at least 80% of 4+ words are capitalised,
    unless the line ends as a sentence does (a period): "La Diputación de Badajoz, la Comunidad
    de Madrid y la Junta de Andalucía lo apoyan." is a sentence dense in names. A line in
    capitals ("PROTESTA EN CARACAS") is a headline however short."""
    i = 0
    n = len(tokens)
    while i < n:
        line_end = text.find("\n", tokens[i].end)
        line_end = len(text) if line_end < 0 else line_end
        j = i
        while j < n and tokens[j].end <= line_end:
            j += 1
        content = [
            t for t in tokens[i:j] if t.key not in CONNECTORS and t.key not in FUNCTION_WORDS
        ]
        if _shouting(tokens[i:j]) or (
            len(content) >= 4 and sum(t.cap for t in content) / len(content) >= 0.8
            and _SENTENCE_END.search(text, tokens[i].start, line_end) is None
        ):
            for t in tokens[i:j]:
                t.headline = True
        i = max(j, i + 1)


def _shouting(line: list[Token]) -> bool:
    """Whether a line's words are all in capitals, two of them or more ("FLOODS HIT TEXAS")."""
    words = [t for t in line if any(ch.isalpha() for ch in t.text)]
    return sum(len(t.text) > 1 for t in words) >= 2 and all(t.text.isupper() for t in words)


def joinable(text: str, a: Token, b: Token) -> bool:
    """Whether tokens ``a`` and ``b`` may belong to one name (only spaces, or "St. X")."""
    gap = text[a.end : b.start]
    if gap == " " or gap == "\u00a0":
        return True
    if gap in (". ", ".") and a.key in DOTTED_ABBREVIATIONS:
        return True
    return gap.strip() == "" and "\n" not in gap and len(gap) <= 3


@lru_cache(maxsize=4096)
def spanish_word(word: str, zipf: float = SPANISH_COMMON_ZIPF) -> bool:
    """Whether a word as written (accents and all: "Cámara" is the word, "camara" is not) is a
    Spanish word at least that frequent (Zipf), more Spanish than English ("caen", "nada",
    "columna"): capitalised at a sentence's start, it is no name. Given a folded key, the
    question is asked without accents, as for a sentence's first word (where "Cádiz" is a
    name though "cádiz" is frequent)."""
    from wordfreq import zipf_frequency

    word = word.lower()
    es = zipf_frequency(word, "es")
    return es >= zipf and es > zipf_frequency(word, "en")


#: Zipf frequency from which an English word is common enough to be a plural noun's singular
PLURAL_SINGULAR_ZIPF = 3.5


@lru_cache(maxsize=4096)
def plural_noun(key: str) -> bool:
    """Whether a one-word key is the plural of a common English noun ("charities", "friends",
    "sisters"), as a place's own name seldom is ("Texas", "Paris")."""
    from wordfreq import zipf_frequency

    if len(key) < 4 or not key.endswith("s") or key.endswith(("ss", "us", "is")):
        return False
    singular = key[:-3] + "y" if key.endswith("ies") else key[:-1]
    return zipf_frequency(singular, "en") >= PLURAL_SINGULAR_ZIPF


def head_before(
    text: str, tokens: Sequence[Token], first: int, heads: frozenset[str]
) -> Token | None:
    """The head word of ``heads`` right before token ``first``, past up to two adjectives
    ("puente internacional Simón Bolívar", "estado Miranda"), if any."""
    j = first - 1
    skipped = 0
    while j >= 0 and joinable(text, tokens[j], tokens[j + 1]):
        tok = tokens[j]
        if tok.key in heads:
            return tok
        if tok.key not in HEAD_ADJECTIVES or skipped == 2:
            return None
        skipped += 1
        j -= 1
    return None


def is_name_word(tok: Token) -> bool:
    """A capitalised word that belongs to a name (not a sentence-initial function word)."""
    return tok.cap and not (tok.first and tok.key in FUNCTION_WORDS)


@dataclass(slots=True)
class Span:
    """A candidate name in its text: tokens ``first`` to ``last``, its lookup key, the gazetteer."""

    text: str
    tokens: list[Token]
    first: int
    last: int
    key: str
    is_demonym: bool
    gaz: Gazetteer
    #: the article's language
    lang: str = "en"

    def token(self, i: int) -> Token | None:
        """Token ``i``, or None outside the text."""
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    @property
    def single(self) -> bool:
        """Whether the name is one word."""
        return self.first == self.last

    @property
    def start(self) -> int:
        """Offset of the name's first character."""
        return self.tokens[self.first].start

    @property
    def end(self) -> int:
        """Offset just past the name's last token."""
        return self.tokens[self.last].end

    @property
    def next(self) -> Token | None:
        """The token after the name, whatever separates them."""
        return self.token(self.last + 1)

    @property
    def after(self) -> Token | None:
        """The token after the name, if only a space (or so) separates them."""
        nxt = self.next
        return nxt if nxt is not None and joinable(self.text, self.tokens[self.last], nxt) else None

    @property
    def capitalised_after(self) -> Token | None:
        """The capitalised token right after the name ("Prison" of "Sabaneta Prison"), if any."""
        after = self.after
        return after if after is not None and after.cap else None

    @property
    def before(self) -> Token | None:
        """The token before the name, if only a space (or so) separates them."""
        prev = self.token(self.first - 1)
        if prev is None or not joinable(self.text, prev, self.tokens[self.first]):
            return None
        return prev

    @property
    def linked_head(self) -> Token | None:
        """The capitalised word tied to the name by a link word ("Tren" in "Tren de Aragua"), if
        it is a name's word (not an ordinary Spanish word opening the sentence)."""
        link = self.before
        if link is None or link.key not in NAME_LINKS or self.first < 2:
            return None
        head = self.tokens[self.first - 2]
        if (
            (head.first or head.headline)
            and link.key in SPANISH_LINKS
            and head.key not in ORG_HEADS
            and spanish_word(head.text, SPANISH_HEAD_ZIPF)
        ):
            return None  # "Vecinos de Petare protestan": a common word, capitalised to start
        return head if head.cap and joinable(self.text, head, link) else None

    @property
    def name_word_before(self) -> Token | None:
        """The name word right before the name ("Admiral", "Northern").

        None after a link word with a word before it ("Tren de", "said of"): there only
        :attr:`linked_head` decides.
        """
        before = self.before
        if before is None or (before.key in NAME_LINKS and self.first >= 2):
            return None
        word = before.compound
        if word is not None and word[1] == before.end and self.text[word[0]].isupper():
            return before  # "the Cameroon-flagged Lisboa": the hyphenated word as a whole
        return before if is_name_word(before) else None

    @property
    def common_word(self) -> bool:
        """Whether the name's first word, as written, is a common word of the article's language
        ("Justicia" in Spanish, "Mobile" in English)."""
        word = self.tokens[self.first].text
        return spanish_word(word) if self.lang == "es" else self.key in self.gaz.common

    def names_a(self, key: str, *kinds: str) -> bool:
        """Whether ``key`` is a gazetteer name of a place of one of ``kinds``."""
        return any(e.kind in kinds for e, _ in self.gaz.candidates(key))
