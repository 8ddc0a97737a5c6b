"""Overview (/): "are we going to make it?" — one card per quantified target of the plan.

``/?area=500000`` (Chongqing 2020–2022) or ``/?area=360400`` (Jiujiang 2025–2027).
Each card: the indicator, the area's latest value and year, the target and deadline,
the plan clause, a status chip, the projection (or, after the deadline, what happened
at it and since), a sparkline with the target, counties meeting it, and a link to
``/targets``. Above: a one-line summary; below: the plan's non-quantified targets, the
method, and a county map coloured by the number of county-level targets met.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import definition_box, status_chip
from dashboard.figures.common import STATUS_COLOURS, graph_config
from dashboard.figures.county_map import make_category_map
from dashboard.figures.targets import make_sparkline, met_count_colours
from dashboard.geo import boundaries_geojson
from dashboard.i18n import pick, t
from dashboard.ids import Home
from dashboard.indicators import INDICATORS
from dashboard.queries.areas import counties, data_kind, plan_targets
from dashboard.queries.indicators import county_scorecard, indicator_series, plan_assessment, plan_for_area
from dashboard.runtime import current_db
from dashboard.status import (
    TargetSpec,
    counties_sentence,
    describe,
    fmt_value,
    meets_target,
    status_key,
    status_label,
    target_label,
)
from layouts._common import area_name, checked_area, page_language, unknown_area

dash.register_page(__name__, path="/", name="home", title="癌症防治规划监测")


def bracket(clause: str, lang: str) -> str:
    """The plan clause in brackets ("（十二）"), added when the plan file has none ("一")."""
    c = str(clause).strip()
    if c.startswith(("（", "(")):
        return c
    return f"（{c}）" if lang == "zh" else f"({c})"


def clause_text(clause: str, name: str, target: str, deadline: int, lang: str) -> str:
    """ "（十二）重点癌种早诊率 ≥ 55%，2022年"."""
    return t(
        "overview.clause", lang, clause=bracket(clause, lang), name=name, target=target, deadline=deadline
    )


def target_card(row: pd.Series, area_series: pd.DataFrame, code: str, lang: str) -> dbc.Col:
    """One card for one quantified target (a row of ``plan_assessment``)."""
    ind = INDICATORS[row["indicator"]]
    spec = TargetSpec.from_row(row)
    st = row["assessment"]
    unit = ind.unit
    target_txt = target_label(spec, st.target_value, unit, lang)
    label = status_label(st, lang)
    latest = [html.Span(fmt_value(st.latest_value, unit), className="fs-3 fw-bold me-2")]
    if st.latest_year is not None:
        latest.append(html.Span(t("overview.latest", lang, year=st.latest_year), className="text-muted"))
    href = f"/targets?{urlencode({'area': code, 'indicator': row['indicator']})}"
    spark = make_sparkline(df=area_series, target=st.target_value, status=st.status, unit=unit, lang=lang,
                           deadline=spec.deadline)  # fmt: skip
    spark_config = {
        **graph_config(lang, filename=f"target-{code}-{row['target_id']}"),
        "displayModeBar": False,
    }
    body = [
        html.Div(
            [
                html.H5(ind.name(lang), className="card-title mb-1 me-2"),
                status_chip(status_key(st), label),
            ],  # fmt: skip
            className="d-flex justify-content-between align-items-start",
        ),
        html.Div(
            clause_text(row["clause"], ind.name(lang), target_txt, spec.deadline, lang),
            title=pick(row["text_zh"], row["text_en"], lang),
            className="small text-muted mb-2 target-clause",
        ),  # fmt: skip
        html.Div(latest, className="mb-1"),
        html.P(" ".join(describe(st, spec, unit, lang)), className="small mb-1 mt-1 target-projection"),
        dcc.Graph(figure=spark, config=spark_config, style={"height": "80px"}, className="target-spark"),
        html.Div(counties_sentence(row, lang), className="small mt-1 target-counties"),
        dcc.Link(t("overview.details", lang), href=href, className="small target-link"),
    ]
    return dbc.Col(
        dbc.Card(dbc.CardBody(body), className="h-100 target-card", id=f"{Home.CARD_PREFIX}{row['target_id']}",
                 style={"borderTop": f"4px solid {STATUS_COLOURS.get(st.status, STATUS_COLOURS['no_data'])}"}),
        xs=12, md=6, xl=4, className="mb-3",
    )  # fmt: skip


def summary_line(assessed: pd.DataFrame, lang: str) -> str:
    """ "7 项量化指标：2 项达标，5 项未达标（期限已过）"."""
    keys = [status_key(s) for s in assessed["assessment"]]
    order = ["met", "on_track", "at_risk", "off_track", "missed", "no_data"]
    parts = [t(f"status.count.{k}", lang, k=keys.count(k)) for k in order if keys.count(k)]
    sep = "，" if lang == "zh" else ", "
    return t("overview.summary", lang, n=len(assessed), parts=sep.join(parts))


def _county_map(db: object, code: str, plan_id: str, as_of: int, lang: str) -> html.Div:
    """Counties coloured by the number of county-level targets they meet (one choropleth trace)."""
    df = counties(db, code).copy()
    sc = county_scorecard(db, code, plan_id, as_of)
    n_targets = int(sc["target_id"].nunique()) if not sc.empty else 0
    if n_targets:
        tg = plan_targets(db, plan_id)
        comparison = dict(zip(tg["target_id"], tg["comparison"], strict=True))
        ok = [meets_target(s, comparison[tid]) for s, tid in zip(sc["status"], sc["target_id"], strict=True)]
        met = sc.assign(ok=ok).groupby("area")["ok"].sum()
        df["met"] = df["adcode"].map(met).fillna(0).astype(int)
        years = sorted(sc["judged_year"].dropna().unique())
        basis = t("overview.map_basis_year", lang, year=int(years[0])) if len(years) == 1 \
            else t("overview.map_basis_latest", lang)  # fmt: skip
        title = t("overview.map_title", lang, basis=basis, n=n_targets)
    else:
        df["met"] = 0
        title = t("overview.map_none", lang)
    cats = [t("overview.map_legend", lang, k=k, n=n_targets) for k in range(n_targets + 1)]
    colours = dict(zip(cats, met_count_colours(n_targets), strict=True))
    df["cat"] = [cats[k] for k in df["met"]]
    name_col = "name_en" if lang == "en" else "name_zh"
    groups = [pick(z, e, lang) for z, e in zip(df["region_group"], df["region_group_en"], strict=True)]
    df["hover"] = [
        f"<b>{n}</b> ({c})<br>{g}<br>{t('overview.map_hover', lang, k=k, n=n_targets)}"
        for n, c, g, k in zip(df[name_col], df["adcode"], groups, df["met"], strict=True)
    ]
    fig = make_category_map(geojson=boundaries_geojson(code), df=df, location_col="adcode", category_col="cat",
                            hover_col="hover", colours=colours)  # fmt: skip
    legend = html.Div(
        [
            html.Span(
                [html.Span(className="legend-chip", style={"background": colours[c]}), c], className="me-3"
            )
            for c in cats
        ],  # fmt: skip
        className="small",
    )
    return html.Div([
        html.H5(title, className="mt-2"),
        dbc.Card(dbc.CardBody([
            dcc.Graph(id=Home.MAP, figure=fig, config=graph_config(lang, filename=f"targets-met-{code}"),
                      style={"height": "520px"}),
            legend,
        ])),
    ])  # fmt: skip


def layout(area: str | None = None, **_kwargs: object) -> html.Div:
    lang = page_language()
    code = checked_area(area)
    if code is None:
        return html.Div(unknown_area(area, lang))
    db = current_db()
    plan = plan_for_area(db, code)
    name = area_name(code, lang)
    if plan is None:
        return html.Div(
            [html.H4(name, className="mt-2"), dbc.Alert(t("overview.no_plan", lang), color="info")]
        )
    plan_id = str(plan["plan_id"])
    plan_name = pick(str(plan["name_zh"]), str(plan["name_en"]), lang)
    as_of = date.today().year
    assessed = plan_assessment(db, code, plan_id, as_of)
    cards = []
    data_years: list[int] = []
    for _, row in assessed.iterrows():
        series = indicator_series(db, code, row["indicator"])
        area_series = series[series["area"] == code]
        if not area_series.empty:
            data_years.append(int(area_series["year"].max()))
        cards.append(target_card(row, area_series, code, lang))
    passed = sorted(
        {int(d) for d, p in zip(assessed["deadline"], assessed["deadline_passed"], strict=True) if p}
    )
    notes = [t("overview.as_of" if data_kind(db) == "demonstration" else "overview.as_of_real", lang,
               year=as_of, data_year=max(data_years) if data_years else "—")]  # fmt: skip
    if passed and bool(assessed["deadline_passed"].all()):
        notes.append(t("overview.deadline_passed", lang, deadline="、".join(map(str, passed))))
    all_targets = plan_targets(db, plan_id)
    others = all_targets[~all_targets["quantified"].astype(bool)]
    other_block = None
    if not others.empty:
        other_block = html.Div([
            html.H5(t("overview.other_targets", lang), className="mt-2"),
            html.Ul([html.Li([html.Span(bracket(r["clause"], lang) + " ", className="text-muted"),
                              pick(r["text_zh"], r["text_en"], lang)]) for _, r in others.iterrows()],
                    className="small"),
        ], id=Home.OTHER_TARGETS)  # fmt: skip
    return html.Div(
        [
            html.H4(t("overview.heading", lang, area=name, plan=plan_name), className="mt-2"),
            html.P(summary_line(assessed, lang), id=Home.SUMMARY, className="lead mb-1"),
            html.P(" ".join(notes), className="small text-muted mb-2"),
            html.Div(
                [
                    html.A(
                        t("export.button", lang),
                        id=Home.EXPORT_PPTX,
                        className="btn btn-outline-primary btn-sm me-2",
                        href=f"/export/briefing.pptx?{urlencode({'area': code, 'lang': lang})}",
                    ),
                    html.Span(t("export.button_hint", lang), className="small text-muted"),
                ],
                className="mb-3",
            ),  # fmt: skip
            dcc.Store(id=Home.AREA, data=code),
            dbc.Row(cards, id=Home.CARDS),
            other_block,
            definition_box(t("overview.method_title", lang), t("overview.method", lang)),
            _county_map(db, code, plan_id, as_of, lang),
        ]
    )
