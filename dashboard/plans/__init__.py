"""Plan files: one YAML file per plan, in the folder named by the ``PLANS_DIR``
setting (default: this folder, the shipped Chongqing and Jiujiang plans).

Any prefecture-level city, municipality or province of China adds its plan as
one new file (``<area>-<start>-<end>.yaml``); its counties come from the
national county layer in ``geodata/`` by parent code (through the prefectures
for a province), so no code changes. A finer boundary file for an area may be
put beside it as ``geodata/<adcode>.geojson`` (see ``dashboard.catalogue.geo``)::

    plan_id: jiujiang-2025-2027        # unique, used in URLs
    area: "360400"                     # the plan area's 6-digit adcode (city, municipality, province)
    name_zh: ... / name_en: ...
    short_name_zh: 九江 2025—2027      # optional: the area switch label
    short_name_en: Jiujiang 2025–27    #   (default: area name and years)
    start_year: 2025 / end_year: 2027
    document: 文号 or date             # optional
    groups:                            # optional: regional groups of counties
      - name_zh: 城区
        name_en: Urban districts
        counties: ["360402", "360403"]
                                       # (a province without groups is grouped by prefecture)
    legends:                           # optional: the map classes the plan itself sets (as a
      incidence:                       #   DHIS2 legend set): incidence and/or mortality
        rate: asr_china                #   the rate they class: crude, asr_china, asr_world, cum_0_74
        bands:                         #   2..7 bands, ascending, each starting where the last ends
          - {from: 0, to: 200}         #   (a value outside them takes the first or last class)
          - {from: 200, to: 250}
          - {from: 250, to: 400}
                                       # (without legends the map does not offer "plan" classes)
    demo:                              # optional: build SYNTHETIC demonstration data
      first_year: 2018                 #   for this area on first run (DEMO_DATA=1)
      last_year: 2025
      population_millions: 4.6
      population_growth: -0.002
      crude_incidence_2018: 265.0
      deaths_per_case: 0.6
      established: false               # a long-running programme (earlier, higher coverage)
    targets:                           # every target, quantified or not
      - id: cervical                   # unique within the plan
        indicator: cervical_screening  # a key of dashboard.catalogue.indicators.INDICATORS
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

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.catalogue.indicators import INDICATORS

PLAN_DIR = Path(__file__).resolve().parent
COMPARISONS = (">=", ">", "<=", "<", "falling")
#: Measures and rates a plan's map legend may be given for (the map's own codes).
LEGEND_MEASURES = ("incidence", "mortality")
LEGEND_RATES = ("crude", "asr_china", "asr_world", "cum_0_74")
#: Bands of a legend: at least 2, at most 7 (the map's palettes).
LEGEND_BANDS = (2, 7)
_ADCODE = re.compile(r"^\d{6}$")


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
class Group:
    """A regional group of counties named by the plan (e.g. 主城都市圈)."""

    name_zh: str
    name_en: str
    counties: tuple[str, ...]


@dataclass(frozen=True)
class DemoSpec:
    """How to shape SYNTHETIC demonstration data for a plan area."""

    first_year: int
    last_year: int
    population_millions: float  # resident population at first_year
    population_growth: float  # per year
    crude_incidence_2018: float  # per 100,000, target of calibration
    deaths_per_case: float  # overall M/I
    established: bool  # long-running programmes: earlier starts, higher coverage


@dataclass(frozen=True)
class Legend:
    """The map classes a plan sets for one measure (a DHIS2 legend set): ``bands`` are
    (from, to) pairs, ascending and contiguous, for the rate ``rate``."""

    measure: str
    rate: str
    bands: tuple[tuple[float, float], ...]

    @property
    def thresholds(self) -> tuple[float, ...]:
        """The inner boundaries, the classifier's thresholds."""
        return tuple(hi for _lo, hi in self.bands[:-1])


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
    short_name_zh: str | None = None
    short_name_en: str | None = None
    groups: tuple[Group, ...] = ()
    demo: DemoSpec | None = None
    legends: tuple[Legend, ...] = ()

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


