"""The routes of the read API (``/api/v1/``), installed on the app's Flask server.

Each data route exists as ``.json`` and ``.csv``. A route checks its query string
(:mod:`dashboard.api.params`), checks the scope as the pages do (the views' own
``require_area``; anonymous requests pass only with ``PUBLIC_VIEW``, through the same
login gate as every page), and answers with the rows of :mod:`dashboard.api.tables`.
Wrong parameters get 400, an anonymous request that may not read 401, a signed-in one
403, an unknown route 404 — always as ``{"error": {...}}`` JSON, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from dashboard.access.scope import NATIONAL, AccessDenied, current_scope, may_read_area, require_area
from dashboard.api import tables
from dashboard.api.metadata import flat_metadata, metadata
from dashboard.api.params import ApiError, check_names, choose, request_language
from dashboard.api.respond import csv_response, error_response, json_response
from dashboard.catalogue.indicators import INDICATORS
from dashboard.catalogue.sites import sites_for_sex
from dashboard.domain.screening import PROGRAMMES
from dashboard.i18n import current_language, t
from dashboard.infra.cache import data_version
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.infra.health import database_unreachable
from dashboard.infra.runtime import current_db, current_settings
from dashboard.publish.rates import published_rates
from dashboard.queries.areas import plan_area_codes
from dashboard.queries.registry import MEASURES, RATES, SEXES, RateTable, period_values
from dashboard.views import map as map_view
from dashboard.views import screening as screening_view
from dashboard.views import targets as targets_view

PREFIX = "/api/v1/"
FORMATS: tuple[str, ...] = ("json", "csv")


@dataclass(frozen=True)
class Answer:
    """What a route found: the selection it used and its rows (in ``columns`` order)."""

    selection: dict[str, Any]
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    name: str  #: the CSV file's name


@dataclass(frozen=True)
class ApiRequest:
    """One API request: its checked query, language, database and settings."""

    query: dict[str, str]
    lang: str
    db: Database
    settings: Settings


#: Parameters of each route with what they take (the index lists them).
PARAMETERS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "areas": {},
        "rates": {
            "area": "plan area adcode (default: the first the account may read); china: every county",
            "measure": "incidence (default) | mortality",
            "site": "a site key of metadata.sites that applies to the sex (default all)",
            "sex": "T (default) | M | F",
            "period": "a registry year or a pooled period the map offers, e.g. 2025 or 2021-2025 "
            "(default: the map's: the latest year, or the latest pooled period when most counties "
            "have no rate in it)",
            "rate": "crude | asr_china (default) | asr_world | cum_0_74",
        },
        "indicators": {
            "area": "plan area adcode (default: the first the account may read)",
            "indicator": "an indicator of the area's plan (default: the targets page's)",
            "year": "judge as of this year, using data up to it (default: this year, as the page)",
        },
        "screening": {
            "area": "plan area adcode (default: the first the account may read)",
            "programme": "cervical (default) | breast | lung | upper_gi | colorectal | liver",
            "year": "a year with screening rows (default: the latest)",
        },
        "metadata": {},
    }
)


# --- the area ----------------------------------------------------------------------------------


def _area(req: ApiRequest, *, national: bool = False) -> str:
    """The asked plan area (400 unless one; 401/403 unless the request may read it whole), or
    the first plan area it may read."""
    codes = (*plan_area_codes(req.db), *((NATIONAL,) if national else ()))
    value = req.query.get("area")
    if not value:
        readable = [c for c in codes if c != NATIONAL and may_read_area(c)]
        if not readable:
            raise AccessDenied("area", authenticated=current_scope().authenticated)
        return readable[0]
    if value not in codes:
        raise ApiError("area", value, codes)
    require_area(value)
    return value


# --- the routes --------------------------------------------------------------------------------


def areas(req: ApiRequest) -> Answer:
    rows = tables.area_rows(req.db)
    return Answer({}, tables.COLUMNS["areas"], rows, "areas.csv")


def rates(req: ApiRequest) -> Answer:
    """County and area rates of a map selection, as published (:func:`published_rates`)."""
    q, db, settings = req.query, req.db, req.settings
    area = _area(req, national=True)
    years = map_view.years_of(db, area)
    measure = choose(q, "measure", MEASURES, "incidence")
    sex = choose(q, "sex", SEXES, "T")
    site = choose(q, "site", [s.site for s in sites_for_sex(sex)], "all")
    rate = choose(q, "rate", RATES, "asr_china")
    periods = period_values(years)
    period = choose(q, "period", periods, periods[0] if periods else "")
    p = map_view.parse_params(area, {"measure": measure, "site": site, "sex": sex, "rate": rate, "year": period},
                              years)  # fmt: skip

    def publish(params: map_view.MapParams) -> RateTable:
        return published_rates(db, area, params.sel, settings.suppress_rate_below, settings.small_cell_limit)

    rows: list[dict[str, Any]] = []
    if years:
        table = publish(p)
        pooled = None if q.get("period") else map_view.pooled_if_sparse(p, years, table)
        if pooled is not None:  # the map's default: pooled years when the latest is sparse
            p, table = pooled, publish(pooled)
        rows = tables.rate_rows(
            table, area=area, area_name=map_view.area_label(db, area, req.lang), lang=req.lang
        )
    s = p.sel
    selection = {"area": area, "measure": s.measure, "site": s.site, "sex": s.sex, "rate": s.rate,
                 "period": s.period if years else None,
                 "unit": "percent" if s.rate == "cum_0_74" else "per_100000"}  # fmt: skip
    name = f"rates-{area}-{s.measure}-{s.site}-{s.sex}-{s.rate}-{s.period}.csv"
    return Answer(selection, tables.COLUMNS["rates"], rows, name)


def indicators(req: ApiRequest) -> Answer:
    """County and area values of one plan indicator, as the targets page's county table has them."""
    q, db, settings = req.query, req.db, req.settings
    area = _area(req)
    today = targets_view.as_of_year()

    def load(as_of: int) -> targets_view.TargetsData:
        return targets_view.load(db, area, lang=req.lang, as_of=as_of, small_cell_limit=settings.small_cell_limit,
                                 suppress_below=settings.suppress_rate_below)  # fmt: skip

    data = load(today)
    default = targets_view.parse_selection(data).indicator
    indicator = choose(q, "indicator", data.indicators, default)
    if indicator is None:  # a plan without quantified targets (or no plan): nothing to show
        return Answer({"area": area, "indicator": None, "year": today}, tables.COLUMNS["indicators"], [],
                      f"indicators-{area}.csv")  # fmt: skip
    years = sorted({int(y) for y in data.series(indicator)["year"].dropna() if int(y) <= today} | {today})
    year = int(choose(q, "year", [str(y) for y in years], str(today)))
    if year != today:
        data = load(year)
    sel = targets_view.parse_selection(data, indicator=indicator)
    rows = tables.indicator_rows(data, sel)
    ind = INDICATORS[indicator]
    selection = {"area": area, "indicator": indicator, "year": year,
                 "unit": "percent" if ind.unit == "%" else "count"}  # fmt: skip
    return Answer(selection, tables.COLUMNS["indicators"], rows, f"indicators-{area}-{indicator}-{year}.csv")


