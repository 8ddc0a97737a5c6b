"""Screening counts as published: which cells of an area's screening table are hidden.

The universe of published screening counts of a plan area (every cell the screening page,
the targets page, the overview, the county profile, the plan deck or a download can show):

- stage: eligible, screened, positive, detected, early_detected (all person counts;
  ``eligible`` is the eligible population, protected as well: it is a count of persons
  and a small county programme may have 1 to 5 of them);
- programme: each of :data:`dashboard.domain.screening.PROGRAMMES`, plus, for the stages
  an indicator sums over several programmes (the targets page's early-diagnosis rate is
  Σ early_detected ÷ Σ detected over all six programmes), one member per such set of
  programmes (= the sum of its programmes);
- year: each screening year (no page pools years);
- unit: each county and the area (the area = the sum of its counties).

A county with no row for a programme and year has no cell (it does not run it: a known 0,
never hidden). Cells 1 to ``limit`` are hidden, and for each the engine of
:mod:`dashboard.publish.hypercube` hides a certified hypercube of partners so that every
hidden cell keeps at least :data:`SMALL_VALUES` whole values consistent with everything
published. The cascade bounds a reader knows are part of it: early_detected ≤ detected ≤
positive ≤ screened (≤ eligible where the data say so), and a county that runs a programme
(the programme matrix, the two-cancer line) screened at least 1. Each stage is protected
with its neighbours' true values as bounds (stricter than their published ranges, so the
certificate holds).

Everything else is derived from these cells: a proportion (coverage, positivity,
detection, early-diagnosis share) and its interval are shown only where both counts are;
a hidden cell has no number and the one neutral reason :data:`HIDDEN_REASON`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.catalogue.indicators import INDICATORS
from dashboard.domain.screening import (
    CONVERSIONS,
    PROGRAMMES,
    STEPS,
    add_conversions,
)
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database
from dashboard.publish.audit import LinkedCells, settle
from dashboard.publish.hypercube import Dimension, suppress
from dashboard.publish.registry import SMALL_VALUES, unit_dimension
from dashboard.publish.store import pattern_reader
from dashboard.queries.areas import counties
from dashboard.queries.screening import area_totals, screening_rows

#: The one reason a hidden count (and every proportion built on it) carries.
HIDDEN_REASON = "hidden"
#: What hiding a cell costs: the area's cells and sums over programmes are dear (the plan's
#: targets are judged on them).
COST_AREA, COST_SUM = 50.0, 8.0
#: Stages used by each indicator kind computed from the screening table (numerator, denominator).
KIND_STAGES = {
    "screening_early": ("early_detected", "detected"),
    "screening_coverage": ("screened", "eligible"),
}


def programme_sums() -> dict[str, tuple[tuple[str, ...], ...]]:
    """For each stage, the sets of several programmes a page sums it over (from the catalogue)."""
    out: dict[str, list[tuple[str, ...]]] = {s: [] for s in STEPS}
    for ind in INDICATORS.values():
        stages = KIND_STAGES.get(ind.kind)
        progs = tuple(p for p in PROGRAMMES if p in ind.programmes)
        if stages is None or len(progs) < 2:
            continue
        for s in stages:
            if progs not in out[s]:
                out[s].append(progs)
    return {s: tuple(v) for s, v in out.items()}


def members() -> tuple[tuple[str, ...], ...]:
    """Every programme member: the single programmes then every set summed by some page."""
    sets = [(p,) for p in PROGRAMMES]
    for v in programme_sums().values():
        sets.extend(x for x in v if x not in sets)
    return tuple(sets)


def members_of(sums: dict[str, tuple[tuple[str, ...], ...]]) -> list[tuple[str, ...]]:
    """The distinct programme sets of :func:`programme_sums`, in order."""
    return list(dict.fromkeys(m for v in sums.values() for m in v))


@dataclass(frozen=True)
class ScreeningPattern:
    """Which screening cells of an area are hidden (flags only, no counts).

    ``hidden[stage, member, year, unit]``: stage :data:`STEPS`, member :attr:`members`
    (programme sets), year :attr:`years`, unit :attr:`areas` then the area itself (last).
    ``figures``: cells, hidden, primary, secondary, narrowest, uncertified, seconds.
    """

    areas: tuple[str, ...]
    years: tuple[int, ...]
    members: tuple[tuple[str, ...], ...]
    hidden: np.ndarray
    figures: dict[str, Any]

    def flags(self, stage: str, programmes: tuple[str, ...], year: int) -> np.ndarray:
        """Hidden flags of every county then the area for a stage, programme set and year
        (all False for a year or set outside the universe)."""
        key = tuple(p for p in PROGRAMMES if p in programmes)
        if key not in self.members or int(year) not in self.years:
            return np.zeros(len(self.areas) + 1, bool)
        return self.hidden[STEPS.index(stage), self.members.index(key), self.years.index(int(year))].copy()


def universe(
    rows: pd.DataFrame, areas: tuple[str, ...], mems: tuple[tuple[str, ...], ...]
) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """(values[stage, member, year, unit], exists[member, year, unit], years) of an area's
    county rows (``screening_rows``); the area (last unit) is the sum of the counties."""
    years = tuple(sorted(int(y) for y in rows["year"].unique())) if len(rows) else ()
    c_n = len(areas)
    values = np.zeros((len(STEPS), len(mems), len(years), c_n + 1), np.int64)
    exists = np.zeros((len(mems), len(years), c_n + 1), bool)
    if not years:
        return values, exists, years
    pos = {a: i for i, a in enumerate(areas)}
    r = rows[rows["area"].isin(pos)]
    ui = r["area"].map(pos).to_numpy()
    yi = r["year"].astype(int).map({y: i for i, y in enumerate(years)}).to_numpy()
    for mi, mem in enumerate(mems):
        sel = r["programme"].isin(mem).to_numpy()
        np.logical_or.at(exists[mi], (yi[sel], ui[sel]), True)
        for si, s in enumerate(STEPS):
            np.add.at(values[si, mi], (yi[sel], ui[sel]), r[s].to_numpy(np.int64)[sel])
    values[..., c_n] = values[..., :c_n].sum(axis=-1)
    exists[..., c_n] = exists[..., :c_n].any(axis=-1)
    return values, exists, years


def stage_bounds(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(floor, cap) of every cell from the cascade: early ≤ detected ≤ positive ≤ screened
    (≤ eligible where it holds in the data); a county running a programme screened ≥ 1."""
    floor = np.zeros(values.shape)
    cap = np.full(values.shape, np.inf)
    e, s, p, d, x = (
        STEPS.index(k) for k in ("eligible", "screened", "positive", "detected", "early_detected")
    )
    ok = values[s] <= values[e]
    floor[e] = np.where(ok, values[s], 0)
    cap[s] = np.where(ok, values[e], np.inf)
    floor[s] = np.maximum(values[p], (values[s] > 0).astype(float))
    floor[p], cap[p] = values[d], values[s]
    floor[d], cap[d] = values[x], values[p]
    cap[x] = values[d]
    return floor, cap


