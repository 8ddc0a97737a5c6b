"""What the data says: findings written from the numbers by fixed rules (pure: no I/O, no words).

Every finding is a :class:`Finding`: the rule that made it, the words to use (``key``, in
:mod:`dashboard.i18n.findings`), the test that decided it (``test``), the chart that shows
it (``href``) and the numbers it quotes. The same numbers always give the same findings, in
the same order; nothing is free text. A number that is suppressed (NaN: too few cases, no
population, a masked count) never makes a finding. The rules, in the order they are listed:

``target`` (test ``prediction``, ``slope``, ``every_year``, ``observed`` or ``deadline``)
    A quantified target whose headline category (:mod:`dashboard.domain.verdict`) is
    ``at_risk``, ``off_track``, ``met_slipping`` or ``missed``, and by how much: deadline
    ahead, the gap between the projection at the deadline and the target, the 95%
    prediction interval deciding (off track: the whole interval fails the target; at risk:
    it straddles it; met but slipping: met now, the whole interval fails); "falling"
    targets, the slope and its 95% confidence interval (not entirely below 0); count
    targets judged year by year, the latest year's shortfall; fewer than three years, the
    latest value's shortfall (no projection); deadline passed, the shortfall of the value
    at the deadline. The gap is signed by polarity: positive means short of the target.
``county_differs`` (test ``interval``)
    Counties whose 95% interval lies entirely above or entirely below the area's value:
    "above"/"below", and "worse"/"better" by the indicator's polarity (for cancer rates
    higher is worse). One finding per direction, naming at most ``limit`` counties, the
    most distant first (by the gap between the interval's near end and the area).
``rising`` (test ``apc``)
    A rate series whose annual percent change has a 95% confidence interval entirely
    above 0 (:func:`dashboard.epi.annual_percent_change`).
``quality`` (test ``quality``)
    Registries flagged by the quality screens of :mod:`dashboard.epi.quality` (MV%, DCO%,
    M/I outside their plausible ranges): the county's flags, or the flagged counties of
    the area.
``change`` (test ``two_proportions``, ``poisson`` or ``intervals``)
    The latest data year against the previous one, for each target indicator, reported
    only when significant: a two-sided z test of two proportions at the 5% level when
    both years have a numerator and a denominator (percentages); the exact conditional
    (binomial) test of two Poisson counts for counts; else the two 95% intervals must not
    overlap (conservative). A change that cannot be tested is not reported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from scipy import stats

from dashboard.domain.status import TargetSpec
from dashboard.domain.verdict import Verdict

#: Headline categories that make a ``target`` finding.
CONCERNS = ("at_risk", "off_track", "met_slipping", "missed")
#: Significance level of the ``change`` tests.
ALPHA = 0.05


@dataclass(frozen=True)
class Finding:
    """One finding: rule, words (``key``), test, chart link and the numbers quoted."""

    rule: str
    key: str
    test: str
    href: str
    values: tuple[tuple[str, Any], ...] = ()

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.values).get(name, default)


def _finite(v: object) -> bool:
    try:
        return v is not None and math.isfinite(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def shortfall(value: float, target: float, comparison: str) -> float:
    """How far ``value`` is short of ``target`` (positive: short; negative: beyond it)."""
    return target - value if comparison in (">=", ">") else value - target


def target_finding(
    *, indicator: str, unit: str, spec: TargetSpec, target: float | None, v: Verdict, href: str
) -> Finding | None:
    """The ``target`` finding of one judged target (None when it is not a concern)."""
    if v.headline not in CONCERNS:
        return None
    now, by = v.now, v.by_deadline
    base: list[tuple[str, Any]] = [("indicator", indicator), ("unit", unit), ("deadline", spec.deadline),
                                   ("target", target)]  # fmt: skip
    if spec.comparison == "falling":
        if not _finite(now.value):
            return None
        key = "trend_not_falling" if now.key == "not_falling" else "trend_unclear"
        vals = [*base, ("slope", now.value), ("lower", now.lower), ("upper", now.upper), ("year", now.year)]
        return Finding("target", f"target.{key}", "slope", href, tuple(vals))
    if target is None:
        return None
    if by.key in ("missed_at_deadline",) and _finite(by.value):
        gap = shortfall(float(by.value), target, spec.comparison)  # type: ignore[arg-type]
        vals = [*base, ("value", by.value), ("year", by.year), ("gap", gap)]
        return Finding("target", "target.missed", "deadline", href, tuple(vals))
    if by.key in ("projected_fails", "projected_straddles") and _finite(by.value):
        proj, lo, hi = float(by.value), float(by.lower), float(by.upper)  # type: ignore[arg-type]
        worst = lo if spec.comparison in (">=", ">") else hi
        gap, gap_worst = shortfall(proj, target, spec.comparison), shortfall(worst, target, spec.comparison)
        key = "slipping" if v.headline == "met_slipping" else ("off_track" if by.key == "projected_fails"
                                                                else "at_risk")  # fmt: skip
        vals = [*base, ("value", proj), ("lower", lo), ("upper", hi), ("year", by.year), ("gap", gap),
                ("gap_worst", gap_worst), ("now_value", now.value), ("now_year", now.year)]  # fmt: skip
        return Finding("target", f"target.{key}" + ("" if gap > 0 or key == "slipping" else "_edge"),
                       "prediction", href, tuple(vals))  # fmt: skip
    if _finite(now.value) and now.key in ("not_met", "missed_year"):
        gap = shortfall(float(now.value), target, spec.comparison)  # type: ignore[arg-type]
        vals = [*base, ("value", now.value), ("year", now.year), ("gap", gap), ("k", now.k), ("n", now.n)]
        if now.key == "missed_year":
            return Finding("target", "target.missed_year", "every_year", href, tuple(vals))
        return Finding("target", "target.short_now", "observed", href, tuple(vals))
    if _finite(now.value) and now.key == "met_year":  # met this year, an earlier plan year was not
        vals = [*base, ("value", now.value), ("year", now.year), ("k", now.k), ("n", now.n)]
        return Finding("target", "target.some_years", "every_year", href, tuple(vals))
    return None


def county_differences(
    *,
    subject: tuple[tuple[str, Any], ...],
    names: Sequence[str],
    values: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
    benchmark: float,
    higher_is_better: bool,
    href: str,
    limit: int = 5,
) -> list[Finding]:
    """``county_differs`` findings: counties whose interval lies wholly above or below ``benchmark``.

    ``subject`` names what is compared (e.g. measure and site, passed to the words). NaN
    values or intervals (suppressed rates) are left out; so is a NaN benchmark."""
    if not _finite(benchmark):
        return []
    above: list[tuple[float, str, float]] = []
    below: list[tuple[float, str, float]] = []
    for name, v, lo, hi in zip(names, values, lower, upper, strict=True):
        if not (_finite(v) and _finite(lo) and _finite(hi)):
            continue
        if lo > benchmark:
            above.append((lo - benchmark, str(name), float(v)))
        elif hi < benchmark:
            below.append((benchmark - hi, str(name), float(v)))
    out = []
    for direction, rows in (("above", above), ("below", below)):
        if not rows:
            continue
        rows.sort(key=lambda r: (-r[0], r[1]))
        judged = "better" if (direction == "above") == higher_is_better else "worse"
        vals = (*subject, ("direction", direction), ("judged", judged), ("n", len(rows)),
                ("names", tuple(r[1] for r in rows[:limit])), ("more", max(0, len(rows) - limit)),
                ("benchmark", float(benchmark)), ("value", rows[0][2]))  # fmt: skip
        out.append(Finding("county_differs", f"county_differs.{direction}", "interval", href, vals))
    # worse first: that is what a meeting acts on
    return sorted(out, key=lambda f: f.get("judged") != "worse")


def rising_trend(
    *, subject: tuple[tuple[str, Any], ...], apc: float, lower: float, upper: float, href: str
) -> Finding | None:
    """A ``rising`` finding when the APC's 95% interval lies wholly above 0."""
    if not (_finite(apc) and _finite(lower) and _finite(upper)) or lower <= 0:
        return None
    return Finding(
        "rising", "rising", "apc", href, (*subject, ("apc", apc), ("lower", lower), ("upper", upper))
    )


