"""What the browser is sent, and in which order (issue 15): compressed, cached where it may
be, the map first. The speed itself is measured by benchmarks/bench_wire.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from components.ids import Map

ROOT = Path(__file__).resolve().parent.parent
#: A sibling combinator whose right side is any element ("legend+*", "a ~ *"): with one,
#: Chromium restyles the whole page whenever an element is inserted at the top of <body>,
#: as every dropdown does on opening and closing.
UNIVERSAL_SIBLING = re.compile(r"[+~]\s*\*\s*[{,]")


def test_no_stylesheet_restyles_the_whole_page_on_a_dropdown() -> None:
    sheets = sorted((ROOT / "assets").rglob("*.css"))
    assert any(p.name == "bootstrap.min.css" for p in sheets)
    offending = {p.name: UNIVERSAL_SIBLING.findall(p.read_text(encoding="utf-8")) for p in sheets}
    assert {k: v for k, v in offending.items() if v} == {}
    assert UNIVERSAL_SIBLING.search("legend+*{clear:left}")  # the pattern finds what it is for


@pytest.fixture()
def client(live_app: Any) -> Any:
    return live_app.server.test_client()


def test_the_favicon_is_kept_by_the_browser(client: Any) -> None:
    r = client.get("/_favicon.ico?v=1")
    assert r.status_code == 200
    assert "max-age=31536000" in r.headers["Cache-Control"]


@pytest.mark.parametrize("path", ["/assets/_vendor/plotly-custom.min.js", "/assets/_vendor/bootstrap.min.css",
                                  "/map?area=500000"])  # fmt: skip
def test_text_is_compressed(client: Any, path: str) -> None:
    r = client.get(path, headers={"Accept-Encoding": "br, gzip"})
    assert r.status_code == 200 and r.headers.get("Content-Encoding") == "br"


def _components(node: Any) -> Any:
    """Every component of a layout, depth first."""
    if isinstance(node, dict) and "props" in node:
        yield node
        node = node["props"].get("children")
    if isinstance(node, list):
        for child in node:
            yield from _components(child)
    elif isinstance(node, dict):
        yield from _components(node)


def test_the_first_render_draws_the_map_before_the_table_and_bars(live_app: Any) -> None:
    """The page arrives with the map's figure, an empty bar chart of the bars' size and an
    empty grid whose rows wait in a store: the grid and the bars follow once the map is on
    screen (callbacks/map.py), so nothing competes with the first coloured map."""
    from layouts.map import layout

    with live_app.server.test_request_context("/map"):
        page = layout(area="500000")
    tree = json.loads(json.dumps(page.to_plotly_json(), default=lambda o: o.to_plotly_json()))
    by_id = {c["props"]["id"]: c["props"] for c in _components(tree) if "id" in c.get("props", {})}
    assert len(by_id[Map.GRAPH]["figure"]["data"][0]["z"]) == 38
    bars = by_id[Map.BARS]["figure"]
    assert bars["data"] == [] and bars["layout"]["height"] > 220  # room for the bars to come
    assert by_id[Map.TABLE]["rowData"] == []
    assert len(by_id[Map.TABLE_ROWS]["data"]) == 38
    assert by_id[Map.TABLE_KEY]["data"].startswith("500000|") and by_id[Map.GRID_DONE].get("data") is None
