"""Registry data-quality indicators (IARC, Cancer Incidence in Five Continents, ch. 5).

Method reference: ``/work/shared/reference/epi-methods.md`` ("Registry data-quality
indicators"). For each registry (or county x site x period):

- MV% = morphologically verified cases / all cases x 100;
- DCO% = death-certificate-only cases / all cases x 100;
- M/I = deaths / cases (mortality-to-incidence ratio).

Rates from a registry with very low M/I or high DCO% are less trustworthy (incomplete or
poorly ascertained incidence); a very high MV% suggests clinically diagnosed cases are
missed. The plausibility ranges below are screening thresholds chosen for this dashboard,
close to those the National Central Cancer Registry uses when selecting registries for the
annual report; they flag, they do not exclude. Reference values for China 2012 (national):
MV 69.13 %, DCO 2.38 %, M/I 0.62.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

#: MV% below this is flagged (too few cases verified: diagnosis quality uncertain).
MV_PCT_MIN = 66.0
#: MV% above this is flagged (suspiciously complete verification: cases diagnosed
#: clinically or from death certificates are probably being missed).
MV_PCT_MAX = 98.0
#: DCO% above this is flagged (incidence ascertained too often only from death records).
DCO_PCT_MAX = 10.0
#: M/I (all sites) below this is flagged (deaths missed, or cases over-registered).
MI_MIN = 0.3
#: M/I (all sites) above this is flagged (more deaths than new cases: incidence missed).
MI_MAX = 1.0

#: China 2012 national values (reference for display).
CHINA_2012 = {"mv_pct": 69.13, "dco_pct": 2.38, "mi_ratio": 0.62}


def registry_quality(
    cases: ArrayLike,
    deaths: ArrayLike,
    mv_cases: ArrayLike,
    dco_cases: ArrayLike,
    *,
    mv_min: float = MV_PCT_MIN,
    mv_max: float = MV_PCT_MAX,
    dco_max: float = DCO_PCT_MAX,
    mi_min: float = MI_MIN,
    mi_max: float = MI_MAX,
) -> pd.DataFrame:
    """MV%, DCO% and M/I with plausibility flags, vectorised over registries.

    Inputs are scalars or equal-length arrays of counts. Returns a DataFrame (one row per
    element) with ``mv_pct``, ``dco_pct``, ``mi_ratio``, boolean flags ``mv_low``,
    ``mv_high``, ``dco_high``, ``mi_low``, ``mi_high``, ``flagged`` (any flag), ``flag_codes``
    (the raised flags joined by ";", "" when none) and ``no_data`` (no cases: indicators NaN,
    nothing flagged). The thresholds default to the module constants (ranges for all sites
    combined; site-specific M/I differs widely).

    Raises ``ValueError`` for negative or non-finite counts, different lengths, or
    ``mv_cases``/``dco_cases`` greater than ``cases``.
    """
    arrs = [np.atleast_1d(np.asarray(v, dtype=float)) for v in (cases, deaths, mv_cases, dco_cases)]
    names = ("cases", "deaths", "mv_cases", "dco_cases")
    if len({a.shape for a in arrs}) != 1 or arrs[0].ndim != 1:
        raise ValueError("cases, deaths, mv_cases and dco_cases must be equal-length one-dimensional")
    for a, nm in zip(arrs, names, strict=True):
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{nm} must be finite numbers")
        if np.any(a < 0):
            raise ValueError(f"{nm} must not be negative")
    c, d, mv, dco = arrs
    if np.any(mv > c):
        raise ValueError("mv_cases must not exceed cases")
    if np.any(dco > c):
        raise ValueError("dco_cases must not exceed cases")
    has = c > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        mv_pct = np.where(has, mv / c * 100, np.nan)
        dco_pct = np.where(has, dco / c * 100, np.nan)
        mi = np.where(has, d / c, np.nan)
    out = pd.DataFrame({"mv_pct": mv_pct, "dco_pct": dco_pct, "mi_ratio": mi})
    flags = {
        "mv_low": has & (mv_pct < mv_min),
        "mv_high": has & (mv_pct > mv_max),
        "dco_high": has & (dco_pct > dco_max),
        "mi_low": has & (mi < mi_min),
        "mi_high": has & (mi > mi_max),
    }
    joined = np.full(c.shape, "", dtype=object)
    for name, f in flags.items():
        out[name] = f
        joined = np.where(f, np.where(joined == "", name, joined + ";" + name), joined)
    out["flagged"] = np.logical_or.reduce(list(flags.values()))
    out["flag_codes"] = pd.array(joined.astype(str), dtype="str")
    out["no_data"] = ~has
    return out
