"""Deterministic, seeded demonstration data (示例数据) for the plan areas whose plan
file has a ``demo:`` block (the shipped Chongqing and Jiujiang plans).

Everything here is SYNTHETIC. It is shaped to look like Chinese registry and
screening tables so the dashboard can be shown and tested, and the interface
labels it as demonstration data wherever it appears.

Calibration (checked by tests/test_generator.py):
- Chongqing 2018: reported incidence about 292 per 100,000 and about 86,000
  new cases and 49,000 deaths a year (plan text, 渝卫发〔2020〕39号).
- A realistic age structure that ages over time; a Chinese site mix; rural
  counties with more stomach, oesophagus and liver cancer and urban districts
  with more breast, colorectal and thyroid cancer; a few counties with poor
  registry quality; screening programmes widening over time; indicators
  moving toward their targets at different speeds.

The same seed gives the same tables, row for row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from dashboard.catalogue.sites import SITES
from dashboard.epi.standards import AGE_GROUPS
from dashboard.plans import DemoSpec, Plan, load_plans

N_AGE = len(AGE_GROUPS)


@dataclass(frozen=True)
class RegionSpec(DemoSpec):
    """One plan area's demonstration shape: the plan file's ``demo:`` block and its adcode."""

    adcode: str = ""

    @classmethod
    def from_plan(cls, plan: Plan) -> RegionSpec:
        if plan.demo is None:
            raise ValueError(f"{plan.source_file}: no demo block")
        return cls(**asdict(plan.demo), adcode=plan.area)


def demo_regions(plans: list[Plan] | None = None) -> tuple[RegionSpec, ...]:
    """The demonstration regions: every plan with a ``demo:`` block (default: the shipped plans)."""
    plans = load_plans() if plans is None else plans
    return tuple(RegionSpec.from_plan(p) for p in plans if p.demo is not None)


# Share of each age group in the population (China 2020 census shape, rounded).
_AGE_SHARE = np.array(
    [1.0, 4.2, 6.1, 6.0, 5.3, 5.3, 6.8, 8.2, 7.0, 6.7, 8.0, 8.3, 7.1, 5.2, 5.2, 3.5, 2.5, 1.7, 1.0]
)
# How much older the population gets each year (shift of weight into ages 60+).
_AGEING_PER_YEAR = 0.012

# All-sites incidence by age per 100,000 (male, female): a Chinese shape.
_RATE_M = np.array([14, 11, 7, 8, 10, 14, 22, 35, 60, 110, 200, 380, 620, 900, 1250, 1600, 1950, 2150, 2050])
_RATE_F = np.array([12, 9, 6, 7, 10, 20, 40, 70, 115, 170, 240, 320, 400, 480, 620, 780, 950, 1100, 1050])

# Share of all cancers by site and sex (M, F); "other" takes the rest.
_SITE_SHARE = {
    "lung": (0.24, 0.14),
    "colorectum": (0.10, 0.09),
    "stomach": (0.09, 0.05),
    "liver": (0.11, 0.05),
    "oesophagus": (0.07, 0.03),
    "breast": (0.0, 0.17),
    "cervix": (0.0, 0.06),
    "thyroid": (0.025, 0.09),
    "pancreas": (0.03, 0.025),
    "prostate": (0.04, 0.0),
    "brain": (0.025, 0.03),
    "leukaemia": (0.025, 0.02),
    "lymphoma": (0.025, 0.02),
    "bladder": (0.03, 0.01),
}
# Age profile modifiers: younger-skewed sites and older-skewed sites.
_YOUNG = np.exp(-((np.arange(N_AGE) - 9.5) ** 2) / 30.0) * 3 + 0.3
_OLD = np.clip((np.arange(N_AGE) - 8) / 6.0, 0.05, 2.2)
_SITE_AGE = {"thyroid": _YOUNG, "breast": _YOUNG * 0.8 + 0.4, "cervix": _YOUNG * 0.8 + 0.4,
             "prostate": _OLD, "leukaemia": np.full(N_AGE, 1.0)}  # fmt: skip
# Mortality-to-incidence ratio by site.
_MI = {"lung": 0.82, "colorectum": 0.48, "stomach": 0.72, "liver": 0.92, "oesophagus": 0.80,
       "breast": 0.22, "cervix": 0.32, "thyroid": 0.06, "pancreas": 0.92, "prostate": 0.35,
       "brain": 0.62, "leukaemia": 0.65, "lymphoma": 0.55, "bladder": 0.38, "other": 0.55}  # fmt: skip
# Yearly change of incidence by site (thyroid rising fast, stomach/oesophagus falling).
_TREND = {"thyroid": 0.10, "lung": 0.02, "colorectum": 0.025, "breast": 0.025, "cervix": 0.02,
          "prostate": 0.04, "stomach": -0.025, "oesophagus": -0.035, "liver": -0.01}  # fmt: skip
# Rural excess (multiplier for rural counties; urban gets 1/this).
_RURAL = {"stomach": 1.25, "oesophagus": 1.35, "liver": 1.15, "cervix": 1.1, "breast": 0.85,
          "colorectum": 0.88, "thyroid": 0.7, "lung": 1.0}  # fmt: skip

PROGRAMMES: dict[str, dict[str, float]] = {
    # eligible share of the population, positivity, detection yield among
    # positives, early share of detected (rising by early_gain a year)
    "cervical": {"eligible": 0.24, "pos": 0.05, "yield": 0.30, "early": 0.60, "early_gain": 0.006},
    "breast": {"eligible": 0.24, "pos": 0.03, "yield": 0.12, "early": 0.36, "early_gain": 0.014},
    "lung": {"eligible": 0.28, "pos": 0.08, "yield": 0.09, "early": 0.33, "early_gain": 0.02},
    "upper_gi": {"eligible": 0.20, "pos": 0.10, "yield": 0.18, "early": 0.42, "early_gain": 0.014},
    "colorectal": {"eligible": 0.26, "pos": 0.08, "yield": 0.20, "early": 0.38, "early_gain": 0.016},
    "liver": {"eligible": 0.06, "pos": 0.05, "yield": 0.06, "early": 0.22, "early_gain": 0.016},
}


def _county_frame(areas: pd.DataFrame, region: str) -> pd.DataFrame:
    children = set(areas.loc[areas["parent_adcode"] == region, "adcode"])
    under = areas["parent_adcode"].eq(region) | areas["parent_adcode"].isin(children)
    counties = areas[under & (areas["level"] == "county")]
    if counties.empty:
        raise ValueError(f"no counties with parent_adcode {region} in the areas table")
    return counties.sort_values("adcode").reset_index(drop=True)


def _population(rng: np.random.Generator, spec: RegionSpec, counties: pd.DataFrame) -> pd.DataFrame:
    n = len(counties)
    urban = counties["urban"].fillna(False).to_numpy(dtype=bool)
    # County sizes: lognormal, urban districts larger; a few very small units.
    size = rng.lognormal(mean=np.where(urban, 0.2, 0.0), sigma=0.55, size=n)
    size[rng.choice(n, size=max(1, n // 12), replace=False)] *= 0.25
    size = size / size.sum() * spec.population_millions * 1e6
    years = np.arange(spec.first_year, spec.last_year + 1)
    rows = []
    base = _AGE_SHARE / _AGE_SHARE.sum()
    old = np.arange(N_AGE) >= 12
    for ci, code in enumerate(counties["adcode"]):
        growth = spec.population_growth + (0.006 if urban[ci] else -0.004)
        # Rural counties are older (young adults migrate to the cities), and every county
        # ages differently; its own stream (seeded by its code) leaves the main stream as is.
        own = np.random.default_rng(int(code))
        shape = base * np.where(old, (1.0 if urban[ci] else 1.25) * own.uniform(0.85, 1.2), 1.0)
        shape = shape * np.where((np.arange(N_AGE) >= 4) & (np.arange(N_AGE) <= 8),
                                 1.1 if urban[ci] else 0.85, 1.0)  # fmt: skip
        for yi, year in enumerate(years):
            s = shape * np.where(old, 1 + _AGEING_PER_YEAR * yi, 1 - 0.004 * yi)
            s = s / s.sum()
            total = size[ci] * (1 + growth) ** yi
            for sex, share in (("M", 0.508), ("F", 0.492)):
                py = np.round(total * share * s)
                rows.append(pd.DataFrame({"area": code, "year": int(year), "sex": sex,
                                          "age_group": np.arange(N_AGE), "person_years": py}))  # fmt: skip
    return pd.concat(rows, ignore_index=True)


def _expected_rates(sex: str, site: str) -> np.ndarray:
    """Expected incidence per person-year by age for a site (before area effects)."""
    base = (_RATE_M if sex == "M" else _RATE_F) / 1e5
    if site == "other":
        share = 1 - sum(v[0 if sex == "M" else 1] for v in _SITE_SHARE.values())
        return base * share
    share = _SITE_SHARE[site][0 if sex == "M" else 1]
    prof = _SITE_AGE.get(site, np.ones(N_AGE))
    prof = prof / np.average(prof, weights=base * _AGE_SHARE)
    return base * share * prof


def _registry(
    rng: np.random.Generator, spec: RegionSpec, counties: pd.DataFrame, pop: pd.DataFrame
) -> pd.DataFrame:
    specific = [s.site for s in SITES if s.site != "all"]
    urban = dict(zip(counties["adcode"], counties["urban"].fillna(False), strict=True))
    codes = counties["adcode"].tolist()
    county_effect = dict(zip(codes, rng.lognormal(0, 0.12, len(codes)), strict=True))
    # Registry quality: most counties good, a few poor (low MV%, high DCO%, low M/I).
    poor = set(rng.choice(codes, size=max(1, len(codes) // 10), replace=False).tolist())
    pop = pop.sort_values(["area", "year", "sex", "age_group"]).reset_index(drop=True)
    py = pop["person_years"].to_numpy()
    frames = []
    for site in specific:
        trend = _TREND.get(site, 0.005)
        rural = _RURAL.get(site, 1.0)
        site_eff = {c: rng.lognormal(0, 0.10) for c in codes}
        for sex in ("M", "F"):
            if _SITE_SHARE.get(site, (1, 1))[0 if sex == "M" else 1] == 0:
                continue
            age_rate = _expected_rates(sex, site)
            m = pop["sex"].to_numpy() == sex
            sub = pop.loc[m, ["area", "year", "sex", "age_group"]].copy()
            mult = {c: county_effect[c] * site_eff[c] * (rural**-0.5 if urban[c] else rural) for c in codes}
            area_mult = sub["area"].map(mult).to_numpy(dtype=float)
            year_mult = (1 + trend) ** (sub["year"].to_numpy() - 2018)
            expected = py[m] * age_rate[sub["age_group"].to_numpy()] * area_mult * year_mult
            sub["site"] = site
            sub["expected"] = expected
            frames.append(sub)
    reg = pd.concat(frames, ignore_index=True)
    # Calibrate: the region's expected crude incidence in 2018 hits the stated figure.
    ref_year = 2018 if spec.first_year <= 2018 else spec.first_year
    pop_ref = pop.loc[pop["year"] == ref_year, "person_years"].sum()
    exp_ref = reg.loc[reg["year"] == ref_year, "expected"].sum()
    reg["expected"] *= spec.crude_incidence_2018 / 1e5 * pop_ref / exp_ref
    reg["cases"] = rng.poisson(reg["expected"].to_numpy())
    mi = reg["site"].map(_MI).to_numpy() * spec.deaths_per_case / 0.62
    is_poor = reg["area"].isin(poor).to_numpy()
    mi = mi * np.where(is_poor, 0.55, 1.0)  # under-reported deaths in poor registries
    reg["deaths"] = rng.poisson(reg["expected"].to_numpy() * mi)
    mv_p = np.clip(np.where(is_poor, 0.52, 0.72) + rng.normal(0, 0.03, len(reg)), 0.3, 0.95)
    reg["mv_cases"] = rng.binomial(reg["cases"].to_numpy(), mv_p)
    dco_p = np.where(is_poor, 0.12, 0.02)
    reg["dco_cases"] = rng.binomial((reg["cases"] - reg["mv_cases"]).to_numpy(), dco_p)
    reg = reg.drop(columns="expected")
    keys = ["area", "year", "sex", "age_group"]
    total = reg.groupby(keys, as_index=False)[["cases", "deaths", "mv_cases", "dco_cases"]].sum()
    total["site"] = "all"
    out = pd.concat([total, reg], ignore_index=True)
    for col in ("cases", "deaths", "mv_cases", "dco_cases", "year", "age_group"):
        out[col] = out[col].astype("int64")
    return out[["area", "year", "sex", "age_group", "site", "cases", "deaths", "mv_cases",
                "dco_cases"]]  # fmt: skip


def _screening(
    rng: np.random.Generator, spec: RegionSpec, counties: pd.DataFrame, pop: pd.DataFrame
) -> pd.DataFrame:
    totals = pop.groupby(["area", "year"])["person_years"].sum()
    women = pop[pop["sex"] == "F"].groupby(["area", "year"])["person_years"].sum()
    rows = []
    years = range(spec.first_year, spec.last_year + 1)
    for code, is_urban in zip(counties["adcode"], counties["urban"].fillna(False), strict=True):
        skill = rng.normal(0, 0.06)  # how good this county's programme is at early detection
        for prog, p in PROGRAMMES.items():
            # Programmes start in different years: two-cancer screening early and widely,
            # lung/colorectal later, upper-GI and liver mostly in rural high-incidence areas.
            if prog in ("cervical", "breast"):
                start = spec.first_year + int(rng.integers(0, 5 if spec.established else 3))
            elif prog in ("upper_gi", "liver"):
                if is_urban and rng.random() < 0.7:
                    continue
                start = spec.first_year + int(rng.integers(1, 7))
            else:
                start = max(spec.first_year + int(rng.integers(2, 8)), 2019)
            coverage0 = rng.uniform(0.05, 0.25)
            speed = rng.uniform(0.02, 0.08)
            for year in years:
                if year < start:
                    continue
                base = women[(code, year)] if prog in ("cervical", "breast") else totals[(code, year)]
                eligible = int(base * p["eligible"] * (2 if prog in ("cervical", "breast") else 1)
                               * (0.5 if prog in ("cervical", "breast") else 1))  # fmt: skip
                cov = min(0.92, coverage0 + speed * (year - start))
                screened = int(rng.binomial(eligible, cov))
                positive = int(rng.binomial(screened, p["pos"]))
                detected = int(rng.binomial(positive, p["yield"]))
                early_p = p["early"] + p["early_gain"] * (year - spec.first_year) + skill
                early = int(rng.binomial(detected, float(np.clip(early_p, 0.05, 0.97))))
                rows.append((code, year, prog, eligible, screened, positive, detected, early))
    return pd.DataFrame(rows, columns=["area", "year", "programme", "eligible", "screened",
                                       "positive", "detected", "early_detected"])  # fmt: skip


def _approach(rng: np.random.Generator, start: float, goal: float, n_years: int) -> np.ndarray:
    """A noisy path from ``start`` that moves toward ``goal`` at a county-specific speed."""
    speed = rng.uniform(0.04, 0.35)
    steps = np.arange(n_years)
    path = goal - (goal - start) * (1 - speed) ** steps
    return path + rng.normal(0, abs(goal - start) * 0.04 + 0.3, n_years)


def _indicators(
    rng: np.random.Generator, spec: RegionSpec, counties: pd.DataFrame, pop: pd.DataFrame
) -> pd.DataFrame:
    years = np.arange(spec.first_year, spec.last_year + 1)
    ny = len(years)
    rows: list[dict[str, object]] = []

    def add(area: str, year: int, indicator: str, **kw: object) -> None:
        rows.append({"area": area, "year": int(year), "indicator": indicator, **kw})

    cq = spec.established  # the long-running programme shape
    county_keys = (
        ["awareness", "oncology_dept", "county_oncology_specialty", "registry_coverage"]
        if cq
        else [
            "awareness",
            "oncology_dept",
            "registry_standard",
            "referral_out",
            "county_cancer_centre",
            "mdt_first_visit",
            "tcm_prevention",
        ]  # fmt: skip
    )
    adult = pop[pop["age_group"].between(4, 14)].groupby(["area", "year"])["person_years"].sum()
    aware_num = np.zeros(ny)
    aware_den = np.zeros(ny)
    for code in counties["adcode"]:
        for key in county_keys:
            if key == "awareness":
                start = rng.uniform(48, 62) if cq else rng.uniform(58, 68)
                goal = rng.uniform(66, 80) if cq else rng.uniform(70, 82)
                vals = np.clip(_approach(rng, start, goal, ny), 20, 98)
                for yi, y in enumerate(years):
                    n = int(rng.integers(300, 900))
                    se = np.sqrt(vals[yi] * (100 - vals[yi]) / n) * 1.3  # design effect 1.7
                    add(code, y, key, value=round(float(vals[yi]), 1),
                        lower=round(float(vals[yi] - 1.96 * se), 1),
                        upper=round(float(vals[yi] + 1.96 * se), 1),
                        sample_size=n, source="示例调查 demonstration survey")  # fmt: skip
                    w = adult[(code, y)]
                    aware_num[yi] += vals[yi] * w
                    aware_den[yi] += w
            elif key in ("oncology_dept", "tcm_prevention"):
                den = int(rng.integers(2, 14)) if key == "oncology_dept" else int(rng.integers(1, 3))
                frac0 = rng.uniform(0.3, 0.8) if cq else rng.uniform(0.25, 0.6)
                goal = rng.uniform(0.85, 1.05) if cq else rng.uniform(0.55, 1.0)
                path = np.clip(_approach(rng, frac0 * 100, goal * 100, ny) / 100, 0, 1)
                num = np.maximum.accumulate(np.round(path * den))
                for yi, y in enumerate(years):
                    add(code, y, key, numerator=float(num[yi]), denominator=float(den))
            elif key in ("county_oncology_specialty", "registry_coverage", "registry_standard",
                         "county_cancer_centre"):  # fmt: skip
                # The year the county gets it (some never, within the data).
                early = 0.55 if key == "registry_coverage" else 0.2
                if rng.random() < early:
                    on_year = spec.first_year
                else:
                    on_year = spec.first_year + int(rng.integers(1, ny + 3))
                for y in years:
                    has = 1.0 if y >= on_year else 0.0
                    add(code, y, key, numerator=has, denominator=1.0)
            elif key == "referral_out":
                den = int(rng.integers(300, 2500))
                start = rng.uniform(14, 26)
                goal = start * rng.uniform(0.6, 1.05)
                vals = np.clip(_approach(rng, start, goal, ny), 1, 60)
                for yi, y in enumerate(years):
                    n = int(den * (1 + 0.02 * yi))
                    add(code, y, key, numerator=float(round(vals[yi] / 100 * n)), denominator=float(n))
            elif key == "mdt_first_visit":
                den = int(rng.integers(80, 600))
                vals = np.clip(_approach(rng, rng.uniform(22, 38), rng.uniform(40, 62), ny), 1, 99)
                for yi, y in enumerate(years):
                    add(code, y, key, numerator=float(round(vals[yi] / 100 * den)),
                        denominator=float(den))  # fmt: skip
    # Area-level reported values.
    for yi, y in enumerate(years):
        add(spec.adcode, y, "awareness", value=round(float(aware_num[yi] / aware_den[yi]), 1),
            source="示例调查（人口加权）demonstration survey, population-weighted")  # fmt: skip
    if cq:
        surv = 36.4 + 0.42 * (years - 2015) + rng.normal(0, 0.25, ny)  # target: 2015 + 3 pp
    else:
        surv = 35.2 + 0.55 * (years - 2018) + rng.normal(0, 0.3, ny)  # target ≥ 40% by 2027
    for yi, y in enumerate(years):
        add(spec.adcode, y, "survival_5y", value=round(float(surv[yi]), 1),
            source="示例随访数据 demonstration follow-up")  # fmt: skip
    if not cq:
        farm = np.clip(88 + 1.4 * (years - 2018) + rng.normal(0, 0.4, ny), 0, 100)
        water = np.clip(98.6 + 0.15 * (years - 2018) + rng.normal(0, 0.2, ny), 0, 100)
        projects = rng.integers(1, 6, ny)
        for yi, y in enumerate(years):
            add(spec.adcode, y, "farmland_safe_use", value=round(float(farm[yi]), 1),
                source="示例数据 demonstration")  # fmt: skip
            add(spec.adcode, y, "water_compliance", value=round(float(water[yi]), 1),
                source="示例数据 demonstration")  # fmt: skip
            add(spec.adcode, y, "research_projects", value=float(projects[yi]),
                source="示例数据 demonstration")  # fmt: skip
    out = pd.DataFrame(rows)
    for col in ("numerator", "denominator", "value", "lower", "upper", "sample_size", "source"):
        if col not in out:
            out[col] = None
    return out[["area", "year", "indicator", "numerator", "denominator", "value", "lower",
                "upper", "sample_size", "source"]]  # fmt: skip


def generate(
    areas: pd.DataFrame, seed: int = 20200623, plans: list[Plan] | None = None
) -> dict[str, pd.DataFrame]:
    """Build the demonstration tables for the plans with a ``demo:`` block.

    ``areas`` is the areas table (``geodata/areas.csv``); ``plans`` defaults to
    the shipped plan files. Returns frames for the
    tables ``population``, ``registry_counts``, ``screening`` and
    ``indicator_observations``, plus ``meta_info``.
    """
    rng = np.random.default_rng(seed)
    out: dict[str, list[pd.DataFrame]] = {
        "population": [], "registry_counts": [], "screening": [], "indicator_observations": []
    }  # fmt: skip
    for spec in demo_regions(plans):
        counties = _county_frame(areas, spec.adcode)
        pop = _population(rng, spec, counties)
        out["population"].append(pop)
        out["registry_counts"].append(_registry(rng, spec, counties, pop))
        out["screening"].append(_screening(rng, spec, counties, pop))
        out["indicator_observations"].append(_indicators(rng, spec, counties, pop))
    tables = {k: pd.concat(v, ignore_index=True) for k, v in out.items()}
    tables["meta_info"] = pd.DataFrame(
        {"key": ["data_kind", "demo_seed"], "value": ["demonstration", str(seed)]}
    )
    return tables
