"""The quality report of a dry run, as the national cancer centre returns it to a registry.

MV%, DCO% and M/I by county, year and site against the plausible ranges of
:mod:`dashboard.epi.quality`; share of unknown age; year-on-year jumps of the cases;
incidence far outside the area's range; missing counties or years. Each finding is a
warning (:class:`~dashboard.ingest.importer.Problem` with severity ``warning``): shown,
and acknowledged before the load is written. Counts without population are errors, found
by the importer's checks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from dashboard.epi import quality as q
from dashboard.infra import db as schema
from dashboard.infra.db import Database
from dashboard.ingest.importer import Problem

#: A change of cases from one year to the next above this share is a jump (on ≥ 20 cases).
JUMP = 0.5
#: Crude incidence more than this factor above or below the area's median is far outside.
OUTLIER_FACTOR = 3.0
#: Warnings of one kind listed at most (the rest are counted).
MAX_PER_KIND = 20


def _totals(reg: pd.DataFrame) -> pd.DataFrame:
    """Cases, deaths, MV and DCO by area, year and site; site ``all`` summed when absent."""
    cols = ["cases", "deaths", "mv_cases", "dco_cases"]
    g = reg.groupby(["area", "year", "site"], observed=True, as_index=False)[cols].sum()
    g["area"], g["site"] = g["area"].astype(str), g["site"].astype(str)
    has_all = set(zip(g.loc[g["site"] == "all", "area"], g.loc[g["site"] == "all", "year"], strict=True))
    rest = g[g["site"] != "all"]
    summed = rest.groupby(["area", "year"], as_index=False)[cols].sum()
    summed = summed[[(a, y) not in has_all for a, y in zip(summed["area"], summed["year"], strict=True)]]
    summed["site"] = "all"
    return pd.concat([g, summed], ignore_index=True)


def _add(found: list[Problem], counts: dict[str, int], key: str, column: str, **fmt: object) -> None:
    counts[key] = counts.get(key, 0) + 1
    if counts[key] <= MAX_PER_KIND:
        found.append(Problem("registry_counts", None, column, key, fmt, "warning"))


def quality_report(db: Database, frames: dict[str, pd.DataFrame]) -> tuple[dict[str, object], list[Problem]]:
    """(the report for display and the batch record, the warnings)."""
    if "registry_counts" not in frames or frames["registry_counts"].empty:
        return {"rows": [], "note": "data.q.none"}, []
    found: list[Problem] = []
    counts: dict[str, int] = {}
    tot = _totals(frames["registry_counts"])
    qual = q.registry_quality(tot["cases"], tot["deaths"], tot["mv_cases"], tot["dco_cases"])
    tot = pd.concat(
        [tot.reset_index(drop=True), qual[["mv_pct", "dco_pct", "mi_ratio", "flag_codes"]]], axis=1
    )
    every = tot[tot["site"] == "all"]
    limits = {"mv_low": q.MV_PCT_MIN, "mv_high": q.MV_PCT_MAX, "dco_high": q.DCO_PCT_MAX,
              "mi_low": q.MI_MIN, "mi_high": q.MI_MAX}  # fmt: skip
    measure = {"mv_low": ("mv_pct", "mv_cases"), "mv_high": ("mv_pct", "mv_cases"),
               "dco_high": ("dco_pct", "dco_cases"), "mi_low": ("mi_ratio", "deaths"),
               "mi_high": ("mi_ratio", "deaths")}  # fmt: skip
    for r in every.itertuples():
        for flag in filter(None, str(r.flag_codes).split(";")):
            if flag in limits:
                col, column = measure[flag]
                _add(found, counts, f"data.q.{flag}", column, area=r.area, year=int(r.year), site=r.site,
                     value=float(getattr(r, col)), limit=limits[flag])  # fmt: skip
    # year-on-year jumps: against the year before, in the file or published
    areas, years = sorted(set(every["area"])), sorted({int(y) for y in every["year"]})
    rc = schema.registry_counts
    before = db.read(select(rc.c.area, rc.c.year, func.sum(rc.c.cases).label("cases"))
                     .where(rc.c.area.in_(areas), rc.c.year.in_([y - 1 for y in years]), rc.c.site == "all")
                     .group_by(rc.c.area, rc.c.year))  # fmt: skip  # summed over sex and age
    cases = {
        (a, int(y)): float(c) for a, y, c in zip(before["area"], before["year"], before["cases"], strict=True)
    }
    cases |= {
        (a, int(y)): float(c) for a, y, c in zip(every["area"], every["year"], every["cases"], strict=True)
    }
    for a, y, c in zip(every["area"], every["year"], every["cases"], strict=True):
        prev = cases.get((a, int(y) - 1))
        if prev is not None and max(prev, c) >= 20 and abs(c - prev) > JUMP * max(prev, 1):
            _add(found, counts, "data.q.jump", "cases", area=a, year=int(y), value=int(c), before=int(prev))
    # incidence far outside the area's range (crude, all sites, both sexes)
    pop = frames.get("population")
    pc = schema.population
    db_pop = db.read(
        select(pc.c.area, pc.c.year, pc.c.person_years).where(pc.c.area.in_(areas), pc.c.year.in_(years))
    )
    py = db_pop.groupby(["area", "year"])["person_years"].sum().to_dict()
    if pop is not None:
        fp = pop.groupby(["area", "year"], observed=True)["person_years"].sum()
        py |= {(str(a), int(y)): float(v) for (a, y), v in fp.items()}
    inc = [(a, int(y), c / py[(a, int(y))] * 1e5) for a, y, c in zip(every["area"], every["year"], every["cases"], strict=True)
           if py.get((a, int(y)), 0) > 0]  # fmt: skip
    for year in years:
        rates = [r for a, y, r in inc if y == year]
        if len(rates) < 3:
            continue
        med = float(np.median(rates))
        for a, y, r in inc:
            if y == year and med > 0 and (r > OUTLIER_FACTOR * med or r < med / OUTLIER_FACTOR):
                _add(found, counts, "data.q.outlier", "cases", area=a, year=y, value=r, median=med)
    # missing counties and years
    _missing(db, every, found, counts)
    for key, n in counts.items():
        if n > MAX_PER_KIND:
            last = max(i for i, p in enumerate(found) if p.key == key)
            found[last] = found[last]._replace(more=n - MAX_PER_KIND)
    rows = [
        {"area": r.area, "year": int(r.year), "site": r.site, "cases": int(r.cases),
         "mv_pct": None if np.isnan(r.mv_pct) else round(float(r.mv_pct), 1),
         "dco_pct": None if np.isnan(r.dco_pct) else round(float(r.dco_pct), 1),
         "mi_ratio": None if np.isnan(r.mi_ratio) else round(float(r.mi_ratio), 2), "flags": r.flag_codes}
        for r in tot.sort_values(["area", "year", "site"]).head(500).itertuples()
    ]  # fmt: skip
    report = {"rows": rows, "unknown_age_pct": 0.0,
              "ranges": {"mv_min": q.MV_PCT_MIN, "mv_max": q.MV_PCT_MAX, "dco_max": q.DCO_PCT_MAX,
                         "mi_min": q.MI_MIN, "mi_max": q.MI_MAX},
              "warnings": dict(counts)}  # fmt: skip
    return report, found


def _missing(db: Database, every: pd.DataFrame, found: list[Problem], counts: dict[str, int]) -> None:
    """Counties of a plan area without rows in a year the file covers for most of them; years
    missing between a county's first and last (file and published)."""
    from dashboard.queries.areas import county_codes

    plans = db.read("SELECT DISTINCT area FROM plans")
    in_file = set(every["area"])
    for area in plans["area"]:
        members = set(db.read(county_codes(area))["adcode"])
        here = in_file & members
        if not here or len(here) * 2 < len(members):
            continue
        for year in sorted(
            {int(y) for a, y in zip(every["area"], every["year"], strict=True) if a in members}
        ):
            have = {a for a, y in zip(every["area"], every["year"], strict=True) if int(y) == year}
            gone = sorted(members - have)
            if gone:
                _add(found, counts, "data.q.missing_counties", "area", area=area, year=year, n=len(gone),
                     codes=", ".join(gone[:10]) + (" …" if len(gone) > 10 else ""))  # fmt: skip
    rc = schema.registry_counts
    published = db.read(select(rc.c.area, rc.c.year).where(rc.c.area.in_(sorted(in_file))).distinct())
    years: dict[str, set[int]] = {}
    for a, y in zip(published["area"], published["year"], strict=True):
        years.setdefault(a, set()).add(int(y))
    for a, y in zip(every["area"], every["year"], strict=True):
        years.setdefault(a, set()).add(int(y))
    for a in sorted(in_file):
        ys = years.get(a, set())
        gaps = sorted(set(range(min(ys), max(ys) + 1)) - ys) if ys else []
        if gaps:
            _add(found, counts, "data.q.missing_years", "year", area=a, years=", ".join(map(str, gaps)))
