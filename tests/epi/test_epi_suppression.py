"""Rate suppression and small-count masking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.epi import mask_small_counts, rates_by_group, suppress_rates


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area": ["a", "b", "c", "d", "e"],
            "cases": [0, 3, 15, 16, 200],
            "deaths": [0, 6, 5, 1, 90],
            "crude": [0.0, 3.0, 15.0, 16.0, 200.0],
            "asr": [0.0, 2.5, 14.0, 17.0, 190.0],
        }
    )


def test_suppress_rates_threshold() -> None:
    df = frame()
    before = df.copy()
    out = suppress_rates(df, "cases", ["crude", "asr"], threshold=16)
    pd.testing.assert_frame_equal(df, before)  # input untouched
    assert list(out["suppressed"]) == [True, True, True, False, False]
    assert list(out["suppressed_reason"]) == ["fewer_than_16_cases"] * 3 + ["", ""]
    assert out.loc[:2, ["crude", "asr"]].isna().all().all()
    assert out.loc[3, "asr"] == 17.0
    assert list(out["cases"]) == [0, 3, 15, 16, 200]  # counts are not touched here
    out5 = suppress_rates(df, "cases", ["asr"], threshold=5)
    assert list(out5["suppressed"]) == [True, True, False, False, False]
    assert out5["crude"].notna().all()


def test_suppress_rates_keeps_earlier_reasons() -> None:
    rows = [("x", a, 0, 0.0) for a in range(19)] + [("y", a, 5, 1e4) for a in range(19)]
    by_group = rates_by_group(
        pd.DataFrame(rows, columns=["area", "age_group", "cases", "person_years"]),
        ["area"],
        suppress_below=None,
    )
    out = suppress_rates(by_group, threshold=200)
    reasons = dict(zip(out["area"], out["suppressed_reason"], strict=True))
    assert reasons == {"x": "no_population", "y": "fewer_than_200_cases"}
    assert out["suppressed"].all() and out["asr"].isna().all()


def test_suppress_rates_unknown_cases() -> None:
    df = frame().assign(cases=pd.array([1, None, 20, 30, 40], dtype="Int64"))
    out = suppress_rates(df, "cases", ["asr"], threshold=16)
    assert list(out["suppressed_reason"]) == ["fewer_than_16_cases", "cases_unknown", "", "", ""]


def test_mask_small_counts() -> None:
    df = frame()
    out = mask_small_counts(df, ["cases", "deaths"], limit=5)
    assert out["cases"].isna().tolist() == [False, True, False, False, False]
    assert out["deaths"].isna().tolist() == [False, False, True, True, False]
    assert out["cases"].dtype == "Int64"
    assert out.loc[0, "cases"] == 0  # zero is shown
    assert out.loc[1, "deaths"] == 6  # above the limit is shown
    assert list(out["masked"]) == [False, True, True, True, False]
    assert list(out["masked_reason"]) == [
        "",
        "small_count_1_to_5:cases",
        "small_count_1_to_5:deaths",
        "small_count_1_to_5:deaths",
        "",
    ]
    both = mask_small_counts(df.assign(deaths=[0, 2, 5, 1, 90]), ["cases", "deaths"])
    assert both.loc[1, "masked_reason"] == "small_count_1_to_5:cases,deaths"
    assert df["cases"].tolist() == [0, 3, 15, 16, 200]  # input untouched


def test_mask_limit_is_a_parameter_and_float_columns() -> None:
    df = pd.DataFrame({"n": [0.0, 1.0, 9.0, 10.0, np.nan]})
    out = mask_small_counts(df, ["n"], limit=9)
    assert out["n"].isna().tolist() == [False, True, True, False, True]
    assert out["masked"].tolist() == [False, True, True, False, False]
    assert mask_small_counts(df, ["n"], limit=0)["n"].isna().sum() == 1


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="lacks"):
        suppress_rates(frame(), "cases", ["nope"])
    with pytest.raises(ValueError, match="negative"):
        mask_small_counts(frame().assign(cases=[-1, 0, 0, 0, 0]), ["cases"])
    with pytest.raises(ValueError, match="numeric"):
        mask_small_counts(frame(), ["area"])


def test_hidden_counts_complementary_cell_protects_a_lone_small_count() -> None:
    from dashboard.epi import hidden_counts

    # one county with 3 cases: total - others would reveal it, so the next smallest is hidden too
    primary, comp = hidden_counts([3, 40, 17, 0, 250], limit=5)
    assert primary.tolist() == [True, False, False, False, False]
    assert comp.tolist() == [False, False, True, False, False]
    # two small cells already protect each other; zeros are never hidden
    primary, comp = hidden_counts([3, 4, 17, 0], limit=5)
    assert primary.tolist() == [True, True, False, False] and not comp.any()
    # by group: only the group with a lone small cell gets a complementary cell
    primary, comp = hidden_counts([2, 30, 9, 1, 2, 50], limit=5, groups=["a", "a", "a", "b", "b", "b"])
    assert comp.tolist() == [False, False, True, False, False, False]
    # only zeros besides: one zero is hidden, so nobody can tell which cell holds the 4
    assert hidden_counts([4, 0, 0], limit=5)[1].tolist() == [False, True, False]
    assert not hidden_counts([4], limit=5)[1].any(), "a lone cell has nothing to pair with"
    # limit 0 hides nothing
    assert not hidden_counts([1, 2, 3], limit=0)[0].any()
