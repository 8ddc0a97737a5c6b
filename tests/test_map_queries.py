"""County rates for a map selection, checked against the database through plain SQL and epi;
selection parsing; the national scale generator."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest

from dashboard.epi import rates_by_group, registry_quality
from dashboard.infra.db import Database
from dashboard.queries.registry import (
    CUM_SCALE,
    Selection,
    county_rates,
    county_series,
    normalise_selection,
    parse_period,
    period_values,
    registry_years,
    selection_cells,
)
from dashboard.views.map import MapParams, parse_breaks, parse_params

YEARS = list(range(2015, 2026))


def _sql_cells(
    db: Database, region: str, site: str, sexes: tuple[str, ...], y0: int, y1: int
) -> pd.DataFrame:
    """The selection's cells straight from SQL (no loader): counts joined to person-years."""
    marks = ",".join("?" * len(sexes))
    path = db.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        return pd.read_sql_query(
            f"""SELECT r.area, r.age_group, SUM(r.cases) AS cases, SUM(r.deaths) AS deaths,
                       SUM(r.mv_cases) AS mv_cases, SUM(r.dco_cases) AS dco_cases,
                       SUM(p.person_years) AS person_years
                FROM registry_counts r JOIN population p
                  ON p.area = r.area AND p.year = r.year AND p.sex = r.sex AND p.age_group = r.age_group
                JOIN areas a ON a.adcode = r.area
                WHERE a.parent_adcode = ? AND r.site = ? AND r.sex IN ({marks}) AND r.year BETWEEN ? AND ?
                GROUP BY r.area, r.age_group""",
            conn,
            params=(region, site, *sexes, y0, y1),
        )


@pytest.mark.parametrize(
    ("region", "params", "standard", "col"),
    [
        ("500000", {"site": "lung", "sex": "T", "rate": "asr_china", "year": "2022"}, "china2000", "asr"),
        ("500000", {"site": "stomach", "sex": "M", "rate": "asr_world", "year": "2019-2021"}, "segi", "asr"),
        ("500000", {"site": "cervix", "sex": "F", "rate": "crude", "year": "2025", "measure": "mortality"},
         "china2000", "crude"),
        ("360400", {"site": "all", "sex": "T", "rate": "cum_0_74", "year": "2021-2025"}, "china2000", "cum_0_74"),
        ("360400", {"site": "thyroid", "sex": "M", "rate": "asr_china", "year": "2018"}, "china2000", "asr"),
    ],
)  # fmt: skip
def test_county_rates_match_sql_and_epi(
    demo_db: Database, region: str, params: dict, standard: str, col: str
) -> None:
    years = registry_years(demo_db, region)
    sel = normalise_selection(params, years)
    got = county_rates(demo_db, region, sel, 16)
    cells = _sql_cells(demo_db, region, sel.site, sel.sexes, sel.year_from, sel.year_to)
    exp = rates_by_group(cells, ["area"], standard=standard, measure_col=sel.count_col, suppress_below=16)
    m = exp.merge(got.counties, on="area", suffixes=("_exp", ""))
    assert len(m) == len(got.counties) == cells["area"].nunique()
    assert (m["cases_exp"] == m["cases"]).all()
    np.testing.assert_allclose(m["person_years_exp"], m["person_years"])
    dec = got.decimals
    shown = ~m["suppressed"]
    if col == "cum_0_74":
        young = cells[cells["age_group"] <= 15].groupby("area")[sel.count_col].sum()
        shown_exp = ~m["suppressed_exp"] & (m["area"].map(young) >= 16).to_numpy()
        assert (shown == shown_exp).all()
        np.testing.assert_allclose(m.loc[shown, "rate"], m.loc[shown, "cum_0_74"].round(dec), atol=0.011)
    else:
        assert (m["suppressed"] == m["suppressed_exp"]).all()
        lo, hi = ("crude_lower", "crude_upper") if col == "crude" else ("asr_lower", "asr_upper")
        np.testing.assert_allclose(m.loc[shown, "rate"], m.loc[shown, col].round(dec))
        np.testing.assert_allclose(m.loc[shown, "lower"], m.loc[shown, lo].round(dec))
        np.testing.assert_allclose(m.loc[shown, "upper"], m.loc[shown, hi].round(dec))
    # suppressed rates are missing (never 0), with the reason; ranks only among shown rates
    assert m.loc[~shown, "rate"].isna().all()
    assert (m.loc[~shown, "reason"] != "").all()
    assert sorted(m.loc[shown, "rank"].astype(int)) == sorted(
        m.loc[shown, "rate"].rank(ascending=False, method="min").astype(int)
    )
    assert got.n_ranked == int(shown.sum())
    # the area's own rate pools every county
    area_cells = cells.groupby("age_group", as_index=False)[[sel.count_col, "person_years"]].sum()
    area_cells["g"] = 0
    a = rates_by_group(area_cells, ["g"], standard=standard, measure_col=sel.count_col).iloc[0]
    expected = a["cum_0_74"] if col == "cum_0_74" else a[col]
    assert got.area["rate"] == pytest.approx(round(float(expected), dec), abs=0.011)
    assert got.area["cases"] == int(cells[sel.count_col].sum())


