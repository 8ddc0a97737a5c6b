"""Speed on the wire: /map against a bare Dash page, side by side in one run (issue #15).

Run: ``python benchmarks/bench_wire.py`` (``make bench`` runs it). It builds the
demonstration database under ``var/bench/`` and serves two apps on loopback:

- the dashboard as ``make run`` serves it (gunicorn in processes of its own: compression,
  the partial plotly.js bundle);
- a **bare Dash page** shipped here: the same 38 Chongqing counties as a choropleth,
  one dropdown whose change patches ``z``; no controls, no table, nothing compressed,
  Dash's full ``plotly.min.js``.

Headless Chromium (Debian's, ``/usr/bin/chromium``) opens each page in a fresh
context (empty browser cache), alternating bare and dashboard for ``--rounds`` rounds,
once on plain loopback and once on an emulated county link (``--mbps``, default
10 Mbit/s down, 20 ms latency). It prints, with the issue's targets:

- bytes on the wire (encoded, every request) and requests for a first open of ``/map``
  (target ≤ 2.5 MB);
- time from navigation to a coloured map, medians (target ≤ 0.8 × the bare page's);
- a repaint: click on an option of a control → the map's own ``plotly_afterplot``
  with new values, medians (target ≤ 1.2 × the bare page's).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.infra.config import Settings  # noqa: E402
from dashboard.plans import load_plans  # noqa: E402

BENCH = ROOT / "var" / "bench"
CHROMIUM = "/usr/bin/chromium"
TARGET_BYTES = 2.5e6
TARGET_OPEN = 0.8
TARGET_REPAINT = 1.2
MAP_AREA = load_plans()[0].area  # the first plan file's area: the app's default

MAP_DONE = """(n) => { const g = document.querySelector('#map-graph .js-plotly-plot');
    if (!g || !g._fullData || document.querySelectorAll('#map-graph path.choroplethlocation').length < n) return false;
    const z = g.data[0].z; return z && z.some(v => v > 0); }"""
BARE_DONE = """(n) => { const g = document.querySelector('#bare-graph .js-plotly-plot');
    if (!g || !g._fullData || document.querySelectorAll('#bare-graph path.choroplethlocation').length < n) return false;
    const z = g.data[0].z; return z && z.some(v => v > 0); }"""
ARM_REPAINT = """(sel) => { window.__t0 = null; window.__t1 = null;
    document.addEventListener('click', () => { window.__t0 = performance.now(); }, {capture: true, once: true});
    const g = document.querySelector(sel + ' .js-plotly-plot');
    const z0 = JSON.stringify(g.data[0].z) + (g.layout.title && g.layout.title.text);
    const h = () => { if (JSON.stringify(g.data[0].z) + (g.layout.title && g.layout.title.text) !== z0) {
        window.__t1 = performance.now(); g.removeListener('plotly_afterplot', h); } };
    g.on('plotly_afterplot', h); }"""


def bare_app(geojson: dict[str, Any], codes: list[str]) -> Any:
    """The bare page: one choropleth of the counties, one dropdown that patches z."""
    import random

    import plotly.graph_objects as go
    from dash import Dash, Input, Output, Patch, dcc, html
    from flask import send_from_directory

    years = [str(y) for y in range(2015, 2025)]
    rng = random.Random(7)
    values = {y: [round(rng.uniform(100, 400), 1) for _ in codes] for y in years}
    fig = go.Figure(go.Choropleth(geojson=geojson, locations=codes, featureidkey="id", z=values[years[-1]],
                                  colorscale="YlOrRd", marker_line_width=0.5))  # fmt: skip
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 30, "b": 0}, height=600, title="bare")
    app = Dash("bare", serve_locally=True, assets_folder=str(BENCH / "bare-assets"))
    app.layout = html.Div([
        dcc.Dropdown(years, years[-1], id="bare-year", clearable=False, style={"width": "12em"}),
        dcc.Graph(id="bare-graph", figure=fig, config={"topojsonURL": "/topojson/"}),
    ])  # fmt: skip

    @app.callback(Output("bare-graph", "figure"), Input("bare-year", "value"), prevent_initial_call=True)
    def _year(year: str) -> Patch:
        p = Patch()
        p["data"][0]["z"] = values[year]
        return p

    @app.server.route("/topojson/<path:name>")
    def _topo(name: str) -> Any:
        return send_from_directory(ROOT / "assets" / "_vendor" / "topojson", name)

    return app


class Wire:
    """Counts encoded bytes and requests of a page through the DevTools protocol."""

    def __init__(self, ctx: Any, page: Any, mbps: float | None) -> None:
        self.bytes = 0
        self.requests = 0
        self.cdp = ctx.new_cdp_session(page)
        self.cdp.send("Network.enable")
        if mbps:
            self.cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                          "downloadThroughput": mbps * 1e6 / 8, "uploadThroughput": mbps * 1e6 / 16})  # fmt: skip
        self.cdp.on("Network.loadingFinished", self._done)
        self.cdp.on("Network.requestWillBeSent", self._sent)

    def _done(self, ev: dict[str, Any]) -> None:
        self.bytes += int(ev.get("encodedDataLength", 0))

    def _sent(self, _ev: dict[str, Any]) -> None:
        self.requests += 1


def open_page(
    browser: Any, url: str, done: str, n: int, mbps: float | None
) -> tuple[float, int, int, Any, Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    wire = Wire(ctx, pg, mbps)
    t0 = time.perf_counter()
    pg.goto(url, wait_until="commit")
    pg.wait_for_function(done, arg=n, timeout=120000, polling="raf")
    elapsed = time.perf_counter() - t0
    pg.wait_for_load_state("networkidle")
    return elapsed, wire.bytes, wire.requests, ctx, pg


def repaint(pg: Any, graph: str, control: str, index: int) -> float:
    pg.click(f"#{control}")
    opts = pg.locator("[role=option]")
    opts.first.wait_for()
    target = opts.nth(min(index, opts.count() - 1))
    if target.get_attribute("aria-selected") == "true":
        target = opts.nth(0 if index else 1)
    pg.evaluate(ARM_REPAINT, f"#{graph}")
    target.click()
    pg.wait_for_function("() => window.__t1 !== null && window.__t0 !== null", timeout=60000)
    ms = pg.evaluate("() => window.__t1 - window.__t0")
    pg.wait_for_load_state("networkidle")
    return float(ms)


def run(rounds: int, mbps_list: list[float | None]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from dashboard.catalogue.geo import area_county_codes
    from dashboard.infra.bootstrap import prepare_database

    BENCH.mkdir(parents=True, exist_ok=True)
    (BENCH / "bare-assets").mkdir(exist_ok=True)
    url_db = f"sqlite:///{BENCH / 'demo.sqlite'}"
    settings = Settings().with_(database_url=url_db, cache_dir=str(BENCH / "cache-wire"))
    prepare_database(settings)
    codes = sorted(area_county_codes(MAP_AREA))
    app_proc, app_url = start_app(settings)  # served as `make run` serves: gunicorn, own processes
    bare_proc, bare_url = start_bare()
    n = len(codes)
    out: dict[str, Any] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                        "--disable-background-networking"])  # fmt: skip
            for url, done in (
                (f"{app_url}/map?area={MAP_AREA}", MAP_DONE),
                (bare_url, BARE_DONE),
            ):  # warm servers
                ctx = open_page(browser, url, done, n, None)[3]
                ctx.close()
            time.sleep(1)
            for mbps in mbps_list:
                res: dict[str, list[float]] = {k: [] for k in ("map_open", "bare_open", "map_bytes", "bare_bytes",
                                                               "map_req", "bare_req", "map_rep", "bare_rep")}  # fmt: skip
                for r in range(rounds):
                    order = [("map", f"{app_url}/map?area={MAP_AREA}", MAP_DONE),
                             ("bare", bare_url, BARE_DONE)]  # fmt: skip
                    if r % 2:
                        order.reverse()
                    for name, url, done in order:
                        elapsed, nbytes, nreq, ctx, pg = open_page(browser, url, done, n, mbps)
                        res[f"{name}_open"].append(elapsed)
                        res[f"{name}_bytes"].append(nbytes)
                        res[f"{name}_req"].append(nreq)
                        if name == "map":
                            for i in (1, 2, 3):
                                res["map_rep"].append(repaint(pg, "map-graph", "map-year", i))
                        else:
                            for i in (1, 2, 3):
                                res["bare_rep"].append(repaint(pg, "bare-graph", "bare-year", i))
                        ctx.close()
                out["loopback" if not mbps else f"{mbps:g} Mbit/s"] = {
                    k: statistics.median(v) for k, v in res.items()
                }
            browser.close()
    finally:
        for proc in (app_proc, bare_proc):
            proc.terminate()
            proc.wait(10)
    return out


def _wait_for(proc: Any, url: str) -> None:
    import urllib.request

    for _ in range(600):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"{url} did not start")


def start_app(settings: Settings) -> tuple[Any, str]:
    """The dashboard in processes of its own, as ``make run`` serves it (gunicorn, -w 2 --threads 4),
    so it does not share an interpreter with the benchmark's browser driver (the bare page
    has a process of its own too)."""
    import os
    import socket
    import subprocess

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": settings.database_url, "CACHE_DIR": settings.cache_dir,
           "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": "2", "THREADS": "4"}  # fmt: skip
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen([gunicorn, "-c", "deploy/gunicorn.conf.py", "--log-level", "warning", "app:server"],
                            cwd=ROOT, env=env)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    _wait_for(proc, url + "/healthz")
    return proc, url


def start_bare() -> tuple[Any, str]:
    """The bare page in a process of its own (only Dash's own components registered)."""
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, __file__, "--serve-bare", str(port)], cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("the bare page did not start")


