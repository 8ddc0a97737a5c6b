"""The plan-target page (``/targets``) without Dash: selection → data → words → what is shown.

``layouts/targets.py`` and ``callbacks/targets.py`` only parse their inputs, call this
module and wrap the result in components:

1. :class:`Selection`, one frozen value parsed once by :func:`parse_selection` from the
   query string or the controls' values (unknown values fall back to defaults; an unknown
   indicator is kept in ``unknown_indicator`` so the page can say so);
2. :func:`load` gathers :class:`TargetsData` for a plan area through the memoized
   loaders (``dashboard.queries.*``, :mod:`dashboard.domain.assessment`);
3. every word is made here in the chosen language (:func:`cell`, :func:`trend_labels`,
   :func:`ranking_labels`, :func:`funnel_labels`, table headers), and the figures of
   :mod:`dashboard.figures.targets` receive it ready-made;
4. :func:`page` (layout), :func:`scorecard`, :func:`scorecard_csv`,
   :func:`indicator_panel`, :func:`trend_figure`, :func:`county_csv` and
   :func:`pick_from_scorecard` (callbacks) return exactly what is shown.

URL state: ``/targets?area=360400&indicator=cervical_screening&counties=360402,360403
&group=县市``. An area whose plan has no data yet is not an error:
:attr:`TargetsPage.missing` names the tables to load and every cell says "no data".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.access.scope import require_area
from dashboard.catalogue.indicators import INDICATORS, Indicator
from dashboard.domain.assessment import county_scorecard, data_gaps, plan_assessment
from dashboard.domain.status import TargetSpec, TargetStatus, meets_target, resolved, status_key
from dashboard.domain.verdict import verdict
from dashboard.export.tables import TableExport, about_block, indicator_definition
from dashboard.figures.common import STATUS_MARKS, empty_figure
from dashboard.figures.targets import (
    FunnelLabels,
    RankingLabels,
    TrendLabels,
    make_funnel_plot,
    make_ranking_chart,
    make_trend_chart,
    status_tint,
)
from dashboard.i18n import pick, t
from dashboard.i18n.targets import (
    clause_label,
    counties_sentence,
    describe,
    fmt_value,
    status_label,
    target_label,
)
from dashboard.i18n.verdict import short_line, verdict_lines
from dashboard.infra.db import Database
from dashboard.publish.indicators import HIDDEN_REASON, published_indicators
from dashboard.queries.areas import area_info, data_kind
from dashboard.queries.areas import counties as area_counties
from dashboard.queries.indicators import PROPORTION_KINDS, YES_NO_KINDS, plan_for_area

#: Status keys in legend order (``missed`` = off track after the deadline).
STATUS_KEYS = ("met", "on_track", "at_risk", "off_track", "missed", "no_data")

_GRID_LOCALE_ZH = {
    "noRowsToShow": "没有数据", "loadingOoo": "加载中…", "filterOoo": "筛选…", "equals": "等于",
    "notEqual": "不等于", "contains": "包含", "notContains": "不包含", "startsWith": "开头是",
    "endsWith": "结尾是", "lessThan": "小于", "greaterThan": "大于", "inRange": "介于",
    "andCondition": "且", "orCondition": "或", "blank": "空白", "notBlank": "非空白",
    "applyFilter": "应用", "resetFilter": "重置", "clearFilter": "清除",
}  # fmt: skip


def as_of_year() -> int:
    """The "today" of every judgement: the current calendar year."""
    return date.today().year


def suppressible(ind: Indicator) -> bool:
    """Proportions of people (not facilities, not yes/no): small denominators are suppressed."""
    if ind.kind in ("screening_early", "screening_coverage"):
        return True
    return ind.kind == "ratio" and ind.counts == "people"


def grid_locale(lang: str) -> dict[str, str]:
    """dash-ag-grid's interface words (Chinese; the grid's own English otherwise)."""
    return dict(_GRID_LOCALE_ZH) if lang == "zh" else {}


# --- 1. Selection ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The page's state: plan area, indicator, counties in the trend, regional group.

    Always valid once made by :func:`parse_selection`; ``unknown_indicator`` is a requested
    indicator the plan does not have (the page says so and shows the default)."""

    area: str
    indicator: str | None = None
    counties: tuple[str, ...] = ()
    group: str | None = None
    unknown_indicator: str | None = None


def valid_area_code(code: object) -> bool:
    """A 6-digit adcode (the area Store lives in the browser, so it is checked)."""
    return isinstance(code, str) and len(code) == 6 and code.isdigit()


def _codes(value: object) -> list[str]:
    """Counties from the query string ("a,b") or a multi-select's value (["a", "b"])."""
    if isinstance(value, str):
        return [c for c in value.split(",") if c]
    if isinstance(value, list | tuple):
        return [str(c) for c in value if c]
    return []


