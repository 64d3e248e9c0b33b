"""What the words around a phrase say about it: negated, which clause, how far from the mention."""

from __future__ import annotations

import re
from functools import cache

from .. import settings
from .stems import Token, folded_set


def setting(name: str) -> float:
    """The classifier's tunable ``events.<name>`` (see :mod:`vzmap.settings`)."""
    return settings.value(f"events.{name}")


@cache
def _clause_break_re() -> re.Pattern[str]:
    # Language-blind: the clause words of every language, and ";".
    words = "|".join(re.escape(w) for w in sorted(folded_set("clause_breaks")))
    return re.compile(rf";|\b(?:{words})\b", re.IGNORECASE)


def clauses(sentence: str, tokens: list[Token]) -> list[int]:
    """The clause number of each token (a clause ends at ";" or before "while", "pero", ...)."""
    breaks = [m.start() for m in _clause_break_re().finditer(sentence)]
    if not breaks:
        return [0] * len(tokens)
    return [sum(b < t.start for b in breaks) for t in tokens]


def token_range(tokens: list[Token], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The token range ``(first, last + 1)`` covering the characters ``span``, if any."""
    if span is None:
        return None
    idx = [i for i, t in enumerate(tokens) if t.start < span[1] and t.end > span[0]]
    return (idx[0], idx[-1] + 1) if idx else None


def negated(tokens: list[Token], start: int, lang: str) -> bool:
    """Whether a negation word stands a few tokens before token ``start`` ("not only" is none)."""
    window = int(setting("negation_window"))
    negations = folded_set("negations", (lang,))
    not_negating = folded_set("not_negating_next")
    for j in range(max(0, start - window), start):
        if tokens[j].text in negations:
            nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
            if nxt not in not_negating:
                return True
    return False


def distance_factor(start: int, end: int, mention: tuple[int, int] | None) -> float:
    """Weight multiplier of a phrase at tokens ``start:end``, by its distance from the mention."""
    if mention is None:
        return 1.0
    ms, me = mention
    if end <= ms:
        d = ms - end
    elif start >= me:
        d = start - me
    else:
        d = 0
    near = setting("near_tokens")
    if d <= near:
        return 1.0
    return max(setting("min_distance_factor"), 1.0 - (d - near) * setting("decay_per_token"))


def reports(tokens: list[Token], after: int, lang: str) -> bool:
    """Whether a reporting verb follows token ``after`` (within 2 tokens), about someone else.

    "Police said ..." / "Police found the body ...": the police are a source, not the actor,
    unless they go on about themselves ("the army said it killed ...").
    """
    reporting = folded_set("reporting_verbs", (lang,))
    for j in range(after, min(after + 2, len(tokens))):
        if tokens[j].text in reporting:
            following = {t.text for t in tokens[j + 1 : j + 3]}
            return not (following & folded_set("self_pronouns"))
    return False
