"""The app cache: a shared backend (file folder or Redis) behind a per-process layer.

Memoize *loaders* (functions that read the database or the boundary files and
return DataFrames / dicts), never callbacks. Outside a Flask app (tests,
benchmarks, scripts) a memoized loader simply runs uncached.

Three rules make it safe to run many workers and instances:

- **Keys carry the data version.** Every :class:`~dashboard.infra.db.Database`
  argument of a loader adds that database's ``data_version`` (a token in the
  ``meta_info`` table that every import and the demo build change) to the key,
  so after a load every worker and every instance computes fresh results, and
  old entries simply age out. The version is read at most once per second per
  process (:func:`data_version`).
- **A cache failure is never an error.** The shared backend is wrapped in
  :class:`GuardedCache`: when Redis is down or the cache folder is unwritable or
  full, reads miss and writes are dropped, the backend is skipped for a few
  seconds, and one warning is logged per minute, not one per request.
- **A local layer in front.** Each process keeps recently used results (as
  pickled bytes, so callers cannot change each other's copy) up to
  ``LOCAL_CACHE_MB``; a hit costs no network round trip and no file read.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from cachelib import BaseCache
from flask import Flask, current_app, has_app_context
from flask_caching import Cache

from dashboard.infra.config import Settings

log = logging.getLogger(__name__)

cache = Cache()

F = TypeVar("F", bound=Callable[..., Any])

#: Seconds a failed backend is skipped before it is tried again.
RETRY_AFTER_S = 5.0
#: At most one warning per backend in this many seconds.
WARN_EVERY_S = 60.0
#: The data version is read from the database at most this often per process.
VERSION_TTL_S = 1.0

_LOCAL_KEY = "dashboard_local_cache"


def cache_config(settings: Settings) -> dict[str, Any]:
    """The Flask-Caching configuration for these settings."""
    config: dict[str, Any] = {
        "CACHE_TYPE": settings.cache_type,
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
    }
    if settings.cache_type == "FileSystemCache":
        config["CACHE_DIR"] = settings.cache_dir
        config["CACHE_THRESHOLD"] = 5000
    elif settings.cache_type == "RedisCache":
        config["CACHE_TYPE"] = "dashboard.infra.cache.redis_backend"
        config["CACHE_REDIS_URL"] = settings.redis_url
        config["CACHE_KEY_PREFIX"] = "cancer-dashboard:"
    return config


def redis_backend(app: Flask, config: dict[str, Any], args: list[Any], kwargs: dict[str, Any]) -> BaseCache:
    """Flask-Caching factory: cachelib's RedisCache on a client with short timeouts.

    A stopped or unreachable Redis then costs at most a fraction of a second once
    (and :class:`GuardedCache` skips it for a while), not a hung request.
    """
    import redis
    from cachelib import RedisCache

    client = redis.Redis.from_url(
        config["CACHE_REDIS_URL"], socket_connect_timeout=0.5, socket_timeout=2.0, health_check_interval=30
    )
    return RedisCache(
        host=client, key_prefix=config.get("CACHE_KEY_PREFIX", ""), default_timeout=kwargs["default_timeout"]
    )


class GuardedCache(BaseCache):
    """A cachelib backend whose failures become misses, with rate-limited warnings.

    After a failure the backend is skipped for ``retry_after`` seconds (reads miss,
    writes are dropped). A warning is logged at most once per ``warn_every``
    seconds; :attr:`failures` counts them all (``/healthz`` reports it).
    """

    def __init__(self, inner: BaseCache, name: str, *, retry_after: float = RETRY_AFTER_S,
                 warn_every: float = WARN_EVERY_S) -> None:  # fmt: skip
        super().__init__(default_timeout=getattr(inner, "default_timeout", 300))
        self.inner = inner
        self.name = name
        self.retry_after = retry_after
        self.warn_every = warn_every
        self.failures = 0
        self._down_until = 0.0
        self._warned_at = -1e9
        self._lock = threading.Lock()

    @property
    def healthy(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, op: str, exc: BaseException | None) -> None:
        now = time.monotonic()
        with self._lock:
            self.failures += 1
            self._down_until = now + self.retry_after
            warn = now - self._warned_at >= self.warn_every
            if warn:
                self._warned_at = now
        if warn:
            reason = f"{type(exc).__name__}: {exc}" if exc is not None else "write failed"
            log.warning(
                "cache %s unavailable (%s on %s); serving without it, next try in %.0f s, "
                "next warning in %.0f s at the earliest",
                self.name, reason, op, self.retry_after, self.warn_every,
            )  # fmt: skip

    def _call(self, op: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self._down_until:
            return default
        try:
            result = getattr(self.inner, op)(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - any backend error degrades to "no cache"
            self._failed(op, exc)
            return default
        if op in {"set", "set_many"} and result is False:  # cachelib's file backend: OSError swallowed
            self._failed(op, None)
        return result

    def get(self, key: str) -> Any:
        return self._call("get", None, key)

    def get_many(self, *keys: str) -> list[Any]:
        return self._call("get_many", [None] * len(keys), *keys)

    def get_dict(self, *keys: str) -> dict[str, Any]:
        return self._call("get_dict", dict.fromkeys(keys), *keys)

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        return bool(self._call("set", False, key, value, timeout))

    def add(self, key: str, value: Any, timeout: int | None = None) -> bool:
        return bool(self._call("add", False, key, value, timeout))

    def set_many(self, mapping: dict[str, Any], timeout: int | None = None) -> list[Any]:
        return self._call("set_many", [], mapping, timeout)

    def delete(self, key: str) -> bool:
        return bool(self._call("delete", False, key))

    def delete_many(self, *keys: str) -> list[Any]:
        return self._call("delete_many", [], *keys)

    def has(self, key: str) -> bool:
        return bool(self._call("has", False, key))

    def clear(self) -> bool:
        return bool(self._call("clear", False))

    def inc(self, key: str, delta: int = 1) -> int | None:
        return self._call("inc", None, key, delta)

    def dec(self, key: str, delta: int = 1) -> int | None:
        return self._call("dec", None, key, delta)

    def ping(self) -> bool:
        """Whether the backend answers now (a write and a read of a small key)."""
        try:
            ok = (
                self.inner.set("healthz", b"1", timeout=60) is not False and self.inner.get("healthz") == b"1"
            )
        except Exception as exc:  # noqa: BLE001
            self._failed("ping", exc)
            return False
        if not ok:
            self._failed("ping", None)
        return ok


class _CachelibFileFilter(logging.Filter):
    """Drop cachelib's per-call file-backend tracebacks: GuardedCache reports failures itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.pathname.replace("\\", "/").endswith("cachelib/file.py")