def protect(
    values: np.ndarray, exists: np.ndarray, mems: tuple[tuple[str, ...], ...], limit: int
) -> tuple[np.ndarray, dict[str, Any]]:
    """The hidden cells of a universe ``values[stage, member, year, unit]`` and the figures."""
    t0 = time.perf_counter()
    n_st, n_m, n_y, n_u = values.shape
    hidden = np.zeros(values.shape, bool)
    primary = np.zeros(values.shape, bool)
    n_values = np.zeros(values.shape)
    floor, cap = stage_bounds(values)
    single = [i for i, m in enumerate(mems) if len(m) == 1]
    index = {m: i for i, m in enumerate(mems)}
    sums = programme_sums()
    cubes = 0
    published = np.zeros(values.shape, bool)
    for si, stage in enumerate(STEPS):
        use = single + [index[m] for m in sums[stage]]
        pos = {m: k for k, m in enumerate(use)}
        rels = tuple((pos[index[m]], tuple(pos[index[(p,)]] for p in m)) for m in sums[stage])
        pdim = Dimension(len(use), rels, max_support=3)
        ydim = Dimension(n_y, (), max_support=1)
        cost = np.ones((len(use), n_y, n_u))
        cost[..., -1] *= COST_AREA
        cost[len(single) :] *= COST_SUM
        ex = exists[use]
        if n_y == 0 or not ex.any():
            continue
        res = suppress(values[si][use], [pdim, ydim, unit_dimension(n_u - 1)], limit=limit, min_values=SMALL_VALUES,
                       cost=cost, floor=floor[si][use], cap=cap[si][use], exists=ex)  # fmt: skip
        hidden[si][use] = res.hidden
        primary[si][use] = res.primary
        n_values[si][use] = res.n_values
        published[si][use] = ex
        cubes += res.cubes
    # a small cell pinned by its neighbour (early = detected = 3: detected caps it) cannot move
    # alone: move it with its neighbouring stages at once (a stage axis whose members move
    # together), over widening windows of the cascade, until its cube keeps enough values
    all_use = single + sorted({index[m] for v in sums.values() for m in v})
    pdim_all = Dimension(len(all_use), tuple(
        (all_use.index(index[m]), tuple(all_use.index(index[(p,)]) for p in m)) for m in members_of(sums)),
        max_support=3)  # fmt: skip
    for width in range(2, n_st + 1):
        weak = hidden & (n_values < SMALL_VALUES)
        if not weak.any() or n_y == 0:
            break
        for a in range(n_st - width + 1):
            win = list(range(a, a + width))
            prim = weak[win][:, all_use]
            if not prim.any():
                continue
            ex = np.stack([exists[all_use] & published[si][all_use] for si in win])
            sdim = Dimension(width, tuple((k, (k + 1,)) for k in range(width - 1)), max_support=width)
            fl = np.zeros(ex.shape)
            cp = np.full(ex.shape, np.inf)
            fl[-1] = floor[win[-1]][all_use]  # the window's lowest stage keeps its floor
            if STEPS.index("screened") in win:  # a running county screened at least 1
                k = win.index(STEPS.index("screened"))
                fl[k] = np.maximum(fl[k], values[win[k]][all_use] > 0)
            cp[0] = cap[win[0]][all_use]  # its highest stage keeps its cap
            cost = np.ones(ex.shape)
            cost[..., -1] *= COST_AREA
            cost[:, len(single) :] *= COST_SUM
            cost = np.where(hidden[win][:, all_use], 0.0, cost)
            res = suppress(values[win][:, all_use], [sdim, pdim_all, Dimension(n_y, (), max_support=1),
                           unit_dimension(n_u - 1)], limit=limit, min_values=SMALL_VALUES, cost=cost, floor=fl,
                           cap=cp, primary=prim, exists=ex)  # fmt: skip
            for k, si in enumerate(win):
                got = res.hidden[k] & (res.n_values[k] >= SMALL_VALUES)
                sub = hidden[si][all_use]
                hidden[si][all_use] = sub | got
                nv_sub = n_values[si][all_use]
                n_values[si][all_use] = np.where(got, np.maximum(nv_sub, res.n_values[k]), nv_sub)
            cubes += res.cubes
    # cells whose cube still keeps too few values: their exact ranges, by linear programming

    def linked() -> tuple[LinkedCells, np.ndarray, np.ndarray]:
        cells, free = linked_cells(values, exists, mems)
        return cells, (hidden | free).ravel(), ((values > 0) & _is(values, "screened")).ravel().astype(float)

    figures = settle(hidden, primary, n_values, linked, n_cells=int(published.sum()), cubes=cubes,
                     min_values=SMALL_VALUES)  # fmt: skip
    figures["seconds"] = round(time.perf_counter() - t0, 3)
    return hidden, figures


