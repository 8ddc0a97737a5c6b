"""Plan targets (/targets): scorecard, one indicator's charts, downloads, URL state.

The functions above :func:`register` build the grid rows, figures and tables from the
cached loaders (``dashboard.queries.indicators``); the callbacks only wire them up.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash
import numpy as np
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from components import status_chip
from dashboard.epi import mask_small_counts
from dashboard.figures.common import empty_figure
from dashboard.figures.targets import (
    make_funnel_plot,
    make_ranking_chart,
    make_trend_chart,
    status_tint,
)
from dashboard.i18n import current_language, pick, t
from dashboard.ids import Targets as T
from dashboard.indicators import INDICATORS, Indicator
from dashboard.queries.areas import area_info, data_kind
from dashboard.queries.areas import counties as area_counties
from dashboard.queries.indicators import (
    PROPORTION_KINDS,
    YES_NO_KINDS,
    county_scorecard,
    indicator_series,
    plan_assessment,
    plan_for_area,
)
from dashboard.runtime import current_db, current_settings
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


def as_of_year() -> int:
    return date.today().year


def _prefix() -> str:
    """File-name prefix of downloads: "demo-" for the synthetic demonstration data."""
    return "demo-" if data_kind(current_db()) == "demonstration" else ""


def suppressible(ind: Indicator) -> bool:
    """Proportions of people (not facilities, not yes/no): small denominators are suppressed."""
    if ind.kind in ("screening_early", "screening_coverage"):
        return True
    return ind.kind == "ratio" and ind.counts == "people"


def _names(code: str, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    db = current_db()
    cdf = area_counties(db, code).copy()
    name_col = "name_en" if lang == "en" else "name_zh"
    cdf["name"] = cdf[name_col]
    cdf["group"] = [
        pick(z, e, lang) for z, e in zip(cdf["region_group"], cdf["region_group_en"], strict=True)
    ]
    names = dict(zip(cdf["adcode"], cdf["name"], strict=True))
    info = area_info(db, code) or {}
    names[code] = t("targets.area_row", lang, area=pick(info.get("name_zh"), info.get("name_en"), lang))
    return cdf, names


def _plan(code: str) -> tuple[str, pd.DataFrame] | None:
    db = current_db()
    plan = plan_for_area(db, code)
    if plan is None:
        return None
    plan_id = str(plan["plan_id"])
    return plan_id, plan_assessment(db, code, plan_id, as_of_year())


def _gap_text(gap: float | None, unit: str) -> str:
    if gap is None or pd.isna(gap):
        return ""
    if unit == "%":
        return f"{gap:+.1f}"
    return f"{gap:+,.0f}" if float(gap).is_integer() else f"{gap:+.1f}"


def cell(
    *,
    ind: Indicator,
    comparison: str,
    status: str,
    deadline_passed: bool,
    value: float | None,
    gap: float | None,
    year: object,
    n: float | None,
    slope: float | None,
    lang: str,
    threshold: int,
) -> dict[str, Any]:
    """One scorecard cell: numeric value (sorting), status key (colour), label, tooltip."""
    key = status_key(status, deadline_passed)
    if value is None or pd.isna(value):
        return {"v": None, "s": "no_data", "l": "—", "t": t("common.no_data", lang)}
    if suppressible(ind) and n is not None and not pd.isna(n) and n < threshold:
        reason = t("targets.suppressed", lang, threshold=threshold)
        return {"v": None, "s": "no_data", "l": "—", "t": f"{year}: {reason}"}
    yr = "" if year is None or pd.isna(year) else f"{int(year)}"
    label_status = status_label(status, lang, deadline_passed)
    if ind.kind in YES_NO_KINDS:
        text = t("targets.yes", lang) if value >= 100 else t("targets.no", lang)
        return {"v": float(value), "s": key, "l": text, "t": f"{yr}: {text} · {label_status}"}
    shown = fmt_value(value, ind.unit)
    if comparison == "falling":
        extra = "" if slope is None or pd.isna(slope) else f"{slope:+.2f}/" + ("年" if lang == "zh" else "yr")
    else:
        extra = _gap_text(gap, ind.unit)
    label = f"{shown} ({extra})" if extra else shown
    return {"v": round(float(value), 2), "s": key, "l": label, "t": f"{yr}: {label} · {label_status}"}


def scorecard(code: str, lang: str, group: str | None) -> tuple[list[dict], list[dict], list[dict]]:
    """(columnDefs, rowData, pinned area row) of the county x indicator scorecard."""
    plan = _plan(code)
    if plan is None:
        return [], [], []
    plan_id, assessed = plan
    db = current_db()
    threshold = current_settings().suppress_rate_below
    sc = county_scorecard(db, code, plan_id, as_of_year())
    cdf, names = _names(code, lang)
    if group:
        cdf = cdf[cdf["region_group"] == group]
    targets = assessed[assessed["county_level"]]
    rows = {c: {"adcode": c, "county": names[c], "group": g, "met": 0}
            for c, g in zip(cdf["adcode"], cdf["group"], strict=True)}  # fmt: skip
    area_row: dict[str, Any] = {"adcode": code, "county": names[code], "group": "", "met": None}
    col_defs: list[dict[str, Any]] = [
        {"field": "county", "headerName": t("targets.col.county", lang), "pinned": "left",
         "minWidth": 130 if lang == "zh" else 170, "filter": "agTextColumnFilter", "tooltipField": "county"},
        {"field": "group", "headerName": t("targets.col.group", lang), "minWidth": 120, "filter": "agTextColumnFilter",
         "tooltipField": "group"},
        {"field": "met", "headerName": t("targets.col.met", lang), "minWidth": 90, "type": "numericColumn",
         "filter": "agNumberColumnFilter"},
    ]  # fmt: skip
    for _, r in targets.iterrows():
        tid = str(r["target_id"])
        ind = INDICATORS[r["indicator"]]
        spec = TargetSpec.from_row(r)
        header = f"{ind.name(lang)} {target_label(spec, r['assessment'].target_value, ind.unit, lang)}"
        conditions = [
            {"condition": f"params.data && params.data.s_{tid} == '{k}'",
             "style": {"backgroundColor": status_tint(k), "color": "#1b1b1b"}}
            for k in ("met", "on_track", "at_risk", "off_track", "missed", "no_data")
        ]  # fmt: skip
        col_defs.append({
            "field": f"v_{tid}", "headerName": header, "headerTooltip": pick(r["text_zh"], r["text_en"], lang),
            "tooltipField": f"t_{tid}", "minWidth": 150 if spec.comparison == "falling" else 120, "type": "numericColumn", "filter": "agNumberColumnFilter",
            "valueFormatter": {"function": f"params.data ? params.data.l_{tid} : ''"},
            "cellStyle": {"styleConditions": conditions},
        })  # fmt: skip
        sub = sc[sc["target_id"] == tid].set_index("area")
        for c, row in rows.items():
            if c not in sub.index:
                cl = {"v": None, "s": "no_data", "l": "—", "t": t("common.no_data", lang)}
            else:
                s = sub.loc[c]
                cl = cell(ind=ind, comparison=spec.comparison, status=s["status"],
                          deadline_passed=bool(r["deadline_passed"]), value=s["judged_value"], gap=s["gap"],
                          year=s["judged_year"], n=s["n"], slope=s["slope"], lang=lang, threshold=threshold)  # fmt: skip
            for k, v in cl.items():
                row[f"{k}_{tid}"] = v
            good = meets_target(cl["s"], spec.comparison)
            row["met"] += int(good)
        gap = None if r["assessment"].target_value is None or pd.isna(r["judged_value"]) or spec.comparison == "falling" \
            else float(r["judged_value"]) - float(r["assessment"].target_value)  # fmt: skip
        st = r["assessment"]
        area_cell = cell(ind=ind, comparison=spec.comparison, status=r["status"], deadline_passed=bool(r["deadline_passed"]),
                         value=r["judged_value"], gap=gap, year=r["judged_year"], n=None, slope=st.slope, lang=lang,
                         threshold=threshold)  # fmt: skip
        if ind.kind in YES_NO_KINDS and area_cell["v"] is not None:  # the area value is a share, not yes/no
            area_cell["l"] = f"{fmt_value(r['judged_value'], '%')} ({_gap_text(gap, '%')})"
            area_cell["t"] = (
                f"{int(r['judged_year'])}: {area_cell['l']} · {status_label(r['status'], lang, bool(r['deadline_passed']))}"
            )
        for k, v in area_cell.items():
            area_row[f"{k}_{tid}"] = v
    return col_defs, list(rows.values()), [area_row]


def scorecard_csv(code: str, lang: str, group: str | None) -> pd.DataFrame:
    """The scorecard as displayed: one row per county (and the area), per target its
    value label, numeric value, gap and status; suppressed cells empty."""
    col_defs, rows, pinned = scorecard(code, lang, group)
    tids = [c["field"][2:] for c in col_defs if c["field"].startswith("v_")]
    headers = {c["field"][2:]: c["headerName"] for c in col_defs if c["field"].startswith("v_")}
    out = []
    for r in pinned + rows:
        rec: dict[str, Any] = {t("targets.tcol.county", lang): r["county"], t("targets.tcol.adcode", lang): r["adcode"],
                               t("targets.tcol.group", lang): r["group"], t("targets.col.met", lang): r["met"]}  # fmt: skip
        for tid in tids:
            rec[f"{headers[tid]} | {t('targets.tcol.value', lang)}"] = r[f"v_{tid}"]
            rec[f"{headers[tid]} | {t('targets.tcol.status', lang)}"] = _status_text(r[f"s_{tid}"], lang)
            rec[f"{headers[tid]} | {t('targets.tcol.note', lang)}"] = r[f"t_{tid}"]
        out.append(rec)
    return pd.DataFrame(out)


def _status_text(key: str, lang: str) -> str:
    return t(f"status.{key}", lang)


def _target_row(assessed: pd.DataFrame, indicator: str) -> pd.Series | None:
    sel = assessed[assessed["indicator"] == indicator]
    return None if sel.empty else sel.iloc[0]


def county_table(code: str, indicator: str, lang: str) -> pd.DataFrame:
    """The chosen indicator's county table, as shown and exported (masking applied).

    Counts 1..small_cell_limit are masked; when a numerator is masked its denominator is
    masked too (so the count cannot be recovered from the value); proportions of people
    on fewer than suppress_rate_below are suppressed. Yes/no indicators show 有/无.
    """
    plan = _plan(code)
    if plan is None:
        return pd.DataFrame()
    plan_id, assessed = plan
    r = _target_row(assessed, indicator)
    if r is None or not r["county_level"]:
        return pd.DataFrame()
    settings = current_settings()
    ind = INDICATORS[indicator]
    sc = county_scorecard(current_db(), code, plan_id, as_of_year())
    sc = sc[sc["target_id"] == r["target_id"]]
    cdf, _names_ = _names(code, lang)
    df = cdf[["adcode", "name", "group"]].merge(sc, left_on="adcode", right_on="area", how="left")
    if ind.kind in YES_NO_KINDS:  # no counts are shown for a yes/no fact
        df[["numerator", "denominator"]] = np.nan
    df = mask_small_counts(df, ["numerator", "denominator"], settings.small_cell_limit)
    num_masked = df["masked_reason"].str.contains("numerator", regex=False)
    df["denominator"] = df["denominator"].mask(num_masked)
    notes = np.where(df["masked"], t("targets.masked_cell", lang, limit=settings.small_cell_limit), "")
    value = df["judged_value"].astype(float)
    lower, upper = df["value_lower"].astype(float), df["value_upper"].astype(float)
    latest = df["latest_value"].astype(float)
    if suppressible(ind):
        series = indicator_series(current_db(), code, indicator)
        latest_n = df[["adcode", "latest_year"]].merge(
            series.rename(columns={"area": "adcode", "year": "latest_year"})[["adcode", "latest_year", "n"]]
            .astype({"latest_year": "Int64"}), on=["adcode", "latest_year"], how="left")["n"]  # fmt: skip
        small = df["n"].astype(float) < settings.suppress_rate_below
        value, lower, upper = value.mask(small), lower.mask(small), upper.mask(small)
        latest = latest.mask(latest_n.astype(float).to_numpy() < settings.suppress_rate_below)
        notes = np.where(small, t("targets.suppressed", lang, threshold=settings.suppress_rate_below), notes)
    spec = TargetSpec.from_row(r)
    keys = [
        status_key(s, bool(r["deadline_passed"])) if isinstance(s, str) else "no_data" for s in df["status"]
    ]
    keys = ["no_data" if pd.isna(v) else k for k, v in zip(keys, value, strict=True)]
    out = pd.DataFrame({
        t("targets.tcol.county", lang): df["name"],
        t("targets.tcol.adcode", lang): df["adcode"],
        t("targets.tcol.group", lang): df["group"],
        t("targets.tcol.year", lang): df["judged_year"],
    })  # fmt: skip
    if ind.kind in YES_NO_KINDS:
        out[t("targets.tcol.value", lang)] = [None if pd.isna(v) else (t("targets.yes", lang) if v >= 100
                                              else t("targets.no", lang)) for v in value]  # fmt: skip
    else:
        out[t("targets.tcol.value", lang)] = value.round(2)
        out[t("targets.tcol.lower", lang)] = lower.round(2)
        out[t("targets.tcol.upper", lang)] = upper.round(2)
        out[t("targets.tcol.numerator", lang)] = df["numerator"]
        out[t("targets.tcol.denominator", lang)] = df["denominator"]
        if spec.comparison != "falling":
            out[t("targets.tcol.gap", lang)] = (value - float(r["assessment"].target_value)).round(2) \
                if r["assessment"].target_value is not None and not pd.isna(r["assessment"].target_value) else np.nan  # fmt: skip
    out[t("targets.tcol.target", lang)] = target_label(spec, r["assessment"].target_value, ind.unit, lang)
    out[t("targets.tcol.status", lang)] = [_status_text(k, lang) for k in keys]
    out[t("targets.tcol.latest_year", lang)] = df["latest_year"]
    out[t("targets.tcol.latest_value", lang)] = latest.round(2)
    out[t("targets.tcol.note", lang)] = notes
    return out


def _short(fig: Any) -> Any:
    fig.update_layout(height=140)
    return fig


def area_table(code: str, indicator: str, lang: str) -> pd.DataFrame:
    """The plan area's own yearly series (for indicators without county values)."""
    ind = INDICATORS[indicator]
    s = indicator_series(current_db(), code, indicator)
    s = s[s["area"] == code]
    _cdf, names = _names(code, lang)
    out = pd.DataFrame({t("targets.tcol.county", lang): names[code], t("targets.tcol.adcode", lang): code,
                        t("targets.tcol.year", lang): s["year"], t("targets.tcol.value", lang): s["value"].round(2)})  # fmt: skip
    if s["lower"].notna().any():
        out[t("targets.tcol.lower", lang)] = s["lower"].round(2)
        out[t("targets.tcol.upper", lang)] = s["upper"].round(2)
    if ind.unit == "%" and s["numerator"].notna().any():
        out[t("targets.tcol.numerator", lang)] = s["numerator"]
        out[t("targets.tcol.denominator", lang)] = s["denominator"]
    return out.reset_index(drop=True)


