"""Proportion intervals, funnel limits, benchmark comparison and funnel position."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dashboard.epi import (
    compare_with_benchmark,
    compare_with_benchmark_array,
    exact_binomial_interval,
    funnel_limits_proportion,
    funnel_limits_rate,
    funnel_position,
    funnel_position_rate,
    wilson_interval,
)


def test_wilson_by_hand() -> None:
    z = 1.959963984540054
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0 and hi == pytest.approx(z * z / (10 + z * z))
    lo, hi = wilson_interval(5, 10)
    half = z * math.sqrt(0.25 / 10 + z * z / 400) / (1 + z * z / 10)
    assert (lo, hi) == pytest.approx((0.5 - half, 0.5 + half))


def test_exact_binomial_by_hand() -> None:
    lo, hi = exact_binomial_interval(0, 10)
    assert lo == 0.0 and hi == pytest.approx(1 - 0.025 ** (1 / 10))
    lo, hi = exact_binomial_interval(10, 10)
    assert hi == 1.0 and lo == pytest.approx(0.025 ** (1 / 10))


def test_intervals_vectorised_and_no_data() -> None:
    x = np.array([0, 3, 7, 0])
    n = np.array([10, 10, 20, 0])
    for fn in (wilson_interval, exact_binomial_interval):
        lo, hi = fn(x, n)
        assert lo.shape == hi.shape == (4,)
        assert np.isnan(lo[3]) and np.isnan(hi[3])
        assert np.all(lo[:3] <= x[:3] / n[:3]) and np.all(x[:3] / n[:3] <= hi[:3])
        with pytest.raises(ValueError, match="exceed"):
            fn(11, 10)
        with pytest.raises(ValueError, match="negative"):
            fn(-1, 10)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 5000), st.integers(1, 5000))
def test_intervals_contain_proportion(x: int, n: int) -> None:
    x = min(x, n)
    for fn in (wilson_interval, exact_binomial_interval):
        lo, hi = fn(x, n)
        assert 0 <= lo <= x / n <= hi <= 1


def test_funnel_normal_formula_and_columns() -> None:
    out = funnel_limits_proportion(0.5, [100, 400], exact=False)
    assert list(out.columns) == ["n", "lower_95", "upper_95", "lower_998", "upper_998"]
    assert out["lower_95"].iloc[0] == pytest.approx(0.5 - 1.959964 * 0.05, abs=1e-6)
    assert out["upper_998"].iloc[1] == pytest.approx(0.5 + 3.090232 * 0.025, abs=1e-6)
    r = funnel_limits_rate(100.0, [1e5], exact=False)  # theta0 = 100 per 100,000
    assert r["upper_95"].iloc[0] == pytest.approx(100 + 1.959964 * math.sqrt(1e-3 / 1e5) * 1e5)
    assert list(r.columns)[0] == "person_years"


def test_funnel_exact_spiegelhalter_interpolation_by_hand() -> None:
    # Binomial(10, 0.5): r_0.975 = 8, F(8) = 1013/1024, F(7) = 968/1024
    a = (1013 / 1024 - 0.975) / (45 / 1024)
    out = funnel_limits_proportion(0.5, [10], levels=(0.95,))
    assert out["upper_95"].iloc[0] == pytest.approx((8 - a) / 10, rel=1e-12)
    # lower: r_0.025 = 2, F(2) = 56/1024, F(1) = 11/1024
    a_lo = (56 / 1024 - 0.025) / (45 / 1024)
    assert out["lower_95"].iloc[0] == pytest.approx((2 - a_lo) / 10, rel=1e-12)
    plain = funnel_limits_proportion(0.5, [10], levels=(0.95,), interpolate=False)
    assert (plain["lower_95"].iloc[0], plain["upper_95"].iloc[0]) == (0.2, 0.8)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 0.99), st.integers(1, 20000), st.sampled_from([0.95, 0.998]))
def test_funnel_exact_between_plain_quantile_steps(p0: float, n: int, level: float) -> None:
    out = funnel_limits_proportion(p0, [n], levels=(level,))
    sfx = "95" if level == 0.95 else "998"
    tail = (1 - level) / 2
    r_hi = stats.binom.ppf(1 - tail, n, p0)
    r_lo = stats.binom.ppf(tail, n, p0)
    assert (r_hi - 1) / n - 1e-12 <= out[f"upper_{sfx}"].iloc[0] <= r_hi / n + 1e-12
    assert max(r_lo - 1, 0) / n - 1e-12 <= out[f"lower_{sfx}"].iloc[0] <= r_lo / n + 1e-12
    if n * p0 * (1 - p0) >= 5:
        assert out[f"lower_{sfx}"].iloc[0] <= p0 <= out[f"upper_{sfx}"].iloc[0]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 300), st.integers(1, 300), st.floats(0.02, 0.98))
def test_uninterpolated_position_is_the_exact_tail_test(x: int, n: int, p0: float) -> None:
    x = min(x, n)
    pos = funnel_position(x, n, p0, level=0.95, interpolate=False)
    upper_tail = stats.binom.sf(x - 1, n, p0)  # P(X >= x)
    lower_tail = stats.binom.cdf(x, n, p0)  # P(X <= x)
    if pos == "above":
        assert upper_tail <= 0.025 + 1e-12
    elif pos == "below":
        assert lower_tail < 0.025 + 1e-12
    else:
        assert upper_tail > 0.025 - 1e-12 and lower_tail >= 0.025 - 1e-12


@pytest.mark.parametrize("exact", [True, False])
def test_funnel_narrows_with_n_and_is_roughly_symmetric(exact: bool) -> None:
    n = np.array([20, 100, 1000, 10_000, 100_000])
    out = funnel_limits_proportion(0.3, n, exact=exact)
    for sfx in ("95", "998"):
        width = (out[f"upper_{sfx}"] - out[f"lower_{sfx}"]).to_numpy()
        assert np.all(np.diff(width) < 0)
        up = out[f"upper_{sfx}"].iloc[-2:] - 0.3
        down = 0.3 - out[f"lower_{sfx}"].iloc[-2:]
        assert np.allclose(up, down, rtol=0.05)
    assert np.all(out["upper_998"] >= out["upper_95"])
    assert np.all(out["lower_998"] <= out["lower_95"])
    r = funnel_limits_rate(250.0, [1e3, 1e4, 1e5, 1e6, 1e7], exact=exact)
    w = (r["upper_998"] - r["lower_998"]).to_numpy()
    assert np.all(np.diff(w) < 0)
    assert r["lower_998"].min() >= 0
    big = r.iloc[-1]
    assert big["upper_95"] - 250 == pytest.approx(250 - big["lower_95"], rel=0.02)


def test_funnel_exact_close_to_normal_for_large_n() -> None:
    ex = funnel_limits_proportion(0.2, [50_000], exact=True)
    no = funnel_limits_proportion(0.2, [50_000], exact=False)
    assert ex["upper_95"].iloc[0] == pytest.approx(no["upper_95"].iloc[0], abs=2e-4)
    exr = funnel_limits_rate(300.0, [1e7], exact=True)
    nor = funnel_limits_rate(300.0, [1e7], exact=False)
    assert exr["lower_998"].iloc[0] == pytest.approx(nor["lower_998"].iloc[0], rel=2e-3)


def test_funnel_bad_input() -> None:
    with pytest.raises(ValueError, match="p0"):
        funnel_limits_proportion(1.2, [10])
    with pytest.raises(ValueError, match="whole-number"):
        funnel_limits_proportion(0.2, [10.5])
    with pytest.raises(ValueError, match="positive"):
        funnel_limits_proportion(0.2, [0, 10])
    with pytest.raises(ValueError, match="levels"):
        funnel_limits_proportion(0.2, [10], levels=(95,))
    with pytest.raises(ValueError, match="theta0"):
        funnel_limits_rate(-1.0, [10])


def test_compare_with_benchmark_polarity() -> None:
    # incidence: higher is worse; screening coverage: higher is better
    assert compare_with_benchmark(12, 15, 10, higher_is_better=False) == "worse"
    assert compare_with_benchmark(12, 15, 10, higher_is_better=True) == "better"
    assert compare_with_benchmark(5, 8, 10, higher_is_better=False) == "better"
    assert compare_with_benchmark(5, 8, 10, higher_is_better=True) == "worse"
    assert compare_with_benchmark(8, 12, 10, higher_is_better=True) == "similar"
    assert compare_with_benchmark(10, 12, 10, higher_is_better=True) == "similar"  # touching
    assert compare_with_benchmark(float("nan"), float("nan"), 10, True) == "no_data"
    arr = compare_with_benchmark_array([12, 5, 8, np.nan], [15, 8, 12, np.nan], 10, True)
    assert list(arr) == ["better", "worse", "similar", "no_data"]
    arr2 = compare_with_benchmark_array([12, 5], [15, 8], [13, 4], False)
    assert list(arr2) == ["similar", "worse"]
    with pytest.raises(ValueError, match="exceed"):
        compare_with_benchmark(5, 4, 10, True)


def test_funnel_position() -> None:
    assert funnel_position(50, 100, 0.3) == "above"
    assert funnel_position(10, 100, 0.3) == "below"
    assert funnel_position(30, 100, 0.3) == "within"
    assert funnel_position(0, 0, 0.3) == "no_data"
    # same proportion, small n: within the wider funnel
    assert funnel_position(5, 10, 0.3) == "within"
    pos = funnel_position([50, 10, 30, 0], [100, 100, 100, 0], 0.3, level=0.95)
    assert list(pos) == ["above", "below", "within", "no_data"]
    assert funnel_position_rate(200, 1e5, 100.0) == "above"
    assert funnel_position_rate(105, 1e5, 100.0) == "within"
    assert funnel_position_rate(3, 1e4, 100.0) == "within"
    assert list(funnel_position_rate([200, 60], [1e5, 1e5], 100.0)) == ["above", "below"]
