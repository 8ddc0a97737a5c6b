"""Shell: keep the plan area in every link; switch language."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash
from dash import ClientsideFunction, Dash, Input, Output

from dashboard.ids import Shell

PLAN_AREAS = ("500000", "360400")
NAV_PATHS = {"home": "/", "map": "/map", "targets": "/targets", "screening": "/screening",
             "county": "/county", "methods": "/methods"}  # fmt: skip


def area_from_search(search: str | None, default: str = "500000") -> str:
    values = parse_qs((search or "").lstrip("?")).get("area")
    return values[0] if values else default


def link_targets(
    pathname: str | None, search: str | None, keys: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """Hrefs of the page links (same area) and of the area buttons (same page)."""
    area = area_from_search(search)
    keys = list(NAV_PATHS) if keys is None else keys
    page_links = [f"{NAV_PATHS[k]}?{urlencode({'area': area})}" for k in keys]
    here = pathname or "/"
    area_links = [f"{here}?{urlencode({'area': code})}" for code in PLAN_AREAS]
    return page_links, area_links


def register(app: Dash) -> None:
    registered = {p["path"] for p in dash.page_registry.values()}
    keys = [k for k, path in NAV_PATHS.items() if path in registered]

    @app.callback(
        [Output(f"{Shell.NAV_LINK_PREFIX}{k}", "href") for k in keys]
        + [Output(f"{Shell.AREA_LINK_PREFIX}{c}", "href") for c in PLAN_AREAS]
        + [Output(f"{Shell.AREA_LINK_PREFIX}{c}", "active") for c in PLAN_AREAS],
        Input("_pages_location", "pathname"),
        Input("_pages_location", "search"),
    )
    def _links(pathname: str | None, search: str | None) -> list[object]:
        pages, areas = link_targets(pathname, search, keys)
        area = area_from_search(search)
        return [*pages, *areas, *[area == c for c in PLAN_AREAS]]

    # Language: set the cookie and reload, in the browser (no server round trip).
    app.clientside_callback(
        ClientsideFunction(namespace="shell", function_name="switchLanguage"),
        Output(Shell.DUMMY, "data"),
        Input(Shell.LANG_BUTTON, "n_clicks"),
        prevent_initial_call=True,
    )
