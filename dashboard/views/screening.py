"""The screening page (``/screening``) without Dash: selection → data → words → what is shown.

``layouts/screening.py`` and ``callbacks/screening.py`` only parse their inputs into a
:class:`Selection`, call this module and wrap the result in components:

1. :class:`Selection`, one frozen value parsed once, from the query string
   (:func:`selection_from_query`, validated against the area's data) or from the
   controls (:func:`selection_from_controls`, ``None`` when malformed);
2. :func:`load` gathers :class:`ScreeningData` for a plan area through the memoized
   queries (county rows masked once for all) and :mod:`dashboard.domain.screening`;
3. every word is made here in the chosen language (:func:`programme_label`,
   :func:`target_label`, :func:`reason_text` and one ``*_labels`` builder per figure),
   and the figures of :mod:`dashboard.figures.screening` receive it ready-made;
4. :func:`page` (layout), :func:`coverage_figures`, :func:`cascade_figure`,
   :func:`summary_cards`, :func:`early_figures`, :func:`programme_matrix`,
   :func:`programme_map`, :func:`programme_map_patch`, :func:`two_cancer`,
   :func:`table_view` and :func:`csv_file` (callbacks) return exactly what is shown.

An area with no screening rows yet is not an error: :attr:`ScreeningPage.missing`
names the table to load, and every figure builder still returns an explained figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.access.scope import require_area
from dashboard.catalogue.geo import boundaries_geojson
from dashboard.domain.screening import (
    CONVERSIONS,
    COUNT,
    INT,
    PCT,
    PROGRAMMES,
    TEXT,
    cascade,
    county_share_running,
    early_reference,
    find_target,
    funnel_limits,
    funnel_points,
    programme_running,
    resolve_state,
    table_cells,
    target_met,
)
from dashboard.epi import compare_with_benchmark_array
from dashboard.export.tables import TableExport, about_block
from dashboard.figures import screening as F
from dashboard.i18n import pick, t
from dashboard.infra.db import Database
from dashboard.publish.screening import HIDDEN_REASON, published_screening
from dashboard.queries.areas import area_info, data_kind
from dashboard.queries.areas import counties as area_counties
from dashboard.queries.screening import area_targets

#: The tables of the page's grid (radio choice), first the default.
TABLES: tuple[str, ...] = ("coverage", "cascade", "early", "programmes")
#: What to load when an area has no screening rows (``components.no_data_notice``).
NEEDED_TABLES: tuple[str, ...] = ("screening",)


# --- 1. Selection ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The page's state: plan area, programme, year, focus county, small-multiple counties
    and the table shown under the charts. Always valid once made (see the parsers)."""

    area: str
    programme: str = PROGRAMMES[0]
    year: int | None = None
    county: str | None = None
    counties: tuple[str, ...] = ()
    table: str = TABLES[0]


def valid_area_code(code: object) -> bool:
    """A 6-digit adcode (the area Store lives in the browser, so it is checked)."""
    return isinstance(code, str) and len(code) == 6 and code.isdigit()


def _int_or_none(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def selection_from_controls(
    *,
    area: object,
    programme: object,
    year: object = None,
    county: object = None,
    counties: object = None,
    table: object = None,
) -> Selection | None:
    """The selection from the controls' values; ``None`` for a malformed request (an area
    that is not a 6-digit code, an unknown programme): the callback then does nothing."""
    if not valid_area_code(area) or programme not in PROGRAMMES:
        return None
    chosen = tuple(str(c) for c in counties) if isinstance(counties, list | tuple) else ()
    return Selection(
        area=str(area),
        programme=str(programme),
        year=_int_or_none(year),
        county=str(county) if county else None,
        counties=chosen,
        table=str(table) if table in TABLES else TABLES[0],
    )


# --- 2. Data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningData:
    """Everything the page needs for one plan area, masked once for all."""

    area: str
    lang: str
    limit: int  #: small-cell limit (counts 1..limit are masked)
    n_cases: int  #: rates on fewer cases are suppressed
    area_name: str
    demo: bool
    counties: pd.DataFrame  #: adcode, name_zh, name_en, ...
    county_rows: pd.DataFrame  #: :func:`dashboard.publish.screening.published_screening` (counties)
    area_rows: pd.DataFrame  #: the same for the area (sums over its counties), hidden cells too
    targets: pd.DataFrame

    @property
    def has_data(self) -> bool:
        """Does the area have any screening row?"""
        return not self.county_rows.empty

    @cached_property
    def names(self) -> dict[str, str]:
        """County adcode → name in the page's language."""
        return county_names(self.counties, self.lang)

    @cached_property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.county_rows["year"].unique()) if self.has_data else []

    def county_name(self, code: str | None) -> str:
        return self.names.get(code or "", code or "—")


