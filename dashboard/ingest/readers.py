"""Files to frames: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030; comma, semicolon or tab) and XLSX
(a sheet per table), Chinese or English headers (one header row, or the templates' two:
Chinese, then English). A workbook's sheets left empty (a template's tables not filled in) are
left out when another sheet has rows.

A CSV file is named after its table (``registry_counts.csv``, ``肿瘤登记.csv``, also with a
suffix: ``registry_counts_2024.csv``); an XLSX file has a sheet per table. Rows are
numbered as the user's spreadsheet numbers them (the first header row is row 1). Nothing
here raises for a bad file: problems come back as :class:`~dashboard.ingest.importer.Problem`.
CSV files are read in chunks, so a million rows need little memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.ingest.importer import SPECS, TABLE_ZH, Problem

#: Tables a file may hold (``areas`` and ``meta_info`` too, for a system administrator).
FILE_TABLES = ("population", "registry_counts", "screening", "indicator_observations", "areas", "meta_info")
#: Sheets of the templates that are not tables.
NOT_TABLES = {"说明", "readme", "代码", "codes", "代码 codes", "说明 readme"}
CHUNK_ROWS = 200_000


@dataclass
class TableSource:
    """One table of a file: its rows in chunks of text columns named as the table's columns."""

    table: str
    source: str  # file name, or "file.xlsx: sheet"
    first_row: int  # the spreadsheet's number of the first data row
    chunks: Iterator[pd.DataFrame] | list[pd.DataFrame]
    ignored_columns: list[str] = field(default_factory=list)


def table_of(name: str) -> str | None:
    """The table a file or sheet name stands for (English or Chinese, a suffix allowed)."""
    low = name.strip().lower()
    names = {t: t for t in FILE_TABLES} | {TABLE_ZH[t]: t for t in FILE_TABLES}
    for key in sorted(names, key=len, reverse=True):  # "registry_counts" before "areas"
        if low == key or low.startswith(key) and not low[len(key) : len(key) + 1].isalpha():
            return names[key]
        if re.search(rf"(^|[\s_\-(（]){re.escape(key)}($|[\s_\-)）])", low):
            return names[key]
    return None


def _header_map(table: str) -> dict[str, str]:
    """Accepted header texts (lower case) -> column name."""
    out: dict[str, str] = {}
    for col in SPECS[table]:
        out[col.name.lower()] = col.name
        if col.zh:
            out[col.zh.lower()] = col.name
    return out


def column_of(table: str, header: object) -> str | None:
    """The column a header cell names: ``area``, ``地区代码``, ``地区代码 area``, ``地区代码（area）``."""
    text = str(header if header is not None else "").strip().lstrip("\ufeff").strip().lower()
    accepted = _header_map(table)
    if text in accepted:
        return accepted[text]
    for token in re.split(r"[\s()（）/|]+", text):
        if token in accepted:
            return accepted[token]
    return None


def _is_header(table: str, cells: list[object]) -> bool:
    named = [c for c in cells if str(c if c is not None else "").strip()]
    return bool(named) and all(column_of(table, c) is not None for c in named)


