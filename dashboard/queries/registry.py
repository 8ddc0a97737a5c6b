"""Registry and population loaders, and county rates for a map selection.

A *selection* is what the map page shows: measure (incidence or mortality), cancer site,
sex (``T`` both, ``M``, ``F``), rate (crude, ASR China 2000, ASR Segi world, cumulative
0-74) and a single year or a pooled period (cases and person-years summed over the years,
as national cancer atlases pool small areas).

Loaders (SQL with bound parameters, ``@memoize()``-d):

- :func:`registry_years` — years with registry counts in a region;
- :func:`registry_long` — the long table (area, year, sex, site, age_group, cases, deaths,
  mv_cases, dco_cases, person_years) for a region or one county;
- :func:`site_cube` / :func:`population_cube` — every count of one site (and every
  person-year) of a region's counties as arrays, loaded once into the app cache; any
  year, period, sex, measure or rate is then summed from memory
  (:func:`selection_cells`), so a new selection costs no database round trip;
- :func:`county_rates` — one row per county with the chosen rate, its 95% interval,
  suppression, rank and registry-quality flags, plus the area's own rate;
- :func:`county_series` — one county's rates by year for a selection, with its trend
  (annual percent change).

``region`` is a plan area's adcode (from the plan files) or ``"china"`` (every county in
the database). Statistics come from :mod:`dashboard.epi`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, and_, case, cast, select

from dashboard.catalogue.sites import SITE_BY_KEY, sites_for_sex
from dashboard.epi import AGE_WIDTHS, annual_percent_change, rates_by_group, registry_quality
from dashboard.epi.standards import age_group_slice
from dashboard.infra import db as t
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database
from dashboard.queries.areas import counties, county_codes

MEASURES: tuple[str, ...] = ("incidence", "mortality")
SEXES: tuple[str, ...] = ("T", "M", "F")
#: Rate keys: crude, direct ASR (China 2000 census; Segi world), cumulative rate 0-74 (%).
RATES: tuple[str, ...] = ("crude", "asr_china", "asr_world", "cum_0_74")
#: Pooled periods offered besides single years (number of latest years).
POOLED_SPANS: tuple[int, ...] = (3, 5)

_CUM_SLICE = age_group_slice(0, 74)
#: Weights that turn a direct standardised rate into the cumulative rate 0-74: the widths
#: of the age groups 0..74 (epi-methods.md: cumulative rate = Σ rate_i × width_i). With
#: these weights the ASR per 100,000 times Σwidth (75) / 10^5 × 100 is the cumulative rate
#: in %, and its gamma interval scales the same way.
CUM_WEIGHTS = np.where(np.arange(19) < _CUM_SLICE.stop, np.nan_to_num(AGE_WIDTHS), 0.0)
CUM_SCALE = float(CUM_WEIGHTS.sum()) / 1e5 * 100.0
_STANDARD = {"crude": "china2000", "asr_china": "china2000", "asr_world": "segi",
             "cum_0_74": CUM_WEIGHTS}  # fmt: skip
#: Decimals shown (and classified) for each rate.
DECIMALS = {"crude": 1, "asr_china": 1, "asr_world": 1, "cum_0_74": 2}

REASON_NO_DATA = "no_data"
N_AGE = 19


# ---------------------------------------------------------------------------------------
# Selection


@dataclass(frozen=True)
class Selection:
    """What the map shows. ``year_from == year_to`` for a single year."""

    measure: str = "incidence"
    site: str = "all"
    sex: str = "T"
    rate: str = "asr_china"
    year_from: int = 0
    year_to: int = 0

    @property
    def period(self) -> str:
        """The URL value of the period: ``"2022"`` or ``"2021-2025"``."""
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}-{self.year_to}"

    @property
    def sexes(self) -> tuple[str, ...]:
        return ("M", "F") if self.sex == "T" else (self.sex,)

    @property
    def count_col(self) -> str:
        return "deaths" if self.measure == "mortality" else "cases"

    def params(self) -> dict[str, str]:
        """URL query parameters (without area and classification)."""
        return {"measure": self.measure, "site": self.site, "sex": self.sex, "rate": self.rate,
                "year": self.period}  # fmt: skip


def parse_period(value: object, years: list[int]) -> tuple[int, int] | None:
    """``"2022"`` or ``"2021-2025"`` within the available ``years``, else None."""
    text = str(value or "").strip()
    if not text or not years:
        return None
    parts = text.split("-")
    try:
        if len(parts) == 1:
            a = b = int(parts[0])
        elif len(parts) == 2:
            a, b = int(parts[0]), int(parts[1])
        else:
            return None
    except ValueError:
        return None
    if a > b or a < min(years) or b > max(years):
        return None
    return a, b


def period_values(years: list[int]) -> list[str]:
    """Periods offered: each single year (latest first), then pooled latest 3 and 5 years."""
    if not years:
        return []
    ys = sorted(years)
    out = [str(y) for y in reversed(ys)]
    for span in POOLED_SPANS:
        if len(ys) >= span:
            out.append(f"{ys[-1] - span + 1}-{ys[-1]}")
    return out


def normalise_selection(params: dict[str, Any], years: list[int]) -> Selection:
    """A valid selection from URL parameters (unknown or missing values get defaults).

    A site that does not apply to the sex (e.g. cervix for males) falls back to all sites.
    """
    measure = params.get("measure") if params.get("measure") in MEASURES else "incidence"
    sex = params.get("sex") if params.get("sex") in SEXES else "T"
    rate = params.get("rate") if params.get("rate") in RATES else "asr_china"
    allowed = {s.site for s in sites_for_sex(str(sex))}
    site = params.get("site") if params.get("site") in allowed else "all"
    latest = max(years) if years else 0
    period = parse_period(params.get("year"), years) or (latest, latest)
    return Selection(str(measure), str(site), str(sex), str(rate), period[0], period[1])


# ---------------------------------------------------------------------------------------
# Loaders


def _county_codes(region: str) -> Any:
    return county_codes(region)


@dataclass(frozen=True)
class CountCube:
    """Registry counts of one site for every county of a region, as arrays.

    ``counts[m, y, s, c, a]``: measure ``m`` (0 cases, 1 deaths, 2 mv_cases, 3 dco_cases),
    year ``years[y]``, sex ``s`` (0 M, 1 F), county ``areas[c]``, age group ``a`` (0..18).
    ``present[y, s, c]``: the registry has rows for that county, year and sex.
    """

    areas: tuple[str, ...]
    years: tuple[int, ...]
    counts: np.ndarray
    present: np.ndarray


@dataclass(frozen=True)
class PopulationCube:
    """Person-years ``person_years[y, s, c, a]`` of every county of a region."""

    areas: tuple[str, ...]
    years: tuple[int, ...]
    person_years: np.ndarray


def _cell_key(tab: Any) -> Any:
    """One integer per (year, sex, area, age_group) cell, computed by the database.

    Fetching one integer instead of four key columns makes loading a cube about four
    times faster (far fewer Python objects per row).
    """
    sex_f = case((tab.c.sex == "F", 1), else_=0)
    # BIGINT: the key reaches ~8e10, past a 32-bit integer on PostgreSQL (SQLite's are 64-bit)
    year = cast(tab.c.year, BigInteger)
    return ((year * 2 + sex_f) * 1_000_000 + cast(tab.c.area, BigInteger)) * N_AGE + tab.c.age_group


def _fetch(db: Database, stmt: Any) -> np.ndarray:
    """Rows of a SELECT of integers/floats as one 2-D array (raw DB-API rows: fast)."""
    with db.engine.connect() as conn:
        rows = conn.execute(stmt).cursor.fetchall()
    return np.array(rows, dtype=float) if rows else np.zeros((0, 0))


def _decode(keys: np.ndarray, areas: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """(year, sex index, county index or -1, age group) of each cell key."""
    k = keys.astype(np.int64)
    age = k % N_AGE
    rest = k // N_AGE
    code = rest % 1_000_000
    ys = rest // 1_000_000
    sex = ys % 2
    year = ys // 2
    codes = np.array([int(a) for a in areas], dtype=np.int64)
    if codes.size == 0:
        return year, sex, np.full(k.shape, -1), age
    order = np.argsort(codes)
    pos = order[np.clip(np.searchsorted(codes[order], code), 0, codes.size - 1)]
    ci = np.where(codes[pos] == code, pos, -1)
    return year, sex, ci, age


@memoize()
def site_cube(db: Database, region: str, site: str) -> CountCube:
    """All registry counts of ``site`` for the counties of ``region`` (every year and sex)."""
    areas = tuple(counties(db, region)["adcode"])
    r = t.registry_counts
    stmt = select(_cell_key(r), r.c.cases, r.c.deaths, r.c.mv_cases, r.c.dco_cases).where(r.c.site == site)
    if region != "china":
        stmt = stmt.where(r.c.area.in_(_county_codes(region)))
    rows = _fetch(db, stmt)
    if rows.size == 0:
        return CountCube(areas, (), np.zeros((4, 0, 2, len(areas), N_AGE), np.int32),
                         np.zeros((0, 2, len(areas)), bool))  # fmt: skip
    year, sex, ci, age = _decode(rows[:, 0], areas)
    keep = ci >= 0
    years = tuple(int(y) for y in np.unique(year[keep]))
    yi = np.searchsorted(np.array(years), year[keep])
    counts = np.zeros((4, len(years), 2, len(areas), N_AGE), np.int32)
    for m in range(4):
        counts[m, yi, sex[keep], ci[keep], age[keep]] = rows[keep, m + 1]
    present = np.zeros((len(years), 2, len(areas)), bool)
    present[yi, sex[keep], ci[keep]] = True
    return CountCube(areas, years, counts, present)


@memoize()
def population_cube(db: Database, region: str) -> PopulationCube:
    """Person-years of the counties of ``region`` for every year, sex and age group."""
    areas = tuple(counties(db, region)["adcode"])
    p = t.population
    stmt = select(_cell_key(p), p.c.person_years)
    if region != "china":
        stmt = stmt.where(p.c.area.in_(_county_codes(region)))
    rows = _fetch(db, stmt)
    if rows.size == 0:
        return PopulationCube(areas, (), np.zeros((0, 2, len(areas), N_AGE)))
    year, sex, ci, age = _decode(rows[:, 0], areas)
    keep = ci >= 0
    years = tuple(int(y) for y in np.unique(year[keep]))
    yi = np.searchsorted(np.array(years), year[keep])
    py = np.zeros((len(years), 2, len(areas), N_AGE))
    py[yi, sex[keep], ci[keep], age[keep]] = rows[keep, 1]
    return PopulationCube(areas, years, py)


def registry_years(db: Database, region: str) -> list[int]:
    """Years that have registry counts (all sites) for counties of ``region``, ascending."""
    cube = site_cube(db, region, "all")
    return [y for y, has in zip(cube.years, cube.present.any(axis=(1, 2)), strict=True) if has]


def selection_cells(db: Database, region: str, sel: Selection, site: str | None = None) -> pd.DataFrame:
    """Counts and person-years of ``sel`` summed over its years and sexes.

    One row per (county, age group) of every county of the region, in adcode order.
    Columns: area, age_group, cases, deaths, mv_cases, dco_cases (int64), person_years,
    present (the registry has rows for the county in the selection).
    """
    cube = site_cube(db, region, site or sel.site)
    pop = population_cube(db, region)
    n_c = len(cube.areas)
    sx = [0, 1] if sel.sex == "T" else [0 if sel.sex == "M" else 1]
    cy = [i for i, y in enumerate(cube.years) if sel.year_from <= y <= sel.year_to]
    py_ = [i for i, y in enumerate(pop.years) if sel.year_from <= y <= sel.year_to]
    counts = cube.counts[:, cy][:, :, sx].sum(axis=(1, 2), dtype=np.int64)  # (4, C, A)
    present = cube.present[cy][:, sx].any(axis=(0, 1)) if cy else np.zeros(n_c, bool)
    person_years = pop.person_years[py_][:, sx].sum(axis=(0, 1)) if py_ else np.zeros((n_c, N_AGE))
    areas = np.array(cube.areas, dtype=object)
    return pd.DataFrame({
        "area": np.repeat(areas, N_AGE),
        "ci": np.repeat(np.arange(n_c), N_AGE),
        "age_group": np.tile(np.arange(N_AGE), n_c),
        "cases": counts[0].ravel(), "deaths": counts[1].ravel(),
        "mv_cases": counts[2].ravel(), "dco_cases": counts[3].ravel(),
        "person_years": person_years.ravel(),
        "present": np.repeat(present, N_AGE),
    })  # fmt: skip


@memoize()
def registry_long(db: Database, region: str, *, site: str | None = None,
                  area: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The long table of a region (or of one county ``area`` in it), optionally one site.

    Columns: area, year, sex, site, age_group, cases, deaths, mv_cases, dco_cases,
    person_years; one row per registry cell, joined to its population cell.
    """
    r, p = t.registry_counts, t.population
    cond = [r.c.area.in_(_county_codes(region))]
    if site is not None:
        cond.append(r.c.site == site)
    if area is not None:
        cond.append(r.c.area == area)
    stmt = (
        select(
            r.c.area,
            r.c.year,
            r.c.sex,
            r.c.site,
            r.c.age_group,
            r.c.cases,
            r.c.deaths,
            r.c.mv_cases,
            r.c.dco_cases,
            p.c.person_years,
        )  # fmt: skip
        .join(
            p,
            and_(
                p.c.area == r.c.area, p.c.year == r.c.year, p.c.sex == r.c.sex, p.c.age_group == r.c.age_group
            ),  # fmt: skip
        )
        .where(*cond)
        .order_by(r.c.area, r.c.year, r.c.sex, r.c.site, r.c.age_group)
    )
    df = db.read(stmt)
    for c in ("year", "age_group", "cases", "deaths", "mv_cases", "dco_cases"):
        df[c] = df[c].astype("int64")
    df["person_years"] = df["person_years"].astype(float)
    return df