def load(db: Database, area: str, *, lang: str, small_cell_limit: int, suppress_below: int) -> ScreeningData:
    """The page's data for plan area ``area`` (memoized loaders; nothing here is cached).

    Raises :class:`~dashboard.access.scope.AccessDenied` when the request may not read the area."""
    require_area(area)
    info = area_info(db, area) or {}
    published = published_screening(db, area, small_cell_limit, suppress_below)
    return ScreeningData(
        area=area,
        lang=lang,
        limit=small_cell_limit,
        n_cases=suppress_below,
        area_name=pick(info.get("name_zh"), info.get("name_en"), lang) or area,  # type: ignore[arg-type]
        demo=data_kind(db) == "demonstration",
        counties=area_counties(db, area),
        county_rows=published.counties,
        area_rows=published.area,
        targets=area_targets(db, area),
    )


def selection_from_query(
    data: ScreeningData,
    *,
    programme: object = None,
    year: object = None,
    county: object = None,
    counties: object = None,
) -> Selection:
    """The selection from the query string; unknown values fall back to defaults
    (:func:`dashboard.domain.screening.resolve_state`), never an error."""
    rows = data.county_rows
    runs = set(zip(rows["area"], rows["programme"], rows["year"].astype(int), strict=True))
    state = resolve_state(programme=programme, year=year, county=county, counties=counties,  # type: ignore[arg-type]
                          years=data.years, county_codes=data.counties["adcode"].tolist(), runs=runs)  # fmt: skip
    return Selection(
        area=data.area,
        programme=str(state["programme"]),
        year=state["year"],  # type: ignore[arg-type]
        county=state["county"],  # type: ignore[arg-type]
        counties=tuple(state["counties"]),  # type: ignore[arg-type]
    )


def county_for_programme(data: ScreeningData, sel: Selection) -> str | None:
    """The county to show for ``sel``'s programme and year: the chosen county when it runs the
    programme that year, else the first county that does; None when none does (the panels
    then say so). Switching programme thus never leaves an empty panel (issue 14, item 10)."""
    rows = data.county_rows
    if rows.empty:
        return None
    year = sel.year if sel.year is not None else max(data.years)
    running = set(rows.loc[(rows["programme"] == sel.programme) & (rows["year"].astype(int) == year), "area"])
    if sel.county in running:
        return sel.county
    first = [c for c in data.counties["adcode"] if c in running]
    return str(first[0]) if first else None


# --- 3. Words ----------------------------------------------------------------------------------


def _clauses(parts: Iterable[str], lang: str) -> str:
    """Clauses joined ("甲；乙" / "a; b")."""
    return t("screening.sep.clauses", lang).join(parts)


def county_names(df: pd.DataFrame, lang: str) -> dict[str, str]:
    """Adcode (column ``adcode``, else ``area``) → name in ``lang`` (name_zh, name_en)."""
    codes = df["adcode"] if "adcode" in df.columns else df["area"]
    return {str(a): pick(z, e, lang) for a, z, e in zip(codes, df["name_zh"], df["name_en"], strict=True)}


def programme_label(programme: str, lang: str) -> str:
    return t(f"screening.programme.{programme}", lang)


def target_label(target: Mapping[str, Any] | None, lang: str) -> str:
    """ "规划目标 >55%（2027年）" or the design-card wording; "" without a target."""
    if not target:
        return ""
    if target.get("source") == "design_card":
        return t("screening.target.design_card", lang, value=target["value"])
    cmp = {">=": "≥", "<=": "≤"}.get(target["comparison"], target["comparison"])
    return t("screening.target.plan", lang, cmp=cmp, value=target["value"], deadline=target["deadline"])


def reason_text(reason: str | None, lang: str) -> str:
    """Words for a reason code ("" for none): "no_data", "small_count", "inconsistent",
    "fewer_than_<n>_cases", and :data:`HIDDEN_REASON`, the one neutral reason of every
    count hidden by the publication layer (never whether it is small or hidden to protect
    another)."""
    if not reason:
        return ""
    if reason == HIDDEN_REASON:
        return t("common.hidden", lang)
    if reason.startswith("fewer_than_"):
        n = reason.removeprefix("fewer_than_").split("_")[0]
        return t("screening.reason.fewer_than_cases", lang, n=n)
    return t(f"screening.reason.{reason}", lang)


def note_text(*reasons: object, lang: str) -> str:
    """The "note" cell of a table row: the distinct reasons, as words."""
    parts: list[str] = []
    for r in reasons:
        txt = reason_text(r if isinstance(r, str) else "", lang)
        if txt and txt not in parts:
            parts.append(txt)
    return _clauses(parts, lang)


def _year_span(*frames: pd.DataFrame) -> tuple[int, int]:
    years = sorted(set().union(*(set(f["year"]) for f in frames))) or [0]
    return int(min(years)), int(max(years))


