"""Target status and projection: "are we going to make it?" (pure: no database, no Dash, no words).

A plan target (``comparison`` ``>=``, ``>``, ``<=``, ``<`` or ``falling``; a target
value, or a baseline year plus a delta; a deadline year) is judged on a yearly series
of observed values. The result is one of five statuses:

``met``
    The target is already reached. Deadline ahead: the LATEST observed value satisfies
    the target. Deadline passed: the value of the deadline year satisfies it (when that
    year is missing, the first observed year after it).
``on_track``
    Deadline ahead, not met yet, and the whole 95% prediction interval of the trend
    projected to the deadline satisfies the target.
``at_risk``
    Deadline ahead and the prediction interval straddles the target; also a target not
    met on fewer than three years of data ("too few years to project": we can say it is
    not met now, not where it is heading).
``off_track``
    Deadline ahead and the whole prediction interval fails the target; or the deadline
    has passed and the value at the deadline did not meet it (reason
    ``missed_at_deadline``: "not met, deadline passed"; :attr:`TargetStatus.met_since`
    then says whether the latest value meets it now).
``no_data``
    No observed value at all, or (baseline targets) no value in the baseline year.

The "today" of a judgement is the ``as_of`` year: a deadline has passed when
``deadline < as_of`` (a deadline means "by the end of that year").

Projection method (shown on the pages' definition boxes)
---------------------------------------------------------
A straight line is fitted by weighted least squares to the last observed years
(at most ``max_points`` = 5, at least ``min_points`` = 3). Weights are the inverse of
the binomial sampling variance p(1 - p)/n when the denominator n of every point is known
(a proportion), with p shrunk as (x + 1)/(n + 2) so that 0% and 100% keep a finite
weight; otherwise all points weigh the same. The residual variance s² is estimated from
the fit (Σ w r² / (k - 2)), so extra-binomial year-to-year variation widens the
interval. It is never taken below the sampling variance (a variance floor): a series that
happens to lie on a straight line would otherwise get a prediction interval of width 0. For
proportions with known denominators the floor is the binomial variance of each point
(s² ≥ 1/mean(w) with w = n/(10⁴·p(1 − p)) before scaling, i.e. the quasi-binomial
dispersion is at least 1); for counts it is the Poisson variance, the mean count
((Σy + 1)/k). The projection to the deadline year x0 is a + b·x0 with the 95% prediction
interval

    ŷ0 ± t(0.975; k - 2) · s · sqrt(1/w0 + 1/Σw + (x0 - x̄w)² / Σw (x - x̄w)²)

(weights scaled to mean 1; w0, the weight of a new year, is that of the latest year; k
the number of points; t on k - 2 degrees of freedom, so three years give a very wide
interval — which is honest). Projections are clipped to [0, 100] for percentages and
at 0 for counts.

"On track" needs the whole interval on the right side of the target (``>=``: lower limit
≥ target; ``<=``: upper limit ≤ target; strict for ``>``/``<``), "off track" the whole
interval on the wrong side, "at risk" otherwise.

"falling" targets ("falls year on year"): the slope b of the same fit and its 95%
confidence interval b ± t·s/sqrt(Σw (x - x̄w)²) decide. Deadline ahead: ``on_track`` when
the whole interval is below 0 (a clear fall), ``off_track`` when it is entirely ≥ 0 (not
falling), ``at_risk`` when it spans 0. There is no "met" before the deadline: a fall is
kept up until then. Deadline passed: ``met`` when the interval of the fit over the years
up to the deadline is entirely below 0, else ``off_track`` (missed). Fewer than three
years: ``at_risk`` (two years) or ``no_data`` (one).

Count targets ("at least 3 research projects a year"; indicators whose unit is a count)
are judged year by year, from the plan's first year (``start_year``; every observed year
when unknown): deadline ahead, ``met`` (reason ``met_every_year``) when every plan year so
far meets the target, ``at_risk`` (``met_some_years``) when the latest year meets it but an
earlier one did not, ``off_track`` (``missed_latest_year``) when the latest year does not;
deadline passed, ``met`` only when every plan year up to the deadline met it.
:attr:`TargetStatus.years_met` of :attr:`TargetStatus.years_judged` say how many. A
projection is still made (Poisson variance floor) but does not decide.

A deadline missed and the target reached later: :attr:`TargetStatus.met_since_year` is the
first year after the deadline that meets it ("reached in 2024, after the 2022 deadline").

Baseline targets ("+3 percentage points over 2015"): target value = observed value in
``baseline_year`` + ``baseline_delta``; ``no_data`` (reason ``no_baseline``) when that
year has no value.

Counties meeting a target (:func:`counties_meeting`): a county meets it when its value in
the chosen year (default: its latest year) satisfies the target; for ``falling``, when
that value is below its value of the year before.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

MET, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "met", "on_track", "at_risk", "off_track", "no_data"
#: Statuses, best first (the order of summaries and legends).
STATUSES: tuple[str, ...] = (MET, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
COMPARISONS: tuple[str, ...] = (">=", ">", "<=", "<", "falling")

#: Reason codes of :class:`TargetStatus` (each has a message ``status.reason.<code>``).
REASONS: tuple[str, ...] = (
    "no_values",
    "no_baseline",
    "met_latest",
    "met_at_deadline",
    "missed_at_deadline",
    "too_few_years",
    "projection_meets",
    "projection_straddles",
    "projection_fails",
    "falling",
    "not_clearly_falling",
    "not_falling",
    "met_every_year",
    "met_some_years",
    "missed_latest_year",
)

_EPS = 1e-9  # tolerance of comparisons (39.3 must equal 36.3 + 3)


@dataclass(frozen=True)
class TargetSpec:
    """A quantified target as the plan file states it."""

    comparison: str
    deadline: int
    value: float | None = None
    baseline_year: int | None = None
    baseline_delta: float | None = None
    start_year: int | None = None  #: first year of the plan (per-year count targets judge from it)

    def __post_init__(self) -> None:
        if self.comparison not in COMPARISONS:
            raise ValueError(f"comparison must be one of {COMPARISONS}, got {self.comparison!r}")
        has_baseline = self.baseline_year is not None and self.baseline_delta is not None
        if self.comparison != "falling" and self.value is None and not has_baseline:
            raise ValueError("a target needs a value, or a baseline year and delta")

    @property
    def higher_is_better(self) -> bool:
        """Polarity from the comparison: ``>=``/``>`` up is good, ``<=``/``<``/falling down."""
        return self.comparison in (">=", ">")

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | pd.Series) -> TargetSpec:
        """From a row of ``queries.areas.plan_targets`` (NaN/None mean "not given")."""

        def opt(key: str) -> Any:
            v = row.get(key)
            return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

        by, bd, val, sy = opt("baseline_year"), opt("baseline_delta"), opt("value"), opt("start_year")
        return cls(
            comparison=str(row["comparison"]),
            deadline=int(row["deadline"]),
            value=None if val is None else float(val),
            baseline_year=None if by is None else int(by),
            baseline_delta=None if bd is None else float(bd),
            start_year=None if sy is None else int(sy),
        )


@dataclass(frozen=True)
class TrendFit:
    """A weighted straight-line fit of value on year (see the module docstring)."""

    intercept: float  # at year x_mean
    slope: float
    x_mean: float
    sxx: float
    sum_w: float
    w_new: float
    s2: float
    df: int
    t: float

    def predict(
        self, years: Sequence[float] | np.ndarray | float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Fitted value and prediction interval (lower, upper) at ``years``."""
        x = np.asarray(years, dtype=float)
        fit = self.intercept + self.slope * (x - self.x_mean)
        se = np.sqrt(self.s2 * (1 / self.w_new + 1 / self.sum_w + (x - self.x_mean) ** 2 / self.sxx))
        return fit, fit - self.t * se, fit + self.t * se

    def slope_interval(self) -> tuple[float, float]:
        half = self.t * math.sqrt(self.s2 / self.sxx)
        return self.slope - half, self.slope + half


