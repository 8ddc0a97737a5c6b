"""Decide every plan area's suppression patterns when data changes (not per request).

Called by the bootstrap (``python -m dashboard bootstrap`` and the first start), and after
a batch is published or withdrawn (the importer's command line and ``/data``).
"""

from __future__ import annotations

import logging

from dashboard.infra.db import Database
from dashboard.publish import indicators, registry, screening
from dashboard.publish.store import precompute, stored

log = logging.getLogger(__name__)

__all__ = ["warm_patterns"]


def _registry(db: Database, area: str, limit: int) -> object:
    # straight to the store: the per-process layers may still hold the previous version
    return stored(db, "registry", area, limit, lambda: registry.decide_pattern(db, area, limit))


def _screening(db: Database, area: str, limit: int) -> object:
    return stored(db, "screening", area, limit, lambda: screening.decide_pattern(db, area, limit))


def _indicators(db: Database, area: str, limit: int) -> object:
    return stored(db, "indicators", area, limit, lambda: indicators.decide_pattern(db, area, limit))


def warm_patterns(db: Database, limit: int) -> dict[str, float]:
    """Decide and store the patterns of every plan area; seconds per area."""
    seconds = precompute(
        db, limit, {"registry": _registry, "screening": _screening, "indicators": _indicators}
    )
    if seconds:
        log.info("suppression patterns decided: %s", ", ".join(f"{a} {s:.1f} s" for a, s in seconds.items()))
    return seconds
