"""County rates as published: the one path registry numbers take out of the server.

:func:`published_rates` and :func:`published_series` wrap the statistics of
:mod:`dashboard.queries.registry` with the area's suppression pattern
(:func:`dashboard.publish.registry.registry_pattern`): a hidden cell has no count (NaN), no
rate, interval or rank, no quality ratios, and the one neutral reason
:data:`HIDDEN_REASON` — never a hint whether it is small or hidden to protect another.
The map (tooltips, table, bars, CSV, county detail), the county profile and the read API
take their registry numbers from here only.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from dashboard.epi.ranks import rank_intervals
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database
from dashboard.publish.registry import county_patterns, national_hidden, registry_pattern
from dashboard.queries.areas import NATIONAL
from dashboard.queries.registry import (
    CountySeries,
    RateTable,
    Selection,
    county_rates,
    county_series,
    with_period,
)

#: The one reason a hidden count (and its rate) carries.
HIDDEN_REASON = "hidden"


def _hide_rows(
    df: pd.DataFrame, hidden: np.ndarray, quality_hidden: np.ndarray | None = None
) -> pd.DataFrame:
    out = df.copy()
    out["cases"] = out["cases"].astype(float).mask(hidden)
    for c in ("rate", "lower", "upper"):
        out[c] = out[c].mask(hidden)
    out["suppressed"] = out["suppressed"].to_numpy(bool) | hidden
    reason = out["reason"].astype(object).to_numpy(copy=True)
    reason[hidden] = HIDDEN_REASON
    out["reason"] = pd.array(reason.astype(str), dtype="str")
    out["hidden"] = hidden
    if quality_hidden is not None and "mv_pct" in out:
        q = np.asarray(quality_hidden, bool)  # all sites: the same whatever site is chosen
        for c in ("mv_pct", "dco_pct", "mi_ratio"):
            out[c] = out[c].mask(q)
        flags = out["quality_flags"].astype(object).to_numpy(copy=True)
        flags[q] = ""
        out["quality_flags"] = pd.array(flags.astype(str), dtype="str")
    return out


def _hidden_area(area: dict) -> dict:
    out = dict(area)
    out.update(
        cases=None, rate=math.nan, lower=math.nan, upper=math.nan, suppressed=True, reason=HIDDEN_REASON
    )
    return out


@memoize()
def published_rates(db: Database, region: str, sel: Selection, suppress_below: int, limit: int) -> RateTable:
    """:func:`~dashboard.queries.registry.county_rates` with the area's hidden cells hidden.

    Extra column ``hidden``; ``cases`` is float (NaN where hidden); ranks are among the shown
    rates. The area's row (``area``) has ``cases`` None and no rate when it is hidden. The
    national layer (``region="china"``): each county hidden as on its plan area's map (the
    counties in no plan area by their own pattern), and no national total as soon as a
    county's count is hidden.
    """
    table = county_rates(db, region, sel, suppress_below)
    df = table.counties
    if len(df) == 0 or not sel.year_to:
        out = df.copy()
        out["hidden"] = False
        return replace(table, counties=out)
    area = dict(table.area)  # every flagged cell is hidden, zeros too: a partner may be 0
    if region == NATIONAL:
        flags, quality = national_hidden(db, sel, limit, df["area"].tolist())
        hidden = flags
        if hidden.any():
            area = _hidden_area(area)
    else:
        pattern = registry_pattern(db, region, limit)
        flags = pattern.unit_hidden(sel)
        hidden = flags[:-1]
        quality = pattern.quality_hidden(sel)
        if flags[-1]:
            area = _hidden_area(area)
    out = _hide_rows(df, hidden, quality)
    out["rank"] = out["rate"].rank(ascending=False, method="min")
    out["se"] = out["se"].mask(hidden)
    n_ranked = int(out["rate"].notna().sum())
    return replace(table, counties=out, area=area, n_ranked=n_ranked)


@memoize()
def published_rank_intervals(db: Database, region: str, sel: Selection, suppress_below: int,
                             limit: int) -> pd.DataFrame:  # fmt: skip
    """The 95% intervals of the ranks of :func:`published_rates` (1 = highest rate), among
    the shown rates only, by simulation (:func:`dashboard.epi.ranks.rank_intervals`: gamma
    draws for standardised and cumulative rates, Poisson draws for crude rates; seeded).
    Columns: area, rank, rank_lower, rank_upper (NaN when not ranked), in the order of the
    table's counties; computed apart from the rates, so the map's colours never wait for it."""
    df = published_rates(db, region, sel, suppress_below, limit).counties
    values = df["rate"].to_numpy(float)
    if sel.rate == "crude":
        r = rank_intervals(values, distribution="poisson", cases=df["cases"].to_numpy(float),
                           person_years=df["person_years"].to_numpy(float))  # fmt: skip
    else:
        r = rank_intervals(values, distribution="gamma", se=df["se"].to_numpy(float))
    return pd.DataFrame({"area": df["area"].to_numpy(), "rank": r.rank, "rank_lower": r.lower,
                         "rank_upper": r.upper})  # fmt: skip


def published_series(db: Database, region: str, area: str, sel: Selection, suppress_below: int,
                     limit: int) -> CountySeries:  # fmt: skip
    """:func:`~dashboard.queries.registry.county_series` with hidden years hidden; no trend
    when a year is hidden (it would be computed from a hidden count). In the national layer
    a county's years follow its plan area's pattern (else the national rest pattern)."""
    series = county_series(db, region, area, sel, suppress_below)
    tab = series.table
    if tab.empty:
        out = tab.copy()
        out["hidden"] = False
        return replace(series, table=out)
    if region == NATIONAL:
        places = county_patterns(db, limit).get(area, [])
    else:
        pattern = registry_pattern(db, region, limit)
        places = [(pattern, pattern.areas.index(area))] if area in pattern.areas else []
    hidden = np.array(
        [
            any(bool(pat.unit_hidden(with_period(sel, (int(y), int(y))))[pos]) for pat, pos in places)
            for y in tab["year"]
        ],
        dtype=bool,
    )
    out = _hide_rows(tab, hidden)
    if hidden.any():
        return CountySeries(out, math.nan, math.nan, math.nan, "insufficient_data", HIDDEN_REASON)
    return replace(series, table=out)


__all__ = ["HIDDEN_REASON", "published_rank_intervals", "published_rates", "published_series"]
