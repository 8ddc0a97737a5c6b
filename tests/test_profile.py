"""The county profile: pure rules (dashboard.domain.peers) and the view (peers, spine rows, CSV masking)."""

from __future__ import annotations

import json
import math
import sys
from datetime import date

import dash
import numpy as np
import pandas as pd
import pytest
from flask import Flask

from components.ids import County
from dashboard.domain import peers as P
from dashboard.domain.assessment import plan_assessment
from dashboard.infra.db import Database
from dashboard.infra.runtime import SETTINGS_KEY
from dashboard.queries.indicators import plan_for_area
from dashboard.views import county as V
from tests.conftest import walk


def _features() -> pd.DataFrame:
    # population in people (large numbers), share aged 65+ in % (small numbers)
    return pd.DataFrame(
        {"population": [100_000, 101_000, 300_000, 100_500, 500_000],
         "share_65": [10.0, 20.0, 10.5, 10.2, 30.0],
         "flat": [1.0, 1.0, 1.0, 1.0, 1.0]},
        index=pd.Index(["a", "b", "c", "d", "e"], name="area"),
    )  # fmt: skip


def test_standardise_gives_z_scores_and_ignores_flat_and_missing() -> None:
    f = _features()
    f.loc["e", "share_65"] = np.nan
    z = P.standardise(f)
    pop = f["population"].astype(float)
    assert z["population"].tolist() == pytest.approx(((pop - pop.mean()) / pop.std(ddof=0)).tolist())
    assert (z["flat"] == 0).all()  # no spread: cannot tell counties apart
    assert z.loc["e", "share_65"] == 0  # missing -> the mean
    assert z["share_65"].drop("e").std(ddof=0) > 0


def test_peers_are_the_nearest_on_standardised_features() -> None:
    f = _features()
    z = P.standardise(f)
    expected = ((z - z.loc["a"]) ** 2).sum(axis=1).pow(0.5).drop("a").sort_values()
    peers = P.nearest_peers(f, "a", k=3)
    assert peers["area"].tolist() == expected.index[:3].tolist()
    assert peers["distance"].tolist() == pytest.approx(expected.iloc[:3].tolist())
    assert peers["rank"].tolist() == [1, 2, 3]
    assert "a" not in peers["area"].tolist()
    assert peers["area"].iloc[0] == "d"


def test_standardising_changes_who_is_nearest() -> None:
    # b has almost a's population but a very different share aged 65+; c differs by 3,000
    # people (small against the spread of populations) and 0.5 points: c is the nearer.
    f = pd.DataFrame({"population": [100_000, 100_400, 103_000, 200_000, 400_000],
                      "share_65": [10.0, 25.0, 10.5, 12.0, 20.0]}, index=list("abcde"))  # fmt: skip
    raw = ((f - f.loc["a"]) ** 2).sum(axis=1).drop("a").idxmin()
    assert raw == "b"  # unstandardised, population in people would dominate
    assert P.nearest_peers(f, "a", k=4)["area"].tolist() == ["c", "d", "b", "e"]
    # units do not matter: people or thousands of people give the same peers
    g = f.assign(population=f["population"] / 1000)
    assert P.nearest_peers(g, "a", k=4)["area"].tolist() == ["c", "d", "b", "e"]


def test_peers_unknown_county_raises() -> None:
    with pytest.raises(KeyError):
        P.nearest_peers(_features(), "zz")


def test_spine_row_ranges_rank_and_polarity() -> None:
    values = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0, np.nan], index=list("abcdef"))
    row = P.spine_row(values, "d", area_value=30.0, lower=35.0, upper=45.0, higher_is_better=True)
    assert (row["min"], row["max"]) == (10.0, 50.0)
    assert (row["q25"], row["q75"]) == (20.0, 40.0)
    assert row["value"] == 40.0
    assert row["comparison"] == "better"
    assert (row["rank"], row["n_ranked"]) == (2, 5)
    low = P.spine_row(values, "d", area_value=30.0, lower=35.0, upper=45.0, higher_is_better=False)
    assert low["comparison"] == "worse"
    assert (low["rank"], low["n_ranked"]) == (4, 5)
    similar = P.spine_row(values, "d", area_value=40.0, lower=35.0, upper=45.0, higher_is_better=True)
    assert similar["comparison"] == "similar"
    no_ci = P.spine_row(values, "d", area_value=30.0, lower=math.nan, upper=math.nan, higher_is_better=True)
    assert no_ci["comparison"] == "no_data"
    none = P.spine_row(values, "f", area_value=30.0, lower=math.nan, upper=math.nan, higher_is_better=True)
    assert math.isnan(none["value"]) and none["rank"] is None


