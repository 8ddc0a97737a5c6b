"""The app shell: top bar (pages, plan area, language), demo notice, footer.

Not a page (leading underscore: Dash Pages skips it). The language comes from
the ``lang`` cookie, so the whole shell and page render in it server-side.
"""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.ids import Shell
from dashboard.access.scope import current_scope
from dashboard.i18n import current_language, pick, t
from dashboard.infra.runtime import current_db, current_settings
from dashboard.queries.areas import data_kind, plan_areas
from layouts._common import may_show

log = logging.getLogger(__name__)

#: Pages in the top bar: (key, path).
NAV_PAGES = (("home", "/"), ("map", "/map"), ("targets", "/targets"),
             ("screening", "/screening"), ("county", "/county"), ("methods", "/methods"))  # fmt: skip
#: Up to this many plan areas are buttons; more become a menu.
MAX_AREA_BUTTONS = 3
#: Bootstrap classes of an area button (``active`` is added for the current area).
AREA_LINK_CLASS = "btn btn-outline-light btn-sm area-switch"


def _nav_registered(path: str) -> bool:
    return any(p["path"] == path for p in dash.page_registry.values())


def area_switch(lang: str) -> object:
    """The plan-area switch: one button per plan file (a menu when there are many)."""
    areas = plan_areas(current_db())
    items = [(str(r.area), pick(r.label_zh, r.label_en, lang)) for r in areas.itertuples()
             if may_show(str(r.area), county_level=True)]  # fmt: skip
    if len(items) <= MAX_AREA_BUTTONS:
        links = [
            html.A(label, id={"type": Shell.AREA_LINK, "area": code}, href=f"/?area={code}",
                   className=AREA_LINK_CLASS, **{"data-area": code})
            for code, label in items
        ]  # fmt: skip
        return html.Div(links, className="btn-group me-3", role="group")
    entries = [
        dbc.DropdownMenuItem(label, id={"type": Shell.AREA_LINK, "area": code}, href=f"/?area={code}")
        for code, label in items
    ]
    return dbc.DropdownMenu(entries, label=t("shell.area_menu", lang), color="light", size="sm",
                            className="me-3 area-menu", align_end=True)  # fmt: skip


def unavailable_notice(exc: BaseException, lang: str) -> html.Div:
    """The "database cannot be reached; retrying" notice (the page reloads when /healthz is ok)."""
    from dashboard.infra.db import sqlite_path
    from dashboard.infra.health import database_missing

    if database_missing(exc):
        detail = t("unavailable.missing", lang, path=sqlite_path(current_settings().database_url) or "?")
    else:
        detail = t("unavailable.body", lang)
    return html.Div(
        dbc.Alert(
            [
                html.H4(t("unavailable.title", lang), className="alert-heading"),
                html.P(detail),
                html.P(t("unavailable.contact", lang), className="mb-1 small"),
                html.Small(t("unavailable.retrying", lang), className="text-muted"),
            ],
            color="danger",
            className="mt-4",
        ),
        id=Shell.UNAVAILABLE,
        className="container",
        **{"data-retry": "healthz"},
    )


def account_links(lang: str) -> html.Div:
    """Log in, or the signed-in user's name with change password, users (administrators) and log out."""
    scope = current_scope()
    link = "btn btn-outline-light btn-sm me-2"
    if not scope.authenticated:
        return html.Div(html.A(t("access.shell.login", lang), href="/login", id=Shell.LOGIN, className=link))
    admin = html.A(t("access.shell.admin", lang), href="/admin/users", id=Shell.ADMIN, className=link)
    data = html.A(t("access.shell.data", lang), href="/data", id=Shell.DATA, className=link)
    return html.Div([
        html.Span(scope.username, id=Shell.USER, className="text-light small me-2"),
        html.A(t("access.shell.password", lang), href="/account/password", className=link),
        data if not scope.load.empty else None,
        admin if not scope.manage.empty else None,
        html.A(t("access.shell.logout", lang), href="/logout", id=Shell.LOGOUT, className=link),
    ], className="d-flex align-items-center")  # fmt: skip


def shell_layout() -> html.Div:
    """The shell around every page; the "database cannot be reached" notice when it cannot be read."""
    from dashboard.infra.health import database_unreachable

    try:
        return _shell_layout()
    except Exception as exc:
        if not database_unreachable(exc):
            raise
        lang = current_language(current_settings().default_language)
        log.warning("database unreachable while building the page: %s", type(exc).__name__)
        return html.Div([unavailable_notice(exc, lang)], lang="zh-CN" if lang == "zh" else "en")


def _shell_layout() -> html.Div:
    settings = current_settings()
    lang = current_language(settings.default_language)
    demo = data_kind(current_db()) == "demonstration"
    nav_links = [
        dbc.NavItem(
            dbc.NavLink(t(f"nav.{key}", lang), href=path, id=f"{Shell.NAV_LINK_PREFIX}{key}", active="exact")
        )  # fmt: skip
        for key, path in NAV_PAGES
        if _nav_registered(path)
    ]
    area_buttons = area_switch(lang)
    navbar = dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(t("app.title", lang), href="/", className="fw-bold"),
                dbc.Nav(nav_links, navbar=True, className="me-auto"),
                area_buttons,
                html.Span(
                    t("demo.badge", lang), id=Shell.DEMO_BADGE, className="badge bg-warning text-dark me-3"
                )
                if demo
                else None,  # fmt: skip
                account_links(lang),
                html.Button(
                    t("lang.switch", lang),
                    id=Shell.LANG_BUTTON,
                    n_clicks=0,
                    className="btn btn-outline-light btn-sm",
                    title=t("lang.switch.title", lang),
                    **{"data-lang": "en" if lang == "zh" else "zh"},
                ),  # fmt: skip
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        className="mb-2",
    )
    notice = (
        dbc.Alert(t("demo.notice", lang), color="warning", className="py-1 px-3 mb-2 small demo-notice")
        if demo
        else None
    )
    return html.Div(
        [
            navbar,
            dbc.Container([notice, dash.page_container], fluid=True),
            html.Footer(
                dbc.Container(
                    html.Small(t("footer.boundaries", lang), className="text-muted"), fluid=True
                ),  # fmt: skip
                className="mt-4 mb-3",
            ),
            dcc.Store(id=Shell.DUMMY),
        ],
        lang="zh-CN" if lang == "zh" else "en",
    )
