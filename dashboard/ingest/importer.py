"""Checked, all-or-nothing loading of tables into the database.

Every frame is checked column by column before anything is written; the first
problems are reported with table, row, column and what is wrong, and then the
whole import is refused. Valid frames are written in ONE transaction, so a
failure half-way (a constraint, a lost connection) leaves the database as it was.

The batches (draft, publish, withdraw) are in :mod:`dashboard.ingest.batches`, the file
readers in :mod:`dashboard.ingest.readers`, the command line in :mod:`dashboard.ingest.cli`.
:func:`load_frames` writes directly (the bootstrap, the demonstration data, reference tables).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import delete, select

from dashboard.i18n import t
from dashboard.infra import db as schema
from dashboard.infra.db import Database


class Problem(NamedTuple):
    """One problem of an input: where (table, spreadsheet row, column), what (a message key of
    :mod:`dashboard.i18n.data` and its fields), how bad (``error`` blocks, ``warning`` must be
    acknowledged) and how many more rows have the same problem (``more``)."""

    table: str
    row: int | None
    column: str
    key: str
    fmt: dict[str, object]
    severity: str = "error"
    more: int = 0

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.fmt)

    def text(self, lang: str = "en") -> str:
        where = "data.where.row" if self.row is not None else "data.where.column"
        line = t(where, lang, table=self.table, row=self.row, column=self.column, message=self.message(lang))
        return line + ("" if not self.more else " " + t("data.where.more", lang, n=self.more))

    def as_dict(self) -> dict[str, object]:
        return {"table": self.table, "row": self.row, "column": self.column, "key": self.key,
                "fmt": {k: (v if isinstance(v, int | float) else str(v)) for k, v in self.fmt.items()},
                "severity": self.severity, "more": self.more}  # fmt: skip

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> Problem:
        return cls(str(d["table"]), d["row"], str(d["column"]), str(d["key"]), dict(d["fmt"]),  # type: ignore[arg-type]
                   str(d["severity"]), int(d["more"]))  # type: ignore[call-overload]  # fmt: skip


class ImportValidationError(ValueError):
    """Input that cannot be loaded; ``problems`` lists :class:`Problem` (table, row, column, ...)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        more = "" if len(problems) < 20 else " (first 20 shown)"
        super().__init__(t("data.refused", "en").rstrip(":") + more + ":\n  "
                         + "\n  ".join(p.text("en") for p in problems[:20]))  # fmt: skip

    def text(self, lang: str) -> str:
        return t("data.refused", lang) + "\n  " + "\n  ".join(p.text(lang) for p in self.problems)


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # "int" | "float" | "str" | "bool"
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    zh: str = ""  # the Chinese header of templates (also accepted on input)
    codes: str | None = None  # "programme" | "indicator": codes of a catalogue


#: Screening programmes (docs/data-model.md).
PROGRAMMES: tuple[str, ...] = ("cervical", "breast", "lung", "upper_gi", "colorectal", "liver")
#: Counts above this are refused (no county has them; 1e20 is a typing error).
MAX_COUNT = 100_000_000
MAX_PERSON_YEARS = 1_000_000_000
#: The earliest year accepted.
FIRST_YEAR = 1970

_AREA = Col("area", "str", pattern=r"^\d{6}$", zh="地区代码")
_YEAR = Col("year", "int", minimum=1950, maximum=2100, zh="年份")
_SEX = Col("sex", "str", allowed=("M", "F"), zh="性别")
_AGE = Col("age_group", "int", minimum=0, maximum=18, zh="年龄组")


def _count(name: str, zh: str, *, required: bool = True) -> Col:
    return Col(name, "int", required=required, minimum=0, maximum=MAX_COUNT, zh=zh)


