"""Checking a places file: every problem with file:line:column, the feature and what would be valid.

Two levels of checks:

- *structure* (always, :func:`check_data`): JSON syntax, the JSON Schema shipped in the package
  (``vzmap/schema/places.schema.json``), duplicate feature ids and mention spans, numbers,
  nesting and strings that no reader could use. A file with structure errors cannot be merged,
  so ``ingest`` refuses to touch it.
- *content* (the rest of :func:`validate_text`): RFC 7946 details, swapped or sign-flipped
  coordinates (checked against the country named by ``properties.country``), more than 6 decimals,
  unknown event types, mention offsets and excerpts that do not match the document's text, missing
  documents.

Each problem is an *error* (the feature or mention it is in cannot be used; see
:meth:`Checked.usable`) or a *warning* (what was assumed: editor defaults, duplicate keys).

Positions come from our own scan of the JSON text (a small tokenizer, run only when there is
a problem to place), so every problem points at the offending value:
``places.geojson:41:18: [geonames:1] ...``. Lines and columns are 1-based; columns count
characters, not bytes.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import json
import math
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from json.decoder import scanstring
from pathlib import Path
from typing import Any

from ..text.documents import DocumentError, find_document, read_document
from ..text.sentences import nearest_occurrence

#: Maximum number of decimals of a coordinate (6 decimals are about 0.1 m).
MAX_DECIMALS = 6
#: How far (degrees) a point may lie outside its country's bounding box before it is reported.
COUNTRY_MARGIN_DEG = 1.0
#: A point this far (degrees) outside its country's bounding box, and not explained by swapped or
#: sign-flipped coordinates, is reported as misplaced; closer ones may be islands or territories.
FAR_OUTSIDE_DEG = 35.0

Pointer = tuple[str | int, ...]


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem of a places file, located by file, 1-based line and column, and feature id.

    An ``error`` makes the part of the file it is in unusable (the feature, or just the mention,
    that ``pointer`` names; the whole file when ``pointer`` names no feature); a ``warning`` says
    what was assumed to use the file anyway.
    """

    path: str
    line: int
    column: int
    feature_id: str | None
    message: str
    severity: str = ERROR
    pointer: tuple = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}:"
        if self.severity == WARNING:
            where += " warning:"
        if self.feature_id:
            return f"{where} [{self.feature_id}] {self.message}"
        return f"{where} {self.message}"


# --------------------------------------------------------------------------- positions


