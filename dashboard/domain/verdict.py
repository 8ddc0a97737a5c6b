"""Two statements for every judged target: where it stands NOW, and BY THE DEADLINE (pure).

A single status hides half of what a reader needs: a value of 75, 70, 66, 61, 56 against
"≥ 55 by 2030" is met now and projected to fall to 23 by 2030. :func:`verdict` turns a
:class:`~dashboard.domain.status.TargetStatus` into two labelled statements and a headline
category, so every page says both (the words are ``verdict.now.<key>`` and
``verdict.deadline.<key>`` in :mod:`dashboard.i18n.targets`):

now (the latest observed year)
    ``met`` / ``not_met`` (the latest value against the target); ``met_year`` /
    ``missed_year`` for per-year count targets (with the plan years met so far);
    ``falling`` / ``not_clearly_falling`` / ``not_falling`` / ``too_few_years`` for
    "falling" targets (the slope's 95% interval); ``no_data``.

by the deadline
    Deadline ahead: ``projected_meets`` / ``projected_straddles`` / ``projected_fails`` (the
    95% prediction interval at the deadline against the target), ``cannot_project`` (fewer
    than three years), ``every_year`` (per-year count targets: each year to the deadline
    must reach it), ``trend_falling`` / ``trend_unclear`` / ``trend_not_falling``.
    Deadline passed: ``met_at_deadline``; ``reached_late`` ("reached in 2024, after the
    2022 deadline"); ``missed_at_deadline`` (not reached since either); ``no_deadline_value``
    ("no value at or after the 2022 deadline").

The headline category (:data:`HEADLINES`) counts targets on the overview: ``met``,
``met_slipping`` (met now, the whole projection interval fails the target by the
deadline), ``on_track``, ``at_risk``, ``off_track``, ``met_late`` (deadline missed, target
reached since and still met), ``missed``, ``no_deadline_value``, ``no_data``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.domain.status import (
    AT_RISK,
    MET,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    TargetSpec,
    TargetStatus,
    interval_side,
    meets,
)

#: Headline categories, best first (the order of the overview's summary line).
HEADLINES: tuple[str, ...] = (
    "met", "met_slipping", "on_track", "at_risk", "off_track", "met_late", "missed", "no_deadline_value", "no_data",
)  # fmt: skip


@dataclass(frozen=True)
class Statement:
    """One labelled statement: a message key and the numbers it quotes."""

    key: str
    year: int | None = None
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    deadline: int | None = None
    k: int | None = None  #: per-year counts: years meeting the target
    n: int | None = None  #: ... of the years judged


@dataclass(frozen=True)
class Verdict:
    """``now`` and ``by_deadline`` statements and the ``headline`` category of a target."""

    now: Statement
    by_deadline: Statement
    headline: str


def _now(st: TargetStatus, spec: TargetSpec) -> Statement:
    if st.latest_year is None:
        return Statement("no_data")
    if spec.comparison == "falling":
        if st.slope is None:
            return Statement("too_few_years", year=st.latest_year)
        key = "falling" if st.slope_upper is not None and st.slope_upper < 0 else (
            "not_falling" if st.slope_lower is not None and st.slope_lower >= 0 else "not_clearly_falling")  # fmt: skip
        return Statement(key, year=st.latest_year, value=st.slope, lower=st.slope_lower, upper=st.slope_upper)
    ok = meets(st.latest_value, spec.comparison, st.target_value)
    if ok is None:
        return Statement("no_data", year=st.latest_year, value=st.latest_value)
    if st.years_judged is not None:
        return Statement("met_year" if ok else "missed_year", year=st.latest_year, value=st.latest_value,
                         k=st.years_met, n=st.years_judged)  # fmt: skip
    return Statement("met" if ok else "not_met", year=st.latest_year, value=st.latest_value)


def _by_deadline(st: TargetStatus, spec: TargetSpec) -> Statement:
    d = spec.deadline
    if st.latest_year is None or (spec.comparison != "falling" and st.target_value is None):
        return Statement("no_deadline_value" if st.deadline_passed else "cannot_project", deadline=d)
    if st.reason == "met_at_deadline":
        return Statement("met_at_deadline", year=st.judged_year, value=st.judged_value, deadline=d,
                         k=st.years_met, n=st.years_judged)  # fmt: skip
    if st.reason == "missed_at_deadline":
        if st.met_since_year is not None:
            return Statement("reached_late", year=st.met_since_year, deadline=d)
        return Statement("missed_at_deadline", year=st.judged_year, value=st.judged_value, deadline=d,
                         k=st.years_met, n=st.years_judged)  # fmt: skip
    if st.deadline_passed:  # passed, and no value at or after the deadline yet
        return Statement("no_deadline_value", year=st.latest_year, deadline=d)
    if spec.comparison == "falling":
        key = {ON_TRACK: "trend_falling", OFF_TRACK: "trend_not_falling"}.get(st.status, "trend_unclear")
        return Statement(key if st.slope is not None else "cannot_project", deadline=d)
    if st.years_judged is not None:
        return Statement("every_year", deadline=d, value=st.target_value)
    if st.projected is None or st.lower is None or st.upper is None:
        return Statement("cannot_project", deadline=d)
    side = interval_side(st.lower, st.upper, spec.comparison, st.target_value)  # type: ignore[arg-type]
    return Statement(f"projected_{side}", year=st.projection_year, value=st.projected, lower=st.lower,
                     upper=st.upper, deadline=d)  # fmt: skip


def _headline(st: TargetStatus, now: Statement, by: Statement) -> str:
    if st.status == NO_DATA:
        return "no_data"
    if by.key == "no_deadline_value":
        return "no_deadline_value"
    if by.key == "met_at_deadline":
        return "met"
    if by.key == "reached_late":
        return "met_late" if now.key in ("met", "met_year") else "missed"
    if by.key == "missed_at_deadline":
        return "missed"
    if st.status == MET:
        return "met_slipping" if by.key == "projected_fails" else "met"
    if st.status in (ON_TRACK, AT_RISK, OFF_TRACK):
        return st.status
    return "no_data"


def verdict(st: TargetStatus, spec: TargetSpec) -> Verdict:
    """The two statements and the headline category of a judged target."""
    now, by = _now(st, spec), _by_deadline(st, spec)
    return Verdict(now=now, by_deadline=by, headline=_headline(st, now, by))


def count_headlines(verdicts: list[Verdict]) -> dict[str, int]:
    """How many targets fall in each headline category, in :data:`HEADLINES` order (zeros kept)."""
    out = dict.fromkeys(HEADLINES, 0)
    for v in verdicts:
        out[v.headline] += 1
    return out
