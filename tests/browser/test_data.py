"""/data in the browser (issue #12, "done when"): a county data manager takes the template,
fills it with the county's data for a new year, uploads it, reads the dry run and the
quality report and commits a draft; the area administrator publishes it and the map and
the county page show the new year at once; withdrawn, the new year is gone again.
A private copy of the demonstration database (PUBLIC_VIEW off); headless Chromium, clean
console, nothing leaves the machine."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.infra.db import Database
from tests.access_data import PASSWORD, add_users, copy_demo, private_settings
from tests.conftest import _free_port, assert_clean_console
from tests.load_data import fill_template, latest_year, next_year_frames

pytestmark = pytest.mark.browser
TRACE = "document.querySelector('#map-graph .js-plotly-plot')._fullData[0]"


@pytest.fixture(scope="module")
def private_url(tmp_path_factory: pytest.TempPathFactory, demo_db: Database) -> Iterator[tuple[str, dict]]:
    from werkzeug.serving import make_server

    from app import create_app
    from dashboard.access.hardening import quiet_request_handler

    root = tmp_path_factory.mktemp("data-browser")
    url = copy_demo(demo_db, root)
    units = add_users(Database(url))
    app = create_app(private_settings(url, root))
    server = make_server(
        "127.0.0.1", _free_port(), app.server, threaded=True, request_handler=quiet_request_handler()
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", {**units, "db_url": url}
    server.shutdown()


def _context(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True
    )
    pg = context.new_page()
    pg.console_problems, pg.external_requests = [], []
    pg.on("console", lambda m: pg.console_problems.append(f"{m.type}: {m.text}")
          if m.type in ("error", "warning") else None)  # fmt: skip
    pg.on("pageerror", lambda e: pg.console_problems.append(f"pageerror: {e}"))
    pg.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
          else pg.external_requests.append(r.url))  # fmt: skip
    return pg


def _login(pg: Any, base: str, username: str) -> None:
    pg.goto(f"{base}/login?next=/data")
    pg.fill("#username", username)
    pg.fill("#password", PASSWORD)
    pg.click("#login-submit")
    pg.wait_for_selector("#data-upload-form")


def _until(pg: Any, url: str, ready: str, check: Callable[[], bool], seconds: float = 5.0) -> None:
    """Open ``url`` until ``check()`` holds (the data version is read at most once a second)."""
    deadline = time.monotonic() + seconds
    while True:
        pg.goto(url)
        pg.wait_for_selector(ready, timeout=30000)
        if check() or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert check(), f"{url}: not as expected after {seconds} s"


def _map_shows(pg: Any, base: str, area: str, county: str, year: int, expected: bool) -> None:
    def check() -> bool:
        shown = str(year) in pg.locator("#map-year").inner_text()
        z = dict(zip(pg.evaluate(f"() => Array.from({TRACE}.locations)"),
                     pg.evaluate(f"() => Array.from({TRACE}.z)"), strict=True))  # fmt: skip
        return shown == expected and (not expected or z.get(county) is not None)

    _until(pg, f"{base}/map?area={area}&year={year}", "#map-graph path.choroplethlocation", check)


def _county_shows(pg: Any, base: str, area: str, county: str, year: int, expected: bool) -> None:
    def check() -> bool:  # population of the year, registry quality pooled up to it
        return (f"（{year}年）" in pg.locator("#county-header").inner_text()) == expected

    _until(pg, f"{base}/county?area={area}&county={county}", "#county-header", check)


def test_county_loads_admin_publishes_pages_follow_withdraw_undoes(
    browser: Any, private_url: tuple[str, dict], tmp_path: Path
) -> None:
    base, units = private_url
    db = Database(units["db_url"])
    area, county, year = units["area_a"], units["county_a"], latest_year(db) + 1

    # the county data manager: template, filled in, uploaded, checked, committed
    manager = _context(browser)
    _login(manager, base, "manager_a")
    assert manager.locator("h1").inner_text() == "数据管理"
    with manager.expect_download() as download:
        manager.click("#data-template-xlsx")
    template = Path(download.value.path()).read_bytes()
    filled = tmp_path / f"{county}-{year}.xlsx"
    filled.write_bytes(fill_template(template, next_year_frames(db, county)))
    manager.set_input_files("#data-file", str(filled))
    manager.click("#data-check")
    manager.wait_for_selector("#data-dryrun")
    dry = manager.locator("#data-dryrun")
    assert dry.get_attribute("data-errors") == "0"
    assert "检查通过" in manager.locator("#data-dryrun-summary").inner_text()
    assert "population 38 行" in manager.locator("#data-dryrun-summary").inner_text()
    quality = manager.locator("#data-quality-table").inner_text()
    assert "MV%" in quality and str(year) in quality and "全部癌症" in quality
    if dry.get_attribute("data-warnings") != "0":  # quality warnings: acknowledged before writing
        manager.check("#data-ack")
    manager.click("#data-commit")
    manager.wait_for_selector(".alert-success")
    assert "草稿" in manager.locator(".alert-success").inner_text()
    draft = manager.locator("#data-batch-list tbody tr").first
    batch = draft.get_attribute("data-batch")
    assert draft.get_attribute("data-state") == "draft" and filled.name in draft.inner_text()
    assert "manager_a" in draft.inner_text() and manager.locator(".data-publish").count() == 0
    assert_clean_console(manager)
    manager.context.close()

    # the area administrator publishes: the map and the county page show the new year
    admin = _context(browser)
    _login(admin, base, "admin_a")
    assert admin.locator("#shell-data").count() == 0  # a Flask page: no Dash shell here
    _map_shows(admin, base, area, county, year, expected=False)  # a draft is not on the pages
    admin.goto(base + "/data")
    row = admin.locator(f'#data-batch-list tr[data-batch="{batch}"]')
    row.locator(".data-publish").click()
    admin.wait_for_selector(f'#data-batch-list tr[data-batch="{batch}"][data-state="published"]')
    assert "已发布" in admin.locator(".alert-success").inner_text()
    _map_shows(admin, base, area, county, year, expected=True)
    assert admin.locator("#shell-data").inner_text() == "数据管理"
    _county_shows(admin, base, area, county, year, expected=True)

    # withdrawn: the new year is gone, the old values are back
    admin.goto(base + "/data")
    admin.locator(f'#data-batch-list tr[data-batch="{batch}"] .data-withdraw').click()
    admin.wait_for_selector(f'#data-batch-list tr[data-batch="{batch}"][data-state="withdrawn"]')
    _map_shows(admin, base, area, county, year, expected=False)
    _county_shows(admin, base, area, county, year, expected=False)
    assert f"（{year - 1}年）" in admin.locator("#county-header").inner_text()
    assert_clean_console(admin)
    admin.context.close()
