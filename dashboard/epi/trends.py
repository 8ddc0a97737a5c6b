"""Annual percent change (APC) of a rate series, one segment (as SEER*Stat/Joinpoint).

Method reference: ``/work/shared/reference/epi-methods.md`` ("Trends"):
fit ln(rate) = m*year + b by least squares, weighted by the inverse variance of ln(rate)
when standard errors are known (var(ln r) ~ (se/r)^2, delta method), otherwise ordinary
least squares; APC = 100(e^m - 1); CI = 100(e^(m +/- t SE(m)) - 1) with t on n - 2 degrees
of freedom. SE(m) uses the residual mean square (weights are relative, as in weighted
regression generally), so the t distribution applies. No fit when any rate is <= 0 (or
missing) or when there are fewer than 3 points. Label (as State Cancer Profiles): "rising"
when the CI lies above 0, "falling" when it lies below 0, "stable" when it spans 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from .rates import check_alpha

RISING, STABLE, FALLING, INSUFFICIENT = "rising", "stable", "falling", "insufficient_data"

#: Minimum number of points for a fit (n - 2 >= 1 degree of freedom).
MIN_POINTS = 3


@dataclass(frozen=True)
class APCResult:
    """Annual percent change with its confidence interval.

    ``label`` is "rising", "stable", "falling" or "insufficient_data"; in the last case
    ``apc``, ``lower`` and ``upper`` are NaN and ``reason`` says why. ``method`` is
    "weighted log-linear" or "log-linear OLS".
    """

    apc: float
    lower: float
    upper: float
    label: str
    n_points: int
    method: str
    reason: str = ""
    slope: float = float("nan")
    slope_se: float = float("nan")


def _label(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    return np.where(lower > 0, RISING, np.where(upper < 0, FALLING, STABLE))


def _wls(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    g: np.ndarray,
    n_groups: int,
    alpha: float,
) -> tuple[np.ndarray, ...]:
    """Weighted least squares of y on x within each group ``g`` (vectorised, two-pass).

    Returns slope m, SE(m) = sqrt(RSS / (n - 2) / Sxx) (residual mean square, as weighted
    regression does), APC = 100(e^m - 1) and its limits 100(e^(m -/+ t SE) - 1) with t on
    n - 2 degrees of freedom, per group. Rows with weight 0 do not count.
    """
    used = (w > 0).astype(float)
    npts = np.bincount(g, weights=used, minlength=n_groups)
    s0 = np.bincount(g, weights=w, minlength=n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        xbar = np.bincount(g, weights=w * x, minlength=n_groups) / s0
        ybar = np.bincount(g, weights=w * y, minlength=n_groups) / s0
        dx = x - xbar[g]
        dy = y - ybar[g]
        cxx = np.bincount(g, weights=w * dx * dx, minlength=n_groups)
        cxy = np.bincount(g, weights=w * dx * dy, minlength=n_groups)
        m = cxy / cxx
        e = dy - m[g] * dx
        rss = np.bincount(g, weights=w * e * e, minlength=n_groups)
        dof = npts - 2
        se = np.sqrt(rss / dof / cxx)
        t = stats.t.ppf(1 - alpha / 2, np.where(dof > 0, dof, 1))
        apc = 100 * np.expm1(m)
        lo = 100 * np.expm1(m - t * se)
        hi = 100 * np.expm1(m + t * se)
    return m, se, apc, lo, hi


def _weights(rates: np.ndarray, se: np.ndarray | None, variances: np.ndarray | None) -> np.ndarray:
    if se is not None and variances is not None:
        raise ValueError("give either se or variances, not both")
    if se is None and variances is None:
        return np.ones_like(rates)
    var = np.asarray(se, dtype=float) ** 2 if se is not None else np.asarray(variances, float)
    if var.shape != rates.shape:
        raise ValueError(f"se/variances length {var.shape} differs from rates {rates.shape}")
    if not np.all(np.isfinite(var)) or np.any(var <= 0):
        raise ValueError("standard errors/variances must be positive finite numbers")
    # var(ln r) ~ var(r) / r^2 (delta method); weight = 1 / var(ln r)
    return rates * rates / var


def annual_percent_change(
    years: ArrayLike,
    rates: ArrayLike,
    *,
    se: ArrayLike | None = None,
    variances: ArrayLike | None = None,
    alpha: float = 0.05,
) -> APCResult:
    """Annual percent change of ``rates`` over ``years`` (one log-linear segment).

    With ``se`` (standard errors of the rates, same units) or ``variances`` the fit is
    weighted by 1/var(ln r) = (r/se)^2; without, ordinary least squares. APC =
    100(e^m - 1), CI = 100(e^(m +/- t_{n-2} SE(m)) - 1) (epi-methods.md, "Trends").

    Returns an ``APCResult`` with label "insufficient_data", NaN values and a ``reason``
    when there are fewer than 3 points or any rate is zero, negative or missing. Raises ``ValueError`` for arrays of different length, non-finite
    years, duplicate years, or non-positive standard errors.
    """
    a = check_alpha(alpha)
    x = np.atleast_1d(np.asarray(years, dtype=float))
    r = np.atleast_1d(np.asarray(rates, dtype=float))
    if x.ndim != 1 or x.shape != r.shape:
        raise ValueError(f"years and rates differ in length ({x.size} vs {r.size})")
    if not np.all(np.isfinite(x)):
        raise ValueError("years must be finite numbers")
    if np.unique(x).size != x.size:
        raise ValueError("years must not repeat")
    n = int(x.size)
    method = "log-linear OLS" if se is None and variances is None else "weighted log-linear"

    def insufficient(reason: str) -> APCResult:
        nan = float("nan")
        return APCResult(nan, nan, nan, INSUFFICIENT, n, method, reason)

    if n < MIN_POINTS:
        return insufficient(f"fewer than {MIN_POINTS} points")
    if not np.all(np.isfinite(r)):
        return insufficient("a rate is missing (suppressed or not computed)")
    if np.any(r <= 0):
        return insufficient("a rate is zero or negative, so ln(rate) is undefined")
    w = _weights(
        r,
        None if se is None else np.atleast_1d(np.asarray(se, float)),
        None if variances is None else np.atleast_1d(np.asarray(variances, float)),
    )
    m, s, apc, lo, hi = (float(v[0]) for v in _wls(x - x.mean(), np.log(r), w, np.zeros(n, np.int64), 1, a))
    return APCResult(
        apc=float(apc),
        lower=float(lo),
        upper=float(hi),
        label=str(_label(np.float64(lo), np.float64(hi))),
        n_points=n,
        method=method,
        slope=float(m),
        slope_se=float(s),
    )


def apc_by_group(
    df: pd.DataFrame,
    by: Sequence[str],
    *,
    year_col: str = "year",
    rate_col: str = "asr",
    se_col: str | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """APC for every group of a long table, vectorised (grouped weighted sums, no loop).

    Same method as :func:`annual_percent_change` (weighted by (rate/se)^2 when ``se_col``
    is given). Returns one row per group with ``apc``, ``apc_lower``, ``apc_upper``,
    ``trend`` (rising/stable/falling/insufficient_data), ``n_points`` and ``reason``.
    Groups with a missing or non-positive rate or fewer than 3 points get NaN and
    "insufficient_data". Duplicate years within a group raise ``ValueError``.
    """
    a = check_alpha(alpha)
    by = [by] if isinstance(by, str) else list(by)
    cols = [*by, year_col, rate_col] + ([se_col] if se_col else [])
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"input table lacks column(s) {missing}")
    if df.duplicated([*by, year_col]).any():
        raise ValueError("a group has the same year more than once")
    x = df[year_col].to_numpy(dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError("years must be finite numbers")
    r = df[rate_col].to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(r) | (r <= 0)
    if se_col:
        s = df[se_col].to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            w = np.where(bad, 0.0, r * r / (s * s))
        if np.any(~bad & ~(np.isfinite(w) & (w > 0))):
            raise ValueError("standard errors must be positive finite numbers")
    else:
        w = np.where(bad, 0.0, 1.0)
    y = np.log(np.where(bad, 1.0, r))
    xc = x - (x.mean() if x.size else 0.0)
    gb = df.groupby(by, sort=True, observed=True, dropna=False)
    g = gb.ngroup().to_numpy().astype(np.int64)
    n_groups = int(g.max()) + 1 if g.size else 0
    if df[by].isna().any().any():
        raise ValueError("grouping columns have missing values")
    _, _, apc, lo, hi = _wls(xc, y, w, g, n_groups, a)
    npts = np.bincount(g, minlength=n_groups)
    nbad = np.bincount(g, weights=bad.astype(float), minlength=n_groups)
    keys = gb.size().index.to_frame(index=False)
    reason = np.where(
        npts < MIN_POINTS,
        f"fewer than {MIN_POINTS} points",
        np.where(nbad > 0, "a rate is zero, negative or missing", ""),
    )
    ok = reason == ""
    nan = np.nan
    out = keys
    out["apc"] = np.where(ok, apc, nan)
    out["apc_lower"] = np.where(ok, lo, nan)
    out["apc_upper"] = np.where(ok, hi, nan)
    out["trend"] = np.where(ok, _label(lo, hi), INSUFFICIENT)
    out["n_points"] = npts.astype(int)
    out["reason"] = reason
    out["method"] = "weighted log-linear" if se_col else "log-linear OLS"
    return out
