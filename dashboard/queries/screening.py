"""Screening programmes: county rows, area totals and the plan targets of an area."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, select

from dashboard.infra import db as t
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database
from dashboard.queries.areas import in_region

_COUNTS = ("eligible", "screened", "positive", "detected", "early_detected")


def _county_filter(region: str):  # noqa: ANN202 - a SQLAlchemy boolean clause
    return in_region(region)


@memoize()
def screening_rows(db: Database, region: str) -> pd.DataFrame:
    """Screening rows of every county of a plan area (``region="china"``: all counties).

    One row per county, year and programme that has a row in ``screening`` (a county
    has rows only for the years its programme runs).

    Columns: area (county adcode), name_zh, name_en, year, programme, eligible,
    screened, positive, detected (cancers and precancers), early_detected (precancer or
    early stage). Ordered by programme, area, year. Counts are the true counts: mask them
    (:func:`dashboard.publish.screening.published_screening`) before showing or exporting.
    """
    s, a = t.screening, t.areas
    stmt = (
        select(
            s.c.area, a.c.name_zh, a.c.name_en, s.c.year, s.c.programme, *[s.c[c] for c in _COUNTS]
        )  # fmt: skip
        .join(a, a.c.adcode == s.c.area)
        .where(_county_filter(region))
        .order_by(s.c.programme, s.c.area, s.c.year)
    )
    df = db.read(stmt)
    for c in ("year", *_COUNTS):
        df[c] = df[c].astype("int64")
    return df


@memoize()
def area_totals(db: Database, region: str) -> pd.DataFrame:
    """Totals over the counties of a plan area, by programme and year.

    Columns: programme, year, eligible, screened, positive, detected, early_detected
    (sums over the counties with a row), counties_reporting (counties with a row),
    counties_running (counties with screened > 0). Ordered by programme, year.
    """
    s, a = t.screening, t.areas
    stmt = (
        select(
            s.c.programme,
            s.c.year,
            *[func.sum(s.c[c]).label(c) for c in _COUNTS],
            func.count(s.c.area).label("counties_reporting"),
            func.sum(case((s.c.screened > 0, 1), else_=0)).label("counties_running"),
        )
        .join(a, a.c.adcode == s.c.area)
        .where(_county_filter(region))
        .group_by(s.c.programme, s.c.year)
        .order_by(s.c.programme, s.c.year)
    )
    df = db.read(stmt)
    for c in ("year", *_COUNTS, "counties_reporting", "counties_running"):
        df[c] = df[c].astype("int64")
    return df


@memoize()
def area_targets(db: Database, region: str) -> pd.DataFrame:
    """The targets of every plan of an area (columns of the ``targets`` table), plan order."""
    p, tg = t.plans, t.targets
    stmt = (
        select(tg)
        .join(p, p.c.plan_id == tg.c.plan_id)
        .where(p.c.area == region)
        .order_by(tg.c.plan_id, tg.c.sort_order)
    )
    return db.read(stmt)
