"""Web hardening on every route: security headers, no server banner, request size limit."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlsplit

import dash
import pytest

ROUTES = ["/", "/login", "/logout", "/admin/users", "/account/password", "/export/briefing.pptx?area=110101",
          "/assets/_vendor/bootstrap.min.css", "/_dash-layout", "/_dash-dependencies", "/no-such-page"]  # fmt: skip


def _all_routes() -> list[str]:
    pages = sorted({p["path"] for p in dash.page_registry.values()})
    return sorted(set(ROUTES) | set(pages))


def test_headers_on_every_route(live_app) -> None:  # noqa: ANN001
    c = live_app.server.test_client()
    for path in _all_routes():
        r = c.get(path)
        h = r.headers
        assert h["X-Content-Type-Options"] == "nosniff", path
        assert h["X-Frame-Options"] == "DENY", path
        assert h["Referrer-Policy"] == "same-origin", path
        csp = h["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        script_src = re.search(r"script-src ([^;]*)", csp).group(1)
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src, path
        assert "http" not in csp, "only the app's own origin"
        assert h["Server"] == "dashboard", path
        cookies = h.getlist("Set-Cookie")
        for cookie in cookies:
            if cookie.startswith("session="):
                assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_dash_inline_scripts_are_allowed_by_hash(live_app) -> None:  # noqa: ANN001
    import base64
    import hashlib

    c = live_app.server.test_client()
    r = c.get("/")
    html = re.sub(r"<!--.*?-->", "", r.get_data(as_text=True), flags=re.S)  # (IE's conditional comment)
    csp = r.headers["Content-Security-Policy"]
    inline = re.findall(r"<script(?: [^>]*)?>(.*?)</script>", html, flags=re.S)
    executed = [s for s in inline if s.strip()]
    assert executed, "Dash starts its renderer from an inline script"
    for script in executed:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        tag = html[: html.index(script)].rsplit("<script", 1)[1]
        if "application/json" in tag:
            continue  # data, not executed
        assert f"'sha256-{digest}'" in csp, script[:80]


def test_secure_cookies_setting(tmp_path, demo_db) -> None:  # noqa: ANN001
    from app import create_app
    from tests.access_data import copy_demo, private_settings

    url = copy_demo(demo_db, tmp_path)
    app = create_app(private_settings(url, tmp_path, public_view=True).with_(secure_cookies=True))
    r = app.server.test_client().get("/login")
    session = [c for c in r.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert session and "Secure" in session[0] and "HttpOnly" in session[0]
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.browser
def test_a_150_mb_callback_post_is_refused_with_413(live_url: str) -> None:
    """Over a real socket: the server answers 413 from the Content-Length, before reading 150 MB."""
    parts = urlsplit(live_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("POST", "/_dash-update-component")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(150 * 1024 * 1024))
    conn.endheaders()
    conn.send(b"{" + b" " * 65536)  # a first piece; the rest never comes
    r = conn.getresponse()
    assert r.status == 413
    assert r.getheader("Server") == "dashboard"
    conn.close()


def test_secret_key_is_made_once_and_kept(tmp_path) -> None:  # noqa: ANN001
    from dashboard.access.web import secret_key
    from dashboard.infra.config import Settings

    settings = Settings().with_(cache_dir=str(tmp_path / "cache"))
    first = secret_key(settings)
    assert len(first) >= 40 and secret_key(settings) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert list(tmp_path.iterdir()) == [tmp_path / "secret_key"]
    assert secret_key(settings.with_(secret_key="from the environment")) == "from the environment"
