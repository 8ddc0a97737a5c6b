"""Forged callback requests never make the server fail (issue 15: 35 × 500 before).

Every server-side callback of the app is sent hand-built POSTs to
``/_dash-update-component`` whose inputs and states carry values no control can
produce: an unknown area, None, lists, dicts, huge numbers, markup. The answer
must be an ordinary one (200 with outputs, 204 "no update") or a 400, never a
500 with a traceback.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

BAD_VALUES: list[Any] = ["999999", None, [], {}, ["500000", "360400"], {"area": "999999"}, 10**18, -1,
                         "<script>alert(1)</script>", "2025-2021", {"area": ["x"], "breaks": "a,b"}]  # fmt: skip


def _client(app: Any) -> Any:
    """A client as a browser is: a session and its CSRF token in the header (csrf.js)."""
    c = app.server.test_client()
    c.get("/")  # also makes Dash Pages register its router callback
    c.environ_base["HTTP_X_CSRF_TOKEN"] = c.get_cookie("csrf_token").value
    return c


def _outputs(key: str) -> list[dict[str, str]]:
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]


def _server_callbacks(app: Any) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for key, spec in app.callback_map.items():
        if "callback" not in spec or "{" in key:
            continue  # clientside, or pattern-matching ids (the shell's area links)
        if any(not isinstance(i["id"], str) for i in spec["inputs"] + spec.get("state", [])):
            continue
        out.append((key, spec))
    return out


def _body(key: str, spec: dict[str, Any], value: Any) -> dict[str, Any]:
    outs = _outputs(key)
    inputs = [{"id": i["id"], "property": i["property"], "value": value} for i in spec["inputs"]]
    return {
        "output": key,
        "outputs": outs if key.startswith("..") else outs[0],
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": [{"id": s["id"], "property": s["property"], "value": value} for s in spec.get("state", [])],
    }


def test_there_are_callbacks_to_forge(live_app) -> None:  # noqa: ANN001
    assert len(_server_callbacks(live_app)) >= 20


@pytest.mark.parametrize("value", BAD_VALUES, ids=[json.dumps(v)[:24] for v in BAD_VALUES])
def test_no_forged_callback_request_fails_the_server(live_app, value: Any) -> None:  # noqa: ANN001
    client = _client(live_app)
    failures = []
    for key, spec in _server_callbacks(live_app):
        r = client.post("/_dash-update-component", json=_body(key, spec, value))
        if r.status_code not in (200, 204, 400):
            failures.append(f"{key} -> {r.status_code}")
        elif r.status_code == 200:
            json.loads(r.data)  # an ordinary Dash answer
    assert failures == []


def test_a_forged_area_is_refused_with_its_reason(live_app) -> None:  # noqa: ANN001
    client = _client(live_app)
    key, spec = next((k, s) for k, s in _server_callbacks(live_app) if "map-graph.figure" in k)
    body = _body(key, spec, None)
    body["state"] = [{"id": s["id"], "property": s["property"], "value": {"area": "330200", "breaks": []}}
                     for s in spec["state"]]  # fmt: skip
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 400
    assert b"330200" in r.data and b"not a plan area" in r.data


def _render(client: Any, app: Any, path: str, search: str) -> Any:
    key = next(k for k in app.callback_map if "_pages_content.children" in k)
    spec = app.callback_map[key]
    values = {"pathname": path, "search": search, "hash": ""}
    body = _body(key, spec, None)
    body["inputs"] = [{**i, "value": values.get(i["property"])} for i in body["inputs"]]
    body["state"] = [{**s, "value": values.get(s["property"])} for s in body["state"]]
    return client.post("/_dash-update-component", json=body)


@pytest.mark.parametrize(
    ("path", "search"),
    [
        ("/", "?area=500000&area=360400"),
        ("/map", "?area=500000&area=360400"),
        ("/targets", "?area=500000&indicator=foo"),
        ("/map", "?area=500000&classify=plan&breaks=1,2,3,4,5,6,7"),
        ("/screening", "?area=500000&programme=prostate&year=x"),
        ("/county", "?area=500000&county=999999"),
        ("/methods", "?area=500000&area=1"),
    ],
)
def test_odd_links_render_a_page_not_an_error(live_app, path: str, search: str) -> None:  # noqa: ANN001
    r = _render(_client(live_app), live_app, path, search)
    assert r.status_code == 200, r.data[:300]
    assert b"Traceback" not in r.data
