"""Figures of the plan-target pages: sparkline, trend with projection, ranking, funnel.

Pure builders ``make_x(*, df, labels, ...) -> go.Figure``: DataFrames and ready-made text
in, a figure out. The text of each figure arrives in one frozen ``*Labels`` object (built
in the page's language by ``dashboard.views``); nothing here translates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.epi import funnel_limits_proportion, funnel_position
from dashboard.figures.common import NO_DATA_GREY, QUALITATIVE, STATUS_COLOURS, base_layout, empty_figure

#: Colour ramp for "number of targets met" (ColorBrewer Greens 7, light to dark).
GREENS = ["#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#005a32"]
TARGET_COLOUR = "#b2182b"
AREA_COLOUR = "#222222"


def status_colour(key: str) -> str:
    """Full status colour of a status key ("missed" = off track after the deadline)."""
    return STATUS_COLOURS.get("off_track" if key == "missed" else key, NO_DATA_GREY)


def status_tint(key: str, amount: float = 0.4) -> str:
    """The status colour mixed with white: the background of a scorecard cell (dark text on it)."""
    h = status_colour(key).lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def met_count_colours(n_max: int) -> list[str]:
    """n_max + 1 colours for 0..n_max targets met, light (none) to dark green (all)."""
    if n_max <= 0:
        return [GREENS[0]]
    idx = np.round(np.linspace(0, len(GREENS) - 1, n_max + 1)).astype(int)
    return [GREENS[i] for i in idx]


@dataclass(frozen=True)
class SparklineLabels:
    """Text of :func:`make_sparkline`."""

    no_data: str  # the blank figure's message
    observed: str  # trace name of the observed values
    target: str  # trace name (and hover) of the target line


@dataclass(frozen=True)
class TrendLabels:
    """Text of :func:`make_trend_chart` (already in the page's language)."""

    no_data: str
    target: str  # legend: "<target> 55%"
    projection: str
    interval: str  # the 95% prediction band
    deadline: str  # the annotation of the deadline line, e.g. "Deadline 2027"
    x_axis: str
    y_axis: str
    title: str = ""


@dataclass(frozen=True)
class RankingLabels:
    """Text of :func:`make_ranking_chart`."""

    x_title: str
    no_data: str
    zero: str  # the label of the 0 line ("Target", or "no change" for a slope)
    left_out: str  # template with ``{n}``: counties without a value, not drawn
    title: str = ""


@dataclass(frozen=True)
class FunnelLabels:
    """Text of :func:`make_funnel_plot`."""

    not_applicable: str  # the blank figure's message
    centre: str  # legend of the centre line
    limits: str  # template with ``{level}``: "95% control limits"
    x_axis: str
    x_axis_log: str
    y_axis: str
    within: str
    edge: str
    better: str
    worse: str
    title: str = ""


class Projection(Protocol):
    """What the trend chart reads of a judgement (a :class:`dashboard.domain.status.TargetStatus`)."""

    @property
    def fit(self) -> Any:  # a TrendFit with ``predict(years) -> (fit, lower, upper)``, or None
        ...

    @property
    def projection_year(self) -> int | None: ...

    @property
    def latest_year(self) -> int | None: ...


def _unit_suffix(unit: str) -> str:
    return "%" if unit == "%" else ""


def make_sparkline(
    *,
    df: pd.DataFrame,
    target: float | None,
    status: str,
    unit: str,
    labels: SparklineLabels,
    deadline: int | None = None,
) -> go.Figure:
    """A small trend line (columns year, value) with the target drawn as a dashed line.

    The x range runs to the deadline so the target line shows how far there is to go.
    """
    d = df.dropna(subset=["value"]).sort_values("year")
    if d.empty:
        return empty_figure(labels.no_data)
    colour = STATUS_COLOURS.get(status, NO_DATA_GREY)
    sfx = _unit_suffix(unit)
    fig = go.Figure(
        go.Scatter(
            x=d["year"], y=d["value"], mode="lines+markers", line={"color": colour, "width": 2},
            marker={"size": 4}, name=labels.observed,
            hovertemplate=f"%{{x}}: %{{y:.1f}}{sfx}<extra></extra>",
        )
    )  # fmt: skip
    x0 = int(d["year"].min())
    x1 = max(int(d["year"].max()), int(deadline or 0))
    ys = d["value"].tolist()
    if target is not None:
        fig.add_trace(
            go.Scatter(
                x=[x0, x1], y=[target, target], mode="lines", line={"color": TARGET_COLOUR, "width": 1, "dash": "dash"},
                name=labels.target,
                hovertemplate=f"{labels.target}: {target:g}{sfx}<extra></extra>",
            )
        )  # fmt: skip
        ys.append(target)
    if deadline is not None:
        fig.add_vline(x=deadline, line={"color": "#999", "width": 1, "dash": "dot"})
    lo, hi = min(ys), max(ys)
    pad = max((hi - lo) * 0.15, 0.5)
    fig.update_layout(
        **base_layout(margin={"l": 2, "r": 2, "t": 2, "b": 16}, template="none"),  # a bare template: 3x faster
        height=80, showlegend=False,
        xaxis={"range": [x0 - 0.4, x1 + 0.4], "fixedrange": True, "showgrid": False, "zeroline": False,
               "tickvals": sorted({x0, int(d["year"].max()), x1, int(deadline or x1)}),
               "tickfont": {"size": 10, "color": "#777"},
               "ticks": "", "showline": False},
        yaxis={"visible": False, "range": [lo - pad, hi + pad], "fixedrange": True},
        hovermode="closest",
    )  # fmt: skip
    return fig


def _band_colour(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def make_trend_chart(
    *,
    series: pd.DataFrame,
    region: str,
    names: dict[str, str],
    target: float | None,
    deadline: int,
    assessment: Projection | None,
    unit: str,
    labels: TrendLabels,
) -> go.Figure:
    """Trend of the plan area (black, with its interval) and chosen counties (colours).

    ``series``: rows of :func:`dashboard.queries.indicators.indicator_series` for the area
    and the counties to draw. The target is a dashed line, the deadline a dotted vertical
    line, and the area's projection to the deadline (when there is one) a dashed line in a
    shaded 95% prediction band.
    """
    d = series.dropna(subset=["value"])
    if d.empty:
        return empty_figure(labels.no_data)
    sfx = _unit_suffix(unit)
    fig = go.Figure()
    county_codes = [a for a in dict.fromkeys(d["area"]) if a != region]
    for i, code in enumerate(county_codes):
        g = d[d["area"] == code].sort_values("year")
        colour = QUALITATIVE[i % len(QUALITATIVE)]
        err = _error_y(g)
        fig.add_trace(go.Scatter(
            x=g["year"], y=g["value"], mode="lines+markers", name=names.get(code, code),
            line={"color": colour, "width": 1.5}, marker={"size": 5}, error_y=err,
            hovertemplate=f"{names.get(code, code)} %{{x}}: %{{y:.1f}}{sfx}<extra></extra>",
        ))  # fmt: skip
    a = d[d["area"] == region].sort_values("year")
    if not a.empty:
        fig.add_trace(go.Scatter(
            x=a["year"], y=a["value"], mode="lines+markers", name=names.get(region, region),
            line={"color": AREA_COLOUR, "width": 3}, marker={"size": 7}, error_y=_error_y(a),
            hovertemplate=f"{names.get(region, region)} %{{x}}: %{{y:.1f}}{sfx}<extra></extra>",
        ))  # fmt: skip
    x_max = max(int(d["year"].max()), deadline)
    x_min = int(d["year"].min())
    fit = assessment.fit if assessment is not None else None
    if fit is not None and assessment.projection_year is not None and assessment.latest_year is not None \
            and assessment.projection_year > assessment.latest_year:  # fmt: skip
        xs = np.arange(assessment.latest_year, assessment.projection_year + 1)
        yf, ylo, yhi = fit.predict(xs)
        top = 100.0 if unit == "%" else np.inf
        yf, ylo, yhi = (np.clip(v, 0, top) for v in (yf, ylo, yhi))
        band = _band_colour(AREA_COLOUR, 0.12)
        label = labels.interval
        fig.add_trace(go.Scatter(
            x=np.concatenate([xs, xs[::-1]]), y=np.concatenate([yhi, ylo[::-1]]), fill="toself", mode="lines",
            fillcolor=band, line={"width": 0}, name=label, hoverinfo="skip",
        ))  # fmt: skip
        fig.add_trace(go.Scatter(
            x=xs, y=yf, mode="lines", line={"color": AREA_COLOUR, "width": 2, "dash": "dash"},
            name=labels.projection,
            customdata=np.column_stack([ylo, yhi]),
            hovertemplate=(f"{labels.projection} %{{x}}: %{{y:.1f}}{sfx}"
                           f" (%{{customdata[0]:.1f}}–%{{customdata[1]:.1f}}{sfx})<extra></extra>"),
        ))  # fmt: skip
    if target is not None:
        fig.add_trace(go.Scatter(
            x=[x_min - 0.5, x_max + 0.5], y=[target, target], mode="lines",
            line={"color": TARGET_COLOUR, "width": 2, "dash": "dash"},
            name=f"{labels.target} {target:g}{sfx}", hoverinfo="skip",
        ))  # fmt: skip
    fig.add_vline(x=deadline, line={"color": "#555", "width": 1.5, "dash": "dot"})
    fig.add_annotation(x=deadline, y=1, yref="paper", text=labels.deadline,
                       showarrow=False, xanchor="center", yanchor="bottom", font={"size": 12, "color": "#555"})  # fmt: skip
    fig.update_layout(
        **base_layout(title={"text": labels.title, "x": 0.01}, margin={"l": 10, "r": 10, "t": 50, "b": 10}),
        height=420, hovermode="closest",
        legend={"orientation": "h", "y": -0.15},
        xaxis={"title": labels.x_axis, "dtick": 1, "range": [x_min - 0.5, x_max + 0.5]},
        yaxis={"title": labels.y_axis, "rangemode": "tozero" if unit != "%" else "normal"},
    )  # fmt: skip
    return fig


def _error_y(g: pd.DataFrame) -> dict[str, Any] | None:
    if not {"lower", "upper"} <= set(g.columns) or g[["lower", "upper"]].isna().all().all():
        return None
    return {
        "type": "data", "symmetric": False, "thickness": 1, "width": 3,
        "array": (g["upper"] - g["value"]).clip(lower=0).fillna(0).tolist(),
        "arrayminus": (g["value"] - g["lower"]).clip(lower=0).fillna(0).tolist(),
    }  # fmt: skip


def make_ranking_chart(
    *,
    df: pd.DataFrame,
    higher_is_better: bool,
    labels: RankingLabels,
) -> go.Figure:
    """Counties ranked by their distance to the target, best first, with intervals.

    ``df`` columns: name, gap (value - target), gap_lower, gap_upper (NaN: no interval),
    status (colour), hover (text). Counties without a gap are left out; the chart says
    how many.
    """
    d = df.dropna(subset=["gap"]).copy()
    if d.empty:
        return empty_figure(labels.no_data)
    d["_key"] = d["gap"] * (1 if higher_is_better else -1)
    d = d.sort_values("_key", ascending=True)  # best at the top of a horizontal chart
    has_ci = d["gap_lower"].notna() & d["gap_upper"].notna()
    err = None
    if has_ci.any():
        err = {"type": "data", "symmetric": False, "thickness": 1.2, "width": 3, "color": "#666",
               "array": (d["gap_upper"] - d["gap"]).where(has_ci, 0).clip(lower=0).tolist(),
               "arrayminus": (d["gap"] - d["gap_lower"]).where(has_ci, 0).clip(lower=0).tolist()}  # fmt: skip
    colours = [STATUS_COLOURS.get(s, NO_DATA_GREY) for s in d["status"]]
    fig = go.Figure(go.Scatter(
        x=d["gap"], y=d["name"], mode="markers", error_x=err,
        marker={"color": colours, "size": 9, "line": {"color": "#333", "width": 0.5}},
        text=d["hover"], hovertemplate="%{text}<extra></extra>", showlegend=False,
    ))  # fmt: skip
    fig.add_vline(x=0, line={"color": TARGET_COLOUR, "width": 2, "dash": "dash"})
    fig.add_annotation(x=0, y=1, yref="paper", yanchor="bottom", showarrow=False, text=labels.zero,
                       font={"size": 12, "color": TARGET_COLOUR})  # fmt: skip
    missing = len(df) - len(d)
    if missing:
        fig.add_annotation(x=1, y=0, xref="paper", yref="paper", xanchor="right", yanchor="bottom", showarrow=False,
                           text=labels.left_out.format(n=missing), font={"size": 11, "color": "#666"})  # fmt: skip
    fig.update_layout(
        **base_layout(title={"text": labels.title, "x": 0.01}, margin={"l": 10, "r": 20, "t": 60, "b": 10}),
        height=max(260, 22 * len(d) + 110),
        xaxis={"title": labels.x_title, "zeroline": False},
        yaxis={"title": None, "automargin": True, "categoryorder": "array", "categoryarray": d["name"].tolist()},
    )  # fmt: skip
    return fig


def make_funnel_plot(
    *,
    df: pd.DataFrame,
    p0: float,
    higher_is_better: bool,
    labels: FunnelLabels,
) -> go.Figure:
    """Funnel plot: county proportions (%) against their denominators, with control limits.

    ``df`` columns: name, numerator, n (denominator), value (percent). Limits are the exact
    binomial 95% and 99.8% limits around ``p0`` (percent, strictly between 0 and 100;
    Spiegelhalter 2005, ``dashboard.epi.funnel_limits_proportion``). A county outside the
    99.8% limits differs from ``p0`` by more than chance; inside, its distance is noise.
    """
    d = df.dropna(subset=["value", "n", "numerator"])
    d = d[d["n"] > 0]
    if d.empty or not 0 < p0 < 100:
        return empty_figure(labels.not_applicable)
    n_min, n_max = float(d["n"].min()), float(d["n"].max())
    grid = np.unique(np.round(np.geomspace(max(1.0, n_min * 0.7), n_max * 1.3, 160)))
    lim = funnel_limits_proportion(p0 / 100, grid, (0.95, 0.998))
    fig = go.Figure()
    for lvl, dash, label in (("998", "dot", "99.8%"), ("95", "dash", "95%")):
        for side in ("lower", "upper"):
            fig.add_trace(go.Scatter(
                x=lim["n"], y=100 * lim[f"{side}_{lvl}"], mode="lines", line={"color": "#777", "width": 1, "dash": dash},
                name=labels.limits.format(level=label), legendgroup=lvl, showlegend=side == "lower",
                hoverinfo="skip",
            ))  # fmt: skip
    fig.add_trace(go.Scatter(
        x=[grid[0], grid[-1]], y=[p0, p0], mode="lines", line={"color": TARGET_COLOUR, "width": 2},
        name=labels.centre, hoverinfo="skip",
    ))  # fmt: skip
    x = d["numerator"].round().astype(int).to_numpy()
    n = d["n"].round().astype(int).to_numpy()
    x = np.minimum(x, n)
    pos998 = np.atleast_1d(funnel_position(x, n, p0 / 100, 0.998))
    pos95 = np.atleast_1d(funnel_position(x, n, p0 / 100, 0.95))
    good, bad = ("above", "below") if higher_is_better else ("below", "above")
    cats = np.where(pos998 == good, "better", np.where(pos998 == bad, "worse",
                    np.where(pos95 == "within", "within", "edge")))  # fmt: skip
    colours = {"better": STATUS_COLOURS["met"], "worse": STATUS_COLOURS["off_track"],
               "within": "#4a6fa5", "edge": STATUS_COLOURS["at_risk"]}  # fmt: skip
    for cat in ("within", "edge", "better", "worse"):
        m = cats == cat
        if not m.any():
            continue
        sub = d[m]
        fig.add_trace(go.Scatter(
            x=sub["n"], y=sub["value"], mode="markers", name=getattr(labels, cat),
            marker={"color": colours[cat], "size": 9, "line": {"color": "#333", "width": 0.5}},
            text=sub["name"], customdata=sub["n"],
            hovertemplate="<b>%{text}</b><br>%{y:.1f}%<br>n = %{customdata:,.0f}<extra></extra>",
        ))  # fmt: skip
    log_x = n_max / max(n_min, 1) > 20
    fig.update_layout(
        **base_layout(title={"text": labels.title, "x": 0.01}, margin={"l": 10, "r": 10, "t": 50, "b": 10}),
        height=420, legend={"orientation": "h", "y": -0.2},
        xaxis={"title": labels.x_axis_log if log_x else labels.x_axis, "type": "log" if log_x else "linear"},
        yaxis={"title": labels.y_axis},
    )  # fmt: skip
    return fig
