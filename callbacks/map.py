"""Callbacks of /map: thin glue between the controls and :mod:`dashboard.mapview`.

On a changed choice three things happen, none of which sends the boundaries again:

1. ``_values`` (server) returns the map's class codes, colour scale, legend and title as a
   small store (≈ 1 KB for 38 counties, ≈ 7 KB for 2,875);
2. ``_table`` (server) returns the county table rows;
3. a clientside callback joins the two (when both carry the same selection key) into ONE
   ``Patch`` of the map figure: z, colours, legend, title and the tooltips, whose numbers
   are the table's rows (so the numbers are sent once). The map redraws once. Then the
   grid takes the rows (a frame later) and ``_bars`` draws the ranked bars and summary,
   so nothing else competes with the map's repaint.

The address follows every choice through ``history.replaceState`` (clientside), which
Dash Pages does not observe, so the page is not re-rendered and the geometry not resent;
a copied link (or Back/Forward) renders the same view. The figure is never sent to the
server (no figure ``State``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.figures.common import graph_config
from dashboard.figures.rate_map import APPLY_JS
from dashboard.i18n import current_language, pick
from dashboard.i18n import t as tr
from dashboard.ids import Map
from dashboard.mapview import (
    MapParams,
    bars_view,
    county_detail,
    csv_export,
    layer_features,
    parse_params,
    table_view,
    values_store,
    years_of,
)
from dashboard.runtime import current_db, current_settings
from dashboard.sites import sites_for_sex

CONTROLS = (Map.MEASURE, Map.SITE, Map.SEX, Map.RATE, Map.YEAR, Map.METHOD, Map.CLASSES)

GRID_JS = """
function (key, rows) {
    // after the next two frames, i.e. once the map has been repainted
    return new Promise(function (resolve) {
        requestAnimationFrame(function () { requestAnimationFrame(function () { resolve([rows || [], key]); }); });
    });
}
"""


def _lang() -> str:
    return current_language(current_settings().default_language)


def params_from_controls(
    state: dict[str, Any], values: tuple[Any, ...], county: str | None = None
) -> MapParams:
    """Page parameters from the control values (validated as the URL's are)."""
    measure, site, sex, rate, year, method, classes = values
    area = state["area"]
    raw = {"measure": measure, "site": site, "sex": sex, "rate": rate, "year": year, "classify": method,
           "classes": classes, "breaks": ",".join(str(b) for b in state.get("breaks") or []), "county": county}  # fmt: skip
    return parse_params(area, raw, years_of(current_db(), area))


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
        lang = _lang()
        allowed = sites_for_sex(sex or "T")
        options = [{"label": pick(s.name_zh, s.name_en, lang), "value": s.site} for s in allowed]
        return options, (no_update if any(s.site == site for s in allowed) else "all")

    @app.callback(Output(Map.VALUES, "data"), *inputs, State(Map.STATE, "data"), prevent_initial_call=True)
    def _values(*args: Any) -> dict[str, Any]:
        *values, state = args
        p = params_from_controls(state, tuple(values))
        locations, _ = layer_features(p.area)
        return values_store(current_db(), current_settings(), p, _lang(), locations)

    @app.callback(
        Output(Map.TABLE_ROWS, "data"),
        Output(Map.TABLE, "columnDefs"),
        Output(Map.TABLE_KEY, "data"),
        *inputs,
        State(Map.STATE, "data"),
        State(Map.TABLE_KEY, "data"),
    )
    def _table(*args: Any) -> tuple[Any, ...]:
        *values, state, shown_key = args
        p = params_from_controls(state, tuple(values))
        if p.key == shown_key:  # the first render already holds these rows
            raise PreventUpdate
        rows, columns = table_view(current_db(), current_settings(), p, _lang())
        # the headers depend on the measure and the rate only: re-creating the grid's
        # columns on every change would delay the map's repaint
        same_columns = (shown_key or "").split("|")[1:5:3] == p.key.split("|")[1:5:3]
        return rows, no_update if same_columns else columns, p.key

    # Order of drawing after a change: the map first (APPLY_JS), then the grid's rows (one
    # frame later, GRID_JS), then the ranked bars and the summary (chained on the grid).
    app.clientside_callback(
        GRID_JS,
        Output(Map.TABLE, "rowData"),
        Output(Map.GRID_DONE, "data"),
        Input(Map.TABLE_KEY, "data"),
        State(Map.TABLE_ROWS, "data"),
        prevent_initial_call=True,
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
        p = params_from_controls(state, tuple(values))
        if not key or p.key != key:
            raise PreventUpdate
        bars, summary = bars_view(current_db(), current_settings(), p, _lang())
        return bars, [html.P(line, className="mb-1") for line in summary]

    app.clientside_callback(
        APPLY_JS,
        Output(Map.GRAPH, "figure"),
        Input(Map.VALUES, "data"),
        Input(Map.TABLE_KEY, "data"),
        State(Map.TABLE_ROWS, "data"),
        State(Map.LOCATIONS, "data"),
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
        p = params_from_controls(state, tuple(values), county)
        d = county_detail(current_db(), current_settings(), p, county, lang)
        if d is None:
            return no_update, no_update, no_update
        return (
            True,
            f"{d['name']}（{d['adcode']}）" if lang == "zh" else f"{d['name']} ({d['adcode']})",
            _detail_body(d, lang, p.area),
        )

    @app.callback(
        Output(Map.DOWNLOAD, "data"),
        Input(Map.CSV_BUTTON, "n_clicks"),
        *states,
        State(Map.STATE, "data"),
        prevent_initial_call=True,
    )
    def _csv(n_clicks: int | None, *args: Any) -> Any:
        *values, state = args
        if not n_clicks:
            return no_update
        p = params_from_controls(state, tuple(values))
        name, text = csv_export(current_db(), current_settings(), p, _lang())
        return dcc.send_string("\ufeff" + text, name, type="text/csv")  # BOM: Excel reads UTF-8


def _detail_body(d: dict[str, Any], lang: str, area: str) -> list[Any]:
    colon = "：" if lang == "zh" else ": "
    facts = [
        (d["selection"] + colon + d["period"], d["value"]),
        (tr("map.hover.rank", lang), d["rank"]),
        (tr("map.col.quality", lang), d["quality_flags"] or tr("map.quality.ok", lang)),
    ]
    year_rows = [html.Tr([html.Td(y["year"]), html.Td(y["rate"]), html.Td(y["cases"]), html.Td(y["note"], className="text-muted")])
                 for y in d["years"]]  # fmt: skip
    profile = (
        dcc.Link(tr("map.detail.profile", lang), href=f"/county?{urlencode({'area': area, 'county': d['adcode']})}",
                 id=Map.PROFILE_LINK, className="small d-block mb-2")
        if area != "china"
        else None
    )  # fmt: skip
    return [
        profile,
        html.Dl([x for k, v in facts for x in (html.Dt(k, className="small text-muted"), html.Dd(v))]),
        dcc.Graph(
            figure=d["figure"],
            config=graph_config(lang, filename=f"county-{d['adcode']}"),
            style={"height": "260px"},
        ),  # fmt: skip
        html.P(d["trend"], className="small"),
        dbc.Table(
            [
                html.Thead(
                    html.Tr(
                        [
                            html.Th(tr("common.year", lang)),
                            html.Th(d["rate_label"]),
                            html.Th(d["count_label"]),
                            html.Th(tr("map.col.note", lang)),
                        ]
                    )
                ),
                html.Tbody(year_rows),
            ],
            size="sm",
            className="small",
        ),  # fmt: skip
        html.H6(tr("map.detail.quality", lang, period=d["period"]), className="mt-3"),
        dbc.Table(
            [
                html.Tbody(
                    [
                        html.Tr([html.Td(a), html.Td(b), html.Td(c, className="text-muted")])
                        for a, b, c in d["quality"]
                    ]
                )
            ],
            size="sm",
            className="small",
        ),  # fmt: skip
        html.P(tr("map.detail.more", lang), className="small text-muted"),
    ]