@dataclass(frozen=True)
class TargetStatus:
    """The judgement of one target on one series.

    ``projected``/``lower``/``upper`` are the projection to ``projection_year`` (the
    deadline) with its 95% prediction interval, None when not projected (fewer than three
    years, or the deadline has passed). ``judged_year``/``judged_value`` are the
    observation that decided ``met``/``missed_at_deadline`` at a passed deadline (else
    the latest). ``met_since`` (deadline passed only): does the latest value meet the
    target now? ``slope*`` are per year, with the slope's 95% confidence interval.
    """

    status: str
    reason: str
    target_value: float | None
    latest_year: int | None
    latest_value: float | None
    deadline: int
    deadline_passed: bool
    judged_year: int | None = None
    judged_value: float | None = None
    projected: float | None = None
    lower: float | None = None
    upper: float | None = None
    projection_year: int | None = None
    slope: float | None = None
    slope_lower: float | None = None
    slope_upper: float | None = None
    n_points: int = 0
    met_since: bool | None = None
    fit: TrendFit | None = None
    years_met: int | None = None  #: per-year count targets: plan years meeting the target
    years_judged: int | None = None  #: ... of the plan years observed
    met_since_year: int | None = None  #: deadline missed, reached later: the first year that met it


def meets(value: float | None, comparison: str, target: float | None) -> bool | None:
    """Does ``value`` satisfy ``comparison target``? None when either is missing.

    Not for ``falling`` (a trend, not a value): raises ``ValueError``.
    """
    if comparison == "falling":
        raise ValueError("a 'falling' target is judged on a trend, not on one value")
    if value is None or target is None or _isnan(value) or _isnan(target):
        return None
    if comparison == ">=":
        return value >= target - _EPS
    if comparison == ">":
        return value > target + _EPS
    if comparison == "<=":
        return value <= target + _EPS
    if comparison == "<":
        return value < target - _EPS
    raise ValueError(f"unknown comparison {comparison!r}")


