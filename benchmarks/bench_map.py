"""Speed of the /map page: server time and bytes of a value update, and browser times.

Run: ``python benchmarks/bench_map.py`` (``make bench`` runs it). It builds, under
``var/bench/``, the demonstration database (38 Chongqing counties) and, once, the national
scale database (2,875 counties: ``python -m dashboard.demo.national``), then prints:

1. Server: a changed choice (POST /_dash-update-component of the map's one change
   callback: the map's ``Patch`` and the table's rows, through the app's Flask test
   client) over a sweep of different selections:
   "cold" = the first request for that selection (nothing computed for it yet; the area's
   counts are in the app cache, as after the page has been opened, which loads them in the
   background), "warm" = the same selection again; median and max server time; bytes of
   the map's part (brotli, as sent) and of the whole change. Also the one-off load of an area.
2. Browser (headless Chromium): from opening /map to the coloured map on screen, and from
   a changed choice to the repainted map (Plotly's ``plotly_afterplot``).

Targets (issue #6) are printed beside each figure. Options: ``--skip-browser``,
``--skip-national``, ``--rounds N``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import brotli

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.ids import Map  # noqa: E402
from dashboard.infra.config import Settings  # noqa: E402
from dashboard.infra.db import Database  # noqa: E402

BENCH = ROOT / "var" / "bench"
CHROMIUM = "/usr/bin/chromium"
CONTROLS = (Map.MEASURE, Map.SITE, Map.SEX, Map.RATE, Map.YEAR, Map.METHOD, Map.CLASSES)
TARGETS = {
    "38": {"warm_ms": 20, "cold_ms": 100, "bytes": 2048, "open_s": 2.5, "repaint_ms": 150},
    "2875": {"warm_ms": 60, "cold_ms": 400, "bytes": 30 * 1024, "open_s": 4.0, "repaint_ms": 700},
}


#: Everything a change sends (the map's values and the table's rows, on the wire), issue #15.
CHANGE_KB = 40
#: The one callback of a changed choice: the map's Patch and the table's rows (callbacks/map.py).
CHANGE = list(Map.CHANGE)


def table_output(app: Any) -> str:
    """The output key of the national layer's table callback (its outputs carry Dash's
    ``@hash`` of a duplicate output)."""
    return next(
        k for k, v in app.callback_map.items() if any(i["id"] == Map.TABLE_WANTED for i in v["inputs"])
    )


def post_table(client: Any, output: str, key: str, values: list[Any], area: str) -> tuple[float, int, dict]:
    """The national layer's table request, which follows a change (its ``TABLE_WANTED`` key)."""
    parts = output.strip(".").split("...")
    body = {
        "output": output,
        "outputs": [{"id": x.rsplit(".", 1)[0], "property": x.rsplit(".", 1)[1]} for x in parts],
        "inputs": [{"id": Map.TABLE_WANTED, "property": "data", "value": key}],
        "changedPropIds": [f"{Map.TABLE_WANTED}.data"],
        "state": [*({"id": c, "property": "value", "value": v} for c, v in zip(CONTROLS, values, strict=True)),
                  {"id": Map.STATE, "property": "data", "value": {"area": area, "breaks": []}},
                  {"id": Map.TABLE_KEY, "property": "data", "value": ""}],
    }  # fmt: skip
    return send(client, body)


def selection_key(area: str, vals: list[Any]) -> str:
    """The page's key of a selection of the sweep (MapParams.key; no plan breaks)."""
    return "|".join([area, *(str(v) for v in vals)]) + "|"


def patch_values(patch: dict[str, Any]) -> dict[str, Any]:
    """The values a figure ``Patch`` assigns, by their path ("data.0.z", "layout.title.text", ...)."""
    return {".".join(str(x) for x in op["location"]): op["params"]["value"] for op in patch["operations"]}


