"""The folium story map, shared by the web app and the standalone export.

Layers: one toggleable overlay per event type present in the data (a marker-cluster group,
labelled with the taxonomy label and coloured with the taxonomy colour). A place whose mentions
have several event types gets one marker in each of those layers (one marker per (place, event
type)), sized by how many of its mentions have that type; its popup lists those mentions.
Mentions whose ``event_type`` is not in the taxonomy are shown in the taxonomy's fallback layer.
Types with ``layer = false`` (the fallback ``other``) still get a layer, drawn muted.

Markers, popups, search and the URL state are built in the browser by ``static/vzmap/map.js``
from a JSON payload (``|tojson``; names and excerpts are only ever set as text), so 10,000
places render quickly and no place name can become markup. Everything the page needs is served
locally (app) or inlined (export): no CDN, and the OpenStreetMap tiles are an optional base layer
that is not active by default.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import cast

import folium
from branca.element import Element, Figure, Link, MacroElement
from folium.map import Layer
from folium.plugins import MarkerCluster
from jinja2 import Template

from ..events.taxonomy import Taxonomy
from ..places.dates import normalize as normalize_date
from ..places.editors import display_name, kind_of

#: Vendored assets, in load order, relative to ``src/vzmap/static``.
JS_ASSETS = (
    "leaflet/leaflet.js",
    "jquery/jquery.min.js",
    "markercluster/leaflet.markercluster.js",
    "vzmap/map.js",
    "vzmap/tour.js",
    "vzmap/timeline.js",
)
CSS_ASSETS = (
    "leaflet/leaflet.css",
    "markercluster/MarkerCluster.css",
    "vzmap/map.css",
)
SEA_COLOR = "#b9d3e6"
LAND_COLOR = "#f4f1ea"
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTR = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
NE_ATTR = "Basemap: Natural Earth (public domain) via world-atlas"
#: Budget for detailed (1:50m) country outlines around the data, in bytes of JSON.
DETAILED_BASEMAP_BUDGET = 700_000
#: folium's viewport meta (``user-scalable=no``), taken out of the header it renders.
_VIEWPORT_RE = re.compile(r"<meta name=\"viewport\"[^>]*>")
_NEWLINES = re.compile(r"\r\n|\r")


def static_dir() -> Path:
    """The folder of vendored and own static assets (``src/vzmap/static``)."""
    return Path(str(resources.files("vzmap").joinpath("static")))


def asset_text(relpath: str) -> str:
    return (static_dir() / relpath).read_text(encoding="utf-8")


@lru_cache(maxsize=2)
def _countries(scale: str) -> dict:
    return json.loads(asset_text(f"basemap/countries-{scale}.geojson"))


def _bbox_of(coords) -> tuple[float, float, float, float]:
    xs, ys = [], []
    stack = [coords]
    while stack:
        c = stack.pop()
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            stack.extend(c)
    return min(xs), min(ys), max(xs), max(ys)


@lru_cache(maxsize=1)
def _detailed_boxes() -> list[tuple[float, float, float, float]]:
    """The bounding box of each 1:50m outline, computed once per process."""
    return [_bbox_of(f["geometry"]["coordinates"]) for f in _countries("50m")["features"]]


@lru_cache(maxsize=8)
def basemap_geojson(data_bbox: tuple[float, float, float, float] | None) -> str:
    """Country outlines as compact GeoJSON: 1:110m for the world, 1:50m near the data.

    ``data_bbox`` is ``(west, south, east, north)`` in degrees, or None. Countries whose
    outline box meets the data box (padded by 5 degrees) are taken from the 1:50m set while
    they fit in :data:`DETAILED_BASEMAP_BUDGET`.
    """
    coarse = _countries("110m")["features"]
    if data_bbox is None:
        chosen = coarse
    else:
        w, s, e, n = data_bbox
        w, s, e, n = w - 5, s - 5, e + 5, n + 5
        detailed = {}
        budget = DETAILED_BASEMAP_BUDGET
        outlines = zip(_countries("50m")["features"], _detailed_boxes(), strict=True)
        for f, (fw, fs, fe, fn) in outlines:
            if fe < w or fw > e or fn < s or fs > n:
                continue
            size = len(json.dumps(f["geometry"], separators=(",", ":")))
            if size > budget:
                continue
            budget -= size
            detailed[f["properties"]["name"]] = f
        chosen = [detailed.get(f["properties"]["name"], f) for f in coarse]
        names = {f["properties"]["name"] for f in coarse}
        chosen += [f for name, f in sorted(detailed.items()) if name not in names]
    slim = [
        {"type": "Feature", "properties": {"name": f["properties"]["name"]},
         "geometry": f["geometry"]}
        for f in chosen
    ]
    return json.dumps({"type": "FeatureCollection", "features": slim}, separators=(",", ":"))


@dataclass(frozen=True)
class DocInfo:
    """What the map needs to know about one document (text only for the standalone reader)."""

    id: str
    title: str
    byline: str = ""
    date: str = ""
    text: str | None = None


def docs_info(documents: dict, *, with_text: bool = False) -> dict[str, DocInfo]:
    """``DocInfo`` by id from ``vzmap.documents.load_documents`` output."""
    out = {}
    for doc_id in sorted(documents):
        doc = documents[doc_id]
        meta = doc.meta or {}
        out[doc_id] = DocInfo(
            id=doc_id,
            title=doc.title,
            byline=str(meta.get("byline") or ""),
            date=str(meta.get("date") or ""),
            text=doc.text if with_text else None,
        )
    return out


#: An ISO date or its prefix (``2024``, ``2024-08``, ``2024-08-05T...``, ``2024/8/5``) or a PDF
#: date (``D:20240805...``).
_DATE_RE = re.compile(r"\s*(?:D:(\d{4})(\d\d)?(\d\d)?|(\d{4})(?!\d)(?:[-/.](\d{1,2})(?!\d)"
                      r"(?:[-/.](\d{1,2})(?!\d))?)?)")


def date_key(date: str) -> str:
    """A key that sorts articles by date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` taken from an
    ISO (or PDF) date; "" for no date or one in another form (such articles count as undated)."""
    match = _DATE_RE.match(date or "")
    if not match:
        return ""
    groups = match.groups()
    year, month, day = groups[0:3] if groups[0] else groups[3:6]
    parts = [year]
    if month and 1 <= int(month) <= 12:
        parts.append(f"{int(month):02d}")
        if day and 1 <= int(day) <= 31:
            parts.append(f"{int(day):02d}")
    return "-".join(parts)


def _num(value, default=0.0) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return default


#: simplestyle colours (``"#f00"`` or ``"#ff0000"``) that a marker may take from the file.
HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def _place_entry(feat: dict, props: dict, coords: list, mentions: list) -> dict:
    """A place as the browser gets it; editor fields (simplestyle ``marker-color``,
    ``description``) come along, a colour only when it is a plain hex colour."""
    aliases = props.get("aliases") or []
    entry = {
        "id": str(feat.get("id", "")),
        "name": display_name(props),
        "aliases": [str(a) for a in aliases if isinstance(a, str)],
        "kind": kind_of(props),
        "country": str(props.get("country") or ""),
        "admin1": str(props.get("admin1") or ""),
        "lat": round(float(coords[1]), 6),
        "lon": round(float(coords[0]), 6),
        "m": mentions,
    }
    within = props.get("within")
    if isinstance(within, str) and within.strip():  # a quarter pinned at its town's centre
        entry["within"] = within.strip()[:200]
    color = props.get("marker-color")
    if isinstance(color, str) and HEX_COLOR.match(color):
        entry["color"] = _long_hex(color)
    for key in ("description", "note"):
        text = props.get(key)
        if isinstance(text, str) and text.strip():
            entry["desc"] = text.strip()[:2000]
            break
    return entry


def _long_hex(color: str) -> str:
    return color if len(color) == 7 else "#" + "".join(c * 2 for c in color[1:])


def _mention_row(m: dict, doc: int, event_type: str) -> list:
    """A mention as the browser gets it: [doc, start, end, text, excerpt, excerpt_start,
    event type, confidence], then [date, date source] when it has a valid (partial) date."""
    row = [
        doc,
        int(_num(m.get("start"))),
        int(_num(m.get("end"))),
        str(m.get("text") or ""),
        str(m.get("excerpt") or m.get("text") or ""),
        int(_num(m.get("excerpt_start"), _num(m.get("start")))),
        event_type,
        round(_num(m.get("confidence"), 1.0), 3),
    ]
    when = normalize_date(m.get("date"))
    if when:
        source = m.get("date_source")
        row += [when, source if source in ("text", "article") else ""]
    return row


def _known_type(m: dict, known: set[str], fallback: str) -> str:
    """The mention's event type if the taxonomy has it (``known`` holds its ids, all str), else
    the fallback type."""
    event_type = m.get("event_type")
    return cast(str, event_type) if event_type in known else fallback


def payload(places: dict, taxonomy: Taxonomy, docs: dict[str, DocInfo]) -> dict:
    """The JSON the browser builds the map from: types, places with mentions, documents.

    Robust to partial data: features without a Point geometry are skipped, unknown event types
    go to the taxonomy's fallback type.
    """
    known = {t.id for t in taxonomy.types}
    doc_index: dict[str, int] = {}
    doc_list: list[dict] = []

    def doc_idx(doc_id: str) -> int:
        if doc_id not in doc_index:
            info = docs.get(doc_id)
            entry = {"id": doc_id, "title": info.title if info else doc_id}
            if info is not None:
                entry["byline"] = info.byline
                entry["date"] = info.date
                if key := date_key(info.date):
                    entry["dk"] = key
                if info.text is not None:
                    entry["text"] = info.text
            doc_index[doc_id] = len(doc_list)
            doc_list.append(entry)
        return doc_index[doc_id]

    counts: dict[str, list[int]] = {}
    out_places = []
    for feat in places.get("features") or []:
        if not isinstance(feat, dict):
            continue
        geom = feat.get("geometry") or {}
        coords = geom.get("coordinates") if isinstance(geom, dict) else None
        if (geom.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2
                or not all(isinstance(c, (int, float)) for c in coords[:2])):
            continue
        props = feat.get("properties") or {}
        mentions = [
            _mention_row(m, doc_idx(str(m.get("doc", ""))),
                         _known_type(m, known, taxonomy.fallback))
            for m in props.get("mentions") or [] if isinstance(m, dict)
        ]
        types_here = sorted({m[6] for m in mentions}) or [taxonomy.fallback]
        for t in types_here:
            c = counts.setdefault(t, [0, 0])
            c[0] += 1
            c[1] += sum(1 for m in mentions if m[6] == t)
        out_places.append(_place_entry(feat, props, coords, mentions))
    types = [
        {"id": t.id, "label": t.label, "color": t.color, "muted": not t.layer,
         "places": counts[t.id][0], "mentions": counts[t.id][1]}
        for t in taxonomy.types
        if t.id in counts
    ]
    return {"types": types, "places": out_places, "docs": doc_list,
            "fallback": taxonomy.fallback}


def data_bbox(data: dict) -> tuple[float, float, float, float] | None:
    lons = [p["lon"] for p in data["places"]]
    lats = [p["lat"] for p in data["places"]]
    if not lons:
        return None
    return (min(lons), min(lats), max(lons), max(lats))


class _Text(Element):
    """Text placed in the page as a rendered template places it (a trailing newline dropped)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        text = _NEWLINES.sub("\n", self.text)
        return text[:-1] if text.endswith("\n") else text


class _RenderedOnce(MacroElement):
    """A MacroElement whose macros' output goes into the page as text. branca puts it in a new
    ``Element``, which compiles it as a Jinja template again: for the map's data (megabytes)
    that was most of the page's time, and braces in a place name were read as template code."""

    def render(self, **kwargs) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure)  # the element is in a map, in its Figure
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_Text(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return ""  # what it renders went into the figure's parts


class _Basemap(Layer, _RenderedOnce):
    """Natural Earth country outlines as an offline base layer (GeoJSON, not interactive)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON({{ this.geojson }}, {
                interactive: false,
                attribution: {{ this.attribution|tojson }},
                style: {color: "#a39e93", weight: 0.7, fillColor: {{ this.land|tojson }},
                        fillOpacity: 1}
            });
        {% endmacro %}
        """
    )

    def __init__(self, geojson: str, name: str):
        super().__init__(name=name, overlay=False, control=True, show=True)
        self._name = "Basemap"
        self.geojson = geojson
        self.attribution = NE_ATTR
        self.land = LAND_COLOR


class _StoryMap(_RenderedOnce):
    """Hands the map, the layers, the layer control and the data to ``vzmap.init``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            vzmap.init({
                map: {{ this.map.get_name() }},
                control: {{ this.control.get_name() }},
                layers: {
                {%- for tid, layer in this.layers.items() %}
                    {{ tid|tojson }}: {{ layer.get_name() }},
                {%- endfor %}
                },
                data: {{ this.data|tojson }},
                options: {{ this.options|tojson }}
            });
        {% endmacro %}
        """
    )

    def __init__(self, map_, control, layers, data, options):
        super().__init__()
        self._name = "StoryMap"
        self.map = map_
        self.control = control
        self.layers = layers
        self.data = data
        self.options = options


def _layer_name(t: dict) -> str:
    """Layer-control label (Leaflet inserts it as HTML): swatch, escaped label, counts."""
    return (
        f'<span class="vz-swatch" style="background:{t["color"]}" aria-hidden="true"></span>'
        f'{html.escape(t["label"])} <span class="vz-count">'
        f'({t["places"]} {"place" if t["places"] == 1 else "places"})</span>'
    )


def build_map(data: dict, *, reader: str = "link", reader_base: str = "docs/",
              basemap: str | None = None) -> folium.Map:
    """A folium map of the :func:`payload` ``data``.

    ``reader`` is ``"link"`` (popups link to ``<reader_base><doc>#m-<start>``, the app) or
    ``"panel"`` (documents' text is in ``data`` and opens in a panel, the standalone export).
    """
    bbox = data_bbox(data)
    m = folium.Map(location=[0, 0], zoom_start=2, tiles=None, control_scale=True,
                   world_copy_jump=False)
    m._id = "vz"
    # folium gives min_zoom/max_zoom only to a default tile layer (none here), but
    # MarkerCluster needs the map's maxZoom.
    m.options["maxZoom"] = 18
    m.options["minZoom"] = 1
    _Basemap(basemap if basemap is not None else basemap_geojson(bbox),
             "Country outlines (offline)").add_to(m)
    osm = folium.TileLayer(OSM_URL, attr=OSM_ATTR, name="OpenStreetMap (needs internet)",
                           max_zoom=19, show=False, overlay=False, control=True)
    osm.add_to(m)
    layers = {}
    for t in data["types"]:
        color = json.dumps(t["color"])
        layer = MarkerCluster(
            name=_layer_name(t), overlay=True, control=True, show=True,
            icon_create_function=f"function (c) {{ return vzmap.clusterIcon(c, {color}); }}",
            options={"showCoverageOnHover": False, "maxClusterRadius": 40,
                     "spiderfyOnMaxZoom": True, "chunkedLoading": True},
        )
        layer.add_to(m)
        layers[t["id"]] = layer
    control = folium.LayerControl(collapsed=False, position="topright")
    control.add_to(m)
    options = {"reader": reader, "readerBase": reader_base, "bbox": bbox}
    _StoryMap(m, control, layers, data, options).add_to(m)
    return m


def number_ids(root) -> None:
    """Give every element under ``root`` a sequential id instead of folium's random uuid.

    Element names (``map_vz``, ``feature_group_0003``...) then depend only on the map's
    structure, so the same data renders to the same bytes; user data is never touched.
    """
    counter = 0

    def visit(element) -> None:
        nonlocal counter
        if getattr(element, "_id", None) != "vz":
            element._id = f"{counter:04d}"
            counter += 1
        for child in list(getattr(element, "_children", {}).values()):
            visit(child)

    visit(root)


@dataclass(frozen=True)
class MapParts:
    """The rendered pieces of a folium map, to be placed in a page template."""

    header: str
    html: str
    script: str


def render_parts(m: folium.Map) -> MapParts:
    """Render ``m`` into header (styles), body html and script for a page template.

    folium renders a whole page; three things of it do not fit ours and are undone here: its
    random element ids (renumbered, so the same data renders to the same bytes), the CDN links
    it adds to the header (the assets are vendored: the template links or inlines them) and its
    viewport meta (it forbids zooming the page; the template has its own).
    """
    fig = m.get_root()
    assert isinstance(fig, Figure)  # a folium Map is made inside a Figure, its root
    number_ids(fig)
    fig.render()
    _drop_links(fig.header)
    header = _VIEWPORT_RE.sub("", fig.header.render())
    return MapParts(header=header, html=fig.html.render(), script=fig.script.render())


def _drop_links(header: Element) -> None:
    """Remove the ``<script src>``/``<link>`` elements folium put in the page header."""
    for name in [name for name, child in header._children.items() if isinstance(child, Link)]:
        del header._children[name]
