"""Suppression patterns stored with the data they protect: decided once per data version.

:func:`stored` returns the pattern of ``(kind, area, limit)`` for the database's current
data version from the ``published_patterns`` table, deciding and storing it first if it is
not there (a read-only database still works: the pattern is then decided in memory and
not stored). :func:`precompute` decides every plan area's patterns right after data is
published or withdrawn and at start-up (``python -m dashboard bootstrap``), so no page
request ever waits for one, and removes the patterns of older data versions.
"""

from __future__ import annotations

import functools
import json
import logging
import pickle
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import and_, delete, insert, select

from dashboard.infra import db as schema
from dashboard.infra.cache import data_version, memoize
from dashboard.infra.db import Database

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["pattern_reader", "precompute", "stored"]


def _version(db: Database) -> str:
    return db.data_version()


def stored(
    db: Database, kind: str, area: str, limit: int, decide: Callable[[], tuple[T, dict[str, Any]]]
) -> T:
    """The stored pattern, or ``decide()`` (``(pattern, figures)``) stored for next time."""
    t = schema.published_patterns
    version = _version(db)
    key = and_(
        t.c.kind == kind, t.c.area == area, t.c.small_cell_limit == int(limit), t.c.data_version == version
    )
    try:
        with db.engine.connect() as conn:
            blob = conn.execute(select(t.c.pattern).where(key)).scalar()
        if blob is not None:
            return pickle.loads(blob)  # noqa: S301 - written by this module into the app's own database
    except Exception as exc:  # a database without the table (an old read-only copy): decide in memory
        log.info("stored pattern unavailable (%s); deciding it in memory", type(exc).__name__)
    t0 = time.perf_counter()
    pattern, figures = decide()
    figures = {**figures, "seconds": round(time.perf_counter() - t0, 3)}
    try:
        with db.engine.begin() as conn:
            if conn.execute(select(t.c.kind).where(key)).first() is None:
                conn.execute(insert(t).values(
                    kind=kind, area=area, small_cell_limit=int(limit), data_version=version,
                    created_at=datetime.now(UTC).replace(tzinfo=None),
                    figures=json.dumps(figures, default=float), pattern=pickle.dumps(pattern, protocol=5),
                ))  # fmt: skip
    except Exception as exc:  # read-only database or a concurrent writer: the pattern is still right
        log.info("pattern of %s %s not stored (%s)", kind, area, type(exc).__name__)
    return pattern


def pattern_reader(
    kind: str, decide: Callable[[Database, str, int], tuple[T, dict[str, Any]]], doc: str
) -> Callable[[Database, str, int], T]:
    """``read(db, area, limit)``: the pattern of ``kind`` for the current data version, from
    this process's copy, else the shared cache, else the database (:func:`stored`), else
    ``decide`` (then stored). One reader per kind of pattern (registry, screening, indicators)."""

    def load(db: Database, area: str, limit: int) -> T:
        return stored(db, kind, area, limit, lambda: decide(db, area, limit))

    load.__qualname__ = f"pattern_reader.{kind}"  # the shared cache's key: one per kind
    shared = memoize()(load)

    @functools.lru_cache(maxsize=8)
    def local(db: Database, version: str, area: str, limit: int) -> T:
        del version  # part of the key only
        return shared(db, area, limit)

    def read(db: Database, area: str, limit: int) -> T:
        return local(db, data_version(db), area, int(limit))

    read.__doc__ = doc
    return read


def precompute(
    db: Database, limit: int, deciders: dict[str, Callable[[Database, str, int], tuple[Any, dict[str, Any]]]]
) -> dict[str, float]:
    """Decide and store every plan area's patterns for the current data version (seconds per
    area), and delete those of older versions. ``deciders``: kind -> ``decide(db, area, limit)``
    (straight to the store: a process's own copies may still hold the previous version)."""
    from dashboard.queries.areas import plan_area_codes

    version = _version(db)
    t = schema.published_patterns
    try:
        with db.engine.begin() as conn:
            conn.execute(delete(t).where(t.c.data_version != version))
    except Exception as exc:
        log.info("old patterns not removed (%s)", type(exc).__name__)
    seconds: dict[str, float] = {}
    for area in plan_area_codes(db):
        t0 = time.perf_counter()
        for kind, decide in deciders.items():
            stored(db, kind, area, int(limit), lambda decide=decide, area=area: decide(db, area, int(limit)))
        seconds[area] = round(time.perf_counter() - t0, 2)
    return seconds
