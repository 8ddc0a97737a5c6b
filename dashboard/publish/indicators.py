"""Plan indicators as published: which county and area values of ``indicator_observations``
(and of the screening-based indicators) are hidden.

Which indicators carry person counts (from :mod:`dashboard.catalogue.indicators`):

- ``ratio`` with ``counts == "people"`` (out-of-city referral, first-visit MDT): numerator
  and denominator are patients of a county. These are protected here, by the hypercube
  engine of :mod:`dashboard.publish.hypercube`.
- ``ratio`` with ``counts == "facilities"`` (oncology departments, TCM preventive-care
  centres): hospitals, not persons; shown as they are.
- ``county_share`` and ``programme_counties``: yes/no facts of counties (their ``counts``
  default of "people" does not apply: a county is not a person); the two-cancer line says
  only whether a county screened at all, which the screening pattern already treats as
  known. Shown as they are.
- ``screening_early`` and ``screening_coverage``: sums of screening counts over the
  indicator's programmes. They are cells of the screening universe
  (:mod:`dashboard.publish.screening`, which holds every programme set an indicator sums),
  so they are hidden exactly where the screening page hides them
  (:func:`dashboard.publish.screening.published_sums`): no cell is shown in one place and
  hidden in the other.
- ``reported`` survey values (awareness, weighted): a weighted share of a sample, not a
  count of the county's residents, and not summed into the area's value (the area has its
  own survey row). The one person count a survey row publishes is its sample size ``n``: a
  county row with ``n`` from 1 to the limit is hidden (value, interval and ``n``), with
  nothing else to protect (no sum ties survey rows together).
- ``count`` and area-only ``reported`` values: no county values.

The universe of a plan area (ratio indicators of people): for each indicator and year (one
axis, no sums along it: no page pools years or indicators), numerator and denominator of
every county with both counts, and the area's. The area = the sum of its counties when its
row is that sum (no own row: :func:`dashboard.queries.indicators.indicator_series` sums the
counties; an own row equal to that sum is modelled as the sum as well); an own row that is
not the sum is a cell of its own, tied to nothing. A reader knows 0 ≤ numerator ≤
denominator (the bounds of every cube). The area's cells are dear (the plan's value is
judged on them), so they stay shown. Cells 1 to ``limit`` are hidden with a certified
hypercube of partners; a small numerator pinned by its denominator (3 of 3) moves with it
(a cube over both counts); what a cube cannot certify is settled by the linear-programming
audit of :mod:`dashboard.publish.audit`.

:func:`published_indicators` is the indicator series as it may be shown: a hidden count is
NaN; value, interval and ``n`` are NaN when either count is hidden; ``hidden`` marks those
rows and ``reason`` is :data:`HIDDEN_REASON` (the one neutral reason). The targets page,
the plan assessment and scorecard, the county profile, the overview and the plan deck take
indicator numbers from here only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.catalogue.indicators import INDICATORS, Indicator, get_indicator
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database
from dashboard.publish.audit import LinkedCells, settle
from dashboard.publish.hypercube import Dimension, suppress
from dashboard.publish.registry import SMALL_VALUES, unit_dimension
from dashboard.publish.screening import KIND_STAGES, published_sums
from dashboard.publish.store import pattern_reader
from dashboard.queries.areas import counties
from dashboard.queries.indicators import SERIES_COLUMNS, indicator_series, observations

#: The one reason a hidden value carries.
HIDDEN_REASON = "hidden"
#: What hiding a cell costs: the area's value is the plan's, keep it shown.
COST_AREA = 50.0
#: Stage order of the universe: the denominator first (the larger), then the numerator.
STAGES = ("denominator", "numerator")


def protected_by_pattern(ind: Indicator) -> bool:
    """Indicators whose counts are persons of a county, protected by this module's pattern."""
    return ind.kind == "ratio" and ind.counts == "people"


