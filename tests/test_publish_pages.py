"""Every registry number a page shows goes through :mod:`dashboard.publish` (issue 10).

- a county with a small count shows the one neutral reason, never "<6", on the map's table,
  tooltip, detail panel and CSV and on the county page and its CSV, in both languages;
- a cell hidden on the map is hidden in a county's years and on the county page too (one
  pattern everywhere);
- the national layer hides the same county cells as the plan area's map and publishes no
  national total while a cell is hidden;
- only ``dashboard.publish`` and ``dashboard.queries`` reach the raw rate functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.catalogue.sites import sites_for_sex
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.publish.rates import HIDDEN_REASON, published_rates, published_series
from dashboard.publish.registry import SEX_KEYS, SITE_KEYS, protect_universe, universe
from dashboard.queries.areas import NATIONAL
from dashboard.queries.registry import Selection, county_rates, registry_years
from dashboard.views import county as CV
from dashboard.views import map as MV

ROOT = Path(__file__).resolve().parent.parent
AREA = "360400"
WORDS = {"zh": "为保护小数值而隐藏", "en": "hidden to protect small numbers"}
SETTINGS = Settings()  # small_cell_limit 5, suppress_rate_below 16


def _pooled(db: Database, measure: str, site: str) -> Selection:
    return CV.pooled_selection(registry_years(db, AREA), measure, site)


def _small_county(db: Database) -> tuple[Selection, str]:
    """A county of the county page's rate table whose count is 1..5 (a primary cell)."""
    for site in ("thyroid", "liver", "lung", "all"):
        for measure in ("mortality", "incidence"):
            sel = _pooled(db, measure, site)
            raw = county_rates(db, AREA, sel, 16).counties
            small = raw[(raw["cases"] >= 1) & (raw["cases"] <= 5)]
            for county in small["area"]:
                rates = CV.cancer_rates(db, AREA, county, 16, 5)
                if ((rates["site"] == site) & (rates["measure"] == measure)).any():
                    return sel, str(county)
    raise AssertionError("the demo data has no small count on the county page")


def _params(sel: Selection, county: str | None = None) -> MV.MapParams:
    query = {**sel.params(), "county": county}
    return MV.parse_params(AREA, query, registry_years_cache[0])


registry_years_cache: list[list[int]] = []


