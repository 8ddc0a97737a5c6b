"""Exports under load: renders never cross between threads, each worker keeps one
browser, a deck is built once per data version, and the button learns when its
download has arrived."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.export.images import figure_png


def _fig(label: str, n: int) -> go.Figure:
    fig = go.Figure(go.Bar(x=[label] * 1, y=[n]))
    fig.update_layout(title=label)
    return fig


def _processes() -> tuple[dict[int, int], dict[int, str], dict[int, str]]:
    """(parent, name, command line) of every process."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    cmds: dict[int, str] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        pid = int(d.name)
        names[pid] = stat[stat.index("(") + 1 : stat.rindex(")")]
        parents[pid] = int(stat[stat.rindex(")") + 2 :].split()[1])
        cmds[pid] = cmd
    return parents, names, cmds


def _chromium_descendants(root: int | None = None) -> int:
    """Chromium processes below ``root`` (default: this test process)."""
    root = root or os.getpid()
    parents, names, _cmds = _processes()

    def below(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == root:
                return True
        return False

    return sum(1 for pid, name in names.items() if "chrom" in name.lower() and below(pid))


def _export_browser_processes() -> int:
    """Chromium processes of this process's export browser (not the browser tests' own)."""
    from dashboard.export import images

    wrapper = str(images._state["wrapper"])  # noqa: SLF001 - the lean wrapper's folder names it
    _parents, _names, cmds = _processes()
    roots = [pid for pid, cmd in cmds.items() if wrapper in cmd and "chrom" not in _names[pid].lower()]
    return sum(_chromium_descendants(r) for r in roots)


def test_concurrent_renders_each_get_their_own_picture() -> None:
    figs = [_fig(f"fig-{i}", i + 1) for i in range(6)]
    alone = [figure_png(f, width=400, height=300) for f in figs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda f: figure_png(f, width=400, height=300), figs * 2))
    assert together == alone * 2
    assert len(set(alone)) == len(alone)  # six different pictures


def test_one_browser_per_process_whatever_the_load() -> None:
    figure_png(_fig("warm", 1), width=200, height=200)
    before = _chromium_descendants()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: figure_png(_fig(f"x{i}", i), width=300, height=200), range(16)))
    after = _chromium_descendants()
    assert before >= 1
    assert after <= before  # no browser (or renderer) left behind by concurrent exports


def test_the_browser_is_lean_and_stops_when_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """One lean Chromium per process (no zygotes, GPU in the browser process) that is
    stopped after IDLE_SECONDS without a render and started again by the next one."""
    from dashboard.export import images

    first = figure_png(_fig("lean", 1), width=200, height=200)
    assert images.browser_running()
    lean = _export_browser_processes()
    assert 1 <= lean <= 6, lean  # Debian's Chromium starts 9 without the lean flags
    monkeypatch.setattr(images, "IDLE_SECONDS", 0.3)
    figure_png(_fig("lean", 1), width=200, height=200)  # its timer now waits 0.3 s
    deadline = time.monotonic() + 15
    while (images.browser_running() or _export_browser_processes()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not images.browser_running() and _export_browser_processes() == 0
    monkeypatch.setattr(images, "IDLE_SECONDS", 300.0)
    assert figure_png(_fig("lean", 1), width=200, height=200) == first  # started again, same picture
    assert images.browser_running()


@pytest.fixture()
def client(live_app):  # noqa: ANN001, ANN201
    return live_app.server.test_client()


def test_a_deck_is_built_once_per_data_version_and_tells_the_button(client) -> None:  # noqa: ANN001
    t0 = time.perf_counter()
    first = client.get("/export/briefing.pptx?area=360400&lang=zh&token=abc123")
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    second = client.get("/export/briefing.pptx?area=360400&lang=zh")
    warm = time.perf_counter() - t0
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert warm < min(0.5, cold), (cold, warm)  # the built deck comes from the cache

    def done(r: object) -> list[str]:
        return [c for c in r.headers.getlist("Set-Cookie") if c.startswith("export_done=")]  # type: ignore[attr-defined]

    assert [c.split(";")[0] for c in done(first)] == ["export_done=abc123"]
    assert done(second) == []
    assert done(client.get("/export/briefing.pptx?area=360400&lang=zh&token=<x>")) == []
