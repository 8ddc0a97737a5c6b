"""Benchmark of dashboard.epi.rates_by_group (prints figures; not a test).

Usage::

    .venv/bin/python benchmarks/bench_epi.py [--scale demo|national|both] [--seed N]

- demo: ~51 counties x 11 years x 2 sexes x 10 sites x 19 age groups (213,180 cells),
  area names as strings, grouped by [area, year, sex, site]. Target: well under 1 s.
- national: 2,875 counties x 20 years x 2 sexes x 25 sites x 19 age groups
  (54,625,000 cells) with integer/narrow dtypes, grouped the same way. Target: under 60 s
  and 8 GB peak memory.

Peak memory is the process's maximum resident set size (``resource.getrusage``), which
includes the synthetic table itself; it is printed before and after each call.
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.epi import rates_by_group  # noqa: E402

BY = ["area", "year", "sex", "site"]


def peak_rss_gb() -> float:
    """Peak resident set size of this process so far, in GB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def synthetic_table(
    n_areas: int, n_years: int, n_sexes: int, n_sites: int, seed: int, string_areas: bool
) -> pd.DataFrame:
    """A complete long table (area, year, sex, site, age_group, cases, person_years).

    Built with NumPy broadcasting: population depends on area x year x sex x age; cases are
    Poisson with an age- and site-dependent rate. Narrow dtypes keep 55 M rows small.
    """
    rng = np.random.default_rng(seed)
    n_age = 19
    shape = (n_areas, n_years, n_sexes, n_sites, n_age)
    n = int(np.prod(shape))

    def key(axis: int, dtype: type) -> np.ndarray:
        inner = int(np.prod(shape[axis + 1 :]))
        outer = int(np.prod(shape[:axis]))
        return np.tile(np.repeat(np.arange(shape[axis], dtype=dtype), inner), outer)

    # person-years per area x year x sex x age (the same for every site)
    area_size = rng.lognormal(np.log(3e5), 0.8, n_areas).astype(np.float32)
    age_share = np.linspace(1.2, 0.2, n_age, dtype=np.float32)
    age_share /= age_share.sum()
    pop = (
        area_size[:, None, None, None]
        * np.linspace(1.0, 1.1, n_years, dtype=np.float32)[None, :, None, None]
        * np.float32(0.5)
        * age_share[None, None, None, :]
        * np.ones((1, 1, n_sexes, 1), dtype=np.float32)
    )  # (areas, years, sexes, ages)
    # incidence per person-year by site x age: rises steeply with age
    age_curve = np.exp(np.linspace(-4.0, 2.5, n_age)) * 1e-4
    site_mult = rng.uniform(0.3, 4.0, n_sites)
    rate = (site_mult[:, None] * age_curve[None, :]).astype(np.float32)  # (sites, ages)
    py = np.broadcast_to(pop[:, :, :, None, :], shape).reshape(-1)
    lam = (pop[:, :, :, None, :] * rate[None, None, None, :, :]).reshape(-1)
    cases = rng.poisson(lam).astype(np.int32)
    del lam

    areas = key(0, np.int16)
    data = {
        "area": areas,
        "year": (key(1, np.int16) + np.int16(2000)),
        "sex": key(2, np.int8) + np.int8(1),
        "site": key(3, np.int8),
        "age_group": key(4, np.int8),
        "cases": cases,
        "person_years": np.ascontiguousarray(py, dtype=np.float32),
    }
    df = pd.DataFrame(data, copy=False)
    if string_areas:
        names = np.array([f"county_{i:04d}" for i in range(n_areas)], dtype=object)
        df["area"] = pd.array(names[areas], dtype="str")
    assert len(df) == n
    return df


def run(label: str, dims: tuple[int, int, int, int], seed: int, string_areas: bool, repeats: int) -> None:
    """Generate one table, time rates_by_group on it, print the figures."""
    t0 = time.perf_counter()
    df = synthetic_table(*dims, seed=seed, string_areas=string_areas)
    gen = time.perf_counter() - t0
    mem_table = df.memory_usage(deep=string_areas).sum() / 1024**3
    print(
        f"[{label}] {len(df):,} cells ({' x '.join(map(str, dims))} x 19 ages), "
        f"table {mem_table:.2f} GB, generated in {gen:.2f} s, "
        f"peak RSS so far {peak_rss_gb():.2f} GB"
    )
    for suppress_below in (16, 0):
        times = []
        out = None
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = rates_by_group(df, BY, suppress_below=suppress_below)
            times.append(time.perf_counter() - t0)
        assert out is not None
        n_sup = int(out["suppressed"].sum())
        print(
            f"[{label}] rates_by_group(by={BY}, suppress_below={suppress_below}): "
            f"{len(out):,} groups, {n_sup:,} suppressed (intervals computed for the other "
            f"{len(out) - n_sup:,}); time best {min(times):.3f} s, mean {np.mean(times):.3f} s "
            f"over {repeats} run(s); peak RSS {peak_rss_gb():.2f} GB"
        )
    shown = out.loc[~out["suppressed"], "asr"]
    print(
        f"[{label}] ASR per 100,000: median {shown.median():.2f}, max {shown.max():.2f}; "
        f"median cases per group {out['cases'].median():.0f}"
    )
    del df, out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("demo", "national", "both"), default="both")
    parser.add_argument("--seed", type=int, default=20200623)
    args = parser.parse_args(argv)
    if args.scale in ("demo", "both"):
        run("demo", (51, 11, 2, 10), args.seed, string_areas=True, repeats=5)
    if args.scale in ("national", "both"):
        run("national", (2875, 20, 2, 25), args.seed, string_areas=False, repeats=1)
    print(f"overall peak RSS {peak_rss_gb():.2f} GB")


if __name__ == "__main__":
    main()