@pytest.fixture(autouse=True)
def _years(demo_db: Database) -> None:
    registry_years_cache[:] = [registry_years(demo_db, AREA)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_small_count_reads_the_neutral_reason_everywhere(demo_db: Database, lang: str) -> None:
    sel, county = _small_county(demo_db)
    words = WORDS[lang]
    p = _params(sel, county)
    # the map's table and tooltip
    rows, _ = MV.table_view(demo_db, SETTINGS, p, lang)
    row = next(r for r in rows if r["area"] == county)
    assert "cases" not in row and row["cases_text"] == words and row["note"] == words
    store = MV.values_store(demo_db, SETTINGS, p, lang)
    locations = MV.layer_features(AREA)[0]
    tip = store["custom"][list(locations).index(county)]
    assert tip[1] == words and words in tip[0]
    # the detail panel
    detail = MV.county_detail(demo_db, SETTINGS, p, county, lang)
    assert detail is not None and detail.cases == words
    assert words in detail.facts[0][1]
    # the map's CSV and XLSX frame
    _, text = MV.csv_export(demo_db, SETTINGS, p, lang)
    csv = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
    line = csv[csv["adcode"] == county].iloc[0]
    assert line[sel.count_col] == "" and line["note"] == words
    export = MV.table_export(demo_db, SETTINGS, p, lang).frame
    assert (export.astype(str) == words).any(axis=None)
    # the county page and its CSV
    page = CV.county_page(
        demo_db, CV.Selection(AREA, county), lang=lang, suppress_below=16, small_cell_limit=5
    )
    cell = next(r for r in page.rates.rows if r["site"] == sel.site and r["measure"] == sel.measure)
    assert cell["cases"] == words and cell["reason"] == words and cell["rate"] == "—"
    _, profile = CV.csv_file(
        demo_db, CV.Selection(AREA, county), lang=lang, suppress_below=16, small_cell_limit=5
    )
    assert words in profile
    for shown in (text, profile, str(rows), str(store), str(detail), str(page)):
        assert "<6" not in shown and "&lt;6" not in shown


def test_a_cell_hidden_on_the_map_is_hidden_in_the_county_years(demo_db: Database) -> None:
    years = registry_years(demo_db, AREA)
    found = 0
    for site in ("lung", "liver", "thyroid"):
        for sex in ("M", "F"):
            for year in years:
                sel = Selection("incidence", site, sex, "asr_china", year, year)
                rows, _ = MV.table_view(demo_db, SETTINGS, _params(sel), "en")
                for r in rows:
                    if r.get("cases_text") != WORDS["en"]:
                        continue
                    found += 1
                    # any period of the same site and sex: the county's years hide that year
                    pooled = Selection("incidence", site, sex, "asr_china", years[0], years[-1])
                    d = MV.county_detail(demo_db, SETTINGS, _params(pooled, r["area"]), r["area"], "en")
                    assert d is not None
                    y = next(x for x in d.years if x["year"] == year)
                    assert y["cases"] == WORDS["en"] and y["rate"] == "—"
                    assert "insufficient data" in d.trend  # no trend over a hidden year
                    s = published_series(demo_db, AREA, r["area"], pooled, 16, 5)
                    assert s.table.set_index("year").at[year, "hidden"]
            if found >= 3:
                return
    assert found, "no hidden single-year cell in the demo data"


def test_the_county_page_hides_what_the_map_hides(demo_db: Database) -> None:
    """The county page's pooled rates and its CSV agree cell by cell with the map's table of
    the same selection (same pattern), and no hidden count is anywhere in the CSV."""
    counties = MV.layer_features(AREA)[0]
    seen_hidden = False
    for county in counties[:6]:
        rates = CV.cancer_rates(demo_db, AREA, county, 16, 5)
        _, profile = CV.csv_file(demo_db, CV.Selection(AREA, county), lang="en", suppress_below=16,
                                 small_cell_limit=5)  # fmt: skip
        for r in rates.itertuples(index=False):
            sel = _pooled(demo_db, r.measure, r.site)
            rows, _ = MV.table_view(demo_db, SETTINGS, _params(sel), "en")
            m = next(x for x in rows if x["area"] == county)
            assert ("cases_text" in m) == bool(np.isnan(r.cases))
            if np.isnan(r.cases):
                seen_hidden = True
                raw = county_rates(demo_db, AREA, sel, 16).counties.set_index("area").at[county, "cases"]
                assert f",{int(raw)}," not in profile.replace(".0,", ",")
            else:
                assert m["cases"] == int(r.cases)
    assert seen_hidden


@pytest.mark.parametrize(
    "sel",
    [
        Selection("incidence", "lung", "M", "asr_china", 2025, 2025),
        Selection("mortality", "pancreas", "M", "asr_china", 2024, 2024),
        Selection("mortality", "thyroid", "F", "crude", 2024, 2024),
    ],
)
def test_the_national_layer_hides_as_the_plan_areas_do(demo_db: Database, sel: Selection) -> None:
    national = published_rates(demo_db, NATIONAL, sel, 16, 5)
    nat = national.counties.set_index("area")
    any_hidden = False
    for area in ("500000", "360400"):
        own = published_rates(demo_db, area, sel, 16, 5).counties.set_index("area")
        assert (nat.loc[own.index, "hidden"] == own["hidden"]).all()
        assert nat.loc[own.index, "cases"].isna().equals(own["cases"].isna())
        any_hidden |= bool(own["hidden"].any())
        assert (nat.loc[own.index[own["hidden"]], "reason"] == HIDDEN_REASON).all()
    assert any_hidden
    # no national total while a county's count is hidden: nothing to subtract from
    assert national.area["cases"] is None and national.area["suppressed"]
    frame = MV.csv_frame(national, lang="en", area_name="All China counties", area_code=NATIONAL)
    assert NATIONAL not in set(frame["adcode"]) and len(frame) == len(nat)
    # the national map's tooltips say the same neutral words
    p = MV.parse_params(NATIONAL, sel.params(), registry_years(demo_db, NATIONAL))
    store = MV.values_store(demo_db, SETTINGS, p, "zh")
    locations = list(MV.layer_features(NATIONAL)[0])
    for county in nat.index[nat["hidden"]]:
        assert store["custom"][locations.index(county)] == "—（为保护小数值而隐藏）"


def test_a_national_county_detail_hides_the_years_its_plan_area_hides(demo_db: Database) -> None:
    sel = Selection("incidence", "lung", "M", "asr_china", 2021, 2025)
    for county in MV.layer_features(AREA)[0]:
        own = published_series(demo_db, AREA, county, sel, 16, 5).table
        nat = published_series(demo_db, NATIONAL, county, sel, 16, 5).table
        assert own["hidden"].tolist() == nat["hidden"].tolist()


def test_counties_in_no_plan_area_are_protected_without_a_total(demo_db: Database) -> None:
    values, _, periods, _ = universe(demo_db, AREA)
    counties_only = values[..., :-1]  # as the national rest: no total of them is published
    hidden, figs = protect_universe(counties_only, periods, limit=5, with_area=False)
    small = (counties_only >= 1) & (counties_only <= 5)
    for si, site in enumerate(SITE_KEYS):  # cells never published (a sex-specific site for both sexes) aside
        for xi, sex in enumerate(SEX_KEYS):
            if not any(x.site == site for x in sites_for_sex(sex)):
                small[:, si, :, xi] = False
    assert hidden[:2][small[:2]].all()
    assert figs["uncertified"] == 0 and figs["narrowest"] >= 5


#: The raw statistics of the registry: only the publication layer (and the queries
#: themselves) may call them for numbers that leave the server.
RAW = {"county_rates", "county_series", "county_rank_intervals", "selection_cells", "registry_long"}
#: Where site_cube may be used: warming the caches, not publishing numbers.
SITE_CUBE_OK = {"dashboard/views/map.py"}


def _python_files() -> list[Path]:
    out = []
    for pkg in ("dashboard", "components", "callbacks", "layouts"):
        out += sorted((ROOT / pkg).rglob("*.py"))
    return [
        p
        for p in out
        if not str(p.relative_to(ROOT)).startswith(("dashboard/queries/", "dashboard/publish/"))
    ]


def test_published_rates_is_the_only_path_for_registry_numbers() -> None:
    offenders = []
    for path in _python_files():
        rel = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: set[str] = set()
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard.queries"):
                names = {a.name for a in node.names}
            elif isinstance(node, ast.Attribute):
                names = {node.attr}
            elif isinstance(node, ast.Name):
                names = {node.id}
            bad = names & RAW
            if "site_cube" in names and rel not in SITE_CUBE_OK:
                bad.add("site_cube")
            if {"masked_count_texts", "hidden_counts", "mask_small_counts"} & names and rel.startswith(
                ("dashboard/views/map.py", "dashboard/views/county.py", "dashboard/views/overview.py",
                 "dashboard/export/", "callbacks/map.py", "callbacks/county.py")
            ):  # fmt: skip
                bad |= {"masked_count_texts", "hidden_counts", "mask_small_counts"} & names
            if bad:
                offenders.append(f"{rel}:{getattr(node, 'lineno', '?')} {sorted(bad)}")
    assert not offenders, "registry numbers must come from dashboard.publish:\n" + "\n".join(offenders)