def coverage_labels(
    *,
    lang: str,
    programme: str,
    area_name: str,
    names: Mapping[str, str],
    target: Mapping[str, Any] | None,
    counties_df: pd.DataFrame,
    area_df: pd.DataFrame,
    subtitle: str = "",
    multiples: bool = False,
) -> F.CoverageLabels:
    """Words of the coverage trend (``multiples=False``) or of its small multiples."""
    y0, y1 = _year_span(counties_df, area_df)
    prog = programme_label(programme, lang)
    key = "screening.fig.multiples.title" if multiples else "screening.fig.coverage_trend.title"
    empty = t("screening.empty.counties", lang) if multiples else \
        t("screening.empty.programme", lang, programme=prog)  # fmt: skip
    return F.CoverageLabels(
        title=t(key, lang, programme=prog, y0=y0, y1=y1),
        subtitle=subtitle,
        empty=empty,
        names=names,
        area=t("screening.area_line", lang, area=area_name),
        area_name=area_name,
        target=target_label(target, lang),
        others=t("screening.other_counties", lang),
        x_axis=t("common.year", lang),
        y_axis=t("screening.axis.coverage", lang),
        not_running=t("screening.not_running", lang),
        county=t("common.county", lang),
    )


def cascade_labels(
    cascade_df: pd.DataFrame,
    *,
    lang: str,
    programme: str,
    year: int,
    county_name: str,
    area_name: str,
    subtitle: str = "",
) -> F.CascadeLabels:
    """Words of the cascade of ``cascade_df`` (:func:`dashboard.domain.screening.cascade`)."""
    conv = cascade_df[cascade_df["conversion"] != ""]
    sep = t("screening.sep.label", lang)
    prog = programme_label(programme, lang)
    return F.CascadeLabels(
        title=t("screening.fig.cascade.title", lang, county=county_name, programme=prog, year=year),
        subtitle=subtitle,
        empty=t("screening.empty.cascade", lang, county=county_name, programme=prog, year=year),
        county=county_name,
        area=t("screening.area_line", lang, area=area_name),
        area_name=area_name,
        steps=[t(f"screening.step.{s}", lang) for s in cascade_df["step"]],
        conversions=[t(f"screening.conv.{c}", lang) for c in conv["conversion"]],
        comparisons=[t(f"screening.cmp.{c}", lang, area=area_name) for c in conv["comparison"]],
        reasons=[reason_text(r, lang) for r in conv["rate_reason"]],
        legend={
            k: county_name + sep + t(f"screening.cmp.{k}", lang, area=area_name)
            for k in ("higher", "similar", "lower")
        },
        x_axis=t("screening.axis.people", lang),
        x2_axis=t("screening.axis.conversion", lang),
        hidden=t("common.hidden", lang),
    )


def early_county_labels(
    df: pd.DataFrame,
    *,
    lang: str,
    programme: str,
    year: int,
    area_name: str,
    area_value: float | None,
    reference: Mapping[str, Any],
    names: Mapping[str, str],
    subtitle: str = "",
) -> F.EarlyCountyLabels:
    """Words of the early-diagnosis rates by county (``df``: county rows with ``early``)."""
    prog = programme_label(programme, lang)
    hidden = int(df["early"].isna().sum()) if "early" in df.columns else 0
    has_area = area_value is not None and not pd.isna(area_value)
    return F.EarlyCountyLabels(
        title=t("screening.fig.early_county.title", lang, programme=prog, year=year),
        subtitle=subtitle,
        empty=t("screening.empty.programme_year", lang, programme=prog, year=year),
        names=names,
        status={k: t(f"screening.vs_ref.{k}", lang) for k in ("better", "similar", "worse")},
        reference=target_label(reference, lang),
        area=t("screening.area_value", lang, area=area_name, value=area_value * 100) if has_area else "",  # type: ignore[operator]
        hidden_note=t("screening.hidden_note", lang, n=hidden) if hidden else "",
        x_axis=t("screening.axis.early", lang),
    )


def early_programme_labels(
    *,
    lang: str,
    year: int,
    area_name: str,
    county_name: str,
    reference: Mapping[str, Any],
    subtitle: str = "",
) -> F.EarlyProgrammeLabels:
    """Words of the early-diagnosis rates by programme."""
    return F.EarlyProgrammeLabels(
        title=t("screening.fig.early_programme.title", lang, year=year),
        subtitle=subtitle,
        empty=t("screening.empty.year", lang, year=year),
        programmes={p: programme_label(p, lang) for p in PROGRAMMES},
        area=t("screening.area_line", lang, area=area_name),
        area_name=area_name,
        county=county_name,
        reference=target_label(reference, lang),
        y_axis=t("screening.axis.early", lang),
    )


def funnel_labels(
    *,
    lang: str,
    programme: str,
    year: int,
    area_name: str,
    p0: float | None,
    reference: Mapping[str, Any],
    names: Mapping[str, str],
    subtitle: str = "",
) -> F.FunnelLabels:
    """Words of the early-diagnosis funnel plot around the area's rate ``p0``."""
    prog = programme_label(programme, lang)
    return F.FunnelLabels(
        title=t("screening.fig.funnel.title", lang, programme=prog, year=year),
        subtitle=subtitle,
        empty=t("screening.empty.funnel", lang, programme=prog, year=year),
        names=names,
        limit95=t("screening.funnel.limit95", lang),
        limit998=t("screening.funnel.limit998", lang),
        centre=t("screening.area_value", lang, area=area_name, value=p0 * 100) if p0 is not None else "",
        positions={k: t(f"screening.funnel.{k}", lang) for k in ("above", "within", "below")},
        reference=target_label(reference, lang),
        x_axis=t("screening.axis.detected", lang),
        y_axis=t("screening.axis.early", lang),
    )


