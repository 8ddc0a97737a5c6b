"""Screening figures: coverage over time, cascade, early diagnosis, funnel, programme matrix/map.

Pure builders ``make_x(*, df, labels, ...) -> go.Figure`` on frames made by
:mod:`dashboard.domain.screening` (proportions as fractions; drawn as percentages). Every word
arrives ready-made in ``labels`` (a ``TypedDict`` per figure, filled in the chosen
language by :mod:`dashboard.views.screening`): this module formats numbers, never
chooses a language. Every figure carries its unit, year and definition in its title
and subtitle, so a PNG export stands on its own. Masked counts are never drawn to
scale, and suppressed proportions are not plotted.

Large grids (small multiples) are built as plain dicts, which is about ten times faster
than ``make_subplots`` + ``add_trace`` for 38 panels.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.domain.screening import PROGRAMMES
from dashboard.epi import compare_with_benchmark_array
from dashboard.figures.common import (
    NO_DATA_GREY,
    STATUS_COLOURS,
    base_layout,
    empty_figure,
)
from dashboard.figures.county_map import geo_layout

COUNTY_BLUE = "#0072B2"
HIGHLIGHT = "#D55E00"
AREA_COLOUR = "#333333"
OTHER_GREY = "#c4c4c4"
TARGET_COLOUR = "#1a9850"
LIMIT_COLOUR = "#7f7f7f"
#: Coverage scale (ColorBrewer Blues 6): high coverage is good, so not the red incidence palette.
COVERAGE_SCALE = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
#: Colours of a county against the area (neutral: "higher" is not always better).
COMPARISON_COLOURS = {"higher": "#0072B2", "similar": "#9e9e9e", "lower": "#E69F00", "no_data": NO_DATA_GREY}
#: Colours of a county against the early-diagnosis line (interval wholly above, spans, below).
REFERENCE_COLOURS = {"better": STATUS_COLOURS["met"], "similar": STATUS_COLOURS["at_risk"],
                     "worse": STATUS_COLOURS["off_track"], "no_data": STATUS_COLOURS["no_data"]}  # fmt: skip


# --- The text each figure receives ------------------------------------------------------------


class CoverageLabels(TypedDict):
    """Words of :func:`make_coverage_trend` and :func:`make_coverage_small_multiples`."""

    title: str
    subtitle: str
    empty: str  #: the message of an empty figure
    names: Mapping[str, str]  #: county adcode -> name
    area: str  #: the area's line ("Chongqing as a whole")
    area_name: str
    target: str  #: the target line's label ("" without a target)
    others: str  #: the grey lines of the other counties (trend)
    x_axis: str  #: (trend)
    y_axis: str  #: (trend)
    not_running: str  #: a panel without data (small multiples)
    county: str  #: the legend word for a county's line (small multiples)


class CascadeLabels(TypedDict):
    """Words of :func:`make_cascade`; the lists follow the rows of the cascade frame."""

    title: str
    subtitle: str
    empty: str
    county: str  #: the county's name
    area: str  #: the area's rate ticks ("Chongqing as a whole")
    area_name: str
    steps: Sequence[str]  #: one per row (step)
    conversions: Sequence[str]  #: one per conversion row (rows 2.. of the frame)
    comparisons: Sequence[str]  #: one per conversion row ("lower than Chongqing")
    reasons: Sequence[str]  #: one per conversion row, why a rate is not shown ("" when shown)
    legend: Mapping[str, str]  #: "higher"/"similar"/"lower" -> legend entry
    x_axis: str  #: people (linear scale)
    x2_axis: str  #: conversion rate (%)
    hidden: NotRequired[str]  #: the text of a hidden count (default "<limit+1>")


class EarlyCountyLabels(TypedDict):
    """Words of :func:`make_early_by_county`."""

    title: str
    subtitle: str
    empty: str
    names: Mapping[str, str]
    status: Mapping[str, str]  #: "better"/"similar"/"worse" against the line -> legend entry
    reference: str  #: the 55% line
    area: str  #: the area's rate line ("" when it has none)
    hidden_note: str  #: "the n counties marked — ..." ("" when none is hidden)
    x_axis: str


class EarlyProgrammeLabels(TypedDict):
    """Words of :func:`make_early_by_programme`."""

    title: str
    subtitle: str
    empty: str
    programmes: Mapping[str, str]
    area: str
    area_name: str
    county: str
    reference: str
    y_axis: str


class FunnelLabels(TypedDict):
    """Words of :func:`make_funnel`."""

    title: str
    subtitle: str
    empty: str
    names: Mapping[str, str]
    limit95: str
    limit998: str
    centre: str  #: the area's rate ("Chongqing 61.2%")
    positions: Mapping[str, str]  #: "above"/"within"/"below" -> legend entry
    reference: str
    x_axis: str
    y_axis: str


class ProgrammeLabels(TypedDict):
    """Words of :func:`make_programme_matrix` and :func:`make_programme_map`."""

    title: str
    subtitle: str
    empty: str
    names: Mapping[str, str]
    programmes: Mapping[str, str]
    not_running: str
    no_data: str
    colorbar: str


FULL, HALF = 1250, 590  # usable figure widths (px) in a full-width and a half-width card


def _text_px(text: str, size: float) -> float:
    """Rough rendered width of a string: CJK glyphs are square, Latin ones about half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.55 for ch in text)


def wrap_text(text: str, width_px: float, size: float) -> str:
    """Break ``text`` with <br> so no line is wider than ``width_px`` (breaks at spaces and
    Chinese/English punctuation; a long CJK run may break anywhere)."""
    lines: list[str] = []
    line = ""
    for piece in re.findall(r"[^\s；，、·;,]*[\s；，、·;,]?", text):
        if not piece:
            continue
        if line and _text_px(line + piece, size) > width_px:
            lines.append(line.rstrip())
            line = piece.lstrip()
            while _text_px(line, size) > width_px:  # one piece longer than a line
                cut = max(1, int(len(line) * width_px / _text_px(line, size)))
                lines.append(line[:cut])
                line = line[cut:]
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return "<br>".join(lines)