SPECS: dict[str, list[Col]] = {
    "areas": [
        Col("adcode", "str", pattern=r"^\d{6}$", zh="地区代码"),
        Col("parent_adcode", "str", required=False, pattern=r"^\d{6}$", zh="上级代码"),
        Col("level", "str", allowed=("province", "city", "county"), zh="级别"),
        Col("name_zh", "str", zh="中文名"),
        Col("name_en", "str", zh="英文名"),
        Col("region_group", "str", required=False, zh="区域组"),
        Col("region_group_en", "str", required=False, zh="区域组英文"),
        Col("urban", "bool", required=False, zh="城区"),
    ],
    "population": [
        _AREA,
        _YEAR,
        _SEX,
        _AGE,
        Col("person_years", "float", minimum=0, maximum=MAX_PERSON_YEARS, zh="人年数"),
    ],
    "registry_counts": [
        _AREA,
        _YEAR,
        _SEX,
        _AGE,
        Col("site", "str", zh="癌症部位"),
        _count("cases", "新发病例数"),
        _count("deaths", "死亡数"),
        _count("mv_cases", "病理确诊病例数"),
        _count("dco_cases", "仅死亡证明病例数"),
    ],  # fmt: skip
    "screening": [
        _AREA,
        _YEAR,
        Col("programme", "str", zh="筛查项目", codes="programme"),
        _count("eligible", "应筛人数"),
        _count("screened", "实筛人数"),
        _count("positive", "阳性人数"),
        _count("detected", "检出人数"),
        _count("early_detected", "早诊人数"),
    ],  # fmt: skip
    "indicator_observations": [
        _AREA,
        _YEAR,
        Col("indicator", "str", zh="指标", codes="indicator"),
        Col("numerator", "float", required=False, minimum=0, maximum=1e12, zh="分子"),
        Col("denominator", "float", required=False, minimum=0, maximum=1e12, zh="分母"),
        Col("value", "float", required=False, minimum=-1e12, maximum=1e12, zh="数值"),
        Col("lower", "float", required=False, minimum=-1e12, maximum=1e12, zh="下限"),
        Col("upper", "float", required=False, minimum=-1e12, maximum=1e12, zh="上限"),
        Col("sample_size", "int", required=False, minimum=0, maximum=MAX_COUNT, zh="样本量"),
        Col("source", "str", required=False, zh="来源"),
    ],  # fmt: skip
    "meta_info": [Col("key", "str", zh="键"), Col("value", "str", zh="值")],
}

#: Chinese names of the tables (sheet and file names; also accepted on input).
TABLE_ZH = {"population": "人口", "registry_counts": "肿瘤登记", "screening": "筛查",
            "indicator_observations": "规划指标", "areas": "地区", "meta_info": "元信息"}  # fmt: skip

# Rules across columns: (table, message key, column named in the message, predicate of bad rows)
_CROSS = {
    "registry_counts": [
        ("mv_cases", "data.p.mv_gt_cases", lambda d: d["mv_cases"] > d["cases"]),
        ("dco_cases", "data.p.dco_gt_cases", lambda d: d["dco_cases"] > d["cases"]),
    ],
    "screening": [
        ("screened", "data.p.screened_gt_eligible", lambda d: d["screened"] > d["eligible"]),
        ("positive", "data.p.positive_gt_screened", lambda d: d["positive"] > d["screened"]),
        ("detected", "data.p.detected_gt_positive", lambda d: d["detected"] > d["positive"]),
        ("early_detected", "data.p.early_gt_detected", lambda d: d["early_detected"] > d["detected"]),
    ],
    "indicator_observations": [
        ("numerator", "data.p.num_gt_den",
         lambda d: d["numerator"].notna() & d["denominator"].notna()
         & (d["numerator"] > d["denominator"])),
        ("value", "data.p.no_value",
         lambda d: d["value"].isna() & (d["numerator"].isna() | d["denominator"].isna())),
    ],
}  # fmt: skip

_KEYS = {
    **schema.BATCH_TABLES,
    "areas": ["adcode"],
    "meta_info": ["key"],
}

#: Rows listed per problem (the rest are counted: "… and N more rows").
ROWS_PER_PROBLEM = 5


def _row_no(index_pos: int, first_row: int = 1) -> int:
    """Row numbers as the user's spreadsheet numbers them: ``first_row`` is the first data row
    (1 for a bare frame; 2 for a file with one header row)."""
    return int(index_pos) + first_row


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else str(value)


