"""The incidence and mortality map page's logic, shared by ``layouts/map.py`` (first
render) and ``callbacks/map.py`` (updates): URL parameters, what a selection shows, a
county's detail and the CSV export. No Dash components here: plain data, figure dicts and
strings (the page wraps them).

URL parameters of ``/map`` (every one optional; unknown values fall back to defaults):

=========  ===============================================================================
area       ``500000`` (default), ``360400`` or ``china`` (the national county layer)
measure    ``incidence`` (default) or ``mortality``
site       a key of :data:`dashboard.sites.SITES` that applies to the sex (default ``all``)
sex        ``T`` both (default), ``M``, ``F``
rate       ``crude``, ``asr_china`` (default), ``asr_world``, ``cum_0_74``
year       a year (default: the latest) or a pooled period ``2021-2025``
classify   ``quantile`` (default), ``equal``, ``jenks``, ``plan``
classes    3..7 (default 5; ignored by ``plan``)
breaks     thresholds for ``plan``, e.g. ``30,40,50`` (default: 80/90/110/120% of the area rate)
county     adcode of a county whose detail panel is open
=========  ===============================================================================
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import numpy as np

from dashboard.classify import DEFAULT_CLASSES, DEFAULT_METHOD, Classes, normalise_classes, normalise_method
from dashboard.config import Settings
from dashboard.db import Database
from dashboard.epi import CHINA_2012
from dashboard.figures.rate_bars import make_county_trend, make_rate_bars
from dashboard.figures.rate_map import (
    class_colours,
    classify_table,
    csv_frame,
    map_store,
    masked_count_texts,
    period_label,
    plan_thresholds,
    quality_text,
    reason_text,
    site_label,
    table_rows,
    unit_label,
)
from dashboard.geo import boundaries_geojson
from dashboard.i18n import t
from dashboard.queries.areas import area_info
from dashboard.queries.registry import (
    RateTable,
    Selection,
    county_rates,
    county_series,
    normalise_selection,
    registry_years,
)

log = logging.getLogger(__name__)

PARAM_ORDER = ("area", "measure", "site", "sex", "rate", "year", "classify", "classes", "breaks", "county")


@dataclass(frozen=True)
class MapParams:
    """Everything the page shows, as the URL holds it."""

    area: str
    sel: Selection
    method: str = DEFAULT_METHOD
    k: int = DEFAULT_CLASSES
    breaks: tuple[float, ...] = ()
    county: str | None = None

    @property
    def key(self) -> str:
        """Identifies the values shown (not the open county): matches map and table updates."""
        s = self.sel
        b = ",".join(f"{x:g}" for x in self.breaks)
        return f"{self.area}|{s.measure}|{s.site}|{s.sex}|{s.rate}|{s.period}|{self.method}|{self.k}|{b}"

    def query(self) -> str:
        """The URL query string (without "?")."""
        q: dict[str, str] = {"area": self.area, **self.sel.params(), "classify": self.method,
                             "classes": str(self.k)}  # fmt: skip
        if self.breaks:
            q["breaks"] = ",".join(f"{x:g}" for x in self.breaks)
        if self.county:
            q["county"] = self.county
        return urlencode(q)


def parse_breaks(value: object) -> tuple[float, ...]:
    """``"30,40,50"`` -> (30.0, 40.0, 50.0); anything unreadable is dropped."""
    out = []
    for part in str(value or "").replace(";", ",").split(","):
        try:
            x = float(part)
        except ValueError:
            continue
        if math.isfinite(x):
            out.append(x)
    return tuple(sorted(set(out)))


def parse_params(area: str, params: dict[str, Any], years: list[int]) -> MapParams:
    """Valid page parameters from URL (or control) values."""
    county = params.get("county")
    return MapParams(
        area=area,
        sel=normalise_selection(params, years),
        method=normalise_method(params.get("classify")),
        k=normalise_classes(params.get("classes")),
        breaks=parse_breaks(params.get("breaks")),
        county=str(county) if county and str(county).isdigit() and len(str(county)) == 6 else None,
    )


# ---------------------------------------------------------------------------------------
# Geometry: a per-process, read-only cache of the parsed layer (not the app cache: for
# "china" unpickling 1.46 MB from the file cache costs 16-49 ms a call).


@functools.lru_cache(maxsize=4)
def layer_geojson(layer: str) -> dict[str, Any]:
    """The layer's FeatureCollection (shared, read-only)."""
    return boundaries_geojson.uncached(layer)  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=4)
