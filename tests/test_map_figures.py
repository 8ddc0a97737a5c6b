"""Map figure builders: one choropleth trace, one location per county, suppressed counties
never in the value colours, legend classes; hover, table and CSV show a published table's
hidden counts with the one neutral reason."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.domain.classify import classify
from dashboard.figures.common import NO_DATA_GREY
from dashboard.figures.rate_bars import make_county_trend, make_rate_bars
from dashboard.figures.rate_map import FULL_HOVER_MAX, YLORRD, base_map, discrete_colorscale
from dashboard.queries.registry import RateTable, Selection
from dashboard.views.map import (
    classify_table,
    csv_frame,
    figure_with_store,
    hover_customdata,
    layer_features,
    layer_geojson,
    legend_labels,
    map_store,
    plan_thresholds,
    table_rows,
)


def _table(n: int = 10, suppressed: tuple[int, ...] = (2, 7), rate: str = "asr_china") -> RateTable:
    """A synthetic published RateTable: county i has rate 100 + 10 i, cases 20 + i; county 2
    (3 cases) and 7 (12 cases, hidden to protect county 2) hidden as
    :func:`dashboard.publish.rates.published_rates` hides them."""
    areas = [f"5001{i:02d}" for i in range(n)]
    r = np.array([100.0 + 10 * i for i in range(n)])
    supp = np.zeros(n, bool)
    supp[list(suppressed)] = True
    cases = np.array([20 + i for i in range(n)])
    cases[list(suppressed)] = [3, 12][: len(suppressed)] if len(suppressed) <= 2 else 3
    df = pd.DataFrame({
        "area": areas, "name_zh": [f"县{i}" for i in range(n)], "name_en": [f"County {i}" for i in range(n)],
        "cases": cases, "person_years": np.full(n, 123456.0),
        "rate": np.where(supp, np.nan, r), "lower": np.where(supp, np.nan, r - 5),
        "upper": np.where(supp, np.nan, r + 5), "suppressed": supp,
        "reason": ["hidden" if s else "" for s in supp],
        "mv_pct": 70.0, "dco_pct": 2.0, "mi_ratio": 0.6,
        "quality_flags": ["dco_high" if i == 4 else "" for i in range(n)],
    })  # fmt: skip
    df["rank"] = df["rate"].rank(ascending=False, method="min")
    df["hidden"] = supp
    df["cases"] = df["cases"].astype(float).mask(supp)
    sel = Selection("incidence", "lung", "T", rate, 2025, 2025)
    area = {"cases": int(cases[~supp].sum()), "person_years": 123456.0 * n, "rate": 140.0, "lower": 138.0,
            "upper": 142.0, "suppressed": False, "reason": ""}  # fmt: skip
    return RateTable(sel, df, area, 1, int((~supp).sum()))


def _colour_of(trace: dict, z: float) -> str:
    """The colour plotly gives ``z`` on the trace's stepped colour scale."""
    frac = (z - trace["zmin"]) / (trace["zmax"] - trace["zmin"])
    scale = trace["colorscale"]
    for (p0, c0), (p1, _c1) in zip(scale[::2], scale[1::2], strict=True):
        if p0 <= frac <= p1:
            return c0
    raise AssertionError(f"{z} outside the colour scale")


def test_base_map_is_one_choropleth_with_one_location_per_county() -> None:
    locs, names = layer_features("500000")
    fig = base_map(geojson=layer_geojson("500000"), locations=locs, names=names)
    assert len(fig["data"]) == 1
    tr = fig["data"][0]
    assert tr["type"] == "choropleth"
    assert len(tr["locations"]) == 38 == len(set(tr["locations"]))
    assert tr["featureidkey"] == "id"
    assert {f["id"] for f in tr["geojson"]["features"]} == set(locs)
    assert fig["layout"]["geo"]["visible"] is False  # no base map, no tiles: offline


