"""The taxonomy's phrases and claims compiled per language, and the longest-match search."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import TaxonomyError
from .actors import ACTOR_KINDS
from .stems import Token, tokenize
from .taxonomy import EventType, Taxonomy

# Evidence kinds of phrases a type may list (field name prefix); any other list named in a
# claim condition (``actors``, ``targets``, ``state_forces``, ...) is a "who" list.
EVIDENCE_KINDS = ("triggers", "cues")
KINDS = (*EVIDENCE_KINDS, "exclude")


@dataclass(frozen=True)
class Phrase:
    keys: tuple[str, ...]  # stems (or folded surface forms for kind "exclude")
    type_id: str
    kind: str
    text: str


@dataclass(frozen=True)
class Claim:
    claimer: str
    source: str
    conditions: tuple[str, ...]  # "self", a type id, or the name of a who list of the claimer


#: Phrases by the key of their first token.
Index = dict[str, list[Phrase]]
#: A match: token range and the phrases found there.
Match = tuple[int, int, list[Phrase]]


def parse_claims(tax: Taxonomy, langs: tuple[str, ...]) -> list[Claim]:
    """The ``claims`` of every type; each condition checked against the type's fields."""
    claims: list[Claim] = []
    ids = set(tax.ids)
    for t in tax.types:
        raw = t.extra.get("claims", [])
        if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
            raise TaxonomyError(
                f"{tax.source}: type {t.id!r}: claims must be a list of strings like "
                f"'arrest_raid:targets'"
            )
        claims.extend(_parse_claim(tax, t, item, ids, langs) for item in raw)
    return claims


def _parse_claim(tax: Taxonomy, t: EventType, item: str, ids: set[str],
                 langs: tuple[str, ...]) -> Claim:
    source, _, cond = item.partition(":")
    source = source.strip()
    conditions = tuple(c.strip() for c in cond.split("+") if c.strip()) or ("self",)
    if source not in ids:
        raise TaxonomyError(
            f"{tax.source}: type {t.id!r}: claim {item!r} names unknown type "
            f"{source!r}; known types: {sorted(ids)}"
        )
    for c in conditions:
        if c == "self" or c in ids:
            continue
        if c in KINDS or not (any(f"{c}_{lang}" in t.extra for lang in langs)
                              or c in _actor_kinds(tax, t)):
            raise TaxonomyError(
                f"{tax.source}: type {t.id!r}: claim {item!r}: condition {c!r} must be "
                f"'self', a type id or the name of a list of this type such as "
                f"{c}_en = [...]"
            )
    return Claim(t.id, source, conditions)


def who_lists(claims: list[Claim], ids: set[str]) -> dict[str, set[str]]:
    """Type id -> the names of its who lists that its claims use."""
    lists: dict[str, set[str]] = {}
    for c in claims:
        for cond in c.conditions:
            if cond != "self" and cond not in ids:
                lists.setdefault(c.claimer, set()).add(cond)
    return lists


def _actor_kinds(tax: Taxonomy, t: EventType) -> dict[str, list[str]]:
    """The type's ``actor_kinds`` table: list name -> kinds of named actor (checked)."""
    table = t.extra.get("actor_kinds", {})
    if not isinstance(table, dict) or not all(
            isinstance(v, list) and all(k in ACTOR_KINDS for k in v) for v in table.values()):
        raise TaxonomyError(
            f"{tax.source}: type {t.id!r}: actor_kinds must be a table of lists of actor kinds "
            f"(from {', '.join(ACTOR_KINDS)}), like actor_kinds = {{ actors = ['armed_group'] }}"
        )
    if "exclude" in table:
        raise TaxonomyError(f"{tax.source}: type {t.id!r}: actor_kinds cannot fill 'exclude'")
    return table


def build_index(tax: Taxonomy, who: dict[str, set[str]], lang: str,
                actor_names: dict[str, tuple[str, ...]] | None = None) -> Index:
    """Every phrase of ``lang`` (evidence, exclusions and who lists), by its first key; the
    names of the actors of the kinds a type's ``actor_kinds`` gives a list join that list."""
    index: Index = {}
    actor_names = actor_names or {}
    for t in tax.types:
        by_kind = _actor_kinds(tax, t)
        for kind in (*KINDS, *sorted(who.get(t.id, ()))):
            named = [n for k in by_kind.get(kind, ()) for n in actor_names.get(k, ())]
            for text in (*_phrases_of(tax, t, f"{kind}_{lang}", kind), *named):
                toks = tokenize(text, lang)
                if not toks:
                    continue
                keys = tuple(tok.text if kind == "exclude" else tok.key for tok in toks)
                index.setdefault(keys[0], []).append(Phrase(keys, t.id, kind, text))
    return index


def _phrases_of(tax: Taxonomy, t: EventType, field: str, kind: str) -> tuple[str, ...]:
    phrases = getattr(t, field, None) if kind == "triggers" else None
    if phrases is None:
        phrases = t.extra.get(field, ())
    if isinstance(phrases, str) or not all(isinstance(p, str) for p in phrases):
        raise TaxonomyError(f"{tax.source}: type {t.id!r}: {field} must be a list of strings")
    return phrases


def matches(index: Index, tokens: list[Token]) -> list[Match]:
    """All phrase matches as (start, end, phrases), longest non-overlapping spans kept."""
    found = _all_matches(index, tokens)
    spans = sorted(found, key=lambda s: (-(s[1] - s[0]), s[0]))
    taken = [False] * len(tokens)
    chosen: list[Match] = []
    for s, e in spans:
        if any(taken[s:e]):
            continue
        for j in range(s, e):
            taken[j] = True
        chosen.append((s, e, _with_inner(found, s, e)))
    chosen.sort(key=lambda c: c[0])
    return chosen


def _all_matches(index: Index, tokens: list[Token]) -> dict[tuple[int, int], list[Phrase]]:
    """Every phrase found at every token range, overlaps included."""
    found: dict[tuple[int, int], list[Phrase]] = {}
    for i, tok in enumerate(tokens):
        for key in (tok.key,) if tok.key == tok.text else (tok.key, tok.text):
            for ph in index.get(key, ()):
                n = len(ph.keys)
                if i + n > len(tokens):
                    continue
                if ph.kind == "exclude":
                    ok = all(tokens[i + j].text == ph.keys[j] for j in range(n))
                else:
                    ok = all(tokens[i + j].key == ph.keys[j] for j in range(n))
                if ok and ph not in found.get((i, i + n), ()):
                    found.setdefault((i, i + n), []).append(ph)
    return found


def _with_inner(found: dict[tuple[int, int], list[Phrase]], s: int, e: int) -> list[Phrase]:
    """The phrases of span ``s:e`` and those inside it of the same type (a longer phrase
    containing a trigger is at least as strong as the trigger)."""
    phrases = list(found[(s, e)])
    types_here = {p.type_id for p in phrases}
    for (s2, e2), inner in found.items():
        if s <= s2 and e2 <= e and (s2, e2) != (s, e):
            phrases.extend(p for p in inner if p.type_id in types_here and p.kind != "exclude")
    return phrases
