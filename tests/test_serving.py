"""Serving under faults: data version, cache failures, missing or read-only databases, /healthz."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from flask import Flask

from components.ids import Shell
from dashboard.infra.cache import GuardedCache, data_version, forget_data_versions, init_cache, memoize
from dashboard.infra.config import Settings
from dashboard.infra.db import Database, sqlite_path
from dashboard.ingest.importer import load_frames

CALLS: list[str] = []


@memoize()
def _data_kind(db: Database) -> str | None:
    CALLS.append(db.url)
    return db.meta("data_kind")


def _copy_db(demo_db: Database, dest: Path) -> str:
    src = Path(sqlite_path(demo_db.url) or "")
    with sqlite3.connect(src) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(src, dest)
    return f"sqlite:///{dest}"


def _server(settings: Settings) -> Flask:
    server = Flask(f"worker-{time.monotonic_ns()}")
    init_cache(server, settings)
    return server


@pytest.fixture()
def db_copy(demo_db: Database, tmp_path: Path) -> Database:
    return Database(_copy_db(demo_db, tmp_path / "copy.sqlite"))


def _set_kind(db: Database, kind: str) -> None:
    """Change a value the way an import does (the row is removed first so the import can add it)."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM meta_info WHERE key = 'data_kind'")
    load_frames(db, {"meta_info": pd.DataFrame({"key": ["data_kind"], "value": [kind]})})


# --- the data version ------------------------------------------------------------------


def test_every_load_gives_a_new_data_version(db_copy: Database) -> None:
    before = db_copy.data_version()
    load_frames(db_copy, {"meta_info": pd.DataFrame({"key": ["note"], "value": ["x"]})})
    after = db_copy.data_version()
    assert after != before and int(after) > int(before)


def test_a_load_through_one_worker_is_seen_by_the_other_within_a_second(
    db_copy: Database, tmp_path: Path
) -> None:
    settings = Settings().with_(cache_type="FileSystemCache", cache_dir=str(tmp_path / "cache"))
    w1, w2 = _server(settings), _server(settings)
    forget_data_versions()
    with w1.app_context():
        assert _data_kind(db_copy) == "demonstration"
    with w2.app_context():
        assert _data_kind(db_copy) == "demonstration"  # from the shared cache
    _set_kind(db_copy, "registry")  # e.g. `python -m dashboard.ingest.importer meta_info.csv --replace`
    time.sleep(1.1)  # the version is read at most once a second per process
    for w in (w1, w2):
        with w.app_context():
            assert _data_kind(db_copy) == "registry"


def test_the_version_is_read_at_most_once_a_second(
    db_copy: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    forget_data_versions()
    reads: list[int] = []
    real = Database.data_version
    monkeypatch.setattr(Database, "data_version", lambda self: reads.append(1) or real(self))
    for _ in range(50):
        data_version(db_copy)
    assert len(reads) == 1


# --- cache failures --------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_redis_down_serves_without_cache_and_warns_once(
    db_copy: Database, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("redis")
    settings = Settings.from_env({"REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0"})
    server = _server(settings)
    CALLS.clear()
    caplog.set_level(logging.WARNING)
    with server.app_context():
        from dashboard.infra.cache import cache

        backend = server.extensions["cache"][cache]
        assert isinstance(backend, GuardedCache)
        for _ in range(30):
            assert _data_kind(db_copy) == "demonstration"
        backend._down_until = (
            0.0  # the retry interval has passed: a second failure, inside the warning interval
        )
        assert _data_kind(db_copy) == "demonstration"
        assert cache.add("map-prefetch:x", True) is False  # the prefetch marker: no exception
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]
    assert not [r for r in caplog.records if r.exc_info], "no tracebacks"
    assert backend.failures >= 2