def test_suppressed_counties_are_grey_and_never_value_coloured() -> None:
    table = _table()
    classes = classify_table(table, "quantile", 4)
    locs = table.counties["area"].tolist()
    store = map_store(table, classes, key="k", locations=locs, lang="zh", title="t", legend_title="1/10万")
    tr = store["trace"]
    palette = YLORRD[classes.k]
    for i, (z, supp) in enumerate(zip(tr["z"], table.counties["suppressed"], strict=True)):
        colour = _colour_of(tr, z)
        if supp:
            assert z == 0 and colour == NO_DATA_GREY
        else:
            assert colour == palette[classes.codes[i]] and colour != NO_DATA_GREY
    # the suppressed counties' rates are missing, never 0, and not part of any class
    assert classes.codes[2] == -1 and classes.codes[7] == -1
    assert sum(classes.counts()) == 8
    assert NO_DATA_GREY not in palette


def test_legend_states_the_classes_and_the_grey_band() -> None:
    table = _table()
    classes = classify(table.counties["rate"], "equal", 4)
    store = map_store(table, classes, key="k", locations=table.counties["area"].tolist(), lang="zh",
                      title="t", legend_title="1/10万")  # fmt: skip
    bar = store["trace"]["colorbar"]
    assert bar["tickvals"] == [0, 1, 2, 3, 4]
    assert bar["ticktext"][0] == "未显示 (2)"
    # equal intervals of 100..190 (suppressed 120 and 170 left out): width 22.5
    assert bar["ticktext"][1:] == ["100.0–122.5 (2)", "122.5–145.0 (2)", "145.0–167.5 (2)", "167.5–190.0 (2)"]
    assert len(discrete_colorscale(4)) == 2 * 5
    assert legend_labels(classes, 1) == bar["ticktext"][1:]


def test_hover_shows_the_neutral_reason_for_hidden_counts_and_ranks() -> None:
    table = _table()
    classes = classify_table(table, "quantile", 5)
    locs = [*table.counties["area"].tolist(), "500199"]  # a boundary with no county row
    store = map_store(table, classes, key="k", locations=locs, lang="zh", title="t", legend_title="")
    rows = table_rows(table, classes, lang="zh")
    custom = hover_customdata(rows, locs, store)
    assert custom[0] == ["100.0 (95.0–105.0)", "20", "123,456", "8/8", ""]
    assert custom[2][0] == "—（为保护小数值而隐藏）"
    assert custom[2][1] == "为保护小数值而隐藏"  # 3 cases: never shown
    assert custom[2][3] == "—"
    # 12 cases hidden to protect the 3: the very same words (no "<6" against "—")
    assert custom[7][:2] == custom[2][:2]
    assert not any("<6" in c for row in custom for c in row)
    assert "⚠ 登记质量存疑" in custom[4][4]
    assert custom[-1][0].startswith("—（无登记数据")
    assert all("0.0 (" not in c[0] for i, c in enumerate(custom) if i in (2, 7))


def test_table_rows_and_csv_apply_the_same_rules() -> None:
    table = _table()
    classes = classify_table(table, "quantile", 5)
    rows = table_rows(table, classes, lang="en")
    assert (
        "cases" not in rows[2]
        and "rate" not in rows[2]
        and rows[2]["note"] == "hidden to protect small numbers"
    )
    assert rows[2]["cases_text"] == "hidden to protect small numbers"
    assert (
        "cases" not in rows[7]
        and "rate" not in rows[7]
        and {k: rows[7][k] for k in ("cases_text", "note")} == {k: rows[2][k] for k in ("cases_text", "note")}
    )
    assert rows[0]["rate"] == 100.0 and rows[0]["rank"] == 8 and rows[0]["colour"] != NO_DATA_GREY
    csv = csv_frame(table, lang="en", area_name="Chongqing", area_code="500000")
    assert len(csv) == 11
    assert csv.loc[2, "cases"] == "" == csv.loc[7, "cases"]
    assert csv.loc[2, "note"] == "hidden to protect small numbers" == csv.loc[7, "note"]
    assert pd.isna(csv.loc[2, "rate"]) and pd.isna(csv.loc[7, "rate"])
    assert csv.loc[10, "adcode"] == "500000" and csv.loc[10, "rate"] == 140.0
    assert "3" not in set(csv["cases"]) and "12" not in set(csv["cases"])  # hidden counts never appear
    assert not csv.astype(str).apply(lambda c: c.str.contains("<6")).any().any()


