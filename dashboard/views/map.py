"""The view of the incidence and mortality map (/map): selection → data → words → what is shown.

No Dash here (no components, no callbacks, no request or Flask): ``layouts/map.py`` (the
first render) and ``callbacks/map.py`` (updates) pass the database, the settings and the
language, and put what these functions return into components. One way through:

1. **selection** — :class:`MapParams`, one frozen object parsed once per request, from the
   URL's query parameters (:func:`parse_params`) or from the controls' values
   (:func:`params_from_controls`), validated against the area's registry years;
2. **data** — the county rates of the selection as published
   (:func:`dashboard.publish.rates.published_rates`: the area's protected pattern applied,
   memoized) and the classes of their shown rates (:func:`classify_table`);
3. **words** — titles, legend, tooltips, table headers, notes, in the chosen language
   (codes become words in :mod:`dashboard.i18n.map`); the figure builders of
   :mod:`dashboard.figures.rate_map` and :mod:`dashboard.figures.rate_bars` receive them;
4. **what the page shows** — what a changed choice sends (:func:`change_view`: the map's
   value store — class codes, legend, title, tooltips, which ``callbacks/map.py`` applies
   as one ``Patch`` of the figure — and the table's rows and columns, computed once and
   memoized), the ranked bars and summary, the CSV, a county's detail
   (:class:`CountyDetail`), and everything of the first render (:class:`MapPage`).

URL parameters of ``/map`` (every one optional; unknown values fall back to defaults):

=========  ===============================================================================
area       ``500000`` (default), ``360400`` or ``china`` (the national county layer)
measure    ``incidence`` (default) or ``mortality``
site       a key of :data:`dashboard.catalogue.sites.SITES` that applies to the sex (default ``all``)
sex        ``T`` both (default), ``M``, ``F``
rate       ``crude``, ``asr_china`` (default), ``asr_world``, ``cum_0_74``
year       a year (default: the latest) or a pooled period ``2021-2025``
classify   ``quantile`` (default), ``equal``, ``jenks``, ``plan`` (offered when the area's plan
           file sets map classes, ``legends:``, or with ``breaks``)
classes    3..7 (default 5; ignored by ``plan``)
breaks     thresholds for ``plan``, e.g. ``30,40,50`` (default: the plan file's bands for the
           measure and rate; without them the map falls back to quantiles and says so)
county     adcode of a county whose detail panel is open
=========  ===============================================================================

An area without any registry rows has no years: :func:`first_render` returns None (the
page then says which tables to load, :data:`NO_DATA_TABLES`), and the update functions
return empty results rather than raising.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from dashboard.access.scope import require_area
from dashboard.catalogue.geo import boundaries_geojson
from dashboard.catalogue.sites import SITES, sites_for_sex
from dashboard.domain.classify import (
    DEFAULT_CLASSES,
    DEFAULT_METHOD,
    MAX_CLASSES,
    METHODS,
    MIN_CLASSES,
    Classes,
    classify,
    normalise_classes,
    normalise_method,
)
from dashboard.epi import CHINA_2012
from dashboard.export.tables import TableExport, about_block
from dashboard.figures.rate_bars import MAX_BARS, make_bars_placeholder, make_county_trend, make_rate_bars
from dashboard.figures.rate_map import FULL_HOVER_MAX, base_map, class_colours, map_values, with_values
from dashboard.i18n import pick, t
from dashboard.i18n.map import (
    dash_with,
    hidden_text,
    period_label,
    period_option_label,
    quality_text,
    rank_text,
    reason_text,
    short_reason,
    site_label,
    unit_label,
)
from dashboard.infra.cache import memoize
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.publish.rates import published_rank_intervals, published_rates, published_series
from dashboard.publish.registry import national_pattern, registry_pattern
from dashboard.queries.areas import NATIONAL, area_info, counties, data_kind, plan_area_codes, plan_legends
from dashboard.queries.registry import (
    MEASURES,
    POOLED_SPANS,
    RATES,
    SEXES,
    RateTable,
    Selection,
    normalise_selection,
    parse_period,
    period_values,
    population_cube,
    registry_years,
    site_applies,
    site_cube,
)
from dashboard.views import InvalidSelection, mapping, scalar

#: URL parameters in the order the address shows them.
PARAM_ORDER = ("area", "measure", "site", "sex", "rate", "year", "classify", "classes", "breaks", "county")
#: The controls' values, in the order the callbacks receive them (URL parameter names).
CONTROL_ORDER = ("measure", "site", "sex", "rate", "year", "classify", "classes")
#: What to load when an area has no registry data yet.
NO_DATA_TABLES = ("registry_counts", "population")


# ---------------------------------------------------------------------------------------
# 1. The selection


@dataclass(frozen=True)
class MapParams:
    """Everything the page shows, as the URL holds it (validated: see :func:`parse_params`)."""

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

    @property
    def has_data(self) -> bool:
        """False when the area had no registry year to choose from (nothing to show)."""
        return self.sel.year_to > 0

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
    """``"30,40,50"`` -> (30.0, 40.0, 50.0); anything unreadable is dropped, and more breaks
    than the palette has classes for (``MAX_CLASSES - 1``) are refused as a whole (none)."""
    out = []
    for part in str(value or "").replace(";", ",").split(","):
        try:
            x = float(part)
        except ValueError:
            continue
        if math.isfinite(x):
            out.append(x)
    breaks = tuple(sorted(set(out)))
    return breaks if len(breaks) < MAX_CLASSES else ()


def _county_code(value: object) -> str | None:
    text = str(value) if value else ""
    return text if text.isdigit() and len(text) == 6 else None


def parse_params(area: str, params: dict[str, Any], years: Sequence[int]) -> MapParams:
    """Valid page parameters from URL (or control) values; ``years``: the area's registry years.

    Raises :class:`~dashboard.access.scope.AccessDenied` when the request may not read the area."""
    require_area(area)
    return MapParams(
        area=area,
        sel=normalise_selection(params, list(years)),
        method=normalise_method(params.get("classify")),
        k=normalise_classes(params.get("classes")),
        breaks=parse_breaks(params.get("breaks")),
        county=_county_code(params.get("county")),
    )


def params_from_controls(
    db: Database, state: dict[str, Any] | None, values: Sequence[Any], county: str | None = None
) -> MapParams:
    """Page parameters from the controls' values (in :data:`CONTROL_ORDER`) and the page's
    state store (``{"area", "breaks"}``), validated as the URL's are."""
    state = mapping(state, "state")
    area = scalar(state.get("area"), "area")
    if area not in (*plan_area_codes(db), NATIONAL):
        raise InvalidSelection(f"area: {str(area)[:12]!r} is not a plan area")
    if len(values) != len(CONTROL_ORDER):
        raise InvalidSelection("controls: wrong number of values")
    raw: dict[str, Any] = {name: scalar(v, name) for name, v in zip(CONTROL_ORDER, values, strict=True)}
    breaks = state.get("breaks") or []
    if not isinstance(breaks, list | tuple):
        raise InvalidSelection("breaks: expected a list of numbers")
    raw["breaks"] = ",".join(str(scalar(b, "breaks")) for b in breaks)
    raw["county"] = scalar(county, "county")
    return parse_params(str(area), raw, years_of(db, str(area)))


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


