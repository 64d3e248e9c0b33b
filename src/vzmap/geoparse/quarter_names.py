"""Names the text calls a quarter of a town (pure): "los barrios Olaya Herrera, El Pozón y
Nelson Mandela", "el sector Puente Ayala", "the Juárez neighborhood", "the barrios of Rebolo and
Carrizal", and later mentions of those names after a preposition ("años en El Pozón").

Each name is a span of the text and the number of its sentence; :mod:`.quarters` pins them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..text.tokens import fold
from .names import ARTICLES, DETERMINERS, FUNCTION_WORDS, LIST_GAP, word_pattern

#: A name's word: capitalised, or a number ("Comuna 13", "23 de Enero").
_WORD = re.compile(r"[\w'’-]+")
#: What may join two words of one name: a space, or a link word ("Cristo de Aranza").
_LINK = re.compile(r"[ \t]+(?:(?:de|del|de la|de las|de los|la|las|los|el)[ \t]+)?")
#: What separates two names of one list, looking back from the second.
_LIST_GAP_BEFORE = re.compile(rf"(?:{LIST_GAP.pattern})$")
#: Prepositions before a later mention of a quarter's name ("años en El Pozón").
_PREPOSITIONS = "en|de|del|desde|hasta|hacia|in|at|from"
#: "el sector", "los barrios de", "la parroquia": lower-case head, then the quarter's name.
_HEAD = re.compile(
    rf"\b(?P<head>{word_pattern('quarter_heads')})(?P<plural>e?s)?[ \t]+(?:(?:de|del)[ \t]+)?",
)
#: Lower-case words after a quarter's name: "the Juárez neighborhood", "the Atalaya district".
TAILS = f"{word_pattern('quarter_tails')}|{word_pattern('district_tails')}"
_TAIL = re.compile(rf"[ \t]+(?P<tail>{TAILS})\b")
#: "the barrios of Rebolo, La Chinita and Carrizal": a tail word as a head.
_TAIL_HEAD = re.compile(rf"\b(?:{word_pattern('quarter_tails')})[ \t]+of[ \t]+")
#: Heads that are also English words ("the energy sector Chevron"): Spanish articles only.
_SPANISH_ONLY_HEADS = frozenset({"sector", "zona", "distrito"})
#: A one-word quarter name at least this frequent (Zipf) is a common word: "Salud" (5.3) and
#: "Norte" (5.2) in Spanish, "Latino" (3.8) and "Hispanic" (4.0) in English ("Brasil" is 5.0
#: in Spanish, "Juárez" 2.4 in English).
COMMON_ES_ZIPF = 5.1
COMMON_EN_ZIPF = 3.7
#: How far before a tail word a quarter's name may start (characters).
_NAME_CHARS = 80
#: Words that lead a run of capitalised words without being part of the name ("The").
_LEADING = FUNCTION_WORDS | DETERMINERS


@dataclass(frozen=True, slots=True)
class Quarter:
    """A name the text calls a quarter: its offsets and the number of its sentence."""

    start: int
    end: int
    sentence: int


def said_quarters(
    text: str, sentences: Sequence[tuple[int, int]], lang: str, stops: Sequence[int]
) -> list[Quarter]:
    """Every name the text calls a quarter, in the order found, each once; a name ends before
    a pinned place (``stops``: their starts, sorted), as in "José Félix Ribas de Petare"."""
    out: dict[Quarter, None] = {}
    for n, (s_start, s_end) in enumerate(sentences):
        local = {s - s_start for s in stops[bisect.bisect_left(stops, s_start):
                                            bisect.bisect_left(stops, s_end)]}
        for start, end in _in_sentence(text[s_start:s_end], lang, local):
            out[Quarter(s_start + start, s_start + end, n)] = None
    return list(out)


def repeated(text: str, sentences: Sequence[tuple[int, int]], names: Sequence[str]
             ) -> Iterator[Quarter]:
    """Each mention of one of ``names`` after a preposition ("años en El Pozón"), in one pass
    over the text."""
    if not names:
        return
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    starts = [s for s, _ in sentences]
    for m in re.finditer(rf"\b(?:{_PREPOSITIONS})[ \t]+({alternation})\b", text):
        n = bisect.bisect_right(starts, m.start(1)) - 1
        if n >= 0 and m.start(1) < sentences[n][1]:
            yield Quarter(m.start(1), m.end(1), n)


def _in_sentence(sentence: str, lang: str, stops: set[int]) -> Iterator[tuple[int, int]]:
    """The spans of a sentence's names called quarters: after a head word ("el sector"), after
    "barrios of", before a tail word ("neighborhood")."""
    for m in _HEAD.finditer(sentence):
        if lang != "es" and fold(m.group("head")) in _SPANISH_ONLY_HEADS:
            continue
        yield from _names_after(sentence, m.end(), bool(m.group("plural")), stops)
    for m in _TAIL_HEAD.finditer(sentence):
        yield from _names_after(sentence, m.end(), True, stops)
    for m in _TAIL.finditer(sentence):
        yield from _names_before(sentence, m.start(), m.group("tail").endswith("s"))


def _names_after(text: str, pos: int, listed: bool, stops: set[int]) -> Iterator[tuple[int, int]]:
    """The name at ``pos`` and, when ``listed``, the names listed after it."""
    while (span := _name_at(text, pos, stops)) is not None:
        yield span
        sep = LIST_GAP.match(text, span[1])
        if not listed or sep is None:
            return
        pos = sep.end()


def _word(text: str, pos: int) -> re.Match | None:
    """The word of a name at ``pos``: capitalised, or a number; not a possessive."""
    m = _WORD.match(text, pos)
    if m is None or not (m.group()[0].isupper() or m.group().isdigit()):
        return None
    return None if m.group().endswith(("'s", "’s")) else m


def _is_name(words: Sequence[str]) -> bool:
    """Whether words make a name: one of them capitalised and not an article ("La" alone)."""
    return any(w[0].isupper() and fold(w) not in ARTICLES for w in words)


@lru_cache(maxsize=4096)
def common_word(key: str, known: bool) -> bool:
    """Whether a one-word quarter name is rather a common word: very common in Spanish ("el
    sector Salud", "la zona Norte"), or common in English and no gazetteer name (``known``:
    "a Latino neighborhood"; "the Austin neighborhood" stays). Names are rarer: "brasil",
    "juárez", "moravia"."""
    from wordfreq import zipf_frequency

    es, en = zipf_frequency(key, "es"), zipf_frequency(key, "en")
    return es >= COMMON_ES_ZIPF or (en >= COMMON_EN_ZIPF and not known)


def _name_at(text: str, pos: int, stops: set[int]) -> tuple[int, int] | None:
    """The name that starts at ``pos``: capitalised words, joined by spaces or link words."""
    first = _word(text, pos)
    if first is None or pos in stops:
        return None
    end = first.end()
    while (link := _LINK.match(text, end)) and (word := _word(text, link.end())):
        if word.start() in stops:
            break
        end = word.end()
    return (pos, end) if _is_name(text[pos:end].split()) else None


def _names_before(text: str, pos: int, listed: bool) -> Iterator[tuple[int, int]]:
    """The name that ends at ``pos`` and, when ``listed``, those listed before it."""
    while (span := _name_ending(text, pos)) is not None:
        yield span
        sep = _LIST_GAP_BEFORE.search(text, max(0, span[0] - 12), span[0])
        if not listed or sep is None:
            return
        pos = sep.start()


def _name_ending(text: str, pos: int) -> tuple[int, int] | None:
    """The run of capitalised words that ends at ``pos``, without a leading "The"."""
    run: list[re.Match] = []
    window = max(0, pos - _NAME_CHARS)
    for w in reversed(list(re.finditer(r"\S+", text[window:pos]))):
        word = _word(text, window + w.start())
        if word is None or word.end() != window + w.end():
            break
        run.insert(0, w)
    while run and fold(run[0].group()) in _LEADING:
        run.pop(0)
    if not run or not _is_name([w.group() for w in run]) or (window and run[0].start() == 0):
        return None  # a run as long as the window is no name
    return window + run[0].start(), pos