# --- 2. Data -----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TargetsData:
    """Everything the page needs for one plan area (through the memoized loaders)."""

    db: Database
    area: str
    lang: str
    as_of: int
    limit: int  #: small-cell limit (counts 1..limit are hidden, with what would reveal them)
    n_min: int  #: proportions of people on fewer are suppressed
    area_name: str
    demo: bool
    plan_id: str | None  #: None: the area has no plan file
    plan_name: str
    assessed: pd.DataFrame  #: :func:`dashboard.domain.assessment.plan_assessment` (empty without a plan)
    counties: pd.DataFrame  #: adcode, name_zh, name_en, region_group, region_group_en, ...

    @property
    def indicators(self) -> list[str]:
        """The plan's quantified indicators, in plan order."""
        return list(dict.fromkeys(self.assessed["indicator"]))

    @property
    def county_indicators(self) -> list[str]:
        """Those with county values here (the page has more to show for them)."""
        return list(dict.fromkeys(self.assessed.loc[self.assessed["county_level"].astype(bool), "indicator"]))

    @property
    def groups(self) -> list[tuple[str, str]]:
        """Regional groups (zh, en), sorted."""
        cdf = self.counties
        return sorted({(z, e) for z, e in zip(cdf["region_group"], cdf["region_group_en"], strict=True)
                       if isinstance(z, str)})  # fmt: skip

    @cached_property
    def county_frame(self) -> pd.DataFrame:
        """The counties with ``name`` and ``group`` in the page's language."""
        cdf = self.counties.copy()
        cdf["name"] = [pick(z, e, self.lang) for z, e in zip(cdf["name_zh"], cdf["name_en"], strict=True)]
        cdf["group"] = [pick(z, e, self.lang)
                        for z, e in zip(cdf["region_group"], cdf["region_group_en"], strict=True)]  # fmt: skip
        return cdf

    @cached_property
    def names(self) -> dict[str, str]:
        """adcode → name of every county, and of the area ("九江市（全市）")."""
        names = dict(zip(self.county_frame["adcode"], self.county_frame["name"], strict=True))
        names[self.area] = t("targets.area_row", self.lang, area=self.area_name)
        return names

    @cached_property
    def county_scores(self) -> pd.DataFrame:
        """:func:`dashboard.domain.assessment.county_scorecard` of the plan."""
        if self.plan_id is None:
            return pd.DataFrame(columns=["target_id", "indicator", "area", "status"])
        return county_scorecard(self.db, self.area, self.plan_id, self.as_of, self.limit)

    @cached_property
    def missing(self) -> tuple[str, ...]:
        """Tables to load before the plan's targets can be judged (empty: there is data)."""
        if self.plan_id is None:
            return ()
        return tuple(data_gaps(self.db, self.area, self.plan_id, self.as_of, self.limit))

    def series(self, indicator: str) -> pd.DataFrame:
        """The indicator's series of the area and its counties as published
        (:func:`dashboard.publish.indicators.published_indicators`: hidden values NaN)."""
        return published_indicators(self.db, self.area, indicator, self.limit)

    def target(self, indicator: str | None) -> pd.Series | None:
        """The judged target (a row of :attr:`assessed`) of an indicator, or None."""
        sel = self.assessed[self.assessed["indicator"] == indicator]
        return None if sel.empty else sel.iloc[0]


def load(
    db: Database, area: str, *, lang: str, as_of: int, small_cell_limit: int, suppress_below: int
) -> TargetsData:
    """The page's data for plan area ``area`` (memoized loaders; nothing here is cached).

    Raises :class:`~dashboard.access.scope.AccessDenied` when the request may not read the area."""
    require_area(area)
    info = area_info(db, area) or {}
    plan = plan_for_area(db, area)
    plan_id = None if plan is None else str(plan["plan_id"])
    assessed = pd.DataFrame(columns=["indicator", "county_level", "target_id"])
    if plan_id is not None:
        assessed = plan_assessment(db, area, plan_id, as_of, small_cell_limit)
    return TargetsData(
        db=db,
        area=area,
        lang=lang,
        as_of=as_of,
        limit=small_cell_limit,
        n_min=suppress_below,
        area_name=pick(info.get("name_zh"), info.get("name_en"), lang) or area,  # type: ignore[arg-type]
        demo=data_kind(db) == "demonstration",
        plan_id=plan_id,
        plan_name="" if plan is None else pick(str(plan["name_zh"]), str(plan["name_en"]), lang),
        assessed=assessed,
        counties=area_counties(db, area),
    )


def parse_selection(
    data: TargetsData, *, indicator: object = None, counties: object = None, group: object = None
) -> Selection:
    """Valid control values from the query string or the controls; unknown values fall back.

    Defaults: the first indicator with county values (else the plan's first quantified
    indicator), no counties, all groups.
    """
    indicators, with_counties = data.indicators, data.county_indicators
    default = with_counties[0] if with_counties else (indicators[0] if indicators else None)
    asked = str(indicator) if indicator else None
    chosen = asked if asked in indicators else default
    unknown = asked if asked and asked not in indicators else None
    county_codes = set(data.counties["adcode"])
    picked = tuple(dict.fromkeys(c for c in _codes(counties) if c in county_codes))
    groups = {z for z, _ in data.groups}
    chosen_group = group if isinstance(group, str) and group in groups else None
    return Selection(
        area=data.area, indicator=chosen, counties=picked, group=chosen_group, unknown_indicator=unknown
    )


# --- 3. Words ----------------------------------------------------------------------------------


def status_text(key: str, lang: str) -> str:
    """The words of a status key ("达标", "Not met", …)."""
    return t(f"status.{key}", lang)


def _gap_text(gap: float | None, unit: str) -> str:
    if gap is None or pd.isna(gap):
        return ""
    if unit == "%":
        return f"{gap:+.1f}"
    return f"{gap:+,.0f}" if float(gap).is_integer() else f"{gap:+.1f}"


def _no_data_cell(lang: str) -> dict[str, Any]:
    return {"v": None, "s": "no_data", "l": "—", "t": t("common.no_data", lang)}


