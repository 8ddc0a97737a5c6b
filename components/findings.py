"""The "what the data says" list (``id="findings"``): one item per finding, its test and a
link to the chart that shows it. Receives ready-made words (:mod:`dashboard.i18n.findings`)."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n.findings import FindingLine

#: The list's id: tests and screen readers find the findings by it.
FINDINGS_ID = "findings"


def findings_list(lines: Sequence[FindingLine], *, title: str, hint: str, none: str) -> html.Section:
    """A titled section with an ordered list of findings (``none`` when there are none)."""
    items = [
        html.Li(
            [
                html.Span(f.text, className="finding-text"),
                " ",
                dcc.Link(f"→ {f.link}", href=f.href, className="finding-link small"),
                html.Div(f.test, className="small text-muted finding-test"),
            ],
            className="mb-1",
            **{"data-rule": f.rule},
        )
        for f in lines
    ]  # fmt: skip
    heading_id = f"{FINDINGS_ID}-title"
    body = html.Ol(items, id=FINDINGS_ID, className="mb-0 ps-3 small", **{"aria-labelledby": heading_id}) if items \
        else html.P(none, id=FINDINGS_ID, className="small text-muted mb-0")  # fmt: skip
    return html.Section(
        dbc.Card(dbc.CardBody([html.H5(title, id=heading_id, className="mb-1"),
                               html.P(hint, className="small text-muted mb-2"), body])),
        className="mb-3 findings",
    )  # fmt: skip
