"""Download routes for meeting exports (plain links: work without JavaScript).

A deck is built once per plan area, language, year and data version (the app
cache), so the second download of the same deck is immediate. A link may carry
``token=``: the response then sets the cookie ``export_done=<token>``, which
``assets/app/exports.js`` watches to end the button's "preparing" state.
"""

from __future__ import annotations

import re
from datetime import date

from dash import Dash
from flask import Response, request

from dashboard.access.scope import require_area
from dashboard.export.county_deck import county_deck
from dashboard.export.plan_deck import plan_deck
from dashboard.i18n import current_language, normalise_language, t
from dashboard.infra.cache import memoize
from dashboard.infra.db import Database
from dashboard.infra.runtime import current_db, current_settings
from dashboard.queries.areas import default_area, plan_area_codes
from dashboard.views.county import parse_selection

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_TOKEN = re.compile(r"^[A-Za-z0-9]{1,32}$")
#: The deck, memoized: its key carries the database and its data version.
cached_deck = memoize()(plan_deck)
cached_county_deck = memoize()(county_deck)


def _done_cookie(response: Response, token: str | None) -> Response:
    """Tell the page's button that its download has arrived (see the module docstring)."""
    if token and _TOKEN.match(token):
        response.set_cookie("export_done", token, max_age=60, samesite="Lax", path="/")
    return response


def _plan_area(db: Database, lang: str) -> str | Response:
    """The request's plan area (default: the first plan's), or a 404 that says so."""
    area = request.args.get("area") or default_area(db)
    if area not in plan_area_codes(db):
        return Response(t("export.unknown_area", lang), status=404, mimetype="text/plain")
    return area


def _pptx(data: bytes, name: str) -> Response:
    """A deck as a download, telling the page's button when it has arrived."""
    response = Response(
        data, mimetype=PPTX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
    return _done_cookie(response, request.args.get("token"))


def register(app: Dash) -> None:
    def briefing() -> Response:
        settings = current_settings()
        lang = normalise_language(request.args.get("lang"), current_language(settings.default_language))
        db = current_db()
        area = _plan_area(db, lang)
        if isinstance(area, Response):
            return area
        require_area(area)  # before the cache: a deck built for one reader is not for every reader
        data, name = cached_deck(db, area, lang=lang, as_of=date.today().year,
                                 suppress_below=settings.suppress_rate_below,
                                 small_cell_limit=settings.small_cell_limit)  # fmt: skip
        return _pptx(data, name)

    app.server.add_url_rule("/export/briefing.pptx", "export_briefing", briefing)

    def county_briefing() -> Response:
        settings = current_settings()
        lang = normalise_language(request.args.get("lang"), current_language(settings.default_language))
        db = current_db()
        area = _plan_area(db, lang)
        if isinstance(area, Response):
            return area
        # before the cache: the reader's scope over the county (403 for a county it may not read;
        # a county data manager reads its county's deck, not the area's)
        sel = parse_selection(db, area, request.args.get("county"), strict=True)
        if sel is None:
            return Response(t("export.unknown_county", lang), status=404, mimetype="text/plain")
        data, name = cached_county_deck(db, area, sel.county, lang=lang, suppress_below=settings.suppress_rate_below,
                                        small_cell_limit=settings.small_cell_limit)  # fmt: skip
        return _pptx(data, name)

    app.server.add_url_rule("/export/county.pptx", "export_county", county_briefing)