def screening(req: ApiRequest) -> Answer:
    """County and area rows of a screening programme in a year, as the screening page's tables."""
    q, db, settings = req.query, req.db, req.settings
    area = _area(req)
    data = screening_view.load(db, area, lang=req.lang, small_cell_limit=settings.small_cell_limit,
                               suppress_below=settings.suppress_rate_below)  # fmt: skip
    programme = choose(q, "programme", PROGRAMMES, PROGRAMMES[0])
    years = [str(y) for y in reversed(data.years)]
    year = choose(q, "year", years, years[0] if years else "")
    sel = screening_view.selection_from_query(data, programme=programme, year=year or None)
    rows = tables.screening_rows(data, sel) if years else []
    selection = {"area": area, "programme": sel.programme, "year": sel.year, "unit": "percent"}
    return Answer(
        selection, tables.COLUMNS["screening"], rows, f"screening-{area}-{sel.programme}-{sel.year}.csv"
    )


ROUTES: Mapping[str, Callable[[ApiRequest], Answer]] = MappingProxyType({
    "areas": areas, "rates": rates, "indicators": indicators, "screening": screening,
})  # fmt: skip


# --- answers -----------------------------------------------------------------------------------


def _language() -> str:
    return request_language(request.args, current_language(current_settings().default_language))


