"""Screening computations: coverage, cascade, early diagnosis, masking, programmes, targets;
the page of an area with no screening rows yet."""

from __future__ import annotations

import json
import math
import sys

import dash
import numpy as np
import pandas as pd
import pytest
from flask import Flask

from components.ids import Screening as ScreeningIds
from dashboard.domain import screening as S
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.infra.runtime import SETTINGS_KEY
from dashboard.queries.screening import area_targets, area_totals, screening_rows
from dashboard.views import screening as V
from tests.conftest import walk

Z = 1.959963984540054


def wilson(x: float, n: float) -> tuple[float, float]:
    """Textbook Wilson score interval (independent of the code under test)."""
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def frame(rows: list[tuple]) -> pd.DataFrame:
    """County rows as screening_rows returns them (hand-made)."""
    return pd.DataFrame(rows, columns=["area", "name_zh", "name_en", "year", "programme", *S.STEPS])


# --- coverage ---------------------------------------------------------------------------------


def test_coverage_is_screened_over_eligible_with_wilson_interval() -> None:
    out = S.coverage(pd.DataFrame({"eligible": [100, 2000], "screened": [40, 1500]}))
    assert out["coverage"].tolist() == pytest.approx([0.40, 0.75])
    lo, hi = wilson(40, 100)
    assert out["coverage_lower"].iloc[0] == pytest.approx(lo, abs=1e-12)
    assert out["coverage_upper"].iloc[0] == pytest.approx(hi, abs=1e-12)
    assert out["coverage_reason"].tolist() == ["", ""]


def test_zero_or_missing_eligible_reads_no_data_not_zero_or_an_error() -> None:
    df = pd.DataFrame({"eligible": [0, None, 0, 50], "screened": [0, 7, 3, 0]})
    out = S.coverage(df)
    assert out["coverage"].isna().tolist() == [True, True, True, False]
    assert out["coverage_reason"].tolist() == ["no_data", "no_data", "no_data", ""]
    assert out["coverage"].iloc[3] == 0.0  # zero screened of 50 is a real 0%, not "no data"
    assert out["coverage_lower"].iloc[:3].isna().all() and out["coverage_upper"].iloc[:3].isna().all()
    assert df["eligible"].tolist()[:1] == [0]  # the input frame is not modified


def test_inconsistent_and_small_denominators_are_blank_with_their_reason() -> None:
    out = S.add_proportion(
        pd.DataFrame({"x": [12, 3, 20], "n": [10, 10, 40]}), "x", "n", "p", suppress_below=16
    )
    assert out["p"].isna().tolist() == [True, True, False]
    assert out["p_reason"].tolist() == ["inconsistent", "fewer_than_16_cases", ""]


# --- cascade ------------------------------------------------------------------------------------


AREA = {"eligible": 100_000, "screened": 50_000, "positive": 2_500, "detected": 750, "early_detected": 450}


def test_cascade_conversions_and_comparison_with_the_area() -> None:
    county = {"eligible": 10_000, "screened": 3_000, "positive": 150, "detected": 45, "early_detected": 27}
    out = S.cascade(county, AREA, suppress_below=16)
    assert out["step"].tolist() == list(S.STEPS)
    assert out["conversion"].tolist() == ["", "coverage", "positivity", "detection", "early"]
    assert out["rate"].iloc[1:].tolist() == pytest.approx([0.30, 0.05, 0.30, 0.60])
    assert out["area_rate"].iloc[1:].tolist() == pytest.approx([0.50, 0.05, 0.30, 0.60])
    lo, hi = wilson(3000, 10_000)
    assert (out["rate_lower"].iloc[1], out["rate_upper"].iloc[1]) == pytest.approx((lo, hi))
    # 30% (CI about 29.1-30.9%) against 50%: lower; the others contain the area's rate
    assert out["comparison"].tolist() == ["", "lower", "similar", "similar", "similar"]
    assert out["of_eligible"].tolist() == pytest.approx([1, 0.3, 0.015, 0.0045, 0.0027])
    assert not out["absent"].any()


