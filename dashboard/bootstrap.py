"""Prepare the database: schema, reference tables, plans and (first run) demo data.

Safe to call from every gunicorn worker: a file lock makes one process do the
work while the others wait, and every step checks what is already there.

Command line: ``python -m dashboard.bootstrap [--rebuild]``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from sqlalchemy import delete

from dashboard import db as schema
from dashboard.config import PROJECT_ROOT, Settings
from dashboard.db import Database
from dashboard.importer import load_frames
from dashboard.plans import PlanFileError, load_plans
from dashboard.sites import SITES

log = logging.getLogger(__name__)

AREAS_CSV = PROJECT_ROOT / "geodata" / "areas.csv"
#: Plan areas and their counties get loaded; the national layer only on request.
PLAN_AREAS = ("500000", "360400")


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_areas_csv(path: Path = AREAS_CSV, *, national: bool = False) -> pd.DataFrame:
    """The areas table from ``geodata/areas.csv``.

    By default only the plan areas, their parents and their counties; with
    ``national=True`` every county of China as well.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    if national:
        return df
    keep = df["adcode"].isin(PLAN_AREAS) | df["parent_adcode"].isin(PLAN_AREAS)
    parents = set(df.loc[df["adcode"].isin(PLAN_AREAS), "parent_adcode"].dropna())
    return df[keep | df["adcode"].isin(parents)].reset_index(drop=True)


def load_reference(db: Database) -> None:
    """Sites and areas (if absent), and the plan files (always reloaded)."""
    if db.count(schema.sites) == 0:
        rows = [
            {"site": s.site, "icd10": s.icd10, "name_zh": s.name_zh, "name_en": s.name_en,
             "sex_specific": s.sex_specific, "sort_order": i}
            for i, s in enumerate(SITES)
        ]  # fmt: skip
        with db.engine.begin() as conn:
            conn.execute(schema.sites.insert(), rows)
    if db.count(schema.areas) == 0:
        load_frames(db, {"areas": read_areas_csv()})
    plans = load_plans()
    known = set(db.read("SELECT adcode FROM areas")["adcode"])
    for p in plans:
        if p.area not in known:
            raise PlanFileError(f"{p.source_file}: area {p.area} is not in the areas table")
    plan_rows = [
        {"plan_id": p.plan_id, "area": p.area, "name_zh": p.name_zh, "name_en": p.name_en,
         "start_year": p.start_year, "end_year": p.end_year, "document": p.document,
         "source_file": p.source_file}
        for p in plans
    ]  # fmt: skip
    target_rows = [
        {"plan_id": p.plan_id, "target_id": t.target_id, "indicator": t.indicator,
         "comparison": t.comparison, "value": t.value, "baseline_year": t.baseline_year,
         "baseline_delta": t.baseline_delta, "deadline": t.deadline, "clause": t.clause,
         "text_zh": t.text_zh, "text_en": t.text_en, "quantified": t.quantified,
         "sort_order": t.sort_order}
        for p in plans for t in p.targets
    ]  # fmt: skip
    with db.engine.begin() as conn:  # plans are replaced together, never half
        conn.execute(delete(schema.targets))
        conn.execute(delete(schema.plans))
        conn.execute(schema.plans.insert(), plan_rows)
        conn.execute(schema.targets.insert(), target_rows)


def load_demo(db: Database, seed: int) -> dict[str, int]:
    """Generate and load the demonstration data (all-or-nothing)."""
    from dashboard.demo.generator import generate

    areas = db.read("SELECT * FROM areas")
    tables = generate(areas, seed=seed)
    return load_frames(db, tables, replace=True)


def prepare_database(settings: Settings, *, rebuild: bool = False) -> Database:
    """Make the database ready to serve; build demo data on the first run."""
    db = Database(settings.database_url)
    lock = Path(settings.cache_dir).parent / "bootstrap.lock"
    with _file_lock(lock):
        if rebuild:
            db.drop_schema()
        db.create_schema()
        load_reference(db)
        if settings.demo_data and db.count(schema.registry_counts) == 0:
            t0 = time.perf_counter()
            written = load_demo(db, settings.demo_seed)
            log.warning(
                "demonstration data built in %.1f s: %s",
                time.perf_counter() - t0,
                ", ".join(f"{k} {v}" for k, v in written.items()),
            )
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prepare the dashboard database.")
    parser.add_argument("--rebuild", action="store_true", help="drop every table and start again")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    t0 = time.perf_counter()
    db = prepare_database(Settings.from_env(), rebuild=args.rebuild)
    print(f"database ready at {db.url} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
