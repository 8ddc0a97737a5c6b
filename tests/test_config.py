from __future__ import annotations

import pytest

from dashboard.infra.config import Settings


def test_defaults_are_the_embedded_sqlite_database() -> None:
    s = Settings.from_env({})
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("var/dashboard.sqlite")
    assert (s.host, s.port, s.default_language) == ("127.0.0.1", 8050, "zh")
    assert (s.suppress_rate_below, s.small_cell_limit) == (16, 5)
    assert s.cache_type == "FileSystemCache"


def test_environment_overrides() -> None:
    s = Settings.from_env(
        {
            "DATABASE_URL": "postgresql+psycopg://u@h/db",
            "PORT": "9000",
            "SMALL_CELL_LIMIT": "9",
            "REDIS_URL": "redis://x:6379/0",
            "DEMO_DATA": "no",
        }
    )
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.port == 9000 and s.small_cell_limit == 9
    assert s.cache_type == "RedisCache", "a Redis URL switches the cache to Redis"
    assert s.demo_data is False


def test_settings_are_frozen() -> None:
    s = Settings.from_env({})
    with pytest.raises(AttributeError):
        s.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("env", "message"), [({"PORT": "eighty"}, "PORT"), ({"DEFAULT_LANGUAGE": "fr"}, "DEFAULT_LANGUAGE")]
)
def test_bad_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings.from_env(env)
