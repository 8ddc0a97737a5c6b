"""The /map page through Flask's test client: the first render carries the boundaries once,
a value update carries none and stays small, table/CSV/detail apply suppression."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dashboard.ids import Map

CONTROLS = (Map.MEASURE, Map.SITE, Map.SEX, Map.RATE, Map.YEAR, Map.METHOD, Map.CLASSES)


def _values(measure="incidence", site="all", sex="T", rate="asr_china", year="2025", method="quantile", k=5):  # noqa: ANN001, ANN202
    return [measure, site, sex, rate, year, method, k]


def post_callback(client: Any, outputs: list[tuple[str, str]], inputs: list[tuple[str, str, Any]],
                  state: list[tuple[str, str, Any]], changed: str) -> tuple[dict, int]:  # fmt: skip
    """POST /_dash-update-component as the browser does; (response JSON, bytes)."""
    if len(outputs) == 1:
        out = f"{outputs[0][0]}.{outputs[0][1]}"
        outs: Any = {"id": outputs[0][0], "property": outputs[0][1]}
    else:
        out = ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
        outs = [{"id": i, "property": p} for i, p in outputs]
    body = {
        "output": out,
        "outputs": outs,
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [changed],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:500]
    return json.loads(r.data), len(r.data)


def _controls(values: list[Any]) -> list[tuple[str, str, Any]]:
    return [(c, "value", v) for c, v in zip(CONTROLS, values, strict=True)]


@pytest.fixture()
def client(live_app):  # noqa: ANN001, ANN201
    return live_app.server.test_client()


def test_first_render_has_boundaries_and_coloured_values(live_app, demo_db) -> None:  # noqa: ANN001
    from layouts.map import layout

    with live_app.server.test_request_context("/map"):
        page = layout(area="500000", site="lung", year="2022")
        text = json.dumps(page.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert text.count('"coordinates"') == 38  # the geometry, once
    graph = _find(page, Map.GRAPH)
    trace = graph.figure["data"][0]
    assert trace["type"] == "choropleth" and len(trace["locations"]) == 38
    assert any(z > 0 for z in trace["z"])
    assert len(trace["customdata"]) == 38


def test_unknown_area_is_refused(live_app) -> None:  # noqa: ANN001
    from layouts.map import layout

    with live_app.server.test_request_context("/map"):
        page = layout(area="999999")
    assert "999999" in json.dumps(page.to_plotly_json(), default=lambda o: o.to_plotly_json())


def test_value_update_is_small_and_has_no_geometry(client) -> None:  # noqa: ANN001
    for vals in (_values(year="2022"), _values(site="lung", sex="M", rate="crude"),
                 _values(measure="mortality", year="2021-2025", method="jenks", k=7)):  # fmt: skip
        resp, size = post_callback(client, [(Map.VALUES, "data")], _controls(vals),
                                   [(Map.STATE, "data", {"area": "500000", "breaks": []})], f"{Map.YEAR}.value")  # fmt: skip
        assert size <= 2048, size
        assert b"coordinates" not in json.dumps(resp).encode()
        store = resp["response"][Map.VALUES]["data"]
        assert len(store["trace"]["z"]) == 38
        assert store["trace"]["colorbar"]["tickvals"][0] == 0


def test_table_masks_small_counts_and_suppressed_rates(client, live_app) -> None:  # noqa: ANN001
    vals = _values(site="thyroid", sex="M", year="2016")
    state = {"area": "500000", "breaks": []}
    resp, _ = post_callback(
        client, [(Map.TABLE_ROWS, "data"), (Map.TABLE, "columnDefs"), (Map.TABLE_KEY, "data")],
        _controls(vals), [(Map.STATE, "data", state), (Map.TABLE_KEY, "data", "")], f"{Map.SITE}.value",
    )  # fmt: skip
    rows = resp["response"][Map.TABLE_ROWS]["data"]
    key = resp["response"][Map.TABLE_KEY]["data"]
    bars_resp, _ = post_callback(
        client, [(Map.BARS, "figure"), (Map.SUMMARY, "children")], [(Map.GRID_DONE, "data", key)],
        [*_controls(vals), (Map.STATE, "data", state)], f"{Map.GRID_DONE}.data",
    )  # fmt: skip
    assert len(rows) == 38
    limit = live_app.server.config["DASHBOARD_SETTINGS"].small_cell_limit
    threshold = live_app.server.config["DASHBOARD_SETTINGS"].suppress_rate_below
    suppressed = [r for r in rows if "rate" not in r]
    assert suppressed, "thyroid in men in one county-year is rare: some rates are suppressed"
    for r in rows:
        assert "cases" not in r or not 1 <= r["cases"] <= limit
        if "rate" in r:
            assert r["cases"] >= threshold and r["lower"] <= r["rate"] <= r["upper"]
        else:
            assert r["note"]
    bars = bars_resp["response"][Map.BARS]["figure"]["data"][0]
    assert len(bars["x"]) == 38 - len(suppressed)


def test_csv_applies_the_same_suppression(client, live_app) -> None:  # noqa: ANN001
    vals = _values(site="thyroid", sex="M", year="2016")
    resp, _ = post_callback(client, [(Map.DOWNLOAD, "data")], [(Map.CSV_BUTTON, "n_clicks", 1)],
                            [*[(c, "value", v) for c, v in zip(CONTROLS, vals, strict=True)],
                             (Map.STATE, "data", {"area": "500000", "breaks": []})], f"{Map.CSV_BUTTON}.n_clicks")  # fmt: skip
    dl = resp["response"][Map.DOWNLOAD]["data"]
    assert dl["filename"].endswith("-500000-incidence-thyroid-M-asr_china-2016.csv")
    lines = dl["content"].lstrip("\ufeff").splitlines()
    head = lines[0].split(",")
    assert head[:3] == ["adcode", "name", "measure"]
    cases = [line.split(",")[head.index("cases")] for line in lines[1:-1]]
    assert all(c in ("<6", "—", "0") or int(c) > 5 for c in cases)
    assert cases.count("<6") != 1 or cases.count("—") == 1, "a lone small count has a complementary cell"
    assert len(lines) == 1 + 38 + 1


def test_county_detail_opens_with_trend_and_quality(client) -> None:  # noqa: ANN001
    resp, _ = post_callback(
        client, [(Map.DETAIL, "is_open"), (Map.DETAIL, "title"), (Map.DETAIL_BODY, "children")],
        [(Map.COUNTY, "data", "500106")],
        [*[(c, "value", v) for c, v in zip(CONTROLS, _values(), strict=True)],
         (Map.STATE, "data", {"area": "500000", "breaks": []})], f"{Map.COUNTY}.data",
    )  # fmt: skip
    out = resp["response"]
    assert out[Map.DETAIL]["is_open"] is True
    assert "500106" in out[Map.DETAIL]["title"]
    body = json.dumps(out[Map.DETAIL_BODY]["children"], ensure_ascii=False)
    assert "APC" in body and "MV%" in body and "2015" in body


def _find(component: Any, cid: str) -> Any:
    if getattr(component, "id", None) == cid:
        return component
    children = getattr(component, "children", None)
    if children is None:
        return None
    for child in children if isinstance(children, list | tuple) else [children]:
        hit = _find(child, cid) if hasattr(child, "to_plotly_json") else None
        if hit is not None:
            return hit
    return None
