"""Decide every plan area's suppression patterns when data changes (not per request).

Called by the bootstrap (``python -m dashboard bootstrap`` and the first start), and after
a batch is published or withdrawn (the importer's command line and ``/data``).
"""

from __future__ import annotations

import logging

from dashboard.infra.db import Database
from dashboard.publish import indicators, registry, screening
from dashboard.publish.store import precompute

log = logging.getLogger(__name__)

__all__ = ["warm_patterns"]


def warm_patterns(db: Database, limit: int) -> dict[str, float]:
    """Decide and store the patterns of every plan area; seconds per area."""
    deciders = {"registry": registry.decide_pattern, "screening": screening.decide_pattern,
                "indicators": indicators.decide_pattern}  # fmt: skip
    seconds = precompute(db, limit, deciders)
    if seconds:
        log.info("suppression patterns decided: %s", ", ".join(f"{a} {s:.1f} s" for a, s in seconds.items()))
    return seconds
