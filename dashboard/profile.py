"""The county profile (``/county``): a county's standing against its peers.

Pure logic shared by ``layouts/county.py`` and ``callbacks/county.py``; the loaders it
calls are memoized queries. Three parts:

- :func:`spine_rows`: a Fingertips-style spine chart row for each county-level plan
  indicator (range of all counties, quartiles, the area value, the target, this county
  and its comparison with the area by its 95% interval, respecting polarity);
- :func:`cancer_rates`: incidence and mortality ASR (China 2000) of all sites and the
  area's five leading sites, pooled over the latest five years, county vs area;
- :func:`nearest_peers`: "similar counties" — statistical nearest neighbours on
  standardised features (see its docstring).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from dashboard.db import Database
from dashboard.epi import AGE_LOWER, compare_with_benchmark_array
from dashboard.indicators import INDICATORS
from dashboard.queries.areas import counties
from dashboard.queries.indicators import county_scorecard, indicator_series, plan_assessment, plan_for_area
from dashboard.queries.registry import Selection, county_rates, population_cube, registry_years
from dashboard.sites import sites_for_sex

#: Features of the nearest-neighbour search (columns of :func:`peer_features`).
PEER_FEATURES = ("log_population", "share_65", "urban", "incidence_asr")
#: Years pooled for the cancer rates.
POOLED_YEARS = 5
#: Leading sites shown besides all sites.
LEADING_SITES = 5


# --- Peers --------------------------------------------------------------------------------


def standardise(features: pd.DataFrame) -> pd.DataFrame:
    """z-scores of each column: (x − mean) / SD (population SD, ddof = 0).

    A column with no spread (SD 0 or undefined) becomes 0 everywhere: it cannot tell
    counties apart. A missing value becomes 0 (the mean): it neither pulls a county
    towards nor away from others on that feature.
    """
    out = pd.DataFrame(index=features.index)
    for c in features.columns:
        x = pd.to_numeric(features[c], errors="coerce").astype(float)
        mu, sd = x.mean(), x.std(ddof=0)
        z = (x - mu) / sd if sd and np.isfinite(sd) and sd > 0 else x * 0.0
        out[c] = z.fillna(0.0)
    return out


def nearest_peers(features: pd.DataFrame, county: str, k: int = 5) -> pd.DataFrame:
    """The ``k`` counties most similar to ``county`` ("similar areas", nearest neighbours).

    ``features``: one row per county (index = adcode), numeric columns (e.g.
    :data:`PEER_FEATURES`: log population, share aged 65+, urban flag 0/1, all-sites
    incidence ASR). Method, as Fingertips' statistical nearest neighbours in spirit:
    each feature is standardised to a z-score across all counties of the area
    (:func:`standardise`, so that features in different units weigh equally), and the
    distance between two counties is the Euclidean distance between their z-score
    vectors. The ``k`` counties with the smallest distance (ties by adcode) are the
    peers; the county itself is excluded.

    Returns columns area, distance (ascending), rank (1 = nearest).
    """
    if county not in features.index:
        raise KeyError(f"county {county!r} is not in the feature table")
    z = standardise(features)
    d = np.sqrt(((z - z.loc[county]) ** 2).sum(axis=1))
    out = pd.DataFrame({"area": z.index.astype(str), "distance": d.to_numpy(float)})
    out = out[out["area"] != str(county)].sort_values(["distance", "area"], kind="mergesort").head(k)
    out["rank"] = np.arange(1, len(out) + 1)
    return out.reset_index(drop=True)


def share_aged(person_years: np.ndarray, lower_age: float = 65) -> np.ndarray:
    """Share (%) of person-years in age groups starting at ``lower_age`` or above.

    ``person_years``: (..., 19) by age group. NaN where the total is 0.
    """
    py = np.asarray(person_years, dtype=float)
    old = py[..., np.asarray(AGE_LOWER) >= lower_age].sum(axis=-1)
    tot = py.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tot > 0, 100 * old / tot, np.nan)


def pooled_selection(years: list[int], measure: str = "incidence", site: str = "all") -> Selection:
    """ASR (China 2000), both sexes, pooled over the latest :data:`POOLED_YEARS` years."""
    latest = max(years) if years else 0
    first = max(min(years), latest - POOLED_YEARS + 1) if years else 0
    return Selection(measure, site, "T", "asr_china", first, latest)


def peer_features(db: Database, region: str, suppress_below: int = 16) -> pd.DataFrame:
    """The features of every county of ``region`` (index adcode): population (latest
    year), log_population, share_65 (% of the latest year's person-years aged 65+), urban
    (1 district, 0 county), incidence_asr (all sites, pooled latest five years; NaN when
    suppressed), with the names and regional group for display."""
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
        rt = county_rates(db, region, pooled_selection(years), suppress_below).counties.set_index("area")
        out["incidence_asr"] = rt["rate"].reindex(out.index).to_numpy(float)
    else:
        out["incidence_asr"] = np.nan
    return out


# --- Spine chart ----------------------------------------------------------------------------


def spine_scale(values: np.ndarray, benchmark: float, higher_is_better: bool) -> np.ndarray:
    """Positions in [0, 1] of a spine chart row: the benchmark at 0.5, the value farthest
    from it at 0 or 1, better to the right (lower values on the right when lower is
    better), as Fingertips draws its spines."""
    v = np.asarray(values, dtype=float)
    dev = np.nanmax(np.abs(v - benchmark)) if np.isfinite(v).any() and np.isfinite(benchmark) else np.nan
    if not np.isfinite(dev) or dev == 0:
        return np.where(np.isfinite(v), 0.5, np.nan)
    x = (v - benchmark) / (2 * dev)
    return 0.5 + (x if higher_is_better else -x)


def rank_of(values: pd.Series, county: str, higher_is_better: bool) -> tuple[int | None, int]:
    """(rank of ``county``, counties ranked): 1 = best by polarity; ties share the best rank."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    if county not in v.index:
        return None, len(v)
    r = v.rank(ascending=not higher_is_better, method="min")
    return int(r[county]), len(v)


def spine_row(
    county_values: pd.Series, county: str, *, area_value: float, lower: float, upper: float,
    higher_is_better: bool,
) -> dict[str, Any]:  # fmt: skip
    """One spine row from the values of all counties (index adcode) at one year.

    Returns min, q25, q75, max (over counties with a value), value (this county's, NaN
    when none), comparison (this county's interval ``lower``-``upper`` against
    ``area_value``: better / similar / worse by polarity, ``no_data`` when no interval),
    rank and n_ranked.
    """
    v = pd.to_numeric(county_values, errors="coerce").dropna().astype(float)
    value = float(v[county]) if county in v.index else math.nan
    comp = str(compare_with_benchmark_array([lower], [upper], [area_value], higher_is_better)[0])
    rank, n = rank_of(v, county, higher_is_better)
    q = v.quantile([0.25, 0.75]).to_numpy() if len(v) else np.array([math.nan, math.nan])
    return {
        "min": float(v.min()) if len(v) else math.nan, "q25": float(q[0]), "q75": float(q[1]),
        "max": float(v.max()) if len(v) else math.nan, "value": value, "comparison": comp,
        "rank": rank, "n_ranked": n,
    }  # fmt: skip


def indicator_rows(db: Database, region: str, county: str, as_of: int | None = None) -> pd.DataFrame:
    """One row per county-level indicator of the area's plan (plan order) for ``county``.

    Columns: target_id, indicator, unit, higher_is_better, year (latest year with county
    values), value, lower, upper (this county's 95% interval: Wilson for proportions, the
    stored interval for survey values, NaN for yes/no facts), area_value, target_value,
    comparison (better/similar/worse/no_data), status (the county's target status, from
    ``county_scorecard``), min, q25, q75, max, rank, n_ranked, and the x positions of the
    spine (x_min, x_q25, x_q75, x_max, x_area, x_value, x_target).
    """
    cols = ["target_id", "indicator", "unit", "higher_is_better", "year", "value", "lower", "upper",
            "area_value", "target_value", "comparison", "status", "deadline_passed", "min", "q25", "q75",
            "max", "rank", "n_ranked", "x_min", "x_q25", "x_q75", "x_max", "x_area", "x_value", "x_target"]  # fmt: skip
    plan = plan_for_area(db, region)
    if plan is None:
        return pd.DataFrame(columns=cols)
    as_of = as_of or date.today().year
    assessed = plan_assessment(db, region, str(plan["plan_id"]), as_of)
    score = county_scorecard(db, region, str(plan["plan_id"]), as_of)
    rows = []
    for _, r in assessed[assessed["county_level"]].iterrows():
        ind = INDICATORS[r["indicator"]]
        s = indicator_series(db, region, r["indicator"])
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
        st = score[(score["target_id"] == r["target_id"]) & (score["area"] == county)]
        tv = r["target_value"]
        target = float(tv) if tv is not None and pd.notna(tv) else math.nan
        pts = np.array([sp["min"], sp["q25"], sp["q75"], sp["max"], area_value, sp["value"], target])
        bench = area_value if np.isfinite(area_value) else float(np.nanmedian(at["value"]))
        xs = spine_scale(pts, bench, ind.higher_is_better)
        rows.append({
            "target_id": r["target_id"], "indicator": r["indicator"], "unit": ind.unit,
            "higher_is_better": ind.higher_is_better, "year": year, "value": sp["value"], "lower": lo,
            "upper": hi, "area_value": area_value, "target_value": target, "comparison": sp["comparison"],
            "status": str(st["status"].iloc[0]) if len(st) else "no_data",
            "deadline_passed": bool(r["deadline_passed"]),
            **{k: sp[k] for k in ("min", "q25", "q75", "max", "rank", "n_ranked")},
            **dict(zip(["x_min", "x_q25", "x_q75", "x_max", "x_area", "x_value", "x_target"], xs, strict=True)),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


# --- Cancer rates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRow:
    site: str
    measure: str
    cases: int
    rate: float
    lower: float
    upper: float
    reason: str
    area_rate: float
    area_lower: float
    area_upper: float
    comparison: str


def leading_sites(db: Database, region: str, years: list[int], k: int = LEADING_SITES,
                  suppress_below: int = 16) -> list[str]:  # fmt: skip
    """The area's ``k`` sites with the most new cases (both sexes, pooled period)."""
    candidates = [s.site for s in sites_for_sex("T") if s.site not in ("all", "other")]
    cases = {}
    for site in candidates:
        rt = county_rates(db, region, pooled_selection(years, "incidence", site), suppress_below)
        cases[site] = int(rt.area.get("cases", 0))
    return sorted(candidates, key=lambda s: (-cases[s], candidates.index(s)))[:k]


def cancer_rates(db: Database, region: str, county: str, suppress_below: int = 16) -> pd.DataFrame:
    """Incidence and mortality ASR (China 2000, per 100,000, both sexes, pooled latest five
    years) of all sites and the leading sites: county vs area.

    Columns: site, measure, year_from, year_to, cases (the county's cases or deaths, as
    counted: mask before showing), rate, lower, upper, reason ("" when shown), area_rate,
    area_lower, area_upper, comparison (the county's interval against the area's rate;
    higher is worse; ``no_data`` when suppressed).
    """
    years = registry_years(db, region)
    cols = ["site", "measure", "year_from", "year_to", "cases", "rate", "lower", "upper", "reason",
            "area_rate", "area_lower", "area_upper", "comparison"]  # fmt: skip
    if not years:
        return pd.DataFrame(columns=cols)
    rows = []
    for site in ["all", *leading_sites(db, region, years, suppress_below=suppress_below)]:
        for measure in ("incidence", "mortality"):
            sel = pooled_selection(years, measure, site)
            rt = county_rates(db, region, sel, suppress_below)
            c = rt.counties.set_index("area")
            if county not in c.index:
                continue
            r = c.loc[county]
            comp = compare_with_benchmark_array([r["lower"]], [r["upper"]], [rt.area["rate"]], False)[0]
            rows.append({
                "site": site, "measure": measure, "year_from": sel.year_from, "year_to": sel.year_to,
                "cases": int(r["cases"]), "rate": float(r["rate"]), "lower": float(r["lower"]),
                "upper": float(r["upper"]), "reason": str(r["reason"]), "area_rate": float(rt.area["rate"]),
                "area_lower": float(rt.area["lower"]), "area_upper": float(rt.area["upper"]),
                "comparison": str(comp),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def county_header(db: Database, region: str, county: str, suppress_below: int = 16) -> dict[str, Any]:
    """Name, group, population (latest year) and registry-quality of the county (all
    sites, pooled latest five years)."""
    feats = peer_features(db, region, suppress_below)
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
        c = county_rates(db, region, sel, suppress_below).counties.set_index("area").loc[county]
        out.update(quality_flags=str(c["quality_flags"]), mv_pct=float(c["mv_pct"]), dco_pct=float(c["dco_pct"]),
                   mi_ratio=float(c["mi_ratio"]), year_from=sel.year_from, year_to=sel.year_to)  # fmt: skip
    return out


def indicator_values(
    db: Database, region: str, indicators: list[str], as_of: int | None = None
) -> pd.DataFrame:
    """Each county's value of each indicator at the indicator's latest year with county
    values (index adcode, one column per indicator; NaN when none)."""
    as_of = as_of or date.today().year
    out = pd.DataFrame(index=pd.Index(counties(db, region)["adcode"], name="area"))
    for key in indicators:
        s = indicator_series(db, region, key)
        cs = s[(s["area"] != region) & s["value"].notna() & (s["year"] <= as_of)]
        if cs.empty:
            out[key] = np.nan
            continue
        at = cs[cs["year"] == cs["year"].max()].set_index("area")["value"]
        out[key] = at.reindex(out.index).to_numpy(float)
    return out


def peer_table(db: Database, region: str, county: str, indicators: list[str], k: int = 5,
               suppress_below: int = 16) -> pd.DataFrame:  # fmt: skip
    """The county itself (first row, rank 0) and its ``k`` nearest peers with their
    features and the values of ``indicators`` (see :func:`nearest_peers`)."""
    feats = peer_features(db, region, suppress_below)
    peers = nearest_peers(feats[list(PEER_FEATURES)], county, k)
    order = pd.concat([pd.DataFrame({"area": [county], "distance": [0.0], "rank": [0]}), peers],
                      ignore_index=True)  # fmt: skip
    vals = indicator_values(db, region, indicators)
    out = order.join(feats, on="area").join(vals, on="area")
    return out.reset_index(drop=True)


# --- Words: the tables as shown and exported ------------------------------------------------


def _num(v: object, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)) or pd.isna(v):  # type: ignore[arg-type]
        return "—"
    return f"{float(v):,.{digits}f}"


def value_ci(value: float, lower: float, upper: float, unit: str) -> str:
    """ "52.3% (48.1–56.4)" or "52.3%" without interval; "—" when missing."""
    from dashboard.status import fmt_value

    text = fmt_value(None if pd.isna(value) else float(value), unit) if unit else _num(value)
    if text != "—" and pd.notna(lower) and pd.notna(upper):
        text += f" ({_num(lower)}–{_num(upper)})"
    return text


def spine_table_rows(rows: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """The spine chart's numbers as display strings, one dict per indicator."""
    from dashboard.i18n import t
    from dashboard.status import fmt_value, status_label

    out = []
    for _, r in rows.iterrows():
        ind = INDICATORS[r["indicator"]]
        target = fmt_value(None if pd.isna(r["target_value"]) else float(r["target_value"]), ind.unit)
        if pd.isna(r["target_value"]):
            target = t("overview.falling", lang)
        out.append({
            "indicator": r["indicator"], "name": ind.name(lang), "year": str(int(r["year"])),
            "value": value_ci(r["value"], r["lower"], r["upper"], ind.unit),
            "area": fmt_value(None if pd.isna(r["area_value"]) else float(r["area_value"]), ind.unit),
            "target": target,
            "status": str(r["status"]), "status_text": status_label(str(r["status"]), lang, bool(r["deadline_passed"])),
            "comparison": str(r["comparison"]), "comparison_text": t(f"county.comparison.{r['comparison']}", lang),
            "rank": t("county.rank", lang, rank=int(r["rank"]), n=int(r["n_ranked"])) if pd.notna(r["rank"]) else "—",
        })  # fmt: skip
    return out


def rate_table_rows(rates: pd.DataFrame, lang: str, limit: int) -> list[dict[str, str]]:
    """The cancer-rate table as display strings; counts 1..``limit`` masked, suppressed
    rates "—" with the reason."""
    from dashboard.figures.rate_map import masked_count_texts, reason_text, site_label
    from dashboard.i18n import t

    out = []
    for _, r in rates.iterrows():
        masked = masked_count_texts([int(r["cases"])], limit)[0]
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


def profile_csv(rows: pd.DataFrame, rates: pd.DataFrame, lang: str, limit: int) -> str:
    """The profile's numbers as CSV (indicator rows, then rate rows); counts from 1 to
    ``limit`` are masked, suppressed rates left empty with the reason."""
    from dashboard.epi import mask_small_counts
    from dashboard.figures.rate_map import reason_text, site_label
    from dashboard.i18n import t

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
        m = mask_small_counts(rates, ["cases"], limit)
        for d, (_, r) in zip(rate_table_rows(rates, lang, limit), m.iterrows(), strict=True):
            shown = d["rate"] != "—"
            records.append({section: t("county.csv.rates", lang), c["site"]: site_label(str(r["site"]), lang),
                            c["measure"]: d["measure_text"], c["year"]: f"{r['year_from']}-{r['year_to']}",
                            unit: "1/100,000 ASR China 2000", c["cases"]: str(int(r["cases"])) if pd.notna(r["cases"]) else f"<{limit + 1}",
                            value: r["rate"] if shown else "", lower: r["lower"] if shown else "",
                            upper: r["upper"] if shown else "", c["area"]: r["area_rate"],
                            c["comparison"]: d["comparison_text"],
                            t("county.csv.reason", lang): "" if shown else reason_text(str(r["reason"]),
                                                                                      str(r["measure"]), lang)})  # fmt: skip
    return pd.DataFrame(records).round(1).to_csv(index=False)
