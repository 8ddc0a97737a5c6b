"""Registry counts as published: the linked cells of an area, which of them are hidden.

The universe of published registry counts of a plan area (every cell a page, a download,
an export or the API can show):

- measure: cases and deaths (and, for all sites only, morphologically verified and
  death-certificate-only cases, which the quality ratios MV% and DCO% reveal);
- site: every site of :data:`dashboard.catalogue.sites.SITES` ("all" is the sum of the
  others, the data model says so), each for the sexes it applies to;
- period: each registry year and the pooled periods the map offers
  (:func:`dashboard.queries.registry.period_values`: the latest 3 and 5 years);
- sex: male, female and both (both = male + female);
- unit: each county and the area (the area = the sum of its counties).

:func:`registry_pattern` builds these cells and their sums (both sexes, all sites, pooled
periods, area totals, MV and DCO cases at most all cases), and lets the hypercube engine
(:mod:`dashboard.publish.hypercube`) decide which to hide, once per area and data version
(stored with the data: :mod:`dashboard.publish.store`). Everything else a page shows
is derived from these cells: a rate, its interval and rank are shown only where its count
is; a period a URL asks for that the menu does not offer is the sum of its single years,
shown only where every one of them is (so it adds nothing to what is already published);
quality ratios only where their four counts are shown.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dashboard.catalogue.sites import SITES, sites_for_sex
from dashboard.infra.cache import data_version, memoize
from dashboard.infra.db import Database
from dashboard.publish.audit import LinkedCells, settle
from dashboard.publish.hypercube import Dimension, suppress
from dashboard.publish.store import pattern_reader
from dashboard.queries.areas import NATIONAL, counties, plan_area_codes
from dashboard.queries.registry import Selection, parse_period, period_values, registry_years, site_cube

#: Measures of the universe: the count columns of the registry table.
MEASURE_KEYS: tuple[str, ...] = ("cases", "deaths", "mv_cases", "dco_cases")
SEX_KEYS: tuple[str, ...] = ("M", "F", "T")
SITE_KEYS: tuple[str, ...] = tuple(s.site for s in SITES)
#: What hiding a cell costs, per dimension (the heuristic hides cheap cells first).
COST_AREA, COST_ALL_SITES, COST_BOTH_SEXES, COST_POOLED = 50.0, 8.0, 3.0, 3.0
#: "Other sites" is the cheapest partner: hiding it costs readers least (major sites stay shown).
COST_OTHER_SITES = 0.3
#: Whole values every hidden cell keeps (the rule of the publication layer).
SMALL_VALUES = 5


@dataclass(frozen=True)
class RegistryPattern:
    """Which registry cells of an area are hidden (no counts in here, only flags).

    ``hidden[m, s, p, x, u]``: measure :data:`MEASURE_KEYS`, site :data:`SITE_KEYS`,
    period ``periods``, sex :data:`SEX_KEYS`, unit ``areas`` (counties) then the area
    itself (last). ``figures``: hidden cells, primary, secondary, cells, narrowest range
    (whole values), linear programs solved.
    """

    areas: tuple[str, ...]
    years: tuple[int, ...]
    periods: tuple[str, ...]
    hidden: np.ndarray
    figures: dict[str, Any]

    def unit_hidden(self, sel: Selection, measure: str | None = None, site: str | None = None) -> np.ndarray:
        """Hidden flags of every county (and the area, last) for a selection's count.

        A period that is not one of :attr:`periods` is hidden wherever any of its single
        years is (it is then no more than the sum of published cells).
        """
        m = MEASURE_KEYS.index(measure or sel.count_col)
        s = SITE_KEYS.index(site or sel.site)
        x = SEX_KEYS.index(sel.sex)
        n = len(self.areas) + 1
        if sel.period in self.periods:
            return self.hidden[m, s, self.periods.index(sel.period), x].copy()
        out = np.zeros(n, bool)
        for y in range(sel.year_from, sel.year_to + 1):
            if str(y) in self.periods:
                out |= self.hidden[m, s, self.periods.index(str(y)), x]
        return out

    def quality_hidden(self, sel: Selection) -> np.ndarray:
        """Per county: True where MV%, DCO% or M/I (all sites) would reveal a hidden count."""
        out = np.zeros(len(self.areas), bool)
        for measure in MEASURE_KEYS:
            out |= self.unit_hidden(sel, measure, "all")[:-1]
        return out


def _applies(site: str, sex: str) -> bool:
    return any(s.site == site for s in sites_for_sex(sex))


def _own_sex(site: str) -> str:
    return str(next(s.sex_specific for s in SITES if s.site == site))


@functools.lru_cache(maxsize=4)
def site_sex_dimension() -> tuple[Dimension, tuple[tuple[int, int], ...]]:
    """The site × sex axis: its members ``(site index, sex index)`` and its sums (both sexes
    = male + female for each site of both sexes; all sites = the sum of the sites for each
    sex, a sex-specific site entering both sexes' sum with its own sex's cell)."""
    members = tuple(
        (si, xi)
        for si, site in enumerate(SITE_KEYS)
        for xi, sex in enumerate(SEX_KEYS)
        if _applies(site, sex)
    )
    pos = {m: i for i, m in enumerate(members)}
    t_i, m_i, f_i = (SEX_KEYS.index(x) for x in ("T", "M", "F"))
    all_i = SITE_KEYS.index("all")
    rels: list[tuple[int, tuple[int, ...]]] = []
    for si, site in enumerate(SITE_KEYS):
        if _applies(site, "T"):
            rels.append((pos[(si, t_i)], (pos[(si, m_i)], pos[(si, f_i)])))
    for xi, sex in enumerate(SEX_KEYS):
        parts = []
        for si, site in enumerate(SITE_KEYS):
            if site == "all":
                continue
            if _applies(site, sex):
                parts.append(pos[(si, xi)])
            elif sex == "T":
                parts.append(pos[(si, SEX_KEYS.index(_own_sex(site)))])
        rels.append((pos[(all_i, xi)], tuple(parts)))
    return Dimension(len(members), tuple(rels), max_support=4), members


def period_dimension(periods: Sequence[tuple[int, int]]) -> Dimension:
    """Years and pooled periods: a pooled period = the sum of its years."""
    single = {a: i for i, (a, b) in enumerate(periods) if a == b}
    rels = tuple(
        (i, tuple(single[y] for y in range(a, b + 1) if y in single))
        for i, (a, b) in enumerate(periods)
        if a != b
    )
    return Dimension(len(periods), rels, max_support=3)


def unit_dimension(n_counties: int, with_area: bool = True) -> Dimension:
    """Counties (and the area, last: the sum of its counties)."""
    if not with_area:
        return Dimension(n_counties, (), max_support=1)
    return Dimension(n_counties + 1, ((n_counties, tuple(range(n_counties))),), max_support=2)


def protect_universe(
    values: np.ndarray, periods: Sequence[tuple[int, int]], limit: int, with_area: bool = True
) -> tuple[np.ndarray, dict[str, Any]]:
    """The hidden cells of a universe ``values[m, s, p, x, u]`` and the figures.

    Cases and deaths: hypercubes over site × sex, period and unit (counties + area). MV and
    DCO cases (all sites, counties; shown only as ratios beside their cases): over sex and
    period, hidden where small or where the county's cases are hidden, never above the cases.
    ``with_area=False``: the units are counties only (no total of them is published: the
    counties of the national layer that are in no plan area).
    """
    n_m, n_s, n_p, n_x, n_u = values.shape
    n_c = n_u - 1 if with_area else n_u
    cs = slice(0, n_c)
    gdim, members = site_sex_dimension()
    g_s = np.array([s for s, _ in members])
    g_x = np.array([x for _, x in members])
    pdim = period_dimension(periods)
    all_i = SITE_KEYS.index("all")
    t_i = SEX_KEYS.index("T")
    pooled = np.array([a != b for a, b in periods], bool)
    hidden = np.zeros(values.shape, bool)
    primary = np.zeros(values.shape, bool)
    n_values = np.zeros(values.shape)
    cubes = 0
    floor_all = np.maximum(values[2, all_i], values[3, all_i])  # (p, x, u): MV/DCO ≤ cases
    for m in range(2):
        tensor = values[m][g_s, :, g_x, :]  # (G, P, U)
        floor = np.zeros(tensor.shape)
        if m == 0:
            sel = g_s == all_i
            floor[sel] = floor_all[:, g_x[sel], :].transpose(1, 0, 2)
            if with_area:
                floor[..., -1] = 0
        cost = np.ones(tensor.shape)
        if with_area:
            cost[..., -1] *= COST_AREA
        cost[g_s == all_i] *= COST_ALL_SITES
        cost[g_s == SITE_KEYS.index("other")] *= COST_OTHER_SITES  # partners of least interest
        cost[g_x == t_i] *= COST_BOTH_SEXES
        cost[:, pooled] *= COST_POOLED
        res = suppress(
            tensor, [gdim, pdim, unit_dimension(n_c, with_area)], limit=limit, cost=cost, floor=floor
        )
        hidden[m][g_s, :, g_x, :] = res.hidden
        primary[m][g_s, :, g_x, :] = res.primary
        n_values[m][g_s, :, g_x, :] = res.n_values
        cubes += res.cubes
    xdim = Dimension(3, ((t_i, (SEX_KEYS.index("M"), SEX_KEYS.index("F"))),), max_support=3)
    cases_hidden = hidden[0, all_i, :, :, cs].transpose(1, 0, 2)  # (X, P, C)
    for m in (2, 3):
        tensor = values[m, all_i, :, :, cs].transpose(1, 0, 2)  # (X, P, C)
        cap = values[0, all_i, :, :, cs].transpose(1, 0, 2)
        prim = ((tensor >= 1) & (tensor <= limit)) | cases_hidden
        res = suppress(tensor, [xdim, pdim, unit_dimension(n_c, with_area=False)], limit=limit,
                       cap=cap, primary=prim)  # fmt: skip
        hidden[m, all_i, :, :, cs] = res.hidden.transpose(1, 0, 2)
        primary[m, all_i, :, :, cs] = res.primary.transpose(1, 0, 2)
        n_values[m, all_i, :, :, cs] = res.n_values.transpose(1, 0, 2)
        cubes += res.cubes
    # cells whose cube could not show enough values (an MV count capped by a small hidden
    # count of cases): their exact ranges, by linear programming over the whole universe
    figures = settle(
        hidden, primary, n_values,
        lambda: (cells := build_cells(values, periods, with_area=with_area), hidden.ravel(),
                 np.zeros(cells.n)),
        n_cells=int((values > 0).sum()), cubes=cubes, min_values=SMALL_VALUES,
    )  # fmt: skip
    return hidden, figures


def build_cells(
    values: np.ndarray, periods: Sequence[tuple[int, int]], with_area: bool = True
) -> LinkedCells:
    """The linked cells of a universe ``values[m, s, p, x, u]`` (u: counties, then the area;
    counties only with ``with_area=False``).

    Cells that are not published (a site for a sex it does not apply to, MV/DCO cases of a
    site other than all or of the area) are zeroed and left out of every sum.
    """
    n_m, n_s, n_p, n_x, n_u = values.shape
    c_n = n_u - 1 if with_area else n_u
    exists = np.ones(values.shape, bool)
    all_i = SITE_KEYS.index("all")
    for si, site in enumerate(SITE_KEYS):
        for xi, sex in enumerate(SEX_KEYS):
            if not _applies(site, sex):
                exists[:, si, :, xi, :] = False
    exists[2:, [i for i in range(n_s) if i != all_i]] = False
    if with_area:
        exists[2:, :, :, :, c_n] = False
    vals = np.where(exists, values, 0)
    ids = np.arange(vals.size).reshape(vals.shape)
    rels: list[np.ndarray] = []
    exact: list[bool] = []

    def add(members: np.ndarray) -> None:  # members[..., k]: total first
        flat = members.reshape(-1, members.shape[-1])
        for row in flat:
            row = row[exists.ravel()[row]]
            if len(row) < 2 or not exists.ravel()[row[0]]:
                continue
            v = vals.ravel()[row]
            total, parts = v[0], v[1:].sum()
            if total == parts:
                rels.append(row)
                exact.append(True)
            elif total > parts:
                rels.append(row)
                exact.append(False)

    # the engine's own sums (one definition): site × sex (both sexes = male + female, all
    # sites = the sum of the sites), then pooled periods = the sum of their years
    gdim, members = site_sex_dimension()
    for total, parts in gdim.relations:
        add(
            np.stack(
                [ids[:, si, :, xi, :] for si, xi in (members[total], *(members[q] for q in parts))], axis=-1
            )
        )
    for total, parts in period_dimension(periods).relations:
        add(np.stack([ids[:, :, i] for i in (total, *parts)], axis=-1))
    # the area = the sum of its counties
    for m in range(2 if with_area else 0):
        add(np.concatenate([ids[m, ..., c_n : c_n + 1], ids[m, ..., :c_n]], axis=-1))
    # MV and DCO cases are at most all cases (total >= part)
    for m in (2, 3):
        pair = np.stack([ids[0, all_i, :, :, :c_n], ids[m, all_i, :, :, :c_n]], axis=-1)
        for row in pair.reshape(-1, 2):
            if exists.ravel()[row].all():
                rels.append(row)
                exact.append(False)
    return LinkedCells(vals.ravel(), rels, np.array(exact, bool))


def universe(
    db: Database, region: str, only: Sequence[str] | None = None
) -> tuple[np.ndarray, list[str], list[tuple[int, int]], tuple[str, ...]]:
    """(values[m, s, p, x, u], period codes, periods as year pairs, county adcodes) of an area.

    The units are the area's counties, then the area (their sum). With ``only``: those of the
    region's counties alone, and no area unit (their total is not published).
    """
    years = registry_years(db, region)
    every = tuple(counties(db, region)["adcode"])
    if only is None:
        areas, idx = every, np.arange(len(every))
    else:
        keep = set(only)
        idx = np.array([i for i, a in enumerate(every) if a in keep], dtype=int)
        areas = tuple(every[i] for i in idx)
    codes = period_values(years)
    periods = [parse_period(v, years) or (0, 0) for v in codes]
    c_n = len(areas)
    n_u = c_n + 1 if only is None else c_n
    values = np.zeros((len(MEASURE_KEYS), len(SITE_KEYS), len(codes), 3, n_u), np.int64)
    for si, site in enumerate(SITE_KEYS):
        cube = site_cube(db, region, site)
        if not cube.years:
            continue
        by_year = cube.counts[..., idx, :].sum(axis=4, dtype=np.int64)  # (4, Y, 2, C)
        cy = np.array(cube.years)
        for pi, (a, b) in enumerate(periods):
            sel = (cy >= a) & (cy <= b)
            v = by_year[:, sel].sum(axis=1)  # (4, 2, C)
            values[:, si, pi, 0, :c_n] = v[:, 0]
            values[:, si, pi, 1, :c_n] = v[:, 1]
    values[:, :, :, 2] = values[:, :, :, 0] + values[:, :, :, 1]
    if only is None:
        values[..., c_n] = values[..., :c_n].sum(axis=-1)
    return values, codes, periods, areas


def _pattern(values: np.ndarray, codes: list[str], periods: list[tuple[int, int]], areas: tuple[str, ...],
             limit: int, with_area: bool = True) -> tuple[RegistryPattern, dict[str, Any]]:  # fmt: skip
    years = tuple(y for y, _ in periods if _ == y) if periods else ()
    if values.size == 0 or not values.any():
        hidden = np.zeros(values.shape, bool)
        figures: dict[str, Any] = {"cells": 0, "hidden": 0}
    else:
        hidden, figures = protect_universe(values, periods, limit, with_area=with_area)
    if not with_area:  # the unit axis always ends with the total: here it is never published
        hidden = np.concatenate([hidden, np.zeros((*hidden.shape[:-1], 1), bool)], axis=-1)
    return RegistryPattern(areas, years, tuple(codes), hidden, figures), figures


def decide_pattern(db: Database, region: str, limit: int) -> tuple[RegistryPattern, dict[str, Any]]:
    """Decide the area's registry pattern (and its figures) from the current data."""
    values, codes, periods, areas = universe(db, region)
    return _pattern(values, codes, periods, areas, limit)


