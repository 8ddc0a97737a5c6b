"""Bar chart of county rates with 95% intervals, and a county's rates by year.

Plain-dict figures (cheap to build and to send). Bars are horizontal, highest rate at the
top, coloured with the county's map class so the chart and the map read together; the
area's own rate is a dashed vertical line. Counties without a shown rate are left out
(the caller says how many); with many counties only the highest ``max_bars`` are drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dashboard.figures.common import FONT_FAMILY, QUALITATIVE

MAX_BARS = 40
BAR_PX = 19


def _layout(**kw: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "font": {"family": FONT_FAMILY, "size": 12},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 10, "r": 20, "t": 44, "b": 40},
        "showlegend": False,
    }
    layout.update(kw)
    return layout


def make_rate_bars(
    *,
    rows: Sequence[dict[str, Any]],
    area_rate: float | None,
    area_label: str,
    title: str,
    axis_title: str,
    decimals: int = 1,
    max_bars: int = MAX_BARS,
    note: str = "",
) -> dict[str, Any]:
    """Horizontal bars of ``rows`` (dicts with county, rate, lower, upper, colour, area and
    optionally ``rank_text``, the rank with its 95% interval in words).

    Rows with ``rate`` None are skipped. Bars are ordered by rate (highest on top); the
    error bars are the 95% interval; a row's ``rank_text`` follows its name on the axis
    (and so in the tooltip); ``area_rate`` is drawn as a dashed line
    labelled ``area_label``. ``customdata`` carries each bar's adcode (for clicks).
    """
    shown = sorted((r for r in rows if r.get("rate") is not None), key=lambda r: r["rate"], reverse=True)
    shown = shown[:max_bars]
    shown.reverse()  # plotly draws the first category at the bottom
    y = [f"{r['county']}  {r['rank_text']}" if r.get("rank_text") else r["county"] for r in shown]
    x = [r["rate"] for r in shown]
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": y,
        "x": x,
        "marker": {
            "color": [r.get("colour") or QUALITATIVE[0] for r in shown],
            "line": {"color": "#666", "width": 0.5},
        },  # fmt: skip
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [round(r["upper"] - r["rate"], 6) for r in shown],
            "arrayminus": [round(r["rate"] - r["lower"], 6) for r in shown],
            "color": "#444",
            "thickness": 1,
            "width": 3,
        },
        "customdata": [[r["area"], r["lower"], r["upper"]] for r in shown],
        "hovertemplate": (
            f"<b>%{{y}}</b><br>%{{x:.{decimals}f}} (%{{customdata[1]:.{decimals}f}}–"
            f"%{{customdata[2]:.{decimals}f}})<extra></extra>"
        ),
    }
    shapes = []
    annotations = []
    if area_rate is not None and shown:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": area_rate, "x1": area_rate,
                       "y0": 0, "y1": 1, "line": {"color": "#222", "width": 1.5, "dash": "dash"}})  # fmt: skip
        annotations.append({"x": area_rate, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom",
                            "text": area_label, "showarrow": False, "font": {"size": 12}})  # fmt: skip
    if note:
        annotations.append({"x": 0, "y": -0.02 - 28 / max(len(shown) * BAR_PX + 90, 120), "xref": "paper",
                            "yref": "paper", "xanchor": "left", "yanchor": "top", "text": note,
                            "showarrow": False, "font": {"size": 11, "color": "#666"}})  # fmt: skip
    height = bars_height(len(shown))
    layout = _layout(
        title={"text": title, "x": 0.01, "font": {"size": 14}},
        height=height,
        xaxis={"title": {"text": axis_title}, "zeroline": True, "gridcolor": "#eee", "rangemode": "tozero"},
        yaxis={"automargin": True, "tickfont": {"size": 11}},
        shapes=shapes,
        annotations=annotations,
        bargap=0.25,
    )
    return {"data": [trace] if shown else [], "layout": layout}


def bars_height(n_bars: int) -> int:
    """The height of a bar chart of ``n_bars`` bars (see :func:`make_rate_bars`)."""
    return max(n_bars * BAR_PX + 110, 220)


def make_bars_placeholder(*, n_bars: int, title: str) -> dict[str, Any]:
    """An empty chart the size of the bars to come: the first render sends this, so the page
    does not jump and the map is drawn first; the bars follow a moment later."""
    return {"data": [], "layout": _layout(title={"text": title, "x": 0.01, "font": {"size": 14}},
                                          height=bars_height(n_bars), xaxis={"visible": False},
                                          yaxis={"visible": False})}  # fmt: skip


def make_county_trend(
    *,
    years: Sequence[int],
    rates: Sequence[float | None],
    lowers: Sequence[float | None],
    uppers: Sequence[float | None],
    title: str,
    axis_title: str,
    decimals: int = 1,
) -> dict[str, Any]:
    """A county's rate by year: points with 95% error bars; suppressed years are gaps."""
    ys = list(years)
    r = [None if v is None else float(v) for v in rates]
    up = [None if v is None or a is None else round(float(v) - a, 6) for v, a in zip(uppers, r, strict=True)]
    dn = [None if v is None or a is None else round(a - float(v), 6) for v, a in zip(lowers, r, strict=True)]
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": ys,
        "y": r,
        "line": {"color": QUALITATIVE[0], "width": 2},
        "marker": {"size": 7},
        "connectgaps": False,
        "error_y": {
            "type": "data",
            "symmetric": False,
            "array": up,
            "arrayminus": dn,
            "color": QUALITATIVE[0],
            "thickness": 1,
            "width": 3,
        },  # fmt: skip
        "hovertemplate": f"%{{x}}: %{{y:.{decimals}f}}<extra></extra>",
    }
    layout = _layout(
        title={"text": title, "x": 0.01, "font": {"size": 13}},
        height=260,
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        xaxis={"dtick": 1, "gridcolor": "#eee"},
        yaxis={"title": {"text": axis_title}, "rangemode": "tozero", "gridcolor": "#eee", "automargin": True},
    )
    return {"data": [trace], "layout": layout}
