"""Issue #12: the 53 bad and good inputs, each with the message it now gives, and batches
(upsert, same file twice, publish, withdraw, deletion, one load at a time)."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pandas as pd
import pytest

from dashboard.access import accounts
from dashboard.infra.db import Database, population, registry_counts, screening
from dashboard.ingest import batches
from dashboard.ingest.cli import main
from tests.fixture_data import build_fixture_db

REG_H = "area,year,sex,age_group,site,cases,deaths,mv_cases,dco_cases\n"
REG = REG_H + "500101,2021,M,12,lung,3,1,2,0\n500101,2021,F,12,lung,2,1,2,0\n"
REG_ZH = (
    "地区代码,年份,性别,年龄组,癌症部位,新发病例数,死亡数,病理确诊病例数,仅死亡证明病例数\n"
    + REG.split("\n", 1)[1]
)
SCR_H = "area,year,programme,eligible,screened,positive,detected,early_detected\n"
SCR = SCR_H + "500101,2021,cervical,100,50,5,2,1\n500102,2021,cervical,100,50,5,2,1\n"
IND_H = "area,year,indicator,numerator,denominator,value\n"
POP_H = "area,year,sex,age_group,person_years\n"


def _reg(row: str) -> dict[str, bytes]:
    return {"registry_counts.csv": (REG_H + row + "\n").encode()}


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                ws.write(r, c, v)
    book.close()
    return buf.getvalue()


XLSX_ROWS = [["地区代码", "年份", "性别", "年龄组", "癌症部位", "新发病例数", "死亡数", "病理确诊病例数", "仅死亡证明病例数"],
             ["area", "year", "sex", "age_group", "site", "cases", "deaths", "mv_cases", "dco_cases"],
             [500101, 2021, "M", 12, "lung", 3, 1, 2, 0]]  # fmt: skip

# (case, files, extra arguments, exit code, message in English)
CASES = [
    ("header-only registry_counts", {"registry_counts.csv": REG_H.encode()}, [], 1, "header but no data rows"),
    ("header-only with --replace", {"registry_counts.csv": REG_H.encode()}, ["--replace"], 2, "--replace was removed"),
    ("GBK CSV with Chinese headers (Excel on Chinese Windows)", {"registry_counts.csv": REG_ZH.encode("gbk")}, [], 0, "Check passed: registry_counts 2 rows"),
    ("GB18030 CSV", {"registry_counts.csv": REG_ZH.encode("gb18030")}, [], 0, "Check passed"),
    ("UTF-8 with BOM", {"registry_counts.csv": b"\xef\xbb\xbf" + REG.encode()}, [], 0, "Check passed"),
    ("UTF-8 Chinese headers", {"registry_counts.csv": REG_ZH.encode()}, [], 0, "Check passed"),
    ("semicolon-delimited", {"registry_counts.csv": REG.replace(",", ";").encode()}, [], 0, "Check passed: registry_counts 2 rows"),
    ("tab-delimited", {"registry_counts.csv": REG.replace(",", "\t").encode()}, [], 0, "Check passed"),
    ("XLSX with the template's two header rows", {"data.xlsx": _xlsx({"肿瘤登记 registry_counts": XLSX_ROWS})}, [], 0, "Check passed: registry_counts 1 rows"),
    ("XLSX saved under a .csv name", {"registry_counts.csv": _xlsx({"registry_counts": XLSX_ROWS[1:]})}, [], 0, "Check passed"),
    ("XLSX with an extra sheet that is no table", {"d.xlsx": _xlsx({"registry_counts": XLSX_ROWS[1:], "notes": [["x"]]})}, ["--json"], 3, "unknown table 'notes'"),
    ("empty file", {"registry_counts.csv": b""}, [], 1, "the file is empty"),
    ("a file of only a BOM", {"registry_counts.csv": b"\xef\xbb\xbf\n"}, [], 1, "the file is empty"),
    ("1e20 cases", _reg("500101,2021,M,12,lung,1e20,1,2,0"), [], 1, "column cases: 1e+20 is above the maximum 1e+08"),
    ("year 2099", _reg("500101,2099,M,12,lung,3,1,2,0"), [], 1, "column year: year 2099 is outside 1970–"),
    ("year 1900", _reg("500101,1900,M,12,lung,3,1,2,0"), [], 1, "1900 is below the minimum 1950"),
    ("programme prostate", {"screening.csv": (SCR_H + "500101,2021,prostate,100,50,5,2,1\n").encode()}, [], 1, "unknown screening programme 'prostate'"),
    ("unknown indicator", {"indicator_observations.csv": (IND_H + "500101,2021,happiness,,,3\n").encode()}, [], 1, "unknown plan indicator 'happiness'"),
    ("inf person-years", {"population.csv": (POP_H + "500101,2021,M,3,inf\n").encode()}, [], 1, "not a finite number: 'inf'"),
    ("500,000 cases on 100 person-years", {"population.csv": (POP_H + "500101,2021,M,12,100\n").encode(), **_reg("500101,2021,M,12,lung,500000,1,2,0")}, [], 1, "500000 cases on 100 person-years is implausible"),
    ("counts without population", _reg("500101,2022,M,12,lung,3,1,2,0"), [], 1, "area '500101' has counts in 2022 but no population"),
    ("'nan' as a number", _reg("500101,2021,M,12,lung,nan,1,2,0"), [], 1, "not a number: 'nan'"),
    ("negative cases", _reg("500101,2021,M,12,lung,-3,1,0,0"), [], 1, "-3 is below the minimum 0"),
    ("fractional cases", _reg("500101,2021,M,12,lung,2.5,1,2,0"), [], 1, "not a whole number: '2.5'"),
    ("text for a number", _reg("500101,2021,M,12,lung,many,1,2,0"), [], 1, "row 2, column cases: not a number: 'many'"),
    ("missing column", {"registry_counts.csv": b"area,year,sex,age_group,site,cases,deaths,mv_cases\n500101,2021,M,12,lung,3,1,2\n"}, [], 1, "column dco_cases: column is missing"),
    ("unknown extra column (warning)", {"registry_counts.csv": (REG_H.strip() + ",remark\n500101,2021,M,12,lung,3,1,2,0,x\n").encode()}, [], 3, "column remark: this column is not part of the table and is ignored"),
    ("duplicate keys", {"registry_counts.csv": (REG_H + "500101,2021,M,12,lung,3,1,2,0\n500101,2021,M,12,lung,4,1,2,0\n").encode()}, [], 1, "row 3, column area: duplicate row"),
    ("unknown area code", _reg("999999,2021,M,12,lung,3,1,2,0"), [], 1, "unknown area code '999999'"),
    ("area code not 6 digits", _reg("5001,2021,M,12,lung,3,1,2,0"), [], 1, "'5001' is not a 6-digit area code"),
    ("sex X", _reg("500101,2021,X,12,lung,3,1,2,0"), [], 1, "'X' is not one of M, F"),
    ("sex written 男", _reg("500101,2021,男,12,lung,3,1,2,0"), [], 0, "Check passed"),
    ("age group 19", _reg("500101,2021,M,19,lung,3,1,2,0"), [], 1, "19 is above the maximum 18"),
    ("MV above cases", _reg("500101,2021,M,12,lung,3,1,4,0"), [], 1, "morphologically verified cases exceed cases"),
    ("DCO above cases", _reg("500101,2021,M,12,lung,3,1,2,4"), [], 1, "death-certificate-only cases exceed cases"),
    ("screened above eligible", {"screening.csv": (SCR_H + "500101,2021,cervical,10,50,5,2,1\n").encode()}, [], 1, "more people screened than eligible"),
    ("numerator above denominator", {"indicator_observations.csv": (IND_H + "500101,2021,early_diagnosis,9,3,\n").encode()}, [], 1, "numerator exceeds denominator"),
    ("neither numerator/denominator nor value", {"indicator_observations.csv": (IND_H + "500101,2021,early_diagnosis,,,\n").encode()}, [], 1, "neither numerator/denominator nor value"),
    ("unknown site", _reg("500101,2021,M,12,kidneyish,3,1,2,0"), [], 1, "unknown cancer site 'kidneyish'"),
    ("unknown table name", {"foo.csv": REG.encode()}, [], 1, "unknown table 'foo'"),
    ("binary garbage", {"registry_counts.csv": b"\xff\xff\xfe\x00\xff"}, [], 1, "neither UTF-8 nor GBK/GB18030"),
    ("legacy .xls", {"registry_counts.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"}, [], 1, "unsupported file type"),
    ("damaged XLSX", {"data.xlsx": b"PK\x03\x04garbage"}, [], 1, "cannot be read"),
    ("a row with too many fields", {"registry_counts.csv": (REG + "500101,2021,M,13,lung,3,1,2,0,7,8\n").encode()}, [], 1, "cannot be read"),
    ("a missing value", _reg("500101,2021,M,12,lung,,1,2,0"), [], 1, "column cases: value is missing"),
    ("blank lines at the end", {"registry_counts.csv": (REG + "\n\n").encode()}, [], 0, "Check passed: registry_counts 2 rows"),
    ("numbers with spaces", _reg("500101, 2021 ,M, 12 ,lung, 3 ,1,2,0"), [], 0, "Check passed"),
    ("area code as a spreadsheet number", _reg("500101.0,2021,M,12,lung,3,1,2,0"), [], 0, "Check passed"),
    ("Chinese file name", {"人口.csv": (POP_H + "500101,2021,M,3,1000\n").encode()}, [], 0, "Check passed: population 1 rows"),
]  # fmt: skip


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    d = build_fixture_db(f"sqlite:///{tmp_path / 'fx.sqlite'}")
    monkeypatch.setenv("DATABASE_URL", d.url)
    return d


def _write(tmp_path: Path, files: dict[str, bytes]) -> list[str]:
    out = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        out.append(str(tmp_path / name))
    return out


@pytest.mark.parametrize(("case", "files", "extra", "code", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_input_gets_its_message(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str,
                                     files: dict[str, bytes], extra: list[str], code: int, message: str) -> None:  # fmt: skip
    before = db.count(registry_counts)
    args = [*_write(tmp_path, files), "--lang", "en", *extra]
    if code != 3:
        args.append("--accept-warnings")
    assert main(args) == code, capsys.readouterr()
    out = capsys.readouterr()
    assert message in out.out + out.err
    assert "Traceback" not in out.err
    assert db.count(registry_counts) == before, "a dry run writes nothing"


def test_messages_are_in_chinese_too(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*_write(tmp_path, _reg("500101,2099,M,12,lung,3,1,2,0")), "--lang", "zh"]) == 1
    assert "表 registry_counts，第 2 行，列 year：年份 2099 超出" in capsys.readouterr().err


def test_missing_file(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # case 51
    assert main([str(tmp_path / "nope.csv"), "--lang", "en"]) == 2
    assert "file not found" in capsys.readouterr().err


def test_header_only_never_deletes_and_a_small_file_keeps_other_rows(
    db: Database, tmp_path: Path
) -> None:  # case 52
    n = db.count(registry_counts)
    assert main([*_write(tmp_path, {"registry_counts.csv": REG_H.encode()}), "--commit", "--publish"]) == 1
    assert db.count(registry_counts) == n
    assert main([*_write(tmp_path, {"screening.csv": SCR.encode()}), "--commit", "--publish"]) == 0
    two = tmp_path / "two"
    two.mkdir()
    small = SCR_H + "500101,2021,cervical,100,60,5,2,1\n"
    assert main([*_write(two, {"screening.csv": small.encode()}), "--commit", "--publish"]) == 0
    assert db.count(screening) == 2, "the other rows stay"
    assert db.read("SELECT screened FROM screening WHERE area='500101'")["screened"].tolist() == [60]


def test_corrected_rows_upsert_the_same_file_twice_changes_nothing_and_withdraw_restores(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # case 53 (resend corrected rows; same valid file twice)
    old = db.read("SELECT cases FROM registry_counts WHERE area='500101' AND year=2021 AND sex='M' "
                  "AND age_group=12 AND site='lung'")["cases"].iloc[0]  # fmt: skip
    files = _write(tmp_path, {"registry_counts.csv": REG.encode()})
    v0 = db.data_version()
    assert main([*files, "--commit", "--accept-warnings", "--lang", "en"]) == 0
    assert "Written as batch 1 (draft)" in capsys.readouterr().out
    assert db.data_version() == v0, "a draft is not shown"
    assert main([*files, "--commit", "--accept-warnings", "--lang", "en"]) == 0
    assert "already loaded as batch 1" in capsys.readouterr().out
    assert main(["--publish-batch", "1", "--lang", "en"]) == 0
    assert db.data_version() != v0
    new = db.read("SELECT cases FROM registry_counts WHERE area='500101' AND year=2021 AND sex='M' "
                  "AND age_group=12 AND site='lung'")["cases"].iloc[0]  # fmt: skip
    assert new == 3
    assert main(["--withdraw", "1", "--lang", "en"]) == 0
    back = db.read("SELECT cases FROM registry_counts WHERE area='500101' AND year=2021 AND sex='M' "
                   "AND age_group=12 AND site='lung'")["cases"].iloc[0]  # fmt: skip
    assert back == old
    events = db.read("SELECT event FROM audit_log ORDER BY event_id")["event"].tolist()
    assert events[-3:] == ["batch_committed", "batch_published", "batch_withdrawn"]
    assert main(["--withdraw", "1", "--lang", "en"]) == 1
    assert "Batch 1 is withdrawn" in capsys.readouterr().err


def test_withdraw_of_a_batch_overwritten_later_is_refused(db: Database, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    assert main([*_write(a, {"screening.csv": SCR.encode()}), "--commit", "--publish"]) == 0
    assert (
        main([*_write(b, {"screening.csv": SCR.replace(",50,", ",70,").encode()}), "--commit", "--publish"])
        == 0
    )
    assert main(["--withdraw", "1", "--lang", "en"]) == 1
    assert "withdraw batch 2 first" in capsys.readouterr().err
    assert main(["--withdraw", "2"]) == 0
    assert main(["--withdraw", "1"]) == 0
    assert db.count(screening) == 0, "the keys batch 1 added are gone again"


def test_deletion_is_an_explicit_batch_and_can_be_withdrawn(db: Database, tmp_path: Path) -> None:
    n = db.count(population)
    keys = tmp_path / "population.csv"
    keys.write_text("area,year,sex,age_group\n500101,2021,M,3\n500101,2021,F,3\n")
    assert main([str(keys), "--delete"]) == 0 and db.count(population) == n, "a dry run"
    assert main([str(keys), "--delete", "--commit", "--publish"]) == 0
    assert db.count(population) == n - 2
    assert main(["--withdraw", "1"]) == 0
    assert db.count(population) == n


def test_a_county_manager_loads_only_its_units_and_may_not_publish(
    db: Database, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    accounts.create_user(db, "manager", "correct horse battery", "county_manager", ["500101"])
    accounts.create_user(db, "admin", "correct horse battery", "area_admin", ["500000"])
    files = _write(tmp_path, {"screening.csv": SCR.encode()})
    assert main([*files, "--user", "manager", "--commit", "--lang", "en"]) == 1
    assert "area '500102' is not among your units" in capsys.readouterr().err
    one = tmp_path / "one"
    one.mkdir()
    files = _write(one, {"screening.csv": (SCR_H + "500101,2021,cervical,100,50,5,2,1\n").encode()})
    assert main([*files, "--user", "manager", "--commit", "--publish", "--lang", "en"]) == 5
    assert "not allowed" in capsys.readouterr().err
    assert db.count(screening) == 0, "the draft is written, not published"
    assert main(["--publish-batch", "1", "--user", "admin"]) == 0
    assert db.count(screening) == 1


def test_two_loads_at_once_the_second_says_a_load_is_in_progress(
    db: Database, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    files = _write(tmp_path, {"screening.csv": SCR.encode()})
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with batches.load_lock(db):
            held.set()
            release.wait(10)

    th = threading.Thread(target=hold)
    th.start()
    held.wait(5)
    try:
        assert main([*files, "--commit", "--wait", "0.5", "--lang", "en"]) == 4
        assert "Another load is in progress" in capsys.readouterr().err
    finally:
        release.set()
        th.join()
    assert main([*files, "--commit", "--lang", "en"]) == 0


def test_dry_run_report_has_quality(db: Database) -> None:
    rows = pd.read_csv(io.StringIO(REG), dtype=str)
    result = batches.check(db, [("registry_counts.csv", rows.to_csv(index=False).encode())])
    assert not result.errors
    assert result.quality["rows"] and {"mv_pct", "dco_pct", "mi_ratio"} <= set(result.quality["rows"][0])
