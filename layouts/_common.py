"""Small layout helpers shared by pages (not a page itself)."""

from __future__ import annotations

import dash_bootstrap_components as dbc

from dashboard.i18n import current_language, t
from dashboard.infra.runtime import current_db, current_settings
from dashboard.queries.areas import NATIONAL, area_info, default_area, plan_area_codes


def page_language() -> str:
    return current_language(current_settings().default_language)


def checked_area(area: object, *, allow_china: bool = False) -> str | None:
    """The requested plan area if it is one (default: the first plan's), else None (the page says so).

    Plan areas come from the plan files (``PLANS_DIR``); ``"china"`` is the
    national scale layer where a page offers it.
    """
    db = current_db()
    if area is None or area == "":
        return default_area(db)
    if not isinstance(area, str):
        return None
    area = area.strip()
    allowed = plan_area_codes(db) + ((NATIONAL,) if allow_china else ())
    if area not in allowed:
        return None
    if area != NATIONAL and area_info(db, area) is None:
        return None
    return area


def unknown_area(area: str | None, lang: str) -> dbc.Alert:
    return dbc.Alert(t("error.unknown_area", lang, area=area), color="danger", className="mt-3")


def area_name(area: str, lang: str) -> str:
    info = area_info(current_db(), area) or {}
    return str(info.get("name_en" if lang == "en" else "name_zh") or area)
