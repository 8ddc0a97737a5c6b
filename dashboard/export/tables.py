"""Table downloads that stand alone: one writer for every page's CSV and XLSX.

A page's view makes a :class:`TableExport` — the frame exactly as shown (headers in
the page's language with units, numbers at display precision, small counts masked)
and an *about* block (title, area, period, source, definition, suppression note,
demonstration label). This module writes it:

- :func:`csv_bytes`: UTF-8 with a BOM (Excel on Chinese Windows reads it without
  mojibake); the about block first as ``label,text`` lines, one empty line, then the
  table. :func:`table_lines` reads such a file back.
- :func:`xlsx_bytes`: an XLSX workbook (XlsxWriter) with the table on its first sheet
  (header frozen, autofilter) and the about block on a second sheet; numbers stay
  numbers, masked cells keep their text ("<6", "—").
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.catalogue.indicators import Indicator
from dashboard.i18n import pick, t

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, eq=False)
class TableExport:
    """A table ready to be written: the frame as shown, its file name stem and its about block."""

    frame: pd.DataFrame
    stem: str  #: file name without extension
    title: str
    about: tuple[tuple[str, str], ...]  #: (label, text) pairs in the page's language
    lang: str = "zh"

    def filename(self, kind: str) -> str:
        return f"{self.stem}.{kind}"


def about_block(
    lang: str,
    *,
    title: str,
    area: str,
    period: str = "",
    source: str = "",
    definition: str = "",
    suppression: str = "",
    demo: bool = False,
    extra: Iterable[tuple[str, str]] = (),
) -> tuple[tuple[str, str], ...]:
    """The about block in ``lang``: every row that has a text, in a fixed order."""
    rows = [
        ("title", title),
        ("area", area),
        ("period", period),
        ("source", source),
        ("definition", definition),
        ("suppression", suppression),
    ]
    out = [(t(f"export.about.{key}", lang), text) for key, text in rows if text]
    out.extend((label, text) for label, text in extra if text)
    out.append(
        (t("export.about.data", lang), t("demo.notice", lang) if demo else t("export.about.real", lang))
    )
    return tuple(out)


def indicator_definition(ind: Indicator, lang: str) -> tuple[str, str]:
    """(definition, source) of an indicator in ``lang``: "numerator ÷ denominator" or the reported value."""
    num, source = pick(ind.numerator_zh, ind.numerator_en, lang), pick(ind.source_zh, ind.source_en, lang)
    if ind.kind in ("reported", "count"):
        return t("export.about.reported", lang, num=num), source
    return f"{num} ÷ {pick(ind.denominator_zh, ind.denominator_en, lang)}", source


def _cell(value: object) -> object:
    """A value for a writer: missing values empty, whole floats as ints, numpy scalars as Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def _rows(frame: pd.DataFrame) -> list[list[object]]:
    return [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def csv_bytes(table: TableExport) -> bytes:
    """The table as CSV: BOM, the about block, an empty line, the header and the rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for label, text in table.about:
        writer.writerow([label, text])
    writer.writerow([])
    writer.writerow([str(c) for c in table.frame.columns])
    writer.writerows(_rows(table.frame))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def table_lines(text: str) -> list[str]:
    """The table part of an exported CSV text (after the about block and its empty line)."""
    lines = text.lstrip("\ufeff").splitlines()
    return lines[lines.index("") + 1 :] if "" in lines else lines


def _width(values: Iterable[object]) -> float:
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(v)) for v in values), default=8)
    return float(min(max(longest + 2, 8), 60))


def xlsx_bytes(table: TableExport) -> bytes:
    """The table as an XLSX workbook: data on the first sheet, the about block on the second."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_numbers": False, "nan_inf_to_errors": True}
    )
    book.set_properties({"title": table.title, "comments": "; ".join(f"{k}: {v}" for k, v in table.about)})
    head = book.add_format(
        {"bold": True, "bg_color": "#eeeeee", "text_wrap": True, "valign": "top", "border": 1}
    )
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    data = book.add_worksheet(t("export.sheet.data", table.lang))
    rows = _rows(table.frame)
    columns = [str(c) for c in table.frame.columns]
    for j, name in enumerate(columns):
        data.write_string(0, j, name, head)
        data.set_column(j, j, _width([name, *(r[j] for r in rows)]))
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if isinstance(value, bool):
                data.write_boolean(i, j, value)
            elif isinstance(value, int | float):
                data.write_number(i, j, value)
            elif value != "":
                data.write_string(i, j, str(value))
    if columns:
        data.freeze_panes(1, 0)
        data.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    about = book.add_worksheet(t("export.sheet.about", table.lang))
    about.set_column(0, 0, 16)
    about.set_column(1, 1, 90)
    for i, (label, text) in enumerate(table.about):
        about.write_string(i, 0, label, head)
        about.write_string(i, 1, text, wrap)
    book.close()
    return out.getvalue()


def export_bytes(table: TableExport, kind: str) -> tuple[bytes, str, str]:
    """(content, file name, MIME type) of ``table`` as ``kind`` "csv" or "xlsx"."""
    if kind == "xlsx":
        return xlsx_bytes(table), table.filename("xlsx"), XLSX_MIME
    return csv_bytes(table), table.filename("csv"), CSV_MIME
