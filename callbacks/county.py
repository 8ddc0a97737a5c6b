"""Callbacks of the county profile (/county): the picker loads the chosen county's
profile (a full page render: the page is cheap to draw), and the CSV download
(:func:`dashboard.views.county.profile_export`, CSV or XLSX)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from components.downloads import asked_kind, send_table
from components.ids import County as C
from dashboard.i18n import current_language
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views import county as V

#: Go to the chosen county's profile (keeps the area); nothing when it is already shown.
_NAVIGATE_JS = """
function(county, shown, area) {
    if (!county || county === shown) { return window.dash_clientside.no_update; }
    const q = new URLSearchParams({area: area, county: county});
    window.location.assign('/county?' + q.toString());
    return county;
}
"""


def register(app: Dash) -> None:
    app.clientside_callback(
        _NAVIGATE_JS,
        Output(C.NAVIGATE, "data"),
        Input(C.PICKER, "value"),
        State(C.COUNTY, "data"),
        State(C.AREA, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(C.DOWNLOAD, "data"),
        Input(C.CSV_BUTTON, "n_clicks"),
        Input(C.XLSX_BUTTON, "n_clicks"),
        State(C.AREA, "data"),
        State(C.COUNTY, "data"),
        prevent_initial_call=True,
    )
    def _download(n_clicks: int | None, n_xlsx: int | None, area: str | None, county: str | None) -> object:
        db, settings = current_db(), current_settings()
        sel = V.parse_selection(db, area, county, strict=True) if (n_clicks or n_xlsx) and area else None
        if sel is None:
            return no_update
        table = V.profile_export(db, sel, lang=current_language(settings.default_language),
                                 suppress_below=settings.suppress_rate_below,
                                 small_cell_limit=settings.small_cell_limit)  # fmt: skip
        return send_table(table, asked_kind(C.XLSX_BUTTON))
