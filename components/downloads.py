"""Table downloads: the CSV and XLSX buttons of a table and what a click sends.

Every page's table offers both files from one :class:`dashboard.export.tables.TableExport`
made by its view; :func:`send_table` writes the one asked for.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import ctx, dcc, html

from dashboard.export.tables import TableExport, export_bytes
from dashboard.i18n import t


def download_buttons(csv_id: str, xlsx_id: str, lang: str, *, csv_label: str | None = None) -> html.Span:
    """A CSV button and an XLSX button side by side."""
    return html.Span(
        [
            dbc.Button(
                csv_label or t("common.download_csv", lang),
                id=csv_id,
                color="secondary",
                outline=True,
                size="sm",
                className="me-1",
            ),
            dbc.Button(
                t("export.download_xlsx", lang), id=xlsx_id, color="secondary", outline=True, size="sm"
            ),
        ],  # fmt: skip
        className="download-buttons d-print-none",
    )


def asked_kind(xlsx_id: str) -> str:
    """ "xlsx" when the callback was triggered by the XLSX button, else "csv"."""
    return "xlsx" if ctx.triggered_id == xlsx_id else "csv"


def send_table(table: TableExport, kind: str) -> dict[str, Any]:
    """The dcc.Download data of ``table`` written as ``kind`` ("csv" or "xlsx")."""
    content, name, mime = export_bytes(table, kind)
    return dcc.send_bytes(content, name, type=mime)
