"""Schema and queries on a small fixture database (SQLite; PostgreSQL when available)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import inspect

from dashboard.infra.db import TABLE_ORDER, Database
from dashboard.queries.areas import counties, plan_targets, plans, population_totals
from dashboard.queries.registry import site_cube
from tests.fixture_data import build_fixture_db


def _check_queries(db: Database) -> None:
    c = counties(db, "500000")
    assert list(c["adcode"]) == ["500101", "500102", "500103"]
    assert list(c.columns) == ["adcode", "name_zh", "name_en", "region_group", "region_group_en", "urban"]
    pop = population_totals(db, "500000")
    assert list(pop["year"].unique()) == [2021], "latest year by default"
    assert dict(zip(pop["area"], pop["person_years"], strict=True)) == {
        "500101": 1000 * 38,
        "500102": 2000 * 38,
        "500103": 500 * 38,
    }
    assert set(plans(db)["plan_id"]) == {"chongqing-2020-2022", "jiujiang-2025-2027"}
    tg = plan_targets(db, "chongqing-2020-2022")
    assert len(tg) == 7 and tg["sort_order"].is_monotonic_increasing
    # the map's count cube packs each cell into one integer key (needs 64-bit on PostgreSQL)
    cube = site_cube(db, "500000", "lung")
    assert cube.areas == ("500101", "500102", "500103") and cube.years == (2020, 2021)
    # fixture: lung cases = k for ages 60+ (7 groups) per county, year and sex, k = 1, 2, 0
    assert cube.counts[0].sum(axis=(0, 1, 3)).tolist() == [2 * 2 * 7 * 1, 2 * 2 * 7 * 2, 0]


def test_schema_and_queries_on_sqlite(tmp_path: Path) -> None:
    db = build_fixture_db(f"sqlite:///{tmp_path / 'fx.sqlite'}")
    assert set(TABLE_ORDER) <= set(inspect(db.engine).get_table_names())
    _check_queries(db)


def test_counties_never_joined_by_name(tmp_path: Path) -> None:
    """江北区 exists in Chongqing and in Ningbo: areas are keyed by adcode only."""
    db = build_fixture_db(f"sqlite:///{tmp_path / 'fx.sqlite'}")
    assert counties(db, "330200").empty


@pytest.mark.postgres
def test_same_schema_and_queries_on_postgresql() -> None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(
                "TEST_POSTGRES_URL is not set in CI: scripts/test_services.sh should start PostgreSQL"
            )
        pytest.skip("no PostgreSQL server (TEST_POSTGRES_URL)")
    db = Database(url)
    db.drop_schema()
    db = build_fixture_db(url)
    try:
        assert set(TABLE_ORDER) <= set(inspect(db.engine).get_table_names())
        _check_queries(db)
    finally:
        db.drop_schema()
