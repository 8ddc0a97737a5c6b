"""Plan targets (/targets): every indicator of the plan against its target.

URL state: ``/targets?area=360400&indicator=cervical_screening&counties=360402,360403
&group=县市`` — every control is read from the query string here and written back
(``history.replaceState``) by ``callbacks/targets.py``.

1. A county × indicator scorecard (dash-ag-grid): cells coloured by status, each with
   the value judged and its gap to the target; sortable, filterable by regional group;
   CSV download.
2. One indicator: trend of the area and chosen counties with the target, deadline and
   projection; counties ranked by distance to the target with intervals; a funnel plot;
   the indicator's definition in Chinese and English; the county table and its CSV.
"""

from __future__ import annotations

from datetime import date

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import definition_box
from dashboard.figures.common import graph_config
from dashboard.figures.targets import status_tint
from dashboard.i18n import pick, t
from dashboard.ids import Targets as T
from dashboard.indicators import INDICATORS
from dashboard.queries.areas import counties as area_counties
from dashboard.queries.indicators import plan_assessment, plan_for_area
from dashboard.runtime import current_db, current_settings
from layouts._common import area_name, checked_area, page_language, unknown_area

dash.register_page(__name__, path="/targets", name="targets", title="规划指标")


def choose_state(
    *,
    indicator: str | None,
    counties: str | None,
    group: str | None,
    indicators: list[str],
    county_codes: list[str],
    groups: list[str],
    default: str | None = None,
) -> dict[str, object]:
    """Valid control values from the query string; unknown values fall back to defaults.

    Defaults: ``default`` (the first indicator with county values) or the plan's first
    quantified indicator, no counties, all groups. ``unknown_indicator`` is the rejected
    value (the page says so), else None.
    """
    fallback = default if default in indicators else (indicators[0] if indicators else None)
    chosen = indicator if indicator in indicators else fallback
    unknown = indicator if indicator and indicator not in indicators else None
    picked = list(dict.fromkeys(c for c in (counties or "").split(",") if c in county_codes))
    return {"indicator": chosen, "counties": picked, "group": group if group in groups else None,
            "unknown_indicator": unknown}  # fmt: skip


def grid_locale(lang: str) -> dict[str, str]:
    if lang != "zh":
        return {}
    return {"noRowsToShow": "没有数据", "loadingOoo": "加载中…", "filterOoo": "筛选…", "equals": "等于",
            "notEqual": "不等于", "contains": "包含", "notContains": "不包含", "startsWith": "开头是",
            "endsWith": "结尾是", "lessThan": "小于", "greaterThan": "大于", "inRange": "介于",
            "andCondition": "且", "orCondition": "或", "blank": "空白", "notBlank": "非空白",
            "applyFilter": "应用", "resetFilter": "重置", "clearFilter": "清除"}  # fmt: skip


def status_legend(lang: str) -> html.Div:
    """What the scorecard's cell colours mean (the same tints as the cells)."""
    keys = ("met", "on_track", "at_risk", "off_track", "missed", "no_data")
    return html.Div(
        [
            html.Span(
                [
                    html.Span(className="legend-chip", style={"background": status_tint(k)}),
                    t(f"status.{k}", lang),
                ],
                className="me-3",
            )
            for k in keys
        ],  # fmt: skip
        className="small mt-2",
    )


def _graph(graph_id: str, lang: str, filename: str, height: int) -> dcc.Loading:
    return dcc.Loading(
        dcc.Graph(id=graph_id, config=graph_config(lang, filename=filename), style={"minHeight": f"{height}px"}),
        type="default", delay_show=300,
    )  # fmt: skip


