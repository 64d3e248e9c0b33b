"""Word lists per language, kept as data (``vzmap/data/lexicon/<lang>/<part>.toml``) and checked.

Each file is a TOML table of named lists of strings (``function_words = ["the", "of"]``), a
comment above each list saying what it is for. A new language is a new folder with the same
files. A word listed twice in one list is an error naming the file and both lines, so a list
stays reviewable as it grows.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import LexiconError


def lexicon_dir() -> Path:
    """The folder holding one sub-folder of word lists per language."""
    return Path(str(resources.files("vzmap").joinpath("data", "lexicon")))


def languages(part: str) -> tuple[str, ...]:
    """The languages that have word lists for ``part``, sorted."""
    return tuple(sorted(d.name for d in lexicon_dir().iterdir() if (d / f"{part}.toml").is_file()))


def parse(text: str, source: str) -> dict[str, tuple[str, ...]]:
    """The named word lists of a lexicon file's text; :class:`LexiconError` on any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{source}: not valid TOML: {exc}") from None
    lists: dict[str, tuple[str, ...]] = {}
    for name, items in data.items():
        if not isinstance(items, list) or not all(isinstance(w, str) and w for w in items):
            raise LexiconError(f"{source}: {name!r} must be a list of non-empty strings")
        _check_unique(text, source, name, items)
        lists[name] = tuple(items)
    return lists


def _check_unique(text: str, source: str, name: str, items: list[str]) -> None:
    seen: set[str] = set()
    for word in items:
        if word in seen:
            lines = _lines_of(text, word)
            where = " and ".join(str(n) for n in lines[:2]) or "?"
            raise LexiconError(f"{source}: lines {where}: {word!r} is listed twice in {name!r}; "
                               "remove one")
        seen.add(word)


def _lines_of(text: str, word: str) -> list[int]:
    quoted = (f'"{word}"', f"'{word}'")
    return [n for n, line in enumerate(text.splitlines(), 1) if any(q in line for q in quoted)]


@cache
def load(part: str, lang: str) -> dict[str, tuple[str, ...]]:
    """The word lists of ``part`` (``recognition``, ``events``, ...) for language ``lang``."""
    path = lexicon_dir() / lang / f"{part}.toml"
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read word lists: {exc.strerror or exc}") from None
    return parse(text, str(path))


def word_list(part: str, name: str, langs: Iterable[str] | None = None) -> tuple[str, ...]:
    """List ``name`` of ``part``, the languages' lists one after the other (in language order)."""
    out: list[str] = []
    for lang in languages(part) if langs is None else langs:
        out.extend(load(part, lang).get(name, ()))
    return tuple(dict.fromkeys(out))


def word_set(part: str, name: str, langs: Iterable[str] | None = None) -> frozenset[str]:
    """List ``name`` of ``part`` as a set, over ``langs`` (default: every language)."""
    return frozenset(word_list(part, name, langs))
