"""Classification of map values into classes (pure NumPy; no UI, no database).

Methods (as GIS and cancer atlases offer them):

- ``quantile``: classes with (about) equal numbers of areas;
- ``equal``: equal-width intervals between the smallest and largest value;
- ``jenks``: natural breaks, Fisher's (1958) exact optimal partition of sorted values
  minimising the within-class sum of squared deviations (the "Jenks" method of GIS
  software; Jenks 1977 approximates the same optimum);
- ``plan``: fixed thresholds given by the caller (a plan's own thresholds, or thresholds
  relative to a benchmark such as the plan area's own rate).

Every method returns a :class:`Classes`: the inner break values and one class code per
value. Classes are right-closed: class 0 is ``value <= breaks[0]``, class ``i`` is
``breaks[i-1] < value <= breaks[i]``, the last class is ``value > breaks[-1]``. Missing
values (NaN: suppressed or no data) get code ``-1`` and never enter a class or a break.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

METHODS: tuple[str, ...] = ("quantile", "equal", "jenks", "plan")
MIN_CLASSES, MAX_CLASSES, DEFAULT_CLASSES = 3, 7, 5
DEFAULT_METHOD = "quantile"
#: Natural breaks run exactly on at most this many distinct values; beyond it the sorted
#: distinct values are first pooled into this many consecutive groups (weighted), so the
#: breaks fall on group boundaries (as "sampled" Fisher-Jenks variants do).
JENKS_MAX_GROUPS = 1000


@dataclass(frozen=True)
class Classes:
    """A classification of values.

    ``breaks``: inner upper bounds, increasing (k - 1 values for k classes);
    ``codes``: class per value (0..k-1, -1 for missing); ``lower``/``upper``: smallest and
    largest classified value (NaN when none); ``method``: the method used.
    """

    breaks: tuple[float, ...]
    codes: np.ndarray
    lower: float
    upper: float
    method: str

    @property
    def k(self) -> int:
        return len(self.breaks) + 1

    def counts(self) -> list[int]:
        """Number of values in each class."""
        c = self.codes[self.codes >= 0]
        return np.bincount(c, minlength=self.k).astype(int).tolist()

    def edges(self) -> list[tuple[float, float]]:
        """(from, to) of each class for a legend: data minimum, breaks, data maximum."""
        bounds = [self.lower, *self.breaks, self.upper]
        return [(bounds[i], bounds[i + 1]) for i in range(self.k)]


def normalise_method(value: object) -> str:
    """A known method name, else the default."""
    v = str(value or "").strip().lower()
    return v if v in METHODS else DEFAULT_METHOD


def normalise_classes(value: object) -> int:
    """A number of classes within MIN_CLASSES..MAX_CLASSES, else the default."""
    try:
        k = int(str(value))
    except (TypeError, ValueError):
        return DEFAULT_CLASSES
    return min(max(k, MIN_CLASSES), MAX_CLASSES)


def _values(values: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    v = np.asarray(values, dtype=float).ravel()
    ok = np.isfinite(v)
    return v, ok


def assign(values: ArrayLike, breaks: Sequence[float]) -> np.ndarray:
    """Class code of each value for the inner ``breaks`` (right-closed); -1 for NaN."""
    v, ok = _values(values)
    b = np.asarray(list(breaks), dtype=float)
    codes = np.searchsorted(b, v, side="left").astype(np.int64)
    codes[~ok] = -1
    return codes


def _make(v: np.ndarray, ok: np.ndarray, breaks: Sequence[float], method: str) -> Classes:
    b = tuple(float(x) for x in breaks)
    if any(b[i] >= b[i + 1] for i in range(len(b) - 1)):
        raise ValueError(f"breaks must increase strictly, got {b}")
    good = v[ok]
    lo = float(good.min()) if good.size else float("nan")
    hi = float(good.max()) if good.size else float("nan")
    return Classes(breaks=b, codes=assign(v, b), lower=lo, upper=hi, method=method)


def quantile_breaks(values: ArrayLike, k: int) -> Classes:
    """Quantile classes: about the same number of values in each class.

    Breaks are the empirical quantiles j/k (j = 1..k-1) of the values, taken as observed
    values (``method="inverted_cdf"``) so that each break is a real data value and tied
    values are never split. Repeated quantiles collapse, so heavily tied data may give
    fewer than ``k`` classes.
    """
    _check_k(k)
    v, ok = _values(values)
    good = np.sort(v[ok])
    if good.size == 0:
        return _make(v, ok, (), "quantile")
    qs = np.quantile(good, np.arange(1, k) / k, method="inverted_cdf")
    inner = sorted({float(q) for q in qs if q < good[-1]})
    return _make(v, ok, inner, "quantile")


def equal_interval_breaks(values: ArrayLike, k: int) -> Classes:
    """Equal intervals: ``k`` classes of equal width from the minimum to the maximum."""
    _check_k(k)
    v, ok = _values(values)
    good = v[ok]
    if good.size == 0 or good.min() == good.max():
        return _make(v, ok, (), "equal")
    lo, hi = float(good.min()), float(good.max())
    inner = list(lo + (hi - lo) * np.arange(1, k) / k)
    return _make(v, ok, inner, "equal")


def threshold_breaks(values: ArrayLike, thresholds: Sequence[float]) -> Classes:
    """Fixed thresholds (e.g. a plan's): class ``i`` is ``t[i-1] < value <= t[i]``."""
    v, ok = _values(values)
    t = sorted({float(x) for x in thresholds if np.isfinite(float(x))})
    return _make(v, ok, t, "plan")


def _pooled(x: np.ndarray, w: np.ndarray, max_groups: int) -> tuple[np.ndarray, ...]:
    """Sorted distinct values with weights, pooled into at most ``max_groups`` runs.

    Returns (upper value of each run, weight, weighted sum, weighted sum of squares).
    """
    n = x.size
    if n > max_groups:
        # consecutive runs of about equal total weight; each run keeps its largest value
        cw = np.cumsum(w)
        cut = np.searchsorted(cw, cw[-1] * np.arange(1, max_groups) / max_groups, side="left")
        ends = np.unique(np.concatenate([cut, [n - 1]]))
        starts = np.concatenate([[0], ends[:-1] + 1])
        s0 = np.add.reduceat(w, starts)
        s1 = np.add.reduceat(w * x, starts)
        s2 = np.add.reduceat(w * x * x, starts)
        return x[ends], s0, s1, s2
    return x, w, w * x, w * x * x


def fisher_jenks(values: ArrayLike, k: int, *, max_groups: int = JENKS_MAX_GROUPS) -> Classes:
    """Natural breaks (Fisher 1958 / Jenks): the exact optimal ``k``-class partition.

    Minimises the total within-class sum of squared deviations over all partitions of the
    sorted values into ``k`` runs, by dynamic programming on the distinct values weighted
    by their multiplicity (O(k m^2) for m distinct values, vectorised over one axis). With
    more than ``max_groups`` distinct values, they are first pooled into ``max_groups``
    consecutive runs (see :data:`JENKS_MAX_GROUPS`). Fewer distinct values than ``k``
    give fewer classes.
    """
    _check_k(k)
    v, ok = _values(values)
    good = v[ok]
    if good.size == 0:
        return _make(v, ok, (), "jenks")
    x, w = np.unique(good, return_counts=True)
    w = w.astype(float)
    ux, s0, s1, s2 = _pooled(x, w, max_groups)
    m = ux.size
    kk = min(k, m)
    if kk <= 1:
        return _make(v, ok, (), "jenks")
    c0 = np.concatenate([[0.0], np.cumsum(s0)])
    c1 = np.concatenate([[0.0], np.cumsum(s1)])
    c2 = np.concatenate([[0.0], np.cumsum(s2)])
    # ssd[s, i]: within-class sum of squares of runs s..i (inclusive); inf where s > i
    idx = np.arange(m)
    with np.errstate(divide="ignore", invalid="ignore"):
        ww = c0[idx + 1][None, :] - c0[idx][:, None]
        sm = c1[idx + 1][None, :] - c1[idx][:, None]
        ssd = (c2[idx + 1][None, :] - c2[idx][:, None]) - sm * sm / ww
    ssd[np.tril_indices(m, -1)] = np.inf
    np.maximum(ssd, 0.0, out=ssd)  # rounding noise
    # cost[j][i]: best cost of runs 0..i in j+1 classes; arg[j][i]: first run of the last
    # class in that optimum (dynamic programming over the number of classes)
    cost = np.full((kk, m), np.inf)
    arg = np.zeros((kk, m), dtype=np.int64)
    cost[0] = ssd[0]
    for j in range(1, kk):
        prev = np.full(m, np.inf)
        prev[1:] = cost[j - 1][:-1]  # best cost of runs 0..s-1, for a last class from s
        tot = prev[:, None] + ssd  # [s, i]
        best = np.argmin(tot, axis=0)
        cost[j] = tot[best, idx]
        arg[j] = best
    # backtrack
    breaks: list[float] = []
    i = m - 1
    for j in range(kk - 1, 0, -1):
        s = int(arg[j][i])
        breaks.append(float(ux[s - 1]))
        i = s - 1
    return _make(v, ok, sorted(breaks), "jenks")


def classify(
    values: ArrayLike,
    method: str = DEFAULT_METHOD,
    k: int = DEFAULT_CLASSES,
    *,
    thresholds: Sequence[float] | None = None,
) -> Classes:
    """Classify ``values`` with ``method`` (one of :data:`METHODS`) into ``k`` classes.

    ``method="plan"`` uses ``thresholds`` (required) and ignores ``k``.
    """
    if method == "quantile":
        return quantile_breaks(values, k)
    if method == "equal":
        return equal_interval_breaks(values, k)
    if method == "jenks":
        return fisher_jenks(values, k)
    if method == "plan":
        if thresholds is None:
            raise ValueError("method 'plan' needs thresholds")
        return threshold_breaks(values, thresholds)
    raise ValueError(f"unknown classification method {method!r}; choose one of {', '.join(METHODS)}")


def _check_k(k: int) -> None:
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"number of classes must be a positive whole number, got {k!r}")
