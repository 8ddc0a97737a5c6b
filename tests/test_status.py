"""Target status and projection (dashboard.domain.status): every status, every comparison."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dashboard.domain.status import (
    AT_RISK,
    MET,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    TargetSpec,
    assess_target,
    count_meeting,
    counties_meeting,
    county_statuses,
    fit_trend,
    gap_to_target,
    interval_side,
    meets,
    summarise,
    target_value,
)

YEARS = [2021, 2022, 2023, 2024, 2025]
AHEAD = TargetSpec(">=", 2027, value=55.0)


# --- the five statuses, deadline ahead --------------------------------------------------


def test_met_when_latest_value_already_satisfies() -> None:
    st = assess_target(AHEAD, YEARS, [50, 52, 54, 56, 55.0], as_of=2026)
    assert (st.status, st.reason) == (MET, "met_latest")
    assert st.latest_year == 2025 and st.latest_value == 55.0 and st.target_value == 55.0
    assert not st.deadline_passed
    assert st.projected is not None and st.projection_year == 2027  # still projected, for the card


def test_on_track_when_whole_interval_reaches_target() -> None:
    vals = [44.0, 46.1, 47.9, 50.0, 52.05]  # +2 a year, tiny noise: 2027 about 56
    st = assess_target(AHEAD, YEARS, vals, as_of=2026)
    assert (st.status, st.reason) == (ON_TRACK, "projection_meets")
    assert st.lower > 55 and st.lower < st.projected < st.upper
    assert st.projected == pytest.approx(56.03, abs=0.1)


def test_at_risk_when_interval_straddles_target() -> None:
    vals = [47.0, 51.5, 49.0, 53.5, 51.0]  # rising about 1 a year with noise; 2027 about 54
    st = assess_target(AHEAD, YEARS, vals, as_of=2026)
    assert (st.status, st.reason) == (AT_RISK, "projection_straddles")
    assert st.lower < 55 < st.upper


def test_off_track_when_whole_interval_fails() -> None:
    vals = [40.0, 40.5, 40.2, 40.8, 40.6]
    st = assess_target(AHEAD, YEARS, vals, as_of=2026)
    assert (st.status, st.reason) == (OFF_TRACK, "projection_fails")
    assert st.upper < 55


def test_no_data_without_values() -> None:
    st = assess_target(AHEAD, YEARS, [np.nan] * 5, as_of=2026)
    assert (st.status, st.reason) == (NO_DATA, "no_values")
    assert st.latest_year is None and st.projected is None
    assert assess_target(AHEAD, [], [], as_of=2026).status == NO_DATA


def test_too_few_years_classifies_met_or_not_only() -> None:
    not_met = assess_target(AHEAD, [2024, 2025], [50, 52], as_of=2026)
    assert (not_met.status, not_met.reason) == (AT_RISK, "too_few_years")
    assert not_met.projected is None and not_met.latest_value == 52
    met = assess_target(AHEAD, [2024, 2025], [50, 56], as_of=2026)
    assert met.status == MET and met.projected is None


def test_missing_years_are_skipped_and_latest_is_reported() -> None:
    st = assess_target(AHEAD, YEARS, [44, 46, 48, 50, np.nan], as_of=2026)
    assert st.latest_year == 2024 and st.latest_value == 50 and st.n_points == 4


def test_only_the_last_five_years_are_fitted() -> None:
    years = list(range(2015, 2026))
    vals = [80, 75, 70, 65, 60, 44, 46, 48, 50, 52, 54]  # a fall long ago must not matter
    st = assess_target(TargetSpec(">=", 2027, value=57), years, vals, as_of=2026)
    assert st.n_points == 5
    assert st.slope == pytest.approx(2.0)
    assert st.projected == pytest.approx(58.0)


def test_observations_after_as_of_are_ignored() -> None:
    st = assess_target(AHEAD, YEARS, [50, 52, 54, 56, 58], as_of=2024)
    assert st.latest_year == 2024 and st.status == MET


# --- comparisons and polarity -----------------------------------------------------------


def test_strict_and_lower_is_better_comparisons() -> None:
    assert meets(55, ">=", 55) and not meets(55, ">", 55)
    assert meets(55, "<=", 55) and not meets(55, "<", 55)
    assert meets(36.3 + 3, ">=", 39.3)  # float rounding does not flip a status
    assert meets(None, ">=", 1) is None
    assert TargetSpec("<=", 2027, value=10).higher_is_better is False
    assert TargetSpec(">", 2027, value=10).higher_is_better is True
    # "<=" target, value falling toward it
    spec = TargetSpec("<=", 2027, value=20)
    st = assess_target(spec, YEARS, [30, 28, 26.1, 23.9, 22], as_of=2026)
    assert st.status == ON_TRACK and st.upper < 20
    strict = assess_target(TargetSpec(">", 2027, value=55), YEARS, [51, 52, 53, 54, 55], as_of=2026)
    assert strict.status != MET  # 55 is not above 55


def test_interval_side_and_gap() -> None:
    assert interval_side(56, 60, ">=", 55) == "meets"
    assert interval_side(50, 54, ">=", 55) == "fails"
    assert interval_side(50, 60, ">=", 55) == "straddles"
    assert interval_side(10, 19, "<", 20) == "meets"
    assert interval_side(21, 25, "<", 20) == "fails"
    assert gap_to_target(52.5, ">=", 55) == pytest.approx(-2.5)
    assert gap_to_target(None, ">=", 55) is None
    assert gap_to_target(3, "falling", None) is None


def test_projection_is_clipped_to_percent_range() -> None:
    st = assess_target(TargetSpec(">=", 2030, value=100), YEARS, [80, 85, 90, 95, 99], as_of=2026)
    assert st.upper <= 100 and st.projected <= 100
    counts = assess_target(TargetSpec(">=", 2030, value=3), YEARS, [5, 4, 3, 2, 1], as_of=2026,
                           percent=False)  # fmt: skip
    assert counts.lower >= 0 and counts.status == OFF_TRACK


# --- falling-type targets --------------------------------------------------------------


FALLING = TargetSpec("falling", 2027)


def test_falling_clear_decline_is_on_track() -> None:
    st = assess_target(FALLING, YEARS, [20.0, 19.1, 18.0, 17.1, 16.0], as_of=2026)
    assert (st.status, st.reason) == (ON_TRACK, "falling")
    assert st.slope_upper < 0 and st.target_value is None
    assert st.projected == pytest.approx(14.0, abs=0.2)


def test_falling_rising_series_is_off_track() -> None:
    st = assess_target(FALLING, YEARS, [16.0, 17.1, 18.0, 19.1, 20.0], as_of=2026)
    assert (st.status, st.reason) == (OFF_TRACK, "not_falling")
    assert st.slope_lower >= 0


def test_falling_unclear_trend_is_at_risk() -> None:
    st = assess_target(FALLING, YEARS, [20.0, 18.0, 20.5, 18.2, 19.4], as_of=2026)
    assert (st.status, st.reason) == (AT_RISK, "not_clearly_falling")
    assert st.slope_lower < 0 < st.slope_upper


def test_falling_flat_series_is_not_falling() -> None:
    st = assess_target(FALLING, YEARS, [18.0] * 5, as_of=2026)
    assert st.status == OFF_TRACK


def test_falling_with_too_few_years() -> None:
    assert assess_target(FALLING, [2024, 2025], [20, 18], as_of=2026).status == AT_RISK
    assert assess_target(FALLING, [2025], [20], as_of=2026).status == NO_DATA


def test_falling_past_deadline_judged_on_years_up_to_deadline() -> None:
    spec = TargetSpec("falling", 2022)
    years = list(range(2018, 2026))
    vals = [24, 23, 22, 21, 20, 21, 22, 23]  # fell to 2022, rose since
    st = assess_target(spec, years, vals, as_of=2026)
    assert (st.status, st.reason) == (MET, "met_at_deadline")
    assert st.judged_year == 2022 and st.met_since is False
    rising = assess_target(spec, years, [20, 21, 22, 23, 24, 23, 22, 21], as_of=2026)
    assert (rising.status, rising.reason) == (OFF_TRACK, "missed_at_deadline")


# --- baseline targets ("+3 percentage points over 2015") -------------------------------


BASELINE = TargetSpec(">=", 2022, baseline_year=2015, baseline_delta=3)
SURV_YEARS = list(range(2015, 2026))


def test_baseline_target_value_is_baseline_plus_delta() -> None:
    vals = [36.3, 36.9, 37.0, 37.4, 37.9, 38.6, 38.7, 39.3, 39.8, 40.1, 40.6]
    assert target_value(BASELINE, SURV_YEARS, vals) == pytest.approx(39.3)
    st = assess_target(BASELINE, SURV_YEARS, vals, as_of=2026)
    assert st.target_value == pytest.approx(39.3)
    assert (st.status, st.reason) == (MET, "met_at_deadline")  # exactly +3.0 in 2022
    assert st.judged_year == 2022 and st.judged_value == 39.3


def test_baseline_target_missed_by_a_tenth() -> None:
    vals = [36.3, 36.9, 37.0, 37.4, 37.9, 38.6, 38.7, 39.2, 39.8, 40.1, 40.6]
    st = assess_target(BASELINE, SURV_YEARS, vals, as_of=2026)
    assert (st.status, st.reason) == (OFF_TRACK, "missed_at_deadline")
    assert st.met_since is True  # 40.6 in 2025 is above 39.3 now


def test_baseline_year_missing_is_no_data() -> None:
    vals = [np.nan, 36.9, 37.0, 37.4, 37.9, 38.6, 38.7, 39.3, 39.8, 40.1, 40.6]
    st = assess_target(BASELINE, SURV_YEARS, vals, as_of=2026)
    assert (st.status, st.reason) == (NO_DATA, "no_baseline")
    assert st.latest_value == 40.6  # the card can still show the latest value


def test_baseline_target_ahead_is_projected() -> None:
    spec = TargetSpec(">=", 2027, baseline_year=2021, baseline_delta=3)
    st = assess_target(spec, YEARS, [40.0, 40.5, 41.1, 41.5, 42.0], as_of=2026)
    assert st.target_value == 43.0
    assert st.status in (ON_TRACK, AT_RISK) and st.projected == pytest.approx(43.0, abs=0.1)


# --- deadline passed -------------------------------------------------------------------


PASSED = TargetSpec(">=", 2022, value=55)
YEARS_15 = list(range(2018, 2026))


def test_deadline_passed_and_missed_is_off_track_not_projected() -> None:
    vals = [45, 47, 49, 51, 53, 55, 56, 57]  # 53 in 2022: missed; met since 2023
    st = assess_target(PASSED, YEARS_15, vals, as_of=2026)
    assert (st.status, st.reason) == (OFF_TRACK, "missed_at_deadline")
    assert st.deadline_passed and st.judged_year == 2022 and st.judged_value == 53
    assert st.projected is None and st.lower is None
    assert st.met_since is True and st.latest_year == 2025 and st.latest_value == 57


def test_deadline_passed_and_met_at_deadline_stays_met() -> None:
    vals = [50, 52, 54, 56, 55, 54, 53, 52]  # 56 in 2021, 55 in 2022, below since
    st = assess_target(PASSED, YEARS_15, vals, as_of=2026)
    assert (st.status, st.reason) == (MET, "met_at_deadline")
    assert st.met_since is False


def test_deadline_year_missing_uses_first_year_after() -> None:
    years = [2019, 2020, 2021, 2023, 2024]
    st = assess_target(PASSED, years, [50, 52, 54, 56, 58], as_of=2026)
    assert st.judged_year == 2023 and st.status == MET


def test_deadline_passed_without_data_for_it_is_projected() -> None:
    spec = TargetSpec(">=", 2025, value=70)
    st = assess_target(spec, [2020, 2021, 2022, 2023, 2024], [60, 63, 63.5, 66.5, 67.5], as_of=2026)
    assert st.deadline_passed and st.judged_year == 2024
    assert st.projection_year == 2025 and st.projected == pytest.approx(69.65)
    assert (st.status, st.reason) == (AT_RISK, "projection_straddles")
    # a perfect straight line has a zero-width interval: exactly on 70 is on track
    exact = assess_target(spec, [2020, 2021, 2022, 2023, 2024], [60, 62, 64, 66, 68], as_of=2026)
    assert exact.lower == pytest.approx(70.0) and exact.status == ON_TRACK


def test_deadline_this_year_is_not_passed() -> None:
    st = assess_target(TargetSpec(">=", 2026, value=99), YEARS, [50, 52, 54, 56, 58], as_of=2026)
    assert not st.deadline_passed and st.status == OFF_TRACK


# --- the trend fit itself --------------------------------------------------------------


def test_equal_weight_fit_matches_ols_prediction_interval() -> None:
    x = np.array(YEARS, dtype=float)
    y = np.array([47.0, 51.5, 49.0, 53.5, 51.0])
    f = fit_trend(x, y)
    b, a = np.polyfit(x, y, 1)
    assert f.slope == pytest.approx(b)
    resid = y - (a + b * x)
    s2 = (resid**2).sum() / 3
    x0 = 2027.0
    se = math.sqrt(s2 * (1 + 1 / 5 + (x0 - x.mean()) ** 2 / ((x - x.mean()) ** 2).sum()))
    tq = stats.t.ppf(0.975, 3)
    fit, lo, hi = f.predict(x0)
    assert float(fit) == pytest.approx(a + b * x0)
    assert float(lo) == pytest.approx(a + b * x0 - tq * se)
    assert float(hi) == pytest.approx(a + b * x0 + tq * se)
    s_lo, s_hi = f.slope_interval()
    se_b = math.sqrt(s2 / ((x - x.mean()) ** 2).sum())
    assert (s_lo, s_hi) == pytest.approx((b - tq * se_b, b + tq * se_b))


def test_weighted_fit_matches_matrix_wls() -> None:
    x = np.array(YEARS, dtype=float)
    y = np.array([30.0, 33.0, 31.0, 36.0, 35.0])
    n = np.array([50, 5000, 80, 4000, 60], dtype=float)
    f = fit_trend(x, y, n)
    p = (y / 100 * n + 1) / (n + 2)
    w = 1 / (p * (1 - p) / n)
    X = np.column_stack([np.ones(5), x])
    beta = np.linalg.solve(X.T @ (w[:, None] * X), X.T @ (w * y))
    assert f.slope == pytest.approx(beta[1])
    # the large-n years dominate: the slope follows 2022 -> 2024 (33 -> 36), not the small years
    unweighted = fit_trend(x, y)
    assert abs(f.slope - 1.5) < abs(unweighted.slope - 1.5)


def test_weights_need_every_n() -> None:
    x, y = YEARS, [30.0, 33.0, 31.0, 36.0, 35.0]
    assert fit_trend(x, y, [50, np.nan, 80, 4000, 60]).slope == pytest.approx(fit_trend(x, y).slope)
    assert fit_trend(x, y, [1, 2, 3, 4, 5], proportion=False).slope == pytest.approx(fit_trend(x, y).slope)


def test_fit_needs_three_distinct_years() -> None:
    with pytest.raises(ValueError):
        fit_trend([2024, 2025], [1, 2])
    with pytest.raises(ValueError):
        fit_trend([2024, 2024, 2025], [1, 2, 3])


def test_spec_checks_and_from_row() -> None:
    with pytest.raises(ValueError):
        TargetSpec("~", 2027, value=1)
    with pytest.raises(ValueError):
        TargetSpec(">=", 2027)
    row = pd.Series({"comparison": ">=", "deadline": 2022, "value": np.nan, "baseline_year": 2015.0,
                     "baseline_delta": 3.0})  # fmt: skip
    spec = TargetSpec.from_row(row)
    assert spec == TargetSpec(">=", 2022, value=None, baseline_year=2015, baseline_delta=3.0)


# --- counties --------------------------------------------------------------------------


def _county_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "area": ["a"] * 3 + ["b"] * 3 + ["c"] * 3 + ["d"],
        "year": [2023, 2024, 2025] * 3 + [2025],
        "value": [50, 54, 56, 60, 58, 54, 40, 45, np.nan, np.nan],
    })  # fmt: skip


def test_counties_meeting_latest_and_given_year() -> None:
    m = counties_meeting(_county_frame(), AHEAD)
    got = dict(zip(m["area"], m["meets"], strict=True))
    assert bool(got["a"]) is True
    assert bool(got["b"]) is False
    assert bool(got["c"]) is False and int(m.loc[m["area"] == "c", "year"].iloc[0]) == 2024
    assert pd.isna(got["d"])
    assert count_meeting(m) == (1, 3)
    in_2024 = counties_meeting(_county_frame(), AHEAD, year=2024)
    assert count_meeting(in_2024) == (1, 3)  # b: 58 in 2024
    assert bool(in_2024.loc[in_2024["area"] == "b", "meets"].iloc[0]) is True


def test_counties_meeting_falling_and_resolved_target() -> None:
    m = counties_meeting(_county_frame(), FALLING)
    got = {a: v for a, v in zip(m["area"], m["meets"], strict=True) if not pd.isna(v)}
    assert got == {"a": False, "b": True, "c": False}
    higher = counties_meeting(_county_frame(), BASELINE, target=55)
    assert count_meeting(higher) == (1, 3)


def test_county_statuses_one_row_per_county() -> None:
    df = pd.DataFrame({"area": ["x"] * 5 + ["y"] * 5, "year": YEARS * 2,
                       "value": [44, 46.1, 47.9, 50, 52.05, 40, 40.5, 40.2, 40.8, 40.6]})  # fmt: skip
    out = county_statuses(df, AHEAD, as_of=2026)
    assert list(out["area"]) == ["x", "y"]
    assert list(out["status"]) == [ON_TRACK, OFF_TRACK]
    assert out["gap"].tolist() == pytest.approx([52.05 - 55, 40.6 - 55])


def test_summarise_counts_every_status() -> None:
    assert summarise([MET, MET, OFF_TRACK, NO_DATA]) == {MET: 2, ON_TRACK: 0, AT_RISK: 0, OFF_TRACK: 1,
                                                        NO_DATA: 1}  # fmt: skip
    with pytest.raises(ValueError):
        summarise(["bogus"])


# --- words: what the cards say ----------------------------------------------------------


def test_projection_sentence_in_both_languages() -> None:
    from dashboard.i18n.targets import describe

    st = assess_target(AHEAD, YEARS, [44.0, 46.1, 47.9, 50.0, 52.05], as_of=2026)
    zh = " ".join(describe(st, AHEAD, "%", "zh"))
    assert zh == f"预计2027年达到 {st.projected:.1f}%（95%区间 {st.lower:.1f}%–{st.upper:.1f}%）。"
    en = " ".join(describe(st, AHEAD, "%", "en"))
    assert en.startswith("Projected 56.0% in 2027 (95% interval ")


def test_deadline_sentences_say_what_happened_since() -> None:
    from dashboard.i18n.targets import describe, status_label

    missed = assess_target(PASSED, YEARS_15, [45, 47, 49, 51, 53, 55, 56, 57], as_of=2026)
    assert describe(missed, PASSED, "%", "en") == [
        "53.0% at the deadline (2022): not met.",
        "Since: 57.0% in 2025, the target is now reached.",
    ]
    assert status_label(missed, "zh") == "未达标" and status_label(missed, "en") == "Not met"
    kept = assess_target(PASSED, YEARS_15, [50, 52, 54, 56, 55, 54, 53, 52], as_of=2026)
    assert describe(kept, PASSED, "%", "zh") == [
        "期限（2022年）时为 55.0%，已达标。",
        "此后：2025年 52.0%，已低于目标。",
    ]
    assert status_label(kept, "zh") == "达标"


def test_falling_and_baseline_words() -> None:
    from dashboard.i18n.targets import describe, target_label

    st = assess_target(FALLING, YEARS, [20.0, 19.1, 18.0, 17.1, 16.0], as_of=2026)
    zh = describe(st, FALLING, "%", "zh")
    assert zh[0].startswith("近5年逐年下降：每年 -1.00 个百分点") and zh[1].startswith("预计2027年达到")
    assert target_label(FALLING, None, "%", "zh") == "逐年下降"
    assert target_label(BASELINE, 39.3, "%", "en") == "≥ 2015 baseline + 3 pp (= 39.3%)"
    assert target_label(AHEAD, 55.0, "%", "zh") == "≥ 55%"
    no_base = assess_target(BASELINE, SURV_YEARS, [np.nan] + [37.0] * 10, as_of=2026)
    assert describe(no_base, BASELINE, "%", "zh") == ["缺少基线年份（2015年）的数值，无法确定目标值。"]


def test_counties_sentence() -> None:
    from dashboard.i18n.targets import counties_sentence

    row = {"county_level": True, "counties_total": 38, "counties_meeting": 27, "counties_judged": 38,
           "counties_year": pd.NA, "counties_meeting_latest": 27, "comparison": ">="}  # fmt: skip
    assert counties_sentence(row, "zh") == "27 / 38 个区县达标"
    passed = {**row, "counties_year": 2022, "counties_meeting": 14, "counties_judged": 36}
    assert counties_sentence(passed, "zh") == "2022年 14 / 38 个区县达标（最新 27 / 38），2 个无数据"
    assert counties_sentence({**row, "county_level": False}, "en") == "City-level data only"


def test_one_rule_says_when_a_county_meets_a_target() -> None:
    from dashboard.domain.status import meets_target

    assert meets_target("met", ">=") and not meets_target("on_track", ">=")
    # a falling target is a trend: a county clearly falling (on track) meets it
    assert meets_target("on_track", "falling") and meets_target("met", "falling")
    assert not meets_target("at_risk", "falling") and not meets_target("no_data", "falling")


# --- the variance floor (issue 13, defect 1) ----------------------------------------------


def test_flat_series_keeps_its_sampling_error() -> None:
    """Five years at 54.5% (n = 500) against >= 55: the interval is never narrower than the
    binomial sampling error of a year, so the verdict is "at risk", not a confident "off track"."""
    st = assess_target(TargetSpec(">=", 2027, value=55.0), YEARS, [54.5] * 5, as_of=2025, n=[500] * 5)
    assert st.upper - st.lower > 2 * 1.96 * math.sqrt(54.5 * 45.5 / 500)
    assert st.lower < 55 < st.upper
    assert st.status == AT_RISK


def test_perfect_line_interval_is_not_collapsed() -> None:
    f = fit_trend([2023, 2024, 2025], [50.0, 51.0, 52.0], [300, 300, 300])
    fit, lo, hi = (float(a) for a in f.predict(2027))
    assert fit == pytest.approx(54.0)
    # at least the binomial error of one year (p ≈ 0.5, n = 300) times t(0.975; 1)
    assert hi - lo > 2 * stats.t.ppf(0.975, 1) * math.sqrt(1e4 * 0.25 / 300)


def test_noisy_series_keeps_its_residual_variance() -> None:
    """The floor only binds when the series is smoother than sampling allows."""
    x, y, n = YEARS, [30.0, 36.0, 29.0, 38.0, 31.0], [5000] * 5
    f = fit_trend(x, y, n)
    xa, ya = np.array(x, float), np.array(y)
    p = (ya / 100 * 5000 + 1) / 5002
    w = 1 / (p * (1 - p))
    w = w / w.mean()
    b, a = np.polyfit(xa, ya, 1, w=np.sqrt(w))
    s2 = (w * (ya - (a + b * xa)) ** 2).sum() / 3
    assert f.s2 == pytest.approx(s2)
    assert s2 > 10 * 1e4 * 0.33 * 0.67 / 5000  # far above the floor


def test_count_series_floor_is_poisson() -> None:
    f = fit_trend([2023, 2024, 2025], [4.0, 4.0, 4.0], proportion=False, counts=True)
    assert f.s2 == pytest.approx(13 / 3)
    assert fit_trend([2023, 2024, 2025], [4.0, 4.0, 4.0], proportion=False).s2 == 0.0


# --- count targets are judged per year (issue 13, defect 4) -------------------------------

EIGHT = list(range(2018, 2026))
RESEARCH = [2, 4, 2, 4, 2, 4, 3, 4]  # below 3 in 3 of 8 years


def test_count_target_is_judged_every_year_not_on_a_projection() -> None:
    spec = TargetSpec(">=", 2027, value=3)
    st = assess_target(spec, EIGHT, RESEARCH, as_of=2026, percent=False)
    assert (st.status, st.reason) == (AT_RISK, "met_some_years")
    assert (st.years_met, st.years_judged) == (5, 8)
    # from the plan's first year only
    st = assess_target(
        TargetSpec(">=", 2027, value=3, start_year=2023), EIGHT, RESEARCH, as_of=2026, percent=False
    )
    assert (st.status, st.reason, st.years_met, st.years_judged) == (MET, "met_every_year", 3, 3)
    st = assess_target(spec, EIGHT, [*RESEARCH[:-1], 2], as_of=2026, percent=False)
    assert (st.status, st.reason) == (OFF_TRACK, "missed_latest_year")


def test_count_target_after_deadline_needs_every_plan_year() -> None:
    spec = TargetSpec(">=", 2023, value=3, start_year=2020)
    st = assess_target(spec, EIGHT, RESEARCH, as_of=2026, percent=False)
    assert (st.status, st.years_met, st.years_judged) == (OFF_TRACK, 2, 4)  # 2020-2023: 2, 4, 2, 4


def test_target_reached_after_its_deadline_says_when() -> None:
    spec = TargetSpec(">=", 2022, value=55.0)
    st = assess_target(spec, [2021, 2022, 2023, 2024, 2025], [50, 52, 54, 56, 57], as_of=2026)
    assert (st.status, st.reason, st.judged_year) == (OFF_TRACK, "missed_at_deadline", 2022)
    assert st.met_since_year == 2024 and st.met_since is True
