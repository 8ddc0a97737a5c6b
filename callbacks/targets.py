"""Plan targets (/targets): scorecard, one indicator's charts, downloads, URL state.

Each callback parses its inputs into a :class:`dashboard.views.targets.Selection`, asks
the view (:mod:`dashboard.views.targets`) for what is shown and wraps it in components.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ClientsideFunction, Dash, Input, Output, State, html

from components import status_chip
from components.downloads import asked_kind, send_table
from components.ids import Targets as T
from dashboard.i18n import current_language
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views import targets as V


def _state(
    code: object, *, indicator: object = None, counties: object = None, group: object = None
) -> tuple[V.TargetsData, V.Selection]:
    """The page's data and selection for a callback; nothing to do for a malformed area."""
    if not V.valid_area_code(code):
        raise dash.exceptions.PreventUpdate
    settings = current_settings()
    data = V.load(current_db(), str(code), lang=current_language(settings.default_language), as_of=V.as_of_year(),
                  small_cell_limit=settings.small_cell_limit, suppress_below=settings.suppress_rate_below)  # fmt: skip
    if data.plan_id is None:
        raise dash.exceptions.PreventUpdate
    return data, V.parse_selection(data, indicator=indicator, counties=counties, group=group)


def status_children(line: V.StatusLine) -> list[Any]:
    """The status line: chip, indicator name, latest value and target; the sentences below."""
    return [html.Div([status_chip(line.key, line.label, class_name="me-2"), html.B(line.name, className="me-2"),
                      html.Span(line.head)]),
            html.Div(line.detail, className="small text-muted")]  # fmt: skip


def definition_children(definition: V.Definition) -> list[Any]:
    """The indicator's definition in the page's language and (muted, below) the other one."""
    rows = [html.Tr([html.Th(label, className="pe-2 align-top text-nowrap"),
                     html.Td([html.Div(text), html.Div(other, className="text-muted")])])
            for label, text, other in definition.rows]  # fmt: skip
    return [
        html.H6([definition.name, html.Br(), html.Span(definition.other_name, className="text-muted")]),
        html.Table(html.Tbody(rows), className="small"),
    ]


def register(app: Dash) -> None:
    @app.callback(
        Output(T.SCORECARD, "columnDefs"),
        Output(T.SCORECARD, "rowData"),
        Output(T.SCORECARD, "dashGridOptions"),
        Input(T.GROUP, "value"),
        State(T.AREA, "data"),
        State(T.SCORECARD, "dashGridOptions"),
    )
    def _scorecard(group: str | None, code: str | None, options: dict | None) -> tuple[Any, ...]:
        data, sel = _state(code, group=group)
        card = V.scorecard(data, sel)
        return card.columns, card.rows, {**(options or {}), "pinnedTopRowData": card.pinned}

    @app.callback(
        Output(T.RANKING, "figure"),
        Output(T.FUNNEL, "figure"),
        Output(T.STATUS, "children"),
        Output(T.DEFINITION, "children"),
        Output(T.COUNTY_TABLE, "columnDefs"),
        Output(T.COUNTY_TABLE, "rowData"),
        Input(T.INDICATOR, "value"),
        State(T.AREA, "data"),
    )
    def _indicator(indicator: str | None, code: str | None) -> tuple[Any, ...]:
        if not indicator:
            raise dash.exceptions.PreventUpdate
        data, sel = _state(code, indicator=indicator)
        panel = V.indicator_panel(data, sel)
        if panel is None:
            raise dash.exceptions.PreventUpdate
        return (panel.ranking, panel.funnel, status_children(panel.status), definition_children(panel.definition),
                panel.table_columns, panel.table_rows)  # fmt: skip

    @app.callback(
        Output(T.TREND, "figure"),
        Input(T.INDICATOR, "value"),
        Input(T.COUNTIES, "value"),
        State(T.AREA, "data"),
    )
    def _trend(indicator: str | None, chosen: list[str] | None, code: str | None) -> Any:
        if not indicator:
            raise dash.exceptions.PreventUpdate
        data, sel = _state(code, indicator=indicator, counties=chosen)
        return V.trend_figure(data, sel)

    @app.callback(
        Output(T.INDICATOR, "value"),
        Output(T.COUNTIES, "value"),
        Input(T.SCORECARD, "cellClicked"),
        State(T.COUNTIES, "value"),
        State(T.AREA, "data"),
        prevent_initial_call=True,
    )
    def _pick_from_scorecard(
        clicked: dict | None, chosen: list[str] | None, code: str | None
    ) -> tuple[Any, Any]:
        """Clicking a county's cell shows that indicator with that county in the trend."""
        data, sel = _state(code, counties=chosen)
        picked = V.pick_from_scorecard(data, sel, clicked)
        if picked is None:
            raise dash.exceptions.PreventUpdate
        return picked.indicator, list(picked.counties)

    @app.callback(
        Output(T.SCORECARD_DOWNLOAD, "data"),
        Input(T.SCORECARD_CSV, "n_clicks"),
        Input(T.SCORECARD_XLSX, "n_clicks"),
        State(T.GROUP, "value"),
        State(T.AREA, "data"),
        prevent_initial_call=True,
    )
    def _scorecard_csv(n: int | None, n_xlsx: int | None, group: str | None, code: str | None) -> Any:
        if not (n or n_xlsx):
            raise dash.exceptions.PreventUpdate
        data, sel = _state(code, group=group)
        return send_table(V.scorecard_export(data, sel), asked_kind(T.SCORECARD_XLSX))

    @app.callback(
        Output(T.COUNTY_DOWNLOAD, "data"),
        Input(T.COUNTY_CSV, "n_clicks"),
        Input(T.COUNTY_XLSX, "n_clicks"),
        State(T.INDICATOR, "value"),
        State(T.AREA, "data"),
        prevent_initial_call=True,
    )
    def _county_csv(n: int | None, n_xlsx: int | None, indicator: str | None, code: str | None) -> Any:
        if not (n or n_xlsx) or not indicator:
            raise dash.exceptions.PreventUpdate
        data, sel = _state(code, indicator=indicator)
        return send_table(V.county_export(data, sel), asked_kind(T.COUNTY_XLSX))

    app.clientside_callback(
        ClientsideFunction(namespace="urlsync", function_name="targets"),
        Output(T.URL_SYNC, "data"),
        Input(T.INDICATOR, "value"),
        Input(T.COUNTIES, "value"),
        Input(T.GROUP, "value"),
        State(T.AREA, "data"),
    )
