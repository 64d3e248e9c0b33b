"""The Flask application factory: config, the data source, the routes and the security headers.

Config keys are those of :data:`SETTINGS` (also from ``VZMAP_*`` environment variables, e.g.
``VZMAP_PLACES_FILE``). ``vzmap serve`` fills ``ALLOWED_HOSTS`` for its address (see
:mod:`vzmap.web.server`). The routes are in :mod:`vzmap.web.views`, the reloading of the files
in :mod:`vzmap.web.source`: a bad feature costs only itself (the map shows the rest, with a
banner listing the problems as file:line:column). The only write is the review queue's
(:mod:`vzmap.web.review`: from 127.0.0.1, with the page's token, off with ``READ_ONLY``).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider

from ..places.articles import articles_dir
from ..render.mapview import static_dir
from ..render.standalone import templates_dir
from . import review, views
from .server import host_allowed
from .source import DataSource

SETTINGS = {
    "PLACES_FILE": ("data/places.geojson",
                    "the places file (GeoJSON) to show; re-read when its mtime/size changes"),
    "DOCS_DIR": (None, "folder of the articles (<id>.txt + <id>.meta.json); None = the "
                 "articles ingest kept beside the places file (places.articles/)"),
    "TAXONOMY_FILE": (None, "event taxonomy TOML; None = the packaged default"),
    "MAP_TITLE": ("Story map", "heading of the map page and the downloaded map"),
    "ALLOWED_HOSTS": (None, "Host header values answered, others get 421; None/empty = any"),
    "READ_ONLY": (False, "True: the review queue (/review) only shows, it never writes the "
                  "places file (vzmap serve --read-only)"),
}
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def check_host() -> Response | None:
    """Refuse a request for a name this server does not serve (DNS rebinding)."""
    allowed = current_app.config.get("ALLOWED_HOSTS")
    host = request.headers.get("Host")
    if not allowed or host_allowed(host, allowed):
        return None
    if not host:
        return Response("Bad request: the Host header is missing.\n", status=400,
                        mimetype="text/plain")
    return Response(f"Misdirected request: this server does not answer for {host[:100]!r}."
                    " Open it at its own address, or start it with --allow-host NAME.\n",
                    status=421, mimetype="text/plain")


def security_headers(resp: Response) -> Response:
    """The CSP and friends on every answer (a route may set its own)."""
    for name, value in SECURITY_HEADERS.items():
        resp.headers.setdefault(name, value)
    return resp


def create_app(test_config: dict | None = None) -> Flask:
    """Create the vzmap web app. ``test_config`` overrides the settings in :data:`SETTINGS`."""
    app = Flask(__name__, template_folder=str(templates_dir()), static_folder=str(static_dir()))
    app.config.from_mapping({name: default for name, (default, _help) in SETTINGS.items()})
    app.config.from_prefixed_env("VZMAP")
    if test_config:
        app.config.from_mapping(test_config)
    app.config["DEBUG"] = False
    json_provider = app.json
    assert isinstance(json_provider, DefaultJSONProvider)  # Flask's own: no provider is set here
    json_provider.ensure_ascii = False
    json_provider.sort_keys = False
    places = app.config["PLACES_FILE"]
    docs = app.config["DOCS_DIR"] or articles_dir(places)
    app.extensions["vzmap"] = DataSource(places, docs, app.config["TAXONOMY_FILE"])
    app.before_request(check_host)
    app.after_request(security_headers)
    app.register_blueprint(views.bp)
    app.register_blueprint(review.bp)
    return app