def test_cascade_of_a_county_with_zero_eligible_reads_no_data() -> None:
    county = {"eligible": 0, "screened": 0, "positive": 0, "detected": 0, "early_detected": 0}
    out = S.cascade(county, AREA, suppress_below=16)  # must not raise
    rates = out.iloc[1:]
    assert rates["rate"].isna().all()
    assert rates["rate_reason"].tolist() == ["no_data"] * 4
    assert rates["comparison"].tolist() == ["no_data"] * 4
    assert out["of_eligible"].isna().all()
    assert out["count"].tolist() == [0, 0, 0, 0, 0]  # the counts are real zeros, shown as 0
    assert rates["area_rate"].notna().all()  # the area is still there to compare with


def test_cascade_of_an_absent_county_is_no_data() -> None:
    out = S.cascade(None, AREA)
    assert out["absent"].all()
    assert out["count"].isna().all()
    assert set(out["rate_reason"].iloc[1:]) == {"no_data"}


def test_cascade_blanks_a_rate_built_on_a_masked_count() -> None:
    county = {"eligible": 5000, "screened": 900, "positive": 60, "detected": 20, "early_detected": pd.NA}
    out = S.cascade(county, AREA, suppress_below=16)
    early = out.iloc[4]
    assert pd.isna(early["rate"]) and early["rate_reason"] == "small_count"
    assert early["comparison"] == "no_data"
    assert out["rate"].iloc[3] == pytest.approx(20 / 60)


# --- tables (grid and CSV from one rule set) ------------------------------------------------


def test_table_cells_show_masked_counts_as_less_than_limit_plus_one_in_grid_and_csv() -> None:
    df = pd.DataFrame({"name": ["甲", "乙", "丙"], "n": pd.array([pd.NA, 12, pd.NA], dtype="Int64"),
                       "p": [np.nan, 0.12345, 0.5], "n__na": ["", "", "—"]})  # fmt: skip
    recs, text = S.table_cells(df, [("name", S.TEXT), ("n", S.COUNT), ("p", S.PCT)], small_cell_limit=5)
    assert text["n"].tolist() == ["<6", "12", "—"]  # masked, shown, absent (no data)
    assert text["p"].tolist() == ["—", "12.3", "50.0"]
    assert recs[0]["n"] is None and recs[0]["n__na"] == "<6"
    assert recs[1]["n"] == 12 and recs[1]["p"] == pytest.approx(12.35)
    assert recs[2]["n__na"] == "—"
    with pytest.raises(ValueError, match="kind"):
        S.table_cells(df, [("name", "money")], small_cell_limit=5)


# --- early diagnosis, funnel ----------------------------------------------------------------------


def test_early_diagnosis_rate_and_funnel_positions() -> None:
    df = pd.DataFrame({"detected": [400, 400, 400, 10], "early_detected": [300, 200, 120, 5]})
    out = S.early_diagnosis(df, suppress_below=16)
    assert out["early"].iloc[:3].tolist() == pytest.approx([0.75, 0.5, 0.3])
    assert out["early_reason"].iloc[3] == "fewer_than_16_cases"
    pts = S.funnel_points(out, 0.5)
    assert pts["position_998"].tolist() == ["above", "within", "below", ""]
    lim = S.funnel_limits(0.5, 400, 20)
    assert lim["n"].min() >= 1 and lim["n"].max() >= 400
    assert (lim["lower_998"] <= lim["lower_95"]).all() and (lim["upper_95"] <= lim["upper_998"]).all()


# --- programmes -------------------------------------------------------------------------------------


