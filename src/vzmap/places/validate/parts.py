"""The parts of places data that the checks walk: features, mentions, JSON integers, pointers."""

from __future__ import annotations

from typing import Any

#: Where a value is in the data: keys and list indexes from the top, like a JSON pointer.
Pointer = tuple[str | int, ...]


def is_int(v: Any) -> bool:
    """Whether ``v`` is a JSON integer (``True`` is not an offset)."""
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v: Any) -> bool:
    """Whether ``v`` is a JSON number."""
    return isinstance(v, int | float) and not isinstance(v, bool)


def iter_features(data: Any):
    """(index, feature) of each feature that is an object."""
    feats = data.get("features") if isinstance(data, dict) else None
    if not isinstance(feats, list):
        return
    for i, f in enumerate(feats):
        if isinstance(f, dict):
            yield i, f


def iter_mentions(feature: dict):
    """(index, mention) of each mention of ``feature`` that is an object."""
    props = feature.get("properties")
    mentions = props.get("mentions") if isinstance(props, dict) else None
    if not isinstance(mentions, list):
        return
    for j, m in enumerate(mentions):
        if isinstance(m, dict):
            yield j, m


def feature_id(data: Any, ptr: Pointer) -> str | None:
    """The id of the feature that ``ptr`` is in, when it is a string."""
    if len(ptr) >= 2 and ptr[0] == "features" and isinstance(ptr[1], int):
        try:
            fid = data["features"][ptr[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        return fid if isinstance(fid, str) else None
    return None


def feature_part(ptr: Pointer) -> tuple[int, int | None] | None:
    """(feature index, mention index or None) that a pointer is in, or None for the file."""
    if len(ptr) < 2 or ptr[0] != "features" or not isinstance(ptr[1], int):
        return None
    if len(ptr) >= 5 and ptr[2:4] == ("properties", "mentions") and isinstance(ptr[4], int):
        return ptr[1], ptr[4]
    return ptr[1], None
