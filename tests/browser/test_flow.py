"""Browser: the flow between views (issue 14, item 10): a scorecard click scrolls to the
panel it changes; switching area keeps the choices that still apply."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser


def test_scorecard_click_scrolls_to_its_panel(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_url}/targets?area=500000")
    page.wait_for_function("() => document.querySelectorAll('#targets-scorecard .ag-row').length > 30")
    page.wait_for_selector("#targets-trend .js-plotly-plot .main-svg", timeout=20000)
    below = page.evaluate("() => document.getElementById('targets-status').getBoundingClientRect().top")
    assert below > 768  # the panel starts below the screen
    cell = page.locator(
        "#targets-scorecard .ag-center-cols-container .ag-row[row-index='3'] .ag-cell[col-id^='v_']"
    )
    cell.nth(1).click()
    page.wait_for_function(
        "() => { const r = document.getElementById('targets-status').getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; }",
        timeout=5000,
    )
    assert_clean_console(page)


def test_switching_area_keeps_the_map_choices_that_apply(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/map?area=500000&measure=mortality&sex=M&site=lung&rate=crude&classes=4")
    page.wait_for_selector("#map-table .ag-row", timeout=20000)
    page.click("a.area-switch[data-area='360400']")
    page.wait_for_url("**/map?*area=360400*", timeout=10000)
    page.wait_for_selector("#map-table .ag-row", timeout=20000)
    url = page.url
    for part in ("measure=mortality", "sex=M", "site=lung", "rate=crude", "classes=4"):
        assert part in url, (part, url)
    assert "死亡" in page.locator("#map-heading").inner_text()
    assert (
        "男" in page.locator("#map-graph").inner_text() or "男" in page.locator("#map-summary").inner_text()
    )
    assert "肺" in page.locator("#map-site").inner_text()
    assert_clean_console(page)


def test_a_choice_followed_at_once_by_the_area_switch_is_kept(page, live_url) -> None:  # noqa: ANN001
    """The address is written a moment after a change (urlsync.js); a click in between
    writes it at once, so the area switch still carries the choice."""
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/map?area=500000")
    page.wait_for_selector("#map-table .ag-row", timeout=20000)
    page.click("#map-year")
    page.locator("[role=option]", has_text="2021年").first.click()
    page.click("a.area-switch[data-area='360400']")  # at once: the year is still waiting to be written
    page.wait_for_url("**/map?*area=360400*", timeout=10000)
    assert "year=2021" in page.url
    page.wait_for_selector("#map-table .ag-row", timeout=20000)
    assert_clean_console(page)


def test_switching_area_drops_what_belongs_to_one_area(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/screening?area=500000&county=500101")
    page.wait_for_selector("#screening-table", timeout=20000)
    page.click("a.area-switch[data-area='360400']")
    page.wait_for_url("**/screening?*area=360400*", timeout=10000)
    assert "county=500101" not in page.url
    assert_clean_console(page)


def test_overview_map_opens_the_county_profile(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/?area=500000")
    page.wait_for_selector("#home-map .choroplethlocation", timeout=20000)
    hover = page.evaluate("() => document.querySelector('#home-map .js-plotly-plot').data[0].text[0]")
    assert "区县概况" in hover
    county = page.locator("#home-map .choroplethlocation").nth(10)
    county.scroll_into_view_if_needed()
    box = county.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/county?*county=*", timeout=10000)
    assert "area=500000" in page.url
    page.wait_for_selector("#county-spine .js-plotly-plot", timeout=20000)
    assert_clean_console(page)


def test_switching_programme_moves_to_a_county_that_runs_it(page, live_url) -> None:  # noqa: ANN001
    """500101 (万州区) runs no upper-GI screening in the demo's latest year: choosing that
    programme moves the cascade to a county that does, rather than an empty panel."""
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/screening?area=500000")
    page.wait_for_selector("#screening-cascade .js-plotly-plot .barlayer .point", timeout=20000)
    assert "万州区" in page.locator("#screening-county").inner_text()
    page.locator("#screening-programme label", has_text="上消化道癌").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('programme') === 'upper_gi'")
    page.wait_for_function(
        "() => (new URLSearchParams(location.search).get('county') || '500101') !== '500101'", timeout=10000
    )
    page.wait_for_selector("#screening-cascade .js-plotly-plot .barlayer .point", timeout=10000)
    assert "万州区" not in page.locator("#screening-county").inner_text()
    assert_clean_console(page)
