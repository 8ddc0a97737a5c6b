"""Shared look of every figure: fonts, colours, the offline map config."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

#: CJK-capable font stack (Debian fonts-noto-cjk on servers and for exports).
FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

#: Colour-blind-safe sequential palette (ColorBrewer YlOrRd 6, as cancer atlases use).
SEQUENTIAL = ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"]
#: Grey for suppressed / no data; never a colour of the value scale.
NO_DATA_GREY = "#d9d9d9"
#: Status colours: blue (good) to orange-brown (bad), ordered by lightness as well as hue, so
#: they stay apart under deuteranopia and protanopia (no green against red). The one palette:
#: chips, scorecard tints, charts and decks all read it (tests/test_palette.py checks it).
STATUS_COLOURS = {
    "met": "#08519c",
    "on_track": "#6baed6",
    "at_risk": "#f0a202",
    "off_track": "#a63603",
    "no_data": "#bdbdbd",
}
#: County against the area (spine chart, profile chips): better blue, similar amber, worse brown.
COMPARISON_COLOURS = {"better": "#08519c", "similar": "#f0a202", "worse": "#a63603", "no_data": "#ffffff"}
#: A mark beside every status colour, so no status is told by colour alone (scorecard cells,
#: legends): met ✓, on track ↗, at risk !, off track / missed ✗, no data –.
STATUS_MARKS = {"met": "✓", "on_track": "↗", "at_risk": "!", "off_track": "✗", "missed": "✗", "no_data": "–"}
#: Marker shapes of the comparison dots (spine chart): colour and shape both tell them apart.
COMPARISON_SYMBOLS = {"better": "circle", "similar": "square", "worse": "x", "no_data": "circle-open"}
#: Qualitative palette (Okabe–Ito).
QUALITATIVE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
               "#000000"]  # fmt: skip


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    h = colour.lstrip("#")
    lin = []
    for i in (0, 2, 4):
        c = int(h[i : i + 2], 16) / 255
        lin.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def text_on(fill: str) -> str:
    """White or near-black text, whichever contrasts more with ``fill``."""
    lum = relative_luminance(fill)
    return (
        "#ffffff"
        if (1.05 / (lum + 0.05)) > ((lum + 0.05) / (relative_luminance("#1b1b1b") + 0.05))
        else "#1b1b1b"
    )


def base_layout(**overrides: Any) -> dict[str, Any]:
    """Layout defaults for every figure."""
    layout: dict[str, Any] = {
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "template": "plotly_white",
    }
    layout.update(overrides)
    return layout


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank (no data, nothing chosen)."""
    fig = go.Figure()
    fig.update_layout(
        **base_layout(),
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": message,
                "showarrow": False,
                "font": {"size": 15, "color": "#666"},
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
            }
        ],  # fmt: skip
    )
    return fig


#: Toolbar buttons that send a chart to an outside host (Plotly Cloud, Chart Studio): never shown.
OUTSIDE_BUTTONS = ("sendChartToCloud", "sendDataToCloud", "editInChartStudio")


def graph_config(lang: str, *, filename: str = "chart") -> dict[str, Any]:
    """dcc.Graph config: local topojson (no CDN), locale, PNG export at slide size.

    Nothing in the toolbar leaves the machine: the "Share chart…" (Plotly Cloud) and
    Chart Studio buttons are switched off and removed, and no server URL is set.
    """
    return {
        "topojsonURL": "/assets/_vendor/topojson/",
        "locale": "zh-CN" if lang == "zh" else "en",
        "displaylogo": False,
        "showSendToCloud": False,
        "showLink": False,
        "plotlyServerURL": "",
        "modeBarButtonsToRemove": ["lasso2d", "select2d", *OUTSIDE_BUTTONS],
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": 1600,
            "height": 900,
            "scale": 1,
        },  # fmt: skip
    }
