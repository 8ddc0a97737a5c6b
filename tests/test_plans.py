from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.catalogue.indicators import INDICATORS
from dashboard.plans import PlanFileError, load_plan_file, load_plans


def test_both_seed_plans_load_with_every_quantified_target() -> None:
    plans = {p.plan_id: p for p in load_plans()}
    cq, jj = plans["chongqing-2020-2022"], plans["jiujiang-2025-2027"]
    assert (cq.area, cq.end_year, jj.area, jj.end_year) == ("500000", 2022, "360400", 2027)
    assert sum(t.quantified for t in cq.targets) == 7
    assert sum(t.quantified for t in jj.targets) == 12
    early = next(t for t in cq.targets if t.indicator == "early_diagnosis")
    assert (early.comparison, early.value, early.deadline, early.clause) == (">=", 55.0, 2022, "（十二）")
    survival = next(t for t in cq.targets if t.indicator == "survival_5y")
    assert (survival.baseline_year, survival.baseline_delta, survival.value) == (2015, 3.0, None)
    referral = next(t for t in jj.targets if t.indicator == "referral_out")
    assert referral.comparison == "falling"
    for p in plans.values():
        for t in p.targets:
            if t.quantified:
                assert t.indicator in INDICATORS


def test_a_third_city_is_one_new_file(tmp_path: Path) -> None:
    for p in Path("dashboard/plans").glob("*.yaml"):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "xcity-2026-2028.yaml").write_text(
        "plan_id: xcity-2026-2028\narea: '430100'\nname_zh: 某市方案\nname_en: X plan\n"
        "start_year: 2026\nend_year: 2028\ntargets:\n"
        "  - id: aw\n    indicator: awareness\n    comparison: '>='\n    value: 80\n"
        "    deadline: 2028\n    clause: 一\n    text_zh: 知晓率80%\n    text_en: Awareness 80%\n",
        encoding="utf-8",
    )
    assert [p.plan_id for p in load_plans(tmp_path)][-1] == "xcity-2026-2028"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "indicator: nonsense\n    comparison: '>='\n    value: 1",
            "target 'a': field 'indicator' is unknown",
        ),
        ("indicator: awareness\n    comparison: '=>'\n    value: 1", "field 'comparison' must be one of"),
        ("indicator: awareness\n    comparison: '>='", "target 'a': field 'value' is missing"),
        ("indicator: awareness\n    comparison: '>='\n    value: lots", "field 'value' must be a number"),
    ],
)
def test_bad_plan_files_name_file_target_and_field(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "plan_id: bad\narea: '500000'\nname_zh: x\nname_en: x\nstart_year: 2020\nend_year: 2022\n"
        f"targets:\n  - id: a\n    {body}\n    deadline: 2022\n    clause: 一\n    text_zh: x\n    text_en: x\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanFileError, match="bad.yaml") as exc:
        load_plan_file(path)
    assert message in str(exc.value)


TEST_PLANS = Path(__file__).parent / "data" / "plans"


def test_legends_are_optional_and_read_as_bands() -> None:
    from dashboard.plans import legend_json

    shipped = load_plans()
    assert all(p.legends == () and legend_json(p) is None for p in shipped)  # existing files keep working
    cs = next(p for p in load_plans(TEST_PLANS) if p.area == "430100")
    (g,) = cs.legends
    assert (g.measure, g.rate) == ("incidence", "asr_china")
    assert g.bands[0] == (0.0, 150.0) and g.thresholds == (150.0, 200.0, 250.0)
    assert '"thresholds"' not in legend_json(cs) and '"asr_china"' in legend_json(cs)


@pytest.mark.parametrize(
    ("legends", "message"),
    [
        ("legends: [1, 2]", "field 'legends' must be a mapping"),
        ("legends:\n  deaths: {rate: crude, bands: []}", "legends.deaths: unknown measure"),
        ("legends:\n  incidence: {bands: [{from: 0, to: 1}, {from: 1, to: 2}]}", "legends.incidence: field 'rate' is missing"),
        ("legends:\n  incidence: {rate: asr_usa, bands: []}", "field 'rate' must be one of"),
        ("legends:\n  mortality: {rate: crude, bands: [{from: 0, to: 1}]}", "field 'bands' needs 2 to 7 bands (1 given)"),
        ("legends:\n  mortality: {rate: crude, bands: [{from: 0, to: 1}, {from: 2, to: 3}]}",
         "legends.mortality, band 2: 'from' (2) must equal the previous band's 'to' (1)"),
        ("legends:\n  mortality: {rate: crude, bands: [{from: 5, to: 1}, {from: 1, to: 3}]}",
         "band 1: 'from' (5) must be below 'to' (1)"),
        ("legends:\n  mortality: {rate: crude, bands: [{from: 0, to: x}, {from: 1, to: 3}]}",
         "band 1: field 'to' has the wrong type"),
    ],
)  # fmt: skip
def test_bad_legends_name_file_and_field(tmp_path: Path, legends: str, message: str) -> None:
    path = tmp_path / "bad-legend.yaml"
    path.write_text(
        "plan_id: bad\narea: '500000'\nname_zh: x\nname_en: x\nstart_year: 2020\nend_year: 2022\n"
        f"{legends}\ntargets: []\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanFileError, match="bad-legend.yaml") as exc:
        load_plan_file(path)
    assert message in str(exc.value)
