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
