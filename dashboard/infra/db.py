"""Database: one class, one schema, the same on SQLite and PostgreSQL.

The schema holds *aggregated* tables only (no patient records). Every table and
column is described in ``docs/data-model.md``; keep the two in step.

Conventions
-----------
- ``area`` columns hold the 6-digit administrative code (adcode) as text.
- ``sex`` is ``"M"`` or ``"F"``; "both sexes" is computed by summing.
- ``age_group`` is the index 0..18 of the 19 registry age groups
  (0, 1-4, 5-9, ..., 80-84, 85+), see :data:`dashboard.epi.standards.AGE_GROUPS`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.sql import Executable

metadata = MetaData()

areas = Table(
    "areas",
    metadata,
    Column("adcode", String(6), primary_key=True),
    Column("parent_adcode", String(6), nullable=True, index=True),
    Column("level", String(10), nullable=False),  # province | city | county
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("region_group", Text, nullable=True),  # e.g. 主城都市圈 (Chongqing's plan)
    Column("region_group_en", Text, nullable=True),
    Column("urban", Boolean, nullable=True),  # district (区) vs county (县/自治县/市)
    CheckConstraint("level IN ('province', 'city', 'county')", name="ck_areas_level"),
)

sites = Table(
    "sites",
    metadata,
    Column("site", String(20), primary_key=True),  # e.g. "lung"
    Column("icd10", Text, nullable=False),  # e.g. "C33-C34"
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("sex_specific", String(1), nullable=True),  # "F" / "M" / NULL
    Column("sort_order", Integer, nullable=False),
)

population = Table(
    "population",
    metadata,
    Column("area", String(6), ForeignKey("areas.adcode"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("sex", String(1), primary_key=True),
    Column("age_group", Integer, primary_key=True),
    Column("person_years", Float, nullable=False),
    CheckConstraint("sex IN ('M', 'F')", name="ck_population_sex"),
    CheckConstraint("age_group BETWEEN 0 AND 18", name="ck_population_age"),
    CheckConstraint("person_years >= 0", name="ck_population_py"),
)

registry_counts = Table(
    "registry_counts",
    metadata,
    Column("area", String(6), ForeignKey("areas.adcode"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("sex", String(1), primary_key=True),
    Column("age_group", Integer, primary_key=True),
    Column("site", String(20), ForeignKey("sites.site"), primary_key=True),
    Column("cases", Integer, nullable=False),
    Column("deaths", Integer, nullable=False),
    Column("mv_cases", Integer, nullable=False),  # morphologically verified
    Column("dco_cases", Integer, nullable=False),  # death certificate only
    CheckConstraint("sex IN ('M', 'F')", name="ck_registry_sex"),
    CheckConstraint("age_group BETWEEN 0 AND 18", name="ck_registry_age"),
    CheckConstraint("cases >= 0 AND deaths >= 0", name="ck_registry_nonneg"),
    CheckConstraint("mv_cases >= 0 AND mv_cases <= cases", name="ck_registry_mv"),
    CheckConstraint("dco_cases >= 0 AND dco_cases <= cases", name="ck_registry_dco"),
)

# Covering indexes for the map's reads (one site and period across an area's counties).
Index("ix_registry_counts_site_year", registry_counts.c.site, registry_counts.c.year, registry_counts.c.sex,
      registry_counts.c.area, registry_counts.c.age_group, registry_counts.c.cases, registry_counts.c.deaths,
      registry_counts.c.mv_cases, registry_counts.c.dco_cases)  # fmt: skip
Index("ix_population_year", population.c.year, population.c.sex, population.c.area, population.c.age_group,
      population.c.person_years)  # fmt: skip

screening = Table(
    "screening",
    metadata,
    Column("area", String(6), ForeignKey("areas.adcode"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("programme", String(20), primary_key=True),
    Column("eligible", Integer, nullable=False),
    Column("screened", Integer, nullable=False),
    Column("positive", Integer, nullable=False),
    Column("detected", Integer, nullable=False),  # cancers and precancers
    Column("early_detected", Integer, nullable=False),  # precancer or early stage
    CheckConstraint(
        "eligible >= 0 AND screened >= 0 AND positive >= 0 AND detected >= 0 AND early_detected >= 0",
        name="ck_screening_nonneg",
    ),
    CheckConstraint(
        "positive <= screened AND detected <= positive AND early_detected <= detected",
        name="ck_screening_cascade",
    ),
)

indicator_observations = Table(
    "indicator_observations",
    metadata,
    Column("area", String(6), ForeignKey("areas.adcode"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("indicator", String(40), primary_key=True),
    Column("numerator", Float, nullable=True),
    Column("denominator", Float, nullable=True),
    Column("value", Float, nullable=True),  # where only a value exists (survival, awareness)
    Column("lower", Float, nullable=True),  # interval of a reported value, if published
    Column("upper", Float, nullable=True),
    Column("sample_size", Integer, nullable=True),  # surveys
    Column("source", Text, nullable=True),
)

plans = Table(
    "plans",
    metadata,
    Column("plan_id", String(40), primary_key=True),
    Column("area", String(6), ForeignKey("areas.adcode"), nullable=False),
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("start_year", Integer, nullable=False),
    Column("end_year", Integer, nullable=False),
    Column("document", Text, nullable=True),
    Column("source_file", Text, nullable=False),
    Column("short_name_zh", Text, nullable=True),  # the area switch label
    Column("short_name_en", Text, nullable=True),
    Column("legends", Text, nullable=True),  # the plan's map classes, JSON (dashboard.plans.legend_json)
)

targets = Table(
    "targets",
    metadata,
    Column("plan_id", String(40), ForeignKey("plans.plan_id"), primary_key=True),
    Column("target_id", String(40), primary_key=True),
    Column("indicator", String(40), nullable=False),
    Column("comparison", String(10), nullable=False),  # >= > <= < falling
    Column("value", Float, nullable=True),
    Column("baseline_year", Integer, nullable=True),
    Column("baseline_delta", Float, nullable=True),  # "+3 percentage points over 2015"
    Column("deadline", Integer, nullable=False),
    Column("clause", Text, nullable=False),
    Column("text_zh", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("quantified", Boolean, nullable=False),
    Column("sort_order", Integer, nullable=False),
    CheckConstraint("comparison IN ('>=', '>', '<=', '<', 'falling')", name="ck_targets_cmp"),
)

meta_info = Table(
    "meta_info",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# Suppression patterns of the publication layer (issue #10), decided once per data version
# when data is published (dashboard.publish.store); old versions are removed then.
published_patterns = Table(
    "published_patterns",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("area", String(6), primary_key=True),
    Column("small_cell_limit", Integer, primary_key=True),
    Column("data_version", String(40), primary_key=True),
    Column("created_at", DateTime, nullable=False),  # UTC
    Column("figures", Text, nullable=False),  # JSON: cells, hidden, narrowest, seconds …
    Column("pattern", LargeBinary, nullable=False),
)

# --- Accounts (issue #11): not data tables, never touched by the importer -----------------

users = Table(
    "users",
    metadata,
    Column("user_id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),  # argon2id, see dashboard.access.passwords
    Column("role", String(20), nullable=False),
    Column("display_name", Text, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_logins", Integer, nullable=False, default=0),  # failures in a row
    Column("locked_until", DateTime, nullable=True),  # UTC
    Column("session_version", Integer, nullable=False, default=1),  # raised: old sessions end
    Column("created_at", DateTime, nullable=False),
    Column("password_changed_at", DateTime, nullable=True),
    CheckConstraint(
        "role IN ('viewer', 'county_manager', 'area_admin', 'system_admin')", name="ck_users_role"
    ),
)

user_units = Table(
    "user_units",
    metadata,
    Column("user_id", Integer, ForeignKey("users.user_id", ondelete="CASCADE"), primary_key=True),
    Column("unit", String(6), ForeignKey("areas.adcode"), primary_key=True),  # a plan area or a county
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),  # UTC
    Column("event", String(30), nullable=False),  # login, login_failed, locked, logout, password_changed, ...
    Column("username", String(64), nullable=True),  # as typed (failures of unknown names too)
    Column("actor", String(64), nullable=True),  # who did it, when not the user (an administrator)
    Column("detail", Text, nullable=True),
    Column("remote_addr", String(64), nullable=True),
)

# --- Loads (issue #12): batches, their rows, the values they replaced, uploads ----------------

load_batches = Table(
    "load_batches",
    metadata,
    Column("batch_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False),  # load | delete
    Column("state", String(12), nullable=False),  # draft | published | withdrawn | discarded
    Column("created_at", DateTime, nullable=False),  # UTC
    Column("created_by", String(64), nullable=False),
    Column("file_name", Text, nullable=True),
    Column("checksum", String(64), nullable=True, index=True),  # SHA-256 of the file
    Column("units", Text, nullable=False),  # area codes of the rows, comma-separated
    Column("row_counts", Text, nullable=False),  # JSON {table: rows}
    Column("report", Text, nullable=True),  # JSON: the dry run's problems and quality report
    Column("published_at", DateTime, nullable=True),
    Column("published_by", String(64), nullable=True),
    Column("withdrawn_at", DateTime, nullable=True),
    Column("withdrawn_by", String(64), nullable=True),
    CheckConstraint("kind IN ('load', 'delete')", name="ck_batches_kind"),
    CheckConstraint("state IN ('draft', 'published', 'withdrawn', 'discarded')", name="ck_batches_state"),
)

load_uploads = Table(
    "load_uploads",
    metadata,
    Column("checksum", String(64), primary_key=True),  # an uploaded file between dry run and commit
    Column("file_name", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_by", String(64), nullable=False),
    Column("uploaded_at", DateTime, nullable=False),
)

#: Tables loaded in batches, and their keys.
BATCH_TABLES: dict[str, list[str]] = {
    "population": ["area", "year", "sex", "age_group"],
    "registry_counts": ["area", "year", "sex", "age_group", "site"],
    "screening": ["area", "year", "programme"],
    "indicator_observations": ["area", "year", "indicator"],
}


def _batch_table(name: str, *, prior: bool) -> Table:
    """``batch_<t>``: a batch's rows of table t (values empty for a deletion);
    ``prior_<t>``: the values they replaced at publication (``existed`` false: a new key)."""
    src = metadata.tables[name]
    cols = [Column("batch_id", Integer, ForeignKey("load_batches.batch_id"), primary_key=True)]
    cols += [
        Column(c.name, c.type, primary_key=c.primary_key, nullable=not c.primary_key) for c in src.columns
    ]
    if prior:
        cols.append(Column("existed", Boolean, nullable=False))
    return Table(("prior_" if prior else "batch_") + name, metadata, *cols)


BATCH_ROWS: dict[str, Table] = {n: _batch_table(n, prior=False) for n in BATCH_TABLES}
PRIOR_ROWS: dict[str, Table] = {n: _batch_table(n, prior=True) for n in BATCH_TABLES}

#: Load order that respects foreign keys.
TABLE_ORDER = [
    "areas",
    "sites",
    "population",
    "registry_counts",
    "screening",
    "indicator_observations",
    "plans",
    "targets",
    "meta_info",
]


class DatabaseMissingError(sqlite3.OperationalError):
    """The SQLite file is not there: only the bootstrap creates a database.

    A DB-API error, so SQLAlchemy raises it as ``sqlalchemy.exc.OperationalError``
    like any other database that cannot be reached.
    """


def sqlite_path(url: str) -> str | None:
    """The file of a ``sqlite:///`` URL (None for other databases and in-memory SQLite)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return None if path in {"", ":memory:"} else path


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    """One engine (connection pool) per URL and process.

    SQLite files are opened read-write (or as the URL says: ``?mode=ro``) but
    never created here:
    a file removed while serving is an error, not a new empty database. A pooled
    connection whose file was removed or replaced is dropped at checkout, so a
    restored file is used again at once.
    """
    path = sqlite_path(url)
    if path is not None:
        import os
        from urllib.parse import quote

        from sqlalchemy.pool import QueuePool

        query = url.partition("?")[2] or "mode=rw"  # e.g. ?mode=ro for a reader-only deployment
        if "mode=" not in query:
            query += "&mode=rw"

        def connect() -> sqlite3.Connection:
            if not os.path.exists(path):
                raise DatabaseMissingError(f"database file {path} does not exist")
            return sqlite3.connect(
                f"file:{quote(path)}?{query}", uri=True, check_same_thread=False, timeout=30
            )

        eng = create_engine("sqlite://", creator=connect, poolclass=QueuePool, pool_size=8, max_overflow=8)

        @event.listens_for(eng, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, record: Any) -> None:
            st = os.stat(path)
            record.info["inode"] = (st.st_dev, st.st_ino)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            try:
                if cur.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    cur.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:  # a read-only file keeps its journal mode
                pass
            cur.close()

        @event.listens_for(eng, "checkout")
        def _same_file(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
            from sqlalchemy.exc import DisconnectionError

            try:
                st = os.stat(path)
            except FileNotFoundError:
                raise DisconnectionError(f"database file {path} was removed") from None
            if record.info.get("inode") != (st.st_dev, st.st_ino):
                raise DisconnectionError(f"database file {path} was replaced")

        return eng
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"check_same_thread": False})
    return create_engine(url, pool_pre_ping=True, pool_timeout=5, connect_args=_pg_connect_args(url))


