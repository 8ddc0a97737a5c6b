"""Crude, directly age-standardised, truncated and cumulative rates.

Method reference: ``/work/shared/reference/epi-methods.md`` (sections "Formulae" and
"Confidence intervals"). Rates are per 100,000 person-years (1/10万) unless stated.

- Crude rate = sum(d) / sum(n) x 1e5, with the exact Poisson interval
  chi2(alpha/2; 2D) / 2N .. chi2(1 - alpha/2; 2D + 2) / 2N.
- Direct age-standardised rate (ASR) = sum_i (d_i / n_i) W_i / sum(W) x 1e5 with
  variance sum_i (W_i / sum W)^2 d_i / n_i^2 (x 1e10), and the gamma interval of
  Fay & Feuer (1997, Stat Med 16:791) or its modification by Tiwari et al. (2006,
  Stat Methods Med Res 15:547), as SEER*Stat and NCI State Cancer Profiles compute it:
  w_i = (W_i / sum W) / n_i, y = sum w_i d_i, v = sum w_i^2 d_i;
  lower = GammaInv(alpha/2; y^2/v, v/y) (0 when y = 0);
  upper = GammaInv(1 - alpha/2; y*^2/v*, v*/y*) with
  y* = y + max(w), v* = v + max(w)^2 (Fay-Feuer) or
  y* = y + mean(w), v* = v + mean(w^2) (Tiwari).
- Truncated rate 35-64: the direct method restricted to ages 35-64 with the world
  (Segi 1960) weights.
- Cumulative rate 0-74 (%) = sum over groups 0..70-74 of rate_i x width_i x 100 (rates as
  proportions); cumulative risk = 1 - exp(-cumulative rate as a proportion).

Age groups with no population
-----------------------------
An age group with zero person-years *and* zero cases contributes zero to the rate, its
variance and ``y``/``v``, and its standard weight is still counted in sum(W): the ASR is
what it would be if that group's rate were 0. This is how SEER*Stat treats an age group
with no population (it does not renormalise the weights). Such groups are left out of
max(w) and of the means of w and w^2 in the upper gamma limits, because w_i = W_i/n_i is
undefined for them. Cases with zero person-years are an error (``ValueError``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from .standards import AGE_WIDTHS, age_group_slice, resolve_weights

#: Rates are expressed per this many person-years (1/10万).
PER = 1e5

#: Interval methods accepted by :func:`standardised_rate`.
METHODS: tuple[str, ...] = ("fay-feuer", "tiwari")


@dataclass(frozen=True)
class RateEstimate:
    """A rate per 100,000 with its standard error and confidence interval.

    ``rate``, ``se``, ``lower`` and ``upper`` are per 100,000 person-years.
    ``cases`` and ``person_years`` are the totals the rate was computed from.
    """

    rate: float
    se: float
    lower: float
    upper: float
    cases: float = float("nan")
    person_years: float = float("nan")
    method: str = ""


# --------------------------------------------------------------------------- validation


def check_alpha(alpha: float) -> float:
    """Return ``alpha`` as a float, or raise ``ValueError`` unless 0 < alpha < 1."""
    a = float(alpha)
    if not 0.0 < a < 1.0:
        raise ValueError(f"alpha must be between 0 and 1 (exclusive), got {alpha!r}")
    return a


def check_method(method: str) -> str:
    """Normalise an interval method name; ``ValueError`` when unknown."""
    m = str(method).strip().lower().replace("_", "-").replace(" ", "-")
    if m in ("fay-feuer", "fayfeuer", "ff"):
        return "fay-feuer"
    if m == "tiwari":
        return "tiwari"
    raise ValueError(f"unknown interval method {method!r}; choose 'fay-feuer' or 'tiwari'")


def _as_counts(cases: ArrayLike, person_years: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate one stratum's age-specific cases and person-years (1-D, equal length)."""
    d = np.atleast_1d(np.asarray(cases, dtype=float))
    n = np.atleast_1d(np.asarray(person_years, dtype=float))
    if d.ndim != 1 or n.ndim != 1:
        raise ValueError("cases and person_years must be one-dimensional")
    if d.shape != n.shape:
        raise ValueError(f"cases and person_years differ in length ({d.shape[0]} vs {n.shape[0]})")
    if d.size == 0:
        raise ValueError("cases and person_years are empty")
    if not (np.all(np.isfinite(d)) and np.all(np.isfinite(n))):
        raise ValueError("cases and person_years must be finite numbers (no NaN or infinity)")
    if np.any(d < 0):
        raise ValueError("cases must not be negative")
    if np.any(n < 0):
        raise ValueError("person_years must not be negative")
    bad = (n == 0) & (d > 0)
    if np.any(bad):
        idx = np.flatnonzero(bad).tolist()
        raise ValueError(f"age group(s) {idx} have cases but zero person-years")
    if not n.sum() > 0:
        raise ValueError("person_years are all zero: no population, the rate is undefined")
    return d, n


