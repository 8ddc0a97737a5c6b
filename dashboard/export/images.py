"""Figures to PNG with Kaleido, fully offline.

Kaleido 1.x drives the system's Chromium. By default it would load MathJax from
a CDN; here MathJax is off, plotly.js comes from the installed plotly package
and the world topojson from ``assets/_vendor/topojson``. One sync server (one
Chromium) is started per process on first use (starting a browser per image costs
~3 s), and renders are serialised through one lock: Kaleido's sync server answers
through a single queue, so two threads rendering at once could each receive the
other's picture, and the lock also bounds each worker to one browser whatever the
number of concurrent exports.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.infra.config import PROJECT_ROOT

TOPOJSON_DIR = PROJECT_ROOT / "assets" / "_vendor" / "topojson"
_lock = threading.Lock()
_render_lock = threading.Lock()
_started = False


def _ensure_server() -> None:
    global _started  # noqa: PLW0603 - one browser per process, read-only for users
    with _lock:
        if _started:
            return
        import kaleido

        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _started = True


def figure_png(
    fig: go.Figure | dict[str, Any], *, width: int = 1600, height: int = 900, scale: float = 1
) -> bytes:
    """Render a figure to PNG bytes (slide size by default)."""
    import kaleido

    _ensure_server()
    with _render_lock:  # one render at a time per process: see the module docstring
        return kaleido.calc_fig_sync(
            fig,
            opts={"format": "png", "width": width, "height": height, "scale": scale},
            topojson=Path(TOPOJSON_DIR).as_uri() + "/",
        )