def _pg_connect_args(url: str) -> dict[str, Any]:
    return {"connect_timeout": 3} if url.startswith("postgresql") else {}


#: ``meta_info`` key of the data version: a new token after every successful load.
DATA_VERSION_KEY = "data_version"


def new_data_version() -> str:
    """A fresh data version: nanoseconds since the epoch (sortable, unique per load)."""
    import time

    return str(time.time_ns())


def bump_data_version(conn: Any) -> str:
    """Give the database a new data version inside the caller's transaction."""
    from sqlalchemy import delete

    version = new_data_version()
    conn.execute(delete(meta_info).where(meta_info.c.key == DATA_VERSION_KEY))
    conn.execute(meta_info.insert(), [{"key": DATA_VERSION_KEY, "value": version}])
    return version


@dataclass(frozen=True)
class Database:
    """A database by URL. Its ``repr`` is stable, so it can key a cache."""

    url: str

    @property
    def engine(self) -> Engine:
        return _engine(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def create_schema(self) -> None:
        """Create the database file (SQLite) and every table that does not exist yet.

        Writes nothing when the schema is current, so a read-only SQLite file or a
        SELECT-only PostgreSQL account can serve. Only the bootstrap and the
        importer's command line call this.
        """
        path = sqlite_path(self.url)
        if path is not None and not Path(path).exists():
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            sqlite3.connect(path).close()
        from sqlalchemy import inspect

        have = set(inspect(self.engine).get_table_names())
        if not set(metadata.tables) <= have:
            metadata.create_all(self.engine)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Add nullable columns that a newer version defines to tables made by an older one."""
        from sqlalchemy import inspect
        from sqlalchemy.schema import CreateColumn

        insp = inspect(self.engine)
        for table in metadata.sorted_tables:
            have = {c["name"] for c in insp.get_columns(table.name)}
            for col in table.columns:
                if col.name in have or not col.nullable:
                    continue
                ddl = CreateColumn(col).compile(dialect=self.engine.dialect)
                with self.engine.begin() as conn:
                    conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")

    def drop_schema(self) -> None:
        metadata.drop_all(self.engine)

    def read(self, stmt: Executable | str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a SELECT (a SQLAlchemy statement, bound parameters) into a DataFrame."""
        from sqlalchemy import text

        if isinstance(stmt, str):
            stmt = text(stmt)
        with self.engine.connect() as conn:
            result = conn.execute(stmt, params or {})
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    def count(self, table: Table) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def data_version(self) -> str:
        """The data version (``meta_info``); "0" for a database that never had one."""
        return self.meta(DATA_VERSION_KEY) or "0"

    def meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(meta_info.c.value).where(meta_info.c.key == key)).first()
            return None if row is None else str(row[0])