def sweep(sites: list[str], years: list[int]) -> list[list[Any]]:
    """Different selections: measure, site, sex, rate, period, classification method, classes."""
    y = years[-1]
    pooled = f"{years[-5]}-{y}" if len(years) >= 5 else f"{years[0]}-{y}"
    pooled3 = f"{years[-3]}-{y}" if len(years) >= 3 else pooled
    s = [x for x in sites if x not in ("all", "breast")]
    rows = [
        ["incidence", "all", "T", "asr_china", str(y), "quantile", 5],
        ["incidence", s[0], "T", "asr_china", str(y - 1), "quantile", 5],
        ["mortality", s[0], "M", "crude", str(y), "jenks", 5],
        ["incidence", s[1 % len(s)], "F", "asr_world", pooled, "equal", 4],
        ["mortality", "all", "T", "cum_0_74", pooled3, "quantile", 7],
        ["incidence", s[2 % len(s)], "M", "asr_china", str(y - 2), "jenks", 6],
        ["incidence", "breast", "F", "asr_china", str(y), "quantile", 5],
        ["mortality", s[3 % len(s)], "T", "asr_world", pooled, "plan", 5],
        ["incidence", s[0], "T", "cum_0_74", pooled3, "jenks", 3],
        ["incidence", "all", "M", "crude", str(y - 3), "equal", 5],
        ["mortality", s[1 % len(s)], "T", "asr_china", str(y - 1), "quantile", 5],
        ["incidence", s[2 % len(s)], "T", "crude", pooled, "quantile", 5],
    ]
    return rows


def browser_client(app: Any) -> Any:
    """A test client with a session and its CSRF token in the header, as a browser has."""
    client = app.server.test_client()
    client.get("/")
    client.environ_base["HTTP_X_CSRF_TOKEN"] = client.get_cookie("csrf_token").value
    return client


def _decoded(r: Any) -> bytes:
    """The response body, decompressed."""
    enc = r.headers.get("Content-Encoding")
    if enc == "br":
        return brotli.decompress(r.data)
    if enc == "gzip":
        import gzip

        return gzip.decompress(r.data)
    return r.data


def post(
    client: Any, outputs: list[tuple[str, str]], values: list[Any], area: str
) -> tuple[float, int, dict]:
    """One callback request as the browser sends it: (server ms, response bytes on the wire,
    i.e. compressed as a browser accepts it, JSON)."""
    if len(outputs) == 1:
        out, outs = f"{outputs[0][0]}.{outputs[0][1]}", {"id": outputs[0][0], "property": outputs[0][1]}
    else:
        out = ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
        outs = [{"id": i, "property": p} for i, p in outputs]
    body = {
        "output": out,
        "outputs": outs,
        "inputs": [{"id": c, "property": "value", "value": v} for c, v in zip(CONTROLS, values, strict=True)],
        "changedPropIds": [f"{Map.YEAR}.value"],
        "state": [{"id": Map.STATE, "property": "data", "value": {"area": area, "breaks": []}}],
    }
    if len(outputs) > 1:  # the table callback also reads the key of the rows on screen
        body["state"] += [{"id": Map.MAP_KEY, "property": "data", "value": ""},
                          {"id": Map.TABLE_KEY, "property": "data", "value": ""}]  # fmt: skip
    return send(client, body)


def send(client: Any, body: dict[str, Any]) -> tuple[float, int, dict]:
    """POST a callback body: (server ms, response bytes on the wire, JSON)."""
    t0 = time.perf_counter()
    r = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "br, gzip"})
    ms = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"callback failed ({r.status_code}): {r.data[:300]!r}")
    return ms, len(r.data), json.loads(_decoded(r))


def make_app(db_url: str, cache_dir: Path) -> Any:
    from app import create_app

    if cache_dir.exists():
        shutil.rmtree(cache_dir)
    settings = Settings().with_(database_url=db_url, cache_dir=str(cache_dir), cache_type="FileSystemCache")
    return create_app(settings)


def demo_db() -> str:
    from dashboard.infra.bootstrap import prepare_database

    url = f"sqlite:///{BENCH / 'demo.sqlite'}"
    prepare_database(Settings().with_(database_url=url, cache_dir=str(BENCH / "cache-demo-boot")))
    return url


def first_plan_area(url: str) -> str:
    """The default plan area (the first plan file's), which the benchmark measures."""
    from dashboard.infra.db import Database
    from dashboard.queries.areas import default_area

    area = default_area(Database(url))
    if area is None:
        raise SystemExit("no plan area in the benchmark database")
    return area


def national_db() -> str:
    from dashboard.demo.national import build_national_db
    from dashboard.infra.bootstrap import prepare_database

    path = BENCH / "national.sqlite"
    url = f"sqlite:///{path}"
    if not path.exists():
        t0 = time.perf_counter()
        build_national_db(path)
        print(f"  (national scale database generated in {time.perf_counter() - t0:.1f} s: {path})")
    prepare_database(Settings().with_(database_url=url, cache_dir=str(BENCH / "cache-national-boot")))
    return url