registry_pattern = pattern_reader(
    "registry",
    decide_pattern,
    """The area's hidden registry cells for the current data version (decided once per data
    load: the shared cache keeps it across workers, this process keeps its own read-only copy).""",
)


def plan_area_of(db: Database) -> dict[str, tuple[str, ...]]:
    """Each county in a plan area -> the plan areas holding it (plan-file order)."""
    out: dict[str, tuple[str, ...]] = {}
    for area in plan_area_codes(db):
        for c in counties(db, area)["adcode"]:
            out[str(c)] = (*out.get(str(c), ()), area)
    return out


@memoize()
def _national_pattern(db: Database, limit: int) -> RegistryPattern:
    inside = plan_area_of(db)
    rest = [a for a in counties(db, NATIONAL)["adcode"] if a not in inside]
    values, codes, periods, areas = universe(db, NATIONAL, rest)
    years = tuple(y for y, _ in periods if _ == y) if periods else ()
    # no total links these counties, so each is a universe of its own: protected one by one
    # (exactly the same guarantee, and linear in the counties: ~3 ms a county instead of a
    # search over all 2,800 at once); a county without a count of 1..limit hides nothing
    hidden = np.zeros((*values.shape[:-1], values.shape[-1] + 1), bool)
    figures: dict[str, Any] = {"cells": int((values > 0).sum()), "hidden": 0, "primary": 0, "secondary": 0,
                               "narrowest": float("inf"), "uncertified": 0, "cubes": 0, "lp_solved": 0}  # fmt: skip
    small = ((values >= 1) & (values <= limit)).any(axis=(0, 1, 2, 3))
    for u in np.flatnonzero(small):
        h, f = protect_universe(values[..., u : u + 1], periods, limit, with_area=False)
        hidden[..., u] = h[..., 0]
        for k in ("hidden", "primary", "secondary", "uncertified", "cubes", "lp_solved"):
            figures[k] += f[k]
        figures["narrowest"] = min(figures["narrowest"], f["narrowest"])
    return RegistryPattern(areas, years, tuple(codes), hidden, figures)


