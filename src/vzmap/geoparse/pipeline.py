"""The geoparsing pipeline: article text -> resolved, classified place mentions (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from ..events.classify import get_classifier
from ..gazetteer.index import Entry, Gazetteer, load_gazetteer
from ..text.sentences import sentence_spans
from .recognise import find_candidates
from .resolve import resolve_all


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym mention with its place, excerpt and event type.

    ``role`` is ``place`` (pinned on the map), ``demonym`` ("Venezuelan") or ``embedded``
    (inside an organisation's or person's name: "Tren de Aragua"); only places are pinned.
    """

    start: int
    end: int
    text: str
    role: str
    entry: Entry
    confidence: float
    runners_up: tuple[tuple[Entry, float], ...]
    excerpt_start: int
    excerpt_end: int
    event_type: str
    event_score: float = 0.0


def geoparse(
    text: str, gaz: Gazetteer | None = None, classifier=None, *, lang: str = "en"
) -> list[Mention]:
    """Every toponym mention of ``text``, resolved and classified, in text order."""
    gaz = gaz or load_gazetteer()
    classifier = classifier or get_classifier()
    sentences = sentence_spans(text, lang)
    candidates = find_candidates(text, sentences, gaz)
    resolutions = resolve_all(text, candidates, sentences, gaz)
    mentions: list[Mention] = []
    for c, r in zip(candidates, resolutions, strict=True):
        if r is None or not r.supported:
            continue
        s_start, s_end = sentences[c.sentence]
        event = (classifier.taxonomy.fallback, 0.0)  # only pinned places are classified
        if c.role == "place":
            result = classifier.classify(
                text[s_start:s_end], (c.start - s_start, c.end - s_start), lang=lang
            )
            event = (result.event_type, result.score)
        mentions.append(
            Mention(
                start=c.start,
                end=c.end,
                text=c.text,
                role=c.role,
                entry=r.entry,
                confidence=r.confidence,
                runners_up=r.runners_up,
                excerpt_start=s_start,
                excerpt_end=s_end,
                event_type=event[0],
                event_score=event[1],
            )
        )
    return mentions


def mention_record(doc_id: str, text: str, m: Mention) -> dict:
    """The places-file form of a place mention (with its place under ``"place"``)."""
    e = m.entry
    return {
        "doc": doc_id,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "excerpt": text[m.excerpt_start : m.excerpt_end],
        "excerpt_start": m.excerpt_start,
        "event_type": m.event_type,
        "confidence": round(m.confidence, 3),
        "candidates": [
            {
                "gazetteer_id": r.id,
                "name": r.name,
                "kind": r.kind,
                "country": r.country or None,
                "score": round(p, 3),
            }
            for r, p in m.runners_up
        ],
        "place": {
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "gazetteer_id": e.id,
            "lat": e.lat,
            "lon": e.lon,
            "country": e.country or None,
            "admin1": e.admin1 or None,
        },
    }