def _definition(ind: Indicator, r: pd.Series, lang: str) -> list[Any]:
    """The indicator's definition in Chinese AND English, and the plan target."""

    def row(label: str, zh: str, en: str) -> html.Tr:
        return html.Tr([html.Th(label, className="pe-2 align-top text-nowrap"),
                        html.Td([html.Div(zh), html.Div(en, className="text-muted")])])  # fmt: skip

    kind_zh, kind_en = t(f"targets.kind.{ind.kind}", "zh"), t(f"targets.kind.{ind.kind}", "en")
    return [
        html.H6([ind.name_zh, html.Br(), html.Span(ind.name_en, className="text-muted")]),
        html.Table(html.Tbody([
            row(t("targets.def.numerator", lang), ind.numerator_zh, ind.numerator_en),
            row(t("targets.def.denominator", lang), ind.denominator_zh, ind.denominator_en),
            row(t("targets.def.source", lang), ind.source_zh, ind.source_en),
            row(t("targets.def.kind", lang), kind_zh, kind_en),
            row(t("targets.def.target", lang), f"{r['clause']} {r['text_zh']}", str(r["text_en"])),
        ]), className="small"),
    ]  # fmt: skip


def _status_block(ind: Indicator, r: pd.Series, lang: str) -> list[Any]:
    st = r["assessment"]
    spec = TargetSpec.from_row(r)
    key = status_key(st)
    chip = status_chip(key, status_label(st, lang), class_name="me-2")
    latest = "" if st.latest_year is None else f"{fmt_value(st.latest_value, ind.unit)}（{st.latest_year}）" \
        if lang == "zh" else f"{fmt_value(st.latest_value, ind.unit)} ({st.latest_year})"  # fmt: skip
    target = t("overview.target_by", lang, target=target_label(spec, st.target_value, ind.unit, lang),
               deadline=spec.deadline)  # fmt: skip
    sep = "；" if lang == "zh" else "; "
    head = f"{t('overview.latest_value', lang)} {latest}{sep}{t('overview.target', lang)} {target}"
    return [html.Div([chip, html.B(ind.name(lang), className="me-2"), html.Span(head)]),
            html.Div(" ".join(describe(st, spec, ind.unit, lang)) + " " + counties_sentence(r, lang),
                     className="small text-muted")]  # fmt: skip


