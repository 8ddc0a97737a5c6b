"""Browser: what leaves the page for a meeting — toolbars, downloads, print — and only that.

No chart toolbar on any page offers an outside destination (Plotly Cloud's "Share
chart…", Chart Studio): the dashboard runs on intranets where that is a route for data
to leave.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser

PAGES = ["/?area=500000", "/map?area=500000", "/targets?area=360400", "/screening?area=500000",
         "/county?area=360400&county=360402"]  # fmt: skip

_TOOLBARS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => ({
    config: {cloud: gd._context.showSendToCloud, studio: gd._context.showEditInChartStudio === true,
             server: gd._context.plotlyServerURL || ''},
    buttons: Array.from(gd.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title') || '')
}))"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_toolbar_offers_an_outside_destination(page, live_url, path, lang) -> None:  # noqa: ANN001
    set_language(page, live_url, lang)
    page.goto(live_url + path)
    page.wait_for_selector(".js-plotly-plot .modebar-btn", state="attached", timeout=30000)
    page.wait_for_timeout(500)
    toolbars = page.evaluate(_TOOLBARS)
    assert toolbars, "the page draws charts"
    for bar in toolbars:
        assert bar["config"] == {"cloud": False, "studio": False, "server": ""}, bar
        titles = " ".join(bar["buttons"]).lower()
        for word in ("share", "cloud", "chart studio", "分享", "云"):
            assert word not in titles, bar["buttons"]
    html = page.content()
    assert "cloud.plotly.com" not in html and "chart-studio" not in html
    assert_clean_console(page)


def test_targets_downloads_stand_alone_as_csv_and_xlsx(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/targets?area=360400")
    page.wait_for_selector("#targets-scorecard .ag-row", timeout=30000)
    with page.expect_download() as info:
        page.click("#targets-scorecard-csv")
    raw = open(info.value.path(), "rb").read()  # noqa: SIM115
    assert raw.startswith(b"\xef\xbb\xbf")
    head = raw.decode("utf-8-sig").splitlines()[0]
    assert head.startswith("标题,") and "九江市" in head
    with page.expect_download() as info:
        page.click("#targets-scorecard-xlsx")
    assert info.value.suggested_filename.endswith(".xlsx")
    assert open(info.value.path(), "rb").read(2) == b"PK"  # noqa: SIM115
    assert_clean_console(page)


@pytest.mark.parametrize(
    ("path", "ready", "csv_button", "xlsx_button"),
    [("/map?area=500000", "#map-table .ag-row", "#map-csv-button", "#map-xlsx-button"),
     ("/county?area=360400&county=360402", "#county-rates-table", "#county-csv-button", "#county-xlsx-button"),
     ("/screening?area=500000", "#screening-table .ag-row", "#screening-download-button", "#screening-xlsx-button")],
)  # fmt: skip
def test_every_table_offers_csv_with_about_block_and_xlsx(
    page, live_url, path, ready, csv_button, xlsx_button
) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(live_url + path)
    page.wait_for_selector(ready, timeout=30000)
    with page.expect_download() as info:
        page.click(csv_button)
    raw = open(info.value.path(), "rb").read()  # noqa: SIM115
    assert raw.startswith(b"\xef\xbb\xbf\xe6\xa0\x87\xe9\xa2\x98,")  # BOM, then "标题,"
    assert "示例数据" in raw.decode("utf-8-sig").split("\r\n\r\n")[0]
    with page.expect_download() as info:
        page.click(xlsx_button)
    assert info.value.suggested_filename.endswith(".xlsx")
    assert open(info.value.path(), "rb").read(2) == b"PK"  # noqa: SIM115
    assert_clean_console(page)


@pytest.mark.parametrize(
    ("lang", "html_lang", "title"), [("zh", "zh-CN", "规划指标"), ("en", "en", "Plan targets")]
)
def test_html_lang_and_tab_title_follow_the_language(page, live_url, lang, html_lang, title) -> None:  # noqa: ANN001
    set_language(page, live_url, lang)
    page.goto(f"{live_url}/targets?area=360400")
    page.wait_for_selector("#targets-scorecard .ag-row", timeout=30000)
    assert page.evaluate("document.documentElement.lang") == html_lang
    page.wait_for_function("(t) => document.title === t", arg=title, timeout=10000)
    assert_clean_console(page)
