"""Classifying what happened at a place mention into an event type of the taxonomy (rule-based)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from threading import Lock

from ..errors import TaxonomyError
from ..text import lexicon
from ..text.tokens import fold
from .actors import Actor, load_actors, names_by_kind
from .claims import ClaimPlan, Hit, Outcome, WhoHits
from .context import (
    background_frame,
    clauses,
    dateline,
    dateline_alone,
    distance_factor,
    mask_dates,
    negated,
    proper_names,
    reasons,
    setting,
    token_range,
)
from .phrases import EVIDENCE_KINDS, Phrase, build_index, matches, parse_claims, who_lists
from .stems import Token, stem, tokenize
from .taxonomy import Taxonomy, load_taxonomy

__all__ = ["LANGS", "Classification", "Classifier", "classify", "get_classifier", "stem"]

#: The languages the classifier reads: those with an events lexicon (``data/lexicon/<lang>``).
LANGS = lexicon.languages("events")
#: ``(start, end, facility)``: a place named at ``sentence[start:end]`` whose gazetteer entry is
#: a facility (``"prison"``, ...).
Facility = tuple[int, int, str]


@dataclass(frozen=True)
class Classification:
    """The event type decided for one mention's sentence."""

    event_type: str
    score: float  # in [0, 1]
    evidence: tuple[str, ...] = ()  # the cue phrases (as written in the sentence) that decided
    #: "dateline" (opening the lead's sentence), "dateline-only" (a sentence of its own) or
    #: "background" ("born in ..."): the place is not where the sentence's event happened;
    #: article context gives only a dateline-only mention a type: the one the article reports
    #: at the same place (see vzmap.events.article)
    frame: str = ""
    #: the mention's name, folded ("cumana"): article context tells two mentions of one place
    place: str = field(default="", compare=False)

    def __post_init__(self):
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score!r} must be in [0, 1]")


@dataclass(frozen=True)
class _Sentence:
    """A sentence read for classification: its tokens, their clauses and the mention's place."""

    text: str
    lang: str
    tokens: list[Token]
    clause: list[int]  # clause number of each token
    mention: tuple[int, int] | None  # token range of the mention
    mention_clause: int | None
    reason: frozenset[int]  # tokens that say why, not what happened here (see context.reasons)
    names: frozenset[int]  # tokens inside proper names (see context.proper_names)


