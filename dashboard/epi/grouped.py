"""Rates for many strata at once (area x year x sex x site ...), fully vectorised.

Method reference: ``/work/shared/reference/epi-methods.md``. The formulae are those of
:mod:`dashboard.epi.rates` (crude rate with exact Poisson interval; direct ASR with the
Fay-Feuer 1997 / Tiwari 2006 gamma interval; truncated 35-64 rate on Segi weights;
cumulative rate 0-74 %), and the same kernels are used, so a group's row equals what the
scalar functions return for that group.

Implementation: the ``by`` columns are turned into one integer group code per row (no
string group-by), ``(group, age)`` cells are summed with ``np.bincount`` and laid out as a
(groups x age groups) matrix; the sums of w*d, w^2*d, ... are row sums of that matrix and
the gamma/chi-square quantiles are evaluated once on whole arrays. There is no Python loop
over groups.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .rates import (
    _Reducer,
    check_alpha,
    check_method,
    cumulative_kernel,
    dense_reducer,
    direct_kernel,
    poisson_interval,
    risk_from_cumulative_rate,
)
from .standards import AGE_GROUPS, AGE_WIDTHS, age_group_slice, resolve_weights, standard_weights

#: Output rate columns that suppression blanks (see :func:`rates_by_group`).
RATE_COLUMNS: tuple[str, ...] = (
    "crude", "crude_lower", "crude_upper", "asr", "asr_se", "asr_lower", "asr_upper",
)  # fmt: skip

#: Reason codes of the ``suppressed_reason`` column ("" means shown).
REASON_NO_POPULATION = "no_population"


def reason_fewer_than(threshold: int) -> str:
    """Reason code for a rate on fewer than ``threshold`` cases, e.g. ``fewer_than_16_cases``."""
    return f"fewer_than_{int(threshold)}_cases"


# A dense (groups x ages) layout is used when it has at most this many cells beyond
# 2 x the number of input rows; otherwise (very sparse tables) a flat cell layout.
_DENSE_SLACK = 1 << 20


def _column_codes(col: pd.Series, name: str) -> tuple[np.ndarray, int]:
    """Integer codes 0..k-1 (sorted order of values) for one ``by`` column, and k."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy()
        k = len(col.cat.categories)
    elif isinstance(col.dtype, np.dtype) and col.dtype.kind in "iub":
        v = col.to_numpy()
        if v.size == 0:
            return np.zeros(0, dtype=np.int64), 1
        lo, hi = int(v.min()), int(v.max())
        if hi - lo <= max(4 * v.size, 1 << 22):
            # small integer range (years, sexes, site codes, county indices): no hashing
            return v.astype(np.int64) - lo, hi - lo + 1
        codes, uniq = pd.factorize(v, sort=True)
        k = len(uniq)
    else:
        codes, uniq = pd.factorize(col, sort=True, use_na_sentinel=True)
        k = len(uniq)
    if np.any(codes < 0):
        raise ValueError(f"grouping column {name!r} has missing values")
    return codes.astype(np.int64, copy=False), max(k, 1)


def _group_codes(df: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, int]:
    """One code 0..G-1 per row for the combination of ``by`` columns, G = groups present.

    Codes follow the sorted order of the ``by`` values (like ``groupby(sort=True)``).
    """
    n = len(df)
    key = np.zeros(n, dtype=np.int64)
    size = 1
    for name in by:
        codes, k = _column_codes(df[name], name)
        if size * k >= (1 << 62) // 64:
            key, uniq = pd.factorize(key, sort=True)
            key = key.astype(np.int64, copy=False)
            size = max(len(uniq), 1)
        key *= k
        key += codes
        size *= k
    if size <= 4 * n + _DENSE_SLACK:
        present = np.bincount(key, minlength=size) > 0
        remap = np.cumsum(present, dtype=np.int64) - 1
        return remap[key], int(present.sum())
    codes, uniq = pd.factorize(key, sort=True)
    return codes.astype(np.int64, copy=False), len(uniq)


def _numeric(df: pd.DataFrame, name: str) -> np.ndarray:
    s = df[name]
    if not (pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)):
        raise ValueError(f"column {name!r} must be numeric, got dtype {s.dtype}")
    if pd.api.types.is_extension_array_dtype(s.dtype):
        v = s.to_numpy(dtype=float, na_value=np.nan)
    else:
        v = s.to_numpy()
    if v.dtype.kind == "f" and not np.all(np.isfinite(v)):
        raise ValueError(f"column {name!r} has missing or infinite values")
    if v.size and v.min() < 0:
        raise ValueError(f"column {name!r} has negative values")
    return v