def _title(text: str, subtitle: str, width: float = FULL) -> dict[str, Any]:
    return {"text": wrap_text(text, width, 17), "x": 0.01, "xanchor": "left", "yref": "container", "y": 1,
            "yanchor": "top",
            "subtitle": {"text": wrap_text(subtitle, width, 12), "font": {"size": 12, "color": "#555"}}}  # fmt: skip


def _fit_title(layout: dict[str, Any]) -> dict[str, Any]:
    """Grow the top margin by the extra lines of a wrapped title and subtitle."""
    title = layout.get("title") or {}
    extra = (
        title.get("text", "").count("<br>") * 22
        + title.get("subtitle", {}).get("text", "").count("<br>") * 16
    )
    layout["margin"] = {**layout.get("margin", {}), "t": layout.get("margin", {}).get("t", 80) + extra}
    if "height" in layout:
        layout["height"] += extra
        if title:  # 12 px below the top edge (title.pad hardly applies to a container-anchored title);
            # plotly lifts a top-anchored title by one line height per extra line: put it back
            lines = title.get("text", "").count("<br>")
            layout["title"] = {**title, "y": 1 - (12 + 22 * lines) / layout["height"]}
    return layout


def _pct(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else float(v) * 100


def _pcts(s: pd.Series) -> list[float | None]:
    return [_pct(v) for v in s]


def _hline(y: float, label: str, *, xref: str = "x", yref: str = "y") -> tuple[dict, dict]:
    shape = {"type": "line", "xref": f"{xref} domain", "yref": yref, "x0": 0, "x1": 1, "y0": y, "y1": y,
             "line": {"color": TARGET_COLOUR, "width": 1.5, "dash": "dash"}}  # fmt: skip
    ann = {"xref": f"{xref} domain", "yref": yref, "x": 1, "y": y, "text": label, "showarrow": False,
           "xanchor": "right", "yanchor": "bottom", "font": {"size": 11, "color": TARGET_COLOUR}}  # fmt: skip
    return shape, ann


# --- 1. Coverage over time -------------------------------------------------------------------


def make_coverage_trend(
    *,
    counties_df: pd.DataFrame,
    area_df: pd.DataFrame,
    highlight: str | None,
    target: dict[str, Any] | None,
    labels: CoverageLabels,
) -> go.Figure:
    """Coverage (%) by year: the highlighted county against the other counties and the area.

    ``counties_df``: county rows of one programme (area, name_zh, name_en, year, coverage,
    coverage_lower, coverage_upper). ``area_df``: the area's rows (year, coverage, ...).
    The other counties are ONE grey trace (gaps between counties), the highlighted county
    a coloured line with its 95% Wilson interval, the area a dark dashed line, and the
    plan target (if any) a green dashed line. Years with no data are gaps, never 0.
    """
    if counties_df.empty and area_df.empty:
        return empty_figure(labels["empty"])
    names = labels["names"]
    years = sorted(set(counties_df["year"]).union(area_df["year"]))
    y0, y1 = int(min(years)), int(max(years))
    data: list[dict[str, Any]] = []
    others = counties_df[counties_df["area"] != highlight]
    xs: list[Any] = []
    ys: list[Any] = []
    texts: list[Any] = []
    for _code, g in others.groupby("area", sort=True):
        g = g.sort_values("year")
        xs += g["year"].tolist() + [None]
        ys += _pcts(g["coverage"]) + [None]
        nm = names.get(_code, _code)
        texts += [nm] * len(g) + [None]
    if xs:
        data.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "text": texts,
                     "name": labels["others"], "line": {"color": OTHER_GREY, "width": 1},
                     "hovertemplate": "%{text}<br>%{x}: %{y:.1f}%<extra></extra>", "connectgaps": False,
                     "uid": "others"})  # fmt: skip
    if not area_df.empty:
        a = area_df.sort_values("year")
        data.append({"type": "scatter", "mode": "lines+markers", "x": a["year"].tolist(), "y": _pcts(a["coverage"]),
                     "name": labels["area"],
                     "line": {"color": AREA_COLOUR, "width": 2, "dash": "dash"}, "marker": {"size": 5},
                     "hovertemplate": "%{x}: %{y:.1f}%<extra>" + labels["area_name"] + "</extra>", "uid": "area"})  # fmt: skip
    hl = counties_df[counties_df["area"] == highlight].sort_values("year")
    if not hl.empty:
        nm = names.get(str(highlight), str(highlight))
        v = np.array(_pcts(hl["coverage"]), dtype=float)
        lo = np.array(_pcts(hl["coverage_lower"]), dtype=float)
        hi = np.array(_pcts(hl["coverage_upper"]), dtype=float)
        data.append({"type": "scatter", "mode": "lines+markers", "x": hl["year"].tolist(),
                     "y": [None if np.isnan(x) else x for x in v], "name": nm,
                     "line": {"color": HIGHLIGHT, "width": 3}, "marker": {"size": 7},
                     "error_y": {"type": "data", "symmetric": False, "array": np.nan_to_num(hi - v).tolist(),
                                 "arrayminus": np.nan_to_num(v - lo).tolist(), "color": HIGHLIGHT,
                                 "thickness": 1, "width": 3},
                     "hovertemplate": "%{x}: %{y:.1f}%<extra>" + nm + "</extra>",
                     "uid": f"highlight-{highlight}"})  # fmt: skip
    layout = base_layout(
        title=_title(labels["title"], labels["subtitle"]),
        margin={"l": 60, "r": 20, "t": 80, "b": 50},
        xaxis={"title": {"text": labels["x_axis"]}, "dtick": 1, "range": [y0 - 0.4, y1 + 0.4]},
        yaxis={"title": {"text": labels["y_axis"]}, "range": [0, 100], "ticksuffix": ""},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        height=420,
        hovermode="closest",
    )
    fig = go.Figure(data=data, layout=_fit_title(layout))
    if target:
        shape, ann = _hline(target["value"], labels["target"])
        fig.update_layout(shapes=[shape], annotations=[ann])
    return fig


