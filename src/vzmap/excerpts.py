"""Sentence spans of an article (sentencex), used as the excerpts of its mentions."""

from __future__ import annotations

from sentencex import segment


def sentence_spans(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence of ``text``, without surrounding whitespace.

    Sentences never cross a blank line, so headlines and captions stay on their own.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in segment(lang, text):
        start, end = pos, pos + len(piece)
        pos = end
        # sentencex keeps paragraphs apart, but a single newline inside a piece may still join a
        # caption to the next line: split there too
        sub_start = start
        while sub_start < end:
            nl = text.find("\n", sub_start, end)
            sub_end = end if nl < 0 else nl
            s, e = sub_start, sub_end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
            sub_start = sub_end + 1
    tail = text[pos:]
    if tail.strip():  # sentencex normally returns every character; keep any rest as a sentence
        s = pos + len(tail) - len(tail.lstrip())
        spans.append((s, pos + len(tail.rstrip())))
    return spans


def sentence_at(spans: list[tuple[int, int]], offset: int) -> int:
    """Index of the sentence containing ``offset`` (binary search); -1 if in whitespace."""
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = spans[mid]
        if offset < s:
            hi = mid - 1
        elif offset >= e:
            lo = mid + 1
        else:
            return mid
    return -1