def test_spine_scale_centres_the_benchmark_and_puts_better_right() -> None:
    v = np.array([10.0, 30.0, 40.0, 50.0])
    x = P.spine_scale(v, 30.0, higher_is_better=True)
    assert x.tolist() == pytest.approx([0.0, 0.5, 0.75, 1.0])  # farthest (both 20 away) at the ends
    y = P.spine_scale(v, 30.0, higher_is_better=False)
    assert y.tolist() == pytest.approx([1.0, 0.5, 0.25, 0.0])
    assert P.spine_scale(np.array([5.0, np.nan]), 5.0, True)[0] == 0.5


def test_share_aged_65_plus() -> None:
    py = np.zeros(19)
    py[14] = 300  # 65-69 (groups 0, 1-4, 5-9, ...)
    py[13] = 0  # 60-64 is not counted
    py[0] = 700
    assert float(P.share_aged(py)) == pytest.approx(30.0)
    assert math.isnan(float(P.share_aged(np.zeros(19))))


def test_csv_shows_hidden_counts_with_the_neutral_reason_and_suppressed_rates() -> None:
    rates = pd.DataFrame([
        {"site": "all", "measure": "incidence", "year_from": 2021, "year_to": 2025, "cases": 120, "rate": 150.0,
         "lower": 140.0, "upper": 160.0, "reason": "", "area_rate": 155.0, "area_lower": 153.0,
         "area_upper": 157.0, "comparison": "similar"},
        {"site": "liver", "measure": "mortality", "year_from": 2021, "year_to": 2025, "cases": math.nan,
         "rate": math.nan, "lower": math.nan, "upper": math.nan, "reason": "hidden",
         "area_rate": 10.0, "area_lower": 9.0, "area_upper": 11.0, "comparison": "no_data"},
        {"site": "lung", "measure": "mortality", "year_from": 2021, "year_to": 2025, "cases": 9,
         "rate": math.nan, "lower": math.nan, "upper": math.nan, "reason": "fewer_than_16_cases",
         "area_rate": 10.0, "area_lower": 9.0, "area_upper": 11.0, "comparison": "no_data"},
    ])  # fmt: skip
    shown = V.rate_table_rows(rates, "zh")
    assert shown[0]["cases"] == "120" and shown[1]["cases"] == "为保护小数值而隐藏" == shown[1]["reason"]
    assert shown[1]["rate"] == "—" and shown[2]["cases"] == "9" and "16" in shown[2]["reason"]
    assert shown[0]["comparison_text"] == "与全市相近"
    text = V.profile_csv(pd.DataFrame(columns=["indicator"]), rates, "en")
    lines = text.strip().splitlines()
    assert len(lines) == 4
    assert "hidden to protect small numbers" in lines[2] and "<6" not in text


@pytest.mark.parametrize(("area", "county"), [("500000", "500101"), ("360400", "360402")])
def test_indicator_rows_cover_every_county_level_indicator(demo_db, area: str, county: str) -> None:  # noqa: ANN001
    plan = plan_for_area(demo_db, area)
    assessed = plan_assessment(demo_db, area, str(plan["plan_id"]), date.today().year)
    rows = V.indicator_rows(demo_db, area, county)
    assert rows["indicator"].tolist() == assessed.loc[assessed["county_level"], "indicator"].tolist()
    assert (rows["min"] <= rows["q25"]).all() and (rows["q75"] <= rows["max"]).all()
    assert rows["value"].between(rows["min"], rows["max"]).all()
    assert set(rows["comparison"]) <= {"better", "similar", "worse", "no_data"}
    assert (rows["x_area"] == 0.5).all()
    peers = V.peer_table(demo_db, area, county, rows["indicator"].tolist()[:3])
    assert len(peers) == 6 and peers["area"].iloc[0] == county and peers["area"].nunique() == 6


def test_cancer_rates_all_sites_and_five_leading(demo_db) -> None:  # noqa: ANN001
    rates = V.cancer_rates(demo_db, "500000", "500101")
    assert rates["site"].iloc[0] == "all"
    assert rates["site"].nunique() == 6 and len(rates) == 12
    assert set(rates["measure"]) == {"incidence", "mortality"}
    assert (rates["year_to"] - rates["year_from"] == 4).all()
    shown = rates[rates["reason"] == ""]
    assert (shown["lower"] <= shown["rate"]).all() and (shown["rate"] <= shown["upper"]).all()


def test_selection_falls_back_to_the_first_county(demo_db) -> None:  # noqa: ANN001
    assert V.parse_selection(demo_db, "500000", "500101") == V.Selection("500000", "500101")
    assert V.parse_selection(demo_db, "500000", ["500103", "500101"]) == V.Selection("500000", "500103")
    assert V.parse_selection(demo_db, "500000", "999999") == V.Selection("500000", "500101", unknown="999999")
    assert V.parse_selection(demo_db, "500000", None) == V.Selection("500000", "500101")
    assert V.parse_selection(demo_db, "500000", "999999", strict=True) is None
    assert V.county_href("500000", "500101") == "/county?area=500000&county=500101"


