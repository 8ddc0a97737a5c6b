"""Sessions and the account pages: /login, /logout, /account/password.

Flask-Login keeps the signed-in user in the (signed, ``HttpOnly``, ``SameSite=Lax``)
session cookie, as ``user_id:session_version``: a password change, reset or role change
raises the version and so ends every older session. When ``PUBLIC_VIEW`` is off, an
anonymous request for anything but the login page and static files is sent to /login
(pages) or refused with 401 (callbacks, downloads); the scope checks in the views
(:mod:`dashboard.access.scope`) hold either way.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from flask import Flask, Response, abort, redirect, request, session
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from dashboard.access import accounts
from dashboard.access.page import fragment, page_language, render
from dashboard.access.scope import AccessDenied, Scope, public_scope, user_scope
from dashboard.i18n import t
from dashboard.infra.config import Settings
from dashboard.infra.runtime import current_db, current_settings

#: Open to anonymous requests even when PUBLIC_VIEW is off (no data behind them).
OPEN_PATHS = ("/login", "/assets/", "/_dash-component-suites/", "/_favicon.ico", "/favicon.ico", "/healthz")


def secret_key(settings: Settings) -> str:
    """``SECRET_KEY``, else a random key kept in ``var/secret_key`` (made once, mode 600)."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.cache_dir).parent / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():  # written whole, then linked: a worker never reads half a key
        tmp = path.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        tmp.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        tmp.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # only the first process's key is kept
        tmp.unlink()
    return path.read_text(encoding="utf-8").strip()


def request_scope() -> Scope:
    """The scope of the current request, from its signed-in user (if any) and the settings."""
    settings = current_settings()
    user = current_user if _has_login() else None
    if user is None or not getattr(user, "is_authenticated", False):
        return public_scope(settings.public_view)
    db = current_db()
    return user_scope(user.role, accounts.units_of(db, user), username=user.username,
                      public_view=settings.public_view)  # fmt: skip


def _has_login() -> bool:
    from flask import current_app

    return hasattr(current_app, "login_manager")


def signed_in() -> accounts.User | None:
    """The signed-in user of the request, or None."""
    if not _has_login() or not current_user.is_authenticated:
        return None
    return current_user  # type: ignore[return-value]


def _remote() -> str | None:
    return request.remote_addr


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


LOGIN_FORM = """<form method="post" action="/login" id="login-form">{{ csrf }}
<input type="hidden" name="next" value="{{ next }}">
<div class="mb-3"><label class="form-label" for="username">{{ l_user }}</label>
<input class="form-control" id="username" name="username" autocomplete="username" required value="{{ username }}"></div>
<div class="mb-3"><label class="form-label" for="password">{{ l_password }}</label>
<input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required></div>
<button class="btn btn-primary" type="submit" id="login-submit">{{ l_submit }}</button>
{% if public %}<a class="btn btn-link" href="/">{{ l_public }}</a>{% endif %}
</form>"""

LOGOUT_FORM = """<p>{{ text }}</p><form method="post" action="/logout" id="logout-form">{{ csrf }}
<button class="btn btn-primary" type="submit" id="logout-submit">{{ l_submit }}</button>
<a class="btn btn-link" href="/">{{ l_back }}</a></form>"""

PASSWORD_FORM = """<form method="post" action="/account/password" id="password-form">{{ csrf }}
<div class="mb-3"><label class="form-label" for="old">{{ l_old }}</label>
<input class="form-control" id="old" name="old" type="password" autocomplete="current-password" required></div>
<div class="mb-3"><label class="form-label" for="new">{{ l_new }}</label>
<input class="form-control" id="new" name="new" type="password" autocomplete="new-password" required>
<div class="form-text">{{ hint }}</div></div>
<div class="mb-3"><label class="form-label" for="again">{{ l_again }}</label>
<input class="form-control" id="again" name="again" type="password" autocomplete="new-password" required></div>
<button class="btn btn-primary" type="submit" id="password-submit">{{ l_submit }}</button>
<a class="btn btn-link" href="/">{{ l_back }}</a></form>"""


def _login_page(
    messages: list[tuple[str, str]] | None = None, status: int = 200, username: str = ""
) -> Response:
    lang = page_language()
    body = fragment(LOGIN_FORM, next=_safe_next(request.values.get("next")), username=username,
                    l_user=t("access.username", lang), l_password=t("access.password", lang),
                    l_submit=t("access.login.submit", lang), l_public=t("access.login.public", lang),
                    public=current_settings().public_view)  # fmt: skip
    return render(t("access.login.title", lang), body, messages=messages, status=status)


