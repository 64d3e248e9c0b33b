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

from ..gazetteer.index import Gazetteer
from ..text.lexicon import word_list
from ..text.sentences import merge_spans
from .names import (
    CONNECTORS,
    DETERMINERS,
    FACILITY_WORDS,
    FUNCTION_WORDS,
    GENERIC_REGION_WORDS,
    NAME_LINKS,
    NATURAL_FEATURES,
    NEVER_PLACES,
    ORG_HEADS,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    SPEECH_VERBS,
    TITLES,
    Token,
    joinable,
    number_sentences,
    tokenize,
)
from .rules import KNOWN_TOWN, Span, Verdict, judge, significant, well_known

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

#: Smallest population of a town that is accepted without support from the article's context.
SMALL_TOWN = 5000
#: Smallest population of a town named like a common English word.
COMMON_WORD_TOWN = 50000
#: Longest name looked up, in tokens.
_MAX_NAME_TOKENS = 6
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


def find_candidates(
    text: str,
    sentences: list[tuple[int, int]],
    gaz: Gazetteer,
    advance: Callable[[int], None] | None = None,
) -> tuple[list[tuple[int, int]], list[Candidate]]:
    """The sentences and all toponym candidates in ``text``, each with a role, in text order.

    A name that runs across a sentence break of ``sentences`` (the segmenter broke after
    "Tampa–St." or inside "U.S.") joins the two sentences: the sentences returned are
    ``sentences`` so joined, and the candidates' sentence numbers refer to them.
    ``advance(offset)``, if given, is told now and then how far the work has come (making the
    tokens and judging the names each cover half of the text's length).
    """
    half = len(text) // 2
    tokens = tokenize(text, sentences, None if advance is None else lambda at: advance(at // 2))
    spans = _gazetteer_names(text, tokens, gaz)
    crossing = [
        (span.start, _end(span))
        for span in spans
        if _end(span) > sentences[span.tokens[span.first].sentence][1]
    ]
    if crossing:
        sentences = merge_spans(sentences, crossing)
        number_sentences(text, tokens, sentences)
    judged: list[tuple[Span, Verdict]] = []
    for n, span in enumerate(spans):
        if advance is not None and n % _BLOCK == 0:
            advance(half + span.start // 2)
        judged.append((span, judge(span)))
    context = _Context.of(judged, gaz)
    kept = [_candidate(span, verdict) for span, verdict in judged if context.keeps(span, verdict)]
    return sentences, kept


def _gazetteer_names(text: str, tokens: list[Token], gaz: Gazetteer) -> list[Span]:
    """The longest runs of capitalised tokens (and connectors) that are gazetteer names."""
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        found = _longest_name(text, tokens, i, gaz) if tokens[i].cap else None
        if found is None:
            i += 1
            continue
        last, key, is_demonym = found
        spans.append(Span(text, tokens, i, last, key, is_demonym, gaz))
        i = last + 1
    return spans


def _longest_name(
    text: str, tokens: list[Token], i: int, gaz: Gazetteer
) -> tuple[int, str, bool] | None:
    """``(last token, key, is demonym)`` of the longest name starting at token ``i``, if any."""
    found = None
    parts: list[str] = []
    for j in range(i, min(len(tokens), i + _MAX_NAME_TOKENS)):
        t = tokens[j]
        if j > i and not joinable(text, tokens[j - 1], t):
            break
        if not t.cap and t.key not in CONNECTORS:
            break
        parts.append(t.key)
        if t.cap:
            reading = _reading(" ".join(parts), text[t.end : t.end + 1] == ".", gaz)
            if reading is not None:
                found = (j, *reading)
    return found


def _reading(key: str, dotted: bool, gaz: Gazetteer) -> tuple[str, bool] | None:
    """The gazetteer key of the words ``key`` and whether it is an adjectival form, if any.

    A name followed by a period is first looked up with it, as abbreviations ("Ky.") only
    match with their period.
    """
    if dotted and key + "." in gaz.names:
        return key + ".", False
    if key in gaz.demonyms:
        return key, True
    if key in gaz.names:
        return key, False
    return None


@dataclass(slots=True)
class _Context:
    """What the whole article says about its names, for the final choice of candidates."""

    gaz: Gazetteer
    #: people's surnames seen after a given name or title: "Nicolás Maduro" -> "Maduro"
    surnames: set[str] = field(default_factory=set)
    #: surnames that are also big places ("Jesús Mérida"): dropped only where the person speaks
    famous_surnames: set[str] = field(default_factory=set)
    #: countries the article names outright (for common words that are also states: "Central")
    countries: frozenset[str] = frozenset()

    @classmethod
    def of(cls, judged: list[tuple[Span, Verdict]], gaz: Gazetteer) -> _Context:
        """The context of an article's judged names (in text order)."""
        context = cls(gaz, countries=_named_countries(judged, gaz))
        for span, verdict in judged:
            context.note_person(span, verdict.role)
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
        """Whether a judged candidate is worth a mention."""
        role = verdict.role
        if role in ("person", "word"):
            return False
        if role == "place" and (span.key in self.surnames or self._famous_speaker(span)):
            return False
        if role == "embedded" and not significant(span.key, self.gaz):
            return False  # "Pedro Rances Mattey", "Gang Inmates": not worth a mention
        return role == "demonym" or not _reject_as_word(span, self.countries)

    def _famous_speaker(self, span: Span) -> bool:
        """ "Mérida said" after "Jesús Mérida", but "Guyana says" is the country."""
        nxt = span.next
        return (
            span.key in self.famous_surnames
            and nxt is not None
            and nxt.key in SPEECH_VERBS
            and not span.names_a(span.key, "country", "region")
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
    sentence = span.tokens[span.first].sentence
    return Candidate(start, end, span.text[start:end], span.key, role, sentence, why)


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


def _a_name_more_than_a_word(span: Span, context_countries: frozenset[str]) -> bool:
    """Whether a frequent word is frequent because it is a name (a country, a state, a site)."""
    key = span.key
    cands = span.gaz.candidates(key)
    if any(e.kind in ("country", "region", "site") or e.user for e, _ in cands):
        return True
    if key not in GENERIC_REGION_WORDS and any(e.kind == "admin1" and main for e, main in cands):
        return True  # "Pennsylvania", "Georgia": frequent words only because they are names
    if any(e.kind == "admin1" and main and e.country in context_countries for e, main in cands):
        return True
    return _followed_by_container(span)  # "near Tame, in Arauca"
