"""Coordinate checks: decimals, ranges, swapped or sign-flipped points, the country, ``crs``.

A point is compared with the bounding box of the country its ``properties.country`` names
(outlines from ``countryinfo``), so that ``[lat, lon]`` or a lost minus sign is caught and the
message says what to write instead.
"""

from __future__ import annotations

import functools
import json
import math
import re

from .parts import is_num
from .problems import WARNING
from .reporter import Reporter

#: Maximum number of decimals of a coordinate (6 decimals are about 0.1 m).
MAX_DECIMALS = 6
#: How far (degrees) a point may lie outside its country's bounding box before it is reported.
COUNTRY_MARGIN_DEG = 1.0
#: A point this far (degrees) outside its country's bounding box, and not explained by swapped or
#: sign-flipped coordinates, is reported as misplaced; closer ones may be islands or territories.
FAR_OUTSIDE_DEG = 35.0

_WGS84 = re.compile(r"CRS84|EPSG::?4326|WGS.?84", re.IGNORECASE)


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


# --------------------------------------------------------------------------- checks


def _fmt_coord(v: float) -> str:
    return repr(round(float(v), MAX_DECIMALS)) if math.isfinite(v) else str(v)


def _point(feature: dict) -> tuple[list, float, float] | None:
    """The coordinates as written and as finite ``lon, lat``, or None when there is no such
    point (the schema reports it; NaN and huge numbers are reported as not JSON)."""
    geom = feature.get("geometry")
    coords = geom.get("coordinates") if isinstance(geom, dict) else None
    if not (isinstance(coords, list) and len(coords) == 2 and all(map(is_num, coords))):
        return None
    lon, lat = float(coords[0]), float(coords[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    return coords, lon, lat


def _too_many_decimals(rep: Reporter, base: tuple, coords: list, lon: float, lat: float) -> None:
    for k, (v, what) in enumerate(((lon, "longitude"), (lat, "latitude"))):
        if round(v, MAX_DECIMALS) != v:
            rep.add(
                (*base, k),
                f"{what} {coords[k]!r} has more than {MAX_DECIMALS} decimals; write "
                f"{_fmt_coord(v)} ({MAX_DECIMALS} decimals are about 0.1 m)",
                severity=WARNING,
            )


def _out_of_range(rep: Reporter, base: tuple, coords: list, lon: float, lat: float) -> bool:
    """Report a latitude beyond ±90 or a longitude beyond ±180; whether there was one."""
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
        return True
    if abs(lon) > 180:
        rep.add(
            (*base, 0),
            f"longitude {coords[0]!r} is beyond ±180; longitude must be between -180 and 180",
        )
        return True
    return False


#: For each verdict of :func:`country_check` that one fix explains: the point the fix gives,
#: and why (up to the point to write).
_FIXES = {
    "swapped": (lambda lon, lat: (lat, lon),
                "they look swapped ([lat, lon]); GeoJSON order is [longitude, latitude]: write"),
    "lon_sign": (lambda lon, lat: (-lon, lat),
                 "the longitude's sign looks wrong (west is negative); write"),
    "lat_sign": (lambda lon, lat: (lon, -lat),
                 "the latitude's sign looks wrong (south is negative); write"),
}


def _country_message(country: str, lon: float, lat: float) -> str | None:
    """What is wrong with a point of country ``country``, or None when it is in its place."""
    verdict = country_check(country, lon, lat)
    if verdict is None:
        return None
    kind, name, dist = verdict
    shown = f"[{_fmt_coord(lon)}, {_fmt_coord(lat)}]"
    where = f"{country} ({name})"
    if kind in _FIXES:
        fix, why = _FIXES[kind]
        x, y = fix(lon, lat)
        fixed = f"[{_fmt_coord(x)}, {_fmt_coord(y)}]"
        return f"coordinates {shown} are far outside {where} but {fixed} is inside: {why} {fixed}"
    km = round(dist * 111)
    return (
        f"coordinates {shown} are about {km} km outside {where}; move the point into "
        f'{country} or correct "country"'
    )


def check_coordinates(rep: Reporter, i: int, feature: dict) -> None:
    """Feature ``i``'s point: decimals, ranges, and whether it lies in its country."""
    point = _point(feature)
    if point is None:
        return
    base = ("features", i, "geometry", "coordinates")
    _too_many_decimals(rep, base, *point)
    if _out_of_range(rep, base, *point):
        return
    props = feature.get("properties")
    country = props.get("country") if isinstance(props, dict) else None
    if not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
        return
    message = _country_message(country, point[1], point[2])
    if message is not None:
        rep.add(base, message)


def check_crs(rep: Reporter) -> None:
    """RFC 7946 removed ``crs``: harmless when it names WGS 84, wrong coordinates otherwise."""
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
