"""rates_by_group: equals the scalar functions per group; suppression; validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.epi import (
    crude_rate,
    cumulative_rate,
    rates_by_group,
    standard_weights,
    standardised_rate,
    truncated_rate,
)
from dashboard.epi import grouped as grouped_mod

RATE_COLS = ["crude", "crude_lower", "crude_upper", "asr", "asr_se", "asr_lower", "asr_upper"]


def make_table(seed: int, areas=("a", "b", "c"), years=(2018, 2019), drop: float = 0.0):
    rng = np.random.default_rng(seed)
    idx = pd.MultiIndex.from_product(
        [list(areas), list(years), [1, 2], range(19)], names=["area", "year", "sex", "age_group"]
    )
    df = idx.to_frame(index=False)
    df["person_years"] = rng.uniform(500, 50_000, len(df)).round()
    df["cases"] = rng.poisson(df["person_years"] * rng.uniform(1e-5, 2e-3, len(df)))
    if drop:
        df = df[rng.random(len(df)) >= drop].reset_index(drop=True)
    return df


def full_ages(sub: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    d = np.zeros(19)
    n = np.zeros(19)
    np.add.at(d, sub["age_group"].to_numpy(), sub["cases"].to_numpy(dtype=float))
    np.add.at(n, sub["age_group"].to_numpy(), sub["person_years"].to_numpy(dtype=float))
    return d, n


@pytest.mark.parametrize("method", ["fay-feuer", "tiwari"])
@pytest.mark.parametrize("standard", ["china2000", "segi"])
@pytest.mark.parametrize("drop", [0.0, 0.3])
def test_grouped_equals_scalar(method: str, standard: str, drop: float) -> None:
    df = make_table(1, drop=drop)
    out = rates_by_group(df, ["area", "year", "sex"], standard=standard, method=method, suppress_below=0)
    assert len(out) == 12
    assert list(out[["area", "year", "sex"]].itertuples(index=False, name=None)) == sorted(
        out[["area", "year", "sex"]].itertuples(index=False, name=None)
    )
    for row in out.itertuples(index=False):
        sub = df[(df.area == row.area) & (df.year == row.year) & (df.sex == row.sex)]
        d, n = full_ages(sub)
        asr = standardised_rate(d, n, standard, method=method)
        crude = crude_rate(d, n)
        assert row.cases == d.sum() and row.person_years == pytest.approx(n.sum())
        got = (row.asr, row.asr_se, row.asr_lower, row.asr_upper)
        assert got == pytest.approx((asr.rate, asr.se, asr.lower, asr.upper), rel=1e-10)
        got = (row.crude, row.crude_lower, row.crude_upper)
        assert got == pytest.approx((crude.rate, crude.lower, crude.upper), rel=1e-10)
        assert row.cum_0_74 == pytest.approx(cumulative_rate(d, n), rel=1e-10)
        assert row.truncated_35_64 == pytest.approx(truncated_rate(d, n).rate, rel=1e-10)
        assert not row.suppressed and row.suppressed_reason == ""


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**31),
    st.floats(min_value=0.0, max_value=0.8),
    st.sampled_from(["fay-feuer", "tiwari"]),
)
def test_grouped_equals_scalar_property(seed: int, drop: float, method: str) -> None:
    df = make_table(seed, areas=("x", "y"), years=(2020,), drop=drop)
    out = rates_by_group(df, ["area", "sex"], method=method, suppress_below=0)
    for row in out.itertuples(index=False):
        sub = df[(df.area == row.area) & (df.sex == row.sex)]
        d, n = full_ages(sub)
        if n.sum() == 0:
            assert row.suppressed_reason == "no_population"
            continue
        asr = standardised_rate(d, n, "china2000", method=method)
        assert (row.asr, row.asr_lower, row.asr_upper) == pytest.approx(
            (asr.rate, asr.lower, asr.upper), rel=1e-10, abs=1e-12
        )


def test_duplicate_rows_are_summed_and_missing_ages_are_zero() -> None:
    base = make_table(2, areas=("a",), years=(2020,))
    base = base[base.sex == 1]
    doubled = pd.concat(
        [
            base.assign(cases=base.cases // 2, person_years=base.person_years / 2),
            base.assign(cases=base.cases - base.cases // 2, person_years=base.person_years / 2),
        ]
    )
    a = rates_by_group(base, ["area"], suppress_below=0)
    b = rates_by_group(doubled, ["area"], suppress_below=0)
    assert b["asr"].iloc[0] == pytest.approx(a["asr"].iloc[0], rel=1e-12)
    assert b["asr_upper"].iloc[0] == pytest.approx(a["asr_upper"].iloc[0], rel=1e-12)
    # dropping an age row is the same as a row with zero cases and zero person-years
    zeroed = base.copy()
    zeroed.loc[zeroed.age_group == 18, ["cases", "person_years"]] = 0
    dropped = base[base.age_group != 18]
    c = rates_by_group(zeroed, ["area"], suppress_below=0)
    e = rates_by_group(dropped, ["area"], suppress_below=0)
    pd.testing.assert_frame_equal(c, e)


def test_suppression_flags() -> None:
    rows = []
    for area, cases, py in [("few", 15, 1e5), ("edge", 16, 1e5), ("none", 0, 0.0)]:
        for age in range(19):
            rows.append((area, age, cases if age == 10 else 0, py / 19))
    df = pd.DataFrame(rows, columns=["area", "age_group", "cases", "person_years"])
    out = rates_by_group(df, ["area"]).set_index("area")
    assert out.loc["few", "suppressed"]
    assert out.loc["few", "suppressed_reason"] == "fewer_than_16_cases"
    assert out.loc["few", RATE_COLS].isna().all()
    assert out.loc["few", "cases"] == 15  # counts are kept (masking is separate)
    assert not out.loc["edge", "suppressed"]
    assert out.loc["edge", "suppressed_reason"] == ""
    assert out.loc["edge", RATE_COLS].notna().all()
    assert out.loc["none", "suppressed"]
    assert out.loc["none", "suppressed_reason"] == "no_population"
    assert out.loc["none", RATE_COLS].isna().all()
    # threshold is a parameter and the code says which
    out20 = rates_by_group(df, ["area"], suppress_below=20).set_index("area")
    assert out20.loc["edge", "suppressed_reason"] == "fewer_than_20_cases"
    off = rates_by_group(df, ["area"], suppress_below=None).set_index("area")
    assert not off.loc["few", "suppressed"] and off.loc["few", "crude"] == pytest.approx(15)
    assert off.loc["none", "suppressed_reason"] == "no_population"


def test_sub_range_rates_blank_when_their_cases_are_few() -> None:
    # 30 cases all at ages 85+: the main rates show, 0-74 and 35-64 have no cases
    df = pd.DataFrame({"g": 1, "age_group": range(19), "cases": [0] * 18 + [30], "person_years": 1e4})
    out = rates_by_group(df, ["g"])
    assert not out["suppressed"].iloc[0]
    assert np.isnan(out["cum_0_74"].iloc[0]) and np.isnan(out["truncated_35_64"].iloc[0])
    out0 = rates_by_group(df, ["g"], suppress_below=0)
    assert out0["cum_0_74"].iloc[0] == 0.0 and out0["truncated_35_64"].iloc[0] == 0.0


def test_output_columns_and_measure_col() -> None:
    df = make_table(3).rename(columns={"cases": "deaths"})
    out = rates_by_group(df, ["area", "year"], measure_col="deaths")
    assert list(out.columns) == [
        "area",
        "year",
        "cases",
        "person_years",
        *RATE_COLS,
        "cum_0_74",
        "cum_risk_0_74",
        "truncated_35_64",
        "suppressed",
        "suppressed_reason",
    ]
    assert out["suppressed"].dtype == bool
    assert out["cases"].sum() == df["deaths"].sum()


def test_weights_array_standard_and_other_group_counts() -> None:
    df = make_table(4, areas=("a",), years=(2020,))
    df = df[df.age_group < 5].copy()
    w = np.array([1.0, 2.0, 3.0, 2.0, 1.0])
    out = rates_by_group(df, ["sex"], standard=w, suppress_below=0)
    assert "cum_0_74" not in out.columns  # only with the 19 registry groups
    sub = df[df.sex == 2]
    est = standardised_rate(sub.cases, sub.person_years, w)
    assert out["asr"].iloc[1] == pytest.approx(est.rate, rel=1e-12)
    with pytest.raises(ValueError, match="between 0 and 4"):
        rates_by_group(make_table(4), ["sex"], standard=w)


def test_no_by_columns_and_categorical_keys() -> None:
    df = make_table(5)
    total = rates_by_group(df, [], suppress_below=0)
    d, n = full_ages(df)
    assert len(total) == 1
    assert total["asr"].iloc[0] == pytest.approx(standardised_rate(d, n, "china2000").rate)
    cat = df.assign(area=pd.Categorical(df.area, categories=["c", "b", "a", "unused"]))
    out = rates_by_group(cat, ["area"], suppress_below=0)
    assert list(out["area"]) == ["c", "b", "a"]  # category order, unused dropped
    plain = rates_by_group(df, ["area"], suppress_below=0).set_index("area")
    assert out.set_index("area")["asr"].to_dict() == pytest.approx(plain["asr"].to_dict())


def test_large_integer_codes_and_sparse_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    df = make_table(6, drop=0.5)
    df["area"] = df["area"].map({"a": 10**12, "b": 5, "c": 110101})
    dense = rates_by_group(df, ["area", "year", "sex"], suppress_below=0)
    assert list(dense["area"].unique()) == [5, 110101, 10**12]
    monkeypatch.setattr(grouped_mod, "_DENSE_SLACK", -(10**9))  # force the sparse layout
    sparse = rates_by_group(df, ["area", "year", "sex"], suppress_below=0)
    pd.testing.assert_frame_equal(dense, sparse, rtol=1e-12)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.assign(cases=-d.cases), "negative"),
        (
            lambda d: d.assign(
                person_years=np.where(d.index == 3, 0.0, d.person_years),
                cases=np.where(d.index == 3, 2, d.cases),
            ),
            "cases but zero person-years",
        ),
        (lambda d: d.assign(age_group=d.age_group + 1), "between 0 and 18"),
        (lambda d: d.assign(age_group=d.age_group + 0.5), "whole age-group"),
        (
            lambda d: d.assign(person_years=np.where(d.index == 0, np.nan, d.person_years)),
            "missing",
        ),
        (lambda d: d.drop(columns="person_years"), "lacks column"),
        (lambda d: d.assign(area=d.area.where(d.index != 2)), "missing values"),
        (lambda d: d.assign(cases=d.cases.astype(str)), "numeric"),
    ],
)
def test_grouped_bad_input(mutate, message) -> None:
    df = mutate(make_table(7))
    with pytest.raises(ValueError, match=message):
        rates_by_group(df, ["area", "sex"])


def test_grouped_bad_options() -> None:
    df = make_table(8)
    with pytest.raises(ValueError, match="unknown standard"):
        rates_by_group(df, ["area"], standard="who")
    with pytest.raises(ValueError, match="unknown interval method"):
        rates_by_group(df, ["area"], method="normal")
    with pytest.raises(ValueError, match="alpha"):
        rates_by_group(df, ["area"], alpha=0)


def test_zero_person_years_error_names_the_cell() -> None:
    df = make_table(9)
    i = df.index[(df.area == "b") & (df.sex == 2) & (df.age_group == 18) & (df.year == 2019)]
    df.loc[i, "person_years"] = 0
    df.loc[i, "cases"] = 4
    with pytest.raises(ValueError, match=r"'area': 'b'.*85\+"):
        rates_by_group(df, ["area", "year", "sex"])


def test_standard_weights_default_is_china2000() -> None:
    df = make_table(10, areas=("a",), years=(2020,))
    default = rates_by_group(df, ["sex"], suppress_below=0)
    explicit = rates_by_group(df, ["sex"], standard=standard_weights("china2000"), suppress_below=0)
    pd.testing.assert_frame_equal(default, explicit)
