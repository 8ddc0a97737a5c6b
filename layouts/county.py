"""County profile (/county): a county's standing against its peers.

URL state: ``/county?area=500000&county=500101`` (county defaults to the area's first).
For county health bureaus, like State Cancer Profiles' quick profiles and Fingertips'
spine charts:

1. a county picker (changing it loads the chosen county's profile: ``callbacks/county.py``);
2. the header: name, regional group, population, registry-quality flags;
3. a spine chart of every county-level plan indicator against the range of all counties,
   the area's value and the target, with the numbers in a table beside it and ranks;
4. incidence and mortality ASR (all sites, five leading sites, latest five years pooled),
   county vs area with 95% intervals;
5. "similar counties" (nearest neighbours on standardised features) linking to their
   profiles; 6. a CSV of the profile (small counts masked).

Everything shown comes ready-made from :func:`dashboard.views.county.county_page`; this
module only turns it into components. A section whose data are not loaded yet shows a
"no data yet" notice naming the tables.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import download_buttons, findings_list, no_data_notice, status_chip
from components.ids import County as C
from dashboard.access.scope import AccessDenied
from dashboard.figures.common import graph_config
from dashboard.i18n import t
from dashboard.i18n.common import dropdown_labels
from dashboard.infra.runtime import current_db, current_settings
from dashboard.views import county as V
from layouts._common import checked_area, page_language, unknown_area

dash.register_page(__name__, path="/county", name="county", title="区县概况")


def _card(title: str, hint: str, body: list[object]) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H5(title, className="card-title"),
                                  html.P(hint, className="small text-muted mb-2"), *body]), className="mb-3")  # fmt: skip


def _table(heads: list[str], body: list[html.Tr], table_id: str, **kwargs: object) -> dbc.Table:
    return dbc.Table([html.Thead(html.Tr([html.Th(h) for h in heads])), html.Tbody(body)], id=table_id,
                     size="sm", hover=True, responsive=True, className="small", **kwargs)  # fmt: skip


def _header(page: V.CountyPage) -> dbc.Card:
    cols = [dbc.Col([html.Div(k, className="small text-muted"), html.Div(v, className="fw-semibold")], md=3)
            for k, v in page.header]  # fmt: skip
    return dbc.Card(dbc.CardBody(dbc.Row(cols)), id=C.HEADER, className="mb-3")


def _spine(spine: V.SpineView, page: V.CountyPage) -> object:
    if spine.message:
        return dbc.Alert(spine.message, color="info")
    if spine.missing:
        return _card(spine.title, spine.hint, [no_data_notice(page.lang, list(spine.missing))])
    body = [html.Tr([
        html.Td(d["name"]), html.Td(d["year"]), html.Td(d["value"], className="text-nowrap"),
        html.Td(d["area"]), html.Td(d["target"]),
        html.Td([status_chip(d["status"], d["status_text"], kind="status"),
                 html.Div(d["now"], className="small target-now"),
                 html.Div(d["by_deadline"], className="small target-by")]),
        html.Td(status_chip(d["comparison"], d["comparison_text"], kind="comparison")),
        html.Td(d["rank"], className="text-nowrap"),
    ], className="spine-row", **{"data-indicator": d["indicator"]}) for d in spine.rows]  # fmt: skip
    config = graph_config(page.lang, filename=f"spine-{page.selection.county}")
    return _card(spine.title, spine.hint, [dbc.Row([
        dbc.Col(dcc.Graph(id=C.SPINE, figure=spine.figure, config=config), lg=12),
        dbc.Col([_table(spine.heads, body, C.SPINE_TABLE, bordered=False),
                 html.P(spine.rank_note, className="small text-muted mb-0")], lg=12),
    ])])  # fmt: skip


def _rates(rates: V.RatesView, lang: str) -> dbc.Card:
    if rates.missing:
        return _card(rates.title, rates.hint, [no_data_notice(lang, list(rates.missing))])
    if not rates.rows:
        return _card(rates.title, rates.hint, [dbc.Alert(rates.message, color="info")])
    body = [html.Tr([
        html.Td(d["site_text"]), html.Td(d["measure_text"]),
        html.Td([d["rate"], html.Div(d["reason"], className="small text-muted") if d["reason"] else None],
                className="text-nowrap"),
        html.Td(d["area"], className="text-nowrap"), html.Td(d["cases"]),
        html.Td(status_chip(d["comparison"], d["comparison_text"], kind="comparison")),
    ], className="rate-row", **{"data-site": d["site"], "data-measure": d["measure"]}) for d in rates.rows]  # fmt: skip
    return _card(rates.title, rates.hint, [_table(rates.heads, body, C.RATES_TABLE)])


def _peers(peers: V.PeersView, lang: str) -> dbc.Card:
    if peers.missing:
        return _card(peers.title, peers.hint, [no_data_notice(lang, list(peers.missing))])
    body = []
    for r in peers.rows:
        name = [html.Strong(r.name), " ", peers.this_county] if r.own else \
            dcc.Link(r.name, href=r.href, className="peer-link")  # fmt: skip
        body.append(html.Tr([html.Td(name), *[html.Td(c) for c in r.cells]],
                            className="table-active own-row" if r.own else "peer-row", **{"data-county": r.area}))  # fmt: skip
    return _card(peers.title, peers.hint, [_table(peers.heads, body, C.PEERS_TABLE)])


def layout(area: str | None = None, county: str | None = None, **_kwargs: object) -> html.Div:
    lang = page_language()
    code = checked_area(area, county_level=True)
    if code is None:
        return html.Div(unknown_area(area, lang))
    db, settings = current_db(), current_settings()
    try:
        sel = V.parse_selection(db, code, county)
    except AccessDenied:  # a county of the area that this account may not see
        return html.Div(unknown_area(code, lang))
    if sel is None:
        return html.Div(dbc.Alert(t("county.no_counties", lang), color="info", className="mt-3"))
    page = V.county_page(db, sel, lang=lang, suppress_below=settings.suppress_rate_below,
                         small_cell_limit=settings.small_cell_limit)  # fmt: skip
    picker = dbc.Row([
        dbc.Col([dbc.Label(page.picker_label, html_for=C.PICKER, className="small mb-0"),
                 dcc.Dropdown(id=C.PICKER, options=page.picker_options, value=sel.county, clearable=False,
                              labels=dropdown_labels(lang))], md=4),
        dbc.Col([download_buttons(C.CSV_BUTTON, C.XLSX_BUTTON, page.lang, csv_label=page.download_label),
                 html.A(t("export.county_deck", lang), id=C.DECK, className="btn btn-outline-secondary btn-sm ms-1",
                        href="/export/county.pptx?" + urlencode({"area": code, "county": sel.county, "lang": lang}),
                        **{"data-export": "pptx", "data-busy": t("export.county_deck_busy", lang)})],
                className="d-flex align-items-end justify-content-end"),
    ], className="mb-3")  # fmt: skip
    return html.Div([
        html.H4([page.title, html.Small(f" {page.other_name}", className="text-muted ms-2")], className="mt-2"),
        html.P(page.subtitle, className="text-muted mb-2"),
        dbc.Alert(page.warning, color="warning", className="py-2") if page.warning else None,
        dcc.Store(id=C.AREA, data=code),
        dcc.Store(id=C.COUNTY, data=sel.county),
        dcc.Store(id=C.NAVIGATE),
        picker,
        _header(page),
        findings_list(page.findings, title=page.findings_text["title"], hint=page.findings_text["hint"],
                      none=page.findings_text["none"])
        if page.findings_text else None,
        _spine(page.spine, page),
        _rates(page.rates, lang),
        _peers(page.peers, lang),
        html.P(page.masked_note, className="small text-muted"),
        dcc.Download(id=C.DOWNLOAD),
    ], className="county-page")  # fmt: skip