def make_coverage_small_multiples(
    *,
    counties_df: pd.DataFrame,
    area_df: pd.DataFrame,
    panels: Sequence[str],
    highlight: str | None,
    target: dict[str, Any] | None,
    labels: CoverageLabels,
    ncols: int = 6,
) -> go.Figure:
    """One small panel per county: its coverage (%) by year beside the area's (dashed).

    ``panels``: the adcodes of the counties to draw, in order. The highlighted
    county's panel is drawn in the highlight colour with a bold title; a county that never
    ran the programme gets a "not running" panel. Shared axes (0–100%, all years).
    """
    panels = list(panels)
    if not panels:
        return empty_figure(labels["empty"])
    names = labels["names"]
    years = sorted(set(counties_df["year"]).union(area_df["year"])) or [0]
    y0, y1 = int(min(years)), int(max(years))
    n = len(panels)
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    hgap, vgap = 0.012, 0.32 / nrows if nrows > 1 else 0.0
    cell_w = (1 - hgap * (ncols - 1)) / ncols
    cell_h = (1 - vgap * (nrows - 1)) / nrows
    by_county = dict(tuple(counties_df.groupby("area"))) if not counties_df.empty else {}
    a = area_df.sort_values("year")
    area_x, area_y = a["year"].tolist(), _pcts(a["coverage"])
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = base_layout(
        title=_title(labels["title"], labels["subtitle"]),
        margin={"l": 45, "r": 10, "t": 90, "b": 30},
        height=110 + 135 * nrows,
        showlegend=False,
        hovermode="closest",
    )
    annotations: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    for i, code in enumerate(panels):
        r, c = divmod(i, ncols)
        k = "" if i == 0 else str(i + 1)
        xa, ya = f"x{k}", f"y{k}"
        x0 = c * (cell_w + hgap)
        ytop = 1 - r * (cell_h + vgap)
        layout[f"xaxis{k}"] = {"domain": _domain(x0, x0 + cell_w), "anchor": ya, "range": [y0 - 0.5, y1 + 0.5],
                               "showticklabels": r == nrows - 1 or i + ncols >= n, "tickfont": {"size": 9},
                               "dtick": 2 if y1 - y0 > 6 else 1, "showgrid": False,
                               **({"matches": "x"} if i else {})}  # fmt: skip
        layout[f"yaxis{k}"] = {"domain": _domain(ytop - cell_h, ytop), "anchor": xa, "range": [0, 100],
                               "showticklabels": c == 0, "tickfont": {"size": 9}, "dtick": 25,
                               **({"matches": "y"} if i else {})}  # fmt: skip
        is_hl = code == highlight
        name = names.get(code, code)
        annotations.append({"xref": f"{xa} domain", "yref": f"{ya} domain", "x": 0.02, "y": 1.0,
                            "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                            "text": f"<b>{name}</b>" if is_hl else name,
                            "font": {"size": 11, "color": HIGHLIGHT if is_hl else "#222"}})  # fmt: skip
        if area_x:
            data.append({"type": "scatter", "mode": "lines", "x": area_x, "y": area_y, "xaxis": xa, "yaxis": ya,
                         "line": {"color": AREA_COLOUR, "width": 1, "dash": "dot"}, "hoverinfo": "skip",
                         "name": labels["area_name"]})  # fmt: skip
        g = by_county.get(code)
        if g is None or g.empty:
            annotations.append({"xref": f"{xa} domain", "yref": f"{ya} domain", "x": 0.5, "y": 0.5,
                                "showarrow": False, "text": labels["not_running"],
                                "font": {"size": 10, "color": "#888"}})  # fmt: skip
        else:
            g = g.sort_values("year")
            data.append({"type": "scatter", "mode": "lines+markers", "x": g["year"].tolist(),
                         "y": _pcts(g["coverage"]), "xaxis": xa, "yaxis": ya, "name": name,
                         "line": {"color": HIGHLIGHT if is_hl else COUNTY_BLUE, "width": 2.5 if is_hl else 1.5},
                         "marker": {"size": 3}, "uid": f"panel-{code}",
                         "hovertemplate": "%{x}: %{y:.1f}%<extra>" + name + "</extra>"})  # fmt: skip
        if target:
            shapes.append({"type": "line", "xref": f"{xa} domain", "yref": ya, "x0": 0, "x1": 1,
                           "y0": target["value"], "y1": target["value"],
                           "line": {"color": TARGET_COLOUR, "width": 1, "dash": "dash"}})  # fmt: skip
    legend_bits = [f"<span style='color:{COUNTY_BLUE}'>━</span> {labels['county']}",
                   f"<span style='color:{AREA_COLOUR}'>┅</span> {labels['area']}"]  # fmt: skip
    if target:
        legend_bits.append(f"<span style='color:{TARGET_COLOUR}'>╌</span> {labels['target']}")
    annotations.append({"xref": "paper", "yref": "paper", "x": 1, "y": 1, "yshift": 28, "xanchor": "right",
                        "yanchor": "bottom", "showarrow": False, "text": "  ".join(legend_bits),
                        "font": {"size": 11}})  # fmt: skip
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    return go.Figure(data=data, layout=_fit_title(layout))


