"""Scalar rate functions: worked example, hand-worked edge cases, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dashboard.epi import (
    RateEstimate,
    crude_rate,
    cumulative_rate,
    cumulative_risk,
    risk_from_cumulative_rate,
    standard_weights,
    standardised_rate,
    truncated_rate,
)

# Public worked example (csm.ornl.gov "ex-direct"), epi-methods.md.
EX_D = np.array([3, 9, 7, 2, 1], dtype=float)
EX_RATE = np.array([36.1228, 17.2003, 15.6352, 5.7322, 10.5584])
EX_N = EX_D / EX_RATE * 1e5
EX_W = np.array([0.28111788, 0.21226284, 0.22695215, 0.19851136, 0.08115578])


def test_worked_example_fay_feuer() -> None:
    est = standardised_rate(EX_D, EX_N, EX_W)
    assert isinstance(est, RateEstimate)
    assert round(est.rate, 4) == 19.3490
    assert round(est.se, 4) == 6.2478
    assert round(est.lower, 4) == 9.1091
    assert round(est.upper, 4) == 38.6324


def test_worked_example_tiwari_changes_only_upper() -> None:
    ff = standardised_rate(EX_D, EX_N, EX_W)
    tw = standardised_rate(EX_D, EX_N, EX_W, method="tiwari")
    assert round(tw.upper, 4) == 34.9401
    assert tw.rate == ff.rate and tw.se == ff.se and tw.lower == ff.lower


def test_rate_estimate_is_frozen() -> None:
    est = standardised_rate(EX_D, EX_N, EX_W)
    with pytest.raises(AttributeError):
        est.rate = 1.0  # type: ignore[misc]


def test_weights_need_not_be_normalised() -> None:
    a = standardised_rate(EX_D, EX_N, EX_W)
    b = standardised_rate(EX_D, EX_N, EX_W * 1234.5)
    assert b.rate == pytest.approx(a.rate, rel=1e-12)
    assert b.upper == pytest.approx(a.upper, rel=1e-12)


def test_zero_cases() -> None:
    # w_i = 0.5 / 1000 x 1e5 = 50; y = v = 0; Fay-Feuer upper: gamma(shape 1, scale 50)
    est = standardised_rate([0, 0], [1000, 1000], [1, 1])
    assert est.rate == 0.0 and est.se == 0.0 and est.lower == 0.0
    assert math.isfinite(est.upper)
    assert est.upper == pytest.approx(-50 * math.log(0.025), rel=1e-10)
    crude = crude_rate([0, 0], [1000, 1000])
    assert crude.rate == 0.0 and crude.lower == 0.0
    # chi2(0.975; 2) / (2N) = -ln(0.025) / N
    assert crude.upper == pytest.approx(-math.log(0.025) / 2000 * 1e5, rel=1e-10)


def test_single_age_group_matches_exact_poisson() -> None:
    # One group: w = 1 per 100,000, y = v = d; the gamma limits are the exact Poisson ones.
    est = standardised_rate([10], [1e5], [7.0])
    assert est.rate == pytest.approx(10.0)
    assert est.se == pytest.approx(math.sqrt(10))
    assert est.lower == pytest.approx(stats.chi2.ppf(0.025, 20) / 2, rel=1e-10)
    assert est.upper == pytest.approx(stats.chi2.ppf(0.975, 22) / 2, rel=1e-10)
    crude = crude_rate(10, 1e5)
    assert (crude.lower, crude.upper) == pytest.approx((est.lower, est.upper), rel=1e-10)


def test_crude_rate_by_hand() -> None:
    est = crude_rate([10, 20], [50_000, 150_000])
    assert est.rate == pytest.approx(15.0)
    assert est.se == pytest.approx(math.sqrt(30) / 2e5 * 1e5)
    assert est.lower == pytest.approx(stats.chi2.ppf(0.025, 60) / 4e5 * 1e5)
    assert est.upper == pytest.approx(stats.chi2.ppf(0.975, 62) / 4e5 * 1e5)
    assert est.cases == 30 and est.person_years == 2e5


def test_age_group_without_population_contributes_zero_weight_kept() -> None:
    # ASR = 0.5 x 3/1000 x 1e5 + 0.5 x 0 = 150; SE = 0.5 sqrt(3)/1000 x 1e5
    est = standardised_rate([3, 0], [1000, 0], [1, 1])
    assert est.rate == pytest.approx(150.0)
    assert est.se == pytest.approx(0.5 * math.sqrt(3) / 1000 * 1e5)
    # max(w) over groups with population: w = 50; y* = 200, v* = 7500 + 2500
    y_s, v_s = 200.0, 0.25 * 3 / 1000**2 * 1e10 + 2500
    assert est.upper == pytest.approx(stats.gamma.ppf(0.975, y_s**2 / v_s, scale=v_s / y_s))
    # Tiwari: mean(w) over groups with population (= 50, the only one)
    tw = standardised_rate([3, 0], [1000, 0], [1, 1], method="tiwari")
    assert tw.upper == pytest.approx(est.upper)


@pytest.mark.parametrize(
    ("cases", "py", "weights", "message"),
    [
        ([1, -2], [10, 10], [1, 1], "negative"),
        ([1, 2], [10, -10], [1, 1], "negative"),
        ([1, 2, 3], [10, 10], [1, 1, 1], "differ in length"),
        ([1, 2], [10, 10], [1, 1, 1], "weights but the data have 2"),
        ([1, 2], [10, 0], [1, 1], "cases but zero person-years"),
        ([0, 0], [0, 0], [1, 1], "no population"),
        ([1, np.nan], [10, 10], [1, 1], "finite"),
        ([1, 2], [10, 10], [1, -1], "negative"),
        ([1, 2], [10, 10], [0, 0], "all be zero"),
        ([], [], [], "empty"),
    ],
)
def test_bad_input_raises(cases, py, weights, message) -> None:
    with pytest.raises(ValueError, match=message):
        standardised_rate(cases, py, weights)


def test_unknown_standard_and_method() -> None:
    with pytest.raises(ValueError, match="unknown standard"):
        standardised_rate([1] * 19, [100] * 19, "us2000")
    with pytest.raises(ValueError, match="unknown interval method"):
        standardised_rate(EX_D, EX_N, EX_W, method="exact")
    with pytest.raises(ValueError, match="alpha"):
        standardised_rate(EX_D, EX_N, EX_W, alpha=1.5)
    with pytest.raises(ValueError, match="unknown standard"):
        standard_weights("world")


def test_named_standard_accepted() -> None:
    d = np.arange(19, dtype=float)
    n = np.full(19, 1e5)
    est = standardised_rate(d, n, "segi")
    w = standard_weights("segi")
    assert est.rate == pytest.approx((d * w).sum() / w.sum())


def test_standards_facts() -> None:
    china = standard_weights("china2000")
    segi = standard_weights("segi")
    assert china.shape == segi.shape == (19,)
    assert china.sum() == 1_242_612_226
    assert segi.sum() == 100_000
    assert (segi[0], segi[1]) == (2400, 9600)
    china[0] = -1  # a copy: mutating it must not change the module's table
    assert standard_weights("china2000")[0] == 13793799


def test_truncated_rate_by_hand() -> None:
    d = np.arange(19, dtype=float)
    n = np.full(19, 1e4)
    est = truncated_rate(d, n)
    segi = standard_weights("segi")[8:14]  # 35-39 .. 60-64: 6000 6000 6000 5000 4000 4000
    assert list(segi) == [6000, 6000, 6000, 5000, 4000, 4000]
    expected = (d[8:14] / 1e4 * 1e5 * segi).sum() / segi.sum()
    assert est.rate == pytest.approx(expected)
    # constant age-specific rate -> truncated rate equals it
    assert truncated_rate(np.full(19, 5.0), np.full(19, 1e4)).rate == pytest.approx(50.0)


def test_cumulative_rate_and_risk_by_hand() -> None:
    # rate 100 per 100,000 = 0.001 in every group; widths 0-74 sum to 75 years
    d = np.ones(19)
    n = np.full(19, 1000.0)
    assert cumulative_rate(d, n) == pytest.approx(7.5)
    assert cumulative_risk(d, n) == pytest.approx(100 * (1 - math.exp(-0.075)))
    assert risk_from_cumulative_rate(7.5) == pytest.approx(7.225651, abs=1e-6)
    # ages 75+ do not count
    d2 = d.copy()
    d2[16:] = 500
    assert cumulative_rate(d2, n) == pytest.approx(7.5)
    assert cumulative_rate(d, n, upper_age=64) == pytest.approx(6.5)


def test_cumulative_rate_needs_19_groups_and_valid_ages() -> None:
    with pytest.raises(ValueError, match="19 registry age groups"):
        cumulative_rate([1, 2], [10, 10])
    with pytest.raises(ValueError, match="upper age"):
        cumulative_rate(np.ones(19), np.ones(19), upper_age=73)


# ----------------------------------------------------------------------- properties
counts = st.integers(min_value=0, max_value=2000)
pops = st.floats(min_value=50.0, max_value=5e6, allow_nan=False)
wts = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@st.composite
def strata(draw: st.DrawFn, max_groups: int = 19) -> tuple[np.ndarray, ...]:
    k = draw(st.integers(min_value=1, max_value=max_groups))
    d = np.array(draw(st.lists(counts, min_size=k, max_size=k)), dtype=float)
    n = np.array(draw(st.lists(pops, min_size=k, max_size=k)))
    w = np.array(draw(st.lists(wts, min_size=k, max_size=k)))
    return d, n, w


@settings(max_examples=200, deadline=None)
@given(strata(), st.sampled_from(["fay-feuer", "tiwari"]), st.sampled_from([0.05, 0.01, 0.1]))
def test_interval_contains_estimate(data, method, alpha) -> None:
    d, n, w = data
    est = standardised_rate(d, n, w, method=method, alpha=alpha)
    assert 0 <= est.lower <= est.rate <= est.upper
    assert all(math.isfinite(v) for v in (est.rate, est.se, est.lower, est.upper))
    crude = crude_rate(d, n, alpha=alpha)
    assert 0 <= crude.lower <= crude.rate <= crude.upper


@settings(max_examples=200, deadline=None)
@given(strata(), st.floats(min_value=1e-3, max_value=10.0))
def test_population_shaped_like_standard_gives_crude_rate(data, scale) -> None:
    d, _, w = data
    n = w * scale  # person-years proportional to the standard
    est = standardised_rate(d, n, w)
    assert est.rate == pytest.approx(crude_rate(d, n).rate, rel=1e-9, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(strata(), st.floats(min_value=1.5, max_value=100.0), st.sampled_from(["fay-feuer", "tiwari"]))
def test_scaling_cases_and_population_narrows_interval(data, k, method) -> None:
    d, n, w = data
    small = standardised_rate(d, n, w, method=method)
    big = standardised_rate(d * k, n * k, w, method=method)
    assert big.rate == pytest.approx(small.rate, rel=1e-9, abs=1e-12)
    assert big.upper - big.lower < small.upper - small.lower
    assert big.se <= small.se