def person_indicators() -> tuple[str, ...]:
    """Every catalogue indicator protected by the pattern, in catalogue order."""
    return tuple(k for k, ind in INDICATORS.items() if protected_by_pattern(ind))


@dataclass(frozen=True)
class IndicatorPattern:
    """Which counts of an area's person-count indicators are hidden (flags only, no counts).

    ``hidden[stage, cell, unit]``: stage :data:`STAGES`, cell :attr:`cells` (indicator,
    year), unit :attr:`areas` (counties) then the area itself (last). ``figures``: cells,
    hidden, primary, secondary, narrowest, uncertified, cubes, lp_solved, seconds.
    """

    areas: tuple[str, ...]
    cells: tuple[tuple[str, int], ...]
    hidden: np.ndarray
    figures: dict[str, Any]

    def flags(self, indicator: str, year: int) -> tuple[np.ndarray, np.ndarray]:
        """(denominator hidden, numerator hidden) of every county then the area."""
        key = (indicator, int(year))
        if key not in self.cells:
            z = np.zeros(len(self.areas) + 1, bool)
            return z, z.copy()
        i = self.cells.index(key)
        return self.hidden[0, i].copy(), self.hidden[1, i].copy()


def universe(
    obs: dict[str, pd.DataFrame], areas: tuple[str, ...], region: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[tuple[str, int], ...]]:
    """(values[stage, cell, unit], exists[cell, unit], related[cell], cells) of an area's
    observations (indicator -> rows of :func:`dashboard.queries.indicators.observations`).

    ``related``: the area (last unit) is the sum of the counties for that indicator and year.
    """
    pos = {a: i for i, a in enumerate(areas)}
    c_n = len(areas)
    cells: list[tuple[str, int]] = []
    vals: list[np.ndarray] = []
    ex: list[np.ndarray] = []
    rel: list[bool] = []
    for key, df in obs.items():
        if df.empty:
            continue
        num = pd.to_numeric(df["numerator"], errors="coerce")
        den = pd.to_numeric(df["denominator"], errors="coerce")
        d = df.assign(numerator=num, denominator=den).dropna(subset=["numerator", "denominator"])
        for y in sorted({int(v) for v in df["year"]}):
            v = np.zeros((2, c_n + 1), np.int64)
            e = np.zeros(c_n + 1, bool)
            g = d[d["year"].astype(int) == y]
            cty = g[g["area"].isin(pos)]
            ui = cty["area"].map(pos).to_numpy(int)
            v[0, ui] = np.rint(cty["denominator"].to_numpy(float)).astype(np.int64)
            v[1, ui] = np.rint(cty["numerator"].to_numpy(float)).astype(np.int64)
            e[ui] = True
            own_all = df[(df["area"] == region) & (df["year"].astype(int) == y)]
            own = g[g["area"] == region]
            sums = v[:, :c_n].sum(axis=1)
            if own_all.empty:  # the area's value is the sum of its counties
                if not e.any():
                    continue
                v[:, c_n], e[c_n], related = sums, True, True
            elif own.empty:  # a value-only own row: no count of the area, the county sum unpublished
                v[:, c_n], e[c_n], related = 0, False, False
            else:
                v[0, c_n] = int(round(float(own["denominator"].iloc[0])))
                v[1, c_n] = int(round(float(own["numerator"].iloc[0])))
                e[c_n] = True
                related = bool((v[:, c_n] == sums).all())  # the data make it the sum: model it so
            if not e.any():
                continue
            cells.append((key, y))
            vals.append(v)
            ex.append(e)
            rel.append(related)
    if not cells:
        return np.zeros((2, 0, c_n + 1), np.int64), np.zeros((0, c_n + 1), bool), np.zeros(0, bool), ()
    return np.stack(vals, axis=1), np.stack(ex), np.array(rel, bool), tuple(cells)