class Classifier:
    """Rule-based event classifier, built once from a taxonomy (phrases precompiled per language).

    Every phrase comes from the taxonomy file, per type and language:

    - ``triggers_<lang>``: evidence for the type (weight 1);
    - ``cues_<lang>`` (optional): weaker evidence (weight 0.6);
    - ``exclude_<lang>`` (optional): exact word forms that cancel this type's phrase at the same
      place (e.g. ``jailed`` is an arrest, not a prison event);
    - ``facilities`` (optional): kinds of gazetteer site (``prison``) whose name in the sentence
      is evidence for the type, weighted like a cue (the caller passes the places it resolved);
    - ``claims`` (optional): ``"source:cond+cond"``: when every condition holds near the
      evidence of type ``source`` (same clause, within ``claim_window`` tokens), that evidence
      counts for this type instead. Conditions: ``self`` (this type has evidence of its own), a
      type id (that type has evidence, at least ``condition_min``) or the name of a "who" list
      of this type, e.g. ``targets`` for ``targets_<lang>``: one of its phrases occurs. Who
      lists (``actors``, ``targets``, ``state_forces``...) are not evidence by themselves.
      Example on ``repression``: ``"arrest_raid:targets"``: protesters detained is repression.
      A target named after "by" is not a target; an actor named before a passive "... by" is
      not the actor. When several types may claim the same evidence, the one with evidence of
      its own wins, then the claim with more conditions, then the lower priority.

    Overlapping phrases: the longest wins (so ``FARC dissidents`` is not read as ``dissidents``);
    a phrase in another clause than the mention or far from it weighs less, one after a negation
    much less. Ties of score go to the lower ``priority``, then to file order. Below
    ``min_score`` the taxonomy's fallback type is returned.
    """

    def __init__(self, taxonomy: Taxonomy | None = None,
                 actors: tuple[Actor, ...] | None = None):
        self.taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
        names = names_by_kind(actors if actors is not None else load_actors())
        self._order = {t.id: i for i, t in enumerate(self.taxonomy.types)}
        self._priority = {t.id: t.priority for t in self.taxonomy.types}
        claims = parse_claims(self.taxonomy, LANGS)
        who = who_lists(claims, set(self.taxonomy.ids))
        self._index = {lang: build_index(self.taxonomy, who, lang, names) for lang in LANGS}
        self._claims = ClaimPlan(claims, self._priority, self._order)
        self._facility_types = _facility_types(self.taxonomy)

    def classify(
        self,
        sentence: str,
        mention: tuple[int, int] | None = None,
        *,
        lang: str = "en",
        facilities: Sequence[Facility] = (),
    ) -> Classification:
        """Classify the event that ``sentence`` reports at the place ``sentence[start:end]``.

        ``facilities``: the places of the sentence that are facilities, from the gazetteer
        entries they resolved to (``(start, end, "prison")``); each counts like a cue at that
        place for the types whose ``facilities`` list its kind.
        """
        _check_arguments(sentence, mention, lang, facilities)
        s = _read(sentence, mention, lang)
        frame = background_frame(s.tokens, s.mention, lang)
        if frame is not None:
            return Classification(self.taxonomy.fallback, setting("fallback_score"), (frame,),
                                  frame="background")
        hits, who = self._evidence(s)
        if facilities:
            hits.extend(self._facility_evidence(s, facilities))
            hits.sort(key=lambda h: h.start)
        outcome = self._claims.apply(hits, who, s.tokens, s.clause, lang)
        decided = self._decide(*self._tally(outcome))
        place = fold(sentence[mention[0]:mention[1]]) if mention is not None else ""
        if dateline(sentence, mention):
            alone = dateline_alone(sentence, mention)
            return replace(decided, frame="dateline-only" if alone else "dateline", place=place)
        return replace(decided, place=place)

    def _evidence(self, s: _Sentence) -> tuple[list[Hit], WhoHits]:
        """The weighted evidence of each matched phrase, and the who-phrases found (unweighted)."""
        hits: list[Hit] = []
        who: WhoHits = {}
        for start, end, phrases in matches(self._index[s.lang], s.tokens):
            if s.mention is not None and s.mention[0] <= start and end <= s.mention[1]:
                continue  # the place's own name ("Punta de Mata") says nothing of the event
            text = s.text[s.tokens[start].start : s.tokens[end - 1].end]
            best: dict[str, float] = {}
            named = all(i in s.names for i in range(start, end))
            for p in _not_excluded(phrases):
                if p.kind in EVIDENCE_KINDS and named and p.text == p.text.lower():
                    continue  # a common word inside a name ("Cruz Paredes") is no cue
                if p.kind in EVIDENCE_KINDS:
                    best[p.type_id] = max(best.get(p.type_id, 0.0), _base_weight(p))
                else:
                    lists = who.setdefault(p.type_id, {})
                    lists.setdefault(p.kind, []).append(Hit(p.type_id, p.kind, start, end, 0.0,
                                                            text))
            if best and start not in s.reason:  # a reason ("wanted for murder") is no act here
                factor = _phrase_factor(s, start, end)
                hits.extend(Hit(t, "evidence", start, end, base * factor, text)
                            for t, base in best.items())
        return hits, who

    def _facility_evidence(self, s: _Sentence, facilities: Sequence[Facility]) -> list[Hit]:
        """A cue-weighted hit for each type supported by a facility named in the sentence."""
        hits: list[Hit] = []
        for start, end, facility in facilities:
            types = self._facility_types.get(facility, ())
            span = token_range(s.tokens, (start, end))
            if not types or span is None:
                continue
            weight = setting("cue_weight") * _in_context(s, *span, 1.0)
            hits.extend(Hit(t, "evidence", *span, weight, s.text[start:end]) for t in types)
        return hits

    def _tally(self, outcome: Outcome) -> tuple[dict[str, float], dict[str, list[tuple[int, str]]]]:
        """Score and cited phrases (with their token position) of every type."""
        types = self.taxonomy.types
        score: dict[str, float] = {t.id: outcome.bonus.get(t.id, 0.0) for t in types}
        evidence: dict[str, list[tuple[int, str]]] = {t.id: [] for t in types}
        for h in outcome.hits:
            score[h.type_id] += h.weight
            evidence[h.type_id].append((h.start, h.text))
        for tid, cited_who in outcome.who_cited.items():
            evidence[tid].extend((w.start, w.text) for w in cited_who)
        return score, evidence

    def _decide(self, score: dict[str, float],
                evidence: dict[str, list[tuple[int, str]]]) -> Classification:
        """The best-scored type (or the fallback below ``min_score``) and its confidence."""
        ranked = sorted(
            score, key=lambda tid: (-round(score[tid], 9), self._priority[tid], self._order[tid])
        )
        best_id = ranked[0]
        best_score = score[best_id]
        fallback = self.taxonomy.fallback
        if best_score < setting("min_score"):
            if best_score <= 0:
                return Classification(fallback, setting("fallback_score"), ())
            return Classification(fallback, round(1.0 - _squash(best_score), 4), ())
        runner_up = score[ranked[1]] if len(ranked) > 1 else 0.0
        confidence = _squash(best_score) * best_score / (best_score + runner_up)
        cited = tuple(dict.fromkeys(text for _, text in sorted(evidence[best_id])))
        return Classification(best_id, round(min(1.0, max(0.0, confidence)), 4), cited)


