"""Finding toponym mentions in English text, with offsets into the original text.

Candidates are runs of capitalised tokens whose folded form is a gazetteer name (longest match
first). Each candidate then gets a *role* from its surroundings (the rules of
:mod:`vzmap.geoparse.rules`):

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
from collections.abc import Callable
from dataclasses import dataclass, field

from ..gazetteer.index import Entry, Gazetteer
from ..text.lexicon import word_list
from ..text.sentences import merge_spans
from ..text.tokens import fold
from .compounds import compound_verdicts, split_compounds
from .lists import earlier_member, listed_names
from .lookup import gazetteer_names
from .metonymy import as_team, sport_sentences
from .names import (
    AND_OR,
    AND_WORDS,
    CLOSE_PARENTHESIS,
    CONNECTORS,
    DETERMINERS,
    FACILITY_WORDS,
    FUNCTION_WORDS,
    GENERIC_REGION_WORDS,
    KIN_WORDS,
    NAME_LINKS,
    NATURAL_FEATURES,
    NEVER_PLACES,
    OPEN_PARENTHESIS,
    ORG_HEADS,
    PLACE_HEADS,
    PLACE_OFFICES,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    RELATION_WORDS,
    SPEECH_VERBS,
    TITLES,
    Token,
    head_before,
    mark_actors,
    number_sentences,
    spanish_word,
    tokenize,
)
from .people import after_given_name
from .rules import DATELINE, KNOWN_TOWN, LOCATIVES, Span, Verdict, judge, significant, well_known
from .verdicts import PERSON_PREPOSITIONS, SMALL_TOWN

__all__ = [
    "CONNECTORS",
    "COMMON_WORD_TOWN",
    "DETERMINERS",
    "FACILITY_WORDS",
    "FUNCTION_WORDS",
    "GENERIC_REGION_WORDS",
    "KNOWN_TOWN",
    "NAME_LINKS",
    "NATURAL_FEATURES",
    "NEVER_PLACES",
    "ORG_HEADS",
    "PLACE_PREFIXES",
    "PLACE_SUFFIXES",
    "SMALL_TOWN",
    "SPEECH_VERBS",
    "TITLES",
    "Candidate",
    "Token",
    "find_candidates",
    "tokenize",
]

#: Smallest population of a town named like a common English word.
COMMON_WORD_TOWN = 50000
#: A sentence-initial name this frequent as an English word (Zipf) and no capital nor city of
#: WORD_FIRST_CITY is kept only where the article supports a reading ("Mobile phones ...").
WORD_FIRST_ZIPF = 4.5
WORD_FIRST_CITY = 1_000_000
#: Smallest population of a city named like a frequent Spanish word that opens a sentence.
BIG_CITY = 500_000  # "Cartagena" (914,552) opens a sentence as a name
#: Words that open a clause: a name after them is its subject ("that Rangel had").
_CLAUSE_WORDS = frozenset({"that", "which", "who", "when", "while", "because", "if", "que",
                           "quien", "cuando", "mientras", "porque", "si"})
#: How many names are judged between two progress reports.
_BLOCK = 64


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
    #: one common word capitalised only as a sentence's first ("Mobile phones ..."): the
    #: resolver keeps it only where the article supports a reading
    word_like: bool = False


def find_candidates(
    text: str,
    sentences: list[tuple[int, int]],
    gaz: Gazetteer,
    advance: Callable[[int], None] | None = None,
    lang: str = "en",
) -> tuple[list[tuple[int, int]], list[Candidate]]:
    """The sentences and all toponym candidates in ``text``, each with a role, in text order.

    A name that runs across a sentence break of ``sentences`` (the segmenter broke after
    "Tampa–St." or inside "U.S.") joins the two sentences: the sentences returned are
    ``sentences`` so joined, and the candidates' sentence numbers refer to them.
    ``advance(offset)``, if given, is told now and then how far the work has come (making the
    tokens and judging the names each cover half of the text's length). ``lang`` (``en``,
    ``es``) is the article's language.
    """
    half = len(text) // 2
    tokens = tokenize(text, sentences, None if advance is None else lambda at: advance(at // 2))
    tokens = split_compounds(text, tokens, gaz)
    mark_actors(text, tokens)
    spans = gazetteer_names(text, tokens, gaz, lang)
    crossing = [
        (span.start, _end(span))
        for span in spans
        if _end(span) > sentences[span.tokens[span.first].sentence][1]
    ]
    if crossing:
        sentences = merge_spans(sentences, crossing)
        number_sentences(text, tokens, sentences)
    judged: list[tuple[Span, Verdict]] = []
    sport = sport_sentences(text, tokens)
    for n, span in enumerate(spans):
        if advance is not None and n % _BLOCK == 0:
            advance(half + span.start // 2)
        judged.append((span, as_team(span, judge(span), sport)))
    judged = compound_verdicts(judged)
    context = _Context.of(judged, gaz, lang)
    kept = [_candidate(span, verdict) for span, verdict in judged if context.keeps(span, verdict)]
    return sentences, kept


@dataclass(slots=True)
class _Context:
    """What the whole article says about its names, for the final choice of candidates."""

    gaz: Gazetteer
    #: people's surnames seen after a given name or title: "Nicolás Maduro" -> "Maduro"
    surnames: set[str] = field(default_factory=set)
    #: surnames that are also big places ("Jesús Mérida"): dropped only where the person speaks
    famous_surnames: set[str] = field(default_factory=set)
    #: of those, the ones seen right after a person's given name mid-sentence ("Dr Andreína
    #: Valencia"), not merely after a capitalised word ("The Guyana Police Force")
    people_surnames: set[str] = field(default_factory=set)
    #: countries the article names outright (for common words that are also states: "Central")
    countries: frozenset[str] = frozenset()
    #: the article's language
    lang: str = "en"
    #: words its text made places so far ("in Chaguanas, San Fernando and Penal"): a later
    #: "in Penal for months" is the same place
    placed_words: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, judged: list[tuple[Span, Verdict]], gaz: Gazetteer, lang: str = "en") -> _Context:
        """The context of an article's judged names (in text order)."""
        context = cls(gaz, countries=_named_countries(judged, gaz), lang=lang)
        for span, verdict in judged:
            context.note_person(span, verdict.role)
            if (verdict.role == "person" and span.single) or (
                verdict.role == "embedded" and after_given_name(span)
            ):
                context.people_surnames.add(span.key)
        return context

    def note_person(self, span: Span, role: str) -> None:
        """Remember a lone name judged a person's, or a name after a name ("Jesús Mérida")."""
        if not span.single:
            return
        if role == "person":
            famous = well_known(span.key, self.gaz)
            (self.famous_surnames if famous else self.surnames).add(span.key)
        elif role == "embedded" and span.first > 0 and span.tokens[span.first - 1].cap:
            self.famous_surnames.add(span.key)  # a name, if it later speaks alone

    def keeps(self, span: Span, verdict: Verdict) -> bool:
        """Whether a judged candidate is worth a mention. A word the text made a place is
        remembered (``placed_words``), so the answer for a later mention depends on the earlier
        ones: ask in text order."""
        role = verdict.role
        if role in ("person", "word"):
            return False
        if role == "place" and (
            (span.key in self.surnames and not _after_a_place_preposition(span))  # "Maduro",
            or self._famous_speaker(span)  # not "en Trujillo"
            or self._surname_again(span, verdict)
        ):
            return self._placed_by_text(span, verdict)
        if role == "embedded" and not significant(span.key, self.gaz):
            return False  # "Pedro Rances Mattey", "Gang Inmates": not worth a mention
        if role == "demonym":
            return True
        if self.lang == "es":
            rejected = _reject_as_spanish_word(span, self.countries)
        else:
            rejected = _reject_as_word(span, self.countries)
        if not rejected:
            return True
        if role != "place":
            return False
        if self._placed_by_text(span, verdict):
            self.placed_words.add(span.key)
            return True
        prev = span.before
        return span.key in self.placed_words and prev is not None and prev.key in LOCATIVES

    def _placed_by_text(self, span: Span, verdict: Verdict) -> bool:
        """Whether the text makes the name a place, whoever else has it or whatever word it
        is: a dateline, "Bolívar state", "el estado Lara", "Austin, Laredo and ..." (asked
        only of names that would be dropped otherwise: it looks names up)."""
        return (
            verdict.why == DATELINE or _named_as_a_place(span) or _placed_by_a_preposition(span)
            or self._listed_with_a_place(span)
        )

    def _listed_with_a_place(self, span: Span) -> bool:
        """Whether the name is listed with a well-known place name that is none of the
        article's surnames ("Austin, Laredo and motels"); a name that is also a common word
        needs such a place, or a name that is no word and a place of a country this name has a
        town in, on both sides ("San Fernando, Penal and Chaguanas") or two before it
        ("Chaguanas, San Fernando and Penal", "Arauquita, Saravena and Tame")."""
        people = self.surnames | self.famous_surnames | self.people_surnames
        countries = {e.country for e, _ in self.gaz.candidates(span.key) if e.kind == "city"}

        def of_its_country(key: str) -> bool:  # "Saravena" before "Tame": no word, a town of CO
            return key not in self.gaz.common and bool(
                countries & {e.country for e, _ in self.gaz.candidates(key)})

        def a_place(keys: list[str], relaxed: bool = False) -> bool:
            return any(key not in people and key != span.key and (
                significant(key, self.gaz) or (relaxed and of_its_country(key))) for key in keys)

        if not (span.key in self.gaz.common or span.key in GENERIC_REGION_WORDS):
            return any(a_place(keys) for keys in listed_names(span))
        # a common word needs places on both sides, or two before it ("A, B and Penal")
        sides = [a_place(keys, True) for keys in listed_names(span)]
        return all(sides) and (len(sides) == 2 or a_place(earlier_member(span), True))

    def _surname_again(self, span: Span, verdict: Verdict) -> bool:
        """A well-known place the article uses as a person's surname ("Dr Andreína Valencia"),
        alone again where no word makes it a place: opening a sentence ("Mérida, the coffee
        seller, ...") or coordinated with another of the article's surnames ("las fotos de
        Mérida y Trujillo"); "in Mérida", "Valencia, in Carabobo state" stay places."""
        if verdict.why or not span.single or span.key not in self.people_surnames:
            return False
        if span.tokens[span.first].first and not _followed_by_container(span):
            return True
        people = self.surnames | self.famous_surnames
        pairs = ((span.after, span.token(span.last + 2)), (span.before, span.token(span.first - 2)))
        return any(
            link is not None and link.key in AND_WORDS and other is not None and other.cap
            and other.key in people and other.key != span.key
            for link, other in pairs
        )

    def _famous_speaker(self, span: Span) -> bool:
        """ "Mérida said" or "declaró Valencia en la meta" after "Jesús Mérida", but "Guyana
        says" is the country and "in Houston said" the city."""
        nxt, prev = span.next, span.before
        said_after = (nxt is not None and nxt.key in SPEECH_VERBS
                      and span.text[span.end : nxt.start] == " ")  # "Trujillo, informó el ..."
        said_before = prev is not None and not prev.cap and prev.key in SPEECH_VERBS
        return (
            span.key in self.famous_surnames
            and not _after_preposition(span)
            and (said_after or said_before)
            and not span.names_a(span.key, "country", "region")
        )


