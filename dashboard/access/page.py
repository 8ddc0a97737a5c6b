"""The frame of the account pages (/login, /logout, /account/password, /admin/users).

Plain server-rendered HTML (they work without JavaScript), escaped by Jinja, styled by the
app's own Bootstrap copy, in the request's language (``?lang=en`` switches and keeps it).
"""

from __future__ import annotations

from flask import Response, make_response, render_template_string, request

from dashboard.access.hardening import CSRF_FIELD, csrf_token
from dashboard.i18n import COOKIE, LANGUAGES, current_language, t
from dashboard.infra.runtime import current_settings

FRAME = """<!DOCTYPE html>
<html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · {{ app_title }}</title>
<link rel="stylesheet" href="/assets/_vendor/bootstrap.min.css">
<link rel="stylesheet" href="/assets/app/style.css"></head>
<body>
<nav class="navbar navbar-dark bg-dark mb-3"><div class="container-fluid">
<a class="navbar-brand fw-bold" href="/">{{ app_title }}</a>
<a class="btn btn-outline-light btn-sm" id="account-lang" href="?lang={{ other }}">{{ switch }}</a>
</div></nav>
<main class="container" style="max-width: {{ width }}">
<h1 class="h4 mb-3">{{ title }}</h1>
{% for kind, text in messages %}<div class="alert alert-{{ kind }}" role="alert">{{ text }}</div>{% endfor %}
{{ body }}
</main></body></html>"""


def page_language() -> str:
    """The request's language: ``?lang=`` if given (then kept in the cookie), else the cookie."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return str(asked)
    return current_language(current_settings().default_language)


def render(title: str, body: str, *, messages: list[tuple[str, str]] | None = None, status: int = 200,
           width: str = "32rem") -> Response:  # fmt: skip
    """A whole page: ``body`` is HTML made by :func:`fragment` (already escaped)."""
    from markupsafe import Markup

    lang = page_language()
    html = render_template_string(FRAME, lang=lang, title=title, app_title=t("app.title", lang),
                                  other="en" if lang == "zh" else "zh", switch=t("lang.switch", lang),
                                  messages=messages or [], body=Markup(body), width=width)  # fmt: skip
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    if request.args.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=31536000, samesite="Lax", path="/")
    return response


def fragment(template: str, **context: object) -> str:
    """A piece of escaped HTML; ``csrf`` (the hidden token field) is always available."""
    from markupsafe import Markup

    hidden = Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf_token())
    return render_template_string(template, csrf=hidden, **context)
