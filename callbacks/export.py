"""Download routes for meeting exports (plain links: work without JavaScript)."""

from __future__ import annotations

from datetime import date

from dash import Dash
from flask import Response, request

from dashboard.export.plan_deck import plan_deck
from dashboard.i18n import current_language, normalise_language, t
from dashboard.infra.runtime import current_db, current_settings
from dashboard.queries.areas import default_area, plan_area_codes

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def register(app: Dash) -> None:
    def briefing() -> Response:
        settings = current_settings()
        lang = normalise_language(request.args.get("lang"), current_language(settings.default_language))
        db = current_db()
        area = request.args.get("area") or default_area(db)
        if area not in plan_area_codes(db):
            return Response(t("export.unknown_area", lang), status=404, mimetype="text/plain")
        data, name = plan_deck(db, area, lang=lang, as_of=date.today().year)
        return Response(data, mimetype=PPTX,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

    app.server.add_url_rule("/export/briefing.pptx", "export_briefing", briefing)
