"""Screening page callbacks: controls → :class:`dashboard.views.screening.Selection` → view → components.

The URL keeps the state: a clientside callback writes the controls into the query string
with ``history.replaceState`` (the Pages router re-renders a page whenever
``_pages_location.search`` changes, so the URL is written without touching it).
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from components.downloads import asked_kind, send_table
from components.ids import Screening as S
from dashboard.i18n import current_language
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views import screening as V


def _parse(**controls: Any) -> V.Selection:
    """The selection from the controls, or no update at all for a malformed request."""
    sel = V.selection_from_controls(**controls)
    if sel is None:
        raise PreventUpdate
    return sel


def _load(sel: V.Selection) -> V.ScreeningData:
    settings = current_settings()
    return V.load(current_db(), sel.area, lang=current_language(settings.default_language),
                  small_cell_limit=settings.small_cell_limit, suppress_below=settings.suppress_rate_below)  # fmt: skip


def _cards(cards: list[V.Card]) -> list[Any]:
    cols = [
        html.Div(
            html.Div([html.Div(c.title, className="small text-muted"), html.Div(c.value, className="fs-4 fw-bold"),
                      *[html.Div(x, className="small") for x in c.lines]],
                     className="border rounded bg-white p-2 h-100"),
            className="col-lg-3 col-md-6 mb-2",
        )
        for c in cards
    ]  # fmt: skip
    return [html.Div(cols, className="row g-2")]


def _two_cancer(two: V.TwoCancer) -> html.P:
    return html.P(
        [html.Strong(two.label), two.value, html.Span(" · " + two.target),
         html.Span(f" · {two.status}" if two.status else "")],
        className="small mb-1",
    )  # fmt: skip


def register(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="urlsync", function_name="screening"),
        Output(S.URL_SYNC, "data"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.COUNTIES, "value"),
        Input(S.AREA, "data"),
    )

    @app.callback(
        Output(S.COUNTY, "value"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        State(S.COUNTY, "value"),
        State(S.AREA, "data"),
        prevent_initial_call=True,
    )
    def _running_county(programme: str, year: str | None, county: str | None, code: str) -> Any:
        """A county that does not run the programme that year gives way to one that does."""
        sel = _parse(area=code, programme=programme, year=year, county=county)
        best = V.county_for_programme(_load(sel), sel)
        return no_update if best is None or best == county else best

    @app.callback(
        Output(S.COVERAGE_TREND, "figure"),
        Output(S.COVERAGE_MULTIPLES, "figure"),
        Input(S.PROGRAMME, "value"),
        Input(S.COUNTY, "value"),
        Input(S.COUNTIES, "value"),
        Input(S.AREA, "data"),
    )
    def _coverage(programme: str, county: str | None, chosen: list[str] | None, code: str) -> tuple[Any, Any]:
        sel = _parse(area=code, programme=programme, county=county, counties=chosen)
        return V.coverage_figures(_load(sel), sel)

    @app.callback(
        Output(S.CASCADE, "figure"),
        Output(S.SUMMARY, "children"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.AREA, "data"),
    )
    def _cascade(programme: str, year: str | None, county: str | None, code: str) -> tuple[Any, Any]:
        sel = _parse(area=code, programme=programme, year=year, county=county)
        data = _load(sel)
        return V.cascade_figure(data, sel), _cards(V.summary_cards(data, sel))

    @app.callback(
        Output(S.EARLY_COUNTY, "figure"),
        Output(S.FUNNEL, "figure"),
        Output(S.EARLY_PROGRAMME, "figure"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.AREA, "data"),
    )
    def _early(programme: str, year: str | None, county: str | None, code: str) -> tuple[Any, Any, Any]:
        sel = _parse(area=code, programme=programme, year=year, county=county)
        return V.early_figures(_load(sel), sel)

    @app.callback(
        Output(S.MATRIX, "figure"),
        Output(S.MAP, "figure"),
        Output(S.TWO_CANCER, "children"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.AREA, "data"),
    )
    def _programmes(programme: str, year: str | None, county: str | None, code: str) -> tuple[Any, Any, Any]:
        sel = _parse(area=code, programme=programme, year=year, county=county)
        data = _load(sel)
        if ctx.triggered_id is None or data.counties.empty:  # first drawing (page load): with the boundaries
            fig_map: Any = V.programme_map(data, sel)
        else:  # later: a small patch (the boundaries stay in the browser)
            v = V.programme_map_patch(data, sel)
            fig_map = Patch()
            fig_map["data"][0]["z"] = v["z"]
            fig_map["data"][0]["text"] = v["text"]
            fig_map["data"][0]["marker"]["line"]["color"] = v["line_color"]
            fig_map["data"][0]["marker"]["line"]["width"] = v["line_width"]
            fig_map["layout"]["title"]["text"] = v["title"]
            fig_map["layout"]["title"]["subtitle"]["text"] = v["subtitle"]
        return V.programme_matrix(data, sel), fig_map, _two_cancer(V.two_cancer(data, sel))

    @app.callback(
        Output(S.TABLE, "columnDefs"),
        Output(S.TABLE, "rowData"),
        Input(S.TABLE_CHOICE, "value"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.AREA, "data"),
    )
    def _table(kind: str, programme: str, year: str | None, county: str | None, code: str) -> tuple[Any, Any]:
        sel = _parse(area=code, programme=programme, year=year, county=county, table=kind)
        return V.table_view(_load(sel), sel)

    @app.callback(
        Output(S.DOWNLOAD, "data"),
        Input(S.DOWNLOAD_BUTTON, "n_clicks"),
        Input(S.XLSX_BUTTON, "n_clicks"),
        State(S.TABLE_CHOICE, "value"),
        State(S.PROGRAMME, "value"),
        State(S.YEAR, "value"),
        State(S.COUNTY, "value"),
        State(S.AREA, "data"),
        prevent_initial_call=True,
    )
    def _download(n: int | None, n_xlsx: int | None, kind: str, programme: str, year: str | None,
                  county: str | None, code: str) -> Any:  # fmt: skip
        sel = V.selection_from_controls(area=code, programme=programme, year=year, county=county, table=kind)
        if not (n or n_xlsx) or sel is None:
            return no_update
        return send_table(V.table_export(_load(sel), sel), asked_kind(S.XLSX_BUTTON))
