"""Browser: the plan overview (/) and the indicator page (/targets)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from dashboard.domain.assessment import plan_assessment
from dashboard.export.tables import table_lines
from dashboard.queries.areas import plan_targets
from tests.conftest import assert_clean_console, graph_locations, set_language, settled_url

pytestmark = pytest.mark.browser

PLANS = {"500000": ("chongqing-2020-2022", 7), "360400": ("jiujiang-2025-2027", 12)}
STATUSES = {"met", "on_track", "at_risk", "off_track", "missed", "no_data"}


@pytest.mark.parametrize("area", sorted(PLANS))
def test_overview_has_one_card_per_quantified_target(page, live_url, demo_db, area) -> None:  # noqa: ANN001
    plan_id, expected = PLANS[area]
    quantified = plan_targets(demo_db, plan_id).query("quantified")
    assert len(quantified) == expected
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/?area={area}")
    page.wait_for_selector("#home-cards .target-card")
    cards = page.locator("#home-cards .target-card")
    assert cards.count() == expected
    ids = sorted(cards.evaluate_all("els => els.map(e => e.id)"))
    assert ids == sorted(f"home-card-{t}" for t in quantified["target_id"])
    chips = page.locator("#home-cards .target-card .status-chip")
    assert chips.count() == expected
    statuses = chips.evaluate_all("els => els.map(e => e.dataset.status)")
    assert set(statuses) <= STATUSES and len(statuses) == expected
    # the summary line counts the same statuses as the cards
    summary = page.locator("#home-summary").inner_text()
    assert summary.startswith(f"{expected} 项量化指标")
    assessed = plan_assessment(demo_db, area, plan_id, date.today().year)
    n_met = int((assessed["status"] == "met").sum())
    assert (f"{n_met} 项达标" in summary) == (n_met > 0)
    assert statuses.count("met") == n_met
    # every card says its clause, projection or verdict, and links to its indicator
    first = cards.first
    assert first.locator(".target-clause").inner_text().strip()
    assert first.locator(".target-projection").inner_text().strip()
    assert "/targets?area=" + area in first.locator("a.target-link").get_attribute("href")
    page.wait_for_selector("#home-map .js-plotly-plot path.choroplethlocation")
    assert len(graph_locations(page, "home-map")[0]) == (38 if area == "500000" else 13)
    assert_clean_console(page)


def test_overview_chongqing_is_judged_at_the_deadline(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/?area=500000")
    card = page.locator("#home-card-early_diagnosis")
    card.wait_for()
    text = card.inner_text()
    assert "（十二）重点癌种早诊率 ≥ 55%，2022年" in text
    assert "期限（2022年）时为" in text and "此后：2025年" in text
    assert card.locator(".status-chip").get_attribute("data-status") in {"met", "missed"}
    assert "/ 38 个区县达标" in card.locator(".target-counties").inner_text()


def test_overview_in_english_projects_jiujiang(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "en")
    page.goto(f"{live_url}/?area=360400")
    card = page.locator("#home-card-awareness")
    card.wait_for()
    assert "Projected" in card.locator(".target-projection").inner_text()
    assert "City-level data only" in page.locator("#home-card-survival .target-counties").inner_text()
    assert "Other targets" in page.locator("#home-other-targets").inner_text()
    assert_clean_console(page)


def _wait_targets(page) -> None:  # noqa: ANN001
    page.wait_for_selector("#targets-scorecard .ag-row", timeout=20000)
    page.wait_for_selector("#targets-trend .js-plotly-plot .scatterlayer .trace", timeout=20000)


def test_targets_page_clean_console_and_scorecard(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/targets?area=500000")
    _wait_targets(page)
    rows = page.locator("#targets-scorecard .ag-center-cols-container .ag-row")
    page.wait_for_function(
        "() => document.querySelectorAll('#targets-scorecard .ag-pinned-left-cols-container .ag-row').length > 5"
    )
    assert page.locator("#targets-scorecard .ag-floating-top .ag-row").count() >= 1  # the area row
    # cells are coloured by status
    colours = rows.first.locator(".ag-cell").evaluate_all(
        "els => els.map(e => getComputedStyle(e).backgroundColor)"
    )
    assert len({c for c in colours if c not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")}) >= 1
    # definition in both languages, next to the chart
    definition = page.locator("#targets-definition").inner_text()
    assert "分子 Numerator" in definition and "Surveyed residents" in definition
    assert_clean_console(page)


def test_pick_an_indicator_updates_chart_and_url(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/targets?area=500000&indicator=awareness")
    _wait_targets(page)
    page.click("#targets-indicator")
    page.get_by_role("option", name="重点癌种早诊率").click()
    page.wait_for_function(
        "() => { const t = document.querySelector('#targets-trend .gtitle');"
        " return t && t.textContent.includes('重点癌种早诊率'); }"
    )
    url = settled_url(page)
    assert "indicator=early_diagnosis" in url and "area=500000" in url
    # its definition (computed from the screening tables), ranking with intervals and funnel plot
    page.wait_for_function(
        "() => { const d = document.querySelector('#targets-definition');"
        " return d && d.innerText.includes('Early-diagnosis rate') && d.innerText.includes('筛查'); }"
    )
    page.wait_for_function(
        "() => { const g = document.querySelector('#targets-funnel .js-plotly-plot');"
        " return g && g.layout && g.layout.title && g.layout.title.text.includes('55%'); }"
    )
    ranking = page.evaluate(
        "() => { const g = document.querySelector('#targets-ranking .js-plotly-plot');"
        " return {n: g._fullData[0].y.length, err: g._fullData[0].error_x.visible, title: g.layout.title.text}; }"
    )
    assert ranking["n"] >= 30 and ranking["err"] and "2022" in ranking["title"]
    assert_clean_console(page)


def test_url_state_restores_counties_and_group(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "en")
    page.goto(
        f"{live_url}/targets?area=360400&indicator=cervical_screening&counties=360402,360423&group=城区"
    )
    _wait_targets(page)
    names = page.evaluate(
        "() => document.querySelector('#targets-trend .js-plotly-plot')._fullData.map(t => t.name)"
    )
    assert "Lianxi District" in names and "Wuning County" in names
    page.wait_for_function(
        "() => document.querySelectorAll('#targets-scorecard .ag-pinned-left-cols-container .ag-row').length === 3"
    )
    assert "Cervical screening rate" in page.locator("#targets-status").inner_text()
    assert_clean_console(page)


def test_clicking_a_scorecard_cell_shows_that_indicator_and_county(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/targets?area=360400&indicator=awareness")
    _wait_targets(page)
    cell = "#targets-scorecard .ag-center-cols-container .ag-row[row-id='360423'] [col-id='v_mdt']"
    # the cells carry both statements (issue 13) and are wider: scroll the grid to the column
    # (AG Grid draws only the columns in view)
    page.wait_for_function(
        "(cell) => { if (document.querySelector(cell)) { return true; }"
        " const g = document.querySelector('#targets-scorecard .ag-body-horizontal-scroll-viewport');"
        " if (g) { g.scrollLeft += 150; } return false; }",
        arg=cell,
        polling=100,
        timeout=10000,
    )
    page.locator(cell).click()
    page.wait_for_function("() => window.location.search.includes('indicator=mdt_first_visit')")
    assert "counties=360423" in page.url
    page.wait_for_function(
        "() => { const g = document.querySelector('#targets-trend .js-plotly-plot');"
        " return g && g._fullData.some(t => t.name === '武宁县'); }"
    )
    assert_clean_console(page)


def test_scorecard_csv_download(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/targets?area=360400")
    _wait_targets(page)
    with page.expect_download() as info:
        page.click("#targets-scorecard-csv")
    assert info.value.suggested_filename.startswith("demo-scorecard-360400-")  # synthetic data says so
    text = open(info.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.DictReader(io.StringIO("\n".join(table_lines(text)))))  # after the about block
    assert len(rows) == 14  # the area and its 13 counties
    assert rows[0]["代码"] == "360400"


def _county_csv(page, url: str) -> list[dict[str, str]]:  # noqa: ANN001
    """The rows of the county table's CSV download of a /targets view."""
    page.goto(url)
    _wait_targets(page)
    with page.expect_download() as info:
        page.click("#targets-county-csv")
    text = open(info.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    return list(csv.DictReader(io.StringIO("\n".join(table_lines(text)))))


def test_county_csv_masks_small_counts(page, live_url, demo_db) -> None:  # noqa: ANN001
    """Hospitals are not persons: their counts are shown as they are; person counts of 1–5
    (early diagnosis, from screening) are hidden with the one neutral reason."""
    set_language(page, live_url, "zh")
    rows = _county_csv(page, f"{live_url}/targets?area=360400&indicator=oncology_dept")
    assert len(rows) == 13 and all(r["分子"] and r["分母"] for r in rows)  # facilities: all shown
    rows = _county_csv(page, f"{live_url}/targets?area=360400&indicator=early_diagnosis")
    assert len(rows) == 13
    for r in rows:
        for col in ("分子", "分母"):
            assert "<" not in r[col]
            if r[col]:
                assert not 1 <= float(r[col]) <= 5, r
    assert_clean_console(page)


def test_unknown_area_on_targets(page, live_url) -> None:  # noqa: ANN001
    page.goto(f"{live_url}/targets?area=999999")
    page.wait_for_selector(".alert-danger")
    assert "999999" in page.locator(".alert-danger").inner_text()
    assert_clean_console(page)


def test_zh_compare_box_speaks_chinese_and_en_definition_comes_first(page, live_url) -> None:  # noqa: ANN001
    """Issue #14, item 8: no "Search / Select All / 2 selected" on the Chinese page; the English
    definition panel starts in English, with the clause as "(3)", not "（三）"."""
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/targets?area=500000&counties=500101,500102")
    _wait_targets(page)
    page.locator("#targets-counties").click()
    page.wait_for_selector("#targets-counties input, [placeholder='搜索']")
    words = page.evaluate(
        "() => document.body.innerText + ' ' + Array.from(document.querySelectorAll('[placeholder]'))"
        ".map(e => e.getAttribute('placeholder')).join(' ')"
    )
    assert "已选 2 项" in words and "搜索" in words
    for english in ("Search", "Select All", "Deselect All", "selected"):
        assert english not in words
    set_language(page, live_url, "en")
    page.goto(f"{live_url}/targets?area=500000")
    _wait_targets(page)
    page.wait_for_selector("#targets-definition h6")
    definition = page.locator("#targets-definition").inner_text()
    assert definition.startswith("Core cancer-knowledge awareness")
    # the plan's wording: English with "(3)" first, the Chinese original (muted) below it
    assert "(3) By 2022" in definition and definition.index("(3) By 2022") < definition.index("（三）")
    assert_clean_console(page)