def indicator_view(code: str, indicator: str, lang: str) -> tuple[Any, ...]:
    """(ranking figure, funnel figure, status block, definition, table columnDefs, table rows)."""
    plan = _plan(code)
    r = None if plan is None else _target_row(plan[1], indicator)
    if plan is None or r is None:
        msg = t("common.no_data", lang)
        return empty_figure(msg), empty_figure(msg), msg, None, [], []
    plan_id, _assessed = plan
    ind = INDICATORS[indicator]
    spec = TargetSpec.from_row(r)
    settings = current_settings()
    status = _status_block(ind, r, lang)
    definition = _definition(ind, r, lang)
    if not r["county_level"]:
        note = t("targets.area_only_note", lang)
        col_defs, rows = table_grid(area_table(code, indicator, lang), lang)
        return _short(empty_figure(note)), _short(empty_figure(note)), status, definition, col_defs, rows
    sc = county_scorecard(current_db(), code, plan_id, as_of_year())
    sc = sc[sc["target_id"] == r["target_id"]]
    cdf, names = _names(code, lang)
    d = cdf[["adcode", "name"]].merge(sc, left_on="adcode", right_on="area", how="left")
    if suppressible(ind):
        small = d["n"].astype(float) < settings.suppress_rate_below
        d.loc[small, ["judged_value", "value_lower", "value_upper", "gap"]] = np.nan
    d["key"] = [
        status_key(s, bool(r["deadline_passed"])) if isinstance(s, str) else "no_data" for s in d["status"]
    ]
    d.loc[d["judged_value"].isna(), "key"] = "no_data"
    d["colour_key"] = d["key"].replace({"missed": "off_track"})
    sfx = "%" if ind.unit == "%" else ""
    d["hover"] = [
        f"<b>{n}</b><br>{fmt_value(v, ind.unit)}"
        + ("" if pd.isna(lo) else f" ({lo:.1f}–{hi:.1f}{sfx})")
        + ("" if pd.isna(y) else f"<br>{int(y)}")
        + f"<br>{_status_text(k, lang)}"
        for n, v, lo, hi, y, k in zip(d["name"], d["judged_value"], d["value_lower"], d["value_upper"],
                                      d["judged_year"], d["key"], strict=True)
    ]  # fmt: skip
    years = sorted(int(y) for y in d["judged_year"].dropna().unique())
    if ind.kind in YES_NO_KINDS:
        k = int((d["judged_value"] >= 100).sum())
        ranking = _short(empty_figure(t("targets.ranking_yesno", lang, k=k, n=len(d))))
    elif spec.comparison == "falling":
        rk = pd.DataFrame({"name": d["name"], "gap": d["slope"].astype(float), "gap_lower": d["slope_lower"].astype(float),
                           "gap_upper": d["slope_upper"].astype(float), "status": d["colour_key"], "hover": d["hover"]})  # fmt: skip
        rk.loc[d["judged_value"].isna(), "gap"] = np.nan
        ranking = make_ranking_chart(df=rk, higher_is_better=False, lang=lang, x_title=t("targets.ranking_falling_x", lang),
                                     title=t("targets.ranking_title_falling", lang),
                                     zero_label=t("targets.ranking_zero_falling", lang))  # fmt: skip
    else:
        tv = float(r["assessment"].target_value)
        rk = pd.DataFrame({"name": d["name"], "gap": d["judged_value"] - tv, "gap_lower": d["value_lower"] - tv,
                           "gap_upper": d["value_upper"] - tv, "status": d["colour_key"], "hover": d["hover"]})  # fmt: skip
        x_key = "targets.ranking_x" if spec.higher_is_better else "targets.ranking_x_low"
        title = (
            t("targets.ranking_title", lang, year=years[0])
            if len(years) == 1
            else t("targets.ranking_title_any", lang)
        )
        ranking = make_ranking_chart(df=rk, higher_is_better=spec.higher_is_better, lang=lang,
                                     x_title=t(x_key if ind.unit == "%" else "targets.ranking_x_count", lang),
                                     title=title)  # fmt: skip
    funnel = _funnel(ind, r, d, spec, lang)
    table = county_table(code, indicator, lang)
    col_defs, rows = table_grid(table, lang)
    return ranking, funnel, status, definition, col_defs, rows


