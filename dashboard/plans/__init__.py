"""Plan files: one YAML file per city plan, in this folder.

A third city adds its plan as one new file (``<city>-<start>-<end>.yaml``)::

    plan_id: jiujiang-2025-2027        # unique, used in URLs
    area: "360400"                     # the plan area's 6-digit adcode
    name_zh: ... / name_en: ...
    start_year: 2025 / end_year: 2027
    document: 文号 or date             # optional
    targets:                           # every target, quantified or not
      - id: cervical                   # unique within the plan
        indicator: cervical_screening  # a key of dashboard.indicators.INDICATORS
        comparison: ">"                # >=, >, <=, <, falling
        value: 55                      # target value (omit for "falling" or baseline targets)
        baseline_year: 2015            # optional: target = value in that year + baseline_delta
        baseline_delta: 3
        deadline: 2027
        clause: "一"                   # clause of the plan it comes from
        text_zh: ... / text_en: ...    # the target as the plan words it
        quantified: true               # false: shown as text, not tracked

:func:`load_plan_file` checks every field and names the file, target and field
of any problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.indicators import INDICATORS

PLAN_DIR = Path(__file__).resolve().parent
COMPARISONS = (">=", ">", "<=", "<", "falling")


class PlanFileError(ValueError):
    """A plan file is malformed; the message names file, target and field."""


@dataclass(frozen=True)
class Target:
    target_id: str
    indicator: str
    comparison: str
    value: float | None
    baseline_year: int | None
    baseline_delta: float | None
    deadline: int
    clause: str
    text_zh: str
    text_en: str
    quantified: bool
    sort_order: int


@dataclass(frozen=True)
class Plan:
    plan_id: str
    area: str
    name_zh: str
    name_en: str
    start_year: int
    end_year: int
    document: str | None
    source_file: str
    targets: tuple[Target, ...]

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


def _need(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj or obj[key] is None:
        raise PlanFileError(f"{where}: field '{key}' is missing")
    val = obj[key]
    if not isinstance(val, kind) or isinstance(val, bool) and kind is not bool:
        raise PlanFileError(f"{where}: field '{key}' has the wrong type ({val!r})")
    return val


def _parse_target(raw: Any, order: int, where: str) -> Target:
    if not isinstance(raw, dict):
        raise PlanFileError(f"{where}: each target must be a mapping")
    tid = str(_need(raw, "id", (str, int), where))
    where = f"{where}, target '{tid}'"
    quantified = bool(raw.get("quantified", True))
    indicator = str(raw.get("indicator") or "")
    comparison = str(raw.get("comparison") or "")
    value = raw.get("value")
    b_year = raw.get("baseline_year")
    b_delta = raw.get("baseline_delta")
    if quantified:
        if indicator not in INDICATORS:
            raise PlanFileError(f"{where}: field 'indicator' is unknown ({indicator!r})")
        if comparison not in COMPARISONS:
            raise PlanFileError(
                f"{where}: field 'comparison' must be one of {', '.join(COMPARISONS)} ({comparison!r})"
            )
        has_baseline = b_year is not None or b_delta is not None
        if has_baseline and (b_year is None or b_delta is None):
            raise PlanFileError(f"{where}: baseline_year and baseline_delta go together")
        if comparison != "falling" and value is None and not has_baseline:
            raise PlanFileError(f"{where}: field 'value' is missing")
        if value is not None and not isinstance(value, int | float):
            raise PlanFileError(f"{where}: field 'value' must be a number ({value!r})")
    return Target(
        target_id=tid,
        indicator=indicator,
        comparison=comparison or ">=",
        value=None if value is None else float(value),
        baseline_year=None if b_year is None else int(b_year),
        baseline_delta=None if b_delta is None else float(b_delta),
        deadline=int(_need(raw, "deadline", int, where)),
        clause=str(_need(raw, "clause", (str, int), where)),
        text_zh=str(_need(raw, "text_zh", str, where)),
        text_en=str(_need(raw, "text_en", str, where)),
        quantified=quantified,
        sort_order=order,
    )


def load_plan_file(path: Path) -> Plan:
    """Read and check one plan file."""
    where = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PlanFileError(f"{where}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise PlanFileError(f"{where}: the file must be a mapping of fields")
    area = str(_need(raw, "area", (str, int), where))
    if not (len(area) == 6 and area.isdigit()):
        raise PlanFileError(f"{where}: field 'area' must be a 6-digit adcode ({area!r})")
    raw_targets = _need(raw, "targets", list, where)
    targets = tuple(_parse_target(t, i, where) for i, t in enumerate(raw_targets))
    ids = [t.target_id for t in targets]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise PlanFileError(f"{where}: target id repeated: {', '.join(dupes)}")
    start, end = int(_need(raw, "start_year", int, where)), int(_need(raw, "end_year", int, where))
    if end < start:
        raise PlanFileError(f"{where}: end_year {end} is before start_year {start}")
    return Plan(
        plan_id=str(_need(raw, "plan_id", str, where)),
        area=area,
        name_zh=str(_need(raw, "name_zh", str, where)),
        name_en=str(_need(raw, "name_en", str, where)),
        start_year=start,
        end_year=end,
        document=raw.get("document"),
        source_file=path.name,
        targets=targets,
    )


def load_plans(directory: Path = PLAN_DIR) -> list[Plan]:
    """Every plan file in ``directory``, sorted by file name; plan ids and areas unique."""
    plans = [load_plan_file(p) for p in sorted(directory.glob("*.yaml"))]
    for attr in ("plan_id", "area"):
        seen: dict[str, str] = {}
        for p in plans:
            key = getattr(p, attr)
            if key in seen:
                raise PlanFileError(f"{p.source_file}: {attr} {key!r} is already used by {seen[key]}")
            seen[key] = p.source_file
    return plans
