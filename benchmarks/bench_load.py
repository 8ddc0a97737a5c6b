"""Load: gunicorn -w 2 --threads 4 under 16 clients, file cache against Redis (issue #15).

Run: ``python benchmarks/bench_load.py [--seconds 20] [--clients 16] [--max-requests 6000]``
(``make bench`` runs it). Loopback only. It builds the demonstration database under
``var/bench/``, then for each cache (the file cache; Redis when ``TEST_REDIS_URL`` or
``--redis-url`` is given) starts ``gunicorn -c deploy/gunicorn.conf.py`` with 2 workers
and 4 threads, warms it, and runs ``--clients`` clients (keep-alive connections) for at
most ``--seconds`` and ``--max-requests``, each repeating a mix of:

- page loads: ``GET /map?area=…`` (the HTML), ``GET /_dash-layout`` (the shell) and the
  Pages callback that renders /map's layout (the view's first render with the boundaries);
- the map's callbacks: a change (the map's ``Patch`` and the table's rows, one request)
  and the ranked bars that follow it, over a sweep of selections
  (``benchmarks/bench_map.py``'s requests).

It prints req/s and p50/p95/p99 per route against the targets: p95 ≤ 300 ms for
callbacks, ≤ 600 ms for page renders, Redis no slower than the file cache.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_map  # noqa: E402

from components.ids import Map  # noqa: E402
from dashboard.plans import load_plans  # noqa: E402

AREA = load_plans()[0].area  # the first plan file's area: the app's default
P95_CALLBACK_MS = 300
P95_PAGE_MS = 600


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def callback_body(outputs: list[tuple[str, str]], values: list[Any]) -> bytes:
    """The JSON body of a map callback, as bench_map sends it."""
    if len(outputs) == 1:
        out, outs = f"{outputs[0][0]}.{outputs[0][1]}", {"id": outputs[0][0], "property": outputs[0][1]}
    else:
        out = ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
        outs = [{"id": i, "property": p} for i, p in outputs]
    body: dict[str, Any] = {
        "output": out,
        "outputs": outs,
        "inputs": [
            {"id": c, "property": "value", "value": v}
            for c, v in zip(bench_map.CONTROLS, values, strict=True)
        ],
        "changedPropIds": [f"{Map.YEAR}.value"],
        "state": [{"id": Map.STATE, "property": "data", "value": {"area": AREA, "breaks": []}}],
    }
    if len(outputs) > 1:
        body["state"] += [{"id": Map.MAP_KEY, "property": "data", "value": ""},
                          {"id": Map.TABLE_KEY, "property": "data", "value": ""}]  # fmt: skip
    return json.dumps(body).encode()


def bars_body(values: list[Any]) -> bytes:
    """The ranked bars' callback, which follows a change once the grid has its rows."""
    body = {
        "output": f"..{Map.BARS}.figure...{Map.SUMMARY}.children..",
        "outputs": [{"id": Map.BARS, "property": "figure"}, {"id": Map.SUMMARY, "property": "children"}],
        "inputs": [{"id": Map.GRID_DONE, "property": "data", "value": bench_map.selection_key(AREA, values)}],
        "changedPropIds": [f"{Map.GRID_DONE}.data"],
        "state": [
            *(
                {"id": c, "property": "value", "value": v}
                for c, v in zip(bench_map.CONTROLS, values, strict=True)
            ),
            {"id": Map.STATE, "property": "data", "value": {"area": AREA, "breaks": []}},
        ],
    }
    return json.dumps(body).encode()


def page_body(path: str, search: str) -> bytes:
    """The Dash Pages router's callback: the server renders the page's layout (for /map: the
    view's first render, the boundaries and the figure) — the part of a page load that costs."""
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }  # fmt: skip
    return json.dumps(body).encode()


def requests_mix(sites: list[str], years: list[int]) -> list[tuple[str, str, str, bytes | None]]:
    """(route label, method, path, body): for every 3 callbacks (a change, the bars that follow
    it, and the same change for another user) one page load: its HTML, the shell's layout and
    the page's own layout (the Pages callback that renders /map)."""
    mix: list[tuple[str, str, str, bytes | None]] = []
    for vals in bench_map.sweep(sites, years):
        change = callback_body(bench_map.CHANGE, vals)
        mix.append(("callback map change", "POST", "/_dash-update-component", change))
        mix.append(("callback map bars", "POST", "/_dash-update-component", bars_body(vals)))
        mix.append(("callback map change", "POST", "/_dash-update-component", change))
        mix.append(("page /map (HTML)", "GET", f"/map?area={AREA}", None))
        mix.append(("page /_dash-layout", "GET", "/_dash-layout", None))
        mix.append(
            ("page /map (its layout)", "POST", "/_dash-update-component", page_body("/map", f"?area={AREA}"))
        )
    return mix