def test_programme_running_and_two_cancer_county_coverage() -> None:
    rows = S.coverage(frame([
        ("1", "甲", "A", 2024, "cervical", 100, 40, 2, 1, 1),
        ("1", "甲", "A", 2024, "breast", 100, 30, 2, 1, 1),
        ("2", "乙", "B", 2024, "cervical", 100, 20, 2, 1, 1),
        ("2", "乙", "B", 2024, "breast", 100, 0, 0, 0, 0),  # a row with nobody screened: not running
        ("3", "丙", "C", 2023, "cervical", 100, 20, 2, 1, 1),  # another year only
    ]))  # fmt: skip
    counties = pd.DataFrame(
        {"adcode": ["1", "2", "3"], "name_zh": ["甲", "乙", "丙"], "name_en": ["A", "B", "C"]}
    )
    run = S.programme_running(rows, counties, 2024)
    assert len(run) == 3 * len(S.PROGRAMMES)
    got = run.set_index(["adcode", "programme"])["running"]
    assert got[("1", "cervical")] and got[("1", "breast")] and got[("2", "cervical")]
    assert not got[("2", "breast")] and not got[("3", "cervical")] and not got[("1", "lung")]
    assert run.set_index(["adcode", "programme"]).loc[("3", "cervical"), "coverage_reason"] == "no_data"
    share = S.county_share_running(run)
    assert share == {"running": 1, "counties": 3, "share": pytest.approx(1 / 3)}
    # a masked screened count (NA) in an existing row still means 1..limit people: running
    masked = rows.assign(screened=rows["screened"].astype("Int64").mask(rows["area"] == "3"))
    assert S.programme_running(masked, counties, 2023).set_index(["adcode", "programme"]).loc[
        ("3", "cervical"), "running"]  # fmt: skip


# --- targets and URL state --------------------------------------------------------------------------


def test_targets_come_from_the_plan_in_the_database(demo_db) -> None:  # noqa: ANN001
    jj = area_targets(demo_db, "360400")
    cervical = S.find_target(jj, kind="screening_coverage", programme="cervical")
    assert cervical is not None and cervical["value"] == 55 and cervical["comparison"] == ">"
    assert cervical["deadline"] == 2027
    assert S.find_target(jj, kind="screening_coverage", programme="breast") is None
    assert S.early_reference(jj)["source"] == "design_card"  # Jiujiang sets no early-diagnosis target
    cq = area_targets(demo_db, "500000")
    ref = S.early_reference(cq)
    assert ref["source"] == "plan" and ref["value"] == 55 and ref["deadline"] == 2022
    assert S.find_target(cq, kind="programme_counties")["value"] == 100
    assert S.find_target(cq, kind="screening_coverage", programme="cervical") is None


def test_a_changed_plan_target_changes_the_line() -> None:
    targets = pd.DataFrame([{"plan_id": "x", "indicator": "cervical_screening", "comparison": ">=", "value": 70.0,
                             "deadline": 2030, "text_zh": "", "text_en": "", "quantified": True}])  # fmt: skip
    assert S.find_target(targets, kind="screening_coverage", programme="cervical")["value"] == 70


def test_resolve_state_from_the_query_string() -> None:
    runs = {("2", "lung", 2024), ("1", "cervical", 2024)}
    kw = {"years": [2023, 2024], "county_codes": ["1", "2", "3"], "runs": runs}
    st = S.resolve_state(programme="lung", year="2023", county="3", counties="3,9,1", **kw)
    assert st == {"programme": "lung", "year": 2023, "county": "3", "counties": ["3", "1"]}
    st = S.resolve_state(programme="nonsense", year="abc", county="999", counties=None, **kw)
    assert st == {"programme": "cervical", "year": 2024, "county": "1", "counties": []}
    st = S.resolve_state(programme="lung", year=None, county=None, counties=None, **kw)
    assert st["county"] == "2"  # the first county running the programme that year
    st = S.resolve_state(programme=["lung", "liver"], year=["2023"], county=["2"], counties=["1", "2"], **kw)
    assert st == {"programme": "lung", "year": 2023, "county": "2", "counties": ["1", "2"]}


# --- queries ------------------------------------------------------------------------------------------