def quality_finding(
    *, flagged: Sequence[tuple[str, str]], href: str, county: bool = False, limit: int = 5
) -> Finding | None:
    """A ``quality`` finding from (name, flag codes "mv_low;dco_high") pairs; unflagged ones are ignored."""
    rows = [(str(n), str(f)) for n, f in flagged if f and str(f) not in ("nan", "None")]
    if not rows:
        return None
    if county:
        return Finding(
            "quality", "quality.county", "quality", href, (("name", rows[0][0]), ("flags", rows[0][1]))
        )
    return Finding("quality", "quality.area", "quality", href,
                   (("n", len(rows)), ("names", tuple(n for n, _ in rows[:limit])),
                    ("more", max(0, len(rows) - limit))))  # fmt: skip


def _num(row: pd.Series, col: str) -> float | None:
    v = row.get(col)
    return float(v) if _finite(v) else None


def change_test(prev: pd.Series, last: pd.Series, unit: str) -> tuple[str, bool | None, float | None]:
    """(test, significant?, p value) of the change between two years of an indicator series.

    Rows have value and optionally numerator, denominator, lower, upper."""
    n1, d1, n2, d2 = (_num(prev, "numerator"), _num(prev, "denominator"), _num(last, "numerator"),
                      _num(last, "denominator"))  # fmt: skip
    if unit == "%" and None not in (n1, d1, n2, d2) and d1 > 0 and d2 > 0:  # type: ignore[operator]
        p1, p2 = n1 / d1, n2 / d2  # type: ignore[operator]
        pool = (n1 + n2) / (d1 + d2)  # type: ignore[operator]
        se = math.sqrt(pool * (1 - pool) * (1 / d1 + 1 / d2))  # type: ignore[operator]
        if se == 0:
            return "two_proportions", p1 != p2, 0.0 if p1 != p2 else 1.0
        p = math.erfc(abs(p2 - p1) / se / math.sqrt(2))
        return "two_proportions", p < ALPHA, p
    if unit != "%":
        c1, c2 = _num(prev, "value"), _num(last, "value")
        if c1 is not None and c2 is not None and c1 >= 0 and c2 >= 0 and c1 == int(c1) and c2 == int(c2):
            total = int(c1 + c2)
            p = 1.0 if total == 0 else float(stats.binomtest(int(c2), total, 0.5).pvalue)
            return "poisson", p < ALPHA, p
    l1, u1, l2, u2 = (_num(prev, "lower"), _num(prev, "upper"), _num(last, "lower"), _num(last, "upper"))
    if None not in (l1, u1, l2, u2):
        return "intervals", bool(l2 > u1 or u2 < l1), None  # type: ignore[operator]
    return "none", None, None


