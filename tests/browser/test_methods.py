"""Browser: the Methods page in Chinese and English, its anchors, live numbers and formulae."""

from __future__ import annotations

import pytest

from components.ids import Methods
from dashboard.catalogue.indicators import INDICATORS
from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser

EXAMPLE = {
    "rate": "19.3490",
    "se": "6.2478",
    "lower": "9.1091",
    "upper": "38.6324",
    "tiwari-upper": "34.9401",
}


def _open(page, url: str) -> None:  # noqa: ANN001
    page.goto(url)
    page.wait_for_selector(f"#{Methods.ROOT}")
    # every formula typeset by MathJax (bundled with dash, served by the app)
    page.wait_for_function(
        """() => { const f = document.querySelectorAll('.methods-formula');
                   return f.length > 0 && Array.from(f).every(e => e.querySelector('mjx-container svg')); }""",
        timeout=30000,
    )


def _top(page, element_id: str) -> float:  # noqa: ANN001
    return page.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", element_id)


@pytest.mark.parametrize(
    ("lang", "title", "match", "indicator"),
    [
        ("zh", "方法说明", "✓ 一致", "总体癌症5年生存率"),
        ("en", "Methods", "✓ matches", "Overall 5-year cancer survival"),
    ],
)
def test_methods_page_content(page, live_url, lang, title, match, indicator) -> None:  # noqa: ANN001
    set_language(page, live_url, lang)
    _open(page, live_url + "/methods")
    assert page.locator(f"#{Methods.ROOT} h3").first.inner_text() == title
    # anchors, each linked from the table of contents
    for anchor in Methods.ANCHORS:
        assert page.locator(f"section#{anchor}").count() == 1, anchor
        assert page.locator(f'#{Methods.TOC} a[href="#{anchor}"]').count() == 1, anchor
    # the public worked example, computed by dashboard.epi when the page was drawn
    for key, value in EXAMPLE.items():
        assert page.locator(f"#{Methods.EXAMPLE_CELL_PREFIX}{key}").inner_text() == value, key
    assert page.locator(f"#{Methods.EXAMPLE_RESULTS}").inner_text().count(match) == 5
    body = page.locator(f"#{Methods.ROOT}").inner_text()
    for number in ("19.3490", "9.1091", "38.6324"):
        assert number in body
    # the standard populations: one row per age group
    assert page.locator(f"#{Methods.STANDARDS_TABLE} tbody tr").count() == 19
    assert "1,242,612,226" in page.locator(f"#{Methods.STANDARDS_TABLE} tfoot").inner_text()
    # every indicator of the catalogue, in the page's language
    rows = page.locator(f"#{Methods.INDICATORS_TABLE} tbody tr")
    assert rows.count() == len(INDICATORS)
    assert indicator in rows.first.inner_text()
    # thresholds of the running settings (tests run with the defaults)
    assert page.locator(f"#{Methods.SUPPRESS_BELOW}").inner_text() == "16"
    assert page.locator(f"#{Methods.SMALL_CELL_LIMIT}").inner_text() == "5"
    label = page.locator(f"#{Methods.SMALL_CELL_LABEL}").inner_text()
    assert ("hidden to protect small numbers" if lang == "en" else "为保护小数值而隐藏") in label
    # formulae rendered without MathJax errors
    assert page.locator(".methods-formula mjx-container").count() >= 15
    assert page.locator(".methods-formula [data-mjx-error]").count() == 0
    # an unknown TeX command is drawn in red by MathJax rather than raising an error
    assert (
        page.locator('.methods-formula [fill="red"], .methods-formula [data-mml-node="merror"]').count() == 0
    )
    assert_clean_console(page)


def test_deep_link_lands_on_its_section(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    _open(page, live_url + "/methods?area=500000#suppression")
    # the page is drawn after load and grows while MathJax typesets; the anchor stays in view
    page.wait_for_function(
        "() => { const r = document.getElementById('suppression').getBoundingClientRect(); "
        "return Math.abs(r.top) < 40; }",
        timeout=10000,
    )
    assert page.evaluate("window.scrollY") > 2000
    # a link in the table of contents moves within the page without redrawing it
    page.evaluate(f"document.getElementById('{Methods.ROOT}').dataset.marker = 'kept'")
    page.mouse.move(700, 500)
    page.mouse.wheel(0, -100000)  # the reader scrolls: the page stops holding the first anchor
    page.wait_for_function("() => window.scrollY === 0")
    page.click(f'#{Methods.TOC} a[href="#{Methods.ANCHOR_APC}"]')
    page.wait_for_function("() => Math.abs(document.getElementById('apc').getBoundingClientRect().top) < 40")
    assert page.url.endswith("/methods?area=500000#apc")
    assert page.evaluate(f"document.getElementById('{Methods.ROOT}').dataset.marker") == "kept"
    assert_clean_console(page)


def test_link_from_another_page_scrolls_to_the_anchor(page, live_url) -> None:  # noqa: ANN001
    """A dcc.Link-style navigation (history push, no reload) to /methods#indicators."""
    set_language(page, live_url, "en")
    page.goto(live_url + "/?area=500000")
    page.wait_for_selector("#home-map .js-plotly-plot", timeout=20000)
    page.evaluate(
        """() => { window.history.pushState({}, '', '/methods?area=500000#indicators');
                   window.dispatchEvent(new CustomEvent('_dashprivate_pushstate')); }"""
    )
    page.wait_for_selector(f"#{Methods.ROOT}")
    page.wait_for_function(
        "() => { const e = document.getElementById('indicators'); "
        "return e && Math.abs(e.getBoundingClientRect().top) < 40 && window.scrollY > 2000; }",
        timeout=15000,
    )
    assert _top(page, Methods.ANCHOR_INDICATORS) < 40
    assert_clean_console(page)
