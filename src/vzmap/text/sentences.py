"""Offsets into an article's text: sentence spans (sentencex) used as excerpts, and finding a
passage again after the text changed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sentencex import get_sentence_boundaries

from .lexicon import word_set

#: How many leading characters of a sentence locate it in the original text.
_ANCHOR = 24
#: How far past the previous sentence a sentence is looked for, when the segmenter changed text.
_LOOKAHEAD = 1000
#: Longest sentence, in characters: a longer one (a table, a text without full stops) is cut at
#: a space, so that what is read per mention stays short whatever the article's length.
MAX_SENTENCE = 2000

#: "Tampa–St. Petersburg", "Sault Ste. Marie": the segmenter ends a sentence after an
#: abbreviation that lives inside place names when it does not know it or a dash precedes it.
_ABBREVIATIONS = sorted(word_set("recognition", "dotted_abbreviations"), key=lambda w: (-len(w), w))
_NAME_ABBREVIATION = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w.capitalize()) for w in _ABBREVIATIONS) + r")\.\s+$"
)
#: "Canada–U.S.": a break between the letters of an acronym.
_ACRONYM_HEAD = re.compile(r"(?<!\w)(?:[^\W\d_]\.)+$")
_ACRONYM_TAIL = re.compile(r"[^\W\d_]\.")
_SURROGATES = re.compile("[\ud800-\udfff]")
#: Where a long sentence is best cut: after a comma or semicolon, else before a lower-case word.
_CLAUSE_CUT = re.compile(r"[,;:]\s")
_WORD_CUT = re.compile(r"\s(?![A-ZÀ-Þ])")


def sentence_spans(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence of ``text``, without surrounding whitespace.

    Sentences never cross a line break, so headlines and captions stand alone; none is longer
    than :data:`MAX_SENTENCE`. A break the segmenter makes inside a place name ("Tampa–St. |
    Petersburg", "Sault Ste. | Marie", "Canada–U. | S.") is no sentence break. Linear in the
    length of ``text``.
    """
    starts = [s for s in _segment_starts(text, lang) if not _inside_name(text, s)]
    if not starts or starts[0] > 0:
        starts.insert(0, 0)
    spans: list[tuple[int, int]] = []
    bounds = [*starts, len(text)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        sub = start
        while sub < end:
            nl = text.find("\n", sub, end)
            sub_end = end if nl < 0 else nl
            s, e = _trimmed(text, sub, sub_end)
            if e > s:
                spans.extend(_capped(text, s, e))
            sub = sub_end + 1
    return spans


def merge_spans(
    spans: list[tuple[int, int]], ranges: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``spans`` (ordered sentences) with the ones that a range of ``ranges`` (a recognised
    name, say) crosses merged into one, so that each range lies inside one sentence."""
    cuts = sorted((s, e) for s, e in ranges if s < e)
    out: list[tuple[int, int]] = []
    k = 0
    for s, e in spans:
        while k < len(cuts) and cuts[k][1] <= s:
            k += 1
        if out and k < len(cuts) and cuts[k][0] < out[-1][1] and cuts[k][1] > s:
            out[-1] = (out[-1][0], e)  # the range runs from the previous sentence into this one
        else:
            out.append((s, e))
    return out


def _segment_starts(text: str, lang: str) -> list[int]:
    """Offset of the first non-space character of each sentence the segmenter finds."""
    if _SURROGATES.search(text):  # lone surrogates: the same length, and segmentable
        text = _SURROGATES.sub("\ufffd", text)
    found = get_sentence_boundaries(lang, text)
    starts: list[int] = []
    for b in found:
        at, piece = b["start_index"], b["text"]
        if not text.startswith(piece, at):
            return _located_starts(text, [b["text"] for b in found])
        lead = len(piece) - len(piece.lstrip())
        if lead < len(piece):
            starts.append(at + lead)
    return starts


def _located_starts(text: str, pieces: list[str]) -> list[int]:
    """Sentence starts when the segmenter's offsets do not fit the text: each sentence is found
    by its first characters, a little past the end of the one before."""
    starts: list[int] = []
    pos = expected = 0
    for piece in pieces:
        core = piece.strip()
        if core:
            found = text.find(core[:_ANCHOR], pos, expected + len(piece) + _LOOKAHEAD)
            if found >= 0:  # else not locatable: it stays part of the previous sentence
                starts.append(found)
                pos = found + 1
                expected = found - (len(piece) - len(piece.lstrip()))
        expected += len(piece)
    return starts


def _inside_name(text: str, start: int) -> bool:
    """Whether the sentence break before ``start`` falls inside a name: after "St." before a
    capitalised word, or between the letters of an acronym ("U.S.")."""
    if start == 0 or not text[start].isupper():
        return False
    before = text[max(0, start - 12) : start]
    if "\n" not in before and _NAME_ABBREVIATION.search(before):
        return True
    return bool(_ACRONYM_HEAD.search(before) and _ACRONYM_TAIL.match(text, start))


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _capped(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The sentence ``(s, e)`` cut into pieces of at most :data:`MAX_SENTENCE` characters, at a
    clause or a space where possible (a piece without any space is cut where it must)."""
    out: list[tuple[int, int]] = []
    while e - s > MAX_SENTENCE:
        limit = s + MAX_SENTENCE
        cut = _cut_point(text, s + MAX_SENTENCE // 2, limit)
        piece = _trimmed(text, s, cut)
        if piece[1] > piece[0]:
            out.append(piece)
        s, _ = _trimmed(text, cut, e)
    if e > s:
        out.append((s, e))
    return out


def _cut_point(text: str, lo: int, hi: int) -> int:
    """The last good place to cut in ``text[lo:hi]``, or ``hi``."""
    for pattern in (_CLAUSE_CUT, _WORD_CUT):
        last = None
        for m in pattern.finditer(text, lo, hi):
            last = m
        if last is not None:
            return last.end() if pattern is _CLAUSE_CUT else last.start() + 1
    space = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi))
    return space + 1 if space >= 0 else hi


def nearest_occurrence(text: str, needle: str, near: int) -> int | None:
    """Offset of the occurrence of ``needle`` in ``text`` closest to ``near`` (the earlier one
    of two as close), or None; searched outwards from ``near``."""
    if not needle:
        return max(0, min(near, len(text)))
    near = max(0, min(near, len(text)))
    before = text.rfind(needle, 0, near + len(needle))
    after = text.find(needle, near)
    if before < 0:
        return after if after >= 0 else None
    if after < 0 or near - before <= after - near:
        return before
    return after
