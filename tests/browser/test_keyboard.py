"""Browser: the keyboard (issue 14, item 7). Tab passes a grid in one step (arrows move
inside it, as in any ARIA grid) and reaches the controls below it; Enter on a focused
county row of /map opens the county; every chart has an accessible name."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser

ACTIVE = """() => { const a = document.activeElement; if (!a) return null;
  const grid = a.closest('.dash-ag-grid, [id$="-scorecard"], [id$="-table"]');
  const dd = a.closest('.dash-dropdown-wrapper');
  return {grid: grid ? grid.id : null, dropdown: dd ? dd.querySelector('button').id : null,
          id: a.id || null, tag: a.tagName}; }"""


def _tab_until(page, done, limit: int) -> int:  # noqa: ANN001
    """Presses Tab until ``done(active)``; returns the number of presses (limit + 1: never)."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if done(page.evaluate(ACTIVE)):
            return n
    return limit + 1


def test_tab_passes_the_scorecard_to_the_indicator_controls(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/targets?area=500000")
    page.wait_for_function("() => document.querySelectorAll('#targets-scorecard .ag-row').length > 30")
    page.focus("#targets-scorecard-xlsx")
    # into the grid (one stop), out of it, to the indicator dropdown below it
    assert _tab_until(page, lambda a: a["grid"] == "targets-scorecard", 3) <= 3
    presses = _tab_until(page, lambda a: a["dropdown"] == "targets-indicator", 8)
    assert presses <= 8, "Tab walked the scorecard's cells"
    assert_clean_console(page)


def test_map_table_is_one_tab_stop_and_enter_opens_a_county(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/map?area=500000")
    page.wait_for_selector("#map-table .ag-row", timeout=20000)
    page.focus("#map-xlsx-button")
    assert _tab_until(page, lambda a: a["grid"] == "map-table", 3) <= 3
    # the ten header cells are not a trap: the next Tab leaves the grid
    assert _tab_until(page, lambda a: a["grid"] != "map-table", 3) <= 3
    # back into the grid, down to the first county row, Enter opens its detail
    page.keyboard.press("Shift+Tab")
    page.wait_for_function("() => document.activeElement.closest('#map-table') !== null")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.closest('.ag-row')?.getAttribute('row-id')")
    assert focused and focused.isdigit(), focused
    page.keyboard.press("Enter")
    page.wait_for_selector("#map-detail.show", timeout=10000)
    assert page.locator("#map-detail .offcanvas-title").inner_text().strip()
    assert_clean_console(page)


@pytest.mark.parametrize(
    ("path", "graphs"),
    [
        ("/?area=500000", []),
        ("/map?area=500000", ["map-graph", "map-bars"]),
        ("/targets?area=500000", ["targets-trend", "targets-ranking", "targets-funnel"]),
        ("/screening?area=500000", []),
        ("/county?area=500000&county=500101", ["county-spine"]),
    ],
)
def test_charts_have_accessible_names(page, live_url, path, graphs) -> None:  # noqa: ANN001
    set_language(page, live_url, "en")
    page.goto(f"{live_url}{path}")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)
    for gid in graphs:
        page.wait_for_selector(f"#{gid} .js-plotly-plot .main-svg", timeout=20000)
    page.wait_for_timeout(500)
    names = page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".map(g => [g.parentElement.id || g.id, g.getAttribute('role'), g.getAttribute('aria-label')])"
    )
    assert len(names) >= max(len(graphs), 1)
    assert {gid for gid, _, _ in names} >= set(graphs)
    for gid, role, name in names:
        assert role == "img", (gid, role)
        assert name and len(name) > 8 and not any("\u4e00" <= ch <= "\u9fff" for ch in name), (gid, name)
    assert_clean_console(page)
