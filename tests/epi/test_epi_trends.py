"""Annual percent change: exact exponential series, labels, weights, insufficient data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.epi import APCResult, annual_percent_change, apc_by_group

YEARS = np.arange(2010, 2021)


@settings(max_examples=100, deadline=None)
@given(
    st.floats(min_value=-30.0, max_value=30.0),
    st.floats(min_value=0.1, max_value=1e4),
    st.integers(min_value=3, max_value=25),
)
def test_exact_exponential_series_recovers_percent(pct: float, start: float, n: int) -> None:
    years = np.arange(2000, 2000 + n)
    rates = start * (1 + pct / 100) ** (years - 2000)
    res = annual_percent_change(years, rates)
    assert res.apc == pytest.approx(pct, abs=1e-7)
    assert res.lower == pytest.approx(pct, abs=1e-5) and res.upper == pytest.approx(pct, abs=1e-5)
    se = 0.05 * rates
    wres = annual_percent_change(years, rates, se=se)
    assert wres.apc == pytest.approx(pct, abs=1e-7)
    assert wres.method == "weighted log-linear" and res.method == "log-linear OLS"


def test_labels() -> None:
    rising = annual_percent_change(YEARS, 50 * 1.04 ** np.arange(11))
    assert rising.label == "rising" and rising.apc == pytest.approx(4.0)
    falling = annual_percent_change(YEARS, 50 * 0.97 ** np.arange(11))
    assert falling.label == "falling" and falling.apc == pytest.approx(-3.0)
    noisy = 50 * np.array([1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 1.1, 0.92, 1.02, 0.98, 1.0])
    stable = annual_percent_change(YEARS, noisy)
    assert stable.label == "stable" and stable.lower < 0 < stable.upper
    assert isinstance(stable, APCResult) and stable.n_points == 11


def test_matches_weighted_polyfit() -> None:
    rng = np.random.default_rng(0)
    rates = 40 * 1.02 ** np.arange(11) * rng.lognormal(0, 0.05, 11)
    se = rates * rng.uniform(0.02, 0.1, 11)
    res = annual_percent_change(YEARS, rates, se=se)
    # np.polyfit weights multiply residuals: w = 1/sd(ln r) = r/se; cov scaled by RSS/(n-2)
    coef, cov = np.polyfit(YEARS - 2015.0, np.log(rates), 1, w=rates / se, cov=True)
    assert res.slope == pytest.approx(coef[0], rel=1e-9)
    assert res.slope_se == pytest.approx(math.sqrt(cov[0, 0]), rel=1e-9)
    from scipy import stats

    t = stats.t.ppf(0.975, 9)
    assert res.lower == pytest.approx(100 * (math.exp(coef[0] - t * math.sqrt(cov[0, 0])) - 1))
    ols = annual_percent_change(YEARS, rates)
    coef2 = np.polyfit(YEARS, np.log(rates), 1)
    assert ols.slope == pytest.approx(coef2[0], rel=1e-9)
    assert ols.slope != pytest.approx(res.slope, rel=1e-6)  # the weights matter


def test_variances_equivalent_to_se() -> None:
    rates = np.array([10.0, 11.0, 12.5, 12.0, 14.0])
    se = np.array([1.0, 0.5, 2.0, 1.0, 0.7])
    a = annual_percent_change(np.arange(5), rates, se=se)
    b = annual_percent_change(np.arange(5), rates, variances=se**2)
    assert a == b


@pytest.mark.parametrize(
    ("years", "rates", "reason"),
    [
        ([2019, 2020], [10.0, 11.0], "fewer than 3"),
        ([2018, 2019, 2020], [10.0, 0.0, 11.0], "zero or negative"),
        ([2018, 2019, 2020], [10.0, np.nan, 11.0], "missing"),
    ],
)
def test_insufficient_data(years, rates, reason) -> None:
    res = annual_percent_change(years, rates)
    assert res.label == "insufficient_data"
    assert math.isnan(res.apc) and math.isnan(res.lower) and math.isnan(res.upper)
    assert reason in res.reason
    assert res.n_points == len(years)


def test_trend_bad_input() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        annual_percent_change([1, 2, 3], [1.0, 2.0])
    with pytest.raises(ValueError, match="repeat"):
        annual_percent_change([1, 1, 2], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="positive"):
        annual_percent_change([1, 2, 3], [1.0, 2.0, 3.0], se=[1.0, 0.0, 1.0])
    with pytest.raises(ValueError, match="either"):
        annual_percent_change([1, 2, 3], [1.0, 2.0, 3.0], se=[1, 1, 1], variances=[1, 1, 1])


def test_apc_by_group_equals_scalar() -> None:
    rng = np.random.default_rng(3)
    rows = []
    for area, growth in [("a", 1.05), ("b", 0.96), ("c", 1.0)]:
        for sex in (1, 2):
            for i, y in enumerate(YEARS):
                r = 30 * growth**i * rng.lognormal(0, 0.04)
                rows.append((area, sex, y, r, r * rng.uniform(0.03, 0.08)))
    rows.append(("d", 1, 2010, 5.0, 1.0))  # a single point
    rows.append(("d", 1, 2011, 6.0, 1.0))
    df = pd.DataFrame(rows, columns=["area", "sex", "year", "asr", "asr_se"])
    df.loc[(df.area == "c") & (df.sex == 2) & (df.year == 2015), "asr"] = np.nan  # suppressed
    out = apc_by_group(df, ["area", "sex"], se_col="asr_se")
    assert len(out) == 7
    for row in out.itertuples(index=False):
        sub = df[(df.area == row.area) & (df.sex == row.sex)]
        ref = annual_percent_change(sub.year, sub.asr, se=sub.asr_se)
        assert row.trend == ref.label
        if ref.label == "insufficient_data":
            assert math.isnan(row.apc) and row.reason
        else:
            assert (row.apc, row.apc_lower, row.apc_upper) == pytest.approx(
                (ref.apc, ref.lower, ref.upper), rel=1e-9
            )
    labels = out.set_index(["area", "sex"])["trend"]
    assert labels[("a", 1)] == "rising" and labels[("b", 2)] == "falling"
    assert labels[("c", 2)] == "insufficient_data" and labels[("d", 1)] == "insufficient_data"
