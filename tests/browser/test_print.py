"""Browser: printing (issue 14, item 5). Chromium's print-to-PDF (page.pdf) gives the page
count; the page laid out for print (print media, the paper's width, the beforeprint hook of
assets/app/print.js) shows every scorecard row and column, no top bar and no controls."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser

PAPER = 1040  # A4 landscape less 10 mm margins, in CSS px (assets/app/print.css)


def _pdf_pages(page) -> int:  # noqa: ANN001
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def _as_printed(page) -> None:  # noqa: ANN001
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PAPER, "height": 760})
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(300)


def _visible(page, selector: str) -> bool:  # noqa: ANN001
    return page.evaluate(
        "(s) => Array.from(document.querySelectorAll(s)).some(e => e.getClientRects().length > 0"
        " && getComputedStyle(e).visibility !== 'hidden')",
        selector,
    )


def test_targets_prints_every_scorecard_row_and_column(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/targets?area=500000")
    page.wait_for_function(
        "() => document.querySelectorAll('#targets-scorecard .ag-pinned-left-cols-container .ag-row').length > 5"
    )
    page.wait_for_selector("#targets-trend .js-plotly-plot .scatterlayer .trace", timeout=20000)
    pages = _pdf_pages(page)
    assert 2 <= pages <= 16, pages
    _as_printed(page)
    # all 38 counties are in the page (not the ~15 a scrolled grid keeps), and each is on paper
    names = page.evaluate(
        "() => Array.from(document.querySelectorAll('#targets-scorecard .ag-pinned-left-cols-container .ag-row'))"
        ".filter(r => r.getBoundingClientRect().height > 0).map(r => r.innerText.trim())"
    )
    assert len(names) == 38 and "万州区" in names and "巫溪县" in names
    # every column header is inside the paper's width, none cut
    right = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('#targets-scorecard .ag-header-cell'))"
        ".map(h => h.getBoundingClientRect().right))"
    )
    assert right <= PAPER, right
    heads = page.locator("#targets-scorecard .ag-header-cell").count()
    assert heads >= 3 + 6  # county, group, met and the county-level targets
    # no top bar, no dropdowns, no buttons; the demonstration label stays
    assert not _visible(page, ".navbar")
    assert not _visible(page, ".dash-dropdown")
    assert not _visible(page, ".modebar-container")
    assert _visible(page, ".demo-notice")
    assert_clean_console(page)


def test_county_spine_chart_fits_the_paper_and_overview_cards_stay_whole(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/county?area=500000&county=500101")
    page.wait_for_selector("#county-spine .js-plotly-plot .main-svg", timeout=20000)
    assert _pdf_pages(page) >= 1
    _as_printed(page)
    right = page.evaluate(
        "() => document.querySelector('#county-spine .js-plotly-plot .main-svg').getBoundingClientRect().right"
    )
    assert right <= PAPER, right
    page.goto(f"{live_url}/?area=500000")
    page.wait_for_selector("#home-cards .target-card")
    breaks = page.evaluate(
        "() => Array.from(document.querySelectorAll('.target-card, #home-map .js-plotly-plot'))"
        ".map(e => getComputedStyle(e).breakInside)"
    )
    # print media is still emulated: no card and no map is split across two pages
    assert breaks and set(breaks) == {"avoid"}
    assert_clean_console(page)
