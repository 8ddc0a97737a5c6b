"""Gunicorn settings for the dashboard (``make run``; the systemd units in deploy/).

Everything comes from the dashboard's settings (environment variables, README
"Settings"): ``HOST``/``PORT`` to bind, ``WORKERS`` (default: two per core, 2–8)
and ``THREADS`` (default 4). The master prepares the database once (schema,
plans, demo data on the first run) before the workers start.

    gunicorn -c deploy/gunicorn.conf.py app:server
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # the source tree (app.py, assets/, geodata/) is the working copy
    sys.path.insert(0, _ROOT)

from dashboard.infra.config import Settings  # noqa: E402

_settings = Settings.from_env()

bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers
threads = _settings.threads
worker_class = "gthread"
chdir = _ROOT
timeout = 120  # a briefing deck export can take a while
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (memory of large areas)
max_requests_jitter = 200
accesslog = None
errorlog = "-"
loglevel = "info"
proc_name = "cancer-dashboard"


def on_starting(server: object) -> None:
    """Prepare the database once, in the master, before any worker starts."""
    from dashboard.infra.bootstrap import prepare_database
    from dashboard.infra.health import database_unreachable

    logging.basicConfig(level=logging.INFO)
    try:
        prepare_database(_settings)
    except Exception as exc:
        if not database_unreachable(exc):
            raise
        logging.getLogger("gunicorn.error").error(
            "database cannot be reached at start-up (%s); the workers serve a notice and retry", exc
        )
