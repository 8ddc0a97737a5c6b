"""Small layout helpers shared by pages (not a page itself)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.access.scope import current_scope, may_read_area, may_read_county
from dashboard.i18n import current_language, t
from dashboard.infra.runtime import current_db, current_settings
from dashboard.queries.areas import NATIONAL, area_info, counties, plan_area_codes


def page_language() -> str:
    return current_language(current_settings().default_language)


def may_show(area: str, *, county_level: bool = False) -> bool:
    """Whether the request may read plan area ``area`` (``county_level``: or one of its counties).

    Layouts only hide what is not allowed; the views check again below them."""
    if may_read_area(area):
        return True
    if not county_level or area == NATIONAL:
        return False
    return any(may_read_county(area, str(c)) for c in counties(current_db(), area)["adcode"])


def checked_area(area: object, *, allow_china: bool = False, county_level: bool = False) -> str | None:
    """The requested plan area if it is one the request may read (default: the first such
    plan area), else None (the page says so: :func:`unknown_area`).

    Plan areas come from the plan files (``PLANS_DIR``); ``"china"`` is the
    national scale layer where a page offers it.
    """
    db = current_db()
    if area is None or area == "":
        readable = [c for c in plan_area_codes(db) if may_show(c, county_level=county_level)]
        return readable[0] if readable else None
    if not isinstance(area, str):
        return None
    area = area.strip()
    allowed = plan_area_codes(db) + ((NATIONAL,) if allow_china else ())
    if area not in allowed:
        return None
    if area != NATIONAL and area_info(db, area) is None:
        return None
    if not may_show(area, county_level=county_level):
        return None
    return area


def unknown_area(area: str | None, lang: str) -> dbc.Alert:
    """The message for an area that is not a plan area, or one the request may not read."""
    codes = plan_area_codes(current_db())
    if codes and (area in (None, "") or area in codes or area == NATIONAL):
        scope = current_scope()
        login = None if scope.authenticated else html.A(t("access.shell.login", lang), href="/login",
                                                         className="alert-link ms-2")  # fmt: skip
        return dbc.Alert(
            [t("access.denied.area", lang), login], color="warning", className="mt-3 access-denied"
        )
    return dbc.Alert(t("error.unknown_area", lang, area=area), color="danger", className="mt-3")


def area_name(area: str, lang: str) -> str:
    info = area_info(current_db(), area) or {}
    return str(info.get("name_en" if lang == "en" else "name_zh") or area)