def programme_labels(
    *, lang: str, year: int, names: Mapping[str, str], programme: str | None = None, subtitle: str = ""
) -> F.ProgrammeLabels:
    """Words of the programme matrix (``programme=None``) or of one programme's map."""
    title = t("screening.fig.matrix.title", lang, year=year) if programme is None else \
        t("screening.fig.map.title", lang, programme=programme_label(programme, lang), year=year)  # fmt: skip
    return F.ProgrammeLabels(
        title=title,
        subtitle=subtitle,
        empty=t("screening.empty.counties", lang),
        names=names,
        programmes={p: programme_label(p, lang) for p in PROGRAMMES},
        not_running=t("screening.not_running", lang),
        no_data=t("screening.reason.no_data", lang),
        colorbar=t("screening.axis.coverage", lang),
    )


def _sub(text: str, data: ScreeningData) -> str:
    """A subtitle, marked as demonstration data where it is."""
    return f"{text} · {t('screening.sub.demo', data.lang)}" if data.demo else text


# --- 4. What the layout shows ------------------------------------------------------------------

_GRID_LOCALE_ZH = {"noRowsToShow": "没有数据", "loadingOoo": "加载中…", "filterOoo": "筛选…", "equals": "等于",
                   "notEqual": "不等于", "contains": "包含", "notContains": "不包含", "startsWith": "开头是",
                   "endsWith": "结尾是", "lessThan": "小于", "greaterThan": "大于", "inRange": "介于",
                   "andCondition": "且", "orCondition": "或", "blank": "空白", "notBlank": "非空白"}  # fmt: skip


def _options(pairs: Iterable[tuple[object, str]]) -> list[dict[str, Any]]:
    return [{"label": label, "value": value} for value, label in pairs]


@dataclass(frozen=True)
class ScreeningPage:
    """Everything ``layouts/screening.py`` draws, in the page's language."""

    lang: str
    selection: Selection
    title: str
    intro: str
    missing: tuple[str, ...]  #: tables to load before the page can show anything ("no data yet")
    control_labels: dict[str, str]  #: programme, year, county, counties, counties_placeholder
    programme_options: list[dict[str, Any]]
    year_options: list[dict[str, Any]]
    county_options: list[dict[str, Any]]
    dropdown_labels: dict[str, str]
    sections: dict[str, str]  #: coverage, cascade, early, programmes, table
    definition_title: str
    definitions: dict[str, str]  #: coverage, cascade, early, programmes
    table_options: list[dict[str, Any]]
    download_label: str
    table_note: str
    grid_locale: dict[str, str] = field(default_factory=dict)


def page(data: ScreeningData, sel: Selection) -> ScreeningPage:
    """The page's words, options and chosen values."""
    lang = data.lang
    dropdown = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
                "no_options_found")  # fmt: skip
    return ScreeningPage(
        lang=lang,
        selection=sel,
        title=t("screening.page_title", lang, area=data.area_name),
        intro=t("screening.intro", lang),
        missing=() if data.has_data else NEEDED_TABLES,
        control_labels={
            k: t(f"screening.control.{k}", lang)
            for k in ("programme", "year", "county", "counties", "counties_placeholder")
        },
        programme_options=_options((p, programme_label(p, lang)) for p in PROGRAMMES),
        year_options=_options((str(y), str(y)) for y in reversed(data.years)),
        county_options=_options(data.names.items()),
        dropdown_labels={k: t(f"screening.dropdown.{k}", lang) for k in dropdown},
        sections={
            k: t(f"screening.section.{k}", lang)
            for k in ("coverage", "cascade", "early", "programmes", "table")
        },
        definition_title=t("common.definition", lang),
        definitions={
            "coverage": t("screening.def.coverage", lang),
            "cascade": t("screening.def.cascade", lang),
            "early": t("screening.def.early", lang, n=data.n_cases),
            "programmes": t("screening.def.programmes", lang),
        },
        table_options=_options((k, t(f"screening.table.{k}", lang)) for k in TABLES),
        download_label=t("common.download_csv", lang),
        table_note=t("screening.def.table", lang, limit=data.limit, small=data.limit + 1, n=data.n_cases),
        grid_locale=dict(_GRID_LOCALE_ZH) if lang == "zh" else {},
    )


# --- 5. What the callbacks send ----------------------------------------------------------------


def _one(df: pd.DataFrame) -> pd.Series | None:
    return None if df.empty else df.iloc[0]


def _area_row(data: ScreeningData, programme: str, year: int | None) -> pd.Series | None:
    ar = data.area_rows
    return _one(ar[(ar["programme"] == programme) & (ar["year"] == year)])