def tooltip_names(db: Database, area: str, lang: str) -> list[str]:
    """The layer's county names in ``lang``: the database's, else the boundary file's."""
    locations, geo_names = layer_features(area)
    names_df = counties(db, area)
    name_col = "name_en" if lang == "en" else "name_zh"
    db_names = dict(zip(names_df["adcode"], names_df[name_col].fillna(names_df["name_zh"]), strict=True))
    return [db_names.get(a) or n for a, n in zip(locations, geo_names, strict=True)]


# ---------------------------------------------------------------------------------------
# The area


def area_label(db: Database, area: str, lang: str) -> str:
    """The area's name ("重庆市", "All China counties")."""
    if area == "china":
        return t("area.china", lang).split("（")[0].split(" (")[0]
    info = area_info(db, area) or {}
    return str(info.get("name_en" if lang == "en" else "name_zh") or area)


def years_of(db: Database, area: str) -> list[int]:
    """The area's registry years, ascending (empty: no registry data yet)."""
    return registry_years(db, area)


def warm_area(db: Database, area: str, limit: int = 5) -> None:
    """Load every site's counts of ``area`` and its population into the memoized loaders,
    and decide the area's publication pattern (:func:`dashboard.publish.registry.registry_pattern`,
    ~1–2 s once per data version; the national layer: every plan area's and the national
    rest pattern), so that any selection of the area is then computed from memory (run it
    in the background when the page opens; ``layouts/map.py`` does)."""
    population_cube(db, area)
    for s in SITES:
        site_cube(db, area, s.site)
    if area == NATIONAL:
        for code in plan_area_codes(db):
            registry_pattern(db, code, limit)
        national_pattern(db, limit)
    else:
        registry_pattern(db, area, limit)


# ---------------------------------------------------------------------------------------
# 2. Data: rates and classes


def plan_thresholds(legend: Sequence[float] | None, breaks: Sequence[float] | None = None) -> list[float]:
    """Thresholds of the "plan" method: the given ``breaks`` (URL), else the plan file's
    (``legend``: the inner boundaries of its bands); empty when neither (no plan classes)."""
    return sorted(float(b) for b in (breaks or legend or ()))


def classify_table(table: RateTable, method: str, k: int, breaks: Sequence[float] | None = None,
                   legend: Sequence[float] | None = None) -> Classes:  # fmt: skip
    """Classes of the shown rates of a :class:`~dashboard.queries.registry.RateTable`.

    ``method="plan"`` without thresholds (no ``breaks``, no plan ``legend``) falls back to
    the default method: no plan classes are invented."""
    values = table.counties["rate"].to_numpy(dtype=float)
    if method == "plan":
        thresholds = plan_thresholds(legend, breaks)
        if thresholds:
            return classify(values, "plan", k, thresholds=thresholds)
        return classify(values, DEFAULT_METHOD, k)
    return classify(values, method, k)


def plan_legend(db: Database, p: MapParams) -> list[float] | None:
    """The thresholds the area's plan file sets for the selection's measure and rate, or None."""
    g = plan_legends(db, p.area).get(p.sel.measure)
    return None if g is None or g["rate"] != p.sel.rate else list(g["thresholds"])  # type: ignore[arg-type]


#: A single year is sparse when more than this share of the counties is grey (no rate); with
#: no year in the URL the map then opens on the latest pooled period, as State Cancer
#: Profiles opens on 5-year rates (issue 14, item 10).
SPARSE_SHARE = 0.5


def is_sparse(p: MapParams, table: RateTable) -> bool:
    """Is ``table`` a single year in which most counties have no rate?"""
    total = len(table.counties)
    single = p.sel.year_from == p.sel.year_to
    return single and total > 0 and (total - table.n_ranked) > SPARSE_SHARE * total


def pooled_if_sparse(p: MapParams, years: Sequence[int], table: RateTable) -> MapParams | None:
    """The same view over the latest longest pooled period offered when ``table`` (of ``p``)
    is a sparse single year; None when it is not sparse or no pooled period is offered."""
    span = max((n for n in POOLED_SPANS if len(years) >= n), default=0)
    if not span or not is_sparse(p, table):
        return None
    latest = max(years)
    return dataclasses.replace(p, sel=dataclasses.replace(p.sel, year_from=latest - span + 1, year_to=latest))


def _classified(db: Database, settings: Settings, p: MapParams) -> tuple[RateTable, Classes]:
    table = _published(db, settings, p)
    legend = plan_legend(db, p) if p.method == "plan" and not p.breaks else None
    return table, classify_table(table, p.method, p.k, p.breaks, legend)


def _published(db: Database, settings: Settings, p: MapParams) -> RateTable:
    """The selection's county rates as published (the one path of the page's registry numbers)."""
    return published_rates(db, p.area, p.sel, settings.suppress_rate_below, settings.small_cell_limit)


def _ranks(db: Database, settings: Settings, p: MapParams) -> pd.DataFrame:
    """The 95% intervals of the selection's ranks among the shown rates (memoized; not on
    the colours' path)."""
    return published_rank_intervals(
        db, p.area, p.sel, settings.suppress_rate_below, settings.small_cell_limit
    )


# ---------------------------------------------------------------------------------------
# 3. Words of a selection


def _paren(text: str, inner: str, lang: str) -> str:
    return f"{text}（{inner}）" if lang == "zh" else f"{text} ({inner})"


def page_headings(db: Database, area: str, lang: str) -> dict[str, str]:
    """The page heading of each measure ("重庆市：癌症死亡地图"): the heading follows the measure."""
    name = area_label(db, area, lang)
    return {m: t("map.page_title", lang, area=name, measure=t(f"map.measure.{m}", lang)) for m in MEASURES}


def rate_heading(rate: str, lang: str) -> str:
    """ "中标率（1/10万）" / "ASR China 2000 (per 100,000)": a rate column or tooltip head."""
    return _paren(t(f"map.rate_short.{rate}", lang), unit_label(rate, lang), lang)


