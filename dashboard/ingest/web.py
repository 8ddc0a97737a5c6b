"""/data: load, check, commit, publish and withdraw data in the browser (issue #12).

A plain server-rendered page (as /admin/users: Jinja, escaped, works without JavaScript;
every form carries the CSRF field) for the roles that may load: county data managers,
area and system administrators. Anyone else signed in gets 403; an anonymous visitor is
sent to /login.

- ``GET /data/template.xlsx`` and ``GET /data/template/<table>.csv``: the templates
  (:mod:`dashboard.ingest.templates`), codes for the user's units.
- ``POST /data`` ``action=check`` with a file: the dry run (:func:`batches.check`, scoped by
  the user's units) with every problem and the quality report; nothing is written to the
  data tables. The file waits in ``load_uploads`` (by checksum, for its uploader) until it
  is committed.
- ``action=commit``: the same file checked again and written as a draft batch
  (:func:`batches.commit`); warnings need the acknowledgement checkbox.
- ``action=publish|withdraw|discard``: :func:`batches.publish` and the others, which check
  the user's scope themselves (area administrators within their area).

Every step goes through the same functions as ``python -m dashboard import`` and is
written to ``audit_log``.
"""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Flask, Response, abort, request
from flask_login import login_required
from sqlalchemy import delete, insert, select

from dashboard.access import accounts
from dashboard.access.page import fragment, page_language, render
from dashboard.access.scope import Scope, current_scope
from dashboard.i18n import pick, t
from dashboard.infra import db as schema
from dashboard.infra.db import Database
from dashboard.infra.runtime import current_db, current_settings
from dashboard.ingest import batches
from dashboard.ingest.importer import ImportValidationError, Problem
from dashboard.ingest.templates import LOAD_TABLES, sheet_name, template_csv, template_xlsx
from dashboard.publish.warm import warm_patterns

#: An uploaded file waits this long for its commit.
UPLOAD_KEPT = timedelta(days=1)
#: Rows of the quality table shown.
QUALITY_ROWS = 200