def start(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    full = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": "2", "THREADS": "4"}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "app:server"],
                            cwd=ROOT, env=full, stdout=subprocess.DEVNULL, stderr=open(log, "wb"))  # noqa: SIM115  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/healthz", timeout=2).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"gunicorn did not start: {log.read_text()[-2000:]}")


def run_load(url: str, mix: list[tuple[str, str, str, bytes | None]], clients: int, seconds: float,
             max_requests: int) -> tuple[dict[str, list[float]], float, int]:  # fmt: skip
    host, port = url.removeprefix("http://").split(":")
    times: dict[str, list[float]] = {}
    lock = threading.Lock()
    count = [0]
    errors = [0]
    stop_at = time.monotonic() + seconds

    def session(conn: http.client.HTTPConnection) -> dict[str, str]:
        """A browser's session: its cookies and the CSRF token it sends back as a header."""
        conn.request("GET", "/")
        resp = conn.getresponse()
        resp.read()
        jar = dict(c.split(";", 1)[0].split("=", 1) for c in resp.headers.get_all("Set-Cookie") or [])
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "X-CSRF-Token": jar.get("csrf_token", ""),
                "Origin": url}  # fmt: skip

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        browser = session(conn)
        order = mix[:]
        rng.shuffle(order)
        i = 0
        while time.monotonic() < stop_at:
            with lock:
                if count[0] >= max_requests:
                    return
                count[0] += 1
            label, method, path, body = order[i % len(order)]
            i += 1
            headers = {"Accept-Encoding": "br, gzip", **browser}
            if body is not None:
                headers["Content-Type"] = "application/json"
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
                ok = False
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                if ok:
                    times.setdefault(label, []).append(ms)
                else:
                    errors[0] += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, time.perf_counter() - t0, errors[0]


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--max-requests", type=int, default=6000)
    ap.add_argument("--redis-url", default=os.environ.get("TEST_REDIS_URL", ""))
    args = ap.parse_args(argv)

    from dashboard.catalogue.sites import SITES
    from dashboard.infra.config import Settings
    from dashboard.infra.db import Database
    from dashboard.queries.registry import registry_years, site_cube

    bench_map.BENCH.mkdir(parents=True, exist_ok=True)
    db_url = bench_map.demo_db()
    db = Database(db_url)
    years = registry_years(db, AREA)
    sites = [s.site for s in SITES if site_cube(db, AREA, s.site).present.any()]
    mix = requests_mix(sites, years)
    caches: list[tuple[str, dict[str, str]]] = [("file cache", {"CACHE_TYPE": "FileSystemCache"})]
    if args.redis_url:
        caches.append(("Redis", {"REDIS_URL": args.redis_url, "CACHE_TYPE": "RedisCache"}))
    else:
        print("(no Redis: set TEST_REDIS_URL or --redis-url to compare)")
    results: dict[str, dict[str, Any]] = {}
    for name, env in caches:
        cache_dir = bench_map.BENCH / f"cache-load-{name.split()[0].lower()}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        env = {**env, "DATABASE_URL": db_url, "CACHE_DIR": str(cache_dir), "DEMO_DATA": "false"}
        if name == "Redis":  # an empty Redis database of its own
            import redis

            redis.Redis.from_url(args.redis_url).flushdb()
        proc, url = start(env, bench_map.BENCH / f"gunicorn-load-{name.split()[0].lower()}.log")
        try:
            run_load(url, mix, 4, 5.0, len(mix) * 2)  # warm: every selection computed once
            times, elapsed, errors = run_load(url, mix, args.clients, args.seconds, args.max_requests)
        finally:
            proc.terminate()
            proc.wait(30)
        total = sum(len(v) for v in times.values())
        results[name] = {"rps": total / elapsed, "errors": errors, "routes": times}
    _ = Settings
    print(
        f"gunicorn -w 2 --threads 4, {args.clients} clients, ≤ {args.seconds:g} s / {args.max_requests} requests"
    )
    for name, r in results.items():
        print(f"  [{name}] {r['rps']:.0f} req/s, {r['errors']} errors")
        for label, values in sorted(r["routes"].items()):
            target = P95_CALLBACK_MS if label.startswith("callback") else P95_PAGE_MS
            p95 = pct(values, 95)
            mark = "ok " if p95 <= target else "MISS"
            print(f"    {mark} {label:24s} n={len(values):5d}  p50 {pct(values, 50):6.0f} ms  p95 {p95:6.0f} ms  "
                  f"p99 {pct(values, 99):6.0f} ms  (target p95 ≤ {target} ms)")  # fmt: skip
    if len(results) == 2:
        f, rd = results["file cache"], results["Redis"]
        mark = "ok " if rd["rps"] >= 0.95 * f["rps"] else "MISS"
        print(f"  {mark} Redis {rd['rps']:.0f} req/s vs file cache {f['rps']:.0f} req/s (target: no slower)")
        _ = statistics
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
