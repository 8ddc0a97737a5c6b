"""Prepare the database: schema, reference tables, plans and (first run) demo data.

Safe to call from every gunicorn worker: a file lock makes one process do the
work while the others wait, and every step checks what is already there.

Command line: ``python -m dashboard bootstrap [--rebuild]``.
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
from sqlalchemy import bindparam, delete, update

from dashboard.catalogue.sites import SITES
from dashboard.infra import db as schema
from dashboard.infra.config import PROJECT_ROOT, Settings
from dashboard.infra.db import Database
from dashboard.ingest.importer import load_frames
from dashboard.plans import Plan, PlanFileError, legend_json, load_plans

log = logging.getLogger(__name__)

AREAS_CSV = PROJECT_ROOT / "geodata" / "areas.csv"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a")  # noqa: SIM115 - closed below
    except OSError:  # a read-only install: lock in the temporary folder instead
        import hashlib
        import tempfile

        tag = hashlib.sha1(str(path).encode()).hexdigest()[:12]
        fh = open(Path(tempfile.gettempdir()) / f"cancer-dashboard-{tag}.lock", "a")  # noqa: SIM115
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_areas_csv(path: Path = AREAS_CSV) -> pd.DataFrame:
    """The areas table from ``geodata/areas.csv``: every county, prefecture and province of China."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def _missing_areas(db: Database, plans: list[Plan]) -> pd.DataFrame:
    """Rows of ``geodata/areas.csv`` to add: all of them to an empty table; else the subtree
    (and parents) of each plan area the table lacks, e.g. a province whose plan file is new.

    A table that already holds a plan area is left as it is: it may be the deployment's own
    (imported) areas table.
    """
    df = read_areas_csv()
    known = set(db.read("SELECT adcode FROM areas")["adcode"])
    if not known:
        return df
    wanted: set[str] = set()
    for p in plans:
        if p.area in known:
            continue
        children = set(df.loc[df["parent_adcode"] == p.area, "adcode"])
        grand = set(df.loc[df["parent_adcode"].isin(children), "adcode"])
        parents = set(df.loc[df["adcode"] == p.area, "parent_adcode"].dropna())
        wanted |= {p.area} | children | grand | parents
    return df[df["adcode"].isin(wanted) & ~df["adcode"].isin(known)].reset_index(drop=True)


