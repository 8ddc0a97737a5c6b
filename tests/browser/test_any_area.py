"""Browser: a third prefecture-level city (长沙市), a province (四川省, 183 counties
through its prefectures) and a city with no data yet (石家庄市) work from plan files in
``PLANS_DIR`` and imported CSV files, with no code change. Every page opens with a
clean console; the map draws every county of the area; an area without data says
what to load instead of showing errors or empty charts."""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.queries.areas import counties
from tests.area_data import EMPTY_AREA, build_area_db
from tests.conftest import _free_port, assert_clean_console, graph_locations

pytestmark = pytest.mark.browser

PAGES = ("/", "/map", "/targets", "/screening", "/county", "/methods")
N_COUNTIES = {"430100": 9, "510000": 183}


@pytest.fixture(scope="module")
def area_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    from werkzeug.serving import make_server

    from app import create_app

    settings, db, done = build_area_db(tmp_path_factory.mktemp("areas"))
    assert done.returncode == 0, done.stderr
    app = create_app(settings)
    server = make_server("127.0.0.1", _free_port(), app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", db
    server.shutdown()


@pytest.fixture()
def area_page(browser, area_app) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.console_problems = []  # type: ignore[attr-defined]
    pg.external_requests = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.console_problems.append(f"{m.type}: {m.text}")
          if m.type in ("error", "warning") else None)  # fmt: skip
    pg.on("pageerror", lambda e: pg.console_problems.append(f"pageerror: {e}"))
    pg.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
          else pg.external_requests.append(r.url))  # fmt: skip
    yield pg
    context.close()


def _settle(page) -> None:  # noqa: ANN001
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('._dash-loading')", timeout=20000)
    page.wait_for_timeout(300)


def test_the_area_switch_lists_the_plan_files(area_page, area_app) -> None:  # noqa: ANN001
    url, _ = area_app
    area_page.goto(url + "/")
    _settle(area_page)
    codes = area_page.eval_on_selector_all(".area-switch", "els => els.map(e => e.dataset.area)")
    assert codes == ["430100", "130100", "510000"]  # plan files sorted by name
    assert "重庆" not in area_page.locator(".navbar").inner_text()
    assert_clean_console(area_page)


@pytest.mark.parametrize("area", sorted(N_COUNTIES))
def test_map_draws_every_county_of_the_area(area_page, area_app, area) -> None:  # noqa: ANN001
    url, db = area_app
    area_page.goto(f"{url}/map?area={area}")
    area_page.wait_for_selector("#map-graph path.choroplethlocation", timeout=30000)
    _settle(area_page)
    locations = graph_locations(area_page, "map-graph")
    assert sorted(locations[0]) == sorted(counties(db, area)["adcode"])
    assert len(locations[0]) == N_COUNTIES[area]
    assert area_page.locator("#map-graph path.choroplethlocation").count() == N_COUNTIES[area]
    assert_clean_console(area_page)


@pytest.mark.parametrize("area", sorted(N_COUNTIES))
@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_for_an_imported_area(area_page, area_app, area, path) -> None:  # noqa: ANN001
    url, _ = area_app
    area_page.goto(f"{url}{path}?area={area}")
    _settle(area_page)
    text = area_page.locator("body").inner_text()
    assert "未知地区" not in text and "Error" not in text and "Traceback" not in text
    assert area_page.locator(".alert-danger").count() == 0
    assert area_page.locator(".no-data-notice").count() == 0 or path in ("/targets", "/county")
    assert_clean_console(area_page)


@pytest.mark.parametrize("path", [p for p in PAGES if p != "/methods"])
def test_an_area_without_data_says_what_to_load(area_page, area_app, path) -> None:  # noqa: ANN001
    url, _ = area_app
    area_page.goto(f"{url}{path}?area={EMPTY_AREA}")
    _settle(area_page)
    notice = area_page.locator(".no-data-notice")
    notice.first.wait_for(timeout=20000)
    assert "暂无数据" in notice.first.inner_text()
    assert area_page.locator(".alert-danger").count() == 0
    assert "Traceback" not in area_page.locator("body").inner_text()
    assert_clean_console(area_page)


def _code_strings(path: Path) -> list[str]:
    """String constants of a module's code (docstrings left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }  # fmt: skip
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]  # fmt: skip


def test_plan_files_are_the_only_place_areas_are_named() -> None:
    """No plan-area code is written in the app's code (tests, docstrings and plan files aside)."""
    root = Path(__file__).resolve().parents[2]
    files = [root / "app.py"] + [p for d in ("dashboard", "layouts", "callbacks", "components", "benchmarks")
                                 for p in (root / d).rglob("*.py")]  # fmt: skip
    pattern = re.compile(r"(?<!\d)(500000|360400)(?!\d)")
    hits = [f"{f.relative_to(root)}: {s!r}" for f in files for s in _code_strings(f) if pattern.search(s)]
    assert hits == []