def coverage_figures(data: ScreeningData, sel: Selection) -> tuple[go.Figure, go.Figure]:
    """The coverage trend of the programme and its small multiples (chosen counties or all)."""
    c = data.county_rows[data.county_rows["programme"] == sel.programme]
    a = data.area_rows[data.area_rows["programme"] == sel.programme]
    target = find_target(data.targets, kind="screening_coverage", programme=sel.programme)
    sub = _sub(t("screening.sub.coverage", data.lang, eligible=t(f"screening.eligible.{sel.programme}", data.lang)),
               data)  # fmt: skip
    words = {"lang": data.lang, "programme": sel.programme, "area_name": data.area_name, "names": data.names,
             "target": target, "counties_df": c, "area_df": a, "subtitle": sub}  # fmt: skip
    trend = F.make_coverage_trend(counties_df=c, area_df=a, highlight=sel.county, target=target,
                                  labels=coverage_labels(**words))  # fmt: skip
    codes = data.counties["adcode"].tolist()
    panels = [code for code in codes if code in sel.counties] if sel.counties else codes
    multiples = F.make_coverage_small_multiples(counties_df=c, area_df=a, panels=panels, highlight=sel.county,
                                                target=target, labels=coverage_labels(**words, multiples=True))  # fmt: skip
    return trend, multiples


def cascade_frame(data: ScreeningData, sel: Selection) -> pd.DataFrame:
    """:func:`dashboard.domain.screening.cascade` of the focus county against the area."""
    cr = data.county_rows
    row = _one(cr[(cr["area"] == sel.county) & (cr["programme"] == sel.programme) & (cr["year"] == sel.year)])
    return cascade(row, _area_row(data, sel.programme, sel.year), suppress_below=data.n_cases)


def cascade_figure(data: ScreeningData, sel: Selection) -> go.Figure:
    cf = cascade_frame(data, sel)
    labels = cascade_labels(cf, lang=data.lang, programme=sel.programme, year=sel.year or 0,
                            county_name=data.county_name(sel.county), area_name=data.area_name,
                            subtitle=_sub(t("screening.sub.cascade", data.lang, area=data.area_name), data))  # fmt: skip
    return F.make_cascade(cascade_df=cf, small_cell_limit=data.limit, labels=labels)


@dataclass(frozen=True)
class Card:
    """A summary card: a title, a big value, small lines under it ("" lines are left out)."""

    title: str
    value: str
    lines: tuple[str, ...]


def summary_cards(data: ScreeningData, sel: Selection) -> list[Card]:
    """Coverage, early diagnosis, counties running the programme, two-cancer county coverage."""
    lang, programme, year = data.lang, sel.programme, sel.year
    prog = programme_label(programme, lang)
    area = _area_row(data, programme, year)
    n = len(data.counties)

    def pct(row: pd.Series | None, key: str) -> tuple[str, str]:
        if row is None or pd.isna(row[key]):
            return "—", reason_text(str(row[f"{key}_reason"]) if row is not None else "", lang) or \
                t("screening.reason.no_data", lang)  # fmt: skip
        return f"{row[key] * 100:.1f}%", t("screening.kpi.ci", lang, lo=row[f"{key}_lower"] * 100,
                                            hi=row[f"{key}_upper"] * 100)  # fmt: skip

    cov, cov_ci = pct(area, "coverage")
    target = find_target(data.targets, kind="screening_coverage", programme=programme)
    early, early_ci = pct(area, "early")

    def num(key: str) -> str:
        v = None if area is None else area[key]
        return t("common.hidden", lang) if v is None or pd.isna(v) else f"{int(v):,}"

    ref = early_reference(data.targets)
    running = int(area["counties_running"]) if area is not None else 0
    two = county_share_running(programme_running(data.county_rows, data.counties, year or 0))
    two_target = find_target(data.targets, kind="programme_counties")
    cards = [
        Card(t("screening.kpi.coverage", lang, programme=prog, year=year), cov,
             (t("screening.kpi.coverage_sub", lang, screened=num("screened"),
                eligible=num("eligible")) if area is not None else "", cov_ci,
              target_label(target, lang) if target else t("screening.target.none", lang, programme=prog))),
        Card(t("screening.kpi.early", lang, programme=prog, year=year), early,
             (t("screening.kpi.early_sub", lang, early=num("early_detected"),
                detected=num("detected")) if area is not None else "", early_ci,
              target_label(ref, lang))),
        Card(t("screening.kpi.running", lang, programme=prog, year=year),
             t("screening.kpi.counties_of", lang, k=running, n=n), (t("screening.kpi.running_sub", lang),)),
        Card(t("screening.kpi.two_cancer", lang, year=year),
             f"{two['share'] * 100:.1f}%" if n else "—",
             (t("screening.kpi.counties_of", lang, k=two["running"], n=two["counties"]),
              target_label(two_target, lang) if two_target else t("screening.kpi.no_target", lang))),
    ]  # fmt: skip
    return [Card(c.title, c.value, tuple(x for x in c.lines if x)) for c in cards]


def early_frames(
    data: ScreeningData, programme: str, year: int | None
) -> tuple[pd.DataFrame, float | None, pd.DataFrame | None]:
    """County rows of a programme and year with funnel positions, the area's rate, the limits."""
    cr = data.county_rows
    rows = cr[(cr["programme"] == programme) & (cr["year"] == year)]
    area = _area_row(data, programme, year)
    p0 = None if area is None or pd.isna(area["early"]) else float(area["early"])
    if p0 is not None and not 0 < p0 < 1:
        p0 = None
    pts = funnel_points(rows, p0 if p0 is not None else -1.0)
    shown = pts[pts["early"].notna()]
    limits = None
    if p0 is not None and not shown.empty:
        limits = funnel_limits(p0, float(shown["detected"].max()), float(shown["detected"].min()))
    return pts, p0, limits