def test_national_scale_store_is_self_contained_and_small() -> None:
    n = FULL_HOVER_MAX + 100
    table = _table(n, suppressed=(2, 7))
    classes = classify_table(table, "jenks", 5)
    locs = table.counties["area"].tolist()
    store = map_store(table, classes, key="k", locations=locs, lang="zh", title="t", legend_title="")
    assert len(store["custom"]) == n
    assert store["custom"][0] == 100.0 and store["custom"][2] == "—（为保护小数值而隐藏）"
    assert "%{customdata}" in store["trace"]["hovertemplate"]
    fig = figure_with_store(base_map(geojson={"type": "FeatureCollection", "features": []}, locations=locs,
                                     names=locs), store, [])  # fmt: skip
    assert fig["data"][0]["customdata"] == store["custom"]


def test_plan_thresholds_come_from_the_plan_or_the_url() -> None:
    # Changed on purpose (issue 13, part 7): no more 80/90/110/120% of the area rate, which
    # no plan says; the plan file's bands, or the URL's breaks, or no plan classes at all
    assert plan_thresholds([200.0, 160.0]) == [160.0, 200.0]
    assert plan_thresholds([200.0], [50, 10]) == [10.0, 50.0]  # the URL's breaks win
    assert plan_thresholds(None) == [] and plan_thresholds([]) == []
    table = _table()
    c = classify_table(table, "plan", 5, legend=[112.0, 126.0, 154.0, 168.0])
    assert c.breaks == (112.0, 126.0, 154.0, 168.0)
    fallback = classify_table(table, "plan", 5)  # no bands: the default classes, not invented ones
    assert fallback.breaks == classify_table(table, "quantile", 5).breaks


def test_bars_ranked_with_intervals_and_area_line() -> None:
    table = _table()
    rows = table_rows(table, classify_table(table, "quantile", 5), lang="zh")
    fig = make_rate_bars(
        rows=rows, area_rate=140.0, area_label="重庆市 140.0", title="t", axis_title="1/10万"
    )
    tr = fig["data"][0]
    assert tr["type"] == "bar" and tr["orientation"] == "h"
    assert len(tr["x"]) == 8  # suppressed counties have no bar
    assert tr["x"] == sorted(tr["x"])  # highest on top (plotly draws the first at the bottom)
    assert tr["error_x"]["array"] == [5.0] * 8
    assert fig["layout"]["shapes"][0]["x0"] == 140.0
    few = make_rate_bars(rows=rows, area_rate=None, area_label="", title="t", axis_title="", max_bars=3)
    assert few["data"][0]["x"] == [160.0, 180.0, 190.0]  # 170 (county 7) is suppressed


def test_county_trend_leaves_gaps_for_suppressed_years() -> None:
    fig = make_county_trend(years=[2020, 2021, 2022], rates=[10.0, None, 12.0], lowers=[9.0, None, 11.0],
                            uppers=[11.0, None, 13.0], title="t", axis_title="")  # fmt: skip
    tr = fig["data"][0]
    assert tr["y"] == [10.0, None, 12.0]
    assert tr["error_y"]["array"] == [1.0, None, 1.0]


@pytest.mark.parametrize("k", [3, 4, 5, 6, 7])
def test_palettes_are_sequential_and_distinct_from_grey(k: int) -> None:
    pal = YLORRD[k]
    assert len(pal) == len(set(pal)) == k
    lum = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in pal]
    assert lum == sorted(lum, reverse=True)  # light to dark


