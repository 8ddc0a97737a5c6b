"""Screening programmes: coverage, the screening cascade, early diagnosis (pure, no DB, no Dash).

Working definitions (``/work/shared/reference/plan-targets.md``):

- coverage (筛查覆盖率) = screened ÷ eligible, for one programme, county and year;
- the cascade: eligible → screened → positive → detected (cancers and precancers) →
  detected early, with a conversion rate at each step: coverage = screened ÷ eligible,
  positivity = positive ÷ screened, detection = detected ÷ positive, early-diagnosis rate
  (早诊率) = early_detected ÷ detected;
- a county *runs* a programme in a year when it screened anybody (screened > 0);
- two-cancer county coverage = counties running both cervical and breast ÷ all counties.

Intervals are Wilson score intervals (:func:`dashboard.epi.wilson_interval`). A county is
called higher or lower than the area as a whole only when its interval excludes the
area's value (:func:`dashboard.epi.compare_with_benchmark`), and the funnel plot uses
:func:`dashboard.epi.funnel_limits_proportion` / :func:`dashboard.epi.funnel_position`.

Missing and small numbers (``epi-methods.md``, "Small numbers and privacy"):

- a proportion with no denominator (0 or missing) is NaN with reason ``"no_data"`` —
  never 0% and never an error;
- a proportion whose denominator is below ``suppress_below`` (the settings'
  ``suppress_rate_below``, 16) is NaN with reason ``"fewer_than_16_cases"``;
- which counts are shown is not decided here: the publication layer
  (:mod:`dashboard.publish.screening`) hides small counts and their partners, and blanks
  every proportion built on a hidden count (count = proportion × denominator).

All proportions here are fractions (0–1); figures and tables multiply by 100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard.catalogue.indicators import INDICATORS
from dashboard.epi import (
    compare_with_benchmark_array,
    funnel_limits_proportion,
    funnel_position,
    wilson_interval,
)

#: Programmes in display order (keys of the ``screening.programme`` column).
PROGRAMMES: tuple[str, ...] = ("cervical", "breast", "lung", "upper_gi", "colorectal", "liver")
#: The two-cancer programmes (农村妇女"两癌"筛查).
TWO_CANCER: tuple[str, ...] = ("cervical", "breast")
#: Count columns of the ``screening`` table, in cascade order.
STEPS: tuple[str, ...] = ("eligible", "screened", "positive", "detected", "early_detected")
#: Conversion rates of the cascade: (key, numerator, denominator).
CONVERSIONS: tuple[tuple[str, str, str], ...] = (
    ("coverage", "screened", "eligible"),
    ("positivity", "positive", "screened"),
    ("detection", "detected", "positive"),
    ("early", "early_detected", "detected"),
)

NO_DATA = "no_data"
SMALL_COUNT = "small_count"
INCONSISTENT = "inconsistent"
HIGHER, SIMILAR, LOWER = "higher", "similar", "lower"
#: Design-card reference for early diagnosis when a plan has no such target (percent).
DESIGN_CARD_EARLY_DIAGNOSIS = 55.0


def few_cases_reason(threshold: int) -> str:
    """Reason code of a proportion on fewer than ``threshold`` cases (denominator)."""
    return f"fewer_than_{int(threshold)}_cases"


def _numeric(s: pd.Series) -> np.ndarray:
    """A column as float64 with NaN for missing (masked, NA, None)."""
    return pd.to_numeric(s, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def add_proportion(
    df: pd.DataFrame,
    numerator: str,
    denominator: str,
    prefix: str,
    *,
    alpha: float = 0.05,
    suppress_below: int = 0,
) -> pd.DataFrame:
    """Add ``numerator ÷ denominator`` with its Wilson interval; returns a new frame.

    New columns: ``<prefix>``, ``<prefix>_lower``, ``<prefix>_upper`` (fractions) and
    ``<prefix>_reason`` ("" when shown). The value is NaN, never 0 or an error, when:

    - the denominator is 0 or missing → ``"no_data"``;
    - the numerator is missing (masked) → ``"small_count"``;
    - the numerator exceeds the denominator (inconsistent data) → ``"inconsistent"``;
    - the denominator is below ``suppress_below`` → ``"fewer_than_<n>_cases"``.
    """
    out = df.copy()
    x = _numeric(out[numerator])
    n = _numeric(out[denominator])
    no_den = np.isnan(n) | (n <= 0)
    no_num = np.isnan(x) & ~no_den
    bad = ~no_den & ~no_num & ((x > n) | (x < 0))
    few = ~no_den & ~no_num & ~bad & (n < suppress_below)
    reason = np.select(
        [no_den, no_num, bad, few],
        [NO_DATA, SMALL_COUNT, INCONSISTENT, few_cases_reason(suppress_below)],
        default="",
    )
    ok = reason == ""
    value = np.full(len(out), np.nan)
    lower = np.full(len(out), np.nan)
    upper = np.full(len(out), np.nan)
    if ok.any():
        lo, hi = wilson_interval(x[ok], n[ok], alpha)
        value[ok] = x[ok] / n[ok]
        lower[ok] = np.asarray(lo, dtype=float)
        upper[ok] = np.asarray(hi, dtype=float)
    out[prefix] = value
    out[f"{prefix}_lower"] = lower
    out[f"{prefix}_upper"] = upper
    out[f"{prefix}_reason"] = pd.array(reason.astype(str), dtype="str")
    return out


def coverage(df: pd.DataFrame, *, alpha: float = 0.05, suppress_below: int = 0) -> pd.DataFrame:
    """Screening coverage = screened ÷ eligible (column ``coverage``; eligible 0 → "no_data")."""
    return add_proportion(df, "screened", "eligible", "coverage", alpha=alpha,
                          suppress_below=suppress_below)  # fmt: skip


def early_diagnosis(df: pd.DataFrame, *, alpha: float = 0.05, suppress_below: int = 0) -> pd.DataFrame:
    """Early-diagnosis rate = early_detected ÷ detected (column ``early``)."""
    return add_proportion(df, "early_detected", "detected", "early", alpha=alpha,
                          suppress_below=suppress_below)  # fmt: skip


def add_conversions(df: pd.DataFrame, *, alpha: float = 0.05, suppress_below: int = 0) -> pd.DataFrame:
    """All four cascade conversion rates (see :data:`CONVERSIONS`) for every row."""
    out = df
    for key, num, den in CONVERSIONS:
        out = add_proportion(out, num, den, key, alpha=alpha, suppress_below=suppress_below)
    return out


def area_table(totals: pd.DataFrame, *, alpha: float = 0.05) -> pd.DataFrame:
    """Area-wide rows (sums over counties) with all four conversions, unmasked.

    Area totals are sums of county cells; which of them are shown is decided by the
    publication layer (:mod:`dashboard.publish.screening`).
    """
    return add_conversions(totals, alpha=alpha)


def compare_with_area(lower: Any, upper: Any, area_value: Any) -> np.ndarray:
    """ "higher"/"similar"/"lower" than the area's value, judged by the interval; "no_data".

    Neutral wording: a higher positivity is not "better". Built on
    :func:`dashboard.epi.compare_with_benchmark_array` with ``higher_is_better=True``.
    """
    lab = compare_with_benchmark_array(lower, upper, area_value, higher_is_better=True)
    return np.vectorize({"better": HIGHER, "similar": SIMILAR, "worse": LOWER,
                         "no_data": NO_DATA}.get, otypes=[object])(lab)  # fmt: skip


def cascade(
    county: Mapping[str, Any] | pd.Series | None,
    area: Mapping[str, Any] | pd.Series | None,
    *,
    alpha: float = 0.05,
    suppress_below: int = 0,
) -> pd.DataFrame:
    """The screening cascade of one county (programme, year) against the area as a whole.

    ``county`` is one published row (:func:`dashboard.publish.screening.published_screening`) or None (the county
    does not run the programme that year); ``area`` one row of :func:`area_table`.
    Returns one row per step of :data:`STEPS` with columns:

    - ``step``, ``count`` (county; NA when masked or absent), ``area_count``;
    - ``conversion`` (key of the rate into this step, "" for "eligible"), ``rate``,
      ``rate_lower``, ``rate_upper``, ``rate_reason`` (county),
      ``area_rate``, ``area_lower``, ``area_upper`` (area);
    - ``comparison``: "higher"/"similar"/"lower" than the area (interval excludes the
      area's rate or not), "no_data" when either is missing;
    - ``of_eligible``: the county count as a share of eligible (for the funnel bars);
    - ``absent``: True when the county has no row (its counts are "no data", not masked).

    The county's proportions are recomputed from its (masked) counts with
    ``suppress_below``: a masked count gives a blank rate, never one that reveals it.
    """
    recs = []
    conv_of = {num: (key, den) for key, num, den in CONVERSIONS}
    c = dict(county) if county is not None else {}
    a = dict(area) if area is not None else {}

    def num(d: Mapping[str, Any], k: str) -> float:
        v = d.get(k)
        return float(v) if v is not None and not pd.isna(v) else np.nan

    for step in STEPS:
        key, den = conv_of.get(step, ("", ""))
        recs.append({"step": step, "conversion": key, "count": num(c, step), "area_count": num(a, step),
                     "den": num(c, den) if den else np.nan, "area_den": num(a, den) if den else np.nan})  # fmt: skip
    out = pd.DataFrame(recs)
    out = add_proportion(out, "count", "den", "rate", alpha=alpha, suppress_below=suppress_below)
    if county is None:
        out["rate_reason"] = pd.array([NO_DATA] * len(out), dtype="str")
    out = add_proportion(out, "area_count", "area_den", "area", alpha=alpha)
    out = out.rename(columns={"area": "area_rate"})
    first = out["conversion"] == ""
    for col in ("rate", "rate_lower", "rate_upper", "area_rate", "area_lower", "area_upper"):
        out.loc[first, col] = np.nan
    out.loc[first, "rate_reason"] = ""
    out["comparison"] = compare_with_area(out["rate_lower"], out["rate_upper"], out["area_rate"])
    out.loc[first, "comparison"] = ""
    eligible = out.loc[out["step"] == "eligible", "count"].iloc[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["of_eligible"] = out["count"] / eligible if eligible and eligible > 0 else np.nan
    out["count"] = out["count"].astype("Float64")
    out["area_count"] = out["area_count"].astype("Float64")
    out["absent"] = county is None
    return out[["step", "conversion", "count", "area_count", "rate", "rate_lower", "rate_upper",
                "rate_reason", "area_rate", "area_lower", "area_upper", "comparison",
                "of_eligible", "absent"]]  # fmt: skip


def programme_running(
    rows: pd.DataFrame, counties: pd.DataFrame, year: int, programmes: Sequence[str] = PROGRAMMES
) -> pd.DataFrame:
    """Which county runs which programme in ``year`` (runs = screened > 0).

    ``rows``: screening rows of the area, raw or as published (a masked
    screened count stands for 1..limit people, so its row counts as running).
    ``counties``: every county of the area (adcode, name_zh, name_en); a county with no
    row for a programme does not run it. Returns one row per county × programme:
    adcode, name_zh, name_en, programme, running (bool), coverage (fraction or NaN) and
    coverage_reason ("no_data" when not running).
    """
    yr = rows[rows["year"] == int(year)]
    if "coverage" not in yr.columns:
        yr = coverage(yr)
    yr = yr[["area", "programme", "screened", "coverage", "coverage_reason"]].assign(_row=True)
    grid = counties[["adcode", "name_zh", "name_en"]].merge(
        pd.DataFrame({"programme": list(programmes)}), how="cross"
    )
    out = grid.merge(yr, left_on=["adcode", "programme"], right_on=["area", "programme"], how="left")
    has_row = out["_row"].notna().to_numpy()
    screened = _numeric(out["screened"])
    out["running"] = has_row & (np.isnan(screened) | (screened > 0))
    out["coverage_reason"] = out["coverage_reason"].astype(object).where(has_row, NO_DATA).astype("str")
    return out[["adcode", "name_zh", "name_en", "programme", "running", "coverage",
                "coverage_reason"]].reset_index(drop=True)  # fmt: skip


def county_share_running(
    running: pd.DataFrame, programmes: Sequence[str] = TWO_CANCER
) -> dict[str, float | int]:
    """Counties running *all* of ``programmes`` ÷ all counties (e.g. two-cancer coverage).

    ``running`` is :func:`programme_running`'s frame. Returns ``{"running": k,
    "counties": n, "share": k/n}`` (share NaN when there is no county).
    """
    sub = running[running["programme"].isin(programmes)]
    per = sub.groupby("adcode")["running"].agg(lambda s: bool(s.all()) and len(s) == len(programmes))
    n = int(running["adcode"].nunique())
    k = int(per.sum())
    return {"running": k, "counties": n, "share": k / n if n else np.nan}


def funnel_points(
    df: pd.DataFrame,
    p0: float,
    *,
    numerator: str = "early_detected",
    denominator: str = "detected",
    value_col: str = "early",
) -> pd.DataFrame:
    """Counties with a shown proportion, placed against the funnel of ``p0``.

    Adds ``position_95`` and ``position_998`` ("above"/"within"/"below") for rows whose
    ``value_col`` is shown (not suppressed or masked); others get "" and are not plotted.
    """
    out = df.copy()
    shown = out[value_col].notna().to_numpy()
    for level, col in ((0.95, "position_95"), (0.998, "position_998")):
        pos = np.full(len(out), "", dtype=object)
        if shown.any() and 0 < p0 < 1:
            x = _numeric(out[numerator])[shown]
            n = _numeric(out[denominator])[shown]
            pos[shown] = funnel_position(x, n, p0, level)
        out[col] = pd.array(pos.astype(str), dtype="str")
    return out


def funnel_limits(p0: float, n_max: float, n_min: float = 1.0, points: int = 120) -> pd.DataFrame:
    """Funnel control limits (95%, 99.8%) around ``p0`` on a whole-number grid up to ``n_max``."""
    hi = max(float(n_max) * 1.1, 10.0)
    lo = max(1.0, min(float(n_min), hi) * 0.8)
    grid = np.unique(np.round(np.geomspace(lo, hi, points)))
    return funnel_limits_proportion(p0, grid)


def find_target(targets: pd.DataFrame, *, kind: str, programme: str | None = None) -> dict[str, Any] | None:
    """The plan target on an indicator of ``kind`` (and covering ``programme``), or None.

    ``targets``: rows of the ``targets`` table of the area's plan(s)
    (:func:`dashboard.queries.screening.area_targets`). Only quantified targets with a
    value count. ``kind`` is an indicator kind of :data:`dashboard.catalogue.indicators.INDICATORS`
    ("screening_coverage", "screening_early", "programme_counties"). Returns
    ``{"indicator", "comparison", "value" (percent), "deadline", "text_zh", "text_en",
    "plan_id"}``; with several, the latest deadline wins.
    """
    if targets is None or targets.empty:
        return None
    keys = [k for k, ind in INDICATORS.items() if ind.kind == kind
            and (programme is None or not ind.programmes or programme in ind.programmes)]  # fmt: skip
    sub = targets[targets["indicator"].isin(keys) & targets["value"].notna()]
    if "quantified" in sub.columns:
        sub = sub[sub["quantified"].astype(bool)]
    if sub.empty:
        return None
    row = sub.sort_values("deadline").iloc[-1]
    return {
        "indicator": str(row["indicator"]),
        "comparison": str(row["comparison"]),
        "value": float(row["value"]),
        "deadline": int(row["deadline"]),
        "text_zh": str(row["text_zh"]),
        "text_en": str(row["text_en"]),
        "plan_id": str(row.get("plan_id", "")),
    }


def early_reference(targets: pd.DataFrame) -> dict[str, Any]:
    """The early-diagnosis line: the plan's target if it has one, else the design card's 55%.

    Returns :func:`find_target`'s dict plus ``"source": "plan"``, or
    ``{"value": 55.0, "comparison": ">=", "source": "design_card", "deadline": None}``.
    """
    tgt = find_target(targets, kind="screening_early")
    if tgt is not None:
        return {**tgt, "source": "plan"}
    return {"value": DESIGN_CARD_EARLY_DIAGNOSIS, "comparison": ">=", "source": "design_card",
            "deadline": None, "indicator": "early_diagnosis"}  # fmt: skip


def target_met(value_pct: float, target: Mapping[str, Any]) -> bool:
    """Does ``value_pct`` (percent) meet ``target`` (:func:`find_target`'s dict)?

    ">=" means at least the target value, anything else (">") strictly above it; a
    missing value never meets a target.
    """
    if value_pct is None or pd.isna(value_pct):
        return False
    if target["comparison"] == ">=":
        return bool(value_pct >= target["value"])
    return bool(value_pct > target["value"])


def resolve_state(
    *,
    programme: str | None,
    year: str | None,
    county: str | None,
    counties: str | None,
    years: list[int],
    county_codes: list[str],
    runs: set[tuple[str, str, int]],
) -> dict[str, object]:
    """Valid control values from the query string (unknown values fall back to defaults).

    Defaults: cervical; the latest year with data; the first county running the
    programme that year (else the first county); all counties in the small multiples.
    ``runs`` holds (county, programme, year) of the rows present. Never raises on a
    malformed query string (unknown codes, text for the year, repeated keys).
    """

    def first(v: Any) -> Any:  # a repeated query key arrives as a list
        return v[0] if isinstance(v, list) and v else v

    programme, year, county = first(programme), first(year), first(county)
    if isinstance(counties, list):
        counties = ",".join(str(c) for c in counties)
    prog = programme if programme in PROGRAMMES else PROGRAMMES[0]
    try:
        yr = int(year) if year is not None else None
    except (TypeError, ValueError):
        yr = None
    if yr not in years:
        yr = max(years) if years else None
    if county not in county_codes:
        running = [c for c in county_codes if (c, prog, yr) in runs]
        county = running[0] if running else (county_codes[0] if county_codes else None)
    chosen = [c for c in (counties or "").split(",") if c in county_codes]
    return {"programme": prog, "year": yr, "county": county, "counties": chosen}


#: Kinds of table column for :func:`table_cells`.
TEXT, INT, COUNT, PCT = "text", "int", "count", "pct"


def table_cells(
    df: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    *,
    small_cell_limit: int,
    decimals: int = 1,
    hidden_text: str | None = None,
) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """The numbers behind a chart, for the grid and for the CSV, from ONE rule set.

    ``columns``: ``(key, kind)`` pairs; kind is ``"text"``, ``"int"`` (a year, a code),
    ``"count"`` (a county count: a missing one is a hidden one and reads ``hidden_text``,
    the one neutral reason, else ``"<6"`` for limit 5) or ``"pct"`` (a fraction shown as a percentage; a missing one reads "—").
    A column ``<key>__na`` in ``df``, where present and non-empty, gives the text of a
    missing cell instead (e.g. "—" for a county with no data at all, "not running").

    Returns ``(records, text)``: ``records`` for dash-ag-grid (numbers stay numbers so
    they sort; percentages rounded to ``decimals + 1``; missing cells are None with their
    text in ``<key>__na``), and ``text``, the same table as strings (the CSV). A masked
    count therefore never leaves the server, on screen or in the file.
    """
    small = hidden_text or f"<{int(small_cell_limit) + 1}"
    n = len(df)
    recs: list[dict[str, Any]] = [{} for _ in range(n)]
    text: dict[str, list[str]] = {}
    for key, kind in columns:
        if kind not in (TEXT, INT, COUNT, PCT):
            raise ValueError(f"unknown column kind {kind!r} for {key!r}")
        raw = df[key] if key in df.columns else pd.Series([None] * n, index=df.index)
        na_txt = (df[f"{key}__na"].astype(object).where(df[f"{key}__na"].notna(), "").tolist()
                  if f"{key}__na" in df.columns else [""] * n)  # fmt: skip
        if kind == TEXT:
            vals = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in raw]
            text[key] = [v if v else na for v, na in zip(vals, na_txt, strict=True)]
            for r, v in zip(recs, text[key], strict=True):
                r[key] = v
            continue
        num = _numeric(raw)
        col_text = []
        for i, x in enumerate(num):
            if np.isnan(x):
                miss = na_txt[i] or (small if kind == COUNT else "—")
                recs[i][key] = None
                recs[i][f"{key}__na"] = miss
                col_text.append(miss)
            elif kind == PCT:
                recs[i][key] = round(float(x) * 100, decimals + 1)
                col_text.append(f"{x * 100:.{decimals}f}")
            else:
                recs[i][key] = int(round(x))
                col_text.append(str(int(round(x))))
        text[key] = col_text
    return recs, pd.DataFrame(text, columns=[k for k, _ in columns])
