"""Accounts in the database: users, their units, lock-out, and the audit table.

Every login, failed login, lock, logout and change (password, role, units) is written
to ``audit_log``. Command line (the first administrator)::

    python -m dashboard users create-admin NAME      # asks for the password twice
    python -m dashboard users list
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import delete, func, insert, select, update

from dashboard.access.passwords import hash_password, needs_rehash, password_problem, verify_password
from dashboard.access.scope import ROLES, Units, split_units
from dashboard.infra import db as schema
from dashboard.infra.config import Settings
from dashboard.infra.db import Database
from dashboard.queries.areas import counties, plan_area_codes

USERNAME = re.compile(r"^[A-Za-z0-9_.\-@]{3,64}$")


class AccountError(ValueError):
    """A refused change; ``key`` is the message key (``dashboard.i18n``), ``fmt`` its fields."""

    def __init__(self, key: str, **fmt: object) -> None:
        super().__init__(key)
        self.key = key
        self.fmt = fmt


@dataclass(frozen=True)
class User:
    """A signed-in user (Flask-Login's interface)."""

    user_id: int
    username: str
    role: str
    units: tuple[str, ...]
    active: bool
    session_version: int
    display_name: str | None = None

    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The session's id: changes when the password does, so older sessions end."""
        return f"{self.user_id}:{self.session_version}"


@dataclass(frozen=True)
class LoginResult:
    """``outcome``: ``ok``, ``bad`` (wrong name or password) or ``locked``."""

    outcome: str
    user: User | None = None


def now() -> datetime:
    """UTC now, without tzinfo (the same on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def audit(db: Database, event: str, *, username: str | None = None, actor: str | None = None,
          detail: str | None = None, remote_addr: str | None = None) -> None:  # fmt: skip
    """Write one row to the audit table."""
    with db.engine.begin() as conn:
        conn.execute(insert(schema.audit_log).values(
            at=now(), event=event, username=(username or "")[:64] or None, actor=actor, detail=detail,
            remote_addr=(remote_addr or "")[:64] or None))  # fmt: skip


def audit_rows(db: Database, limit: int = 200) -> pd.DataFrame:
    """The latest audit rows, newest first."""
    a = schema.audit_log
    return db.read(select(a).order_by(a.c.event_id.desc()).limit(limit))


# --- reading ---------------------------------------------------------------------------------


def _units_of(db: Database, user_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    u = schema.user_units
    df = db.read(select(u).where(u.c.user_id.in_(list(user_ids))).order_by(u.c.unit)) if user_ids else None
    out: dict[int, tuple[str, ...]] = {i: () for i in user_ids}
    if df is not None:
        for uid, group in df.groupby("user_id"):
            out[int(uid)] = tuple(group["unit"].astype(str))
    return out


def _user(row: dict[str, object], units: tuple[str, ...]) -> User:
    return User(user_id=int(row["user_id"]), username=str(row["username"]), role=str(row["role"]),
                units=units, active=bool(row["active"]), session_version=int(row["session_version"]),
                display_name=row.get("display_name") or None)  # type: ignore[arg-type]  # fmt: skip


def _row(db: Database, **where: object) -> dict[str, object] | None:
    u = schema.users
    stmt = select(u)
    for k, v in where.items():
        stmt = stmt.where(u.c[k] == v)
    df = db.read(stmt)
    return None if df.empty else df.iloc[0].to_dict()


def get_user(db: Database, user_id: int) -> User | None:
    row = _row(db, user_id=int(user_id))
    return None if row is None else _user(row, _units_of(db, [int(user_id)])[int(user_id)])


def find_user(db: Database, username: str) -> User | None:
    row = _row(db, username=username)
    return None if row is None else _user(row, _units_of(db, [int(row["user_id"])])[int(row["user_id"])])


def session_user(db: Database, session_id: str) -> User | None:
    """The user of a session id (``user_id:session_version``), if still valid and active."""
    try:
        uid, version = (int(x) for x in str(session_id).split(":", 1))
    except ValueError:
        return None
    user = get_user(db, uid)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def list_users(db: Database) -> list[User]:
    u = schema.users
    df = db.read(select(u).order_by(u.c.username))
    units = _units_of(db, [int(x) for x in df["user_id"]])
    return [_user(r, units[int(r["user_id"])]) for r in df.to_dict("records")]


def county_unit_codes(db: Database) -> set[str]:
    """Codes of every county of every plan area (the units that are single counties)."""
    return {str(c) for area in plan_area_codes(db) for c in counties(db, area)["adcode"]}


def units_of(db: Database, user: User) -> Units:
    """A user's units, plan areas and counties told apart."""
    return split_units(user.units, county_unit_codes(db))


def unit_choices(db: Database, within: Units) -> list[str]:
    """Every unit an administrator of ``within`` may give: plan areas, then their counties."""
    out: list[str] = []
    for area in plan_area_codes(db):
        if within.covers_area(area):
            out.append(area)
        out += [str(c) for c in counties(db, area)["adcode"] if within.covers_county(area, str(c))]
    return out


# --- writing ---------------------------------------------------------------------------------


def _check(db: Database, username: str, role: str, units: Iterable[str]) -> list[str]:
    if not USERNAME.match(username or ""):
        raise AccountError("access.error.username")
    if role not in ROLES:
        raise AccountError("access.error.role", role=role)
    units = sorted(set(units))
    allowed = set(plan_area_codes(db)) | county_unit_codes(db)
    unknown = [u for u in units if u not in allowed]
    if unknown:
        raise AccountError("access.error.unit", unit=", ".join(unknown))
    if role == "county_manager" and set(units) - county_unit_codes(db):
        raise AccountError("access.error.county_only")
    return units


def create_user(db: Database, username: str, password: str, role: str, units: Iterable[str] = (), *,
                actor: str | None = None, display_name: str | None = None,
                remote_addr: str | None = None) -> User:  # fmt: skip
    """Add a user (refused with :class:`AccountError` naming the problem)."""
    username = (username or "").strip()
    unit_list = _check(db, username, role, units)
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem)
    if find_user(db, username) is not None:
        raise AccountError("access.error.exists", username=username)
    with db.engine.begin() as conn:
        uid = conn.execute(insert(schema.users).values(
            username=username, password_hash=hash_password(password), role=role, display_name=display_name,
            active=True, failed_logins=0, session_version=1, created_at=now(), password_changed_at=now(),
        )).inserted_primary_key[0]  # fmt: skip
        if unit_list:
            conn.execute(insert(schema.user_units), [{"user_id": uid, "unit": u} for u in unit_list])
    audit(db, "user_created", username=username, actor=actor, remote_addr=remote_addr,
          detail=f"role={role} units={','.join(unit_list)}")  # fmt: skip
    return get_user(db, int(uid))  # type: ignore[return-value]