# ---------------------------------------------------------------------------------------
# Rates for a selection


@dataclass(frozen=True)
class RateTable:
    """County rates for one selection.

    ``counties``: one row per county of the region (adcode order) with columns
    area, name_zh, name_en, cases, person_years, rate, lower, upper (rates rounded to
    ``decimals``), suppressed (bool), reason ("" shown; "fewer_than_16_cases",
    "no_population", "no_data"), rank (1 = highest; NaN when suppressed), se (the rate's
    standard error, NaN when suppressed), mv_pct, dco_pct, mi_ratio, quality_flags ("" or
    e.g. "mv_low;dco_high"). The ranks' 95% intervals: :func:`dashboard.publish.rates.published_rank_intervals`.
    ``area``: the area's own rate (all its counties pooled): cases, person_years, rate,
    lower, upper, suppressed, reason.
    """

    selection: Selection
    counties: pd.DataFrame
    area: dict[str, Any] = field(default_factory=dict)
    decimals: int = 1
    n_ranked: int = 0


def _rate_columns(out: pd.DataFrame, rate: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if rate == "crude":
        return (out["crude"].to_numpy(float), out["crude_lower"].to_numpy(float),
                out["crude_upper"].to_numpy(float))  # fmt: skip
    scale = CUM_SCALE if rate == "cum_0_74" else 1.0
    return (out["asr"].to_numpy(float) * scale, out["asr_lower"].to_numpy(float) * scale,
            out["asr_upper"].to_numpy(float) * scale)  # fmt: skip


def _rates(cells: pd.DataFrame, by: list[str], sel: Selection, suppress_below: int) -> pd.DataFrame:
    """rates_by_group on summed cells, with the selected rate as rate/lower/upper/se."""
    out = rates_by_group(
        cells, by, standard=_STANDARD[sel.rate], suppress_below=suppress_below,
        measure_col=sel.count_col, include_cumulative=False, include_truncated=False,
    )  # fmt: skip
    rate, lo, hi = _rate_columns(out, sel.rate)
    if sel.rate == "cum_0_74" and len(out):
        # as rates_by_group does for its own cumulative rate: suppressed when the cases
        # aged 0-74 are fewer than the threshold
        young = cells[cells["age_group"] < _CUM_SLICE.stop]
        if by:
            d = young.groupby(by, as_index=False)[sel.count_col].sum()
            d074 = out[by].merge(d, on=by, how="left")[sel.count_col].fillna(0).to_numpy()
        else:
            d074 = np.full(len(out), float(young[sel.count_col].sum()))
        few = (d074 < (suppress_below or 0)) & ~out["suppressed"].to_numpy(bool)
        rate, lo, hi = (np.where(few, np.nan, x) for x in (rate, lo, hi))
        reason = np.array(out["suppressed_reason"].astype(object).to_numpy(), dtype=object)
        reason[few] = f"fewer_than_{int(suppress_below)}_cases_0_74"
        out["suppressed_reason"] = reason.astype(str)
        out["suppressed"] = out["suppressed"].to_numpy(bool) | few
    se = out["asr_se"].to_numpy(float) * (CUM_SCALE if sel.rate == "cum_0_74" else 1.0)
    out["rate"], out["lower"], out["upper"], out["se"] = rate, lo, hi, se
    return out


@memoize()
def county_rates(db: Database, region: str, sel: Selection, suppress_below: int = 16) -> RateTable:
    """Rates of every county of ``region`` for ``sel``, the area's own rate, ranks, quality.

    Rates on fewer than ``suppress_below`` cases (deaths for mortality) are suppressed
    (NaN, reason kept); counties with no registry rows for the selection get reason
    ``"no_data"``. Counts are returned as they are: pages take them through
    :func:`dashboard.publish.rates.published_rates`, which hides what must be hidden. Quality indicators (MV%, DCO%, M/I) are
    those of the county's registry for all sites, the same sexes and years.
    """
    names = counties(db, region)[["adcode", "name_zh", "name_en"]].rename(columns={"adcode": "area"})
    cells = selection_cells(db, region, sel)
    # a cell with cases but no person-years cannot give a rate: mark its county
    bad_cell = (cells["person_years"].to_numpy() <= 0) & (cells[sel.count_col].to_numpy() > 0)
    broken = np.zeros(len(names), bool)
    broken[cells["ci"].to_numpy()[bad_cell]] = True
    present = cells["present"].to_numpy()[::N_AGE] if len(cells) else np.zeros(0, bool)
    good = cells[~broken[cells["ci"].to_numpy()]] if len(cells) else cells
    dec = DECIMALS[sel.rate]
    n = len(names)
    rate = np.full(n, np.nan)
    lower = np.full(n, np.nan)
    upper = np.full(n, np.nan)
    se = np.full(n, np.nan)
    supp = np.ones(n, bool)
    reason = np.full(n, REASON_NO_DATA, dtype=object)
    cases = np.zeros(n, np.int64)
    pyears = np.zeros(n)
    if len(good):
        out = _rates(good, ["ci"], sel, suppress_below)
        ci = out["ci"].to_numpy()
        rate[ci], lower[ci], upper[ci], se[ci] = out["rate"], out["lower"], out["upper"], out["se"]
        supp[ci] = out["suppressed"].to_numpy(bool)
        reason[ci] = out["suppressed_reason"].astype(object).to_numpy()
        cases[ci] = out["cases"].to_numpy().astype(np.int64)
        pyears[ci] = out["person_years"].to_numpy(float)
    reason[broken] = "no_population"
    reason[~present & ~broken] = REASON_NO_DATA
    supp |= broken | ~present | ~np.isfinite(rate)
    rate[supp] = lower[supp] = upper[supp] = np.nan
    df = names.reset_index(drop=True)
    df["cases"] = cases
    df["person_years"] = pyears
    df["rate"], df["lower"], df["upper"] = rate.round(dec), lower.round(dec), upper.round(dec)
    df["suppressed"] = supp
    df["reason"] = pd.array(np.where(supp, reason, "").astype(str), dtype="str")
    df["rank"] = df["rate"].rank(ascending=False, method="min")
    df["se"] = np.where(supp, np.nan, se)  # of the unrounded rate: the rank intervals' draws

    # registry quality: all sites, same sexes and years
    qcells = cells if sel.site == "all" else selection_cells(db, region, sel, site="all")
    qsum = {c: np.bincount(qcells["ci"], weights=qcells[c], minlength=n) for c in
            ("cases", "deaths", "mv_cases", "dco_cases")}  # fmt: skip
    q = registry_quality(qsum["cases"], qsum["deaths"], qsum["mv_cases"], qsum["dco_cases"])
    df["mv_pct"] = q["mv_pct"].to_numpy()
    df["dco_pct"] = q["dco_pct"].to_numpy()
    df["mi_ratio"] = q["mi_ratio"].to_numpy()
    df["quality_flags"] = pd.array(q["flag_codes"].to_numpy(dtype=object).astype(str), dtype="str")

    # the area's own rate: every county pooled
    area: dict[str, Any] = {"cases": int(good[sel.count_col].sum()) if len(good) else 0,
                            "person_years": float(good["person_years"].sum()) if len(good) else 0.0,
                            "rate": math.nan, "lower": math.nan, "upper": math.nan,
                            "suppressed": True, "reason": REASON_NO_DATA}  # fmt: skip
    if len(good) and present.any():
        tot = good.groupby("age_group", as_index=False)[[sel.count_col, "person_years"]].sum()
        ar = _rates(tot, [], sel, suppress_below).iloc[0]
        area.update(rate=round(float(ar["rate"]), dec), lower=round(float(ar["lower"]), dec),
                    upper=round(float(ar["upper"]), dec), suppressed=bool(ar["suppressed"]),
                    reason=str(ar["suppressed_reason"]))  # fmt: skip
    return RateTable(selection=sel, counties=df, area=area, decimals=dec,
                     n_ranked=int((~supp).sum()))  # fmt: skip


@dataclass(frozen=True)
class CountySeries:
    """One county's rates by year for a selection (its period ignored) and its trend."""

    table: pd.DataFrame  # year, cases, person_years, rate, lower, upper, suppressed, reason
    apc: float
    apc_lower: float
    apc_upper: float
    trend: str  # rising | stable | falling | insufficient_data
    trend_reason: str = ""


def _county_cells(db: Database, region: str, area: str, sel: Selection) -> pd.DataFrame:
    """Counts and person-years of one county by year and age group (sexes of ``sel`` summed).

    Person-years come from the population table for EVERY age group of a year in which the
    registry has rows for the county, so a registry file that leaves out its zero rows gives
    the same rates as one that stores them (as :func:`county_rates` does). Columns: year,
    age_group, cases, deaths, person_years.
    """
    cube = site_cube(db, region, sel.site)
    pop = population_cube(db, region)
    if area not in cube.areas or not cube.years:
        return pd.DataFrame(columns=["year", "age_group", "cases", "deaths", "person_years"])
    c = cube.areas.index(area)
    sx = [0 if s == "M" else 1 for s in sel.sexes]
    pop_year = {y: i for i, y in enumerate(pop.years)}
    frames = []
    for yi, year in enumerate(cube.years):
        if not cube.present[yi, sx, c].any():
            continue
        counts = cube.counts[:2, yi][:, sx, c].sum(axis=1, dtype=np.int64)  # (2, A)
        py = pop.person_years[pop_year[year]][sx, c].sum(axis=0) if year in pop_year else np.zeros(N_AGE)
        frames.append(pd.DataFrame({"year": year, "age_group": np.arange(N_AGE), "cases": counts[0],
                                    "deaths": counts[1], "person_years": py}))  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=["year", "age_group", "cases", "deaths", "person_years"])
    return pd.concat(frames, ignore_index=True)


