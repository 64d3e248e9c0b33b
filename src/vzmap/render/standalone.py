"""Exports of the story map: one standalone, offline HTML file with everything inlined.

``render_standalone`` is pure (returns a string; same input, same bytes: folium's random element
ids are renumbered and nothing depends on the clock); ``export_html`` writes it atomically.
"""

from __future__ import annotations

import base64
import re
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..errors import PlacesFileError
from ..events.taxonomy import Taxonomy, load_taxonomy
from ..places.io import read_places_checked
from ..places.store import atomic_write_text
from ..text.documents import load_documents
from .mapview import (
    CSS_ASSETS,
    JS_ASSETS,
    asset_text,
    build_map,
    docs_info,
    payload,
    render_parts,
    static_dir,
)

DEFAULT_TITLE = "Story map"
_CSS_URL_RE = re.compile(r"url\((['\"]?)(images/[A-Za-z0-9_.\-]+\.png)\1\)")


def templates_dir() -> Path:
    """The Jinja templates: the package ``vzmap.templates`` (top-level ``templates/``)."""
    return Path(str(resources.files("vzmap.templates")))


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(templates_dir())),
                       autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def summary_line(data: dict) -> str:
    n_places = len(data["places"])
    n_mentions = sum(len(p["m"]) for p in data["places"])
    n_docs = len(data["docs"])
    return (f"{n_places} {'place' if n_places == 1 else 'places'} · "
            f"{n_mentions} {'mention' if n_mentions == 1 else 'mentions'} in "
            f"{n_docs} {'article' if n_docs == 1 else 'articles'}")


def _inline_css(relpath: str) -> str:
    css = asset_text(relpath)
    folder = (static_dir() / relpath).parent

    def to_data_uri(match: re.Match) -> str:
        data = (folder / match.group(2)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    return _CSS_URL_RE.sub(to_data_uri, css).replace("</style", "<\\/style")


def _inline_js(relpath: str) -> str:
    return asset_text(relpath).replace("</script", "<\\/script")


def render_standalone_data(places: dict, documents: dict, taxonomy: Taxonomy, *,
                           title: str = DEFAULT_TITLE) -> str:
    """The standalone HTML for parsed places data and ``load_documents`` output."""
    data = payload(places, taxonomy, docs_info(documents, with_text=True))
    parts = render_parts(build_map(data, reader="panel"))
    return _env().get_template("standalone.html").render(
        title=title,
        summary=summary_line(data),
        parts=parts,
        css_texts=[_inline_css(a) for a in CSS_ASSETS],
        js_texts=[_inline_js(a) for a in JS_ASSETS],
    )


def render_standalone(places_path: Path | str, docs_dir: Path | str,
                      taxonomy_path: Path | str | None = None) -> str:
    """One self-contained HTML string: map, layers, popups, and the articles' text.

    Features and mentions with errors are left out (:func:`export_html` reports them). Raises
    :class:`vzmap.errors.PlacesFileError` (with ``problems``) when no part of the places file
    can be used.
    """
    return _standalone(places_path, docs_dir, taxonomy_path)[0]


def _standalone(places_path: Path | str, docs_dir: Path | str,
                taxonomy_path: Path | str | None) -> tuple[str, list[str]]:
    taxonomy = load_taxonomy(taxonomy_path)
    data, _raw, problems = read_places_checked(places_path, docs_dir=docs_dir, taxonomy=taxonomy)
    if data is None:
        raise PlacesFileError(
            f"{places_path}: cannot be used ({len(problems)} problem(s)); fix them (see "
            "`vzmap validate`) and export again", problems)
    return render_standalone_data(data, load_documents(docs_dir), taxonomy), problems


def export_html(out_path: Path | str, places_path: Path | str, docs_dir: Path | str,
                taxonomy_path: Path | str | None = None) -> list[str]:
    """Write :func:`render_standalone` to ``out_path`` atomically; returns the problems of the
    parts left out (the rest is exported)."""
    html, problems = _standalone(places_path, docs_dir, taxonomy_path)
    atomic_write_text(out_path, html, backup=False)
    return problems
