"""Loaders are memoized in a cache that gunicorn workers share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

from dashboard.infra.cache import cache_config, init_cache, memoize
from dashboard.infra.config import Settings

CALLS: list[tuple[str, int]] = []


@memoize()
def _loader(key: str, n: int) -> list[int]:
    CALLS.append((key, n))
    return list(range(n))


def _server(settings: Settings) -> Flask:
    server = Flask(f"test-{len(CALLS)}")
    init_cache(server, settings)
    return server


def _two_workers_share(settings: Settings) -> None:
    CALLS.clear()
    with _server(settings).app_context():
        from dashboard.infra.cache import cache

        cache.clear()
        assert _loader("a", 3) == [0, 1, 2]
        assert _loader("a", 3) == [0, 1, 2]
    # a second "worker" (another Flask app, same backend) finds the cached value
    with _server(settings).app_context():
        assert _loader("a", 3) == [0, 1, 2]
        assert _loader("b", 2) == [0, 1]
    assert CALLS == [("a", 3), ("b", 2)]


def test_filesystem_cache_is_shared(tmp_path: Path) -> None:
    _two_workers_share(Settings().with_(cache_type="FileSystemCache", cache_dir=str(tmp_path)))


@pytest.mark.redis
def test_redis_cache_is_shared() -> None:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL is not set in CI: scripts/test_services.sh should start Redis")
        pytest.skip("no Redis server (TEST_REDIS_URL)")
    settings = Settings.from_env({"REDIS_URL": url})
    assert (
        cache_config(settings)["CACHE_TYPE"] == "dashboard.infra.cache.redis_backend"
    )  # cachelib's, short timeouts
    _two_workers_share(settings)


def test_outside_an_app_the_loader_just_runs() -> None:
    CALLS.clear()
    _loader("c", 1)
    _loader("c", 1)
    assert CALLS == [("c", 1), ("c", 1)]
