#!/usr/bin/env python3
"""Fetch the map's third-party assets from the npm registry and vendor them under src/vzmap/static.

Run from the repository root (needs ``npm``; reaches only the npm registry)::

    python scripts/vendor_assets.py            # npm pack into a temporary folder
    python scripts/vendor_assets.py TARBALLS   # or reuse a folder of already packed .tgz files

What it writes (commit these files, never node_modules):

- ``static/leaflet/``       leaflet@1.9.4 (BSD-2-Clause): leaflet.js, leaflet.css, images/, LICENSE
- ``static/jquery/``        jquery@3.7.1 (MIT): jquery.min.js, LICENSE.txt
- ``static/markercluster/`` leaflet.markercluster@1.5.3 (MIT): js, both css files, MIT-LICENCE.txt
- ``static/basemap/``       world-atlas@2.0.2 (ISC; data: Natural Earth, public domain) countries
  at 1:110m and 1:50m, decoded from TopoJSON to GeoJSON here (3-decimal coordinates, rings that
  cross the antimeridian shifted east of 180, Antarctica dropped), plus LICENSE.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGES = ["leaflet@1.9.4", "jquery@3.7.1", "leaflet.markercluster@1.5.3", "world-atlas@2.0.2"]
ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "src" / "vzmap" / "static"

FILES = {
    "leaflet-1.9.4.tgz": {
        "package/dist/leaflet.js": "leaflet/leaflet.js",
        "package/dist/leaflet.css": "leaflet/leaflet.css",
        "package/dist/images/layers.png": "leaflet/images/layers.png",
        "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
        "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
        "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        "package/LICENSE": "leaflet/LICENSE",
    },
    "jquery-3.7.1.tgz": {
        "package/dist/jquery.min.js": "jquery/jquery.min.js",
        "package/LICENSE.txt": "jquery/LICENSE.txt",
    },
    "leaflet.markercluster-1.5.3.tgz": {
        "package/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
        "package/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
        "package/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
        "package/MIT-LICENCE.txt": "markercluster/MIT-LICENCE.txt",
    },
    "world-atlas-2.0.2.tgz": {
        "package/LICENSE": "basemap/LICENSE",
    },
}


def _arc_points(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode the delta-encoded, quantized arcs of a TopoJSON topology to lon/lat lists."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        x = y = 0
        for pos in arc:
            if transform:
                x += pos[0]
                y += pos[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((pos[0], pos[1]))
        arcs.append(points)
    return arcs


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        if ring:
            pts = pts[1:]
        ring.extend(pts)
    return ring


def _fix_antimeridian(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Unwrap a ring that jumps across +-180 so Leaflet does not draw a line across the map."""
    out = [ring[0]]
    offset = 0.0
    for (lon0, _), (lon1, lat1) in zip(ring, ring[1:], strict=False):
        if lon1 - lon0 > 180:
            offset -= 360
        elif lon0 - lon1 > 180:
            offset += 360
        out.append((lon1 + offset, lat1))
    if min(p[0] for p in out) < -180:  # keep rings mostly in [-180, 180+]
        out = [(lon + 360, lat) for lon, lat in out]
    return out


def _round_ring(ring):
    rounded = []
    for lon, lat in ring:
        p = [round(lon, 3), round(lat, 3)]
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def topo_to_geojson(topology: dict, name: str = "countries") -> dict:
    """Decode one object of a TopoJSON topology to a GeoJSON FeatureCollection."""
    arcs = _arc_points(topology)
    features = []
    for geom in topology["objects"][name]["geometries"]:
        props = geom.get("properties", {})
        if props.get("name") == "Antarctica":
            continue
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        coords = []
        for poly in polys:
            rings = [_round_ring(_fix_antimeridian(_ring(arcs, r))) for r in poly]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                coords.append(rings)
        if not coords:
            continue
        features.append(
            {
                "type": "Feature",
                "id": geom.get("id"),
                "properties": {"name": props.get("name", "")},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    features.sort(key=lambda f: (f["properties"]["name"], str(f["id"])))
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(argv[1]) if len(argv) > 1 else Path(tmp)
        if len(argv) <= 1:
            subprocess.run(["npm", "pack", *PACKAGES], cwd=tmp, check=True)
        for tgz, members in FILES.items():
            with tarfile.open(source / tgz) as tar:
                for member, dest in members.items():
                    target = STATIC / dest
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(member).read())
                    print(f"wrote {target.relative_to(ROOT)}")
                if tgz.startswith("world-atlas"):
                    for scale in ("110m", "50m"):
                        topo = json.loads(tar.extractfile(f"package/countries-{scale}.json").read())
                        geo = topo_to_geojson(topo)
                        target = STATIC / "basemap" / f"countries-{scale}.geojson"
                        target.write_text(
                            json.dumps(geo, separators=(",", ":"), ensure_ascii=False) + "\n",
                            encoding="utf-8",
                        )
                        print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size} bytes)")
    notice = STATIC / "basemap" / "NOTICE.txt"
    notice.write_text(
        "countries-*.geojson: decoded by scripts/vendor_assets.py from world-atlas@2.0.2\n"
        "(ISC licence, see LICENSE), itself made from Natural Earth data (public domain,\n"
        "https://www.naturalearthdata.com/about/terms-of-use/).\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