PAGE = """
<p><a href="/" id="data-back">{{ l_back }}</a></p>
<section id="data-templates" class="mb-4"><h2 class="h5">{{ l_templates }}</h2>
<p><a class="btn btn-outline-primary btn-sm" id="data-template-xlsx" href="/data/template.xlsx" download>{{ l_xlsx }}</a></p>
<p class="small mb-1">{{ l_csv }}</p><ul class="small">{% for table, label in csv %}
<li><a class="data-template-csv" href="/data/template/{{ table }}.csv" download>{{ label }}</a></li>{% endfor %}</ul>
</section>
<section id="data-upload" class="mb-4"><h2 class="h5">{{ l_upload }}</h2>
<form method="post" action="/data" enctype="multipart/form-data" id="data-upload-form" class="row g-2">{{ csrf }}
<input type="hidden" name="action" value="check">
<div class="col-md-8"><label class="form-label visually-hidden" for="data-file">{{ l_file }}</label>
<input class="form-control" type="file" name="file" id="data-file" accept=".xlsx,.csv,text/csv"></div>
<div class="col-md-4"><button class="btn btn-primary" type="submit" id="data-check">{{ l_check }}</button></div>
</form><div class="form-text">{{ l_hint }}</div>
</section>
{% if dry %}<section id="data-dryrun" class="mb-4" data-errors="{{ dry.errors }}" data-warnings="{{ dry.warnings }}">
<h2 class="h5">{{ dry.title }}</h2>
<p id="data-dryrun-summary" class="{{ 'text-danger' if dry.errors else 'text-success' }}">{{ dry.summary }}</p>
{% if dry.problems %}<div class="table-responsive"><table class="table table-sm small" id="data-problems">
<thead><tr>{% for h in dry.problem_heads %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for p in dry.problems %}<tr class="{{ 'table-danger' if p.error else 'table-warning' }}" data-severity="{{ p.severity }}">
<td>{{ p.severity_label }}</td><td>{{ p.table }}</td><td>{{ p.row }}</td><td>{{ p.column }}</td><td>{{ p.value }}</td>
<td>{{ p.message }}</td></tr>{% endfor %}</tbody></table></div>
{% else %}<p>{{ dry.no_problems }}</p>{% endif %}
<h3 class="h6 mt-3">{{ dry.q_title }}</h3>
<div id="data-quality">{% if dry.q_note %}<p class="small">{{ dry.q_note }}</p>{% else %}
<p class="small">{{ dry.q_ranges }}</p>
<div class="table-responsive"><table class="table table-sm small" id="data-quality-table"><caption>{{ dry.q_caption }}</caption>
<thead><tr>{% for h in dry.q_heads %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for r in dry.q_rows %}<tr class="{{ 'table-warning' if r.flags }}">{% for v in r.cells %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table></div>{% if dry.q_more %}<p class="small">{{ dry.q_more }}</p>{% endif %}{% endif %}</div>
{% if not dry.errors %}<form method="post" action="/data" id="data-commit-form" class="mt-3">{{ csrf }}
<input type="hidden" name="action" value="commit"><input type="hidden" name="checksum" value="{{ dry.checksum }}">
{% if dry.warnings %}<div class="form-check mb-2"><input class="form-check-input" type="checkbox" name="ack" value="1"
 id="data-ack" required><label class="form-check-label" for="data-ack">{{ l_ack }}</label></div>{% endif %}
<button class="btn btn-success" type="submit" id="data-commit">{{ l_commit }}</button></form>{% endif %}
</section>{% endif %}
<section id="data-batches"><h2 class="h5">{{ l_batches }}</h2>
{% if batches %}<div class="table-responsive"><table class="table table-sm align-middle small" id="data-batch-list">
<thead><tr>{% for h in batch_heads %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for b in batches %}<tr data-batch="{{ b.id }}" data-state="{{ b.state }}">
<td>{{ b.id }}</td><td class="data-state">{{ b.state_label }}</td><td>{{ b.kind }}</td><td>{{ b.who }}</td><td>{{ b.when }}</td>
<td>{{ b.file }}</td><td>{{ b.rows }}</td><td>{{ b.units }}</td><td class="d-flex gap-1">
{% for action, label, style in b.actions %}<form method="post" action="/data">{{ csrf }}
<input type="hidden" name="action" value="{{ action }}"><input type="hidden" name="batch" value="{{ b.id }}">
<button class="btn btn-sm {{ style }} data-{{ action }}" type="submit">{{ label }}</button></form>{% endfor %}</td>
</tr>{% endfor %}</tbody></table></div>{% else %}<p>{{ l_none }}</p>{% endif %}
</section>
"""


def _scope_or_403() -> Scope:
    scope = current_scope()
    if scope.load.empty:
        abort(403)
    return scope


def _names(db: Database, codes: list[str], lang: str) -> dict[str, str]:
    from dashboard.queries.areas import area_info

    out = {}
    for code in codes:
        info = area_info(db, code) or {}
        out[code] = f"{pick(info.get('name_zh'), info.get('name_en'), lang) or code} ({code})"  # type: ignore[arg-type]
    return out


def _rows_text(lang: str, rows: dict[str, int]) -> str:
    return ", ".join(t("data.rows_by_table", lang, table=k, n=v) for k, v in rows.items()) or "-"


# --- the uploaded file between the dry run and the commit ------------------------------------


def _keep_upload(db: Database, name: str, data: bytes, digest: str, username: str) -> None:
    u = schema.load_uploads
    now = accounts.now()
    with db.engine.begin() as conn:
        conn.execute(delete(u).where((u.c.checksum == digest) | (u.c.uploaded_at < now - UPLOAD_KEPT)))
        conn.execute(insert(u).values(checksum=digest, file_name=name, content=data, uploaded_by=username,
                                      uploaded_at=now))  # fmt: skip


