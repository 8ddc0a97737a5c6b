"""Browser: /map from a permalink shows the database's values; a changed choice repaints the
values without sending the boundaries again; the URL follows; grey means suppressed."""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from dashboard.epi import rates_by_group
from dashboard.infra.db import Database
from dashboard.publish.rates import published_rates
from dashboard.queries.registry import Selection
from tests.conftest import assert_clean_console, graph_locations, set_language, settled_url

pytestmark = pytest.mark.browser

PERMALINK = "/map?area=500000&measure=incidence&site=lung&sex=T&rate=asr_china&year=2022"
TRACE = "document.querySelector('#map-graph .js-plotly-plot').data[0]"


def expected_rates(
    db: Database, site: str, sexes: tuple[str, ...], year: int, standard: str = "china2000"
) -> dict:
    """County ASRs (1 decimal) straight from SQL and epi; None where suppressed, or hidden by
    the publication layer (:func:`dashboard.publish.rates.published_rates`: a county whose
    count is hidden has no rate on the page either)."""
    marks = ",".join("?" * len(sexes))
    with sqlite3.connect(db.url.removeprefix("sqlite:///")) as conn:
        cells = pd.read_sql_query(
            f"""SELECT r.area, r.age_group, SUM(r.cases) AS cases, SUM(p.person_years) AS person_years
                FROM registry_counts r JOIN population p ON p.area = r.area AND p.year = r.year
                 AND p.sex = r.sex AND p.age_group = r.age_group JOIN areas a ON a.adcode = r.area
                WHERE a.parent_adcode = '500000' AND r.site = ? AND r.year = ? AND r.sex IN ({marks})
                GROUP BY r.area, r.age_group""",
            conn,
            params=(site, year, *sexes),
        )
    out = rates_by_group(cells, ["area"], standard=standard, suppress_below=16)
    sel = Selection("incidence", site, "T" if len(sexes) == 2 else sexes[0], "asr_china", year, year)
    pub = published_rates(db, "500000", sel, 16, 5).counties.set_index("area")["hidden"]
    return {
        a: (None if s or pub.get(a, False) else f"{r:.1f}")
        for a, r, s in zip(out["area"], out["asr"], out["suppressed"], strict=True)
    }


def _shown(page) -> dict:  # noqa: ANN001
    locs = page.evaluate(f"() => Array.from({TRACE}.locations)")
    custom = page.evaluate(f"() => {TRACE}.customdata")
    return {loc: c[0] for loc, c in zip(locs, custom, strict=True)}


def _check_against_db(page, demo_db, year: int) -> None:  # noqa: ANN001
    exp = expected_rates(demo_db, "lung", ("M", "F"), year)
    shown = _shown(page)
    assert set(shown) == set(exp)
    for area, rate in exp.items():
        if rate is None:
            assert shown[area].startswith("—"), (area, shown[area])
        else:
            assert shown[area].startswith(rate + " ("), (area, shown[area], rate)


def _pick(page, control: str, text: str) -> None:  # noqa: ANN001
    page.click(f"#{control}")
    page.locator("[role=option]", has_text=text).first.click()


def test_permalink_values_and_repaint_without_geometry(page, live_url, demo_db) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    updates: list[tuple[str, str]] = []

    def on_response(resp) -> None:  # noqa: ANN001
        if "_dash-update-component" in resp.url:
            updates.append((resp.request.post_data or "", resp.text()))

    page.on("response", on_response)
    page.goto(live_url + PERMALINK)
    page.wait_for_selector("#map-graph path.choroplethlocation", timeout=30000)
    locations = graph_locations(page, "map-graph")
    assert len(locations) == 1 and len(locations[0]) == 38
    assert page.locator("#map-graph path.choroplethlocation").count() == 38
    _check_against_db(page, demo_db, 2022)
    page.wait_for_load_state("networkidle")
    first_load = len(updates)
    assert any("coordinates" in body for _, body in updates), "the first render carries the boundaries"

    before = _shown(page)
    _pick(page, "map-year", "2021年")
    page.wait_for_function(f"() => {TRACE}.customdata[0][0] !== {before[locations[0][0]]!r}", timeout=15000)
    _check_against_db(page, demo_db, 2021)
    page.wait_for_load_state("networkidle")
    later = updates[first_load:]
    assert later, "the change went through callbacks"
    assert not any("coordinates" in body for _, body in later), "boundaries were sent again"
    sent = [
        x
        for post, _ in later
        for x in (*json.loads(post).get("inputs", []), *json.loads(post).get("state", []))
    ]
    assert not any(x.get("id") == "map-graph" and x.get("property") == "figure" for x in sent), (
        "figure uploaded"
    )
    # the grid follows (a frame after the map): its top row (sorted by rate) is the highest rate
    top = max(float(r) for r in expected_rates(demo_db, "lung", ("M", "F"), 2021).values() if r is not None)
    page.wait_for_function(
        "(v) => { const c = document.querySelector(\"#map-table .ag-row[row-index='0'] .ag-cell[col-id='rate']\");"
        " return c && c.innerText.trim() === v; }",
        arg=f"{top:.1f}",
        timeout=15000,
    )
    q = parse_qs(urlparse(settled_url(page)).query)
    assert q["year"] == ["2021"] and q["site"] == ["lung"] and q["area"] == ["500000"]
    assert "<6" not in "".join(v for v in _shown(page).values())  # lung counts are large
    assert_clean_console(page)


