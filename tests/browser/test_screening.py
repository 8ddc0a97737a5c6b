"""Browser: /screening draws the database's numbers, keeps its state in the URL, hides small counts."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.export.tables import table_lines
from tests.conftest import assert_clean_console, set_language, settled_url

pytestmark = pytest.mark.browser

TREND = "screening-coverage-trend"


def _wait_page(page) -> None:  # noqa: ANN001
    page.wait_for_selector(f"#{TREND} .js-plotly-plot .scatterlayer .trace", timeout=30000)
    page.wait_for_selector("#screening-map .js-plotly-plot path.choroplethlocation", timeout=30000)
    page.wait_for_selector("#screening-cascade .js-plotly-plot .barlayer", timeout=30000)
    page.wait_for_selector("#screening-table .ag-row", timeout=30000)


def _query(page) -> dict[str, str]:  # noqa: ANN001
    return {k: v[0] for k, v in parse_qs(urlparse(settled_url(page)).query).items()}


def _trace(page, graph_id: str, uid: str) -> dict | None:  # noqa: ANN001
    """x, y of the trace with this uid as drawn in the browser (the figure's data)."""
    return page.evaluate(
        """([id, uid]) => { const g = document.querySelector('#' + id + ' .js-plotly-plot');
               const t = g && g.data ? g.data.find(d => d.uid === uid) : null;
               return t ? {x: Array.from(t.x), y: Array.from(t.y)} : null; }""",
        [graph_id, uid],
    )


def _coverage_from_sql(demo_db, county: str, programme: str) -> dict[int, float]:  # noqa: ANN001
    df = demo_db.read(
        "SELECT year, screened, eligible FROM screening WHERE area = :a AND programme = :p ORDER BY year",
        {"a": county, "p": programme},
    )
    return {int(y): s / e * 100 for y, s, e in zip(df["year"], df["screened"], df["eligible"], strict=True)}


def _area_coverage_from_sql(demo_db, region: str, programme: str) -> dict[int, float]:  # noqa: ANN001
    df = demo_db.read(
        "SELECT s.year, SUM(s.screened) AS s, SUM(s.eligible) AS e FROM screening s JOIN areas a "
        "ON a.adcode = s.area WHERE a.parent_adcode = :r AND s.programme = :p GROUP BY s.year ORDER BY s.year",
        {"r": region, "p": programme},
    )
    return {int(y): s / e * 100 for y, s, e in zip(df["year"], df["s"], df["e"], strict=True)}


@pytest.mark.parametrize("area", ["500000", "360400"])
def test_coverage_chart_equals_screened_over_eligible_in_the_database(page, live_url, demo_db, area) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/screening?area={area}")
    _wait_page(page)
    state = _query(page)  # the page writes its state into the URL
    assert state["area"] == area and state["programme"] == "cervical"
    assert state["year"] == str(int(demo_db.read("SELECT max(year) AS y FROM screening")["y"].iloc[0]))
    county = state["county"]
    drawn = _trace(page, TREND, f"highlight-{county}")
    assert drawn is not None, "the highlighted county is drawn"
    expected = _coverage_from_sql(demo_db, county, "cervical")
    assert [int(x) for x in drawn["x"]] == list(expected)
    assert drawn["y"] == pytest.approx(list(expected.values()), abs=1e-9)
    area_drawn = _trace(page, TREND, "area")
    area_expected = _area_coverage_from_sql(demo_db, area, "cervical")
    assert dict(zip([int(x) for x in area_drawn["x"]], area_drawn["y"], strict=True)) == pytest.approx(
        area_expected
    )
    # the plan's target line comes from the database (Jiujiang: cervical screening > 55%)
    shapes = page.evaluate(f"() => document.querySelector('#{TREND} .js-plotly-plot').layout.shapes || []")
    target = demo_db.read(
        "SELECT t.value FROM targets t JOIN plans p ON p.plan_id = t.plan_id "
        "WHERE p.area = :a AND t.indicator = 'cervical_screening'", {"a": area})  # fmt: skip
    assert [s["y0"] for s in shapes] == target["value"].tolist()
    assert ("九江市" if area == "360400" else "重庆市") in page.locator("h4").first.inner_text()
    assert_clean_console(page)


def test_changing_programme_updates_the_charts_and_the_url(page, live_url, demo_db) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/screening?area=500000&programme=cervical&county=500101")
    _wait_page(page)
    page.click("#screening-programme label:has-text('乳腺癌')")
    page.wait_for_function(
        f"() => {{ const g = document.querySelector('#{TREND} .js-plotly-plot');"
        " return g && g.layout && g.layout.title.text.startsWith('乳腺癌'); }",
        timeout=20000,
    )
    page.wait_for_function("() => window.location.search.includes('programme=breast')", timeout=10000)
    drawn = _trace(page, TREND, "highlight-500101")
    expected = _coverage_from_sql(demo_db, "500101", "breast")
    assert [int(x) for x in drawn["x"]] == list(expected)
    assert drawn["y"] == pytest.approx(list(expected.values()), abs=1e-9)
    cascade_title = page.evaluate(
        "() => document.querySelector('#screening-cascade .js-plotly-plot').layout.title.text"
    )
    assert "乳腺癌" in cascade_title and "万州区" in cascade_title
    assert _query(page)["county"] == "500101"
    # the map was patched (boundaries not resent): its values are now the breast programme's
    page.wait_for_function(
        "() => document.querySelector('#screening-map .js-plotly-plot').layout.title.text.includes('乳腺癌')",
        timeout=20000,
    )
    m = page.evaluate("() => { const d = document.querySelector('#screening-map .js-plotly-plot').data[0];"
                      " return {loc: Array.from(d.locations), z: Array.from(d.z)}; }")  # fmt: skip
    year = int(_query(page)["year"])
    z = dict(zip(m["loc"], m["z"], strict=True))
    expected = _coverage_from_sql(demo_db, "500101", "breast")[year]
    assert z["500101"] == pytest.approx(expected, abs=0.01)
    assert page.locator("#screening-map path.choroplethlocation").count() == 38
    assert_clean_console(page)


def test_url_state_is_restored_and_small_counts_are_hidden_on_screen_and_in_csv(
    page, live_url, demo_db
) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/screening?area=500000&programme=liver&year=2019&county=500111")
    _wait_page(page)
    assert page.locator("#screening-programme input[value='liver']").is_checked()
    assert page.locator("#screening-year").input_value() == "2019"
    title = page.evaluate(
        "() => document.querySelector('#screening-cascade .js-plotly-plot').layout.title.text"
    )
    assert "大足区" in title and "2019" in title and "肝癌" in title
    page.click("#screening-table-choice label:has-text('早诊率与漏斗图')")
    page.wait_for_function(
        "() => { const api = dash_ag_grid.getApi('screening-table');"
        " return api && api.getColumnDefs().some(c => c.field === 'early_detected'); }",
        timeout=15000,
    )
    cells = page.evaluate(
        """() => { const api = dash_ag_grid.getApi('screening-table'); const out = [];
             api.forEachNode(n => out.push({adcode: n.data.adcode,
                 detected: api.getCellValue({rowNode: n, colKey: 'detected', useFormatter: true}),
                 early: api.getCellValue({rowNode: n, colKey: 'early_detected', useFormatter: true})}));
             return out; }"""
    )
    raw = demo_db.read(
        "SELECT s.area, s.early_detected FROM screening s JOIN areas a ON a.adcode = s.area "
        "WHERE a.parent_adcode = '500000' AND s.programme = 'liver' AND s.year = 2019")  # fmt: skip
    truth = dict(zip(raw["area"], raw["early_detected"], strict=True))
    county_cells = [c for c in cells if c["adcode"] != "500000"]
    assert len(county_cells) == len(truth)
    hidden = "为保护小数值而隐藏"  # the one neutral reason, for a small count and its partners alike
    for c in county_cells:
        if 1 <= truth[c["adcode"]] <= 5:
            assert c["early"] == hidden, c
        for v in (c["early"], c["detected"]):
            assert v == hidden or not 1 <= int(v.replace(",", "")) <= 5, c
            assert "<" not in v
    assert any(c["early"] == hidden for c in county_cells)
    with page.expect_download() as info:
        page.click("#screening-download-button")
    download = info.value
    assert download.suggested_filename == "screening-early-500000-liver-2019.csv"
    with open(download.path(), encoding="utf-8-sig") as fh:
        lines = [line.split(",") for line in table_lines(fh.read())]  # after the about block
    header, body = lines[0], lines[1:]
    col = header.index("早期（含癌前病变）")
    code = header.index("行政区划代码")
    csv_cells = {row[code]: row[col] for row in body}
    assert {c["adcode"]: c["early"] for c in cells} == csv_cells  # the file says what the screen says
    assert_clean_console(page)


def test_english_page_and_chosen_counties(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "en")
    page.goto(f"{live_url}/screening?area=360400&programme=lung&counties=360402,360403&county=360403")
    _wait_page(page)
    assert "Jiujiang" in page.locator("h4").first.inner_text()
    assert "cancer screening" in page.locator("h4").first.inner_text()
    panels = page.evaluate(
        "() => Object.keys(document.querySelector('#screening-coverage-multiples .js-plotly-plot').layout)"
        ".filter(k => /^xaxis\\d*$/.test(k)).length"
    )
    assert panels == 2
    assert _query(page)["counties"] == "360402,360403"
    title = page.evaluate(f"() => document.querySelector('#{TREND} .js-plotly-plot').layout.title.text")
    assert title.startswith("Lung (ages 50–74) screening coverage")
    assert_clean_console(page)
