"""Imports are checked column by column and are all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.infra.db import Database, population, screening
from dashboard.ingest.importer import ImportValidationError, load_frames, main, validate_frame
from tests.fixture_data import build_fixture_db


@pytest.fixture()
def db(tmp_path: Path) -> Database:
    return build_fixture_db(f"sqlite:///{tmp_path / 'fx.sqlite'}")


def _screening(**over: object) -> pd.DataFrame:
    row = {
        "area": "500101",
        "year": 2021,
        "programme": "cervical",
        "eligible": 100,
        "screened": 50,
        "positive": 5,
        "detected": 2,
        "early_detected": 1,
    }
    row.update(over)
    return pd.DataFrame([row, {**row, "area": "500102"}])


@pytest.mark.parametrize(
    ("over", "column", "problem"),
    [
        ({"eligible": -3}, "eligible", "below the minimum 0"),
        ({"screened": "many"}, "screened", "not a number"),
        ({"screened": 500}, "screened", "more people screened than eligible"),
        ({"early_detected": 3}, "early_detected", "more detected early than detected"),
        ({"area": "5001"}, "area", "not a 6-digit area code"),
        ({"year": 2021.5}, "year", "not a whole number"),
    ],
)
def test_messages_name_row_column_and_problem(over: dict[str, object], column: str, problem: str) -> None:
    with pytest.raises(ImportValidationError) as exc:
        validate_frame("screening", _screening(**over))
    text = str(exc.value)
    assert f"table screening, row 1, column {column}" in text
    assert problem in text
    assert "nothing was written" in text


def test_missing_column_is_named() -> None:
    with pytest.raises(ImportValidationError, match="column positive: column is missing"):
        validate_frame("screening", _screening().drop(columns="positive"))


def test_duplicate_keys_are_refused() -> None:
    df = pd.concat([_screening().iloc[:1]] * 2)
    with pytest.raises(ImportValidationError, match="row 2, column area: duplicate row"):
        validate_frame("screening", df)


def test_a_bad_table_leaves_every_table_untouched(db: Database) -> None:
    before_pop = db.count(population)
    good_pop = pd.DataFrame({"area": ["500101"], "year": [2022], "sex": ["M"], "age_group": [3],
                             "person_years": [10.0]})  # fmt: skip
    with pytest.raises(ImportValidationError, match="unknown area code '999999'"):
        load_frames(db, {"population": good_pop, "screening": _screening(area="999999")})
    assert db.count(population) == before_pop
    assert db.count(screening) == 0


def test_a_failure_inside_the_transaction_rolls_everything_back(db: Database) -> None:
    before = db.count(population)
    # passes the frame checks, then violates the primary key already in the database
    clash = pd.DataFrame({"area": ["500101"], "year": [2020], "sex": ["M"], "age_group": [0],
                          "person_years": [1.0]})  # fmt: skip
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error
        load_frames(db, {"screening": _screening(), "population": clash})
    assert db.count(population) == before
    assert db.count(screening) == 0


def test_valid_csv_import_from_the_command_line(db: Database, tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    # issue #12: a dry run by default; --commit writes a draft batch, --publish publishes it
    csv = tmp_path / "screening.csv"
    _screening().to_csv(csv, index=False)
    monkeypatch.setenv("DATABASE_URL", db.url)
    assert main([str(csv), "--lang", "en"]) == 0
    assert "Check passed: screening 2 rows. Nothing written yet" in capsys.readouterr().out
    assert db.count(screening) == 0
    assert main([str(csv), "--commit", "--publish", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "screening 2 rows" in out and "published" in out
    assert db.count(screening) == 2
    bad = tmp_path / "bad" / "screening.csv"
    bad.parent.mkdir()
    _screening(area="500103", detected=9).to_csv(bad, index=False)
    assert main([str(bad), "--commit", "--lang", "en"]) == 1
    assert "more detected than positives" in capsys.readouterr().err
    assert main([str(bad), "--replace"]) == 2, "--replace no longer exists"
    assert db.count(screening) == 2, "a refused import changes nothing"
