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
#: Status colours (Okabe–Ito derived, distinguishable with colour-blindness).
STATUS_COLOURS = {
    "met": "#1a9850",
    "on_track": "#66bd63",
    "at_risk": "#f0a202",
    "off_track": "#d73027",
    "no_data": "#bdbdbd",
}
#: County against the area (spine chart, profile chips).
COMPARISON_COLOURS = {"better": "#1a9850", "similar": "#f0a202", "worse": "#d73027", "no_data": "#ffffff"}
#: Qualitative palette (Okabe–Ito).
QUALITATIVE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
               "#000000"]  # fmt: skip


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