def layer_features(layer: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(adcodes, Chinese names) of the layer's features, in file order."""
    feats = layer_geojson(layer)["features"]
    return tuple(str(f["id"]) for f in feats), tuple(str(f["properties"].get("name_zh", "")) for f in feats)


def area_label(db: Database, area: str, lang: str) -> str:
    if area == "china":
        return t("area.china", lang).split("（")[0].split(" (")[0]
    info = area_info(db, area) or {}
    return str(info.get("name_en" if lang == "en" else "name_zh") or area)


def years_of(db: Database, area: str) -> list[int]:
    return registry_years(db, area)


def prefetch_area(db: Database, area: str) -> bool:
    """Load every site's counts of ``area`` into the app cache, in a background thread.

    Called when the map page is opened: afterwards any selection (site, sex, year, period,
    measure, rate) is computed from memory, with no database round trip. A marker in the
    shared cache (not module state) makes it once per area while the cached data live,
    across gunicorn workers; returns whether a thread was started. Outside a Flask app it
    does nothing.
    """
    from flask import current_app, has_app_context

    from dashboard.cache import cache

    if not has_app_context():
        return False
    marker = f"map-prefetch:{db.url}:{area}"
    if not cache.add(marker, True):  # atomic: False when another request already started it
        return False
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        from dashboard.queries.registry import population_cube, site_cube
        from dashboard.sites import SITES

        with app.app_context():
            try:
                population_cube(db, area)
                for s in SITES:
                    site_cube(db, area, s.site)
            except Exception:  # a failed prefetch only costs speed: requests load what they need
                log.exception("prefetch of %s failed", area)
                cache.delete(marker)

    threading.Thread(target=run, name=f"map-prefetch-{area}", daemon=True).start()
    return True


# ---------------------------------------------------------------------------------------
# A selection's data


@dataclass
class MapData:
    params: MapParams
    table: RateTable
    classes: Classes
    store: dict[str, Any]
    rows: list[dict[str, Any]]
    bars: dict[str, Any]
    summary: list[str]
    title: str
    columns: list[dict[str, Any]] = field(default_factory=list)


def selection_title(p: MapParams, area: str, lang: str) -> str:
    s = p.sel
    sep = "，" if lang == "zh" else ", "
    return sep.join([
        area,
        period_label(s.year_from, s.year_to, lang),
        f"{site_label(s.site, lang)}（{t(f'map.sex.{s.sex}', lang)}）" if lang == "zh"
        else f"{site_label(s.site, lang)} ({t(f'map.sex.{s.sex}', lang)})",
        t(f"map.measure.{s.measure}", lang) + (" " if lang == "en" else "") + t(f"map.rate_short.{s.rate}", lang),
    ])  # fmt: skip


def _classified(db: Database, settings: Settings, p: MapParams) -> tuple[RateTable, Classes]:
    table = county_rates(db, p.area, p.sel, settings.suppress_rate_below)
    return table, classify_table(table, p.method, p.k, p.breaks)


def _bars_and_summary(
    db: Database, settings: Settings, p: MapParams, lang: str, table: RateTable, rows: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[str]]:
    area = area_label(db, p.area, lang)
    unit = unit_label(p.sel.rate, lang)
    dec = table.decimals
    a = table.area
    n_shown = table.n_ranked
    total = len(rows)
    rate_name = t(f"map.rate_short.{p.sel.rate}", lang)
    bars = make_rate_bars(
        rows=rows,
        area_rate=None if a["suppressed"] else a["rate"],
        area_label=t("map.bars.area", lang, area=area, value=f"{a['rate']:.{dec}f}")
        if not a["suppressed"]
        else "",
        title=t("map.bars.title", lang, rate=rate_name),
        axis_title=unit,
        decimals=dec,
        note=t("map.bars.top", lang, n=40, total=n_shown) if n_shown > 40 else "",
    )
    count_l = t(f"map.count.{p.sel.measure}", lang)
    value = "—" if a["suppressed"] else f"{a['rate']:.{dec}f} {unit}"
    summary = [
        t("map.summary", lang, area=area, period=period_label(p.sel.year_from, p.sel.year_to, lang),
          site=site_label(p.sel.site, lang), sex=t(f"map.sex.{p.sel.sex}", lang),
          measure=t(f"map.measure.{p.sel.measure}", lang), rate=t(f"map.rate.{p.sel.rate}", lang),
          value=value, lower="—" if a["suppressed"] else f"{a['lower']:.{dec}f}",
          upper="—" if a["suppressed"] else f"{a['upper']:.{dec}f}", count_label=count_l,
          cases=f"{a['cases']:,}"),
        t("map.summary.counties", lang, n=f"{total:,}", shown=f"{n_shown:,}", hidden=f"{total - n_shown:,}",
          count=count_l, count_lower=count_l.lower(), threshold=settings.suppress_rate_below),
    ]  # fmt: skip
    n_flag = sum(1 for r in rows if r.get("quality"))
    if n_flag:
        summary.append(t("map.summary.quality", lang, n=n_flag))
    if p.method == "plan":
        if p.breaks:
            summary.append(t("map.method_note.custom", lang, breaks=", ".join(f"{b:g}" for b in p.breaks)))
        else:
            summary.append(t("map.method_note.plan", lang))
    return bars, summary


def table_view(
    db: Database, settings: Settings, p: MapParams, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The county table of a selection: (rows, column definitions). What the table callback sends."""
    table, classes = _classified(db, settings, p)
    rows = table_rows(table, classes, lang=lang, small_cell_limit=settings.small_cell_limit)
    return rows, column_defs(p.sel, table.decimals, lang, settings.small_cell_limit)


def bars_view(db: Database, settings: Settings, p: MapParams, lang: str) -> tuple[dict[str, Any], list[str]]:
    """The ranked bars and the summary lines of a selection. What the bars callback sends."""
    table, classes = _classified(db, settings, p)
    rows = table_rows(table, classes, lang=lang, small_cell_limit=settings.small_cell_limit)
    return _bars_and_summary(db, settings, p, lang, table, rows)


def map_data(
    db: Database, settings: Settings, p: MapParams, lang: str, locations: list[str] | tuple[str, ...]
) -> MapData:
    """Everything shown for one selection (map store, table, bars, summary): the first render."""
    table, classes = _classified(db, settings, p)
    title = selection_title(p, area_label(db, p.area, lang), lang)
    store = map_store(table, classes, key=p.key, locations=locations, lang=lang, title=title,
                      legend_title=unit_label(p.sel.rate, lang))  # fmt: skip
    rows = table_rows(table, classes, lang=lang, small_cell_limit=settings.small_cell_limit)
    bars, summary = _bars_and_summary(db, settings, p, lang, table, rows)
    columns = column_defs(p.sel, table.decimals, lang, settings.small_cell_limit)
    return MapData(p, table, classes, store, rows, bars, summary, title, columns)


def values_store(db: Database, settings: Settings, p: MapParams, lang: str,
                 locations: list[str] | tuple[str, ...]) -> dict[str, Any]:  # fmt: skip
    """Only the map's part of a selection (class codes, legend, title): the value update."""
    table, classes = _classified(db, settings, p)
    title = selection_title(p, area_label(db, p.area, lang), lang)
    return map_store(table, classes, key=p.key, locations=locations, lang=lang, title=title,
                     legend_title=unit_label(p.sel.rate, lang), small_cell_limit=settings.small_cell_limit)  # fmt: skip


def column_defs(sel: Selection, dec: int, lang: str, limit: int = 5) -> list[dict[str, Any]]:
    """dash-ag-grid columns of the county table (sortable; numbers right-aligned)."""
    num = f"params.value == null ? '—' : params.value.toFixed({dec})"
    rate_head = (
        f"{t(f'map.rate_short.{sel.rate}', lang)}（{unit_label(sel.rate, lang)}）"
        if lang == "zh"
        else (f"{t(f'map.rate_short.{sel.rate}', lang)} ({unit_label(sel.rate, lang)})")
    )
    return [
        {"field": "county", "headerName": t("map.col.county", lang), "pinned": "left", "minWidth": 130,
         "cellStyle": {"function": "({'borderLeft': '10px solid ' + (params.data.colour || '#d9d9d9')})"}},
        {"field": "rate", "headerName": rate_head, "type": "rightAligned", "sort": "desc",
         "valueFormatter": {"function": num}, "minWidth": 130},
        {"field": "lower", "headerName": t("map.col.lower", lang), "type": "rightAligned",
         "valueFormatter": {"function": num}},
        {"field": "upper", "headerName": t("map.col.upper", lang), "type": "rightAligned",
         "valueFormatter": {"function": num}},
        {"field": "cases", "headerName": t(f"map.count.{sel.measure}", lang), "type": "rightAligned",
         "valueFormatter": {"function": f"params.value == null ? (params.data.cases_text || '<{limit + 1}') : params.value.toLocaleString('en-US')"}},
        {"field": "person_years", "headerName": t("map.hover.person_years", lang), "type": "rightAligned",
         "valueFormatter": {"function": "params.value == null ? '—' : params.value.toLocaleString('en-US')"}},
        {"field": "rank", "headerName": t("map.col.rank", lang), "type": "rightAligned", "maxWidth": 90},
        {"field": "quality", "headerName": t("map.col.quality", lang), "minWidth": 160,
         "cellClass": "text-danger"},
        {"field": "note", "headerName": t("map.col.note", lang), "minWidth": 200},
        {"field": "area", "headerName": t("map.col.adcode", lang), "maxWidth": 100},
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------
# A county's detail


def county_detail(
    db: Database, settings: Settings, p: MapParams, county: str, lang: str
) -> dict[str, Any] | None:
    """Name, the selection, rates by year with the trend, quality indicators; None if unknown."""
    table = county_rates(db, p.area, p.sel, settings.suppress_rate_below)
    hit = table.counties[table.counties["area"] == county]
    if hit.empty:
        return None
    row = hit.iloc[0]
    pos = int(np.flatnonzero(table.counties["area"].to_numpy() == county)[0])
    name = str(row["name_en"] if lang == "en" and row["name_en"] else row["name_zh"])
    series = county_series(db, p.area, county, p.sel, settings.suppress_rate_below)
    tab = series.table
    dec = table.decimals
    unit = unit_label(p.sel.rate, lang)
    rate_name = t(f"map.rate_short.{p.sel.rate}", lang)
    fig = make_county_trend(
        years=tab["year"].tolist(),
        rates=[None if s else float(v) for v, s in zip(tab["rate"], tab["suppressed"], strict=True)],
        lowers=[None if s else float(v) for v, s in zip(tab["lower"], tab["suppressed"], strict=True)],
        uppers=[None if s else float(v) for v, s in zip(tab["upper"], tab["suppressed"], strict=True)],
        title=t("map.detail.trend_title", lang, rate=rate_name),
        axis_title=unit,
        decimals=dec,
    )
    label = t(f"map.trend.{series.trend}", lang)
    if series.trend == "insufficient_data":
        trend = t("map.detail.apc_none", lang, label=label, reason=t("map.trend.reason_missing", lang))
    else:
        trend = t("map.detail.apc", lang, apc=f"{series.apc:+.1f}", lower=f"{series.apc_lower:+.1f}",
                  upper=f"{series.apc_upper:+.1f}", label=label)  # fmt: skip
    years = []
    limit = settings.small_cell_limit
    year_masks = masked_count_texts(tab["cases"], limit)  # the years' sum is the pooled count
    for r, m in zip(tab.itertuples(index=False), year_masks, strict=True):
        years.append({
            "year": int(r.year),
            "rate": "—" if r.suppressed else f"{r.rate:.{dec}f} ({r.lower:.{dec}f}–{r.upper:.{dec}f})",
            "cases": m or f"{int(r.cases):,}",
            "note": reason_text(r.reason, p.sel.measure, lang) if r.suppressed else "",
        })  # fmt: skip
    shown = not bool(row["suppressed"])
    quality = [
        (t("map.detail.mv", lang), _pct(row["mv_pct"]), t("map.detail.reference", lang, value=f"{CHINA_2012['mv_pct']:.1f}")),
        (t("map.detail.dco", lang), _pct(row["dco_pct"]), t("map.detail.reference", lang, value=f"{CHINA_2012['dco_pct']:.2f}")),
        (t("map.detail.mi", lang), "—" if math.isnan(row["mi_ratio"]) else f"{row['mi_ratio']:.2f}",
         t("map.detail.reference", lang, value=f"{CHINA_2012['mi_ratio']:.2f}")),
    ]  # fmt: skip
    return {
        "name": name,
        "adcode": county,
        "selection": t(
            "map.detail.selection",
            lang,
            site=site_label(p.sel.site, lang),
            sex=t(f"map.sex.{p.sel.sex}", lang),
            measure=t(f"map.measure.{p.sel.measure}", lang),
            rate=t(f"map.rate.{p.sel.rate}", lang),
        ),  # fmt: skip
        "period": period_label(p.sel.year_from, p.sel.year_to, lang),
        "value": (
            f"{row['rate']:.{dec}f} {unit} (95%CI {row['lower']:.{dec}f}–{row['upper']:.{dec}f})"
            if shown
            else "— " + reason_text(str(row["reason"]), p.sel.measure, lang)
        ),  # fmt: skip
        "rank": f"{int(row['rank'])}/{table.n_ranked}" if shown else "—",
        "cases": masked_count_texts(table.counties["cases"], limit)[pos] or f"{int(row['cases']):,}",
        "person_years": f"{row['person_years']:,.0f}",
        "quality_flags": quality_text(str(row["quality_flags"]), lang),
        "quality": quality,
        "trend": trend,
        "count_label": t(f"map.count.{p.sel.measure}", lang),
        "rate_label": f"{rate_name} (95%CI)",
        "figure": fig,
        "years": years,
    }


def _pct(v: float) -> str:
    return "—" if v is None or math.isnan(v) else f"{v:.1f}%"


# ---------------------------------------------------------------------------------------
# CSV


def csv_export(db: Database, settings: Settings, p: MapParams, lang: str) -> tuple[str, str]:
    """(file name, CSV text) of the numbers behind the map, suppression applied."""
    table = county_rates(db, p.area, p.sel, settings.suppress_rate_below)
    frame = csv_frame(table, lang=lang, small_cell_limit=settings.small_cell_limit,
                      area_name=area_label(db, p.area, lang), area_code=p.area)  # fmt: skip
    s = p.sel
    name = f"{t('map.csv.filename', lang)}-{p.area}-{s.measure}-{s.site}-{s.sex}-{s.rate}-{s.period}.csv"
    return name, frame.to_csv(index=False)


__all__ = [
    "MapData", "MapParams", "area_label", "bars_view", "class_colours", "column_defs", "county_detail",
    "csv_export", "layer_features", "layer_geojson", "map_data", "parse_breaks", "parse_params",
    "plan_thresholds", "prefetch_area", "selection_title", "table_view", "values_store", "years_of",
]  # fmt: skip