def _scale(colours: list[str]) -> list[list[Any]]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def _domain(a: float, b: float) -> list[float]:
    return [round(min(max(a, 0.0), 1.0), 6), round(min(max(b, 0.0), 1.0), 6)]


# --- 2. The cascade --------------------------------------------------------------------------


def _share(v: float, first: float) -> str:
    """``v`` as a share of ``first``: "1.1%", "<0.1%"."""
    pct = 100 * v / first
    return "<0.1%" if 0 < pct < 0.05 else f"{pct:.1f}%"


def make_cascade(
    *,
    cascade_df: pd.DataFrame,
    small_cell_limit: int,
    labels: CascadeLabels,
) -> go.Figure:
    """The screening cascade of one county, one row per step.

    Left: people at each step (bars, linear scale; later steps labelled with their share of
    the first). Right, on the same rows: the conversion
    rate into the step (%) with its 95% Wilson interval, the area's rate as a dark tick,
    and whether the county is higher / similar / lower than the area (the interval
    excludes the area's rate or not). A masked count gets no bar, only "<6", and a rate
    that is not shown reads "—" with its reason.

    ``cascade_df``: :func:`dashboard.domain.screening.cascade`. An absent county (no row that
    year) gives an empty figure with ``labels["empty"]``.
    """
    if cascade_df.empty or bool(cascade_df["absent"].iloc[0]):
        return empty_figure(labels["empty"])
    county_name, area_name = labels["county"], labels["area_name"]
    steps = list(labels["steps"])
    small = labels.get("hidden") or f"<{small_cell_limit + 1}"
    counts = [None if pd.isna(v) else float(v) for v in cascade_df["count"]]
    first = counts[0] if counts and counts[0] else None
    # a linear axis, so that 612 of 53,635 looks like the drop it is; each later step says its
    # share of the first (issue 14, item 10)
    text = [small if v is None else f"{int(v):,}" + (f" ({_share(v, first)})" if i and first else "")
            for i, v in enumerate(counts)]  # fmt: skip
    data: list[dict[str, Any]] = [
        {"type": "bar", "orientation": "h", "y": steps, "x": [v if v and v > 0 else None for v in counts],
         "text": text, "textposition": "outside", "cliponaxis": False, "marker": {"color": COUNTY_BLUE},
         "name": county_name, "showlegend": False, "uid": "counts",
         "hovertemplate": "%{y}: %{text}<extra>" + county_name + "</extra>"},
    ]  # fmt: skip
    conv = cascade_df[cascade_df["conversion"] != ""]
    rows = [steps[i] for i in range(len(cascade_df)) if cascade_df["conversion"].iloc[i] != ""]
    v = np.array(_pcts(conv["rate"]), dtype=float)
    lo = np.array(_pcts(conv["rate_lower"]), dtype=float)
    hi = np.array(_pcts(conv["rate_upper"]), dtype=float)
    av = np.array(_pcts(conv["area_rate"]), dtype=float)
    point_text = [f"<b>{nm} {x:.1f}%</b> · {c}" if not np.isnan(x) else f"<b>{nm} —</b> ({r})"
                  for nm, x, c, r in zip(labels["conversions"], v, labels["comparisons"], labels["reasons"],
                                         strict=True)]  # fmt: skip
    data.append({"type": "scatter", "mode": "markers", "y": rows, "x": _area_list(av), "xaxis": "x2", "yaxis": "y",
                 "marker": {"symbol": "line-ns-open", "size": 14, "color": AREA_COLOUR, "line": {"width": 3}},
                 "name": labels["area"], "uid": "area-rates",
                 "hovertemplate": "%{y}: %{x:.1f}%<extra>" + area_name + "</extra>"})  # fmt: skip
    xs = [x if not np.isnan(x) else 0.0 for x in v]
    data.append({"type": "scatter", "mode": "markers", "y": rows, "x": xs, "xaxis": "x2", "yaxis": "y",
                 "text": point_text, "showlegend": False,
                 "marker": {"size": [10 if not np.isnan(x) else 0 for x in v],
                            "color": [COMPARISON_COLOURS.get(c, NO_DATA_GREY) for c in conv["comparison"]],
                            "line": {"color": "#222", "width": 1}},
                 "error_x": {"type": "data", "symmetric": False, "array": np.nan_to_num(hi - v).tolist(),
                             "arrayminus": np.nan_to_num(v - lo).tolist(), "color": "#222", "thickness": 1.2},
                 "name": county_name, "uid": "county-rates",
                 "customdata": np.column_stack([np.nan_to_num(lo, nan=-1), np.nan_to_num(hi, nan=-1)]).tolist(),
                 "hovertemplate": "%{text}<br>95% CI %{customdata[0]:.1f}–%{customdata[1]:.1f}%<extra>"
                                  + county_name + "</extra>"})  # fmt: skip
    for key in ("higher", "similar", "lower"):  # legend of the comparison colours
        data.append({"type": "scatter", "mode": "markers", "x": [None], "y": [None], "xaxis": "x2", "yaxis": "y",
                     "name": labels["legend"][key],
                     "marker": {"size": 10, "color": COMPARISON_COLOURS[key], "line": {"color": "#222", "width": 1}}})  # fmt: skip
    annotations = [
        {
            "xref": "x domain",
            "yref": "y",
            "x": 0,
            "y": lab,
            "xanchor": "left",
            "xshift": 4,
            "showarrow": False,
            "text": txt,
            "font": {"size": 12, "color": "#333"},
        }
        for lab, v, txt in zip(steps, counts, text, strict=True)
        if not v
    ]  # masked or zero: no bar
    # each rate's words sit above its row, clear of the point and the area's tick (size 14)
    annotations += [{"xref": "x2 domain", "yref": "y", "x": 0, "y": r, "yshift": 21, "xanchor": "left",
                    "yanchor": "middle", "showarrow": False, "text": txt, "font": {"size": 11, "color": "#333"}}
                   for r, txt in zip(rows, point_text, strict=True)]  # fmt: skip
    layout = base_layout(
        annotations=annotations,
        title=_title(labels["title"], labels["subtitle"]),
        margin={"l": 10, "r": 30, "t": 80, "b": 100},
        height=440,
        xaxis={"domain": [0, 0.4], "type": "linear", "range": [0, 1.45 * max([v or 0 for v in counts] + [1])],
               "rangemode": "tozero", "title": {"text": labels["x_axis"]}},
        xaxis2={"domain": [0.5, 1], "range": [0, 100], "anchor": "y",
                "title": {"text": labels["x2_axis"]}},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom", "font": {"size": 11}},
        bargap=0.4,
        hovermode="closest",
    )  # fmt: skip
    return go.Figure(data=data, layout=_fit_title(layout))


