"""The fast path of the checks: whether parsed data has no problem at all, in one walk.

:func:`is_clean` answers, without positions, messages or jsonschema, the question the strict
checks (:mod:`.structure`, :mod:`.schema`, the editor defaults of :mod:`vzmap.places.editors`)
answer with a list of problems: is that list empty? It is True only when the strict checks would
find nothing, so a clean file (what vzmap writes, and most files people edit) is checked in one
pass over its values; any doubt answers False and the strict path, which stays the reference,
computes every problem with its line:column. :func:`content_clean` does the same for the content
checks (:mod:`.geo`, :mod:`.content`) of structurally clean data. ``tests/test_fastpath.py``
checks that both paths agree on the broken-file corpus and on fuzzed files.

Types are compared exactly (``type(v) is int``): values that JSON cannot hold (tuples, numpy
numbers, subclasses) are left to the strict path.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from ...text.dates import ISO_DATE_RE, parse_partial_date
from ..editors import ID_RE
from .content import Docs
from .geo import MAX_DECIMALS, country_check
from .schema import load_schema
from .syntax import ESCAPED_SURROGATE, MAX_DEPTH, SURROGATE, Flags

_FEATURE_KEYS = frozenset(("type", "id", "geometry", "properties"))
_GEOMETRY_KEYS = frozenset(("type", "coordinates"))
_NUMBER = (int, float)


@functools.cache
def _rules() -> dict[str, Any]:
    """The patterns and enums of the shipped JSON Schema, read from it (one source of truth)."""
    defs = load_schema()["$defs"]
    place = defs["feature"]["properties"]
    props = place["properties"]["properties"]
    mention = defs["mention"]["properties"]
    return {
        "id": re.compile(place["id"]["pattern"]).search,
        "country": re.compile(props["country"]["pattern"]).search,
        "kinds": frozenset(props["kind"]["enum"]),
        "doc": re.compile(mention["doc"]["pattern"]).search,
        "date": re.compile(mention["date"]["pattern"]).search,
        "date_sources": frozenset(s for s in mention["date_source"]["enum"] if s is not None),
        "prop_keys": frozenset(props),
        "mention_keys": frozenset(mention),
        "candidate_keys": frozenset(mention["candidates"]["items"]["properties"]),
    }


class _Walk:
    """One walk over parsed data; ``surrogates``: also look for lone surrogates in strings."""

    def __init__(self, surrogates: bool, unique_spans: bool):
        self.surrogates = surrogates
        self.unique_spans = unique_spans
        self.rules = _rules()
        self.ids: set[str] = set()
        self.spans: set[tuple[str, int, int]] = set()

    def text_ok(self, s: str) -> bool:
        return not (self.surrogates and SURROGATE.search(s))

    def foreign(self, value: Any, depth: int) -> bool:
        """A value the schema does not describe: only nesting, surrogates and JSON types."""
        if depth > MAX_DEPTH:
            return False
        t = type(value)
        if t is dict:
            return all(type(k) is str and self.text_ok(k) and self.foreign(v, depth + 1)
                       for k, v in value.items())
        if t is list:
            return all(self.foreign(v, depth + 1) for v in value)
        if t is str:
            return self.text_ok(value)
        return value is None or t is bool or t is int or t is float

    def extras(self, obj: dict, known: frozenset, depth: int) -> bool:
        """The keys of ``obj`` the schema does not name, and their values (at ``depth``)."""
        if known.issuperset(obj):
            return True
        return all(k in known or (type(k) is str and self.text_ok(k) and self.foreign(v, depth))
                   for k, v in obj.items())

    def strings(self, *values: Any) -> bool:
        """Optional strings (``None`` or ``str``) without lone surrogates."""
        for v in values:
            if v is not None and (type(v) is not str or (self.surrogates and SURROGATE.search(v))):
                return False
        return True

    def feature(self, f: Any) -> bool:
        if type(f) is not dict or f.get("type") != "Feature" or not f.keys() >= _FEATURE_KEYS:
            return False
        fid = f["id"]
        if type(fid) is not str or not self.rules["id"](fid) or not ID_RE.match(fid):
            return False
        if fid in self.ids or not self.text_ok(fid):
            return False
        self.ids.add(fid)
        return (self.geometry(f["geometry"]) and self.properties(f["properties"])
                and self.extras(f, _FEATURE_KEYS, 3))

    def geometry(self, g: Any) -> bool:
        if type(g) is not dict or g.get("type") != "Point":
            return False
        coords = g.get("coordinates")
        return (type(coords) is list and len(coords) == 2
                and type(coords[0]) in _NUMBER and type(coords[1]) in _NUMBER
                and self.extras(g, _GEOMETRY_KEYS, 4))

    def properties(self, p: Any) -> bool:
        """A feature's properties; like the editor defaults, a missing ``mentions`` becomes
        ``[]`` (silently: no problem)."""
        if type(p) is not dict:
            return False
        name, kind = p.get("name"), p.get("kind")
        if type(name) is not str or not name or type(kind) is not str:
            return False
        if kind not in self.rules["kinds"]:
            return False
        if p.get("mentions") is None:
            p["mentions"] = []
        country = p.get("country")
        if country is not None and not (type(country) is str and self.rules["country"](country)):
            return False
        aliases = p.get("aliases", [])
        if type(aliases) is not list or not all(type(a) is str and a for a in aliases):
            return False
        if not self.strings(name, p.get("gazetteer_id"), p.get("admin1"), *aliases):
            return False
        mentions = p["mentions"]
        if type(mentions) is not list:
            return False
        for m in mentions:
            if not self.mention(m):
                return False
        return self.extras(p, self.rules["prop_keys"], 4)

    def mention(self, m: Any) -> bool:
        if type(m) is not dict:
            return False
        get = m.get
        doc, start, end, text = get("doc"), get("start"), get("end"), get("text")
        if not (type(doc) is str and type(start) is int and type(end) is int
                and type(text) is str and text and type(get("event_type")) is str):
            return False
        if start < 0 or end < 1 or not self.rules["doc"](doc):
            return False
        if self.unique_spans:
            span = (doc, start, end)
            if span in self.spans:
                return False
            self.spans.add(span)
        return (self.mention_fields(m) and self.strings(doc, text, m["event_type"])
                and self.extras(m, self.rules["mention_keys"], 6))

    def mention_fields(self, m: dict) -> bool:
        """The optional fields of a mention."""
        get = m.get
        excerpt, es = get("excerpt", ""), get("excerpt_start", 0)
        if type(excerpt) is not str or type(es) is not int or es < 0:
            return False
        date, source = get("date"), get("date_source")
        if date is not None and not (type(date) is str and self.rules["date"](date)):
            return False
        if source is not None and (type(source) is not str
                                   or source not in self.rules["date_sources"]):
            return False
        confidence = get("confidence", 0)
        if type(confidence) not in _NUMBER or confidence < 0 or confidence > 1:
            return False
        candidates = get("candidates", ())
        if type(candidates) is not list and candidates != ():
            return False
        for c in candidates:
            if not self.candidate(c):
                return False
        return self.strings(excerpt)

    def candidate(self, c: Any) -> bool:
        if type(c) is not dict:
            return False
        if "score" in c and type(c["score"]) not in _NUMBER:
            return False
        gid, name = c.get("gazetteer_id", ""), c.get("name", "")
        return (type(gid) is str and type(name) is str and self.strings(gid, name, c.get("country"))
                and self.extras(c, self.rules["candidate_keys"], 8))


def is_clean(data: Any, *, text: str | None = None, flags: Flags | None = None,
             unique_spans: bool = True) -> bool:
    """Whether the strict structure checks of ``data`` (parsed from ``text`` with ``flags``, or
    in memory with neither) would find no problem: no editor default to assume, no schema error,
    no duplicate id (nor, with ``unique_spans``, span), nothing nested too deeply, no lone
    surrogate, no NaN or huge number, no duplicate key. False means: ask the strict checks."""
    if text is not None and (flags is None or flags.constants or flags.duplicate_keys):
        return False
    if type(data) is not dict or data.get("type") != "FeatureCollection":
        return False
    features = data.get("features")
    if type(features) is not list:
        return False
    walk = _Walk(text is None or ESCAPED_SURROGATE.search(text) is not None, unique_spans)
    for f in features:
        if not walk.feature(f):
            return False
    return walk.extras(data, frozenset(("type", "features")), 1)


_COUNTRY = re.compile(r"[A-Z]{2}")


def _point_clean(feature: dict) -> bool:
    """The checks of :func:`.geo.check_coordinates` find nothing to say about the point."""
    lon, lat = (float(c) for c in feature["geometry"]["coordinates"])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return True  # not checked there either (only data in memory can hold NaN)
    if round(lon, MAX_DECIMALS) != lon or round(lat, MAX_DECIMALS) != lat:
        return False
    if abs(lat) > 90 or abs(lon) > 180:
        return False
    country = feature["properties"].get("country")
    return not (isinstance(country, str) and _COUNTRY.fullmatch(country)
                and country_check(country, lon, lat) is not None)


def _mention_clean(m: dict, types: frozenset, docs: Docs, real_date) -> bool:
    """The checks of :func:`.content.check_mention` find nothing to say about ``m`` (a mention
    of structurally clean data: its fields have their types)."""
    start, end, text = m["start"], m["end"], m["text"]
    if m["event_type"] not in types or end <= start:
        return False
    date = m.get("date")
    if date is not None and ISO_DATE_RE.match(date) and not real_date(date):
        return False
    excerpt: Any = m.get("excerpt")
    es: Any = m.get("excerpt_start")
    has_excerpt = excerpt is not None and es is not None
    if has_excerpt and not (es <= start and end <= es + len(excerpt)):
        return False
    if docs.docs_dir is None:
        return len(text) == end - start and not (
            has_excerpt and excerpt[start - es:end - es] != text)
    doc_text, error = docs.get(m["doc"])
    if error is not None or doc_text is None:
        return False
    if end > len(doc_text) or doc_text[start:end] != text:
        return False
    return not (excerpt and es is not None and doc_text[es:es + len(excerpt)] != excerpt)


def content_clean(data: dict, types: list[str], docs: Docs) -> bool:
    """Whether the content checks (``crs``, coordinates, event types, dates, offsets and
    excerpts, with ``docs``) would find no problem in ``data``, for which :func:`is_clean` is
    True. False means: ask them (they say what and where)."""
    if "crs" in data:
        return False
    known = frozenset(types)
    real_date = functools.lru_cache(maxsize=1024)(parse_partial_date)
    for feature in data["features"]:
        if not _point_clean(feature):
            return False
        for m in feature["properties"]["mentions"]:
            if not _mention_clean(m, known, docs, real_date):
                return False
    return True