def selection_title(p: MapParams, area: str, lang: str) -> str:
    """The map's title: area, period, site (sex), measure and rate."""
    s = p.sel
    sep = "，" if lang == "zh" else ", "
    return sep.join([
        area,
        period_label(s.year_from, s.year_to, lang),
        _paren(site_label(s.site, lang), t(f"map.sex.{s.sex}", lang), lang),
        t(f"map.measure.{s.measure}", lang) + (" " if lang == "en" else "") + t(f"map.rate_short.{s.rate}", lang),
    ])  # fmt: skip


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


def hover_template(measure: str, rate: str, lang: str, *, lite: bool = False) -> str:
    """The tooltip: name, rate with 95% CI (or why not shown), count, person-years, rank, quality.

    ``lite``: name and rate only (``customdata`` is then one value per county).
    """
    colon = "：" if lang == "zh" else ": "
    head = rate_heading(rate, lang)
    if lite:
        return f"<b>%{{text}}</b><br>{head}{colon}%{{customdata}}<br><i>{t('map.hover.click', lang)}</i><extra></extra>"
    sep = "　" if lang == "zh" else " · "
    return (
        f"<b>%{{text}}</b><br>{head}{colon}%{{customdata[0]}}"
        f"<br>{t(f'map.count.{measure}', lang)}{colon}%{{customdata[1]}}{sep}"
        f"{t('map.hover.person_years', lang)}{colon}%{{customdata[2]}}"
        f"<br>{t('map.hover.rank', lang)}{colon}%{{customdata[3]}}%{{customdata[4]}}<extra></extra>"
    )


# ---------------------------------------------------------------------------------------
# 4. What the page shows: the map's values


