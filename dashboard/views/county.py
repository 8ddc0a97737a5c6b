"""The county profile (``/county``) without Dash: selection → data → words → what is shown.

A county's standing against its peers, for county health bureaus. ``layouts/county.py``
and ``callbacks/county.py`` parse their inputs into a :class:`Selection`
(:func:`parse_selection`), call this module and wrap the result in components:

- data, through the memoized queries and the pure rules of :mod:`dashboard.domain.peers`:
  :func:`indicator_rows` (a Fingertips-style spine row per county-level plan indicator),
  :func:`cancer_rates` (incidence and mortality ASR, China 2000, of all sites and the
  area's five leading sites, pooled over the latest five years, county vs area),
  :func:`peer_table` ("similar counties") and :func:`county_header`;
- words in the chosen language: :func:`spine_table_rows`, :func:`rate_table_rows`,
  :func:`profile_csv` (every registry number as published: :mod:`dashboard.publish.rates`,
  hidden counts with the one neutral reason, suppressed rates left out with the reason);
- :func:`county_page`, everything the layout draws (:class:`CountyPage`), and
  :func:`csv_file`, the download.

Missing data is not an error: a section whose tables are empty says which tables to
load (``missing``) instead of drawing an empty chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.access.scope import may_read_county, require_county
from dashboard.catalogue.indicators import INDICATORS, Indicator
from dashboard.catalogue.sites import sites_for_sex
from dashboard.domain.assessment import county_scorecard, plan_assessment
from dashboard.domain.findings import (
    Finding,
    change_finding,
    county_differences,
    ordered,
    quality_finding,
    rising_trend,
    target_finding,
)
from dashboard.domain.peers import (
    LEADING_SITES,
    PEER_FEATURES,
    POOLED_YEARS,
    nearest_peers,
    rank_interval_of,
    share_aged,
    spine_row,
    spine_scale,
)
from dashboard.domain.status import TargetSpec, assess_frame, resolved
from dashboard.domain.verdict import Verdict, verdict
from dashboard.epi import compare_with_benchmark_array
from dashboard.export.tables import TableExport, about_block
from dashboard.figures.profile import make_spine_chart
from dashboard.i18n import pick, t
from dashboard.i18n.findings import FindingLine, finding_lines
from dashboard.i18n.map import hidden_text, period_label, quality_text, reason_text, site_label
from dashboard.i18n.targets import fmt_value, status_label
from dashboard.i18n.verdict import verdict_lines
from dashboard.infra.db import Database
from dashboard.publish.indicators import published_indicators
from dashboard.publish.rates import published_rates, published_series
from dashboard.queries.areas import area_info, counties, data_kind
from dashboard.queries.indicators import YES_NO_KINDS, plan_for_area
from dashboard.queries.registry import Selection as RateSelection
from dashboard.queries.registry import population_cube, registry_years

#: Tables behind each section, named in the "no data yet" notices.
INDICATOR_TABLES: tuple[str, ...] = ("indicator_observations", "screening")
REGISTRY_TABLES: tuple[str, ...] = ("registry_counts", "population")
PEER_TABLES: tuple[str, ...] = ("population", "registry_counts")
#: Plan indicators shown as columns of the peer table.
PEER_INDICATORS = 3


# --- 1. Selection ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The profile shown: plan area and county; ``unknown`` is a county code that was asked
    for but is not in the area (the area's first county is shown instead, with a warning)."""

    area: str
    county: str
    unknown: str | None = None


def parse_selection(db: Database, area: str, county: object, *, strict: bool = False) -> Selection | None:
    """The selection for plan area ``area`` (already checked) and the requested ``county``.

    A missing or unknown county falls back to the area's first (``unknown`` keeps an
    unknown code for the warning); with ``strict`` an unknown county gives ``None``
    (a download for a county that is not in the area). ``None`` too when the area has
    no county at all. The fallback is the first county the request may read; a county it
    may not read raises :class:`~dashboard.access.scope.AccessDenied`.
    """
    if not isinstance(area, str):
        return None
    codes = counties(db, area)["adcode"].astype(str).tolist()
    if isinstance(county, list | tuple):  # a repeated query key arrives as a list
        county = county[0] if county else None
    if not codes or (strict and county not in codes):
        return None
    if county in codes:
        require_county(area, str(county))
        return Selection(area, str(county))
    readable = [c for c in codes if may_read_county(area, c)] or codes
    require_county(area, readable[0])
    return Selection(area, readable[0], unknown=str(county) if county else None)


def county_href(area: str, county: str) -> str:
    """The address of a county's profile."""
    return "/county?" + urlencode({"area": area, "county": county})


# --- 2. Data -----------------------------------------------------------------------------------


def pooled_selection(years: list[int], measure: str = "incidence", site: str = "all") -> RateSelection:
    """ASR (China 2000), both sexes, pooled over the latest :data:`POOLED_YEARS` years."""
    latest = max(years) if years else 0
    first = max(min(years), latest - POOLED_YEARS + 1) if years else 0
    return RateSelection(measure, site, "T", "asr_china", first, latest)


