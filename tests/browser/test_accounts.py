"""Accounts in the browser: the public view with its login link; with PUBLIC_VIEW off,
login, logout, lock-out, password change and what each role sees (headless Chromium,
clean console, nothing leaves the machine)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from dashboard.access import accounts
from dashboard.infra.db import Database
from tests.access_data import PASSWORD, add_users, copy_demo, private_settings
from tests.conftest import _free_port, assert_clean_console

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def private_url(tmp_path_factory: pytest.TempPathFactory, demo_db: Database) -> Iterator[tuple[str, dict]]:
    from werkzeug.serving import make_server

    from app import create_app
    from dashboard.access.hardening import quiet_request_handler

    root = tmp_path_factory.mktemp("access-browser")
    url = copy_demo(demo_db, root)
    db = Database(url)
    units = add_users(db)
    accounts.create_user(db, "lockme", PASSWORD, "viewer", [units["area_a"]])
    accounts.create_user(db, "changer", PASSWORD, "viewer", [units["area_a"]])
    app = create_app(private_settings(url, root))
    server = make_server(
        "127.0.0.1", _free_port(), app.server, threaded=True, request_handler=quiet_request_handler()
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", {**units, "db_url": url}
    server.shutdown()


@pytest.fixture()
def fresh(browser) -> Iterator[Any]:  # noqa: ANN001
    """A new browser context (no cookies) with the console and outside requests watched."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.console_problems, pg.external_requests = [], []
    pg.on("console", lambda m: pg.console_problems.append(f"{m.type}: {m.text}")
          if m.type in ("error", "warning") else None)  # fmt: skip
    pg.on("pageerror", lambda e: pg.console_problems.append(f"pageerror: {e}"))
    pg.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
          else pg.external_requests.append(r.url))  # fmt: skip
    yield pg
    context.close()


def _login(pg: Any, base: str, username: str, password: str = PASSWORD) -> None:
    pg.goto(base + "/login")
    pg.fill("#username", username)
    pg.fill("#password", password)
    pg.click("#login-submit")
    pg.wait_for_load_state()


def _area_buttons(pg: Any) -> list[str]:
    pg.wait_for_selector("#shell-user")
    return sorted(pg.eval_on_selector_all(".area-switch", "els => els.map(e => e.dataset.area)"))


def test_public_view_shows_numbers_and_a_login_link(page, live_url: str) -> None:  # noqa: ANN001
    page.goto(live_url + "/targets")
    page.wait_for_selector("#targets-scorecard .ag-row")
    link = page.locator("#shell-login")
    assert link.inner_text() == "登录" and link.get_attribute("href") == "/login"
    link.click()
    page.wait_for_selector("#login-form")
    page.click("#account-lang")
    assert page.locator("#login-submit").inner_text() == "Log in"
    assert page.locator("h1").inner_text() == "Log in"
    assert_clean_console(page)


def test_login_and_logout(fresh, private_url) -> None:  # noqa: ANN001
    base, units = private_url
    fresh.goto(base + "/targets")
    assert "/login?next=/targets" in fresh.url  # PUBLIC_VIEW off: the login page first
    fresh.fill("#username", "admin_a")
    fresh.fill("#password", PASSWORD)
    fresh.click("#login-submit")
    fresh.wait_for_selector("#targets-scorecard .ag-row")
    assert "/targets" in fresh.url
    assert fresh.locator("#shell-user").inner_text() == "admin_a"
    assert _area_buttons(fresh) == [units["area_a"]]  # only the administrator's area
    assert fresh.locator("#shell-admin").count() == 1
    fresh.click("#shell-logout")
    fresh.wait_for_selector("#logout-form")
    fresh.click("#logout-submit")
    fresh.wait_for_selector("#login-form")  # back at / → login (no public view)
    fresh.goto(base + "/map")
    assert "/login" in fresh.url
    assert_clean_console(fresh)


