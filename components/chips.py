"""Status and comparison chips: one colour table, one builder."""

from __future__ import annotations

from dash import html

from dashboard.figures.common import COMPARISON_COLOURS, STATUS_COLOURS, text_on


def chip_colours(key: str, kind: str = "status") -> dict[str, str]:
    """Background, text and border for a chip of ``kind`` "status" or "comparison"."""
    colours = STATUS_COLOURS if kind == "status" else COMPARISON_COLOURS
    fill = colours.get("off_track" if key == "missed" else key, colours.get("no_data", "#ffffff"))
    return {
        "background": fill,
        "color": text_on(fill),  # dark text on light fills, white on dark ones
        "border": "1px solid #bbb" if fill == "#ffffff" else "none",
    }


def status_chip(
    key: str, label: str, *, kind: str = "status", class_name: str = "", **kwargs: object
) -> html.Span:
    """A coloured label carrying its key as ``data-status`` / ``data-comparison``."""
    return html.Span(
        label,
        className=f"status-chip text-nowrap {class_name}".strip(),
        style=chip_colours(key, kind),
        **{f"data-{kind}": key},
        **kwargs,
    )
