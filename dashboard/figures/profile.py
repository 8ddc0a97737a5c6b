"""The county profile's spine chart (Fingertips style)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import (
    COMPARISON_COLOURS,
    COMPARISON_SYMBOLS,
    NO_DATA_GREY,
    base_layout,
    empty_figure,
)

#: Colours of the comparison with the area (Fingertips: better green, worse red, similar amber).
RANGE_GREY = "#e3e3e3"
QUARTILE_GREY = "#a6a6a6"


def make_spine_chart(
    *, df: pd.DataFrame, labels: Sequence[str], legend: dict[str, str], hover: Sequence[str],
    empty_message: str,
) -> go.Figure:  # fmt: skip
    """A spine chart: one row per indicator (``labels``, top to bottom) of ``df`` from
    :func:`dashboard.views.county.indicator_rows` (positions x_*). The range of all counties
    (light bar), their 25th–75th percentiles (dark bar), the area (vertical line at the
    centre), the target (diamond) and this county (dot coloured and shaped by ``comparison``:
    circle better, square similar, cross worse, open circle no data).

    ``legend``: trace names (keys range, iqr, area, target, better, similar, worse,
    no_data). ``hover``: one text per row for this county's dot.
    """
    if df.empty:
        return empty_figure(empty_message)
    y = list(labels)

    def nz(col: str) -> list[float | None]:
        return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in df[col]]

    lo, hi = nz("x_min"), nz("x_max")
    q1, q3 = nz("x_q25"), nz("x_q75")
    fig = go.Figure()
    fig.add_trace(go.Bar(y=y, x=[None if a is None or b is None else b - a for a, b in zip(lo, hi, strict=True)],
                         base=lo, orientation="h", marker={"color": RANGE_GREY}, name=legend["range"],
                         hoverinfo="skip", width=0.55))  # fmt: skip
    fig.add_trace(go.Bar(y=y, x=[None if a is None or b is None else b - a for a, b in zip(q1, q3, strict=True)],
                         base=q1, orientation="h", marker={"color": QUARTILE_GREY}, name=legend["iqr"],
                         hoverinfo="skip", width=0.55))  # fmt: skip
    fig.add_trace(go.Scatter(y=y, x=nz("x_area"), mode="markers", name=legend["area"], hoverinfo="skip",
                             marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#000"}}))  # fmt: skip
    fig.add_trace(go.Scatter(y=y, x=nz("x_target"), mode="markers", name=legend["target"], hoverinfo="skip",
                             marker={"symbol": "diamond", "size": 11, "color": "#56B4E9",
                                     "line": {"width": 1, "color": "#fff"}}))  # fmt: skip
    comp = df["comparison"].astype(str).tolist()
    xv = nz("x_value")
    for key in ("better", "similar", "worse", "no_data"):
        idx = [i for i, c in enumerate(comp) if c == key]
        if not idx:
            continue
        fig.add_trace(go.Scatter(
            y=[y[i] for i in idx], x=[xv[i] for i in idx], mode="markers", name=legend[key],
            text=[hover[i] for i in idx], hovertemplate="%{text}<extra></extra>",
            marker={"size": 14, "color": "#333" if key == "no_data" else COMPARISON_COLOURS[key],
                    "symbol": COMPARISON_SYMBOLS[key],
                    "line": {"width": 1.5, "color": "#333" if key == "no_data" else "#fff"}},
        ))  # fmt: skip
    fig.update_layout(**base_layout(
        barmode="overlay", height=90 + 44 * len(y), showlegend=True,
        legend={"orientation": "h", "y": -0.08, "x": 0, "font": {"size": 12}},
        margin={"l": 10, "r": 20, "t": 20, "b": 50},
        xaxis={"range": [-0.03, 1.03], "showticklabels": False, "showgrid": False, "zeroline": False,
               "fixedrange": True},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": y, "fixedrange": True,
               "automargin": True},
        plot_bgcolor="white",
    ))  # fmt: skip
    fig.add_annotation(x=0, y=1.0, xref="paper", yref="paper", yanchor="bottom", text=legend.get("worse_end", ""),
                       showarrow=False, font={"size": 11, "color": "#666"}, xanchor="left")  # fmt: skip
    fig.add_annotation(x=1, y=1.0, xref="paper", yref="paper", yanchor="bottom", text=legend.get("better_end", ""),
                       showarrow=False, font={"size": 11, "color": "#666"}, xanchor="right")  # fmt: skip
    return fig


__all__ = ["COMPARISON_COLOURS", "NO_DATA_GREY", "make_spine_chart"]