def server_bench(label: str, db_url: str, area: str, rounds: int) -> dict[str, Any]:
    from dashboard.catalogue.sites import SITES
    from dashboard.queries.registry import population_cube, registry_years, site_cube
    from dashboard.views.map import warm_area

    app = make_app(db_url, BENCH / f"cache-{label}")
    client = browser_client(app)
    db = Database(db_url)
    with app.server.app_context():
        t0 = time.perf_counter()
        years = registry_years(db, area)
        first_ms = None
        sites_with_data = [s.site for s in SITES if site_cube(db, area, s.site).present.any()]
        population_cube(db, area)
        load_s = time.perf_counter() - t0
        # the publication pattern(s), as the page's background warm-up decides them
        t0 = time.perf_counter()
        warm_area(db, area, 5)
        pattern_s = time.perf_counter() - t0
    selections = sweep(sites_with_data, years)
    cold, warm, sizes, map_sizes = [], [], [], []
    for vals in selections:
        ms, size, resp = post(client, CHANGE, vals, area)
        assert b"coordinates" not in json.dumps(resp).encode()
        cold.append(ms)
        wanted = resp["response"].get(Map.TABLE_WANTED, {}).get("data")
        if wanted:  # the national layer: the table follows in its own request
            size += post_table(client, table_output(app), wanted, vals, area)[1]
        sizes.append(size)  # everything the change sends, compressed as a browser accepts it
        patch = json.dumps(resp["response"][Map.GRAPH]["figure"]).encode()
        map_sizes.append(len(brotli.compress(patch, quality=5)))  # the map's part alone
        for _ in range(rounds):
            warm.append(post(client, CHANGE, vals, area)[0])
    # a first-ever request: empty cache, the area's counts not loaded yet
    app2 = make_app(db_url, BENCH / f"cache-{label}-empty")
    first_ms, _, _ = post(browser_client(app2), CHANGE, selections[1], area)
    n = len(patch_values(resp["response"][Map.GRAPH]["figure"])["data.0.z"])
    return {
        "label": label, "counties": n, "selections": len(selections), "load_s": load_s, "pattern_s": pattern_s,
        "cold_median": statistics.median(cold), "cold_max": max(cold),
        "warm_median": statistics.median(warm), "warm_max": max(warm),
        "bytes_median": statistics.median(map_sizes), "bytes_max": max(map_sizes),
        "change_kb": statistics.median(sizes) / 1024, "change_kb_max": max(sizes) / 1024,
        "first_ever_ms": first_ms,
    }  # fmt: skip


def serve(app: Any) -> tuple[Any, str]:
    import logging
    import socket

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from werkzeug.serving import make_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


OPEN_DONE = """(n) => { const g = document.querySelector('#map-graph .js-plotly-plot');
    if (!g || !g._fullData || document.querySelectorAll('#map-graph path.choroplethlocation').length < n) return false;
    const z = g.data[0].z; return z && z.some(v => v > 0); }"""


