"""dashboard.queries.indicators on the demonstration database, checked against hand SQL."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest

from dashboard.catalogue.indicators import INDICATORS
from dashboard.infra.db import Database
from dashboard.queries.indicators import SERIES_COLUMNS, indicator_series

CQ, JJ = "500000", "360400"


def _sql(db: Database, query: str, **params: object) -> pd.DataFrame:
    return db.read(query, params)


def _area(df: pd.DataFrame, area: str) -> pd.DataFrame:
    return df[df["area"] == area].set_index("year")


@pytest.mark.parametrize("region", [CQ, JJ])
@pytest.mark.parametrize("key", sorted(INDICATORS))
def test_every_indicator_has_the_documented_columns(demo_db: Database, region: str, key: str) -> None:
    df = indicator_series(demo_db, region, key)
    assert list(df.columns) == SERIES_COLUMNS
    if df.empty:
        return
    assert not df.duplicated(["area", "year"]).any()
    counties = set(_sql(demo_db, "SELECT adcode FROM areas WHERE parent_adcode = :r AND level = 'county'",
                        r=region)["adcode"])  # fmt: skip
    assert set(df["area"]) <= counties | {region}
    v = df["value"].dropna()
    if INDICATORS[key].unit == "%":
        assert v.between(0, 100).all()
    both = df.dropna(subset=["value", "lower", "upper"])
    assert (both["lower"] <= both["value"] + 1e-9).all() and (both["value"] <= both["upper"] + 1e-9).all()


def test_early_diagnosis_equals_hand_sql(demo_db: Database) -> None:
    df = indicator_series(demo_db, CQ, "early_diagnosis")
    progs = INDICATORS["early_diagnosis"].programmes
    placeholders = ", ".join(f":p{i}" for i in range(len(progs)))
    hand = _sql(
        demo_db,
        f"""SELECT s.year, SUM(s.early_detected) AS e, SUM(s.detected) AS d
            FROM screening s JOIN areas a ON a.adcode = s.area
            WHERE a.parent_adcode = :r AND s.programme IN ({placeholders})
            GROUP BY s.year ORDER BY s.year""",
        r=CQ, **{f"p{i}": p for i, p in enumerate(progs)},
    )  # fmt: skip
    area = _area(df, CQ)
    assert list(area.index) == hand["year"].tolist()
    assert area["numerator"].tolist() == hand["e"].astype(float).tolist()
    assert area["denominator"].tolist() == hand["d"].astype(float).tolist()
    np.testing.assert_allclose(area["value"], 100 * hand["e"] / hand["d"])
    # one county, one year, by hand
    one = _sql(demo_db, "SELECT SUM(early_detected) AS e, SUM(detected) AS d FROM screening "
                        "WHERE area = '500101' AND year = 2024")  # fmt: skip
    row = df[(df["area"] == "500101") & (df["year"] == 2024)].iloc[0]
    assert row["value"] == pytest.approx(100 * one["e"][0] / one["d"][0])
    assert row["n"] == one["d"][0]
    assert row["lower"] < row["value"] < row["upper"]


def test_county_share_is_share_of_counties_that_have_it(demo_db: Database) -> None:
    df = indicator_series(demo_db, CQ, "registry_coverage")
    hand = _sql(
        demo_db,
        """SELECT o.year, SUM(CASE WHEN o.numerator >= o.denominator THEN 1 ELSE 0 END) AS yes, COUNT(*) AS n
           FROM indicator_observations o JOIN areas a ON a.adcode = o.area
           WHERE a.parent_adcode = :r AND o.indicator = 'registry_coverage'
           GROUP BY o.year ORDER BY o.year""",
        r=CQ,
    )
    area = _area(df, CQ)
    np.testing.assert_allclose(area["value"], 100 * hand["yes"] / hand["n"])
    assert (area["denominator"] == 38).all()
    counties = df[df["area"] != CQ]
    assert set(counties["value"].unique()) <= {0.0, 100.0}
    assert counties["lower"].isna().all()  # a yes/no fact, not an estimate
    assert len(counties) == 38 * 11


def test_ratio_area_is_sum_over_counties_with_wilson(demo_db: Database) -> None:
    df = indicator_series(demo_db, JJ, "oncology_dept")
    hand = _sql(
        demo_db,
        """SELECT o.year, SUM(o.numerator) AS num, SUM(o.denominator) AS den
           FROM indicator_observations o JOIN areas a ON a.adcode = o.area
           WHERE a.parent_adcode = :r AND o.indicator = 'oncology_dept' GROUP BY o.year ORDER BY o.year""",
        r=JJ,
    )
    area = _area(df, JJ)
    np.testing.assert_allclose(area["value"], 100 * hand["num"] / hand["den"])
    assert (area["n"].to_numpy() == hand["den"].to_numpy()).all()
    assert (area["upper"] - area["lower"] > 0).all()


def test_reported_values_keep_their_stored_interval(demo_db: Database) -> None:
    df = indicator_series(demo_db, CQ, "awareness")
    stored = _sql(demo_db, "SELECT area, year, value, lower, upper, sample_size FROM indicator_observations "
                           "WHERE indicator = 'awareness' AND area = '500102' ORDER BY year")  # fmt: skip
    county = df[df["area"] == "500102"].reset_index(drop=True)
    np.testing.assert_allclose(county["value"], stored["value"])
    np.testing.assert_allclose(county["lower"], stored["lower"])
    np.testing.assert_allclose(county["n"], stored["sample_size"])
    area_value = _sql(demo_db, "SELECT year, value FROM indicator_observations "
                               "WHERE indicator = 'awareness' AND area = :r ORDER BY year", r=CQ)  # fmt: skip
    np.testing.assert_allclose(_area(df, CQ)["value"], area_value["value"])  # never a sum of counties
    assert indicator_series(demo_db, CQ, "survival_5y")["area"].unique().tolist() == [CQ]


def test_programme_counties_needs_every_programme(demo_db: Database) -> None:
    df = indicator_series(demo_db, CQ, "two_cancer_counties")
    year = 2017
    both = _sql(
        demo_db,
        """SELECT COUNT(*) AS k FROM (SELECT s.area FROM screening s JOIN areas a ON a.adcode = s.area
           WHERE a.parent_adcode = :r AND s.year = :y AND s.screened > 0
             AND s.programme IN ('cervical', 'breast')
           GROUP BY s.area HAVING COUNT(DISTINCT s.programme) = 2)""",
        r=CQ, y=year,
    )["k"][0]  # fmt: skip
    row = _area(df, CQ).loc[year]
    assert row["numerator"] == both and row["denominator"] == 38
    assert row["value"] == pytest.approx(100 * both / 38)
    assert 0 < both < 38  # the demo data widen the programme over time: a real test


def test_count_indicator_is_the_value(demo_db: Database) -> None:
    df = indicator_series(demo_db, JJ, "research_projects")
    stored = _sql(demo_db, "SELECT value FROM indicator_observations WHERE indicator = 'research_projects' "
                           "ORDER BY year")  # fmt: skip
    np.testing.assert_allclose(df["value"], stored["value"])


def test_unknown_indicator_is_an_error(demo_db: Database) -> None:
    with pytest.raises(ValueError, match="unknown indicator"):
        indicator_series(demo_db, CQ, "no_such_thing")


@pytest.fixture()
def edited_db(demo_db: Database, tmp_path) -> Database:  # noqa: ANN001
    """A private copy of the demo database (the session one is shared by other tests)."""
    target = tmp_path / "copy.sqlite"
    src = sqlite3.connect(demo_db.url.removeprefix("sqlite:///"))
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return Database(f"sqlite:///{target}")


def test_no_eligible_people_is_no_data_not_zero(edited_db: Database) -> None:
    before = indicator_series(edited_db, JJ, "cervical_screening")
    row = before[(before["area"] == "360402") & (before["year"] == 2024)].iloc[0]
    with sqlite3.connect(edited_db.url.removeprefix("sqlite:///")) as con:
        con.execute("UPDATE screening SET eligible = 0, screened = 0, positive = 0, detected = 0, "
                    "early_detected = 0 WHERE area = '360402' AND year = 2024 AND programme = 'cervical'")  # fmt: skip
    after = indicator_series.uncached(edited_db, JJ, "cervical_screening")
    county = after[(after["area"] == "360402") & (after["year"] == 2024)].iloc[0]
    assert np.isnan(county["value"]) and np.isnan(county["lower"]) and np.isnan(county["n"])
    # the area rate drops the county from both sums (not counted as 0% screened)
    a_before = _area(before, JJ).loc[2024]
    a_after = _area(after, JJ).loc[2024]
    assert a_after["denominator"] == a_before["denominator"] - row["denominator"]
    assert a_after["numerator"] == a_before["numerator"] - row["numerator"]
    assert a_after["value"] == pytest.approx(100 * a_after["numerator"] / a_after["denominator"])


# --- the target pages on these loaders ----------------------------------------------------


def test_assessment_lives_outside_the_query_layer(demo_db: Database) -> None:
    from dashboard.domain import assessment
    from dashboard.queries import indicators

    assert not hasattr(indicators, "plan_assessment")  # queries are SQL plus caching
    assert not hasattr(indicators, "county_scorecard")
    assessed = assessment.plan_assessment(demo_db, JJ, "jiujiang-2025-2027", 2026)
    assert list(assessed.columns[-len(assessment.ASSESSMENT_COLUMNS) :]) == assessment.ASSESSMENT_COLUMNS
    assert assessment.data_gaps(demo_db, JJ, "jiujiang-2025-2027", 2026) == []  # the demo has every table


def _page_text(node: object) -> str:
    import json

    import plotly.utils

    return json.dumps(node, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_unknown_indicator_is_said_not_raised(live_app) -> None:  # noqa: ANN001
    from layouts.targets import layout

    with live_app.server.test_request_context("/targets", headers={"Cookie": "lang=zh"}):
        text = _page_text(layout(area="360400", indicator="no_such_thing"))
    assert "该规划中没有指标“no_such_thing”" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_of_an_area_without_data_say_what_to_load(live_app, empty_settings, lang: str) -> None:  # noqa: ANN001
    """/ and /targets on areas and plans without observations: a calm notice, "no data"
    cards and cells, explained blank figures — never an exception."""
    from flask import Flask

    from callbacks.targets import definition_children, status_children
    from dashboard.i18n import t
    from dashboard.infra.runtime import SETTINGS_KEY
    from dashboard.views import overview as O
    from dashboard.views import targets as V
    from layouts import home, targets

    db = Database(empty_settings.database_url)
    assert indicator_series(db, CQ, "awareness").empty
    server = Flask("empty-db")
    server.config[SETTINGS_KEY] = empty_settings
    with server.test_request_context("/", headers={"Cookie": f"lang={lang}"}):
        for page in (home.layout(area=CQ), targets.layout(area=CQ)):
            text = _page_text(page)
            assert "no-data-notice" in text and "indicator_observations" in text
            assert "alert-danger" not in text
    view = O.overview(db, CQ, lang=lang, as_of=2026)
    assert view.missing == ("indicator_observations", "screening")
    assert len(view.cards) == 7 and {c.key for c in view.cards} == {"no_data"}
    assert {c.status for c in view.cards} == {t("status.no_data", lang)}
    assert O.met_map(db, CQ, lang=lang, as_of=2026) is not None
    data = V.load(db, CQ, lang=lang, as_of=2026, small_cell_limit=5, suppress_below=16)
    card = V.scorecard(data, V.parse_selection(data))
    assert len(card.rows) == 38 and card.pinned[0]["adcode"] == CQ
    for indicator in data.indicators:  # what each callback asks the view for
        sel = V.parse_selection(data, indicator=indicator, counties=["500101"])
        panel = V.indicator_panel(data, sel)
        assert panel is not None and panel.status.key == "no_data"
        assert status_children(panel.status) and definition_children(panel.definition)
        assert V.trend_figure(data, sel).layout.annotations[0].text == t("common.no_data", lang)
        df, _name = V.county_csv(data, sel)
        assert df.empty
    assert len(V.scorecard_csv(data, V.parse_selection(data))) == 39
