"""The rules of "what the data says" (dashboard.domain.findings) and their words, zh and en."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.domain.findings import (
    change_finding,
    change_test,
    county_differences,
    ordered,
    quality_finding,
    rising_trend,
    shortfall,
    target_finding,
)
from dashboard.domain.status import TargetSpec, assess_target
from dashboard.domain.verdict import verdict
from dashboard.i18n.findings import finding_lines


def _judge(values: list[float], spec: TargetSpec, as_of: int = 2026):  # noqa: ANN202
    years = list(range(2021, 2021 + len(values)))
    st = assess_target(spec, years, values, as_of=as_of)
    return st, verdict(st, spec)


def test_shortfall_respects_polarity() -> None:
    assert shortfall(50, 55, ">=") == 5
    assert shortfall(60, 55, "<=") == 5
    assert shortfall(60, 55, ">=") == -5


def test_met_target_makes_no_finding() -> None:
    spec = TargetSpec(">=", 2030, 55.0)
    st, v = _judge([60, 61, 62, 63, 64], spec)
    assert (
        target_finding(indicator="early_diagnosis", unit="%", spec=spec, target=55.0, v=v, href="/t") is None
    )


def test_met_now_but_heading_away_says_by_how_much() -> None:
    spec = TargetSpec(">=", 2030, 55.0)
    st, v = _judge([75, 70, 66, 61, 56], spec)
    f = target_finding(indicator="early_diagnosis", unit="%", spec=spec, target=55.0, v=v, href="/t")
    assert f is not None and f.key == "target.slipping" and f.test == "prediction"
    assert f.get("gap") == pytest.approx(55.0 - st.projected)
    zh, en = finding_lines([f], "zh", "九江市")[0], finding_lines([f], "en", "Jiujiang")[0]
    assert "56.0%" in zh.text and "个百分点" in zh.text and zh.href == "/t"
    assert "met now" in en.text and "percentage points short" in en.text and "prediction interval" in en.test


def test_missed_deadline_gap() -> None:
    spec = TargetSpec(">=", 2023, 55.0)
    st, v = _judge([50, 51, 52, 53, 54], spec)
    f = target_finding(indicator="early_diagnosis", unit="%", spec=spec, target=55.0, v=v, href="/t")
    assert f is not None and f.key == "target.missed" and f.get("gap") == pytest.approx(3.0)  # 52 in 2023
    assert "2023" in finding_lines([f], "en", "A")[0].text


def test_counties_above_and_below_respect_polarity_and_skip_suppressed() -> None:
    names = ["a", "b", "c", "d", "e"]
    values = [150, 80, 101, math.nan, 200]
    lower = [130, 70, 90, math.nan, 120]
    upper = [170, 90, 110, math.nan, 280]
    fs = county_differences(subject=(("measure", "incidence"), ("site", "all"), ("year_from", 2021),
                                     ("year_to", 2025)), names=names, values=values, lower=lower, upper=upper,
                            benchmark=100.0, higher_is_better=False, href="/map")  # fmt: skip
    assert [(f.get("direction"), f.get("judged"), f.get("names")) for f in fs] == [
        ("above", "worse", ("a", "e")), ("below", "better", ("b",))]  # fmt: skip
    # a proportion where higher is better: above the area is better
    fs = county_differences(subject=(("indicator", "early_diagnosis"), ("unit", "%")), names=["x"], values=[60],
                            lower=[56], upper=[64], benchmark=50.0, higher_is_better=True, href="#s")  # fmt: skip
    assert fs[0].get("judged") == "better"
    assert "显著高于" in finding_lines(fs, "zh", "九江市")[0].text
    # a suppressed benchmark: no finding at all
    assert county_differences(subject=(), names=["a"], values=[1], lower=[0.5], upper=[1.5],
                              benchmark=math.nan, higher_is_better=False, href="") == []  # fmt: skip


def test_rising_trend_needs_interval_above_zero() -> None:
    subj = (("measure", "incidence"), ("site", "all"), ("year_from", 2018), ("year_to", 2025), ("place", "P"))
    assert rising_trend(subject=subj, apc=1.3, lower=-0.1, upper=2.0, href="") is None
    assert rising_trend(subject=subj, apc=math.nan, lower=math.nan, upper=math.nan, href="") is None
    f = rising_trend(subject=subj, apc=1.3, lower=0.8, upper=1.8, href="/map")
    assert f is not None and f.test == "apc"
    assert "+1.3%" in finding_lines([f], "en", "A")[0].text
    assert "显著上升" in finding_lines([f], "zh", "A")[0].text


def test_quality_only_flagged() -> None:
    assert quality_finding(flagged=[("a", ""), ("b", "")], href="") is None
    f = quality_finding(flagged=[("a", ""), ("b", "dco_high")], href="/map")
    assert f is not None and f.get("names") == ("b",) and f.get("n") == 1
    assert "DCO% > 10" in finding_lines([f], "en", "A")[0].test


def test_change_tests() -> None:
    # two proportions: 540/1000 vs 580/1000 -> z = 1.80, p = 0.072 (hand-checked)
    prev = pd.Series({"year": 2024, "value": 54.0, "numerator": 540, "denominator": 1000})
    last = pd.Series({"year": 2025, "value": 58.0, "numerator": 580, "denominator": 1000})
    test, sig, p = change_test(prev, last, "%")
    assert test == "two_proportions" and sig is False and p == pytest.approx(0.0718, abs=1e-3)
    # counts 2 -> 12: exact conditional test, p = 2 * P(X >= 12 | n=14, 1/2) = 0.0129
    test, sig, p = change_test(pd.Series({"value": 2}), pd.Series({"value": 12}), "count")
    assert test == "poisson" and sig is True and p == pytest.approx(0.01294, abs=1e-4)
    # no denominators, intervals overlapping: not significant; untestable: no finding
    series = pd.DataFrame({"year": [2024, 2025], "value": [70.4, 70.8]})
    assert (
        change_finding(indicator="awareness", unit="%", higher_is_better=True, series=series, href="") is None
    )
    series = pd.DataFrame({"year": [2024, 2025], "value": [38.5, 45.8], "numerator": [385, 458],
                           "denominator": [1000, 1000]})  # fmt: skip
    f = change_finding(
        indicator="cervical_screening", unit="%", higher_is_better=True, series=series, href="/t"
    )
    assert f is not None and f.key == "change.up" and f.get("better") is True
    assert "p < 0.001" in finding_lines([f], "en", "A")[0].test


def test_order_is_rule_by_rule_and_none_dropped() -> None:
    q = quality_finding(flagged=[("a", "mv_low")], href="")
    r = rising_trend(subject=(("measure", "incidence"), ("site", "all"), ("year_from", 1), ("year_to", 3)),
                     apc=1, lower=0.5, upper=2, href="")  # fmt: skip
    assert [f.rule for f in ordered([q, None, r])] == ["rising", "quality"]


# --- the findings on the overview, the county profile and the deck (demo data) ---------------


@pytest.fixture(scope="module")
def _cached():  # noqa: ANN202
    from flask import Flask

    from dashboard.infra.cache import init_cache
    from dashboard.infra.config import Settings

    server = Flask(__name__)
    init_cache(server, Settings().with_(cache_type="SimpleCache"))
    with server.app_context():
        yield


@pytest.mark.usefixtures("_cached")
def test_findings_on_overview_profile_and_deck(demo_db) -> None:  # noqa: ANN001
    import io

    from pptx import Presentation

    from dashboard.export.plan_deck import plan_deck
    from dashboard.views import county as CV
    from dashboard.views import overview as OV

    zh = OV.overview(demo_db, "360400", lang="zh", as_of=2026)
    en = OV.overview(demo_db, "360400", lang="en", as_of=2026)
    assert zh.findings and [f.rule for f in zh.findings] == [f.rule for f in en.findings]
    assert [f.href for f in zh.findings] == [f.href for f in en.findings]
    rules = {f.rule for f in zh.findings}
    assert {"target", "county_differs"} <= rules
    # every target finding is about a target the overview counts as a concern
    concerns = {c.href for c in zh.cards if c.headline in ("at_risk", "off_track", "met_slipping", "missed")}
    assert {f.href for f in zh.findings if f.rule == "target"} == concerns

    county = str(CV.counties(demo_db, "360400")["adcode"].iloc[0])
    sel = CV.parse_selection(demo_db, "360400", county)
    page = CV.county_page(demo_db, sel, lang="en", suppress_below=16, small_cell_limit=5)
    assert page.findings and all(f.test and f.href for f in page.findings)
    # no finding quotes a suppressed rate: every rate finding is of a shown rate row
    shown = CV.cancer_rates(demo_db, "360400", county, 16)
    shown = shown[shown["reason"] == ""]
    n_rate = sum(1 for f in page.findings if f.href == "#county-rates-table")
    assert n_rate <= len(shown)

    data, _ = plan_deck(demo_db, "360400", lang="en", as_of=2026)
    slides = Presentation(io.BytesIO(data)).slides
    second = " ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)
    assert "What the data says" in second and en.findings[0].text in second
