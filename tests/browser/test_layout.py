"""Browser: layout at 1366×768, the common office laptop (issue 14, item 9). Measured in
the DOM: no scorecard cell, grid header or dropdown value is cut (its text wider or taller
than its box), the scorecard's headers are on as few lines as they need, and every column
of the scorecard is in view without scrolling sideways."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}

CUT = """(sel) => Array.from(document.querySelectorAll(sel))
  .filter(e => e.getClientRects().length > 0 && e.innerText.trim() !== ''
          && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
  .map(e => e.innerText.trim())"""

LINES = """(sel) => { const e = document.querySelector(sel); const r = document.createRange();
  r.selectNodeContents(e); return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; }"""


@pytest.fixture()
def laptop(page):  # noqa: ANN001, ANN201
    page.set_viewport_size(LAPTOP)
    return page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scorecard_fits_a_1366_screen(laptop, live_url, lang) -> None:  # noqa: ANN001
    page = laptop
    set_language(page, live_url, lang)
    page.goto(f"{live_url}/targets?area=500000")
    page.wait_for_function("() => document.querySelectorAll('#targets-scorecard .ag-row').length > 30")
    page.wait_for_timeout(500)  # the grid sizes its columns and rows after the data
    grid = "#targets-scorecard"
    cells = page.evaluate(CUT, f"{grid} .ag-cell-value")
    assert cells == [], f"cut cells: {cells[:8]}"
    heads = page.evaluate(CUT, f"{grid} .ag-header-cell-text")
    assert heads == [], f"cut headers: {heads}"
    assert page.evaluate(LINES, f"{grid} .ag-header-cell[col-id='met'] .ag-header-cell-text") == 1
    # the last column is in view: no sideways scrolling, its header inside the grid
    wide = page.evaluate(
        "(g) => { const v = document.querySelector(g + ' .ag-center-cols-viewport');"
        " return v.scrollWidth - v.clientWidth; }",
        grid,
    )
    assert wide <= 1, wide
    right = page.evaluate(
        "(g) => [Math.max(...Array.from(document.querySelectorAll(g + ' .ag-header-cell'))"
        ".map(h => h.getBoundingClientRect().right)), document.querySelector(g).getBoundingClientRect().right]",
        grid,
    )
    assert right[0] <= right[1] + 1, right
    assert_clean_console(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_controls_and_table_headers_fit_a_1366_screen(laptop, live_url, lang) -> None:  # noqa: ANN001
    page = laptop
    set_language(page, live_url, lang)
    page.goto(f"{live_url}/map?area=500000")
    page.wait_for_selector("#map-table .ag-row", timeout=20000)
    page.wait_for_timeout(500)
    values = page.evaluate(CUT, ".dash-dropdown-value")
    values += page.evaluate(CUT, ".dash-dropdown-value-item > span")
    assert values == [], f"cut dropdown values: {values}"
    heads = page.evaluate(CUT, "#map-table .ag-header-cell-text")
    assert heads == [], f"cut headers: {heads}"
    assert_clean_console(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_top_bar_is_one_row_at_1366(laptop, live_url, lang) -> None:  # noqa: ANN001
    """Every page link, the area switch, the demo label, Log in and the language button on one
    row, nothing cut ("Log in" used to wrap and 中文 to run off the right edge in English)."""
    page = laptop
    set_language(page, live_url, lang)
    page.goto(f"{live_url}/?area=500000")
    page.wait_for_selector("#shell-lang-button")
    bar = page.evaluate("""() => { const n = document.querySelector('.navbar');
        const b = document.querySelector('#shell-lang-button').getBoundingClientRect();
        const links = Array.from(n.querySelectorAll('a.btn, .nav-link, .area-switch, .badge, button'))
          .filter(e => e.getClientRects().length > 0);
        const mid = e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; };
        const spread = Math.max(...links.map(mid)) - Math.min(...links.map(mid));
        return {over: n.scrollWidth - n.clientWidth, right: b.right, width: window.innerWidth, spread: spread,
                wrapped: links.filter(e => e.getClientRects().length > 1 || e.scrollWidth > e.clientWidth + 1)
                              .map(e => e.innerText)}; }""")
    assert bar["over"] <= 0 and bar["right"] <= bar["width"], bar
    assert bar["wrapped"] == [], bar
    assert bar["spread"] < 20, bar  # one row: every item's middle within a few pixels
    assert_clean_console(page)
