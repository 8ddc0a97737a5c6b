"""The demonstration generator: deterministic, valid, calibrated."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.demo.generator import generate
from dashboard.infra.bootstrap import read_areas_csv
from dashboard.infra.db import Database
from dashboard.ingest.importer import validate_frame


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return generate(read_areas_csv(), seed=7)


def test_same_seed_same_data(tables: dict[str, pd.DataFrame]) -> None:
    again = generate(read_areas_csv(), seed=7)
    for name, df in tables.items():
        pd.testing.assert_frame_equal(df, again[name])
    other = generate(read_areas_csv(), seed=8)
    assert not tables["registry_counts"]["cases"].equals(other["registry_counts"]["cases"])


def test_tables_pass_the_import_checks(tables: dict[str, pd.DataFrame]) -> None:
    for name, df in tables.items():
        validate_frame(name, df)


def test_shape_of_the_data(tables: dict[str, pd.DataFrame]) -> None:
    reg = tables["registry_counts"]
    cq = reg[reg["area"].str.startswith("50")]
    jj = reg[reg["area"].str.startswith("3604")]
    assert cq["area"].nunique() == 38 and (cq["year"].min(), cq["year"].max()) == (2015, 2025)
    assert jj["area"].nunique() == 13 and (jj["year"].min(), jj["year"].max()) == (2018, 2025)
    # "all" is the sum of the specific sites
    keys = ["area", "year", "sex", "age_group"]
    total = reg[reg["site"] == "all"].set_index(keys)["cases"].sort_index()
    parts = reg[reg["site"] != "all"].groupby(keys)["cases"].sum().sort_index()
    pd.testing.assert_series_equal(total, parts, check_names=False)
    # sex-specific sites only in their sex
    assert set(reg.loc[reg["site"].isin(["breast", "cervix"]), "sex"]) == {"F"}
    assert set(reg.loc[reg["site"] == "prostate", "sex"]) == {"M"}


def test_calibrated_to_chongqing_plan_figures(tables: dict[str, pd.DataFrame]) -> None:
    """Plan text: 292.02/10万 in 2018, about 86,000 new cases and 49,000 deaths a year.

    Tolerances: crude rate within 3%, cases within 10%, deaths within 10%.
    """
    reg, pop = tables["registry_counts"], tables["population"]
    cq18 = reg[(reg["area"].str.startswith("50")) & (reg["year"] == 2018) & (reg["site"] == "all")]
    py = pop[(pop["area"].str.startswith("50")) & (pop["year"] == 2018)]["person_years"].sum()
    crude = cq18["cases"].sum() / py * 1e5
    assert crude == pytest.approx(292.02, rel=0.03)
    assert cq18["cases"].sum() == pytest.approx(86_000, rel=0.10)
    assert cq18["deaths"].sum() == pytest.approx(49_000, rel=0.10)


def test_realistic_age_structure_and_small_counties(tables: dict[str, pd.DataFrame]) -> None:
    reg = tables["registry_counts"]
    by_age = reg[reg["site"] == "all"].groupby("age_group")["cases"].sum()
    assert by_age.loc[12:17].sum() > 0.6 * by_age.sum(), "most cancers occur at 60+"
    # suppression matters: some county x year x site cells have fewer than 16 cases
    cells = reg[reg["site"] == "cervix"].groupby(["area", "year"])["cases"].sum()
    assert (cells < 16).any() and (cells >= 16).any()


def test_indicators_move_toward_targets_at_different_speeds(tables: dict[str, pd.DataFrame]) -> None:
    obs = tables["indicator_observations"]
    aw = obs[(obs["indicator"] == "awareness") & obs["area"].str.startswith("50") & (obs["area"] != "500000")]
    latest = aw[aw["year"] == 2022].set_index("area")["value"]
    first = aw[aw["year"] == 2015].set_index("area")["value"]
    assert (latest > first).mean() > 0.8, "awareness rises almost everywhere"
    assert (latest >= 70).any() and (latest < 70).any(), "some counties meet the 70% target, some do not"


def test_demo_data_is_labelled(demo_db: Database) -> None:
    assert demo_db.meta("data_kind") == "demonstration"
