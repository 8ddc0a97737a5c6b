"""Access to the running app's settings and database from a request.

``create_app`` stores the frozen settings on the Flask server; callbacks and
layouts read them here instead of importing ``app``.
"""

from __future__ import annotations

from flask import current_app, has_app_context

from dashboard.infra.config import Settings
from dashboard.infra.db import Database

SETTINGS_KEY = "DASHBOARD_SETTINGS"


def current_settings() -> Settings:
    if has_app_context() and SETTINGS_KEY in current_app.config:
        return current_app.config[SETTINGS_KEY]
    return Settings.from_env()


def current_db() -> Database:
    return Database(current_settings().database_url)
