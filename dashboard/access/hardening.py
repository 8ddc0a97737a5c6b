"""Web hardening: CSRF, security headers, request size limit, no server banner.

CSRF (every POST, PUT, PATCH and DELETE, forms and Dash callbacks alike): the session
(signed cookie) holds a random token; the same token is sent to the page in a readable
``csrf_token`` cookie (``SameSite=Strict``). Forms carry it in a hidden ``csrf_token``
field; ``assets/app/csrf.js`` adds it as an ``X-CSRF-Token`` header to every same-origin
``fetch`` (Dash's callbacks). A state-changing request without the matching token, or
with an ``Origin``/``Referer`` of another host, is refused with 403. Another site can
neither read the cookie nor send the header (a custom header needs a CORS preflight,
which this app never grants), and the session cookie itself is ``SameSite=Lax``.

Content-Security-Policy: everything from the app's own origin only; Dash's inline
scripts (the renderer's start and inline clientside callbacks) are allowed by their
SHA-256 hashes (``Dash.csp_hashes()``, asked at each response because Dash Pages adds
its title script at the first request), never by ``'unsafe-inline'``. Styles allow ``'unsafe-inline'``: plotly.js
and the Dash components write ``<style>`` elements and style attributes. Images allow
``data:``/``blob:`` (plotly's PNG download). ``frame-ancestors 'none'`` and
``X-Frame-Options: DENY`` forbid framing.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request, session

from dashboard.infra.config import Settings

CSRF_SESSION_KEY = "csrf"
CSRF_COOKIE = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: The Server header of every response: no name of a server program or version.
SERVER_NAME = "dashboard"


def csrf_token() -> str:
    """The session's CSRF token (made on first use)."""
    token = session.get(CSRF_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return str(token)


def _same_origin(value: str | None) -> bool:
    if not value or value == "null":
        return value is None
    # host and port (the scheme may change at a TLS proxy); a proxy that rewrites Host names the
    # original in X-Forwarded-Host. The token check below holds regardless.
    hosts = {request.host, *(h.strip() for h in request.headers.get("X-Forwarded-Host", "").split(",") if h)}
    return urlsplit(value).netloc in hosts


def check_csrf() -> None:
    """Refuse (403) a state-changing request without the session's token or from another origin."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("Origin")
    if origin is not None and not _same_origin(origin):
        abort(403, description="cross-origin request")
    if origin is None and request.referrer and not _same_origin(request.referrer):
        abort(403, description="cross-origin request")
    expected = session.get(CSRF_SESSION_KEY)
    sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD) if expected else None
    if not expected or not sent or not hmac.compare_digest(str(expected), str(sent)):
        abort(403, description="missing or wrong CSRF token")


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """The CSP header value: own origin only, Dash's inline scripts by hash."""
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])  # fmt: skip


def quiet_request_handler() -> type:
    """werkzeug's request handler without its ``Server: Werkzeug/x Python/y`` banner (the app
    sends ``Server: dashboard``); for ``python app.py`` and the tests' server. gunicorn adds
    ``Server: gunicorn`` (no version)."""
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def send_response(self, code: int, message: str | None = None) -> None:
            self.log_request(code)
            self.send_response_only(code, message)
            self.send_header("Date", self.date_time_string())

    return QuietHandler


def install_hardening(server: Flask, settings: Settings) -> None:
    """Cookie flags, size limit, CSRF check and the security headers of every response.

    The CSP starts with no inline script allowed; :func:`allow_inline_scripts` adds Dash's.
    """
    limit = settings.max_request_mb * 1024 * 1024
    server.config.update(
        MAX_CONTENT_LENGTH=limit,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_NAME="session",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
    )
    server.config.setdefault("ACCESS_SCRIPT_HASHES", lambda: ())

    def _limit_and_csrf() -> None:
        if request.content_length is not None and request.content_length > limit:
            abort(413)  # refused before the body is read
        check_csrf()

    server.before_request_funcs.setdefault(None, []).insert(0, _limit_and_csrf)

    @server.after_request
    def _headers(response: Response) -> Response:
        h = response.headers
        # hashed per response: Dash Pages adds an inline script at its first request
        h["Content-Security-Policy"] = content_security_policy(server.config["ACCESS_SCRIPT_HASHES"]())
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "same-origin"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Server"] = SERVER_NAME
        if settings.secure_cookies:
            h["Strict-Transport-Security"] = "max-age=31536000"
        if "_user_id" in session and not request.path.startswith(("/assets/", "/_dash-component-suites/")):
            h["Cache-Control"] = "no-store"  # a signed-in user's answers stay out of shared caches
        token = csrf_token()
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=False, samesite="Strict",
                                secure=settings.secure_cookies, path="/")  # fmt: skip
        return response


def allow_inline_scripts(server: Flask, script_hashes: Callable[[], Sequence[str]]) -> None:
    """Allow the inline scripts whose CSP hashes (``'sha256-…'``) ``script_hashes()`` returns
    (``Dash.csp_hashes``: asked at every response, as Dash adds scripts at its first request)."""
    server.config["ACCESS_SCRIPT_HASHES"] = script_hashes
