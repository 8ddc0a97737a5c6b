"""Small imported data sets for the TEST-ONLY plans in ``tests/data/plans``.

The tables are SYNTHETIC (made by the demonstration generator with a shape given
here, not in the plan files) and reach the database the way a city's own data
would: as CSV files through the importer's command line. One area (130100) loads
nothing, to show the "no data yet" states.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from dashboard.demo.generator import generate
from dashboard.infra.bootstrap import prepare_database, read_areas_csv
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.plans import DemoSpec, load_plans

ROOT = Path(__file__).resolve().parent.parent
PLANS_DIR = ROOT / "tests" / "data" / "plans"
#: area → (first year, last year, population in millions, established programme)
SHAPES = {"430100": (2021, 2025, 10.0, False), "510000": (2023, 2025, 83.7, True)}
#: Sites kept in the imported files (a registry may report a few sites only).
SITES = ("all", "lung", "stomach", "breast", "cervix", "liver")
EMPTY_AREA = "130100"


def area_settings(root: Path) -> Settings:
    return Settings().with_(
        database_url=f"sqlite:///{root / 'areas.sqlite'}",
        cache_dir=str(root / "cache"),
        cache_type="FileSystemCache",
        plans_dir=str(PLANS_DIR),
        demo_data=False,
    )


def write_csvs(out: Path, seed: int = 11) -> list[Path]:
    """The tables for the areas in SHAPES, as CSV files named after their tables."""
    plans = [
        replace(p, demo=DemoSpec(s[0], s[1], s[2], 0.0, 280.0, 0.6, s[3]))
        for p in load_plans(PLANS_DIR)
        if (s := SHAPES.get(p.area))
    ]
    tables = generate(read_areas_csv(), seed=seed, plans=plans)
    tables["registry_counts"] = tables["registry_counts"][tables["registry_counts"]["site"].isin(SITES)]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ("population", "registry_counts", "screening", "indicator_observations", "meta_info"):
        path = out / f"{name}.csv"
        tables[name].to_csv(path, index=False)
        paths.append(path)
    return paths


def build_area_db(root: Path) -> tuple[Settings, Database, subprocess.CompletedProcess[str]]:
    """A database for the test plans: reference tables, then the CSVs through the importer CLI."""
    settings = area_settings(root)
    db = prepare_database(settings)
    return settings, db, import_csvs(settings, write_csvs(root / "csv"))


def import_csvs(settings: Settings, files: list[Path]) -> subprocess.CompletedProcess[str]:
    """Load and publish CSV files through the importer's command line, as a data owner would."""
    env = {**os.environ, "DATABASE_URL": settings.database_url, "PLANS_DIR": settings.plans_dir}
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "import", *map(str, files), "--commit", "--publish", "--accept-warnings"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
