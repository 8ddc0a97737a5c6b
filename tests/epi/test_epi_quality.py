"""Registry data-quality indicators (IARC CI5 ch. 5)."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.epi import CHINA_2012, registry_quality
from dashboard.epi import quality as q


def test_china_2012_like_registry_is_not_flagged() -> None:
    out = registry_quality(10_000, 6_200, 6_913, 238)
    row = out.iloc[0]
    assert row.mv_pct == pytest.approx(CHINA_2012["mv_pct"])
    assert row.dco_pct == pytest.approx(CHINA_2012["dco_pct"])
    assert row.mi_ratio == pytest.approx(CHINA_2012["mi_ratio"])
    assert not row.flagged and row.flag_codes == "" and not row.no_data


def test_flags_each_rule() -> None:
    cases = np.array([1000, 1000, 1000, 1000, 1000, 1000, 0])
    deaths = np.array([600, 600, 600, 200, 1100, 200, 0])
    mv = np.array([600, 990, 700, 700, 700, 650, 0])
    dco = np.array([20, 20, 150, 20, 20, 120, 0])
    out = registry_quality(cases, deaths, mv, dco)
    assert list(out["flag_codes"]) == [
        "mv_low",
        "mv_high",
        "dco_high",
        "mi_low",
        "mi_high",
        "mv_low;dco_high;mi_low",
        "",
    ]
    assert list(out["flagged"]) == [True] * 6 + [False]
    assert out["no_data"].tolist() == [False] * 6 + [True]
    assert np.isnan(out.loc[6, "mv_pct"])


def test_thresholds_are_inclusive_bounds_and_parameters() -> None:
    # exactly on the limits is not flagged
    c = 1000
    out = registry_quality(c, q.MI_MIN * c, q.MV_PCT_MIN * 10, q.DCO_PCT_MAX * 10)
    assert not out["flagged"].iloc[0]
    strict = registry_quality(c, 500, 700, 20, mi_min=0.6, mv_min=75)
    assert strict["flag_codes"].iloc[0] == "mv_low;mi_low"


def test_quality_bad_input() -> None:
    with pytest.raises(ValueError, match="exceed"):
        registry_quality(10, 5, 11, 0)
    with pytest.raises(ValueError, match="exceed"):
        registry_quality(10, 5, 5, 11)
    with pytest.raises(ValueError, match="negative"):
        registry_quality(10, -1, 5, 0)
    with pytest.raises(ValueError, match="equal-length"):
        registry_quality([10, 20], [1], [1], [1])
