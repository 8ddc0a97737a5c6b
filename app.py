"""The dashboard's entry point.

- ``create_app(settings=None) -> Dash`` builds an app (tests make their own).
- ``server`` is the Flask server for gunicorn: ``gunicorn -c deploy/gunicorn.conf.py app:server``
  (``make run``).
- ``python app.py`` serves on HOST:PORT (default 127.0.0.1:8050) with Flask's
  development server: for development only.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

import plotly.io as pio
from dash import Dash, ctx
from dash.exceptions import UnsupportedRelativePath
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import BadRequest

from dashboard.access.admin import install_admin
from dashboard.access.hardening import allow_inline_scripts, install_hardening, quiet_request_handler
from dashboard.access.web import install_accounts
from dashboard.api import install_api
from dashboard.i18n import current_language, t
from dashboard.infra.bootstrap import prepare_database
from dashboard.infra.cache import init_cache
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.infra.health import database_unreachable, health_report
from dashboard.infra.runtime import SETTINGS_KEY, current_settings
from dashboard.ingest.web import install_data_page
from dashboard.views import InvalidSelection

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("dashboard.app")

#: Flask-Compress: text responses compressed (brotli or gzip) for slow county links.
COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                      "image/svg+xml", "text/plain", "text/csv"]  # fmt: skip


class _StaticCompressCache:
    """Compressed copies of static files (component suites and assets, whose URLs carry a
    version), so each is compressed once per process; callback responses are never kept."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if ";static:" in key and len(self._data) < 512:
            self._data[key] = value


def _compress_key(req: Any) -> str:
    path = req.path
    if path.startswith(("/_dash-component-suites/", "/assets/")) and req.method == "GET":
        return f"static:{req.full_path}"
    return "dynamic"


def _buffer_static(response: Response) -> Response:
    """Read static files into memory so Flask-Compress compresses each once (not per request)."""
    if response.direct_passthrough and request.path.startswith("/assets/") and response.status_code == 200:
        response.direct_passthrough = False
        response.set_data(response.get_data())
    return response


def _cache_favicon(response: Response) -> Response:
    """Dash's favicon (its URL carries Dash's version) is kept by the browser: otherwise Chromium
    asks for it again on every change of the address (``history.replaceState``), mid-repaint."""
    if request.path == "/_favicon.ico" and response.status_code == 200:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _prepare(settings: Settings) -> bool:
    """Prepare the database; False (logged) when it cannot be reached: the app serves and retries."""
    try:
        prepare_database(settings)
    except Exception as exc:
        if not database_unreachable(exc):
            raise
        log.error("database cannot be reached at start-up (%s); serving, retrying every 5 s", exc)
        return False
    return True


def _unavailable_html(lang: str) -> str:
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="5"><title>{t("unavailable.title", lang)}</title></head>'
        f'<body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>{t("unavailable.title", lang)}'
        f"</h1><p>{t('unavailable.body', lang)}</p><p>{t('unavailable.contact', lang)}</p></body></html>"
    )


def _install_serving(server: Flask, settings: Settings, prepared: bool) -> None:
    """/healthz, the database-unreachable answers and (when the start found no database) retries."""
    state = {"prepared": prepared, "tried": time.monotonic()}
    lock = threading.Lock()

    @server.before_request
    def _retry_prepare() -> None:
        if state["prepared"] or time.monotonic() - state["tried"] < 5:
            return
        with lock:
            if state["prepared"] or time.monotonic() - state["tried"] < 5:
                return
            state["tried"] = time.monotonic()
            state["prepared"] = _prepare(settings)

    @server.route("/healthz")
    def healthz() -> Response:
        report, status = health_report(Database(current_settings().database_url))
        resp = jsonify(report)
        resp.status_code = status
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @server.errorhandler(Exception)
    def _on_exception(exc: Exception) -> Any:
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):
            return exc
        if not database_unreachable(exc):
            raise exc
        log.warning("database unreachable on %s: %s", request.path, type(exc).__name__)
        lang = current_language(settings.default_language)
        if request.path.startswith("/_dash"):
            body, mimetype = '{"error": "database unreachable"}', "application/json"
        else:
            body, mimetype = _unavailable_html(lang), "text/html"
        return Response(body, status=503, mimetype=mimetype, headers={"Retry-After": "5"})


def _forged(exc: Exception) -> bool:
    """A request no page could send: values a view refuses, or a page address that is
    not text (the Pages router's own callback)."""
    if isinstance(exc, InvalidSelection | UnsupportedRelativePath):
        return True
    location = [i for i in ctx.inputs_list if isinstance(i, dict) and i.get("id") == "_pages_location"]
    return any(not isinstance(i.get("value"), str | None) for i in location)


