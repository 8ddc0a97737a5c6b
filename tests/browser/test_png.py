"""Browser: PNG downloads that stand alone (issue 14, item 3). The toolbar's camera gives a
PNG drawn with the chart's title, legend, a source line with the demonstration label, and
a file name after its content; the overview's sparklines can be downloaded too."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser

FIGURE = """(id) => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  const f = window.dashExport.figure(gd);
  return {title: f.layout.title.text, notes: (f.layout.annotations || []).map(a => a.text),
          name: window.dashExport.filename(gd), width: f.layout.width}; }"""


def _camera(page, graph: str):  # noqa: ANN001, ANN202
    page.hover(f"{graph} .js-plotly-plot")
    btn = page.locator(f"{graph} .modebar-btn[data-title='下载图表为PNG格式']")
    with page.expect_download(timeout=20000) as dl:
        btn.click()
    return dl.value


def test_map_png_has_title_source_demo_label_and_a_content_name(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/map?area=500000&site=lung&year=2021-2025")
    page.wait_for_selector("#map-graph .js-plotly-plot .choroplethlocation", timeout=20000)
    fig = page.evaluate(FIGURE, "map-graph")
    assert "重庆市" in fig["title"] and "2021" in fig["title"] and "肺" in fig["title"]
    source = [n for n in fig["notes"] if n.startswith("来源")]
    assert source and "示例数据" in source[0]
    assert fig["width"] == 1600
    download = _camera(page, "#map-graph")
    name = download.suggested_filename
    assert name.endswith(".png") and name.startswith("重庆市_") and "2021" in name and "肺" in name, name
    assert not any(ch in name for ch in "，：（）/ ")
    assert_clean_console(page)


def test_overview_map_png_has_its_legend_and_sparklines_download(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "en")
    page.goto(f"{live_url}/?area=500000")
    page.wait_for_selector("#home-map .js-plotly-plot .choroplethlocation", timeout=20000)
    fig = page.evaluate(FIGURE, "home-map")
    assert "Targets met by each county" in fig["title"]
    legend = [n for n in fig["notes"] if "■" in n]
    assert legend and "/" in legend[0]
    assert any(n.startswith("Source:") and "Demonstration data" in n for n in fig["notes"])
    assert fig["name"].startswith("Chongqing_Municipality_Targets_met"), fig["name"]
    # every sparkline has a toolbar with its PNG download, named after its target
    spark = page.locator(".target-spark .js-plotly-plot").first
    spark.hover()
    assert page.locator(".target-spark .modebar-btn[data-title='Download plot as a PNG']").count() >= 3
    name = page.evaluate(
        "() => window.dashExport.filename(document.querySelector('.target-spark .js-plotly-plot'))"
    )
    spark = page.evaluate(
        "() => window.dashExport.figure(document.querySelector('.target-spark .js-plotly-plot')).layout"
    )
    assert spark["title"]["text"].startswith("<b>Chongqing Municipality: ")
    assert spark["yaxis"]["showticklabels"] is True
    card = page.locator(".target-card .card-title").first.inner_text()
    assert card.split()[0] in name.replace("_", " "), (card, name)
    assert_clean_console(page)
