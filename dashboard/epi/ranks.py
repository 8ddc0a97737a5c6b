"""Ranks with 95% intervals, by simulation from each area's sampling distribution.

A league table of point estimates overstates what the data can tell apart
(``/work/shared/reference/epi-methods.md``, "Comparing areas fairly"). As NCI State Cancer
Profiles does, each rank is shown with its own interval: every area's rate is drawn
``draws`` times from its sampling distribution, the areas are ranked within each draw, and
the 2.5% and 97.5% quantiles of an area's simulated ranks are its 95% rank interval.

Sampling distributions (one column per area, one row per draw):

- :func:`gamma_draws` — a directly age-standardised rate (and the cumulative rate, a
  weighted sum of age-specific rates likewise): the gamma distribution with the rate's
  mean and variance, shape ``rate²/se²`` and scale ``se²/rate``, as the Fay & Feuer (1997)
  / Tiwari (2006) interval assumes;
- :func:`poisson_draws` — a crude rate: cases ~ Poisson(observed cases), divided by the
  person-years;
- :func:`binomial_draws` — a proportion (percent): numerator ~ Binomial(denominator,
  observed proportion), divided by the denominator.

:func:`rank_interval` ranks a matrix of draws (1 = highest unless ``higher_first`` is
False); equal draws are put in a random order (ties of discrete draws), so identical areas
share a wide interval instead of all taking the best rank. Areas whose value is missing
(suppressed rates) are not ranked: their rank and interval are NaN and they are left out
of every draw's ranking. The generator is seeded, so the same numbers always give the same
intervals. Everything is vectorised: no Python loop over areas or draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

#: Draws per area (about 1,000, as State Cancer Profiles uses).
DRAWS = 1000
#: Seed of the generator: the same numbers give the same intervals on every page and export.
SEED = 20_130_613


@dataclass(frozen=True)
class RankIntervals:
    """Point ranks (1 = first; ties share the best rank) and their ``level`` intervals.

    Arrays of floats, one per area in input order; NaN where the area is not ranked.
    ``n_ranked``: how many areas were ranked.
    """

    rank: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    n_ranked: int


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    return (
        seed
        if isinstance(seed, np.random.Generator)
        else np.random.default_rng(SEED if seed is None else seed)
    )


def gamma_draws(rate: ArrayLike, se: ArrayLike, draws: int = DRAWS,
                seed: int | np.random.Generator | None = None) -> np.ndarray:  # fmt: skip
    """(draws x areas) rates from gamma(shape rate²/se², scale se²/rate); an area with
    se 0 (or rate 0) keeps its rate in every draw; NaN rates stay NaN."""
    y = np.asarray(rate, dtype=float)
    s = np.asarray(se, dtype=float)
    rng = _rng(seed)
    fixed = ~(np.isfinite(s) & (s > 0) & (y > 0))
    shape = np.where(fixed, 1.0, (y / np.where(fixed, 1.0, s)) ** 2)
    scale = np.where(fixed, 0.0, s**2 / np.where(y > 0, y, 1.0))
    out = rng.standard_gamma(shape, size=(draws, y.size)) * scale
    return np.where(fixed, y, out)


def poisson_draws(cases: ArrayLike, person_years: ArrayLike, draws: int = DRAWS, *, per: float = 1e5,
                  seed: int | np.random.Generator | None = None) -> np.ndarray:  # fmt: skip
    """(draws x areas) crude rates per ``per``: Poisson(cases) / person-years; NaN where the
    person-years are not positive or the cases missing."""
    d = np.asarray(cases, dtype=float)
    n = np.asarray(person_years, dtype=float)
    ok = np.isfinite(d) & (d >= 0) & np.isfinite(n) & (n > 0)
    rng = _rng(seed)
    k = rng.poisson(np.where(ok, d, 0.0), size=(draws, d.size))
    return np.where(ok, k / np.where(ok, n, 1.0) * per, np.nan)


def binomial_draws(numerator: ArrayLike, denominator: ArrayLike, draws: int = DRAWS,
                   seed: int | np.random.Generator | None = None) -> np.ndarray:  # fmt: skip
    """(draws x areas) percentages: Binomial(denominator, numerator/denominator) /
    denominator x 100; NaN where the denominator is not positive."""
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    ok = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0) & (x <= n)
    nn = np.where(ok, np.round(n), 1).astype(np.int64)
    p = np.where(ok, x / np.where(ok, n, 1.0), 0.0)
    rng = _rng(seed)
    k = rng.binomial(nn, np.clip(p, 0.0, 1.0), size=(draws, x.size))
    return np.where(ok, k / nn * 100.0, np.nan)


def point_ranks(values: ArrayLike, higher_first: bool = True) -> np.ndarray:
    """Ranks of the finite ``values`` (1 = first; ties share the best rank); NaN elsewhere."""
    v = np.asarray(values, dtype=float)
    ok = np.isfinite(v)
    out = np.full(v.size, np.nan)
    if ok.any():
        key = -v[ok] if higher_first else v[ok]
        srt = np.sort(key)
        out[ok] = np.searchsorted(srt, key, side="left") + 1
    return out


def rank_interval(samples: ArrayLike, values: ArrayLike, *, higher_first: bool = True, level: float = 0.95,
                  seed: int | np.random.Generator | None = None) -> RankIntervals:  # fmt: skip
    """Ranks of ``values`` with intervals from ``samples`` (draws x areas).

    Areas whose value is not finite are not ranked. Within each draw the ranked areas are
    ordered (ties at random) and numbered 1..n; an area's interval is the
    ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of its numbers (inverted CDF:
    both ends are ranks that occurred), widened where needed to contain its point rank.
    """
    if not 0 < level < 1:
        raise ValueError("level must lie between 0 and 1")
    v = np.asarray(values, dtype=float)
    x = np.asarray(samples, dtype=float)
    if x.ndim != 2 or x.shape[1] != v.size:
        raise ValueError("samples must be a (draws x areas) matrix with one column per value")
    ok = np.isfinite(v)
    n = int(ok.sum())
    lower = np.full(v.size, np.nan)
    upper = np.full(v.size, np.nan)
    rank = point_ranks(v, higher_first)
    if n == 0:
        return RankIntervals(rank, lower, upper, 0)
    xs = x[:, ok]
    xs = np.where(np.isfinite(xs), xs, np.broadcast_to(v[ok], xs.shape))
    key = -xs if higher_first else xs
    # ties (discrete draws, equal fixed values) in random order: a jitter far below any
    # real difference between two rates (relative 1e-12), and an absolute one at zero
    u = _rng(seed).random(key.shape)
    key = key + (np.abs(key) * 1e-12 + 1e-300) * u
    order = np.argsort(key, axis=1)
    ranks = np.empty(order.shape, dtype=np.int32)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(1, n + 1, dtype=np.int32), order.shape), axis=1)
    d = ranks.shape[0]
    lo_k = max(int(np.ceil((1 - level) / 2 * d)) - 1, 0)
    hi_k = min(int(np.ceil((1 + level) / 2 * d)) - 1, d - 1)
    part = np.partition(ranks, [lo_k, hi_k], axis=0)
    # at the ends of a long list the draws may miss the point rank (the highest estimate is
    # rarely the highest draw): the interval is widened to contain it
    lower[ok] = np.minimum(part[lo_k], rank[ok])
    upper[ok] = np.maximum(part[hi_k], rank[ok])
    return RankIntervals(rank, lower, upper, n)


def rank_intervals(
    values: ArrayLike,
    *,
    distribution: str,
    se: ArrayLike | None = None,
    cases: ArrayLike | None = None,
    person_years: ArrayLike | None = None,
    per: float = 1e5,
    numerator: ArrayLike | None = None,
    denominator: ArrayLike | None = None,
    higher_first: bool = True,
    draws: int = DRAWS,
    level: float = 0.95,
    seed: int | None = None,
) -> RankIntervals:
    """Ranks of ``values`` (NaN: not ranked) with ``level`` intervals by simulation.

    ``distribution``: ``"gamma"`` (needs ``se``; age-standardised and cumulative rates),
    ``"poisson"`` (needs ``cases`` and ``person_years``, rates per ``per``; crude rates),
    ``"binomial"`` (needs ``numerator`` and ``denominator``; percentages) or ``"fixed"``
    (values without sampling error: each draw is the value itself, so the interval spans
    the areas tied with it).
    """
    v = np.asarray(values, dtype=float)
    rng = _rng(seed)
    if distribution == "gamma":
        if se is None:
            raise ValueError("gamma draws need se")
        x = gamma_draws(v, se, draws, rng)
    elif distribution == "poisson":
        if cases is None or person_years is None:
            raise ValueError("Poisson draws need cases and person_years")
        x = poisson_draws(cases, person_years, draws, per=per, seed=rng)
    elif distribution == "binomial":
        if numerator is None or denominator is None:
            raise ValueError("binomial draws need numerator and denominator")
        x = binomial_draws(numerator, denominator, draws, rng)
    elif distribution == "fixed":
        x = np.broadcast_to(v, (draws, v.size))
    else:
        raise ValueError(f"unknown distribution {distribution!r}: gamma, poisson, binomial or fixed")
    return rank_interval(x, v, higher_first=higher_first, level=level, seed=rng)


__all__ = [
    "DRAWS", "SEED", "RankIntervals", "binomial_draws", "gamma_draws", "point_ranks", "poisson_draws",
    "rank_interval", "rank_intervals",
]  # fmt: skip