def cell(
    *,
    ind: Indicator,
    comparison: str,
    status: str,
    deadline_passed: bool,
    value: float | None,
    gap: float | None,
    year: object,
    n: float | None,
    slope: float | None,
    lang: str,
    threshold: int,
) -> dict[str, Any]:
    """One scorecard cell: numeric value (sorting), status key (colour), label, tooltip."""
    key = status_key(status, deadline_passed)
    if value is None or pd.isna(value):
        return _no_data_cell(lang)
    if suppressible(ind) and n is not None and not pd.isna(n) and n < threshold:
        reason = t("targets.suppressed", lang, threshold=threshold)
        return {"v": None, "s": "no_data", "l": "—", "t": f"{year}: {reason}"}
    yr = "" if year is None or pd.isna(year) else f"{int(year)}"  # type: ignore[call-overload]
    label_status = status_label(status, lang, deadline_passed)
    if ind.kind in YES_NO_KINDS:
        text = t("targets.yes", lang) if value >= 100 else t("targets.no", lang)
        return {"v": float(value), "s": key, "l": text, "t": f"{yr}: {text} · {label_status}"}
    shown = fmt_value(value, ind.unit)
    if comparison == "falling":
        extra = "" if slope is None or pd.isna(slope) else f"{slope:+.2f}/" + ("年" if lang == "zh" else "yr")
    else:
        extra = _gap_text(gap, ind.unit)
    label = f"{shown} ({extra})" if extra else shown
    return {"v": round(float(value), 2), "s": key, "l": label, "t": f"{yr}: {label} · {label_status}"}


def with_verdict(cl: dict[str, Any], st: Any, spec: TargetSpec, ind: Indicator, lang: str) -> dict[str, Any]:
    """A shown cell with its two statements: compactly after the label ("…｜现未达·2030年难达"),
    in full in the tooltip ("现在：…；到2030年：…"). Cells without a value are left as they are."""
    if cl["v"] is None or not isinstance(st, TargetStatus):
        return cl
    v = verdict(st, spec)
    now, by = verdict_lines(v, spec.deadline, ind.unit, lang, ind.key)
    bar, semi = ("｜", "；") if lang == "zh" else (" | ", "; ")
    return {
        **cl,
        "l": f"{cl['l']}{bar}{short_line(v, spec.deadline, lang)}",
        "t": f"{cl['t']}{semi}{now}{semi}{by}",
    }


def _unit_word(unit: str, lang: str) -> str:
    return t("targets.unit." + ("percent" if unit == "%" else "count"), lang)


def trend_labels(lang: str, *, unit: str, deadline: int, title: str = "") -> TrendLabels:
    """The words of :func:`dashboard.figures.targets.make_trend_chart`."""
    return TrendLabels(
        no_data=t("common.no_data", lang),
        target=t("targets.fig.target", lang),
        projection=t("targets.fig.projection", lang),
        interval=t("targets.fig.interval", lang),
        deadline=t("targets.fig.deadline", lang, year=deadline),
        x_axis=t("common.year", lang),
        y_axis=t("targets.fig.value_axis", lang, unit=_unit_word(unit, lang)),
        title=title,
    )


def ranking_labels(lang: str, *, x_title: str, title: str = "", zero: str | None = None) -> RankingLabels:
    """The words of :func:`dashboard.figures.targets.make_ranking_chart`."""
    return RankingLabels(
        x_title=x_title,
        no_data=t("common.no_data", lang),
        zero=zero or t("targets.fig.target", lang),
        left_out=t("targets.fig.left_out", lang),  # a template: {n}
        title=title,
    )


def funnel_labels(lang: str, *, centre: str, title: str = "") -> FunnelLabels:
    """The words of :func:`dashboard.figures.targets.make_funnel_plot`."""
    return FunnelLabels(
        not_applicable=t("targets.fig.funnel_na", lang),
        centre=centre,
        limits=t("targets.fig.limits", lang),  # a template: {level}
        x_axis=t("targets.fig.funnel_x", lang),
        x_axis_log=t("targets.fig.funnel_x_log", lang),
        y_axis=t("targets.fig.value_axis", lang, unit="%"),
        within=t("targets.fig.funnel_within", lang),
        edge=t("targets.fig.funnel_edge", lang),
        better=t("targets.fig.funnel_better", lang),
        worse=t("targets.fig.funnel_worse", lang),
        title=title,
    )


def _options(pairs: Iterable[tuple[object, str]]) -> list[dict[str, Any]]:
    return [{"label": label, "value": value} for value, label in pairs]


# --- 4. The page (layout) ----------------------------------------------------------------------


@dataclass(frozen=True)
class TargetsPage:
    """Everything ``layouts/targets.py`` draws, in the page's language.

    ``message`` set (no plan, no quantified target): the page shows the title and that
    message only."""

    lang: str
    area: str
    title: str
    plan_name: str
    message: str | None
    selection: Selection | None
    warning: str | None  #: an unknown indicator was asked for
    missing: tuple[str, ...]  #: tables to load ("no data yet"; empty when there is data)
    text: dict[str, str]  #: captions, keyed as in :data:`_PAGE_TEXT`
    indicator_options: list[dict[str, Any]] = field(default_factory=list)
    county_options: list[dict[str, Any]] = field(default_factory=list)
    group_options: list[dict[str, Any]] = field(default_factory=list)
    legend: list[tuple[str, str, str]] = field(default_factory=list)  #: (key, label, tint)
    grid_locale: dict[str, str] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)  #: trend, ranking, funnel (PNG exports)


#: Caption name → message key of the page.
_PAGE_TEXT = {
    "scorecard": "targets.scorecard", "scorecard_hint": "targets.scorecard_hint", "group": "targets.group",
    "download_scorecard": "targets.download_scorecard", "indicator": "targets.indicator",
    "counties": "targets.counties", "counties_placeholder": "targets.counties_placeholder",
    "funnel_note": "targets.funnel_note", "method_title": "overview.method_title", "method": "overview.method",
    "county_table": "targets.county_table", "download_county": "targets.download_county",
}  # fmt: skip