@functools.lru_cache(maxsize=4)
def _national_local(db: Database, version: str, limit: int) -> RegistryPattern:
    del version  # part of the key only
    return _national_pattern(db, limit)


def national_pattern(db: Database, limit: int) -> RegistryPattern:
    """The hidden cells of the counties in no plan area, protected as one universe without a
    total (its last unit, the total, is never published); memoized per data version."""
    return _national_local(db, data_version(db), int(limit))


def county_patterns(db: Database, limit: int) -> dict[str, list[tuple[RegistryPattern, int]]]:
    """Each county of the national layer -> the patterns that decide its cells (its plan
    areas', else the national rest pattern) and its position in each."""
    out: dict[str, list[tuple[RegistryPattern, int]]] = {}
    for area in plan_area_codes(db):
        pat = registry_pattern(db, area, limit)
        for i, c in enumerate(pat.areas):
            out.setdefault(c, []).append((pat, i))
    rest = national_pattern(db, limit)
    for i, c in enumerate(rest.areas):
        out.setdefault(c, []).append((rest, i))
    return out


def national_hidden(
    db: Database, sel: Selection, limit: int, areas: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """(count hidden, quality hidden) of ``areas`` (national layer counties) for ``sel``:
    every county takes the flags of the plan area containing it (the same cells hidden as
    on that area's map; several plan areas: hidden where any hides it), a county in no plan
    area those of :func:`national_pattern`."""
    pos = {a: i for i, a in enumerate(areas)}
    hidden = np.zeros(len(areas), bool)
    quality = np.zeros(len(areas), bool)
    patterns = [registry_pattern(db, a, limit) for a in plan_area_codes(db)] + [national_pattern(db, limit)]
    for pat in patterns:
        if not pat.areas:
            continue
        flags = pat.unit_hidden(sel)[:-1]
        q = pat.quality_hidden(sel)
        rows = np.array([pos.get(a, -1) for a in pat.areas])
        ok = rows >= 0
        hidden[rows[ok]] |= flags[ok]
        quality[rows[ok]] |= q[ok]
    return hidden, quality


__all__ = ["MEASURE_KEYS", "SEX_KEYS", "SITE_KEYS", "RegistryPattern", "county_patterns", "national_hidden",
           "national_pattern", "decide_pattern", "period_dimension", "plan_area_of", "protect_universe", "registry_pattern",
           "site_sex_dimension", "unit_dimension", "universe"]  # fmt: skip
