"""A small hand-made fixture database: one plan area with three counties."""

from __future__ import annotations

import pandas as pd

from dashboard.infra.bootstrap import load_reference
from dashboard.infra.db import Database
from dashboard.ingest.importer import load_frames

AREAS = pd.DataFrame(
    {
        "adcode": ["500000", "500101", "500102", "500103", "360400"],
        "parent_adcode": [None, "500000", "500000", "500000", "360000"],
        "level": ["province", "county", "county", "county", "city"],
        "name_zh": ["重庆市", "万州区", "涪陵区", "渝中区", "九江市"],
        "name_en": ["Chongqing", "Wanzhou District", "Fuling District", "Yuzhong District", "Jiujiang"],
        "region_group": [None, "渝东北三峡库区城镇群", "主城都市圈", "主城都市圈", None],
        "region_group_en": [None, "Three Gorges", "Main metropolitan area", "Main metropolitan area", None],
        "urban": [None, "True", "True", "True", None],
    }
)


def population() -> pd.DataFrame:
    rows = []
    for area, size in (("500101", 1000.0), ("500102", 2000.0), ("500103", 500.0)):
        for year in (2020, 2021):
            for sex in ("M", "F"):
                for age in range(19):
                    rows.append((area, year, sex, age, size))
    return pd.DataFrame(rows, columns=["area", "year", "sex", "age_group", "person_years"])


def registry() -> pd.DataFrame:
    rows = []
    for area, k in (("500101", 1), ("500102", 2), ("500103", 0)):
        for year in (2020, 2021):
            for sex in ("M", "F"):
                for age in range(19):
                    lung = k * (age >= 12)
                    rows.append((area, year, sex, age, "lung", lung, lung, lung, 0))
                    rows.append((area, year, sex, age, "all", lung + k, lung, lung, 0))
    return pd.DataFrame(rows, columns=["area", "year", "sex", "age_group", "site", "cases", "deaths",
                                       "mv_cases", "dco_cases"])  # fmt: skip


def build_fixture_db(url: str) -> Database:
    db = Database(url)
    db.create_schema()
    load_frames(db, {"areas": AREAS})
    load_reference(db)
    load_frames(db, {"population": population(), "registry_counts": registry()})
    return db
