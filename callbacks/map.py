"""Callbacks of /map: thin glue between the controls and :mod:`dashboard.views.map`.

Each server callback parses the selection once (:func:`~dashboard.views.map.params_from_controls`),
asks the view, and puts the answer into components. A changed choice costs ONE request,
and the boundaries are never sent again:

1. ``_values`` (server) answers with what :func:`~dashboard.views.map.change_view` computes
   once (memoized per data version, selection and language): the map's class codes,
   colour scale, legend, title and tooltips as ONE ``Patch`` of the map's figure (≈ 1 KB
   compressed for 38 counties, ≈ 22 KB raw for 2,875), which Dash applies the moment it
   arrives, and the table's rows (and columns, only when the measure or rate changed
   them) into stores; on the national layer (2,875 counties) the table's rows, whose rank
   intervals take a while for a selection seen for the first time, follow in a request of
   their own (``_table``), so the map never waits for them;
2. the grid takes those rows two frames later (GRID_JS), once the map has been repainted,
   and ``_bars`` then draws the ranked bars and summary, so nothing competes with the
   map's repaint. At the first render the same order holds: the page arrives with the map
   drawn from its figure, an empty bar chart of the right size and the rows in a store;
   GRID_JS waits until the map is on screen before filling the grid, and the bars follow.

The address follows every choice through ``history.replaceState`` (clientside, written
when the browser is idle after the repaint), which Dash Pages does not observe, so the
page is not re-rendered and the geometry not resent; a copied link (or Back/Forward)
renders the same view. The figure is never sent to the server (no figure ``State``). An
area without registry data gets empty answers (the page shows a notice instead of these
components), never an error.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from components.downloads import asked_kind, send_table
from components.ids import Map
from dashboard.figures.common import graph_config
from dashboard.i18n import current_language
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views import map as view

CONTROLS = (Map.MEASURE, Map.SITE, Map.SEX, Map.RATE, Map.YEAR, Map.METHOD, Map.CLASSES)

GRID_JS = """
function (key, rows, columns) {
    // once the map is drawn (at the first render it is drawn before anything else), and
    // then two frames later, i.e. once the map has been repainted
    var dc = window.dash_clientside, t0 = Date.now();
    return new Promise(function (resolve) {
        function drawn() {
            return document.querySelector("#map-graph path.choroplethlocation") || Date.now() - t0 > 5000;
        }
        function later() { requestAnimationFrame(function () { requestAnimationFrame(function () {
            resolve([rows || [], columns || dc.no_update, key]); }); }); }
        (function wait() { if (drawn()) { later(); } else { requestAnimationFrame(wait); } })();
    });
}
"""


def _lang() -> str:
    return current_language(current_settings().default_language)


def _params(state: dict[str, Any] | None, values: list[Any], county: str | None = None) -> view.MapParams:
    """The selection of the controls' values (once per request)."""
    return view.params_from_controls(current_db(), state, values, county)


