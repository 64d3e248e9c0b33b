"""Re-anchoring mentions in a changed article: finding their words again, pairing old and new.

Used by :mod:`vzmap.places.merge`: a mention is identified by ``(doc, start, end)``, so when an
article changes, its mentions are moved to where the same words are (in the same order, in about
the same sentence).
"""

from __future__ import annotations

import difflib

from ..text.sentences import nearest_occurrence

Key = tuple[str, int, int]


def _anchors(m: dict, text: str | None) -> bool:
    if text is None:
        return True
    s, e = m["start"], m["end"]
    return 0 <= s < e <= len(text) and text[s:e] == m["text"]


def reanchor(mention: dict, text: str) -> dict | None:
    """``mention`` moved to where its words are in the (changed) article ``text``, or ``None``.

    Prefers the spot inside the mention's excerpt (when the sentence is still there), else the
    occurrence nearest to the old offset. The excerpt offset follows when the excerpt is found.
    """
    m = dict(mention)
    words = m.get("text") or ""
    start = m.get("start", 0)
    if _anchors(m, text):
        new_start = start
    else:
        new_start = None
        excerpt, es = m.get("excerpt"), m.get("excerpt_start")
        if isinstance(excerpt, str) and excerpt and isinstance(es, int):
            rel = start - es
            pos = text.find(excerpt)
            while pos != -1 and new_start is None:
                if text[pos + rel : pos + rel + len(words)] == words:
                    new_start = pos + rel
                pos = text.find(excerpt, pos + 1)
        if new_start is None and words:
            new_start = nearest_occurrence(text, words, start)
        if new_start is None:
            return None
    m["start"], m["end"] = new_start, new_start + len(words)
    excerpt, es = m.get("excerpt"), m.get("excerpt_start")
    if isinstance(excerpt, str) and excerpt and isinstance(es, int) and (
        text[es : es + len(excerpt)] != excerpt or not (es <= new_start < es + len(excerpt))
    ):
        pos = text.find(excerpt)
        while pos != -1:
            if pos <= new_start and new_start + len(words) <= pos + len(excerpt):
                m["excerpt_start"] = pos
                break
            pos = text.find(excerpt, pos + 1)
    return m


def align(old: dict[Key, dict], new: dict[Key, dict], text: str | None) -> dict[Key, Key]:
    """Pair old mention keys of one document with new ones: same span and words first, then the
    remaining ones by the order of their words (an LCS of the two word sequences), as long as
    their sentences (excerpts) are still alike."""
    pairs: dict[Key, Key] = {}
    for k, m in old.items():
        if k in new and new[k]["text"] == m["text"]:
            pairs[k] = k
    used = set(pairs.values())
    # Old mentions that still sit on their words in the current article were not moved.
    rest_old = sorted(
        (k for k in old if k not in pairs and not (text is not None and _anchors(old[k], text))),
        key=lambda k: k[1:],
    )
    rest_new = sorted((k for k in new if k not in used), key=lambda k: k[1:])
    if rest_old and rest_new:
        sm = difflib.SequenceMatcher(
            a=[old[k]["text"] for k in rest_old],
            b=[new[k]["text"] for k in rest_new],
            autojunk=False,
        )
        for block in sm.get_matching_blocks():
            for n in range(block.size):
                o, g = rest_old[block.a + n], rest_new[block.b + n]
                if _same_sentence(old[o], new[g]):
                    pairs[o] = g
    return pairs


def _same_sentence(a: dict, b: dict) -> bool:
    """Whether two mentions with the same words sit in (about) the same sentence."""
    ea, eb = a.get("excerpt"), b.get("excerpt")
    if not (isinstance(ea, str) and isinstance(eb, str)) or ea == eb:
        return True
    return difflib.SequenceMatcher(a=ea.split(), b=eb.split(), autojunk=False).ratio() >= 0.5
