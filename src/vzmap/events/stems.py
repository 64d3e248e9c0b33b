"""Event tokens: the words of a sentence, folded and lightly stemmed per language (from data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..errors import LexiconError
from ..text import lexicon
from ..text.tokens import fold, words

#: The parts of one word of :func:`vzmap.text.tokens.words`: a hyphenated word, a contraction or
#: a dotted acronym ("pot-banging", "didn't", "U.S.") is matched part by part, so that a phrase
#: written "pot banging" or "pot-banging" is one phrase and "didn" of "didn't" is a negation.
_PART_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Token:
    text: str  # folded surface form
    key: str  # stem
    start: int
    end: int


@dataclass(frozen=True)
class _Rules:
    """How one language's words are stemmed (``<lang>/events.toml``, see its comments)."""

    irregular: dict[str, str]
    y_endings: tuple[str, ...]
    suffixes: tuple[str, ...]
    not_suffix_endings: tuple[str, ...]
    undoubling_suffixes: tuple[str, ...]
    kept_doubles: frozenset[str]
    silent_endings: tuple[str, ...]


@cache
def folded_list(name: str, lang: str) -> tuple[str, ...]:
    """Word list ``name`` of the events lexicon of ``lang``, folded."""
    return tuple(fold(w) for w in lexicon.load("events", lang).get(name, ()))


@cache
def folded_set(name: str, langs: tuple[str, ...] | None = None) -> frozenset[str]:
    """Word list ``name`` of the events lexicon over ``langs`` (default: every language), folded."""
    return frozenset(fold(w) for w in lexicon.word_list("events", name, langs))


@cache
def _rules(lang: str) -> _Rules:
    return _Rules(
        irregular=_irregular(lang),
        y_endings=folded_list("y_endings", lang),
        suffixes=folded_list("suffixes", lang),
        not_suffix_endings=folded_list("not_suffix_endings", lang),
        undoubling_suffixes=folded_list("undoubling_suffixes", lang),
        kept_doubles=frozenset(folded_list("kept_doubles", lang)),
        silent_endings=folded_list("silent_endings", lang),
    )


def _irregular(lang: str) -> dict[str, str]:
    """Form -> stem, from the ``"stem: form form ..."`` lines of ``irregular_stems``."""
    table: dict[str, str] = {}
    source = lexicon.lexicon_dir() / lang / "events.toml"
    for line in folded_list("irregular_stems", lang):
        key, sep, forms = line.partition(":")
        if not sep or not key.strip() or not forms.split():
            raise LexiconError(f"{source}: irregular_stems: {line!r} must look like "
                               "'detain: detention detentions'")
        for form in forms.split():
            if form in table:
                raise LexiconError(f"{source}: irregular_stems: {form!r} is listed "
                                   f"under {table[form]!r} and {key.strip()!r}; keep one")
            table[form] = key.strip()
    return table


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = "en") -> str:
    """A light, deterministic stem so that detain/detained/detaining (or detenido/detenidos) match.

    Not a linguistic lemmatiser: it only has to map the forms of one word to one key and rarely
    map two different words of the news vocabulary to the same key.
    """
    w = fold(word)
    rules = _rules(lang)
    if w in rules.irregular:
        return rules.irregular[w]
    if w.isdigit():
        return w
    y_ending = next((e for e in rules.y_endings if w.endswith(e)), "")
    if y_ending and len(w) > 4:
        return w[: -len(y_ending)] + "y"
    w = _cut_suffix(w, rules)
    if w.endswith(rules.silent_endings) and len(w) > 3:
        w = w[:-1]
    return w


def _cut_suffix(w: str, rules: _Rules) -> str:
    """``w`` without its first listed suffix that leaves 3 letters (``detained`` -> ``detain``)."""
    for suf in rules.suffixes:
        if not w.endswith(suf) or len(w) - len(suf) < 3:
            continue
        if any(w.endswith(e) and e.endswith(suf) for e in rules.not_suffix_endings):
            return w
        w = w[: -len(suf)]
        if (suf in rules.undoubling_suffixes and len(w) > 3 and w[-1] == w[-2]
                and w[-1] not in rules.kept_doubles):
            w = w[:-1]
        return w
    return w


def tokenize(text: str, lang: str = "en") -> list[Token]:
    """Word tokens with their stems and offsets into ``text``."""
    return list(_tokenize(text, lang))


@lru_cache(maxsize=256)
def _tokenize(text: str, lang: str) -> tuple[Token, ...]:
    # cached: the mentions of one sentence are classified one after the other
    return tuple(
        Token(fold(part.group()), stem(part.group(), lang), start + part.start(),
              start + part.end())
        for start, _end, word in words(text)
        for part in _PART_RE.finditer(word)
    )
