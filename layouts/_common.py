"""Small layout helpers shared by pages (not a page itself)."""

from __future__ import annotations

import dash_bootstrap_components as dbc

from dashboard.i18n import current_language, t
from dashboard.queries.areas import area_info
from dashboard.runtime import current_db, current_settings

PLAN_AREAS = ("500000", "360400")


def page_language() -> str:
    return current_language(current_settings().default_language)


def checked_area(area: str | None, *, allow_china: bool = False) -> str | None:
    """The requested plan area if it is known, else None (the page says so)."""
    area = (area or "500000").strip()
    allowed = PLAN_AREAS + (("china",) if allow_china else ())
    if area not in allowed:
        return None
    if area != "china" and area_info(current_db(), area) is None:
        return None
    return area


def unknown_area(area: str | None, lang: str) -> dbc.Alert:
    return dbc.Alert(t("error.unknown_area", lang, area=area), color="danger", className="mt-3")


def area_name(area: str, lang: str) -> str:
    info = area_info(current_db(), area) or {}
    return str(info.get("name_en" if lang == "en" else "name_zh") or area)