def page(data: TargetsData, sel: Selection) -> TargetsPage:
    """The page's words, options and chosen values."""
    lang = data.lang
    title = t("targets.title", lang, area=data.area_name)
    if data.plan_id is None or not data.indicators:
        message = t("overview.no_plan" if data.plan_id is None else "targets.no_quantified", lang)
        return TargetsPage(lang=lang, area=data.area, title=title, plan_name=data.plan_name, message=message,
                           selection=None, warning=None, missing=(), text={})  # fmt: skip
    text = {k: t(key, lang) for k, key in _PAGE_TEXT.items()}
    text["masked_note"] = t("targets.masked_note", lang, limit=data.limit, threshold=data.n_min)
    warning = None
    if sel.unknown_indicator:
        warning = t("targets.unknown_indicator", lang, indicator=sel.unknown_indicator)
    cdf = data.county_frame
    return TargetsPage(
        lang=lang,
        area=data.area,
        title=title,
        plan_name=data.plan_name,
        message=None,
        selection=sel,
        warning=warning,
        missing=data.missing,
        text=text,
        indicator_options=_options((k, INDICATORS[k].name(lang)) for k in data.indicators),
        county_options=_options(zip(cdf["adcode"], cdf["name"], strict=True)),
        group_options=_options(
            [("", t("targets.all_groups", lang)), *((z, pick(z, e, lang)) for z, e in data.groups)]
        ),  # fmt: skip
        legend=[(k, f"{STATUS_MARKS[k]} {status_text(k, lang)}", status_tint(k)) for k in STATUS_KEYS],
        grid_locale=grid_locale(lang),
        filenames={k: f"{k}-{data.area}" for k in ("trend", "ranking", "funnel")},
    )


# --- 5. What the callbacks send ----------------------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    """The county × indicator grid: columnDefs, rowData and the pinned area row."""

    columns: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    pinned: list[dict[str, Any]]


def scorecard(data: TargetsData, sel: Selection) -> Scorecard:
    """The scorecard of the counties of ``sel.group`` (all when None)."""
    if data.plan_id is None:
        return Scorecard([], [], [])
    lang, threshold, code = data.lang, data.n_min, data.area
    sc = data.county_scores
    cdf, names = data.county_frame, data.names
    if sel.group:
        cdf = cdf[cdf["region_group"] == sel.group]
    targets = data.assessed[data.assessed["county_level"].astype(bool)]
    met = 0 if not targets.empty else None  # no county values at all: nothing to count, not "0 met"
    rows = {c: {"adcode": c, "county": names[c], "group": g, "met": met}
            for c, g in zip(cdf["adcode"], cdf["group"], strict=True)}  # fmt: skip
    area_row: dict[str, Any] = {"adcode": code, "county": names[code], "group": "", "met": None}
    col_defs: list[dict[str, Any]] = [
        {"field": "county", "headerName": t("targets.col.county", lang), "pinned": "left",
         "minWidth": 130 if lang == "zh" else 170, "filter": "agTextColumnFilter", "tooltipField": "county"},
        {"field": "group", "headerName": t("targets.col.group", lang), "minWidth": 120, "filter": "agTextColumnFilter",
         "tooltipField": "group"},
        {"field": "met", "headerName": t("targets.col.met", lang), "minWidth": 90, "type": "numericColumn",
         "filter": "agNumberColumnFilter"},
    ]  # fmt: skip
    for _, r in targets.iterrows():
        tid = str(r["target_id"])
        ind = INDICATORS[r["indicator"]]
        spec = TargetSpec.from_row(r)
        st = r["assessment"]
        header = f"{ind.name(lang)} {target_label(spec, st.target_value, ind.unit, lang)}"
        conditions = [
            {"condition": f"params.data && params.data.s_{tid} == '{k}'",
             "style": {"backgroundColor": status_tint(k), "color": "#1b1b1b"}}
            for k in STATUS_KEYS
        ]  # fmt: skip
        col_defs.append({
            "field": f"v_{tid}", "headerName": header, "headerTooltip": pick(r["text_zh"], r["text_en"], lang),
            "tooltipField": f"t_{tid}", "minWidth": 150 if spec.comparison == "falling" else 120, "type": "numericColumn", "filter": "agNumberColumnFilter",
            "valueFormatter": {"function": f"params.data ? params.data.m_{tid} + ' ' + params.data.l_{tid} : ''"},
            "cellStyle": {"styleConditions": conditions},
        })  # fmt: skip
        sub = sc[sc["target_id"] == tid].set_index("area")
        for c, row in rows.items():
            if c not in sub.index:
                cl = _no_data_cell(lang)
            elif sub.at[c, "reason"] == HIDDEN_REASON:  # its newest value is hidden: no status
                y = sub.at[c, "judged_year"]
                cl = {
                    **_no_data_cell(lang),
                    "t": ("" if pd.isna(y) else f"{int(y)}: ") + t("common.hidden", lang),
                }
            else:
                s = sub.loc[c]
                cl = cell(ind=ind, comparison=spec.comparison, status=s["status"],
                          deadline_passed=bool(r["deadline_passed"]), value=s["judged_value"], gap=s["gap"],
                          year=s["judged_year"], n=s["n"], slope=s["slope"], lang=lang, threshold=threshold)  # fmt: skip
                cl = with_verdict(cl, s.get("assessment"), resolved(spec, st.target_value), ind, lang)
            for k, v in cl.items():
                row[f"{k}_{tid}"] = v
            row[f"m_{tid}"] = STATUS_MARKS[cl["s"]]  # the status as a mark, not by colour alone
            row["met"] += int(meets_target(cl["s"], spec.comparison))
        gap = None if st.target_value is None or pd.isna(r["judged_value"]) or spec.comparison == "falling" \
            else float(r["judged_value"]) - float(st.target_value)  # fmt: skip
        area_cell = cell(ind=ind, comparison=spec.comparison, status=r["status"], deadline_passed=bool(r["deadline_passed"]),
                         value=r["judged_value"], gap=gap, year=r["judged_year"], n=None, slope=st.slope, lang=lang,
                         threshold=threshold)  # fmt: skip
        if ind.kind in YES_NO_KINDS and area_cell["v"] is not None:  # the area value is a share, not yes/no
            area_cell["l"] = f"{fmt_value(r['judged_value'], '%')} ({_gap_text(gap, '%')})"
            area_cell["t"] = (
                f"{int(r['judged_year'])}: {area_cell['l']} · {status_label(r['status'], lang, bool(r['deadline_passed']))}"
            )
        area_cell = with_verdict(area_cell, st, spec, ind, lang)
        for k, v in area_cell.items():
            area_row[f"{k}_{tid}"] = v
        area_row[f"m_{tid}"] = STATUS_MARKS[area_cell["s"]]
    return Scorecard(col_defs, list(rows.values()), [area_row])


