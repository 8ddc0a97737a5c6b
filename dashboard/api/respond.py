"""The API's answers: JSON (UTF-8, numbers as numbers) and CSV (UTF-8 with a BOM, for Excel
on Chinese Windows), each with the data version in ``X-Data-Version``; errors as JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Response

BOM = "\ufeff"
JSON_TYPE = "application/json; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"


def json_response(body: Mapping[str, Any], *, status: int = 200, version: str | None = None) -> Response:
    """``body`` as UTF-8 JSON (Chinese as it is, not escaped); NaN never appears (the rows have None)."""
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    response = Response(text, status=status, content_type=JSON_TYPE)
    if version is not None:
        response.headers["X-Data-Version"] = version
    return response


def csv_response(columns: Sequence[str], lines: Sequence[Sequence[object]], *, name: str,
                 version: str | None = None) -> Response:  # fmt: skip
    """A header row of ``columns`` and ``lines``, UTF-8 with a BOM, as a download named ``name``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(lines)
    response = Response((BOM + buf.getvalue()).encode("utf-8"), content_type=CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    if version is not None:
        response.headers["X-Data-Version"] = version
    return response


def error_response(body: Mapping[str, Any], status: int) -> Response:
    """An ``{"error": ...}`` answer."""
    return json_response(body, status=status)


__all__ = ["BOM", "csv_response", "error_response", "json_response"]