def layout(
    area: str | None = None,
    indicator: str | None = None,
    counties: str | None = None,
    group: str | None = None,
    **_kwargs: object,
) -> html.Div:
    lang = page_language()
    code = checked_area(area)
    if code is None:
        return html.Div(unknown_area(area, lang))
    db = current_db()
    settings = current_settings()
    name = area_name(code, lang)
    plan = plan_for_area(db, code)
    if plan is None:
        return html.Div([html.H4(t("targets.title", lang, area=name), className="mt-2"),
                         dbc.Alert(t("overview.no_plan", lang), color="info")])  # fmt: skip
    assessed = plan_assessment(db, code, str(plan["plan_id"]), date.today().year)
    # county-level indicators first in the default choice: the page has more to show for them
    indicators = list(dict.fromkeys(assessed["indicator"]))
    with_counties = list(dict.fromkeys(assessed.loc[assessed["county_level"], "indicator"]))
    if not indicators:
        return html.Div([html.H4(t("targets.title", lang, area=name), className="mt-2"),
                         dbc.Alert(t("targets.no_quantified", lang), color="info")])  # fmt: skip
    cdf = area_counties(db, code)
    group_pairs = sorted({(z, e) for z, e in zip(cdf["region_group"], cdf["region_group_en"], strict=True)
                          if isinstance(z, str)})  # fmt: skip
    state = choose_state(indicator=indicator, counties=counties, group=group, indicators=indicators,
                         county_codes=cdf["adcode"].tolist(), groups=[z for z, _ in group_pairs],
                         default=with_counties[0] if with_counties else None)  # fmt: skip
    name_col = "name_en" if lang == "en" else "name_zh"
    indicator_options = [{"label": INDICATORS[k].name(lang), "value": k} for k in indicators]
    county_options = [{"label": n, "value": c} for c, n in zip(cdf["adcode"], cdf[name_col], strict=True)]
    group_options = [{"label": t("targets.all_groups", lang), "value": ""}] + [
        {"label": pick(z, e, lang), "value": z} for z, e in group_pairs
    ]
    alert = None
    if state["unknown_indicator"]:
        alert = dbc.Alert(t("targets.unknown_indicator", lang, key=state["unknown_indicator"]), color="warning",
                          className="py-2")  # fmt: skip
    limit, threshold = settings.small_cell_limit, settings.suppress_rate_below
    scorecard = dbc.Card(dbc.CardBody([
        html.H5(t("targets.scorecard", lang), className="card-title"),
        html.P(t("targets.scorecard_hint", lang), className="small text-muted mb-2"),
        dbc.Row([
            dbc.Col([dbc.Label(t("targets.group", lang), html_for=T.GROUP, className="small mb-0"),
                     dcc.Dropdown(id=T.GROUP, options=group_options, value=state["group"] or "", clearable=False)],
                    md=4),
            dbc.Col(dbc.Button(t("targets.download_scorecard", lang), id=T.SCORECARD_CSV, color="secondary",
                               outline=True, size="sm"), className="d-flex align-items-end justify-content-end"),
        ], className="mb-2"),
        dag.AgGrid(id=T.SCORECARD, columnDefs=[], rowData=[], getRowId="params.data.adcode",
                   defaultColDef={"sortable": True, "resizable": True, "minWidth": 110, "wrapHeaderText": True,
                                  "autoHeaderHeight": True},
                   columnSize="responsiveSizeToFit", style={"height": "560px", "width": "100%"},
                   dashGridOptions={"tooltipShowDelay": 300, "enableCellTextSelection": True,
                                    "ensureDomOrder": True, "localeText": grid_locale(lang)}),
        status_legend(lang),
        html.P(t("targets.masked_note", lang, limit=limit, threshold=threshold), className="small text-muted mt-1 mb-0"),
        dcc.Download(id=T.SCORECARD_DOWNLOAD),
    ]), className="mb-3")  # fmt: skip
    controls = dbc.Row([
        dbc.Col([dbc.Label(t("targets.indicator", lang), html_for=T.INDICATOR, className="small mb-0"),
                 dcc.Dropdown(id=T.INDICATOR, options=indicator_options, value=state["indicator"], clearable=False)],
                md=5),
        dbc.Col([dbc.Label(t("targets.counties", lang), html_for=T.COUNTIES, className="small mb-0"),
                 dcc.Dropdown(id=T.COUNTIES, options=county_options, value=state["counties"], multi=True,
                              placeholder=t("targets.counties_placeholder", lang))], md=7),
    ], className="mb-2")  # fmt: skip
    indicator_view = dbc.Card(dbc.CardBody([
        controls,
        html.Div(id=T.STATUS, className="mb-2"),
        dbc.Row([
            dbc.Col(_graph(T.TREND, lang, f"trend-{code}", 420), lg=8),
            dbc.Col(html.Div(id=T.DEFINITION, className="definition"), lg=4),
        ]),
        dbc.Row([
            dbc.Col(_graph(T.RANKING, lang, f"ranking-{code}", 360), lg=6),
            dbc.Col([_graph(T.FUNNEL, lang, f"funnel-{code}", 420),
                     html.P(t("targets.funnel_note", lang), className="small text-muted")], lg=6),
        ], className="mt-2"),
        definition_box(t("overview.method_title", lang), t("overview.method", lang)),
        html.Div([
            html.H6(t("targets.county_table", lang), className="mt-3 d-inline-block me-3"),
            dbc.Button(t("targets.download_county", lang), id=T.COUNTY_CSV, color="secondary", outline=True,
                       size="sm"),
        ]),
        dag.AgGrid(id=T.COUNTY_TABLE, columnDefs=[], rowData=[],
                   defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 90},
                   columnSize="responsiveSizeToFit", style={"height": "420px", "width": "100%"},
                   dashGridOptions={"tooltipShowDelay": 300, "enableCellTextSelection": True,
                                    "ensureDomOrder": True, "localeText": grid_locale(lang)}),
        html.P(t("targets.masked_note", lang, limit=limit, threshold=threshold), className="small text-muted mt-2 mb-0"),
        dcc.Download(id=T.COUNTY_DOWNLOAD),
    ]), className="mb-3")  # fmt: skip
    return html.Div(
        [
            html.H4(t("targets.title", lang, area=name), className="mt-2"),
            html.P(pick(str(plan["name_zh"]), str(plan["name_en"]), lang), className="text-muted mb-2"),
            alert,
            dcc.Store(id=T.AREA, data=code),
            dcc.Store(id=T.URL_SYNC),
            scorecard,
            indicator_view,
        ],
        className="targets-page",
    )
