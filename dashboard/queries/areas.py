"""Areas, plans and metadata."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, func, select

from dashboard import db as t
from dashboard.cache import memoize
from dashboard.db import Database


@memoize()
def counties(db: Database, region: str) -> pd.DataFrame:
    """Counties of a plan area, ordered by adcode.

    Columns: adcode, name_zh, name_en, region_group, region_group_en, urban.
    ``region="china"`` returns every county in the database.
    """
    a = t.areas
    stmt = select(a.c.adcode, a.c.name_zh, a.c.name_en, a.c.region_group, a.c.region_group_en,
                  a.c.urban).where(a.c.level == "county")  # fmt: skip
    if region != "china":
        stmt = stmt.where(a.c.parent_adcode == region)
    return db.read(stmt.order_by(a.c.adcode))


@memoize()
def area_info(db: Database, adcode: str) -> dict[str, object] | None:
    """One area as a dict (adcode, parent_adcode, level, name_zh, name_en, ...), or None."""
    df = db.read(select(t.areas).where(t.areas.c.adcode == adcode))
    return None if df.empty else df.iloc[0].to_dict()


@memoize()
def plans(db: Database) -> pd.DataFrame:
    """Plans. Columns: plan_id, area, name_zh, name_en, start_year, end_year, document, source_file."""
    return db.read(select(t.plans).order_by(t.plans.c.plan_id))


@memoize()
def plan_targets(db: Database, plan_id: str) -> pd.DataFrame:
    """Targets of one plan in plan order (columns of the ``targets`` table)."""
    return db.read(select(t.targets).where(t.targets.c.plan_id == plan_id).order_by(t.targets.c.sort_order))


@memoize()
def data_kind(db: Database) -> str:
    """ "demonstration" when the tables were made by the generator, else "registry"."""
    return db.meta("data_kind") or "registry"


@memoize()
def population_totals(db: Database, region: str, year: int | None = None) -> pd.DataFrame:
    """Person-years by county for one year (latest when ``year`` is None).

    Columns: area, year, person_years.
    """
    p, a = t.population, t.areas
    counties_of = select(a.c.adcode).where(and_(a.c.parent_adcode == region, a.c.level == "county"))
    if year is None:
        year = db.read(select(func.max(p.c.year)).where(p.c.area.in_(counties_of))).iloc[0, 0]
        if year is None:
            return pd.DataFrame(columns=["area", "year", "person_years"])
    stmt = (
        select(p.c.area, p.c.year, func.sum(p.c.person_years).label("person_years"))
        .where(p.c.area.in_(counties_of), p.c.year == int(year))
        .group_by(p.c.area, p.c.year)
        .order_by(p.c.area)
    )
    return db.read(stmt)
