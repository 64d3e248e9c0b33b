"""Tokens and the one fold: how text is cut into words and compared without case or accents."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

#: Words (any case) or tokens, with Unicode letters; acronyms with dots (U.S., D.C.) stay whole.
TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:-\w+)*(?:['’](?![sS]\b)\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and case-insensitive form of ``text`` ("Tocorón" -> "tocoron")."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def name_key(name: str) -> str:
    """The lookup key of a name: its folded tokens joined by single spaces.

    A trailing period is kept for abbreviations like "Ky." so that they only match with it.
    """
    tokens = TOKEN_RE.findall(name)
    key = " ".join(fold(t) for t in tokens)
    stripped = name.strip()
    if stripped.endswith(".") and tokens and not tokens[-1].endswith("."):
        key += "."
    return key


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, word)`` of every token of ``text`` (see :data:`TOKEN_RE`)."""
    for m in TOKEN_RE.finditer(text):
        yield m.start(), m.end(), m.group()
