"""Age groups and standard populations (see ../shared/reference/epi-methods.md).

Sources
-------
- China 2000 census population (中国人口标化率, "中标率"), 19 groups, as used by
  the Chinese cancer registry annual report (中国肿瘤登记年报).
- Segi (1960) world standard population per 100,000 (世标率), as modified by
  Doll et al. (1966); the 0-4 group split 2,400 (0) / 9,600 (1-4) for 19 groups.
"""

from __future__ import annotations

import numpy as np

#: The 19 registry age groups, in order. ``age_group`` columns hold the index.
AGE_GROUPS: tuple[str, ...] = (
    "0", "1-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39",
    "40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79",
    "80-84", "85+",
)  # fmt: skip

#: Lower bound (years) of each age group.
AGE_LOWER: np.ndarray = np.array([0, 1] + list(range(5, 90, 5)), dtype=float)

#: Width (years) of each age group for cumulative rates; 85+ is open (NaN).
AGE_WIDTHS: np.ndarray = np.array([1, 4] + [5] * 16 + [np.nan], dtype=float)

_CHINA_2000 = np.array(
    [
        13793799, 55184575, 90152587, 125396633, 103031165, 94573174, 117602265,
        127314298, 109147295, 81242945, 85521045, 63304200, 46370375, 41703848,
        34780460, 25574149, 15928330, 7989158, 4001925,
    ],
    dtype=float,
)  # fmt: skip  # total 1,242,612,226

_SEGI = np.array(
    [
        2400, 9600, 10000, 9000, 9000, 8000, 8000, 6000, 6000, 6000, 6000, 5000,
        4000, 4000, 3000, 2000, 1000, 500, 500,
    ],
    dtype=float,
)  # fmt: skip  # total 100,000

_STANDARDS: dict[str, np.ndarray] = {"china2000": _CHINA_2000, "segi": _SEGI}

#: Names accepted by :func:`standard_weights`.
STANDARD_NAMES: tuple[str, ...] = tuple(_STANDARDS)


def standard_weights(name: str) -> np.ndarray:
    """The 19 weights of a named standard population, in age-group order.

    ``"china2000"``: 2000 census counts; ``"segi"``: Segi world standard per
    100,000. Weights are returned as given (not normalised); the rate functions
    normalise by their sum.
    """
    try:
        return _STANDARDS[name].copy()
    except KeyError:
        raise ValueError(
            f"unknown standard population {name!r}; choose one of {', '.join(STANDARD_NAMES)}"
        ) from None


def resolve_weights(standard: str | np.ndarray | list[float], n_groups: int | None = None) -> np.ndarray:
    """Standard weights from a name (see :func:`standard_weights`) or an array of weights.

    Weights must be finite, non-negative and not all zero. When ``n_groups`` is
    given the length must match it. Raises ``ValueError`` otherwise.
    """
    if isinstance(standard, str):
        w = standard_weights(standard)
    else:
        w = np.asarray(standard, dtype=float)
        if w.ndim != 1:
            raise ValueError(f"standard weights must be one-dimensional, got shape {w.shape}")
    if n_groups is not None and w.shape[0] != n_groups:
        raise ValueError(f"standard has {w.shape[0]} weights but the data have {n_groups} age groups")
    if not np.all(np.isfinite(w)):
        raise ValueError("standard weights must be finite numbers")
    if np.any(w < 0):
        raise ValueError("standard weights must not be negative")
    if not w.sum() > 0:
        raise ValueError("standard weights must not all be zero")
    return w


def age_group_slice(lower_age: float, upper_age: float) -> slice:
    """Indices of the 19 age groups covering ages ``lower_age`` to ``upper_age`` inclusive.

    Both ends must fall on group boundaries, e.g. ``(35, 64)`` -> groups 35-39 .. 60-64
    (indices 8..13) and ``(0, 74)`` -> groups 0 .. 70-74 (indices 0..15).
    """
    lower = float(lower_age)
    upper_next = float(upper_age) + 1.0
    starts = list(AGE_LOWER)
    if lower not in starts:
        raise ValueError(f"lower age {lower_age} is not the start of an age group")
    if upper_next not in starts[1:]:
        raise ValueError(f"upper age {upper_age} is not the end of a closed age group (e.g. 64, 74, 84)")
    i, j = starts.index(lower), starts.index(upper_next)
    if j <= i:
        raise ValueError(f"upper age {upper_age} is below lower age {lower_age}")
    return slice(i, j)