def table_grid(table: pd.DataFrame, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """columnDefs and rowData of a table: names, groups and notes get room, numbers a fixed width."""
    wide = {t("targets.tcol.county", lang): 120 if lang == "zh" else 170,
            t("targets.tcol.group", lang): 150 if lang == "zh" else 220,
            t("targets.tcol.note", lang): 180, t("targets.tcol.target", lang): 110}  # fmt: skip
    col_defs: list[dict[str, Any]] = []
    for c in table.columns:
        d: dict[str, Any] = {"field": c, "headerName": c, "minWidth": wide.get(c, 90), "tooltipField": c}
        if pd.api.types.is_numeric_dtype(table[c]):
            d["type"] = "numericColumn"
            d["filter"] = "agNumberColumnFilter"
        col_defs.append(d)
    if col_defs:
        col_defs[0]["pinned"] = "left"
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    return col_defs, rows


def _funnel(ind: Indicator, r: pd.Series, d: pd.DataFrame, spec: TargetSpec, lang: str) -> Any:
    if ind.unit != "%" or not (ind.kind in PROPORTION_KINDS or ind.kind == "reported"):
        return _short(empty_figure(t("targets.fig.funnel_na", lang)))
    f = pd.DataFrame({"name": d["name"], "value": d["judged_value"].astype(float), "n": d["n"].astype(float)})
    num = d["numerator"].astype(float)
    f["numerator"] = num.where(num.notna(), (f["value"] / 100 * f["n"]).round())  # survey: implied count
    tv = r["assessment"].target_value
    if tv is not None and not pd.isna(tv) and 0 < float(tv) < 100:
        p0, centre = float(tv), t("targets.funnel_centre_target", lang, value=fmt_value(float(tv), "%", 0))
    else:
        area_value = r["judged_value"]
        if area_value is None or pd.isna(area_value) or not 0 < float(area_value) < 100:
            return empty_figure(t("targets.fig.funnel_na", lang))
        p0, centre = (
            float(area_value),
            t("targets.funnel_centre_area", lang, value=fmt_value(float(area_value), "%")),
        )
    higher = spec.higher_is_better if spec.comparison != "falling" else False
    return make_funnel_plot(df=f, p0=p0, higher_is_better=higher, lang=lang, centre_label=centre,
                            title=t("targets.funnel_title", lang, centre=centre))  # fmt: skip


def trend_figure(code: str, indicator: str, chosen: list[str] | None, lang: str) -> Any:
    plan = _plan(code)
    r = None if plan is None else _target_row(plan[1], indicator)
    if r is None:
        return empty_figure(t("common.no_data", lang))
    ind = INDICATORS[indicator]
    series = indicator_series(current_db(), code, indicator)
    _cdf, names = _names(code, lang)
    keep = [code, *[c for c in (chosen or []) if c in names]]
    s = series[series["area"].isin(keep)].copy()
    if suppressible(ind):
        small = (s["area"] != code) & (s["n"] < current_settings().suppress_rate_below)
        s.loc[small, ["value", "lower", "upper"]] = np.nan
    s["area"] = pd.Categorical(s["area"], categories=keep, ordered=True)
    s = s.sort_values(["area", "year"])
    s["area"] = s["area"].astype(str)
    return make_trend_chart(series=s, region=code, names=names, target=r["assessment"].target_value, deadline=int(r["deadline"]),
                            assessment=r["assessment"], unit=ind.unit, lang=lang,
                            title=t("targets.trend_title", lang, name=ind.name(lang)))  # fmt: skip


def register(app: Dash) -> None:
    @app.callback(
        Output(T.SCORECARD, "columnDefs"),
        Output(T.SCORECARD, "rowData"),
        Output(T.SCORECARD, "dashGridOptions"),
        Input(T.GROUP, "value"),
        State(T.AREA, "data"),
        State(T.SCORECARD, "dashGridOptions"),
    )
    def _scorecard(group: str | None, code: str | None, options: dict | None) -> tuple[Any, ...]:
        if not code:
            raise dash.exceptions.PreventUpdate
        lang = current_language(current_settings().default_language)
        col_defs, rows, pinned = scorecard(code, lang, group or None)
        return col_defs, rows, {**(options or {}), "pinnedTopRowData": pinned}

    @app.callback(
        Output(T.RANKING, "figure"),
        Output(T.FUNNEL, "figure"),
        Output(T.STATUS, "children"),
        Output(T.DEFINITION, "children"),
        Output(T.COUNTY_TABLE, "columnDefs"),
        Output(T.COUNTY_TABLE, "rowData"),
        Input(T.INDICATOR, "value"),
        State(T.AREA, "data"),
    )
    def _indicator(indicator: str | None, code: str | None) -> tuple[Any, ...]:
        if not code or not indicator:
            raise dash.exceptions.PreventUpdate
        return indicator_view(code, indicator, current_language(current_settings().default_language))

    @app.callback(
        Output(T.TREND, "figure"),
        Input(T.INDICATOR, "value"),
        Input(T.COUNTIES, "value"),
        State(T.AREA, "data"),
    )
    def _trend(indicator: str | None, chosen: list[str] | None, code: str | None) -> Any:
        if not code or not indicator:
            raise dash.exceptions.PreventUpdate
        return trend_figure(code, indicator, chosen, current_language(current_settings().default_language))

    @app.callback(
        Output(T.INDICATOR, "value"),
        Output(T.COUNTIES, "value"),
        Input(T.SCORECARD, "cellClicked"),
        State(T.COUNTIES, "value"),
        State(T.AREA, "data"),
        prevent_initial_call=True,
    )
    def _pick_from_scorecard(
        clicked: dict | None, chosen: list[str] | None, code: str | None
    ) -> tuple[Any, Any]:
        """Clicking a county's cell shows that indicator with that county in the trend."""
        col = (clicked or {}).get("colId") or ""
        plan = _plan(code) if code else None
        if not col.startswith("v_") or plan is None:
            raise dash.exceptions.PreventUpdate
        sel = plan[1][plan[1]["target_id"] == col[2:]]
        if sel.empty:
            raise dash.exceptions.PreventUpdate
        county = clicked.get("rowId")
        chosen = list(chosen or [])
        if county and county != code and county not in chosen:
            chosen.append(county)
        return str(sel.iloc[0]["indicator"]), chosen

    @app.callback(
        Output(T.SCORECARD_DOWNLOAD, "data"),
        Input(T.SCORECARD_CSV, "n_clicks"),
        State(T.GROUP, "value"),
        State(T.AREA, "data"),
        prevent_initial_call=True,
    )
    def _scorecard_csv(n: int | None, group: str | None, code: str | None) -> Any:
        if not n or not code:
            raise dash.exceptions.PreventUpdate
        lang = current_language(current_settings().default_language)
        df = scorecard_csv(code, lang, group or None)
        return dcc.send_data_frame(
            df.to_csv, f"{_prefix()}scorecard-{code}-{as_of_year()}.csv", index=False, encoding="utf-8-sig"
        )

    @app.callback(
        Output(T.COUNTY_DOWNLOAD, "data"),
        Input(T.COUNTY_CSV, "n_clicks"),
        State(T.INDICATOR, "value"),
        State(T.AREA, "data"),
        prevent_initial_call=True,
    )
    def _county_csv(n: int | None, indicator: str | None, code: str | None) -> Any:
        if not n or not code or not indicator:
            raise dash.exceptions.PreventUpdate
        lang = current_language(current_settings().default_language)
        df = county_table(code, indicator, lang)
        if df.empty:
            df = area_table(code, indicator, lang)
        return dcc.send_data_frame(
            df.to_csv, f"{_prefix()}{indicator}-{code}-counties.csv", index=False, encoding="utf-8-sig"
        )

    app.clientside_callback(
        ClientsideFunction(namespace="urlsync", function_name="targets"),
        Output(T.URL_SYNC, "data"),
        Input(T.INDICATOR, "value"),
        Input(T.COUNTIES, "value"),
        Input(T.GROUP, "value"),
        State(T.AREA, "data"),
    )
