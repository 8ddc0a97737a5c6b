"""Screening (/screening): coverage over time, the cascade, early diagnosis, programmes.

URL state: ``/screening?area=500000&programme=cervical&year=2024&county=500101
&counties=500101,500102`` — every control is read from the query string here and
written back (``history.replaceState``) by ``callbacks/screening.py``.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import definition_box
from dashboard.figures.common import graph_config
from dashboard.i18n import pick, t
from dashboard.ids import Screening as S
from dashboard.queries.areas import counties as area_counties
from dashboard.queries.screening import screening_rows
from dashboard.runtime import current_db, current_settings
from dashboard.screening import PROGRAMMES, resolve_state
from layouts._common import area_name, checked_area, page_language, unknown_area

dash.register_page(__name__, path="/screening", name="screening", title="癌症筛查")

TABLES = ("coverage", "cascade", "early", "programmes")


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


def _dropdown_labels(lang: str) -> dict[str, str]:
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
            "no_options_found")  # fmt: skip
    return {k: t(f"screening.dropdown.{k}", lang) for k in keys}


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
    db = current_db()
    settings = current_settings()
    cty = area_counties(db, code)
    rows = screening_rows(db, code)
    years = sorted(int(y) for y in rows["year"].unique())
    runs = set(zip(rows["area"], rows["programme"], rows["year"].astype(int), strict=True))
    state = resolve_state(programme=programme, year=year, county=county, counties=counties, years=years,
                         county_codes=cty["adcode"].tolist(), runs=runs)  # fmt: skip
    county_options = [{"label": f"{pick(z, e, lang)}", "value": a}
                      for a, z, e in zip(cty["adcode"], cty["name_zh"], cty["name_en"], strict=True)]  # fmt: skip
    name = area_name(code, lang)
    labels = _dropdown_labels(lang)

    controls = dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(
                                t("screening.control.programme", lang),
                                html_for=S.PROGRAMME,
                                className="small mb-1 d-block",
                            ),
                            dbc.RadioItems(
                                id=S.PROGRAMME,
                                value=state["programme"],
                                options=[
                                    {"label": t(f"screening.programme.{p}", lang), "value": p}
                                    for p in PROGRAMMES
                                ],
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
                    ),  # fmt: skip
                    dbc.Col(
                        [
                            dbc.Label(
                                t("screening.control.year", lang), html_for=S.YEAR, className="small mb-1"
                            ),
                            dbc.Select(
                                id=S.YEAR,
                                value=str(state["year"]) if state["year"] else None,
                                size="sm",
                                options=[{"label": str(y), "value": str(y)} for y in reversed(years)],
                            ),
                        ],
                        lg=2,
                        md=4,
                    ),  # fmt: skip
                    dbc.Col(
                        [
                            dbc.Label(
                                t("screening.control.county", lang), html_for=S.COUNTY, className="small mb-1"
                            ),
                            dcc.Dropdown(
                                id=S.COUNTY,
                                options=county_options,
                                value=state["county"],
                                clearable=False,
                                labels=labels,
                            ),
                        ],
                        lg=2,
                        md=4,
                    ),  # fmt: skip
                    dbc.Col(
                        [
                            dbc.Label(
                                t("screening.control.counties", lang),
                                html_for=S.COUNTIES,
                                className="small mb-1",
                            ),
                            dcc.Dropdown(
                                id=S.COUNTIES,
                                options=county_options,
                                value=state["counties"],
                                multi=True,
                                placeholder=t("screening.control.counties_placeholder", lang),
                                labels=labels,
                            ),
                        ],
                        lg=3,
                        md=4,
                    ),  # fmt: skip
                ],
                className="g-2 align-items-end",
            )
        ),
        className="mb-3 screening-controls",
    )
    limit = settings.small_cell_limit
    n_cases = settings.suppress_rate_below
    return html.Div(
        [
            dcc.Store(id=S.AREA, data=code),
            dcc.Store(id=S.URL_SYNC),
            html.H4(t("screening.page_title", lang, area=name), className="mt-2"),
            html.P(t("screening.intro", lang), className="text-muted small"),
            controls,
            html.Div(id=S.SUMMARY, className="mb-2"),
            html.H5(t("screening.section.coverage", lang), className="mt-3"),
            _card(
                [
                    _graph(S.COVERAGE_TREND, lang, "screening-coverage", 420),
                    definition_box(t("common.definition", lang), t("screening.def.coverage", lang)),
                ]
            ),
            _card([_graph(S.COVERAGE_MULTIPLES, lang, "screening-coverage-by-county", 500)]),
            html.H5(t("screening.section.cascade", lang), className="mt-3"),
            _card(
                [
                    _graph(S.CASCADE, lang, "screening-cascade", 400),
                    definition_box(t("common.definition", lang), t("screening.def.cascade", lang)),
                ]
            ),
            html.H5(t("screening.section.early", lang), className="mt-3"),
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
            ),  # fmt: skip
            definition_box(t("common.definition", lang), t("screening.def.early", lang, n=n_cases)),
            html.H5(t("screening.section.programmes", lang), className="mt-4"),
            html.Div(id=S.TWO_CANCER, className="mb-2"),
            dbc.Row(
                [
                    dbc.Col(_card([_graph(S.MATRIX, lang, "screening-programmes", 500)]), lg=6),
                    dbc.Col(_card([_graph(S.MAP, lang, "screening-programme-map", 460)]), lg=6),
                ]
            ),
            definition_box(t("common.definition", lang), t("screening.def.programmes", lang)),
            html.H5(t("screening.section.table", lang), className="mt-4"),
            _card(
                [
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.RadioItems(
                                    id=S.TABLE_CHOICE,
                                    value="coverage",
                                    inline=True,
                                    options=[
                                        {"label": t(f"screening.table.{k}", lang), "value": k} for k in TABLES
                                    ],
                                ),
                                md=9,
                            ),  # fmt: skip
                            dbc.Col(
                                dbc.Button(
                                    t("common.download_csv", lang),
                                    id=S.DOWNLOAD_BUTTON,
                                    size="sm",
                                    color="secondary",
                                    outline=True,
                                    className="float-end",
                                ),
                                md=3,
                            ),  # fmt: skip
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
                            "localeText": _grid_locale(lang),
                        },
                    ),  # fmt: skip
                    html.P(
                        t("screening.def.table", lang, limit=limit, small=limit + 1, n=n_cases),
                        className="small text-muted mt-2 mb-0",
                    ),  # fmt: skip
                    dcc.Download(id=S.DOWNLOAD),
                ]
            ),
        ],
        className="screening-page",
    )


def _grid_locale(lang: str) -> dict[str, str]:
    if lang != "zh":
        return {}
    return {"noRowsToShow": "没有数据", "loadingOoo": "加载中…", "filterOoo": "筛选…", "equals": "等于",
            "notEqual": "不等于", "contains": "包含", "notContains": "不包含", "startsWith": "开头是",
            "endsWith": "结尾是", "lessThan": "小于", "greaterThan": "大于", "inRange": "介于",
            "andCondition": "且", "orCondition": "或", "blank": "空白", "notBlank": "非空白"}  # fmt: skip