def test_cumulative_rate_scaling_is_exact() -> None:
    assert abs(CUM_SCALE - 0.075) < 1e-12  # 75 years of width / 10^5 × 100 %


def test_quality_flags_come_from_all_sites(demo_db: Database) -> None:
    sel = normalise_selection({"site": "lung", "year": "2020-2024"}, YEARS)
    got = county_rates(demo_db, "500000", sel, 16).counties
    cells = _sql_cells(demo_db, "500000", "all", ("M", "F"), 2020, 2024).groupby("area").sum()
    q = registry_quality(cells["cases"], cells["deaths"], cells["mv_cases"], cells["dco_cases"])
    q.index = cells.index
    flags = got.set_index("area")["quality_flags"]
    assert (flags == q["flag_codes"].reindex(flags.index)).all()
    assert (flags != "").any(), "the demo data has counties with poor registry quality"


def test_selection_cells_sum_the_period_and_sexes(demo_db: Database) -> None:
    sel = Selection("mortality", "liver", "T", "crude", 2016, 2018)
    cells = selection_cells(demo_db, "500000", sel)
    assert len(cells) == 38 * 19
    sql = _sql_cells(demo_db, "500000", "liver", ("M", "F"), 2016, 2018)
    m = cells.merge(sql, on=["area", "age_group"], suffixes=("", "_sql"))
    assert len(m) == 38 * 19
    for c in ("cases", "deaths", "mv_cases", "dco_cases", "person_years"):
        np.testing.assert_allclose(m[c], m[f"{c}_sql"])


def test_county_series_and_trend(demo_db: Database) -> None:
    sel = Selection("incidence", "all", "T", "asr_china", 2025, 2025)
    s = county_series(demo_db, "500000", "500106", sel, 16)  # a large district
    assert s.table["year"].tolist() == YEARS
    assert not s.table["suppressed"].any()
    assert s.trend in {"rising", "stable", "falling"}
    assert s.apc_lower <= s.apc <= s.apc_upper
    small = county_series(
        demo_db, "500000", "500101", Selection("incidence", "thyroid", "M", "asr_china", 2016, 2016), 16
    )
    assert small.table["suppressed"].any() and small.trend == "insufficient_data"


def test_selection_parsing() -> None:
    assert parse_period("2022", YEARS) == (2022, 2022)
    assert parse_period("2021-2025", YEARS) == (2021, 2025)
    assert parse_period("2025-2021", YEARS) is None
    assert parse_period("2010", YEARS) is None
    assert parse_period("x", YEARS) is None
    assert period_values(YEARS)[:2] == ["2025", "2024"]
    assert period_values(YEARS)[-2:] == ["2023-2025", "2021-2025"]
    sel = normalise_selection({"site": "cervix", "sex": "M", "year": "nonsense", "rate": "bad"}, YEARS)
    assert sel == Selection(
        "incidence", "all", "M", "asr_china", 2025, 2025
    )  # cervix is not offered to males
    assert normalise_selection({"site": "prostate", "sex": "T"}, YEARS).site == "all"
    assert normalise_selection({"site": "breast", "sex": "F", "measure": "mortality"}, YEARS).site == "breast"


def test_page_parameters_round_trip() -> None:
    p = parse_params("500000", {"measure": "mortality", "site": "lung", "sex": "M", "rate": "crude",
                                "year": "2021-2025", "classify": "jenks", "classes": "6",
                                "breaks": "30,10,x", "county": "500101"}, YEARS)  # fmt: skip
    assert p.method == "jenks" and p.k == 6 and p.breaks == (10.0, 30.0) and p.county == "500101"
    again = parse_params(
        "500000", dict(pair.split("=") for pair in p.query().replace("%2C", ",").split("&")), YEARS
    )
    assert again == p
    assert parse_breaks("1;2,,3") == (1.0, 2.0, 3.0)
    assert MapParams("500000", p.sel).key != MapParams("500000", p.sel, method="equal").key
    assert parse_params("500000", {"county": "<script>"}, YEARS).county is None


def test_national_generator_writes_every_county(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from dashboard.demo import national

    out = national.build_national_db(tmp_path / "n.sqlite", years=(2024, 2025), sites=("lung",), seed=1)
    assert out["areas"] == 2875 + 33 + 332  # every county, province and prefecture of areas.csv
    assert out["population"] == 2875 * 2 * 2 * 19
    assert out["registry_counts"] == 2875 * 2 * 2 * 19 * 2  # all + lung, both sexes
    db = Database(f"sqlite:///{tmp_path / 'n.sqlite'}")
    assert db.meta("data_kind") == "demonstration"
    assert registry_years(db, "china") == [2024, 2025]
    sel = normalise_selection({"site": "lung", "year": "2024-2025"}, [2024, 2025])
    t = county_rates(db, "china", sel, 16)
    assert len(t.counties) == 2875
    assert t.n_ranked > 2500
    assert t.area["rate"] > 0
    # all sites include more than lung
    with sqlite3.connect(tmp_path / "n.sqlite") as conn:
        tot = dict(conn.execute("SELECT site, SUM(cases) FROM registry_counts GROUP BY site").fetchall())
    assert tot["all"] > tot["lung"] > 0
    with pytest.raises(FileExistsError):
        national.build_national_db(tmp_path / "n.sqlite")