def test_no_small_count_words_are_left() -> None:
    """The "<6" / "—" pair (which told a small count from its complementary cell) is gone."""
    import dashboard.i18n.map as words

    assert not hasattr(words, "masked_count_texts")
    assert (
        words.hidden_text("zh") == "为保护小数值而隐藏"
        and words.hidden_text("en") == "hidden to protect small numbers"
    )


def _ranks(table: RateTable) -> pd.DataFrame:
    """Rank intervals of the synthetic table: rates 10 apart with se 5 (they overlap)."""
    from dashboard.epi.ranks import rank_intervals

    df = table.counties
    r = rank_intervals(df["rate"].to_numpy(float), distribution="gamma", se=np.full(len(df), 5.0))
    return pd.DataFrame({"area": df["area"], "rank": r.rank, "rank_lower": r.lower, "rank_upper": r.upper})


def test_ranks_carry_their_intervals_in_table_tooltip_bars_and_csv() -> None:
    table = _table()
    ranks = _ranks(table)
    classes = classify_table(table, "quantile", 5)
    rows = table_rows(table, classes, lang="zh", ranks=ranks)
    top = rows[9]  # rate 190: ranked first of 8
    assert top["rank"] == 1 and top["rank_lo"] == 1 and 1 < top["rank_hi"] < 8
    assert "rank_lo" not in rows[2] and "rank" not in rows[2]  # suppressed: not ranked
    locs = table.counties["area"].tolist()
    for lang, want in (("zh", f"第1位（1–{top['rank_hi']}），共8个"), ("en", f"1 (1–{top['rank_hi']}) of 8")):
        store = map_store(table, classes, key="k", locations=locs, lang=lang, title="t", legend_title="")
        custom = hover_customdata(table_rows(table, classes, lang=lang, ranks=ranks),
                                  locs, store)  # fmt: skip
        assert custom[9][3] == want and custom[2][3] == "—"
    # the table's rank column shows the interval, sorted by the rank itself
    from dashboard.views.map import column_defs

    col = next(c for c in column_defs(table.selection, 1, "zh") if c["field"] == "rank")
    assert "rank_lo" in col["valueFormatter"]["function"] and col["headerName"] == "排名（95%区间）"
    # the bars: sorted by rate, each name followed by its rank and interval
    from dashboard.i18n.map import rank_text

    bars = make_rate_bars(rows=[{**r, "rank_text": rank_text(r["rank"], r["rank_lo"], r["rank_hi"], lang="en")}
                                if "rank" in r else r for r in rows], area_rate=None, area_label="", title="t",
                          axis_title="")  # fmt: skip
    y = bars["data"][0]["y"]
    assert y[-1] == f"县9  1 (1–{top['rank_hi']})" and bars["data"][0]["x"] == sorted(bars["data"][0]["x"])
    csv = csv_frame(table, lang="en", area_name="A", area_code="500000", ranks=ranks)
    assert csv.loc[9, "rank_ci95_lower"] == 1 and csv.loc[9, "rank_ci95_upper"] == top["rank_hi"]
    assert pd.isna(csv.loc[2, "rank_ci95_lower"]) and pd.isna(csv.loc[10, "rank_ci95_upper"])
    assert (csv["rank_ci95_lower"].dropna() <= csv["rank"].dropna()).all()


def test_rank_text_in_both_languages() -> None:
    from dashboard.i18n.map import rank_text

    assert rank_text(3, 1, 7, lang="zh") == "第3位（1–7）"
    assert rank_text(3, 1, 7, lang="en") == "3 (1–7)"
    assert rank_text(3, 1, 7, 38, lang="en") == "3 (1–7) of 38"
    assert rank_text(3, None, None, 38, lang="zh") == "3/38"
    assert rank_text(math.nan, lang="zh") == "—"
