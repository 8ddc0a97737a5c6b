"""Loading 1,000,000 registry rows: the dry run (read + every check + quality report), the
commit of the draft batch and its publication, with peak memory (issue #12).

Run: ``python benchmarks/bench_import.py [--rows 1000000]``. It makes a copy of the demonstration
database under ``var/bench/`` with plan-area counties, writes a CSV of ``--rows`` registry rows
(and the population they need), then runs the same code as ``python -m dashboard import
--commit --publish``. Targets: checked and written in < 30 s, peak < 600 MB (ru_maxrss).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.infra.bootstrap import load_reference  # noqa: E402
from dashboard.infra.db import Database  # noqa: E402
from dashboard.ingest import batches  # noqa: E402
from dashboard.queries.areas import counties, plan_area_codes  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    bench = ROOT / "var" / "bench"
    bench.mkdir(parents=True, exist_ok=True)
    path = bench / "import.sqlite"
    path.unlink(missing_ok=True)
    db = Database(f"sqlite:///{path}")
    db.create_schema()

    load_reference(db)
    codes: list[str] = []
    for area in plan_area_codes(db):
        codes += list(counties(db, area)["adcode"])
    sites = [s for s in db.read("SELECT site FROM sites")["site"] if s != "all"]
    per_year = len(codes) * 2 * 19 * len(sites)
    years = list(range(2025 - int(np.ceil(args.rows / per_year)) + 1, 2026))
    grid = pd.MultiIndex.from_product([codes, years, ["M", "F"], range(19), sites],
                                      names=["area", "year", "sex", "age_group", "site"]).to_frame(index=False)  # fmt: skip
    grid = grid.iloc[: args.rows]
    rng = np.random.default_rng(1)
    grid["cases"] = rng.integers(0, 30, len(grid))
    grid["deaths"] = (grid["cases"] * 0.6).astype(int)
    grid["mv_cases"] = (grid["cases"] * 0.75).astype(int)
    grid["dco_cases"] = (grid["cases"] * 0.02).astype(int)
    reg_csv, pop_csv = bench / "registry_counts.csv", bench / "population.csv"
    grid.to_csv(reg_csv, index=False)
    pop = grid[["area", "year", "sex", "age_group"]].drop_duplicates().assign(person_years=50_000.0)
    pop.to_csv(pop_csv, index=False)
    del grid, pop
    files = [(str(p), p.read_bytes()) for p in (pop_csv, reg_csv)]
    t0 = time.perf_counter()
    result = batches.check(db, files)
    t1 = time.perf_counter()
    batch_id, _ = batches.commit(db, result, username="bench", accept_warnings=True)
    t2 = time.perf_counter()
    batches.publish(db, batch_id, username="bench")
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = sum(result.rows.values())
    print(f"{rows:,} rows ({result.rows}), {len(result.errors)} errors, {len(result.warnings)} warnings")
    print(f"  dry run (read + checks + quality) {t1 - t0:6.1f} s")
    print(f"  commit (draft batch)              {t2 - t1:6.1f} s")
    print(f"  publish (upsert, prior values)    {t3 - t2:6.1f} s")
    total = t3 - t0
    print(f"  {'ok ' if total < 30 else 'MISS'} checked and written: {total:.1f} s (target < 30 s)")
    print(f"  {'ok ' if peak < 600 else 'MISS'} peak memory: {peak:.0f} MB (target < 600 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
