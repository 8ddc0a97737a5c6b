"""Shared fixtures: a demo database, a live app, and headless Chromium.

- ``demo_settings`` / ``demo_db``: a temporary SQLite database with the
  demonstration data, built once per test session.
- ``live_url``: the real app (``create_app``) served by werkzeug in a thread.
- ``page``: a Playwright page in Debian's Chromium (never a downloaded
  browser); ``page.console_problems`` collects console errors/warnings and page
  errors, and ``assert_clean_console(page)`` checks it.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.infra.config import Settings
from dashboard.infra.db import Database

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="session")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("demo")
    return Settings().with_(
        database_url=f"sqlite:///{root / 'dashboard.sqlite'}",
        cache_dir=str(root / "cache"),
        cache_type="FileSystemCache",
    )


@pytest.fixture(scope="session")
def demo_db(demo_settings: Settings) -> Database:
    from dashboard.infra.bootstrap import prepare_database

    return prepare_database(demo_settings)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_app(demo_settings: Settings, demo_db: Database):  # noqa: ANN201
    from app import create_app

    return create_app(demo_settings)


@pytest.fixture(scope="session")
def live_url(live_app) -> Iterator[str]:  # noqa: ANN001
    from werkzeug.serving import make_server

    port = _free_port()
    from dashboard.access.hardening import quiet_request_handler

    server = make_server(
        "127.0.0.1", port, live_app.server, threaded=True, request_handler=quiet_request_handler()
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, live_url: str) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    problems: list[str] = []
    external: list[str] = []
    pg.on(
        "console",
        lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    pg.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))

    def _request(req) -> None:  # noqa: ANN001
        if not req.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            external.append(req.url)

    pg.on("request", _request)
    pg.console_problems = problems  # type: ignore[attr-defined]
    pg.external_requests = external  # type: ignore[attr-defined]
    yield pg
    context.close()


def assert_clean_console(pg) -> None:  # noqa: ANN001
    """No console errors or warnings, no page errors, nothing fetched from outside."""
    assert pg.console_problems == [], pg.console_problems
    assert pg.external_requests == [], f"requests left the machine: {pg.external_requests}"


def set_language(pg, live_url: str, lang: str) -> None:  # noqa: ANN001
    pg.context.add_cookies([{"name": "lang", "value": lang, "url": live_url}])


def settled_url(pg) -> str:  # noqa: ANN001
    """The address once the page has written its latest choices into it (urlsync.js writes
    them when the browser is idle, a moment after the repaint)."""
    pg.wait_for_function("() => window.dash_clientside.urlsync.settled()", timeout=10000)
    return str(pg.url)


def graph_locations(pg, graph_id: str) -> list[list[str]]:  # noqa: ANN001
    """Locations of each trace of a dcc.Graph as drawn in the browser."""
    return pg.evaluate(
        """(id) => { const g = document.querySelector('#' + CSS.escape(id) + ' .js-plotly-plot');
                 return g && g._fullData ? g._fullData.map(t => Array.from(t.locations || [])) : null; }""",
        graph_id,
    )


@pytest.fixture(scope="session")
def empty_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A fresh database with areas and plans (reference data) but no data at all."""
    from dashboard.infra.bootstrap import prepare_database

    tmp = tmp_path_factory.mktemp("nodata")
    settings = Settings().with_(
        database_url=f"sqlite:///{tmp}/x.sqlite", cache_dir=str(tmp / "c"), demo_data=False
    )
    prepare_database(settings)
    return settings


def walk(node: object) -> Iterator[object]:
    """Every component of a Dash layout tree, depth first (the node itself first)."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, list | tuple):
        for c in children:
            yield from walk(c)
    elif children is not None:
        yield from walk(children)
