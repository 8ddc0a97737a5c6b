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

The logic lives in :mod:`dashboard.profile`.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import status_chip
from dashboard.figures.common import graph_config
from dashboard.figures.profile import make_spine_chart
from dashboard.figures.rate_map import period_label, quality_text
from dashboard.i18n import pick, t
from dashboard.ids import County as C
from dashboard.indicators import INDICATORS
from dashboard.profile import (
    cancer_rates,
    county_header,
    indicator_rows,
    peer_table,
    pooled_selection,
    rate_table_rows,
    spine_table_rows,
)
from dashboard.queries.areas import counties
from dashboard.queries.indicators import plan_for_area
from dashboard.queries.registry import registry_years
from dashboard.runtime import current_db, current_settings
from dashboard.status import fmt_value
from layouts._common import area_name, checked_area, page_language, unknown_area

dash.register_page(__name__, path="/county", name="county", title="区县概况")


def profile_href(area: str, county: str) -> str:
    return "/county?" + urlencode({"area": area, "county": county})


def _chip(key: str, text: str, kind: str) -> html.Span:
    """A coloured label: target status (status colours) or comparison with the area."""
    return status_chip(key, text, kind=kind)


def _header(h: dict, lang: str, urban: bool | None) -> dbc.Card:
    pop_year = h["population_year"]
    pop = f"{h['population']:,.0f}" if pd.notna(h["population"]) else "—"
    flags = quality_text(h["quality_flags"], lang) or t("county.quality.none", lang)
    period = period_label(h["year_from"], h["year_to"], lang) if h["year_from"] else "—"
    mi = "—" if pd.isna(h["mi_ratio"]) else f"{h['mi_ratio']:.2f}"
    q = t(
        "county.quality.values", lang, mv=fmt_value(h["mv_pct"], "%"), dco=fmt_value(h["dco_pct"], "%"), mi=mi
    )
    items = [
        (t("county.group", lang), pick(h["region_group"], h["region_group_en"], lang) or "—"),
        (
            t("county.urban", lang),
            "—" if urban is None else t(f"county.urban.{'yes' if urban else 'no'}", lang),
        ),
        (t("county.population", lang, year=pop_year if pd.notna(pop_year) else "—"), pop),
        (t("county.quality", lang, period=period), f"{q} · {'⚠ ' if h['quality_flags'] else ''}{flags}"),
    ]
    return dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col([html.Div(k, className="small text-muted"), html.Div(v, className="fw-semibold")], md=3)
        for k, v in items
    ])), id=C.HEADER, className="mb-3")  # fmt: skip


def _spine(rows: pd.DataFrame, code: str, county: str, lang: str) -> dbc.Card:
    labels = [INDICATORS[k].name(lang) for k in rows["indicator"]]
    table = spine_table_rows(rows, lang)
    hover = [f"<b>{lab}</b> ({d['year']})<br>{d['value']}<br>{t('county.col.area', lang)}: {d['area']}"
             f"<br>{d['comparison_text']}" for lab, d in zip(labels, table, strict=True)]  # fmt: skip
    legend = {
        k: t(f"county.legend.{k}", lang)
        for k in ("range", "iqr", "area", "target", "worse_end", "better_end")
    }
    legend.update({k: t(f"county.comparison.{k}", lang) for k in ("better", "similar", "worse", "no_data")})
    fig = make_spine_chart(df=rows, labels=labels, legend=legend, hover=hover,
                           empty_message=t("county.spine.empty", lang))  # fmt: skip
    head = ["indicator", "year", "value", "area", "target", "status", "comparison", "rank"]
    body = [html.Tr([
        html.Td(d["name"]), html.Td(d["year"]), html.Td(d["value"], className="text-nowrap"),
        html.Td(d["area"]), html.Td(d["target"]),
        html.Td(_chip(d["status"], d["status_text"], "status")),
        html.Td(_chip(d["comparison"], d["comparison_text"], "comparison")),
        html.Td(d["rank"], className="text-nowrap"),
    ], className="spine-row", **{"data-indicator": d["indicator"]}) for d in table]  # fmt: skip
    return dbc.Card(dbc.CardBody([
        html.H5(t("county.spine.title", lang), className="card-title"),
        html.P(t("county.spine.hint", lang), className="small text-muted mb-2"),
        dbc.Row([
            dbc.Col(dcc.Graph(id=C.SPINE, figure=fig, config=graph_config(lang, filename=f"spine-{county}")), lg=12),
            dbc.Col([dbc.Table([html.Thead(html.Tr([html.Th(t(f"county.col.{h}", lang)) for h in head])),
                                html.Tbody(body)], id=C.SPINE_TABLE, size="sm", bordered=False, hover=True,
                               responsive=True, className="small"),
                     html.P(t("county.rank_note", lang), className="small text-muted mb-0")], lg=12),
        ]),
    ]), className="mb-3")  # fmt: skip


def _rates(rates: pd.DataFrame, lang: str, limit: int, period: str) -> dbc.Card:
    rows = rate_table_rows(rates, lang, limit)
    head = ["site", "measure", "county_rate", "area_rate", "cases", "comparison"]
    body = [html.Tr([
        html.Td(d["site_text"]), html.Td(d["measure_text"]),
        html.Td([d["rate"], html.Div(d["reason"], className="small text-muted") if d["reason"] else None],
                className="text-nowrap"),
        html.Td(d["area"], className="text-nowrap"), html.Td(d["cases"]),
        html.Td(_chip(d["comparison"], d["comparison_text"], "comparison")),
    ], className="rate-row", **{"data-site": d["site"], "data-measure": d["measure"]}) for d in rows]  # fmt: skip
    content = (dbc.Table([html.Thead(html.Tr([html.Th(t(f"county.col.{h}", lang)) for h in head])),
                          html.Tbody(body)], id=C.RATES_TABLE, size="sm", hover=True, responsive=True,
                         className="small") if rows else dbc.Alert(t("county.rates.none", lang), color="info"))  # fmt: skip
    return dbc.Card(dbc.CardBody([
        html.H5(t("county.rates.title", lang), className="card-title"),
        html.P(t("county.rates.hint", lang, period=period), className="small text-muted mb-2"),
        content,
    ]), className="mb-3")  # fmt: skip