def interval_side(lower: float, upper: float, comparison: str, target: float) -> str:
    """ "meets" (whole interval satisfies), "fails" (whole interval fails) or "straddles"."""
    if meets(lower, comparison, target) and meets(upper, comparison, target):
        return "meets"
    if meets(lower, comparison, target) is False and meets(upper, comparison, target) is False:
        return "fails"
    return "straddles"


def gap_to_target(value: float | None, comparison: str, target: float | None) -> float | None:
    """value - target (in the value's unit; percentage points for %), None if unknown.

    Positive means above the target: good for ``>=``/``>``, bad for ``<=``/``<``.
    """
    if value is None or target is None or _isnan(value) or _isnan(target) or comparison == "falling":
        return None
    return float(value) - float(target)


def target_value(spec: TargetSpec, years: Sequence[int], values: Sequence[float]) -> float | None:
    """The number to reach: the stated value, or baseline-year value + delta (None if missing)."""
    if spec.comparison == "falling":
        return None
    if spec.baseline_year is not None and spec.baseline_delta is not None:
        base = {int(y): float(v) for y, v in zip(years, values, strict=True) if not _isnan(v)}
        if spec.baseline_year not in base:
            return None
        return round(base[spec.baseline_year] + spec.baseline_delta, 10)
    return None if spec.value is None else float(spec.value)