def browser_bench(label: str, db_url: str, area: str, rounds: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    app = make_app(db_url, BENCH / f"cache-{label}-browser")
    server, url = serve(app)
    opens, repaints, counts = [], [], 0
    changes = [("map-year", 1), ("map-site", 1), ("map-rate", 2), ("map-year", 3), ("map-classes", 0),
               ("map-method", 2), ("map-site", 2), ("map-year", 12)]  # fmt: skip
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                        "--disable-background-networking"])  # fmt: skip
            # a first visit warms the server (the area's counts load in the background)
            warm_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            pg = warm_ctx.new_page()
            pg.goto(f"{url}/map?area={area}")
            pg.wait_for_selector("#map-graph path.choroplethlocation", timeout=60000)
            counts = pg.locator("#map-graph path.choroplethlocation").count()
            time.sleep(3 if counts > 1000 else 1)
            warm_ctx.close()
            for _ in range(rounds):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})  # empty browser cache
                pg = ctx.new_page()
                t0 = time.perf_counter()
                pg.goto(f"{url}/map?area={area}", wait_until="commit")
                pg.wait_for_function(OPEN_DONE, arg=counts, timeout=60000, polling="raf")
                opens.append(time.perf_counter() - t0)
                ctx.close()
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            pg = ctx.new_page()
            pg.goto(f"{url}/map?area={area}")
            pg.wait_for_function(OPEN_DONE, arg=counts, timeout=60000)
            pg.wait_for_load_state("networkidle")
            for control, index in changes:
                pg.click(f"#{control}")
                opts = pg.locator("[role=option]")
                opts.first.wait_for()
                target = opts.nth(min(index, opts.count() - 1))
                if target.get_attribute("aria-selected") == "true":
                    target = opts.nth(0 if index else 1)
                pg.evaluate("""() => { window.__t0 = null; window.__t1 = null;
                    document.addEventListener('click', () => { window.__t0 = performance.now(); },
                                              {capture: true, once: true});
                    const g = document.querySelector('#map-graph .js-plotly-plot');
                    const z0 = JSON.stringify(g.data[0].z) + g.layout.title.text;
                    const h = () => { if (JSON.stringify(g.data[0].z) + g.layout.title.text !== z0) {
                        window.__t1 = performance.now(); g.removeListener('plotly_afterplot', h); } };
                    g.on('plotly_afterplot', h); }""")
                target.click()
                pg.wait_for_function("() => window.__t1 !== null && window.__t0 !== null", timeout=30000)
                repaints.append(pg.evaluate("() => window.__t1 - window.__t0"))
                pg.wait_for_load_state("networkidle")
            ctx.close()
            browser.close()
    finally:
        server.shutdown()
    return {"open_median": statistics.median(opens), "open_max": max(opens), "repaint_median": statistics.median(repaints),
            "repaint_max": max(repaints), "counties": counts, "n_changes": len(repaints)}  # fmt: skip


def _mark(ok: bool) -> str:
    return "ok " if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-national", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    BENCH.mkdir(parents=True, exist_ok=True)
    scales = [("38", demo_db(), first_plan_area(demo_db()))]
    if not args.skip_national:
        scales.append(("2875", national_db(), "china"))
    ok_all = True
    print("Map change (server, Flask test client; bytes = the map's Patch, brotli-compressed)")
    for label, url, area in scales:
        r = server_bench(label, url, area, args.rounds)
        tg = TARGETS[label]
        checks = [
            (f"cold median {r['cold_median']:6.1f} ms (max {r['cold_max']:.1f})", r["cold_median"] <= tg["cold_ms"], f"≤ {tg['cold_ms']} ms"),
            (f"warm median {r['warm_median']:6.1f} ms (max {r['warm_max']:.1f})", r["warm_median"] <= tg["warm_ms"], f"≤ {tg['warm_ms']} ms"),
            (f"bytes median {r['bytes_median']:,.0f} (max {r['bytes_max']:,})", r["bytes_max"] <= tg["bytes"], f"≤ {tg['bytes']:,}"),
        ]  # fmt: skip
        print(f"  {r['counties']} counties, {r['selections']} selections:")
        for text, ok, target in checks:
            ok_all &= ok
            print(f"    [{_mark(ok)}] {text:45s} target {target}")
        change_kb = r["change_kb_max"]
        ok = change_kb <= CHANGE_KB
        ok_all &= ok
        print(
            f"    [{_mark(ok)}] {'per change, map + table (max): ' + f'{change_kb:.1f} KB':45s} target ≤ {CHANGE_KB} KB"
        )
        print(f"    the area's counts loaded once (background, on opening the page): {r['load_s']:.2f} s,"
              f" its publication pattern(s) decided once per data version: {r['pattern_s']:.2f} s;"
              f" a first-ever request with an empty cache: {r['first_ever_ms']:.0f} ms")  # fmt: skip
    if not args.skip_browser:
        print("Browser (headless Chromium, fresh browser cache each open)")
        for label, url, area in scales:
            b = browser_bench(label, url, area, args.rounds)
            tg = TARGETS[label]
            ok1 = b["open_median"] <= tg["open_s"]
            ok2 = b["repaint_median"] <= tg["repaint_ms"]
            ok_all &= ok1 and ok2
            print(f"  {b['counties']} counties:")
            print(f"    [{_mark(ok1)}] open /map → coloured map: median {b['open_median']:.2f} s (max {b['open_max']:.2f})"
                  f"   target ≤ {tg['open_s']} s")  # fmt: skip
            print(f"    [{_mark(ok2)}] changed choice → repainted map: median {b['repaint_median']:.0f} ms"
                  f" (max {b['repaint_max']:.0f}, {b['n_changes']} changes)   target ≤ {tg['repaint_ms']} ms")  # fmt: skip
    print("all targets met" if ok_all else "some targets missed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
