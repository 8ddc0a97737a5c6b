"""Overview (/): a click on a county of the map opens its profile (issue 14, item 10)."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from components.ids import Home


def register(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="flow", function_name="openCounty"),
        Output(Home.OPEN_COUNTY, "data"),
        Input(Home.MAP, "clickData"),
        State(Home.AREA, "data"),
        prevent_initial_call=True,
    )
