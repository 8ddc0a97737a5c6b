"""Screening page: controls → memoized loaders → dashboard.screening → figures, grid, CSV.

The URL keeps the state: a clientside callback writes the controls into the query string
with ``history.replaceState`` (the Pages router re-renders a page whenever
``_pages_location.search`` changes, so the URL is written without touching it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.epi import compare_with_benchmark_array
from dashboard.figures import screening as F
from dashboard.geo import boundaries_geojson
from dashboard.i18n import current_language, pick, t
from dashboard.ids import Screening as S
from dashboard.queries.areas import area_info, data_kind
from dashboard.queries.areas import counties as area_counties
from dashboard.queries.screening import (
    area_screening_table,
    area_targets,
    county_screening_table,
)
from dashboard.runtime import current_db, current_settings
from dashboard.screening import (
    CONVERSIONS,
    COUNT,
    INT,
    PCT,
    PROGRAMMES,
    TEXT,
    cascade,
    county_share_running,
    early_reference,
    find_target,
    funnel_limits,
    funnel_points,
    programme_running,
    table_cells,
)


@dataclass(frozen=True)
class PageData:
    """Everything the page's callbacks need for one plan area, masked once for all."""

    code: str
    lang: str
    limit: int
    n_cases: int
    area_name: str
    demo: bool
    counties: pd.DataFrame  # adcode, name_zh, name_en, ...
    county_rows: pd.DataFrame  # dashboard.screening.county_table (masked)
    area_rows: pd.DataFrame  # dashboard.screening.area_table
    targets: pd.DataFrame


def load(code: str) -> PageData:
    settings = current_settings()
    db = current_db()
    lang = current_language(settings.default_language)
    info = area_info(db, code) or {}
    return PageData(
        code=code,
        lang=lang,
        limit=settings.small_cell_limit,
        n_cases=settings.suppress_rate_below,
        area_name=pick(info.get("name_zh"), info.get("name_en"), lang) or code,  # type: ignore[arg-type]
        demo=data_kind(db) == "demonstration",
        counties=area_counties(db, code),
        county_rows=county_screening_table(db, code, settings.small_cell_limit, settings.suppress_rate_below),
        area_rows=area_screening_table(db, code),
        targets=area_targets(db, code),
    )


def _sub(text: str, d: PageData) -> str:
    return f"{text} · {t('screening.sub.demo', d.lang)}" if d.demo else text


def _ok(code: Any, programme: Any) -> bool:
    """A well-formed request: a 6-digit area code (the Store is client-side) and a known programme."""
    return isinstance(code, str) and len(code) == 6 and code.isdigit() and programme in PROGRAMMES