def rates_by_group(
    df: pd.DataFrame,
    by: Sequence[str],
    *,
    standard: str | ArrayLike = "china2000",
    alpha: float = 0.05,
    method: str = "fay-feuer",
    suppress_below: int | None = 16,
    measure_col: str = "cases",
    population_col: str = "person_years",
    age_col: str = "age_group",
    include_cumulative: bool = True,
    include_truncated: bool = True,
) -> pd.DataFrame:
    """Crude and age-standardised rates (per 100,000) for every group of a long table.

    Input: one row per cell with the ``by`` columns, ``age_group`` (int index 0..A-1 into
    the standard, 0..18 for the registry groups 0, 1-4, ..., 85+), the count column
    ``measure_col`` (cases or deaths) and ``person_years``. Rows repeating a (group, age)
    cell are summed; age groups absent from a group count as zero cases and zero
    person-years (they contribute 0 to the ASR, their weight still counted, as SEER*Stat
    does; see :mod:`dashboard.epi.rates`). ``standard`` is a name ("china2000", "segi") or
    an array of A weights.

    Output: one row per group present in ``df``, sorted by the ``by`` values, with columns

    - the ``by`` columns;
    - ``cases``: Σ of ``measure_col`` (named ``cases`` whatever the input column);
    - ``person_years``: Σ person-years;
    - ``crude``, ``crude_lower``, ``crude_upper``: crude rate, exact Poisson interval
      (chi-square, epi-methods.md);
    - ``asr``, ``asr_se``, ``asr_lower``, ``asr_upper``: direct age-standardised rate, its
      SE and gamma interval (``method`` "fay-feuer" = Fay & Feuer 1997, default, or
      "tiwari" = Tiwari et al. 2006);
    - only with 19 age groups: ``cum_0_74`` (cumulative rate 0-74, %), ``cum_risk_0_74``
      (cumulative risk 0-74, %) when ``include_cumulative``; ``truncated_35_64`` (truncated
      ASR 35-64 on Segi world weights, per 100,000) when ``include_truncated``;
    - ``suppressed`` (bool) and ``suppressed_reason``: ``""`` (shown),
      ``"no_population"`` (no person-years at all) or ``"fewer_than_16_cases"`` (fewer than
      ``suppress_below`` cases; the number in the code is the threshold used).

    Suppressed rows keep ``cases`` and ``person_years`` but have NaN in every rate column.
    ``cum_0_74``/``cum_risk_0_74`` and ``truncated_35_64`` are also NaN when the cases in
    their own age range (0-74, 35-64) are fewer than ``suppress_below``, though the row is
    not flagged for that. ``suppress_below=None`` or ``0`` turns the small-number rule off
    (no-population rows are always flagged). Counts are not hidden here: the
    publication layer (:mod:`dashboard.publish`) decides which may be shown.

    Raises ``ValueError`` for missing columns, missing/negative/non-finite values, age
    groups outside 0..A-1, a cell with cases but zero person-years, an unknown standard or
    method, or an invalid ``alpha``.
    """
    a = check_alpha(alpha)
    m = check_method(method)
    by = [by] if isinstance(by, str) else list(by)
    needed = [*by, age_col, measure_col, population_col]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(f"input table lacks column(s) {missing}")
    if len(set(by)) != len(by) or set(by) & {age_col, measure_col, population_col}:
        raise ValueError("by columns must be distinct from each other and from the data columns")
    if suppress_below is not None and suppress_below < 0:
        raise ValueError("suppress_below must not be negative")
    weights = resolve_weights(standard)
    n_age = weights.shape[0]

    d = _numeric(df, measure_col)
    pop = _numeric(df, population_col)
    age = df[age_col].to_numpy()
    if age.dtype.kind not in "iu":
        agef = np.asarray(age, dtype=float)
        if not np.all(np.isfinite(agef)) or np.any(agef != np.round(agef)):
            raise ValueError(f"column {age_col!r} must hold whole age-group indices")
        age = agef.astype(np.int64)
    if age.size and (age.min() < 0 or age.max() >= n_age):
        raise ValueError(
            f"column {age_col!r} must be between 0 and {n_age - 1} (the standard has {n_age} age groups)"
        )

    bad = (pop == 0) & (d > 0)
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        where = {c: df[c].iloc[i] for c in by}
        ag = int(age[i])
        label = AGE_GROUPS[ag] if n_age == len(AGE_GROUPS) else str(ag)
        raise ValueError(
            f"{int(bad.sum())} row(s) have cases but zero person-years, e.g. {where} age group {label}"
        )

    n_rows = len(df)
    if by:
        g, n_groups = _group_codes(df, by)
    else:
        g, n_groups = np.zeros(n_rows, dtype=np.int64), 1 if n_rows else 0
    rep = np.zeros(n_groups, dtype=np.int64)
    rep[g] = np.arange(n_rows, dtype=np.int64)  # any row of each group, for its by values

    # ---- sum cells (group, age) -------------------------------------------------------
    cell = g  # reuse the buffer: cell = group * A + age
    cell *= n_age
    cell += age
    n_cells = n_groups * n_age
    if n_cells <= 2 * n_rows + _DENSE_SLACK:
        dc = np.bincount(cell, weights=d, minlength=n_cells).reshape(n_groups, n_age)
        nc = np.bincount(cell, weights=pop, minlength=n_cells).reshape(n_groups, n_age)
        red = dense_reducer()
    else:  # sparse tables: keep only cells present
        ccode, cuniq = pd.factorize(cell)
        dc = np.bincount(ccode, weights=d, minlength=len(cuniq))
        nc = np.bincount(ccode, weights=pop, minlength=len(cuniq))
        cell_group = cuniq // n_age
        cell_age = cuniq % n_age
        red = _sparse_reducer(cell_group, cell_age, n_groups)
    del cell, g

    big_d = red.sum(dc)
    big_n = red.sum(nc)
    out = df[by].iloc[rep].reset_index(drop=True) if by else pd.DataFrame(index=range(n_groups))
    out["cases"] = big_d
    out["person_years"] = big_n

    # ---- suppression decision first, so quantiles are computed only where shown -------
    no_pop = big_n <= 0
    thr = int(suppress_below) if suppress_below else 0
    few = (big_d < thr) & ~no_pop
    shown = ~(no_pop | few)
    reason = np.full(n_groups, "", dtype=object)
    reason[few] = reason_fewer_than(thr)
    reason[no_pop] = REASON_NO_POPULATION

    with np.errstate(divide="ignore", invalid="ignore"):
        crude = np.where(shown, big_d / np.where(no_pop, 1.0, big_n) * 1e5, np.nan)
    clo = np.full(n_groups, np.nan)
    chi = np.full(n_groups, np.nan)
    clo[shown], chi[shown] = poisson_interval(big_d[shown], big_n[shown], a)
    out["crude"], out["crude_lower"], out["crude_upper"] = crude, clo, chi

    asr = direct_kernel(dc, nc, weights, red, alpha=a, method=m, interval_rows=shown)
    out["asr"] = np.where(shown, asr["rate"], np.nan)
    out["asr_se"] = np.where(shown, asr["se"], np.nan)
    out["asr_lower"] = asr["lower"]
    out["asr_upper"] = asr["upper"]

    if n_age == len(AGE_GROUPS):
        ages = red.age(np.arange(n_age, dtype=float))
        if include_cumulative:
            mask = np.zeros(n_age, dtype=bool)
            mask[age_group_slice(0, 74)] = True
            cum = cumulative_kernel(dc, nc, red, AGE_WIDTHS, mask)
            d_0_74 = red.sum(np.where(ages <= mask.nonzero()[0][-1], dc, 0.0))
            cum = np.where(shown & (d_0_74 >= thr), cum, np.nan)
            out["cum_0_74"] = cum
            out["cum_risk_0_74"] = risk_from_cumulative_rate(cum)
        if include_truncated:
            sl = age_group_slice(35, 64)
            mask = np.zeros(n_age, dtype=bool)
            mask[sl] = True
            tr = direct_kernel(
                dc,
                nc,
                standard_weights("segi"),
                red,
                alpha=a,
                method=m,
                age_mask=mask,
                with_interval=False,
            )
            in_range = (ages >= sl.start) & (ages < sl.stop)
            d_35_64 = red.sum(np.where(in_range, dc, 0.0))
            out["truncated_35_64"] = np.where(shown & (d_35_64 >= thr), tr["rate"], np.nan)

    out["suppressed"] = ~shown
    out["suppressed_reason"] = pd.array(reason, dtype="str") if n_groups else pd.array([], dtype="str")
    return out


def _sparse_reducer(cell_group: np.ndarray, cell_age: np.ndarray, n_groups: int) -> _Reducer:
    """Reducer for a flat list of present cells (group index, age index)."""

    def gmax(x: np.ndarray) -> np.ndarray:
        res = np.zeros(n_groups)  # all quantities reduced with max are >= 0
        np.maximum.at(res, cell_group, x)
        return res

    return _Reducer(
        age=lambda vec: np.asarray(vec, dtype=float)[cell_age],
        sum=lambda x: np.bincount(cell_group, weights=x, minlength=n_groups),
        max=gmax,
    )