def _check_arguments(sentence: str, mention: tuple[int, int] | None, lang: str,
                     facilities: Sequence[Facility]) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r} is not supported; use one of {LANGS}")
    spans: list[tuple[str, tuple[int, int] | Facility]] = (
        [("mention", mention)] if mention is not None else []
    )
    spans += [("facility", f) for f in facilities]
    for what, span in spans:
        if not (0 <= span[0] <= span[1] <= len(sentence)):
            raise ValueError(f"{what} {span!r} is outside the sentence (length {len(sentence)})")


def _read(sentence: str, mention: tuple[int, int] | None, lang: str) -> _Sentence:
    tokens = mask_dates(sentence, tokenize(sentence, lang), lang)
    clause = clauses(sentence, tokens, lang)
    span = token_range(tokens, mention)
    return _Sentence(sentence, lang, tokens, clause, span,
                     clause[span[0]] if span is not None else None,
                     reasons(tokens, clause, lang, span), proper_names(sentence, tokens))


def _not_excluded(phrases: list[Phrase]) -> list[Phrase]:
    """The evidence and who phrases of a match, without those of a type excluded there."""
    excluded = {p.type_id for p in phrases if p.kind == "exclude"}
    return [p for p in phrases if p.kind != "exclude" and p.type_id not in excluded]


def _base_weight(p: Phrase) -> float:
    return setting("trigger_weight" if p.kind == "triggers" else "cue_weight")


def _phrase_factor(s: _Sentence, start: int, end: int) -> float:
    """The multiplier of a phrase's weight at tokens ``start:end``: a longer phrase is more
    specific, and see :func:`_in_context`."""
    return _in_context(s, start, end, 1.0 + setting("length_bonus") * (end - start - 1))


def _in_context(s: _Sentence, start: int, end: int, factor: float) -> float:
    """``factor`` lessened for evidence at tokens ``start:end`` far from the mention, in another
    clause than the mention or after a negation."""
    factor *= distance_factor(start, end, s.mention)
    if s.mention_clause is not None and s.clause[start] != s.mention_clause:
        factor *= setting("clause_factor")
    if negated(s.tokens, start, s.lang):
        factor *= setting("negated_factor")
    return factor


def _facility_types(tax: Taxonomy) -> dict[str, list[str]]:
    """Facility kind -> the types whose ``facilities`` list it, in file order."""
    out: dict[str, list[str]] = {}
    for t in tax.types:
        kinds = t.extra.get("facilities", [])
        if not isinstance(kinds, list) or not all(isinstance(k, str) and k for k in kinds):
            raise TaxonomyError(f"{tax.source}: type {t.id!r}: facilities must be a list of "
                                "facility kinds like ['prison']")
        for kind in kinds:
            out.setdefault(kind, []).append(t.id)
    return out


def _squash(x: float) -> float:
    """Map an evidence score in [0, inf) to [0, 1): 1 -> 0.70, 2 -> 0.91."""
    return 1.0 - math.exp(-1.2 * x)


_DEFAULT: Classifier | None = None
_CACHE: dict[int, tuple[Taxonomy, Classifier]] = {}
_LOCK = Lock()


def get_classifier(taxonomy: Taxonomy | None = None) -> Classifier:
    """The cached classifier of ``taxonomy`` (the default taxonomy when None)."""
    global _DEFAULT
    with _LOCK:
        if taxonomy is None:
            if _DEFAULT is None:
                _DEFAULT = Classifier()
            return _DEFAULT
        cached = _CACHE.get(id(taxonomy))
        if cached is not None and cached[0] is taxonomy:
            return cached[1]
        clf = Classifier(taxonomy)
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[id(taxonomy)] = (taxonomy, clf)
        return clf


def classify(
    sentence: str,
    mention: tuple[int, int] | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    lang: str = "en",
    facilities: Sequence[Facility] = (),
) -> Classification:
    """Classify what ``sentence`` says happened at the place ``sentence[mention[0]:mention[1]]``.

    >>> classify("Police in Caracas detained dozens of protesters.", (10, 17)).event_type
    'repression'
    """
    return get_classifier(taxonomy).classify(sentence, mention, lang=lang, facilities=facilities)
