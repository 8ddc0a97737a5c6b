"""The registry universe of the publication layer on the hand-made fixture database:
every published count cell of the area (county × period × sex × site × measure, with the
sums that tie them) is protected so each hidden cell keeps at least 5 whole values."""

from __future__ import annotations

from pathlib import Path

from dashboard.publish.registry import figures_of, protect_universe, universe
from tests.fixture_data import build_fixture_db


def test_fixture_area_is_protected_with_five_values_everywhere(tmp_path: Path) -> None:
    db = build_fixture_db(f"sqlite:///{tmp_path / 'fx.sqlite'}")
    with db.engine.begin() as conn:  # one county with a few cases: small cells at every level
        conn.exec_driver_sql(
            "UPDATE registry_counts SET cases = CASE WHEN age_group = 18 THEN 2 ELSE 0 END, "
            "deaths = CASE WHEN age_group = 18 THEN 1 ELSE 0 END, "
            "mv_cases = CASE WHEN age_group = 18 THEN 1 ELSE 0 END, dco_cases = 0 "
            "WHERE area = '500101'"
        )
    values, codes, periods, areas = universe(db, "500000")
    assert areas[:3] == ("500101", "500102", "500103")
    assert "2020-2021" not in codes or periods  # periods come from the map's own menu
    small = (values >= 1) & (values <= 5)
    assert small.any()  # the fixture has counts of 1 and 2 per cell
    prot = protect_universe(values, periods, limit=5)
    figs = figures_of(prot, values.size)
    assert 0 < figs["primary"] <= int(small.sum()) <= figs["hidden"] + int(small.sum())
    assert figs["narrowest"] >= 5
    assert figs["secondary"] > 0  # one county's small counts need partners in every sum