# --- a county with no data yet ------------------------------------------------------------------------


def _json(node: object) -> str:
    return json.dumps(node.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_county_without_data_shows_notices_not_errors(live_app, empty_settings, lang: str) -> None:  # noqa: ANN001
    page = next(p for p in dash.page_registry.values() if p["path"] == "/county")
    server = Flask("no-data-test")
    server.config[SETTINGS_KEY] = empty_settings
    with server.test_request_context("/county", headers={"Cookie": f"lang={lang}"}):
        tree = sys.modules[page["module"]].layout(area="500000", county="500101")
    nodes = list(walk(tree))
    notices = [_json(n) for n in nodes if "no-data-notice" in str(getattr(n, "className", ""))]
    assert len(notices) == 3  # plan indicators, cancer rates, similar counties
    assert "indicator_observations" in notices[0] and "registry_counts" in notices[1]
    ids = {getattr(n, "id", None) for n in nodes}
    assert County.HEADER in ids and County.PICKER in ids  # the county is still named and can be changed
    assert not {County.SPINE, County.RATES_TABLE, County.PEERS_TABLE} & ids  # no empty charts or tables
    assert ("渝中区" if lang == "zh" else "Yuzhong") in _json(tree)  # a picker option
    db = Database(empty_settings.database_url)
    sel = V.parse_selection(db, "500000", "500101", strict=True)
    name, text = V.csv_file(db, sel, lang=lang, suppress_below=16, small_cell_limit=5)
    assert name == "county-profile-500101.csv" and text.startswith("\ufeff")


def test_rank_interval_of_a_county_by_polarity_and_kind() -> None:
    at = pd.DataFrame({"value": [90.0, 50.0, 10.0, 50.0], "numerator": [900, 500, 100, 5],
                       "denominator": [1000, 1000, 1000, 10], "n": np.nan},
                      index=["a", "b", "c", "d"])  # fmt: skip
    # big samples far apart: degenerate; the tiny county d (5 of 10) may fall either side of b
    assert P.rank_interval_of(at, "a", higher_is_better=True, percent=True) == (1.0, 1.0)
    assert P.rank_interval_of(at, "c", higher_is_better=True, percent=True) == (4.0, 4.0)
    assert P.rank_interval_of(at, "c", higher_is_better=False, percent=True) == (1.0, 1.0)
    assert P.rank_interval_of(at, "d", higher_is_better=True, percent=True) == (2.0, 3.0)
    assert P.rank_interval_of(at, "b", higher_is_better=True, percent=True) == (2.0, 3.0)
    # a survey value with its sample size only; yes/no facts tie
    survey = pd.DataFrame({"value": [60.0, 58.0], "n": [50, 50]}, index=["x", "y"])
    assert P.rank_interval_of(survey, "x", higher_is_better=True, percent=True) == (1.0, 2.0)
    facts = pd.DataFrame({"value": [100.0, 100.0, 0.0]}, index=["x", "y", "z"])
    assert P.rank_interval_of(facts, "x", higher_is_better=True, percent=True, fixed=True) == (1.0, 2.0)
    assert P.rank_interval_of(facts, "z", higher_is_better=True, percent=True, fixed=True) == (3.0, 3.0)
    counts = pd.DataFrame({"value": [3.0, 40.0]}, index=["x", "y"])
    assert P.rank_interval_of(counts, "y", higher_is_better=True, percent=False) == (1.0, 1.0)
    assert all(math.isnan(x) for x in P.rank_interval_of(at, "zz", higher_is_better=True, percent=True))


def test_profile_ranks_carry_their_intervals(demo_db: Database) -> None:
    from dashboard.i18n import t

    rows = V.indicator_rows(demo_db, "500000", "500106", as_of=2026)
    ranked = rows[rows["rank"].notna()]
    assert len(ranked) and (ranked["rank_lower"] <= ranked["rank"]).all()
    assert (ranked["rank"] <= ranked["rank_upper"]).all() and (
        ranked["rank_upper"] <= ranked["n_ranked"]
    ).all()
    for lang in ("zh", "en"):
        texts = [d["rank"] for d in V.spine_table_rows(ranked, lang)]
        r = ranked.iloc[0]
        want = t("county.rank_ci", lang, rank=int(r["rank"]), lower=int(r["rank_lower"]),
                 upper=int(r["rank_upper"]), n=int(r["n_ranked"]))  # fmt: skip
        assert texts[0] == want and all(("位（" if lang == "zh" else ") of ") in x for x in texts)