def _area_list(av: np.ndarray) -> list[float | None]:
    return [None if np.isnan(x) else float(x) for x in av]


# --- 3. Early diagnosis ---------------------------------------------------------------------


def make_early_by_county(
    *,
    df: pd.DataFrame,
    area_value: float | None,
    reference: dict[str, Any],
    highlight: str | None,
    labels: EarlyCountyLabels,
) -> go.Figure:
    """Early-diagnosis rate (%) of each county with its 95% interval, sorted, for one
    programme and year; coloured by whether the interval lies above, spans or lies below
    the 55% line (plan target or design-card reference); the area's rate as a dashed line.
    Counties whose rate is suppressed or masked are listed with "—" and no point.

    ``df``: county rows of one programme and year (area, early, early_lower, early_upper,
    early_detected, detected); names come from ``labels["names"]``.
    """
    if df.empty:
        return empty_figure(labels["empty"])
    d = df.copy()
    d["label"] = [labels["names"].get(a, a) for a in d["area"]]
    shown = d[d["early"].notna()].sort_values("early")
    hidden = d[d["early"].isna()].sort_values("label")
    ref = reference["value"] / 100
    status = compare_with_benchmark_array(shown["early_lower"], shown["early_upper"], ref, True)
    cats = [f"{lab} —" for lab in hidden["label"]] + shown["label"].tolist()
    data: list[dict[str, Any]] = []
    for key in ("better", "similar", "worse"):
        m = status == key
        if not m.any():
            continue
        s = shown[m]
        v = np.array(_pcts(s["early"]))
        data.append({"type": "scatter", "mode": "markers", "y": s["label"].tolist(), "x": v.tolist(),
                     "name": labels["status"][key],
                     "marker": {"color": REFERENCE_COLOURS[key], "size": 9,
                                "line": {"color": ["#000" if a == highlight else "rgba(0,0,0,0)" for a in s["area"]],
                                         "width": 2.5}},
                     "error_x": {"type": "data", "symmetric": False,
                                 "array": (np.array(_pcts(s["early_upper"])) - v).tolist(),
                                 "arrayminus": (v - np.array(_pcts(s["early_lower"]))).tolist(),
                                 "color": REFERENCE_COLOURS[key], "thickness": 1.2, "width": 0},
                     "customdata": np.column_stack([_pcts(s["early_lower"]), _pcts(s["early_upper"]),
                                                    s["early_detected"].astype(float), s["detected"].astype(float)]).tolist(),
                     "hovertemplate": "%{y}: %{x:.1f}% (95% CI %{customdata[0]:.1f}–%{customdata[1]:.1f})"
                                      "<br>%{customdata[2]:,.0f} / %{customdata[3]:,.0f}<extra></extra>",
                     "uid": f"early-{key}"})  # fmt: skip
    shapes, annotations = [], []
    s_ref, _ = _vline(reference["value"], "", TARGET_COLOUR, "dash")
    shapes.append(s_ref)
    data.append(_legend_line(labels["reference"], TARGET_COLOUR, "dash"))
    if area_value is not None and not pd.isna(area_value):
        s_a, _ = _vline(area_value * 100, "", AREA_COLOUR, "dot")
        shapes.append(s_a)
        data.append(_legend_line(labels["area"], AREA_COLOUR, "dot"))
    if len(hidden) and labels["hidden_note"]:
        annotations.append({"xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -52, "xanchor": "left",
                            "yanchor": "top", "showarrow": False, "font": {"size": 11, "color": "#555"},
                            "text": labels["hidden_note"]})  # fmt: skip
    hl_labels = {lab for lab, a in zip(d["label"], d["area"], strict=True) if a == highlight}
    tick_colours = hl_labels | {f"{lab} —" for lab in hl_labels}
    layout = base_layout(
        title=_title(labels["title"], labels["subtitle"], HALF),
        margin={"l": 120, "r": 20, "t": 90, "b": 120},
        height=max(420, 290 + 21 * len(cats)),
        xaxis={"range": [0, 100], "title": {"text": labels["x_axis"]}},
        yaxis={"categoryorder": "array", "categoryarray": cats, "type": "category", "automargin": True,
               "tickmode": "array", "tickvals": cats,
               "ticktext": [f"<span style='color:{HIGHLIGHT}'><b>{c}</b></span>" if c in tick_colours else c
                            for c in cats]},
        legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom", "font": {"size": 11}},
        shapes=shapes,
        annotations=annotations,
    )  # fmt: skip
    # an invisible trace over every category, so hidden counties keep their row ("name —")
    data.insert(0, {"type": "scatter", "mode": "markers", "x": [None] * len(cats), "y": cats,
                    "showlegend": False, "hoverinfo": "skip", "uid": "early-rows"})  # fmt: skip
    return go.Figure(data=data, layout=_fit_title(layout))