def _after_preposition(span: Span) -> bool:
    """Whether a name follows a lower-case preposition or article ("en Trujillo", "in Lima") or
    a locative one opening the sentence ("En Carora, la capital"); not a word that opens a
    clause ("that Rangel had": its subject) nor a relative's "de" ("la familia de Girón")."""
    prev = span.before
    if prev is None or prev.key in _CLAUSE_WORDS:
        return False
    relation = span.token(span.first - 2)
    if prev.key in ("de", "of") and relation is not None and (
        relation.key in KIN_WORDS or relation.key in RELATION_WORDS
    ):
        return False
    if prev.cap:
        return prev.first and prev.key in LOCATIVES
    return prev.key in FUNCTION_WORDS or prev.key in CONNECTORS


def _after_a_place_preposition(span: Span) -> bool:
    """:func:`_after_preposition`, but for one that takes a person as readily as a place ("con
    Machado", "sobre Toledo", "against Trujillo"): after it, a name the article gave a person
    is still that person's."""
    return _after_preposition(span) and (span.before is None
                                         or span.before.key not in PERSON_PREPOSITIONS)


def _named_as_a_place(span: Span) -> bool:
    """Whether a division word follows the name ("Bolívar state"), or an office it holds
    ("Lara's governor"), or a place word comes before it ("el estado Lara", "municipio
    Sucre"): a place, whoever has the name."""
    nxt = span.after
    if nxt is not None and not nxt.cap and nxt.key in PLACE_SUFFIXES:
        return True
    if _state_with_article(span):
        return True
    mark, office = span.next, span.token(span.last + 2)
    if (
        mark is not None and mark.key == "s" and span.text[span.end : mark.start] in ("'", "’")
        and office is not None and not office.cap and office.key in PLACE_OFFICES
    ):
        return True
    return head_before(span.text, span.tokens, span.first, PLACE_HEADS) is not None


