"""Areas, plans and metadata."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from dashboard.infra import db as t
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database

NATIONAL = "china"


def in_region(region: str) -> ColumnElement[bool]:
    """SQL condition on ``areas``: a county of ``region``.

    The one definition of "the counties of an area" used by every query: by
    parent code, or through a prefecture for a province (``parent_adcode`` of
    the county's parent). ``"china"``: every county.
    """
    a = t.areas
    county = a.c.level == "county"
    if region == NATIONAL:
        return county
    parent = t.areas.alias("parent")
    prefectures = select(parent.c.adcode).where(parent.c.parent_adcode == region)
    return and_(county, or_(a.c.parent_adcode == region, a.c.parent_adcode.in_(prefectures)))


def county_codes(region: str) -> Select:
    """``SELECT adcode`` of the counties of ``region`` (a subquery for ``IN``)."""
    return select(t.areas.c.adcode).where(in_region(region))


@memoize()
def counties(db: Database, region: str) -> pd.DataFrame:
    """Counties of a plan area, ordered by adcode.

    Columns: adcode, name_zh, name_en, region_group, region_group_en, urban.
    ``region="china"`` returns every county in the database.
    """
    a = t.areas
    stmt = select(a.c.adcode, a.c.name_zh, a.c.name_en, a.c.region_group, a.c.region_group_en,
                  a.c.urban).where(in_region(region))  # fmt: skip
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


def plan_legends(db: Database, area: str) -> dict[str, dict[str, object]]:
    """The map classes the area's plan sets (its latest plan's ``legends``), by measure:
    ``{"incidence": {"rate": "asr_china", "bands": [[0, 200], ...], "thresholds": [200, ...]}}``;
    empty when the plan sets none (then the map offers no "plan" classes)."""
    df = plans(db)
    if "legends" not in df.columns:
        return {}
    df = df[df["area"] == area].sort_values(["start_year", "plan_id"], ascending=[False, True])
    if df.empty or not isinstance(df["legends"].iloc[0], str):
        return {}
    raw = json.loads(df["legends"].iloc[0])
    return {m: {**g, "thresholds": [float(hi) for _lo, hi in g["bands"][:-1]]} for m, g in raw.items()}


@memoize()
def plan_areas(db: Database) -> pd.DataFrame:
    """The plan areas in plan-file order, with their switch labels.

    Columns: area, plan_id, level, label_zh, label_en. The first row is the
    default area of every page. A label is the plan file's short name, else the
    area's name and the plan years.
    """
    p, a = t.plans, t.areas
    stmt = (
        select(p.c.area, p.c.plan_id, p.c.start_year, p.c.end_year, p.c.short_name_zh, p.c.short_name_en,
               a.c.level, a.c.name_zh, a.c.name_en)
        .join(a, a.c.adcode == p.c.area)
        .order_by(p.c.source_file)
    )  # fmt: skip
    df = db.read(stmt)
    years_zh = df["start_year"].astype(str) + "—" + df["end_year"].astype(str)
    years_en = df["start_year"].astype(str) + "–" + (df["end_year"] % 100).astype(str).str.zfill(2)
    df["label_zh"] = df["short_name_zh"].fillna(df["name_zh"] + " " + years_zh)
    df["label_en"] = df["short_name_en"].fillna(df["name_en"] + " " + years_en)
    return df[["area", "plan_id", "level", "label_zh", "label_en"]]


def plan_area_codes(db: Database) -> tuple[str, ...]:
    """Adcodes of the plan areas, default first."""
    return tuple(plan_areas(db)["area"])


def default_area(db: Database) -> str | None:
    """The first plan's area (plan files sorted by name), or None without plans."""
    codes = plan_area_codes(db)
    return codes[0] if codes else None


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
    p = t.population
    counties_of = county_codes(region)
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
