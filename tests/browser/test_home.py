"""Browser: the home page draws each plan area's counties from the database."""

from __future__ import annotations

import pytest

from dashboard.queries.areas import counties
from tests.conftest import assert_clean_console, graph_locations, set_language

pytestmark = pytest.mark.browser


def _wait_map(page) -> None:  # noqa: ANN001
    page.wait_for_selector("#home-map .js-plotly-plot path.choroplethlocation", timeout=20000)


@pytest.mark.parametrize(("query", "expected"), [("", 38), ("?area=500000", 38), ("?area=360400", 13)])
def test_home_map_draws_every_county(page, live_url, demo_db, query, expected) -> None:  # noqa: ANN001
    page.goto(live_url + "/" + query)
    _wait_map(page)
    locations = graph_locations(page, "home-map")
    assert len(locations) == 1, "one choropleth trace"
    assert len(locations[0]) == expected
    area = "360400" if "360400" in query else "500000"
    assert sorted(locations[0]) == sorted(counties(demo_db, area)["adcode"])
    drawn = page.locator("#home-map path.choroplethlocation").count()
    assert drawn == expected
    assert page.locator("#shell-demo-badge").inner_text() == "示例数据"
    assert_clean_console(page)


def test_language_switch_persists(page, live_url) -> None:  # noqa: ANN001
    page.goto(live_url + "/?area=360400")
    _wait_map(page)
    assert "九江市" in page.locator("h4").first.inner_text()
    assert "检验" in page.locator("ol#findings").inner_text()  # what the data says, in Chinese
    page.click("#shell-lang-button")
    page.wait_for_function(
        "() => document.querySelector('h4') && document.querySelector('h4').innerText.includes('Jiujiang')"
    )
    assert "Test" in page.locator("ol#findings").inner_text()
    assert (
        page.locator("ol#findings > li[data-rule=target] a")
        .first.get_attribute("href")
        .startswith("/targets?")
    )
    assert page.locator("#shell-demo-badge").inner_text() == "Demonstration data"
    # the choice persists on the next visit and on other links
    page.goto(live_url + "/?area=500000")
    _wait_map(page)
    assert "Chongqing" in page.locator("h4").first.inner_text()
    page.click("#shell-lang-button")
    page.wait_for_function(
        "() => document.querySelector('h4') && document.querySelector('h4').innerText.includes('重庆')"
    )
    assert_clean_console(page)


def test_area_buttons_keep_the_page(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(live_url + "/?area=500000")
    _wait_map(page)
    page.click('.area-switch[data-area="360400"]')
    page.wait_for_function(
        "() => document.querySelectorAll('#home-map path.choroplethlocation').length === 13"
    )
    assert page.url.endswith("/?area=360400")
    assert_clean_console(page)


def test_unknown_area_is_explained(page, live_url) -> None:  # noqa: ANN001
    page.goto(live_url + "/?area=999999")
    page.wait_for_selector(".alert-danger")
    assert "999999" in page.locator(".alert-danger").inner_text()
    assert_clean_console(page)