def _state_with_article(span: Span) -> bool:
    """ "El Táchira recibe gasolina", "en el Zulia", "llegó al Táchira": in Spanish a state or
    country takes the article, as nobody's name does."""
    prev = span.before
    return (
        span.lang == "es" and prev is not None and prev.key in ("el", "la", "del", "al")
        and any(
            main and e.kind in ("admin1", "country") for e, main in span.gaz.candidates(span.key)
        )
    )


def _named_countries(judged: list[tuple[Span, Verdict]], gaz: Gazetteer) -> frozenset[str]:
    """Countries named outright in the article, or through an adjectival form."""
    named = frozenset(
        e.country
        for span, verdict in judged
        if verdict.role in ("place", "demonym")
        for e, main in gaz.candidates(span.key)
        if e.kind == "country" and main
    )
    adjectival = frozenset(
        e.country
        for span, verdict in judged
        if verdict.role == "demonym"
        for e in [gaz.demonym(span.key)]
        if e is not None
    )
    return named | adjectival


def _end(span: Span) -> int:
    """Offset just past a name, its period included where the key has one ("Ky.")."""
    end = span.end
    if span.key.endswith(".") and span.text[end : end + 1] == ".":
        end += 1
    return end


def _candidate(span: Span, verdict: Verdict) -> Candidate:
    start, end = span.start, _end(span)
    role, why = verdict
    tok = span.tokens[span.first]
    word_like = (span.single and not why and (tok.first or tok.headline)
                 and span.key in span.gaz.common and _a_word_first(span))
    return Candidate(start, end, span.text[start:end], span.key, role, tok.sentence, why,
                     word_like)


