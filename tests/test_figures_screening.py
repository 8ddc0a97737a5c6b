"""Screening figures: what is drawn matches the numbers; suppressed numbers are not drawn."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.catalogue.geo import boundaries_geojson
from dashboard.domain import screening as S
from dashboard.figures import screening as F
from dashboard.i18n import t
from dashboard.publish.screening import blank_hidden
from dashboard.queries.areas import counties as area_counties
from dashboard.queries.screening import area_targets, area_totals, screening_rows
from dashboard.views import screening as V

LANGS = ("zh", "en")
JJ_TARGET = {"indicator": "cervical_screening", "comparison": ">", "value": 55.0, "deadline": 2027,
             "source": "plan"}  # fmt: skip
DESIGN = {"value": 55.0, "comparison": ">=", "source": "design_card", "deadline": None}


def _shown(rows: pd.DataFrame, limit: int = 5) -> pd.DataFrame:
    """County rows as the page gets them: conversions, then counts 1..limit hidden (as the
    publication layer hides them) and every proportion built on a hidden count blank."""
    out = S.add_conversions(rows, suppress_below=16)
    hidden = {s: out[s].between(1, limit).to_numpy() for s in S.STEPS}
    return blank_hidden(out, hidden)


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("1", "甲区", "A District", 2023, "cervical", 1000, 400, 20, 10, 6),
            ("1", "甲区", "A District", 2024, "cervical", 1000, 500, 25, 12, 8),
            ("2", "乙县", "B County", 2023, "cervical", 2000, 600, 30, 20, 12),
            ("2", "乙县", "B County", 2024, "cervical", 0, 0, 0, 0, 0),  # zero eligible: no data
        ],
        columns=["area", "name_zh", "name_en", "year", "programme", *S.STEPS],
    )


def _area(rows: pd.DataFrame) -> pd.DataFrame:
    return S.area_table(rows.groupby(["programme", "year"], as_index=False)[list(S.STEPS)].sum())


def _trace(fig: go.Figure, uid: str) -> go.BaseTraceType:
    hits = [tr for tr in fig.data if tr.uid == uid]
    assert len(hits) == 1, [tr.uid for tr in fig.data]
    return hits[0]


def _coverage_labels(rows: pd.DataFrame, area: pd.DataFrame, names: pd.DataFrame | None = None, *,
                     lang: str, programme: str, target: dict | None, area_name: str, subtitle: str = "",
                     multiples: bool = False) -> F.CoverageLabels:  # fmt: skip
    """The words the view gives the coverage figures (names from ``names``, else ``rows``)."""
    return V.coverage_labels(lang=lang, programme=programme, area_name=area_name, target=target,
                             names=V.county_names(rows if names is None else names, lang), counties_df=rows,
                             area_df=area, subtitle=subtitle, multiples=multiples)  # fmt: skip


def _cascade(cf: pd.DataFrame, *, programme: str, year: int, county_name: str, area_name: str,
             lang: str) -> go.Figure:  # fmt: skip
    labels = V.cascade_labels(cf, lang=lang, programme=programme, year=year, county_name=county_name,
                              area_name=area_name)  # fmt: skip
    return F.make_cascade(cascade_df=cf, small_cell_limit=5, labels=labels)


def _early_by_county(pts: pd.DataFrame, p0: float | None, *, highlight: str | None, programme: str, year: int,
                     area_name: str, lang: str) -> go.Figure:  # fmt: skip
    labels = V.early_county_labels(pts, lang=lang, programme=programme, year=year, area_name=area_name,
                                   area_value=p0, reference=DESIGN, names=V.county_names(pts, lang))  # fmt: skip
    return F.make_early_by_county(df=pts, area_value=p0, reference=DESIGN, highlight=highlight, labels=labels)


def _funnel(pts: pd.DataFrame, lim: pd.DataFrame | None, p0: float | None, *, highlight: str | None,
            programme: str, year: int, lang: str) -> go.Figure:  # fmt: skip
    labels = V.funnel_labels(lang=lang, programme=programme, year=year, area_name="x", p0=p0, reference=DESIGN,
                             names=V.county_names(pts, lang))  # fmt: skip
    return F.make_funnel(points=pts, limits=lim, p0=p0, reference=DESIGN, highlight=highlight, labels=labels)


def _text(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False)


# --- coverage ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_coverage_trend_plots_screened_over_eligible(lang: str) -> None:
    rows = _shown(_rows())
    area = _area(_rows())
    fig = F.make_coverage_trend(counties_df=rows, area_df=area, highlight="1", target=JJ_TARGET,
                                labels=_coverage_labels(rows, area, lang=lang, programme="cervical", target=JJ_TARGET,
                                                        area_name="九江市", subtitle="def"))  # fmt: skip
    hl = _trace(fig, "highlight-1")
    assert list(hl.x) == [2023, 2024] and list(hl.y) == pytest.approx([40.0, 50.0])
    others = _trace(fig, "others")
    assert list(others.y) == [30.0, None, None]  # 2024 with no eligible people is a gap, never 0
    assert list(_trace(fig, "area").y) == pytest.approx([1000 / 3000 * 100, 50.0])
    assert [s.y0 for s in fig.layout.shapes] == [55.0]
    label = fig.layout.annotations[0].text
    assert ("规划目标 >55%（2027年）" if lang == "zh" else "Plan target > 55% (by 2027)") == label
    assert "2023" in fig.layout.title.text and ("%" in fig.layout.title.text)


def test_coverage_trend_without_a_target_has_no_line() -> None:
    rows = _shown(_rows())
    area = _area(_rows())
    fig = F.make_coverage_trend(counties_df=rows, area_df=area, highlight=None, target=None,
                                labels=_coverage_labels(rows, area, lang="zh", programme="cervical", target=None,
                                                        area_name="x"))  # fmt: skip
    assert not fig.layout.shapes
    assert "highlight" not in {tr.uid[:9] for tr in fig.data}


def test_small_multiples_one_panel_per_county(demo_db) -> None:  # noqa: ANN001
    rows = _shown(screening_rows(demo_db, "500000"))
    liver = rows[rows["programme"] == "liver"]
    panels = area_counties(demo_db, "500000")
    area = S.area_table(area_totals(demo_db, "500000"))
    area = area[area["programme"] == "liver"]
    fig = F.make_coverage_small_multiples(
        counties_df=liver, area_df=area, panels=panels["adcode"].tolist(), highlight="500101", target=JJ_TARGET,
        labels=_coverage_labels(liver, area, panels, lang="zh", programme="liver", target=JJ_TARGET,
                                area_name="重庆市", multiples=True),
    )  # fmt: skip
    layout = fig.to_plotly_json()["layout"]
    xaxes = [k for k in layout if k.startswith("xaxis")]
    assert len(xaxes) == len(panels) == 38
    for k in xaxes:
        lo, hi = layout[k]["domain"]
        assert 0 <= lo < hi <= 1
    running = set(liver["area"])
    drawn = {tr.uid.removeprefix("panel-") for tr in fig.data if tr.uid and tr.uid.startswith("panel-")}
    assert drawn == running
    not_running = [a for a in layout["annotations"] if a["text"] == "未开展"]
    assert len(not_running) == 38 - len(running)
    assert len(fig.layout.shapes) == 38  # the target line in every panel
    # a county's panel plots its own coverage
    one = sorted(running)[0]
    tr = _trace(fig, f"panel-{one}")
    mine = liver[liver["area"] == one].sort_values("year")
    assert list(tr.y) == pytest.approx((mine["screened"] / mine["eligible"] * 100).tolist())


def test_small_multiples_of_chosen_counties() -> None:
    rows = _shown(_rows())
    panels = pd.DataFrame({"adcode": ["2"], "name_zh": ["乙县"], "name_en": ["B County"]})
    area = _area(_rows())
    fig = F.make_coverage_small_multiples(
        counties_df=rows, area_df=area, panels=panels["adcode"].tolist(), highlight="2", target=None,
        labels=_coverage_labels(rows, area, panels, lang="en", programme="cervical", target=None, area_name="x",
                                multiples=True),
    )  # fmt: skip
    assert [k for k in fig.to_plotly_json()["layout"] if k.startswith("xaxis")] == ["xaxis"]
    assert list(_trace(fig, "panel-2").y) == [30.0, None]


# --- cascade --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_cascade_draws_counts_and_rates_and_hides_masked_counts(lang: str) -> None:
    county = {"eligible": 5000, "screened": 900, "positive": 60, "detected": 20, "early_detected": pd.NA}
    area = {
        "eligible": 100_000,
        "screened": 50_000,
        "positive": 2_500,
        "detected": 750,
        "early_detected": 450,
    }
    cf = S.cascade(county, area, suppress_below=16)
    fig = _cascade(cf, programme="liver", year=2024, county_name="甲区", area_name="重庆市", lang=lang)
    bars = _trace(fig, "counts")
    assert list(bars.x) == [5000, 900, 60, 20, None]  # no bar for the masked count
    assert list(bars.text)[-1] == t("common.hidden", lang)  # the one neutral reason
    assert any(
        a.text == t("common.hidden", lang) for a in fig.layout.annotations
    )  # labelled where the bar would be
    rates = _trace(fig, "county-rates")
    assert list(rates.x)[:3] == pytest.approx([18.0, 60 / 900 * 100, 20 / 60 * 100])
    assert list(rates.marker.size)[3] == 0  # the hidden early rate has no point
    assert "—" in rates.text[3]
    assert list(_trace(fig, "area-rates").x) == pytest.approx([50.0, 5.0, 30.0, 60.0])
    assert "2024" in fig.layout.title.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cascade_is_linear_so_a_steep_drop_looks_steep(lang: str) -> None:
    """612 of 53,635 screened (issue 14, item 10): on a log axis the bar is more than half as
    long as the first; on the linear axis it is about 1% of it, and its label says 1.1%."""
    county = {"eligible": 53_635, "screened": 612, "positive": 60, "detected": 20, "early_detected": 12}
    area = {
        "eligible": 100_000,
        "screened": 50_000,
        "positive": 2_500,
        "detected": 750,
        "early_detected": 450,
    }
    fig = _cascade(S.cascade(county, area, suppress_below=16), programme="cervical", year=2024,
                   county_name="甲区", area_name="重庆市", lang=lang)  # fmt: skip
    assert fig.layout.xaxis.type != "log"
    assert "log" not in fig.layout.xaxis.title.text and "对数" not in fig.layout.xaxis.title.text
    lo, hi = fig.layout.xaxis.range
    assert lo == 0 and hi >= 53_635 * 1.3  # room for the longest bar's label inside its panel
    text = list(_trace(fig, "counts").text)
    assert text[0] == "53,635"
    assert text[1] == "612 (1.1%)"
    assert "%" in fig.layout.xaxis.title.text
    # the rates' words sit above their rows, clear of the point and the area's tick
    tick = _trace(fig, "area-rates").marker.size
    words = [a for a in fig.layout.annotations if a.xref == "x2 domain"]
    assert words and all(a.yshift - 7 > tick / 2 for a in words)


def test_cascade_of_a_zero_eligible_county_says_no_data_not_zero_percent() -> None:
    county = {"eligible": 0, "screened": 0, "positive": 0, "detected": 0, "early_detected": 0}
    area = {"eligible": 1000, "screened": 500, "positive": 25, "detected": 10, "early_detected": 6}
    fig = _cascade(S.cascade(county, area), programme="cervical", year=2024, county_name="乙县",
                   area_name="九江市", lang="zh")  # fmt: skip
    texts = list(_trace(fig, "county-rates").text)
    assert all("—" in x and "无数据" in x for x in texts)
    assert not any("0.0%" in x for x in texts)


def test_cascade_of_an_absent_county_is_an_explained_empty_figure() -> None:
    fig = _cascade(S.cascade(None, None), programme="lung", year=2019, county_name="甲区", area_name="x",
                   lang="zh")  # fmt: skip
    assert not fig.data
    assert "甲区2019年未开展肺癌（50—74岁）筛查" in fig.layout.annotations[0].text


# --- early diagnosis -----------------------------------------------------------------------------


def _early_points() -> tuple[pd.DataFrame, float]:
    rows = pd.DataFrame(
        [
            ("1", "甲", "A", 2024, "upper_gi", 9000, 3000, 300, 100, 80),
            ("2", "乙", "B", 2024, "upper_gi", 9000, 3000, 300, 100, 35),
            ("3", "丙", "C", 2024, "upper_gi", 9000, 3000, 300, 120, 60),
            ("4", "丁", "D", 2024, "upper_gi", 9000, 3000, 300, 10, 4),  # masked and too few
            (
                "5",
                "戊",
                "E",
                2024,
                "upper_gi",
                9000,
                3000,
                300,
                8,
                3,
            ),  # a second masked cell: no complementary
        ],
        columns=["area", "name_zh", "name_en", "year", "programme", *S.STEPS],
    )
    ct = _shown(rows)
    area = _area(rows).iloc[0]
    return S.funnel_points(ct, float(area["early"])), float(area["early"])


@pytest.mark.parametrize("lang", LANGS)
def test_early_by_county_plots_shown_rates_and_lists_hidden_counties(lang: str) -> None:
    pts, p0 = _early_points()
    fig = _early_by_county(
        pts, p0, highlight="4", programme="upper_gi", year=2024, area_name="九江市", lang=lang
    )
    plotted = {}
    for tr in fig.data:
        if tr.uid and tr.uid.startswith("early-") and tr.uid != "early-rows":
            plotted.update(dict(zip(tr.y, tr.x, strict=True)))
    name = lambda z, e: z if lang == "zh" else e  # noqa: E731
    assert plotted == pytest.approx({name("甲", "A"): 80.0, name("乙", "B"): 35.0, name("丙", "C"): 50.0})
    cats = list(fig.layout.yaxis.categoryarray)
    assert cats[:2] == [f"{name('丁', 'D')} —", f"{name('戊', 'E')} —"]  # hidden counties listed, no point
    assert name("丁", "D") not in plotted
    ticks = list(fig.layout.yaxis.ticktext)
    assert "<b>" in ticks[0]  # the highlighted county stays highlighted even when hidden
    legend = [tr.name for tr in fig.data if tr.mode == "lines"]
    assert legend[0] == V.target_label(DESIGN, lang)
    assert ("设计参考值 55%" if lang == "zh" else "Design-card reference 55%") in legend[0]
    assert [s.x0 for s in fig.layout.shapes] == pytest.approx([55.0, p0 * 100])


def test_early_by_county_status_colours_follow_the_interval() -> None:
    pts, p0 = _early_points()
    fig = _early_by_county(pts, p0, highlight=None, programme="upper_gi", year=2024, area_name="x", lang="en")
    by_status = {tr.uid: list(tr.y) for tr in fig.data if tr.uid and tr.uid.startswith("early-")}
    assert by_status["early-better"] == ["A"]  # 80% (CI about 71-87%) wholly above 55%
    assert by_status["early-worse"] == ["B"]  # 35% (CI about 26-45%) wholly below
    assert by_status["early-similar"] == ["C"]


def test_early_by_programme_area_bars_and_focus_county(demo_db) -> None:  # noqa: ANN001
    area = S.area_table(area_totals(demo_db, "500000"))
    a24 = area[area["year"] == 2024]
    rows = _shown(screening_rows(demo_db, "500000"))
    c24 = rows[(rows["year"] == 2024) & (rows["area"] == "500101")]
    ref = S.early_reference(area_targets(demo_db, "500000"))
    labels = V.early_programme_labels(
        lang="zh", year=2024, area_name="重庆市", county_name="万州区", reference=ref
    )
    fig = F.make_early_by_programme(
        area_df=a24, county_df=c24, reference=ref, selected="cervical", labels=labels
    )
    bars = _trace(fig, "area-programmes")
    expect = a24.set_index("programme").reindex(list(S.PROGRAMMES))
    assert list(bars.y) == pytest.approx((expect["early_detected"] / expect["detected"] * 100).tolist())
    assert [s.y0 for s in fig.layout.shapes] == [55.0]
    assert any(tr.name == "规划目标 ≥55%（2022年）" for tr in fig.data)


def test_funnel_has_limits_centre_and_positions() -> None:
    pts, p0 = _early_points()
    lim = S.funnel_limits(p0, 120, 100)
    fig = _funnel(pts, lim, p0, highlight="1", programme="upper_gi", year=2024, lang="en")
    assert sum(1 for tr in fig.data if tr.mode == "lines" and tr.legendgroup in ("95", "998")) == 4
    pos = {tr.uid: list(tr.text) for tr in fig.data if tr.uid and tr.uid.startswith("funnel-")}
    assert pos.get("funnel-above") == ["A"] and pos.get("funnel-below") == ["B"]
    assert not {"D", "E"} & set(sum(pos.values(), []))  # hidden counties not placed
    lo, hi = fig.layout.yaxis.range
    assert lo <= 40 and hi >= 80
    assert _funnel(
        pts, None, None, highlight=None, programme="liver", year=2024, lang="zh"
    ).layout.annotations  # explained empty figure


# --- programmes -------------------------------------------------------------------------------------


def test_programme_matrix_and_map(demo_db) -> None:  # noqa: ANN001
    rows = _shown(screening_rows(demo_db, "360400"))
    cty = area_counties(demo_db, "360400")
    run = S.programme_running(rows, cty, 2025)
    fig = F.make_programme_matrix(running=run, highlight="360402",
                                  labels=V.programme_labels(lang="zh", year=2025, names=V.county_names(cty, "zh")))  # fmt: skip
    hm = _trace(fig, "matrix")
    z = np.array(hm.z, dtype=float)
    assert z.shape == (13, 6)
    off = ~run.pivot(index="adcode", columns="programme", values="running").reindex(
        index=cty["adcode"], columns=list(S.PROGRAMMES)).to_numpy(dtype=bool)  # fmt: skip
    assert np.isnan(z[off]).all() and not np.isnan(z[~off]).any()
    assert all(hm.text[i][j] == "—" for i, j in zip(*np.nonzero(off), strict=True))
    map_labels = V.programme_labels(lang="en", year=2025, names=V.county_names(cty, "en"), programme="liver")
    fig_map = F.make_programme_map(geojson=boundaries_geojson("360400"), running=run, programme="liver",
                                   highlight="360402", labels=map_labels)  # fmt: skip
    assert len(fig_map.data) == 1 and fig_map.data[0].type == "choropleth"  # one trace: patchable
    tr = fig_map.data[0]
    assert list(tr.locations) == cty["adcode"].tolist()
    liver = run[run["programme"] == "liver"].set_index("adcode").reindex(cty["adcode"])
    for z, ok, cov in zip(tr.z, liver["running"], liver["coverage"], strict=True):
        assert z == (pytest.approx(cov * 100, abs=0.01) if ok else F.MAP_NOT_RUNNING_Z)
    assert (~liver["running"]).sum() == 2  # two Jiujiang counties do not run liver screening in 2025
    assert tr.colorbar.ticktext[0] == "not running"
    assert list(tr.marker.line.width).count(2.5) == 1
    # the patch values for another programme keep the same location order
    v = F.programme_map_values(running=run, locations=list(tr.locations), programme="cervical", highlight=None,
                               names=V.county_names(cty, "zh"), not_running="未开展")  # fmt: skip
    assert len(v["z"]) == 13 and all(z >= 0 for z in v["z"]) and set(v["line_width"]) == {0.6}


# --- text helpers and serialisation --------------------------------------------------------------


def test_wrap_text_keeps_lines_within_width() -> None:
    text = "早诊率 = 早期（含癌前病变）数 ÷ 检出癌及癌前病变数；误差线为95%置信区间 · 示例数据"
    for line in F.wrap_text(text, 200, 12).split("<br>"):
        assert F._text_px(line, 12) <= 200
    assert F.wrap_text("short", 500, 12) == "short"


def test_reason_text_never_shows_a_hidden_value() -> None:
    assert V.reason_text("hidden", "zh") == "为保护小数值而隐藏"
    assert V.reason_text("hidden", "en") == "hidden to protect small numbers"
    assert "16" in V.reason_text("fewer_than_16_cases", "en")
    assert V.reason_text("", "zh") == ""


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_serialises_in_both_languages(demo_db, lang: str) -> None:  # noqa: ANN001
    rows = _shown(screening_rows(demo_db, "500000"))
    area = S.area_table(area_totals(demo_db, "500000"))
    lung, lung_area = rows[rows.programme == "lung"], area[area.programme == "lung"]
    for fig in (
        F.make_coverage_trend(counties_df=lung, area_df=lung_area, highlight="500101", target=None,
                              labels=_coverage_labels(lung, lung_area, lang=lang, programme="lung", target=None,
                                                      area_name="a")),
        _early_by_county(S.funnel_points(rows[(rows.programme == "liver") & (rows.year == 2019)], 0.3), 0.3,
                         highlight=None, programme="liver", year=2019, area_name="a", lang=lang),
    ):  # fmt: skip
        blob = _text(fig)
        assert "screening." not in blob  # no untranslated message key
        json.loads(fig.to_json())