def test_copied_link_restores_the_view(page, live_url) -> None:  # noqa: ANN001
    page.goto(live_url + "/map?area=500000&measure=mortality&site=stomach&sex=M&rate=crude&year=2019-2021"
              "&classify=jenks&classes=4")  # fmt: skip
    page.wait_for_selector("#map-graph path.choroplethlocation", timeout=30000)
    z = page.evaluate(f"() => Array.from({TRACE}.z)")
    assert max(z) <= 4
    assert "2019" in page.locator("#map-year").inner_text()
    assert page.locator("#map-graph .colorbar").count() == 1
    ticks = page.locator("#map-graph .colorbar .cbaxis text").all_inner_texts()
    assert len(ticks) == 5  # grey band + 4 classes
    _pick(page, "map-rate", "世标率")
    page.wait_for_function("() => window.location.search.includes('rate=asr_world')")
    url = page.url
    page.wait_for_function(f"() => {TRACE}.hovertemplate.includes('世标率')", timeout=15000)
    z_after = page.evaluate(f"() => Array.from({TRACE}.z)")
    page.goto(url)
    page.wait_for_selector("#map-graph path.choroplethlocation", timeout=30000)
    assert page.evaluate(f"() => Array.from({TRACE}.z)") == z_after
    assert_clean_console(page)


def test_suppressed_counties_are_grey_and_sex_limits_sites(page, live_url, demo_db) -> None:  # noqa: ANN001
    page.goto(live_url + "/map?area=500000&site=thyroid&sex=M&year=2016")
    page.wait_for_selector("#map-graph path.choroplethlocation", timeout=30000)
    exp = expected_rates(demo_db, "thyroid", ("M",), 2016)
    z = dict(zip(page.evaluate(f"() => Array.from({TRACE}.locations)"),
                 page.evaluate(f"() => Array.from({TRACE}.z)"), strict=True))  # fmt: skip
    hidden = [a for a, r in exp.items() if r is None]
    assert hidden, "some counties have fewer than 16 cases"
    assert all(z[a] == 0 for a in hidden) and all(z[a] > 0 for a, r in exp.items() if r is not None)
    fills = page.evaluate(
        """() => Array.from(document.querySelectorAll('#map-graph path.choroplethlocation'))
                 .map(p => getComputedStyle(p).fill)"""
    )
    assert fills.count("rgb(217, 217, 217)") == len(hidden)  # NO_DATA_GREY #d9d9d9
    # female sites are not offered to men; cervix appears for women
    page.click("#map-site")
    options = page.locator("[role=option]").all_inner_texts()
    assert "宫颈癌" not in options and "女性乳腺癌" not in options and "前列腺癌" in options
    page.keyboard.press("Escape")
    page.locator("label", has_text="女性").click()
    page.wait_for_function("() => window.location.search.includes('sex=F')")
    page.click("#map-site")
    options = page.locator("[role=option]").all_inner_texts()
    assert "宫颈癌" in options and "前列腺癌" not in options
    page.keyboard.press("Escape")
    assert_clean_console(page)


def test_click_opens_county_detail_and_english(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "en")
    page.goto(live_url + "/map?area=360400&site=all&year=2021-2025")
    page.wait_for_selector("#map-graph path.choroplethlocation", timeout=30000)
    assert page.locator("#map-graph path.choroplethlocation").count() == 13
    assert "Jiujiang" in page.locator("h4").first.inner_text()
    page.locator("#map-table .ag-row .ag-cell[col-id='county']").first.click()
    page.wait_for_selector(".offcanvas.show", timeout=15000)
    body = page.locator(".offcanvas.show").inner_text()
    assert "Annual percent change" in body or "Trend" in body
    assert "MV%" in body
    page.wait_for_function("() => window.location.search.includes('county=')")
    # the detail links to the county's full profile (peers, spine chart)
    link = page.locator("#map-detail-profile-link")
    href = link.get_attribute("href")
    assert href.startswith("/county?area=360400&county=3604")
    link.click()
    page.wait_for_function("() => window.location.pathname === '/county'")
    page.wait_for_function(
        "() => { const h = document.querySelector('h4'); return h && h.innerText.startsWith('County profile:'); }",
        timeout=15000,
    )
    county = href.split("county=")[1]
    assert f"county={county}" in page.url
    assert_clean_console(page)


def test_heading_follows_the_measure(page, live_url) -> None:  # noqa: ANN001
    """Issue #14, item 10: switching to mortality makes the heading say mortality."""
    set_language(page, live_url, "zh")
    page.goto(live_url + PERMALINK)
    page.wait_for_selector("#map-graph path.choroplethlocation", timeout=30000)
    assert page.locator("#map-heading").inner_text() == "重庆市：癌症发病率地图"
    page.locator("#map-measure label", has_text="死亡").click()
    page.wait_for_function("() => document.querySelector('#map-heading').innerText.includes('死亡')")
    assert page.locator("#map-heading").inner_text() == "重庆市：癌症死亡率地图"
    assert_clean_console(page)
