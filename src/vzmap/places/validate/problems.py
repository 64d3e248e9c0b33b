"""What a check finds: each Problem, and the Checked file with the parts its errors leave usable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .parts import feature_part

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem of a places file, located by file, 1-based line and column, and feature id.

    An ``error`` makes the part of the file it is in unusable (the feature, or just the mention,
    that ``pointer`` names; the whole file when ``pointer`` names no feature); a ``warning`` says
    what was assumed to use the file anyway.
    """

    path: str
    line: int
    column: int
    feature_id: str | None
    message: str
    severity: str = ERROR
    pointer: tuple = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}:"
        if self.severity == WARNING:
            where += " warning:"
        if self.feature_id:
            return f"{where} [{self.feature_id}] {self.message}"
        return f"{where} {self.message}"


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """``problems`` by position, each once."""
    seen: set[Problem] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line, p.column, p.message)):
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


@dataclass
class Checked:
    """A places file as read once: its data (editor defaults applied) and every problem."""

    data: Any
    problems: list[Problem]
    raw: bytes = b""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def usable(self) -> dict | None:
        """The collection without the features and mentions that have errors, or None when no
        part of the file can be used (not JSON, not a FeatureCollection, ...)."""
        data = self.data
        if not (isinstance(data, dict) and isinstance(data.get("features"), list)):
            return None
        dropped: set[int] = set()
        dropped_mentions: dict[int, set[int]] = {}
        for p in self.errors:
            where = feature_part(p.pointer)
            if where is None:
                return None
            if where[1] is None:
                dropped.add(where[0])
            else:
                dropped_mentions.setdefault(where[0], set()).add(where[1])
        features = []
        for i, f in enumerate(data["features"]):
            if i in dropped:
                continue
            if i in dropped_mentions:
                props = f["properties"]
                kept = [m for j, m in enumerate(props["mentions"]) if j not in dropped_mentions[i]]
                f = {**f, "properties": {**props, "mentions": kept}}
            features.append(f)
        return {**data, "features": features}