def _a_word_first(span: Span) -> bool:
    """Whether a name is a frequent English word before it is a great city ("Mobile",
    "Reading", "Nice"; not "Chicago", "London"): no capital nor city of a million by it."""
    from wordfreq import zipf_frequency

    if zipf_frequency(span.key, "en") < WORD_FIRST_ZIPF:
        return False
    return not any(
        main and (e.capital or e.population >= WORD_FIRST_CITY)
        for e, main in span.gaz.candidates(span.key)
    )


_CONTAINER_GAP = re.compile(
    r"^,\s*(?:in\s+)?(?:the\s+)?(?:(?:"
    + "|".join(re.escape(w) for w in word_list("recognition", "container_heads"))
    + r")\s+of\s+)?$"
)


def _followed_by_container(span: Span) -> bool:
    """Whether the name is followed by its state or country: "Tame, in Arauca", "X, Chile"."""
    for j in range(span.last + 1, min(span.last + 6, len(span.tokens))):
        tok = span.tokens[j]
        if tok.cap:
            return bool(_CONTAINER_GAP.match(span.text[span.end : tok.start])) and span.names_a(
                tok.key, "admin1", "country"
            )
    return False


def _reject_as_word(span: Span, context_countries: frozenset[str] = frozenset()) -> bool:
    """Whether a lone capitalised match is more likely an ordinary word than a place."""
    key, gaz = span.key, span.gaz
    if not span.single or key not in gaz.common:
        return False
    if _a_name_more_than_a_word(span, context_countries):
        return False
    cands = gaz.candidates(key)
    # "Chicago", "Denver", "Miami" are frequent words only because they are names
    big = any(main and (e.population >= KNOWN_TOWN or e.capital) for e, main in cands)
    tok = span.tokens[span.first]
    if tok.first or tok.headline:
        nxt = span.next
        used_as_word = nxt is not None and not nxt.cap and nxt.key in DETERMINERS
        return used_as_word or not big  # "Reading the report", but "Chicago police said"
    return not big and max((e.population for e, _ in cands), default=0) < COMMON_WORD_TOWN