def early_figures(data: ScreeningData, sel: Selection) -> tuple[go.Figure, go.Figure, go.Figure]:
    """Early diagnosis by county, the funnel plot and early diagnosis by programme."""
    lang, yr = data.lang, sel.year or 0
    pts, p0, limits = early_frames(data, sel.programme, yr)
    ref = early_reference(data.targets)
    sub = _sub(t("screening.sub.early", lang), data)
    by_county = F.make_early_by_county(
        df=pts, area_value=p0, reference=ref, highlight=sel.county,
        labels=early_county_labels(pts, lang=lang, programme=sel.programme, year=yr, area_name=data.area_name,
                                   area_value=p0, reference=ref, names=data.names, subtitle=sub),
    )  # fmt: skip
    funnel = F.make_funnel(
        points=pts, limits=limits, p0=p0, reference=ref, highlight=sel.county,
        labels=funnel_labels(lang=lang, programme=sel.programme, year=yr, area_name=data.area_name, p0=p0,
                             reference=ref, names=data.names,
                             subtitle=_sub(t("screening.sub.funnel", lang, area=data.area_name), data)),
    )  # fmt: skip
    cr = data.county_rows
    by_programme = F.make_early_by_programme(
        area_df=data.area_rows[data.area_rows["year"] == yr],
        county_df=cr[(cr["area"] == sel.county) & (cr["year"] == yr)], reference=ref, selected=sel.programme,
        labels=early_programme_labels(lang=lang, year=yr, area_name=data.area_name,
                                      county_name=data.county_name(sel.county), reference=ref, subtitle=sub),
    )  # fmt: skip
    return by_county, funnel, by_programme


def _running(data: ScreeningData, sel: Selection) -> pd.DataFrame:
    return programme_running(data.county_rows, data.counties, sel.year or 0)


def programme_matrix(data: ScreeningData, sel: Selection) -> go.Figure:
    """Which county runs which programme in the year, with coverage."""
    labels = programme_labels(lang=data.lang, year=sel.year or 0, names=data.names,
                              subtitle=_sub(t("screening.sub.matrix", data.lang), data))  # fmt: skip
    return F.make_programme_matrix(running=_running(data, sel), highlight=sel.county, labels=labels)


def _map_labels(data: ScreeningData, sel: Selection) -> F.ProgrammeLabels:
    return programme_labels(lang=data.lang, year=sel.year or 0, names=data.names, programme=sel.programme,
                            subtitle=_sub(t("screening.sub.map", data.lang), data))  # fmt: skip


def programme_map(data: ScreeningData, sel: Selection) -> go.Figure:
    """The programme's map with the area's boundaries (the first drawing)."""
    return F.make_programme_map(geojson=boundaries_geojson(data.area), running=_running(data, sel),
                                programme=sel.programme, highlight=sel.county, labels=_map_labels(data, sel))  # fmt: skip


def programme_map_patch(data: ScreeningData, sel: Selection) -> dict[str, Any]:
    """What changes on the map after its first drawing (the boundaries stay in the browser):
    z, text, line_color, line_width (county order of the first drawing) and the title's
    text and subtitle."""
    labels = _map_labels(data, sel)
    values = F.programme_map_values(running=_running(data, sel), locations=data.counties["adcode"].tolist(),
                                    programme=sel.programme, highlight=sel.county, names=labels["names"],
                                    not_running=labels["not_running"])  # fmt: skip
    title = F.programme_map_title(title=labels["title"], subtitle=labels["subtitle"])
    return {**values, "title": title["text"], "subtitle": title["subtitle"]["text"]}


@dataclass(frozen=True)
class TwoCancer:
    """The two-cancer county coverage line above the matrix."""

    label: str  #: "Two-cancer screening county coverage (2024): "
    value: str  #: "12 of 38 counties (31.6%)" or "—"
    target: str  #: the plan's target, or "no target"
    status: str  #: "target met" / "not yet met" / "" without a target


def two_cancer(data: ScreeningData, sel: Selection) -> TwoCancer:
    lang, yr = data.lang, sel.year or 0
    two = county_share_running(_running(data, sel))
    target = find_target(data.targets, kind="programme_counties")
    status = ""
    if target is not None and two["counties"]:
        met = target_met(two["share"] * 100, target)
        status = t("screening.two_cancer.met" if met else "screening.two_cancer.not_met", lang)
    share = t("screening.kpi.share", lang, share=two["share"] * 100)
    value = t("screening.kpi.counties_of", lang, k=two["running"], n=two["counties"]) + share \
        if two["counties"] else "—"  # fmt: skip
    return TwoCancer(
        label=t("screening.kpi.two_cancer", lang, year=yr) + t("screening.sep.label", lang),
        value=value,
        target=target_label(target, lang) if target else t("screening.kpi.no_target", lang),
        status=status,
    )


