"""Incidence and mortality map (/map): county choropleth, table, ranked bars, county detail.

Thin: the URL's parameters go to :func:`dashboard.views.map.first_render` (parsed once
there), and what it returns — words included — is put into components. This is the only
time the geometry is sent for the area: later choices update the values through
``callbacks/map.py`` (a ``Patch``), and the address is kept in step with
``history.replaceState`` so the page is never re-rendered by its own URL changes. An area
without registry data gets a notice naming the tables to load.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import KEYBOARD_GRID_OPTIONS, definition_box, download_buttons, no_data_notice
from components.ids import Map
from dashboard.figures.common import graph_config
from dashboard.i18n.common import dropdown_labels
from dashboard.infra.db import Database
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views import map as view
from layouts._common import checked_area, page_language, unknown_area

dash.register_page(__name__, path="/map", name="map", title="癌症发病死亡地图")

log = logging.getLogger(__name__)

#: Each control: its id, the component that shows it, its column width.
CONTROLS: tuple[tuple[str, str, str, int], ...] = (
    ("measure", Map.MEASURE, "radio", 2),
    ("sex", Map.SEX, "radio", 3),
    ("site", Map.SITE, "dropdown", 3),
    ("rate", Map.RATE, "dropdown", 4),
    ("year", Map.YEAR, "dropdown", 3),
    ("classify", Map.METHOD, "dropdown", 3),
    ("classes", Map.CLASSES, "dropdown", 2),
)


def layout(area: str | None = None, **params: object) -> html.Div:
    lang = page_language()
    code = checked_area(area, allow_china=True)
    if code is None:
        return html.Div(unknown_area(area, lang))
    db = current_db()
    page = view.first_render(db, current_settings(), code, dict(params), lang)
    if page is None:
        return html.Div(no_data_notice(lang, list(view.NO_DATA_TABLES)))
    prefetch_area(db, code)  # every other selection of this area then comes from memory

    controls = dbc.Row(
        [_control(page.controls[name], cid, kind, width, lang) for name, cid, kind, width in CONTROLS],
        className="g-2 align-items-end",
    )
    grid = dag.AgGrid(
        id=Map.TABLE,
        rowData=[],  # the rows follow once the map is drawn (callbacks/map.py, GRID_JS)
        columnDefs=page.columns,
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "filter": False,
            "minWidth": 90,
            "flex": 1,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        getRowId="params.data.area",
        dashGridOptions={
            "animateRows": False,
            "rowHeight": 30,
            **KEYBOARD_GRID_OPTIONS,  # one Tab stop; Enter on a county's row opens it
            "enableCellTextSelection": True,
            "ensureDomOrder": True,
        },  # fmt: skip
        columnSize="responsiveSizeToFit",
        style={"height": "440px", "width": "100%"},
    )
    map_card = dbc.Card(
        dbc.CardBody(
            [
                dcc.Graph(
                    id=Map.GRAPH,
                    figure=page.figure,
                    style={"height": "560px"},
                    config=graph_config(lang, filename=f"map-{code}"),
                ),  # fmt: skip
                html.P(page.hint, className="small text-muted mb-0"),
            ],
            className="p-2",
        )
    )
    summary_card = dbc.Card(
        dbc.CardBody(
            [
                html.Div(_lines(page.summary), id=Map.SUMMARY),
                definition_box(page.definition_title, page.definition_body),
            ],
            className="p-2 small",
        ),
        className="mb-2",
    )
    bars_card = dbc.Card(
        dbc.CardBody(
            dcc.Graph(id=Map.BARS, figure=page.bars, config=graph_config(lang, filename=f"bars-{code}")),
            className="p-1",
            style={"maxHeight": "470px", "overflowY": "auto"},
        )
    )
    table_card = dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [
                        html.H6(page.table_title, className="d-inline-block me-3 mb-0"),
                        download_buttons(
                            Map.CSV_BUTTON, Map.XLSX_BUTTON, lang, csv_label=page.download_label
                        ),
                    ],
                    className="mb-2",
                ),
                grid,
                html.P(page.table_note, className="small text-muted mt-1 mb-0") if page.table_note else None,
            ],
            className="p-2",
        ),
        className="mt-2",
    )
    return html.Div(
        [
            html.H4(page.heading, id=Map.HEADING, className="mt-2"),
            dcc.Store(id=Map.HEADINGS, data=view.page_headings(db, code, lang)),
            dbc.Card(dbc.CardBody(controls, className="py-2"), className="mb-2"),
            dbc.Row([dbc.Col(map_card, lg=7), dbc.Col([summary_card, bars_card], lg=5)], className="g-2"),
            table_card,
            dcc.Download(id=Map.DOWNLOAD),
            dcc.Store(id=Map.STATE, data=page.state),
            dcc.Store(id=Map.MAP_KEY, data=page.key),
            dcc.Store(id=Map.TABLE_KEY, data=page.key),
            dcc.Store(id=Map.TABLE_ROWS, data=page.initial_rows),
            dcc.Store(id=Map.TABLE_COLUMNS),
            dcc.Store(id=Map.TABLE_WANTED),
            dcc.Store(id=Map.GRID_DONE),
            dcc.Store(id=Map.COUNTY, data=page.params.county),
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


def _control(c: view.Control, cid: str, kind: str, width: int, lang: str) -> dbc.Col:
    if kind == "radio":
        extra = {"className": "btn-group-sm"} if cid == Map.MEASURE else {}
        widget: Any = dbc.RadioItems(id=cid, value=c.value, options=c.options, inline=True, **extra)
    else:
        widget = dcc.Dropdown(
            id=cid,
            value=c.value,
            options=c.options,
            clearable=False,
            searchable=False,
            labels=dropdown_labels(lang),
        )
    return dbc.Col(
        [dbc.Label(c.label, className="small text-muted mb-0"), widget], md=width, className="mb-2"
    )


def _lines(lines: list[str]) -> list[html.P]:
    return [html.P(line, className="mb-1") for line in lines]


def prefetch_area(db: Database, area: str) -> bool:
    """Load every site's counts of ``area`` into the app cache, in a background thread.

    Called when the map page is opened: afterwards any selection (site, sex, year, period,
    measure, rate) is computed from memory, with no database round trip. A marker in the
    shared cache (not module state) makes it once per area while the cached data live,
    across gunicorn workers; returns whether a thread was started. Outside a Flask app it
    does nothing.
    """
    from flask import current_app, has_app_context

    from dashboard.infra.cache import cache

    if not has_app_context():
        return False
    marker = f"map-prefetch:{db.url}:{area}"
    if not cache.add(marker, True):  # atomic: False when another request already started it
        return False
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    limit = current_settings().small_cell_limit

    def run() -> None:
        with app.app_context():
            try:
                view.warm_area(db, area, limit)
            except Exception:  # a failed prefetch only costs speed: requests load what they need
                log.exception("prefetch of %s failed", area)
                cache.delete(marker)

    threading.Thread(target=run, name=f"map-prefetch-{area}", daemon=True).start()
    return True