def bounds(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(floor, cap) a reader knows: 0 ≤ numerator ≤ denominator (where it holds in the data)."""
    ok = values[1] <= values[0]
    floor = np.zeros(values.shape)
    cap = np.full(values.shape, np.inf)
    floor[0] = np.where(ok, values[1], 0)
    cap[1] = np.where(ok, values[0], np.inf)
    return floor, cap


def linked_cells(values: np.ndarray, exists: np.ndarray, related: np.ndarray) -> LinkedCells:
    """The universe as linked cells: the area = Σ counties (exact) where related, and
    denominator ≥ numerator."""
    ids = np.arange(values.size).reshape(values.shape)
    rels: list[np.ndarray] = []
    exact: list[bool] = []
    ex = np.broadcast_to(exists, values.shape)
    for st in range(2):
        for i in np.flatnonzero(related):
            members = ids[st, i][exists[i]]
            rels.append(np.concatenate([ids[st, i, -1:], members[members != ids[st, i, -1]]]))
            exact.append(True)
    ok = (values[1] <= values[0]) & exists
    for i, u in zip(*np.nonzero(ok), strict=True):
        rels.append(np.array([ids[0, i, u], ids[1, i, u]]))
        exact.append(False)
    return LinkedCells(np.where(ex, values, 0).ravel(), rels, np.array(exact, bool))


def protect(
    values: np.ndarray, exists: np.ndarray, related: np.ndarray, limit: int
) -> tuple[np.ndarray, dict[str, Any]]:
    """The hidden cells of a universe ``values[stage, cell, unit]`` and the figures."""
    t0 = time.perf_counter()
    hidden = np.zeros(values.shape, bool)
    primary = np.zeros(values.shape, bool)
    n_values = np.zeros(values.shape)
    floor, cap = bounds(values)
    n_u = values.shape[-1]
    cubes = 0
    groups = [(related, unit_dimension(n_u - 1)), (~related, Dimension(n_u, (), max_support=1))]
    for sel, udim in groups:
        if not sel.any():
            continue
        n_c = int(sel.sum())
        cdim = Dimension(n_c, (), max_support=1)
        cost = np.ones((n_c, n_u))
        cost[:, -1] *= COST_AREA
        for st in range(2):
            res = suppress(values[st][sel], [cdim, udim], limit=limit, min_values=SMALL_VALUES, cost=cost,
                           floor=floor[st][sel], cap=cap[st][sel], exists=exists[sel])  # fmt: skip
            hidden[st][sel] = res.hidden
            primary[st][sel] = res.primary
            n_values[st][sel] = res.n_values
            cubes += res.cubes
        # a small count pinned by the other (3 of 3: the denominator caps the numerator) moves
        # with it: both counts by the same amount (a stage axis whose members move together)
        weak = (hidden & (n_values < SMALL_VALUES))[:, sel]
        if weak.any():
            sdim = Dimension(2, ((0, (1,)),), max_support=2)
            fl = np.zeros((2, n_c, n_u))
            cp = np.full((2, n_c, n_u), np.inf)
            c2 = np.where(hidden[:, sel], 0.0, np.broadcast_to(cost, (2, n_c, n_u)))
            res = suppress(values[:, sel], [sdim, cdim, udim], limit=limit, min_values=SMALL_VALUES, cost=c2,
                           floor=fl, cap=cp, primary=weak, exists=np.broadcast_to(exists[sel], (2, n_c, n_u)))  # fmt: skip
            got = res.hidden & (res.n_values >= SMALL_VALUES)
            hidden[:, sel] |= got
            n_values[:, sel] = np.where(got, np.maximum(n_values[:, sel], res.n_values), n_values[:, sel])
            cubes += res.cubes
    figures = settle(
        hidden, primary, n_values,
        lambda: (cells := linked_cells(values, exists, related), hidden.ravel(), np.zeros(cells.n)),
        n_cells=int(np.broadcast_to(exists, values.shape).sum()), cubes=cubes, min_values=SMALL_VALUES,
    )  # fmt: skip
    figures["seconds"] = round(time.perf_counter() - t0, 3)
    return hidden, figures


def decide_pattern(db: Database, region: str, limit: int) -> tuple[IndicatorPattern, dict[str, Any]]:
    """Decide the area's indicator pattern (and its figures) from the current data."""
    areas = tuple(counties(db, region)["adcode"])
    obs = {k: observations(db, region, k) for k in person_indicators()}
    values, exists, related, cells = universe(obs, areas, region)
    hidden, figures = protect(values, exists, related, limit)
    return IndicatorPattern(areas, cells, hidden, figures), figures


indicator_pattern = pattern_reader(
    "indicators",
    decide_pattern,
    """The area's hidden indicator counts for the current data version (decided once per load).""",
)


def _apply(df: pd.DataFrame, hid_num: np.ndarray, hid_den: np.ndarray) -> pd.DataFrame:
    out = df.copy()
    row = hid_num | hid_den
    out["numerator"] = out["numerator"].mask(hid_num)
    out["denominator"] = out["denominator"].mask(hid_den)
    for c in ("value", "lower", "upper", "n"):
        out[c] = out[c].mask(row)
    out["hidden"] = row
    out["reason"] = pd.array(np.where(row, HIDDEN_REASON, ""), dtype="str")
    return out


@memoize()
def published_indicators(db: Database, region: str, indicator_key: str, limit: int) -> pd.DataFrame:
    """:func:`dashboard.queries.indicators.indicator_series` as it may be shown (cached).

    The columns of that series plus ``hidden`` (the row's value is hidden to protect small
    numbers) and ``reason`` (:data:`HIDDEN_REASON` or ""). A hidden count is NaN; value,
    interval and ``n`` are NaN when either count is hidden.
    """
    ind = get_indicator(indicator_key)
    s = indicator_series(db, region, indicator_key)
    hid_num = np.zeros(len(s), bool)
    hid_den = np.zeros(len(s), bool)
    if len(s) and protected_by_pattern(ind):
        pattern = indicator_pattern(db, region, limit)
        pos = {a: i for i, a in enumerate((*pattern.areas, region))}
        for y, idx in s.groupby("year").groups.items():
            den, num = pattern.flags(indicator_key, int(y))  # type: ignore[arg-type]
            units = s.loc[idx, "area"].map(pos)
            ok = units.notna().to_numpy()
            at = np.asarray(idx)[ok]
            u = units[ok].astype(int).to_numpy()
            hid_den[s.index.get_indexer(at)] = den[u]
            hid_num[s.index.get_indexer(at)] = num[u]
    elif len(s) and ind.kind in KIND_STAGES:
        num_stage, den_stage = KIND_STAGES[ind.kind]
        flags = published_sums(db, region, ind.programmes, num_stage, den_stage, limit)
        m = s[["area", "year"]].merge(flags, on=["area", "year"], how="left")
        hid_num = m["hidden_numerator"].fillna(False).to_numpy(bool)
        hid_den = m["hidden_denominator"].fillna(False).to_numpy(bool)
    elif len(s) and ind.kind == "reported":
        n = pd.to_numeric(s["n"], errors="coerce")
        small = ((n >= 1) & (n <= limit) & (s["area"] != region)).to_numpy(bool)
        hid_num, hid_den = small, small
    out = _apply(s, hid_num, hid_den)
    return out[[*SERIES_COLUMNS, "hidden", "reason"]].reset_index(drop=True)


def published_figures(db: Database, region: str, limit: int) -> dict[str, Any]:
    """The figures of the area's indicator pattern (cells, hidden, narrowest, ...)."""
    return dict(indicator_pattern(db, region, limit).figures)


__all__ = ["HIDDEN_REASON", "STAGES", "IndicatorPattern", "bounds", "decide_pattern", "indicator_pattern",
           "linked_cells", "person_indicators", "protect", "protected_by_pattern", "published_figures",
           "published_indicators", "universe"]  # fmt: skip
