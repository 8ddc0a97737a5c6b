"""Definition boxes and "no data yet" notices."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import t


def definition_box(title: str, body: list[object] | str) -> html.Details:
    """A collapsible "definition" box next to a number or chart."""
    return html.Details([html.Summary(title), html.Div(body, className="definition")], className="mt-2")


def no_data_notice(lang: str, tables: list[str] | tuple[str, ...], **kwargs: object) -> dbc.Alert:
    """Say that an area has no data of a kind yet, and which tables to load (not an error)."""
    names = "、".join(tables) if lang == "zh" else ", ".join(tables)
    return dbc.Alert(
        [html.Strong(t("nodata.title", lang)), " ", t("nodata.body", lang, tables=names)],
        color="info",
        className="mt-3 no-data-notice",
        **kwargs,
    )
