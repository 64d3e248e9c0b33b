"""Names listed together ("Chaguanas, San Fernando and Penal"): the names beside a candidate.

A list of places is evidence for each of its members: a name listed with well-known places is
most likely a place too (:meth:`vzmap.geoparse.recognise._Context._listed_with_a_place`).
"""

from __future__ import annotations

from .names import AND_OR, Span

#: Capitalised words read as one listed name, at most.
_RUN = 4


def listed_names(span: Span) -> list[list[str]]:
    """For each side of ``span`` that lists another name ("A, B and C"), the keys of that
    name's capitalised words up to the comma or conjunction, longest reading first."""
    text = span.text
    sides: list[list[str]] = []
    prev = span.token(span.first - 1)
    if prev is not None and prev.key in AND_OR:
        sides.append(run_keys(span, span.first - 2, -1))
    elif prev is not None and text[prev.end : span.start].strip() == ",":
        sides.append(run_keys(span, span.first - 1, -1))
    nxt = span.next
    if nxt is not None and nxt.key in AND_OR:
        sides.append(run_keys(span, span.last + 2, 1))
    elif nxt is not None and text[span.end : nxt.start].strip() == ",":
        sides.append(run_keys(span, span.last + 1, 1))
    return [keys for keys in sides if keys]


def earlier_member(span: Span) -> list[str]:
    """When ``span`` closes a list of three or more ("A, B and C"), the keys of the name
    before the one before the conjunction ("A"), longest reading first; else nothing."""
    prev = span.token(span.first - 1)
    if prev is None or prev.key not in AND_OR:
        return []
    run = _run(span, span.first - 2, -1)
    if not run:
        return []
    before = span.token(run[-1] - 1)
    if before is None or span.text[before.end : span.tokens[run[-1]].start].strip() != ",":
        return []
    return run_keys(span, run[-1] - 1, -1)


def list_start(span: Span, most: int = 6) -> int:
    """The first token of the list ``span`` is a member of ("Juan Gris" of "Juan Gris, Miró y
    Picasso"), back over up to ``most`` members; ``span.first`` when it is no list's."""
    i = span.first
    for _ in range(most):
        prev = span.token(i - 1)
        if prev is None:
            break
        if prev.key in AND_OR:
            run = _run(span, i - 2, -1)
        elif span.text[prev.end : span.tokens[i].start].strip() == "," and prev.cap:
            run = _run(span, i - 1, -1)
        else:
            break
        if not run:
            break
        i = run[-1]
    return i


def run_keys(span: Span, i: int, step: int) -> list[str]:
    """Keys of the capitalised words of one name from token ``i`` going ``step``, each length
    (longest first): up to four words, none across punctuation."""
    keys = [span.tokens[j].key for j in _run(span, i, step)]
    ordered = keys[::-1] if step < 0 else keys
    if step < 0:
        return [" ".join(ordered[-n:]) for n in range(len(ordered), 0, -1)]
    return [" ".join(ordered[:n]) for n in range(len(ordered), 0, -1)]


def _run(span: Span, i: int, step: int) -> list[int]:
    """Indices of the capitalised words from token ``i`` going ``step`` that one name holds:
    up to four, joined by spaces only."""
    tokens = span.tokens
    run: list[int] = []
    while 0 <= i < len(tokens) and tokens[i].cap and len(run) < _RUN:
        if run:
            a, b = sorted((i, run[-1]))
            if span.text[tokens[a].end : tokens[b].start].strip():
                break
        run.append(i)
        i += step
    return run
