"""A sparse single-year map opens on the pooled period (issue 14, item 10): with no year in
the URL and most counties grey in the latest year, the map shows the latest 5 years pooled;
a year the reader asked for is kept, with a line saying where more counties are shown."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.views import map as view

SETTINGS = Settings()


@pytest.fixture(scope="module", autouse=True)
def _cached() -> Any:
    from flask import Flask

    from dashboard.infra.cache import init_cache

    server = Flask(__name__)
    init_cache(server, SETTINGS.with_(cache_type="SimpleCache"))
    with server.app_context():
        yield


def _grey(page: view.MapPage) -> int:
    return sum(1 for r in page.rows if r.get("rate") is None)


def test_sparse_latest_year_opens_on_the_pooled_period(demo_db: Database) -> None:
    years = view.years_of(demo_db, "360400")
    latest = max(years)
    asked = view.first_render(
        demo_db, SETTINGS, "360400", {"site": "stomach", "sex": "F", "year": str(latest)}, "zh"
    )
    assert asked is not None and asked.params.sel.year_from == asked.params.sel.year_to == latest
    assert _grey(asked) > len(asked.rows) / 2  # the example: most counties grey
    assert any("合并时期" in line for line in asked.summary)
    page = view.first_render(demo_db, SETTINGS, "360400", {"site": "stomach", "sex": "F"}, "en")
    assert page is not None
    assert (page.params.sel.year_from, page.params.sel.year_to) == (latest - 4, latest)
    assert _grey(page) < _grey(asked)
    assert page.controls["year"].value == f"{latest - 4}-{latest}"
    assert not any("pooled period" in line for line in page.summary)


def test_a_well_filled_year_stays_the_default(demo_db: Database) -> None:
    page = view.first_render(demo_db, SETTINGS, "500000", {}, "zh")
    assert page is not None
    latest = max(view.years_of(demo_db, "500000"))
    assert page.params.sel.year_from == page.params.sel.year_to == latest
    assert not any("合并时期" in line for line in page.summary)