_FILE_FILTER = _CachelibFileFilter()


class LocalLayer:
    """A per-process LRU of pickled results, bounded in bytes, entries expire."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[0] < time.monotonic():
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, blob: bytes, timeout: float) -> None:
        if len(blob) > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (time.monotonic() + timeout, blob)
            self._bytes += len(blob)
            while self._bytes > self.max_bytes and self._items:
                self._drop(next(iter(self._items)))

    def _drop(self, key: str) -> None:
        _, blob = self._items.pop(key)
        self._bytes -= len(blob)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


def init_cache(server: Flask, settings: Settings) -> None:
    """Attach the shared cache (guarded) and a local layer to a Flask server.

    A backend that cannot even be created (a cache folder that cannot be made)
    becomes "no shared cache" with a warning, never a failed start.
    """
    logging.getLogger().addFilter(_FILE_FILTER)
    config = cache_config(settings)
    try:
        cache.init_app(server, config=config)
    except Exception as exc:  # noqa: BLE001
        log.warning("cache %s cannot be used (%s); serving without a shared cache", settings.cache_type, exc)
        cache.init_app(server, config={**config, "CACHE_TYPE": "NullCache"})
    inner = server.extensions["cache"][cache]
    if not isinstance(inner, GuardedCache):
        server.extensions["cache"][cache] = GuardedCache(inner, settings.cache_type)
    server.extensions[_LOCAL_KEY] = (
        LocalLayer(settings.local_cache_mb * 1024 * 1024),
        settings.cache_timeout,
    )


def _bound() -> bool:
    return has_app_context() and cache in current_app.extensions.get("cache", {})


def shared_backend() -> GuardedCache | None:
    """The running app's guarded shared backend (None outside an app)."""
    if not _bound():
        return None
    backend = cache.cache
    return backend if isinstance(backend, GuardedCache) else None


# ---------------------------------------------------------------------------------------
# The data version

_versions: dict[str, tuple[float, str]] = {}


def data_version(db: Any, *, max_age: float = VERSION_TTL_S, fallback: bool = True) -> str:
    """The database's data version, read at most once per ``max_age`` seconds per process.

    When the database cannot be read, the last version this process saw is used
    (cached results stay usable); with none seen yet, or ``fallback=False``, the
    error propagates.
    """
    now = time.monotonic()
    seen = _versions.get(db.url)
    if seen is not None and now - seen[0] < max_age:
        return seen[1]
    try:
        version = db.data_version()
    except Exception:
        if seen is not None and fallback:
            _versions[db.url] = (now, seen[1])
            return seen[1]
        raise
    _versions[db.url] = (now, version)
    return version


def forget_data_versions() -> None:
    """Forget the versions read so far (tests; after a load in this process)."""
    _versions.clear()


def _versions_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, ...]:
    from dashboard.infra.db import Database

    return tuple(data_version(a) for a in (*args, *kwargs.values()) if isinstance(a, Database))


_MISSING = object()


def memoize(timeout: int | None = None) -> Callable[[F], F]:
    """Memoize a loader: local layer, then the shared backend, then the loader itself.

    The key is the function's name, the data version of every ``Database``
    argument and the ``repr`` of the arguments, which must be stable (str, int,
    tuples, frozen dataclasses such as :class:`dashboard.infra.db.Database`).
    """

    def decorate(fn: F) -> F:
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not _bound():
                return fn(*args, **kwargs)
            versions = _versions_of(args, kwargs)
            digest = hashlib.sha1(repr((args, sorted(kwargs.items()))).encode()).hexdigest()
            key = f"m:{name}:{'.'.join(versions)}:{digest}"
            local, default_timeout = current_app.extensions[_LOCAL_KEY]
            ttl = timeout or default_timeout
            blob = local.get(key)
            if blob is None:
                blob = cache.cache.get(key)
                if isinstance(blob, bytes):
                    local.put(key, blob, ttl)
            if isinstance(blob, bytes):
                return pickle.loads(blob)
            value = fn(*args, **kwargs)
            blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            local.put(key, blob, ttl)
            cache.cache.set(key, blob, timeout=ttl)
            return value

        wrapper.uncached = fn  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
