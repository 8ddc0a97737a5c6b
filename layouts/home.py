"""Home (/): the chosen plan area's counties on a map, drawn from the database."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.figures.common import QUALITATIVE, graph_config
from dashboard.figures.county_map import make_category_map
from dashboard.geo import boundaries_geojson
from dashboard.i18n import pick, t
from dashboard.ids import Home
from dashboard.queries.areas import counties, population_totals
from dashboard.runtime import current_db
from layouts._common import area_name, checked_area, page_language, unknown_area

dash.register_page(__name__, path="/", name="home", title="癌症防治规划监测")


def layout(area: str | None = None, **_kwargs: object) -> html.Div:
    lang = page_language()
    code = checked_area(area)
    if code is None:
        return html.Div(unknown_area(area, lang))
    db = current_db()
    df = counties(db, code).copy()
    pop = population_totals(db, code)
    df = df.merge(pop, left_on="adcode", right_on="area", how="left")
    year = int(pop["year"].iloc[0]) if not pop.empty else None
    if df["region_group"].notna().any():
        df["group"] = [pick(z, e, lang) for z, e in zip(df["region_group"], df["region_group_en"], strict=True)]
    else:
        df["group"] = [t("common.county", lang)] * len(df)
    groups = sorted(df["group"].dropna().unique())
    colours = {g: QUALITATIVE[i % len(QUALITATIVE)] for i, g in enumerate(groups)}
    name_col = "name_en" if lang == "en" else "name_zh"
    pop_label = t("home.population", lang, year=year)
    df["hover"] = [
        f"<b>{n}</b> ({c})<br>{g}<br>{pop_label}: {p / 10000:,.1f} {'万' if lang == 'zh' else '× 10,000'}"
        for n, c, g, p in zip(df[name_col], df["adcode"], df["group"], df["person_years"].fillna(0), strict=True)
    ]
    fig = make_category_map(
        geojson=boundaries_geojson(code), df=df, location_col="adcode", category_col="group",
        hover_col="hover", colours=colours,
    )  # fmt: skip
    legend = html.Div(
        [html.Span([html.Span(className="legend-chip", style={"background": colours[g]}), g],
                   className="me-3") for g in groups],  # fmt: skip
        className="small",
    )
    title = t("home.map_title", lang, area=area_name(code, lang), n=len(df))
    return html.Div(
        [
            html.H4(title, className="mt-2"),
            dbc.Card(
                dbc.CardBody(
                    [
                        dcc.Graph(id=Home.MAP, figure=fig, config=graph_config(lang, filename=f"counties-{code}"),
                                  style={"height": "520px"}),  # fmt: skip
                        legend,
                        html.P(t("home.map_hint", lang), className="small text-muted mt-2 mb-0"),
                    ]
                )
            ),
        ]
    )