def _take_upload(db: Database, digest: str, username: str) -> tuple[str, bytes] | None:
    u = schema.load_uploads
    with db.engine.connect() as conn:
        row = conn.execute(select(u.c.file_name, u.c.content)
                           .where(u.c.checksum == digest, u.c.uploaded_by == username)).first()  # fmt: skip
    return None if row is None else (str(row.file_name), bytes(row.content))


def _drop_upload(db: Database, digest: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(delete(schema.load_uploads).where(schema.load_uploads.c.checksum == digest))


# --- what the page shows ---------------------------------------------------------------------


def _problem_row(p: Problem, lang: str) -> dict[str, object]:
    more = f" {t('data.where.more', lang, n=p.more)}" if p.more else ""
    return {"severity": p.severity, "error": p.severity == "error",
            "severity_label": t(f"data.severity.{'error' if p.severity == 'error' else 'warning'}", lang),
            "table": p.table, "row": "—" if p.row is None else p.row, "column": p.column,
            "value": p.fmt.get("value", ""), "message": p.message(lang) + more}  # fmt: skip


def _dry_run(db: Database, result: batches.CheckResult, lang: str) -> dict[str, object]:
    """The dry run's problems and quality report, ready for the page."""
    errors, warnings = len(result.errors), len(result.warnings)
    summary = t("data.web.summary", lang, errors=errors, warnings=warnings)
    if errors:
        summary = t("data.web.blocked", lang, n=errors) + " " + summary
    else:
        summary = t("data.web.dry_ok", lang, rows=_rows_text(lang, result.rows)) + " " + summary
    out: dict[str, object] = {
        "title": t("data.dryrun", lang, name=result.file_name), "summary": summary,
        "errors": errors, "warnings": warnings, "checksum": result.checksum,
        "problems": [_problem_row(p, lang) for p in sorted(result.problems, key=lambda p: p.severity != "error")],
        "problem_heads": [t(f"data.col.{k}", lang) for k in ("severity", "table", "row", "column", "value", "problem")],
        "no_problems": t("data.web.no_problems", lang), "q_title": t("data.q.title", lang),
    }  # fmt: skip
    quality = result.quality or {}
    note = quality.get("note")
    if errors or not quality:
        out["q_note"] = t("data.web.blocked", lang, n=errors) if errors else t("data.q.none", lang)
        return out
    if note:
        out["q_note"] = t(str(note), lang)
        return out
    rows = list(quality.get("rows") or [])  # type: ignore[call-overload]
    names = _names(db, sorted({str(r["area"]) for r in rows}), lang)
    from dashboard.catalogue.sites import SITE_BY_KEY

    def site(code: str) -> str:
        s = SITE_BY_KEY.get(code)
        return code if s is None else pick(s.name_zh, s.name_en, lang)

    def num(v: object, digits: int) -> str:
        return "—" if v is None else f"{float(v):.{digits}f}"  # type: ignore[arg-type]

    out |= {
        "q_ranges": t("data.q.range", lang, **quality["ranges"])  # type: ignore[arg-type]
        + " · " + t("data.q.unknown_age", lang, value=float(quality.get("unknown_age_pct") or 0)),  # type: ignore[arg-type]
        "q_caption": t("data.q.table", lang),
        "q_heads": [t("data.q.col.area", lang), t("data.q.col.year", lang), t("data.q.col.site", lang),
                    t("data.q.col.cases", lang), "MV%", "DCO%", "M/I", t("data.q.col.flags", lang)],
        "q_rows": [{"flags": r["flags"], "cells": [names[str(r["area"])], r["year"], site(str(r["site"])),
                    f"{int(r['cases']):,}", num(r["mv_pct"], 1), num(r["dco_pct"], 1), num(r["mi_ratio"], 2),
                    str(r["flags"] or "").replace(";", ", ")]} for r in rows[:QUALITY_ROWS]],
        "q_more": t("data.q.more_rows", lang, n=QUALITY_ROWS) if len(rows) > QUALITY_ROWS else "",
    }  # fmt: skip
    return out


def _batch_rows(db: Database, scope: Scope, lang: str) -> list[dict[str, object]]:
    listed = batches.list_batches(db, scope)
    codes = sorted({c for b in listed for c in str(b["units"] or "").split(",") if c})
    names = _names(db, codes, lang)
    out = []
    for b in listed:
        state = str(b["state"])
        actions = []
        if state == "draft" and batches.may_publish(db, scope, b):
            actions.append(("publish", t("data.publish", lang), "btn-success"))
        if state == "published" and batches.may_publish(db, scope, b):
            actions.append(("withdraw", t("data.withdraw", lang), "btn-outline-danger"))
        if state == "draft" and batches.may_discard(db, scope, b):
            actions.append(("discard", t("data.discard", lang), "btn-outline-secondary"))
        units = [names.get(c, c) for c in str(b["units"] or "").split(",") if c]
        out.append({
            "id": b["batch_id"], "state": state, "state_label": t(f"data.state.{state}", lang),
            "kind": t(f"data.kind.{b['kind']}", lang), "who": b["created_by"],
            "when": f"{b['created_at']:%Y-%m-%d %H:%M}",
            "file": b["file_name"] or "", "rows": _rows_text(lang, json.loads(str(b["row_counts"] or "{}"))),
            "units": "、".join(units[:5]) + (" …" if len(units) > 5 else ""), "actions": actions,
        })  # fmt: skip
    return out


# --- the actions -------------------------------------------------------------------------------


def _check(db: Database, scope: Scope, lang: str) -> tuple[list[tuple[str, str]], dict[str, object] | None]:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return [("warning", t("data.upload_missing", lang))], None
    name, data = upload.filename.replace("\\", "/").rsplit("/", 1)[-1], upload.read()
    result = batches.check(db, [(name, data)], scope=scope)
    accounts.audit(db, "batch_checked", username=scope.username, actor=scope.username,
                   detail=f"{name}: {len(result.errors)} errors, {len(result.warnings)} warnings, "
                          f"{json.dumps(result.rows)} sha256 {result.checksum[:16]}",
                   remote_addr=request.remote_addr)  # fmt: skip
    if not result.errors:
        _keep_upload(db, name, data, result.checksum, str(scope.username))
    return [], _dry_run(db, result, lang)


def _commit(db: Database, scope: Scope, lang: str) -> tuple[list[tuple[str, str]], dict[str, object] | None]:
    digest = request.form.get("checksum", "")
    upload = _take_upload(db, digest, str(scope.username))
    if upload is None:
        return [("warning", t("data.upload_expired", lang))], None
    result = batches.check(db, [upload], scope=scope)  # again: the data may have changed since
    if result.errors:
        return [], _dry_run(db, result, lang)
    if result.warnings and not request.form.get("ack"):
        return [("warning", t("data.web.ack_needed", lang, n=len(result.warnings)))], _dry_run(
            db, result, lang
        )
    batch_id, new = batches.commit(
        db, result, username=str(scope.username), accept_warnings=True, scope=scope
    )
    _drop_upload(db, digest)
    if not new:
        state = (batches.find_batch(db, batch_id) or {}).get("state", "draft")
        return [("info", t("data.already", lang, batch=batch_id, state=t(f"data.state.{state}", lang)))], None
    text = t("data.committed", lang, batch=batch_id, rows=_rows_text(lang, result.rows))
    return [("success", f"{text} {t('data.web.committed_hint', lang)}")], None


def _step(db: Database, scope: Scope, lang: str, action: str) -> list[tuple[str, str]]:
    try:
        batch_id = int(request.form.get("batch", ""))
    except ValueError:
        abort(400)
    step, key = {"publish": (batches.publish, "data.published"), "withdraw": (batches.withdraw, "data.withdrawn"),
                 "discard": (batches.discard, "data.discarded")}[action]  # fmt: skip
    step(db, batch_id, username=str(scope.username), scope=scope)
    if action != "discard":  # the new data version's patterns, decided now, not on a page view
        warm_patterns(db, current_settings().small_cell_limit)
    return [("success", t(key, lang, batch=batch_id))]


@login_required
def data_page() -> Response:
    scope, db, lang = _scope_or_403(), current_db(), page_language()
    messages: list[tuple[str, str]] = []
    dry: dict[str, object] | None = None
    if request.method == "POST":
        action = request.form.get("action", "")
        if action not in {"check", "commit", "publish", "withdraw", "discard"}:
            abort(400)
        try:
            if action == "check":
                messages, dry = _check(db, scope, lang)
            elif action == "commit":
                messages, dry = _commit(db, scope, lang)
            else:
                messages = _step(db, scope, lang, action)
        except batches.LoadError as exc:
            fmt = dict(exc.fmt)
            if "state" in fmt:
                fmt["state"] = t(f"data.state.{fmt['state']}", lang)
            if "action" in fmt:
                fmt["action"] = t(f"data.action.{fmt['action']}", lang)
            messages = [("danger", t(exc.key, lang, **fmt))]
        except ImportValidationError as exc:
            messages = [("danger", exc.text(lang))]
    return _page(db, scope, lang, messages, dry)


def _page(db: Database, scope: Scope, lang: str, messages: list[tuple[str, str]], dry: dict[str, object] | None,
          status: int = 200) -> Response:  # fmt: skip
    body = fragment(
        PAGE, dry=dry, batches=_batch_rows(db, scope, lang),
        csv=[(table, t("data.template.csv", lang, table=sheet_name(table))) for table in LOAD_TABLES],
        batch_heads=[t(f"data.col.{k}", lang) for k in ("batch", "state", "kind", "who", "when", "file", "rows",
                                                       "units", "actions")],
        l_back=t("data.back", lang), l_templates=t("data.templates", lang), l_xlsx=t("data.template.xlsx", lang),
        l_csv=t("data.csv_templates", lang), l_upload=t("data.upload", lang), l_file=t("data.file", lang),
        l_check=t("data.check", lang), l_hint=t("data.upload.hint", lang), l_ack=t("data.ack", lang),
        l_commit=t("data.commit", lang), l_batches=t("data.batches", lang), l_none=t("data.no_batches", lang),
    )  # fmt: skip
    return render(t("data.title", lang), body, messages=messages, width="80rem", status=status)


def _too_large(exc: Exception) -> object:
    """An upload above ``MAX_REQUEST_MB`` (refused before it is read): the page says so."""
    from dashboard.infra.runtime import current_settings

    if request.path != "/data" or current_scope().load.empty:
        return exc
    mb = current_settings().max_request_mb
    lang = page_language()
    return _page(
        current_db(), current_scope(), lang, [("danger", t("data.too_large", lang, mb=mb))], None, 413
    )


@login_required
def template_workbook() -> Response:
    scope = _scope_or_403()
    data = template_xlsx(current_db(), scope.load)
    return _download(data, "数据模板-data-template.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip


@login_required
def template_table(table: str) -> Response:
    _scope_or_403()
    if table not in LOAD_TABLES:
        abort(404)
    return _download(template_csv(table), f"{table}.csv", "text/csv")


def _download(data: bytes, name: str, mimetype: str) -> Response:
    from urllib.parse import quote

    response = Response(data, mimetype=mimetype)
    ascii_name = name.encode("ascii", "ignore").decode().lstrip("-") or "template"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def install_data_page(server: Flask) -> None:
    server.add_url_rule("/data", "data_page", data_page, methods=["GET", "POST"])
    server.register_error_handler(413, _too_large)
    server.add_url_rule("/data/template.xlsx", "data_template_xlsx", template_workbook)
    server.add_url_rule("/data/template/<table>.csv", "data_template_csv", template_table)