def _is(values: np.ndarray, stage: str) -> np.ndarray:
    out = np.zeros(values.shape, bool)
    out[STEPS.index(stage)] = True
    return out


def linked_cells(
    values: np.ndarray, exists: np.ndarray, mems: tuple[tuple[str, ...], ...]
) -> tuple[LinkedCells, np.ndarray]:
    """The universe as linked cells (every sum and cascade inequality a reader knows) and the
    cells that are not published at all (a sum over programmes of a stage no page sums)."""
    ids = np.arange(values.size).reshape(values.shape)
    n_st, n_m, n_y, n_u = values.shape
    sums = programme_sums()
    single = {m[0]: i for i, m in enumerate(mems) if len(m) == 1}
    free = np.zeros(values.shape, bool)
    rels: list[np.ndarray] = []
    exact: list[bool] = []
    for st in range(n_st):
        for m in range(n_m):
            for y in range(n_y):
                rels.append(np.concatenate([ids[st, m, y, -1:], ids[st, m, y, :-1]]))  # the area first
                exact.append(True)
    for i, m in enumerate(mems):
        if len(m) < 2:
            continue
        for st, stage in enumerate(STEPS):
            free[st, i] = m not in sums[stage]
            for y in range(n_y):
                for u in range(n_u):
                    rels.append(np.array([ids[st, i, y, u], *(ids[st, single[p], y, u] for p in m)]))
                    exact.append(True)
    e, s = STEPS.index("eligible"), STEPS.index("screened")
    for hi in range(n_st - 1):  # the upper stage ≥ the lower (screened ≤ eligible where it holds)
        pair = np.stack([ids[hi], ids[hi + 1]], axis=-1).reshape(-1, 2)
        ok = (values[e] >= values[s]).ravel() if hi == e else np.ones(len(pair), bool)
        for row in pair[ok]:
            rels.append(row)
            exact.append(False)
    vals = np.where(np.broadcast_to(exists, values.shape), values, 0)
    return LinkedCells(vals.ravel(), rels, np.array(exact, bool)), free


def decide_pattern(db: Database, region: str, limit: int) -> tuple[ScreeningPattern, dict[str, Any]]:
    """Decide the area's screening pattern (and its figures) from the current data."""
    areas = tuple(counties(db, region)["adcode"])
    mems = members()
    values, exists, years = universe(screening_rows(db, region), areas, mems)
    hidden, figures = protect(values, exists, mems, limit)
    return ScreeningPattern(areas, years, mems, hidden, figures), figures


