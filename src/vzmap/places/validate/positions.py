"""Where each value of a places file's text starts, so that every problem has a line:column.

Our own scan of the JSON text (a small tokenizer, run only when there is a problem to place):
lines and columns are 1-based; columns count characters, not bytes.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable
from json.decoder import scanstring as _scanstring  # type: ignore[attr-defined]  # not in typeshed

from .parts import Pointer
from .syntax import MAX_INT_DIGITS

#: ``json``'s own string reader: (the decoded string, the index past its closing quote).
scanstring: Callable[[str, int], tuple[str, int]] = _scanstring

_LITERALS = ("true", "false", "null")
_CONSTANTS = ("NaN", "Infinity", "-Infinity")


class PositionIndex:
    """Where each value (and object key) of a valid JSON text starts, by JSON pointer tuple.

    An explicit stack instead of recursion, so that any nesting depth the JSON parser accepted
    can be located.
    """

    _WS = re.compile(r"[ \t\n\r]*")
    _NUM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")

    def __init__(self, text: str):
        self.text = text
        self.values: dict[Pointer, int] = {}
        self.keys: dict[Pointer, int] = {}
        self.duplicate_keys: list[tuple[Pointer, int]] = []
        self.constants: list[tuple[Pointer, int, str]] = []  # NaN / Infinity / too large
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._scan()

    def _ws(self, i: int) -> int:
        m = self._WS.match(self.text, i)
        assert m is not None  # a run of blanks may be empty: it always matches
        return m.end()

    def _key(self, i: int, parent: Pointer, seen: set[str]) -> tuple[Pointer, int]:
        """Read the key at ``i`` of an object at ``parent``; (its pointer, where its value is)."""
        key, j = scanstring(self.text, i + 1)
        child = (*parent, key)
        if key in seen:
            self.duplicate_keys.append((child, i))
        seen.add(key)
        self.keys[child] = i
        return child, self._ws(self._ws(j) + 1)  # past ':'

    def _scalar(self, i: int, ptr: Pointer) -> int:
        text = self.text
        if text[i] == '"':
            return scanstring(text, i + 1)[1]
        for literal in _LITERALS:
            if text.startswith(literal, i):
                return i + len(literal)
        for constant in _CONSTANTS:
            if text.startswith(constant, i):
                self.constants.append((ptr, i, constant))
                return i + len(constant)
        m = self._NUM.match(text, i)
        assert m is not None  # the JSON parser accepted the text: what is left is a number
        number = m.group()
        # The same limits as the parse (Flags): integers over MAX_INT_DIGITS became infinity.
        is_int = number.lstrip("-").isdigit()
        if (len(number) > 4000 or (is_int and len(number.lstrip("-")) > MAX_INT_DIGITS)
                or not math.isfinite(float(number))):
            self.constants.append((ptr, i, number[:20] + ("…" if len(number) > 20 else "")))
        return m.end()

    def _scan(self) -> None:
        text = self.text
        stack: list[list] = []  # [pointer, seen keys (objects) or item count (lists)]
        ptr: Pointer = ()
        i = self._ws(0)
        while True:
            self.values[ptr] = i
            c = text[i]
            if c in "{[":
                j = self._ws(i + 1)
                if text[j] not in "}]":
                    if c == "{":
                        stack.append([ptr, set()])
                        ptr, i = self._key(j, ptr, stack[-1][1])
                    else:
                        stack.append([ptr, 0])
                        ptr, i = (*ptr, 0), j
                    continue
                i = j + 1
            else:
                i = self._scalar(i, ptr)
            # after a value: close containers until one continues with ','
            while stack:
                i = self._ws(i)
                top = stack[-1]
                if text[i] != ",":
                    stack.pop()
                    i += 1
                    continue
                i = self._ws(i + 1)
                if isinstance(top[1], set):
                    ptr, i = self._key(i, top[0], top[1])
                else:
                    top[1] += 1
                    ptr = (*top[0], top[1])
                break
            else:
                return

    def line_col(self, pos: int) -> tuple[int, int]:
        n = bisect.bisect_left(self._newlines, pos)
        line_start = self._newlines[n - 1] + 1 if n else 0
        return n + 1, pos - line_start + 1

    def locate(self, ptr: Iterable[str | int], *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``ptr`` (or its key), else of its nearest ancestor."""
        ptr = tuple(ptr)
        if key and ptr in self.keys:
            return self.line_col(self.keys[ptr])
        while ptr not in self.values and ptr:
            ptr = ptr[:-1]
        return self.line_col(self.values.get(ptr, 0))


class NoText:
    """Positions for data that has no text (vzmap's own output checked in memory)."""

    constants: tuple = ()
    duplicate_keys: tuple = ()

    def locate(self, ptr, *, key: bool = False) -> tuple[int, int]:
        return 1, 1

    def line_col(self, pos: int) -> tuple[int, int]:
        return 1, 1