def update_user(db: Database, user_id: int, *, role: str, units: Iterable[str], active: bool,
                actor: str | None = None, remote_addr: str | None = None) -> User:  # fmt: skip
    """Set a user's role, units and whether the account may log in (ends their sessions)."""
    user = get_user(db, user_id)
    if user is None:
        raise AccountError("access.error.no_user")
    unit_list = _check(db, user.username, role, units)
    u = schema.users
    with db.engine.begin() as conn:
        conn.execute(update(u).where(u.c.user_id == user_id).values(
            role=role, active=bool(active), session_version=u.c.session_version + 1))  # fmt: skip
        conn.execute(delete(schema.user_units).where(schema.user_units.c.user_id == user_id))
        if unit_list:
            conn.execute(insert(schema.user_units), [{"user_id": user_id, "unit": x} for x in unit_list])
    audit(db, "user_changed", username=user.username, actor=actor, remote_addr=remote_addr,
          detail=f"role={role} units={','.join(unit_list)} active={bool(active)}")  # fmt: skip
    return get_user(db, user_id)  # type: ignore[return-value]


def _set_password(db: Database, user_id: int, password: str) -> None:
    u = schema.users
    with db.engine.begin() as conn:
        conn.execute(update(u).where(u.c.user_id == user_id).values(
            password_hash=hash_password(password), password_changed_at=now(), failed_logins=0,
            locked_until=None, session_version=u.c.session_version + 1))  # fmt: skip


