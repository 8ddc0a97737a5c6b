"""Browser: the county profile (/county)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from dashboard.domain.assessment import plan_assessment
from dashboard.export.tables import table_lines
from dashboard.queries.areas import counties
from dashboard.queries.indicators import plan_for_area
from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser


def _county_level(demo_db, area: str) -> list[str]:  # noqa: ANN001
    plan = plan_for_area(demo_db, area)
    assessed = plan_assessment(demo_db, area, str(plan["plan_id"]), date.today().year)
    return assessed.loc[assessed["county_level"], "indicator"].tolist()


def _spine_rows(page) -> list[str]:  # noqa: ANN001
    """The y categories of the spine chart as drawn (one per indicator)."""
    return page.evaluate(
        """() => { const g = document.querySelector('#county-spine .js-plotly-plot');
               return g && g._fullData ? Array.from(g._fullData[0].y) : null; }"""
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("query", "area", "county"), [("area=500000&county=500101", "500000", "500101"),
                                                      ("area=360400", "360400", None)])  # fmt: skip
def test_profile_spine_rates_and_peers(page, live_url, demo_db, lang, query, area, county) -> None:  # noqa: ANN001
    cdf = counties(demo_db, area)
    county = county or str(cdf["adcode"].iloc[0])  # default: the area's first county
    name = cdf.set_index("adcode").at[county, "name_en" if lang == "en" else "name_zh"]
    expected = _county_level(demo_db, area)
    set_language(page, live_url, lang)
    page.goto(f"{live_url}/county?{query}")
    page.wait_for_selector(
        "#county-spine .js-plotly-plot .scatterlayer .trace", state="attached", timeout=30000
    )
    assert name in page.locator("h4").first.inner_text()
    # one spine row (chart and table) per county-level indicator of the plan, in plan order
    rows = page.locator("#county-spine-table tbody tr.spine-row")
    assert rows.evaluate_all("els => els.map(e => e.dataset.indicator)") == expected
    assert len(_spine_rows(page)) == len(expected)
    comparisons = rows.locator("[data-comparison]").evaluate_all("els => els.map(e => e.dataset.comparison)")
    assert len(comparisons) == len(expected) and set(comparisons) <= {"better", "similar", "worse", "no_data"}
    rank_word = " of " if lang == "en" else "第 "
    assert all(rank_word in r for r in rows.evaluate_all("els => els.map(e => e.lastChild.innerText)"))
    # rates: all sites + 5 leading sites, incidence and mortality
    rates = page.locator("#county-rates-table tbody tr.rate-row")
    assert rates.count() == 12
    assert rates.first.get_attribute("data-site") == "all"
    # peers: 5 links to other counties' profiles in the same area
    links = page.locator("#county-peers-table tbody tr.peer-row a")
    assert links.count() == 5
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith(f"/county?area={area}&county=") for h in hrefs)
    assert f"county={county}" not in " ".join(hrefs)
    header = page.locator("#county-header").inner_text()
    assert ("Population" if lang == "en" else "常住人口") in header
    # what the data says: a list, each finding with its test and a link to its chart
    findings = page.locator("ol#findings > li")
    assert findings.count() >= 1
    assert all(
        h
        for h in page.locator("ol#findings a.finding-link").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
    )
    assert ("Test" if lang == "en" else "检验") in page.locator("ol#findings").inner_text()
    assert_clean_console(page)


def test_peer_link_and_picker_open_another_profile(page, live_url, demo_db) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(f"{live_url}/county?area=500000&county=500101")
    link = page.locator("#county-peers-table tbody tr.peer-row a").first
    link.wait_for()
    target = link.get_attribute("href").split("county=")[1]
    link.click()
    page.wait_for_url(f"**/county?area=500000&county={target}")
    page.wait_for_function(
        "(c) => document.querySelector('#county-peers-table tr.own-row')?.dataset.county === c", arg=target
    )
    # the picker loads the chosen county's profile
    page.click("#county-picker")
    page.get_by_role("option", name="渝中区").click()
    page.wait_for_url("**/county?area=500000&county=500103", timeout=15000)
    page.wait_for_selector("#county-spine .js-plotly-plot")
    assert "渝中区" in page.locator("h4").first.inner_text()
    assert_clean_console(page)


def test_csv_download_masks_small_counts(page, live_url, demo_settings) -> None:  # noqa: ANN001
    set_language(page, live_url, "en")
    page.goto(f"{live_url}/county?area=360400&county=360402")
    page.wait_for_selector("#county-rates-table")
    with page.expect_download() as info:
        page.click("#county-csv-button")
    download = info.value
    assert download.suggested_filename == "county-profile-360402.csv"
    with open(download.path(), encoding="utf-8-sig") as fh:
        text = fh.read()
    assert text.startswith("Title,County profile: ")  # the about block first
    rows = list(csv.DictReader(io.StringIO("\n".join(table_lines(text)))))
    sections = [r["section"] for r in rows]
    assert sections.count("cancer rates") == 12 and "plan indicators" in sections
    limit = demo_settings.small_cell_limit
    for r in rows:
        if r["section"] == "cancer rates" and r["Cases / deaths"] not in ("", f"<{limit + 1}"):
            assert not 1 <= int(r["Cases / deaths"]) <= limit


def test_unknown_county_falls_back_with_a_warning(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "en")
    page.goto(f"{live_url}/county?area=500000&county=999999")
    page.wait_for_selector("#county-spine .js-plotly-plot")
    assert "Unknown county" in page.locator(".alert-warning", has_text="Unknown").inner_text()
    assert "Wanzhou" in page.locator("h4").first.inner_text()
    assert_clean_console(page)
