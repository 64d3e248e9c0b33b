"""What the words around a phrase say about it: negated, which clause, how far from the mention,
and which month names are dates. Every word list is the sentence's language's."""

from __future__ import annotations

import re
from functools import cache

from .. import settings
from ..text import lexicon
from ..text.tokens import fold
from .stems import Token, folded_set


def setting(name: str) -> float:
    """The classifier's tunable ``events.<name>`` (see :mod:`vzmap.settings`)."""
    return settings.value(f"events.{name}")


@cache
def _clause_break_re(lang: str) -> re.Pattern[str]:
    # The clause words of the sentence's language, and ";".
    words = "|".join(re.escape(w) for w in sorted(folded_set("clause_breaks", (lang,))))
    return re.compile(rf";|\b(?:{words})\b" if words else ";", re.IGNORECASE)


def clauses(sentence: str, tokens: list[Token], lang: str = "en") -> list[int]:
    """The clause number of each token (a clause ends at ";" or before "while", "pero", ...)."""
    breaks = [m.start() for m in _clause_break_re(lang).finditer(sentence)]
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
    not_negating = folded_set("not_negating_next", (lang,))
    for j in range(max(0, start - window), start):
        if tokens[j].text in negations:
            nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
            if nxt not in not_negating:
                return True
    return False


def impersonated(tokens: list[Token], start: int, lang: str) -> bool:
    """Whether the party named at token ``start`` is only pretended ("men posing as police
    officers", "hombres que se hacían pasar por policías"): a word of ``impersonation`` stands
    up to 3 tokens before it."""
    words = folded_set("impersonation", (lang,))
    return any(t.text in words for t in tokens[max(0, start - 3) : start])


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
            return not (following & folded_set("self_pronouns", (lang,)))
    return False


#: The key given to a month name read as a date, which no phrase has ("in March 2023").
MONTH_KEY = "#month"


def mask_dates(sentence: str, tokens: list[Token], lang: str) -> list[Token]:
    """``tokens`` with each month name that reads as a date keyed :data:`MONTH_KEY`, so that
    "March" the month is not "march" the protest. A date: a capitalised month name (any case
    in languages that do not capitalise months) next to a number ("5 March", "March 2023") or
    after a date word ("in March", "since March")."""
    months = _months(lang)
    date_words = folded_set("date_words", (lang,))
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.text not in months or (months[t.text] and not sentence[t.start].isupper()):
            continue
        before = tokens[i - 1].text if i else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if before.isdigit() or after.isdigit() or before in date_words:
            out[i] = Token(t.text, MONTH_KEY, t.start, t.end)
    return out


@cache
def _months(lang: str) -> dict[str, bool]:
    """Folded month name -> whether the language writes it with a capital (as listed)."""
    return {fold(m): m[:1].isupper() for m in lexicon.load("events", lang).get("month_names", ())}


#: What may follow a dateline's place: ", Venezuela" or ", 9 ago" (up to 30 characters), an
#: agency in brackets, then the dash that opens the story ("CARACAS, 9 ago (EFE).-",
#: "GEORGETOWN, Guyana (AP) —", "Cúcuta.- ...").
_DATELINE_TAIL = re.compile(
    r"(?:,[^,.;()\n]{1,30})?\s*(?:\([^()\n]{1,25}\))?\s*(?:\.-|\.–|—|–|-\s)")
#: The rest of a sentence that is only a dateline ("Puerto Ayacucho." before "- La FANB ...").
_DATELINE_ALONE = re.compile(r"(?:,[^,.;()\n]{1,30})?\s*(?:\([^()\n]{1,25}\))?\s*\.?\s*")
#: What may stand before a dateline's second place: "GEORGETOWN, " before "Guyana".
_DATELINE_HEAD = re.compile(r"[\"'«“]?\s*(?:[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .]+,\s*)?")


def dateline(sentence: str, span: tuple[int, int] | None) -> bool:
    """Whether the characters ``span`` are the place of a dateline: at the start of the
    sentence (after another capitalised dateline place at most) and followed by the dash that
    opens a wire story, or by nothing but a date and an agency (a sentence of its own), or
    written in capitals and followed by a comma."""
    if span is None:
        return False
    start, end = span
    if not _DATELINE_HEAD.fullmatch(sentence[:start]):
        return False
    tail = sentence[end:]
    if _DATELINE_TAIL.match(tail) or _DATELINE_ALONE.fullmatch(tail):
        return True
    name = sentence[start:end]
    return name.isupper() and len(name) > 2 and tail[:1] in (",", "(") and start == 0