def change_finding(
    *, indicator: str, unit: str, higher_is_better: bool, series: pd.DataFrame, href: str
) -> Finding | None:
    """The ``change`` finding of one indicator: its latest year against the year before.

    ``series``: one area's rows (year, value, and numerator, denominator, lower, upper when
    known). None with fewer than two years or when either value is missing."""
    s = series[pd.to_numeric(series["value"], errors="coerce").notna()].sort_values("year")
    if len(s) < 2:
        return None
    prev, last = s.iloc[-2], s.iloc[-1]
    test, significant, p = change_test(prev, last, unit)
    v1, v2 = float(prev["value"]), float(last["value"])
    diff = v2 - v1
    if not significant or diff == 0:  # only a change its test calls significant is a finding
        return None
    vals = (("indicator", indicator), ("unit", unit), ("year", int(last["year"])), ("prev_year", int(prev["year"])),
            ("value", v2), ("prev_value", v1), ("diff", diff), ("better", (diff > 0) == higher_is_better),
            ("p", p))  # fmt: skip
    return Finding("change", f"change.{'up' if diff > 0 else 'down'}", test, href, vals)


def ordered(findings: Sequence[Finding | None]) -> list[Finding]:
    """The findings that were made, rule by rule in the module's order (stable within a rule)."""
    order = {"target": 0, "county_differs": 1, "rising": 2, "quality": 3, "change": 4}
    made = [f for f in findings if f is not None]
    return sorted(made, key=lambda f: order.get(f.rule, 9))