@memoize()
def county_series(db: Database, region: str, area: str, sel: Selection,
                  suppress_below: int = 16) -> CountySeries:  # fmt: skip
    """Rates of county ``area`` for each year (measure, site, sex and rate of ``sel``).

    The trend is the annual percent change over all shown years
    (:func:`dashboard.epi.annual_percent_change`, weighted by the rates' standard errors
    for age-standardised and cumulative rates, ordinary least squares for crude rates);
    "insufficient_data" when a year is suppressed or fewer than 3 years exist.
    """
    empty = pd.DataFrame(columns=["year", "cases", "person_years", "rate", "lower", "upper",
                                  "suppressed", "reason"])  # fmt: skip
    cells = _county_cells(db, region, area, sel)
    if cells.empty:
        return CountySeries(empty, math.nan, math.nan, math.nan, "insufficient_data", "no data")
    out = _rates(cells, ["year"], sel, suppress_below)
    dec = DECIMALS[sel.rate]
    tab = pd.DataFrame({
        "year": out["year"].astype(int),
        "cases": out["cases"].astype("int64"),
        "person_years": out["person_years"].astype(float),
        "rate": out["rate"].round(dec), "lower": out["lower"].round(dec),
        "upper": out["upper"].round(dec),
        "suppressed": out["suppressed"].astype(bool),
        "reason": out["suppressed_reason"].astype(str),
    })  # fmt: skip
    se = None if sel.rate == "crude" else out["se"].to_numpy(float)
    ok = np.isfinite(out["rate"].to_numpy(float))
    if se is not None and not (np.all(np.isfinite(se[ok])) and np.all(se[ok] > 0)):
        se = None
    if ok.all():
        res = annual_percent_change(out["year"].to_numpy(float), out["rate"].to_numpy(float), se=se)
    else:
        res = annual_percent_change(out["year"].to_numpy(float), out["rate"].to_numpy(float))
    return CountySeries(tab, res.apc, res.lower, res.upper, res.label, res.reason)


def site_applies(site: str, sex: str) -> bool:
    """Whether ``site`` is offered for ``sex`` (see :func:`dashboard.catalogue.sites.sites_for_sex`)."""
    return site in SITE_BY_KEY and any(s.site == site for s in sites_for_sex(sex))


def with_period(sel: Selection, period: tuple[int, int]) -> Selection:
    """The same selection for another period."""
    return replace(sel, year_from=period[0], year_to=period[1])


__all__ = [
    "MEASURES", "RATES", "SEXES", "CountySeries", "RateTable", "Selection", "county_rates", "county_series", "normalise_selection", "parse_period",
    "period_values", "population_cube", "registry_long", "registry_years", "selection_cells", "site_cube",
    "site_applies", "with_period",
]  # fmt: skip
