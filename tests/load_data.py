"""A county's year of data for the loading tests: the county's latest demonstration year,
copied to the next year with a little growth (plausible values), written into the /data
template (XLSX) or as CSV text."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.infra.db import Database


def latest_year(db: Database) -> int:
    return int(db.read("SELECT MAX(year) AS y FROM registry_counts")["y"].iloc[0])


def next_year_frames(db: Database, county: str) -> dict[str, pd.DataFrame]:
    """population and registry_counts of ``county`` for the year after the demo's last."""
    last = latest_year(db)
    pop = db.read(f"SELECT area, year, sex, age_group, person_years FROM population "
                  f"WHERE area = '{county}' AND year = {last}")  # fmt: skip
    reg = db.read(f"SELECT area, year, sex, age_group, site, cases, deaths, mv_cases, dco_cases "
                  f"FROM registry_counts WHERE area = '{county}' AND year = {last}")  # fmt: skip
    pop["year"] = reg["year"] = last + 1
    pop["person_years"] = (pop["person_years"] * 1.004).round()
    reg["cases"] = (reg["cases"] * 1.03).round().astype(int)  # a little more, MV and DCO kept
    return {"population": pop, "registry_counts": reg}


def fill_template(template: bytes, frames: dict[str, pd.DataFrame]) -> bytes:
    """The /data template with ``frames`` written below the two header rows of their sheets."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template))
    for sheet in book.worksheets:
        table = sheet.title.split(" ")[-1]
        if table not in frames:
            continue
        columns = [c.value for c in sheet[2]]  # the English header row
        for row in frames[table][columns].itertuples(index=False):
            sheet.append([v.item() if hasattr(v, "item") else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
