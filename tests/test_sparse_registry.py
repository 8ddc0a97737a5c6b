"""A registry file that leaves out its zero rows gives the same numbers as one that stores
them (issue 13, defect 5): every page's view and every export, on a sparse copy of the demo.

Most registries send only the cells with a case or a death. The copy deletes every row whose
four counts are all zero, except that a county-year-sex-site with no case at all keeps one
row (the registry reports that it ran: without any row it would be "no data", which is a
different, honest answer). Person-years come from the population table either way.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.export.plan_deck import plan_deck
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.queries.registry import county_series, normalise_selection
from dashboard.views import county as CV
from dashboard.views import map as MV
from dashboard.views import overview as OV
from dashboard.views import screening as SV
from dashboard.views import targets as TV

AREAS = ("500000", "360400")
SETTINGS = Settings()
AS_OF = date.today().year


@pytest.fixture(scope="module")
def sparse_db(demo_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Database:
    src = Path(demo_db.url.removeprefix("sqlite:///"))
    dst = tmp_path_factory.mktemp("sparse") / "sparse.sqlite"
    shutil.copy(src, dst)
    con = sqlite3.connect(dst)
    zero = "cases = 0 AND deaths = 0 AND mv_cases = 0 AND dco_cases = 0"
    before = con.execute("SELECT COUNT(*) FROM registry_counts").fetchone()[0]
    con.execute(f"""DELETE FROM registry_counts WHERE {zero} AND rowid NOT IN (
        SELECT MIN(rowid) FROM registry_counts GROUP BY area, year, sex, site
        HAVING SUM(cases + deaths + mv_cases + dco_cases) = 0)""")  # noqa: S608
    con.commit()
    after = con.execute("SELECT COUNT(*) FROM registry_counts").fetchone()[0]
    con.close()
    assert after < 0.8 * before, (before, after)  # the demo stores many zero rows
    return Database(f"sqlite:///{dst}")


@pytest.fixture(scope="module", autouse=True)
def _cached() -> Any:
    """An app context with an in-memory cache, so the memoized loaders are shared (fast)."""
    from flask import Flask

    from dashboard.infra.cache import init_cache

    server = Flask(__name__)
    init_cache(server, SETTINGS.with_(cache_type="SimpleCache"))
    with server.app_context():
        yield


def plain(obj: Any) -> Any:
    """Something == can compare: figures as their JSON, frames as records, dataclasses as dicts."""
    if isinstance(obj, go.Figure):
        return obj.to_plotly_json()
    if isinstance(obj, pd.DataFrame):
        return obj.astype(object).where(obj.notna(), None).to_dict("split")
    if isinstance(obj, pd.Series):
        return plain(obj.to_frame())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name != "db"}
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    return obj


SELECTIONS = [
    {},
    {"measure": "mortality", "site": "lung", "rate": "crude"},
    {"measure": "incidence", "site": "stomach", "sex": "M", "rate": "cum_0_74"},
    {"measure": "incidence", "site": "breast", "sex": "F", "rate": "asr_world"},
]


@pytest.mark.parametrize("area", AREAS)
def test_map_page_table_bars_csv_and_details_equal(demo_db: Database, sparse_db: Database, area: str) -> None:
    years = MV.years_of(demo_db, area)
    assert MV.years_of(sparse_db, area) == years
    for query in SELECTIONS:
        for lang in ("zh", "en"):
            dense = MV.first_render(demo_db, SETTINGS, area, query, lang)
            sparse = MV.first_render(sparse_db, SETTINGS, area, query, lang)
            assert plain(sparse) == plain(dense), query
            p = MV.parse_params(area, query, years)
            assert MV.csv_export(sparse_db, SETTINGS, p, lang) == MV.csv_export(demo_db, SETTINGS, p, lang)
            assert plain(MV.bars_view(sparse_db, SETTINGS, p, lang)) == plain(
                MV.bars_view(demo_db, SETTINGS, p, lang)
            )
        p = MV.parse_params(area, query, years)
        every = MV.layer_features(area)[0]
        for county in every if not query else every[:4]:
            d = MV.county_detail(demo_db, SETTINGS, p, county, "zh")
            s = MV.county_detail(sparse_db, SETTINGS, p, county, "zh")
            assert plain(s) == plain(d), (query, county)


def test_county_series_keeps_person_years_of_age_groups_without_cases(
    sparse_db: Database, demo_db: Database
) -> None:
    """The issue's example: county 360423, lung, 2025 — 80,309 person-years, not 48,020."""
    sel = normalise_selection({"site": "lung"}, MV.years_of(demo_db, "360400"))
    dense = county_series(demo_db, "360400", "360423", sel, 16).table
    sparse = county_series(sparse_db, "360400", "360423", sel, 16).table
    pd.testing.assert_frame_equal(sparse, dense)
    from dashboard.queries.registry import county_rates, with_period

    pooled = county_rates(demo_db, "360400", with_period(sel, (2025, 2025)), 16).counties.set_index("area")
    assert dense.set_index("year").at[2025, "person_years"] == pytest.approx(
        pooled.at["360423", "person_years"]
    )


@pytest.mark.parametrize("area", AREAS)
def test_county_profiles_and_their_csv_equal(demo_db: Database, sparse_db: Database, area: str) -> None:
    for county in MV.layer_features(area)[0]:
        for lang in ("zh", "en"):
            kw = {"lang": lang, "suppress_below": 16, "small_cell_limit": 5}
            sel_d = CV.parse_selection(demo_db, area, county)
            sel_s = CV.parse_selection(sparse_db, area, county)
            assert plain(CV.county_page(sparse_db, sel_s, **kw)) == plain(
                CV.county_page(demo_db, sel_d, **kw)
            )
            assert CV.csv_file(sparse_db, sel_s, **kw) == CV.csv_file(demo_db, sel_d, **kw)


@pytest.mark.parametrize("area", AREAS)
def test_overview_targets_screening_and_deck_equal(demo_db: Database, sparse_db: Database, area: str) -> None:
    from pptx import Presentation

    for lang in ("zh", "en"):
        assert plain(OV.overview(sparse_db, area, lang=lang, as_of=AS_OF)) == plain(
            OV.overview(demo_db, area, lang=lang, as_of=AS_OF)
        )
        kw = {"lang": lang, "as_of": AS_OF, "small_cell_limit": 5, "suppress_below": 16}
        td, ts = TV.load(demo_db, area, **kw), TV.load(sparse_db, area, **kw)
        sel = TV.parse_selection(td, indicator=None)
        assert plain(TV.scorecard(ts, sel)) == plain(TV.scorecard(td, sel))
        assert plain(TV.county_csv(ts, sel)) == plain(TV.county_csv(td, sel))
        kw = {"lang": lang, "small_cell_limit": 5, "suppress_below": 16}
        sd, ss = SV.load(demo_db, area, **kw), SV.load(sparse_db, area, **kw)
        ssel = SV.selection_from_query(sd)
        assert SV.csv_file(ss, ssel) == SV.csv_file(sd, ssel)

        def deck_text(db: Database, lang: str = lang) -> list[str]:
            data, _ = plan_deck(db, area, lang=lang, as_of=AS_OF)
            prs = Presentation(io.BytesIO(data))
            return [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]

        assert deck_text(sparse_db) == deck_text(demo_db)
