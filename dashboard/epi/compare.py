"""Fair comparison of areas: proportion intervals, funnel limits, benchmark comparison.

Method reference: ``/work/shared/reference/epi-methods.md`` ("Comparing areas fairly").

- Wilson score interval and the exact Clopper-Pearson interval (beta quantiles) for a
  proportion x/n.
- Funnel-plot control limits (Spiegelhalter 2005, Stat Med 24:1185-1202). Normal
  approximation: p0 +/- z sqrt(p0(1 - p0)/n) for proportions and theta0 +/- z
  sqrt(theta0/P) for rates, z = 1.959964 (95%) and 3.090232 (99.8%). Exact limits use the
  binomial / Poisson quantiles. By default (``interpolate=True``) with Spiegelhalter's
  interpolation (his Appendix A.1.1): for the p-quantile r_p (smallest r with F(r) >= p)
  set a = (F(r_p) - p) / (F(r_p) - F(r_p - 1)) and the limit is (r_p - a)/n, which gives a
  smooth funnel instead of the step function of the plain quantile r_p/n
  (``interpolate=False``). The interpolated limit lies between (r_p - 1)/n and r_p/n; it
  inverts the CDF interpolated linearly between integers, so both limits sit up to one
  count below the plain quantiles (the upper limit is slightly liberal, the lower slightly
  conservative) and for tiny expected counts (n p0 below ~1) the upper limit can fall
  under p0 itself. All limits are clipped to [0, 1] (proportions) or [0, inf) (rates): a
  negative limit cannot be crossed.
- An area is called higher/lower than the benchmark only when its interval (or the funnel
  limit) excludes the benchmark: the dashboard says so instead of ranking point estimates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from .rates import PER, check_alpha

BETTER, SIMILAR, WORSE, NO_DATA = "better", "similar", "worse", "no_data"
ABOVE, WITHIN, BELOW = "above", "within", "below"

#: Default funnel levels (95% and 99.8%, Spiegelhalter 2005).
FUNNEL_LEVELS: tuple[float, ...] = (0.95, 0.998)


def _scalar_or_array(x: np.ndarray) -> np.ndarray | float | str:
    return x.item() if x.ndim == 0 else x


def _check_x_n(x: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    xa = np.asarray(x, dtype=float)
    na = np.asarray(n, dtype=float)
    try:
        xa, na = np.broadcast_arrays(xa, na)
    except ValueError:
        raise ValueError(f"x and n have incompatible shapes {xa.shape} and {na.shape}") from None
    if np.any(~np.isfinite(xa)) or np.any(~np.isfinite(na)):
        raise ValueError("x and n must be finite numbers")
    if np.any(xa < 0) or np.any(na < 0):
        raise ValueError("x and n must not be negative")
    if np.any(xa > na):
        raise ValueError("x must not exceed n")
    return xa, na


def wilson_interval(
    x: ArrayLike, n: ArrayLike, alpha: float = 0.05
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Wilson score interval for the proportion x/n (vectorised); n = 0 gives NaN, NaN.

    centre = (p + z^2/2n) / (1 + z^2/n), half-width =
    z sqrt(p(1 - p)/n + z^2/4n^2) / (1 + z^2/n), z = Phi^-1(1 - alpha/2).
    Returns ``(lower, upper)`` as floats for scalar input, arrays otherwise.
    """
    a = check_alpha(alpha)
    xa, na = _check_x_n(x, n)
    z = stats.norm.ppf(1 - a / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = xa / na
        denom = 1 + z * z / na
        centre = (p + z * z / (2 * na)) / denom
        half = z * np.sqrt(p * (1 - p) / na + z * z / (4 * na * na)) / denom
        lo = np.where(na > 0, np.clip(centre - half, 0, 1), np.nan)
        hi = np.where(na > 0, np.clip(centre + half, 0, 1), np.nan)
    lo = np.where((xa == 0) & (na > 0), 0.0, lo)  # exact 0 rather than -1e-17 rounding
    hi = np.where((xa == na) & (na > 0), 1.0, hi)
    return _scalar_or_array(lo), _scalar_or_array(hi)


def exact_binomial_interval(
    x: ArrayLike, n: ArrayLike, alpha: float = 0.05
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Clopper-Pearson exact interval for x/n (vectorised); n = 0 gives NaN, NaN.

    lower = Beta^-1(alpha/2; x, n - x + 1) (0 when x = 0),
    upper = Beta^-1(1 - alpha/2; x + 1, n - x) (1 when x = n).
    """
    a = check_alpha(alpha)
    xa, na = _check_x_n(x, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(xa > 0, stats.beta.ppf(a / 2, np.maximum(xa, 1e-300), na - xa + 1), 0.0)
        hi = np.where(xa < na, stats.beta.ppf(1 - a / 2, xa + 1, np.maximum(na - xa, 1e-300)), 1.0)
    lo = np.where(na > 0, lo, np.nan)
    hi = np.where(na > 0, hi, np.nan)
    return _scalar_or_array(lo), _scalar_or_array(hi)


def level_suffix(level: float) -> str:
    """Column suffix for a level: 0.95 -> "95", 0.998 -> "998", 0.999 -> "999"."""
    return f"{level * 100:.10g}".replace(".", "")


def _check_levels(levels: Sequence[float]) -> list[float]:
    lv = [float(v) for v in np.atleast_1d(np.asarray(levels, dtype=float))]
    if not lv or any(not 0 < v < 1 for v in lv):
        raise ValueError(f"levels must be between 0 and 1 (e.g. 0.95, 0.998), got {levels!r}")
    return lv


def _interpolated_quantile(dist: stats.rv_discrete, p: float, interpolate: bool) -> np.ndarray:
    """Spiegelhalter (2005, App. A.1.1) interpolated p-quantile r_p - a of a discrete law.

    With ``interpolate=False`` the plain quantile r_p.
    """
    rp = dist.ppf(p)  # smallest r with F(r) >= p
    if not interpolate:
        return rp
    f_rp = dist.cdf(rp)
    f_below = dist.cdf(rp - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(f_rp > f_below, (f_rp - p) / (f_rp - f_below), 0.0)
    return rp - a


def funnel_limits_proportion(
    p0: float,
    n_grid: ArrayLike,
    levels: Sequence[float] = FUNNEL_LEVELS,
    exact: bool = True,
    *,
    interpolate: bool = True,
) -> pd.DataFrame:
    """Funnel-plot control limits around a target proportion ``p0`` (Spiegelhalter 2005).

    Returns a DataFrame with column ``n`` and ``lower_<L>``/``upper_<L>`` per level, e.g.
    ``lower_95``, ``upper_95``, ``lower_998``, ``upper_998`` (proportions, not %).
    ``exact=True``: binomial quantiles, interpolated as Spiegelhalter describes unless
    ``interpolate=False`` (see module docstring; ``n`` must be whole numbers);
    ``exact=False``: p0 +/- z sqrt(p0(1 - p0)/n). Limits are clipped to
    [0, 1].
    """
    p = float(p0)
    if not 0 < p < 1:
        raise ValueError(f"p0 must be strictly between 0 and 1, got {p0!r}")
    n = np.atleast_1d(np.asarray(n_grid, dtype=float))
    if n.ndim != 1 or n.size == 0 or not np.all(np.isfinite(n)) or np.any(n <= 0):
        raise ValueError("n_grid must be a non-empty list of positive numbers")
    if exact and np.any(n != np.round(n)):
        raise ValueError("exact binomial limits need whole-number n in n_grid")
    out = pd.DataFrame({"n": n})
    for level in _check_levels(levels):
        tail = (1 - level) / 2
        sfx = level_suffix(level)
        if exact:
            dist = stats.binom(n, p)
            lo = _interpolated_quantile(dist, tail, interpolate) / n
            hi = _interpolated_quantile(dist, 1 - tail, interpolate) / n
        else:
            z = stats.norm.ppf(1 - tail)  # 1.959964 (95%), 3.090232 (99.8%)
            half = z * np.sqrt(p * (1 - p) / n)
            lo, hi = p - half, p + half
        out[f"lower_{sfx}"] = np.clip(lo, 0.0, 1.0)
        out[f"upper_{sfx}"] = np.clip(hi, 0.0, 1.0)
    return out


def funnel_limits_rate(
    theta0: float,
    person_years_grid: ArrayLike,
    levels: Sequence[float] = FUNNEL_LEVELS,
    exact: bool = True,
    *,
    interpolate: bool = True,
    per: float = PER,
) -> pd.DataFrame:
    """Funnel-plot control limits around a target rate ``theta0`` per ``per`` person-years.

    Returns columns ``person_years`` and ``lower_<L>``/``upper_<L>`` per level, in the same
    units as ``theta0`` (per 100,000 by default). ``exact=True``: Poisson quantiles of mean
    theta0 x P divided by P, interpolated (Spiegelhalter 2005, see module docstring) unless
    ``interpolate=False``;
    ``exact=False``: theta0 +/- z sqrt(theta0/P). Lower limits are clipped at 0.
    """
    t = float(theta0) / per  # per person-year
    if not t > 0 or not np.isfinite(t):
        raise ValueError(f"theta0 must be a positive rate, got {theta0!r}")
    py = np.atleast_1d(np.asarray(person_years_grid, dtype=float))
    if py.ndim != 1 or py.size == 0 or not np.all(np.isfinite(py)) or np.any(py <= 0):
        raise ValueError("person_years_grid must be a non-empty list of positive numbers")
    out = pd.DataFrame({"person_years": py})
    for level in _check_levels(levels):
        tail = (1 - level) / 2
        sfx = level_suffix(level)
        if exact:
            dist = stats.poisson(t * py)
            lo = _interpolated_quantile(dist, tail, interpolate) / py
            hi = _interpolated_quantile(dist, 1 - tail, interpolate) / py
        else:
            z = stats.norm.ppf(1 - tail)
            half = z * np.sqrt(t / py)
            lo, hi = t - half, t + half
        out[f"lower_{sfx}"] = np.maximum(lo, 0.0) * per
        out[f"upper_{sfx}"] = hi * per
    return out


def compare_with_benchmark_array(
    value_lower: ArrayLike,
    value_upper: ArrayLike,
    benchmark: ArrayLike,
    higher_is_better: bool,
) -> np.ndarray:
    """Vectorised :func:`compare_with_benchmark`; returns an array of labels.

    "better"/"worse" only when the whole interval lies above or below the benchmark
    (respecting ``higher_is_better``), "similar" when it contains the benchmark, and
    "no_data" when a limit or the benchmark is missing (NaN).
    """
    lo = np.asarray(value_lower, dtype=float)
    hi = np.asarray(value_upper, dtype=float)
    b = np.asarray(benchmark, dtype=float)
    lo, hi, b = np.broadcast_arrays(lo, hi, b)
    if np.any(lo > hi):
        raise ValueError("value_lower must not exceed value_upper")
    above = lo > b
    below = hi < b
    higher, lower = (BETTER, WORSE) if higher_is_better else (WORSE, BETTER)
    res = np.where(above, higher, np.where(below, lower, SIMILAR)).astype(object)
    res[np.isnan(lo) | np.isnan(hi) | np.isnan(b)] = NO_DATA
    return res


def compare_with_benchmark(
    value_lower: float, value_upper: float, benchmark: float, higher_is_better: bool
) -> str:
    """Compare an interval with a benchmark value: "better", "similar" or "worse".

    The area is "better"/"worse" only when its confidence interval excludes the benchmark
    (interval above it is better when ``higher_is_better``, e.g. screening coverage; worse
    for incidence or mortality). An interval touching the benchmark is "similar". A NaN
    limit (suppressed rate) or benchmark gives "no_data".
    """
    return str(compare_with_benchmark_array(value_lower, value_upper, benchmark, higher_is_better).item())


def funnel_position(
    x: ArrayLike,
    n: ArrayLike,
    p0: float,
    level: float = 0.998,
    *,
    exact: bool = True,
    interpolate: bool = True,
) -> np.ndarray | str:
    """Where the proportion x/n lies against the funnel limits of ``p0`` at ``level``.

    "above" when x/n is above the upper limit for its n, "below" when under the lower
    limit, "within" otherwise; "no_data" when n = 0. A str for scalar input, an array of
    labels otherwise. Limits as in :func:`funnel_limits_proportion`, so the label agrees
    with what the funnel plot draws. With ``interpolate=False`` the label is the exact
    one-sided test under Binomial(n, p0): "above" iff P(X >= x) <= (1 - level)/2, "below"
    iff P(X <= x) < (1 - level)/2.
    """
    xa, na = _check_x_n(x, n)
    flat_x, flat_n = xa.ravel(), na.ravel()
    res = np.full(flat_n.shape, NO_DATA, dtype=object)
    has = flat_n > 0
    if np.any(has):
        lim = funnel_limits_proportion(p0, flat_n[has], (level,), exact, interpolate=interpolate)
        sfx = level_suffix(level)
        p = flat_x[has] / flat_n[has]
        lab = np.where(
            p > lim[f"upper_{sfx}"].to_numpy(),
            ABOVE,
            np.where(p < lim[f"lower_{sfx}"].to_numpy(), BELOW, WITHIN),
        )
        res[has] = lab
    res = res.reshape(na.shape)
    return str(res.item()) if res.ndim == 0 else res


def funnel_position_rate(
    cases: ArrayLike,
    person_years: ArrayLike,
    theta0: float,
    level: float = 0.998,
    *,
    exact: bool = True,
    interpolate: bool = True,
    per: float = PER,
) -> np.ndarray | str:
    """Like :func:`funnel_position` for a rate cases/person-years against ``theta0``.

    ``theta0`` is per ``per`` person-years (100,000 by default). "no_data" when the
    person-years are 0.
    """
    d = np.asarray(cases, dtype=float)
    py = np.asarray(person_years, dtype=float)
    d, py = np.broadcast_arrays(d, py)
    if np.any(~np.isfinite(d)) or np.any(~np.isfinite(py)) or np.any(d < 0) or np.any(py < 0):
        raise ValueError("cases and person_years must be finite and not negative")
    fd, fp = d.ravel(), py.ravel()
    res = np.full(fp.shape, NO_DATA, dtype=object)
    has = fp > 0
    if np.any(has):
        lim = funnel_limits_rate(theta0, fp[has], (level,), exact, interpolate=interpolate, per=per)
        sfx = level_suffix(level)
        r = fd[has] / fp[has] * per
        res[has] = np.where(
            r > lim[f"upper_{sfx}"].to_numpy(),
            ABOVE,
            np.where(r < lim[f"lower_{sfx}"].to_numpy(), BELOW, WITHIN),
        )
    res = res.reshape(py.shape)
    return str(res.item()) if res.ndim == 0 else res