def peer_features(db: Database, region: str, suppress_below: int = 16, limit: int = 5) -> pd.DataFrame:
    """The features of every county of ``region`` (index adcode): population (latest
    year), log_population, share_65 (% of the latest year's person-years aged 65+), urban
    (1 district, 0 county), incidence_asr (all sites, pooled latest five years, as published:
    NaN when suppressed or hidden), with the names and regional group for display."""
    cdf = counties(db, region).set_index("adcode")
    pop = population_cube(db, region)
    out = cdf[["name_zh", "name_en", "region_group", "region_group_en"]].copy()
    if pop.years:
        latest = pop.person_years[-1].sum(axis=0)  # (C, A): both sexes, latest year
        idx = {a: i for i, a in enumerate(pop.areas)}
        rows = [idx.get(a, -1) for a in out.index]
        total = np.array([latest[i].sum() if i >= 0 else np.nan for i in rows])
        # rounded to 0.1 percentage point: standardising would otherwise magnify
        # meaningless differences when counties share almost the same age structure
        share = np.round(
            np.array([share_aged(latest[i]) if i >= 0 else np.nan for i in rows], dtype=float), 1
        )
        out["population_year"] = int(pop.years[-1])
    else:
        total = share = np.full(len(out), np.nan)
        out["population_year"] = pd.NA
    out["population"] = total
    out["log_population"] = np.log(np.where(total > 0, total, np.nan))
    out["share_65"] = share
    out["urban"] = cdf["urban"].map({True: 1.0, False: 0.0}).astype(float)
    years = registry_years(db, region)
    if years:
        rt = published_rates(db, region, pooled_selection(years), suppress_below, limit).counties.set_index(
            "area"
        )
        out["incidence_asr"] = rt["rate"].reindex(out.index).to_numpy(float)
    else:
        out["incidence_asr"] = np.nan
    return out


def county_level_indicators(db: Database, region: str, as_of: int | None = None) -> list[str]:
    """The indicators of the area's plan that the catalogue measures per county, in plan
    order, whether or not their values are loaded yet ([] without a plan)."""
    plan = plan_for_area(db, region)
    if plan is None:
        return []
    assessed = plan_assessment(db, region, str(plan["plan_id"]), as_of or date.today().year)
    return [k for k in assessed["indicator"] if k in INDICATORS and INDICATORS[k].county_level]