def test_wrong_password_and_lock_out(fresh, private_url) -> None:  # noqa: ANN001
    base, _ = private_url
    _login(fresh, base, "lockme", "not the password")
    assert "用户名或密码错误" in fresh.locator(".alert-danger").inner_text()
    _login(fresh, base, "lockme", "not the password")
    _login(fresh, base, "lockme", "not the password")  # the third: locked for 15 minutes
    assert "已锁定 15 分钟" in fresh.locator(".alert-danger").inner_text()
    _login(fresh, base, "lockme")  # the right password, still locked
    assert "已锁定" in fresh.locator(".alert-danger").inner_text()
    assert fresh.locator("#login-form").count() == 1
    fresh.goto(base + "/")
    assert "/login" in fresh.url
    db = Database(private_url[1]["db_url"])
    events = list(accounts.audit_rows(db)["event"])
    assert {"locked", "login_refused_locked"} <= set(events)


def test_each_role_sees_its_units(fresh, private_url) -> None:  # noqa: ANN001
    base, units = private_url
    a, b = units["area_a"], units["area_b"]
    _login(fresh, base, "viewer_b")
    assert _area_buttons(fresh) == [b]
    fresh.wait_for_selector("#home-map .choroplethlocation")
    assert fresh.locator("#shell-admin").count() == 0
    fresh.goto(f"{base}/targets?area={a}")
    fresh.wait_for_selector(".access-denied")
    assert "无权查看该地区" in fresh.locator(".access-denied").inner_text()
    assert fresh.locator("#targets-scorecard").count() == 0
    assert_clean_console(fresh)


def test_county_manager_sees_only_their_county(fresh, private_url) -> None:  # noqa: ANN001
    base, units = private_url
    a, county, other = units["area_a"], units["county_a"], units["county_a2"]
    _login(fresh, base, "manager_a")
    fresh.goto(f"{base}/county?area={a}&county={county}")
    fresh.wait_for_selector("#county-header")
    fresh.goto(f"{base}/county?area={a}&county={other}")
    fresh.wait_for_selector(".access-denied")
    fresh.goto(f"{base}/map?area={a}")
    fresh.wait_for_selector(".access-denied")
    assert_clean_console(fresh)


def test_system_admin_adds_a_user_who_then_logs_in(fresh, browser, private_url) -> None:  # noqa: ANN001
    base, units = private_url
    _login(fresh, base, "sysadmin")
    assert _area_buttons(fresh) == sorted([units["area_a"], units["area_b"]])
    fresh.click("#shell-admin")
    fresh.wait_for_selector("#admin-users")
    fresh.fill("#admin-create input[name=username]", "newcomer")
    fresh.fill("#admin-create input[name=password]", "a fresh password")
    fresh.select_option("#admin-create select[name=role]", "viewer")
    fresh.select_option("#admin-create select[name=units]", [units["area_b"]])
    fresh.click("#admin-create button[type=submit]")
    assert "newcomer" in fresh.locator(".alert-success").inner_text()
    assert fresh.locator('#admin-users tr[data-user="newcomer"]').count() == 1
    assert "user_created" in fresh.locator("#admin-audit").inner_text()
    assert_clean_console(fresh)
    other = browser.new_context(locale="zh-CN").new_page()
    _login(other, base, "newcomer", "a fresh password")
    assert _area_buttons(other) == [units["area_b"]]
    other.context.close()


def test_change_own_password(fresh, private_url) -> None:  # noqa: ANN001
    base, _ = private_url
    _login(fresh, base, "changer")
    fresh.goto(base + "/account/password")
    fresh.fill("#old", PASSWORD)
    fresh.fill("#new", "short")
    fresh.fill("#again", "short")
    fresh.click("#password-submit")
    assert "太短" in fresh.locator(".alert-danger").inner_text()
    fresh.fill("#old", PASSWORD)
    fresh.fill("#new", "my new passphrase")
    fresh.fill("#again", "my new passphrase")
    fresh.click("#password-submit")
    assert "密码已修改" in fresh.locator(".alert-success").inner_text()
    fresh.goto(base + "/")
    fresh.wait_for_selector("#shell-user")  # this session goes on
    assert_clean_console(fresh)