def _reject_as_spanish_word(span: Span, context_countries: frozenset[str]) -> bool:
    """In Spanish text, whether a lone capitalised word opening a sentence is an ordinary word
    ("Caen 23 detenidos", "Columna de humo"): Spanish capitalises no other common words."""
    tok = span.tokens[span.first]
    if not span.single or not (tok.first or tok.headline) or not spanish_word(span.key):
        return False
    if _a_name_more_than_a_word(span, context_countries):
        return False
    cands = span.gaz.candidates(span.key)
    return not any(main and (e.population >= BIG_CITY or e.capital) for e, main in cands)


def _a_name_more_than_a_word(span: Span, context_countries: frozenset[str]) -> bool:
    """Whether a frequent word is frequent because it is a name (a country, a state, a site)."""
    key = span.key
    cands = [(e, main) for e, main in span.gaz.candidates(key) if _accents_kept(span, e)]
    if any(e.kind in ("country", "region", "site") or e.user for e, _ in cands):
        return True
    if key not in GENERIC_REGION_WORDS and any(e.kind == "admin1" and main for e, main in cands):
        return True  # "Pennsylvania", "Georgia": frequent words only because they are names
    if any(e.kind == "admin1" and main and e.country in context_countries for e, main in cands):
        return True
    return (
        _followed_by_container(span) or _placed_by_a_preposition(span)  # "near Tame, in Arauca"
        or _container_in_parentheses(span)
    )


def _container_in_parentheses(span: Span) -> bool:
    """ "Mieres (Asturias)", "Alcoy (Alicante)": a name alone in parentheses after a capitalised
    name is that place's province or country, though the parenthesis opens like a sentence."""
    prev = span.token(span.first - 1)
    return (
        prev is not None and prev.cap
        and OPEN_PARENTHESIS.fullmatch(span.text, prev.end, span.start) is not None
        and CLOSE_PARENTHESIS.match(span.text, span.end) is not None
    )


def _accents_kept(span: Span, e: Entry) -> bool:
    """Whether a Spanish word keeps the accents of the one-word name it matches: "Cortes de
    agua" opening a sentence is the word for cuts, not the department of Cortés."""
    surface = span.text[span.start : span.end]
    return span.lang != "es" or " " in e.name or surface.lower() == e.name.lower() or (
        fold(surface) != fold(e.name)  # matched through another name
    )


def _placed_by_a_preposition(span: Span) -> bool:
    """ "a tire shop in Kirby.", "In Penal, a farming town": a name after a locative
    preposition that ends a phrase (punctuation follows) is a place's, as the resolver then
    checks ("in Converse shoes" stays a word)."""
    prev, nxt = span.before, span.next
    if prev is None or (prev.cap and not prev.first) or prev.key not in LOCATIVES:
        return False
    if span.tokens[span.first].first:
        return False
    after = span.text[span.end : nxt.start if nxt is not None else len(span.text)]
    if not after.strip():  # "in Humble and at a traffic stop"
        return nxt is not None and nxt.key in AND_OR
    return after.strip()[0] in ",.;:)"