def background_frame(tokens: list[Token], mention: tuple[int, int] | None,
                     lang: str) -> str | None:
    """The phrase of ``background_frames`` ("born in", "oriundo de") that ends right before the
    mention or one word before it ("born in the ..."), if any: the place is then someone's
    background (birthplace, origin), not where the sentence's event happened."""
    if mention is None:
        return None
    first = mention[0]
    for frame in _frames(lang):
        n = len(frame)
        for end in range(max(0, first - 1), first + 1):
            begin = end - n
            if begin >= 0 and tuple(t.text for t in tokens[begin:end]) == frame:
                return " ".join(frame)
    return None


@cache
def _frames(lang: str) -> tuple[tuple[str, ...], ...]:
    """The ``background_frames`` of ``lang`` as tuples of folded words, longest first."""
    frames = {tuple(fold(w) for w in f.split()) for f in
              lexicon.load("events", lang).get("background_frames", ())}
    return tuple(sorted(frames, key=lambda f: (-len(f), f)))


def reasons(tokens: list[Token], clause: list[int], lang: str,
            mention: tuple[int, int] | None = None) -> frozenset[int]:
    """The tokens that say why something was done, not what was done at the place (no phrase
    there is evidence): the
    ``events.reason_window`` tokens after a word of ``reason_markers`` ("to reject",
    "fleeing", "wanted for", "en rechazo a") in its clause. "Marched to reject the attacks"
    is a march; "fleeing clashes" says why people moved. A scope that holds the mention is
    left whole ("fleeing clashes in Apure": the clashes were in Apure)."""
    window = int(setting("reason_window"))
    markers = _markers(lang)
    out: set[int] = set()
    for i, tok in enumerate(tokens):
        for marker in markers.get(tok.text, ()):
            n = len(marker)
            if tuple(t.text for t in tokens[i : i + n]) != marker:
                continue
            scope = [j for j in range(i + n, min(i + n + window, len(tokens)))
                     if clause[j] == clause[i]]
            if mention is not None and any(mention[0] <= j < mention[1] for j in scope):
                continue
            out.update(scope)
    return frozenset(out)


@cache
def _markers(lang: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The ``reason_markers`` of ``lang`` as tuples of folded words, by their first word."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for m in lexicon.load("events", lang).get("reason_markers", ()):
        words = tuple(fold(w) for w in m.split())
        if words:
            out.setdefault(words[0], []).append(words)
    return {k: tuple(v) for k, v in out.items()}


#: What may stand just before a sentence's first word (its first word is capitalised anyway).
_OPENERS = set("\"'«“‘([¿¡—–-:")


def proper_names(sentence: str, tokens: list[Token]) -> frozenset[int]:
    """Tokens that are words of a proper name: capitalised inside the sentence, next to another
    capitalised word ("the municipio Cruz Paredes", "Operación Tun Tun"). A common word that is
    a phrase ("cruz-": cross) is no evidence there. A sentence with most of its words
    capitalised (a headline in title case) has no names read this way; neither does its first
    word, nor one after an opening quote or a colon."""
    caps = [sentence[t.start].isupper() for t in tokens]
    words = [i for i, t in enumerate(tokens) if sentence[t.start].isalpha()]
    if not words or sum(caps[i] for i in words) * 2 > len(words):
        return frozenset()
    inner = [caps[i] and i > 0 and sentence[:tokens[i].start].rstrip()[-1:] not in _OPENERS
             for i in range(len(tokens))]
    return frozenset(i for i in range(len(tokens)) if inner[i] and (
        (i > 0 and caps[i - 1] and inner[i - 1]) or (i + 1 < len(tokens) and caps[i + 1])))


def dateline_alone(sentence: str, span: tuple[int, int] | None) -> bool:
    """Whether the dateline place ``span`` stands in a sentence that is only a dateline
    ("BARQUISIMETO.-", "CARACAS, 9 ago (EFE).-" split from the lead that follows), not at the
    start of the lead's own sentence ("GEORGETOWN, Guyana (AP) - Police raided ...")."""
    if not dateline(sentence, span) or span is None:
        return False
    rest = re.sub(r"(?:\.-|\.–|—|–|-)\s*$", "", sentence[span[1]:].rstrip())
    return bool(_DATELINE_ALONE.fullmatch(rest))
