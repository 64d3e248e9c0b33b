"""The geoparsing pipeline: article text -> resolved, classified place mentions (pure)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from ..events.article import settle
from ..events.classify import Classification, Facility, get_classifier
from ..gazetteer.index import Entry, Gazetteer, load_gazetteer
from ..text.language import article_language, sentence_language
from ..text.sentences import sentence_spans
from .namesakes import NAMESAKE
from .quarters import QUARTER, with_quarters
from .recognise import Candidate, find_candidates
from .resolve import Resolution, resolve_all

#: Shares of the work (and of a progress bar): recognition, resolution, event types.
_SHARES = (0.4, 0.35, 0.25)
#: How many mentions are classified between two progress reports.
_BLOCK = 64


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
    text: str,
    gaz: Gazetteer | None = None,
    classifier=None,
    *,
    lang: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Mention]:
    """Every toponym mention of ``text``, resolved and classified, in text order.

    ``lang`` is the article's language (``en``, ``es``); when not given it is detected
    (:func:`vzmap.text.language.article_language`), as ingest does for an article without one.

    Each mention lies inside its excerpt (its sentence), whatever the text. The cost is linear
    in the text's length; ``progress(done_chars, total_chars)``, if given, is called as the
    work advances (at most about a hundred times, with increasing counts, the last one
    ``(total, total)``), so that one long article can show a progress bar.
    """
    gaz = gaz or load_gazetteer()
    classifier = classifier or get_classifier()
    if lang is None:
        lang = article_language(text, {})[0]
    report = Progress(progress, len(text))
    report.stage(_SHARES[0])
    sentences, candidates = find_candidates(text, sentence_spans(text, lang), gaz, report.advance,
                                            lang=lang)
    report.stage(_SHARES[1])
    resolutions = resolve_all(text, candidates, sentences, gaz, report.advance, lang)
    found = with_quarters(text, sentences, _kept_mentions(candidates, resolutions), lang, gaz)
    report.stage(_SHARES[2])
    excerpts, events = _classify_all(text, found, sentences, classifier, lang, report)
    mentions = [_mention(c, r, excerpt, event)
                for (c, r), excerpt, event in zip(found, excerpts, events, strict=True)]
    report.finish()
    return mentions


def _kept_mentions(
    candidates: list[Candidate], resolutions: list[Resolution | None]
) -> list[tuple[Candidate, Resolution]]:
    """The candidates the resolver kept; a street or park named after a far place ("Milwaukee
    Avenue" in Chicago) stays a mention of the street, not pinned."""
    found = []
    for c, r in zip(candidates, resolutions, strict=True):
        if r is not None and r.supported:
            found.append((c, r))
        elif r is not None and c.why == NAMESAKE:
            found.append((dataclasses.replace(c, role="embedded"), r))
    return found


def _classify_all(
    text: str, found: list[tuple[Candidate, Resolution]], sentences: list[tuple[int, int]],
    classifier, lang: str, report: Progress,
) -> tuple[list[tuple[int, int]], list[tuple[str, float]]]:
    """The excerpt and ``(event type, score)`` of every mention found; only pinned places are
    classified, each sentence in its own language (a Spanish quote in an English story), then
    settled against the article (:func:`vzmap.events.article.settle`)."""
    facilities = _facilities(found, sentences)
    languages: dict[int, str] = {}
    excerpts: list[tuple[int, int]] = []
    classified: list[tuple[int, Classification]] = []  # (sentence, result) of pinned places
    for n, (c, _r) in enumerate(found):
        if n % _BLOCK == 0:
            report.advance(c.start)
        s_start, s_end = sentences[c.sentence]
        spans = facilities.get(c.sentence, ())
        if not s_start <= c.start < c.end <= s_end:  # never, as names join their sentences
            s_start, s_end, spans = min(s_start, c.start), max(s_end, c.end), ()
        excerpts.append((s_start, s_end))
        if c.role == "place":
            if c.sentence not in languages:
                languages[c.sentence] = sentence_language(text[s_start:s_end], lang)
            classified.append((c.sentence, classifier.classify(
                text[s_start:s_end], (c.start - s_start, c.end - s_start),
                lang=languages[c.sentence], facilities=spans,
            )))
    settled = iter(settle(classified, classifier.taxonomy.fallback))
    fallback = (classifier.taxonomy.fallback, 0.0)
    events = []
    for c, _r in found:
        result = next(settled) if c.role == "place" else None
        events.append((result.event_type, result.score) if result else fallback)
    return excerpts, events


def _mention(
    c: Candidate, r: Resolution, sentence: tuple[int, int], event: tuple[str, float]
) -> Mention:
    return Mention(
        start=c.start,
        end=c.end,
        text=c.text,
        role=c.role,
        entry=r.entry,
        confidence=r.confidence,
        runners_up=r.runners_up,
        excerpt_start=sentence[0],
        excerpt_end=sentence[1],
        event_type=event[0],
        event_score=event[1],
    )


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
            "gazetteer_id": None if e.kind == QUARTER else e.id,
            "lat": e.lat,
            "lon": e.lon,
            "country": e.country or None,
            "admin1": e.admin1 or None,
            **({"within": e.within} if e.within else {}),
        },
    }


class Progress:
    """Reports ``(done_chars, total_chars)`` to a callback as the stages of the work advance:
    each stage covers its share of the text's length; a report only when the count grew by a
    hundredth of the total, always increasing, the last one ``(total, total)``."""

    __slots__ = ("callback", "total", "last", "base", "share", "step")

    def __init__(self, callback: Callable[[int, int], None] | None, total: int) -> None:
        self.callback = callback
        self.total = total
        self.last = 0
        self.base = 0.0
        self.share = 0.0
        self.step = max(1, total // 100)

    def stage(self, share: float) -> None:
        """Start the next stage, which covers ``share`` of the whole."""
        self.base += self.share
        self.share = share

    def advance(self, done: int) -> None:
        """The current stage has done the text up to offset ``done``."""
        if self.callback is None:
            return
        done = min(max(done, 0), self.total)
        value = int(self.total * self.base + self.share * done)
        if value >= self.last + self.step and value < self.total:
            self.last = value
            self.callback(value, self.total)

    def finish(self) -> None:
        """All done: report the total."""
        if self.callback is not None:
            self.last = self.total
            self.callback(self.total, self.total)
