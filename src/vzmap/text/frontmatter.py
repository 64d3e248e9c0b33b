"""YAML front matter of Markdown notes: split off the text, parsed as metadata, made JSON-safe.

A front matter block is a ``---`` line at the very start of the file, ``key: value`` lines of
YAML, and a closing ``---`` (or ``...``) line. It is metadata, not part of the article: the
text that is stored and geoparsed starts after the closing line. A ``---`` first line followed
by prose is a horizontal rule, and the whole file is text. The YAML is parsed with
PyYAML's safe loader directly (not ``python-frontmatter``, which strips the text and loses the
line numbers that errors need).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import math
import re
from typing import Any

from ..errors import DocumentError

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)
_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*[ \t]*:", re.MULTILINE)
#: Keys of the metadata other spellings map to (``author`` is shown as the byline).
SYNONYMS = {"author": "byline", "language": "lang"}
#: Values the metadata may hold, per character of front matter (YAML aliases can multiply).
VALUES_PER_CHAR = 4


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """``(metadata, body, notes)`` of a Markdown text; ``({}, text, ())`` without front matter.

    A value YAML cannot read as what it looks like (``date: 2024-02-30``) is kept as the text
    it was written as, with a note naming the line. A block that is not ``key: value`` lines
    (the article opens with a ``---`` horizontal rule) is text, not front matter, with a note.
    Raises :class:`DocumentError` naming ``where`` and the line for a front matter that is not
    closed or not YAML.
    """
    opening = _OPEN.match(text)
    if opening is None:
        return {}, text, ()
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        raise DocumentError(
            f"{where}:1: front matter opened with '---' is never closed; add a '---' line "
            "after its last 'key: value' line"
        )
    block = text[opening.end() : closing.start()]
    try:
        data, notes = _load_yaml(block, where)
    except DocumentError:
        if _KEY_LINE.search(block):
            raise
        data, notes = "", []  # prose between two rules that YAML cannot even read
    if data is not None and not isinstance(data, dict):
        return {}, text, (
            f"{where}:1: the opening '---' is read as a horizontal rule, not front matter "
            "(no 'key: value' lines follow it); the whole file is the article's text",
        )
    meta = json_safe(data or {}, budget=[VALUES_PER_CHAR * len(block) + 16], where=where)
    for key, canonical in SYNONYMS.items():
        if key in meta and canonical not in meta:
            meta[canonical] = meta[key]
    body = text[closing.end() :].lstrip("\r\n")
    return meta, body, tuple(notes)


@functools.cache
def _loader_class() -> type:
    """PyYAML's safe loader, except that a date that is not one (``2024-02-30``) stays text."""
    import yaml  # type: ignore[import-untyped]

    class Loader(yaml.SafeLoader):
        notes: list[str]
        where: str

        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError as exc:
                value = self.construct_scalar(node)
                self.notes.append(
                    f"{self.where}:{2 + node.start_mark.line}: {value!r} is not a real date "
                    f"({exc}); it is kept as the text it was written as"
                )
                return value

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


def _load_yaml(block: str, where: str) -> tuple[Any, list[str]]:
    """The YAML of a front matter block and notes on values kept as written."""
    import yaml

    loader = _loader_class()(block)
    loader.notes, loader.where = [], where
    try:
        return loader.get_single_data(), loader.notes
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = 2 + (mark.line if mark is not None else 0)
        what = " ".join(str(p) for p in (exc.problem, exc.context) if p)
        raise DocumentError(
            f"{where}:{line}: front matter is not valid YAML ({what}); write it as "
            "'key: value' lines and quote values that contain ':' or '#'"
        ) from exc
    except (yaml.YAMLError, ValueError) as exc:
        raise DocumentError(
            f"{where}:2: front matter is not valid YAML ({exc}); write it as 'key: value' "
            "lines and quote values that YAML reads as something else"
        ) from exc
    finally:
        loader.dispose()


def json_safe(value: Any, *, budget: list[int], where: str) -> Any:
    """``value`` as JSON can hold it: dates as ISO strings, sets as lists, keys as strings.

    ``budget`` (a one-item list, spent as values are visited) stops YAML alias bombs.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise DocumentError(f"{where}:2: front matter is too large once expanded (YAML aliases?)")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {str(k): json_safe(v, budget=budget, where=where) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [json_safe(v, budget=budget, where=where) for v in items]
    return str(value)