def _year(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _county_name(d: PageData, code: str | None) -> str:
    hit = d.counties[d.counties["adcode"] == code]
    return pick(hit["name_zh"].iloc[0], hit["name_en"].iloc[0], d.lang) if not hit.empty else (code or "—")


def _one(df: pd.DataFrame) -> pd.Series | None:
    return None if df.empty else df.iloc[0]


# --- figures -----------------------------------------------------------------------------------


def coverage_figures(
    d: PageData, programme: str, county: str | None, chosen: list[str] | None
) -> tuple[Any, Any]:
    c = d.county_rows[d.county_rows["programme"] == programme]
    a = d.area_rows[d.area_rows["programme"] == programme]
    target = find_target(d.targets, kind="screening_coverage", programme=programme)
    sub = _sub(t("screening.sub.coverage", d.lang, eligible=t(f"screening.eligible.{programme}", d.lang)), d)
    trend = F.make_coverage_trend(counties_df=c, area_df=a, programme=programme, highlight=county, target=target,
                                  area_name=d.area_name, lang=d.lang, subtitle=sub)  # fmt: skip
    panels = d.counties if not chosen else d.counties[d.counties["adcode"].isin(chosen)]
    multiples = F.make_coverage_small_multiples(counties_df=c, area_df=a, panels=panels, programme=programme,
                                                highlight=county, target=target, area_name=d.area_name,
                                                lang=d.lang, subtitle=sub)  # fmt: skip
    return trend, multiples


def cascade_frame(d: PageData, programme: str, year: int | None, county: str | None) -> pd.DataFrame:
    cr = d.county_rows
    row = _one(cr[(cr["area"] == county) & (cr["programme"] == programme) & (cr["year"] == year)])
    ar = d.area_rows
    area = _one(ar[(ar["programme"] == programme) & (ar["year"] == year)])
    return cascade(row, area, suppress_below=d.n_cases)


def early_frames(
    d: PageData, programme: str, year: int | None
) -> tuple[pd.DataFrame, float | None, pd.DataFrame | None]:
    """County rows of a programme and year with funnel positions, the area's rate, the limits."""
    cr = d.county_rows
    rows = cr[(cr["programme"] == programme) & (cr["year"] == year)]
    area = _one(d.area_rows[(d.area_rows["programme"] == programme) & (d.area_rows["year"] == year)])
    p0 = None if area is None or pd.isna(area["early"]) else float(area["early"])
    if p0 is not None and not 0 < p0 < 1:
        p0 = None
    pts = funnel_points(rows, p0 if p0 is not None else -1.0)
    shown = pts[pts["early"].notna()]
    limits = None
    if p0 is not None and not shown.empty:
        limits = funnel_limits(p0, float(shown["detected"].max()), float(shown["detected"].min()))
    return pts, p0, limits


def summary_cards(d: PageData, programme: str, year: int | None) -> list[Any]:
    lang = d.lang
    prog = t(f"screening.programme.{programme}", lang)
    area = _one(d.area_rows[(d.area_rows["programme"] == programme) & (d.area_rows["year"] == year)])
    n = len(d.counties)

    def card(title: str, value: str, lines: list[str]) -> Any:
        return html.Div(
            [html.Div(title, className="small text-muted"), html.Div(value, className="fs-4 fw-bold"),
             *[html.Div(x, className="small") for x in lines if x]],
            className="border rounded bg-white p-2 h-100",
        )  # fmt: skip

    def pct(row: pd.Series | None, key: str) -> tuple[str, str]:
        if row is None or pd.isna(row[key]):
            return "—", t("screening.reason.no_data", lang)
        return f"{row[key] * 100:.1f}%", t("screening.kpi.ci", lang, lo=row[f"{key}_lower"] * 100,
                                            hi=row[f"{key}_upper"] * 100)  # fmt: skip

    cov, cov_ci = pct(area, "coverage")
    target = find_target(d.targets, kind="screening_coverage", programme=programme)
    early, early_ci = pct(area, "early")
    ref = early_reference(d.targets)
    running = int(area["counties_running"]) if area is not None else 0
    two = county_share_running(programme_running(d.county_rows, d.counties, year or 0))
    two_target = find_target(d.targets, kind="programme_counties")
    cols = [
        card(t("screening.kpi.coverage", lang, programme=prog, year=year), cov,
             [t("screening.kpi.coverage_sub", lang, screened=f"{int(area['screened']):,}",
                eligible=f"{int(area['eligible']):,}") if area is not None else "", cov_ci,
              F.target_label(target, lang) if target else t("screening.target.none", lang, programme=prog)]),
        card(t("screening.kpi.early", lang, programme=prog, year=year), early,
             [t("screening.kpi.early_sub", lang, early=f"{int(area['early_detected']):,}",
                detected=f"{int(area['detected']):,}") if area is not None else "", early_ci,
              F.target_label(ref, lang)]),
        card(t("screening.kpi.running", lang, programme=prog, year=year),
             t("screening.kpi.counties_of", lang, k=running, n=n), [t("screening.kpi.running_sub", lang)]),
        card(t("screening.kpi.two_cancer", lang, year=year),
             f"{two['share'] * 100:.1f}%" if n else "—",
             [t("screening.kpi.counties_of", lang, k=two["running"], n=two["counties"]),
              F.target_label(two_target, lang) if two_target else t("screening.kpi.no_target", lang)]),
    ]  # fmt: skip
    return [html.Div([html.Div(c, className="col-lg-3 col-md-6 mb-2") for c in cols], className="row g-2")]


# --- tables: the numbers behind each chart (one rule set for the grid and the CSV) -------------


def _note(*reasons: Any, lang: str) -> str:
    parts = []
    for r in reasons:
        txt = F.reason_text(r if isinstance(r, str) else "", lang)
        if txt and txt not in parts:
            parts.append(txt)
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


def table_frame(
    d: PageData, kind: str, programme: str, year: int | None, county: str | None
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The rows and ``(key, kind)`` columns of one table (see :func:`dashboard.screening.table_cells`)."""
    lang = d.lang
    level_area, level_county = t("screening.level.area", lang), t("screening.level.county", lang)
    if kind == "cascade":
        cf = cascade_frame(d, programme, year, county)
        defs = {k: t(f"screening.conv_def.{k}", lang) for k, _, _ in CONVERSIONS}
        out = pd.DataFrame({
            "step": [t(f"screening.step.{s}", lang) for s in cf["step"]],
            "count": cf["count"], "area_count": cf["area_count"],
            "conversion": [t(f"screening.conv.{c}", lang) if c else "" for c in cf["conversion"]],
            "definition": [defs.get(c, "") for c in cf["conversion"]],
            "rate": cf["rate"], "rate_lower": cf["rate_lower"], "rate_upper": cf["rate_upper"],
            "area_rate": cf["area_rate"],
            "comparison": [t(f"screening.cmp.{c}", lang, area=d.area_name) if c else "" for c in cf["comparison"]],
            "note": [_note(r, lang=lang) for r in cf["rate_reason"]],
        })  # fmt: skip
        absent = cf["absent"].to_numpy(dtype=bool)
        out["count__na"] = ["—" if a else "" for a in absent]
        first = (cf["conversion"] == "").to_numpy()
        for c in ("rate", "rate_lower", "rate_upper", "area_rate"):
            out[f"{c}__na"] = ["" if f else "—" for f in first]
        out.loc[first, ["rate__na", "rate_lower__na", "rate_upper__na", "area_rate__na"]] = ""
        cols = [("step", TEXT), ("count", COUNT), ("area_count", COUNT), ("conversion", TEXT), ("definition", TEXT),
                ("rate", PCT), ("rate_lower", PCT), ("rate_upper", PCT), ("area_rate", PCT), ("comparison", TEXT),
                ("note", TEXT)]  # fmt: skip
        return out, cols
    if kind == "early":
        pts, p0, _ = early_frames(d, programme, year)
        ref = early_reference(d.targets)
        vs = compare_with_benchmark_array(pts["early_lower"], pts["early_upper"], ref["value"] / 100, True)
        area = _one(d.area_rows[(d.area_rows["programme"] == programme) & (d.area_rows["year"] == year)])
        county_part = pd.DataFrame({
            "level": level_county,
            "name": [pick(z, e, lang) for z, e in zip(pts["name_zh"], pts["name_en"], strict=True)],
            "adcode": pts["area"], "detected": pts["detected"], "early_detected": pts["early_detected"],
            "early": pts["early"], "early_lower": pts["early_lower"], "early_upper": pts["early_upper"],
            "vs_reference": [t(f"screening.vs_ref.{v}", lang) if v in ("better", "similar", "worse") else "—" for v in vs],
            "funnel_998": [t(f"screening.pos.{p}", lang) if p else "—" for p in pts["position_998"]],
            "funnel_95": [t(f"screening.pos.{p}", lang) if p else "—" for p in pts["position_95"]],
            "note": [_note(m, r, lang=lang) for m, r in zip(pts["masked_reason"], pts["early_reason"], strict=True)],
        })  # fmt: skip
        parts = [county_part]
        if area is not None:
            avs = compare_with_benchmark_array(
                area["early_lower"], area["early_upper"], ref["value"] / 100, True
            )
            parts.insert(0, pd.DataFrame([{
                "level": level_area, "name": d.area_name, "adcode": d.code, "detected": area["detected"],
                "early_detected": area["early_detected"], "early": area["early"], "early_lower": area["early_lower"],
                "early_upper": area["early_upper"],
                "vs_reference": t(f"screening.vs_ref.{avs}", lang) if avs in ("better", "similar", "worse") else "—",
                "funnel_998": "", "funnel_95": "", "note": t("screening.funnel_centre", lang) if p0 else ""}]))  # fmt: skip
        out = pd.concat(parts, ignore_index=True) if len(parts) > 1 or not county_part.empty else county_part
        cols = [("level", TEXT), ("name", TEXT), ("adcode", TEXT), ("detected", COUNT), ("early_detected", COUNT),
                ("early", PCT), ("early_lower", PCT), ("early_upper", PCT), ("vs_reference", TEXT),
                ("funnel_998", TEXT), ("funnel_95", TEXT), ("note", TEXT)]  # fmt: skip
        return out, cols
    if kind == "programmes":
        run = programme_running(d.county_rows, d.counties, year or 0)
        out = d.counties[["adcode"]].copy()
        out["name"] = [
            pick(z, e, lang) for z, e in zip(d.counties["name_zh"], d.counties["name_en"], strict=True)
        ]
        cols: list[tuple[str, str]] = [("name", TEXT), ("adcode", TEXT)]
        for p in PROGRAMMES:
            sub = run[run["programme"] == p].set_index("adcode").reindex(out["adcode"])
            out[p] = sub["coverage"].where(sub["running"]).to_numpy()
            out[f"{p}__na"] = [t("screening.not_running", lang) if not r else "—"
                               for r in sub["running"].fillna(False).astype(bool)]  # fmt: skip
            cols.append((p, PCT))
        return out.reset_index(drop=True), cols
    # coverage over time (default)
    c = d.county_rows[d.county_rows["programme"] == programme]
    a = d.area_rows[d.area_rows["programme"] == programme]
    area_part = pd.DataFrame({"level": level_area, "name": d.area_name, "adcode": d.code, "year": a["year"],
                              "eligible": a["eligible"], "screened": a["screened"], "coverage": a["coverage"],
                              "coverage_lower": a["coverage_lower"], "coverage_upper": a["coverage_upper"],
                              "note": [_note(r, lang=lang) for r in a["coverage_reason"]]})  # fmt: skip
    county_part = pd.DataFrame({
        "level": level_county, "name": [pick(z, e, lang) for z, e in zip(c["name_zh"], c["name_en"], strict=True)],
        "adcode": c["area"], "year": c["year"], "eligible": c["eligible"], "screened": c["screened"],
        "coverage": c["coverage"], "coverage_lower": c["coverage_lower"], "coverage_upper": c["coverage_upper"],
        "note": [_note(r, lang=lang) for r in c["coverage_reason"]],
    })  # fmt: skip
    out = pd.concat([area_part, county_part], ignore_index=True)
    cols = [("level", TEXT), ("name", TEXT), ("adcode", TEXT), ("year", INT), ("eligible", COUNT),
            ("screened", COUNT), ("coverage", PCT), ("coverage_lower", PCT), ("coverage_upper", PCT),
            ("note", TEXT)]  # fmt: skip
    return out, cols


def _header(key: str, lang: str) -> str:
    return (
        t(f"screening.programme.{key}", lang) + " (%)"
        if key in PROGRAMMES
        else t(f"screening.col.{key}", lang)
    )


def grid_columns(cols: list[tuple[str, str]], lang: str) -> list[dict[str, Any]]:
    defs = []
    for key, kind in cols:
        col: dict[str, Any] = {"field": key, "headerName": _header(key, lang)}
        if kind in (COUNT, PCT, INT):
            fmt = "','" if kind == COUNT else "'.1f'" if kind == PCT else "'d'"
            col["valueFormatter"] = {"function": f"params.value == null ? (params.data['{key}__na'] || '') "
                                                 f": d3.format({fmt})(params.value)"}  # fmt: skip
            col["type"] = "rightAligned"
            col["filter"] = "agNumberColumnFilter"
        else:
            col["filter"] = "agTextColumnFilter"
        if key in ("note", "definition", "comparison", "vs_reference"):
            col.update({"minWidth": 200 if key == "note" else 160, "wrapText": True, "autoHeight": True})
        if key in ("name", "step"):
            col.update({"pinned": "left", "minWidth": 190})
        defs.append(col)
    return defs


def csv_text(d: PageData, kind: str, programme: str, year: int | None, county: str | None) -> str:
    frame, cols = table_frame(d, kind, programme, year, county)
    _records, text = table_cells(frame, cols, small_cell_limit=d.limit)
    text.columns = [_header(k, d.lang) for k, _ in cols]
    return "\ufeff" + text.to_csv(index=False)


# --- registration ------------------------------------------------------------------------------


def register(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="urlsync", function_name="screening"),
        Output(S.URL_SYNC, "data"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.COUNTIES, "value"),
        Input(S.AREA, "data"),
    )

    @app.callback(
        Output(S.COVERAGE_TREND, "figure"),
        Output(S.COVERAGE_MULTIPLES, "figure"),
        Input(S.PROGRAMME, "value"),
        Input(S.COUNTY, "value"),
        Input(S.COUNTIES, "value"),
        Input(S.AREA, "data"),
    )
    def _coverage(programme: str, county: str | None, chosen: list[str] | None, code: str) -> tuple[Any, Any]:
        if not _ok(code, programme):
            raise PreventUpdate
        return coverage_figures(load(code), programme, county, chosen)

    @app.callback(
        Output(S.CASCADE, "figure"),
        Output(S.SUMMARY, "children"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.AREA, "data"),
    )
    def _cascade(programme: str, year: str | None, county: str | None, code: str) -> tuple[Any, Any]:
        if not _ok(code, programme):
            raise PreventUpdate
        d = load(code)
        yr = _year(year)
        cf = cascade_frame(d, programme, yr, county)
        fig = F.make_cascade(cascade_df=cf, programme=programme, year=yr or 0, county_name=_county_name(d, county),
                             area_name=d.area_name, small_cell_limit=d.limit, lang=d.lang,
                             subtitle=_sub(t("screening.sub.cascade", d.lang, area=d.area_name), d))  # fmt: skip
        return fig, summary_cards(d, programme, yr)

    @app.callback(
        Output(S.EARLY_COUNTY, "figure"),
        Output(S.FUNNEL, "figure"),
        Output(S.EARLY_PROGRAMME, "figure"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.AREA, "data"),
    )
    def _early(programme: str, year: str | None, county: str | None, code: str) -> tuple[Any, Any, Any]:
        if not _ok(code, programme):
            raise PreventUpdate
        d = load(code)
        yr = _year(year) or 0
        pts, p0, limits = early_frames(d, programme, yr)
        ref = early_reference(d.targets)
        sub = _sub(t("screening.sub.early", d.lang), d)
        by_county = F.make_early_by_county(df=pts, area_value=p0, reference=ref, highlight=county,
                                           programme=programme, year=yr, area_name=d.area_name, lang=d.lang,
                                           subtitle=sub)  # fmt: skip
        funnel = F.make_funnel(points=pts, limits=limits, p0=p0, reference=ref, highlight=county,
                               programme=programme, year=yr, area_name=d.area_name, lang=d.lang,
                               subtitle=_sub(t("screening.sub.funnel", d.lang, area=d.area_name), d))  # fmt: skip
        cr = d.county_rows
        by_programme = F.make_early_by_programme(
            area_df=d.area_rows[d.area_rows["year"] == yr],
            county_df=cr[(cr["area"] == county) & (cr["year"] == yr)], reference=ref, selected=programme,
            year=yr, area_name=d.area_name, county_name=_county_name(d, county), lang=d.lang, subtitle=sub,
        )  # fmt: skip
        return by_county, funnel, by_programme

    @app.callback(
        Output(S.MATRIX, "figure"),
        Output(S.MAP, "figure"),
        Output(S.TWO_CANCER, "children"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.AREA, "data"),
    )
    def _programmes(programme: str, year: str | None, county: str | None, code: str) -> tuple[Any, Any, Any]:
        if not _ok(code, programme):
            raise PreventUpdate
        d = load(code)
        yr = _year(year) or 0
        run = programme_running(d.county_rows, d.counties, yr)
        matrix = F.make_programme_matrix(running=run, highlight=county, year=yr, lang=d.lang,
                                         subtitle=_sub(t("screening.sub.matrix", d.lang), d))  # fmt: skip
        sub = _sub(t("screening.sub.map", d.lang), d)
        if ctx.triggered_id is None or d.counties.empty:  # first drawing (page load): with the boundaries
            fig_map: Any = F.make_programme_map(geojson=boundaries_geojson(code), running=run, programme=programme,
                                                highlight=county, year=yr, lang=d.lang, subtitle=sub)  # fmt: skip
        else:  # later: a small patch (the boundaries stay in the browser)
            v = F.programme_map_values(running=run, locations=d.counties["adcode"].tolist(), programme=programme,
                                       highlight=county, lang=d.lang)  # fmt: skip
            fig_map = Patch()
            fig_map["data"][0]["z"] = v["z"]
            fig_map["data"][0]["text"] = v["text"]
            fig_map["data"][0]["marker"]["line"]["color"] = v["line_color"]
            fig_map["data"][0]["marker"]["line"]["width"] = v["line_width"]
            title = F.programme_map_title(programme=programme, year=yr, lang=d.lang, subtitle=sub)
            fig_map["layout"]["title"]["text"] = title["text"]
            fig_map["layout"]["title"]["subtitle"]["text"] = title["subtitle"]["text"]
        two = county_share_running(run)
        target = find_target(d.targets, kind="programme_counties")
        status = ""
        if target is not None:
            met = (
                two["share"] * 100 >= target["value"]
                if target["comparison"] == ">="
                else two["share"] * 100 > target["value"]
            )
            status = t("screening.two_cancer.met" if met else "screening.two_cancer.not_met", d.lang)
        text = html.P(
            [html.Strong(t("screening.kpi.two_cancer", d.lang, year=yr) + "："),
             f"{t('screening.kpi.counties_of', d.lang, k=two['running'], n=two['counties'])}"
             f"（{two['share'] * 100:.1f}%）" if two["counties"] else "—",
             html.Span(" · " + (F.target_label(target, d.lang) if target else t("screening.kpi.no_target", d.lang))),
             html.Span(f" · {status}" if status else "")],
            className="small mb-1",
        )  # fmt: skip
        return matrix, fig_map, text

    @app.callback(
        Output(S.TABLE, "columnDefs"),
        Output(S.TABLE, "rowData"),
        Input(S.TABLE_CHOICE, "value"),
        Input(S.PROGRAMME, "value"),
        Input(S.YEAR, "value"),
        Input(S.COUNTY, "value"),
        Input(S.AREA, "data"),
    )
    def _table(kind: str, programme: str, year: str | None, county: str | None, code: str) -> tuple[Any, Any]:
        if not _ok(code, programme):
            raise PreventUpdate
        d = load(code)
        frame, cols = table_frame(d, kind, programme, _year(year), county)
        records, _text = table_cells(frame, cols, small_cell_limit=d.limit)
        return grid_columns(cols, d.lang), records

    @app.callback(
        Output(S.DOWNLOAD, "data"),
        Input(S.DOWNLOAD_BUTTON, "n_clicks"),
        State(S.TABLE_CHOICE, "value"),
        State(S.PROGRAMME, "value"),
        State(S.YEAR, "value"),
        State(S.COUNTY, "value"),
        State(S.AREA, "data"),
        prevent_initial_call=True,
    )
    def _download(n: int | None, kind: str, programme: str, year: str | None, county: str | None,
                  code: str) -> Any:  # fmt: skip
        if not n or not _ok(code, programme):
            return no_update
        d = load(code)
        yr = _year(year)
        name = (
            f"screening-{kind}-{code}-{programme}" + (f"-{yr}" if kind != "coverage" and yr else "") + ".csv"
        )
        return dcc.send_string(csv_text(d, kind, programme, yr, county), name)