def test_screening_rows_are_the_counties_of_the_plan_area(demo_db) -> None:  # noqa: ANN001
    rows = screening_rows(demo_db, "360400")
    assert list(rows.columns) == ["area", "name_zh", "name_en", "year", "programme", *S.STEPS]
    direct = demo_db.read(
        "SELECT count(*) AS n FROM screening s JOIN areas a ON a.adcode = s.area "
        "WHERE a.parent_adcode = :p AND a.level = 'county'", {"p": "360400"})  # fmt: skip
    assert len(rows) == int(direct["n"].iloc[0]) > 0
    assert rows["area"].str.startswith("3604").all()
    assert set(rows["programme"]) == set(S.PROGRAMMES)


def test_area_totals_are_sums_over_counties(demo_db) -> None:  # noqa: ANN001
    rows = screening_rows(demo_db, "500000")
    tot = area_totals(demo_db, "500000")
    expect = rows.groupby(["programme", "year"], as_index=False)[list(S.STEPS)].sum()
    merged = tot.merge(expect, on=["programme", "year"], suffixes=("", "_py"))
    assert len(merged) == len(tot) == len(expect)
    for c in S.STEPS:
        assert (merged[c] == merged[f"{c}_py"]).all()
    n = rows.groupby(["programme", "year"]).size().rename("n").reset_index()
    assert (tot.merge(n, on=["programme", "year"]).eval("counties_reporting == n")).all()


def test_target_met_follows_the_comparison() -> None:
    assert S.target_met(55.0, {"comparison": ">=", "value": 55.0})
    assert not S.target_met(55.0, {"comparison": ">", "value": 55.0})
    assert not S.target_met(float("nan"), {"comparison": ">=", "value": 0.0})


def test_selection_from_controls_refuses_malformed_requests() -> None:
    assert V.selection_from_controls(area="50000x", programme="lung") is None
    assert V.selection_from_controls(area="500000", programme="nonsense") is None
    sel = V.selection_from_controls(area="500000", programme="lung", year="abc", county="500101",
                                    counties=["500101"], table="nonsense")  # fmt: skip
    assert sel == V.Selection("500000", "lung", None, "500101", ("500101",), "coverage")


# --- an area with no screening rows yet ------------------------------------------------------------


def _render(path: str, settings: Settings, lang: str, **query: str) -> object:
    """The page's layout rendered in a request of an app carrying ``settings``."""
    page = next(p for p in dash.page_registry.values() if p["path"] == path)
    server = Flask("no-data-test")
    server.config[SETTINGS_KEY] = settings
    with server.test_request_context(path, headers={"Cookie": f"lang={lang}"}):
        return sys.modules[page["module"]].layout(**query)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_area_without_screening_rows_says_what_to_load(live_app, empty_settings, lang: str) -> None:  # noqa: ANN001
    page = _render("/screening", empty_settings, lang, area="500000", county="500101")
    nodes = list(walk(page))
    notices = [n for n in nodes if "no-data-notice" in str(getattr(n, "className", ""))]
    assert len(notices) == 1
    assert "screening" in json.dumps(notices[0].to_plotly_json(), default=lambda o: o.to_plotly_json())
    ids = {getattr(n, "id", None) for n in nodes}
    assert ScreeningIds.COVERAGE_TREND not in ids and ScreeningIds.TABLE not in ids  # no empty charts
    # and should a callback still run, every view answers with an explained figure, never an exception
    data = V.load(Database(empty_settings.database_url), "500000", lang=lang, small_cell_limit=5,
                  suppress_below=16)  # fmt: skip
    assert not data.has_data and len(data.counties) == 38
    for table in V.TABLES:
        sel = V.selection_from_controls(area="500000", programme="cervical", county="500101", table=table)
        explained = [*V.coverage_figures(data, sel), V.cascade_figure(data, sel), *V.early_figures(data, sel)]
        assert all(not fig.data and fig.layout.annotations for fig in explained)
        V.programme_matrix(data, sel)
        V.programme_map(data, sel)
        V.programme_map_patch(data, sel)
        assert [c.value for c in V.summary_cards(data, sel)][:2] == ["—", "—"]
        assert V.two_cancer(data, sel).value
        columns, _rows = V.table_view(data, sel)
        assert columns
        name, text = V.csv_file(data, sel)
        assert name.endswith(".csv") and text.startswith("\ufeff")
