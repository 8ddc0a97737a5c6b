"""Plan indicators as yearly series for a plan area and each of its counties.

:func:`indicator_series` computes an indicator of ``dashboard.indicators.INDICATORS``
the way its ``kind`` says (see that module) and returns one row per area and year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, select

from dashboard import db as t
from dashboard.cache import memoize
from dashboard.db import Database
from dashboard.epi import wilson_interval
from dashboard.indicators import get_indicator

#: Columns of :func:`indicator_series`.
SERIES_COLUMNS = ["area", "year", "numerator", "denominator", "value", "lower", "upper", "n"]

#: Kinds whose per-county value is a yes/no fact (100 or 0), not an estimate.
YES_NO_KINDS = ("county_share", "programme_counties")
#: Kinds that are proportions of counted things (Wilson interval, funnel plot).
PROPORTION_KINDS = ("ratio", "screening_early", "screening_coverage")


def _county_codes(region: str):  # noqa: ANN202 - a SQLAlchemy subquery
    a = t.areas
    return select(a.c.adcode).where(and_(a.c.parent_adcode == region, a.c.level == "county"))


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


def _observations(db: Database, region: str, key: str) -> pd.DataFrame:
    o = t.indicator_observations
    stmt = select(
        o.c.area, o.c.year, o.c.numerator, o.c.denominator, o.c.value, o.c.lower, o.c.upper, o.c.sample_size
    ).where(  # fmt: skip
        o.c.indicator == key, (o.c.area == region) | o.c.area.in_(_county_codes(region))
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
        .where(s.c.area.in_(_county_codes(region)), s.c.programme.in_(programmes))
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
    years = db.read(select(s.c.year).where(s.c.area.in_(_county_codes(region))).distinct())
    codes = db.read(_county_codes(region))
    if years.empty or codes.empty:
        return _empty()
    running = db.read(
        select(s.c.area, s.c.year, func.count(func.distinct(s.c.programme)).label("k"))
        .where(s.c.area.in_(_county_codes(region)), s.c.programme.in_(programmes), s.c.screened > 0)
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
        obs = _observations(db, region, indicator_key)
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


#: Columns of :func:`plan_assessment` besides those of the ``targets`` table.
ASSESSMENT_COLUMNS = [
    "status", "reason", "target_value", "latest_year", "latest_value", "judged_year", "judged_value",
    "projected", "lower", "upper", "projection_year", "deadline_passed", "met_since", "county_level",
    "counties_total", "counties_year", "counties_meeting", "counties_judged", "counties_meeting_latest",
    "counties_judged_latest", "assessment",
]  # fmt: skip


@memoize()
def plan_assessment(db: Database, region: str, plan_id: str, as_of: int) -> pd.DataFrame:
    """Every QUANTIFIED target of a plan judged for the plan area (see dashboard.status).

    One row per target in plan order: the columns of the ``targets`` table plus
    :data:`ASSESSMENT_COLUMNS`: the :class:`~dashboard.status.TargetStatus` fields, the
    object itself (``assessment``), ``county_level`` (the indicator has county values
    here), and counties meeting the target: ``counties_meeting`` of ``counties_judged``
    with a value in ``counties_year`` (the deadline year when it has passed, else each
    county's latest year, shown as NA), of ``counties_total`` counties; and the same on
    each county's latest value (``*_latest``). For ``falling`` targets a county "meets"
    it when its own trend is clearly falling (status met or on track, as for the area).
    """
    from dashboard.indicators import INDICATORS
    from dashboard.queries.areas import counties, plan_targets
    from dashboard.status import (
        TargetSpec,
        assess_frame,
        count_meeting,
        counties_meeting,
        county_statuses,
        meets_target,
        resolved,
    )

    tg = plan_targets(db, plan_id)
    tg = tg[tg["quantified"].astype(bool)].reset_index(drop=True)
    n_total = len(counties(db, region))
    rows = []
    for _, r in tg.iterrows():
        spec = TargetSpec.from_row(r)
        ind = INDICATORS[r["indicator"]]
        series = indicator_series(db, region, r["indicator"])
        area = series[series["area"] == region]
        st = assess_frame(spec, area, as_of=as_of, percent=ind.unit == "%")
        county = series[(series["area"] != region) & series["value"].notna()]
        row = r.to_dict()
        row.update({k: getattr(st, k) for k in ("status", "reason", "target_value", "latest_year",
                    "latest_value", "judged_year", "judged_value", "projected", "lower", "upper",
                    "projection_year", "deadline_passed", "met_since")})  # fmt: skip
        row.update(assessment=st, county_level=bool(ind.county_level and not county.empty),
                   counties_total=n_total, counties_year=pd.NA, counties_meeting=pd.NA,
                   counties_judged=pd.NA, counties_meeting_latest=pd.NA, counties_judged_latest=pd.NA)  # fmt: skip
        if row["county_level"] and (spec.comparison == "falling" or st.target_value is not None):
            cspec = resolved(spec, st.target_value)
            if spec.comparison == "falling":  # a trend: counties clearly falling (same method as the area)
                cs = county_statuses(county, cspec, as_of=as_of, percent=ind.unit == "%")
                year, k, n = None, sum(meets_target(x, "falling") for x in cs["status"]), len(cs)
                kl, nl = k, n
            else:
                year = spec.deadline if st.deadline_passed else None
                k, n = count_meeting(counties_meeting(county, cspec, year=year))
                kl, nl = count_meeting(counties_meeting(county, cspec))
            row.update(counties_year=pd.NA if year is None else year, counties_meeting=k,
                       counties_judged=n, counties_meeting_latest=kl, counties_judged_latest=nl)  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows, columns=[*tg.columns, *ASSESSMENT_COLUMNS])


@memoize()
def county_scorecard(db: Database, region: str, plan_id: str, as_of: int) -> pd.DataFrame:
    """Each county judged against each quantified target that has county values.

    Long format, one row per county and target: target_id, indicator, plus the columns
    of :func:`dashboard.status.county_statuses` (area, status, reason, judged_year,
    judged_value, latest_year, latest_value, gap, projected, lower, upper, met_since, slope,
    slope_lower, slope_upper) and
    the value's own interval ``value_lower``/``value_upper`` and ``numerator``,
    ``denominator``, ``n`` in the judged year. Counties are judged on the AREA's target
    value (for a baseline target, the area's baseline + delta) and the same method.
    """
    from dashboard.indicators import INDICATORS
    from dashboard.status import TargetSpec, county_statuses

    assessed = plan_assessment(db, region, plan_id, as_of)
    frames = []
    for _, r in assessed[assessed["county_level"]].iterrows():
        spec = TargetSpec.from_row(r)
        series = indicator_series(db, region, r["indicator"])
        county = series[series["area"] != region]
        cs = county_statuses(county, spec, as_of=as_of, target=r["target_value"],
                             percent=INDICATORS[r["indicator"]].unit == "%")  # fmt: skip
        extra = county.rename(columns={"year": "judged_year", "lower": "value_lower", "upper": "value_upper"})
        extra = extra[["area", "judged_year", "value_lower", "value_upper", "numerator", "denominator", "n"]]
        extra["judged_year"] = extra["judged_year"].astype("Int64")
        cs = cs.merge(extra, on=["area", "judged_year"], how="left")
        cs.insert(0, "indicator", r["indicator"])
        cs.insert(0, "target_id", r["target_id"])
        frames.append(cs)
    if not frames:
        return pd.DataFrame(columns=["target_id", "indicator", "area", "status"])
    return pd.concat(frames, ignore_index=True)
