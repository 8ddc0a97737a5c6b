"""Flask-Caching, created without an app and attached in ``create_app``.

Memoize *loaders* (functions that read the database or the boundary files and
return DataFrames / dicts), never callbacks. Outside a Flask app (tests,
benchmarks, scripts) a memoized loader simply runs uncached.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context
from flask_caching import Cache

from dashboard.infra.config import Settings

cache = Cache()

F = TypeVar("F", bound=Callable[..., Any])


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
        config["CACHE_REDIS_URL"] = settings.redis_url
        config["CACHE_KEY_PREFIX"] = "cancer-dashboard:"
    return config


def init_cache(server: Flask, settings: Settings) -> None:
    """Attach the shared cache to a Flask server."""
    cache.init_app(server, config=cache_config(settings))


def _bound() -> bool:
    return has_app_context() and cache in current_app.extensions.get("cache", {})


def memoize(timeout: int | None = None) -> Callable[[F], F]:
    """Memoize a loader in the app's cache; run it plainly outside an app.

    The arguments must have a stable ``repr`` (str, int, tuples, frozen
    dataclasses such as :class:`dashboard.infra.db.Database`).
    """

    def decorate(fn: F) -> F:
        cached = cache.memoize(timeout=timeout)(fn)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if _bound():
                return cached(*args, **kwargs)
            return fn(*args, **kwargs)

        wrapper.uncached = fn  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def clear_cache() -> None:
    """Empty the app's shared cache (at start-up: plan files or data may have changed)."""
    if not _bound():
        return
    try:
        cache.clear()
    except Exception as exc:  # noqa: BLE001 - a cache that cannot be cleared is not fatal
        import logging

        logging.getLogger(__name__).warning("cache could not be cleared: %s", exc)
