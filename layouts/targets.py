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

What is shown comes from :mod:`dashboard.views.targets`; this module only lays it out.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import KEYBOARD_GRID_OPTIONS, definition_box, download_buttons, no_data_notice
from components.ids import Targets as T
from dashboard.figures.common import graph_config
from dashboard.i18n.common import dropdown_labels
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views import targets as V
from layouts._common import checked_area, page_language, unknown_area

dash.register_page(__name__, path="/targets", name="targets", title="规划指标")


def status_legend(page: V.TargetsPage) -> html.Div:
    """What the scorecard's cell colours mean (the same tints as the cells)."""
    return html.Div(
        [
            html.Span(
                [html.Span(className="legend-chip", style={"background": tint}), label], className="me-3"
            )
            for _key, label, tint in page.legend
        ],  # fmt: skip
        className="small mt-2",
    )


def _graph(graph_id: str, lang: str, filename: str, height: int) -> dcc.Loading:
    return dcc.Loading(
        dcc.Graph(id=graph_id, config=graph_config(lang, filename=filename), style={"minHeight": f"{height}px"}),
        type="default", delay_show=300,
    )  # fmt: skip


def _grid_options(page: V.TargetsPage) -> dict[str, object]:
    # every row and column is in the page (a few dozen counties), so a printout has them all
    return {"tooltipShowDelay": 300, "enableCellTextSelection": True, "ensureDomOrder": True,
            "localeText": page.grid_locale, "suppressRowVirtualisation": True,
            "suppressColumnVirtualisation": True, **KEYBOARD_GRID_OPTIONS}  # fmt: skip


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
    settings = current_settings()
    data = V.load(current_db(), code, lang=lang, as_of=V.as_of_year(), small_cell_limit=settings.small_cell_limit,
                  suppress_below=settings.suppress_rate_below)  # fmt: skip
    sel = V.parse_selection(data, indicator=indicator, counties=counties, group=group)
    page = V.page(data, sel)
    title = html.H4(page.title, className="mt-2")
    if page.message is not None or page.selection is None:
        return html.Div([title, dbc.Alert(page.message, color="info")])
    text, state = page.text, page.selection
    alert = dbc.Alert(page.warning, color="warning", className="py-2") if page.warning else None
    notice = no_data_notice(lang, list(page.missing)) if page.missing else None
    scorecard = dbc.Card(dbc.CardBody([
        html.H5(text["scorecard"], className="card-title"),
        html.P(text["scorecard_hint"], className="small text-muted mb-2"),
        dbc.Row([
            dbc.Col([dbc.Label(text["group"], html_for=T.GROUP, className="small mb-0"),
                     dcc.Dropdown(id=T.GROUP, options=page.group_options, value=state.group or "", clearable=False,
                                  labels=dropdown_labels(lang))],
                    md=4),
            dbc.Col(download_buttons(T.SCORECARD_CSV, T.SCORECARD_XLSX, lang, csv_label=text["download_scorecard"]),
                    className="d-flex align-items-end justify-content-end"),
        ], className="mb-2"),
        html.Div(dag.AgGrid(id=T.SCORECARD, columnDefs=[], rowData=[], getRowId="params.data.adcode",
                   defaultColDef={"sortable": True, "resizable": True, "minWidth": 110, "wrapHeaderText": True,
                                  "autoHeaderHeight": True, "wrapText": True, "autoHeight": True},
                   columnSize="responsiveSizeToFit", style={"height": "560px", "width": "100%"},
                   dashGridOptions=_grid_options(page)), className="dash-ag-grid-print scorecard-grid"),
        status_legend(page),
        html.P(text["masked_note"], className="small text-muted mt-1 mb-0"),
        dcc.Download(id=T.SCORECARD_DOWNLOAD),
    ]), className="mb-3")  # fmt: skip
    controls = dbc.Row([
        dbc.Col([dbc.Label(text["indicator"], html_for=T.INDICATOR, className="small mb-0"),
                 dcc.Dropdown(id=T.INDICATOR, options=page.indicator_options, value=state.indicator, clearable=False,
                              labels=dropdown_labels(lang))],
                md=5),
        dbc.Col([dbc.Label(text["counties"], html_for=T.COUNTIES, className="small mb-0"),
                 dcc.Dropdown(id=T.COUNTIES, options=page.county_options, value=list(state.counties), multi=True,
                              placeholder=text["counties_placeholder"], labels=dropdown_labels(lang))], md=7),
    ], className="mb-2")  # fmt: skip
    files = page.filenames
    indicator_view = dbc.Card(dbc.CardBody([
        controls,
        html.Div(id=T.STATUS, className="mb-2"),
        dbc.Row([
            dbc.Col(_graph(T.TREND, lang, files["trend"], 420), lg=8),
            dbc.Col(html.Div(id=T.DEFINITION, className="definition"), lg=4),
        ]),
        dbc.Row([
            dbc.Col(_graph(T.RANKING, lang, files["ranking"], 360), lg=6),
            dbc.Col([_graph(T.FUNNEL, lang, files["funnel"], 420),
                     html.P(text["funnel_note"], className="small text-muted")], lg=6),
        ], className="mt-2"),
        definition_box(text["method_title"], text["method"]),
        html.Div([
            html.H6(text["county_table"], className="mt-3 d-inline-block me-3"),
            download_buttons(T.COUNTY_CSV, T.COUNTY_XLSX, lang, csv_label=text["download_county"]),
        ]),
        html.Div(dag.AgGrid(id=T.COUNTY_TABLE, columnDefs=[], rowData=[],
                   defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 90},
                   columnSize="responsiveSizeToFit", style={"height": "420px", "width": "100%"},
                   dashGridOptions=_grid_options(page)), className="dash-ag-grid-print"),
        html.P(text["masked_note"], className="small text-muted mt-2 mb-0"),
        dcc.Download(id=T.COUNTY_DOWNLOAD),
    ]), className="mb-3")  # fmt: skip
    return html.Div(
        [
            title,
            html.P(page.plan_name, className="text-muted mb-2"),
            alert,
            notice,
            dcc.Store(id=T.AREA, data=code),
            dcc.Store(id=T.URL_SYNC),
            scorecard,
            indicator_view,
        ],
        className="targets-page",
    )
