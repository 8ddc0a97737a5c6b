"""/admin/users: area administrators manage the users of their area; system administrators all.

An area administrator sees and changes only accounts whose units all lie in their area
(never a system administrator), gives only units of their area and roles up to area
administrator. Every change is audited (:mod:`dashboard.access.accounts`).
"""

from __future__ import annotations

from flask import Flask, Response, abort, request
from flask_login import login_required

from dashboard.access import accounts
from dashboard.access.page import fragment, page_language, render
from dashboard.access.scope import ROLES, Scope, current_scope
from dashboard.i18n import pick, t
from dashboard.infra.db import Database
from dashboard.infra.runtime import current_db
from dashboard.queries.areas import area_info

PAGE = """
<h2 class="h5">{{ l_add }}</h2>
<form method="post" class="row g-2 mb-4" id="admin-create">{{ csrf }}<input type="hidden" name="action" value="create">
<div class="col-md-2"><input class="form-control" name="username" placeholder="{{ l_user }}" required></div>
<div class="col-md-2"><input class="form-control" name="password" type="password" placeholder="{{ l_password }}"
 autocomplete="new-password" required></div>
<div class="col-md-2"><select class="form-select" name="role">{% for r, label in roles %}
<option value="{{ r }}">{{ label }}</option>{% endfor %}</select></div>
<div class="col-md-4"><select class="form-select" name="units" multiple size="4">{% for code, label in units %}
<option value="{{ code }}">{{ label }}</option>{% endfor %}</select></div>
<div class="col-md-2"><button class="btn btn-primary" type="submit">{{ l_create }}</button></div>
</form>
<h2 class="h5">{{ l_users }}</h2>
<table class="table table-sm align-middle" id="admin-users"><thead><tr><th>{{ l_user }}</th><th>{{ l_role }}</th>
<th>{{ l_units }}</th><th>{{ l_active }}</th><th></th><th>{{ l_reset }}</th></tr></thead><tbody>
{% for u in users %}<tr data-user="{{ u.username }}">
<td>{{ u.username }}</td>
<td colspan="4"><form method="post" class="row g-1">{{ csrf }}
<input type="hidden" name="action" value="update"><input type="hidden" name="user_id" value="{{ u.user_id }}">
<div class="col-3"><select class="form-select form-select-sm" name="role">{% for r, label in roles %}
<option value="{{ r }}" {{ 'selected' if r == u.role }}>{{ label }}</option>{% endfor %}</select></div>
<div class="col-5"><select class="form-select form-select-sm" name="units" multiple size="3">{% for code, label in units %}
<option value="{{ code }}" {{ 'selected' if code in u.units }}>{{ label }}</option>{% endfor %}</select></div>
<div class="col-2"><input class="form-check-input" type="checkbox" name="active" value="1" {{ 'checked' if u.active }}></div>
<div class="col-2"><button class="btn btn-sm btn-outline-primary" type="submit">{{ l_save }}</button></div></form></td>
<td><form method="post" class="d-flex gap-1">{{ csrf }}<input type="hidden" name="action" value="reset">
<input type="hidden" name="user_id" value="{{ u.user_id }}">
<input class="form-control form-control-sm" name="password" type="password" autocomplete="new-password" required>
<button class="btn btn-sm btn-outline-secondary" type="submit">{{ l_reset_do }}</button></form></td>
</tr>{% endfor %}</tbody></table>
<p class="small text-muted">{{ rule }}</p>
{% if audit %}<h2 class="h5 mt-4">{{ l_audit }}</h2><table class="table table-sm small" id="admin-audit"><tbody>
{% for a in audit %}<tr><td>{{ a.at }}</td><td>{{ a.event }}</td><td>{{ a.username or '' }}</td>
<td>{{ a.actor or '' }}</td><td>{{ a.detail or '' }}</td><td>{{ a.remote_addr or '' }}</td></tr>{% endfor %}
</tbody></table>{% endif %}
"""


