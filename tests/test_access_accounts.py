"""Accounts on the database: hashes, lock-out, audit, password changes, scope of each role,
and the command line that makes the first administrator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.access import accounts
from dashboard.access.passwords import hash_password, password_problem, verify_password
from dashboard.access.scope import EVERYTHING, NOTHING, SYSTEM, AccessDenied, Units, user_scope
from dashboard.infra.db import Database
from tests.access_data import PASSWORD, add_users, copy_demo, private_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def db(tmp_path: Path, demo_db: Database) -> Database:
    return Database(copy_demo(demo_db, tmp_path))


def test_passwords_are_argon2_hashes_and_the_rule_holds() -> None:
    h = hash_password("a long passphrase")
    assert h.startswith("$argon2id$") and "a long passphrase" not in h
    assert verify_password(h, "a long passphrase") and not verify_password(h, "a long passphrasE")
    assert not verify_password(None, "anything")
    assert password_problem("short") == "access.password.too_short"
    assert password_problem("aaaaaaaaaaaa") == "access.password.too_simple"
    assert password_problem("someone_here", "someone_here") == "access.password.is_username"
    assert password_problem("a long passphrase") is None


def test_lock_out_after_repeated_failures_and_every_attempt_is_audited(db: Database, tmp_path: Path) -> None:
    add_users(db)
    settings = private_settings(db.url, tmp_path)  # 3 failures lock for 15 minutes
    assert accounts.authenticate(db, settings, "viewer_b", PASSWORD).outcome == "ok"
    assert [accounts.authenticate(db, settings, "viewer_b", "wrong").outcome for _ in range(3)] == [
        "bad", "bad", "locked"]  # fmt: skip
    assert accounts.authenticate(db, settings, "viewer_b", PASSWORD).outcome == "locked"  # even the right one
    assert accounts.authenticate(db, settings, "nobody", "x").outcome == "bad"
    events = list(accounts.audit_rows(db)["event"])[::-1]
    assert events[-7:] == ["login", "login_failed", "login_failed", "login_failed", "locked",
                           "login_refused_locked", "login_failed"]  # fmt: skip
    admin = accounts.find_user(db, "sysadmin")
    user = accounts.find_user(db, "viewer_b")
    accounts.reset_password(db, user.user_id, "a new password 1", actor=admin.username)
    assert accounts.authenticate(db, settings, "viewer_b", "a new password 1").outcome == "ok"  # unlocked
    assert "password_reset" in set(accounts.audit_rows(db)["event"])


def test_password_change_checks_the_old_one_and_ends_other_sessions(db: Database) -> None:
    add_users(db)
    user = accounts.find_user(db, "admin_a")
    old_session = user.get_id()
    with pytest.raises(accounts.AccountError, match="old_password"):
        accounts.change_password(db, user, "not it", "a brand new one")
    with pytest.raises(accounts.AccountError, match="too_short"):
        accounts.change_password(db, user, PASSWORD, "short")
    changed = accounts.change_password(db, user, PASSWORD, "a brand new one")
    assert accounts.session_user(db, old_session) is None
    assert accounts.session_user(db, changed.get_id()) == changed
    events = set(accounts.audit_rows(db)["event"])
    assert {"password_change_failed", "password_changed"} <= events


def test_units_are_checked(db: Database) -> None:
    u = add_users(db)
    with pytest.raises(accounts.AccountError, match="access.error.unit"):
        accounts.create_user(db, "x_user", PASSWORD, "viewer", ["110101"])
    with pytest.raises(accounts.AccountError, match="county_only"):
        accounts.create_user(db, "y_user", PASSWORD, "county_manager", [u["area_a"]])
    with pytest.raises(accounts.AccountError, match="exists"):
        accounts.create_user(db, "viewer_b", PASSWORD, "viewer", [u["area_b"]])
    units = accounts.units_of(db, accounts.find_user(db, "manager_a"))
    assert units.counties == {u["county_a"]} and not units.areas


def test_scopes_of_the_roles() -> None:
    area = Units(areas=frozenset({"A"}))
    county = Units(counties=frozenset({"c1"}))
    viewer = user_scope("viewer", area, username="v", public_view=False)
    assert viewer.read.covers_area("A") and not viewer.read.covers_area("B") and viewer.drafts == NOTHING
    assert not viewer.read.covers_area("china")
    manager = user_scope("county_manager", county, username="m", public_view=False)
    assert manager.read.covers_county("A", "c1") and not manager.read.covers_county("A", "c2")
    assert not manager.read.covers_area("A") and manager.drafts == county and manager.manage == NOTHING
    admin = user_scope("area_admin", area, username="a", public_view=False)
    assert admin.manage == area and admin.drafts == area
    nothing = user_scope("viewer", NOTHING, username="n", public_view=False)
    assert nothing.read == NOTHING  # default deny
    with pytest.raises(AccessDenied) as err:
        nothing.require_area("A")
    assert err.value.status == 403
    public = user_scope("viewer", NOTHING, username="n", public_view=True)
    assert public.read == EVERYTHING and public.drafts == NOTHING  # published numbers only
    assert SYSTEM.read == EVERYTHING


def test_create_admin_command(tmp_path: Path, demo_db: Database) -> None:
    url = copy_demo(demo_db, tmp_path)
    env = {
        "DATABASE_URL": url,
        "CACHE_DIR": str(tmp_path / "cache"),
        "DEMO_DATA": "false",
        "PATH": "/usr/bin:/bin",
    }
    run = subprocess.run([sys.executable, "-m", "dashboard", "users", "create-admin", "chief", "--password-stdin"],
                         input="a long admin password\n", capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    user = accounts.find_user(Database(url), "chief")
    assert user is not None and user.role == "system_admin"
    again = subprocess.run([sys.executable, "-m", "dashboard", "users", "create-admin", "chief2", "--password-stdin"],
                           input="short\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)  # fmt: skip
    assert again.returncode == 1 and "密码太短" in again.stderr


def test_login_answers(tmp_path: Path, demo_db: Database) -> None:
    """A wrong password is 401, a locked account 429 (with the message); success redirects only
    to a path of this site."""
    from app import create_app

    url = copy_demo(demo_db, tmp_path)
    add_users(Database(url))
    app = create_app(private_settings(url, tmp_path))
    c = app.server.test_client()
    c.get("/login")
    token = c.get_cookie("csrf_token").value
    form = {"username": "viewer_b", "password": "wrong", "csrf_token": token}
    assert c.post("/login", data=form).status_code == 401
    assert c.post("/login", data=form).status_code == 401
    r = c.post("/login", data=form)
    assert r.status_code == 429 and "已锁定" in r.get_data(as_text=True)
    form = {"username": "admin_a", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"}
    r = c.post("/login", data=form)
    assert r.status_code == 302 and r.headers["Location"] == "/"


@pytest.mark.postgres
def test_accounts_on_postgresql(tmp_path: Path) -> None:
    """The same account tables, lock-out and audit on PostgreSQL (in a schema of their own)."""
    import os

    from sqlalchemy import create_engine, text

    from tests.fixture_data import build_fixture_db

    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(
                "TEST_POSTGRES_URL is not set in CI: scripts/test_services.sh should start PostgreSQL"
            )
        pytest.skip("no PostgreSQL server (TEST_POSTGRES_URL)")
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS access_test CASCADE"))
        conn.execute(text("CREATE SCHEMA access_test"))
    scoped = url + ("&" if "?" in url else "?") + "options=-csearch_path%3Daccess_test"
    try:
        db = build_fixture_db(scoped)
        from dashboard.queries.areas import counties, plan_area_codes

        a, b = plan_area_codes(db)[:2]
        accounts.create_user(db, "admin_a", PASSWORD, "area_admin", [a])
        accounts.create_user(db, "viewer_b", PASSWORD, "viewer", [b])
        accounts.create_user(
            db, "manager_a", PASSWORD, "county_manager", [str(counties(db, a)["adcode"].iloc[0])]
        )
        settings = private_settings(scoped, tmp_path)
        assert accounts.authenticate(db, settings, "admin_a", PASSWORD).user.role == "area_admin"
        outcomes = [accounts.authenticate(db, settings, "viewer_b", "wrong").outcome for _ in range(3)]
        assert outcomes == ["bad", "bad", "locked"]
        assert accounts.authenticate(db, settings, "viewer_b", PASSWORD).outcome == "locked"
        assert {"login", "login_failed", "locked", "login_refused_locked"} <= set(
            accounts.audit_rows(db)["event"]
        )
        manager = accounts.find_user(db, "manager_a")
        assert accounts.units_of(db, manager).counties == set(manager.units)
        assert len(accounts.list_users(db)) == 3
    finally:
        with admin.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS access_test CASCADE"))
        admin.dispose()
