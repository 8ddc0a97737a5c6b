"""The dashboard's entry point.

- ``create_app(settings=None) -> Dash`` builds an app (tests make their own).
- ``server`` is the Flask server for gunicorn: ``gunicorn app:server``.
- ``python app.py`` serves on HOST:PORT (default 127.0.0.1:8050).
"""

from __future__ import annotations

import logging
from pathlib import Path

from dash import Dash
from flask import Flask

from dashboard.access.admin import install_admin
from dashboard.access.hardening import allow_inline_scripts, install_hardening, quiet_request_handler
from dashboard.access.web import install_accounts
from dashboard.i18n import t
from dashboard.infra.bootstrap import prepare_database
from dashboard.infra.cache import clear_cache, init_cache
from dashboard.infra.config import Settings
from dashboard.infra.runtime import SETTINGS_KEY

ROOT = Path(__file__).resolve().parent


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app: settings, cache, database, pages and callbacks."""
    settings = settings or Settings.from_env()
    server = Flask(__name__)
    server.config[SETTINGS_KEY] = settings
    install_hardening(server, settings)  # CSRF, size limit, security headers (dashboard.access)
    install_accounts(server, settings)  # sessions, /login, /logout, the PUBLIC_VIEW gate
    install_admin(server)
    init_cache(server, settings)
    prepare_database(settings)
    with server.app_context():  # plans and data may have changed since the cache was filled
        clear_cache()

    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(ROOT / "layouts"),
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        title=t("app.title", settings.default_language),
        update_title=None,
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    from callbacks import register_callbacks
    from layouts._shell import shell_layout

    app.layout = shell_layout
    register_callbacks(app)
    allow_inline_scripts(server, app.csp_hashes)  # Dash's inline scripts, by hash (CSP)
    return app


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