def _legend_line(name: str, colour: str, dash: str, xaxis: str = "x", yaxis: str = "y") -> dict[str, Any]:
    """A legend entry for a reference line drawn as a shape (the shape itself has no legend)."""
    return {"type": "scatter", "mode": "lines", "x": [None], "y": [None], "name": name, "xaxis": xaxis,
            "yaxis": yaxis, "line": {"color": colour, "width": 1.5, "dash": dash}, "hoverinfo": "skip"}  # fmt: skip


def _vline(x: float, label: str, colour: str, dash: str, *, top: bool = True) -> tuple[dict, dict]:
    shape = {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
             "line": {"color": colour, "width": 1.5, "dash": dash}}  # fmt: skip
    ann = {"xref": "x", "yref": "paper", "x": x, "y": 1, "text": label, "showarrow": False,
           "xanchor": "left", "yanchor": "bottom" if top else "top", "xshift": 3,
           "font": {"size": 11, "color": colour}, "bgcolor": "rgba(255,255,255,0.85)"}  # fmt: skip
    return shape, ann


def make_early_by_programme(
    *,
    area_df: pd.DataFrame,
    county_df: pd.DataFrame,
    reference: dict[str, Any],
    selected: str,
    labels: EarlyProgrammeLabels,
) -> go.Figure:
    """Early-diagnosis rate (%) of each programme in ``year``: the area (bars, 95% interval)
    and the focus county (diamonds, interval), with the 55% line.

    ``area_df``: :func:`dashboard.domain.screening.area_table` rows of the year (programme, early,
    early_lower, early_upper); ``county_df``: the focus county's rows of the year (masked
    and suppressed rates are left out).
    """
    progs = [p for p in PROGRAMMES if p in set(area_df["programme"])]
    if not progs:
        return empty_figure(labels["empty"])
    names = {p: labels["programmes"].get(p, p) for p in progs}
    area_name, county_name = labels["area_name"], labels["county"]
    a = area_df.set_index("programme").reindex(progs)
    v = np.array(_pcts(a["early"]), dtype=float)
    lo = np.array(_pcts(a["early_lower"]), dtype=float)
    hi = np.array(_pcts(a["early_upper"]), dtype=float)
    data: list[dict[str, Any]] = [
        {"type": "bar", "x": [names[p] for p in progs], "y": [None if np.isnan(x) else x for x in v],
         "name": labels["area"],
         "marker": {"color": ["#4a4a4a" if p == selected else "#a6a6a6" for p in progs]},
         "error_y": {"type": "data", "symmetric": False, "array": np.nan_to_num(hi - v).tolist(),
                     "arrayminus": np.nan_to_num(v - lo).tolist(), "color": "#222"},
         "hovertemplate": "%{x}: %{y:.1f}%<extra>" + area_name + "</extra>", "uid": "area-programmes"},
    ]  # fmt: skip
    if not county_df.empty:
        c = county_df.set_index("programme").reindex(progs)
        cv = np.array(_pcts(c["early"]), dtype=float)
        clo = np.array(_pcts(c["early_lower"]), dtype=float)
        chi = np.array(_pcts(c["early_upper"]), dtype=float)
        data.append({"type": "scatter", "mode": "markers", "x": [names[p] for p in progs],
                     "y": [None if np.isnan(x) else x for x in cv], "name": county_name,
                     "marker": {"symbol": "diamond", "size": 11, "color": HIGHLIGHT, "line": {"color": "#fff", "width": 1}},
                     "error_y": {"type": "data", "symmetric": False, "array": np.nan_to_num(chi - cv).tolist(),
                                 "arrayminus": np.nan_to_num(cv - clo).tolist(), "color": HIGHLIGHT, "width": 4},
                     "hovertemplate": "%{x}: %{y:.1f}%<extra>" + county_name + "</extra>", "uid": "county-programmes"})  # fmt: skip
    shape, _ = _hline(reference["value"], "")
    data.append(_legend_line(labels["reference"], TARGET_COLOUR, "dash"))
    layout = base_layout(
        title=_title(labels["title"], labels["subtitle"], HALF),
        margin={"l": 60, "r": 20, "t": 80, "b": 90},
        height=420,
        yaxis={"range": [0, 100], "title": {"text": labels["y_axis"]}},
        legend={
            "orientation": "h",
            "x": 0,
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "font": {"size": 11},
        },
        shapes=[shape],
    )
    return go.Figure(data=data, layout=_fit_title(layout))