class _Collector:
    """Problems of one table: the first rows of each kind, the rest counted."""

    def __init__(self, table: str, first_row: int) -> None:
        self.table, self.first_row, self.items = table, first_row, []  # type: list[Problem]

    def rows(self, mask: np.ndarray, column: str, key: str, fmt_of: Callable[[int], dict[str, object]],
             severity: str = "error") -> None:  # fmt: skip
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        shown = positions[:ROWS_PER_PROBLEM]
        for i, pos in enumerate(shown):
            more = len(positions) - len(shown) if i == len(shown) - 1 else 0
            self.items.append(Problem(self.table, _row_no(pos, self.first_row), column, key, fmt_of(int(pos)),
                                      severity, more))  # fmt: skip

    def column(self, column: str, key: str, severity: str = "error", **fmt: object) -> None:
        self.items.append(Problem(self.table, None, column, key, fmt, severity))


def validate_frame(table: str, df: pd.DataFrame, *, limit: int = 200, first_row: int = 1,
                   check_duplicates: bool = True) -> pd.DataFrame:  # fmt: skip
    """Check one frame against its table's rules; return it with clean dtypes.

    Raises :class:`ImportValidationError` naming table, row, column and problem.
    ``first_row``: the spreadsheet's number of the frame's first row.
    """
    if table not in SPECS:
        raise ImportValidationError([Problem(table, None, "-", "data.p.unknown_table",
                                             {"value": repr(table), "expected": ", ".join(SPECS)})])  # fmt: skip
    from dashboard.catalogue.indicators import INDICATORS

    found = _Collector(table, first_row)
    df = df.reset_index(drop=True)
    out = pd.DataFrame(index=df.index)
    for col in SPECS[table]:
        if col.name not in df.columns:
            if col.required:
                found.column(col.name, "data.p.column_missing")
            out[col.name] = None
            continue
        s = df[col.name]
        text_all = s.astype("string").str.strip()
        missing = (s.isna() | (text_all == "")).to_numpy(dtype=bool)
        if col.required:
            found.rows(missing, col.name, "data.p.value_missing", lambda p: {})
        present = ~missing
        if col.kind in ("int", "float"):
            num = pd.to_numeric(s.where(present), errors="coerce").astype("float64")
            arr = num.to_numpy()
            found.rows(present & np.isnan(arr), col.name, "data.p.not_number",
                       lambda p: {"value": _show(s.iloc[p])})  # fmt: skip
            inf = np.isinf(arr)
            found.rows(inf, col.name, "data.p.not_finite", lambda p: {"value": _show(s.iloc[p])})
            finite = np.isfinite(arr)
            if col.kind == "int":
                frac = finite & (arr != np.floor(np.where(finite, arr, 0)))
                found.rows(frac, col.name, "data.p.not_whole", lambda p: {"value": _show(s.iloc[p])})
            if col.minimum is not None:
                found.rows(finite & (arr < col.minimum), col.name, "data.p.below_min",
                           lambda p: {"value": f"{arr[p]:g}", "minimum": f"{col.minimum:g}"})  # fmt: skip
            if col.maximum is not None:
                found.rows(finite & (arr > col.maximum), col.name, "data.p.above_max",
                           lambda p: {"value": f"{arr[p]:g}", "maximum": f"{col.maximum:g}"})  # fmt: skip
            if col.kind == "int":
                whole = (
                    bool(np.isfinite(arr).all())
                    and bool((arr == np.floor(arr)).all())
                    and not (np.abs(arr) > 2**62).any()
                )
                out[col.name] = arr.astype("int64") if whole else num
            else:
                out[col.name] = num
        elif col.kind == "bool":
            mapping = {"true": True, "1": True, "yes": True, "是": True,
                       "false": False, "0": False, "no": False, "否": False}  # fmt: skip
            val = text_all.str.lower().map(mapping)
            bad = present & val.isna().to_numpy(dtype=bool)
            found.rows(bad, col.name, "data.p.not_bool", lambda p: {"value": _show(s.iloc[p])})
            out[col.name] = val.astype("boolean")
        else:
            text = text_all
            if col.pattern is not None:
                # adcodes may arrive as numbers from a spreadsheet: 500101.0 -> "500101"
                text = text.str.replace(r"\.0$", "", regex=True)
                bad = present & ~text.str.fullmatch(col.pattern).fillna(False).to_numpy(dtype=bool)
                found.rows(bad, col.name, "data.p.not_adcode", lambda p: {"value": _show(s.iloc[p])})
            if col.name == "sex":  # 男/女 and m/f as well
                text = text.replace({"男": "M", "女": "F", "m": "M", "f": "F"})
            if col.allowed is not None:
                bad = present & ~text.isin(col.allowed).to_numpy(dtype=bool)
                found.rows(bad, col.name, "data.p.not_allowed",
                           lambda p: {"value": _show(s.iloc[p]), "allowed": ", ".join(col.allowed or ())})  # fmt: skip
            if col.codes == "programme":
                bad = present & ~text.isin(PROGRAMMES).to_numpy(dtype=bool)
                found.rows(bad, col.name, "data.p.unknown_programme",
                           lambda p: {"value": _show(s.iloc[p]), "allowed": ", ".join(PROGRAMMES)})  # fmt: skip
            if col.codes == "indicator":
                bad = present & ~text.isin(list(INDICATORS)).to_numpy(dtype=bool)
                found.rows(bad, col.name, "data.p.unknown_indicator", lambda p: {"value": _show(s.iloc[p])})
            out[col.name] = text.where(pd.Series(present, index=text.index), None)
        if len(found.items) >= limit:
            break
    problems = found.items
    if not problems:
        for col_name, key, bad_rows in _CROSS.get(table, []):
            bad = bad_rows(out).fillna(False).to_numpy(dtype=bool)
            found.rows(bad, col_name, key, lambda p: {})
        if check_duplicates and not found.items:
            _check_duplicates(table, out, found)
    if found.items:
        raise ImportValidationError(found.items[:limit])
    return out