screening_pattern = pattern_reader(
    "screening",
    decide_pattern,
    """The area's hidden screening cells for the current data version (decided once per load).""",
)


def blank_hidden(df: pd.DataFrame, hidden: dict[str, np.ndarray]) -> pd.DataFrame:
    """Counts NaN where hidden; every conversion on a hidden count blank, reason "hidden"."""
    out = df.copy()
    any_hidden = np.zeros(len(out), bool)
    for s in STEPS:
        h = hidden[s]
        out[s] = out[s].astype(float).mask(h)
        any_hidden |= h
    for key, num, den in CONVERSIONS:
        if key not in out.columns:
            continue
        h = hidden[num] | hidden[den]
        for c in (key, f"{key}_lower", f"{key}_upper"):
            out[c] = out[c].mask(h)
        reason = out[f"{key}_reason"].astype(object).to_numpy(copy=True)
        reason[h] = HIDDEN_REASON
        out[f"{key}_reason"] = pd.array(reason.astype(str), dtype="str")
    out["masked"] = any_hidden
    out["masked_reason"] = pd.array(np.where(any_hidden, HIDDEN_REASON, ""), dtype="str")
    return out


def _row_flags(pattern: ScreeningPattern, keys: pd.DataFrame, unit: np.ndarray) -> dict[str, np.ndarray]:
    out = {s: np.zeros(len(keys), bool) for s in STEPS}
    if not len(keys) or not pattern.years:
        return out
    mi = np.array([pattern.members.index((p,)) for p in keys["programme"]])
    yi = np.array([pattern.years.index(int(y)) for y in keys["year"]])
    for si, s in enumerate(STEPS):
        out[s] = pattern.hidden[si, mi, yi, unit]
    return out


@dataclass(frozen=True)
class PublishedScreening:
    """The screening table of an area as it may be shown: ``counties`` (one row per county,
    programme and year) and ``area`` (sums over the counties, by programme and year), with
    the four conversions and their intervals; hidden counts are NaN, a proportion on a
    hidden count is NaN with reason :data:`HIDDEN_REASON`; ``masked`` marks rows with a
    hidden count. ``pattern`` is the decision behind it."""

    counties: pd.DataFrame
    area: pd.DataFrame
    pattern: ScreeningPattern


@memoize()
def published_screening(db: Database, region: str, limit: int, suppress_below: int) -> PublishedScreening:
    """The area's county and area screening rows with the protected pattern applied (cached)."""
    pattern = screening_pattern(db, region, limit)
    rows = screening_rows(db, region)
    cty = add_conversions(rows, suppress_below=suppress_below)
    pos = {a: i for i, a in enumerate(pattern.areas)}
    cty = cty[cty["area"].isin(pos)].reset_index(drop=True)
    cty = blank_hidden(cty, _row_flags(pattern, cty, cty["area"].map(pos).to_numpy(int)))
    tot = add_conversions(area_totals(db, region))
    tot = blank_hidden(tot, _row_flags(pattern, tot, np.full(len(tot), len(pattern.areas), int)))
    return PublishedScreening(cty, tot, pattern)


def published_sums(
    db: Database, region: str, programmes: tuple[str, ...], numerator: str, denominator: str, limit: int
) -> pd.DataFrame:
    """Σ numerator and Σ denominator over ``programmes`` for each county and the area, by year,
    as published: columns area, year, hidden (either count hidden), hidden_numerator,
    hidden_denominator. The rows of :func:`dashboard.queries.indicators.indicator_series` for the
    screening kinds, checked cell by cell against the pattern."""
    pattern = screening_pattern(db, region, limit)
    rows = screening_rows(db, region)
    rows = rows[rows["programme"].isin(programmes)]
    key = tuple(p for p in PROGRAMMES if p in programmes)
    recs = []
    for y in sorted(int(v) for v in rows["year"].unique()):
        hn, hd = pattern.flags(numerator, key, y), pattern.flags(denominator, key, y)
        if key not in pattern.members:  # a set no page was declared to sum: hide what any part hides
            hn = np.logical_or.reduce([pattern.flags(numerator, (p,), y) for p in key])
            hd = np.logical_or.reduce([pattern.flags(denominator, (p,), y) for p in key])
        for i, a in enumerate((*pattern.areas, region)):
            recs.append({"area": a, "year": y, "hidden": bool(hn[i] or hd[i]),
                         "hidden_numerator": bool(hn[i]), "hidden_denominator": bool(hd[i])})  # fmt: skip
    return pd.DataFrame(recs, columns=["area", "year", "hidden", "hidden_numerator", "hidden_denominator"])


__all__ = ["blank_hidden", "HIDDEN_REASON", "PublishedScreening", "ScreeningPattern", "members", "programme_sums", "protect",
           "published_screening", "published_sums", "screening_pattern", "stage_bounds", "universe"]  # fmt: skip
