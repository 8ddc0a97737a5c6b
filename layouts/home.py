"""Overview (/): "are we going to make it?" — one card per quantified target of the plan.

``/?area=500000`` (Chongqing 2020–2022) or ``/?area=360400`` (Jiujiang 2025–2027).
Each card: the indicator, the area's latest value and year, the target and deadline,
the plan clause, a status chip, the projection (or, after the deadline, what happened
at it and since), a sparkline with the target, counties meeting it, and a link to
``/targets``. Above: a one-line summary; below: the plan's non-quantified targets, the
method, and a county map coloured by the number of county-level targets met.

What is shown comes from :mod:`dashboard.views.overview`; this module only lays it out.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import definition_box, findings_list, no_data_notice, status_chip
from components.ids import Home
from dashboard.figures.common import graph_config
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views.overview import MetMap, Overview, TargetCard, met_map, overview
from dashboard.views.targets import as_of_year
from layouts._common import checked_area, page_language, unknown_area

dash.register_page(__name__, path="/", name="home", title="癌症防治规划监测")


def target_card(card: TargetCard, details: str, lang: str) -> dbc.Col:
    """One card for one quantified target (``details``: the link's words)."""
    latest = [html.Span(card.latest, className="fs-3 fw-bold me-2")]
    if card.latest_note is not None:
        latest.append(html.Span(card.latest_note, className="text-muted"))
    # the sparkline's toolbar holds only its PNG download (titled by assets/app/pngexport.js)
    spark_config = {**graph_config(lang, filename=card.spark_filename), "displayModeBar": "hover",
                    "modeBarButtons": [["toImage"]]}  # fmt: skip
    body = [
        html.Div(
            [html.H5(card.name, className="card-title mb-1 me-2"), status_chip(card.key, card.status)],
            className="d-flex justify-content-between align-items-start",
        ),  # fmt: skip
        html.Div(card.clause_line, title=card.clause_title, className="small text-muted mb-2 target-clause"),
        html.Div(latest, className="mb-1"),
        html.Ul(
            [html.Li(card.now, className="target-now"), html.Li(card.by_deadline, className="target-by")],
            className="small mb-1 mt-1 ps-3 target-verdict",
        ),
        html.P(" ".join(card.projection), className="small mb-1 text-muted target-projection"),
        dcc.Graph(figure=card.spark, config=spark_config, style={"height": "80px"}, className="target-spark"),
        html.Div(card.counties, className="small mt-1 target-counties"),
        dcc.Link(details, href=card.href, className="small target-link"),
    ]
    return dbc.Col(
        dbc.Card(dbc.CardBody(body), className="h-100 target-card", id=f"{Home.CARD_PREFIX}{card.target_id}",
                 style={"borderTop": f"4px solid {card.colour}"}),
        xs=12, md=6, xl=4, className="mb-3",
    )  # fmt: skip


def county_map(m: MetMap, lang: str) -> html.Div:
    """The counties coloured by the number of county-level targets met, with its legend."""
    legend = html.Div(
        [
            html.Span(
                [html.Span(className="legend-chip", style={"background": colour}), label], className="me-3"
            )
            for label, colour in m.legend
        ],  # fmt: skip
        className="small",
    )
    return html.Div([
        html.H5(m.title, className="mt-2"),
        dbc.Card(dbc.CardBody([
            dcc.Graph(id=Home.MAP, figure=m.figure, config=graph_config(lang, filename=m.filename),
                      style={"height": "520px"}),
            legend,
        ])),
    ])  # fmt: skip


def _other_targets(view: Overview) -> html.Div | None:
    if not view.others:
        return None
    return html.Div([
        html.H5(view.text["others"], className="mt-2"),
        html.Ul([html.Li([html.Span(clause, className="text-muted"), text]) for clause, text in view.others],
                className="small"),
    ], id=Home.OTHER_TARGETS)  # fmt: skip


def layout(area: str | None = None, **_kwargs: object) -> html.Div:
    lang = page_language()
    code = checked_area(area)
    if code is None:
        return html.Div(unknown_area(area, lang))
    db, as_of = current_db(), as_of_year()
    settings = current_settings()
    view = overview(db, code, lang=lang, as_of=as_of, suppress_below=settings.suppress_rate_below,
                    small_cell_limit=settings.small_cell_limit)  # fmt: skip
    if view.message is not None:
        return html.Div([html.H4(view.heading, className="mt-2"), dbc.Alert(view.message, color="info")])
    m = met_map(db, code, lang=lang, as_of=as_of)
    return html.Div(
        [
            html.H4(view.heading, className="mt-2"),
            html.P(view.summary, id=Home.SUMMARY, className="lead mb-1"),
            html.P(view.notes, className="small text-muted mb-2"),
            no_data_notice(lang, list(view.missing)) if view.missing else None,
            html.Div(
                [
                    html.A(
                        view.text["export"],
                        id=Home.EXPORT_PPTX,
                        className="btn btn-outline-primary btn-sm me-2",
                        href=view.export_href,
                        **{"data-export": "pptx", "data-busy": view.text["export_busy"]},
                    ),
                    html.Span(view.text["export_hint"], className="small text-muted"),
                ],
                className="mb-3",
            ),  # fmt: skip
            dcc.Store(id=Home.AREA, data=code),
            dcc.Store(id=Home.OPEN_COUNTY),
            findings_list(
                view.findings,
                title=view.text["findings_title"],
                hint=view.text["findings_hint"],
                none=view.text["findings_none"],
            ),
            dbc.Row([target_card(c, view.text["details"], lang) for c in view.cards], id=Home.CARDS),
            _other_targets(view),
            definition_box(view.text["method_title"], view.text["method"]),
            county_map(m, lang) if m is not None else None,
        ]
    )
