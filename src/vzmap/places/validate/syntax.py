"""Reading a places file into data once: bytes, UTF-8, JSON syntax (with a hint), depth, surrogates.

The parse records, through its hooks (:class:`Flags`), what only a scan of the text can place
(NaN and huge numbers, duplicate keys), so that the position index is built only when needed.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any, NamedTuple

from ..store import restore_missing
from .parts import Pointer
from .problems import Problem

#: Deeper nesting than this is refused: a places file needs six levels, and deeper values would
#: exhaust the recursion of the JSON tools that read the file after vzmap.
MAX_DEPTH = 64
#: Integers with more digits than this are refused (Python refuses to parse over 4300).
MAX_INT_DIGITS = 30

SURROGATE = re.compile("[\ud800-\udfff]")
ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


# --------------------------------------------------------------------------- bytes


def read_file_bytes(path: Path | str) -> tuple[bytes, Problem | None]:
    """The bytes of a places file, or the problem that stops reading it. Only regular files
    are read (a FIFO would block, ``/dev/zero`` never ends)."""
    name = str(path)
    restore_missing(path)  # a writer killed mid-swap left the file moved aside
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return b"", Problem(name, 1, 1, None, "not a regular file; give the path of a "
                                "places file (.geojson)")
        with open(path, "rb") as fh:
            return fh.read(), None
    except FileNotFoundError:
        return b"", Problem(name, 1, 1, None, "no such file; run `vzmap ingest` to create it")
    except OSError as exc:
        return b"", Problem(name, 1, 1, None, f"cannot be read: {exc.strerror or exc}")


def decode_places_bytes(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Decode a places file strictly as UTF-8, or say where it is not UTF-8."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace"))
        return None, Problem(
            path, line, col + 1, None,
            f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )


# --------------------------------------------------------------------------- syntax hints


class _Spot(NamedTuple):
    """Where the JSON parser stopped: the text from there, the text before it (trailing blanks
    stripped), the last character before it and the character at it."""

    rest: str
    before: str
    prev: str
    here: str

    @classmethod
    def at(cls, text: str, pos: int) -> _Spot:
        before = text[:pos].rstrip()
        return cls(text[pos:], before, before[-1:] if before else "", text[pos : pos + 1])


_TRAILING_COMMA_IN_OBJECT = "trailing comma before '}': remove the ',' after the last property"
_ENDS_EARLY = (
    "the file ends too early: a closing ']' or '}' is missing; add it (or restore the "
    "previous version from the .bak file beside it)"
)
_BAD_ESCAPE = 'invalid backslash escape in a string; write a backslash as "\\\\"'


def _property_name_hint(spot: _Spot) -> str:
    if spot.here == "'":
        return "property names need double quotes: write \"name\", not 'name'"
    if spot.prev == ",":
        return _TRAILING_COMMA_IN_OBJECT
    return 'expected a property name in double quotes, like "name": ...'


def _value_hint(spot: _Spot) -> str:
    if spot.prev == "," and spot.here == "]":
        return "trailing comma before ']': remove the ',' after the last item"
    if spot.prev == "," and spot.here == "}":
        return _TRAILING_COMMA_IN_OBJECT
    if spot.here == "'":
        return "strings need double quotes: write \"text\", not 'text'"
    word = re.match(r"[A-Za-z_]+", spot.rest)
    if word:
        return (
            f"{word.group()!r} is not a JSON value; write a number, a string in double "
            "quotes, true, false or null"
        )
    return "expected a value: a number, a string in double quotes, an object, a list, null"


def _comma_hint(spot: _Spot) -> str:
    prev_line = spot.before.count("\n") + 1 if spot.before else 1
    return (
        f"expected ',' or a closing bracket here; is a ',' missing at the end of line "
        f"{prev_line}?"
    )


#: The hint for a message of the JSON parser, by how the message starts: a text, or a function
#: of the spot where the parser stopped.
_HINTS = (
    ("Expecting property name", _property_name_hint),
    ("Expecting value", _value_hint),
    ("Expecting ',' delimiter", _comma_hint),
    ("Expecting ':' delimiter", "expected ':' between a property name and its value"),
    ("Extra data", "unexpected text after the end of the FeatureCollection; a places file holds "
     "one JSON object: remove what follows it (or a '}' closes it too early)"),
    ("Unterminated string", 'a string is not closed: add the closing double quote "'),
    ("Invalid control character", "a raw line break or tab inside a string; write \\n or \\t "
     "instead"),
    ("Invalid \\escape", _BAD_ESCAPE),
    ("Invalid \\u", _BAD_ESCAPE),
)


def _syntax_hint(text: str, exc: json.JSONDecodeError) -> str:
    """What a person should write instead, for the JSON parser's error ``exc``."""
    if not text[exc.pos:].strip() and not exc.msg.startswith("Unterminated"):
        return _ENDS_EARLY
    for prefix, hint in _HINTS:
        if exc.msg.startswith(prefix):
            return hint(_Spot.at(text, exc.pos)) if callable(hint) else hint
    return exc.msg


