"""A private installation for the access tests: a copy of the demonstration database with
accounts of every role, served with ``PUBLIC_VIEW`` off (or on)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from dashboard.access import accounts
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.queries.areas import counties, plan_area_codes

PASSWORD = "correct horse battery"


def copy_demo(demo_db: Database, root: Path) -> str:
    """A copy of the demo SQLite database (backup API: safe with WAL); returns its URL."""
    src = sqlite3.connect(demo_db.url.removeprefix("sqlite:///"))
    dst_path = root / "access.sqlite"
    dst = sqlite3.connect(dst_path)
    src.backup(dst)
    src.close()
    dst.close()
    return f"sqlite:///{dst_path}"


def private_settings(url: str, root: Path, *, public_view: bool = False) -> Settings:
    return Settings().with_(database_url=url, cache_dir=str(root / "cache"), cache_type="SimpleCache",
                            public_view=public_view, login_max_failures=3, login_lock_minutes=15)  # fmt: skip


def units(db: Database) -> dict[str, str]:
    """The plan areas (first, second) and a county of each."""
    first, second = plan_area_codes(db)[:2]
    return {"area_a": first, "area_b": second,
            "county_a": str(counties(db, first)["adcode"].iloc[0]),
            "county_a2": str(counties(db, first)["adcode"].iloc[1]),
            "county_b": str(counties(db, second)["adcode"].iloc[0])}  # fmt: skip


def add_users(db: Database) -> dict[str, str]:
    """One account per role (and one without a unit); returns the units used."""
    u = units(db)
    accounts.create_user(db, "sysadmin", PASSWORD, "system_admin")
    accounts.create_user(db, "admin_a", PASSWORD, "area_admin", [u["area_a"]])
    accounts.create_user(db, "viewer_b", PASSWORD, "viewer", [u["area_b"]])
    accounts.create_user(db, "manager_a", PASSWORD, "county_manager", [u["county_a"]])
    accounts.create_user(db, "nounit", PASSWORD, "viewer", [])
    return u


def client_for(app: Any, username: str | None) -> Any:
    """A test client with a session (CSRF header as csrf.js sends it), logged in as ``username``."""
    c = app.server.test_client()
    c.get("/login")
    token = c.get_cookie("csrf_token").value
    if username is not None:
        r = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 302, r.data[:300]
        token = c.get_cookie("csrf_token").value  # a new session, a new token
    c.environ_base["HTTP_X_CSRF_TOKEN"] = token
    return c


def callback_body(outputs: list[tuple[str, str]], inputs: list[tuple[str, str, Any]],
                  state: list[tuple[str, str, Any]]) -> dict[str, Any]:  # fmt: skip
    """The JSON of a callback request as Dash's renderer builds it."""
    if len(outputs) == 1:
        out, outs = f"{outputs[0][0]}.{outputs[0][1]}", {"id": outputs[0][0], "property": outputs[0][1]}
    else:
        out = ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
        outs = [{"id": i, "property": p} for i, p in outputs]  # type: ignore[assignment]
    return {"output": out, "outputs": outs, "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state]}  # fmt: skip


def response_json(r: Any) -> dict[str, Any]:
    return json.loads(r.data)
