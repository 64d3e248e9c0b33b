"""Offsets into an article's text: sentence spans (sentencex) used as excerpts, and finding a
passage again after the text changed."""

from __future__ import annotations

from sentencex import segment

#: How many leading characters of a sentence locate it in the original text.
_ANCHOR = 24


def sentence_spans(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence of ``text``, without surrounding whitespace.

    The segmenter may drop or normalise characters (it sometimes swallows blank lines), so each
    sentence is located in the original text by its first characters, and runs to the start of
    the next one. Sentences never cross a line break, so headlines and captions stand alone.
    """
    starts: list[int] = []
    pos = 0
    for piece in segment(lang, text):
        core = piece.strip()
        if not core:
            continue
        found = text.find(core[:_ANCHOR], pos)
        if found < 0:
            continue  # not locatable: it stays part of the previous sentence
        starts.append(found)
        pos = found + 1
    if not starts or starts[0] > 0:
        starts.insert(0, 0)
    spans: list[tuple[int, int]] = []
    bounds = [*starts, len(text)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        sub = start
        while sub < end:
            nl = text.find("\n", sub, end)
            sub_end = end if nl < 0 else nl
            s, e = sub, sub_end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
            sub = sub_end + 1
    return spans




def nearest_occurrence(text: str, needle: str, near: int) -> int | None:
    """Offset of the occurrence of ``needle`` in ``text`` closest to ``near``, or None."""
    best = None
    pos = text.find(needle)
    while pos != -1:
        if best is None or abs(pos - near) < abs(best - near):
            best = pos
        pos = text.find(needle, pos + 1)
    return best
