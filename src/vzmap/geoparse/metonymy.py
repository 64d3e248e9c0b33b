"""Names that stand for something other than their place: a national team or a club in a match
report ("Paraguay venció a Chile", "Brazil beat Venezuela 2-0").

A match report is a sentence with two of: a sport word (``sport_words`` of the recognition
lexicons: "football", "gol", "World Cup", "eliminatorias"), a match verb (``match_verbs``:
"beat", "venció") and a score ("2-0"). There a country's or a big city's name is the team's,
unless a locative preposition places something in it ("en Asunción", "in Maturín"): it stays
a mention (embedded) but is not pinned. A sport word alone is not enough ("Qatar was chosen
for the World Cup": the host country).
"""

from __future__ import annotations

import re

from ..text.lexicon import word_set
from .names import Span, Token, joinable
from .rules import KNOWN_TOWN, LOCATIVES, Verdict

SPORT_WORDS = word_set("recognition", "sport_words")
MATCH_VERBS = word_set("recognition", "match_verbs")
_SCORE = re.compile(r"(?<![\d.,/-])\d{1,2}\s?[-–]\s?\d{1,2}(?![\d.,/-])")
#: The longest sport word, in tokens ("home run", "Copa América"), and their first words.
_LONGEST = max((len(w.split()) for w in SPORT_WORDS), default=1)
_FIRST_WORDS = frozenset(w.split()[0] for w in SPORT_WORDS)


def sport_sentences(text: str, tokens: list[Token]) -> frozenset[int]:
    """The numbers of the sentences that are match reports (two of: sport word, match verb,
    score)."""
    clues: dict[int, set[str]] = {}
    for i, tok in enumerate(tokens):
        if tok.key in MATCH_VERBS:
            clues.setdefault(tok.sentence, set()).add("verb")
        if tok.key in _FIRST_WORDS and _sport_word_at(text, tokens, i):
            clues.setdefault(tok.sentence, set()).add("sport")
    if clues:  # a score alone makes no match report: only sentences with a clue are read
        for sentence, start, end in _sentence_bounds(tokens):
            if sentence in clues and _SCORE.search(text, start, end):
                clues[sentence].add("score")
    return frozenset(n for n, kinds in clues.items() if len(kinds) >= 2)


def _sport_word_at(text: str, tokens: list[Token], i: int) -> bool:
    """Whether a sport word (of up to a few words) starts at token ``i``."""
    words = [tokens[i].key]
    for j in range(i + 1, min(len(tokens), i + _LONGEST)):
        if not joinable(text, tokens[j - 1], tokens[j]):
            break
        words.append(tokens[j].key)
    return any(" ".join(words[:n]) in SPORT_WORDS for n in range(1, len(words) + 1))


def _sentence_bounds(tokens: list[Token]) -> list[tuple[int, int, int]]:
    """(sentence, first offset, last offset) of each sentence that has tokens."""
    bounds: dict[int, list[int]] = {}
    for tok in tokens:
        b = bounds.setdefault(tok.sentence, [tok.start, tok.end])
        b[1] = tok.end
    return [(n, a, b) for n, (a, b) in bounds.items()]


def as_team(span: Span, verdict: Verdict, sport: frozenset[int]) -> Verdict:
    """``verdict``, or a team's where a place-like name stands for a team in a match report."""
    if verdict.role != "place" or span.tokens[span.first].sentence not in sport:
        return verdict
    prev = span.before
    if prev is not None and not prev.cap and prev.key in LOCATIVES:
        return verdict  # "en Asunción": where the match is
    if span.tokens[span.first].text.isupper():
        return verdict  # "OAKLAND, Calif. (AP)": a dateline
    if not any(
        e.kind == "country" or (e.kind == "city" and e.population >= KNOWN_TOWN)
        for e, _ in span.gaz.candidates(span.key)
    ):
        return verdict
    return Verdict("embedded", "a team in a match report")
