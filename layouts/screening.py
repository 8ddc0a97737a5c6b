"""Screening (/screening): coverage over time, the cascade, early diagnosis, programmes.

URL state: ``/screening?area=500000&programme=cervical&year=2024&county=500101
&counties=500101,500102`` — the query string is parsed once into a
:class:`dashboard.views.screening.Selection` here and written back
(``history.replaceState``) by ``callbacks/screening.py``. Words, options and values
come ready-made from :func:`dashboard.views.screening.page`; an area without screening
rows shows a "no data yet" notice instead of empty charts.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import KEYBOARD_GRID_OPTIONS, definition_box, download_buttons, no_data_notice
from components.ids import Screening as S
from dashboard.figures.common import graph_config
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views import screening as V
from layouts._common import checked_area, page_language, unknown_area

dash.register_page(__name__, path="/screening", name="screening", title="癌症筛查")

TABLES = V.TABLES


def _graph(graph_id: str, lang: str, filename: str, height: int) -> dcc.Loading:
    return dcc.Loading(
        dcc.Graph(
            id=graph_id, config=graph_config(lang, filename=filename), style={"minHeight": f"{height}px"}
        ),
        type="default",
        delay_show=300,
    )


def _card(children: list[object]) -> dbc.Card:
    return dbc.Card(dbc.CardBody(children), className="mb-3")


def _controls(view: V.ScreeningPage) -> dbc.Card:
    sel, words = view.selection, view.control_labels
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(
                                words["programme"], html_for=S.PROGRAMME, className="small mb-1 d-block"
                            ),
                            dbc.RadioItems(
                                id=S.PROGRAMME,
                                value=sel.programme,
                                options=view.programme_options,
                                className="d-flex flex-wrap gap-1",
                                inputClassName="btn-check",
                                labelClassName="btn btn-outline-primary btn-sm",
                                labelCheckedClassName="active",
                                # cancel Bootstrap's .form-check indent (the input is hidden)
                                labelStyle={"marginLeft": "-1.5em"},
                            ),
                        ],
                        lg=5,
                        md=12,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(words["year"], html_for=S.YEAR, className="small mb-1"),
                            dbc.Select(
                                id=S.YEAR,
                                value=str(sel.year) if sel.year else None,
                                size="sm",
                                options=view.year_options,
                            ),
                        ],
                        lg=2,
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(words["county"], html_for=S.COUNTY, className="small mb-1"),
                            dcc.Dropdown(
                                id=S.COUNTY,
                                options=view.county_options,
                                value=sel.county,
                                clearable=False,
                                labels=view.dropdown_labels,
                            ),
                        ],
                        lg=2,
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(words["counties"], html_for=S.COUNTIES, className="small mb-1"),
                            dcc.Dropdown(
                                id=S.COUNTIES,
                                options=view.county_options,
                                value=list(sel.counties),
                                multi=True,
                                placeholder=words["counties_placeholder"],
                                labels=view.dropdown_labels,
                            ),
                        ],
                        lg=3,
                        md=4,
                    ),
                ],
                className="g-2 align-items-end",
            )
        ),
        className="mb-3 screening-controls",
    )


def _table(view: V.ScreeningPage) -> dbc.Card:
    return _card(
        [
            dbc.Row(
                [
                    dbc.Col(
                        dbc.RadioItems(
                            id=S.TABLE_CHOICE, value=TABLES[0], inline=True, options=view.table_options
                        ),
                        md=9,
                    ),
                    dbc.Col(
                        download_buttons(
                            S.DOWNLOAD_BUTTON, S.XLSX_BUTTON, view.lang, csv_label=view.download_label
                        ),
                        md=3,
                        className="d-flex justify-content-end align-items-start",
                    ),
                ],
                className="mb-2",
            ),
            dag.AgGrid(
                id=S.TABLE,
                columnDefs=[],
                rowData=[],
                defaultColDef={
                    "sortable": True,
                    "resizable": True,
                    "filter": True,
                    "minWidth": 90,
                    "wrapHeaderText": True,
                    "autoHeaderHeight": True,
                },
                columnSize="responsiveSizeToFit",
                style={"height": "440px", "width": "100%"},
                dashGridOptions={
                    "suppressCellFocus": False,
                    "enableCellTextSelection": True,
                    "ensureDomOrder": True,
                    "localeText": view.grid_locale,
                    **KEYBOARD_GRID_OPTIONS,
                },
            ),
            html.P(view.table_note, className="small text-muted mt-2 mb-0"),
            dcc.Download(id=S.DOWNLOAD),
        ]
    )


def layout(
    area: str | None = None,
    programme: str | None = None,
    year: str | None = None,
    county: str | None = None,
    counties: str | None = None,
    **_kwargs: object,
) -> html.Div:
    lang = page_language()
    code = checked_area(area)
    if code is None:
        return html.Div(unknown_area(area, lang))
    settings = current_settings()
    data = V.load(current_db(), code, lang=lang, small_cell_limit=settings.small_cell_limit,
                  suppress_below=settings.suppress_rate_below)  # fmt: skip
    sel = V.selection_from_query(data, programme=programme, year=year, county=county, counties=counties)
    view = V.page(data, sel)
    head = [html.H4(view.title, className="mt-2"), html.P(view.intro, className="text-muted small")]
    if view.missing:  # no screening rows yet: say what to load, draw nothing
        return html.Div([*head, no_data_notice(lang, list(view.missing))], className="screening-page")
    sections, define = view.sections, view.definitions
    return html.Div(
        [
            dcc.Store(id=S.AREA, data=code),
            dcc.Store(id=S.URL_SYNC),
            *head,
            _controls(view),
            html.Div(id=S.SUMMARY, className="mb-2"),
            html.H5(sections["coverage"], className="mt-3"),
            _card(
                [
                    _graph(S.COVERAGE_TREND, lang, "screening-coverage", 420),
                    definition_box(view.definition_title, define["coverage"]),
                ]
            ),
            _card([_graph(S.COVERAGE_MULTIPLES, lang, "screening-coverage-by-county", 500)]),
            html.H5(sections["cascade"], className="mt-3"),
            _card(
                [
                    _graph(S.CASCADE, lang, "screening-cascade", 400),
                    definition_box(view.definition_title, define["cascade"]),
                ]
            ),
            html.H5(sections["early"], className="mt-3"),
            dbc.Row(
                [
                    dbc.Col(_card([_graph(S.EARLY_COUNTY, lang, "screening-early-by-county", 420)]), lg=6),
                    dbc.Col(
                        [
                            _card([_graph(S.FUNNEL, lang, "screening-early-funnel", 430)]),
                            _card([_graph(S.EARLY_PROGRAMME, lang, "screening-early-by-programme", 400)]),
                        ],
                        lg=6,
                    ),
                ]
            ),
            definition_box(view.definition_title, define["early"]),
            html.H5(sections["programmes"], className="mt-4"),
            html.Div(id=S.TWO_CANCER, className="mb-2"),
            dbc.Row(
                [
                    dbc.Col(_card([_graph(S.MATRIX, lang, "screening-programmes", 500)]), lg=6),
                    dbc.Col(_card([_graph(S.MAP, lang, "screening-programme-map", 460)]), lg=6),
                ]
            ),
            definition_box(view.definition_title, define["programmes"]),
            html.H5(sections["table"], className="mt-4"),
            _table(view),
        ],
        className="screening-page",
    )
