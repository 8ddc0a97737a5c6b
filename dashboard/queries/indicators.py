"""Plan indicators as yearly series for a plan area and each of its counties (SQL, cached).

:func:`indicator_series` computes an indicator of ``dashboard.catalogue.indicators.INDICATORS``
the way its ``kind`` says (see that module) and returns one row per area and year;
:func:`plan_for_area` reads an area's plan. Judging targets on these series is
:mod:`dashboard.domain.assessment` (``plan_assessment`` and ``county_scorecard`` are still
importable from here for older imports).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from dashboard.catalogue.indicators import get_indicator
from dashboard.epi import wilson_interval
from dashboard.infra import db as t
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database
from dashboard.queries.areas import county_codes

#: Columns of :func:`indicator_series`.
SERIES_COLUMNS = ["area", "year", "numerator", "denominator", "value", "lower", "upper", "n"]

#: Kinds whose per-county value is a yes/no fact (100 or 0), not an estimate.
YES_NO_KINDS = ("county_share", "programme_counties")
#: Kinds that are proportions of counted things (Wilson interval, funnel plot).
PROPORTION_KINDS = ("ratio", "screening_early", "screening_coverage")


def _empty() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype="float64") for c in SERIES_COLUMNS})
    df["area"] = df["area"].astype(object)
    df["year"] = df["year"].astype("int64")
    return df


def _with_wilson(df: pd.DataFrame) -> pd.DataFrame:
    """value = 100 num/den with a Wilson 95% interval; den 0 or missing -> no value."""
    df = df.copy()
    num = pd.to_numeric(df["numerator"], errors="coerce").to_numpy(dtype=float)
    den = pd.to_numeric(df["denominator"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(num) & np.isfinite(den) & (den > 0) & (num >= 0) & (num <= den)
    value = np.full(len(df), np.nan)
    lo = np.full(len(df), np.nan)
    hi = np.full(len(df), np.nan)
    if ok.any():
        value[ok] = 100 * num[ok] / den[ok]
        lw, up = wilson_interval(num[ok], den[ok])
        lo[ok], hi[ok] = 100 * np.asarray(lw), 100 * np.asarray(up)
    df["value"], df["lower"], df["upper"] = value, lo, hi
    df["n"] = np.where(ok, den, np.nan)
    return df


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return _empty()
    for c in SERIES_COLUMNS[2:]:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    df["year"] = df["year"].astype("int64")
    df["area"] = df["area"].astype(str)
    return df[SERIES_COLUMNS].sort_values(["area", "year"]).reset_index(drop=True)


def observations(db: Database, region: str, key: str) -> pd.DataFrame:
    """The stored rows of one indicator for a plan area and its counties (area, year,
    numerator, denominator, value, lower, upper, sample_size)."""
    o = t.indicator_observations
    stmt = select(
        o.c.area, o.c.year, o.c.numerator, o.c.denominator, o.c.value, o.c.lower, o.c.upper, o.c.sample_size
    ).where(  # fmt: skip
        o.c.indicator == key, (o.c.area == region) | o.c.area.in_(county_codes(region))
    )
    return db.read(stmt)


def _ratio(obs: pd.DataFrame, region: str) -> pd.DataFrame:
    county = obs[obs["area"] != region].copy()
    county = _with_wilson(county)
    own = obs[obs["area"] == region]
    has_counts = county.dropna(subset=["numerator", "denominator"])
    area = has_counts.groupby("year", as_index=False)[["numerator", "denominator"]].sum()
    area["area"] = region
    area = _with_wilson(area)
    if not own.empty:  # the area's own row wins over the sum of its counties
        own = own.copy()
        with_counts = own.dropna(subset=["numerator", "denominator"])
        own_rows = _with_wilson(with_counts) if not with_counts.empty else with_counts
        value_only = own[own["numerator"].isna() | own["denominator"].isna()].copy()
        value_only["n"] = value_only["sample_size"]
        own_rows = pd.concat([own_rows, value_only], ignore_index=True)
        area = pd.concat([area[~area["year"].isin(own_rows["year"])], own_rows], ignore_index=True)
    return pd.concat([area, county], ignore_index=True)


def _reported(obs: pd.DataFrame) -> pd.DataFrame:
    df = obs.copy()
    df["n"] = df["sample_size"]
    return df


def _county_share(obs: pd.DataFrame, region: str) -> pd.DataFrame:
    county = obs[(obs["area"] != region)].dropna(subset=["numerator", "denominator"]).copy()
    has = county["numerator"] >= county["denominator"]
    county["value"] = np.where(has, 100.0, 0.0)
    county["lower"] = county["upper"] = county["n"] = np.nan
    county["has"] = has.astype(int)
    area = county.groupby("year", as_index=False).agg(numerator=("has", "sum"), denominator=("has", "size"))
    area["area"] = region
    area["value"] = 100 * area["numerator"] / area["denominator"]
    area["lower"] = area["upper"] = area["n"] = np.nan
    return pd.concat([area, county.drop(columns="has")], ignore_index=True)


def _screening_sums(
    db: Database, region: str, programmes: tuple[str, ...], num: str, den: str
) -> pd.DataFrame:
    s = t.screening
    stmt = (
        select(
            s.c.area, s.c.year, func.sum(s.c[num]).label("numerator"), func.sum(s.c[den]).label("denominator")
        )
        .where(s.c.area.in_(county_codes(region)), s.c.programme.in_(programmes))
        .group_by(s.c.area, s.c.year)
    )
    county = db.read(stmt)
    if county.empty:
        return county
    area = county.groupby("year", as_index=False)[["numerator", "denominator"]].sum()
    area["area"] = region
    return _with_wilson(pd.concat([area, county], ignore_index=True))


def _programme_counties(db: Database, region: str, programmes: tuple[str, ...]) -> pd.DataFrame:
    s = t.screening
    years = db.read(select(s.c.year).where(s.c.area.in_(county_codes(region))).distinct())
    codes = db.read(county_codes(region))
    if years.empty or codes.empty:
        return _empty()
    running = db.read(
        select(s.c.area, s.c.year, func.count(func.distinct(s.c.programme)).label("k"))
        .where(s.c.area.in_(county_codes(region)), s.c.programme.in_(programmes), s.c.screened > 0)
        .group_by(s.c.area, s.c.year)
    )
    grid = pd.MultiIndex.from_product([codes["adcode"].astype(str), years["year"].astype(int)],
                                      names=["area", "year"]).to_frame(index=False)  # fmt: skip
    grid = grid.merge(running, on=["area", "year"], how="left")
    has = grid["k"].fillna(0).to_numpy() >= len(set(programmes))
    county = grid[["area", "year"]].copy()
    county["numerator"] = has.astype(float)
    county["denominator"] = 1.0
    county["value"] = np.where(has, 100.0, 0.0)
    area = county.groupby("year", as_index=False).agg(numerator=("numerator", "sum"),
                                                      denominator=("denominator", "sum"))  # fmt: skip
    area["area"] = region
    area["value"] = 100 * area["numerator"] / area["denominator"]
    out = pd.concat([area, county], ignore_index=True)
    out["lower"] = out["upper"] = out["n"] = np.nan
    return out


@memoize()
def indicator_series(db: Database, region: str, indicator_key: str) -> pd.DataFrame:
    """One indicator for a plan area and each of its counties, one row per area and year.

    Columns: area (the plan area's adcode, or a county's), year, numerator, denominator,
    value (percent, or a count for ``count`` indicators), lower, upper (95% interval in the
    value's unit; NaN when there is none), n (the denominator or survey sample size that
    weights a trend; NaN when unknown or not a sample). How the value is obtained by kind:

    - ``ratio``: counties their own num/den; the area Σnum/Σden over counties (its own row
      when it has one). Wilson interval.
    - ``reported``: stored values and their stored lower/upper; n = survey sample size.
      The area's value is its own row, never a sum of counties.
    - ``county_share``: a county 100 (num ≥ den: "has it") or 0, no interval; the area
      the share of counties with an observation that have it (num = counties that have it,
      den = counties observed).
    - ``screening_early``: Σearly_detected / Σdetected over the indicator's programmes.
    - ``screening_coverage``: Σscreened / Σeligible for the programme(s); counties with no
      eligible people get no value (never 0%); the area sums counties that report it.
    - ``programme_counties``: a county 100 when it screened (screened > 0) in every named
      programme that year, else 0; the area the share of all its counties; years are
      those of the region's screening table.
    - ``count``: the stored value as is.
    """
    ind = get_indicator(indicator_key)
    if ind.kind in ("ratio", "reported", "county_share", "count"):
        obs = observations(db, region, indicator_key)
        if obs.empty:
            return _empty()
        if ind.kind == "ratio":
            df = _ratio(obs, region)
        elif ind.kind == "county_share":
            df = _county_share(obs, region)
        else:
            df = _reported(obs)
    elif ind.kind == "screening_early":
        df = _screening_sums(db, region, ind.programmes, "early_detected", "detected")
    elif ind.kind == "screening_coverage":
        df = _screening_sums(db, region, ind.programmes, "screened", "eligible")
    elif ind.kind == "programme_counties":
        df = _programme_counties(db, region, ind.programmes)
    else:  # pragma: no cover - the catalogue only has the kinds above
        raise ValueError(f"indicator {indicator_key!r} has an unknown kind {ind.kind!r}")
    if df.empty:
        return _empty()
    for c in SERIES_COLUMNS:
        if c not in df.columns:
            df[c] = np.nan
    return _finish(df)


@memoize()
def plan_for_area(db: Database, region: str) -> dict[str, object] | None:
    """The plan of a plan area (the latest by start year when there are several), or None."""
    p = t.plans
    df = db.read(select(p).where(p.c.area == region).order_by(p.c.start_year.desc(), p.c.plan_id))
    return None if df.empty else df.iloc[0].to_dict()
