"""Is the app able to serve? ``/healthz`` and the "database cannot be reached" page use this.

- :func:`database_unreachable` tells a database that cannot be reached (stopped
  server, refused or timed-out connection, missing SQLite file) from any other
  error, which stays a bug and is not hidden.
- :func:`health_report` is the JSON a load balancer reads.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import exc as sa_exc

from dashboard.infra.cache import data_version, shared_backend
from dashboard.infra.db import Database, DatabaseMissingError

log = logging.getLogger(__name__)

_UNREACHABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError,
                DatabaseMissingError, ConnectionError, TimeoutError)  # fmt: skip


def database_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` (or an exception it was raised from) means "the database cannot be reached"."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, _UNREACHABLE):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def database_missing(exc: BaseException) -> bool:
    """Whether ``exc`` comes from a SQLite file that is not there."""
    cur: BaseException | None = exc
    while cur is not None:
        if isinstance(cur, DatabaseMissingError) or isinstance(
            getattr(cur, "orig", None), DatabaseMissingError
        ):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def health_report(db: Database) -> tuple[dict[str, Any], int]:
    """``({"database", "cache", "data_version"}, HTTP status)``: 200 when the database answers, else 503.

    ``cache`` is "ok" when the shared cache answers a write and a read (a cache
    failure does not make the app unhealthy: it serves without it).
    """
    report: dict[str, Any] = {"database": "ok", "cache": "ok", "data_version": None}
    try:
        report["data_version"] = data_version(db, max_age=0.0, fallback=False)
    except Exception as exc:  # noqa: BLE001 - any failure to read is "error"
        report["database"] = "error"
        report["database_error"] = "database file missing" if database_missing(exc) else type(exc).__name__
    backend = shared_backend()
    if backend is not None and not backend.ping():
        report["cache"] = "error"
    return report, (200 if report["database"] == "ok" else 503)