def scorecard_csv(data: TargetsData, sel: Selection) -> pd.DataFrame:
    """The scorecard as displayed: one row per county (and the area), per target its
    value label, numeric value, gap and status; suppressed cells empty."""
    lang = data.lang
    card = scorecard(data, sel)
    tids = [c["field"][2:] for c in card.columns if c["field"].startswith("v_")]
    headers = {c["field"][2:]: c["headerName"] for c in card.columns if c["field"].startswith("v_")}
    out = []
    units = {str(tid): INDICATORS[str(ind)].unit for tid, ind in zip(data.assessed["target_id"],
                                                                     data.assessed["indicator"], strict=True)}  # fmt: skip
    for r in card.pinned + card.rows:
        met = r["met"]
        rec: dict[str, Any] = {t("targets.tcol.county", lang): r["county"], t("targets.tcol.adcode", lang): r["adcode"],
                               t("targets.tcol.group", lang): r["group"],
                               t("targets.col.met", lang): None if met is None or pd.isna(met) else int(met)}  # fmt: skip
        for tid in tids:
            value, unit = r[f"v_{tid}"], units.get(tid, "%")
            shown = None if value is None or pd.isna(value) else round(float(value), 1 if unit == "%" else 0)
            value_head = t("export.unit_header", lang, name=t("targets.tcol.value", lang),
                           unit=t(f"export.unit.{'percent' if unit == '%' else 'count'}", lang))  # fmt: skip
            rec[f"{headers[tid]} | {value_head}"] = shown
            rec[f"{headers[tid]} | {t('targets.tcol.status', lang)}"] = status_text(r[f"s_{tid}"], lang)
            rec[f"{headers[tid]} | {t('targets.tcol.note', lang)}"] = r[f"t_{tid}"]
        out.append(rec)
    return pd.DataFrame(out)


def county_table(data: TargetsData, sel: Selection) -> pd.DataFrame:
    """The chosen indicator's county table, as shown and exported.

    Its numbers are the published series (:func:`dashboard.publish.indicators.published_indicators`):
    a hidden count is empty, and so are the value, interval, gap and status of its row,
    whose note says only "hidden to protect small numbers" (the same for every hidden cell);
    proportions of people on fewer than ``n_min`` are suppressed for reliability. Yes/no
    indicators show 有/无. Empty when the indicator has no county values.
    """
    lang, indicator = data.lang, sel.indicator
    r = data.target(indicator)
    if r is None or not r["county_level"]:
        return pd.DataFrame()
    ind = INDICATORS[str(indicator)]
    sc = data.county_scores
    sc = sc[sc["target_id"] == r["target_id"]]
    df = data.county_frame[["adcode", "name", "group"]].merge(
        sc, left_on="adcode", right_on="area", how="left"
    )
    series = data.series(str(indicator))
    cells = series.rename(columns={"area": "adcode", "year": "judged_year"})
    cells = cells.astype({"judged_year": "Int64"})[
        ["adcode", "judged_year", "numerator", "denominator", "hidden"]
    ]
    df = df.drop(columns=["numerator", "denominator"]).merge(cells, on=["adcode", "judged_year"], how="left")
    hidden = df["hidden"].fillna(False).astype(bool).to_numpy()
    if ind.kind in YES_NO_KINDS:  # no counts are shown for a yes/no fact
        df[["numerator", "denominator"]] = np.nan
    notes = np.where(hidden, t("common.hidden", lang), "")
    value = df["judged_value"].astype(float).mask(hidden)
    lower = df["value_lower"].astype(float).mask(hidden)
    upper = df["value_upper"].astype(float).mask(hidden)
    latest = df["latest_value"].astype(float).mask(hidden)
    if suppressible(ind):
        latest_n = df[["adcode", "latest_year"]].merge(
            series.rename(columns={"area": "adcode", "year": "latest_year"})[["adcode", "latest_year", "n"]]
            .astype({"latest_year": "Int64"}), on=["adcode", "latest_year"], how="left")["n"]  # fmt: skip
        small = (df["n"].astype(float) < data.n_min).to_numpy() & ~hidden
        value, lower, upper = value.mask(small), lower.mask(small), upper.mask(small)
        latest = latest.mask(latest_n.astype(float).to_numpy() < data.n_min)
        notes = np.where(small, t("targets.suppressed", lang, threshold=data.n_min), notes)
    spec = TargetSpec.from_row(r)
    target = r["assessment"].target_value
    keys = [
        status_key(s, bool(r["deadline_passed"])) if isinstance(s, str) else "no_data" for s in df["status"]
    ]
    keys = ["no_data" if pd.isna(v) else k for k, v in zip(keys, value, strict=True)]
    out = pd.DataFrame({
        t("targets.tcol.county", lang): df["name"],
        t("targets.tcol.adcode", lang): df["adcode"],
        t("targets.tcol.group", lang): df["group"],
        t("targets.tcol.year", lang): df["judged_year"],
    })  # fmt: skip
    if ind.kind in YES_NO_KINDS:
        out[t("targets.tcol.value", lang)] = [None if pd.isna(v) else (t("targets.yes", lang) if v >= 100
                                              else t("targets.no", lang)) for v in value]  # fmt: skip
    else:
        out[t("targets.tcol.value", lang)] = value.round(2)
        out[t("targets.tcol.lower", lang)] = lower.round(2)
        out[t("targets.tcol.upper", lang)] = upper.round(2)
        out[t("targets.tcol.numerator", lang)] = df["numerator"]
        out[t("targets.tcol.denominator", lang)] = df["denominator"]
        if spec.comparison != "falling":
            out[t("targets.tcol.gap", lang)] = (value - float(target)).round(2) \
                if target is not None and not pd.isna(target) else np.nan  # fmt: skip
    out[t("targets.tcol.target", lang)] = target_label(spec, target, ind.unit, lang)
    out[t("targets.tcol.status", lang)] = [status_text(k, lang) for k in keys]
    out[t("targets.tcol.latest_year", lang)] = df["latest_year"]
    out[t("targets.tcol.latest_value", lang)] = latest.round(2)
    out[t("targets.tcol.note", lang)] = notes
    return out


