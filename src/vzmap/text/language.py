"""Which language an article is written in: its metadata's word, else ``lingua``'s guess.

vzmap reads English and Spanish (:data:`SUPPORTED`); an article in another language is read with
the English rules, and says so in its notes. Detection reads the first :data:`SAMPLE_CHARS`
characters with ``lingua``'s low-accuracy mode among a few languages of the region, which is
enough for a whole article (all of 324 English and Spanish test articles, 0.6 ms each, 0.05 s
to load). :func:`sentence_language` lets one sentence of an article be read in the other
language (a Spanish quote in an English story).
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: Languages the pipeline has rules and word lists for.
SUPPORTED = ("en", "es")
#: Languages told apart when guessing (the region's, so Portuguese is not read as Spanish).
CANDIDATES = ("en", "es", "pt", "fr", "it", "nl")
#: How much of an article the guess reads.
SAMPLE_CHARS = 1000


@cache
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in CANDIDATES]
    return (LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
            .with_low_accuracy_mode().build())


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or ``None`` when there is too little text."""
    # lone surrogates (a broken decoding) cannot cross into lingua's Rust code
    sample = text[:SAMPLE_CHARS].encode("utf-8", "replace").decode("utf-8")
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None


def metadata_language(meta: dict[str, Any]) -> str | None:
    """The language an article's metadata names (``lang`` or ``language``: ``"es"``,
    ``"es-VE"``, ``"Spanish"``...), as an ISO 639-1 code; ``None`` when it names none."""
    for key in ("lang", "language"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return _code(value.strip())
    return None


_NAMES = {"english": "en", "inglés": "en", "ingles": "en", "spanish": "es", "español": "es",
          "espanol": "es", "castellano": "es", "portuguese": "pt", "português": "pt"}


def _code(value: str) -> str | None:
    low = value.lower()
    if low in _NAMES:
        return _NAMES[low]
    primary = low.replace("_", "-").split("-")[0]
    return primary if len(primary) == 2 and primary.isalpha() else None


def article_language(text: str, meta: dict[str, Any]) -> tuple[str, str | None]:
    """``(language the pipeline reads the article in, note for the user or None)``.

    The metadata's word wins over the guess; a language without rules is read as English.
    """
    named = metadata_language(meta)
    lang = named or detect_language(text) or "en"
    if lang in SUPPORTED:
        return lang, None
    how = "named in its metadata" if named else "detected"
    return "en", f"language {lang!r} ({how}) has no rules in vzmap: read with the English ones"


#: A sentence is read in the other supported language only when it has at least this many
#: function words of that language and more than twice as many as of the article's.
SWITCH_MIN_WORDS = 3


@cache
def _function_words() -> dict[str, frozenset[str]]:
    from .lexicon import word_set

    sets = {lang: word_set("recognition", "function_words", [lang]) for lang in SUPPORTED}
    return {lang: words - frozenset().union(*(w for o, w in sets.items() if o != lang))
            for lang, words in sets.items()}


def sentence_language(sentence: str, article_lang: str) -> str:
    """The language to read one sentence of an article in: the article's, unless the sentence
    is plainly in the other supported language (a Spanish quote in an English story).

    Cheap first: the sentence's function words of each language (``data/lexicon``); only when
    they point the other way does ``lingua`` decide.
    """
    if article_lang not in SUPPORTED:
        return article_lang
    words = _function_words()
    tokens = [t.lower() for t in sentence.split()]
    own = sum(t in words[article_lang] for t in tokens)
    for other in SUPPORTED:
        if other == article_lang:
            continue
        theirs = sum(t in words[other] for t in tokens)
        if theirs >= SWITCH_MIN_WORDS and theirs > 2 * own and detect_language(sentence) == other:
            return other
    return article_lang
