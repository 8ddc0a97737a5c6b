"""Rate suppression and small-count masking."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.epi import rates_by_group, suppress_rates


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


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="lacks"):
        suppress_rates(frame(), "cases", ["nope"])
    with pytest.raises(ValueError, match="negative"):
        suppress_rates(frame(), "cases", [], threshold=-1)