def fit_trend(
    years: Sequence[float] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    n: Sequence[float] | np.ndarray | None = None,
    *,
    proportion: bool = True,
    counts: bool = False,
    level: float = 0.95,
) -> TrendFit:
    """Weighted least-squares line through (year, value); needs at least three points.

    ``n`` (denominators) gives inverse-variance weights when ``proportion`` and every n is
    a positive number (values in percent); otherwise equal weights. The residual variance
    is floored at the sampling variance (see the module docstring): binomial with those
    denominators, Poisson when ``counts`` (values are whole-number counts).
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    k = len(x)
    if k < 3 or len(y) != k:
        raise ValueError("a trend needs at least three (year, value) points")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("years and values must be finite")
    if len(np.unique(x)) != k:
        raise ValueError("years must be distinct")
    w = np.ones(k)
    floor = 0.0  # the smallest residual variance s² (weights scaled to mean 1): sampling error
    if n is not None and proportion:
        nn = np.asarray(n, dtype=float)
        if len(nn) == k and np.all(np.isfinite(nn)) and np.all(nn > 0):
            p = np.clip(y / 100.0, 0.0, 1.0)
            pt = (p * nn + 1.0) / (nn + 2.0)  # shrunk: 0% and 100% keep a finite variance
            w = 1.0 / (1e4 * pt * (1 - pt) / nn)  # 1 / binomial variance of a value in percent
            floor = 1.0 / float(w.mean())  # s² · (1/w) ≥ the binomial variance of each point
    elif counts:
        floor = (float(y.sum()) + 1.0) / k  # Poisson: variance = mean count (shrunk: zeros keep some)
    w = w / w.mean()
    sw = float(w.sum())
    xm = float((w * x).sum() / sw)
    ym = float((w * y).sum() / sw)
    sxx = float((w * (x - xm) ** 2).sum())
    slope = float((w * (x - xm) * (y - ym)).sum() / sxx)
    resid = y - (ym + slope * (x - xm))
    df = k - 2
    s2 = max(float((w * resid**2).sum() / df), floor)
    t = _t_quantile(level, df)
    order = np.argsort(x)
    return TrendFit(intercept=ym, slope=slope, x_mean=xm, sxx=sxx, sum_w=sw,
                    w_new=float(w[order[-1]]), s2=s2, df=df, t=t)  # fmt: skip


@lru_cache(maxsize=64)
def _t_quantile(level: float, df: int) -> float:
    return float(stats.t.ppf(1 - (1 - level) / 2, df))


def _isnan(v: object) -> bool:
    try:
        return v is None or bool(pd.isna(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


class _Series:
    """A cleaned yearly series: sorted, one value per year, missing values dropped."""

    def __init__(self, years: object, values: object, n: object) -> None:
        y = np.asarray(years, dtype=float).ravel()
        v = np.asarray(values, dtype=float).ravel()
        nn = np.full(len(y), np.nan) if n is None else np.asarray(n, dtype=float).ravel()
        if not (len(y) == len(v) == len(nn)):
            raise ValueError("years, values and n must have the same length")
        keep = np.isfinite(y) & np.isfinite(v)
        order = np.argsort(y[keep], kind="stable")
        self.year, self.value, self.n = y[keep][order], v[keep][order], nn[keep][order]
        if len(np.unique(self.year)) != len(self.year):
            raise ValueError("one value per year")

    def upto(self, year: float) -> _Series:
        out = object.__new__(_Series)
        m = self.year <= year
        out.year, out.value, out.n = self.year[m], self.value[m], self.n[m]
        return out

    def tail(self, k: int) -> _Series:
        out = object.__new__(_Series)
        out.year, out.value, out.n = self.year[-k:], self.value[-k:], self.n[-k:]
        return out

    def __len__(self) -> int:
        return len(self.year)


def assess_target(
    spec: TargetSpec,
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    as_of: int,
    n: Sequence[float] | np.ndarray | None = None,
    percent: bool = True,
    per_year: bool | None = None,
    min_points: int = 3,
    max_points: int = 5,
    level: float = 0.95,
) -> TargetStatus:
    """Judge ``spec`` on a yearly series (missing values are skipped); see the module doc.

    ``as_of`` is the current year (the deadline has passed when ``deadline < as_of``);
    observations after ``as_of`` are ignored. ``n`` are the denominators (weights);
    ``percent`` clips projections to [0, 100] (else at 0) and allows inverse-variance
    weights. ``per_year`` (default: ``not percent``, i.e. counts): a target for every
    year ("≥ 3 projects a year"), judged year by year from ``spec.start_year`` (see the
    module docstring); the projection is still computed but does not decide.
    """
    per_year = (not percent) if per_year is None else per_year
    if spec.comparison == "falling":
        per_year = False
    if min_points < 3:
        raise ValueError("a projection needs at least three years (min_points >= 3)")
    ser = _Series(years, values, n).upto(as_of)
    passed = spec.deadline < as_of
    tval = target_value(spec, ser.year.astype(int).tolist(), ser.value.tolist())
    base: dict[str, Any] = {"target_value": tval, "deadline": spec.deadline, "deadline_passed": passed}
    if len(ser) == 0:
        return TargetStatus(NO_DATA, "no_values", latest_year=None, latest_value=None, **base)
    latest_year, latest_value = int(ser.year[-1]), float(ser.value[-1])
    base.update(latest_year=latest_year, latest_value=latest_value)
    if spec.comparison != "falling" and tval is None:
        return TargetStatus(NO_DATA, "no_baseline", **base)

    def window(upto: int | None = None) -> _Series:
        return (ser if upto is None else ser.upto(upto)).tail(max_points)

    def trend(d: _Series) -> TrendFit | None:
        if len(d) < min_points:
            return None
        weights_n = d.n if np.all(np.isfinite(d.n)) else None
        return fit_trend(d.year, d.value, weights_n, proportion=percent, counts=not percent, level=level)

    def slope_fields(f: TrendFit | None) -> dict[str, Any]:
        if f is None:
            return {}
        lo, hi = f.slope_interval()
        return {"slope": f.slope, "slope_lower": lo, "slope_upper": hi}

    at_deadline = np.flatnonzero(ser.year >= spec.deadline)
    if passed and at_deadline.size:
        judged_year = int(ser.year[at_deadline[0]])
        judged_value = float(ser.value[at_deadline[0]])
        base.update(judged_year=judged_year, judged_value=judged_value)
        if spec.comparison == "falling":
            upto = window(judged_year)
            f = trend(upto)
            ok = f is not None and f.slope_interval()[1] < 0
            f_now = trend(window())
            since = None if f_now is None else bool(f_now.slope_interval()[1] < 0)
            return TargetStatus(MET if ok else OFF_TRACK, "met_at_deadline" if ok else "missed_at_deadline",
                                n_points=len(upto), met_since=since if latest_year > judged_year else None,
                                fit=f, **slope_fields(f), **base)  # fmt: skip
        after = ser.year > judged_year
        later = [int(y) for y, v in zip(ser.year[after], ser.value[after], strict=True)
                 if meets(float(v), spec.comparison, tval)]  # fmt: skip
        since = meets(latest_value, spec.comparison, tval) if latest_year > judged_year else None
        if per_year:
            plan = ser.upto(judged_year)
            plan_years = plan.year >= (spec.start_year if spec.start_year is not None else -math.inf)
            ok_years = [bool(meets(float(v), spec.comparison, tval)) for v in plan.value[plan_years]]
            ok = all(ok_years)
            base.update(years_met=sum(ok_years), years_judged=len(ok_years))
        else:
            ok = bool(meets(judged_value, spec.comparison, tval))
        return TargetStatus(MET if ok else OFF_TRACK, "met_at_deadline" if ok else "missed_at_deadline",
                            n_points=1, met_since=since, met_since_year=later[0] if later and not ok else None,
                            **base)  # fmt: skip

    # Deadline ahead (or passed with the deadline year not observed yet): project.
    base.update(judged_year=latest_year, judged_value=latest_value)
    win = window()
    f = trend(win)
    proj: dict[str, Any] = {"n_points": len(win), "fit": f, **slope_fields(f)}
    if f is not None:
        fit, lo, hi = (float(a) for a in f.predict(spec.deadline))
        top = 100.0 if percent else math.inf  # values are never negative
        fit, lo, hi = (min(max(v, 0.0), top) for v in (fit, lo, hi))
        proj.update(projected=fit, lower=lo, upper=hi, projection_year=spec.deadline)
    if spec.comparison == "falling":
        if f is None:
            status = AT_RISK if len(win) == 2 else NO_DATA
            return TargetStatus(status, "too_few_years", **proj, **base)
        s_lo, s_hi = f.slope_interval()
        if s_hi < 0:
            return TargetStatus(ON_TRACK, "falling", **proj, **base)
        if s_lo >= 0:
            return TargetStatus(OFF_TRACK, "not_falling", **proj, **base)
        return TargetStatus(AT_RISK, "not_clearly_falling", **proj, **base)
    assert tval is not None
    if per_year:  # "≥ 3 a year": every plan year is judged on its own; no projection decides
        plan_years = ser.year >= (spec.start_year if spec.start_year is not None else -math.inf)
        ok_years = [bool(meets(float(v), spec.comparison, tval)) for v in ser.value[plan_years]]
        base.update(years_met=sum(ok_years), years_judged=len(ok_years))
        if not meets(latest_value, spec.comparison, tval):
            return TargetStatus(OFF_TRACK, "missed_latest_year", **proj, **base)
        if all(ok_years):
            return TargetStatus(MET, "met_every_year", **proj, **base)
        return TargetStatus(AT_RISK, "met_some_years", **proj, **base)
    if meets(latest_value, spec.comparison, tval):
        return TargetStatus(MET, "met_latest", **proj, **base)
    if f is None:
        return TargetStatus(AT_RISK, "too_few_years", **proj, **base)
    side = interval_side(proj["lower"], proj["upper"], spec.comparison, tval)
    status = {"meets": ON_TRACK, "straddles": AT_RISK, "fails": OFF_TRACK}[side]
    return TargetStatus(status, f"projection_{side}", **proj, **base)


def assess_frame(spec: TargetSpec, df: pd.DataFrame, *, as_of: int, percent: bool = True) -> TargetStatus:
    """:func:`assess_target` on a frame with columns year, value and (optional) n."""
    n = df["n"] if "n" in df.columns else None
    return assess_target(spec, df["year"], df["value"], as_of=as_of, n=n, percent=percent)


def counties_meeting(
    df: pd.DataFrame, spec: TargetSpec, *, target: float | None = None, year: int | None = None
) -> pd.DataFrame:
    """Which counties meet the target, one row per county of ``df``.

    ``df``: a county frame with columns area, year, value (NaN = no value). ``target`` is
    the resolved target value (baseline targets: from the AREA's baseline, see
    :func:`target_value`; default ``spec.value``). ``year``: judge that year's value
    (None: each county's latest value). ``falling``: the value is below the county's
    value of the year before.

    Returns columns area, year, value, meets (True/False, <NA> when the county has no
    value to judge).
    """
    target = spec.value if target is None else target
    areas = pd.Index(sorted(set(df["area"])), name="area")
    obs = df.loc[df["value"].notna(), ["area", "year", "value"]].sort_values(["area", "year"])
    sel = obs if year is None else obs[obs["year"] == year]
    last = sel.groupby("area", sort=True).tail(1).set_index("area").reindex(areas)
    v = last["value"].to_numpy(dtype=float)
    if spec.comparison == "falling":
        prev = obs.assign(year=obs["year"] + 1).set_index(["area", "year"])["value"]
        key = pd.MultiIndex.from_arrays([areas, last["year"].fillna(-1).astype(int)])
        pv = prev.reindex(key).to_numpy(dtype=float)
        ok = v < pv - _EPS
        known = np.isfinite(v) & np.isfinite(pv)
    else:
        known = np.isfinite(v) & (target is not None)
        ok = np.array(
            [bool(meets(x, spec.comparison, target)) if k else False for x, k in zip(v, known, strict=True)]
        )
    out = pd.DataFrame({"area": areas.to_numpy(), "year": last["year"].to_numpy(), "value": v})
    if year is not None:
        out["year"] = year
    out["year"] = pd.array(out["year"], dtype="Int64")
    out["meets"] = pd.array([bool(o) if k else None for o, k in zip(ok, known, strict=True)], dtype="boolean")
    return out


#: Statuses that count as "meets the target" for a county. A "falling" target is a trend, never
#: "met" before the deadline: a county meets it when its own trend is clearly falling (on track).
MEETS_STATUSES = {"default": frozenset({"met"}), "falling": frozenset({"met", "on_track"})}


def meets_target(status: str, comparison: str) -> bool:
    """Does a county with this status meet a target with this comparison? (one rule for every page)"""
    return status in MEETS_STATUSES["falling" if comparison == "falling" else "default"]


def count_meeting(meeting: pd.DataFrame) -> tuple[int, int]:
    """(counties meeting, counties with a value judged) from :func:`counties_meeting`."""
    known = meeting["meets"].dropna()
    return int(known.sum()), int(len(known))


def summarise(statuses: Sequence[str]) -> dict[str, int]:
    """Count of each status, in :data:`STATUSES` order (zeros included)."""
    out = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        if s not in out:
            raise ValueError(f"unknown status {s!r}")
        out[s] += 1
    return out


def resolved(spec: TargetSpec, target: float | None) -> TargetSpec:
    """``spec`` with the baseline replaced by its resolved value (to judge counties by the
    area's target); unchanged for ``falling``. ``target`` None keeps ``spec``."""
    if spec.comparison == "falling" or target is None:
        return spec
    return TargetSpec(comparison=spec.comparison, deadline=spec.deadline, value=float(target),
                      start_year=spec.start_year)  # fmt: skip


def county_statuses(
    df: pd.DataFrame, spec: TargetSpec, *, as_of: int, target: float | None = None, percent: bool = True
) -> pd.DataFrame:
    """:func:`assess_target` for every county of a frame (columns area, year, value, n).

    ``target``: the resolved target (the area's, for baseline targets). Returns one row per
    county: area, status, reason, judged_year, judged_value, latest_year, latest_value,
    gap (judged value - target), projected, lower, upper, met_since, slope, slope_lower,
    slope_upper (per year, with its 95% interval; None with fewer than three years),
    assessment (the county's :class:`TargetStatus` itself, for its two statements).
    """
    s = resolved(spec, target)
    rows = []
    for area, g in df.groupby("area", sort=True):
        st = assess_frame(s, g, as_of=as_of, percent=percent)
        rows.append({
            "area": area, "status": st.status, "reason": st.reason,
            "judged_year": st.judged_year, "judged_value": st.judged_value,
            "latest_year": st.latest_year, "latest_value": st.latest_value,
            "gap": gap_to_target(st.judged_value, s.comparison, st.target_value),
            "projected": st.projected, "lower": st.lower, "upper": st.upper,
            "met_since": st.met_since, "slope": st.slope, "slope_lower": st.slope_lower,
            "slope_upper": st.slope_upper, "assessment": st,
        })  # fmt: skip
    cols = ["area", "status", "reason", "judged_year", "judged_value", "latest_year", "latest_value",
            "gap", "projected", "lower", "upper", "met_since", "slope", "slope_lower", "slope_upper",
            "assessment"]  # fmt: skip
    out = pd.DataFrame(rows, columns=cols)
    for c in ("judged_year", "latest_year"):
        out[c] = out[c].astype("Int64")
    return out


def status_key(st: TargetStatus | str, deadline_passed: bool = False) -> str:
    """The label key of a status: "missed" for off_track after the deadline, else the status.

    ``st`` is a :class:`TargetStatus` (its own ``deadline_passed``) or a status string
    (with ``deadline_passed`` given). The words for each key are ``status.<key>`` in
    ``dashboard/i18n/targets.py``.
    """
    status = st if isinstance(st, str) else st.status
    passed = deadline_passed if isinstance(st, str) else st.deadline_passed
    return "missed" if status == OFF_TRACK and passed else status