def map_store(
    table: RateTable,
    classes: Classes,
    *,
    key: str,
    locations: Sequence[str],
    lang: str,
    title: str,
    legend_title: str,
    county_rows: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What a value update sends for the map: class codes, legend, title, hover template
    and the tooltips (``custom``), so the map repaints from this store alone.

    ``z`` has one code per location (0 grey: no shown rate or no county row; class + 1
    otherwise). ``custom``: with ``county_rows`` (the county table's, :func:`table_rows`) each
    location's tooltip strings (:func:`hover_customdata`); with more than
    :data:`~dashboard.figures.rate_map.FULL_HOVER_MAX` locations each county's rate, or a
    short reason, and a name-and-rate tooltip instead (≈ 6 bytes a county). ``key``
    identifies the selection.
    """
    df = table.counties
    sel = table.selection
    pos = {a: i for i, a in enumerate(df["area"].tolist())}
    rows = [pos.get(loc, -1) for loc in locations]
    cls = classes.codes.tolist()
    supp = df["suppressed"].tolist()
    codes = [0 if r < 0 or supp[r] or cls[r] < 0 else cls[r] + 1 for r in rows]
    national = len(locations) > FULL_HOVER_MAX
    trace = map_values(
        codes=codes,
        k=classes.k,
        legend=legend_labels(classes, table.decimals),
        grey_label=t("map.grey_band", lang, n=sum(1 for c in codes if c == 0)),
        hovertemplate=hover_template(sel.measure, sel.rate, lang, lite=national),
        legend_title=legend_title,
    )
    store: dict[str, Any] = {
        "key": key,
        "trace": trace,
        "title": title,
        "dec": table.decimals,
        "n_ranked": table.n_ranked,
        "lang": lang,
        "no_data": reason_text("no_data", sel.measure, lang),
        "quality_label": t("map.quality.warning", lang, flags=""),
        "masked": hidden_text(lang),
    }
    if national:
        # the tooltip's rate travels with the codes (≈ 6 bytes a county), so the map
        # repaints without waiting for the (large) table
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
                short[code] = short_reason(code, sel.measure, lang)
            custom.append(short[code])
        store["custom"] = custom
    elif county_rows is not None:
        store["custom"] = hover_customdata(county_rows, locations, store)
    return store


def hover_customdata(rows: Sequence[dict[str, Any]], locations: Sequence[str],
                     store: dict[str, Any]) -> list[list[str]]:  # fmt: skip
    """Tooltip rows per location from table rows (the figure's ``customdata``).

    Each is [rate with CI, or "—" and the reason; count (or the neutral "hidden" words); person-years; rank;
    quality warning ("" or "<br>⚠ ...")].
    """
    by_area = {r["area"]: r for r in rows}
    dec = int(store["dec"])
    lang = store["lang"]
    out: list[list[str]] = []
    for loc in locations:
        r = by_area.get(loc)
        if r is None:
            out.append([dash_with(store["no_data"], lang), "—", "—", "—", ""])
            continue
        if r.get("rate") is None:
            rate = dash_with(r.get("note", ""), lang)
            rank = "—"
        else:
            rate = f"{r['rate']:.{dec}f} ({r['lower']:.{dec}f}–{r['upper']:.{dec}f})"
            rank = rank_text(r["rank"], r.get("rank_lo"), r.get("rank_hi"), store["n_ranked"], lang=lang)
        warn = f"<br>{store['quality_label']}{r['quality']}" if r.get("quality") else ""
        cases = r.get("cases_text", store["masked"]) if r.get("cases") is None else f"{r['cases']:,}"
        out.append([rate, cases, f"{r['person_years']:,}", rank, warn])
    return out


def figure_with_store(
    figure: dict[str, Any], store: dict[str, Any], rows: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The base figure with a map store and its table rows applied (the first render)."""
    custom = (
        store["custom"]
        if "custom" in store
        else hover_customdata(rows, figure["data"][0]["locations"], store)
    )
    return with_values(figure, trace=store["trace"], title=store["title"], customdata=custom)


def _store(db: Database, p: MapParams, lang: str, table: RateTable, classes: Classes,
           rows: list[dict[str, Any]] | None) -> dict[str, Any]:  # fmt: skip
    """The map's store of a selection; ``rows`` (all of :func:`table_rows`) give the tooltips
    (a layer of more than FULL_HOVER_MAX counties has short tooltips and needs none)."""
    locations, _ = layer_features(p.area)
    return map_store(table, classes, key=p.key, locations=locations, lang=lang,
                     title=selection_title(p, area_label(db, p.area, lang), lang),
                     legend_title=unit_label(p.sel.rate, lang),
                     county_rows=None if len(locations) > FULL_HOVER_MAX else rows)  # fmt: skip


def values_store(db: Database, settings: Settings, p: MapParams, lang: str) -> dict[str, Any]:
    """Only the map's part of a selection (class codes, legend, title): the value update.

    Without registry data only the key (the page's script then leaves the map alone).
    """
    return change_view(db, settings, p, lang)[0]


def change_view(
    db: Database, settings: Settings, p: MapParams, lang: str
) -> tuple[dict[str, Any], list[dict[str, Any]] | None, list[dict[str, Any]] | None]:
    """Everything a changed choice sends, computed once: (the map's store, the table's rows in
    view, the table's columns). Without registry data: only the key, no rows. For a layer
    of more than :data:`~dashboard.figures.rate_map.FULL_HOVER_MAX` counties (the national
    one) rows and columns are None: their rank intervals take a while for a selection seen
    for the first time, so the table follows in a request of its own (:func:`table_view`)
    and the map does not wait for it.

    Memoized per data version, selection and language (the caller has checked the user may
    read the area: ``p`` comes from :func:`params_from_controls`), so a selection someone
    has looked at before is answered from the cache."""
    if not p.has_data:
        return {"key": p.key}, [], column_defs(p.sel, 1, lang)
    return _change(db, replace(p, county=None), lang, settings.suppress_rate_below, settings.small_cell_limit)


def table_apart(area: str) -> bool:
    """Whether a change of ``area``'s map sends the table in a request of its own."""
    return len(layer_features(area)[0]) > FULL_HOVER_MAX


def _rules(suppress_below: int, limit: int) -> Settings:
    """Settings carrying only the two publication rules: they, not the deployment's other
    settings, key the memoized answers below."""
    return Settings().with_(suppress_rate_below=suppress_below, small_cell_limit=limit)


def _ranked_rows(db: Database, settings: Settings, p: MapParams, table: RateTable, classes: Classes,
                 lang: str) -> list[dict[str, Any]]:  # fmt: skip
    """The table's rows of a selection, each rank with its 95% interval."""
    return table_rows(table, classes, lang=lang, ranks=_ranks(db, settings, p))


@memoize()
def _change(
    db: Database, p: MapParams, lang: str, suppress_below: int, limit: int
) -> tuple[dict[str, Any], list[dict[str, Any]] | None, list[dict[str, Any]] | None]:
    settings = _rules(suppress_below, limit)
    table, classes = _classified(db, settings, p)
    if table_apart(p.area):
        return _store(db, p, lang, table, classes, None), None, None
    rows = _ranked_rows(db, settings, p, table, classes, lang)
    store = _store(db, p, lang, table, classes, rows)
    return store, rows_in_view(rows), column_defs(p.sel, table.decimals, lang)


@memoize()
def _table_apart(
    db: Database, p: MapParams, lang: str, suppress_below: int, limit: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    settings = _rules(suppress_below, limit)
    table, classes = _classified(db, settings, p)
    rows = _ranked_rows(db, settings, p, table, classes, lang)
    return rows_in_view(rows), column_defs(p.sel, table.decimals, lang)


# ---------------------------------------------------------------------------------------
# The county table


def table_rows(
    table: RateTable, classes: Classes, *, lang: str, ranks: pd.DataFrame | None = None
) -> list[dict[str, Any]]:
    """Rows for the county table (dash-ag-grid), compact: empty fields are left out.

    ``table``: a published table (:func:`dashboard.publish.rates.published_rates`). Keys:
    area, county, person_years, and when they apply: cases (absent when the count is hidden:
    ``cases_text`` then holds the one neutral reason, the same for a small count and for a
    count hidden to protect another), rate, lower, upper, rank, colour (shown rates only),
    rank_lo and rank_hi (the rank's 95% interval, when ``ranks``, the frame of
    :func:`~dashboard.publish.rates.published_rank_intervals`, is given), note (why no
    rate), quality (registry-quality flags in words).
    """
    df = table.counties
    sel = table.selection
    name_col = "name_en" if lang == "en" else "name_zh"
    colours = class_colours(classes)
    hidden = _hidden_flags(df)
    hidden_words = hidden_text(lang)
    rank_lo = rank_hi = None
    if ranks is not None:
        rank_lo, rank_hi = ranks["rank_lower"].to_numpy(float), ranks["rank_upper"].to_numpy(float)
    # plain lists of the columns (a row loop over the frame itself costs ~10x more)
    col = {c: df[c].tolist() for c in ("area", "name_zh", "person_years", "cases", "suppressed", "rate", "lower",
                                       "upper", "rank", "reason", "quality_flags")}  # fmt: skip
    names = df[name_col].tolist()
    out = []
    for i, area in enumerate(col["area"]):
        r: dict[str, Any] = {
            "area": area,
            "county": names[i] or col["name_zh"][i],
            "person_years": round(float(col["person_years"][i])),
        }
        if hidden[i]:
            r["cases_text"] = hidden_words
        else:
            r["cases"] = int(col["cases"][i])
        if not col["suppressed"][i]:
            r.update(rate=float(col["rate"][i]), lower=float(col["lower"][i]), upper=float(col["upper"][i]),
                     rank=int(col["rank"][i]), colour=colours[i])  # fmt: skip
            if rank_lo is not None and rank_hi is not None and math.isfinite(rank_lo[i]):
                r.update(rank_lo=int(rank_lo[i]), rank_hi=int(rank_hi[i]))
        else:
            r["note"] = reason_text(col["reason"][i], sel.measure, lang)
        if col["quality_flags"][i]:
            r["quality"] = quality_text(col["quality_flags"][i], lang)
        out.append(r)
    return out


def _hidden_flags(df: pd.DataFrame) -> np.ndarray:
    """Which rows' counts are hidden (a published table's ``hidden``; a NaN count too)."""
    flags = df["hidden"].to_numpy(bool) if "hidden" in df else np.zeros(len(df), bool)
    return flags | df["cases"].isna().to_numpy()


#: The rank column's text: "第3位（1–7）" / "3 (1–7)" (sorted by the rank itself).
_RANK_JS = (
    "params.value == null ? '—' : (params.data.rank_lo == null ? String(params.value) : ({zh} ? "
    "'第' + params.value + '位（' + params.data.rank_lo + '–' + params.data.rank_hi + '）' : "
    "params.value + ' (' + params.data.rank_lo + '–' + params.data.rank_hi + ')'))"
)


def column_defs(sel: Selection, dec: int, lang: str) -> list[dict[str, Any]]:
    """dash-ag-grid columns of the county table (sortable; numbers right-aligned)."""
    num = f"params.value == null ? '—' : params.value.toFixed({dec})"
    return [
        {"field": "county", "headerName": t("map.col.county", lang), "pinned": "left", "minWidth": 130,
         "cellStyle": {"function": "({'borderLeft': '10px solid ' + (params.data.colour || '#d9d9d9')})"}},
        {"field": "rate", "headerName": rate_heading(sel.rate, lang), "type": "rightAligned", "sort": "desc",
         "valueFormatter": {"function": num}, "minWidth": 130},
        {"field": "lower", "headerName": t("map.col.lower", lang), "type": "rightAligned",
         "valueFormatter": {"function": num}},
        {"field": "upper", "headerName": t("map.col.upper", lang), "type": "rightAligned",
         "valueFormatter": {"function": num}},
        {"field": "cases", "headerName": t(f"map.count.{sel.measure}", lang), "type": "rightAligned",
         "valueFormatter": {"function": "params.value == null ? (params.data.cases_text || '—') : params.value.toLocaleString('en-US')"}},
        {"field": "person_years", "headerName": t("map.hover.person_years", lang), "type": "rightAligned",
         "valueFormatter": {"function": "params.value == null ? '—' : params.value.toLocaleString('en-US')"}},
        {"field": "rank", "headerName": t("map.col.rank_ci", lang), "type": "rightAligned", "minWidth": 120,
         "valueFormatter": {"function": _RANK_JS.format(zh="true" if lang == "zh" else "false")}},
        {"field": "quality", "headerName": t("map.col.quality", lang), "minWidth": 160,
         "cellClass": "text-danger"},
        {"field": "note", "headerName": t("map.col.note", lang), "minWidth": 200},
        {"field": "area", "headerName": t("map.col.adcode", lang), "maxWidth": 100},
    ]  # fmt: skip


def same_columns(shown_key: str | None, key: str) -> bool:
    """Whether the table's headers of ``shown_key`` still fit ``key``: they depend on the
    measure and the rate only (re-creating the grid's columns would delay the repaint)."""
    return (shown_key or "").split("|")[1:5:3] == key.split("|")[1:5:3]


#: The national layer's table holds the counties in view: the first this many by rank. Every
#: county is in the CSV/XLSX download, and any county's detail opens from the map.
TABLE_MAX_ROWS = 200


def rows_in_view(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows: all of an area's; for the national layer (more than
    :data:`~dashboard.figures.rate_map.FULL_HOVER_MAX` counties) the :data:`TABLE_MAX_ROWS`
    highest ranked, so a change sends a few KB instead of every county."""
    if len(rows) <= FULL_HOVER_MAX:
        return rows
    return sorted((r for r in rows if "rank" in r), key=lambda r: r["rank"])[:TABLE_MAX_ROWS]


def table_view(
    db: Database, settings: Settings, p: MapParams, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The county table of a selection: (rows in view, column definitions)."""
    _store_only, rows, columns = change_view(db, settings, p, lang)
    if rows is not None and columns is not None:
        return rows, columns
    return _table_apart(
        db, replace(p, county=None), lang, settings.suppress_rate_below, settings.small_cell_limit
    )


# ---------------------------------------------------------------------------------------
# The ranked bars and the summary


def _bars_and_summary(
    db: Database, settings: Settings, p: MapParams, lang: str, table: RateTable, rows: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[str]]:
    return _bars(db, p, lang, table, rows), _summary(db, settings, p, lang, table, rows)


def _bars(
    db: Database, p: MapParams, lang: str, table: RateTable, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    area = area_label(db, p.area, lang)
    dec = table.decimals
    a = table.area
    n_shown = table.n_ranked
    return make_rate_bars(
        rows=[
            {**r, "rank_text": rank_text(r["rank"], r.get("rank_lo"), r.get("rank_hi"), lang=lang)}
            if "rank_lo" in r
            else r
            for r in rows
        ],
        area_rate=None if a["suppressed"] else a["rate"],
        area_label=""
        if a["suppressed"]
        else t("map.bars.area", lang, area=area, value=f"{a['rate']:.{dec}f}"),
        title=_bars_title(p, lang),
        axis_title=unit_label(p.sel.rate, lang),
        decimals=dec,
        max_bars=MAX_BARS,
        note=t("map.bars.top", lang, n=MAX_BARS, total=n_shown) if n_shown > MAX_BARS else "",
    )


def _bars_title(p: MapParams, lang: str) -> str:
    return t("map.bars.title", lang, rate=t(f"map.rate_short.{p.sel.rate}", lang))


def _summary(
    db: Database, settings: Settings, p: MapParams, lang: str, table: RateTable, rows: list[dict[str, Any]]
) -> list[str]:
    area = area_label(db, p.area, lang)
    unit = unit_label(p.sel.rate, lang)
    dec = table.decimals
    a = table.area
    n_shown = table.n_ranked
    total = len(rows)
    count_l = t(f"map.count.{p.sel.measure}", lang)
    value = "—" if a["suppressed"] else f"{a['rate']:.{dec}f} {unit}"
    summary = [
        t("map.summary", lang, area=area, period=period_label(p.sel.year_from, p.sel.year_to, lang),
          site=site_label(p.sel.site, lang), sex=t(f"map.sex.{p.sel.sex}", lang),
          measure=t(f"map.measure.{p.sel.measure}", lang), rate=t(f"map.rate.{p.sel.rate}", lang),
          value=value, lower="—" if a["suppressed"] else f"{a['lower']:.{dec}f}",
          upper="—" if a["suppressed"] else f"{a['upper']:.{dec}f}", count_label=count_l,
          cases=hidden_text(lang) if a["cases"] is None else f"{a['cases']:,}"),
        t("map.summary.counties", lang, n=f"{total:,}", shown=f"{n_shown:,}", hidden=f"{total - n_shown:,}",
          count=count_l, count_lower=count_l.lower(), threshold=settings.suppress_rate_below),
    ]  # fmt: skip
    if is_sparse(p, table):  # most counties grey in one year: say where more are shown
        summary.append(t("map.summary.sparse", lang))
    n_flag = sum(1 for r in rows if r.get("quality"))
    if n_flag:
        summary.append(t("map.summary.quality", lang, n=n_flag))
    if p.method == "plan":
        legend = None if p.breaks else plan_legend(db, p)
        if p.breaks:
            summary.append(t("map.method_note.custom", lang, breaks=", ".join(f"{b:g}" for b in p.breaks)))
        elif legend:
            summary.append(t("map.method_note.plan", lang, breaks=", ".join(f"{b:g}" for b in legend)))
        else:
            summary.append(t("map.method_note.no_plan", lang, measure=t(f"map.measure.{p.sel.measure}", lang),
                             rate=t(f"map.rate.{p.sel.rate}", lang)))  # fmt: skip
    return summary


def bars_view(db: Database, settings: Settings, p: MapParams, lang: str) -> tuple[dict[str, Any], list[str]]:
    """The ranked bars and the summary lines of a selection. What the bars callback sends."""
    if not p.has_data:
        empty = make_rate_bars(rows=[], area_rate=None, area_label="", title=t("map.bars.none", lang),
                               axis_title="")  # fmt: skip
        return empty, [t("map.no_data", lang)]
    table, classes = _classified(db, settings, p)
    rows = _ranked_rows(db, settings, p, table, classes, lang)
    return _bars_and_summary(db, settings, p, lang, table, rows)


# ---------------------------------------------------------------------------------------
# The first render


@dataclass(frozen=True)
class Control:
    """One control of the page: its label, its value and its options (``label``/``value``)."""

    label: str
    value: Any
    options: list[dict[str, Any]]


@dataclass(frozen=True)
class MapPage:
    """Everything of the first render, words included.

    ``controls`` are keyed by URL parameter name (:data:`CONTROL_ORDER`); ``figure`` is the
    map with its geometry and the selection's values applied. The map is drawn first: the
    grid takes ``initial_rows`` (the rows in view) once it is on screen, and ``bars`` is an
    empty chart of the right size until the ranked bars follow.
    """

    params: MapParams
    heading: str
    controls: dict[str, Control]
    figure: dict[str, Any]
    key: str
    rows: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    bars: dict[str, Any]
    summary: list[str]
    hint: str
    table_title: str
    table_note: str
    download_label: str
    definition_title: str
    definition_body: str
    state: dict[str, Any]

    @property
    def initial_rows(self) -> list[dict[str, Any]]:
        """The table's rows in view (the grid takes them once the map is drawn)."""
        return rows_in_view(self.rows)


def site_options(sex: str, lang: str) -> list[dict[str, str]]:
    """The sites offered for a sex (e.g. no cervix for men)."""
    if sex not in SEXES:
        raise InvalidSelection(f"sex: must be one of {', '.join(SEXES)}")
    return [{"label": pick(s.name_zh, s.name_en, lang), "value": s.site} for s in sites_for_sex(sex)]


def year_options(years: Sequence[int], sel: Selection, lang: str) -> list[dict[str, str]]:
    """Single years and pooled periods of the area, plus the selection's own period (a URL
    may ask for one the menu does not list, e.g. 2019-2021)."""
    out = []
    for v in period_values(list(years)):
        a, b = parse_period(v, list(years)) or (0, 0)
        out.append({"label": period_option_label(a, b, lang), "value": v})
    if not any(o["value"] == sel.period for o in out):
        out.append({"label": period_option_label(sel.year_from, sel.year_to, lang), "value": sel.period})
    return out


def _controls(p: MapParams, years: Sequence[int], lang: str, plan_classes: bool = True) -> dict[str, Control]:
    """The page's controls; "plan" classes only when the plan sets some (or the URL gave breaks)."""
    s = p.sel
    methods = [m for m in METHODS if m != "plan" or plan_classes or p.breaks]
    return {
        "measure": Control(t("map.label.measure", lang), s.measure,
                           [{"label": t(f"map.measure_button.{m}", lang), "value": m} for m in MEASURES]),
        "sex": Control(t("map.label.sex", lang), s.sex,
                       [{"label": t(f"map.sex.{x}", lang), "value": x} for x in SEXES]),
        "site": Control(t("map.label.site", lang), s.site, site_options(s.sex, lang)),
        "rate": Control(t("map.label.rate", lang), s.rate,
                        [{"label": t(f"map.rate.{r}", lang), "value": r} for r in RATES]),
        "year": Control(t("map.label.year", lang), s.period, year_options(years, s, lang)),
        "classify": Control(t("map.label.method", lang), p.method,
                            [{"label": t(f"map.method.{m}", lang), "value": m} for m in methods]),
        "classes": Control(t("map.label.classes", lang), p.k,
                           [{"label": t("map.classes", lang, k=k), "value": k}
                            for k in range(MIN_CLASSES, MAX_CLASSES + 1)]),
    }  # fmt: skip


def first_render(
    db: Database, settings: Settings, area: str, query: dict[str, Any], lang: str
) -> MapPage | None:
    """The whole first view of ``area`` from the URL's ``query`` (parsed once), or None when
    the area has no registry data yet (the page then names :data:`NO_DATA_TABLES`)."""
    years = years_of(db, area)
    if not years:
        return None
    p = parse_params(area, query, years)
    plan_classes = bool(plan_legends(db, area))
    if p.method == "plan" and not (plan_classes or p.breaks):  # not offered: the default instead
        p = replace(p, method=DEFAULT_METHOD)
    locations, _ = layer_features(area)
    table, classes = _classified(db, settings, p)
    pooled = None if query.get("year") else pooled_if_sparse(p, years, table)
    if pooled is not None:  # no year asked and most counties grey in the latest: pooled years
        p = pooled
        table, classes = _classified(db, settings, p)
    rows = _ranked_rows(db, settings, p, table, classes, lang)
    store = _store(db, p, lang, table, classes, rows)
    summary = _summary(db, settings, p, lang, table, rows)
    bars = make_bars_placeholder(n_bars=min(table.n_ranked, MAX_BARS), title=_bars_title(p, lang))
    figure = figure_with_store(base_map(geojson=layer_geojson(area), locations=locations,
                                        names=tooltip_names(db, area, lang)), store, rows)  # fmt: skip
    count = t(f"map.count.{p.sel.measure}", lang)
    return MapPage(
        params=p,
        heading=t("map.page_title", lang, area=area_label(db, area, lang),
                  measure=t(f"map.measure.{p.sel.measure}", lang)),
        controls=_controls(p, years, lang, plan_classes),
        figure=figure,
        key=p.key,
        rows=rows,
        columns=column_defs(p.sel, table.decimals, lang),
        bars=bars,
        summary=summary,
        hint=t("map.hint", lang),
        table_title=t("map.table.title", lang),
        table_note=t("map.table.top", lang, n=TABLE_MAX_ROWS, total=f"{len(locations):,}")
        if len(locations) > FULL_HOVER_MAX
        else "",
        download_label=t("common.download_csv", lang),
        definition_title=t("map.definition.title", lang),
        definition_body=t("map.definition.body", lang, count=count, count_lower=count.lower(),
                          threshold=settings.suppress_rate_below, limit=settings.small_cell_limit),
        state={"area": area, "breaks": list(p.breaks)},
    )  # fmt: skip


# ---------------------------------------------------------------------------------------
# A county's detail


@dataclass(frozen=True)
class CountyDetail:
    """A county's detail panel, every word ready.

    ``facts``: (label, value) pairs; ``profile``: (link text, href) to the county profile,
    or None (the national layer has none); ``years``: per year ``year``, ``rate``,
    ``cases`` and ``note`` under ``year_headers``; ``quality``: (indicator, value,
    reference) rows under ``quality_title``.
    """

    name: str
    adcode: str
    title: str
    facts: list[tuple[str, str]]
    profile: tuple[str, str] | None
    figure: dict[str, Any]
    figure_filename: str
    trend: str
    year_headers: list[str]
    years: list[dict[str, Any]]
    quality_title: str
    quality: list[tuple[str, str, str]]
    more: str
    cases: str
    person_years: str


def _pct(v: float) -> str:
    return "—" if v is None or math.isnan(v) else f"{v:.1f}%"


def _none_if(values: pd.Series, suppressed: pd.Series) -> list[float | None]:
    return [None if s else float(v) for v, s in zip(values, suppressed, strict=True)]


def county_detail(
    db: Database, settings: Settings, p: MapParams, county: str, lang: str
) -> CountyDetail | None:
    """Name, the selection, rates by year with the trend, quality indicators; None if unknown."""
    if not p.has_data:
        return None
    table = _published(db, settings, p)
    hit = table.counties[table.counties["area"] == county]
    if hit.empty:
        return None
    row = hit.iloc[0]
    pos = int(np.flatnonzero(table.counties["area"].to_numpy() == county)[0])
    rk = _ranks(db, settings, p).iloc[pos]
    name = str(row["name_en"] if lang == "en" and row["name_en"] else row["name_zh"])
    series = published_series(
        db, p.area, county, p.sel, settings.suppress_rate_below, settings.small_cell_limit
    )
    tab = series.table
    dec = table.decimals
    unit = unit_label(p.sel.rate, lang)
    rate_name = t(f"map.rate_short.{p.sel.rate}", lang)
    measure = p.sel.measure
    fig = make_county_trend(
        years=tab["year"].tolist(),
        rates=_none_if(tab["rate"], tab["suppressed"]),
        lowers=_none_if(tab["lower"], tab["suppressed"]),
        uppers=_none_if(tab["upper"], tab["suppressed"]),
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
    hidden_words = hidden_text(lang)
    year_hidden = _hidden_flags(tab)  # the same pattern as the map's single years
    years = [
        {
            "year": int(r.year),
            "rate": "—" if r.suppressed else f"{r.rate:.{dec}f} ({r.lower:.{dec}f}–{r.upper:.{dec}f})",
            "cases": hidden_words if h else f"{int(r.cases):,}",
            "note": reason_text(r.reason, measure, lang) if r.suppressed else "",
        }
        for r, h in zip(tab.itertuples(index=False), year_hidden, strict=True)
    ]
    shown = not bool(row["suppressed"])
    reference = "map.detail.reference"
    quality = [
        (t("map.detail.mv", lang), _pct(row["mv_pct"]), t(reference, lang, value=f"{CHINA_2012['mv_pct']:.1f}")),
        (t("map.detail.dco", lang), _pct(row["dco_pct"]), t(reference, lang, value=f"{CHINA_2012['dco_pct']:.2f}")),
        (t("map.detail.mi", lang), "—" if math.isnan(row["mi_ratio"]) else f"{row['mi_ratio']:.2f}",
         t(reference, lang, value=f"{CHINA_2012['mi_ratio']:.2f}")),
    ]  # fmt: skip
    selection = t("map.detail.selection", lang, site=site_label(p.sel.site, lang), sex=t(f"map.sex.{p.sel.sex}", lang),
                  measure=t(f"map.measure.{measure}", lang), rate=t(f"map.rate.{p.sel.rate}", lang))  # fmt: skip
    period = period_label(p.sel.year_from, p.sel.year_to, lang)
    value = (
        f"{row['rate']:.{dec}f} {unit} (95%CI {row['lower']:.{dec}f}–{row['upper']:.{dec}f})"
        if shown
        else "— " + reason_text(str(row["reason"]), measure, lang)
    )
    colon = "：" if lang == "zh" else ": "
    facts = [
        (selection + colon + period, value),
        (
            t("map.hover.rank", lang),
            rank_text(row["rank"], rk["rank_lower"], rk["rank_upper"], table.n_ranked, lang=lang)
            if shown
            else "—",
        ),  # fmt: skip
        (
            t("map.col.quality", lang),
            quality_text(str(row["quality_flags"]), lang) or t("map.quality.ok", lang),
        ),
    ]
    profile = (
        None
        if p.area == "china"
        else (t("map.detail.profile", lang), f"/county?{urlencode({'area': p.area, 'county': county})}")
    )
    return CountyDetail(
        name=name,
        adcode=county,
        title=_paren(name, county, lang),
        facts=facts,
        profile=profile,
        figure=fig,
        figure_filename=f"county-{county}",
        trend=trend,
        year_headers=[
            t("common.year", lang),
            f"{rate_name} (95%CI)",
            t(f"map.count.{measure}", lang),
            t("map.col.note", lang),
        ],  # fmt: skip
        years=years,
        quality_title=t("map.detail.quality", lang, period=period),
        quality=quality,
        more=t("map.detail.more", lang),
        cases=hidden_words if _hidden_flags(table.counties)[pos] else f"{int(row['cases']):,}",
        person_years=f"{row['person_years']:,.0f}",
    )


# ---------------------------------------------------------------------------------------
# CSV


def _rank_ends(ranks: pd.DataFrame | None, end: str, shown: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """One end of the ranks' intervals for the CSV (shown rates only), then the area's empty cell."""
    if ranks is None:
        return pd.array([None] * (len(shown) + 1), dtype="Int64")
    x = ranks[f"rank_{end}"].to_numpy(float)
    return pd.array([*(int(v) if s and math.isfinite(v) else None for v, s in zip(x, shown, strict=True)), None],
                    dtype="Int64")  # fmt: skip


def csv_frame(
    table: RateTable,
    *,
    lang: str,
    area_name: str,
    area_code: str,
    ranks: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The numbers behind the map as a CSV-ready frame, with the same suppression as the screen.

    ``table``: a published table (:func:`dashboard.publish.rates.published_rates`). One row
    per county and a last row for the area itself (the national layer: none while a county's
    count is hidden); a hidden count is an empty cell and its row's ``note`` the one neutral
    reason, suppressed rates are empty cells with the reason in ``note``.
    Column names are stable codes (not translated), so that files compare across languages.
    ``ranks`` (:func:`~dashboard.publish.rates.published_rank_intervals`) fills the rank's
    95% interval (``rank_ci95_lower``, ``rank_ci95_upper``; empty without it).
    """
    sel = table.selection
    df = table.counties
    name_col = "name_en" if lang == "en" else "name_zh"
    shown = ~df["suppressed"].to_numpy(bool)
    a = table.area
    hidden = _hidden_flags(df)
    total = not (area_code == NATIONAL and a.get("cases") is None)  # no national total once a cell is hidden
    tail = (lambda v: [v]) if total else (lambda v: [])  # noqa: E731
    frame = pd.DataFrame({
        "adcode": [*df["area"], *tail(area_code)],
        "name": [*(df[name_col].fillna(df["name_zh"])), *tail(area_name)],
        "measure": sel.measure,
        "site": sel.site,
        "sex": sel.sex,
        "period": sel.period,
        "rate_type": sel.rate,
        "unit": "percent" if sel.rate == "cum_0_74" else "per_100000",
        "rate": [*df["rate"].where(shown), *tail(None if a["suppressed"] else a["rate"])],
        "ci95_lower": [*df["lower"].where(shown), *tail(None if a["suppressed"] else a["lower"])],
        "ci95_upper": [*df["upper"].where(shown), *tail(None if a["suppressed"] else a["upper"])],
        sel.count_col: [*("" if h else str(int(c)) for h, c in zip(hidden, df["cases"], strict=True)),
                        *tail("" if a.get("cases") is None else str(a["cases"]))],
        "person_years": [*df["person_years"].round().astype("int64"), *tail(round(a["person_years"]))],
        "rank": pd.array([*(int(r) if s else None for r, s in zip(df["rank"], shown, strict=True)), *tail(None)],
                         dtype="Int64"),
        **{f"rank_ci95_{end}": _rank_ends(ranks, end, shown)[: len(df) + int(total)] for end in ("lower", "upper")},
        "registry_quality_flags": [*(quality_text(f, lang) for f in df["quality_flags"]), *tail("")],
        "note": [*(reason_text(r, sel.measure, lang) if not s else "" for r, s in zip(df["reason"], shown, strict=True)),
                 *tail("" if not a["suppressed"] else reason_text(a["reason"], sel.measure, lang))],
    })  # fmt: skip
    return frame


def csv_export(db: Database, settings: Settings, p: MapParams, lang: str) -> tuple[str, str]:
    """(file name, CSV text) of the numbers behind the map, suppression applied.

    Without registry data: the header and the area's row only (every value empty).
    """
    table = _published(db, settings, p)
    ranks = _ranks(db, settings, p)
    if not p.has_data:
        table = RateTable(p.sel, table.counties.iloc[0:0], table.area, table.decimals, 0)
        ranks = ranks.iloc[0:0]
    frame = csv_frame(table, lang=lang, area_name=area_label(db, p.area, lang), area_code=p.area,
                      ranks=ranks)  # fmt: skip
    s = p.sel
    name = f"{t('map.csv.filename', lang)}-{p.area}-{s.measure}-{s.site}-{s.sex}-{s.rate}-{s.period}.csv"
    return name, frame.to_csv(index=False)


def table_export(db: Database, settings: Settings, p: MapParams, lang: str) -> TableExport:
    """The map's table download (CSV or XLSX): headers and words in ``lang`` with the unit,
    rates at display precision, then the machine codes as extra columns; its about block."""
    table = _published(db, settings, p)
    ranks = _ranks(db, settings, p)
    if not p.has_data:
        table = RateTable(p.sel, table.counties.iloc[0:0], table.area, table.decimals, 0)
        ranks = ranks.iloc[0:0]
    area = area_label(db, p.area, lang)
    raw = csv_frame(
        table,
        lang=lang,
        area_name=area,
        area_code=p.area,
        ranks=ranks,
    )
    s, dec = p.sel, table.decimals
    rate = rate_heading(s.rate, lang)
    codes = t("export.map.codes", lang)
    frame = pd.DataFrame({
        t("map.col.county", lang): raw["name"],
        t("map.col.adcode", lang): raw["adcode"],
        rate: raw["rate"].astype(float).round(dec),
        t("map.col.lower", lang): raw["ci95_lower"].astype(float).round(dec),
        t("map.col.upper", lang): raw["ci95_upper"].astype(float).round(dec),
        t(f"map.count.{s.measure}", lang): raw[s.count_col],
        t("map.hover.person_years", lang): raw["person_years"],
        t("map.col.rank", lang): raw["rank"],
        t("export.map.rank_lower", lang): raw["rank_ci95_lower"],
        t("export.map.rank_upper", lang): raw["rank_ci95_upper"],
        t("map.col.quality", lang): raw["registry_quality_flags"],
        t("map.col.note", lang): raw["note"],
        **{f"{codes}{k}": raw[k] for k in ("measure", "site", "sex", "period", "rate_type", "unit")},
    })  # fmt: skip
    title = selection_title(p, area, lang)
    about = about_block(lang, title=title, area=f"{area} ({p.area})", period=period_label(s.year_from, s.year_to, lang),
                        source=t("export.map.source", lang),
                        definition=t("export.map.definition", lang, rate=rate),
                        suppression=t("export.map.suppression", lang, threshold=settings.suppress_rate_below,
                                      limit=settings.small_cell_limit, limit1=settings.small_cell_limit + 1),
                        demo=data_kind(db) == "demonstration")  # fmt: skip
    name = csv_export_name(p, lang)
    return TableExport(frame, name.removesuffix(".csv"), title, about, lang)


def csv_export_name(p: MapParams, lang: str) -> str:
    s = p.sel
    return f"{t('map.csv.filename', lang)}-{p.area}-{s.measure}-{s.site}-{s.sex}-{s.rate}-{s.period}.csv"


__all__ = [
    "CONTROL_ORDER", "NO_DATA_TABLES", "PARAM_ORDER", "Control", "CountyDetail", "MapPage",
    "MapParams", "area_label", "bars_view", "classify_table", "column_defs", "county_detail", "csv_export",
    "csv_frame", "csv_export_name", "figure_with_store", "first_render", "hover_customdata", "hover_template", "layer_features",
    "layer_geojson", "legend_labels", "map_store", "page_headings", "params_from_controls", "parse_breaks",
    "parse_params", "plan_legend", "plan_thresholds", "rate_heading", "same_columns", "selection_title", "site_applies",
    "change_view", "rows_in_view", "table_apart", "site_options", "table_export", "table_rows", "table_view", "tooltip_names", "values_store", "warm_area", "year_options",
    "years_of",
]  # fmt: skip