# ------------------------------------------------------------------ vectorised kernels
# The kernels below work on arrays of any shape and are shared by the scalar functions
# and by :func:`dashboard.epi.grouped.rates_by_group`, so both give identical results.


def poisson_interval(
    cases: ArrayLike, person_years: ArrayLike, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson limits for a crude rate, per 100,000 (vectorised).

    lower = chi2(alpha/2; 2D) / 2N, upper = chi2(1 - alpha/2; 2D + 2) / 2N
    (epi-methods.md, "Crude rate exact Poisson interval"); lower is 0 when D = 0.
    NaN where N = 0.
    """
    d = np.asarray(cases, dtype=float)
    n = np.asarray(person_years, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(d > 0, stats.chi2.ppf(alpha / 2, 2 * np.where(d > 0, d, 1.0)), 0.0)
        hi = stats.chi2.ppf(1 - alpha / 2, 2 * d + 2)
        scale = np.where(n > 0, PER / (2 * n), np.nan)
    return lo * scale, hi * scale


def gamma_interval(
    y: ArrayLike,
    v: ArrayLike,
    w_extra: ArrayLike,
    w2_extra: ArrayLike,
    alpha: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Fay-Feuer / Tiwari gamma limits from y = sum w d, v = sum w^2 d (vectorised).

    ``w_extra``/``w2_extra`` are max(w)/max(w)^2 (Fay & Feuer 1997) or mean(w)/mean(w^2)
    (Tiwari et al. 2006). lower = GammaInv(alpha/2; y^2/v, v/y), 0 when y = 0;
    upper = GammaInv(1 - alpha/2; y*^2/v*, v*/y*), y* = y + w_extra, v* = v + w2_extra.
    """
    y = np.asarray(y, dtype=float)
    v = np.asarray(v, dtype=float)
    ys = y + np.asarray(w_extra, dtype=float)
    vs = v + np.asarray(w2_extra, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pos = (y > 0) & (v > 0)
        y1 = np.where(pos, y, 1.0)
        v1 = np.where(pos, v, 1.0)
        lo = np.where(pos, stats.gamma.ppf(alpha / 2, y1 * y1 / v1, scale=v1 / y1), 0.0)
        ok = (ys > 0) & (vs > 0)
        ys1 = np.where(ok, ys, 1.0)
        vs1 = np.where(ok, vs, 1.0)
        hi = np.where(ok, stats.gamma.ppf(1 - alpha / 2, ys1 * ys1 / vs1, scale=vs1 / ys1), np.nan)
    lo = np.where(np.isnan(y), np.nan, lo)
    return lo, hi


@dataclass(frozen=True)
class _Reducer:
    """How to broadcast per-age vectors onto cells and reduce cells to groups.

    ``age(vec)`` maps a length-A vector onto the cell array; ``sum``/``max`` reduce a cell
    array to one value per group. Dense layout: cells are a (G, A) matrix. Sparse layout:
    flat cells with an age index and a group index (see grouped.py).
    """

    age: Callable[[np.ndarray], np.ndarray]
    sum: Callable[[np.ndarray], np.ndarray]
    max: Callable[[np.ndarray], np.ndarray]


def dense_reducer() -> _Reducer:
    """Reducer for cells laid out as a (groups, age groups) matrix."""
    return _Reducer(
        age=lambda vec: np.asarray(vec, dtype=float)[None, :],
        sum=lambda x: x.sum(axis=1),
        max=lambda x: x.max(axis=1),
    )


def direct_kernel(
    d: np.ndarray,
    n: np.ndarray,
    weights: np.ndarray,
    red: _Reducer,
    *,
    alpha: float,
    method: str,
    age_mask: np.ndarray | None = None,
    with_interval: bool = True,
    interval_rows: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Direct ASR, SE and gamma interval per group (vectorised over groups).

    ``weights`` are the standard weights (length A); ``age_mask`` (bool, length A) limits
    the computation to some age groups (e.g. 35-64), with weights normalised over them.
    Returns arrays ``rate``, ``se``, ``lower``, ``upper`` per 100,000 (NaN where the
    selected ages have no person-years at all). ``interval_rows`` (bool per group) limits
    the (costly) gamma quantiles to those groups; the others get NaN limits.
    """
    wts = np.asarray(weights, dtype=float)
    if age_mask is not None:
        wts = np.where(age_mask, wts, 0.0)
    wn = wts / wts.sum() * PER  # W_i / sum(W), scaled so results are per 100,000
    pos = n > 0
    if age_mask is not None:
        pos = pos & red.age(age_mask.astype(float)).astype(bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(pos, red.age(wn) / np.where(pos, n, 1.0), 0.0)  # w_i = (W_i/ΣW)/n_i
    wd = w * d
    y = red.sum(wd)  # ASR = Σ w_i d_i
    v = red.sum(wd * w)  # variance = Σ w_i² d_i
    has_pop = red.sum(pos.astype(float))
    out: dict[str, np.ndarray] = {}
    no_pop = has_pop == 0
    out["rate"] = np.where(no_pop, np.nan, y)
    out["se"] = np.where(no_pop, np.nan, np.sqrt(v))
    if with_interval:
        if method == "fay-feuer":
            wmax = red.max(w)
            extra, extra2 = wmax, wmax * wmax
        else:  # Tiwari et al. 2006: mean over age groups with population
            with np.errstate(divide="ignore", invalid="ignore"):
                extra = red.sum(w) / has_pop
                extra2 = red.sum(w * w) / has_pop
        rows = ~no_pop if interval_rows is None else (interval_rows & ~no_pop)
        lo = np.full(y.shape, np.nan)
        hi = np.full(y.shape, np.nan)
        lo[rows], hi[rows] = gamma_interval(y[rows], v[rows], extra[rows], extra2[rows], alpha)
        out["lower"], out["upper"] = lo, hi
    return out


def cumulative_kernel(
    d: np.ndarray, n: np.ndarray, red: _Reducer, widths: np.ndarray, age_mask: np.ndarray
) -> np.ndarray:
    """Cumulative rate (%) = Σ rate_i x width_i x 100 over ``age_mask`` (vectorised)."""
    wid = np.where(age_mask, widths, 0.0)
    wid = np.nan_to_num(wid, nan=0.0)
    pos = n > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(pos, d / np.where(pos, n, 1.0), 0.0)
    tot = red.sum(r * red.age(wid)) * 100.0
    any_pop = red.sum((pos & red.age(age_mask.astype(float)).astype(bool)).astype(float))
    return np.where(any_pop > 0, tot, np.nan)


# --------------------------------------------------------------------------- public API


def crude_rate(cases: ArrayLike, person_years: ArrayLike, alpha: float = 0.05) -> RateEstimate:
    """Crude rate per 100,000 with the exact Poisson interval.

    ``cases`` and ``person_years`` are scalars or equal-length arrays (summed). The rate is
    sum(d)/sum(n) x 1e5, SE = sqrt(D)/N x 1e5, and the interval is
    chi2(alpha/2; 2D)/2N .. chi2(1 - alpha/2; 2D + 2)/2N (epi-methods.md). With zero cases
    the rate and lower limit are 0 and the upper limit is finite.

    Raises ``ValueError`` for negative or non-finite input, cases with zero person-years,
    arrays of different length or no person-years at all.
    """
    a = check_alpha(alpha)
    d, n = _as_counts(cases, person_years)
    big_d, big_n = float(d.sum()), float(n.sum())
    lo, hi = poisson_interval(big_d, big_n, a)
    return RateEstimate(
        rate=big_d / big_n * PER,
        se=float(np.sqrt(big_d) / big_n * PER),
        lower=float(lo),
        upper=float(hi),
        cases=big_d,
        person_years=big_n,
        method="exact-poisson",
    )


def standardised_rate(
    cases: ArrayLike,
    person_years: ArrayLike,
    weights: ArrayLike | str,
    *,
    alpha: float = 0.05,
    method: str = "fay-feuer",
) -> RateEstimate:
    """Direct age-standardised rate per 100,000 with SE and gamma confidence interval.

    ASR = Σ (d_i/n_i) W_i/ΣW x 1e5; variance = Σ (W_i/ΣW)² d_i/n_i² x 1e10
    (epi-methods.md "Formulae"). Interval: Fay & Feuer (1997) gamma interval by default;
    ``method="tiwari"`` uses the Tiwari et al. (2006) upper limit (same lower limit).

    ``cases``, ``person_years`` and ``weights`` are equal-length arrays in age-group order
    (any number of groups); ``weights`` may also be a standard name ("china2000", "segi").
    An age group with zero person-years and zero cases contributes 0 while its weight still
    counts in ΣW (as SEER*Stat does; see the module docstring).

    Raises ``ValueError`` when lengths differ, counts are negative or not finite, an age
    group has cases but no person-years, there are no person-years at all, or the
    standard/method is unknown.
    """
    a = check_alpha(alpha)
    m = check_method(method)
    d, n = _as_counts(cases, person_years)
    w = resolve_weights(weights, d.shape[0])
    res = direct_kernel(d[None, :], n[None, :], w, dense_reducer(), alpha=a, method=m)
    return RateEstimate(
        rate=float(res["rate"][0]),
        se=float(res["se"][0]),
        lower=float(res["lower"][0]),
        upper=float(res["upper"][0]),
        cases=float(d.sum()),
        person_years=float(n.sum()),
        method=m,
    )


def _check_19(d: np.ndarray, what: str) -> None:
    if d.shape[0] != len(AGE_WIDTHS):
        raise ValueError(
            f"{what} needs the {len(AGE_WIDTHS)} registry age groups (0, 1-4, ..., 85+), got {d.shape[0]}"
        )


def truncated_rate(
    cases: ArrayLike,
    person_years: ArrayLike,
    *,
    lower_age: int = 35,
    upper_age: int = 64,
    standard: ArrayLike | str = "segi",
    alpha: float = 0.05,
    method: str = "fay-feuer",
) -> RateEstimate:
    """Truncated age-standardised rate (default ages 35-64) per 100,000.

    The direct method restricted to the age groups covering ``lower_age``..``upper_age``,
    with weights from the world (Segi 1960) standard by default (epi-methods.md:
    "Truncated rate 35-64 ... weights from the WORLD standard"). Inputs are the 19 registry
    age groups; the interval is the gamma interval of :func:`standardised_rate` computed
    on the selected groups.
    """
    d, n = _as_counts(cases, person_years)
    _check_19(d, "truncated_rate")
    sl = age_group_slice(lower_age, upper_age)
    w = resolve_weights(standard, len(AGE_WIDTHS))
    return standardised_rate(d[sl], n[sl], w[sl], alpha=alpha, method=method)


def cumulative_rate(cases: ArrayLike, person_years: ArrayLike, *, upper_age: int = 74) -> float:
    """Cumulative rate 0-``upper_age`` in percent (default 0-74).

    Σ over age groups 0 .. (upper_age-4)-upper_age of rate_i x width_i x 100, with rates as
    proportions and widths 1, 4, 5, 5, ... years (epi-methods.md; IARC CI5). Inputs are the
    19 registry age groups. Age groups with no population contribute 0.
    """
    d, n = _as_counts(cases, person_years)
    _check_19(d, "cumulative_rate")
    sl = age_group_slice(0, upper_age)
    mask = np.zeros(d.shape[0], dtype=bool)
    mask[sl] = True
    if not n[sl].sum() > 0:
        raise ValueError(f"no person-years in ages 0-{upper_age}: cumulative rate undefined")
    val = cumulative_kernel(d[None, :], n[None, :], dense_reducer(), AGE_WIDTHS, mask)
    return float(val[0])


def risk_from_cumulative_rate(cum_rate_percent: ArrayLike) -> np.ndarray | float:
    """Cumulative risk (%) from a cumulative rate (%): 100 x (1 - exp(-rate/100)).

    epi-methods.md: cumulative risk = 1 - exp(-cumulative rate as a proportion). The result
    is returned in percent, like the cumulative rate. Vectorised; NaN stays NaN.
    """
    x = np.asarray(cum_rate_percent, dtype=float)
    if np.any(x[np.isfinite(x)] < 0):
        raise ValueError("cumulative rate must not be negative")
    out = 100.0 * -np.expm1(-x / 100.0)
    return float(out) if out.ndim == 0 else out


def cumulative_risk(cases: ArrayLike, person_years: ArrayLike, *, upper_age: int = 74) -> float:
    """Cumulative risk 0-``upper_age`` in percent: 100 x (1 - exp(-cumulative rate / 100)).

    The probability (as %) of developing the cancer before ``upper_age + 1`` in the absence
    of other causes of death (IARC CI5; epi-methods.md "Cumulative risk").
    """
    return float(risk_from_cumulative_rate(cumulative_rate(cases, person_years, upper_age=upper_age)))
