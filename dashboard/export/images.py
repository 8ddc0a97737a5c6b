"""Figures to PNG with Kaleido, fully offline.

Kaleido 1.x drives the system's Chromium. By default it would load MathJax from
a CDN; here MathJax is off, plotly.js comes from the installed plotly package
and the world topojson from ``assets/_vendor/topojson``. One sync server (one
Chromium) is started per process on first use (starting a browser per image costs
~2 s), and renders are serialised through one lock: Kaleido's sync server answers
through a single queue, so two threads rendering at once could each receive the
other's picture, and the lock also bounds each worker to one browser whatever the
number of concurrent exports.

The browser is kept lean and does not stay for ever:

- it runs without zygote processes and with the GPU code in the browser process
  (``--no-zygote --in-process-gpu``: 5 processes instead of 9 for Debian's Chromium,
  rendering the same pictures), through a two-line wrapper script written once per
  process into a private temporary folder (the flags choreographer passes stay);
- it is stopped after :data:`IDLE_SECONDS` (``EXPORT_IDLE_SECONDS``) without a render, so a worker holds no
  Chromium between meetings' exports; the next export starts it again (~2 s).

The state below (started browser, last render, idle timer) is this process's own
handle on its browser, not data of any user.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.infra.config import PROJECT_ROOT

log = logging.getLogger(__name__)

TOPOJSON_DIR = PROJECT_ROOT / "assets" / "_vendor" / "topojson"
#: A worker's browser is stopped after this many seconds without a render
#: (the environment variable ``EXPORT_IDLE_SECONDS`` overrides it).
IDLE_SECONDS = 300.0
#: Flags added to Chromium's own (fewer processes; see the module docstring).
LEAN_FLAGS = ("--no-zygote", "--in-process-gpu")
_render_lock = threading.Lock()  # renders, start and stop of the browser: one at a time
_state: dict[str, Any] = {"started": False, "last": 0.0, "timer": None, "wrapper": None}


def _browser_path() -> str | None:
    """The system's Chromium as a lean wrapper script, or None (Kaleido then finds its own)."""
    if _state["wrapper"]:
        return str(_state["wrapper"])
    chromium = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return None
    folder = Path(tempfile.mkdtemp(prefix="dashboard-chromium-"))
    wrapper = folder / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec "{chromium}" "$@" {" ".join(LEAN_FLAGS)}\n', encoding="utf-8")
    wrapper.chmod(stat.S_IRWXU)
    _state["wrapper"] = wrapper
    return str(wrapper)


def _ensure_server() -> None:
    """Start this process's browser unless it runs (the caller holds ``_render_lock``)."""
    if _state["started"]:
        return
    import kaleido

    path = _browser_path()
    kaleido.start_sync_server(mathjax=False, silence_warnings=True, **({"path": path} if path else {}))
    _state["started"] = True


def _idle_seconds() -> float:
    try:
        return float(os.environ["EXPORT_IDLE_SECONDS"])
    except (KeyError, ValueError):
        return IDLE_SECONDS


def _stop_when_idle() -> None:
    """Stop this process's browser if nothing was rendered for IDLE_SECONDS (timer thread)."""
    with _render_lock:
        idle = time.monotonic() - _state["last"]
        if not _state["started"] or idle < _idle_seconds():
            return
        import kaleido

        try:
            kaleido.stop_sync_server(silence_warnings=True)
        except Exception:  # a browser that has already gone is stopped too
            log.warning("stopping the export browser failed", exc_info=True)
        _state["started"] = False
        log.info("export browser stopped after %.0f s without a render", idle)


def _touch() -> None:
    """A render has just finished: the idle timer starts again."""
    _state["last"] = time.monotonic()
    timer = _state["timer"]
    if timer is not None:
        timer.cancel()
    timer = threading.Timer(_idle_seconds(), _stop_when_idle)
    timer.daemon = True
    timer.start()
    _state["timer"] = timer


def browser_running() -> bool:
    """Whether this process holds a started export browser."""
    return bool(_state["started"])


def figure_png(
    fig: go.Figure | dict[str, Any], *, width: int = 1600, height: int = 900, scale: float = 1
) -> bytes:
    """Render a figure to PNG bytes (slide size by default)."""
    import kaleido

    with _render_lock:  # one render at a time per process: see the module docstring
        _ensure_server()
        try:
            return kaleido.calc_fig_sync(
                fig,
                opts={"format": "png", "width": width, "height": height, "scale": scale},
                topojson=Path(TOPOJSON_DIR).as_uri() + "/",
            )
        finally:
            _touch()
