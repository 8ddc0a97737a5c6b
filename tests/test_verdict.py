"""Two statements per target, "now" and "by the deadline" (issue 13, defects 2-4)."""

from __future__ import annotations

from dashboard.domain.status import TargetSpec, assess_target
from dashboard.domain.verdict import count_headlines, verdict
from dashboard.i18n.verdict import headline_parts, quantity, verdict_lines

YEARS = [2021, 2022, 2023, 2024, 2025]


def test_met_while_heading_away_says_both() -> None:
    spec = TargetSpec(">=", 2030, value=55.0)
    st = assess_target(spec, [2019, 2020, 2021, 2022, 2023], [75, 70, 66, 61, 56], as_of=2024)
    assert st.status == "met"
    v = verdict(st, spec)
    assert (v.now.key, v.by_deadline.key, v.headline) == ("met", "projected_fails", "met_slipping")
    now, by = verdict_lines(v, 2030, "%", "en")
    assert now == "Now: 56.0% in 2023: meets the target"
    assert by.startswith("By 2030: projected 23.3% (95% ") and by.endswith("will miss the target")
    zh_now, zh_by = verdict_lines(v, 2030, "%", "zh")
    assert zh_now == "现在：2023年 56.0%，已达到目标" and zh_by.startswith("到2030年：预计 23.3%")


def test_reached_after_the_deadline() -> None:
    spec = TargetSpec(">=", 2022, value=55.0)
    st = assess_target(spec, YEARS, [50, 52, 54, 56, 57], as_of=2026)
    v = verdict(st, spec)
    assert (v.now.key, v.by_deadline.key, v.headline) == ("met", "reached_late", "met_late")
    now, by = verdict_lines(v, 2022, "%", "en")
    assert by == "At the 2022 deadline: reached in 2024, after the 2022 deadline"
    assert now == "Now: 57.0% in 2025: meets the target"


def test_missed_and_not_reached_since() -> None:
    spec = TargetSpec(">=", 2022, value=55.0)
    v = verdict(assess_target(spec, YEARS, [50, 52, 53, 54, 54], as_of=2026), spec)
    assert (v.now.key, v.by_deadline.key, v.headline) == ("not_met", "missed_at_deadline", "missed")


def test_no_value_at_or_after_the_deadline_is_said() -> None:
    spec = TargetSpec(">=", 2024, value=55.0)
    st = assess_target(spec, [2020, 2021, 2022, 2023], [50, 52, 54, 56], as_of=2026)
    v = verdict(st, spec)
    assert v.by_deadline.key == "no_deadline_value" and v.headline == "no_deadline_value"
    assert verdict_lines(v, 2024, "%", "en")[1].endswith("no value at or after the 2024 deadline")
    assert "期限（2024年）及之后尚无数值" in verdict_lines(v, 2024, "%", "zh")[1]


def test_headline_counts_late_targets_apart_from_missed_ones() -> None:
    spec = TargetSpec(">=", 2022, value=55.0)
    late = verdict(assess_target(spec, YEARS, [50, 52, 54, 56, 57], as_of=2026), spec)
    missed = verdict(assess_target(spec, YEARS, [50, 52, 53, 54, 54], as_of=2026), spec)
    met = verdict(assess_target(spec, YEARS, [50, 56, 57, 58, 59], as_of=2026), spec)
    counts = count_headlines([late, late, missed, met])
    assert (counts["met"], counts["met_late"], counts["missed"]) == (1, 2, 1)
    assert headline_parts([late, late, missed, met], "en") == ["1 met", "2 reached after the deadline",
                                                               "1 not met (deadline passed)"]  # fmt: skip


def test_count_targets_in_whole_numbers_with_units() -> None:
    spec = TargetSpec(">=", 2027, value=3, start_year=2018)
    st = assess_target(spec, list(range(2018, 2026)), [2, 4, 2, 4, 2, 4, 3, 4], as_of=2026, percent=False)
    v = verdict(st, spec)
    assert (v.now.key, v.by_deadline.key, v.headline) == ("met_year", "every_year", "at_risk")
    now, by = verdict_lines(v, 2027, "count", "en", "research_projects")
    assert now == "Now: 4 projects in 2025: met that year (5 of 8 plan years met)"
    assert by == "By 2027: every year must reach 3 projects"
    assert quantity(4.4, "count", "zh", "research_projects") == "4 项"
    assert "4.4" not in now + by


def test_falling_targets_and_no_data() -> None:
    spec = TargetSpec("falling", 2027)
    v = verdict(assess_target(spec, YEARS, [30, 28, 26, 24, 22], as_of=2026), spec)
    assert (v.now.key, v.by_deadline.key, v.headline) == ("falling", "trend_falling", "on_track")
    v = verdict(
        assess_target(TargetSpec(">=", 2027, value=5), [], [], as_of=2026), TargetSpec(">=", 2027, value=5)
    )
    assert (v.now.key, v.headline) == ("no_data", "no_data")


def test_scorecard_cell_carries_both_statements() -> None:
    from dashboard.catalogue.indicators import INDICATORS
    from dashboard.i18n.verdict import short_line
    from dashboard.views.targets import with_verdict

    spec = TargetSpec(">=", 2030, value=55.0)
    st = assess_target(spec, [2019, 2020, 2021, 2022, 2023], [75, 70, 66, 61, 56], as_of=2024)
    ind = next(i for i in INDICATORS.values() if i.unit == "%")
    v = verdict(st, spec)
    assert short_line(v, 2030, "zh") == "现达标·2030年难达"
    assert short_line(v, 2030, "en") == "now met · 2030 unlikely"
    cell = {"v": 56.0, "s": "met", "l": "56.0% (+1.0)", "t": "2023: 56.0% (+1.0) · Met"}
    out = with_verdict(cell, st, spec, ind, "en")
    assert out["s"] == "met" and out["v"] == 56.0  # colour and sorting unchanged
    assert out["l"] == "56.0% (+1.0) | now met · 2030 unlikely"
    assert "Now: 56.0% in 2023: meets the target" in out["t"] and "will miss the target" in out["t"]
    zh = with_verdict({**cell, "t": "2023：…"}, st, spec, ind, "zh")
    assert zh["l"].endswith("｜现达标·2030年难达") and "现在：" in zh["t"] and "到2030年：预计" in zh["t"]
    empty = {"v": None, "s": "no_data", "l": "—", "t": "no data"}
    assert with_verdict(empty, st, spec, ind, "en") == empty  # nothing to judge: left alone


def test_every_scorecard_cell_with_a_value_states_now_and_the_deadline(demo_db) -> None:  # noqa: ANN001
    from dashboard.views import targets as V

    for lang, now, mark in (("zh", "现在：", "｜现"), ("en", "Now: ", " | now ")):
        data = V.load(demo_db, "500000", lang=lang, as_of=2026, small_cell_limit=5, suppress_below=16)
        card = V.scorecard(data, V.parse_selection(data))
        tids = [c["field"][2:] for c in card.columns if c["field"].startswith("v_")]
        cells = [(r[f"l_{tid}"], r[f"t_{tid}"]) for r in card.rows + card.pinned for tid in tids
                 if r[f"v_{tid}"] is not None]  # fmt: skip
        assert len(cells) > 100
        assert all(mark in label and now in tip for label, tip in cells)
        by = ("到", "期限（") if lang == "zh" else ("By ", "At the ")
        assert all(any(b in tip for b in by) for _label, tip in cells)