def plan_group_rows(plans: list[Plan], areas: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """County adcode → (group zh, group en) from the plans' ``groups``.

    A province plan without groups is grouped by prefecture. A plan naming a
    county outside its area is an error naming the file and the county.
    """
    by_parent = areas.groupby("parent_adcode")["adcode"].apply(set).to_dict()
    csv_codes = set(read_areas_csv()["adcode"])
    names = areas.set_index("adcode")[["name_zh", "name_en", "level"]].to_dict("index")
    out: dict[str, tuple[str, str]] = {}
    for p in plans:
        level = names.get(p.area, {}).get("level")
        children = by_parent.get(p.area, set())
        under = {c for c in children if names[c]["level"] == "county"}
        for child in children:
            under |= {c for c in by_parent.get(child, set()) if names[c]["level"] == "county"}
        if p.groups:
            for g in p.groups:
                unknown = sorted(c for c in g.counties if c not in names and c not in csv_codes)
                outside = sorted(c for c in g.counties if c in names and c not in under)
                if unknown or outside:
                    raise PlanFileError(
                        f"{p.source_file}: group {g.name_zh!r} names counties that are not counties of "
                        f"area {p.area}: " + ", ".join(unknown + outside)
                    )
                out.update({c: (g.name_zh, g.name_en) for c in g.counties if c in under})
        elif level == "province":
            for pref in sorted(children):
                if names[pref]["level"] != "city":
                    continue
                for c in by_parent.get(pref, set()):
                    out.setdefault(c, (names[pref]["name_zh"], names[pref]["name_en"]))
    return out


def load_reference(db: Database, plans_dir: str | Path | None = None) -> list[Plan]:
    """Sites, areas (every county of China) and the plan files (always reloaded).

    Plan areas and their counties come from the plans in ``plans_dir`` (the
    ``PLANS_DIR`` setting): nothing here names an area. Returns the plans.
    """
    if db.count(schema.sites) == 0:
        rows = [
            {"site": s.site, "icd10": s.icd10, "name_zh": s.name_zh, "name_en": s.name_en,
             "sex_specific": s.sex_specific, "sort_order": i}
            for i, s in enumerate(SITES)
        ]  # fmt: skip
        with db.engine.begin() as conn:
            conn.execute(schema.sites.insert(), rows)
    plans = load_plans(plans_dir)
    missing = _missing_areas(db, plans)
    if not missing.empty:
        load_frames(db, {"areas": missing})
    areas = db.read("SELECT adcode, parent_adcode, level, name_zh, name_en FROM areas")
    known = set(areas["adcode"])
    for p in plans:
        if p.area not in known:
            raise PlanFileError(f"{p.source_file}: area {p.area} is not in the areas table")
    groups = plan_group_rows(plans, areas)
    plan_rows = [
        {"plan_id": p.plan_id, "area": p.area, "name_zh": p.name_zh, "name_en": p.name_en,
         "start_year": p.start_year, "end_year": p.end_year, "document": p.document,
         "source_file": p.source_file, "short_name_zh": p.short_name_zh, "short_name_en": p.short_name_en,
         "legends": legend_json(p)}
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
    if _plans_unchanged(db, plan_rows, target_rows, groups):
        return plans  # nothing to write: a read-only database or account can serve
    a = schema.areas
    with db.engine.begin() as conn:  # plans and their groups are replaced together, never half
        conn.execute(delete(schema.targets))
        conn.execute(delete(schema.plans))
        conn.execute(schema.plans.insert(), plan_rows)
        conn.execute(schema.targets.insert(), target_rows)
        if groups:
            conn.execute(
                update(a).where(a.c.adcode == bindparam("code")),
                [{"code": c, "region_group": zh, "region_group_en": en} for c, (zh, en) in groups.items()],
            )
        schema.bump_data_version(conn)
    return plans


def _rows(db: Database, table: str, key: list[str]) -> list[dict[str, object]]:
    df = db.read(f"SELECT * FROM {table}").sort_values(key)
    return [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


def _same(have: list[dict[str, object]], want: list[dict[str, object]], key: list[str]) -> bool:
    def norm(rows: list[dict[str, object]]) -> list[tuple[tuple[str, str], ...]]:
        out = [tuple(sorted((k, repr(_plain(v))) for k, v in r.items())) for r in rows]
        return sorted(out)

    return norm(have) == norm(want)


def _plain(v: object) -> object:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if hasattr(v, "item"):  # numpy scalars
        return _plain(v.item())  # type: ignore[attr-defined]
    return v


def _plans_unchanged(db: Database, plan_rows: list[dict[str, object]], target_rows: list[dict[str, object]],
                     groups: dict[str, tuple[str, str]]) -> bool:  # fmt: skip
    """Whether the database already holds exactly these plans, targets and groups."""
    if not _same(_rows(db, "plans", ["plan_id"]), plan_rows, ["plan_id"]):
        return False
    if not _same(_rows(db, "targets", ["plan_id", "target_id"]), target_rows, ["plan_id", "target_id"]):
        return False
    if not groups:
        return True
    have = db.read("SELECT adcode, region_group, region_group_en FROM areas WHERE region_group IS NOT NULL")
    have_map = {r.adcode: (r.region_group, r.region_group_en) for r in have.itertuples()}
    return all(have_map.get(c) == g for c, g in groups.items())


def load_demo(db: Database, seed: int, plans: list[Plan] | None = None) -> dict[str, int]:
    """Generate and load the demonstration data (all-or-nothing) for plans with a ``demo:`` block."""
    from dashboard.demo.generator import generate

    areas = db.read("SELECT * FROM areas")
    tables = generate(areas, seed=seed, plans=plans)
    return load_frames(db, tables, replace=True)


def prepare_database(settings: Settings, *, rebuild: bool = False) -> Database:
    """Make the database ready to serve; build demo data on the first run."""
    db = Database(settings.database_url)
    lock = Path(settings.cache_dir).parent / "bootstrap.lock"
    with _file_lock(lock):
        if rebuild:
            db.drop_schema()
        db.create_schema()
        plans = load_reference(db, settings.plans_dir)
        with_demo = [p for p in plans if p.demo is not None]
        if settings.demo_data and with_demo and db.count(schema.registry_counts) == 0:
            t0 = time.perf_counter()
            written = load_demo(db, settings.demo_seed, with_demo)
            log.warning(
                "demonstration data built in %.1f s: %s",
                time.perf_counter() - t0,
                ", ".join(f"{k} {v}" for k, v in written.items()),
            )
        if db.count(schema.registry_counts):
            from dashboard.publish.warm import warm_patterns

            warm_patterns(db, settings.small_cell_limit)  # stored: a later start finds them
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
