"""The rows of each API route, taken from the publication layer and the pages' views.

Nothing here computes a number or decides what to hide: rates come from
:func:`dashboard.publish.rates.published_rates`, indicator rows from the targets page's
county table (:func:`dashboard.views.targets.county_table`) and its area series
(:func:`dashboard.views.targets.area_table`), screening rows from the screening page's
tables (:func:`dashboard.views.screening.table_frame` through
:func:`dashboard.domain.screening.table_cells`, what the grid and the CSV show). A hidden
or suppressed value is ``None`` (JSON null, an empty CSV cell), never a placeholder text.

Every row is a flat dict with the stable English keys of :data:`COLUMNS`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import pandas as pd

from dashboard.access.scope import may_read_area, may_read_county
from dashboard.catalogue.indicators import INDICATORS
from dashboard.domain.screening import table_cells
from dashboard.domain.status import status_key
from dashboard.i18n import pick, t
from dashboard.infra.db import Database
from dashboard.queries.areas import area_info, counties, plan_areas
from dashboard.queries.indicators import YES_NO_KINDS
from dashboard.queries.registry import RateTable
from dashboard.views import screening as screening_view
from dashboard.views import targets as targets_view

#: The columns of each route, in order (the CSV header; the keys of each JSON row).
COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "areas": ("adcode", "name_zh", "name_en", "parent", "level", "group", "group_en"),
    "rates": ("adcode", "name", "level", "cases", "person_years", "rate", "lower", "upper", "suppressed", "reason"),
    "indicators": ("adcode", "name", "level", "year", "numerator", "denominator", "value", "lower", "upper",
                   "status"),
    "screening": ("adcode", "name", "level", "year", "eligible", "screened", "positive", "detected",
                  "early_detected", "coverage", "coverage_lower", "coverage_upper", "early", "early_lower",
                  "early_upper"),
})  # fmt: skip


def number(value: object) -> float | None:
    """A finite number, else None (NaN, NA, None, text)."""
    if value is None or isinstance(value, bool | str):
        return None
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def count(value: object) -> int | float | None:
    """A count: an integer when it is whole (people), else the number as it is."""
    x = number(value)
    return int(x) if x is not None and x.is_integer() else x


def whole(value: object) -> int | None:
    """A count as an integer, else None."""
    x = number(value)
    return None if x is None else int(round(x))


# --- areas -------------------------------------------------------------------------------------


def area_rows(db: Database) -> list[dict[str, Any]]:
    """Every plan area the request may read whole, then its counties; for an account of
    single counties (a county data manager), those counties only (their area is not theirs)."""
    rows: list[dict[str, Any]] = []
    for code in plan_areas(db)["area"]:
        area = str(code)
        whole_area = may_read_area(area)
        cdf = counties(db, area)
        readable = [c for c in cdf["adcode"] if whole_area or may_read_county(area, str(c))]
        if not readable:
            continue
        if whole_area:
            info = area_info(db, area) or {}
            rows.append({"adcode": area, "name_zh": info.get("name_zh"), "name_en": info.get("name_en"),
                         "parent": info.get("parent_adcode"), "level": "area", "group": None,
                         "group_en": None})  # fmt: skip
        for r in cdf[cdf["adcode"].isin(readable)].itertuples(index=False):
            rows.append({"adcode": str(r.adcode), "name_zh": r.name_zh, "name_en": _text(r.name_en),
                         "parent": area, "level": "county", "group": _text(r.region_group),
                         "group_en": _text(r.region_group_en)})  # fmt: skip
    return rows


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# --- rates -------------------------------------------------------------------------------------


def rate_rows(table: RateTable, *, area: str, area_name: str, lang: str) -> list[dict[str, Any]]:
    """One row per county, then the area, from a :func:`~dashboard.publish.rates.published_rates`
    table: a hidden count is None; a suppressed rate (hidden, or too few cases) has no rate and
    no interval; ``reason`` is the publication layer's (``"hidden"`` for every hidden cell)."""
    df = table.counties
    rows = []
    for r in df.to_dict("records"):
        name = pick(r.get("name_zh"), _text(r.get("name_en")), lang)
        rows.append(_rate_row(r, adcode=str(r["area"]), name=name, level="county"))
    if table.area:
        rows.append(_rate_row(table.area, adcode=area, name=area_name, level="area"))
    return rows


def _rate_row(r: Mapping[str, Any], *, adcode: str, name: str, level: str) -> dict[str, Any]:
    suppressed = bool(r.get("suppressed"))
    shown = (lambda v: None) if suppressed else number
    return {"adcode": adcode, "name": name, "level": level, "cases": whole(r.get("cases")),
            "person_years": number(r.get("person_years")), "rate": shown(r.get("rate")),
            "lower": shown(r.get("lower")), "upper": shown(r.get("upper")), "suppressed": suppressed,
            "reason": str(r.get("reason") or "") or None}  # fmt: skip


# --- indicators --------------------------------------------------------------------------------


def _col(df: pd.DataFrame, key: str, lang: str) -> pd.Series | None:
    """A column of a targets table by its key (the table's headers are in the page's language)."""
    head = t(f"targets.tcol.{key}", lang)
    return df[head] if head in df.columns else None


def _status_keys(lang: str) -> dict[str, str]:
    return {targets_view.status_text(k, lang): k for k in targets_view.STATUS_KEYS}


def _columns(df: pd.DataFrame, keys: Sequence[str], lang: str) -> dict[str, list[object]]:
    """The table's columns by key (None for each row where the table has no such column)."""
    out: dict[str, list[object]] = {}
    for key in keys:
        col = _col(df, key, lang)
        out[key] = [None] * len(df) if col is None else col.tolist()
    return out


