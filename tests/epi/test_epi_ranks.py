"""Ranks with intervals by simulation (dashboard.epi.ranks)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dashboard.epi.ranks import (
    binomial_draws,
    gamma_draws,
    point_ranks,
    poisson_draws,
    rank_interval,
    rank_intervals,
)


def test_counties_far_apart_have_degenerate_ranks() -> None:
    # three crude rates 10, 100, 1000 per 100,000 on ~1,000-10,000 cases each
    r = rank_intervals([1000.0, 10.0, 100.0], distribution="poisson", cases=[10_000, 1_000, 1_000],
                       person_years=[1e6, 1e7, 1e6])  # fmt: skip
    assert r.rank.tolist() == [1, 3, 2]
    assert r.lower.tolist() == r.rank.tolist() == r.upper.tolist()
    assert r.n_ranked == 3


def test_identical_counties_have_wide_ranks() -> None:
    n = 10
    r = rank_intervals(np.full(n, 50.0), distribution="gamma", se=np.full(n, 5.0))
    # ties share the best rank as a point estimate, but any order is as likely as another
    assert (r.rank == 1).all()
    assert (r.lower <= 2).all() and (r.upper >= n - 1).all()


def test_identical_discrete_counties_are_not_all_ranked_first() -> None:
    # Poisson draws tie often at small counts: ties are broken at random, not to the best
    r = rank_intervals(np.full(4, 20.0), distribution="poisson", cases=[20] * 4, person_years=[1e5] * 4)
    assert (r.lower == 1).all() and (r.upper == 4).all()
    fixed = rank_intervals([5.0, 5.0, 1.0], distribution="fixed")
    assert fixed.rank.tolist() == [1, 1, 3]
    assert fixed.lower.tolist() == [1, 1, 3] and fixed.upper.tolist() == [2, 2, 3]


def test_suppressed_counties_are_not_ranked() -> None:
    r = rank_intervals([30.0, math.nan, 20.0, 10.0], distribution="gamma", se=[0.5, 1.0, 0.5, 0.5])
    assert math.isnan(r.rank[1]) and math.isnan(r.lower[1]) and math.isnan(r.upper[1])
    assert r.rank[[0, 2, 3]].tolist() == [1, 2, 3]
    assert r.upper[3] == 3 and r.n_ranked == 3  # ranks run 1..3 among the shown rates


def test_interval_contains_rank_and_widens_with_uncertainty() -> None:
    values = np.linspace(10, 30, 21)
    tight = rank_intervals(values, distribution="gamma", se=np.full(21, 0.2))
    loose = rank_intervals(values, distribution="gamma", se=np.full(21, 4.0))
    assert ((tight.lower <= tight.rank) & (tight.rank <= tight.upper)).all()
    assert ((loose.lower <= loose.rank) & (loose.rank <= loose.upper)).all()
    assert (loose.upper - loose.lower).sum() > 5 * (tight.upper - tight.lower).sum()
    low_first = rank_intervals(values, distribution="gamma", se=np.full(21, 0.2), higher_first=False)
    assert low_first.rank.tolist() == list(range(1, 22))


def test_seeded_and_deterministic() -> None:
    args = {"distribution": "gamma", "se": [3.0, 3.0, 3.0, 3.0]}
    a = rank_intervals([20.0, 22.0, 24.0, 26.0], **args)
    b = rank_intervals([20.0, 22.0, 24.0, 26.0], **args)
    assert a.lower.tolist() == b.lower.tolist() and a.upper.tolist() == b.upper.tolist()


def test_sampling_distributions_have_the_rates_moments() -> None:
    g = gamma_draws([40.0, 0.0], [4.0, 0.0], draws=20_000, seed=1)
    assert g[:, 0].mean() == pytest.approx(40, rel=0.01) and g[:, 0].std() == pytest.approx(4, rel=0.03)
    assert (g[:, 1] == 0).all()
    p = poisson_draws([100], [2e5], draws=20_000, seed=2)
    assert p.mean() == pytest.approx(50, rel=0.01) and p.std() == pytest.approx(5, rel=0.03)
    b = binomial_draws([30, 5], [100, 0], draws=20_000, seed=3)
    assert b[:, 0].mean() == pytest.approx(30, rel=0.01)
    assert b[:, 0].std() == pytest.approx(100 * math.sqrt(0.3 * 0.7 / 100), rel=0.03)
    assert np.isnan(b[:, 1]).all()


def test_binomial_ranks_and_bad_input() -> None:
    r = rank_intervals([90.0, 50.0, 10.0], distribution="binomial", numerator=[900, 500, 100],
                       denominator=[1000, 1000, 1000])  # fmt: skip
    assert r.rank.tolist() == [1, 2, 3] and r.upper.tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="se"):
        rank_intervals([1.0], distribution="gamma")
    with pytest.raises(ValueError, match="unknown distribution"):
        rank_intervals([1.0], distribution="normal")
    with pytest.raises(ValueError, match="matrix"):
        rank_interval(np.zeros((5, 2)), [1.0, 2.0, 3.0])
    assert point_ranks([3.0, math.nan, 3.0, 1.0]).tolist()[::2] == [1, 1]


def test_national_scale_is_fast() -> None:
    import time

    rng = np.random.default_rng(0)
    rate = rng.uniform(100, 300, 2875)
    t0 = time.perf_counter()
    r = rank_intervals(rate, distribution="gamma", se=rate * 0.08)
    assert time.perf_counter() - t0 < 5  # generous: two shared cores
    assert r.n_ranked == 2875 and (r.lower <= r.rank).all() and (r.rank <= r.upper).all()
