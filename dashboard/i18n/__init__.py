"""One translation layer: every interface string goes through :func:`t`.

Messages live in the modules of this package (``common.py``, one module per
page): each defines ``MESSAGES = {key: (zh, en)}``. Modules are discovered
automatically; a key defined twice is an error. Chinese (zh-CN) is the default.

The chosen language is kept in a cookie (``lang``) so that it persists across
pages and visits; :func:`current_language` reads it during a request.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

LANGUAGES: tuple[str, ...] = ("zh", "en")
COOKIE = "lang"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, tuple[str, str]]:
    """All messages, merged from the modules of this package (read-only)."""
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, pair in getattr(module, "MESSAGES", {}).items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice (again in {info.name})")
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise ValueError(f"message {key!r} in {info.name} must be a (zh, en) pair")
            merged[key] = pair
    return merged


def t(key: str, lang: str = "zh", **fmt: object) -> str:
    """The message ``key`` in ``lang`` ("zh" or "en"), formatted with ``fmt``.

    An unknown key raises ``KeyError``: a missing translation is a bug, not a
    blank on screen.
    """
    zh, en = catalogue()[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text


def pick(zh: str | None, en: str | None, lang: str) -> str:
    """Choose between a Chinese and an English data value (names from tables)."""
    if lang == "en" and en:
        return en
    return zh or en or ""


def normalise_language(value: str | None, default: str = "zh") -> str:
    return value if value in LANGUAGES else default


def current_language(default: str = "zh") -> str:
    """The language of the current request (cookie ``lang``), else ``default``."""
    from flask import has_request_context, request

    if has_request_context():
        return normalise_language(request.cookies.get(COOKIE), default)
    return default
