"""A plan's quantified targets judged for its area and each county.

Two pure functions do the work on DataFrames (no database, no Dash):

- :func:`assess_plan` — every quantified target judged for the plan area, with the
  counties meeting it (:data:`ASSESSMENT_COLUMNS`);
- :func:`score_counties` — each county judged against each target that has county
  values (long format).

:func:`plan_assessment` and :func:`county_scorecard` are their memoized wrappers: they read
the targets through ``dashboard.queries`` and the indicator series as published
(:func:`dashboard.publish.indicators.published_indicators`: values hidden to protect small
numbers are NaN and never judged) and hand them over. The status method itself is
:mod:`dashboard.domain.status`.

A county whose newest value is hidden (``hidden`` in the series) gets no status: it is not
judged on an older value either, and it counts neither as meeting a target nor as missing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.catalogue.indicators import INDICATORS
from dashboard.domain.status import (
    NO_DATA,
    TargetSpec,
    assess_frame,
    count_meeting,
    counties_meeting,
    county_statuses,
    meets_target,
    resolved,
)
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database
from dashboard.publish.indicators import published_indicators
from dashboard.queries.areas import counties, plan_targets, plans

#: The reason of a county left unjudged because its newest value is hidden.
HIDDEN_REASON = "hidden"

#: Columns of :func:`assess_plan` besides those of the ``targets`` table.
ASSESSMENT_COLUMNS = [
    "status", "reason", "target_value", "latest_year", "latest_value", "judged_year", "judged_value",
    "projected", "lower", "upper", "projection_year", "deadline_passed", "met_since", "county_level",
    "counties_total", "counties_year", "counties_meeting", "counties_judged", "counties_meeting_latest",
    "counties_judged_latest", "assessment",
]  # fmt: skip

#: Columns of :func:`score_counties`.
SCORECARD_COLUMNS = [
    "target_id", "indicator", "area", "status", "reason", "judged_year", "judged_value", "latest_year",
    "latest_value", "gap", "projected", "lower", "upper", "met_since", "slope", "slope_lower", "slope_upper",
    "value_lower", "value_upper", "numerator", "denominator", "n", "assessment",
]  # fmt: skip

#: Where the values of each indicator kind come from (the table to load when there are none).
SOURCE_TABLES = {
    "ratio": "indicator_observations",
    "reported": "indicator_observations",
    "county_share": "indicator_observations",
    "count": "indicator_observations",
    "screening_early": "screening",
    "screening_coverage": "screening",
    "programme_counties": "screening",
}


def judgeable(county: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """County rows that may be judged, and the counties whose newest row is hidden (those
    are left out whole: no status from a hidden value, none from an older one in its place)."""
    if "hidden" not in county.columns or county.empty:
        return county, []
    newest = county.sort_values("year").groupby("area").tail(1)
    out = sorted(newest.loc[newest["hidden"].astype(bool), "area"].astype(str))
    return county[~county["area"].isin(out)], out


def quantified(targets: pd.DataFrame) -> pd.DataFrame:
    """The quantified targets of a ``plan_targets`` frame, in plan order."""
    return targets[targets["quantified"].astype(bool)].reset_index(drop=True)


def assess_plan(
    targets: pd.DataFrame,
    series: Mapping[str, pd.DataFrame],
    *,
    region: str,
    n_counties: int,
    as_of: int,
) -> pd.DataFrame:
    """Every target of ``targets`` (quantified ones) judged for the plan area ``region``.

    ``series``: indicator key -> :func:`~dashboard.queries.indicators.indicator_series`
    of the region (the area's rows and its counties'). One row per target in plan order:
    the columns of ``targets`` plus :data:`ASSESSMENT_COLUMNS`: the
    :class:`~dashboard.domain.status.TargetStatus` fields, the object itself (``assessment``),
    ``county_level`` (the indicator has county values here), and counties meeting the
    target: ``counties_meeting`` of ``counties_judged`` with a value in ``counties_year``
    (the deadline year when it has passed, else each county's latest year, shown as NA),
    of ``counties_total`` (``n_counties``); and the same on each county's latest value
    (``*_latest``). For ``falling`` targets a county "meets" it when its own trend is
    clearly falling (status met or on track, as for the area).
    """
    rows = []
    for _, r in targets.iterrows():
        spec = TargetSpec.from_row(r)
        ind = INDICATORS[r["indicator"]]
        s = series[r["indicator"]]
        area = s[s["area"] == region]
        st = assess_frame(spec, area, as_of=as_of, percent=ind.unit == "%")
        county, _ = judgeable(s[s["area"] != region])
        county = county[county["value"].notna()]
        row = r.to_dict()
        row.update({k: getattr(st, k) for k in ("status", "reason", "target_value", "latest_year",
                    "latest_value", "judged_year", "judged_value", "projected", "lower", "upper",
                    "projection_year", "deadline_passed", "met_since")})  # fmt: skip
        row.update(assessment=st, county_level=bool(ind.county_level and not county.empty),
                   counties_total=n_counties, counties_year=pd.NA, counties_meeting=pd.NA,
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
    return pd.DataFrame(rows, columns=[*targets.columns, *ASSESSMENT_COLUMNS])


def score_counties(
    assessed: pd.DataFrame, series: Mapping[str, pd.DataFrame], *, region: str, as_of: int
) -> pd.DataFrame:
    """Each county judged against each target of ``assessed`` that has county values.

    ``assessed``: :func:`assess_plan`; ``series`` as there. Long format, one row per county
    and target (:data:`SCORECARD_COLUMNS`): target_id, indicator, the columns of
    :func:`dashboard.domain.status.county_statuses` and the value's own interval
    ``value_lower``/``value_upper`` and ``numerator``, ``denominator``, ``n`` in the judged
    year. A county whose newest value is hidden has status ``no_data``, reason ``hidden``,
    its newest year as judged year and no value or statement. Counties are judged on the AREA's target value (for a baseline target, the
    area's baseline + delta) and the same method.
    """
    frames = []
    for _, r in assessed[assessed["county_level"].astype(bool)].iterrows():
        spec = TargetSpec.from_row(r)
        s = series[r["indicator"]]
        county, hidden = judgeable(s[s["area"] != region])
        cs = county_statuses(county, spec, as_of=as_of, target=r["target_value"],
                             percent=INDICATORS[r["indicator"]].unit == "%")  # fmt: skip
        if hidden:  # no status, no verdict: the newest value is hidden (its year, no number)
            newest = s[s["area"].isin(hidden)].groupby("area")["year"].max()
            cs = pd.concat([cs, pd.DataFrame({"area": hidden, "status": NO_DATA, "reason": HIDDEN_REASON,
                                              "judged_year": newest.reindex(hidden).to_numpy(),
                                              "latest_year": newest.reindex(hidden).to_numpy()})],
                           ignore_index=True)  # fmt: skip
            for c in ("judged_year", "latest_year"):
                cs[c] = cs[c].astype("Int64")
        extra = county.rename(columns={"year": "judged_year", "lower": "value_lower", "upper": "value_upper"})
        extra = extra[["area", "judged_year", "value_lower", "value_upper", "numerator", "denominator", "n"]]
        extra["judged_year"] = extra["judged_year"].astype("Int64")
        cs = cs.merge(extra, on=["area", "judged_year"], how="left")
        cs.insert(0, "indicator", r["indicator"])
        cs.insert(0, "target_id", r["target_id"])
        frames.append(cs)
    if not frames:
        return pd.DataFrame(columns=SCORECARD_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def missing_tables(assessed: pd.DataFrame, series: Mapping[str, pd.DataFrame]) -> list[str]:
    """Tables to load before these targets can be judged: a source table is named when
    none of the targets drawn from it has a single value (area or county), e.g. a new
    database holding areas and plans but no data yet."""
    has: dict[str, bool] = {}
    for key in dict.fromkeys(assessed["indicator"]):
        table = SOURCE_TABLES[INDICATORS[key].kind]
        s = series.get(key)
        has[table] = has.get(table, False) or bool(s is not None and s["value"].notna().any())
    return [table for table, any_value in has.items() if not any_value]


def _series(db: Database, region: str, indicators: Iterable[str], limit: int) -> dict[str, pd.DataFrame]:
    return {k: published_indicators(db, region, k, limit) for k in dict.fromkeys(indicators)}


@memoize()
def plan_assessment(db: Database, region: str, plan_id: str, as_of: int, limit: int = 5) -> pd.DataFrame:
    """:func:`assess_plan` of the plan's quantified targets on the published series (counts
    1..``limit`` protected), read from the database (cached)."""
    tg = quantified(plan_targets(db, plan_id))
    start = plans(db).set_index("plan_id")["start_year"].get(plan_id)
    tg = tg.assign(start_year=None if start is None else int(start))  # per-year count targets
    series = _series(db, region, tg["indicator"], limit)
    return assess_plan(tg, series, region=region, n_counties=len(counties(db, region)), as_of=as_of)


@memoize()
def county_scorecard(db: Database, region: str, plan_id: str, as_of: int, limit: int = 5) -> pd.DataFrame:
    """:func:`score_counties` for the plan of ``plan_id`` on the published series (cached)."""
    assessed = plan_assessment(db, region, plan_id, as_of, limit)
    series = _series(db, region, assessed.loc[assessed["county_level"].astype(bool), "indicator"], limit)
    return score_counties(assessed, series, region=region, as_of=as_of)


def data_gaps(db: Database, region: str, plan_id: str, as_of: int, limit: int = 5) -> list[str]:
    """:func:`missing_tables` for a plan, read from the database."""
    assessed = plan_assessment(db, region, plan_id, as_of, limit)
    return missing_tables(assessed, _series(db, region, assessed["indicator"], limit))