def login() -> Response:
    lang = page_language()
    if request.method == "GET":
        return _login_page()
    username = request.form.get("username", "")
    result = accounts.authenticate(current_db(), current_settings(), username, request.form.get("password", ""),
                                   remote_addr=_remote())  # fmt: skip
    if result.outcome == "locked":
        text = t("access.login.locked", lang, minutes=current_settings().login_lock_minutes)
        return _login_page([("danger", text)], status=429, username=username)
    if result.user is None:
        return _login_page([("danger", t("access.login.failed", lang))], status=401, username=username)
    lang_cookie = request.cookies.get("lang")
    session.clear()  # a new session: no fixation
    login_user(result.user)
    response = redirect(_safe_next(request.form.get("next")))
    if lang_cookie:
        response.set_cookie("lang", lang_cookie, max_age=31536000, samesite="Lax", path="/")
    return response  # type: ignore[return-value]


def logout() -> Response:
    lang = page_language()
    user = signed_in()
    if request.method == "GET":
        if user is None:
            return redirect("/")  # type: ignore[return-value]
        body = fragment(LOGOUT_FORM, text=t("access.logout.question", lang, username=user.username),
                        l_submit=t("access.logout.submit", lang), l_back=t("access.back", lang))  # fmt: skip
        return render(t("access.logout.title", lang), body)
    if user is not None:
        accounts.audit(current_db(), "logout", username=user.username, remote_addr=_remote())
    logout_user()
    session.clear()
    return redirect("/")  # type: ignore[return-value]


@login_required
def change_password() -> Response:
    lang = page_language()
    user = signed_in()
    assert user is not None
    messages: list[tuple[str, str]] = []
    if request.method == "POST":
        new = request.form.get("new", "")
        try:
            if new != request.form.get("again", ""):
                raise accounts.AccountError("access.error.mismatch")
            changed = accounts.change_password(current_db(), user, request.form.get("old", ""), new,
                                               remote_addr=_remote())  # fmt: skip
            login_user(changed)  # this session continues with the new version; others end
            messages = [("success", t("access.password.changed", lang))]
        except accounts.AccountError as exc:
            messages = [("danger", t(exc.key, lang, **exc.fmt))]  # 200: the form again, with the reason
    body = fragment(PASSWORD_FORM, l_old=t("access.password.old", lang), l_new=t("access.password.new", lang),
                    l_again=t("access.password.again", lang), hint=t("access.password.rule", lang),
                    l_submit=t("access.password.submit", lang), l_back=t("access.back", lang))  # fmt: skip
    return render(t("access.password.title", lang), body, messages=messages)


def _gate() -> Response | None:
    """Without PUBLIC_VIEW, anonymous requests reach only the login page and static files."""
    if current_settings().public_view or current_user.is_authenticated:
        return None
    path = request.path
    if path == "/" or not path.startswith(OPEN_PATHS):
        if request.method == "GET" and not path.startswith(("/_dash", "/export", "/api/")) and \
                request.accept_mimetypes.accept_html:  # fmt: skip
            return redirect(f"/login?next={request.full_path.rstrip('?')}")  # type: ignore[return-value]
        abort(401)
    return None


def _denied(exc: AccessDenied) -> Response:
    lang = page_language()
    key = "access.denied.forbidden" if exc.status == 403 else "access.denied.login"
    return Response(t(key, lang), status=exc.status, mimetype="text/plain")


def install_accounts(server: Flask, settings: Settings) -> None:
    """Sessions, the login gate, the 401/403 answer and the account routes."""
    server.secret_key = secret_key(settings)
    manager = LoginManager()
    manager.session_protection = "basic"
    manager.login_view = None  # type: ignore[assignment]
    manager.init_app(server)

    @manager.user_loader
    def _load(session_id: str) -> accounts.User | None:
        return accounts.session_user(current_db(), session_id)

    @manager.unauthorized_handler
    def _unauthorized() -> Response:
        return redirect(f"/login?next={request.path}")  # type: ignore[return-value]

    server.before_request(_gate)
    server.register_error_handler(AccessDenied, _denied)
    server.add_url_rule("/login", "access_login", login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "access_logout", logout, methods=["GET", "POST"])
    server.add_url_rule("/account/password", "access_password", change_password, methods=["GET", "POST"])
