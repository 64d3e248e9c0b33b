"""Gazetteer entries and the name indexes over them: ``Entry``, ``Gazetteer``, distances."""

from __future__ import annotations

import math
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from functools import cache

from ..text.tokens import name_key

KINDS = ("country", "admin1", "city", "site", "region", "other")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry. ``id`` is e.g. ``geonames:3633009`` or ``site:tocoron-prison``."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str = ""
    admin1: str = ""
    admin1_code: str = ""
    population: int = 0
    capital: bool = False
    context: tuple[str, ...] = ()
    user: bool = False
    #: what a curated site is (``prison``, ``border_crossing``, ...), from ``sites.toml``
    facility: str = ""
    #: the town a quarter the gazetteer lacks is pinned at (kind ``quarter``; see
    #: :mod:`vzmap.geoparse.quarters`)
    within: str = ""

    @property
    def curated(self) -> bool:
        """Whether the entry comes from the curated data files (``sites.toml``,
        ``places_region.toml``): chosen for the beat, its population unknown rather than small."""
        return self.id.startswith("site:")


def contains(containers: tuple[Entry, ...], e: Entry) -> bool:
    """Whether one of the states or countries ``containers`` contains ``e``."""
    for a in containers:
        if a.kind == "country" and e.country == a.country and e.kind != "country":
            return True
        if a.kind == "admin1" and e.admin1_code and e.admin1_code == a.admin1_code:
            return True
    return False


def entry_row(entry: Entry) -> tuple:
    """The plain tuple an entry is stored as (field order of :class:`Entry`)."""
    return tuple(getattr(entry, f) for f in Entry.__slots__)


class Gazetteer:
    """Entries and two indexes: name key -> entries, and adjectival form -> country/region.

    Entries are stored as plain tuples and turned into :class:`Entry` objects on access, so that
    loading the cached index stays fast.
    """

    def __init__(
        self,
        rows: list[tuple],
        names: dict[str, tuple[int, ...]],
        demonyms: dict[str, int],
        common: frozenset[str],
        version: str = "",
    ):
        self._rows = rows
        #: key -> entry references: ``i + 1`` for a main name, ``-(i + 1)`` for an alternate name
        self.names = names
        self.demonyms = demonyms
        #: single-word keys that are also common English words ("may", "mission", "reading")
        self.common = common
        self.version = version
        self._cache: dict[int, Entry] = {}
        self._by_id: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, i: int) -> Entry:
        """Entry number ``i``."""
        e = self._cache.get(i)
        if e is None:
            e = self._cache[i] = Entry(*self._rows[i])
        return e

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this gazetteer id, or None."""
        i = self._id_index().get(entry_id)
        return None if i is None else self.entry(i)

    def _id_index(self) -> dict[str, int]:
        if self._by_id is None:
            self._by_id = {row[0]: i for i, row in enumerate(self._rows)}
        return self._by_id

    def candidates(self, key: str) -> list[tuple[Entry, bool]]:
        """``(entry, is_main_name)`` pairs for a name key."""
        return [(self.entry(abs(r) - 1), r > 0) for r in self.names.get(key, ())]

    def lookup(self, name: str) -> list[Entry]:
        """Entries called ``name`` (accent- and case-insensitive), main names first."""
        pairs = self.candidates(name_key(name))
        pairs.sort(key=lambda p: (not p[1], -p[0].population))
        return [e for e, _ in pairs]

    def demonym(self, key: str) -> Entry | None:
        """The country or region an adjectival form ("venezuelan") refers to."""
        i = self.demonyms.get(key)
        return None if i is None else self.entry(i)

    def with_user_entries(self, user_entries: list[dict]) -> Gazetteer:
        """A copy where hand-made places and aliases (from the places file) come first.

        Each dict: ``id``, ``name``, ``aliases``, ``lat``, ``lon``, and optionally ``kind``,
        ``country``, ``admin1``. Later articles then resolve those names to those places. With
        ``names_only``, an entry already in the gazetteer only gains the names; its values stay.
        """
        if not user_entries:
            return self
        rows = list(self._rows)
        names = dict(self.names)
        known = self._id_index()

        def add(row: tuple) -> int:
            rows.append(row)
            return len(rows) - 1

        def put(idx: int, row: tuple) -> None:
            rows[idx] = row

        overlay_user_entries(user_entries, known.get, add, put, names)
        return Gazetteer(rows, names, self.demonyms, self.common, self.version + "+user")


def overlay_user_entries(user_entries: list[dict], index_of: Callable[[str], int | None],
                         add: Callable[[tuple], int], put: Callable[[int, tuple], None],
                         names: MutableMapping[str, tuple[int, ...]]) -> dict[str, int]:
    """Lay hand-made places and aliases over an index: a new place is added (``add(row)``
    gives its index), a known one replaced (``put``) unless ``names_only``; every name of
    each is put first in ``names``. Returns the index of each hand-made place by id."""
    by_id: dict[str, int] = {}
    for raw in user_entries:
        entry = _user_entry(raw)
        if entry is None:
            continue
        idx = by_id.get(entry.id)
        if idx is None:
            idx = index_of(entry.id)
        if idx is None:
            idx = add(entry_row(entry))
        elif not raw.get("names_only"):
            put(idx, entry_row(entry))
        by_id[entry.id] = idx
        for alias in [entry.name, *raw.get("aliases", ())]:
            _put_name_first(names, name_key(str(alias)), idx)
    return by_id


def _user_entry(raw: dict) -> Entry | None:
    """The entry a hand-made place stands for, or None when its fields are unusable."""
    try:
        return Entry(
            id=str(raw["id"]),
            name=str(raw["name"]),
            kind=str(raw.get("kind") or "other"),
            lat=float(raw["lat"]),
            lon=float(raw["lon"]),
            country=str(raw.get("country") or ""),
            admin1=str(raw.get("admin1") or ""),
            user=True,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _put_name_first(names: MutableMapping[str, tuple[int, ...]], key: str, idx: int) -> None:
    """Make entry ``idx`` the first (main-name) hit for ``key``: a hand-made name wins."""
    if key:
        rest = tuple(r for r in names.get(key, ()) if abs(r) - 1 != idx)
        names[key] = (idx + 1, *rest)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine; geopy's geodesic is 100x slower)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@cache
def subdivision_type(code: str) -> str:
    """The ISO 3166-2 type of first-level subdivision ``code`` ("VE-F" -> "State", "CO-BOL" ->
    "Department"), from ``pycountry``; ``""`` when unknown. Loaded on first use (~0.1 s)."""
    import pycountry

    sub = pycountry.subdivisions.get(code=code) if code else None
    return str(getattr(sub, "type", "") or "")