def change_password(db: Database, user: User, old: str, new: str, *, remote_addr: str | None = None) -> User:
    """The user's own change: the old password is checked; other sessions end."""
    row = _row(db, user_id=user.user_id)
    if row is None or not verify_password(str(row["password_hash"]), old):
        audit(db, "password_change_failed", username=user.username, remote_addr=remote_addr)
        raise AccountError("access.error.old_password")
    problem = password_problem(new, user.username)
    if problem:
        raise AccountError(problem)
    _set_password(db, user.user_id, new)
    audit(db, "password_changed", username=user.username, remote_addr=remote_addr)
    return get_user(db, user.user_id)  # type: ignore[return-value]


def reset_password(db: Database, user_id: int, new: str, *, actor: str,
                   remote_addr: str | None = None) -> None:  # fmt: skip
    """An administrator sets a new password (and unlocks the account)."""
    user = get_user(db, user_id)
    if user is None:
        raise AccountError("access.error.no_user")
    problem = password_problem(new, user.username)
    if problem:
        raise AccountError(problem)
    _set_password(db, user_id, new)
    audit(db, "password_reset", username=user.username, actor=actor, remote_addr=remote_addr)


def authenticate(db: Database, settings: Settings, username: str, password: str, *,
                 remote_addr: str | None = None) -> LoginResult:  # fmt: skip
    """Check a login; count failures and lock the account after ``login_max_failures``
    in a row for ``login_lock_minutes`` (a locked account is refused even with the right
    password). Every outcome is audited."""
    username = (username or "").strip()[:64]
    row = _row(db, username=username) if username else None
    if row is None:
        verify_password(None, password)  # the same time as for a known name
        audit(db, "login_failed", username=username, detail="unknown user", remote_addr=remote_addr)
        return LoginResult("bad")
    u, uid, t = schema.users, int(row["user_id"]), now()
    locked = row.get("locked_until")
    if locked is not None and not pd.isna(locked) and pd.Timestamp(locked).to_pydatetime() > t:
        audit(db, "login_refused_locked", username=username, remote_addr=remote_addr)
        return LoginResult("locked")
    if not verify_password(str(row["password_hash"]), password) or not bool(row["active"]):
        failures = int(row["failed_logins"] or 0) + 1
        lock = failures >= settings.login_max_failures
        values: dict[str, object] = {"failed_logins": 0 if lock else failures}
        if lock:
            values["locked_until"] = t + timedelta(minutes=settings.login_lock_minutes)
        with db.engine.begin() as conn:
            conn.execute(update(u).where(u.c.user_id == uid).values(**values))
        detail = "inactive account" if not bool(row["active"]) else f"failure {failures}"
        audit(db, "login_failed", username=username, detail=detail, remote_addr=remote_addr)
        if lock:
            audit(db, "locked", username=username, remote_addr=remote_addr,
                  detail=f"{settings.login_lock_minutes} minutes after {failures} failures")  # fmt: skip
            return LoginResult("locked")
        return LoginResult("bad")
    values = {"failed_logins": 0, "locked_until": None}
    if needs_rehash(str(row["password_hash"])):
        values["password_hash"] = hash_password(password)
    with db.engine.begin() as conn:
        conn.execute(update(u).where(u.c.user_id == uid).values(**values))
    audit(db, "login", username=username, remote_addr=remote_addr)
    return LoginResult("ok", get_user(db, uid))


def user_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.users)).scalar_one())


# --- command line ----------------------------------------------------------------------------


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise AccountError("access.error.mismatch")
    return first


def main(argv: list[str] | None = None) -> int:
    """``python -m dashboard users create-admin NAME [--password-stdin]`` | ``users list``."""
    from dashboard.i18n import t
    from dashboard.infra.bootstrap import prepare_database

    parser = argparse.ArgumentParser(prog="python -m dashboard users", description="Manage accounts.")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-admin", help="add a system administrator (the first account)")
    create.add_argument("username")
    create.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sub.add_parser("list", help="list the accounts")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    db = prepare_database(settings)
    lang = settings.default_language
    if args.command == "list":
        for user in list_users(db):
            state = "" if user.active else " (inactive)"
            print(f"{user.username}\t{user.role}\t{','.join(user.units) or '-'}{state}")
        return 0
    try:
        password = _read_password(args.password_stdin)
        create_user(db, args.username, password, "system_admin", actor="command line")
    except AccountError as exc:
        print(t(exc.key, lang, **exc.fmt), file=sys.stderr)
        return 1
    print(t("access.cli.created", lang, username=args.username))
    return 0