def register(app: Dash) -> None:
    inputs = [Input(c, "value") for c in CONTROLS]
    states = [State(c, "value") for c in CONTROLS]

    @app.callback(
        Output(Map.SITE, "options"),
        Output(Map.SITE, "value"),
        Input(Map.SEX, "value"),
        State(Map.SITE, "value"),
        prevent_initial_call=True,
    )
    def _sites(sex: str, site: str) -> tuple[list[dict[str, str]], Any]:
        sex = sex or "T"
        options = view.site_options(sex, _lang())
        return options, (no_update if isinstance(site, str) and view.site_applies(site, sex) else "all")

    @app.callback(
        *[Output(i, p) for i, p in Map.CHANGE],
        *inputs,
        State(Map.STATE, "data"),
        State(Map.MAP_KEY, "data"),
        State(Map.TABLE_KEY, "data"),
        prevent_initial_call=True,
    )
    def _values(*args: Any) -> tuple[Any, ...]:
        *values, state, map_key, shown_key = args
        p = _params(state, values)
        if p.key == map_key:  # the map already shows these values (e.g. a site reset to itself)
            raise PreventUpdate
        store, rows, columns = view.change_view(current_db(), current_settings(), p, _lang())
        if rows is None:  # the national layer: the table follows in its own request (_table)
            return _figure_patch(store), p.key, no_update, no_update, no_update, p.key
        columns = None if view.same_columns(shown_key, p.key) else columns
        return _figure_patch(store), p.key, rows, columns, p.key, no_update

    @app.callback(
        Output(Map.TABLE_ROWS, "data", allow_duplicate=True),
        Output(Map.TABLE_COLUMNS, "data", allow_duplicate=True),
        Output(Map.TABLE_KEY, "data", allow_duplicate=True),
        Input(Map.TABLE_WANTED, "data"),
        *states,
        State(Map.STATE, "data"),
        State(Map.TABLE_KEY, "data"),
        prevent_initial_call=True,
    )
    def _table(wanted: str | None, *args: Any) -> tuple[Any, ...]:
        *values, state, shown_key = args
        p = _params(state, values)
        if not wanted or p.key != wanted:  # the choice has changed since: its own table is coming
            raise PreventUpdate
        rows, columns = view.table_view(current_db(), current_settings(), p, _lang())
        return rows, None if view.same_columns(shown_key, p.key) else columns, p.key

    # Order of drawing: the map first (the Patch above, or the first render), then the
    # grid's rows (GRID_JS), then the ranked bars and the summary (chained on the grid).
    app.clientside_callback(
        GRID_JS,
        Output(Map.TABLE, "rowData"),
        Output(Map.TABLE, "columnDefs"),
        Output(Map.GRID_DONE, "data"),
        Input(Map.TABLE_KEY, "data"),
        State(Map.TABLE_ROWS, "data"),
        State(Map.TABLE_COLUMNS, "data"),
    )

    @app.callback(
        Output(Map.BARS, "figure"),
        Output(Map.SUMMARY, "children"),
        Input(Map.GRID_DONE, "data"),
        *states,
        State(Map.STATE, "data"),
        prevent_initial_call=True,
    )
    def _bars(key: str, *args: Any) -> tuple[Any, ...]:
        *values, state = args
        p = _params(state, values)
        if not key or p.key != key:  # the choice has changed since: its own rows are coming
            raise PreventUpdate
        bars, summary = view.bars_view(current_db(), current_settings(), p, _lang())
        return bars, [html.P(line, className="mb-1") for line in summary]

    app.clientside_callback(  # the heading follows the measure ("…癌症死亡地图")
        "function (m, h) { return (h && h[m]) || window.dash_clientside.no_update; }",
        Output(Map.HEADING, "children"),
        Input(Map.MEASURE, "value"),
        State(Map.HEADINGS, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction(namespace="urlsync", function_name="map"),
        Output(Map.URL_SYNC, "data"),
        *inputs,
        Input(Map.COUNTY, "data"),
        Input(Map.DETAIL, "is_open"),
        State(Map.STATE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Map.COUNTY, "data"),
        Input(Map.GRAPH, "clickData"),
        Input(Map.TABLE, "cellClicked"),
        Input(Map.BARS, "clickData"),
        prevent_initial_call=True,
    )
    def _pick_county(map_click: Any, cell: Any, bar_click: Any) -> Any:
        trig = dash.ctx.triggered_id
        try:
            if trig == Map.GRAPH:
                return str(map_click["points"][0]["location"])
            if trig == Map.TABLE:
                return str(cell["rowId"])
            if trig == Map.BARS:
                return str(bar_click["points"][0]["customdata"][0])
        except (KeyError, IndexError, TypeError):
            return no_update
        return no_update

    @app.callback(
        Output(Map.DETAIL, "is_open"),
        Output(Map.DETAIL, "title"),
        Output(Map.DETAIL_BODY, "children"),
        Input(Map.COUNTY, "data"),
        *states,
        State(Map.STATE, "data"),
    )
    def _detail(county: str | None, *args: Any) -> tuple[Any, ...]:
        *values, state = args
        if not county or not state:
            return no_update, no_update, no_update
        lang = _lang()
        p = _params(state, values, county)
        d = view.county_detail(current_db(), current_settings(), p, county, lang)
        if d is None:
            return no_update, no_update, no_update
        return True, d.title, _detail_body(d, lang)

    @app.callback(
        Output(Map.DOWNLOAD, "data"),
        Input(Map.CSV_BUTTON, "n_clicks"),
        Input(Map.XLSX_BUTTON, "n_clicks"),
        *states,
        State(Map.STATE, "data"),
        prevent_initial_call=True,
    )
    def _csv(n_clicks: int | None, n_xlsx: int | None, *args: Any) -> Any:
        *values, state = args
        if not (n_clicks or n_xlsx):
            return no_update
        table = view.table_export(current_db(), current_settings(), _params(state, values), _lang())
        return send_table(table, asked_kind(Map.XLSX_BUTTON))


def _figure_patch(store: dict[str, Any]) -> Any:
    """The map's values of a selection as ONE ``Patch`` of its figure (z, colours, legend,
    title, tooltips): the boundaries are never sent again."""
    if "trace" not in store:  # no registry data: the map is left alone
        return no_update
    patch = dash.Patch()
    for k, v in store["trace"].items():
        patch["data"][0][k] = v
    patch["data"][0]["customdata"] = store["custom"]
    patch["layout"]["title"]["text"] = store["title"]
    return patch


def _detail_body(d: view.CountyDetail, lang: str) -> list[Any]:
    """A county's detail as components (every word comes ready from the view)."""
    profile = (
        dcc.Link(d.profile[0], href=d.profile[1], id=Map.PROFILE_LINK, className="small d-block mb-2")
        if d.profile
        else None
    )
    small_table = {"size": "sm", "className": "small"}
    return [
        profile,
        html.Dl([x for k, v in d.facts for x in (html.Dt(k, className="small text-muted"), html.Dd(v))]),
        dcc.Graph(
            figure=d.figure, config=graph_config(lang, filename=d.figure_filename), style={"height": "260px"}
        ),
        html.P(d.trend, className="small"),
        dbc.Table(
            [
                html.Thead(html.Tr([html.Th(h) for h in d.year_headers])),
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(y["year"]),
                                html.Td(y["rate"]),
                                html.Td(y["cases"]),
                                html.Td(y["note"], className="text-muted"),
                            ]
                        )
                        for y in d.years
                    ]
                ),
            ],
            **small_table,
        ),  # fmt: skip
        html.H6(d.quality_title, className="mt-3"),
        dbc.Table(
            [
                html.Tbody(
                    [
                        html.Tr([html.Td(a), html.Td(b), html.Td(c, className="text-muted")])
                        for a, b, c in d.quality
                    ]
                )
            ],
            **small_table,
        ),
        html.P(d.more, className="small text-muted"),
    ]