# --- tables: the numbers behind each chart (one rule set for the grid and the CSV) -------------


def table_frame(data: ScreeningData, sel: Selection) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The rows and ``(key, kind)`` columns of the selected table
    (see :func:`dashboard.domain.screening.table_cells`)."""
    lang, programme, year = data.lang, sel.programme, sel.year
    level_area, level_county = t("screening.level.area", lang), t("screening.level.county", lang)
    if sel.table == "cascade":
        cf = cascade_frame(data, sel)
        defs = {k: t(f"screening.conv_def.{k}", lang) for k, _, _ in CONVERSIONS}
        out = pd.DataFrame({
            "step": [t(f"screening.step.{s}", lang) for s in cf["step"]],
            "count": cf["count"], "area_count": cf["area_count"],
            "conversion": [t(f"screening.conv.{c}", lang) if c else "" for c in cf["conversion"]],
            "definition": [defs.get(c, "") for c in cf["conversion"]],
            "rate": cf["rate"], "rate_lower": cf["rate_lower"], "rate_upper": cf["rate_upper"],
            "area_rate": cf["area_rate"],
            "comparison": [t(f"screening.cmp.{c}", lang, area=data.area_name) if c else "" for c in cf["comparison"]],
            "note": [note_text(r, lang=lang) for r in cf["rate_reason"]],
        })  # fmt: skip
        absent = cf["absent"].to_numpy(dtype=bool)
        out["count__na"] = ["—" if a else "" for a in absent]
        first = (cf["conversion"] == "").to_numpy()
        for c in ("rate", "rate_lower", "rate_upper", "area_rate"):
            out[f"{c}__na"] = ["" if f else "—" for f in first]
        out.loc[first, ["rate__na", "rate_lower__na", "rate_upper__na", "area_rate__na"]] = ""
        cols = [("step", TEXT), ("count", COUNT), ("area_count", COUNT), ("conversion", TEXT), ("definition", TEXT),
                ("rate", PCT), ("rate_lower", PCT), ("rate_upper", PCT), ("area_rate", PCT), ("comparison", TEXT),
                ("note", TEXT)]  # fmt: skip
        return out, cols
    if sel.table == "early":
        pts, p0, _ = early_frames(data, programme, year)
        ref = early_reference(data.targets)
        vs = compare_with_benchmark_array(pts["early_lower"], pts["early_upper"], ref["value"] / 100, True)
        area = _area_row(data, programme, year)
        county_part = pd.DataFrame({
            "level": level_county,
            "name": [data.county_name(a) for a in pts["area"]],
            "adcode": pts["area"], "detected": pts["detected"], "early_detected": pts["early_detected"],
            "early": pts["early"], "early_lower": pts["early_lower"], "early_upper": pts["early_upper"],
            "vs_reference": [t(f"screening.vs_ref.{v}", lang) if v in ("better", "similar", "worse") else "—" for v in vs],
            "funnel_998": [t(f"screening.pos.{p}", lang) if p else "—" for p in pts["position_998"]],
            "funnel_95": [t(f"screening.pos.{p}", lang) if p else "—" for p in pts["position_95"]],
            "note": [note_text(m, r, lang=lang) for m, r in zip(pts["masked_reason"], pts["early_reason"], strict=True)],
        })  # fmt: skip
        parts = [county_part]
        if area is not None:
            avs = compare_with_benchmark_array(
                area["early_lower"], area["early_upper"], ref["value"] / 100, True
            )
            parts.insert(0, pd.DataFrame([{
                "level": level_area, "name": data.area_name, "adcode": data.area, "detected": area["detected"],
                "early_detected": area["early_detected"], "early": area["early"], "early_lower": area["early_lower"],
                "early_upper": area["early_upper"],
                "vs_reference": t(f"screening.vs_ref.{avs}", lang) if avs in ("better", "similar", "worse") else "—",
                "funnel_998": "", "funnel_95": "", "note": t("screening.funnel_centre", lang) if p0 else ""}]))  # fmt: skip
        out = pd.concat(parts, ignore_index=True) if len(parts) > 1 or not county_part.empty else county_part
        cols = [("level", TEXT), ("name", TEXT), ("adcode", TEXT), ("detected", COUNT), ("early_detected", COUNT),
                ("early", PCT), ("early_lower", PCT), ("early_upper", PCT), ("vs_reference", TEXT),
                ("funnel_998", TEXT), ("funnel_95", TEXT), ("note", TEXT)]  # fmt: skip
        return out, cols
    if sel.table == "programmes":
        run = _running(data, sel)
        out = data.counties[["adcode"]].copy()
        out["name"] = [data.county_name(a) for a in data.counties["adcode"]]
        cols: list[tuple[str, str]] = [("name", TEXT), ("adcode", TEXT)]
        for p in PROGRAMMES:
            sub = run[run["programme"] == p].set_index("adcode").reindex(out["adcode"])
            out[p] = sub["coverage"].where(sub["running"]).to_numpy()
            out[f"{p}__na"] = [t("screening.not_running", lang) if not r else "—"
                               for r in sub["running"].fillna(False).astype(bool)]  # fmt: skip
            cols.append((p, PCT))
        return out.reset_index(drop=True), cols
    # coverage over time (default)
    c = data.county_rows[data.county_rows["programme"] == programme]
    a = data.area_rows[data.area_rows["programme"] == programme]
    area_part = pd.DataFrame({"level": level_area, "name": data.area_name, "adcode": data.area, "year": a["year"],
                              "eligible": a["eligible"], "screened": a["screened"], "coverage": a["coverage"],
                              "coverage_lower": a["coverage_lower"], "coverage_upper": a["coverage_upper"],
                              "note": [note_text(r, lang=lang) for r in a["coverage_reason"]]})  # fmt: skip
    county_part = pd.DataFrame({
        "level": level_county, "name": [data.county_name(x) for x in c["area"]],
        "adcode": c["area"], "year": c["year"], "eligible": c["eligible"], "screened": c["screened"],
        "coverage": c["coverage"], "coverage_lower": c["coverage_lower"], "coverage_upper": c["coverage_upper"],
        "note": [note_text(r, lang=lang) for r in c["coverage_reason"]],
    })  # fmt: skip
    out = pd.concat([area_part, county_part], ignore_index=True)
    cols = [("level", TEXT), ("name", TEXT), ("adcode", TEXT), ("year", INT), ("eligible", COUNT),
            ("screened", COUNT), ("coverage", PCT), ("coverage_lower", PCT), ("coverage_upper", PCT),
            ("note", TEXT)]  # fmt: skip
    return out, cols


def column_header(key: str, lang: str) -> str:
    return programme_label(key, lang) + " (%)" if key in PROGRAMMES else t(f"screening.col.{key}", lang)


def grid_columns(cols: list[tuple[str, str]], lang: str) -> list[dict[str, Any]]:
    """dash-ag-grid column definitions (numbers formatted in the browser, masked cells' text in ``<key>__na``)."""
    defs = []
    for key, kind in cols:
        col: dict[str, Any] = {"field": key, "headerName": column_header(key, lang)}
        if kind in (COUNT, PCT, INT):
            fmt = "','" if kind == COUNT else "'.1f'" if kind == PCT else "'d'"
            col["valueFormatter"] = {"function": f"params.value == null ? (params.data['{key}__na'] || '') "
                                                 f": d3.format({fmt})(params.value)"}  # fmt: skip
            col["type"] = "rightAligned"
            col["filter"] = "agNumberColumnFilter"
        else:
            col["filter"] = "agTextColumnFilter"
        if key in ("note", "definition", "comparison", "vs_reference"):
            col.update({"minWidth": 200 if key == "note" else 160, "wrapText": True, "autoHeight": True})
        if key in ("name", "step"):
            col.update({"pinned": "left", "minWidth": 190})
        defs.append(col)
    return defs


def table_view(data: ScreeningData, sel: Selection) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(column definitions, row records) of the selected table for the grid."""
    frame, cols = table_frame(data, sel)
    records, _text = table_cells(
        frame, cols, small_cell_limit=data.limit, hidden_text=t("common.hidden", data.lang)
    )
    return grid_columns(cols, data.lang), records


def csv_file(data: ScreeningData, sel: Selection) -> tuple[str, str]:
    """(file name, CSV text with a BOM) of the selected table: exactly what the grid shows."""
    frame, cols = table_frame(data, sel)
    _records, text = table_cells(
        frame, cols, small_cell_limit=data.limit, hidden_text=t("common.hidden", data.lang)
    )
    text.columns = [column_header(k, data.lang) for k, _ in cols]
    year = f"-{sel.year}" if sel.table != "coverage" and sel.year else ""
    return f"screening-{sel.table}-{sel.area}-{sel.programme}{year}.csv", "\ufeff" + text.to_csv(index=False)


def table_export(data: ScreeningData, sel: Selection) -> TableExport:
    """The selected table's download (CSV or XLSX): what the grid shows, and its about block."""
    lang = data.lang
    frame, cols = table_frame(data, sel)
    _records, text = table_cells(
        frame, cols, small_cell_limit=data.limit, hidden_text=t("common.hidden", data.lang)
    )
    text.columns = [column_header(k, lang) for k, _ in cols]
    name, _csv = csv_file(data, sel)
    year = sel.year if sel.table != "coverage" and sel.year else None
    years = data.years
    period = (t("export.years", lang, first=years[0], last=years[-1]) if years and year is None
              else (f"{year}" if year else ""))  # fmt: skip
    title = t("export.screening.title", lang, area=data.area_name, table=t(f"screening.table.{sel.table}", lang),
              programme=programme_label(sel.programme, lang))  # fmt: skip
    about = about_block(lang, title=title, area=f"{data.area_name} ({data.area})", period=period,
                        source=t("export.screening.source", lang), definition=t("export.screening.definition", lang),
                        suppression=t("screening.def.table", lang, limit=data.limit, small=data.limit + 1,
                                      n=data.n_cases),
                        demo=data.demo)  # fmt: skip
    return TableExport(text, name.removesuffix(".csv"), title, about, lang)
