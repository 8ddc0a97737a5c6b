"""Incidence and mortality map (/map): county choropleth, table, ranked bars, county detail.

Every choice is a URL parameter (see :mod:`dashboard.mapview`); this layout renders the
whole first view server-side (coloured map, table, bars), with the boundaries in the map
figure. That is the only time the geometry is sent for the area: later choices update the
values through ``callbacks/map.py`` (a ``Patch``), and the address is kept in step with
``history.replaceState`` so the page is never re-rendered by its own URL changes.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import definition_box
from dashboard.classify import MAX_CLASSES, METHODS, MIN_CLASSES
from dashboard.figures.common import graph_config
from dashboard.figures.rate_map import FULL_HOVER_MAX, base_map, figure_with_store, period_label
from dashboard.i18n import pick, t
from dashboard.ids import Map
from dashboard.mapview import (
    area_label,
    layer_features,
    layer_geojson,
    map_data,
    parse_params,
    prefetch_area,
    years_of,
)
from dashboard.queries.areas import counties
from dashboard.queries.registry import MEASURES, RATES, SEXES, parse_period, period_values
from dashboard.runtime import current_db, current_settings
from dashboard.sites import sites_for_sex
from layouts._common import checked_area, page_language, unknown_area

dash.register_page(__name__, path="/map", name="map", title="癌症发病死亡地图")


def site_options(sex: str, lang: str) -> list[dict[str, str]]:
    return [{"label": pick(s.name_zh, s.name_en, lang), "value": s.site} for s in sites_for_sex(sex)]


def year_options(years: list[int], lang: str) -> list[dict[str, str]]:
    out = []
    for v in period_values(years):
        a, b = parse_period(v, years) or (0, 0)
        label = (t("map.period.single", lang, year=a) if a == b
                 else t("map.period.option_pooled", lang, start=a, end=b, n=b - a + 1))  # fmt: skip
        out.append({"label": label, "value": v})
    return out


def _control(label: str, component: object, width: int) -> dbc.Col:
    return dbc.Col(
        [dbc.Label(label, className="small text-muted mb-0"), component], md=width, className="mb-2"
    )


def layout(area: str | None = None, **params: object) -> html.Div:
    lang = page_language()
    code = checked_area(area, allow_china=True)
    if code is None:
        return html.Div(unknown_area(area, lang))
    db = current_db()
    settings = current_settings()
    years = years_of(db, code)
    if not years:
        return html.Div(dbc.Alert(t("map.no_data", lang), color="secondary", className="mt-3"))
    p = parse_params(code, dict(params), years)
    s = p.sel
    locations, geo_names = layer_features(code)
    data = map_data(db, settings, p, lang, locations)
    prefetch_area(db, code)  # every other selection of this area then comes from memory

    # tooltip names: the database's (in the page language), else the boundary file's
    names_df = counties(db, code)
    name_col = "name_en" if lang == "en" else "name_zh"
    db_names = dict(zip(names_df["adcode"], names_df[name_col].fillna(names_df["name_zh"]), strict=True))
    names = [db_names.get(a) or n for a, n in zip(locations, geo_names, strict=True)]
    figure = figure_with_store(base_map(geojson=layer_geojson(code), locations=locations, names=names),
                               data.store, data.rows)  # fmt: skip

    controls = dbc.Row(
        [
            _control(
                t("map.label.measure", lang),
                dbc.RadioItems(
                    id=Map.MEASURE,
                    value=s.measure,
                    inline=True,
                    className="btn-group-sm",
                    options=[{"label": t(f"map.measure_button.{m}", lang), "value": m} for m in MEASURES],
                ),
                2,
            ),  # fmt: skip
            _control(
                t("map.label.sex", lang),
                dbc.RadioItems(
                    id=Map.SEX,
                    value=s.sex,
                    inline=True,
                    options=[{"label": t(f"map.sex.{x}", lang), "value": x} for x in SEXES],
                ),
                3,
            ),  # fmt: skip
            _control(
                t("map.label.site", lang),
                dcc.Dropdown(
                    id=Map.SITE,
                    value=s.site,
                    options=site_options(s.sex, lang),
                    clearable=False,
                    searchable=False,
                ),
                2,
            ),  # fmt: skip
            _control(
                t("map.label.rate", lang),
                dcc.Dropdown(
                    id=Map.RATE,
                    value=s.rate,
                    clearable=False,
                    searchable=False,
                    options=[{"label": t(f"map.rate.{r}", lang), "value": r} for r in RATES],
                ),
                2,
            ),  # fmt: skip
            _control(
                t("map.label.year", lang),
                dcc.Dropdown(
                    id=Map.YEAR,
                    value=s.period,
                    options=_with_current(year_options(years, lang), s, lang),
                    clearable=False,
                    searchable=False,
                ),
                3,
            ),  # fmt: skip
            _control(
                t("map.label.method", lang),
                dcc.Dropdown(
                    id=Map.METHOD,
                    value=p.method,
                    clearable=False,
                    searchable=False,
                    options=[{"label": t(f"map.method.{m}", lang), "value": m} for m in METHODS],
                ),
                3,
            ),  # fmt: skip
            _control(
                t("map.label.classes", lang),
                dcc.Dropdown(
                    id=Map.CLASSES,
                    value=p.k,
                    clearable=False,
                    searchable=False,
                    options=[
                        {"label": t("map.classes", lang, k=k), "value": k}
                        for k in range(MIN_CLASSES, MAX_CLASSES + 1)
                    ],
                ),
                2,
            ),  # fmt: skip
        ],
        className="g-2 align-items-end",
    )
    unit_note = definition_box(
        t("map.definition.title", lang),
        t("map.definition.body", lang, count=t(f"map.count.{s.measure}", lang),
          count_lower=t(f"map.count.{s.measure}", lang).lower(), threshold=settings.suppress_rate_below,
          limit=settings.small_cell_limit),
    )  # fmt: skip
    # national scale: the table's 2,875 rows come right after the map is on screen (the
    # table callback fills it), so the first render carries little besides the boundaries
    deferred = len(locations) > FULL_HOVER_MAX
    grid = dag.AgGrid(
        id=Map.TABLE,
        rowData=[] if deferred else data.rows,
        columnDefs=data.columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": False, "minWidth": 90, "flex": 1},
        getRowId="params.data.area",
        dashGridOptions={
            "animateRows": False,
            "rowHeight": 30,
            "suppressCellFocus": True,
            "enableCellTextSelection": True,
            "ensureDomOrder": True,
        },  # fmt: skip
        columnSize="responsiveSizeToFit",
        style={"height": "440px", "width": "100%"},
    )
    return html.Div(
        [
            html.H4(
                t(
                    "map.page_title",
                    lang,
                    area=area_label(db, code, lang),
                    measure=t(f"map.measure.{s.measure}", lang),
                ),
                className="mt-2",
            ),  # fmt: skip
            dbc.Card(dbc.CardBody(controls, className="py-2"), className="mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    dcc.Graph(
                                        id=Map.GRAPH,
                                        figure=figure,
                                        style={"height": "560px"},
                                        config=graph_config(lang, filename=f"map-{code}"),
                                    ),
                                    html.P(t("map.hint", lang), className="small text-muted mb-0"),
                                ],
                                className="p-2",
                            )
                        ),  # fmt: skip
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            dbc.Card(
                                dbc.CardBody(
                                    [html.Div(_summary(data.summary), id=Map.SUMMARY), unit_note],
                                    className="p-2 small",
                                ),
                                className="mb-2",
                            ),  # fmt: skip
                            dbc.Card(
                                dbc.CardBody(
                                    dcc.Graph(
                                        id=Map.BARS,
                                        figure=data.bars,
                                        config=graph_config(lang, filename=f"bars-{code}"),
                                    ),
                                    className="p-1",
                                    style={"maxHeight": "470px", "overflowY": "auto"},
                                )
                            ),  # fmt: skip
                        ],
                        lg=5,
                    ),
                ],
                className="g-2",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(
                            [
                                html.H6(t("map.table.title", lang), className="d-inline-block me-3 mb-0"),
                                dbc.Button(
                                    t("common.download_csv", lang),
                                    id=Map.CSV_BUTTON,
                                    size="sm",
                                    color="secondary",
                                    outline=True,
                                ),
                            ],
                            className="mb-2",
                        ),
                        grid,
                    ],
                    className="p-2",
                ),  # fmt: skip
                className="mt-2",
            ),
            dcc.Download(id=Map.DOWNLOAD),
            dcc.Store(id=Map.STATE, data={"area": code, "breaks": list(p.breaks)}),
            dcc.Store(id=Map.LOCATIONS, data=list(locations)),
            dcc.Store(id=Map.VALUES, data={"key": data.store["key"]}),
            dcc.Store(id=Map.TABLE_KEY, data="" if deferred else data.store["key"]),
            dcc.Store(id=Map.TABLE_ROWS, data=[] if deferred else data.rows),
            dcc.Store(id=Map.GRID_DONE, data="" if deferred else data.store["key"]),
            dcc.Store(id=Map.COUNTY, data=p.county),
            dcc.Store(id=Map.URL_SYNC),
            dbc.Offcanvas(
                id=Map.DETAIL,
                is_open=False,
                placement="end",
                scrollable=True,
                style={"width": "min(560px, 100vw)"},
                children=html.Div(id=Map.DETAIL_BODY),
            ),  # fmt: skip
        ]
    )


def _with_current(options: list[dict[str, str]], s: object, lang: str) -> list[dict[str, str]]:
    """Keep a period from the URL (e.g. 2019-2021) among the options."""
    period = s.period  # type: ignore[attr-defined]
    if any(o["value"] == period for o in options):
        return options
    a, b = s.year_from, s.year_to  # type: ignore[attr-defined]
    label = (
        period_label(a, b, lang)
        if a == b
        else t("map.period.option_pooled", lang, start=a, end=b, n=b - a + 1)
    )
    return [*options, {"label": label, "value": period}]


def _summary(lines: list[str]) -> list[html.P]:
    return [html.P(line, className="mb-1") for line in lines]
