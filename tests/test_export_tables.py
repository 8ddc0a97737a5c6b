"""Table downloads stand alone: BOM, an about block (title, area, period, source, definition,
small-number rule, demo label), headers in the page's language with units, numbers at display
precision, and an XLSX beside every CSV (dashboard.export.tables)."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pandas as pd
import pytest

from dashboard.export.tables import TableExport, about_block, csv_bytes, table_lines, xlsx_bytes
from dashboard.i18n import t
from dashboard.views import targets as V


def _xlsx_text(data: bytes) -> tuple[list[str], str]:
    """(sheet names, every string of the workbook) of an XLSX file."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = z.read("xl/workbook.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    return re.findall(r'<sheet name="([^"]+)"', book), strings


def test_csv_has_a_bom_an_about_block_and_the_table() -> None:
    frame = pd.DataFrame(
        {"区县": ["渝中区", "万州区"], "发病率（1/10万）": [123.4, None], "病例数": ["<6", "12"]}
    )
    about = about_block("zh", title="重庆市 肺癌 发病率", area="重庆市 (500000)", period="2021—2025年",
                        source="肿瘤登记", definition="年龄标化率", suppression="少于16例不显示", demo=True)  # fmt: skip
    table = TableExport(frame, "x", "重庆市 肺癌 发病率", about, "zh")
    data = csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel on Chinese Windows reads it
    text = data.decode("utf-8-sig")
    labels = [row[0] for row in csv.reader(io.StringIO(text.split("\r\n\r\n")[0]))]
    assert labels == ["标题", "地区", "时期", "来源", "定义", "小数处理", "数据性质"]
    assert t("demo.notice", "zh") in text
    rows = list(csv.DictReader(io.StringIO("\n".join(table_lines(text)))))
    assert rows[0] == {"区县": "渝中区", "发病率（1/10万）": "123.4", "病例数": "<6"}
    assert rows[1]["发病率（1/10万）"] == ""


def test_xlsx_is_a_real_workbook_with_data_and_about_sheets() -> None:
    frame = pd.DataFrame({"county": ["Yuzhong"], "rate (per 100,000)": [123.4], "cases": [42]})
    about = about_block("en", title="Lung cancer incidence", area="Chongqing", demo=False)
    data = xlsx_bytes(TableExport(frame, "x", "Lung cancer incidence", about, "en"))
    assert data[:2] == b"PK"
    sheets, strings = _xlsx_text(data)
    assert sheets == ["Data", "About"]
    assert "rate (per 100,000)" in strings and "Lung cancer incidence" in strings and "Yuzhong" in strings
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>123.4</v>" in sheet1 and "<v>42</v>" in sheet1  # numbers stay numbers


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scorecard_export_is_at_display_precision_with_units(demo_db, lang: str) -> None:  # noqa: ANN001
    data = V.load(demo_db, "360400", lang=lang, as_of=2026, small_cell_limit=5, suppress_below=16)
    table = V.scorecard_export(data, V.parse_selection(data))
    text = csv_bytes(table).decode("utf-8-sig")
    assert t("demo.notice", lang) in text.split("\r\n\r\n")[0]
    rows = list(csv.DictReader(io.StringIO("\n".join(table_lines(text)))))
    assert len(rows) == 14
    met = t("targets.col.met", lang)
    assert all(re.fullmatch(r"\d+", r[met]) for r in rows if r[met])  # a count, not "4.0"
    heads = {t("export.unit_header", lang, name=t("targets.tcol.value", lang), unit=t(f"export.unit.{u}", lang))
             for u in ("percent", "count")}  # fmt: skip
    value_cols = [c for c in rows[0] if c.split(" | ")[-1] in heads]
    assert value_cols, rows[0].keys()
    for r in rows:
        for c in value_cols:
            assert re.fullmatch(r"-?\d+(\.\d)?", r[c]) or r[c] == "", (c, r[c])  # 73.6842105263158 -> 73.7
    sheets, strings = _xlsx_text(xlsx_bytes(table))
    assert sheets == [t("export.sheet.data", lang), t("export.sheet.about", lang)]


def test_county_table_export_names_the_indicator_and_its_unit(demo_db) -> None:  # noqa: ANN001
    data = V.load(demo_db, "360400", lang="zh", as_of=2026, small_cell_limit=5, suppress_below=16)
    table = V.county_export(data, V.parse_selection(data, indicator="oncology_dept"))
    assert "数值（%）" in table.frame.columns and "分子" in table.frame.columns
    about = dict(table.about)
    assert "二级及以上医院肿瘤科设置率" in about["标题"] and "÷" in about["定义"] and about["来源"]


def test_zh_map_export_has_chinese_headers_first_and_codes_after(demo_db, demo_settings) -> None:  # noqa: ANN001
    from dashboard.views import map as M

    p = M.params_from_controls(demo_db, {"area": "500000", "breaks": []},
                               ["incidence", "lung", "T", "asr_china", "2025", "quantile", 5])  # fmt: skip
    table = M.table_export(demo_db, demo_settings, p, "zh")
    cols = list(table.frame.columns)
    assert cols[:3] == ["区县", "代码", "中标率（1/10万）"]
    first_code = next(i for i, c in enumerate(cols) if c.startswith("机器代码"))
    assert not [c for c in cols[:first_code] if re.search(r"[A-Za-z]{3,}", c)]  # no English before the codes
    rates = table.frame["中标率（1/10万）"].dropna()
    assert (rates.round(1) == rates).all()  # display precision
    about = dict(table.about)
    assert "肺癌" in about["标题"] and "2025" in about["时期"] and "16" in about["小数处理"]
    assert about["数据性质"] == t("demo.notice", "zh")
