"""County choropleth on Plotly's ``geo`` (offline: no tiles, local topojson).

``go.Choropleth`` on ``geo`` repaints faster than MapLibre maps (see
../shared/reference/geodata.md) and needs clockwise outer rings, which
``geodata/build.py`` writes.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import base_layout


def geo_layout() -> dict[str, Any]:
    """A blank ``geo`` subplot fitted to the drawn locations."""
    return {
        "fitbounds": "locations",
        "visible": False,
        "projection": {"type": "mercator"},
        "bgcolor": "rgba(0,0,0,0)",
    }


def make_category_map(
    *,
    geojson: dict[str, Any],
    df: pd.DataFrame,
    location_col: str,
    category_col: str,
    hover_col: str,
    colours: dict[str, str],
    title: str = "",
) -> go.Figure:
    """One choropleth trace, one location per row, coloured by a category.

    Categories become a discrete colour scale on integer codes, so the map stays
    ONE trace (one location per county) whatever the number of categories.
    """
    cats = list(colours)
    codes = df[category_col].map({c: i for i, c in enumerate(cats)}).fillna(-1).astype(int)
    n = max(len(cats), 1)
    scale: list[list[Any]] = []
    for i, c in enumerate(cats):
        scale += [[i / n, colours[c]], [(i + 1) / n, colours[c]]]
    fig = go.Figure(
        go.Choropleth(
            geojson=geojson,
            featureidkey="id",
            locations=df[location_col].tolist(),
            z=codes.tolist(),
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            text=df[hover_col].tolist(),
            hovertemplate="%{text}<extra></extra>",
            marker={"line": {"color": "white", "width": 0.6}},
        )
    )
    fig.update_layout(**base_layout(title={"text": title, "x": 0.01}), geo=geo_layout(),
                      height=520)  # fmt: skip
    return fig
