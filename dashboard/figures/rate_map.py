"""County rate choropleth (``go.Choropleth`` on ``geo``: offline, local topojson).

Pure builders: they receive every word they draw (title, legend, tooltip template) as
arguments and import no messages; the map page's words are made by
:mod:`dashboard.views.map`.

The figure is a plain dict (building a ``go.Figure`` around 2,875 county polygons costs
far more than the dict; see ../shared/reference/geodata.md) with ONE trace and one
location per county. It is made of two parts:

- :func:`base_map` — geometry, locations and names: sent to the browser once per area;
- :func:`map_values` — what changes with a selection: ``z`` (class codes), the colour
  scale and its legend, the hover template. A changed choice sends it as one ``Patch`` of
  the figure (``callbacks/map.py``), so the boundaries are never sent again;
  :func:`with_values` applies the same keys to the first render's figure.

Colours: ``z`` is a class code, 0 for a county without a shown rate (suppressed, no data)
and 1..k for the classes; the colour scale is *discrete*, its band 0 is
:data:`~dashboard.figures.common.NO_DATA_GREY` and bands 1..k the ColorBrewer YlOrRd
sequential scheme for k classes (colour-blind safe). A suppressed county therefore can
never take a value colour, nor the colour of 0. The colour bar is the legend: it names
every class (the caller's labels) and the grey band.

Hover: with at most :data:`FULL_HOVER_MAX` counties the tooltip gives every number of the
county (joined from the table rows); above that (the national layer) name and rate only,
so the map repaints without waiting for 2,875 table rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dashboard.domain.classify import Classes
from dashboard.figures.common import FONT_FAMILY, NO_DATA_GREY
from dashboard.figures.county_map import geo_layout

#: ColorBrewer YlOrRd, one scheme per number of classes (colour-blind safe, print safe).
YLORRD: dict[int, list[str]] = {
    1: ["#fd8d3c"],
    2: ["#ffeda0", "#f03b20"],
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
}
#: Up to this many counties the tooltip carries every number (see the module docstring).
FULL_HOVER_MAX = 400
MAP_HEIGHT = 560


def palette(k: int) -> list[str]:
    """The sequential colours of ``k`` classes (1..7)."""
    if k not in YLORRD:
        raise ValueError(f"no palette for {k} classes (1 to 7)")
    return YLORRD[k]


def class_colours(classes: Classes) -> list[str]:
    """Colour of each value's class; NO_DATA_GREY for values without a class (code -1)."""
    pal = palette(classes.k)
    return [pal[c] if c >= 0 else NO_DATA_GREY for c in classes.codes.tolist()]


def discrete_colorscale(k: int) -> list[list[Any]]:
    """Stepped colour scale for codes 0 (grey) .. k (classes), with zmin -0.5, zmax k + 0.5."""
    colours = [NO_DATA_GREY, *palette(k)]
    n = len(colours)
    scale: list[list[Any]] = []
    for i, c in enumerate(colours):
        scale += [[round(i / n, 6), c], [round((i + 1) / n, 6), c]]
    return scale


def base_map(*, geojson: dict[str, Any], locations: Sequence[str], names: Sequence[str],
             height: int = MAP_HEIGHT) -> dict[str, Any]:  # fmt: skip
    """The map with its geometry and no values yet (every county grey).

    ``locations`` are adcodes matching the features' ``id``; ``names`` the tooltip names
    (they do not change with the selection). Returns a plain-dict figure.
    """
    n = len(locations)
    trace = {
        "type": "choropleth",
        "geojson": geojson,
        "featureidkey": "id",
        "locations": list(locations),
        "text": list(names),
        "z": [0] * n,
        "zmin": -0.5,
        "zmax": 1.5,
        "colorscale": discrete_colorscale(1),
        "customdata": [""] * n,
        "hovertemplate": "<b>%{text}</b><extra></extra>",
        "marker": {"line": {"color": "white", "width": 0.5 if n < 500 else 0.2}},
        "showscale": False,
    }
    layout = {
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 0, "r": 0, "t": 36, "b": 0},
        "paper_bgcolor": "white",
        "geo": geo_layout(),
        "height": height,
        "title": {"text": "", "x": 0.01, "font": {"size": 15}},
        "uirevision": "map",  # keep the user's zoom while values change
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
    }
    return {"data": [trace], "layout": layout}


def map_values(
    *,
    codes: Sequence[int],
    k: int,
    legend: Sequence[str],
    grey_label: str,
    hovertemplate: str,
    legend_title: str,
) -> dict[str, Any]:
    """The parts of the trace that change with a selection (apply with ``Patch``).

    ``codes``: per location 0 (grey: no shown rate) or class + 1, for ``k`` classes;
    ``legend``: the k class labels; ``grey_label``: the grey band's label;
    ``legend_title``: the colour bar's title (the unit). Returns the trace's keys.
    """
    return {
        "z": list(codes),
        "zmin": -0.5,
        "zmax": k + 0.5,
        "colorscale": discrete_colorscale(k),
        "hovertemplate": hovertemplate,
        "showscale": True,
        "colorbar": {
            "tickvals": list(range(k + 1)),
            "ticktext": [grey_label, *legend],
            "title": {"text": legend_title, "side": "top"},
            "thickness": 14,
            "len": 0.5 + 0.05 * k,
            "x": 0.99,
            "xanchor": "right",
            "y": 0.02,
            "yanchor": "bottom",
            "outlinewidth": 0,
            "ticklabeloverflow": "allow",  # no per-label overflow measuring on each repaint
            "bgcolor": "rgba(255,255,255,0.8)",
        },
    }


def with_values(
    figure: dict[str, Any], *, trace: dict[str, Any], title: str, customdata: Sequence[Any]
) -> dict[str, Any]:
    """``figure`` (from :func:`base_map`) with a selection's trace values, tooltip data and
    title applied in place, as the browser's ``Patch`` applies them. Returns ``figure``."""
    figure["data"][0].update(trace)
    figure["data"][0]["customdata"] = list(customdata)
    figure["layout"]["title"]["text"] = title
    return figure