def test_a_full_or_unwritable_cache_folder_is_no_cache(db_copy: Database, tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    folder = tmp_path / "cache"
    server = _server(Settings().with_(cache_type="FileSystemCache", cache_dir=str(folder)))
    shutil.rmtree(folder)
    folder.write_text("not a folder")  # every write fails (ENOTDIR), as on a full or read-only disk
    caplog.set_level(logging.WARNING)
    CALLS.clear()
    with server.app_context():
        for _ in range(20):
            assert _data_kind(db_copy) == "demonstration"
    assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1
    assert not [r for r in caplog.records if r.exc_info], "no cachelib tracebacks"
    assert len(CALLS) >= 1


def test_a_cache_folder_that_cannot_be_made_does_not_stop_the_start(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    server = _server(Settings().with_(cache_type="FileSystemCache", cache_dir=str(blocker / "cache")))
    with server.app_context():
        assert _data_kind.uncached  # the app was built
        from dashboard.infra.cache import cache

        assert isinstance(server.extensions["cache"][cache], GuardedCache)


# --- the database ----------------------------------------------------------------------


def _app(settings: Settings):  # noqa: ANN202
    from app import create_app

    return create_app(settings)


def _layout(client) -> str:  # noqa: ANN001
    r = client.get("/_dash-layout")
    assert r.status_code == 200, r.status_code
    return r.get_data(as_text=True)


def test_healthz(demo_db: Database, tmp_path: Path) -> None:
    url = _copy_db(demo_db, tmp_path / "h.sqlite")
    app = _app(Settings().with_(database_url=url, cache_dir=str(tmp_path / "cache"), demo_data=False))
    r = app.server.test_client().get("/healthz")
    assert r.status_code == 200
    assert r.json["database"] == "ok" and r.json["cache"] == "ok"
    assert r.json["data_version"] == Database(url).data_version()
    os.remove(tmp_path / "h.sqlite")
    r = app.server.test_client().get("/healthz")
    assert r.status_code == 503 and r.json["database"] == "error"


def test_a_removed_sqlite_file_is_explained_not_recreated(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite"
    url = _copy_db(demo_db, path)
    app = _app(Settings().with_(database_url=url, cache_dir=str(tmp_path / "cache"), demo_data=False))
    client = app.server.test_client()
    assert Shell.UNAVAILABLE not in _layout(client)
    path.rename(tmp_path / "away.sqlite")
    app.server.extensions["dashboard_local_cache"][0].clear()
    with app.server.app_context():
        from dashboard.infra.cache import cache

        cache.clear()
    body = _layout(client)
    assert Shell.UNAVAILABLE in body and "away" not in body
    assert "live.sqlite" in body, "the notice names the missing file"
    assert not path.exists(), "serving never creates a database"
    (tmp_path / "away.sqlite").rename(path)
    assert Shell.UNAVAILABLE not in _layout(client), "the restored file is used at once, no restart"


def test_start_on_a_read_only_sqlite_file(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    _copy_db(demo_db, path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    mtime = path.stat().st_mtime_ns
    url = f"sqlite:///{path}?mode=ro"
    app = _app(Settings().with_(database_url=url, cache_dir=str(tmp_path / "cache")))
    client = app.server.test_client()
    assert Shell.UNAVAILABLE not in _layout(client)
    assert client.get("/healthz").status_code == 200
    assert path.stat().st_mtime_ns == mtime, "nothing was written"


# --- PostgreSQL ------------------------------------------------------------------------


class _Proxy:
    """A TCP forwarder to PostgreSQL that the test can stop and start (a database going away)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = _closed_port()
        self._socks: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def start(self) -> None:
        ls = socket.socket()
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind(("127.0.0.1", self.port))
        ls.listen(32)
        self._listener = ls
        threading.Thread(target=self._accept, args=(ls,), daemon=True).start()

    def _accept(self, ls: socket.socket) -> None:
        while True:
            try:
                client, _ = ls.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            self._socks += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            self._listener.close()
            self._listener = None
        for s in self._socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self._socks.clear()


@pytest.fixture()
def pg_url() -> Iterator[str]:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TEST_POSTGRES_URL is not set in CI")
        pytest.skip("no PostgreSQL server (TEST_POSTGRES_URL)")
    yield url


@pytest.mark.postgres
def test_postgres_down_with_a_cold_cache_shows_the_notice_and_recovers(pg_url: str, tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    u = make_url(pg_url)
    proxy = _Proxy((u.host or "127.0.0.1", u.port or 5432))
    proxy.start()
    url = u.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        app = _app(Settings().with_(database_url=url, cache_dir=str(tmp_path / "cache"), demo_data=False))
        client = app.server.test_client()
        assert Shell.UNAVAILABLE not in _layout(client)
        proxy.stop()
        app.server.extensions["dashboard_local_cache"][0].clear()  # a cold cache
        with app.server.app_context():
            from dashboard.infra.cache import cache

            cache.clear()
        forget_data_versions()
        for _ in range(5):
            assert Shell.UNAVAILABLE in _layout(client)  # not a 500, not "Error loading layout"
        assert client.get("/healthz").status_code == 503
        assert client.get("/export/briefing.pptx?area=500000").status_code == 503
        proxy.start()
        deadline = time.monotonic() + 5
        while Shell.UNAVAILABLE in _layout(client):
            assert time.monotonic() < deadline, "did not recover by itself"
            time.sleep(0.2)
        assert client.get("/healthz").status_code == 200
    finally:
        proxy.stop()


@pytest.mark.postgres
def test_start_with_a_select_only_postgres_account(pg_url: str, tmp_path: Path) -> None:
    import subprocess

    from sqlalchemy.engine import make_url

    from dashboard.infra.bootstrap import prepare_database

    owner = Settings().with_(database_url=pg_url, cache_dir=str(tmp_path / "c0"), demo_data=False)
    prepare_database(owner)  # the schema is current
    db_name = make_url(pg_url).database
    sql = (
        "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='dashboard_reader') THEN "
        "CREATE ROLE dashboard_reader LOGIN PASSWORD 'reader'; END IF; END$$; "
        f"GRANT CONNECT ON DATABASE {db_name} TO dashboard_reader;"
    )
    grants = "GRANT USAGE ON SCHEMA public TO dashboard_reader; GRANT SELECT ON ALL TABLES IN SCHEMA public TO dashboard_reader;"
    try:
        subprocess.run(["su", "postgres", "-c", "psql -q -v ON_ERROR_STOP=1"], input=sql, text=True, check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run(["su", "postgres", "-c", f"psql -q -v ON_ERROR_STOP=1 -d {db_name}"], input=grants, text=True,
                       check=True, capture_output=True)  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot create a reader role here: {exc}")
    reader = make_url(pg_url).set(username="dashboard_reader", password="reader")
    url = reader.render_as_string(hide_password=False)
    app = _app(Settings().with_(database_url=url, cache_dir=str(tmp_path / "c1"), demo_data=False))
    client = app.server.test_client()
    assert Shell.UNAVAILABLE not in _layout(client)
    assert client.get("/healthz").status_code == 200
