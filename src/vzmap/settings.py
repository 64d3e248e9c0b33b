"""Every tunable of vzmap in one table, with its help text (as datasette's settings).

Values are read through :func:`value`; :func:`override` changes them for a benchmark sweep or a
test without editing code (``benchmarks/geoparse_accuracy.py --set resolve.apposition=2``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .errors import SettingsError


@dataclass(frozen=True)
class Setting:
    name: str
    default: float
    help: str


SETTINGS: tuple[Setting, ...] = (
    # --- the event classifier (vzmap.events.classify)
    Setting("events.trigger_weight", 1.0, "weight of a match of a type's triggers_<lang> phrase"),
    Setting("events.cue_weight", 0.6,
            "weight of a match of a type's cues_<lang> phrase (weaker evidence)"),
    Setting("events.length_bonus", 0.25,
            "extra weight per additional word of a matched phrase (specificity)"),
    Setting("events.claim_bonus", 0.25, "added to a type that claims another type's evidence"),
    Setting("events.condition_min", 0.75,
            "evidence a type needs to satisfy a claim condition naming it"),
    Setting("events.claim_window", 15,
            "claim conditions only look this many tokens around the claimed evidence"),
    Setting("events.negated_factor", 0.2,
            "multiplier for a trigger or cue just after a negation word"),
    Setting("events.negation_window", 4,
            "how many tokens before a phrase are searched for a negation word"),
    Setting("events.near_tokens", 6,
            "phrases within this many tokens of the mention keep their full weight"),
    Setting("events.decay_per_token", 0.03, "weight lost per token beyond near_tokens"),
    Setting("events.min_distance_factor", 0.4, "floor of the distance multiplier"),
    Setting("events.clause_factor", 0.5,
            "multiplier for a phrase in another clause than the mention"),
    Setting("events.min_score", 0.5, "below this best score the fallback type is returned"),
    Setting("events.fallback_score", 0.5,
            "score reported for the fallback type when nothing matched"),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_values: dict[str, float] = {s.name: s.default for s in SETTINGS}


def value(name: str) -> float:
    """The current value of setting ``name``."""
    return _values[name]


def parse(assignments: list[str]) -> dict[str, float]:
    """``["name=value", ...]`` (as given on a command line) as a mapping, each name checked."""
    out: dict[str, float] = {}
    for item in assignments:
        name, sep, raw = item.partition("=")
        if not sep:
            raise SettingsError(f"setting {item!r}: expected NAME=VALUE")
        try:
            out[name.strip()] = float(raw)
        except ValueError:
            raise SettingsError(f"setting {name!r}: {raw!r} is not a number") from None
    _check(out)
    return out


def _check(values: Mapping[str, float]) -> None:
    unknown = sorted(set(values) - set(_BY_NAME))
    if unknown:
        known = ", ".join(sorted(_BY_NAME))
        raise SettingsError(f"unknown setting {unknown[0]!r}; known settings: {known}")


@contextlib.contextmanager
def override(values: Mapping[str, float]) -> Iterator[None]:
    """Use ``values`` (name -> number) inside the ``with`` block, then restore the previous ones."""
    _check(values)
    saved = dict(_values)
    _values.update(values)
    try:
        yield
    finally:
        _values.clear()
        _values.update(saved)