def _parse_groups(raw: Any, where: str) -> tuple[Group, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PlanFileError(f"{where}: field 'groups' must be a list")
    groups, seen = [], set()
    for i, g in enumerate(raw, 1):
        gw = f"{where}, group {i}"
        if not isinstance(g, dict):
            raise PlanFileError(f"{gw}: each group must be a mapping")
        codes = tuple(str(c) for c in _need(g, "counties", list, gw))
        bad = [c for c in codes if not _ADCODE.match(c)]
        if bad:
            raise PlanFileError(f"{gw}: field 'counties' has codes that are not 6-digit adcodes: {bad}")
        again = sorted(seen.intersection(codes))
        if again:
            raise PlanFileError(f"{gw}: counties already in another group: {', '.join(again)}")
        seen.update(codes)
        groups.append(Group(str(_need(g, "name_zh", str, gw)), str(_need(g, "name_en", str, gw)), codes))
    return tuple(groups)


def _parse_demo(raw: Any, where: str) -> DemoSpec | None:
    if raw is None:
        return None
    where = f"{where}, demo"
    if not isinstance(raw, dict):
        raise PlanFileError(f"{where}: must be a mapping")
    num = (int, float)
    spec = DemoSpec(
        first_year=int(_need(raw, "first_year", int, where)),
        last_year=int(_need(raw, "last_year", int, where)),
        population_millions=float(_need(raw, "population_millions", num, where)),
        population_growth=float(_need(raw, "population_growth", num, where)),
        crude_incidence_2018=float(_need(raw, "crude_incidence_2018", num, where)),
        deaths_per_case=float(_need(raw, "deaths_per_case", num, where)),
        established=bool(raw.get("established", False)),
    )
    if spec.last_year < spec.first_year:
        raise PlanFileError(f"{where}: last_year {spec.last_year} is before first_year {spec.first_year}")
    if spec.population_millions <= 0:
        raise PlanFileError(f"{where}: field 'population_millions' must be positive")
    return spec


def _parse_legends(raw: Any, where: str) -> tuple[Legend, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise PlanFileError(
            f"{where}: field 'legends' must be a mapping of measures ({', '.join(LEGEND_MEASURES)})"
        )
    out = []
    for measure, spec in raw.items():
        lw = f"{where}, legends.{measure}"
        if measure not in LEGEND_MEASURES:
            raise PlanFileError(f"{lw}: unknown measure; use {' or '.join(LEGEND_MEASURES)}")
        if not isinstance(spec, dict):
            raise PlanFileError(f"{lw}: must be a mapping with 'rate' and 'bands'")
        rate = str(_need(spec, "rate", str, lw))
        if rate not in LEGEND_RATES:
            raise PlanFileError(f"{lw}: field 'rate' must be one of {', '.join(LEGEND_RATES)} ({rate!r})")
        raw_bands = _need(spec, "bands", list, lw)
        lo_n, hi_n = LEGEND_BANDS
        if not lo_n <= len(raw_bands) <= hi_n:
            raise PlanFileError(f"{lw}: field 'bands' needs {lo_n} to {hi_n} bands ({len(raw_bands)} given)")
        bands: list[tuple[float, float]] = []
        for i, b in enumerate(raw_bands, 1):
            bw = f"{lw}, band {i}"
            if not isinstance(b, dict):
                raise PlanFileError(f"{bw}: must be a mapping with 'from' and 'to'")
            lo = float(_need(b, "from", (int, float), bw))
            hi = float(_need(b, "to", (int, float), bw))
            if not lo < hi:
                raise PlanFileError(f"{bw}: 'from' ({lo:g}) must be below 'to' ({hi:g})")
            if bands and lo != bands[-1][1]:
                raise PlanFileError(
                    f"{bw}: 'from' ({lo:g}) must equal the previous band's 'to' ({bands[-1][1]:g})"
                )
            bands.append((lo, hi))
        out.append(Legend(measure=str(measure), rate=rate, bands=tuple(bands)))
    return tuple(out)


def _optional_str(raw: dict[str, Any], key: str, where: str) -> str | None:
    val = raw.get(key)
    if val is None:
        return None
    if not isinstance(val, str) or not val.strip():
        raise PlanFileError(f"{where}: field '{key}' must be text ({val!r})")
    return val.strip()


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
    if not _ADCODE.match(area):
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
        short_name_zh=_optional_str(raw, "short_name_zh", where),
        short_name_en=_optional_str(raw, "short_name_en", where),
        groups=_parse_groups(raw.get("groups"), where),
        demo=_parse_demo(raw.get("demo"), where),
        legends=_parse_legends(raw.get("legends"), where),
    )


def legend_json(plan: Plan) -> str | None:
    """The plan's legends as stored in the database (``plans.legends``): JSON
    ``{"incidence": {"rate": ..., "bands": [[from, to], ...]}, ...}``, None without any."""
    if not plan.legends:
        return None
    return json.dumps({g.measure: {"rate": g.rate, "bands": [list(b) for b in g.bands]} for g in plan.legends},
                      sort_keys=True)  # fmt: skip


def load_plans(directory: Path | str | None = None) -> list[Plan]:
    """Every plan file in ``directory`` (default: the shipped plans), sorted by file name.

    Plan ids and areas are unique. A missing or empty folder is an error that
    names the folder: a dashboard without a plan has nothing to show.
    """
    directory = PLAN_DIR if directory is None else Path(directory)
    if not directory.is_dir():
        raise PlanFileError(f"plans folder {directory} does not exist (setting PLANS_DIR)")
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        raise PlanFileError(f"plans folder {directory} has no *.yaml plan file (setting PLANS_DIR)")
    plans = [load_plan_file(p) for p in files]
    for attr in ("plan_id", "area"):
        seen: dict[str, str] = {}
        for p in plans:
            key = getattr(p, attr)
            if key in seen:
                raise PlanFileError(f"{p.source_file}: {attr} {key!r} is already used by {seen[key]}")
            seen[key] = p.source_file
    return plans
