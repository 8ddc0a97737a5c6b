"""The /map page through Flask's test client: the first render carries the boundaries once,
a value update carries none and stays small, table/CSV/detail apply suppression."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from components.ids import Map
from dashboard.export.tables import table_lines

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
    c = live_app.server.test_client()
    c.get("/")  # the session's CSRF token, sent back as the browser's csrf.js does
    c.environ_base["HTTP_X_CSRF_TOKEN"] = c.get_cookie("csrf_token").value
    return c


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


CHANGE = list(Map.CHANGE)
STATE = {"area": "500000", "breaks": []}


def _patched(patch: dict[str, Any]) -> dict[str, Any]:
    """What a figure Patch assigns, by path ("data.0.z", ...)."""
    assert patch["__dash_patch_update"] == "__dash_patch_update"
    return {".".join(str(x) for x in op["location"]): op["params"]["value"] for op in patch["operations"]}


def _change(
    client: Any,
    vals: list[Any],
    shown_key: str = "",
    state: dict | None = None,  # noqa: ANN401
    map_key: str = "",
) -> dict:
    resp, _ = post_callback(client, CHANGE, _controls(vals),
                            [(Map.STATE, "data", state or STATE), (Map.MAP_KEY, "data", map_key),
                             (Map.TABLE_KEY, "data", shown_key)],
                            f"{Map.YEAR}.value")  # fmt: skip
    return resp["response"]


def test_a_change_is_one_small_request_without_geometry(client) -> None:  # noqa: ANN001
    """A changed choice is ONE request: the map's values as a Patch of its figure (≤ 2 KB on
    the wire, tooltips with each rank's interval included) and the table's rows; the
    boundaries are never sent again; the whole answer stays a few KB."""
    import brotli

    for vals in (_values(year="2022"), _values(site="lung", sex="M", rate="crude"),
                 _values(measure="mortality", year="2021-2025", method="jenks", k=7)):  # fmt: skip
        body = {"output": ".." + "...".join(f"{i}.{p}" for i, p in CHANGE) + "..",
                "outputs": [{"id": i, "property": p} for i, p in CHANGE],
                "inputs": [{"id": c, "property": p, "value": v} for c, p, v in _controls(vals)],
                "changedPropIds": [f"{Map.YEAR}.value"],
                "state": [{"id": Map.STATE, "property": "data", "value": STATE},
                          {"id": Map.MAP_KEY, "property": "data", "value": ""},
                          {"id": Map.TABLE_KEY, "property": "data", "value": ""}]}  # fmt: skip
        wire = client.post("/_dash-update-component", headers={"Accept-Encoding": "br, gzip"}, json=body)
        assert wire.headers.get("Content-Encoding") in ("br", "gzip")
        assert len(wire.data) <= 6144, len(wire.data)
        resp = _change(client, vals)
        assert b"coordinates" not in json.dumps(resp).encode()
        patch = resp[Map.GRAPH]["figure"]
        assert len(brotli.compress(json.dumps(patch).encode(), quality=5)) <= 2048
        values = _patched(patch)
        assert len(values["data.0.z"]) == 38 and len(values["data.0.customdata"]) == 38
        assert values["data.0.colorbar"]["tickvals"][0] == 0 and values["layout.title.text"]
        assert len(resp[Map.TABLE_ROWS]["data"]) == 38 and resp[Map.TABLE_KEY]["data"].startswith("500000|")
    # the rows' columns travel only when the measure or the rate changes them
    key = _change(client, _values(year="2022"))[Map.TABLE_KEY]["data"]
    assert _change(client, _values(year="2021"), shown_key=key)[Map.TABLE_COLUMNS]["data"] is None
    assert _change(client, _values(year="2021", rate="crude"), shown_key=key)[Map.TABLE_COLUMNS]["data"]


def test_the_selection_on_screen_sends_nothing(client) -> None:  # noqa: ANN001
    """Nothing is sent for the values the map already shows, whatever the table shows (on the
    national layer the table's key lags behind the map's while its rows are on the way)."""
    resp = _change(client, _values(year="2022"))
    key = resp[Map.MAP_KEY]["data"]
    assert key == resp[Map.TABLE_KEY]["data"]

    def ask(map_key: str, table_key: str) -> int:
        return client.post("/_dash-update-component", json={
            "output": ".." + "...".join(f"{i}.{p}" for i, p in CHANGE) + "..",
            "outputs": [{"id": i, "property": p} for i, p in CHANGE],
            "inputs": [{"id": c, "property": p, "value": v} for c, p, v in _controls(_values(year="2022"))],
            "changedPropIds": [f"{Map.YEAR}.value"],
            "state": [{"id": Map.STATE, "property": "data", "value": STATE},
                      {"id": Map.MAP_KEY, "property": "data", "value": map_key},
                      {"id": Map.TABLE_KEY, "property": "data", "value": table_key}]}).status_code  # fmt: skip

    assert ask(key, key) == 204
    assert ask(key, "") == 204  # the map shows it; the table's rows are still on their way
    other = key.replace("2022", "2021")
    assert ask(other, key) == 200  # back to the table's selection while the map shows another


def test_table_masks_small_counts_and_suppressed_rates(client, live_app) -> None:  # noqa: ANN001
    vals = _values(site="thyroid", sex="M", year="2016")
    state = {"area": "500000", "breaks": []}
    resp = _change(client, vals, state=state)
    rows = resp[Map.TABLE_ROWS]["data"]
    key = resp[Map.TABLE_KEY]["data"]
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
    # every shown rate's rank carries its 95% interval (issue 13); suppressed ones are not ranked
    shown = [r for r in rows if "rate" in r]
    assert all(r["rank_lo"] <= r["rank"] <= r["rank_hi"] <= len(shown) for r in shown)
    assert all("rank" not in r and "rank_lo" not in r for r in suppressed)
    assert any(r["rank_hi"] > r["rank_lo"] for r in shown), "county rates overlap: some ranks are uncertain"
    assert all("位（" in y for y in bars["y"])  # the bars name each county's rank and interval


def _download_text(dl: dict) -> str:
    """The text of a dcc.Download answer (bytes are sent base64-encoded)."""
    return base64.b64decode(dl["content"]).decode("utf-8") if dl.get("base64") else dl["content"]


def test_csv_applies_the_same_suppression(client, live_app) -> None:  # noqa: ANN001
    vals = _values(site="thyroid", sex="M", year="2016")
    resp, _ = post_callback(client, [(Map.DOWNLOAD, "data")], [(Map.CSV_BUTTON, "n_clicks", 1), (Map.XLSX_BUTTON, "n_clicks", None)],
                            [*[(c, "value", v) for c, v in zip(CONTROLS, vals, strict=True)],
                             (Map.STATE, "data", {"area": "500000", "breaks": []})], f"{Map.CSV_BUTTON}.n_clicks")  # fmt: skip
    dl = resp["response"][Map.DOWNLOAD]["data"]
    assert dl["filename"].endswith("-500000-incidence-thyroid-M-asr_china-2016.csv")
    text = _download_text(dl)
    assert text.startswith("\ufeff标题,")  # the about block comes first (issue 14)
    lines = table_lines(text)
    head = lines[0].split(",")
    assert head[:2] == ["区县", "代码"] and "机器代码：measure" in head  # words first, codes follow
    cases = [line.split(",")[head.index("发病数")] for line in lines[1:-1]]
    notes = [line.split(",")[head.index("说明")] for line in lines[1:-1]]
    assert all(c in ("", "0") or int(c) > 5 for c in cases)
    assert all(n == "为保护小数值而隐藏" for c, n in zip(cases, notes, strict=True) if c == "")
    assert "" in cases and "<6" not in text  # hidden counts: empty, with the one neutral reason
    assert len(lines) == 1 + 38 + 1
    lo, hi, rank = head.index("排名95%区间下限"), head.index("排名95%区间上限"), head.index("排名")
    ranked = [line.split(",") for line in lines[1:-1] if line.split(",")[rank]]
    assert ranked and all(int(r[lo]) <= int(r[rank]) <= int(r[hi]) for r in ranked)


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
    assert "个" in body and "位（" in body  # "第3位（1–7），共38个": the rank with its interval


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


# ---------------------------------------------------------------------------------------
# An area without registry data: a calm notice, and callbacks that answer without raising


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory):  # noqa: ANN001, ANN201
    """A database with areas and plans but no registry rows (as after a fresh install)."""
    from dashboard.infra.bootstrap import prepare_database
    from dashboard.infra.config import Settings

    root = tmp_path_factory.mktemp("empty")
    settings = Settings().with_(database_url=f"sqlite:///{root / 'empty.sqlite'}", cache_dir=str(root / "cache"),
                                demo_data=False)  # fmt: skip
    return settings, prepare_database(settings)


def test_view_of_an_area_without_registry_data_is_empty_not_broken(empty_db) -> None:  # noqa: ANN001
    from dashboard.i18n import t
    from dashboard.views import map as view

    settings, db = empty_db
    assert view.years_of(db, "500000") == []
    assert view.first_render(db, settings, "500000", {"year": "2022", "site": "lung"}, "zh") is None
    p = view.params_from_controls(db, {"area": "500000", "breaks": []}, _values())
    assert not p.has_data
    assert view.values_store(db, settings, p, "zh") == {"key": p.key}  # no trace: the map is left alone
    rows, columns = view.table_view(db, settings, p, "en")
    assert rows == [] and columns[0]["headerName"] == "County"
    bars, summary = view.bars_view(db, settings, p, "zh")
    assert bars["data"] == [] and summary == [t("map.no_data", "zh")]
    name, text = view.csv_export(db, settings, p, "en")
    lines = text.splitlines()
    assert name.endswith(".csv") and lines[0].startswith("adcode,name,measure") and len(lines) == 2
    assert view.county_detail(db, settings, p, "500106", "zh") is None


def test_page_of_an_area_without_registry_data_names_the_tables(
    live_app, empty_db, monkeypatch, client
) -> None:  # noqa: ANN001
    import importlib

    settings, db = empty_db
    page_module = importlib.import_module("layouts.map")  # as Dash Pages registered it
    for name in ("layouts.map", "layouts._common", "callbacks.map"):
        monkeypatch.setattr(importlib.import_module(name), "current_db", lambda: db)
        monkeypatch.setattr(importlib.import_module(name), "current_settings", lambda: settings)
    with live_app.server.test_request_context("/map"):
        page = page_module.layout(area="500000", site="lung", year="2022")
    text = json.dumps(page.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert "no-data-notice" in text and "registry_counts" in text and "population" in text
    assert Map.GRAPH not in text and '"coordinates"' not in text

    # the callbacks answer (no server error) even if asked about such an area
    state = (Map.STATE, "data", {"area": "500000", "breaks": []})
    resp = _change(client, _values(), state=state[2])
    assert Map.GRAPH not in resp  # no values: the map is left alone
    key = resp[Map.TABLE_KEY]["data"]
    assert resp[Map.TABLE_ROWS]["data"] == []
    resp, _ = post_callback(client, [(Map.BARS, "figure"), (Map.SUMMARY, "children")], [(Map.GRID_DONE, "data", key)],
                            [*_controls(_values()), state], f"{Map.GRID_DONE}.data")  # fmt: skip
    assert resp["response"][Map.BARS]["figure"]["data"] == []
    resp, _ = post_callback(client, [(Map.DOWNLOAD, "data")], [(Map.CSV_BUTTON, "n_clicks", 1), (Map.XLSX_BUTTON, "n_clicks", None)],
                            [*_controls(_values()), state], f"{Map.CSV_BUTTON}.n_clicks")  # fmt: skip
    assert table_lines(_download_text(resp["response"][Map.DOWNLOAD]["data"]))[0].startswith("区县,代码,")
    r = client.post("/_dash-update-component", json={
        "output": f"..{Map.DETAIL}.is_open...{Map.DETAIL}.title...{Map.DETAIL_BODY}.children..",
        "outputs": [{"id": Map.DETAIL, "property": "is_open"}, {"id": Map.DETAIL, "property": "title"},
                    {"id": Map.DETAIL_BODY, "property": "children"}],
        "inputs": [{"id": Map.COUNTY, "property": "data", "value": "500106"}],
        "changedPropIds": [f"{Map.COUNTY}.data"],
        "state": [{"id": c, "property": "value", "value": v} for c, v in zip(CONTROLS, _values(), strict=True)]
                 + [{"id": Map.STATE, "property": "data", "value": state[2]}],
    })  # fmt: skip
    assert r.status_code in (200, 204)  # nothing to open: no update, no error


def test_plan_classes_only_from_a_plan_file(demo_settings, demo_db, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from dashboard.infra.bootstrap import prepare_database
    from dashboard.queries import areas
    from dashboard.views import map as view

    # the shipped plans set no map classes: "plan" is not offered, and a URL asking for it
    # gets the default classes
    page = view.first_render(demo_db, demo_settings, "500000", {"classify": "plan"}, "en")
    assert "plan" not in [o["value"] for o in page.controls["classify"].options]
    assert page.params.method == "quantile"
    # a plan file with legends (the test plan of Changsha): stored with the plan, read back
    from tests.area_data import PLANS_DIR

    settings = demo_settings.with_(database_url=f"sqlite:///{tmp_path / 'p.sqlite'}", cache_dir=str(tmp_path / "c"),
                                   demo_data=False, plans_dir=str(PLANS_DIR))  # fmt: skip
    db = prepare_database(settings)
    legends = areas.plan_legends(db, "430100")
    assert legends["incidence"]["rate"] == "asr_china" and legends["incidence"]["thresholds"] == [
        150,
        200,
        250,
    ]
    assert areas.plan_legends(db, "510000") == {}
    # the map uses them for its measure and rate, and says so
    fake = {"incidence": {"rate": "asr_china", "bands": [], "thresholds": [200.0, 300.0, 400.0]}}
    monkeypatch.setattr(view, "plan_legends", lambda _db, _area: fake)
    page = view.first_render(demo_db, demo_settings, "500000", {"classify": "plan", "year": "2022"}, "en")
    assert "plan" in [o["value"] for o in page.controls["classify"].options] and page.params.method == "plan"
    assert any("plan file's breaks 200, 300, 400" in s for s in page.summary)
    _table, classes = view._classified(demo_db, demo_settings, page.params)
    assert classes.breaks == (200.0, 300.0, 400.0)
    crude = view.parse_params("500000", {"classify": "plan", "rate": "crude", "year": "2022"}, [2022])
    assert view.plan_legend(demo_db, crude) is None  # bands for another rate do not apply
    _bars, summary = view.bars_view(demo_db, demo_settings, crude, "zh")
    assert any("规划文件未给出" in s for s in summary)


def test_the_national_table_sends_the_highest_ranked_counties_only() -> None:
    """National layer (more counties than FULL_HOVER_MAX): a change sends the rows in view
    (the TABLE_MAX_ROWS highest ranked), not 2,875; an area's table keeps every county."""
    from dashboard.figures.rate_map import FULL_HOVER_MAX
    from dashboard.views.map import TABLE_MAX_ROWS, rows_in_view

    rows = [{"area": f"{i:06d}", "rank": 3000 - i} for i in range(2875)]
    rows += [{"area": "999998", "cases_text": "hidden"}]  # hidden: no rank
    got = rows_in_view(rows)
    assert len(got) == TABLE_MAX_ROWS
    assert [r["rank"] for r in got] == sorted(r["rank"] for r in got) and got[0]["rank"] == 126
    area = rows[:FULL_HOVER_MAX]
    assert rows_in_view(area) is area