# --------------------------------------------------------------------------- parsing


class Flags:
    """What the parse saw that needs the position index to report: constants, duplicate keys."""

    def __init__(self) -> None:
        self.constants = False
        self.duplicate_keys = False

    def constant(self, name: str) -> float:
        self.constants = True
        return math.nan

    def integer(self, digits: str) -> int | float:
        if len(digits.lstrip("-")) > MAX_INT_DIGITS:
            self.constants = True
            return math.inf
        return int(digits)

    def real(self, digits: str) -> float:
        value = float(digits)
        if not math.isfinite(value):
            self.constants = True
        return value

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.duplicate_keys = True
        return obj


def parse(text: str, path: str) -> tuple[Any, Flags, Problem | None]:
    """Parse ``text`` once: (data, what needs positions, the syntax problem or None)."""
    flags = Flags()
    if text.startswith("\ufeff"):
        return None, flags, Problem(
            path, 1, 1, None, "the file starts with a byte-order mark (BOM); save it as UTF-8 "
            "without BOM"
        )
    if not text.strip():
        return None, flags, Problem(
            path, 1, 1, None,
            'the file is empty; write {"type": "FeatureCollection", "features": []} for a '
            "places file without places",
        )
    try:
        data = json.loads(
            text, parse_constant=flags.constant, parse_int=flags.integer,
            parse_float=flags.real, object_pairs_hook=flags.pairs,
        )
    except json.JSONDecodeError as exc:
        return None, flags, Problem(
            path, exc.lineno, exc.colno, None, f"invalid JSON: {_syntax_hint(text, exc)}"
        )
    except (RecursionError, MemoryError):
        return None, flags, Problem(path, 1, 1, None, "invalid JSON: nested too deeply")
    return data, flags, None


# --------------------------------------------------------------------------- parsed values


def too_deep(data: Any) -> Pointer | None:
    """The pointer of the first value nested deeper than :data:`MAX_DEPTH`, or None."""
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        value, ptr = stack.pop()
        if len(ptr) > MAX_DEPTH:
            return ptr
        if isinstance(value, dict):
            stack.extend((v, (*ptr, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*ptr, n)) for n, v in enumerate(value))
    return None


def lone_surrogates(data: Any) -> list[Pointer]:
    """Pointers of strings (values or keys) holding a lone surrogate (JSON allows the escape,
    UTF-8 cannot encode it)."""
    found: list[Pointer] = []
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        value, ptr = stack.pop()
        if isinstance(value, str):
            if SURROGATE.search(value):
                found.append(ptr)
        elif isinstance(value, dict):
            for k, v in value.items():
                if SURROGATE.search(k):
                    found.append((*ptr, k))
                stack.append((v, (*ptr, k)))
        elif isinstance(value, list):
            stack.extend((v, (*ptr, n)) for n, v in enumerate(value))
    return found