def _peers(peers: pd.DataFrame, code: str, lang: str, keys: list[str], period: str) -> dbc.Card:
    name_col = "name_en" if lang == "en" else "name_zh"
    head = [t("county.col.county", lang), t("county.col.distance", lang), t("county.population", lang, year=""),
            t("county.col.share_65", lang), t("county.col.incidence", lang)] + [INDICATORS[k].name(lang)
                                                                               for k in keys]  # fmt: skip
    head[2] = head[2].replace("（年）", "").replace(" ()", "")
    body = []
    for _, r in peers.iterrows():
        own = int(r["rank"]) == 0
        name = [html.Strong(r[name_col]), " ", t("county.this_county", lang)] if own else \
            dcc.Link(r[name_col], href=profile_href(code, r["area"]), className="peer-link")  # fmt: skip
        cells = [html.Td(name), html.Td("" if own else f"{r['distance']:.2f}"),
                 html.Td(f"{r['population']:,.0f}" if pd.notna(r["population"]) else "—"),
                 html.Td(fmt_value(r["share_65"], "%")),
                 html.Td("—" if pd.isna(r["incidence_asr"]) else f"{r['incidence_asr']:.1f}")]  # fmt: skip
        cells += [
            html.Td(fmt_value(None if pd.isna(r[k]) else float(r[k]), INDICATORS[k].unit)) for k in keys
        ]
        body.append(html.Tr(cells, className="table-active own-row" if own else "peer-row",
                            **{"data-county": r["area"]}))  # fmt: skip
    return dbc.Card(dbc.CardBody([
        html.H5(t("county.peers.title", lang), className="card-title"),
        html.P(t("county.peers.hint", lang, period=period), className="small text-muted mb-2"),
        dbc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(body)], id=C.PEERS_TABLE,
                  size="sm", hover=True, responsive=True, className="small"),
    ]), className="mb-3")  # fmt: skip


def layout(area: str | None = None, county: str | None = None, **_kwargs: object) -> html.Div:
    lang = page_language()
    code = checked_area(area)
    if code is None:
        return html.Div(unknown_area(area, lang))
    db = current_db()
    settings = current_settings()
    cdf = counties(db, code)
    if cdf.empty:
        return html.Div(dbc.Alert(t("county.no_counties", lang), color="info", className="mt-3"))
    name_col = "name_en" if lang == "en" else "name_zh"
    codes = cdf["adcode"].astype(str).tolist()
    chosen = county if county in codes else codes[0]
    alert = None
    if county and county not in codes:
        alert = dbc.Alert(t("county.unknown_county", lang, code=county,
                            name=cdf.set_index("adcode").at[chosen, name_col]), color="warning", className="py-2")  # fmt: skip
    threshold, limit = settings.suppress_rate_below, settings.small_cell_limit
    h = county_header(db, code, chosen, threshold)
    urban_val = cdf.set_index("adcode").at[chosen, "urban"]
    urban = None if pd.isna(urban_val) else bool(urban_val)
    years = registry_years(db, code)
    sel = pooled_selection(years)
    period = period_label(sel.year_from, sel.year_to, lang) if years else "—"
    plan = plan_for_area(db, code)
    rows = indicator_rows(db, code, chosen)
    spine = _spine(rows, code, chosen, lang) if plan is not None else \
        dbc.Alert(t("county.spine.no_plan", lang), color="info")  # fmt: skip
    keys = rows["indicator"].tolist()[:3]
    peers = peer_table(db, code, chosen, keys, 5, threshold)
    rates = cancer_rates(db, code, chosen, threshold)
    picker = dbc.Row([
        dbc.Col([dbc.Label(t("county.picker", lang), html_for=C.PICKER, className="small mb-0"),
                 dcc.Dropdown(id=C.PICKER, options=[{"label": n, "value": c} for c, n in
                                                    zip(cdf["adcode"], cdf[name_col], strict=True)],
                              value=chosen, clearable=False)], md=4),
        dbc.Col(dbc.Button(t("county.download", lang), id=C.CSV_BUTTON, color="secondary", outline=True, size="sm"),
                className="d-flex align-items-end justify-content-end"),
    ], className="mb-3")  # fmt: skip
    title = pick(h["name_zh"], h["name_en"], lang)
    other = h["name_en"] if lang == "zh" else h["name_zh"]
    return html.Div([
        html.H4([t("county.title", lang, county=title), html.Small(f" {other}", className="text-muted ms-2")],
                className="mt-2"),
        html.P(t("county.subtitle", lang, area=area_name(code, lang)), className="text-muted mb-2"),
        alert,
        dcc.Store(id=C.AREA, data=code),
        dcc.Store(id=C.COUNTY, data=chosen),
        dcc.Store(id=C.NAVIGATE),
        picker,
        _header(h, lang, urban),
        spine,
        _rates(rates, lang, limit, period),
        _peers(peers, code, lang, keys, period),
        html.P(t("county.masked_note", lang, limit=limit, limit1=limit + 1, threshold=threshold),
               className="small text-muted"),
        dcc.Download(id=C.DOWNLOAD),
    ], className="county-page")  # fmt: skip