def _denied(exc: AccessDenied | None, lang: str, status: int) -> Response:
    key = "api.error.forbidden" if status == 403 else "api.error.login"
    what = exc.what if exc is not None else None
    return error_response({"error": {"parameter": "area" if what and what.startswith("area") else None,
                                     "value": None, "allowed": [], "message": t(key, lang)}}, status)  # fmt: skip


def _guarded(answer: Callable[[str], Response]) -> Response:
    """Run a route: its errors as JSON (400 parameters, 401/403 scope, 503 no database)."""
    lang = _language()
    try:
        return answer(lang)
    except ApiError as exc:
        return error_response(exc.body(lang), 400)
    except AccessDenied as exc:
        return _denied(exc, lang, exc.status)
    except HTTPException:
        raise
    except Exception as exc:
        if not database_unreachable(exc):
            raise
        return error_response({"error": {"parameter": None, "value": None, "allowed": [],
                                          "message": t("unavailable.title", lang)}}, 503)  # fmt: skip


def serve(route: str, fmt: str) -> Response:
    """``/api/v1/<route>.<fmt>``."""

    def answer(lang: str) -> Response:
        names = PARAMETERS[route]
        query = check_names(request.args, names)
        db, settings = current_db(), current_settings()
        version = data_version(db)
        if route == "metadata":
            meta = metadata(settings, version)
            if fmt == "json":
                return json_response(meta, version=version)
            return csv_response(("key", "value"), flat_metadata(meta), name="metadata.csv", version=version)
        got = ROUTES[route](ApiRequest(query, lang, db, settings))
        if fmt == "csv":
            return csv_response(
                got.columns, tables.flat(got.rows, got.columns), name=got.name, version=version
            )
        body = {"route": route, "selection": got.selection, "lang": lang, "data_version": version,
                "columns": list(got.columns), "rows": got.rows}  # fmt: skip
        return json_response(body, version=version)

    return _guarded(answer)


def index() -> Response:
    """``/api/v1/``: the routes, their formats and parameters."""

    def answer(lang: str) -> Response:
        check_names(request.args, ())
        routes = [{"path": f"{PREFIX}{name}.{{{'|'.join(FORMATS)}}}", "formats": list(FORMATS),
                   "parameters": {**params, "lang": "zh | en (names and messages)"},
                   "columns": list(tables.COLUMNS.get(name, ("key", "value")))}
                  for name, params in PARAMETERS.items()]  # fmt: skip
        return json_response({"version": "v1", "routes": routes, "errors": {
            "400": "a wrong, missing, repeated or unknown parameter: {error: {parameter, value, allowed, message}}",
            "401": "not logged in (PUBLIC_VIEW off)", "403": "outside the account's areas"}})  # fmt: skip

    return _guarded(answer)


def not_found(rest: str = "") -> Response:
    del rest
    return error_response({"error": {"parameter": None, "value": request.path, "allowed": [],
                                     "message": t("api.error.not_found", _language())}}, 404)  # fmt: skip


def _unauthorized(exc: HTTPException) -> Response | HTTPException:
    """The login gate's 401 (``PUBLIC_VIEW`` off) as JSON on the API; elsewhere as it was."""
    if request.path.startswith(PREFIX) or request.path == PREFIX.rstrip("/"):
        return _denied(None, _language(), 401)
    return exc


def install_api(server: Flask) -> None:
    """The routes of ``/api/v1/`` and the JSON form of the login gate's 401 for them."""
    for route in PARAMETERS:
        for fmt in FORMATS:
            server.add_url_rule(f"{PREFIX}{route}.{fmt}", f"api_{route}_{fmt}", partial(serve, route, fmt))
    server.add_url_rule(PREFIX, "api_index", index)
    server.add_url_rule(f"{PREFIX}<path:rest>", "api_not_found", not_found)
    server.register_error_handler(401, _unauthorized)


__all__ = ["PARAMETERS", "PREFIX", "ROUTES", "install_api", "serve"]
