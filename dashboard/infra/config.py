"""Settings: one frozen object, read from environment variables.

Every setting is listed in README.md ("Settings"). Nothing else in the project
reads ``os.environ`` directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:  # a clear message, not a traceback deep inside
        raise ValueError(f"setting {name} must be a whole number, got {raw!r}") from exc


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def default_workers() -> int:
    """Gunicorn workers for this machine: two per core, at least 2, at most 8."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


@dataclass(frozen=True)
class Settings:
    """All run-time settings of the dashboard.

    Attributes
    ----------
    database_url:
        SQLAlchemy URL. Default: a SQLite file under ``var/``. PostgreSQL works
        with ``postgresql+psycopg://user:pw@host/db``.
    plans_dir:
        Folder of plan files, one YAML file per plan (``PLANS_DIR``; default: the
        shipped Chongqing and Jiujiang plans in ``dashboard/plans``). The plan
        areas of every page, the area switch, the exports and the importer come
        from these files.
    demo_data:
        Build the demonstration data on first run when the database is empty
        (for the plans whose file has a ``demo:`` block).
    demo_seed:
        Seed of the deterministic demonstration generator.
    cache_type:
        Flask-Caching backend: ``FileSystemCache`` (default, shared by gunicorn
        workers), ``RedisCache`` (with ``redis_url``), ``SimpleCache`` or
        ``NullCache``.
    cache_dir / cache_timeout / redis_url:
        Backend options.
    local_cache_mb:
        Size of each process's own layer in front of the shared cache (results
        of loaders, as pickled bytes), in MB.
    suppress_rate_below:
        Rates on fewer cases than this are suppressed (NCI/CDC rule: 16).
    small_cell_limit:
        County-level counts from 1 to this value are never shown or exported (5).
    default_language:
        ``zh`` (default) or ``en``.
    host / port / debug:
        Where ``python app.py`` serves.
    workers / threads:
        Gunicorn worker processes and threads per worker (``make run``,
        ``gunicorn -c deploy/gunicorn.conf.py``). Default: from the machine's
        cores (2 × cores, at most 8; 4 threads).
    public_view:
        Anonymous visitors may read published, privacy-protected numbers
        (``PUBLIC_VIEW``; on for the demonstration, usually off on an intranet).
    secret_key:
        Signs the session cookie (``SECRET_KEY``); empty: a random key kept in
        ``var/secret_key`` (shared by the workers of one machine).
    secure_cookies:
        Send the session cookie only over HTTPS (``SECURE_COOKIES``; turn on behind TLS).
    max_request_mb:
        Requests with a larger body are refused with 413 (``MAX_REQUEST_MB``).
    login_max_failures / login_lock_minutes:
        After this many failed logins in a row an account is locked for this long.
    """

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'dashboard.sqlite'}"
    plans_dir: str = str(PROJECT_ROOT / "dashboard" / "plans")
    demo_data: bool = True
    demo_seed: int = 20200623
    cache_type: str = "FileSystemCache"
    cache_dir: str = str(PROJECT_ROOT / "var" / "cache")
    cache_timeout: int = 3600
    redis_url: str = ""
    local_cache_mb: int = 256
    suppress_rate_below: int = 16
    small_cell_limit: int = 5
    default_language: str = "zh"
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    workers: int = 0
    threads: int = 4
    public_view: bool = True
    secret_key: str = ""
    secure_cookies: bool = False
    max_request_mb: int = 10
    login_max_failures: int = 5
    login_lock_minutes: int = 15

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables (``os.environ`` by default)."""
        env = dict(os.environ if env is None else env)
        base = cls()
        redis_url = env.get("REDIS_URL", "")
        cache_type = env.get("CACHE_TYPE") or ("RedisCache" if redis_url else base.cache_type)
        language = env.get("DEFAULT_LANGUAGE", base.default_language)
        if language not in {"zh", "en"}:
            raise ValueError(f"setting DEFAULT_LANGUAGE must be 'zh' or 'en', got {language!r}")
        return cls(
            database_url=env.get("DATABASE_URL") or base.database_url,
            plans_dir=env.get("PLANS_DIR") or base.plans_dir,
            demo_data=_bool(env, "DEMO_DATA", base.demo_data),
            demo_seed=_int(env, "DEMO_SEED", base.demo_seed),
            cache_type=cache_type,
            cache_dir=env.get("CACHE_DIR") or base.cache_dir,
            cache_timeout=_int(env, "CACHE_TIMEOUT", base.cache_timeout),
            redis_url=redis_url,
            local_cache_mb=_int(env, "LOCAL_CACHE_MB", base.local_cache_mb),
            suppress_rate_below=_int(env, "SUPPRESS_RATE_BELOW", base.suppress_rate_below),
            small_cell_limit=_int(env, "SMALL_CELL_LIMIT", base.small_cell_limit),
            default_language=language,
            host=env.get("HOST") or base.host,
            port=_int(env, "PORT", base.port),
            debug=_bool(env, "DASH_DEBUG", base.debug),
            workers=_int(env, "WORKERS", base.workers) or default_workers(),
            threads=_int(env, "THREADS", base.threads),
            public_view=_bool(env, "PUBLIC_VIEW", base.public_view),
            secret_key=env.get("SECRET_KEY") or base.secret_key,
            secure_cookies=_bool(env, "SECURE_COOKIES", base.secure_cookies),
            max_request_mb=_int(env, "MAX_REQUEST_MB", base.max_request_mb),
            login_max_failures=_int(env, "LOGIN_MAX_FAILURES", base.login_max_failures),
            login_lock_minutes=_int(env, "LOGIN_LOCK_MINUTES", base.login_lock_minutes),
        )

    def with_(self, **changes: object) -> Settings:
        """A copy with some settings changed (tests use this)."""
        return replace(self, **changes)  # type: ignore[arg-type]