def serve_bare(port: int) -> None:
    from werkzeug.serving import run_simple

    from dashboard.catalogue.geo import area_county_codes, boundaries_geojson

    (BENCH / "bare-assets").mkdir(parents=True, exist_ok=True)
    codes = sorted(area_county_codes(MAP_AREA))
    app = bare_app(boundaries_geojson(MAP_AREA), codes)
    run_simple("127.0.0.1", port, app.server, threaded=True)


def _mark(ok: bool) -> str:
    return "ok " if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds (≥ 5 for the issue's medians)")
    ap.add_argument("--mbps", type=float, default=10.0, help="emulated link for the second pass (0: skip it)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    ap.add_argument("--serve-bare", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return 0
    results = run(args.rounds, [None] + ([args.mbps] if args.mbps else []))
    print(f"/map against a bare Dash page, medians of {args.rounds} alternating rounds (3 repaints each)")
    for link, r in results.items():
        print(f"  [{link}]")
        print(f"    {_mark(r['map_bytes'] <= TARGET_BYTES)} bytes on the wire, first open of /map: "
              f"{r['map_bytes'] / 1e6:.2f} MB in {r['map_req']:.0f} requests (target ≤ 2.5 MB; "
              f"bare page {r['bare_bytes'] / 1e6:.2f} MB in {r['bare_req']:.0f})")  # fmt: skip
        ratio = r["map_open"] / r["bare_open"]
        print(f"    {_mark(ratio <= TARGET_OPEN)} open to a coloured map: {r['map_open']:.2f} s vs bare "
              f"{r['bare_open']:.2f} s = {ratio:.2f}x (target ≤ {TARGET_OPEN}x)")  # fmt: skip
        ratio = r["map_rep"] / r["bare_rep"]
        print(f"    {_mark(ratio <= TARGET_REPAINT)} repaint (click → plotly_afterplot): {r['map_rep']:.0f} ms vs bare "
              f"{r['bare_rep']:.0f} ms = {ratio:.2f}x (target ≤ {TARGET_REPAINT}x)")  # fmt: skip
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
