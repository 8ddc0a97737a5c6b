"""Suppression patterns are decided once per data version and stored with the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.infra import db as schema
from dashboard.publish import registry, store
from dashboard.publish.warm import warm_patterns
from tests.fixture_data import build_fixture_db


def test_a_pattern_is_stored_once_per_data_version_and_old_ones_go(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    db = build_fixture_db(f"sqlite:///{tmp_path / 'fx.sqlite'}")
    seconds = warm_patterns(db, 5)
    assert "500000" in seconds
    rows = db.read("SELECT kind, area, data_version, figures FROM published_patterns")
    assert set(rows["area"]) >= {"500000"} and set(rows["data_version"]) == {db.data_version()}
    assert '"narrowest"' in rows["figures"].iloc[0]

    def boom() -> None:
        raise AssertionError("decided again although stored")

    got = store.stored(db, "registry", "500000", 5, boom)  # type: ignore[arg-type]
    assert isinstance(got, registry.RegistryPattern)
    with db.engine.begin() as conn:  # a new data version (as a publish does): decided anew, old rows removed
        schema.bump_data_version(conn)
    warm_patterns(db, 5)
    assert set(db.read("SELECT data_version FROM published_patterns")["data_version"]) == {db.data_version()}
    with pytest.raises(AssertionError):
        store.stored(db, "registry", "500000", 9, boom)  # another limit is another pattern


def test_a_database_without_the_table_still_serves(tmp_path: Path) -> None:
    db = build_fixture_db(f"sqlite:///{tmp_path / 'fx.sqlite'}")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE published_patterns")
    pattern, _ = registry.decide_pattern(db, "500000", 5)
    got = store.stored(db, "registry", "500000", 5, lambda: registry.decide_pattern(db, "500000", 5))
    assert (got.hidden == pattern.hidden).all()