def _encoding(data: bytes) -> str | None:
    """utf-8-sig (with or without BOM), gb18030 (GBK and beyond), or None (neither)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for i in range(0, len(data), 1 << 20):
            decoder.decode(data[i : i + (1 << 20)], final=i + (1 << 20) >= len(data))
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("gb18030")()
    try:
        for i in range(0, len(data), 1 << 20):
            decoder.decode(data[i : i + (1 << 20)], final=i + (1 << 20) >= len(data))
        return "gb18030"
    except UnicodeDecodeError:
        return None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_file(name: str, data: bytes) -> tuple[list[TableSource], list[Problem]]:
    """The tables of one file (CSV or XLSX, by content, whatever its name ends with)."""
    label = Path(name).name
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        return [], [Problem(label, None, "-", "data.p.empty_file", {})]
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(label, data)
    if data[:4] == b"\xd0\xcf\x11\xe0" or label.lower().endswith((".xls", ".ods", ".numbers")):
        return [], [Problem(label, None, "-", "data.p.bad_format", {})]
    table = table_of(Path(label).stem)
    if table is None:
        return [], [Problem(label, None, "-", "data.p.unknown_table",
                            {"value": repr(Path(label).stem), "expected": ", ".join(FILE_TABLES)})]  # fmt: skip
    return _read_csv(label, table, data)


def read_path(path: Path) -> tuple[list[TableSource], list[Problem]]:
    """:func:`read_file` of a file on disk (a missing file is a problem, not a traceback)."""
    try:
        data = Path(path).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return [], [Problem(Path(path).name, None, "-", "data.p.file_missing", {"value": str(path)})]
    except OSError as exc:
        return [], [
            Problem(Path(path).name, None, "-", "data.p.unreadable", {"value": exc.strerror or str(exc)})
        ]
    return read_file(str(path), data)


def _read_csv(label: str, table: str, data: bytes) -> tuple[list[TableSource], list[Problem]]:
    encoding = _encoding(data)
    if encoding is None:
        return [], [Problem(label, None, "-", "data.p.encoding", {})]
    head = data[:65536].decode(encoding, errors="ignore")
    lines = [ln for ln in head.splitlines() if ln.strip()][:3]
    if not lines or not lines[0].strip():
        return [], [Problem(table, None, "-", "data.p.empty_file", {})]
    sep = _delimiter(lines[0])
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=sep))
    header = rows[0]
    n_header = 2 if len(rows) > 1 and _is_header(table, rows[1]) and _is_header(table, rows[0]) else 1
    names, ignored, problems = _columns(table, header)
    if not any(n for n in names if not n.startswith("_ignored")):
        return [], [Problem(table, 1, "-", "data.p.unreadable", {"value": ", ".join(map(str, header))[:80]})]
    if len(rows) <= n_header:
        return [], [*problems, Problem(table, None, "-", "data.p.no_rows", {})]

    def chunks() -> Iterator[pd.DataFrame]:
        reader = pd.read_csv(io.BytesIO(data), sep=sep, encoding=encoding, header=None, names=names,
                             skiprows=n_header, dtype=str, keep_default_na=False, na_values=[""],
                             chunksize=CHUNK_ROWS, skip_blank_lines=True, engine="c")  # fmt: skip
        for chunk in reader:
            yield chunk.drop(columns=[c for c in chunk.columns if c.startswith("_ignored")])

    return [TableSource(table, label, n_header + 1, chunks(), ignored)], problems


def _columns(table: str, header: list[object]) -> tuple[list[str], list[str], list[Problem]]:
    names, ignored, problems, seen = [], [], [], set()
    for i, cell in enumerate(header):
        col = column_of(table, cell)
        if col is None or col in seen:
            names.append(f"_ignored{i}")
            if str(cell if cell is not None else "").strip():
                ignored.append(str(cell))
                problems.append(Problem(table, None, str(cell), "data.p.unknown_column", {}, "warning"))
        else:
            seen.add(col)
            names.append(col)
    return names, ignored, problems


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    text = str(value)
    return text if text.strip() else None


def _read_xlsx(label: str, data: bytes) -> tuple[list[TableSource], list[Problem]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return [], [Problem(label, None, "-", "data.p.unreadable", {"value": type(exc).__name__})]
    except Exception as exc:  # noqa: BLE001 - openpyxl's own errors for a damaged workbook
        return [], [Problem(label, None, "-", "data.p.unreadable", {"value": type(exc).__name__})]
    sources: list[TableSource] = []
    problems: list[Problem] = []
    empty: list[Problem] = []  # sheets with a header only: left out when another sheet has rows
    try:
        for sheet in book.worksheets:
            if sheet.title.strip().lower() in NOT_TABLES:
                continue
            table = table_of(sheet.title)
            if table is None:
                problems.append(Problem(sheet.title, None, "-", "data.p.unknown_table",
                                        {"value": repr(sheet.title), "expected": ", ".join(FILE_TABLES)}, "warning"))  # fmt: skip
                continue
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            while rows and not any(_cell(v) for v in rows[-1]):
                rows.pop()
            if not rows:
                empty.append(Problem(table, None, "-", "data.p.no_rows", {}))
                continue
            n_header = 2 if len(rows) > 1 and _is_header(table, rows[0]) and _is_header(table, rows[1]) else 1
            names, ignored, found = _columns(table, rows[0])
            problems += found
            body = [[_cell(v) for v in r] + [None] * (len(names) - len(r)) for r in rows[n_header:]]
            if not body:
                empty.append(Problem(table, None, "-", "data.p.no_rows", {}))
                continue
            frame = pd.DataFrame([r[: len(names)] for r in body], columns=names, dtype=object)
            frame = frame.drop(columns=[c for c in names if c.startswith("_ignored")])
            sources.append(TableSource(table, f"{label}: {sheet.title}", n_header + 1, [frame], ignored))
    finally:
        book.close()
    if not sources:  # a workbook of empty sheets changes nothing: say so
        problems += empty
    if not sources and not any(p.severity == "error" for p in problems):
        problems.append(Problem(label, None, "-", "data.p.no_tables", {}))
    return sources, problems
