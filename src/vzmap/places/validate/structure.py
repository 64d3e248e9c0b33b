"""Structure checks that no reader can do without: depth, numbers, strings, schema, unique ids.

A file with structure errors cannot be merged, so ``ingest`` refuses to touch it.
"""

from __future__ import annotations

from .parts import is_int, iter_features, iter_mentions
from .problems import WARNING
from .reporter import Reporter
from .schema import check_schema, label
from .syntax import ESCAPED_SURROGATE, MAX_DEPTH, Flags, lone_surrogates, too_deep


def _nested_too_deeply(rep: Reporter) -> bool:
    """Report a value nested deeper than :data:`MAX_DEPTH`; whether there is one."""
    deep = too_deep(rep.data)
    if deep is None:
        return False
    # Located at the feature, but nothing else is checked, so no part of the file is known
    # to be usable: the problem is about the whole file (pointer ()).
    where = deep[:2] if deep[:1] == ("features",) else ()
    line, col = rep.index.locate(where)
    rep.at(where, line, col,
           f"values are nested more than {MAX_DEPTH} levels deep; a places file needs a "
           "few levels: remove the deeply nested value (the rest of the file is checked "
           "once it is gone)", pointer=())
    return True


def _constants(rep: Reporter) -> None:
    for ptr, pos, constant in rep.index.constants:
        line, col = rep.index.line_col(pos)
        if constant in ("NaN", "Infinity", "-Infinity"):
            message = f"{constant} is not valid JSON; write a number (or null where allowed)"
        else:
            message = f"the number {constant} is too large; write a number of normal size"
        rep.at(ptr, line, col, message)


def _unencodable(rep: Reporter) -> None:
    for ptr in lone_surrogates(rep.data):
        rep.add(
            ptr,
            f"{label(ptr)} holds a lone surrogate escape (\\ud800-\\udfff without its pair), "
            "which is not a character and cannot be saved as UTF-8; remove it or write the "
            "character itself",
            key=isinstance(ptr[-1], str) if ptr else False,
        )


def _duplicate_ids(rep: Reporter) -> None:
    """Duplicate feature ids break the one-feature-per-place rule (and every GIS join on id)."""
    first_id: dict[str, int] = {}
    for i, feature in iter_features(rep.data):
        fid = feature.get("id")
        if not isinstance(fid, str):
            continue
        if fid in first_id:
            line = rep.index.locate(("features", first_id[fid], "id"))[0]
            rep.add(
                ("features", i, "id"),
                f'duplicate feature id "{fid}" (first used on line {line}); each place appears '
                "once: move these mentions into the first feature and delete this one",
            )
        else:
            first_id[fid] = i


def check_structure(rep: Reporter, flags: Flags | None = None) -> bool:
    """Structure problems; False when the data is too deep to be checked any further."""
    if _nested_too_deeply(rep):
        return False
    if flags is None or flags.constants:
        _constants(rep)
    if rep.text is None or ESCAPED_SURROGATE.search(rep.text):
        _unencodable(rep)
    check_schema(rep)
    _duplicate_ids(rep)
    return True


def check_duplicate_keys(rep: Reporter) -> None:
    """The same key twice in one object: only the last value survives a write."""
    for ptr, pos in rep.index.duplicate_keys:
        line, col = rep.index.line_col(pos)
        rep.at(
            ptr, line, col,
            f'duplicate key "{ptr[-1]}" in the same object: the last value is used and the '
            "others are lost when vzmap writes the file; keep one of them",
            WARNING,
        )


def check_duplicate_spans(rep: Reporter) -> None:
    """The same (doc, start, end) twice: a span of a document belongs to one place."""
    first_span: dict[tuple, tuple[int, int, str | None]] = {}
    for i, feature in iter_features(rep.data):
        fid = feature.get("id")
        for j, m in iter_mentions(feature):
            doc, start, end = m.get("doc"), m.get("start"), m.get("end")
            if not (isinstance(doc, str) and is_int(start) and is_int(end)):
                continue
            span = (doc, start, end)
            ptr = ("features", i, "properties", "mentions", j)
            if span in first_span:
                fi, fj, other = first_span[span]
                line = rep.index.locate(("features", fi, "properties", "mentions", fj))[0]
                where = f' in feature "{other}"' if other and other != fid else ""
                rep.add(
                    ptr,
                    f"duplicate mention of {doc} {start}:{end} (also on line {line}{where}); a "
                    "span of a document belongs to one place: delete one of the two",
                )
            else:
                first_span[span] = (i, j, fid if isinstance(fid, str) else None)
