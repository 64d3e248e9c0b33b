"""The geoparsing pipeline: article text -> resolved, classified place mentions (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from ..events.classify import Facility, get_classifier
from ..gazetteer.index import Entry, Gazetteer, load_gazetteer
from ..text.sentences import sentence_spans
from .recognise import Candidate, find_candidates
from .resolve import Resolution, resolve_all


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
    found = [(c, r) for c, r in zip(candidates, resolutions, strict=True)
             if r is not None and r.supported]
    facilities = _facilities(found, sentences)
    mentions: list[Mention] = []
    for c, r in found:
        s_start, s_end = sentences[c.sentence]
        event = (classifier.taxonomy.fallback, 0.0)  # only pinned places are classified
        if c.role == "place":
            result = classifier.classify(
                text[s_start:s_end], (c.start - s_start, c.end - s_start), lang=lang,
                facilities=facilities.get(c.sentence, ()),
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


def _facilities(
    found: list[tuple[Candidate, Resolution]], sentences: list[tuple[int, int]]
) -> dict[int, list[Facility]]:
    """Sentence number -> ``(start, end, facility)`` of each of its places whose gazetteer entry
    is a facility (a prison, ...), offsets into the sentence: evidence for the classifier."""
    out: dict[int, list[Facility]] = {}
    for c, r in found:
        if r.entry.facility:
            s_start = sentences[c.sentence][0]
            span = (c.start - s_start, c.end - s_start, r.entry.facility)
            out.setdefault(c.sentence, []).append(span)
    return out


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
