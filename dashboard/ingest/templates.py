"""Templates of the data page (/data): an XLSX workbook and a CSV file per table.

The workbook has a sheet per table a county or area may load (named ``人口 population``,
``肿瘤登记 registry_counts`` …), each with two header rows (Chinese, then English: the
readers accept either or both), a ``说明 readme`` sheet and a ``代码 codes`` sheet listing
the valid codes: the counties (and plan areas) of the user's units, the cancer sites, the
19 age groups, sexes, screening programmes and plan indicators. The CSV templates are UTF-8
with a BOM (Excel on Chinese Windows opens them as they are) with the same two header rows.
"""

from __future__ import annotations

import io

from dashboard.access.scope import Units
from dashboard.i18n import t
from dashboard.infra.db import Database
from dashboard.ingest.importer import PROGRAMMES, SPECS, TABLE_ZH

#: The tables a county or an area loads (in the workbook's order).
LOAD_TABLES: tuple[str, ...] = ("population", "registry_counts", "screening", "indicator_observations")

README = [
    ("每个工作表是一张表：第 1 行为中文表头，第 2 行为英文表头，从第 3 行起填写数据。",
     "Each sheet is one table: Chinese headers in row 1, English in row 2, data from row 3."),
    ("只填写需要加载的表；未填写的工作表会被忽略。",
     "Fill in only the tables you load; sheets left empty are ignored."),
    ("有效代码见“代码 codes”工作表：地区代码、癌症部位、年龄组（0–18）、性别（M/F）、筛查项目、指标。",
     "Valid codes are on the 'codes' sheet: area codes, cancer sites, age groups (0–18), sex (M/F), "
     "screening programmes, indicators."),
    ("有病例数的区县和年份必须同时有人口数（人口表）。",
     "Counties and years with registry counts need their population (the population table) too."),
    ("在“数据管理”页面上传后，先看试运行结果和质量报告，确认后写入为草稿；地区管理员发布后各页面才显示。",
     "Upload on the Data page: read the dry run and the quality report, then write a draft; the "
     "pages show it once an area administrator publishes it."),
]  # fmt: skip


def sheet_name(table: str) -> str:
    """``肿瘤登记 registry_counts``: the sheet (and CSV file stem) of a table."""
    return f"{TABLE_ZH[table]} {table}"


def header_rows(table: str) -> tuple[list[str], list[str]]:
    """The Chinese and the English header row of ``table``."""
    cols = SPECS[table]
    return [c.zh or c.name for c in cols], [c.name for c in cols]


def template_csv(table: str) -> bytes:
    """A CSV template: UTF-8 with BOM, two header rows, no data."""
    import csv

    if table not in LOAD_TABLES:
        raise KeyError(table)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(header_rows(table))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def code_rows(db: Database, units: Units) -> list[tuple[str, str, str, str]]:
    """(kind, code, Chinese name, English name) of every valid code for ``units``."""
    from dashboard.catalogue.indicators import INDICATORS
    from dashboard.catalogue.sites import SITES
    from dashboard.epi.standards import AGE_GROUPS
    from dashboard.ingest.batches import unit_codes
    from dashboard.queries.areas import area_info, plan_area_codes

    codes = unit_codes(db, units)
    if codes is None:
        from dashboard.queries.areas import county_codes

        codes = set()
        for area in plan_area_codes(db):
            codes |= {area, *db.read(county_codes(area))["adcode"]}
    rows: list[tuple[str, str, str, str]] = []
    for code in sorted(codes):
        info = area_info(db, code) or {}
        kind = "地区 area" if code in plan_area_codes(db) else "区县 county"
        rows.append((kind, code, str(info.get("name_zh") or ""), str(info.get("name_en") or "")))
    rows += [("性别 sex", "M", "男", "male"), ("性别 sex", "F", "女", "female")]
    rows += [("年龄组 age_group", str(i), f"{g} 岁", f"{g} years") for i, g in enumerate(AGE_GROUPS)]
    rows += [("癌症部位 site", s.site, s.name_zh, s.name_en) for s in SITES]
    rows += [
        ("筛查项目 programme", p, t(f"screening.programme.{p}", "zh"), t(f"screening.programme.{p}", "en"))
        for p in PROGRAMMES
    ]
    rows += [("指标 indicator", i.key, i.name_zh, i.name_en) for i in INDICATORS.values()]
    return rows


def template_xlsx(db: Database, units: Units) -> bytes:
    """The XLSX template for ``units``: readme, a sheet per table, the codes."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4"})
    hint = book.add_format({"italic": True, "font_color": "#555555", "bg_color": "#E8EEF4"})
    text = book.add_format({"num_format": "@"})
    ws = book.add_worksheet("说明 readme")
    ws.set_column(0, 0, 110)
    for r, (zh, en) in enumerate(README):
        ws.write(2 * r, 0, zh)
        ws.write(2 * r + 1, 0, en, hint)
    for table in LOAD_TABLES:
        ws = book.add_worksheet(sheet_name(table))
        zh, en = header_rows(table)
        for c, (a, b) in enumerate(zip(zh, en, strict=True)):
            ws.write(0, c, a, bold)
            ws.write(1, c, b, hint)
            ws.set_column(c, c, max(12, 2 * len(a) + 2), text if b in ("area", "sex", "site") else None)
        ws.freeze_panes(2, 0)
    ws = book.add_worksheet("代码 codes")
    for c, head in enumerate(("类别 kind", "代码 code", "中文", "English")):
        ws.write(0, c, head, bold)
    widths = (20, 26, 40, 50)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    for r, row in enumerate(code_rows(db, units), start=1):
        for c, value in enumerate(row):
            ws.write_string(r, c, value)
    ws.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()
