"""A large layer's county table is paged: the grid asks for the rows in view (ag-grid's
infinite row model) instead of receiving every county on every change (issue 15: the
national layer sent 417 KB a change)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.ids import Map
from dashboard.infra.db import Database
from dashboard.views import InvalidSelection
from dashboard.views import map as view


@pytest.fixture()
def client(live_app):  # noqa: ANN001, ANN201
    c = live_app.server.test_client()
    c.get("/")
    c.environ_base["HTTP_X_CSRF_TOKEN"] = c.get_cookie("csrf_token").value
    return c


def _params(db: Database) -> view.MapParams:
    return view.parse_params("500000", {"site": "lung", "year": "2022"}, view.years_of(db, "500000"))


def test_only_large_layers_are_paged() -> None:
    assert view.is_paged("china")
    assert not view.is_paged("500000")


def test_a_page_is_sorted_as_asked_and_sliced(demo_settings, demo_db) -> None:  # noqa: ANN001
    p = _params(demo_db)
    page = view.table_page(demo_db, demo_settings, p, "zh",
                           {"startRow": 0, "endRow": 10, "sortModel": [{"colId": "rate", "sort": "desc"}]})  # fmt: skip
    assert page["rowCount"] == 38 and len(page["rowData"]) == 10
    rates = [r["rate"] for r in page["rowData"]]
    assert rates == sorted(rates, reverse=True)
    rest = view.table_page(demo_db, demo_settings, p, "zh",
                           {"startRow": 30, "endRow": 40, "sortModel": [{"colId": "rate", "sort": "desc"}]})  # fmt: skip
    assert len(rest["rowData"]) == 8
    assert (
        all(r.get("rate") is None for r in rest["rowData"][-1:]) or rest["rowData"][-1]["rate"] <= rates[-1]
    )
    whole, _ = view.table_view(demo_db, demo_settings, p, "zh")  # not paged: every row
    assert {r["area"] for r in whole} == {r["area"] for r in view.table_page(
        demo_db, demo_settings, p, "zh", {"startRow": 0, "endRow": 100})["rowData"]}  # fmt: skip


def test_a_bad_page_request_is_refused(demo_settings, demo_db) -> None:  # noqa: ANN001
    with pytest.raises(InvalidSelection):
        view.table_page(demo_db, demo_settings, _params(demo_db), "zh", {"startRow": "x"})
    with pytest.raises(InvalidSelection):
        view.table_page(demo_db, demo_settings, _params(demo_db), "zh", {"sortModel": [["rate"]]})


def test_the_grid_gets_its_block_through_a_callback(client) -> None:  # noqa: ANN001
    controls = ["incidence", "lung", "T", "asr_china", "2022", "quantile", 5]
    body: dict[str, Any] = {
        "output": f"{Map.TABLE}.getRowsResponse",
        "outputs": {"id": Map.TABLE, "property": "getRowsResponse"},
        "inputs": [{"id": Map.TABLE, "property": "getRowsRequest",
                    "value": {"startRow": 0, "endRow": 20, "sortModel": []}}],
        "changedPropIds": [f"{Map.TABLE}.getRowsRequest"],
        "state": [{"id": c, "property": "value", "value": v} for c, v in
                  zip((Map.MEASURE, Map.SITE, Map.SEX, Map.RATE, Map.YEAR, Map.METHOD, Map.CLASSES), controls,
                      strict=True)]
                 + [{"id": Map.STATE, "property": "data", "value": {"area": "500000", "breaks": []}}],
    }  # fmt: skip
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:300]
    block = json.loads(r.data)["response"][Map.TABLE]["getRowsResponse"]
    assert block["rowCount"] == 38 and len(block["rowData"]) == 20