def _check_duplicates(table: str, out: pd.DataFrame, found: _Collector) -> None:
    keys = _KEYS.get(table)
    if not keys:
        return
    dup = out.duplicated(keys, keep="first").to_numpy()
    found.rows(dup, keys[0], "data.p.duplicate",
               lambda p: {"value": ", ".join(f"{k}={out[k].iloc[p]}" for k in keys)})  # fmt: skip


def compact(df: pd.DataFrame) -> pd.DataFrame:
    """A checked frame in little memory: text columns as categories."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or str(out[c].dtype) == "string":
            out[c] = out[c].astype("category")
    return out


def _plan_area_codes(db: Database) -> set[str] | None:
    """Plan areas and all their counties; None when no plan is loaded (nothing to check against)."""
    return None if not (ends := plan_last_years(db)) else set(ends)


def plan_last_years(db: Database) -> dict[str, int]:
    """Every plan area and county of it -> the last year of its plan(s) (empty without plans)."""
    from dashboard.queries.areas import county_codes

    plans = db.read("SELECT area, MAX(end_year) AS end_year FROM plans GROUP BY area")
    ends: dict[str, int] = {}
    for area, end in zip(plans["area"], plans["end_year"], strict=True):
        for code in [area, *db.read(county_codes(area))["adcode"]]:
            ends[code] = max(ends.get(code, 0), int(end))
    return ends


def _check_references(db: Database, frames: Mapping[str, pd.DataFrame], *,
                      first_rows: Mapping[str, int] | None = None,
                      allowed_units: set[str] | None = None) -> None:  # fmt: skip
    """Area codes and site codes must exist (in the frames or the database); years lie within
    the plan's years and the past; counts are plausible for the person-years and have a
    population; and, for a user, the rows lie within their units (``allowed_units``).

    Data rows must belong to a plan: an area is a plan area (area-level rows)
    or one of its counties, as the plan files (``PLANS_DIR``) define them.
    """
    first_rows = first_rows or {}
    problems: list[Problem] = []
    known_areas = set(db.read("SELECT adcode FROM areas")["adcode"]) if db.count(schema.areas) else set()
    if "areas" in frames:
        known_areas |= set(frames["areas"]["adcode"])
    ends = plan_last_years(db)
    in_plans = set(ends) if ends else None
    if in_plans is not None and "areas" in frames:  # counties being added with the data
        in_plans |= set(frames["areas"]["adcode"])
    known_sites = set(db.read("SELECT site FROM sites")["site"])
    for table, df in frames.items():
        found = _Collector(table, first_rows.get(table, 1))
        if "area" in df.columns:
            area = df["area"].astype(str)
            bad = ~area.isin(known_areas).to_numpy()
            found.rows(bad, "area", "data.p.unknown_area", lambda p, a=area: {"value": repr(a.iloc[p])})
            if in_plans is not None:
                outside = ~area.isin(in_plans).to_numpy() & ~bad
                found.rows(
                    outside, "area", "data.p.outside_plan", lambda p, a=area: {"value": repr(a.iloc[p])}
                )
            if allowed_units is not None:
                denied = ~area.isin(allowed_units).to_numpy() & ~bad
                found.rows(
                    denied, "area", "data.p.not_your_unit", lambda p, a=area: {"value": repr(a.iloc[p])}
                )
            if "year" in df.columns and ends:
                this_year = datetime.now(UTC).year
                last = np.maximum(
                    area.map(ends).astype("float64").fillna(max(ends.values())).to_numpy(), this_year
                )
                year = df["year"].to_numpy(dtype="float64")
                out_of_range = (year < FIRST_YEAR) | (year > last)
                found.rows(out_of_range, "year", "data.p.year_range",
                           lambda p, y=year, e=last: {"value": int(y[p]), "first": FIRST_YEAR, "last": int(e[p])})  # fmt: skip
        if table == "registry_counts":
            site = df["site"].astype(str)
            bad = ~site.isin(known_sites).to_numpy()
            found.rows(bad, "site", "data.p.unknown_site", lambda p, s=site: {"value": repr(s.iloc[p])})
        problems += found.items
    if "registry_counts" in frames and not problems:
        problems += _check_counts_against_population(db, frames, first_rows.get("registry_counts", 1))
    if problems:
        raise ImportValidationError(problems)


def _check_counts_against_population(db: Database, frames: Mapping[str, pd.DataFrame],
                                     first_row: int) -> list[Problem]:  # fmt: skip
    """Every (area, year) of the counts has a population (in the file or the database), and
    cases and deaths are at most 5% of the cell's person-years (plus 5)."""
    reg = frames["registry_counts"]
    keys = ["area", "year", "sex", "age_group"]
    cells = reg[keys].astype({"area": str}).drop_duplicates(["area", "year"])
    areas, years = sorted(set(cells["area"])), sorted({int(y) for y in cells["year"]})
    stmt = (select(schema.population.c.area, schema.population.c.year, schema.population.c.sex,
                   schema.population.c.age_group, schema.population.c.person_years)
            .where(schema.population.c.area.in_(areas), schema.population.c.year.in_(years)))  # fmt: skip
    have = db.read(stmt)
    if "population" in frames:
        pop = frames["population"][[*keys, "person_years"]].astype({"area": str})
        have = pd.concat([have, pop], ignore_index=True).drop_duplicates(keys, keep="last")
    have = have.astype({"area": str, "year": "int64", "age_group": "int64", "person_years": "float64"})
    found = _Collector("registry_counts", first_row)
    pairs = set(zip(have["area"], have["year"], strict=True))
    area, year = reg["area"].astype(str).to_numpy(), reg["year"].to_numpy(dtype="int64")
    no_pop = np.fromiter(((a, int(y)) not in pairs for a, y in zip(area, year, strict=True)), bool, len(reg))
    # only the first row of each (area, year) without population is listed
    first = no_pop & ~pd.DataFrame({"a": area, "y": year}).duplicated().to_numpy()
    found.rows(
        first, "area", "data.p.no_population", lambda p: {"value": repr(area[p]), "year": int(year[p])}
    )
    if not found.items:
        left = reg[keys].astype({"area": str, "year": "int64", "age_group": "int64"}).reset_index(drop=True)
        py = left.merge(have, on=keys, how="left")["person_years"].fillna(0).to_numpy()
        for column in ("cases", "deaths"):
            n = reg[column].to_numpy(dtype="float64")
            found.rows(n > py * 0.05 + 5, column, "data.p.implausible_cases",
                       lambda p, n=n: {"value": f"{n[p]:g}", "py": f"{py[p]:g}"})  # fmt: skip
    return found.items


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
    """``python -m dashboard.ingest.importer``: the same as ``python -m dashboard import``."""
    from dashboard.ingest.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