def test_the_national_map_does_not_wait_for_its_table(client, live_app) -> None:  # noqa: ANN001
    """On the national layer (2,875 counties) a change answers with the map's Patch alone and
    names the selection whose table follows; the table's own request then sends its rows."""
    state = {"area": "china", "breaks": []}
    vals = _values(year="2024")
    resp = _change(client, vals, state=state)
    key = resp[Map.TABLE_WANTED]["data"]
    assert key.startswith("china|") and Map.TABLE_ROWS not in resp
    assert len(_patched(resp[Map.GRAPH]["figure"])["data.0.z"]) == 2875
    output = next(
        k for k, v in live_app.callback_map.items() if any(i["id"] == Map.TABLE_WANTED for i in v["inputs"])
    )
    parts = output.strip(".").split("...")
    body = {"output": output,
            "outputs": [{"id": x.rsplit(".", 1)[0], "property": x.rsplit(".", 1)[1]} for x in parts],
            "inputs": [{"id": Map.TABLE_WANTED, "property": "data", "value": key}],
            "changedPropIds": [f"{Map.TABLE_WANTED}.data"],
            "state": [*({"id": c, "property": p, "value": v} for c, p, v in _controls(vals)),
                      {"id": Map.STATE, "property": "data", "value": state},
                      {"id": Map.TABLE_KEY, "property": "data", "value": ""}]}  # fmt: skip
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:300]
    table = json.loads(r.data)["response"]
    assert table[Map.TABLE_KEY]["data"] == key
    assert 0 < len(table[Map.TABLE_ROWS]["data"]) <= 200 and table[Map.TABLE_COLUMNS]["data"]
    body["inputs"][0]["value"] = key.replace("2024", "2025")  # a choice made since: nothing to send
    assert client.post("/_dash-update-component", json=body).status_code == 204
