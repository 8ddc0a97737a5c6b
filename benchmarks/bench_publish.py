"""Benchmark of the publication layer's suppression pattern (prints figures; not a test).

Usage::

    .venv/bin/python benchmarks/bench_publish.py [--database URL] [--area 500000 ...] [--audit]

For each plan area (default: every plan area of the database; the demo
database is built by ``python -m dashboard bootstrap``): the registry universe (county ×
period × sex × site × measure), how many cells are primary (1–SMALL_CELL_LIMIT), secondary and
hidden in all, the narrowest certified range and the time to decide the pattern. Target:
under 10 s per area (it runs once per data version, when data is published, not per request);
every hidden cell certified to keep at least 5 whole values. ``--audit`` adds the
linear-programming audit of every hidden cell (:mod:`dashboard.publish.audit`) as a check.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.infra.config import Settings  # noqa: E402
from dashboard.infra.db import Database  # noqa: E402
from dashboard.publish.audit import audit  # noqa: E402
from dashboard.publish.registry import build_cells, protect_universe, universe  # noqa: E402
from dashboard.queries.areas import plan_area_codes  # noqa: E402

TARGET_S = 10.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database", default=None, help="database URL (default: the settings' DATABASE_URL)")
    ap.add_argument("--area", nargs="*", default=None, help="plan area adcodes (default: those with data)")
    ap.add_argument("--limit", type=int, default=5)
    ap.add_argument("--audit", action="store_true", help="also audit every hidden cell by LP")
    args = ap.parse_args()
    db = Database(args.database or Settings.from_env().database_url)
    areas = args.area or list(plan_area_codes(db))
    print(f"{'area':>7} {'cells':>7} {'primary':>8} {'second.':>8} {'hidden':>7} {'%':>5} "
          f"{'narrowest':>9} {'time s':>7} target")  # fmt: skip
    for area in areas:
        t0 = time.perf_counter()
        values, _, periods, _ = universe(db, area)
        hidden, f = protect_universe(values, periods, args.limit)
        dt = time.perf_counter() - t0
        share = 100 * f["hidden"] / max(f["cells"], 1)
        ok = "ok" if dt < TARGET_S and f["uncertified"] == 0 else "MISSED"
        print(f"{area:>7} {f['cells']:>7,} {f['primary']:>8,} {f['secondary']:>8,} {f['hidden']:>7,} "
              f"{share:>5.1f} {f['narrowest']:>9.0f} {dt:>7.2f} < {TARGET_S:.0f} s {ok}")  # fmt: skip
        if args.audit:
            t1 = time.perf_counter()
            cells = build_cells(values, periods)
            a = audit(cells, hidden.ravel(), 5, floor=np.zeros(cells.n))
            print(f"        LP audit: narrowest {a.narrowest:.0f} whole values, {len(a.failing(5))} failing, "
                  f"{a.lp_solved} LPs, {time.perf_counter() - t1:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
