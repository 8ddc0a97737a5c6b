"""County rate choropleth (``go.Choropleth`` on ``geo``: offline, local topojson).

The figure is a plain dict (building a ``go.Figure`` around 2,875 county polygons costs
far more than the dict; see ../shared/reference/geodata.md) with ONE trace and one
location per county. It is made of two parts:

- :func:`base_map` — geometry, locations and names: sent to the browser once per area;
- :func:`map_store` — what changes with a selection: ``z`` (class codes), the colour scale
  and its legend, the hover template and the title. The page's clientside callback
  (:data:`APPLY_JS`) joins it with the county table's rows (the tooltip numbers) and applies
  both as one ``dash_clientside.Patch``, so the boundaries are never sent again and the
  numbers are sent once.

Colours: ``z`` is a class code, 0 for a county without a shown rate (suppressed, no data)
and 1..k for the classes; the colour scale is *discrete*, its band 0 is
:data:`~dashboard.figures.common.NO_DATA_GREY` and bands 1..k the ColorBrewer YlOrRd
sequential scheme for k classes (colour-blind safe). A suppressed county therefore can
never take a value colour, nor the colour of 0. The colour bar is the legend: it names
every class with its range and number of counties, and the grey band with the number of
counties without a shown rate.

Hover: with at most :data:`FULL_HOVER_MAX` counties the tooltip gives name, rate with its
95% interval (or "—" and the reason), cases, person-years, rank and any registry-quality
warning, built from the table rows (:func:`hover_customdata` and its JS twin). Above that
(the national layer) the store itself carries each county's rate or a short reason and the
tooltip shows name and rate, so the map repaints without waiting for 2,875 table rows;
the county's full numbers are in the table and in the detail panel opened by a click.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboard.classify import Classes, classify
from dashboard.epi import hidden_counts
from dashboard.figures.common import FONT_FAMILY, NO_DATA_GREY
from dashboard.figures.county_map import geo_layout
from dashboard.i18n import pick, t
from dashboard.sites import SITE_BY_KEY

#: ColorBrewer YlOrRd, one scheme per number of classes (colour-blind safe, print safe).
YLORRD: dict[int, list[str]] = {
    1: ["#fd8d3c"],
    2: ["#ffeda0", "#f03b20"],
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
}
#: Up to this many counties the tooltip carries every number (see the module docstring).
FULL_HOVER_MAX = 400
MAP_HEIGHT = 560


def palette(k: int) -> list[str]:
    """The sequential colours of ``k`` classes (1..7)."""
    if k not in YLORRD:
        raise ValueError(f"no palette for {k} classes (1 to 7)")
    return YLORRD[k]


def class_colours(classes: Classes) -> list[str]:
    """Colour of each value's class; NO_DATA_GREY for values without a class (code -1)."""
    pal = palette(classes.k)
    return [pal[c] if c >= 0 else NO_DATA_GREY for c in classes.codes.tolist()]


def discrete_colorscale(k: int) -> list[list[Any]]:
    """Stepped colour scale for codes 0 (grey) .. k (classes), with zmin -0.5, zmax k + 0.5."""
    colours = [NO_DATA_GREY, *palette(k)]
    n = len(colours)
    scale: list[list[Any]] = []
    for i, c in enumerate(colours):
        scale += [[round(i / n, 6), c], [round((i + 1) / n, 6), c]]
    return scale