def make_funnel(
    *,
    points: pd.DataFrame,
    limits: pd.DataFrame | None,
    p0: float | None,
    reference: dict[str, Any],
    highlight: str | None,
    labels: FunnelLabels,
) -> go.Figure:
    """Funnel plot (Spiegelhalter 2005): each county's early-diagnosis rate (%) against its
    number of cancers and precancers detected, with 95% and 99.8% limits around the area's
    rate. Only counties with a shown (not suppressed, not masked) rate are plotted.
    """
    shown = points[points["early"].notna()] if not points.empty else points
    if limits is None or p0 is None or shown.empty:
        return empty_figure(labels["empty"])
    lim = limits
    data: list[dict[str, Any]] = []
    for lev, dash, label in (("998", "solid", labels["limit998"]), ("95", "dash", labels["limit95"])):
        for side in ("upper", "lower"):
            data.append({"type": "scatter", "mode": "lines", "x": lim["n"].tolist(),
                         "y": (lim[f"{side}_{lev}"] * 100).tolist(), "line": {"color": LIMIT_COLOUR, "width": 1, "dash": dash},
                         "name": label, "legendgroup": lev, "showlegend": side == "upper",
                         "hoverinfo": "skip"})  # fmt: skip
    data.append({"type": "scatter", "mode": "lines", "x": [lim["n"].min(), lim["n"].max()], "y": [p0 * 100] * 2,
                 "line": {"color": AREA_COLOUR, "width": 1.5},
                 "name": labels["centre"], "hoverinfo": "skip"})  # fmt: skip
    d = shown.copy()
    d["label"] = [labels["names"].get(a, a) for a in d["area"]]
    for pos, colour in (("above", COMPARISON_COLOURS["higher"]), ("within", "#9e9e9e"),
                        ("below", COMPARISON_COLOURS["lower"])):  # fmt: skip
        s = d[d["position_998"] == pos]
        if s.empty:
            continue
        data.append({"type": "scatter", "mode": "markers", "x": s["detected"].astype(float).tolist(),
                     "y": _pcts(s["early"]), "text": s["label"].tolist(), "name": labels["positions"][pos],
                     "marker": {"color": colour, "size": 10,
                                "line": {"color": ["#000" if a == highlight else "#fff" for a in s["area"]],
                                         "width": [2.5 if a == highlight else 1 for a in s["area"]]}},
                     "customdata": s["early_detected"].astype(float).tolist(),
                     "hovertemplate": "%{text}: %{y:.1f}%<br>%{customdata:,.0f} / %{x:,.0f}<extra></extra>",
                     "uid": f"funnel-{pos}"})  # fmt: skip
    annotations = []
    hl = d[d["area"] == highlight]
    if not hl.empty:
        r = hl.iloc[0]
        annotations.append({"x": math.log10(float(r["detected"])), "y": float(r["early"]) * 100, "text": r["label"],
                            "showarrow": True, "arrowhead": 0, "ax": 25, "ay": -25, "font": {"color": HIGHLIGHT}})  # fmt: skip
    shape, _ = _hline(reference["value"], "")
    data.append(_legend_line(labels["reference"], TARGET_COLOUR, "dash"))
    layout = base_layout(
        title=_title(labels["title"], labels["subtitle"], HALF),
        margin={"l": 60, "r": 20, "t": 80, "b": 60},
        height=430,
        xaxis={"type": "log", "title": {"text": labels["x_axis"]},
               "tickvals": _ticks_125(float(lim["n"].min()), float(lim["n"].max()))},
        yaxis={"range": _funnel_yrange(lim, d, reference["value"]), "title": {"text": labels["y_axis"]}},
        legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom", "font": {"size": 11}},
        shapes=[shape],
        annotations=annotations,
    )  # fmt: skip
    layout["margin"]["b"] = 100
    return go.Figure(data=data, layout=_fit_title(layout))


def _ticks_125(lo: float, hi: float) -> list[float]:
    """1-2-5 tick values covering [lo, hi] (for log axes)."""
    out = []
    for e in range(int(math.floor(math.log10(max(lo, 1)))), int(math.ceil(math.log10(max(hi, 1)))) + 1):
        out += [m * 10**e for m in (1, 2, 5) if lo <= m * 10**e <= hi]
    return out


def _funnel_yrange(lim: pd.DataFrame, pts: pd.DataFrame, ref: float) -> list[float]:
    """A y range (%) that holds the points, the 99.8% limits over the points' range and the line."""
    ys = list(pts["early"] * 100) + list(pts["early_lower"] * 100) + list(pts["early_upper"] * 100) + [ref]
    inner = lim[(lim["n"] >= pts["detected"].astype(float).min() * 0.8)]
    ys += list(inner["lower_998"] * 100) + list(inner["upper_998"] * 100)
    lo, hi = float(np.nanmin(ys)), float(np.nanmax(ys))
    pad = max(3.0, (hi - lo) * 0.08)
    return [max(0.0, lo - pad), min(100.0, hi + pad)]


# --- 4. Programme coverage across counties -------------------------------------------------


def make_programme_matrix(
    *,
    running: pd.DataFrame,
    highlight: str | None,
    labels: ProgrammeLabels,
) -> go.Figure:
    """County × programme matrix for one year: coloured by coverage (%) where the county
    runs the programme, grey "—" where it does not (a heatmap; NaN cells show the grey
    background). ``running``: :func:`dashboard.domain.screening.programme_running`.
    """
    if running.empty:
        return empty_figure(labels["empty"])
    progs = [p for p in PROGRAMMES if p in set(running["programme"])]
    counties = running.drop_duplicates("adcode")[["adcode"]]
    rows = [labels["names"].get(a, a) for a in counties["adcode"]]
    prog_names = {p: labels["programmes"].get(p, p) for p in progs}
    ticks = [f"<span style='color:{HIGHLIGHT}'><b>{r}</b></span>" if a == highlight else r
             for r, a in zip(rows, counties["adcode"], strict=True)]  # fmt: skip
    wide = running.pivot(index="adcode", columns="programme", values="coverage").reindex(
        index=counties["adcode"], columns=progs
    )
    run = (
        running.pivot(index="adcode", columns="programme", values="running")
        .reindex(index=counties["adcode"], columns=progs)
        .fillna(False)
        .astype(bool)
    )
    z = (wide * 100).where(run)
    not_running = labels["not_running"]
    text = [
        [
            f"{v:.0f}%" if r and not pd.isna(v) else ("—" if not r else "…")
            for v, r in zip(zr, rr, strict=True)
        ]
        for zr, rr in zip(z.to_numpy(), run.to_numpy(), strict=True)
    ]
    hover = [[f"{rows[i]} · {prog_names[p]}: " + (f"{z.iat[i, j]:.1f}%" if run.iat[i, j] and
              not pd.isna(z.iat[i, j]) else not_running if not run.iat[i, j] else labels["no_data"])
              for j, p in enumerate(progs)] for i in range(len(rows))]  # fmt: skip
    n_run = run.sum(axis=0)
    xlabels = [f"{wrap_text(prog_names[p], 70, 11)}<br><span style='font-size:10px'>{int(n_run[p])}/{len(rows)}</span>"
               for p in progs]  # fmt: skip
    data = [{"type": "heatmap", "z": [[None if pd.isna(v) else float(v) for v in zr] for zr in z.to_numpy()],
             "x": xlabels, "y": ticks, "text": text, "texttemplate": "%{text}", "textfont": {"size": 10},
             "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>",
             "colorscale": _scale(COVERAGE_SCALE), "zmin": 0, "zmax": 100, "xgap": 2, "ygap": 2, "uid": "matrix",
             "colorbar": {"title": {"text": labels["colorbar"], "side": "right"}, "thickness": 10,
                          "len": 0.6, "orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yref": "container",
                          "yanchor": "bottom"}}]  # fmt: skip
    layout = base_layout(
        title=_title(labels["title"], labels["subtitle"], HALF),
        margin={"l": 100, "r": 10, "t": 140, "b": 60},
        height=210 + 22 * len(rows),
        plot_bgcolor=NO_DATA_GREY,
        xaxis={"side": "top", "showgrid": False, "tickfont": {"size": 11}, "tickangle": 0},
        yaxis={"autorange": "reversed", "showgrid": False, "automargin": True, "tickfont": {"size": 11}},
    )
    return go.Figure(data=data, layout=_fit_title(layout))