def _unit_label(db: Database, code: str, lang: str) -> str:
    info = area_info(db, code) or {}
    return f"{pick(info.get('name_zh'), info.get('name_en'), lang)} ({code})"  # type: ignore[arg-type]


def manageable(db: Database, scope: Scope, user: accounts.User) -> bool:
    """Whether ``scope`` may change ``user``: a system administrator any; an area administrator
    only users (not system administrators) whose units all lie in their area."""
    if scope.manage.everything:
        return True
    if user.role == "system_admin" or not user.units:
        return False
    return set(user.units) <= set(accounts.unit_choices(db, scope.manage))


def assignable_roles(scope: Scope) -> tuple[str, ...]:
    return ROLES if scope.manage.everything else ROLES[:3]


def _apply(db: Database, scope: Scope, lang: str) -> str:
    """Carry out the posted action; returns the success message (AccountError otherwise)."""
    action = request.form.get("action")
    units = request.form.getlist("units")
    role = request.form.get("role", "")
    allowed_units = set(accounts.unit_choices(db, scope.manage))
    if action in {"create", "update"}:
        if role not in assignable_roles(scope):
            abort(403)
        if not set(units) <= allowed_units:
            abort(403)
        if not scope.manage.everything and not units:
            raise accounts.AccountError("access.error.no_units")
    actor, remote = scope.username, request.remote_addr
    if action == "create":
        user = accounts.create_user(db, request.form.get("username", ""), request.form.get("password", ""),
                                    role, units, actor=actor, remote_addr=remote)  # fmt: skip
        return t("access.admin.created", lang, username=user.username)
    target = accounts.get_user(db, int(request.form.get("user_id") or 0))
    if target is None or not manageable(db, scope, target):
        abort(403)
    if action == "update":
        accounts.update_user(db, target.user_id, role=role, units=units, active=bool(request.form.get("active")),
                             actor=actor, remote_addr=remote)  # fmt: skip
        return t("access.admin.saved", lang, username=target.username)
    if action == "reset":
        accounts.reset_password(db, target.user_id, request.form.get("password", ""), actor=actor or "",
                                remote_addr=remote)  # fmt: skip
        return t("access.admin.reset_done", lang, username=target.username)
    abort(400)


@login_required
def users_page() -> Response:
    scope, db, lang = current_scope(), current_db(), page_language()
    if scope.manage.empty:
        abort(403)
    messages: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            messages = [("success", _apply(db, scope, lang))]
        except accounts.AccountError as exc:
            messages = [("danger", t(exc.key, lang, **exc.fmt))]  # 200: the form again, with the reason
    users = [u for u in accounts.list_users(db) if manageable(db, scope, u)]
    units = [(c, _unit_label(db, c, lang)) for c in accounts.unit_choices(db, scope.manage)]
    audit = accounts.audit_rows(db, 100).to_dict("records") if scope.manage.everything else []
    body = fragment(
        PAGE, users=users, units=units, audit=audit,
        roles=[(r, t(f"access.role.{r}", lang)) for r in assignable_roles(scope)],
        l_add=t("access.admin.add", lang), l_user=t("access.username", lang),
        l_password=t("access.password", lang), l_create=t("access.admin.create", lang),
        l_users=t("access.admin.users", lang), l_role=t("access.admin.role", lang),
        l_units=t("access.admin.units", lang), l_active=t("access.admin.active", lang),
        l_save=t("access.admin.save", lang), l_reset=t("access.admin.reset", lang),
        l_reset_do=t("access.admin.reset_do", lang), l_audit=t("access.admin.audit", lang),
        rule=t("access.password.rule", lang),
    )  # fmt: skip
    return render(t("access.admin.title", lang), body, messages=messages, width="72rem")


def install_admin(server: Flask) -> None:
    server.add_url_rule("/admin/users", "access_admin_users", users_page, methods=["GET", "POST"])
