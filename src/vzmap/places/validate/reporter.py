"""Collecting problems at the line:column of the value each one is about."""

from __future__ import annotations

from typing import Any

from .parts import Pointer, feature_id
from .positions import NoText, PositionIndex
from .problems import ERROR, Problem
from .syntax import SURROGATE


class Reporter:
    """Collects problems; positions come from an index of the text built only when needed."""

    def __init__(self, path: str, data: Any, text: str | None):
        self.path = path
        self.data = data
        self.text = text
        self._index: PositionIndex | NoText | None = None
        self.problems: list[Problem] = []

    @property
    def index(self) -> PositionIndex | NoText:
        if self._index is None:
            self._index = PositionIndex(self.text) if self.text is not None else NoText()
        return self._index

    def add(self, ptr: Pointer, message: str, *, key: bool = False,
            severity: str = ERROR) -> None:
        line, col = self.index.locate(ptr, key=key)
        self.at(ptr, line, col, message, severity)

    def at(self, ptr: Pointer, line: int, col: int, message: str, severity: str = ERROR, *,
           pointer: Pointer | None = None) -> None:
        """Record a problem at ``ptr``; ``pointer`` (default ``ptr``) is the part it makes
        unusable."""
        fid = feature_id(self.data, ptr)
        self.problems.append(Problem(
            self.path, line, col, _printable(fid) if fid else fid, _printable(message), severity,
            tuple(ptr if pointer is None else pointer)))


def _printable(text: str) -> str:
    """``text`` with lone surrogates (quoted from the file) written as ``\\udXXX`` escapes, so
    that a problem can be printed and saved as UTF-8."""
    return SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