def _on_callback_error(exc: Exception) -> Any:
    """Dash callbacks: a forged request gets 400 with the reason; a database that cannot be
    reached shows the notice (as the page's content) or leaves other outputs as they are;
    any other error stays an error."""
    if _forged(exc):
        log.info("refused a callback request: %s", exc)
        raise BadRequest(str(exc) if isinstance(exc, InvalidSelection) else "invalid page address") from None
    if not database_unreachable(exc):
        raise exc
    from dash import no_update

    from layouts._shell import unavailable_notice

    log.warning("database unreachable in a callback: %s", type(exc).__name__)
    spec = ctx.outputs_list
    outputs = spec if isinstance(spec, list) else [spec]
    ids = [o.get("id") if isinstance(o, dict) else None for o in outputs]
    if "_pages_content" not in ids:
        return None  # no update
    notice = unavailable_notice(exc, current_language(current_settings().default_language))
    values = [notice if i == "_pages_content" else no_update for i in ids]
    return values if isinstance(spec, list) else values[0]


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app: settings, cache, database, pages and callbacks."""
    settings = settings or Settings.from_env()
    server = Flask(__name__)
    server.config[SETTINGS_KEY] = settings
    server.config.update(
        COMPRESS_MIMETYPES=COMPRESS_MIMETYPES,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["br", "deflate"],
        COMPRESS_BR_LEVEL=5,
        COMPRESS_CACHE_BACKEND=_StaticCompressCache,
        COMPRESS_CACHE_KEY=_compress_key,
    )
    install_hardening(server, settings)  # CSRF, size limit, security headers (dashboard.access)
    install_accounts(server, settings)  # sessions, /login, /logout, the PUBLIC_VIEW gate
    install_admin(server)
    install_data_page(server)  # /data: load, check, publish (issue #12)
    install_api(server)  # /api/v1/: the read API (issue 10)
    init_cache(server, settings)
    prepared = _prepare(settings)
    _install_serving(server, settings, prepared)

    # Dash serialises every answer with plotly's JSON; its "orjson" engine first walks every
    # element in Python (the map's boundaries: ~390,000), so the standard library's C encoder
    # is 2.5x faster for the first render of /map (17 against 42 ms; benchmarks/bench_wire.py)
    pio.json.config.default_engine = "json"
    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(ROOT / "layouts"),
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        title=t("app.title", settings.default_language),
        update_title=None,
        compress=True,
        on_error=_on_callback_error,
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    server.after_request(_buffer_static)  # runs before Flask-Compress's (registered earlier)
    server.after_request(_cache_favicon)
    from callbacks import register_callbacks
    from layouts._shell import shell_layout

    app.layout = shell_layout
    register_callbacks(app)
    _speak_the_page_language(app, settings.default_language)
    allow_inline_scripts(server, app.csp_hashes)  # Dash's inline scripts, by hash (CSP)
    if prepared:
        _set_up_now(app)
    return app


def _set_up_now(app: Dash) -> None:
    """Run Dash's first-request set-up (scripts, component registry, pages) before serving.

    Dash does it in its first request's ``before_request``, marking it done before it has
    finished; with several threads a concurrent first request for a component script then
    found no registered library and got a 500. Done here, once, no request races it.
    """
    with app.server.test_request_context("/"):
        app._setup_server()  # noqa: SLF001 - Dash's own first-request hook, called early


def _speak_the_page_language(app: Dash, default: str) -> None:
    """``<html lang>`` and every page's tab title follow the user's language (cookie)."""
    import dash

    from dashboard.i18n import catalogue, current_language

    def _title(name: str) -> object:
        return lambda **_kwargs: t(f"page.title.{name}", current_language(default))

    for page in dash.page_registry.values():
        if f"page.title.{page['name']}" in catalogue():
            page["title"] = _title(page["name"])
    interpolate = app.interpolate_index

    def interpolate_index(**kwargs: object) -> str:
        lang = current_language(default)
        html = interpolate(**kwargs)
        return html.replace("<html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', 1)

    app.interpolate_index = interpolate_index  # type: ignore[method-assign]


def _make_server() -> Flask:
    return create_app().server


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    _settings = Settings.from_env()
    create_app(_settings).run(
        host=_settings.host,
        port=_settings.port,
        debug=_settings.debug,
        request_handler=quiet_request_handler(),
    )  # no server version banner
else:  # imported, e.g. by gunicorn ("app:server"); tests import create_app only

    def __getattr__(name: str) -> object:  # lazy: no app (and no data) built at import time
        if name == "server":
            srv = _make_server()
            globals()["server"] = srv
            return srv
        raise AttributeError(name)
