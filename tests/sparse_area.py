"""A SPARSE SYNTHETIC prefecture for the disclosure attack: 湘西土家族苗族自治州 (433100, 8
counties), test-only plan ``tests/data/disclosure_plans``.

Most county × site × year × sex cells have 1 to 5 cases (some none), screening runs with a
handful of positives and detections, indicator numerators of 1 to 5: the hardest case for
small-cell protection. Made by a seeded generator here (labelled synthetic in the
indicator rows' source), written as CSV files and loaded through the importer's command
line into a database of its own, so the rest of the suite never sees it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.catalogue.sites import SITES
from dashboard.infra.bootstrap import prepare_database
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from tests.area_data import import_csvs

ROOT = Path(__file__).resolve().parent.parent
PLANS_DIR = ROOT / "tests" / "data" / "disclosure_plans"
AREA = "433100"
COUNTIES = ("433101", "433122", "433123", "433124", "433125", "433126", "433127", "433130")
YEARS = range(2021, 2026)
PROGRAMMES = ("cervical", "breast", "lung")
SOURCE = "合成数据 synthetic (disclosure test)"


def tables(seed: int = 433) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    pop, reg, scr, ind = [], [], [], []
    for c in COUNTIES:
        size = rng.uniform(1500, 4000)
        for y in YEARS:
            for sex in ("M", "F"):
                for a in range(19):
                    pop.append((c, y, sex, a, round(size * (1.2 - a / 30))))
                total = np.zeros((4, 19), int)
                for s in SITES:
                    if s.site == "all" or (s.sex_specific and s.sex_specific != sex):
                        continue
                    cases = int(rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6]))
                    counts = np.zeros((4, 19), int)
                    for _ in range(cases):
                        age = int(rng.integers(9, 19))
                        counts[0, age] += 1
                        counts[1, age] += int(rng.random() < 0.6)  # deaths
                        mv = rng.random() < 0.7
                        counts[2, age] += int(mv)
                        counts[3, age] += int(not mv and rng.random() < 0.1)
                    total += counts
                    for a in range(19):
                        reg.append((c, y, sex, a, s.site, *counts[:, a]))
                for a in range(19):
                    reg.append((c, y, sex, a, "all", *total[:, a]))
            for p in PROGRAMMES:
                if rng.random() < 0.15:
                    continue  # this county did not run the programme this year
                eligible = int(rng.integers(20, 200))
                screened = int(rng.integers(0, eligible + 1)) if rng.random() > 0.1 else 0
                positive = min(screened, int(rng.integers(0, 7)))
                detected = min(positive, int(rng.integers(0, 4)))
                early = min(detected, int(rng.integers(0, 3)))
                scr.append((c, y, p, eligible, screened, positive, detected, early))
            for key in ("referral_out", "mdt_first_visit"):
                den = int(rng.integers(3, 15))
                ind.append((c, y, key, int(rng.integers(0, min(den, 5) + 1)), den, SOURCE))
    return {
        "population": pd.DataFrame(pop, columns=["area", "year", "sex", "age_group", "person_years"]),
        "registry_counts": pd.DataFrame(reg, columns=["area", "year", "sex", "age_group", "site", "cases", "deaths",
                                                      "mv_cases", "dco_cases"]),
        "screening": pd.DataFrame(scr, columns=["area", "year", "programme", "eligible", "screened", "positive",
                                                "detected", "early_detected"]),
        "indicator_observations": pd.DataFrame(ind, columns=["area", "year", "indicator", "numerator",
                                                             "denominator", "source"]),
    }  # fmt: skip


def build_sparse_db(root: Path) -> tuple[Settings, Database, subprocess.CompletedProcess[str]]:
    """The sparse area's own database: reference tables and plan, then the CSVs through the CLI."""
    settings = Settings().with_(
        database_url=f"sqlite:///{root / 'sparse.sqlite'}",
        cache_dir=str(root / "cache"),
        cache_type="FileSystemCache",
        plans_dir=str(PLANS_DIR),
        demo_data=False,
    )
    db = prepare_database(settings)
    out = root / "csv"
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, df in tables().items():
        files.append(out / f"{name}.csv")
        df.to_csv(files[-1], index=False)
    return settings, db, import_csvs(settings, files)
