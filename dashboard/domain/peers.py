"""County profile statistics (pure: no database, no text, no Dash).

The page itself (data, words, tables) is :mod:`dashboard.views.county`; this module
holds the rules it applies, each testable on hand-made numbers:

- :func:`standardise` and :func:`nearest_peers`: "similar counties", statistical
  nearest neighbours on standardised features;
- :func:`share_aged`: the share of person-years at ages 65 and over;
- :func:`spine_row`, :func:`spine_scale` and :func:`rank_of`: one row of a
  Fingertips-style spine chart (range, quartiles, comparison with the area by the
  county's 95% interval, rank by polarity, positions on the spine);
  :func:`rank_interval_of`: the 95% interval of that rank, by simulation.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from dashboard.epi import AGE_LOWER, compare_with_benchmark_array
from dashboard.epi.ranks import rank_intervals

#: Features of the nearest-neighbour search (columns of ``views.county.peer_features``).
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


def rank_interval_of(
    at: pd.DataFrame, county: str, *, higher_is_better: bool, percent: bool, fixed: bool = False
) -> tuple[float, float]:
    """The 95% interval of ``county``'s rank among the counties of ``at`` (index adcode;
    columns value and, where known, numerator, denominator, n), 1 = best by polarity, by
    :func:`dashboard.epi.ranks.rank_intervals`: percentages are drawn from the binomial
    distribution of numerator/denominator (a survey's value × n / n when only its sample
    size is known), counts from the Poisson; a county without a denominator, and every
    county when ``fixed`` (yes/no facts), keeps its value in every draw. (NaN, NaN) when
    the county has no value."""
    v = pd.to_numeric(at["value"], errors="coerce").astype(float)
    if county not in v.index or not math.isfinite(v[county]):
        return math.nan, math.nan

    def col(name: str) -> np.ndarray:
        return (
            pd.to_numeric(at[name], errors="coerce").to_numpy(float)
            if name in at
            else np.full(len(at), np.nan)
        )

    values = v.to_numpy()
    if fixed:
        r = rank_intervals(values, distribution="fixed", higher_first=higher_is_better)
    elif percent:
        num, den, n = col("numerator"), col("denominator"), col("n")
        survey = ~(np.isfinite(num) & np.isfinite(den) & (den > 0)) & np.isfinite(n) & (n > 0)
        num = np.where(survey, np.round(values / 100 * np.where(survey, n, 0)), num)
        den = np.where(survey, n, den)
        r = rank_intervals(values, distribution="binomial", numerator=num, denominator=den,
                           higher_first=higher_is_better)  # fmt: skip
    else:
        r = rank_intervals(values, distribution="poisson", cases=values, person_years=np.ones(len(values)),
                           per=1.0, higher_first=higher_is_better)  # fmt: skip
    i = int(np.flatnonzero(v.index.to_numpy() == county)[0])
    return float(r.lower[i]), float(r.upper[i])


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