def indicator_rows(
    db: Database, region: str, county: str, as_of: int | None = None, limit: int = 5
) -> pd.DataFrame:
    """One row per county-level indicator of the area's plan (plan order) for ``county``.

    Columns: target_id, indicator, unit, higher_is_better, year (latest year with county
    values), value, lower, upper (this county's 95% interval: Wilson for proportions, the
    stored interval for survey values, NaN for yes/no facts), area_value, target_value,
    comparison (better/similar/worse/no_data), status (the county's target status, from
    ``county_scorecard``), deadline_passed, verdict (the county's "now" and "by the deadline"
    statements, :func:`dashboard.domain.verdict.verdict`), deadline, min, q25, q75, max, rank,
    n_ranked, rank_lower, rank_upper (the rank's 95% interval,
    :func:`dashboard.domain.peers.rank_interval_of`), and the x positions of the
    spine (x_min, x_q25, x_q75, x_max, x_area, x_value, x_target). An indicator with no
    county value yet has no row. Values are the published ones
    (:func:`dashboard.publish.indicators.published_indicators`, counts 1..``limit``
    protected): a hidden value is no value, and a county whose newest value is hidden has
    no value, status or statement for that indicator.
    """
    cols = ["target_id", "indicator", "unit", "higher_is_better", "year", "value", "lower", "upper",
            "area_value", "target_value", "comparison", "status", "deadline_passed", "verdict", "deadline",
            "min", "q25", "q75",
            "max", "rank", "n_ranked", "rank_lower", "rank_upper", "x_min", "x_q25", "x_q75", "x_max", "x_area", "x_value", "x_target"]  # fmt: skip
    plan = plan_for_area(db, region)
    if plan is None:
        return pd.DataFrame(columns=cols)
    as_of = as_of or date.today().year
    assessed = plan_assessment(db, region, str(plan["plan_id"]), as_of, limit)
    score = county_scorecard(db, region, str(plan["plan_id"]), as_of, limit)
    rows = []
    for _, r in assessed[assessed["county_level"]].iterrows():
        ind = INDICATORS[r["indicator"]]
        s = published_indicators(db, region, r["indicator"], limit)
        s = s[s["year"] <= as_of]
        cs = s[(s["area"] != region) & s["value"].notna()]
        if cs.empty:
            continue
        year = int(cs["year"].max())
        at = cs[cs["year"] == year].set_index("area")
        own = s[(s["area"] == region) & (s["year"] == year)]
        area_value = float(own["value"].iloc[0]) if len(own) and pd.notna(own["value"].iloc[0]) else math.nan
        lo = float(at.at[county, "lower"]) if county in at.index else math.nan
        hi = float(at.at[county, "upper"]) if county in at.index else math.nan
        sp = spine_row(at["value"], county, area_value=area_value, lower=lo, upper=hi,
                       higher_is_better=ind.higher_is_better)  # fmt: skip
        rank_lo, rank_hi = rank_interval_of(at, county, higher_is_better=ind.higher_is_better,
                                            percent=ind.unit == "%", fixed=ind.kind in YES_NO_KINDS)  # fmt: skip
        st = score[(score["target_id"] == r["target_id"]) & (score["area"] == county)]
        tv = r["target_value"]
        target = float(tv) if tv is not None and pd.notna(tv) else math.nan
        # "now" and "by the deadline" of this county (never a deadline status beside a later value)
        cspec = resolved(TargetSpec.from_row(r), None if math.isnan(target) else target)
        mine = s[s["area"] == county]
        hidden = bool(len(st)) and st["reason"].iloc[0] == "hidden"  # its newest value is hidden
        v = (
            None
            if hidden
            else verdict(assess_frame(cspec, mine, as_of=as_of, percent=ind.unit == "%"), cspec)
        )
        pts = np.array([sp["min"], sp["q25"], sp["q75"], sp["max"], area_value, sp["value"], target])
        bench = area_value if np.isfinite(area_value) else float(np.nanmedian(at["value"]))
        xs = spine_scale(pts, bench, ind.higher_is_better)
        rows.append({
            "target_id": r["target_id"], "indicator": r["indicator"], "unit": ind.unit,
            "higher_is_better": ind.higher_is_better, "year": year, "value": sp["value"], "lower": lo,
            "upper": hi, "area_value": area_value, "target_value": target, "comparison": sp["comparison"],
            "status": str(st["status"].iloc[0]) if len(st) else "no_data",
            "deadline_passed": bool(r["deadline_passed"]), "verdict": v, "deadline": int(r["deadline"]),
            **{k: sp[k] for k in ("min", "q25", "q75", "max", "rank", "n_ranked")},
            "rank_lower": rank_lo, "rank_upper": rank_hi,
            **dict(zip(["x_min", "x_q25", "x_q75", "x_max", "x_area", "x_value", "x_target"], xs, strict=True)),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def leading_sites(db: Database, region: str, years: list[int], k: int = LEADING_SITES,
                  suppress_below: int = 16, limit: int = 5) -> list[str]:  # fmt: skip
    """The area's ``k`` sites with the most new cases (both sexes, pooled period; the area's
    published counts: a hidden one counts as none)."""
    candidates = [s.site for s in sites_for_sex("T") if s.site not in ("all", "other")]
    cases = {}
    for site in candidates:
        rt = published_rates(db, region, pooled_selection(years, "incidence", site), suppress_below, limit)
        cases[site] = int(rt.area.get("cases") or 0)
    return sorted(candidates, key=lambda s: (-cases[s], candidates.index(s)))[:k]


def cancer_rates(
    db: Database, region: str, county: str, suppress_below: int = 16, limit: int = 5
) -> pd.DataFrame:
    """Incidence and mortality ASR (China 2000, per 100,000, both sexes, pooled latest five
    years) of all sites and the leading sites: county vs area.

    Columns: site, measure, year_from, year_to, cases (the county's cases or deaths as
    published: NaN when hidden, :func:`dashboard.publish.rates.published_rates`), rate,
    lower, upper, reason ("" when shown; "hidden" when the count is hidden), area_rate,
    area_lower, area_upper, comparison (the county's interval against the area's rate;
    higher is worse; ``no_data`` when suppressed). Empty without registry data.
    """
    years = registry_years(db, region)
    cols = ["site", "measure", "year_from", "year_to", "cases", "rate", "lower", "upper", "reason",
            "area_rate", "area_lower", "area_upper", "comparison"]  # fmt: skip
    if not years:
        return pd.DataFrame(columns=cols)
    rows = []
    for site in ["all", *leading_sites(db, region, years, suppress_below=suppress_below, limit=limit)]:
        for measure in ("incidence", "mortality"):
            sel = pooled_selection(years, measure, site)
            rt = published_rates(db, region, sel, suppress_below, limit)
            c = rt.counties.set_index("area")
            if county not in c.index:
                continue
            r = c.loc[county]
            comp = compare_with_benchmark_array([r["lower"]], [r["upper"]], [rt.area["rate"]], False)[0]
            rows.append({
                "site": site, "measure": measure, "year_from": sel.year_from, "year_to": sel.year_to,
                "cases": float(r["cases"]), "rate": float(r["rate"]), "lower": float(r["lower"]),
                "upper": float(r["upper"]), "reason": str(r["reason"]), "area_rate": float(rt.area["rate"]),
                "area_lower": float(rt.area["lower"]), "area_upper": float(rt.area["upper"]),
                "comparison": str(comp),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def county_header(db: Database, region: str, county: str, suppress_below: int = 16,
                  limit: int = 5) -> dict[str, Any]:  # fmt: skip
    """Name, group, population (latest year) and registry-quality of the county (all
    sites, pooled latest five years, as published: NaN where a ratio would reveal a hidden
    count; NaN and ``None`` years without registry data)."""
    feats = peer_features(db, region, suppress_below, limit)
    f = feats.loc[county]
    years = registry_years(db, region)
    out: dict[str, Any] = {
        "name_zh": f["name_zh"], "name_en": f["name_en"], "region_group": f["region_group"],
        "region_group_en": f["region_group_en"], "population": f["population"],
        "population_year": f["population_year"], "quality_flags": "", "mv_pct": math.nan,
        "dco_pct": math.nan, "mi_ratio": math.nan, "year_from": None, "year_to": None,
    }  # fmt: skip
    if years:
        sel = pooled_selection(years)
        rates = published_rates(db, region, sel, suppress_below, limit).counties.set_index("area")
        if county in rates.index:
            c = rates.loc[county]
            out.update(quality_flags=str(c["quality_flags"]), mv_pct=float(c["mv_pct"]),
                       dco_pct=float(c["dco_pct"]), mi_ratio=float(c["mi_ratio"]), year_from=sel.year_from,
                       year_to=sel.year_to)  # fmt: skip
    return out


def indicator_values(
    db: Database, region: str, indicators: list[str], as_of: int | None = None, limit: int = 5
) -> pd.DataFrame:
    """Each county's published value of each indicator at the indicator's latest year with
    county values (index adcode, one column per indicator; NaN when none or hidden)."""
    as_of = as_of or date.today().year
    out = pd.DataFrame(index=pd.Index(counties(db, region)["adcode"], name="area"))
    for key in indicators:
        s = published_indicators(db, region, key, limit)
        cs = s[(s["area"] != region) & s["value"].notna() & (s["year"] <= as_of)]
        if cs.empty:
            out[key] = np.nan
            continue
        at = cs[cs["year"] == cs["year"].max()].set_index("area")["value"]
        out[key] = at.reindex(out.index).to_numpy(float)
    return out


def peer_table(db: Database, region: str, county: str, indicators: list[str], k: int = 5,
               suppress_below: int = 16, limit: int = 5) -> pd.DataFrame:  # fmt: skip
    """The county itself (first row, rank 0) and its ``k`` nearest peers with their
    features and the values of ``indicators`` (see :func:`dashboard.domain.peers.nearest_peers`)."""
    feats = peer_features(db, region, suppress_below, limit)
    peers = nearest_peers(feats[list(PEER_FEATURES)], county, k)
    order = pd.concat([pd.DataFrame({"area": [county], "distance": [0.0], "rank": [0]}), peers],
                      ignore_index=True)  # fmt: skip
    vals = indicator_values(db, region, indicators, limit=limit)
    out = order.join(feats, on="area").join(vals, on="area")
    return out.reset_index(drop=True)


# --- 3. Words: the tables as shown and exported ------------------------------------------------


def _num(v: object, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)) or pd.isna(v):  # type: ignore[arg-type]
        return "—"
    return f"{float(v):,.{digits}f}"  # type: ignore[arg-type]


def _value(v: object) -> float | None:
    return None if v is None or pd.isna(v) else float(v)  # type: ignore[arg-type]


def value_ci(value: float, lower: float, upper: float, unit: str) -> str:
    """ "52.3% (48.1–56.4)" or "52.3%" without interval; "—" when missing."""
    text = fmt_value(_value(value), unit) if unit else _num(value)
    if text != "—" and pd.notna(lower) and pd.notna(upper):
        text += f" ({_num(lower)}–{_num(upper)})"
    return text


def _status_text(r: pd.Series, lang: str) -> str:
    """The chip's words: the headline of the two statements (e.g. "reached after the deadline")."""
    v = r.get("verdict")
    if isinstance(v, Verdict):
        return t(f"verdict.label.{v.headline}", lang)
    return status_label(str(r["status"]), lang, bool(r["deadline_passed"]))


def _verdict_texts(r: pd.Series, ind: Indicator, lang: str) -> dict[str, str]:
    v = r.get("verdict")
    if not isinstance(v, Verdict):
        return {"now": "", "by_deadline": ""}
    now, by = verdict_lines(v, int(r["deadline"]), ind.unit, lang, ind.key)
    return {"now": now, "by_deadline": by}


def _rank_text(r: pd.Series, lang: str) -> str:
    """ "第 3 位（1–7），共 38 个" / "3 (1–7) of 38"; "第 3 / 38" without an interval; "—" unranked."""
    if pd.isna(r["rank"]):
        return "—"
    if pd.isna(r.get("rank_lower")) or pd.isna(r.get("rank_upper")):
        return t("county.rank", lang, rank=int(r["rank"]), n=int(r["n_ranked"]))
    return t("county.rank_ci", lang, rank=int(r["rank"]), lower=int(r["rank_lower"]), upper=int(r["rank_upper"]),
             n=int(r["n_ranked"]))  # fmt: skip


def spine_table_rows(rows: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """The spine chart's numbers as display strings, one dict per indicator."""
    out = []
    for _, r in rows.iterrows():
        ind = INDICATORS[r["indicator"]]
        target = fmt_value(_value(r["target_value"]), ind.unit)
        if pd.isna(r["target_value"]):
            target = t("overview.falling", lang)
        out.append({
            "indicator": r["indicator"], "name": ind.name(lang), "year": str(int(r["year"])),
            "value": value_ci(r["value"], r["lower"], r["upper"], ind.unit),
            "area": fmt_value(_value(r["area_value"]), ind.unit),
            "target": target,
            "status": str(r["status"]), "status_text": _status_text(r, lang),
            **_verdict_texts(r, ind, lang),
            "comparison": str(r["comparison"]), "comparison_text": t(f"county.comparison.{r['comparison']}", lang),
            "rank": _rank_text(r, lang),
        })  # fmt: skip
    return out


def rate_table_rows(rates: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """The cancer-rate table (:func:`cancer_rates`, as published) as display strings; a
    hidden count reads the one neutral reason, suppressed rates "—" with the reason."""
    out = []
    for _, r in rates.iterrows():
        masked = hidden_text(lang) if pd.isna(r["cases"]) else None
        shown = bool(pd.notna(r["rate"]) and not r["reason"])
        rate = value_ci(r["rate"], r["lower"], r["upper"], "") if shown else "—"
        comp = "county.rate_cmp." + r["comparison"] if shown and r["comparison"] != "no_data" else \
            "county.comparison.suppressed"  # fmt: skip
        out.append({
            "site": r["site"], "measure": r["measure"], "site_text": site_label(str(r["site"]), lang),
            "measure_text": t(f"county.measure.{r['measure']}", lang),
            "rate": rate, "reason": "" if shown else reason_text(str(r["reason"]), str(r["measure"]), lang),
            "area": value_ci(r["area_rate"], r["area_lower"], r["area_upper"], ""),
            "cases": masked if masked is not None else f"{int(r['cases']):,}",
            "comparison": str(r["comparison"]) if shown else "no_data", "comparison_text": t(comp, lang),
        })  # fmt: skip
    return out


def profile_csv(rows: pd.DataFrame, rates: pd.DataFrame, lang: str) -> str:
    """The profile's numbers as CSV (indicator rows, then rate rows); registry numbers as
    published (a hidden count empty, the neutral reason in the reason column), suppressed
    rates left empty with the reason."""
    return profile_frame(rows, rates, lang).to_csv(index=False)


def profile_frame(rows: pd.DataFrame, rates: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame behind :func:`profile_csv` (values at one decimal)."""
    c = {k: t(f"county.col.{k}", lang) for k in ("indicator", "year", "area", "target", "status", "comparison",
                                                 "rank", "site", "measure", "cases")}  # fmt: skip
    value, lower, upper = (
        t("county.col.value", lang),
        t("county.csv.lower", lang),
        t("county.csv.upper", lang),
    )
    section, unit = t("county.csv.section", lang), t("county.csv.unit", lang)
    records: list[dict[str, object]] = []
    for d, (_, r) in zip(spine_table_rows(rows, lang), rows.iterrows(), strict=True):
        records.append({section: t("county.csv.indicators", lang), c["indicator"]: d["name"], c["year"]: d["year"],
                        unit: r["unit"], value: r["value"], lower: r["lower"], upper: r["upper"],
                        c["area"]: r["area_value"], c["target"]: r["target_value"], c["status"]: d["status_text"],
                        c["comparison"]: d["comparison_text"], c["rank"]: d["rank"]})  # fmt: skip
    if len(rates):
        for d, (_, r) in zip(rate_table_rows(rates, lang), rates.iterrows(), strict=True):
            shown = d["rate"] != "—"
            records.append({section: t("county.csv.rates", lang), c["site"]: site_label(str(r["site"]), lang),
                            c["measure"]: d["measure_text"], c["year"]: f"{r['year_from']}-{r['year_to']}",
                            unit: "1/100,000 ASR China 2000", c["cases"]: str(int(r["cases"])) if pd.notna(r["cases"]) else "",
                            value: r["rate"] if shown else "", lower: r["lower"] if shown else "",
                            upper: r["upper"] if shown else "", c["area"]: r["area_rate"],
                            c["comparison"]: d["comparison_text"],
                            t("county.csv.reason", lang): "" if shown else reason_text(str(r["reason"]),
                                                                                      str(r["measure"]), lang)})  # fmt: skip
    return pd.DataFrame(records).round(1)


# --- 4. What the layout draws ------------------------------------------------------------------


@dataclass(frozen=True)
class SpineView:
    """The spine chart card: a figure and its table, or a notice (``message`` / ``missing``)."""

    title: str
    hint: str
    figure: go.Figure | None
    heads: list[str]
    rows: list[dict[str, str]]  #: :func:`spine_table_rows`
    rank_note: str
    message: str = ""  #: why there is no chart (the area has no plan file)
    missing: tuple[str, ...] = ()  #: tables to load before there is a chart


@dataclass(frozen=True)
class RatesView:
    title: str
    hint: str
    heads: list[str]
    rows: list[dict[str, str]]  #: :func:`rate_table_rows`
    message: str = ""  #: no rates for this county
    missing: tuple[str, ...] = ()  #: no registry data in the area


@dataclass(frozen=True)
class PeerRow:
    area: str
    name: str
    own: bool  #: the county itself (no link)
    href: str
    cells: list[str]  #: distance, population, share 65+, incidence ASR, indicator values


@dataclass(frozen=True)
class PeersView:
    title: str
    hint: str
    heads: list[str]
    rows: list[PeerRow]
    this_county: str  #: "(this county)"
    missing: tuple[str, ...] = ()  #: no feature to compare counties on


@dataclass(frozen=True)
class CountyPage:
    """Everything ``layouts/county.py`` draws, in the page's language."""

    lang: str
    selection: Selection
    title: str
    other_name: str  #: the county's name in the other language
    subtitle: str
    warning: str  #: an unknown county was asked for ("" otherwise)
    picker_label: str
    picker_options: list[dict[str, str]]
    download_label: str
    header: list[tuple[str, str]]  #: (label, value)
    spine: SpineView
    rates: RatesView
    peers: PeersView
    masked_note: str
    findings: tuple[FindingLine, ...] = ()  #: "what the data says" (:func:`county_findings`)
    findings_text: dict[str, str] | None = None  #: title, hint, none


def _header(h: dict[str, Any], urban: bool | None, lang: str) -> list[tuple[str, str]]:
    pop_year = h["population_year"]
    pop = f"{h['population']:,.0f}" if pd.notna(h["population"]) else "—"
    flags = quality_text(h["quality_flags"], lang) or t("county.quality.none", lang)
    period = period_label(h["year_from"], h["year_to"], lang) if h["year_from"] else "—"
    mi = "—" if pd.isna(h["mi_ratio"]) else f"{h['mi_ratio']:.2f}"
    q = t(
        "county.quality.values", lang, mv=fmt_value(h["mv_pct"], "%"), dco=fmt_value(h["dco_pct"], "%"), mi=mi
    )
    urban_text = "—" if urban is None else t(f"county.urban.{'yes' if urban else 'no'}", lang)
    return [
        (t("county.group", lang), pick(h["region_group"], h["region_group_en"], lang) or "—"),
        (t("county.urban", lang), urban_text),
        (t("county.population", lang, year=pop_year if pd.notna(pop_year) else "—"), pop),
        (t("county.quality", lang, period=period), f"{q} · {'⚠ ' if h['quality_flags'] else ''}{flags}"),
    ]


def spine_figure(rows: pd.DataFrame, lang: str) -> go.Figure:
    """The spine chart of :func:`indicator_rows` with its words."""
    labels = [INDICATORS[k].name(lang) for k in rows["indicator"]]
    table = spine_table_rows(rows, lang)
    area = t("county.col.area", lang)
    hover = [f"<b>{lab}</b> ({d['year']})<br>{d['value']}<br>{area}: {d['area']}<br>{d['comparison_text']}"
             for lab, d in zip(labels, table, strict=True)]  # fmt: skip
    legend = {
        k: t(f"county.legend.{k}", lang)
        for k in ("range", "iqr", "area", "target", "worse_end", "better_end")
    }
    legend.update({k: t(f"county.comparison.{k}", lang) for k in ("better", "similar", "worse", "no_data")})
    return make_spine_chart(df=rows, labels=labels, legend=legend, hover=hover,
                            empty_message=t("county.spine.empty", lang))  # fmt: skip


def _spine(db: Database, sel: Selection, rows: pd.DataFrame, lang: str) -> SpineView:
    words = {
        "title": t("county.spine.title", lang),
        "hint": t("county.spine.hint", lang),
        "heads": [t(f"county.col.{h}", lang) for h in ("indicator", "year", "value", "area", "target", "status",
                                                       "comparison", "rank")],
        "rank_note": t("county.rank_note", lang),
    }  # fmt: skip
    if plan_for_area(db, sel.area) is None:
        return SpineView(**words, figure=None, rows=[], message=t("county.spine.no_plan", lang))
    if rows.empty and county_level_indicators(db, sel.area):  # indicators, but no values yet
        return SpineView(**words, figure=None, rows=[], missing=INDICATOR_TABLES)
    return SpineView(**words, figure=spine_figure(rows, lang), rows=spine_table_rows(rows, lang))


def _rates(rates: pd.DataFrame, years: list[int], lang: str, limit: int, period: str) -> RatesView:
    heads = [t(f"county.col.{h}", lang) for h in ("site", "measure", "county_rate", "area_rate", "cases",
                                                  "comparison")]  # fmt: skip
    title, hint = t("county.rates.title", lang), t("county.rates.hint", lang, period=period)
    if not years:
        return RatesView(title, hint, heads, [], missing=REGISTRY_TABLES)
    rows = rate_table_rows(rates, lang)
    return RatesView(title, hint, heads, rows, message="" if rows else t("county.rates.none", lang))


def _peers(peers: pd.DataFrame, sel: Selection, keys: Sequence[str], lang: str, period: str) -> PeersView:
    heads = [t("county.col.county", lang), t("county.col.distance", lang), t("county.col.population", lang),
             t("county.col.share_65", lang), t("county.col.incidence", lang)] + [INDICATORS[k].name(lang)
                                                                                for k in keys]  # fmt: skip
    title, hint = t("county.peers.title", lang), t("county.peers.hint", lang, period=period)
    this = t("county.this_county", lang)
    if not peers[["population", "share_65", "incidence_asr"]].notna().any().any():
        return PeersView(title, hint, heads, [], this, missing=PEER_TABLES)  # nothing tells counties apart
    rows = []
    for _, r in peers.iterrows():
        own = int(r["rank"]) == 0
        cells = ["" if own else f"{r['distance']:.2f}",
                 f"{r['population']:,.0f}" if pd.notna(r["population"]) else "—",
                 fmt_value(r["share_65"], "%"),
                 "—" if pd.isna(r["incidence_asr"]) else f"{r['incidence_asr']:.1f}"]  # fmt: skip
        cells += [fmt_value(_value(r[k]), INDICATORS[k].unit) for k in keys]
        rows.append(PeerRow(area=str(r["area"]), name=pick(r["name_zh"], r["name_en"], lang), own=own,
                            href=county_href(sel.area, str(r["area"])), cells=cells))  # fmt: skip
    return PeersView(title, hint, heads, rows, this)


def area_name(db: Database, area: str, lang: str) -> str:
    info = area_info(db, area) or {}
    return pick(info.get("name_zh"), info.get("name_en"), lang) or area  # type: ignore[arg-type]


def county_findings(db: Database, sel: Selection, rows: pd.DataFrame, rates: pd.DataFrame, header: dict[str, Any],
                    *, lang: str, suppress_below: int, limit: int = 5) -> list[FindingLine]:  # fmt: skip
    """ "What the data says" about one county (rules: :mod:`dashboard.domain.findings`): its
    targets at risk, its values significantly above or below the area (indicators and
    cancer rates), its rising rates, its registry's quality, significant changes since the
    previous data year. Suppressed rates (NaN) make no finding."""
    code, county = sel.area, sel.county
    name = pick(header["name_zh"], header["name_en"], lang)
    made: list[Finding | None] = []
    plan = plan_for_area(db, code)
    specs: dict[str, TargetSpec] = {}
    if plan is not None:
        assessed = plan_assessment(db, code, str(plan["plan_id"]), date.today().year, limit)
        specs = {str(r["target_id"]): TargetSpec.from_row(r) for _, r in assessed.iterrows()}
    for _, r in rows.iterrows():
        key, ind = str(r["indicator"]), INDICATORS[str(r["indicator"])]
        href = f"/targets?{urlencode({'area': code, 'indicator': key})}"
        tv = r["target_value"]
        spec = specs.get(str(r["target_id"]))
        if spec is not None and r["verdict"] is not None:  # a hidden newest value: no verdict
            made.append(target_finding(indicator=key, unit=ind.unit, spec=spec, v=r["verdict"], href=href,
                                       target=None if pd.isna(tv) else float(tv)))  # fmt: skip
        made += county_differences(subject=(("indicator", key), ("unit", ind.unit), ("single", True)), names=[name],
                                   values=[r["value"]], lower=[r["lower"]], upper=[r["upper"]],
                                   benchmark=r["area_value"], higher_is_better=ind.higher_is_better,
                                   href="#county-spine")  # fmt: skip
        series = published_indicators(db, code, key, limit)
        made.append(change_finding(indicator=key, unit=ind.unit, higher_is_better=ind.higher_is_better,
                                   series=series[series["area"] == county], href=href))  # fmt: skip
    for _, r in rates.iterrows():
        subject = (("measure", r["measure"]), ("site", r["site"]), ("year_from", int(r["year_from"])),
                   ("year_to", int(r["year_to"])), ("single", True))  # fmt: skip
        made += county_differences(subject=subject, names=[name], values=[r["rate"]], lower=[r["lower"]],
                                   upper=[r["upper"]], benchmark=r["area_rate"], higher_is_better=False,
                                   href="#county-rates-table")  # fmt: skip
    years = registry_years(db, code)
    if len(years) >= 3:
        for measure in ("incidence", "mortality"):
            rsel = RateSelection(measure=measure, site="all", sex="T", rate="asr_china", year_from=years[0],
                                 year_to=years[-1])  # fmt: skip
            cs = published_series(db, code, county, rsel, suppress_below, limit)
            href = f"/map?{urlencode({'area': code, **rsel.params(), 'county': county})}"
            made.append(rising_trend(subject=(("measure", measure), ("site", "all"), ("year_from", years[0]),
                                              ("year_to", years[-1]), ("place", name)),
                                     apc=cs.apc, lower=cs.apc_lower, upper=cs.apc_upper, href=href))  # fmt: skip
    made.append(
        quality_finding(flagged=[(name, header["quality_flags"])], county=True, href="#county-header")
    )
    return finding_lines(ordered(made), lang, area_name(db, code, lang))


def county_page(
    db: Database, sel: Selection, *, lang: str, suppress_below: int, small_cell_limit: int
) -> CountyPage:
    """The whole profile of ``sel`` in ``lang`` (rates on fewer than ``suppress_below``
    cases suppressed, counts 1..``small_cell_limit`` masked)."""
    code, county = sel.area, sel.county
    cdf = counties(db, code).set_index("adcode")
    names = {
        str(a): pick(z, e, lang) for a, z, e in zip(cdf.index, cdf["name_zh"], cdf["name_en"], strict=True)
    }
    h = county_header(db, code, county, suppress_below, small_cell_limit)
    urban_val = cdf.at[county, "urban"]
    years = registry_years(db, code)
    pooled = pooled_selection(years)
    period = period_label(pooled.year_from, pooled.year_to, lang) if years else "—"
    rows = indicator_rows(db, code, county, limit=small_cell_limit)
    keys = rows["indicator"].tolist()[:PEER_INDICATORS]
    warning = t("county.unknown_county", lang, code=sel.unknown, name=names[county]) if sel.unknown else ""
    readable = {c for c in names if may_read_county(code, c)}  # all, unless the account has single counties
    rates_df = cancer_rates(db, code, county, suppress_below, small_cell_limit)
    peers = _peers(
        peer_table(db, code, county, keys, 5, suppress_below, small_cell_limit), sel, keys, lang, period
    )
    if len(readable) < len(names):  # no other county's row or name for a county-level account
        peers = replace(peers, rows=[r for r in peers.rows if r.own or r.area in readable])
    return CountyPage(
        lang=lang,
        selection=sel,
        title=t("county.title", lang, county=pick(h["name_zh"], h["name_en"], lang)),
        other_name=pick(h["name_zh"], h["name_en"], "en" if lang == "zh" else "zh"),
        subtitle=t("county.subtitle", lang, area=area_name(db, code, lang)),
        warning=warning,
        picker_label=t("county.picker", lang),
        picker_options=[{"label": n, "value": c} for c, n in names.items() if c in readable],
        download_label=t("county.download", lang),
        header=_header(h, None if pd.isna(urban_val) else bool(urban_val), lang),
        spine=_spine(db, sel, rows, lang),
        rates=_rates(rates_df, years, lang, small_cell_limit, period),
        peers=peers,
        masked_note=t(
            "county.masked_note",
            lang,
            limit=small_cell_limit,
            limit1=small_cell_limit + 1,
            threshold=suppress_below,
        ),
        findings=tuple(
            county_findings(
                db, sel, rows, rates_df, h, lang=lang, suppress_below=suppress_below, limit=small_cell_limit
            )
        ),  # fmt: skip
        findings_text={k: t(f"findings.{k}", lang) for k in ("title", "hint", "none")},
    )


def csv_file(
    db: Database, sel: Selection, *, lang: str, suppress_below: int, small_cell_limit: int
) -> tuple[str, str]:
    """(file name, CSV text with a BOM) of the profile: numbers as published."""
    rows = indicator_rows(db, sel.area, sel.county, limit=small_cell_limit)
    rates = cancer_rates(db, sel.area, sel.county, suppress_below, small_cell_limit)
    text = profile_csv(rows, rates, lang)
    return f"county-profile-{sel.county}.csv", "\ufeff" + text


def profile_export(
    db: Database, sel: Selection, *, lang: str, suppress_below: int, small_cell_limit: int
) -> TableExport:
    """The profile download (CSV or XLSX) with its about block: county, area, period, sources."""
    rows = indicator_rows(db, sel.area, sel.county, limit=small_cell_limit)
    rates = cancer_rates(db, sel.area, sel.county, suppress_below, small_cell_limit)
    frame = profile_frame(rows, rates, lang)
    h = county_header(db, sel.area, sel.county, suppress_below, small_cell_limit)
    county, area = pick(h["name_zh"], h["name_en"], lang), area_name(db, sel.area, lang)
    years = registry_years(db, sel.area)
    pooled = pooled_selection(years)
    period = period_label(pooled.year_from, pooled.year_to, lang) if years else ""
    title = t("county.title", lang, county=county)
    about = about_block(lang, title=title, area=f"{county} ({sel.county}) · {area} ({sel.area})", period=period,
                        source=t("export.county.source", lang), definition=t("export.county.definition", lang),
                        suppression=t("county.masked_note", lang, limit=small_cell_limit, limit1=small_cell_limit + 1,
                                      threshold=suppress_below),
                        demo=data_kind(db) == "demonstration")  # fmt: skip
    return TableExport(frame, f"county-profile-{sel.county}", title, about, lang)