def fmt_number(value: float, decimals: int) -> str:
    """A rate for display: fixed decimals, no thousands separator below 10,000."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{decimals}f}" if abs(value) >= 10_000 else f"{value:.{decimals}f}"


def legend_labels(classes: Classes, decimals: int) -> list[str]:
    """ "from–to (n)" of each class, as the colour bar states them."""
    counts = classes.counts()
    out = []
    for (lo, hi), n in zip(classes.edges(), counts, strict=True):
        if math.isnan(lo):
            out.append(f"— ({n})")
        elif lo == hi:
            out.append(f"{fmt_number(lo, decimals)} ({n})")
        else:
            out.append(f"{fmt_number(lo, decimals)}–{fmt_number(hi, decimals)} ({n})")
    return out


def base_map(*, geojson: dict[str, Any], locations: Sequence[str], names: Sequence[str],
             height: int = MAP_HEIGHT) -> dict[str, Any]:  # fmt: skip
    """The map with its geometry and no values yet (every county grey).

    ``locations`` are adcodes matching the features' ``id``; ``names`` the tooltip names
    (they do not change with the selection). Returns a plain-dict figure.
    """
    n = len(locations)
    trace = {
        "type": "choropleth",
        "geojson": geojson,
        "featureidkey": "id",
        "locations": list(locations),
        "text": list(names),
        "z": [0] * n,
        "zmin": -0.5,
        "zmax": 1.5,
        "colorscale": discrete_colorscale(1),
        "customdata": [""] * n,
        "hovertemplate": "<b>%{text}</b><extra></extra>",
        "marker": {"line": {"color": "white", "width": 0.5 if n < 500 else 0.2}},
        "showscale": False,
    }
    layout = {
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 0, "r": 0, "t": 36, "b": 0},
        "paper_bgcolor": "white",
        "geo": geo_layout(),
        "height": height,
        "title": {"text": "", "x": 0.01, "font": {"size": 15}},
        "uirevision": "map",  # keep the user's zoom while values change
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
    }
    return {"data": [trace], "layout": layout}


def map_values(
    *,
    codes: Sequence[int],
    classes: Classes,
    legend: Sequence[str],
    grey_label: str,
    customdata: Sequence[Any],
    hovertemplate: str,
    title: str,
    legend_title: str,
) -> dict[str, Any]:
    """The parts of the trace that change with a selection (apply with ``Patch``).

    ``codes``: per location 0 (grey: no shown rate) or class + 1; ``legend``: class
    labels (:func:`legend_labels`); ``grey_label``: the grey band's label. Returns
    ``{"trace": {...}, "title": str}``.
    """
    k = classes.k
    trace = {
        "z": list(codes),
        "zmin": -0.5,
        "zmax": k + 0.5,
        "colorscale": discrete_colorscale(k),
        "customdata": list(customdata),
        "hovertemplate": hovertemplate,
        "showscale": True,
        "colorbar": {
            "tickvals": list(range(k + 1)),
            "ticktext": [grey_label, *legend],
            "title": {"text": legend_title, "side": "top"},
            "thickness": 14,
            "len": 0.5 + 0.05 * k,
            "x": 0.99,
            "xanchor": "right",
            "y": 0.02,
            "yanchor": "bottom",
            "outlinewidth": 0,
            "bgcolor": "rgba(255,255,255,0.8)",
        },
    }
    return {"trace": trace, "title": title}


# ---------------------------------------------------------------------------------------
# From a RateTable to what the page shows (labels, hover, legend, table rows, CSV)

#: Classes relative to the area's own rate used by the "plan" method when a plan gives
#: no thresholds of its own: 80%, 90%, 110% and 120% of the area rate.
PLAN_RELATIVE = (0.8, 0.9, 1.1, 1.2)


def unit_label(rate: str, lang: str) -> str:
    return t("map.unit.percent" if rate == "cum_0_74" else "map.unit.per100k", lang)


def period_label(year_from: int, year_to: int, lang: str) -> str:
    if year_from == year_to:
        return t("map.period.single", lang, year=year_from)
    return t("map.period.pooled", lang, start=year_from, end=year_to)


def site_label(site: str, lang: str) -> str:
    s = SITE_BY_KEY.get(site)
    return pick(s.name_zh, s.name_en, lang) if s else site


def masked_count_texts(counts: Any, limit: int) -> list[str | None]:
    """Per county: None (show the count), "<limit+1" (a small count) or "—" (hidden so that
    the area total cannot reveal a lone small count: :func:`dashboard.epi.hidden_counts`)."""
    primary, complementary = hidden_counts(counts, limit)
    return [f"<{limit + 1}" if p else "—" if c else None for p, c in zip(primary, complementary, strict=True)]


def reason_text(reason: str, measure: str, lang: str) -> str:
    """A suppression reason code as words."""
    count = t(f"map.count.{measure}", lang)
    if reason.startswith("fewer_than_"):
        n = "".join(ch for ch in reason.removeprefix("fewer_than_").split("_")[0] if ch.isdigit())
        key = "map.reason.fewer_than_0_74" if reason.endswith("_0_74") else "map.reason.fewer_than"
        return t(key, lang, n=n, count=count, count_lower=count.lower())
    key = f"map.reason.{reason}"
    try:
        return t(key, lang)
    except KeyError:
        return reason


def quality_text(flags: str, lang: str) -> str:
    """Registry-quality flag codes ("mv_low;dco_high") as words ("" when none)."""
    codes = [c for c in str(flags or "").split(";") if c]
    if not codes:
        return ""
    return (
        "、".join(t(f"map.quality.{c}", lang) for c in codes)
        if lang == "zh"
        else ", ".join(t(f"map.quality.{c}", lang) for c in codes)
    )


def plan_thresholds(area_rate: float, breaks: Sequence[float] | None = None) -> list[float]:
    """Thresholds of the "plan" method: the given ``breaks``, else relative to the area rate."""
    if breaks:
        return sorted(float(b) for b in breaks)
    if area_rate is None or not math.isfinite(area_rate):
        return []
    return [round(area_rate * f, 6) for f in PLAN_RELATIVE]


def classify_table(table: Any, method: str, k: int, breaks: Sequence[float] | None = None) -> Classes:
    """Classes of the shown rates of a :class:`~dashboard.queries.registry.RateTable`."""
    values = table.counties["rate"].to_numpy(dtype=float)
    if method == "plan":
        return classify(values, "plan", k, thresholds=plan_thresholds(table.area.get("rate"), breaks))
    return classify(values, method, k)


def map_store(
    table: Any,
    classes: Classes,
    *,
    key: str,
    locations: Sequence[str],
    lang: str,
    title: str,
    legend_title: str,
    small_cell_limit: int = 5,
) -> dict[str, Any]:
    """What a value update sends for the map: class codes, legend, title, hover template.

    ``z`` has one code per location (0 grey: no shown rate or no county row; class + 1
    otherwise). The tooltip's numbers are not here: they are the county table's rows
    (:func:`table_rows`), which the browser joins to the locations (see
    :func:`hover_customdata`, mirrored by the page's clientside callback), so the same
    numbers are never sent twice. ``key`` identifies the selection, to match the rows.
    With more than :data:`FULL_HOVER_MAX` locations the store also carries ``custom``
    (each county's rate, or a short reason) and a name-and-rate tooltip instead.
    """
    df = table.counties
    sel = table.selection
    pos = {a: i for i, a in enumerate(df["area"].tolist())}
    rows = [pos.get(loc, -1) for loc in locations]
    cls = classes.codes.tolist()
    supp = df["suppressed"].tolist()
    codes = [0 if r < 0 or supp[r] or cls[r] < 0 else cls[r] + 1 for r in rows]
    n_grey = sum(1 for c in codes if c == 0)
    values = map_values(
        codes=codes,
        classes=classes,
        legend=legend_labels(classes, table.decimals),
        grey_label=t("map.grey_band", lang, n=n_grey),
        customdata=[],
        hovertemplate=hover_template(sel.measure, sel.rate, lang),
        title=title,
        legend_title=legend_title,
    )
    trace = values["trace"]
    del trace["customdata"]
    store = {
        "key": key,
        "trace": trace,
        "title": title,
        "dec": table.decimals,
        "n_ranked": table.n_ranked,
        "lang": lang,
        "no_data": reason_text("no_data", sel.measure, lang),
        "quality_label": t("map.quality.warning", lang, flags=""),
        "masked": f"<{small_cell_limit + 1}",
    }
    if len(locations) > FULL_HOVER_MAX:
        # national scale: the tooltip's rate travels with the codes (≈ 6 bytes a county), so
        # the map repaints without waiting for the (large) table
        rate = df["rate"].tolist()
        reasons = df["reason"].tolist()
        short: dict[str, str] = {}
        custom: list[Any] = []
        for r in rows:
            if r >= 0 and not supp[r]:
                custom.append(rate[r])
                continue
            code = reasons[r] if r >= 0 else "no_data"
            if code not in short:
                short[code] = _short_reason(code, sel.measure, lang)
            custom.append(short[code])
        store["custom"] = custom
        store["trace"]["hovertemplate"] = hover_template(sel.measure, sel.rate, lang, lite=True)
    return store


def _short_reason(code: str, measure: str, lang: str) -> str:
    """ "—（<16例）" / "— (<16)" for few cases; "—（无登记数据）" otherwise."""
    if code.startswith("fewer_than_"):
        n = "".join(ch for ch in code.removeprefix("fewer_than_").split("_")[0] if ch.isdigit())
        return f"—（<{n}例）" if lang == "zh" else f"— (<{n})"
    text = reason_text(code, measure, lang)
    return f"—（{text}）" if lang == "zh" else f"— ({text})"


def hover_template(measure: str, rate: str, lang: str, *, lite: bool = False) -> str:
    """The tooltip: name, rate with 95% CI (or why not shown), count, person-years, rank, quality.

    ``lite``: name and rate only (``customdata`` is then one value per county).
    """
    colon = "：" if lang == "zh" else ": "
    rate_l = t(f"map.rate_short.{rate}", lang)
    unit = unit_label(rate, lang)
    head = f"{rate_l}（{unit}）" if lang == "zh" else f"{rate_l} ({unit})"
    if lite:
        return f"<b>%{{text}}</b><br>{head}{colon}%{{customdata}}<br><i>{t('map.hover.click', lang)}</i><extra></extra>"
    sep = "　" if lang == "zh" else " · "
    return (
        f"<b>%{{text}}</b><br>{head}{colon}%{{customdata[0]}}"
        f"<br>{t(f'map.count.{measure}', lang)}{colon}%{{customdata[1]}}{sep}"
        f"{t('map.hover.person_years', lang)}{colon}%{{customdata[2]}}"
        f"<br>{t('map.hover.rank', lang)}{colon}%{{customdata[3]}}%{{customdata[4]}}<extra></extra>"
    )


def _fixed(value: float, dec: int) -> str:
    return f"{value:.{dec}f}"


def hover_customdata(rows: Sequence[dict[str, Any]], locations: Sequence[str],
                     store: dict[str, Any]) -> list[list[str]]:  # fmt: skip
    """Tooltip rows per location from table rows (the Python twin of the page's JS).

    Each is [rate with CI, or "—" and the reason; count (masked); person-years; rank;
    quality warning ("" or "<br>⚠ ...")].
    """
    by_area = {r["area"]: r for r in rows}
    dec = int(store["dec"])
    zh = store["lang"] == "zh"
    out: list[list[str]] = []
    for loc in locations:
        r = by_area.get(loc)
        if r is None:
            note = store["no_data"]
            out.append([f"—（{note}）" if zh else f"— ({note})", "—", "—", "—", ""])
            continue
        if r.get("rate") is None:
            rate = f"—（{r.get('note', '')}）" if zh else f"— ({r.get('note', '')})"
            rank = "—"
        else:
            rate = f"{_fixed(r['rate'], dec)} ({_fixed(r['lower'], dec)}–{_fixed(r['upper'], dec)})"
            rank = f"{r['rank']}/{store['n_ranked']}" if zh else f"{r['rank']} of {store['n_ranked']}"
        warn = f"<br>{store['quality_label']}{r['quality']}" if r.get("quality") else ""
        cases = r.get("cases_text", store["masked"]) if r.get("cases") is None else f"{r['cases']:,}"
        out.append([rate, cases, f"{r['person_years']:,}", rank, warn])
    return out


#: The clientside twin of :func:`hover_customdata` and of applying a map store: one
#: ``dash_clientside.Patch`` (z, colours, legend, title, tooltip), so the map redraws once.
APPLY_JS = """
function (store, tableKey, rows, locations) {  // rows: the table rows of tableKey
    var dc = window.dash_clientside;
    if (!store || !store.trace) { return dc.no_update; }
    var p = new dc.Patch();
    Object.keys(store.trace).forEach(function (k) { p.assign(["data", 0, k], store.trace[k]); });
    p.assign(["layout", "title", "text"], store.title);
    if (store.custom) {  // national scale: self-contained, do not wait for the table
        var trig = (dc.callback_context.triggered || []).map(function (t) { return t.prop_id; });
        if (trig.indexOf("map-values.data") < 0) { return dc.no_update; }
        p.assign(["data", 0, "customdata"], store.custom);
        return p.build();
    }
    if (!rows || !locations || store.key !== tableKey) { return dc.no_update; }
    var byArea = {};
    for (var i = 0; i < rows.length; i++) { byArea[rows[i].area] = rows[i]; }
    var dec = store.dec, zh = store.lang === "zh";
    var wrap = function (s) { return zh ? "—（" + s + "）" : "— (" + s + ")"; };
    var custom = locations.map(function (loc) {
        var r = byArea[loc];
        if (!r) { return [wrap(store.no_data), "—", "—", "—", ""]; }
        var rate, rank;
        if (r.rate == null) { rate = wrap(r.note || ""); rank = "—"; }
        else {
            rate = r.rate.toFixed(dec) + " (" + r.lower.toFixed(dec) + "–" + r.upper.toFixed(dec) + ")";
            rank = zh ? r.rank + "/" + store.n_ranked : r.rank + " of " + store.n_ranked;
        }
        var warn = r.quality ? "<br>" + store.quality_label + r.quality : "";
        var cases = r.cases == null ? (r.cases_text || store.masked) : r.cases.toLocaleString("en-US");
        return [rate, cases, r.person_years.toLocaleString("en-US"), rank, warn];
    });
    p.assign(["data", 0, "customdata"], custom);
    return p.build();
}
"""


def figure_with_store(
    figure: dict[str, Any], store: dict[str, Any], rows: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The base figure with a map store and its table rows applied (the first render)."""
    trace = figure["data"][0]
    trace.update(store["trace"])
    trace["customdata"] = (
        store["custom"] if "custom" in store else hover_customdata(rows, trace["locations"], store)
    )
    figure["layout"]["title"]["text"] = store["title"]
    return figure


def table_rows(table: Any, classes: Classes, *, lang: str, small_cell_limit: int) -> list[dict[str, Any]]:
    """Rows for the county table (dash-ag-grid), compact: empty fields are left out.

    Keys: area, county, person_years, and when they apply: cases (absent when 1..limit:
    never shown), rate, lower, upper, rank, colour (shown rates only), note (why no rate),
    quality (registry-quality flags in words).
    """
    df = table.counties
    sel = table.selection
    name_col = "name_en" if lang == "en" else "name_zh"
    colours = class_colours(classes)
    masked = masked_count_texts(df["cases"], small_cell_limit)
    out = []
    for i, row in enumerate(df.itertuples(index=False)):
        shown = not row.suppressed
        r: dict[str, Any] = {
            "area": row.area,
            "county": getattr(row, name_col) or row.name_zh,
            "person_years": round(float(row.person_years)),
        }
        if masked[i] is None:
            r["cases"] = int(row.cases)
        else:
            r["cases_text"] = masked[i]
        if shown:
            r.update(rate=float(row.rate), lower=float(row.lower), upper=float(row.upper), rank=int(row.rank),
                     colour=colours[i])  # fmt: skip
        else:
            r["note"] = reason_text(row.reason, sel.measure, lang)
        if row.quality_flags:
            r["quality"] = quality_text(row.quality_flags, lang)
        out.append(r)
    return out


def csv_frame(
    table: Any, *, lang: str, small_cell_limit: int, area_name: str, area_code: str
) -> pd.DataFrame:
    """The numbers behind the map as a CSV-ready frame, with the same suppression as the screen.

    One row per county and a last row for the area itself; counts from 1 to the small-cell
    limit are written as "<6", suppressed rates as empty cells with the reason in ``note``.
    """
    sel = table.selection
    df = table.counties
    name_col = "name_en" if lang == "en" else "name_zh"
    shown = ~df["suppressed"].to_numpy(bool)
    a = table.area
    out = pd.DataFrame({
        "adcode": [*df["area"], area_code],
        "name": [*(df[name_col].fillna(df["name_zh"])), area_name],
        "measure": sel.measure,
        "site": sel.site,
        "sex": sel.sex,
        "period": sel.period,
        "rate_type": sel.rate,
        "unit": "percent" if sel.rate == "cum_0_74" else "per_100000",
        "rate": [*df["rate"].where(shown), None if a["suppressed"] else a["rate"]],
        "ci95_lower": [*df["lower"].where(shown), None if a["suppressed"] else a["lower"]],
        "ci95_upper": [*df["upper"].where(shown), None if a["suppressed"] else a["upper"]],
        sel.count_col: [*(m or str(int(c)) for m, c in zip(masked_count_texts(df["cases"], small_cell_limit),
                                                           df["cases"], strict=True)), str(a["cases"])],
        "person_years": [*df["person_years"].round().astype("int64"), round(a["person_years"])],
        "rank": pd.array([*(int(r) if s else None for r, s in zip(df["rank"], shown, strict=True)), None],
                         dtype="Int64"),
        "registry_quality_flags": [*(quality_text(f, lang) for f in df["quality_flags"]), ""],
        "note": [*(reason_text(r, sel.measure, lang) if not s else "" for r, s in zip(df["reason"], shown, strict=True)),
                 "" if not a["suppressed"] else reason_text(a["reason"], sel.measure, lang)],
    })  # fmt: skip
    return out
