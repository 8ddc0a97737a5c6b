"""Figures of the plan-target pages (dashboard.figures.targets)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.domain.status import TargetSpec, assess_target
from dashboard.epi import funnel_limits_proportion
from dashboard.figures.common import STATUS_COLOURS
from dashboard.figures.targets import (
    GREENS,
    make_funnel_plot,
    make_ranking_chart,
    make_sparkline,
    make_trend_chart,
    met_count_colours,
    status_colour,
    status_tint,
)
from dashboard.views.overview import sparkline_labels
from dashboard.views.targets import funnel_labels, ranking_labels, trend_labels

YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025]


def _series() -> pd.DataFrame:
    area = pd.DataFrame({"area": "A", "year": YEARS, "value": [40, 42, 43.5, 46, 47, 49.5, 51.0]})
    area["lower"], area["upper"] = area["value"] - 1, area["value"] + 1
    c1 = pd.DataFrame({"area": "c1", "year": YEARS, "value": [30, 35, 33, 38, 40, 41, 45.0],
                       "lower": np.nan, "upper": np.nan})  # fmt: skip
    return pd.concat([area, c1], ignore_index=True)


def test_sparkline_draws_series_and_target_to_the_deadline() -> None:
    df = _series().query("area == 'A'")
    fig = make_sparkline(df=df, target=55, status="at_risk", unit="%", labels=sparkline_labels("zh"),
                         deadline=2027)  # fmt: skip
    assert len(fig.data) == 2
    line, target = fig.data
    assert list(line.x) == YEARS and line.line.color == STATUS_COLOURS["at_risk"]
    assert set(target.y) == {55} and max(target.x) == 2027
    assert fig.layout.xaxis.range[1] > 2027 - 1 and fig.layout.yaxis.range[1] > 55
    assert 2027 in fig.layout.xaxis.tickvals


def test_sparkline_without_target_or_data() -> None:
    df = _series().query("area == 'A'")
    labels = sparkline_labels("en")
    assert len(make_sparkline(df=df, target=None, status="on_track", unit="%", labels=labels).data) == 1
    empty = make_sparkline(df=df.iloc[0:0], target=55, status="no_data", unit="%", labels=labels)
    assert len(empty.data) == 0 and empty.layout.annotations[0].text == "No data"


def test_trend_chart_area_counties_target_deadline_projection() -> None:
    s = _series()
    area = s[s["area"] == "A"]
    st = assess_target(TargetSpec(">=", 2027, value=55), area["year"], area["value"], as_of=2026)
    fig = make_trend_chart(series=s, region="A", names={"A": "Area", "c1": "County 1"}, target=55,
                           deadline=2027, assessment=st, unit="%",
                           labels=trend_labels("en", unit="%", deadline=2027, title="t"))  # fmt: skip
    names = [tr.name for tr in fig.data]
    assert names[:2] == ["County 1", "Area"]
    assert "Projection" in names and "95% prediction interval" in names and "Target 55%" in names
    proj = fig.data[names.index("Projection")]
    assert list(proj.x) == [2025, 2026, 2027]
    assert proj.y[-1] == pytest.approx(st.projected)
    band = fig.data[names.index("95% prediction interval")]
    ys = np.asarray(band.y, dtype=float)
    assert ys.max() == pytest.approx(st.upper) and ys.min() <= st.lower + 1e-9
    area_trace = fig.data[names.index("Area")]
    assert area_trace.error_y.array[0] == pytest.approx(1.0)
    assert fig.data[names.index("County 1")].error_y.array is None
    assert any(sh.x0 == 2027 for sh in fig.layout.shapes)  # the deadline line
    assert fig.layout.xaxis.range[1] >= 2027


def test_trend_chart_after_the_deadline_has_no_projection() -> None:
    s = _series()
    area = s[s["area"] == "A"]
    st = assess_target(TargetSpec(">=", 2022, value=45), area["year"], area["value"], as_of=2026)
    fig = make_trend_chart(series=s, region="A", names={}, target=45, deadline=2022, assessment=st, unit="%",
                           labels=trend_labels("zh", unit="%", deadline=2022))  # fmt: skip
    assert not any(tr.name in ("趋势预测", "95%预测区间") for tr in fig.data)
    assert any(sh.x0 == 2022 for sh in fig.layout.shapes)


def _ranking_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["a", "b", "c", "d"], "gap": [-5.0, 3.0, 1.0, np.nan], "gap_lower": [-7.0, 1.0, np.nan, np.nan],
        "gap_upper": [-3.0, 5.0, np.nan, np.nan], "status": ["off_track", "met", "met", "no_data"],
        "hover": ["a", "b", "c", "d"],
    })  # fmt: skip


def test_ranking_orders_by_distance_and_respects_polarity() -> None:
    fig = make_ranking_chart(
        df=_ranking_frame(), higher_is_better=True, labels=ranking_labels("zh", x_title="x")
    )
    order = list(fig.layout.yaxis.categoryarray)
    assert order == ["a", "c", "b"]  # bottom to top: the best county (b) on top
    tr = fig.data[0]
    assert list(tr.error_x.array) == pytest.approx([2.0, 0.0, 2.0])  # c has no interval
    assert tr.marker.color[0] == STATUS_COLOURS["off_track"]
    assert "1" in fig.layout.annotations[-1].text  # one county left out, and the chart says so
    lower_better = make_ranking_chart(df=_ranking_frame(), higher_is_better=False,
                                      labels=ranking_labels("zh", x_title="x"))  # fmt: skip
    assert list(lower_better.layout.yaxis.categoryarray) == ["b", "c", "a"]


def test_funnel_plot_limits_and_outliers() -> None:
    df = pd.DataFrame({"name": ["small", "big_good", "big_bad", "mid"], "numerator": [6, 700, 400, 110],
                       "n": [10, 1000, 1000, 200], "value": [60.0, 70.0, 40.0, 55.0]})  # fmt: skip
    fig = make_funnel_plot(
        df=df, p0=55, higher_is_better=True, labels=funnel_labels("en", centre="the target 55%")
    )
    upper95 = [tr for tr in fig.data if tr.name == "95% control limits" or (tr.legendgroup == "95")]
    assert len(upper95) == 2
    lim = funnel_limits_proportion(0.55, np.asarray(upper95[0].x), (0.95,))
    got = sorted([np.asarray(upper95[0].y), np.asarray(upper95[1].y)], key=lambda a: a.mean())
    np.testing.assert_allclose(got[0], 100 * lim["lower_95"])
    np.testing.assert_allclose(got[1], 100 * lim["upper_95"])
    by_name = {tr.name: list(tr.text) for tr in fig.data if tr.mode == "markers"}
    assert by_name["Better than the centre (beyond 99.8%)"] == ["big_good"]
    assert by_name["Worse than the centre (beyond 99.8%)"] == ["big_bad"]
    assert "small" in by_name["Within 95% limits"]  # 60% of 10 is noise, not a finding


def test_funnel_plot_needs_a_centre_between_0_and_100() -> None:
    df = pd.DataFrame({"name": ["a"], "numerator": [5], "n": [10], "value": [50.0]})
    fig = make_funnel_plot(df=df, p0=100, higher_is_better=True, labels=funnel_labels("zh", centre="x"))
    assert len(fig.data) == 0 and fig.layout.annotations


def test_met_count_colours_run_light_to_dark() -> None:
    cols = met_count_colours(6)
    assert len(cols) == 7 and cols[0] == GREENS[0] and cols[-1] == GREENS[-1]
    assert met_count_colours(0) == [GREENS[0]]


def test_status_tints_are_lighter_versions_of_the_status_colours() -> None:
    assert status_colour("missed") == STATUS_COLOURS["off_track"]
    assert status_tint("met", 0) == STATUS_COLOURS["met"]
    assert status_tint("met", 1) == "#ffffff"
    full, tint = status_colour("at_risk"), status_tint("at_risk")
    assert all(int(tint[i : i + 2], 16) >= int(full[i : i + 2], 16) for i in (1, 3, 5))