def area_table(data: TargetsData, sel: Selection) -> pd.DataFrame:
    """The plan area's own yearly series (for indicators without county values)."""
    lang, code = data.lang, data.area
    ind = INDICATORS[str(sel.indicator)]
    s = data.series(str(sel.indicator))
    s = s[s["area"] == code]
    out = pd.DataFrame({t("targets.tcol.county", lang): data.names[code], t("targets.tcol.adcode", lang): code,
                        t("targets.tcol.year", lang): s["year"], t("targets.tcol.value", lang): s["value"].round(2)})  # fmt: skip
    if s["lower"].notna().any():
        out[t("targets.tcol.lower", lang)] = s["lower"].round(2)
        out[t("targets.tcol.upper", lang)] = s["upper"].round(2)
    if ind.unit == "%" and s["numerator"].notna().any():
        out[t("targets.tcol.numerator", lang)] = s["numerator"]
        out[t("targets.tcol.denominator", lang)] = s["denominator"]
    return out.reset_index(drop=True)


def table_grid(table: pd.DataFrame, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """columnDefs and rowData of a table: names, groups and notes get room, numbers a fixed width."""
    wide = {t("targets.tcol.county", lang): 120 if lang == "zh" else 170,
            t("targets.tcol.group", lang): 150 if lang == "zh" else 220,
            t("targets.tcol.note", lang): 180, t("targets.tcol.target", lang): 110}  # fmt: skip
    col_defs: list[dict[str, Any]] = []
    for c in table.columns:
        d: dict[str, Any] = {"field": c, "headerName": c, "minWidth": wide.get(c, 90), "tooltipField": c}
        if pd.api.types.is_numeric_dtype(table[c]):
            d["type"] = "numericColumn"
            d["filter"] = "agNumberColumnFilter"
        col_defs.append(d)
    if col_defs:
        col_defs[0]["pinned"] = "left"
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    return col_defs, rows


@dataclass(frozen=True)
class StatusLine:
    """The chosen indicator's status: a chip (key, label), its name, the latest value and
    target (``head``) and the sentences that explain it (``detail``)."""

    key: str
    label: str
    name: str
    head: str
    detail: str


@dataclass(frozen=True)
class Definition:
    """The indicator's definition in the page's language first, then the other one:
    ``name`` / ``other_name`` and (caption, text, other) rows."""

    name: str
    other_name: str
    rows: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class IndicatorPanel:
    """The chosen indicator: ranking and funnel figures, status, definition, county table."""

    ranking: go.Figure
    funnel: go.Figure
    status: StatusLine
    definition: Definition
    table_columns: list[dict[str, Any]]
    table_rows: list[dict[str, Any]]


def _definition(ind: Indicator, r: Mapping[str, Any], lang: str) -> Definition:
    rows = (
        (t("targets.def.numerator", lang), ind.numerator_zh, ind.numerator_en),
        (t("targets.def.denominator", lang), ind.denominator_zh, ind.denominator_en),
        (t("targets.def.source", lang), ind.source_zh, ind.source_en),
        (
            t("targets.def.kind", lang),
            t(f"targets.kind.{ind.kind}", "zh"),
            t(f"targets.kind.{ind.kind}", "en"),
        ),
        (
            t("targets.def.target", lang),
            f"{clause_label(r['clause'], 'zh')} {r['text_zh']}",
            f"{clause_label(r['clause'], 'en')} {r['text_en']}",
        ),
    )
    if lang == "en":  # English first on the English page, Chinese below it
        return Definition(ind.name_en, ind.name_zh, tuple((c, en, zh) for c, zh, en in rows))
    return Definition(ind.name_zh, ind.name_en, rows)


def _status_line(ind: Indicator, r: Mapping[str, Any], lang: str) -> StatusLine:
    st = r["assessment"]
    spec = TargetSpec.from_row(r)
    value = fmt_value(st.latest_value, ind.unit)
    latest = "—" if st.latest_year is None else (
        f"{value}（{st.latest_year}）" if lang == "zh" else f"{value} ({st.latest_year})")  # fmt: skip
    target = t("overview.target_by", lang, target=target_label(spec, st.target_value, ind.unit, lang),
               deadline=spec.deadline)  # fmt: skip
    sep = "；" if lang == "zh" else "; "
    head = f"{t('overview.latest_value', lang)} {latest}{sep}{t('overview.target', lang)} {target}"
    now, by = verdict_lines(verdict(st, spec), spec.deadline, ind.unit, lang, ind.key)
    stop = "。" if lang == "zh" else ". "
    explain = " ".join(describe(st, spec, ind.unit, lang))
    detail = f"{now}{stop}{by}{stop}{explain} {counties_sentence(r, lang)}"
    return StatusLine(
        key=status_key(st), label=status_label(st, lang), name=ind.name(lang), head=head, detail=detail
    )


def _short(fig: go.Figure) -> go.Figure:
    fig.update_layout(height=140)
    return fig


def indicator_panel(data: TargetsData, sel: Selection) -> IndicatorPanel | None:
    """The chosen indicator's panel; None when the area has no plan or no such target."""
    lang = data.lang
    r = data.target(sel.indicator)
    if r is None:
        return None
    ind = INDICATORS[str(sel.indicator)]
    spec = TargetSpec.from_row(r)
    status = _status_line(ind, r, lang)
    definition = _definition(ind, r, lang)
    if not r["county_level"]:
        note = t("common.no_data" if r["reason"] == "no_values" else "targets.area_only_note", lang)
        col_defs, rows = table_grid(area_table(data, sel), lang)
        return IndicatorPanel(_short(empty_figure(note)), _short(empty_figure(note)), status, definition,
                              col_defs, rows)  # fmt: skip
    sc = data.county_scores
    sc = sc[sc["target_id"] == r["target_id"]]
    d = data.county_frame[["adcode", "name"]].merge(sc, left_on="adcode", right_on="area", how="left")
    if suppressible(ind):
        small = d["n"].astype(float) < data.n_min
        d.loc[small, ["judged_value", "value_lower", "value_upper", "gap"]] = np.nan
    d["key"] = [
        status_key(s, bool(r["deadline_passed"])) if isinstance(s, str) else "no_data" for s in d["status"]
    ]
    d.loc[d["judged_value"].isna(), "key"] = "no_data"
    d["colour_key"] = d["key"].replace({"missed": "off_track"})
    sfx = "%" if ind.unit == "%" else ""
    d["hover"] = [
        f"<b>{n}</b><br>{fmt_value(v, ind.unit)}"
        + ("" if pd.isna(lo) else f" ({lo:.1f}–{hi:.1f}{sfx})")
        + ("" if pd.isna(y) else f"<br>{int(y)}")
        + f"<br>{t('common.hidden', lang) if rs == HIDDEN_REASON else status_text(k, lang)}"
        for n, v, lo, hi, y, k, rs in zip(d["name"], d["judged_value"], d["value_lower"], d["value_upper"],
                                          d["judged_year"], d["key"], d["reason"], strict=True)
    ]  # fmt: skip
    years = sorted(int(y) for y in d["judged_year"].dropna().unique())
    if ind.kind in YES_NO_KINDS:
        k = int((d["judged_value"] >= 100).sum())
        ranking = _short(empty_figure(t("targets.ranking_yesno", lang, k=k, n=len(d))))
    elif spec.comparison == "falling":
        rk = pd.DataFrame({"name": d["name"], "gap": d["slope"].astype(float), "gap_lower": d["slope_lower"].astype(float),
                           "gap_upper": d["slope_upper"].astype(float), "status": d["colour_key"], "hover": d["hover"]})  # fmt: skip
        rk.loc[d["judged_value"].isna(), "gap"] = np.nan
        labels = ranking_labels(lang, x_title=t("targets.ranking_falling_x", lang),
                                title=t("targets.ranking_title_falling", lang),
                                zero=t("targets.ranking_zero_falling", lang))  # fmt: skip
        ranking = make_ranking_chart(df=rk, higher_is_better=False, labels=labels)
    else:
        tv = float(r["assessment"].target_value)
        rk = pd.DataFrame({"name": d["name"], "gap": d["judged_value"] - tv, "gap_lower": d["value_lower"] - tv,
                           "gap_upper": d["value_upper"] - tv, "status": d["colour_key"], "hover": d["hover"]})  # fmt: skip
        x_key = "targets.ranking_x" if spec.higher_is_better else "targets.ranking_x_low"
        title = (
            t("targets.ranking_title", lang, year=years[0])
            if len(years) == 1
            else t("targets.ranking_title_any", lang)
        )
        labels = ranking_labels(lang, x_title=t(x_key if ind.unit == "%" else "targets.ranking_x_count", lang),
                                title=title)  # fmt: skip
        ranking = make_ranking_chart(df=rk, higher_is_better=spec.higher_is_better, labels=labels)
    funnel = _funnel(ind, r, d, spec, lang)
    col_defs, rows = table_grid(county_table(data, sel), lang)
    return IndicatorPanel(ranking, funnel, status, definition, col_defs, rows)


def _funnel(ind: Indicator, r: Mapping[str, Any], d: pd.DataFrame, spec: TargetSpec, lang: str) -> go.Figure:
    if ind.unit != "%" or not (ind.kind in PROPORTION_KINDS or ind.kind == "reported"):
        return _short(empty_figure(t("targets.fig.funnel_na", lang)))
    f = pd.DataFrame({"name": d["name"], "value": d["judged_value"].astype(float), "n": d["n"].astype(float)})
    num = d["numerator"].astype(float)
    f["numerator"] = num.where(num.notna(), (f["value"] / 100 * f["n"]).round())  # survey: implied count
    tv = r["assessment"].target_value
    if tv is not None and not pd.isna(tv) and 0 < float(tv) < 100:
        p0, centre = float(tv), t("targets.funnel_centre_target", lang, value=fmt_value(float(tv), "%", 0))
    else:
        area_value = r["judged_value"]
        if area_value is None or pd.isna(area_value) or not 0 < float(area_value) < 100:
            return empty_figure(t("targets.fig.funnel_na", lang))
        p0, centre = (
            float(area_value),
            t("targets.funnel_centre_area", lang, value=fmt_value(float(area_value), "%")),
        )
    higher = spec.higher_is_better if spec.comparison != "falling" else False
    labels = funnel_labels(lang, centre=centre, title=t("targets.funnel_title", lang, centre=centre))
    return make_funnel_plot(df=f, p0=p0, higher_is_better=higher, labels=labels)


def trend_figure(data: TargetsData, sel: Selection) -> go.Figure:
    """Trend of the area and the chosen counties, with target, deadline and projection."""
    lang, code = data.lang, data.area
    r = data.target(sel.indicator)
    if r is None:
        return empty_figure(t("common.no_data", lang))
    ind = INDICATORS[str(sel.indicator)]
    series = data.series(str(sel.indicator))
    names = data.names
    keep = [code, *[c for c in sel.counties if c in names]]
    s = series[series["area"].isin(keep)].copy()
    if suppressible(ind):
        small = (s["area"] != code) & (s["n"] < data.n_min)
        s.loc[small, ["value", "lower", "upper"]] = np.nan
    s["area"] = pd.Categorical(s["area"], categories=keep, ordered=True)
    s = s.sort_values(["area", "year"])
    s["area"] = s["area"].astype(str)
    st = r["assessment"]
    labels = trend_labels(lang, unit=ind.unit, deadline=int(r["deadline"]),
                          title=t("targets.trend_title", lang, name=ind.name(lang)))  # fmt: skip
    return make_trend_chart(series=s, region=code, names=names, target=st.target_value, deadline=int(r["deadline"]),
                            assessment=st, unit=ind.unit, labels=labels)  # fmt: skip


def _prefix(data: TargetsData) -> str:
    """File-name prefix of downloads: "demo-" for the synthetic demonstration data."""
    return "demo-" if data.demo else ""


def scorecard_filename(data: TargetsData) -> str:
    return f"{_prefix(data)}scorecard-{data.area}-{data.as_of}.csv"


def county_csv(data: TargetsData, sel: Selection) -> tuple[pd.DataFrame, str]:
    """The chosen indicator's table (counties, else the area's years) and its file name."""
    df = county_table(data, sel)
    if df.empty:
        df = area_table(data, sel)
    return df, f"{_prefix(data)}{sel.indicator}-{data.area}-counties.csv"


def _judged_years(data: TargetsData) -> str:
    years = pd.to_numeric(data.assessed.get("judged_year", pd.Series(dtype=float)), errors="coerce").dropna()
    if years.empty:
        return ""
    return t("export.years", data.lang, first=int(years.min()), last=int(years.max()))


def scorecard_export(data: TargetsData, sel: Selection) -> TableExport:
    """The scorecard download (CSV or XLSX): the table as displayed and its about block."""
    lang = data.lang
    title = t("export.targets.scorecard_title", lang, area=data.area_name, year=data.as_of)
    about = about_block(lang, title=title, area=f"{data.area_name} ({data.area})", period=_judged_years(data),
                        source=t("export.targets.scorecard_source", lang, plan=data.plan_name),
                        definition=t("export.targets.scorecard_definition", lang),
                        suppression=t("targets.masked_note", lang, limit=data.limit, threshold=data.n_min),
                        demo=data.demo)  # fmt: skip
    stem = scorecard_filename(data).removesuffix(".csv")
    return TableExport(scorecard_csv(data, sel), stem, title, about, lang)


def county_export(data: TargetsData, sel: Selection) -> TableExport:
    """The chosen indicator's table download: units in the headers, and its about block."""
    lang = data.lang
    df, name = county_csv(data, sel)
    ind = INDICATORS[str(sel.indicator)]
    unit = t(f"export.unit.{'percent' if ind.unit == '%' else 'count'}", lang)
    with_unit = {t(f"targets.tcol.{k}", lang) for k in ("value", "lower", "upper", "gap")}
    df = df.rename(
        columns={c: t("export.unit_header", lang, name=c, unit=unit) for c in df.columns if c in with_unit}
    )
    r = data.target(sel.indicator)
    by_county = r is not None and bool(r["county_level"])
    key = "export.targets.county_title" if by_county else "export.targets.area_title"
    title = t(key, lang, area=data.area_name, indicator=ind.name(lang), year=data.as_of)
    definition, source = indicator_definition(ind, lang)
    year_col = t("targets.tcol.year", lang)
    years = (
        pd.to_numeric(df[year_col], errors="coerce").dropna() if year_col in df else pd.Series(dtype=float)
    )
    period = "" if years.empty else t("export.years", lang, first=int(years.min()), last=int(years.max()))
    about = about_block(lang, title=title, area=f"{data.area_name} ({data.area})", period=period, source=source,
                        definition=definition,
                        suppression=t("targets.masked_note", lang, limit=data.limit, threshold=data.n_min),
                        demo=data.demo)  # fmt: skip
    return TableExport(df, name.removesuffix(".csv"), title, about, lang)


def pick_from_scorecard(
    data: TargetsData, sel: Selection, clicked: Mapping[str, Any] | None
) -> Selection | None:
    """Clicking a county's cell shows that indicator with that county in the trend; None
    when the click is not on a target's cell."""
    col = str((clicked or {}).get("colId") or "")
    if not col.startswith("v_") or data.plan_id is None:
        return None
    hit = data.assessed[data.assessed["target_id"] == col[2:]]
    if hit.empty:
        return None
    county = (clicked or {}).get("rowId")
    chosen = list(sel.counties)
    if county and county != data.area and county not in chosen:
        chosen.append(str(county))
    return Selection(area=data.area, indicator=str(hit.iloc[0]["indicator"]), counties=tuple(chosen),
                     group=sel.group)  # fmt: skip
