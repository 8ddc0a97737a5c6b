"""Slide exports under gunicorn: time of a briefing deck, and the Chromium processes that
Kaleido keeps under the workers (issue #15).

Run: ``python benchmarks/bench_export.py`` (``make bench`` runs it). It builds the
demonstration database under ``var/bench/``, starts ``gunicorn -c deploy/gunicorn.conf.py``
(2 workers, 4 threads, an empty cache), then:

1. one briefing deck of the first plan area, cold (Kaleido's browser not started yet) and
   once more (the deck cache: same area, language, year and data version);
2. four different decks at once (the other area and language briefings and a county deck:
   none cached), sampling every
   0.2 s the Chromium processes below the gunicorn master and their memory (RSS);
3. the same count 3 s after the last deck, and once the workers' idle browsers have been
   stopped (``EXPORT_IDLE_SECONDS``, 10 s here; 300 s by default).

The issue measured, before: 18 Chromium processes (~2.5 GB) left under the workers after
four concurrent deck exports, and 8 s for one export. Targets printed: at most one browser
per worker (its processes counted, however many exports ran), none left growing after the
exports, none at all once the workers are idle, and a cold deck faster than those 8 s.
Memory is the sum of the processes' PSS (shared pages counted once), not of their RSS.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.infra.config import Settings  # noqa: E402
from dashboard.plans import load_plans  # noqa: E402

BENCH = ROOT / "var" / "bench"
WORKERS = 2
BEFORE_PROCESSES = 18
BEFORE_GB = 2.5
BEFORE_EXPORT_S = 8.0
IDLE_S = 10
#: Chromium's processes per browser as the export starts it (dashboard/export/images.py: browser,
#: network and storage services, renderers; 9 without its lean flags), a ceiling per worker.
PROCESSES_PER_BROWSER = 6


def _pss_bytes(pid: int) -> int:
    """Proportional set size: shared pages divided among the processes sharing them (RSS
    counts them in every process, so a sum of RSS counts shared memory many times)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def chromium_below(root: int) -> tuple[int, float]:
    """(Chromium processes below ``root``, their memory in GB: the sum of their PSS)."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        pid = int(d.name)
        names[pid] = stat[stat.index("(") + 1 : stat.rindex(")")]
        parents[pid] = int(stat[stat.rindex(")") + 2 :].split()[1])

    def below(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == root:
                return True
        return False

    found = [pid for pid, name in names.items() if "chrom" in name.lower() and below(pid)]
    return len(found), sum(_pss_bytes(p) for p in found) / 1e9


def start(settings: Settings) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": settings.database_url, "CACHE_DIR": settings.cache_dir,
           "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(WORKERS), "THREADS": "4",
           "EXPORT_IDLE_SECONDS": str(IDLE_S)}  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--log-level",
                             "warning", "app:server"], cwd=ROOT, env=env)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def deck(url: str, path: str) -> float:
    """Seconds to download one deck."""
    t0 = time.perf_counter()
    with urllib.request.urlopen(url + path, timeout=300) as r:
        data = r.read()
    if not data.startswith(b"PK"):
        raise RuntimeError(f"not a deck: {data[:200]!r}")
    return time.perf_counter() - t0


def first_county(area: str) -> str:
    from dashboard.catalogue.geo import area_county_codes

    return sorted(area_county_codes(area))[0]


def main(argv: list[str] | None = None) -> int:
    import shutil

    from dashboard.infra.bootstrap import prepare_database

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.parse_args(argv)
    BENCH.mkdir(parents=True, exist_ok=True)
    cache = BENCH / "cache-export"
    shutil.rmtree(cache, ignore_errors=True)
    settings = Settings().with_(database_url=f"sqlite:///{BENCH / 'demo.sqlite'}", cache_dir=str(cache))
    prepare_database(settings)
    areas = [p.area for p in load_plans()][:2]
    proc, url = start(settings)
    try:
        cold = deck(url, f"/export/briefing.pptx?area={areas[0]}&lang=zh")
        again = deck(url, f"/export/briefing.pptx?area={areas[0]}&lang=zh")
        peak = [0, 0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                n, gb = chromium_below(proc.pid)
                peak[0], peak[1] = max(peak[0], n), max(peak[1], gb)
                time.sleep(0.2)

        sampler = threading.Thread(target=sample)
        sampler.start()
        jobs = [f"/export/briefing.pptx?area={a}&lang={lang}" for a in areas for lang in ("zh", "en")]
        jobs = [
            j for j in jobs if j != f"/export/briefing.pptx?area={areas[0]}&lang=zh"
        ]  # that one is cached
        jobs.append(f"/export/county.pptx?area={areas[0]}&county={first_county(areas[0])}&lang=zh")
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=4) as pool:
            times = list(pool.map(lambda j: deck(url, j), jobs))
        together = time.perf_counter() - t0
        done.set()
        sampler.join()
        time.sleep(3)
        after, after_gb = chromium_below(proc.pid)
        time.sleep(IDLE_S + 3)
        idle, idle_gb = chromium_below(proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)
    bound = WORKERS * PROCESSES_PER_BROWSER

    def mark(ok: bool) -> str:
        return "ok " if ok else "MISS"

    print(f"Briefing decks under gunicorn -w {WORKERS} --threads 4 (before: {BEFORE_EXPORT_S:g} s per export; "
          f"{BEFORE_PROCESSES} Chromium processes, ~{BEFORE_GB:g} GB after four at once)")  # fmt: skip
    print(f"  [{mark(cold < BEFORE_EXPORT_S)}] one deck, cold (Kaleido's browser starting): {cold:.1f} s"
          f"   target < {BEFORE_EXPORT_S:g} s")  # fmt: skip
    print(f"        the same deck again (deck cache): {again * 1000:.0f} ms")
    print(
        f"        {len(jobs)} other decks at once: {together:.1f} s in all (each {min(times):.1f}–{max(times):.1f} s)"
    )
    print(f"  [{mark(peak[0] <= bound)}] Chromium processes during them: at most {peak[0]} ({peak[1]:.2f} GB)"
          f"   target ≤ {bound} (one browser per worker)")  # fmt: skip
    print(f"  [{mark(after <= bound)}] 3 s after: {after} ({after_gb:.2f} GB)   target ≤ {bound}")
    print(f"  [{mark(idle == 0)}] after {IDLE_S} s without an export: {idle} ({idle_gb:.2f} GB)   target 0")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
