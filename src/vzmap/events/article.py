"""Article-level context: a mention whose sentence says nothing takes the story's type, weakly.

A title is often silent ("Night of fear in Tocuyito"), and so is one place of a sentence that
names several ("the riot at the Tocuyito prison, near Valencia"). After every mention of an
article has been classified on its own sentence, :func:`settle` gives each one left at the
fallback type with no evidence at all the type of its neighbourhood: another mention of the
same sentence (for the title: the lead, the first body sentence, and no later one), then the
nearest sentence around it (``events.context_sentences``, 0 by default) with a decided type,
then the article's dominant type when that type holds more than ``events.article_share_min``
of the article's evidence (title and lead weigh ``events.lead_weight`` times more); the
default, 1, turns that last step off: a sentence that says nothing of a place ("Relatives
travelled from Maracay.") reports no event there. A mention framed as no place of the event
is not filled from its neighbourhood: a dateline ("CARACAS, 9 ago (EFE).-": where the story
was filed) or a background ("born in ...", see :func:`vzmap.events.context.background_frame`).
A dateline that is a sentence of its own (frame ``dateline-only``) takes, instead, what the
article reports at the same place (the first other mention of that name with evidence of its
own): the story was filed where it happened ("BARQUISIMETO.- ... detuvieron a docentes en
Barquisimeto"), and a dateline city where nothing is reported stays at the fallback. A type
taken from context is reported with a low score (``events.context_score`` times its source's
score), so that a map can tell it from a sentence's own evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .classify import Classification
from .context import setting

#: How many first sentences of an article are its title, dateline and lead ("CARACAS, 9 ago
#: (EFE).-" is a sentence of its own): they weigh more in the article's dominant type.
_LEAD_SENTENCES = 3


def _decided(results: Sequence[tuple[int, Classification]],
             fallback: str) -> dict[int, Classification]:
    """Sentence number -> its best classification with evidence of its own (not the fallback)."""
    out: dict[int, Classification] = {}
    for sent, c in results:
        if c.event_type != fallback and c.evidence and (sent not in out
                                                        or c.score > out[sent].score):
            out[sent] = c
    return out


def dominant_type(decided: dict[int, Classification]) -> tuple[str | None, float]:
    """The article's dominant type among its decided sentences and its share of their scores
    (title and lead weighted ``events.lead_weight``), or None when nothing is decided."""
    weight: dict[str, float] = {}
    lead = setting("lead_weight")
    for sent, c in decided.items():
        w = c.score * (lead if sent < _LEAD_SENTENCES else 1.0)
        weight[c.event_type] = weight.get(c.event_type, 0.0) + w
    total = sum(weight.values())
    if not total:
        return None, 0.0
    top = max(weight, key=lambda t: weight[t])
    return top, weight[top] / total


def _dateline_only(results: Sequence[tuple[int, Classification]]) -> set[int]:
    """Sentences that are only a dateline ("BARQUISIMETO.-" before the lead): every mention of
    them is framed as a dateline and none has evidence."""
    out: dict[int, bool] = {}
    for sent, c in results:
        out[sent] = out.get(sent, True) and c.frame == "dateline-only" and not c.evidence
    return {s for s, only in out.items() if only}


def _lead(decided: dict[int, Classification],
          datelines: set[int]) -> Classification | None:
    """The decided classification of the lead, the first body sentence after the title: the
    next one, or the one after it when the next is only a dateline."""
    nxt = 1 + (1 in datelines and 1 not in decided)
    return decided.get(nxt)


def _same_place(n: int, results: Sequence[tuple[int, Classification]],
                fallback: str) -> Classification | None:
    """The first mention after mention ``n`` (else before it) of the same place with evidence
    of its own for a type: what the article reports there."""
    place = results[n][1].place
    order = list(range(n + 1, len(results))) + list(range(n))
    return next((results[k][1] for k in order
                 if place and results[k][1].place == place and not results[k][1].frame
                 and results[k][1].event_type != fallback and results[k][1].evidence), None)


def _neighbour(sent: int, decided: dict[int, Classification],
               datelines: set[int]) -> Classification | None:
    """The decided classification of sentence ``sent`` or of the nearest one within
    ``events.context_sentences`` (the earlier one on a tie: a story is told forward). The
    title (sentence 0) takes the story of the lead."""
    if sent in decided:
        return decided[sent]
    if sent == 0:
        lead = _lead(decided, datelines)
        if lead is not None:
            return lead
    reach = int(setting("context_sentences"))
    for d in range(1, reach + 1):
        for s in (sent - d, sent + d):
            if s in decided:
                return decided[s]
    return None


def settle(results: Sequence[tuple[int, Classification]],
           fallback: str = "other") -> list[Classification]:
    """The classifications of an article's mentions, ``(sentence number, classification)`` in
    text order, with the silent ones (fallback type, no evidence) given their context's type.

    >>> from vzmap.events.classify import Classification as C
    >>> riot = C("prison", 0.9, ("riot",))
    >>> [c.event_type for c in settle([(0, C("other", 0.5)), (1, riot), (5, C("other", 0.5))])]
    ['prison', 'prison', 'other']
    """
    decided = _decided(results, fallback)
    datelines = _dateline_only(results)
    top, share = dominant_type(decided)
    factor = setting("context_score")
    out: list[Classification] = []
    for n, (sent, c) in enumerate(results):
        if c.event_type != fallback or c.evidence or (c.frame and sent not in datelines):
            out.append(c)
            continue
        near = (_same_place(n, results, fallback) if sent in datelines
                else _neighbour(sent, decided, datelines))
        if near is not None:
            out.append(replace(c, event_type=near.event_type,
                               score=round(near.score * factor, 4), evidence=()))
        elif top is not None and share > setting("article_share_min"):
            out.append(replace(c, event_type=top, score=round(share * factor, 4), evidence=()))
        else:
            out.append(c)
    return out
