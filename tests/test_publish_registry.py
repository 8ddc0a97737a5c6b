"""The registry universe of the publication layer on the hand-made fixture database and
the demo areas: every hidden cell keeps at least 5 whole values (the engine's certificate,
checked again by a linear-programming audit of the same sums)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dashboard.publish.registry import protect_universe, universe
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
    small = (values >= 1) & (values <= 5)
    assert small.any()
    hidden, figs = protect_universe(values, periods, limit=5)
    assert hidden[:2][small[:2]].all()  # every small count of cases and deaths is hidden
    assert figs["secondary"] > 0  # one county's small counts need partners in every sum
    assert figs["narrowest"] >= 5 and figs["uncertified"] == 0


def test_demo_areas_are_certified(demo_db) -> None:  # noqa: ANN001
    for region in ("500000", "360400"):
        values, _, periods, _ = universe(demo_db, region)
        hidden, figs = protect_universe(values, periods, limit=5)
        assert figs["uncertified"] == 0 and figs["narrowest"] >= 5
        assert figs["hidden"] < 0.25 * figs["cells"]  # protection without hiding the map
        assert not hidden[:2, 0, :, 2, -1].any()  # the area's all-sites both-sexes counts stay shown
        assert np.isfinite(figs["narrowest"])
