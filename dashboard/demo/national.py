"""National scale dataset: synthetic registry data for all 2,875 county-level units.

Made on demand (never on the first run) to exercise the map at national scale::

    python -m dashboard.demo.national --db var/national.sqlite
    DATABASE_URL=sqlite:///var/national.sqlite python app.py     # then open /map?area=china

It writes a *separate* SQLite database with the full schema: every area of
``geodata/areas.csv`` (``read_areas_csv()``), the sites, population and
registry counts for a few years and sites (default 2021-2025; all sites, lung,
colorectum, stomach, liver, female breast), and ``meta_info`` saying it is
demonstration data. The plan files are loaded by the app's usual bootstrap. Screening
and indicator tables stay empty: this dataset is for the incidence and mortality map.

Everything is SYNTHETIC (示例数据), vectorised with NumPy and seeded: the same seed gives
the same database. It takes a few seconds (about 3 million registry rows). Two covering
indexes for the map's queries (site/year first) are created as well.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.catalogue.sites import SITE_BY_KEY, SITES
from dashboard.demo.generator import _AGE_SHARE, _MI, _RATE_F, _RATE_M, _SITE_SHARE
from dashboard.epi.standards import AGE_GROUPS
from dashboard.infra.bootstrap import read_areas_csv
from dashboard.infra.db import Database

N_AGE = len(AGE_GROUPS)
DEFAULT_YEARS = (2021, 2025)
DEFAULT_SITES = ("lung", "colorectum", "stomach", "liver", "breast")
#: China's resident population (about 1.41 billion) spread over the counties.
TOTAL_POPULATION = 1.41e9
#: Indexes that let the map read one site and period without scanning the tables.
INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_registry_counts_site_year ON registry_counts "
    "(site, year, sex, area, age_group, cases, deaths, mv_cases, dco_cases)",
    "CREATE INDEX IF NOT EXISTS ix_population_year ON population (year, sex, area, age_group, person_years)",
)


def _counties(areas: pd.DataFrame) -> pd.DataFrame:
    return areas[areas["level"] == "county"].sort_values("adcode").reset_index(drop=True)


def generate_national(
    areas: pd.DataFrame,
    *,
    years: tuple[int, int] = DEFAULT_YEARS,
    sites: tuple[str, ...] = DEFAULT_SITES,
    seed: int = 20240601,
) -> dict[str, pd.DataFrame]:
    """Population and registry counts for every county of ``areas`` (vectorised).

    Returns frames ``population`` (area, year, sex, age_group, person_years) and
    ``registry_counts`` (area, year, sex, age_group, site, cases, deaths, mv_cases,
    dco_cases) with the site ``"all"`` (all cancers, including those not listed) and each
    of ``sites``; sex-specific sites only for their sex.
    """
    rng = np.random.default_rng(seed)
    cty = _counties(areas)
    codes = cty["adcode"].to_numpy()
    n = len(codes)
    urban = cty["urban"].astype(str).str.lower().eq("true").to_numpy()
    yrs = np.arange(years[0], years[1] + 1)
    ny = len(yrs)

    # county sizes: lognormal around the national mean, urban districts larger
    size = rng.lognormal(np.where(urban, 0.15, 0.0), 0.75, n)
    size = size / size.sum() * TOTAL_POPULATION
    growth = np.where(urban, 0.006, -0.004) + rng.normal(0, 0.002, n)
    base = _AGE_SHARE / _AGE_SHARE.sum()
    old = np.arange(N_AGE) >= 12
    shape = base[None, :] * np.where(old[None, :], np.where(urban, 1.0, 1.25)[:, None], 1.0)
    shape = shape / shape.sum(axis=1, keepdims=True)  # (n, A)
    ageing = np.where(old, 1.012, 0.996) ** np.arange(ny)[:, None]  # (Y, A)
    struct = shape[:, None, :] * ageing[None, :, :]
    struct = struct / struct.sum(axis=2, keepdims=True)  # (n, Y, A)
    total = size[:, None] * (1 + growth[:, None]) ** np.arange(ny)[None, :]  # (n, Y)
    sex_share = np.array([0.511, 0.489])
    py = np.round(total[:, :, None, None] * sex_share[None, None, :, None]
                  * struct[:, :, None, :])  # fmt: skip  # (n, Y, S, A)

    # area effects: province (first two digits) and county, log-normal
    prov = np.array([c[:2] for c in codes])
    _, prov_idx = np.unique(prov, return_inverse=True)
    prov_eff = rng.lognormal(0, 0.18, prov_idx.max() + 1)[prov_idx]
    county_eff = prov_eff * rng.lognormal(0, 0.12, n)
    poor = rng.random(n) < 0.1  # registries with poor quality

    rates = np.stack([_RATE_M, _RATE_F]) / 1e5  # (S, A) per person-year
    frames: list[pd.DataFrame] = []
    all_cases = np.zeros_like(py)
    all_deaths = np.zeros_like(py)
    all_mv = np.zeros_like(py)
    all_dco = np.zeros_like(py)
    idx = np.indices(py.shape).reshape(4, -1)  # county, year, sex, age of each cell

    def counts(expected: np.ndarray, mi: float) -> tuple[np.ndarray, ...]:
        c = rng.poisson(expected)
        d = rng.poisson(expected * mi * np.where(poor, 0.55, 1.0)[:, None, None, None])
        mv_p = np.clip(np.where(poor, 0.52, 0.72)[:, None, None, None]
                       + rng.normal(0, 0.03, c.shape), 0.3, 0.95)  # fmt: skip
        mv = rng.binomial(c, mv_p)
        dco = rng.binomial(c - mv, np.where(poor, 0.12, 0.02)[:, None, None, None])
        return c, d, mv, dco

    def frame(site: str, c: np.ndarray, d: np.ndarray, mv: np.ndarray, dco: np.ndarray,
              sex_keep: np.ndarray) -> pd.DataFrame:  # fmt: skip
        keep = sex_keep[idx[2]]
        return pd.DataFrame({
            "area": codes[idx[0][keep]], "year": yrs[idx[1][keep]],
            "sex": np.array(["M", "F"])[idx[2][keep]], "age_group": idx[3][keep],
            "site": site, "cases": c.ravel()[keep], "deaths": d.ravel()[keep],
            "mv_cases": mv.ravel()[keep], "dco_cases": dco.ravel()[keep],
        })  # fmt: skip

    listed_share = np.zeros(2)
    for site in sites:
        share = np.array(_SITE_SHARE[site])
        listed_share += share
        eff = county_eff * rng.lognormal(0, 0.15, n)
        expected = py * rates[None, None, :, :] * share[None, None, :, None] * eff[:, None, None, None]
        c, d, mv, dco = counts(expected, _MI[site])
        all_cases += c
        all_deaths += d
        all_mv += mv
        all_dco += dco
        frames.append(frame(site, c, d, mv, dco, share > 0))
    rest = np.clip(1 - listed_share, 0, 1)
    expected = py * rates[None, None, :, :] * rest[None, None, :, None] * county_eff[:, None, None, None]
    c, d, mv, dco = counts(expected, 0.55)
    frames.insert(0, frame("all", all_cases + c, all_deaths + d, all_mv + mv, all_dco + dco,
                           np.array([True, True])))  # fmt: skip
    population = pd.DataFrame({
        "area": codes[idx[0]], "year": yrs[idx[1]], "sex": np.array(["M", "F"])[idx[2]],
        "age_group": idx[3], "person_years": py.ravel(),
    })  # fmt: skip
    return {"population": population, "registry_counts": pd.concat(frames, ignore_index=True)}


def _insert(conn: sqlite3.Connection, table: str, df: pd.DataFrame) -> None:
    cols = list(df.columns)
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    arrays = [df[c].to_numpy().tolist() for c in cols]
    conn.executemany(sql, zip(*arrays, strict=True))


def build_national_db(
    path: Path,
    *,
    years: tuple[int, int] = DEFAULT_YEARS,
    sites: tuple[str, ...] = DEFAULT_SITES,
    seed: int = 20240601,
    force: bool = False,
) -> dict[str, int]:
    """Write the national scale database to ``path`` (SQLite); returns rows per table."""
    path = Path(path)
    if path.exists():
        if not force:
            raise FileExistsError(f"{path} exists: pass --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    unknown = [s for s in sites if s not in SITE_BY_KEY or s == "all"]
    if unknown:
        raise ValueError(f"unknown site(s) {unknown}; choose from {[s.site for s in SITES[1:]]}")
    db = Database(f"sqlite:///{path.resolve()}")
    db.create_schema()
    db.engine.dispose()
    areas = read_areas_csv()
    tables = generate_national(areas, years=years, sites=sites, seed=seed)
    site_rows = pd.DataFrame([{"site": s.site, "icd10": s.icd10, "name_zh": s.name_zh,
                               "name_en": s.name_en, "sex_specific": s.sex_specific,
                               "sort_order": i} for i, s in enumerate(SITES)])  # fmt: skip
    area_rows = areas.copy()
    area_rows["urban"] = area_rows["urban"].map({"True": 1, "False": 0})
    area_rows = area_rows.astype(object).where(area_rows.notna(), None)
    meta = pd.DataFrame({"key": ["data_kind", "demo_seed", "scale_dataset"],
                         "value": ["demonstration", str(seed),
                                   f"national {years[0]}-{years[1]}: {', '.join(sites)}"]})  # fmt: skip
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        with conn:
            _insert(conn, "sites", site_rows)
            _insert(conn, "areas", area_rows)
            _insert(conn, "population", tables["population"])
            _insert(conn, "registry_counts", tables["registry_counts"])
            _insert(conn, "meta_info", meta)
            for stmt in INDEXES:
                conn.execute(stmt)
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    return {"areas": len(area_rows), "population": len(tables["population"]),
            "registry_counts": len(tables["registry_counts"])}  # fmt: skip


def _years(text: str) -> tuple[int, int]:
    a, _, b = text.partition("-")
    y0, y1 = int(a), int(b or a)
    if y0 > y1:
        raise argparse.ArgumentTypeError("years must run forward, e.g. 2021-2025")
    return y0, y1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.demo.national",
        description="Write a synthetic national scale database (2,875 counties) for the map.",
    )
    parser.add_argument(
        "--db", required=True, type=Path, help="SQLite file to write, e.g. var/national.sqlite"
    )
    parser.add_argument("--years", type=_years, default=DEFAULT_YEARS, help="e.g. 2021-2025 (default)")
    parser.add_argument("--sites", default=",".join(DEFAULT_SITES),
                        help=f"comma-separated sites besides 'all' (default {','.join(DEFAULT_SITES)})")  # fmt: skip
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    sites = tuple(s.strip() for s in args.sites.split(",") if s.strip())
    rows = build_national_db(args.db, years=args.years, sites=sites, seed=args.seed, force=args.force)
    print(f"wrote {args.db} in {time.perf_counter() - t0:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in rows.items()))  # fmt: skip
    print(f"serve it: DATABASE_URL=sqlite:///{args.db.resolve()} python app.py  → /map?area=china")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