def indicator_rows(data: targets_view.TargetsData, sel: targets_view.Selection) -> list[dict[str, Any]]:
    """The chosen indicator's counties as the targets page's county table shows and exports them
    (its masking, its status), then the area: its judged value and status (the indicator panel's)
    with the interval and counts of that year from the area's series (the page's area table).
    A yes/no indicator's county value ("有"/"无" in the table) is 100 or 0."""
    lang = data.lang
    yes_no = INDICATORS[str(sel.indicator)].kind in YES_NO_KINDS
    table = targets_view.county_table(data, sel)
    cols = _columns(table, ("adcode", "county", "year", "numerator", "denominator", "value", "lower", "upper",
                            "status"), lang)  # fmt: skip
    words, yes = _status_keys(lang), t("targets.yes", lang)

    def value(v: object) -> float | None:
        if not yes_no:
            return number(v)
        return None if v is None or (not isinstance(v, str) and pd.isna(v)) else 100.0 if v == yes else 0.0

    rows: list[dict[str, Any]] = [
        {"adcode": str(cols["adcode"][i]), "name": cols["county"][i], "level": "county", "year": whole(cols["year"][i]),
         "numerator": count(cols["numerator"][i]), "denominator": count(cols["denominator"][i]),
         "value": value(cols["value"][i]), "lower": number(cols["lower"][i]), "upper": number(cols["upper"][i]),
         "status": words.get(str(cols["status"][i]), "no_data")}
        for i in range(len(table))
    ]  # fmt: skip
    rows.append(_indicator_area_row(data, sel))
    return rows


def _indicator_area_row(data: targets_view.TargetsData, sel: targets_view.Selection) -> dict[str, Any]:
    r = data.target(sel.indicator)
    year = whole(r["judged_year"]) if r is not None else None
    value = number(r["judged_value"]) if r is not None else None
    status = (
        "no_data" if r is None or value is None else status_key(str(r["status"]), bool(r["deadline_passed"]))
    )
    series = targets_view.area_table(data, sel)
    at = (
        series[pd.to_numeric(_col(series, "year", data.lang), errors="coerce") == year]
        if year
        else series.iloc[0:0]
    )

    def get(key: str) -> int | float | None:
        col = _col(at, key, data.lang)
        return None if col is None or col.empty else count(col.iloc[0])

    return {"adcode": data.area, "name": data.area_name, "level": "area", "year": year,
            "numerator": get("numerator"), "denominator": get("denominator"), "value": value,
            "lower": get("lower"), "upper": get("upper"), "status": status}  # fmt: skip


# --- screening ---------------------------------------------------------------------------------


def _records(
    data: screening_view.ScreeningData, sel: screening_view.Selection, table: str
) -> list[dict[str, Any]]:
    """The records of one of the page's tables, as its grid and CSV show them (masked cells None)."""
    frame, cols = screening_view.table_frame(data, replace(sel, table=table))
    records, _text_frame = table_cells(frame, cols, small_cell_limit=data.limit)
    return [{k: v for k, v in rec.items() if not k.endswith("__na")} for rec in records]


def screening_rows(data: screening_view.ScreeningData, sel: screening_view.Selection) -> list[dict[str, Any]]:
    """The area, then each county running the programme in the year: the page's coverage table
    (eligible, screened, coverage) joined with its early-diagnosis table (detected, early
    detected, early) on the adcode; positives from the same masked rows (``load``)."""
    level_words = {
        t("screening.level.area", data.lang): "area",
        t("screening.level.county", data.lang): "county",
    }
    coverage = [r for r in _records(data, sel, "coverage") if r.get("year") == sel.year]
    early = {(level_words.get(r["level"]), r["adcode"]): r for r in _records(data, sel, "early")}
    positives = _positives(data, sel)
    rows = []
    for r in coverage:
        level = level_words.get(r["level"], "county")
        e = early.get((level, r["adcode"]), {})
        rows.append({
            "adcode": str(r["adcode"]), "name": r["name"], "level": level, "year": r["year"],
            "eligible": r.get("eligible"), "screened": r.get("screened"),
            "positive": positives.get((level, str(r["adcode"]))),
            "detected": e.get("detected"), "early_detected": e.get("early_detected"),
            "coverage": r.get("coverage"), "coverage_lower": r.get("coverage_lower"),
            "coverage_upper": r.get("coverage_upper"),
            "early": e.get("early"), "early_lower": e.get("early_lower"), "early_upper": e.get("early_upper"),
        })  # fmt: skip
    return rows


def _positives(
    data: screening_view.ScreeningData, sel: screening_view.Selection
) -> dict[tuple[str, str], int | None]:
    """Positives of the programme and year: the counties' masked rows (as the cascade shows
    them), and the area's total."""
    cr, ar = data.county_rows, data.area_rows
    out: dict[tuple[str, str], int | None] = {}
    c = cr[(cr["programme"] == sel.programme) & (cr["year"] == sel.year)]
    for code, v in zip(c["area"], c["positive"], strict=True):
        out[("county", str(code))] = whole(v)
    a = ar[(ar["programme"] == sel.programme) & (ar["year"] == sel.year)]
    if not a.empty:
        out[("area", data.area)] = whole(a["positive"].iloc[0])
    return out


def csv_value(value: object) -> object:
    """A JSON value as a CSV cell: None empty, booleans ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def flat(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> list[list[object]]:
    """Rows as CSV lines in ``columns`` order."""
    return [[csv_value(r.get(c)) for c in columns] for r in rows]


__all__ = ["COLUMNS", "area_rows", "count", "csv_value", "flat", "indicator_rows", "number", "rate_rows", "screening_rows",
           "whole"]  # fmt: skip