class _Index:
    """Where each value (and object key) of a valid JSON text starts, by JSON pointer tuple.

    An explicit stack instead of recursion, so that any nesting depth the JSON parser accepted
    can be located.
    """

    _WS = re.compile(r"[ \t\n\r]*")
    _NUM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")

    def __init__(self, text: str):
        self.text = text
        self.values: dict[Pointer, int] = {}
        self.keys: dict[Pointer, int] = {}
        self.duplicate_keys: list[tuple[Pointer, int]] = []
        self.constants: list[tuple[Pointer, int, str]] = []  # NaN / Infinity / too large
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._scan()

    def _ws(self, i: int) -> int:
        return self._WS.match(self.text, i).end()

    def _key(self, i: int, parent: Pointer, seen: set[str]) -> tuple[Pointer, int]:
        """Read the key at ``i`` of an object at ``parent``; (its pointer, where its value is)."""
        key, j = scanstring(self.text, i + 1)
        child = (*parent, key)
        if key in seen:
            self.duplicate_keys.append((child, i))
        seen.add(key)
        self.keys[child] = i
        return child, self._ws(self._ws(j) + 1)  # past ':'

    def _scalar(self, i: int, ptr: Pointer) -> int:
        text = self.text
        if text[i] == '"':
            return scanstring(text, i + 1)[1]
        for literal in ("true", "false", "null"):
            if text.startswith(literal, i):
                return i + len(literal)
        for constant in ("NaN", "Infinity", "-Infinity"):
            if text.startswith(constant, i):
                self.constants.append((ptr, i, constant))
                return i + len(constant)
        m = self._NUM.match(text, i)
        number = m.group()
        # The same limits as the parse (_Flags): integers over MAX_INT_DIGITS became infinity.
        is_int = number.lstrip("-").isdigit()
        if (len(number) > 4000 or (is_int and len(number.lstrip("-")) > MAX_INT_DIGITS)
                or not math.isfinite(float(number))):
            self.constants.append((ptr, i, number[:20] + ("…" if len(number) > 20 else "")))
        return m.end()

    def _scan(self) -> None:
        text = self.text
        stack: list[list] = []  # [pointer, seen keys (objects) or item count (lists)]
        ptr: Pointer = ()
        i = self._ws(0)
        while True:
            self.values[ptr] = i
            c = text[i]
            if c in "{[":
                j = self._ws(i + 1)
                if text[j] not in "}]":
                    if c == "{":
                        stack.append([ptr, set()])
                        ptr, i = self._key(j, ptr, stack[-1][1])
                    else:
                        stack.append([ptr, 0])
                        ptr, i = (*ptr, 0), j
                    continue
                i = j + 1
            else:
                i = self._scalar(i, ptr)
            # after a value: close containers until one continues with ','
            while stack:
                i = self._ws(i)
                top = stack[-1]
                if text[i] != ",":
                    stack.pop()
                    i += 1
                    continue
                i = self._ws(i + 1)
                if isinstance(top[1], set):
                    ptr, i = self._key(i, top[0], top[1])
                else:
                    top[1] += 1
                    ptr = (*top[0], top[1])
                break
            else:
                return

    def line_col(self, pos: int) -> tuple[int, int]:
        n = bisect.bisect_left(self._newlines, pos)
        line_start = self._newlines[n - 1] + 1 if n else 0
        return n + 1, pos - line_start + 1

    def locate(self, ptr: Iterable[str | int], *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``ptr`` (or its key), else of its nearest ancestor."""
        ptr = tuple(ptr)
        if key and ptr in self.keys:
            return self.line_col(self.keys[ptr])
        while ptr not in self.values and ptr:
            ptr = ptr[:-1]
        return self.line_col(self.values.get(ptr, 0))


def _pos_line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


# --------------------------------------------------------------------------- syntax


def _syntax_hint(text: str, exc: json.JSONDecodeError) -> str:
    pos = exc.pos
    before = text[:pos].rstrip()
    prev = before[-1:] if before else ""
    here = text[pos : pos + 1]
    msg = exc.msg
    if not text[pos:].strip() and not msg.startswith("Unterminated"):
        return (
            "the file ends too early: a closing ']' or '}' is missing; add it (or restore the "
            "previous version from the .bak file beside it)"
        )
    if msg.startswith("Expecting property name"):
        if here == "'":
            return "property names need double quotes: write \"name\", not 'name'"
        if prev == ",":
            return "trailing comma before '}': remove the ',' after the last property"
        return 'expected a property name in double quotes, like "name": ...'
    if msg.startswith("Expecting value"):
        if prev == "," and here == "]":
            return "trailing comma before ']': remove the ',' after the last item"
        if prev == "," and here == "}":
            return "trailing comma before '}': remove the ',' after the last property"
        if here == "'":
            return "strings need double quotes: write \"text\", not 'text'"
        word = re.match(r"[A-Za-z_]+", text[pos:])
        if word:
            return (
                f"{word.group()!r} is not a JSON value; write a number, a string in double "
                "quotes, true, false or null"
            )
        return "expected a value: a number, a string in double quotes, an object, a list, null"
    if msg.startswith("Expecting ',' delimiter"):
        prev_line = _pos_line_col(text, len(before) - 1)[0] if before else 1
        return (
            f"expected ',' or a closing bracket here; is a ',' missing at the end of line "
            f"{prev_line}?"
        )
    if msg.startswith("Expecting ':' delimiter"):
        return "expected ':' between a property name and its value"
    if msg.startswith("Extra data"):
        return (
            "unexpected text after the end of the FeatureCollection; a places file holds one "
            "JSON object: remove what follows it (or a '}' closes it too early)"
        )
    if msg.startswith("Unterminated string"):
        return 'a string is not closed: add the closing double quote "'
    if msg.startswith("Invalid control character"):
        return "a raw line break or tab inside a string; write \\n or \\t instead"
    if msg.startswith("Invalid \\escape") or msg.startswith("Invalid \\u"):
        return 'invalid backslash escape in a string; write a backslash as "\\\\"'
    return msg


#: Deeper nesting than this is refused: a places file needs six levels, and deeper values would
#: exhaust the recursion of the JSON tools that read the file after vzmap.
MAX_DEPTH = 64
#: Integers with more digits than this are refused (Python refuses to parse over 4300).
MAX_INT_DIGITS = 30


class _Flags:
    """What the parse saw that needs the position index to report: constants, duplicate keys."""

    def __init__(self) -> None:
        self.constants = False
        self.duplicate_keys = False

    def constant(self, name: str) -> float:
        self.constants = True
        return math.nan

    def integer(self, digits: str) -> int | float:
        if len(digits.lstrip("-")) > MAX_INT_DIGITS:
            self.constants = True
            return math.inf
        return int(digits)

    def real(self, digits: str) -> float:
        value = float(digits)
        if not math.isfinite(value):
            self.constants = True
        return value

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.duplicate_keys = True
        return obj


def _parse(text: str, path: str) -> tuple[Any, _Flags, Problem | None]:
    """Parse ``text`` once: (data, what needs positions, the syntax problem or None)."""
    flags = _Flags()
    if text.startswith("\ufeff"):
        return None, flags, Problem(
            path, 1, 1, None, "the file starts with a byte-order mark (BOM); save it as UTF-8 "
            "without BOM"
        )
    if not text.strip():
        return None, flags, Problem(
            path, 1, 1, None,
            'the file is empty; write {"type": "FeatureCollection", "features": []} for a '
            "places file without places",
        )
    try:
        data = json.loads(
            text, parse_constant=flags.constant, parse_int=flags.integer,
            parse_float=flags.real, object_pairs_hook=flags.pairs,
        )
    except json.JSONDecodeError as exc:
        return None, flags, Problem(
            path, exc.lineno, exc.colno, None, f"invalid JSON: {_syntax_hint(text, exc)}"
        )
    except (RecursionError, MemoryError):
        return None, flags, Problem(path, 1, 1, None, "invalid JSON: nested too deeply")
    return data, flags, None


def _too_deep(data: Any) -> Pointer | None:
    """The pointer of the first value nested deeper than :data:`MAX_DEPTH`, or None."""
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        value, ptr = stack.pop()
        if len(ptr) > MAX_DEPTH:
            return ptr
        if isinstance(value, dict):
            stack.extend((v, (*ptr, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*ptr, n)) for n, v in enumerate(value))
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogates(data: Any) -> list[Pointer]:
    """Pointers of strings (values or keys) holding a lone surrogate (JSON allows the escape,
    UTF-8 cannot encode it)."""
    found: list[Pointer] = []
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        value, ptr = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                found.append(ptr)
        elif isinstance(value, dict):
            for k, v in value.items():
                if _SURROGATE.search(k):
                    found.append((*ptr, k))
                stack.append((v, (*ptr, k)))
        elif isinstance(value, list):
            stack.extend((v, (*ptr, n)) for n, v in enumerate(value))
    return found


# --------------------------------------------------------------------------- schema


@functools.cache
def load_schema() -> dict:
    """The JSON Schema of the places file shipped in the package."""
    raw = resources.files("vzmap").joinpath("schema", "places.schema.json").read_text("utf-8")
    return json.loads(raw)


@functools.cache
def _validator():
    """The schema's validator, where an integer is a JSON integer: ``28.0`` and ``1E+2`` are not
    offsets (jsonschema's default counts floats without a fraction as integers)."""
    from jsonschema import Draft202012Validator, validators

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: _is_int(value)
    )
    strict = validators.extend(Draft202012Validator, type_checker=checker)
    return strict(schema)


def _show(value: Any, limit: int = 60) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _describe_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{_show(value)} (a number)"
    if isinstance(value, str):
        return f"{_show(value)} (a string)"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _label(ptr: Pointer) -> str:
    if not ptr:
        return "the file"
    last = ptr[-1]
    if isinstance(last, int):
        parent = ptr[-2] if len(ptr) > 1 else None
        if parent == "features":
            return f"feature #{last + 1}"
        if parent == "mentions":
            return f"mention #{last + 1}"
        if parent == "coordinates":
            return "longitude" if last == 0 else "latitude" if last == 1 else f"coordinate #{last}"
        return f"item #{last + 1} of {_label(ptr[:-1])}"
    return f'"{last}"'


def _schema_message(error) -> tuple[Pointer, str, bool]:
    """Pointer, friendly message and whether to point at the key, for one jsonschema error."""
    ptr: Pointer = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    desc = schema.get("description", "")
    label = _label(ptr)
    kind = error.validator
    if kind == "required":
        # One error per missing property; its message is "'<name>' is a required property".
        missing = [p for p in error.validator_value
                   if p not in error.instance and error.message.startswith(repr(p))]
        prop = missing[0] if missing else error.message.split(" is a required")[0].strip("'")
        prop_desc = schema.get("properties", {}).get(prop, {}).get("description", "")
        owner = label
        hint = f": {prop_desc}" if prop_desc else ""
        return ptr, f'{owner} has no "{prop}"; add "{prop}"{hint}', False
    if kind == "type":
        return ptr, f"{label} is {_describe_type(error.instance)}; it must be {desc}", False
    if kind == "minItems" and ptr and ptr[-1] == "coordinates":
        return ptr, f'"coordinates" has {len(error.instance)} number(s); it must be {desc}', False
    if kind == "maxItems" and ptr and ptr[-1] == "coordinates":
        return (
            ptr,
            f'"coordinates" has {len(error.instance)} numbers; it must be {desc} '
            "(no altitude)",
            False,
        )
    if kind == "minimum" and ptr and ptr[-1] == "end" and error.instance == 0:
        return ptr, f'"end" is 0; it must be {desc}', False
    if desc:
        return ptr, f"{label} is {_show(error.instance)}; it must be {desc}", False
    return ptr, f"{label}: {error.message}", False


def _feature_id(data: Any, ptr: Pointer) -> str | None:
    if len(ptr) >= 2 and ptr[0] == "features" and isinstance(ptr[1], int):
        try:
            fid = data["features"][ptr[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        return fid if isinstance(fid, str) else None
    return None


# --------------------------------------------------------------------------- helpers


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _iter_features(data: Any):
    feats = data.get("features") if isinstance(data, dict) else None
    if not isinstance(feats, list):
        return
    for i, f in enumerate(feats):
        if isinstance(f, dict):
            yield i, f


def _iter_mentions(feature: dict):
    props = feature.get("properties")
    mentions = props.get("mentions") if isinstance(props, dict) else None
    if not isinstance(mentions, list):
        return
    for j, m in enumerate(mentions):
        if isinstance(m, dict):
            yield j, m


def _fmt_coord(v: float) -> str:
    return repr(round(float(v), MAX_DECIMALS)) if math.isfinite(v) else str(v)


class _NoText:
    """Positions for data that has no text (vzmap's own output checked in memory)."""

    constants: tuple = ()
    duplicate_keys: tuple = ()

    def locate(self, ptr, *, key: bool = False) -> tuple[int, int]:
        return 1, 1

    def line_col(self, pos: int) -> tuple[int, int]:
        return 1, 1


class _Reporter:
    """Collects problems; positions come from an index of the text built only when needed."""

    def __init__(self, path: str, data: Any, text: str | None):
        self.path = path
        self.data = data
        self.text = text
        self._index: _Index | _NoText | None = None
        self.problems: list[Problem] = []

    @property
    def index(self) -> _Index | _NoText:
        if self._index is None:
            self._index = _Index(self.text) if self.text is not None else _NoText()
        return self._index

    def add(self, ptr: Pointer, message: str, *, key: bool = False,
            severity: str = ERROR) -> None:
        line, col = self.index.locate(ptr, key=key)
        self.at(ptr, line, col, message, severity)

    def at(self, ptr: Pointer, line: int, col: int, message: str, severity: str = ERROR, *,
           pointer: Pointer | None = None) -> None:
        """Record a problem at ``ptr``; ``pointer`` (default ``ptr``) is the part it makes
        unusable."""
        fid = _feature_id(self.data, ptr)
        self.problems.append(Problem(
            self.path, line, col, _printable(fid) if fid else fid, _printable(message), severity,
            tuple(ptr if pointer is None else pointer)))


def _printable(text: str) -> str:
    """``text`` with lone surrogates (quoted from the file) written as ``\\udXXX`` escapes, so
    that a problem can be printed and saved as UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --------------------------------------------------------------------------- structure


def _constants(rep: _Reporter) -> None:
    for ptr, pos, constant in rep.index.constants:
        line, col = rep.index.line_col(pos)
        if constant in ("NaN", "Infinity", "-Infinity"):
            message = f"{constant} is not valid JSON; write a number (or null where allowed)"
        else:
            message = f"the number {constant} is too large; write a number of normal size"
        rep.at(ptr, line, col, message)


def _unencodable(rep: _Reporter) -> None:
    for ptr in _lone_surrogates(rep.data):
        rep.add(
            ptr,
            f"{_label(ptr)} holds a lone surrogate escape (\\ud800-\\udfff without its pair), "
            "which is not a character and cannot be saved as UTF-8; remove it or write the "
            "character itself",
            key=isinstance(ptr[-1], str) if ptr else False,
        )


def _structure(rep: _Reporter, flags: _Flags | None = None) -> bool:
    """Structure problems; False when the data is too deep to be checked any further."""
    data = rep.data
    deep = _too_deep(data)
    if deep is not None:
        # Located at the feature, but nothing else is checked, so no part of the file is known
        # to be usable: the problem is about the whole file (pointer ()).
        where = deep[:2] if deep[:1] == ("features",) else ()
        line, col = rep.index.locate(where)
        rep.at(where, line, col,
               f"values are nested more than {MAX_DEPTH} levels deep; a places file needs a "
               "few levels: remove the deeply nested value (the rest of the file is checked "
               "once it is gone)", pointer=())
        return False
    if flags is None or flags.constants:
        _constants(rep)
    if rep.text is None or _ESCAPED_SURROGATE.search(rep.text):
        _unencodable(rep)
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path))):
        ptr, message, key = _schema_message(error)
        rep.add(ptr, message, key=key)
    # Duplicate feature ids break the one-feature-per-place rule (and every GIS join on id).
    first_id: dict[str, int] = {}
    for i, feature in _iter_features(data):
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
    return True


def _duplicate_spans(rep: _Reporter) -> None:
    """The same (doc, start, end) twice: a span of a document belongs to one place."""
    first_span: dict[tuple, tuple[int, int, str | None]] = {}
    for i, feature in _iter_features(rep.data):
        fid = feature.get("id")
        for j, m in _iter_mentions(feature):
            doc, start, end = m.get("doc"), m.get("start"), m.get("end")
            if not (isinstance(doc, str) and _is_int(start) and _is_int(end)):
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


# --------------------------------------------------------------------------- countries


@functools.cache
def _country_shape(code: str) -> tuple[str, tuple[float, float, float, float]] | None:
    """(name, (min_lon, min_lat, max_lon, max_lat)) of a country from ``countryinfo``, or None."""
    try:
        from countryinfo import CountryInfo

        info = CountryInfo(code)
        if info.iso().get("alpha2", "").upper() != code.upper():
            return None
        geo = info.info().get("geoJSON") or {}
        name = info.info().get("name") or code
    except Exception:  # noqa: BLE001 - an unknown code just means no check
        return None
    rings: list[list[tuple[float, float]]] = []
    geoms = []
    for feat in geo.get("features", []) if isinstance(geo, dict) else []:
        geoms.append(feat.get("geometry") or {})
    for g in geoms:
        if g.get("type") == "Polygon":
            polys = [g.get("coordinates", [])]
        elif g.get("type") == "MultiPolygon":
            polys = g.get("coordinates", [])
        else:
            continue
        for poly in polys:
            if poly:
                rings.append([(float(x), float(y)) for x, y, *_ in poly[0]])
    if not rings:
        return None
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    name = str(name).title() if str(name).islower() else str(name)
    return name, (min(xs), min(ys), max(xs), max(ys))


def _bbox_distance_deg(lon: float, lat: float, bbox) -> float:
    min_x, min_y, max_x, max_y = bbox
    dx = max(min_x - lon, 0.0, lon - max_x)
    dy = max(min_y - lat, 0.0, lat - max_y)
    return math.hypot(dx, dy)


def country_check(code: str, lon: float, lat: float) -> tuple[str, str, float] | None:
    """How a ``[lon, lat]`` point sits relative to country ``code``.

    Returns ``None`` when the point is near the country (or the country is unknown), else
    ``(verdict, country name, distance in degrees from the country's bounding box)`` where the
    verdict is ``"swapped"`` (``[lat, lon]`` lands inside), ``"lon_sign"`` / ``"lat_sign"``
    (flipping that sign lands inside) or ``"outside"``.
    """
    shape = _country_shape(code)
    if shape is None:
        return None
    name, bbox = shape
    dist = _bbox_distance_deg(lon, lat, bbox)
    if dist <= COUNTRY_MARGIN_DEG:
        return None

    def inside(x: float, y: float) -> bool:
        # Bounding boxes, not the (coarse) outlines: coastal cities fall outside those.
        return _bbox_distance_deg(x, y, bbox) <= 0.25

    if abs(lon) <= 90 and inside(lat, lon):
        return "swapped", name, dist
    if inside(-lon, lat):
        return "lon_sign", name, dist
    if inside(lon, -lat):
        return "lat_sign", name, dist
    if dist <= FAR_OUTSIDE_DEG:
        return None  # islands and overseas parts (the Canaries, Galápagos) lie this far out
    return "outside", name, dist


# --------------------------------------------------------------------------- content


def _taxonomy_ids(taxonomy: Any) -> list[str]:
    if taxonomy is None:
        from ..events.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    ids = getattr(taxonomy, "ids", None)
    if ids is not None:
        return list(ids)
    return list(taxonomy)


def _check_coordinates(rep: _Reporter, i: int, feature: dict) -> None:
    geom = feature.get("geometry")
    coords = geom.get("coordinates") if isinstance(geom, dict) else None
    if not (isinstance(coords, list) and len(coords) == 2 and all(map(_is_num, coords))):
        return
    lon, lat = float(coords[0]), float(coords[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return  # NaN / Infinity / too large: reported as not JSON, no place to compare
    base = ("features", i, "geometry", "coordinates")
    for k, (v, what) in enumerate(((lon, "longitude"), (lat, "latitude"))):
        if round(v, MAX_DECIMALS) != v:
            rep.add(
                (*base, k),
                f"{what} {coords[k]!r} has more than {MAX_DECIMALS} decimals; write "
                f"{_fmt_coord(v)} ({MAX_DECIMALS} decimals are about 0.1 m)",
                severity=WARNING,
            )
    if abs(lat) > 90:
        if abs(lon) <= 90:
            rep.add(
                (*base, 1),
                f"latitude {coords[1]!r} is beyond ±90: the coordinates look swapped ([lat, lon]);"
                f" GeoJSON order is [longitude, latitude]: write [{_fmt_coord(lat)}, "
                f"{_fmt_coord(lon)}]",
            )
        else:
            rep.add(
                (*base, 1),
                f"latitude {coords[1]!r} is beyond ±90; latitude must be between -90 and 90",
            )
        return
    if abs(lon) > 180:
        rep.add(
            (*base, 0),
            f"longitude {coords[0]!r} is beyond ±180; longitude must be between -180 and 180",
        )
        return
    props = feature.get("properties")
    country = props.get("country") if isinstance(props, dict) else None
    if not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
        return
    verdict = country_check(country, lon, lat)
    if verdict is None:
        return
    kind, name, dist = verdict
    shown = f"[{_fmt_coord(lon)}, {_fmt_coord(lat)}]"
    where = f"{country} ({name})"
    if kind == "swapped":
        msg = (
            f"coordinates {shown} are far outside {where} but [{_fmt_coord(lat)}, "
            f"{_fmt_coord(lon)}] is inside: they look swapped ([lat, lon]); GeoJSON order is "
            f"[longitude, latitude]: write [{_fmt_coord(lat)}, {_fmt_coord(lon)}]"
        )
    elif kind == "lon_sign":
        msg = (
            f"coordinates {shown} are far outside {where} but [{_fmt_coord(-lon)}, "
            f"{_fmt_coord(lat)}] is inside: the longitude's sign looks wrong (west is "
            f"negative); write [{_fmt_coord(-lon)}, {_fmt_coord(lat)}]"
        )
    elif kind == "lat_sign":
        msg = (
            f"coordinates {shown} are far outside {where} but [{_fmt_coord(lon)}, "
            f"{_fmt_coord(-lat)}] is inside: the latitude's sign looks wrong (south is "
            f"negative); write [{_fmt_coord(lon)}, {_fmt_coord(-lat)}]"
        )
    else:
        km = round(dist * 111)
        msg = (
            f"coordinates {shown} are about {km} km outside {where}; move the point into "
            f'{country} or correct "country"'
        )
    rep.add(base, msg)


class _Docs:
    """Document texts by id, read once, for offset checks."""

    def __init__(self, docs_dir: Path | str | None):
        self.docs_dir = Path(docs_dir) if docs_dir is not None else None
        self._cache: dict[str, tuple[str | None, str | None]] = {}

    def get(self, doc_id: str) -> tuple[str | None, str | None]:
        """(text, None) or (None, error message)."""
        if doc_id not in self._cache:
            path = find_document(self.docs_dir, doc_id)
            if path is None:
                self._cache[doc_id] = (None, "missing")
            else:
                try:
                    self._cache[doc_id] = (read_document(path).text, None)
                except DocumentError as exc:
                    self._cache[doc_id] = (None, str(exc))
        return self._cache[doc_id]

    def example_ids(self) -> list[str]:
        if self.docs_dir is None or not self.docs_dir.is_dir():
            return []
        from ..text.documents import doc_id_for, iter_document_paths

        return sorted({doc_id_for(p) for p in iter_document_paths([self.docs_dir])})[:3]


def _snippet(s: str, limit: int = 50) -> str:
    return repr(s if len(s) <= limit else s[: limit - 1] + "…")



def _check_mention(rep: _Reporter, ptr: Pointer, m: dict, types: list[str], docs: _Docs) -> None:
    doc, start, end, mtext = m.get("doc"), m.get("start"), m.get("end"), m.get("text")
    excerpt, es = m.get("excerpt"), m.get("excerpt_start")
    et = m.get("event_type")
    if isinstance(et, str) and et not in types:
        close = difflib.get_close_matches(et, types, n=1, cutoff=0.7)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        rep.add(
            (*ptr, "event_type"),
            f'unknown event type "{et}"{hint}; valid event types: {", ".join(types)}',
        )
    spans_ok = _is_int(start) and _is_int(end) and isinstance(mtext, str)
    if spans_ok and end <= start:
        rep.add(
            (*ptr, "end"),
            f"end {end} is not after start {start}; end must be greater than start "
            f"(start + the length of \"text\" = {start + len(mtext)})",
        )
        spans_ok = False
    has_excerpt = isinstance(excerpt, str) and _is_int(es)
    if spans_ok and has_excerpt and not (es <= start and end <= es + len(excerpt)):
        rep.add(
            (*ptr, "excerpt_start"),
            f"the mention {start}:{end} lies outside its excerpt ({es}:{es + len(excerpt)}); the "
            "excerpt must be the sentence that contains the mention",
        )
        has_excerpt = False
    doc_text = None
    if isinstance(doc, str) and docs.docs_dir is not None:
        doc_text, err = docs.get(doc)
        if err == "missing":
            examples = docs.example_ids()
            eg = f', e.g. "{examples[0]}"' if examples else ""
            rep.add(
                (*ptr, "doc"),
                f'document "{doc}" not found in {docs.docs_dir}; "doc" must be the file name '
                f"(without extension) of an article there{eg}",
            )
        elif err:
            rep.add((*ptr, "doc"), f'document "{doc}" cannot be read: {err}')
    if doc_text is None:
        # No document to compare with: check the mention against its own excerpt.
        if spans_ok and len(mtext) != end - start:
            rep.add(
                (*ptr, "end"),
                f'"text" {_snippet(mtext)} has {len(mtext)} characters but end - start is '
                f"{end - start}; with start {start}, end should be {start + len(mtext)}",
            )
        elif spans_ok and has_excerpt:
            inner = excerpt[start - es : end - es]
            if inner != mtext:
                rep.add(
                    (*ptr, "start"),
                    f"the excerpt has {_snippet(inner)} at {start}:{end}, not {_snippet(mtext)}; "
                    'fix "start"/"end" or "excerpt_start"',
                )
        return
    n = len(doc_text)
    if spans_ok:
        if end > n:
            rep.add(
                (*ptr, "end"),
                f'end {end} is past the end of document "{doc}" ({n} characters); offsets must '
                f"be at most {n}",
            )
        elif doc_text[start:end] != mtext:
            actual = doc_text[start:end]
            pos = nearest_occurrence(doc_text, mtext, start)
            hint = (
                f'; {_snippet(mtext)} occurs at {pos}:{pos + len(mtext)}: set "start": {pos}, '
                f'"end": {pos + len(mtext)}'
                if pos is not None
                else f'; {_snippet(mtext)} does not occur in the document: fix "text" or delete '
                "the mention"
            )
            rep.add(
                (*ptr, "start"),
                f'document "{doc}" has {_snippet(actual)} at {start}:{end}, not '
                f"{_snippet(mtext)}{hint}",
            )
    if isinstance(excerpt, str) and _is_int(es) and excerpt:
        actual = doc_text[es : es + len(excerpt)]
        if actual != excerpt:
            pos = nearest_occurrence(doc_text, excerpt, es)
            hint = (
                f'; the excerpt occurs at {pos}: set "excerpt_start": {pos}'
                if pos is not None
                else "; copy the sentence exactly from the document"
            )
            rep.add(
                (*ptr, "excerpt"),
                f'"excerpt" does not match document "{doc}" at {es}: the text there is '
                f"{_snippet(actual)}{hint}",
            )


def _duplicate_keys(rep: _Reporter) -> None:
    for ptr, pos in rep.index.duplicate_keys:
        line, col = rep.index.line_col(pos)
        rep.at(
            ptr, line, col,
            f'duplicate key "{ptr[-1]}" in the same object: the last value is used and the '
            "others are lost when vzmap writes the file; keep one of them",
            WARNING,
        )


_WGS84 = re.compile(r"CRS84|EPSG::?4326|WGS.?84", re.IGNORECASE)


def _crs(rep: _Reporter) -> None:
    data = rep.data
    if not (isinstance(data, dict) and "crs" in data):
        return
    if _WGS84.search(json.dumps(data["crs"])):
        rep.add(("crs",), 'RFC 7946 removed "crs"; this one names WGS 84, the only allowed '
                "system, so it is ignored (delete it to silence this)", key=True, severity=WARNING)
    else:
        rep.add(("crs",), 'RFC 7946 removed "crs": coordinates must be WGS 84 [longitude, '
                'latitude]; reproject the file to EPSG:4326 (in QGIS: Export > Save Features As, '
                'CRS "EPSG:4326") and delete "crs"', key=True)


def _content(rep: _Reporter, types: list[str], docs: _Docs) -> None:
    _crs(rep)
    for i, feature in _iter_features(rep.data):
        _check_coordinates(rep, i, feature)
        for j, m in _iter_mentions(feature):
            _check_mention(rep, ("features", i, "properties", "mentions", j), m, types, docs)


# --------------------------------------------------------------------------- entry points


def _sorted(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line, p.column, p.message)):
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


@dataclass
class Checked:
    """A places file as read once: its data (editor defaults applied) and every problem."""

    data: Any
    problems: list[Problem]
    raw: bytes = b""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def usable(self) -> dict | None:
        """The collection without the features and mentions that have errors, or None when no
        part of the file can be used (not JSON, not a FeatureCollection, ...)."""
        data = self.data
        if not (isinstance(data, dict) and isinstance(data.get("features"), list)):
            return None
        dropped: set[int] = set()
        dropped_mentions: dict[int, set[int]] = {}
        for p in self.errors:
            where = _feature_part(p.pointer)
            if where is None:
                return None
            if where[1] is None:
                dropped.add(where[0])
            else:
                dropped_mentions.setdefault(where[0], set()).add(where[1])
        features = []
        for i, f in enumerate(data["features"]):
            if i in dropped:
                continue
            if i in dropped_mentions:
                props = f["properties"]
                kept = [m for j, m in enumerate(props["mentions"]) if j not in dropped_mentions[i]]
                f = {**f, "properties": {**props, "mentions": kept}}
            features.append(f)
        return {**data, "features": features}


def _feature_part(ptr: Pointer) -> tuple[int, int | None] | None:
    """(feature index, mention index or None) that a pointer is in, or None for the file."""
    if len(ptr) < 2 or ptr[0] != "features" or not isinstance(ptr[1], int):
        return None
    if len(ptr) >= 5 and ptr[2:4] == ("properties", "mentions") and isinstance(ptr[4], int):
        return ptr[1], ptr[4]
    return ptr[1], None


def check_data(
    data: Any,
    path: str = "<data>",
    *,
    text: str | None = None,
    flags: _Flags | None = None,
    content: bool = False,
    unique_spans: bool = True,
    docs_dir: Path | str | None = None,
    taxonomy: Any = None,
) -> Checked:
    """Check parsed places data (editor defaults are applied to it in place, see
    :mod:`vzmap.editors`). ``text`` (what ``data`` was parsed from) gives problems their
    line:column; vzmap's own output is checked without it, never serialised for it.

    Structure (syntax, schema, ids, unique spans with ``unique_spans``) is always checked;
    ``content`` adds coordinates, event types and, with ``docs_dir``, offsets and excerpts.
    """
    from .editors import apply_defaults

    rep = _Reporter(path, data, text)
    for ptr, message in apply_defaults(data):
        rep.add(ptr, message, severity=WARNING)
    if flags is not None and flags.duplicate_keys:
        _duplicate_keys(rep)
    if _structure(rep, flags):
        if unique_spans:
            _duplicate_spans(rep)
        if content:
            _content(rep, _taxonomy_ids(taxonomy), _Docs(docs_dir))
    return Checked(data, _sorted(rep.problems))


def check_text(text: str, path: str = "<string>", **options: Any) -> Checked:
    """Parse ``text`` once and check it (options as for :func:`check_data`)."""
    data, flags, syntax = _parse(text, path)
    if syntax is not None:
        return Checked(None, [syntax])
    return check_data(data, path, text=text, flags=flags, **options)


def read_file_bytes(path: Path | str) -> tuple[bytes, Problem | None]:
    """The bytes of a places file, or the problem that stops reading it. Only regular files
    are read (a FIFO would block, ``/dev/zero`` never ends)."""
    name = str(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return b"", Problem(name, 1, 1, None, "not a regular file; give the path of a "
                                "places file (.geojson)")
        with open(path, "rb") as fh:
            return fh.read(), None
    except FileNotFoundError:
        return b"", Problem(name, 1, 1, None, "no such file; run `vzmap ingest` to create it")
    except OSError as exc:
        return b"", Problem(name, 1, 1, None, f"cannot be read: {exc.strerror or exc}")


def check_file(path: Path | str, **options: Any) -> Checked:
    """Read the places file at ``path`` once and check it (options as for :func:`check_data`).
    ``raw`` holds the bytes that were checked, even if the file is replaced meanwhile."""
    name = str(path)
    raw, problem = read_file_bytes(path)
    if problem is None:
        text, problem = decode_places_bytes(raw, name)
    if problem is not None:
        return Checked(None, [problem], raw)
    checked = check_text(text, name, **options)
    checked.raw = raw
    return checked


def validate_text(
    text: str,
    path: str = "<string>",
    *,
    docs_dir: Path | str | None = None,
    taxonomy: Any = None,
) -> list[Problem]:
    """Every problem of the places file ``text`` (named ``path`` in messages), sorted by position.

    ``docs_dir`` enables the document checks (existence, offsets, excerpts); ``taxonomy`` is a
    :class:`~vzmap.taxonomy.Taxonomy` or a list of event type ids (default: the shipped one).
    Warnings (``severity == "warning"``) say what was assumed; errors make a part unusable.
    """
    return check_text(text, path, content=True, docs_dir=docs_dir, taxonomy=taxonomy).problems


def decode_places_bytes(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Decode a places file strictly as UTF-8, or say where it is not UTF-8."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace"))
        return None, Problem(
            path, line, col + 1, None,
            f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )


def validate_file(
    path: Path | str,
    *,
    docs_dir: Path | str | None = None,
    taxonomy: Any = None,
) -> list[Problem]:
    """Every problem of the places file at ``path`` (see :func:`validate_text`)."""
    return check_file(path, content=True, docs_dir=docs_dir, taxonomy=taxonomy).problems
