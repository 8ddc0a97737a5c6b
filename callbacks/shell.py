"""Shell: keep the plan area in every link; switch language."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash
from dash import ALL, ClientsideFunction, Dash, Input, Output, State

from components.ids import Shell

NAV_PATHS = {"home": "/", "map": "/map", "targets": "/targets", "screening": "/screening",
             "county": "/county", "methods": "/methods"}  # fmt: skip


def area_from_search(search: str | None) -> str | None:
    """The ``area`` of a query string (its first value), or None."""
    values = parse_qs((search or "").lstrip("?")).get("area")
    return values[0] if values else None


def link_targets(
    pathname: str | None, search: str | None, codes: list[str], keys: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """Hrefs of the page links (same area) and of the area buttons (same page)."""
    area = area_from_search(search) or (codes[0] if codes else "")
    keys = list(NAV_PATHS) if keys is None else keys
    page_links = [f"{NAV_PATHS[k]}?{urlencode({'area': area})}" for k in keys]
    here = pathname or "/"
    area_links = [f"{here}?{urlencode({'area': code})}" for code in codes]
    return page_links, area_links


def mark_active(class_name: str | None, active: bool) -> str:
    """The class list with ``active`` added or removed."""
    names = [n for n in (class_name or "").split() if n != "active"]
    return " ".join([*names, "active"] if active else names)


def register(app: Dash) -> None:
    registered = {p["path"] for p in dash.page_registry.values()}
    keys = [k for k, path in NAV_PATHS.items() if path in registered]

    @app.callback(
        [Output(f"{Shell.NAV_LINK_PREFIX}{k}", "href") for k in keys]
        + [Output({"type": Shell.AREA_LINK, "area": ALL}, "href"),
           Output({"type": Shell.AREA_LINK, "area": ALL}, "className")],
        Input("_pages_location", "pathname"),
        Input("_pages_location", "search"),
        State({"type": Shell.AREA_LINK, "area": ALL}, "id"),
        State({"type": Shell.AREA_LINK, "area": ALL}, "className"),
    )  # fmt: skip
    def _links(
        pathname: str | None, search: str | None, ids: list[dict[str, str]], classes: list[str | None]
    ) -> list[object]:
        codes = [str(i.get("area", "")) for i in ids or []]
        pages, areas = link_targets(pathname, search, codes, keys)
        area = area_from_search(search) or (codes[0] if codes else None)
        return [*pages, areas, [mark_active(c, area == code) for c, code in zip(classes, codes, strict=True)]]

    # Language: set the cookie and reload, in the browser (no server round trip).
    app.clientside_callback(
        ClientsideFunction(namespace="shell", function_name="switchLanguage"),
        Output(Shell.DUMMY, "data"),
        Input(Shell.LANG_BUTTON, "n_clicks"),
        prevent_initial_call=True,
    )
