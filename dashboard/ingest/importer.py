"""Checked, all-or-nothing loading of tables into the database.

Every frame is checked column by column before anything is written; the first
problems are reported with table, row, column and what is wrong, and then the
whole import is refused. Valid frames are written in ONE transaction, so a
failure half-way (a constraint, a lost connection) leaves the database as it was.

Command line (CSV files named after their tables, e.g. ``screening.csv``)::

    python -m dashboard import path/to/screening.csv [more.csv ...] [--replace]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import delete

from dashboard.infra import db as schema
from dashboard.infra.db import Database


class ImportValidationError(ValueError):
    """Input that cannot be loaded; ``problems`` lists (table, row, column, message)."""

    def __init__(self, problems: list[tuple[str, int | None, str, str]]):
        self.problems = problems
        lines = [
            f"table {t}, row {r}, column {c}: {m}" if r is not None else f"table {t}, column {c}: {m}"
            for t, r, c, m in problems
        ]
        more = "" if len(problems) < 20 else " (first 20 shown)"
        super().__init__("import refused, nothing was written" + more + ":\n  " + "\n  ".join(lines))


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # "int" | "float" | "str" | "bool"
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None


_AREA = Col("area", "str", pattern=r"^\d{6}$")
_YEAR = Col("year", "int", minimum=1950, maximum=2100)
_SEX = Col("sex", "str", allowed=("M", "F"))
_AGE = Col("age_group", "int", minimum=0, maximum=18)

SPECS: dict[str, list[Col]] = {
    "areas": [
        Col("adcode", "str", pattern=r"^\d{6}$"),
        Col("parent_adcode", "str", required=False, pattern=r"^\d{6}$"),
        Col("level", "str", allowed=("province", "city", "county")),
        Col("name_zh", "str"),
        Col("name_en", "str"),
        Col("region_group", "str", required=False),
        Col("region_group_en", "str", required=False),
        Col("urban", "bool", required=False),
    ],
    "population": [_AREA, _YEAR, _SEX, _AGE, Col("person_years", "float", minimum=0)],
    "registry_counts": [
        _AREA,
        _YEAR,
        _SEX,
        _AGE,
        Col("site", "str"),
        Col("cases", "int", minimum=0),
        Col("deaths", "int", minimum=0),
        Col("mv_cases", "int", minimum=0),
        Col("dco_cases", "int", minimum=0),
    ],  # fmt: skip
    "screening": [
        _AREA,
        _YEAR,
        Col("programme", "str"),
        Col("eligible", "int", minimum=0),
        Col("screened", "int", minimum=0),
        Col("positive", "int", minimum=0),
        Col("detected", "int", minimum=0),
        Col("early_detected", "int", minimum=0),
    ],  # fmt: skip
    "indicator_observations": [
        _AREA,
        _YEAR,
        Col("indicator", "str"),
        Col("numerator", "float", required=False, minimum=0),
        Col("denominator", "float", required=False, minimum=0),
        Col("value", "float", required=False),
        Col("lower", "float", required=False),
        Col("upper", "float", required=False),
        Col("sample_size", "int", required=False, minimum=0),
        Col("source", "str", required=False),
    ],  # fmt: skip
    "meta_info": [Col("key", "str"), Col("value", "str")],
}

# Rules across columns: (table, description, column named in the message, predicate of bad rows)
_CROSS = {
    "registry_counts": [
        ("mv_cases", "morphologically verified cases exceed cases",
         lambda d: d["mv_cases"] > d["cases"]),
        ("dco_cases", "death-certificate-only cases exceed cases",
         lambda d: d["dco_cases"] > d["cases"]),
    ],
    "screening": [
        ("screened", "more people screened than eligible", lambda d: d["screened"] > d["eligible"]),
        ("positive", "more positives than people screened", lambda d: d["positive"] > d["screened"]),
        ("detected", "more detected than positives", lambda d: d["detected"] > d["positive"]),
        ("early_detected", "more detected early than detected",
         lambda d: d["early_detected"] > d["detected"]),
    ],
    "indicator_observations": [
        ("numerator", "numerator exceeds denominator",
         lambda d: d["numerator"].notna() & d["denominator"].notna()
         & (d["numerator"] > d["denominator"])),
        ("value", "neither numerator/denominator nor value is given",
         lambda d: d["value"].isna() & (d["numerator"].isna() | d["denominator"].isna())),
    ],
}  # fmt: skip

_KEYS = {
    "population": ["area", "year", "sex", "age_group"],
    "registry_counts": ["area", "year", "sex", "age_group", "site"],
    "screening": ["area", "year", "programme"],
    "indicator_observations": ["area", "year", "indicator"],
    "areas": ["adcode"],
    "meta_info": ["key"],
}


def _row_no(index_pos: int) -> int:
    """Row numbers in messages are 1-based data rows (the CSV header is row 0)."""
    return index_pos + 1


def validate_frame(table: str, df: pd.DataFrame, *, limit: int = 20) -> pd.DataFrame:
    """Check one frame against its table's rules; return it with clean dtypes.

    Raises :class:`ImportValidationError` naming table, row, column and problem.
    """
    if table not in SPECS:
        raise ImportValidationError(
            [(table, None, "-", f"unknown table; expected one of {', '.join(SPECS)}")]
        )
    problems: list[tuple[str, int | None, str, str]] = []
    df = df.reset_index(drop=True)
    out = pd.DataFrame(index=df.index)
    for col in SPECS[table]:
        if col.name not in df.columns:
            if col.required:
                problems.append((table, None, col.name, "column is missing"))
            out[col.name] = None
            continue
        s = df[col.name]
        missing = s.isna() | (s.astype("string").str.strip() == "")
        if col.required:
            for pos in np.flatnonzero(missing.to_numpy())[:3]:
                problems.append((table, _row_no(pos), col.name, "value is missing"))
        present = ~missing
        if col.kind in ("int", "float"):
            num = pd.to_numeric(s.where(present), errors="coerce")
            bad = present & num.isna()
            for pos in np.flatnonzero(bad.to_numpy())[:3]:
                problems.append((table, _row_no(pos), col.name, f"not a number: {s.iloc[pos]!r}"))
            if col.kind == "int":
                frac = present & num.notna() & (num != np.floor(num.fillna(0)))
                for pos in np.flatnonzero(frac.to_numpy())[:3]:
                    problems.append((table, _row_no(pos), col.name, f"not a whole number: {s.iloc[pos]!r}"))
            if col.minimum is not None:
                for pos in np.flatnonzero((num < col.minimum).fillna(False).to_numpy())[:3]:
                    problems.append((table, _row_no(pos), col.name,
                                     f"{num.iloc[pos]:g} is below the minimum {col.minimum:g}"))  # fmt: skip
            if col.maximum is not None:
                for pos in np.flatnonzero((num > col.maximum).fillna(False).to_numpy())[:3]:
                    problems.append((table, _row_no(pos), col.name,
                                     f"{num.iloc[pos]:g} is above the maximum {col.maximum:g}"))  # fmt: skip
            whole = num.notna().all() and bool((num == np.floor(num)).all())
            out[col.name] = num.astype("Int64") if col.kind == "int" and whole else num
        elif col.kind == "bool":
            text = s.astype("string").str.strip().str.lower()
            mapping = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
            val = text.map(mapping)
            bad = present & val.isna()
            for pos in np.flatnonzero(bad.to_numpy())[:3]:
                problems.append((table, _row_no(pos), col.name, f"not true/false: {s.iloc[pos]!r}"))
            out[col.name] = val.astype("boolean")
        else:
            text = s.astype("string").str.strip()
            if col.pattern is not None:
                # adcodes may arrive as numbers from a spreadsheet: 500101.0 -> "500101"
                text = text.str.replace(r"\.0$", "", regex=True)
                bad = present & ~text.str.fullmatch(col.pattern).fillna(False)
                for pos in np.flatnonzero(bad.to_numpy())[:3]:
                    problems.append((table, _row_no(pos), col.name,
                                     f"{s.iloc[pos]!r} is not a 6-digit area code"))  # fmt: skip
            if col.allowed is not None:
                bad = present & ~text.isin(col.allowed)
                for pos in np.flatnonzero(bad.to_numpy())[:3]:
                    problems.append((table, _row_no(pos), col.name,
                                     f"{s.iloc[pos]!r} is not one of {', '.join(col.allowed)}"))  # fmt: skip
            out[col.name] = text.where(present, None)
        if len(problems) >= limit:
            break
    if not problems:
        for col_name, message, bad_rows in _CROSS.get(table, []):
            bad = bad_rows(out).fillna(False).to_numpy(dtype=bool)
            for pos in np.flatnonzero(bad)[:3]:
                problems.append((table, _row_no(pos), col_name, message))
        keys = _KEYS.get(table)
        if keys and not problems:
            dup = out.duplicated(keys, keep="first").to_numpy()
            for pos in np.flatnonzero(dup)[:3]:
                desc = ", ".join(f"{k}={out[k].iloc[pos]}" for k in keys)
                problems.append((table, _row_no(pos), keys[0], f"duplicate row for {desc}"))
    if problems:
        raise ImportValidationError(problems[:limit])
    return out


def _plan_area_codes(db: Database) -> set[str] | None:
    """Plan areas and all their counties; None when no plan is loaded (nothing to check against)."""
    from dashboard.queries.areas import county_codes

    areas = set(db.read("SELECT area FROM plans")["area"])
    if not areas:
        return None
    codes = set(areas)
    for area in areas:
        codes |= set(db.read(county_codes(area))["adcode"])
    return codes


def _check_references(db: Database, frames: Mapping[str, pd.DataFrame]) -> None:
    """Area codes and site codes must exist (in the frames or the database).

    Data rows must belong to a plan: an area is a plan area (area-level rows)
    or one of its counties, as the plan files (``PLANS_DIR``) define them.
    """
    problems: list[tuple[str, int | None, str, str]] = []
    known_areas = set(db.read("SELECT adcode FROM areas")["adcode"]) if db.count(schema.areas) else set()
    if "areas" in frames:
        known_areas |= set(frames["areas"]["adcode"])
    in_plans = _plan_area_codes(db)
    if in_plans is not None and "areas" in frames:  # counties being added with the data
        in_plans |= set(frames["areas"]["adcode"])
    known_sites = set(db.read("SELECT site FROM sites")["site"])
    for table, df in frames.items():
        if "area" in df.columns:
            bad = ~df["area"].isin(known_areas)
            for pos in np.flatnonzero(bad.to_numpy())[:3]:
                problems.append((table, _row_no(pos), "area", f"unknown area code {df['area'].iloc[pos]!r}"))
            if in_plans is not None:
                outside = ~df["area"].isin(in_plans) & ~bad
                for pos in np.flatnonzero(outside.to_numpy())[:3]:
                    problems.append((table, _row_no(pos), "area",
                                     f"area {df['area'].iloc[pos]!r} is in no plan area (plan files)"))  # fmt: skip
        if table == "registry_counts":
            bad = ~df["site"].isin(known_sites)
            for pos in np.flatnonzero(bad.to_numpy())[:3]:
                problems.append(
                    (table, _row_no(pos), "site", f"unknown cancer site {df['site'].iloc[pos]!r}")
                )
    if problems:
        raise ImportValidationError(problems)


def load_frames(db: Database, frames: Mapping[str, pd.DataFrame], *, replace: bool = False) -> dict[str, int]:
    """Check every frame, then write them all in one transaction.

    ``replace=True`` first deletes the existing rows of those tables (in the
    same transaction). The same transaction gives the database a new data
    version (``meta_info``), so every worker and instance stops using cached
    results of the old data. Returns rows written per table.
    """
    clean = {name: validate_frame(name, df) for name, df in frames.items()}
    _check_references(db, clean)
    written: dict[str, int] = {}
    ordered = [t for t in schema.TABLE_ORDER if t in clean]
    with db.engine.begin() as conn:
        if replace:
            for name in reversed(ordered):
                conn.execute(delete(schema.metadata.tables[name]))
        for name in ordered:
            df = clean[name].astype(object).where(clean[name].notna(), None)
            records = df.to_dict("records")
            if records:
                conn.execute(schema.metadata.tables[name].insert(), records)
            written[name] = len(records)
        schema.bump_data_version(conn)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="CSV files named <table>.csv")
    parser.add_argument("--replace", action="store_true", help="replace the rows of these tables")
    args = parser.parse_args(argv)
    from dashboard.infra.config import Settings

    db = Database(Settings.from_env().database_url)
    db.create_schema()
    frames = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[""]) for p in args.files}
    try:
        written = load_frames(db, frames, replace=args.replace)
    except ImportValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    for name, n in written.items():
        print(f"{name}: {n} rows written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
