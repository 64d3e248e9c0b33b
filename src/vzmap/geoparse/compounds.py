"""Hyphenated words: "the Colombia-Venezuela border", "Caracas-La Guaira", "London-based".

A hyphenated word that opens no gazetteer name is cut into its parts before names are looked
up (:func:`split_compounds`), so each part may be a name. A name found so is a place in its own
right only in a word of two known places or more; beside a lower-case part ("London-based",
"made-in-China") or a part that names no known place ("Mercedes-Benz") it stays a mention inside
a word and is not pinned (:func:`compound_verdicts`). "Guinea-Bissau" and "Castilla-La Mancha"
stay whole.
"""

from __future__ import annotations

import re
from collections import Counter

from ..gazetteer.index import Gazetteer
from ..text.tokens import fold
from .names import Span, Token, joinable
from .verdicts import SMALL_TOWN, Verdict

#: The reason of a name inside a hyphenated word that is not a place in its own right.
IN_A_WORD = "in a hyphenated word"
#: How many words after a hyphenated word may end a gazetteer name it opens ("Castilla-La Mancha").
_COMPOUND_TAIL = 3
_PART = re.compile(r"[^-]+")


def split_compounds(text: str, tokens: list[Token], gaz: Gazetteer) -> list[Token]:
    """The tokens, where a hyphenated word with a capitalised part that opens no gazetteer name
    ("Colombia-Venezuela", "London-based", "Caracas-La Guaira") is cut into its parts, each a
    token that remembers the word; "Guinea-Bissau" and "Castilla-La Mancha" stay whole."""
    out: list[Token] = []
    for n, t in enumerate(tokens):
        if "-" in t.text and _capitalised_part(t.text) and not _opens_a_name(text, tokens, n, gaz):
            out.extend(_parts(t))
        else:
            out.append(t)
    return out


def _capitalised_part(word: str) -> bool:
    return any(part[:1].isupper() for part in word.split("-"))


def _opens_a_name(text: str, tokens: list[Token], n: int, gaz: Gazetteer) -> bool:
    """Whether the hyphenated token ``n`` is a gazetteer name or adjectival form, alone or with
    the words after it."""
    key = tokens[n].key
    if key in gaz.names or key in gaz.demonyms:
        return True
    for j in range(n + 1, min(len(tokens), n + 1 + _COMPOUND_TAIL)):
        if not joinable(text, tokens[j - 1], tokens[j]):
            return False
        key += " " + tokens[j].key
        if key in gaz.names:
            return True
    return False


def _parts(t: Token) -> list[Token]:
    """The parts of a hyphenated token, as tokens of their own."""
    return [
        Token(t.start + m.start(), t.start + m.end(), m.group(), fold(m.group()),
              m.group()[0].isupper(), t.sentence, t.first and m.start() == 0, t.headline,
              t.line_start, t.actor, (t.start, t.end))
        for m in _PART.finditer(t.text)
    ]


def compound_verdicts(judged: list[tuple[Span, Verdict]]) -> list[tuple[Span, Verdict]]:
    """The verdicts, where a name in a hyphenated word is a place in its own right only in a
    word of two names or more ("the Colombia-Venezuela border", "Caracas-La Guaira"); in a word
    with a lower-case part ("London-based", "made-in-China") or beside a part that names no
    town of SMALL_TOWN people or larger place ("Mercedes-Benz"), it is a name inside a word."""
    words = [_compound(span) for span, _ in judged]
    names = Counter(
        w for w, (span, _) in zip(words, judged, strict=True)
        if w is not None and _a_known_place(span)
    )
    out: list[tuple[Span, Verdict]] = []
    for (span, verdict), word in zip(judged, words, strict=True):
        if word is not None and verdict.role == "place" and (
            names[word] < 2 or _lower_case_part(span.text[word[0] : word[1]])
        ):
            verdict = Verdict("embedded", IN_A_WORD)
        out.append((span, verdict))
    return out


def _a_known_place(span: Span) -> bool:
    """Whether a name is an adjectival form, or the main name of a division, a country or a
    town of at least SMALL_TOWN people."""
    return span.is_demonym or any(
        main and (e.kind != "city" or e.population >= SMALL_TOWN)
        for e, main in span.gaz.candidates(span.key)
    )


def _compound(span: Span) -> tuple[int, int] | None:
    """The offsets of the hyphenated word a name is part of, if any."""
    return next(
        (t.compound for t in span.tokens[span.first : span.last + 1] if t.compound), None
    )


def _lower_case_part(word: str) -> bool:
    return any(part[:1].islower() for part in word.split("-"))
