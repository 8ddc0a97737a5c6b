"""/data (issue #12): who may load, the templates, the dry run with its problems and quality
report, the acknowledgement of warnings, the draft, publish and withdraw by the area's
administrator, and the audit; all through the Flask test client with session and CSRF."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from dashboard.access import accounts
from dashboard.infra.db import Database
from dashboard.ingest import batches
from tests.access_data import add_users, client_for, copy_demo, private_settings
from tests.load_data import fill_template, latest_year, next_year_frames


@pytest.fixture(scope="module")
def private(
    tmp_path_factory: pytest.TempPathFactory, demo_db: Database
) -> tuple[Any, dict[str, str], Database]:
    from app import create_app

    root = tmp_path_factory.mktemp("data-page")
    url = copy_demo(demo_db, root)
    db = Database(url)
    units = add_users(db)
    return create_app(private_settings(url, root)), units, db


def _post(c: Any, data: dict[str, Any]) -> Any:
    data = {**data, "csrf_token": c.get_cookie("csrf_token").value}
    return c.post("/data", data=data, content_type="multipart/form-data")


def _upload(c: Any, name: str, content: bytes) -> Any:
    return _post(c, {"action": "check", "file": (io.BytesIO(content), name)})


def _checksum(html: str) -> str:
    m = re.search(r'name="checksum" value="([0-9a-f]{64})"', html)
    assert m, html[:2000]
    return m.group(1)


def test_who_may_open_the_data_page(private: tuple[Any, dict[str, str], Database]) -> None:
    app, _, _ = private
    for user in ("manager_a", "admin_a", "sysadmin"):
        c = client_for(app, user)
        r = c.get("/data")
        assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
        assert 'id="data-upload-form"' in r.get_data(as_text=True)
        assert c.get("/data/template.xlsx").status_code == 200
    for user in ("viewer_b", "nounit"):
        c = client_for(app, user)
        assert c.get("/data").status_code == 403
        assert c.get("/data/template.xlsx").status_code == 403
        assert c.get("/data/template/population.csv").status_code == 403
    r = client_for(app, None).get("/data", headers={"Accept": "text/html"})
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert client_for(app, "manager_a").get("/data/template/areas.csv").status_code == 404


def test_templates_have_both_headers_and_the_users_codes(
    private: tuple[Any, dict[str, str], Database],
) -> None:
    from openpyxl import load_workbook

    app, units, db = private
    r = client_for(app, "manager_a").get("/data/template.xlsx")
    assert r.mimetype.endswith("spreadsheetml.sheet") and "attachment" in r.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(r.data), read_only=True)
    assert book.sheetnames == ["说明 readme", "人口 population", "肿瘤登记 registry_counts", "筛查 screening",
                               "规划指标 indicator_observations", "代码 codes"]  # fmt: skip
    rows = list(book["肿瘤登记 registry_counts"].iter_rows(values_only=True))
    assert rows[0][:3] == ("地区代码", "年份", "性别") and rows[1][:3] == ("area", "year", "sex")
    codes = list(book["代码 codes"].iter_rows(values_only=True))
    kinds = {row[0] for row in codes[1:]}
    assert {
        "区县 county",
        "性别 sex",
        "年龄组 age_group",
        "癌症部位 site",
        "筛查项目 programme",
        "指标 indicator",
    } <= kinds
    counties = [row[1] for row in codes if row[0] == "区县 county"]
    assert counties == [units["county_a"]]  # the manager's county only: no other county, no other area
    assert ("癌症部位 site", "lung", "肺癌", "Lung") in codes
    r = client_for(app, "admin_a").get("/data/template.xlsx")
    area_codes = [
        row[1] for row in load_workbook(io.BytesIO(r.data)).worksheets[-1].iter_rows(values_only=True)
    ]
    assert (
        units["area_a"] in area_codes
        and units["county_a2"] in area_codes
        and units["county_b"] not in area_codes
    )
    csv = client_for(app, "manager_a").get("/data/template/registry_counts.csv").data
    assert csv.startswith(b"\xef\xbb\xbf") and csv.decode("utf-8-sig").splitlines()[1].startswith(
        "area,year,sex"
    )


def test_bad_file_lists_every_problem_and_writes_nothing(
    private: tuple[Any, dict[str, str], Database],
) -> None:
    app, units, db = private
    c = client_for(app, "manager_a")
    before = len(batches.list_batches(db))
    year = latest_year(db) + 1
    bad = ("area,year,sex,age_group,site,cases,deaths,mv_cases,dco_cases\n"
           f"{units['county_a']},{year},M,12,prostatee,3,1,2,0\n"
           f"{units['county_b']},{year},F,12,lung,inf,1,2,0\n")  # fmt: skip
    r = _upload(c, "registry_counts.csv", bad.encode("gbk"))
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'id="data-problems"' in html
    assert "不是有限的数" in html and "&#39;inf&#39;" in html  # column cases, its value, what is wrong
    assert ">3<" in html and ">cases<" in html  # the spreadsheet's row 3
    assert 'id="data-commit-form"' not in html  # errors block
    r = _upload(c, "registry_counts.csv", bad.replace(",inf,", ",2,").encode())
    html = r.get_data(as_text=True)
    assert "未知的癌症部位 &#39;prostatee&#39;" in html or "不在您负责的单位内" in html
    assert 'id="data-commit-form"' not in html
    assert len(batches.list_batches(db)) == before
    events = set(accounts.audit_rows(db)["event"])
    assert "batch_checked" in events


def test_county_uploads_admin_publishes_and_withdraws(private: tuple[Any, dict[str, str], Database]) -> None:
    app, units, db = private
    county, year = units["county_a"], latest_year(db) + 1
    manager = client_for(app, "manager_a")
    frames = next_year_frames(db, county)
    frames["registry_counts"].loc[frames["registry_counts"]["site"] == "all", "cases"] *= (
        2  # a jump: warnings
    )
    filled = fill_template(manager.get("/data/template.xlsx").data, frames)
    html = _upload(manager, "县数据.xlsx", filled).get_data(as_text=True)
    assert 'data-errors="0"' in html and 'id="data-quality-table"' in html
    assert "与上一年" in html and 'id="data-ack"' in html  # the year-on-year jump, to acknowledge
    digest = _checksum(html)
    html = _post(manager, {"action": "commit", "checksum": digest}).get_data(as_text=True)
    assert "请勾选" in html and all(b["file_name"] != "县数据.xlsx" for b in batches.list_batches(db))
    html = _post(manager, {"action": "commit", "checksum": digest, "ack": "1"}).get_data(as_text=True)
    batch = batches.list_batches(db, limit=1)[0]
    assert (
        batch["state"] == "draft"
        and batch["file_name"] == "县数据.xlsx"
        and batch["created_by"] == "manager_a"
    )
    assert f'data-batch="{batch["batch_id"]}" data-state="draft"' in html
    assert db.read(f"SELECT COUNT(*) n FROM registry_counts WHERE year = {year}")["n"].iloc[0] == 0  # a draft
    # the manager may not publish; the administrator of another area sees nothing of it
    html = _post(manager, {"action": "publish", "batch": batch["batch_id"]}).get_data(as_text=True)
    assert "您无权执行此操作" in html and 'class="btn btn-sm btn-success data-publish"' not in html
    accounts.create_user(db, "admin_b", "correct horse battery", "area_admin", [units["area_b"]])
    other = client_for(app, "admin_b")
    assert f'data-batch="{batch["batch_id"]}"' not in other.get("/data").get_data(as_text=True)
    html = _post(other, {"action": "publish", "batch": batch["batch_id"]}).get_data(as_text=True)
    assert "您无权执行此操作" in html
    # the area's administrator publishes: the pages' tables have the new year
    admin = client_for(app, "admin_a")
    html = _post(admin, {"action": "publish", "batch": batch["batch_id"]}).get_data(as_text=True)
    assert f'data-batch="{batch["batch_id"]}" data-state="published"' in html
    assert db.read(f"SELECT COUNT(*) n FROM registry_counts WHERE year = {year}")["n"].iloc[0] == len(
        frames["registry_counts"]
    )
    html = _post(admin, {"action": "publish", "batch": batch["batch_id"]}).get_data(as_text=True)
    assert "不能发布" in html  # twice: refused with the batch's state
    # withdrawn: the new year is gone
    html = _post(admin, {"action": "withdraw", "batch": batch["batch_id"]}).get_data(as_text=True)
    assert f'data-batch="{batch["batch_id"]}" data-state="withdrawn"' in html
    assert db.read(f"SELECT COUNT(*) n FROM registry_counts WHERE year = {year}")["n"].iloc[0] == 0
    audit = accounts.audit_rows(db)
    done = set(audit.loc[audit["detail"].astype(str).str.contains(f"batch {batch['batch_id']}"), "event"])
    assert {"batch_committed", "batch_published", "batch_withdrawn"} <= done


def test_manager_discards_own_draft_and_the_same_file_twice_changes_nothing(
    private: tuple[Any, dict[str, str], Database],
) -> None:
    app, units, db = private
    c = client_for(app, "manager_a")
    pop = next_year_frames(db, units["county_a"])["population"]
    content = pop.to_csv(index=False).encode()
    digest = _checksum(_upload(c, "population.csv", content).get_data(as_text=True))
    _post(c, {"action": "commit", "checksum": digest})
    batch = batches.list_batches(db, limit=1)[0]
    assert batch["state"] == "draft" and batch["file_name"] == "population.csv"
    digest = _checksum(_upload(c, "population.csv", content).get_data(as_text=True))
    html = _post(c, {"action": "commit", "checksum": digest}).get_data(as_text=True)
    assert f"该文件已作为批次 {batch['batch_id']}" in html
    html = _post(c, {"action": "discard", "batch": batch["batch_id"]}).get_data(as_text=True)
    assert f'data-batch="{batch["batch_id"]}" data-state="discarded"' in html
    html = _post(c, {"action": "commit", "checksum": "0" * 64}).get_data(as_text=True)
    assert "请重新上传" in html  # no such upload: nothing written
    html = _post(c, {"action": "check"}).get_data(as_text=True)
    assert "请选择一个文件" in html


def test_posts_need_the_csrf_token(private: tuple[Any, dict[str, str], Database]) -> None:
    app, _, _ = private
    c = client_for(app, "manager_a")
    del c.environ_base["HTTP_X_CSRF_TOKEN"]
    r = c.post("/data", data={"action": "check", "file": (io.BytesIO(b"x"), "population.csv")},
               content_type="multipart/form-data")  # fmt: skip
    assert r.status_code == 403


def test_english_page(private: tuple[Any, dict[str, str], Database]) -> None:
    app, _, _ = private
    html = client_for(app, "admin_a").get("/data?lang=en").get_data(as_text=True)
    assert "Download the XLSX template" in html and "Upload and check (dry run)" in html


def test_empty_sheets_of_a_workbook_are_left_out(tmp_path: Path) -> None:
    """A template with one table filled in: the other sheets (headers only) change nothing."""
    from dashboard.ingest.readers import read_file
    from tests.test_loading import XLSX_ROWS, _xlsx

    data = _xlsx(
        {"肿瘤登记 registry_counts": XLSX_ROWS, "人口 population": [["地区代码", "年份"], ["area", "year"]]}
    )
    sources, problems = read_file("t.xlsx", data)
    assert [s.table for s in sources] == ["registry_counts"] and problems == []
    sources, problems = read_file("t.xlsx", _xlsx({"人口 population": [["地区代码"], ["area"]]}))
    assert sources == [] and [p.key for p in problems] == ["data.p.no_rows"]


def test_jump_is_against_the_published_years_total(private: tuple[Any, dict[str, str], Database]) -> None:
    """The year before is the county's published total (all sexes and ages), not one cell."""
    _, units, db = private
    frames = next_year_frames(db, units["county_a2"])
    files = [(f"{t}.csv", f.to_csv(index=False).encode()) for t, f in frames.items()]
    result = batches.check(db, files)
    assert result.errors == [] and [p for p in result.warnings if p.key == "data.q.jump"] == []


def test_too_large_upload_is_named_on_the_page(private: tuple[Any, dict[str, str], Database]) -> None:
    app, _, _ = private
    c = client_for(app, "manager_a")
    mb = app.server.config["DASHBOARD_SETTINGS"].max_request_mb
    r = _upload(c, "population.csv", b"x" * (mb * 1024 * 1024 + 1))
    assert r.status_code == 413 and f"上传上限为 {mb} MB" in r.get_data(as_text=True)
    assert 'id="data-upload-form"' in r.get_data(as_text=True)