#: Map colour scale: z below 0 (not running) is grey, 0-100 the coverage blues.
MAP_NOT_RUNNING_Z = -10.0
_MAP_ZMIN = -20.0


def _map_scale() -> list[list[Any]]:
    cut = -_MAP_ZMIN / (100 - _MAP_ZMIN)
    blues = [[cut + (1 - cut) * i / (len(COVERAGE_SCALE) - 1), c] for i, c in enumerate(COVERAGE_SCALE)]
    return [[0.0, NO_DATA_GREY], [cut, NO_DATA_GREY], *blues]


def programme_map_values(
    *,
    running: pd.DataFrame,
    locations: list[str],
    programme: str,
    highlight: str | None,
    names: Mapping[str, str],
    not_running: str,
) -> dict[str, list[Any]]:
    """The per-county values of the programme map, in the order of ``locations``.

    Returns ``z`` (coverage % where running, :data:`MAP_NOT_RUNNING_Z` where not),
    ``text`` (hover), ``line_color`` and ``line_width`` (the highlighted county outlined).
    Used for the first drawing and for the small ``Patch`` updates after it.
    """
    sub = running[running["programme"] == programme].set_index("adcode").reindex(locations)
    shown = sub["running"].fillna(False).astype(bool) & sub["coverage"].notna()
    labels = [names.get(a, a) for a in locations]
    z = [
        round(float(c) * 100, 2) if ok else MAP_NOT_RUNNING_Z
        for c, ok in zip(sub["coverage"], shown, strict=True)
    ]
    text = [
        f"{lab}: {v:.1f}%" if ok else f"{lab}: {not_running}"
        for lab, v, ok in zip(labels, z, shown, strict=True)
    ]
    return {
        "z": z,
        "text": text,
        "line_color": ["#000" if a == highlight else "white" for a in locations],
        "line_width": [2.5 if a == highlight else 0.6 for a in locations],
    }


def programme_map_title(*, title: str, subtitle: str = "") -> dict[str, Any]:
    """The map's title and subtitle, wrapped as drawn (also sent alone in a ``Patch``)."""
    return _title(title, subtitle, HALF)


def make_programme_map(
    *,
    geojson: dict[str, Any],
    running: pd.DataFrame,
    programme: str,
    highlight: str | None,
    labels: ProgrammeLabels,
) -> go.Figure:
    """Map of one programme in one year: counties running it coloured by coverage (%),
    the others grey (a grey band below 0 on the colour scale, labelled "not running").

    ONE ``go.Choropleth`` trace on ``geo`` (offline topojson) whose locations are every
    county of ``running`` in a fixed order, so later changes of programme, year or
    highlight can be sent as a small ``Patch`` of z/text/outline (see
    :func:`programme_map_values`) instead of the boundaries again.
    """
    locations = running.drop_duplicates("adcode")["adcode"].tolist()
    if not locations:
        return empty_figure(labels["empty"])
    v = programme_map_values(running=running, locations=locations, programme=programme, highlight=highlight,
                             names=labels["names"], not_running=labels["not_running"])  # fmt: skip
    ticks = [MAP_NOT_RUNNING_Z, 0, 20, 40, 60, 80, 100]
    data = [{"type": "choropleth", "geojson": geojson, "featureidkey": "id", "locations": locations,
             "z": v["z"], "text": v["text"], "colorscale": _map_scale(), "zmin": _MAP_ZMIN, "zmax": 100,
             "hovertemplate": "%{text}<extra></extra>",
             "colorbar": {"title": {"text": labels["colorbar"]}, "thickness": 12, "len": 0.7,
                          "tickvals": ticks, "ticktext": [labels["not_running"], *map(str, ticks[1:])]},
             "marker": {"line": {"color": v["line_color"], "width": v["line_width"]}}, "uid": "map"}]  # fmt: skip
    layout = base_layout(
        title=programme_map_title(title=labels["title"], subtitle=labels["subtitle"]),
        margin={"l": 0, "r": 0, "t": 80, "b": 0},
        height=460,
        geo=geo_layout(),
    )
    return go.Figure(data=data, layout=_fit_title(layout))
