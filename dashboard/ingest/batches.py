"""Loads as batches: check (the dry run), commit a draft, publish, withdraw, discard, delete keys.

- :func:`check` reads files, checks every row (:mod:`dashboard.ingest.importer`), the
  user's units and the bounds, and builds the quality report; it writes nothing.
- :func:`commit` writes a checked load as a **draft** batch (``load_batches`` and its rows in
  ``batch_<table>``), all-or-nothing, with who, when, file name, checksum, rows by table and
  the dry run's report. The same file again changes nothing.
- :func:`publish` upserts the batch's keys into the tables the pages read, keeping the values
  it replaces in ``prior_<table>``; :func:`withdraw` puts them back (and removes the keys the
  batch added). A deletion is a batch too (:func:`stage_deletion`): explicit, on named keys.
- Publication and withdrawal give the database a new data version in the same transaction,
  so every worker shows the new numbers at once. Every step is written to ``audit_log``.
- One load at a time (:func:`load_lock`): a second one waits, then says a load is in progress.

The pages read only the published tables; drafts live in ``batch_<table>`` and are shown on
``/data`` to the units that may see them (``Scope.drafts``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import OperationalError

from dashboard.access.scope import SYSTEM, Scope, Units
from dashboard.infra import db as schema
from dashboard.infra.db import BATCH_ROWS, BATCH_TABLES, Database
from dashboard.ingest.importer import (
    ImportValidationError,
    Problem,
    _check_duplicates,
    _check_references,
    _Collector,
    compact,
    validate_frame,
)
from dashboard.ingest.readers import read_file

REFERENCE_TABLES = ("areas", "meta_info")
#: Problems listed at most (the rest are counted in each problem's "more").
MAX_PROBLEMS = 300


class LoadError(Exception):
    """A refused step; ``key`` is the message key (``dashboard.i18n.data``), ``fmt`` its fields,
    ``exit_code`` what the command line returns."""

    def __init__(self, key: str, exit_code: int = 1, **fmt: object) -> None:
        super().__init__(key)
        self.key, self.fmt, self.exit_code = key, fmt, exit_code


class LoadBusy(LoadError):
    def __init__(self) -> None:
        super().__init__("data.busy", 4)


@dataclass
class CheckResult:
    """A dry run: the checked frames, every problem and the quality report."""

    file_name: str
    checksum: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    first_rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    quality: dict[str, object] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def rows(self) -> dict[str, int]:
        return {t: len(f) for t, f in self.frames.items()}

    def report(self) -> dict[str, object]:
        """What is kept with the batch (JSON)."""
        return {"problems": [p.as_dict() for p in self.problems], "quality": self.quality, "rows": self.rows}


def checksum(files: Sequence[tuple[str, bytes]]) -> str:
    """SHA-256 of the file (of the files' checksums, for several)."""
    if len(files) == 1:
        return hashlib.sha256(files[0][1]).hexdigest()
    parts = sorted(hashlib.sha256(d).hexdigest() for _, d in files)
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def unit_codes(db: Database, units: Units) -> set[str] | None:
    """The area codes (plan areas and their counties) of ``units``; None for everything."""
    if units.everything:
        return None
    from dashboard.queries.areas import county_codes

    codes = set(units.counties)
    for area in units.areas:
        codes |= {area, *db.read(county_codes(area))["adcode"]}
    return codes


def check(db: Database, files: Sequence[tuple[str, bytes]], *, scope: Scope = SYSTEM) -> CheckResult:
    """The dry run of one or more files (one batch): every problem and the quality report."""
    name = ", ".join(n.rsplit("/", 1)[-1] for n, _ in files)
    result = CheckResult(name, checksum(files))
    parts: dict[str, list[pd.DataFrame]] = {}
    for file_name, data in files:
        sources, problems = read_file(file_name, data)
        result.problems += problems
        for src in sources:
            if src.table in REFERENCE_TABLES and not scope.load.everything:
                result.problems.append(
                    Problem(src.table, None, "-", "data.p.reference_table", {"value": src.table})
                )
                continue
            offset = sum(len(f) for f in parts.get(src.table, []))
            result.first_rows.setdefault(src.table, src.first_row)
            try:
                for chunk in src.chunks:
                    try:
                        clean = validate_frame(src.table, chunk, first_row=src.first_row + offset,
                                               check_duplicates=False, limit=MAX_PROBLEMS)  # fmt: skip
                        parts.setdefault(src.table, []).append(compact(clean))
                    except ImportValidationError as exc:
                        result.problems += exc.problems
                        parts.setdefault(src.table, [])
                    offset += len(chunk)
                    if len(result.errors) >= MAX_PROBLEMS:
                        break
            except (ValueError, UnicodeDecodeError) as exc:  # pandas' parser: a ragged row, a bad quote
                row = _parser_row(str(exc))
                result.problems.append(
                    Problem(src.table, row, "-", "data.p.unreadable", {"value": str(exc)[:120]})
                )
    if result.errors:
        return result
    for table, chunks in parts.items():
        frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
        found = _Collector(table, result.first_rows[table])
        _check_duplicates(table, frame, found)
        result.problems += found.items
        result.frames[table] = compact(frame)
    if result.errors or not result.frames:
        if not result.frames and not result.errors:
            result.problems.append(Problem(name, None, "-", "data.p.no_tables", {}))
        return result
    try:
        _check_references(db, result.frames, first_rows=result.first_rows,
                          allowed_units=unit_codes(db, scope.load))  # fmt: skip
    except ImportValidationError as exc:
        result.problems += exc.problems
        return result
    from dashboard.ingest.quality import quality_report

    result.quality, warnings = quality_report(db, result.frames)
    result.problems += warnings
    return result


def _parser_row(message: str) -> int | None:
    import re

    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


# --- one load at a time ------------------------------------------------------------------


@contextlib.contextmanager
def load_lock(db: Database, wait: float = 30.0) -> Iterator[None]:
    """Hold the database's load lock; wait up to ``wait`` seconds, then :class:`LoadBusy`."""
    path = schema.sqlite_path(db.url)
    deadline = time.monotonic() + wait
    if path is not None:
        import fcntl

        fd = os.open(f"{path}.load-lock", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LoadBusy() from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
        return
    if db.dialect != "postgresql":
        yield
        return
    with db.engine.connect() as conn:
        while not conn.execute(text("SELECT pg_try_advisory_lock(7412012)")).scalar_one():
            if time.monotonic() >= deadline:
                raise LoadBusy()
            time.sleep(0.2)
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(7412012)"))
            conn.commit()


@contextlib.contextmanager
def _busy_is_busy() -> Iterator[None]:
    """SQLite's "database is locked" (another writer, e.g. the bootstrap) becomes :class:`LoadBusy`."""
    try:
        yield
    except OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise LoadBusy() from None
        raise


def _now():  # noqa: ANN202 - a naive UTC datetime, as the accounts use
    from dashboard.access.accounts import now

    return now()


def _audit(conn: object, event: str, *, username: str | None, detail: str) -> None:
    conn.execute(insert(schema.audit_log).values(at=_now(), event=event, username=username,  # type: ignore[attr-defined]
                                                 actor=username, detail=detail))  # fmt: skip


# --- commit --------------------------------------------------------------------------------


def find_batch(db: Database, batch_id: int) -> dict[str, object] | None:
    with db.engine.connect() as conn:
        row = conn.execute(
            select(schema.load_batches).where(schema.load_batches.c.batch_id == batch_id)
        ).first()
    return None if row is None else dict(row._mapping)


def _same_file(db: Database, digest: str) -> dict[str, object] | None:
    b = schema.load_batches
    with db.engine.connect() as conn:
        row = conn.execute(select(b).where(b.c.checksum == digest, b.c.state.in_(("draft", "published")))
                           .order_by(b.c.batch_id.desc())).first()  # fmt: skip
    return None if row is None else dict(row._mapping)


def _records(frame: pd.DataFrame, start: int, stop: int) -> list[dict[str, object]]:
    part = frame.iloc[start:stop]
    cols = {c: part[c].astype(object).where(part[c].notna(), None).tolist() for c in part.columns}
    names = list(cols)
    return [dict(zip(names, vals, strict=True)) for vals in zip(*cols.values(), strict=True)]


def commit(db: Database, result: CheckResult, *, username: str, accept_warnings: bool = False,
           scope: Scope = SYSTEM, wait: float = 30.0) -> tuple[int, bool]:  # fmt: skip
    """Write a checked load as a draft batch. Returns (batch id, new): ``new`` is False when the
    same file was loaded before (then nothing changes)."""
    if result.errors:
        raise ImportValidationError(result.errors)
    if result.warnings and not accept_warnings:
        raise LoadError("data.warnings_need_ack", 3, n=len(result.warnings))
    if scope.load.empty:
        raise LoadError("data.not_allowed", 5)
    before = _same_file(db, result.checksum)
    if before is not None:
        return int(before["batch_id"]), False  # type: ignore[call-overload]
    units = sorted(
        {str(a) for f in result.frames.values() if "area" in f.columns for a in f["area"].unique()}
    )
    with load_lock(db, wait), _busy_is_busy(), db.engine.begin() as conn:
        batch_id = int(conn.execute(insert(schema.load_batches).values(
            kind="load", state="draft", created_at=_now(), created_by=username, file_name=result.file_name,
            checksum=result.checksum, units=",".join(units), row_counts=json.dumps(result.rows),
            report=json.dumps(result.report(), ensure_ascii=False, default=str),
        )).inserted_primary_key[0])  # fmt: skip
        for table, frame in result.frames.items():
            target = BATCH_ROWS.get(table)
            for start in range(0, len(frame), 50_000):
                if target is not None:
                    _insert_fast(conn, target.name, frame.iloc[start : start + 50_000], batch_id)
                else:  # a reference table (system administrators): written at once
                    _upsert_records(conn, table, _records(frame, start, start + 50_000))
        if any(t in REFERENCE_TABLES for t in result.frames):
            schema.bump_data_version(conn)
        _audit(conn, "batch_committed", username=username,
               detail=f"batch {batch_id}: {result.file_name} {json.dumps(result.rows)} sha256 {result.checksum[:16]}")  # fmt: skip
    return batch_id, True


def _insert_fast(conn: object, table: str, part: pd.DataFrame, batch_id: int) -> None:
    """Rows as tuples through the driver's executemany (several times faster than dicts)."""
    cols = ["batch_id", *part.columns]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"  # type: ignore[attr-defined]
    sql = f"INSERT INTO {table} ({', '.join(map(_q, cols))}) VALUES ({', '.join([mark] * len(cols))})"
    values = [part[c].astype(object).where(part[c].notna(), None).tolist() for c in part.columns]
    rows = [(batch_id, *r) for r in zip(*values, strict=True)]
    conn.exec_driver_sql(sql, rows)  # type: ignore[attr-defined]


def _upsert_records(conn: object, table: str, records: list[dict[str, object]]) -> None:
    keys = {"areas": ["adcode"], "meta_info": ["key"]}[table]
    t = schema.metadata.tables[table]
    for r in records:
        cond = [t.c[k] == r[k] for k in keys]
        conn.execute(t.delete().where(*cond))  # type: ignore[attr-defined]
    conn.execute(t.insert(), records)  # type: ignore[attr-defined]


def stage_deletion(db: Database, table: str, keys: pd.DataFrame, *, username: str, scope: Scope = SYSTEM,
                   file_name: str = "") -> int:  # fmt: skip
    """A draft batch that deletes the named keys of ``table`` when published (withdrawing it
    restores them)."""
    if table not in BATCH_TABLES:
        raise ImportValidationError([Problem(table, None, "-", "data.p.unknown_table",
                                             {"value": repr(table), "expected": ", ".join(BATCH_TABLES)})])  # fmt: skip
    cols = BATCH_TABLES[table]
    spec = validate_frame(table, _complete(table, keys), first_row=2)[cols]
    allowed = unit_codes(db, scope.load)
    if allowed is not None and not set(spec["area"]) <= allowed:
        raise LoadError("data.not_allowed", 5)
    with load_lock(db), _busy_is_busy(), db.engine.begin() as conn:
        batch_id = int(conn.execute(insert(schema.load_batches).values(
            kind="delete", state="draft", created_at=_now(), created_by=username, file_name=file_name,
            checksum=None, units=",".join(sorted(set(spec["area"]))), row_counts=json.dumps({table: len(spec)}),
            report=None)).inserted_primary_key[0])  # fmt: skip
        records = _records(spec, 0, len(spec))
        for r in records:
            r["batch_id"] = batch_id
        conn.execute(BATCH_ROWS[table].insert(), records)
        _audit(
            conn,
            "batch_delete_staged",
            username=username,
            detail=f"batch {batch_id}: {table} {len(spec)} keys",
        )
    return batch_id


def _complete(table: str, keys: pd.DataFrame) -> pd.DataFrame:
    """Keys only: fill the value columns with neutral values so the key checks run."""
    from dashboard.ingest.importer import SPECS

    out = keys.copy()
    for col in SPECS[table]:
        if col.name not in out.columns:
            out[col.name] = "0" if col.kind in ("int", "float") else "x"
    if table == "indicator_observations":
        out["value"] = "0"
    return out


# --- publish, withdraw, discard ----------------------------------------------------------


def _q(name: str) -> str:
    return f'"{name}"'


def _may_publish(db: Database, scope: Scope, batch: dict[str, object]) -> bool:
    if scope.role not in {"area_admin", "system_admin"}:
        return False
    allowed = unit_codes(db, scope.manage)
    return allowed is None or set(filter(None, str(batch["units"]).split(","))) <= allowed


def may_publish(db: Database, scope: Scope, batch: dict[str, object]) -> bool:
    """Whether ``scope`` may publish or withdraw ``batch``: an area administrator of all its
    units, or a system administrator (what :func:`publish` and :func:`withdraw` check)."""
    return _may_publish(db, scope, batch)


def may_discard(db: Database, scope: Scope, batch: dict[str, object]) -> bool:
    """Whether ``scope`` may discard draft ``batch``: who may publish it, or its loader (what
    :func:`discard` checks)."""
    return _may_publish(db, scope, batch) or (
        batch["created_by"] == scope.username and may_see(db, scope, batch)
    )


def may_see(db: Database, scope: Scope, batch: dict[str, object]) -> bool:
    """Drafts and batches are visible to the units that may see drafts of all their areas."""
    allowed = unit_codes(db, scope.drafts)
    return allowed is None or set(filter(None, str(batch["units"]).split(","))) <= allowed


def _batch_tables(conn: object, batch_id: int) -> list[str]:
    out = []
    for table, rows in BATCH_ROWS.items():
        q = select(func.count()).select_from(rows).where(rows.c.batch_id == batch_id)
        if conn.execute(q).scalar_one():  # type: ignore[attr-defined]
            out.append(table)
    return out


def _join(a: str, b: str, keys: list[str]) -> str:
    return " AND ".join(f"{a}.{_q(k)} = {b}.{_q(k)}" for k in keys)


def publish(db: Database, batch_id: int, *, username: str, scope: Scope = SYSTEM, wait: float = 30.0) -> None:
    """Apply a draft batch to the published tables; keep the values it replaces."""
    batch = find_batch(db, batch_id)
    if batch is None:
        raise LoadError("data.no_batch", 2, batch=batch_id)
    if not _may_publish(db, scope, batch):
        raise LoadError("data.not_allowed", 5)
    with load_lock(db, wait), _busy_is_busy(), db.engine.begin() as conn:
        state = conn.execute(select(schema.load_batches.c.state)
                             .where(schema.load_batches.c.batch_id == batch_id)).scalar_one()  # fmt: skip
        if state != "draft":
            raise LoadError("data.wrong_state", 1, batch=batch_id, state=state, action="publish")
        for table in _batch_tables(conn, batch_id):
            keys = BATCH_TABLES[table]
            cols = [c.name for c in schema.metadata.tables[table].columns]
            values = [c for c in cols if c not in keys]
            conn.execute(text(f"DELETE FROM prior_{table} WHERE batch_id = :b"), {"b": batch_id})
            conn.execute(text(
                f"INSERT INTO prior_{table} (batch_id, {', '.join(map(_q, cols))}, existed) "
                f"SELECT :b, {', '.join('s.' + _q(k) for k in keys)}, {', '.join('m.' + _q(v) for v in values)}, "
                f"m.{_q(keys[0])} IS NOT NULL FROM batch_{table} s LEFT JOIN {table} m ON {_join('s', 'm', keys)} "
                f"WHERE s.batch_id = :b"), {"b": batch_id})  # fmt: skip
            if batch["kind"] == "delete":
                conn.execute(text(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM batch_{table} s "
                                  f"WHERE s.batch_id = :b AND {_join('s', table, keys)})"), {"b": batch_id})  # fmt: skip
            else:
                conn.execute(text(_upsert_sql(table, f"batch_{table}", "batch_id = :b")), {"b": batch_id})
        conn.execute(update(schema.load_batches).where(schema.load_batches.c.batch_id == batch_id)
                     .values(state="published", published_at=_now(), published_by=username))  # fmt: skip
        schema.bump_data_version(conn)
        _audit(conn, "batch_published", username=username, detail=f"batch {batch_id}")


def _upsert_sql(table: str, source: str, where: str) -> str:
    keys = BATCH_TABLES[table]
    cols = [c.name for c in schema.metadata.tables[table].columns]
    values = [c for c in cols if c not in keys]
    names = ", ".join(map(_q, cols))
    sets = ", ".join(f"{_q(v)} = excluded.{_q(v)}" for v in values)
    return (f"INSERT INTO {table} ({names}) SELECT {names} FROM {source} WHERE {where} "
            f"ON CONFLICT ({', '.join(map(_q, keys))}) DO UPDATE SET {sets}")  # fmt: skip


def withdraw(
    db: Database, batch_id: int, *, username: str, scope: Scope = SYSTEM, wait: float = 30.0
) -> None:
    """Undo a published batch: the values it replaced come back, the keys it added go."""
    batch = find_batch(db, batch_id)
    if batch is None:
        raise LoadError("data.no_batch", 2, batch=batch_id)
    if not _may_publish(db, scope, batch):
        raise LoadError("data.not_allowed", 5)
    b = schema.load_batches
    with load_lock(db, wait), _busy_is_busy(), db.engine.begin() as conn:
        row = conn.execute(select(b.c.state, b.c.published_at).where(b.c.batch_id == batch_id)).one()
        if row.state != "published":
            raise LoadError("data.wrong_state", 1, batch=batch_id, state=row.state, action="withdraw")
        tables = _batch_tables(conn, batch_id)
        for table in tables:
            keys = BATCH_TABLES[table]
            later = conn.execute(text(
                f"SELECT MIN(o.batch_id) FROM batch_{table} s JOIN batch_{table} o ON {_join('s', 'o', keys)} "
                f"JOIN load_batches lb ON lb.batch_id = o.batch_id WHERE s.batch_id = :b AND o.batch_id <> :b "
                f"AND lb.state = 'published' AND (lb.published_at > :at OR (lb.published_at = :at AND o.batch_id > :b))"),
                {"b": batch_id, "at": row.published_at}).scalar()  # fmt: skip
            if later is not None:
                raise LoadError("data.later_batch", 1, batch=batch_id, later=int(later))
        for table in tables:
            keys = BATCH_TABLES[table]
            conn.execute(text(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM prior_{table} p WHERE p.batch_id = :b "
                              f"AND NOT p.existed AND {_join('p', table, keys)})"), {"b": batch_id})  # fmt: skip
            conn.execute(
                text(_upsert_sql(table, f"prior_{table}", "batch_id = :b AND existed")), {"b": batch_id}
            )
        conn.execute(update(b).where(b.c.batch_id == batch_id)
                     .values(state="withdrawn", withdrawn_at=_now(), withdrawn_by=username))  # fmt: skip
        schema.bump_data_version(conn)
        _audit(conn, "batch_withdrawn", username=username, detail=f"batch {batch_id}")


def discard(db: Database, batch_id: int, *, username: str, scope: Scope = SYSTEM) -> None:
    """A draft that will not be published: kept in the list as discarded (its rows removed)."""
    batch = find_batch(db, batch_id)
    if batch is None:
        raise LoadError("data.no_batch", 2, batch=batch_id)
    if not (
        _may_publish(db, scope, batch) or (batch["created_by"] == username and may_see(db, scope, batch))
    ):
        raise LoadError("data.not_allowed", 5)
    if batch["state"] != "draft":
        raise LoadError("data.wrong_state", 1, batch=batch_id, state=batch["state"], action="discard")
    with load_lock(db), _busy_is_busy(), db.engine.begin() as conn:
        for rows in BATCH_ROWS.values():
            conn.execute(rows.delete().where(rows.c.batch_id == batch_id))
        conn.execute(update(schema.load_batches).where(schema.load_batches.c.batch_id == batch_id)
                     .values(state="discarded"))  # fmt: skip
        _audit(conn, "batch_discarded", username=username, detail=f"batch {batch_id}")


def list_batches(db: Database, scope: Scope = SYSTEM, limit: int = 100) -> list[dict[str, object]]:
    """The latest batches the scope may see, newest first."""
    b = schema.load_batches
    cols = [c for c in b.c if c.name != "report"]
    with db.engine.connect() as conn:
        rows = [
            dict(r._mapping) for r in conn.execute(select(*cols).order_by(b.c.batch_id.desc()).limit(limit))
        ]
    return [r for r in rows if may_see(db, scope, r)]


def batch_rows(db: Database, batch_id: int, table: str, limit: int = 50) -> pd.DataFrame:
    """The first rows of a batch's table (a draft's preview)."""
    rows = BATCH_ROWS[table]
    return db.read(
        select(*[c for c in rows.c if c.name != "batch_id"]).where(rows.c.batch_id == batch_id).limit(limit)
    )
