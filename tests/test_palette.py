"""Issue #14, item 6: the status and comparison colours stay apart for colour-blind readers,
and no status is told by colour alone (a mark in every scorecard cell, a shape on every dot)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from components.chips import chip_colours
from dashboard.figures.common import (
    COMPARISON_COLOURS,
    COMPARISON_SYMBOLS,
    STATUS_COLOURS,
    STATUS_MARKS,
    relative_luminance,
)
from dashboard.figures.profile import make_spine_chart
from dashboard.figures.targets import status_tint
from dashboard.views import targets as V

#: Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
CVD = {
    "normal": np.eye(3),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),  # fmt: skip
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),  # fmt: skip
}


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(lin: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(
        lin, 0, 1
    )
    f = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(f > 0.008856, np.cbrt(f), 7.787 * f + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _closest(colours: dict[str, str], vision: str) -> float:
    """The smallest CIELAB distance between two of ``colours`` as seen with ``vision``."""
    lab = {k: _lab(CVD[vision] @ _linear(v)) for k, v in colours.items()}
    return min(float(np.linalg.norm(lab[a] - lab[b])) for a, b in itertools.combinations(lab, 2))


@pytest.mark.parametrize("vision", sorted(CVD))
def test_status_colours_and_tints_stay_apart_under_colour_blindness(vision: str) -> None:
    # the former green/red palette: tints 7.4 apart under protanopia, full colours 16.2
    assert _closest(STATUS_COLOURS, vision) >= 20
    assert _closest({k: status_tint(k) for k in STATUS_COLOURS}, vision) >= 12
    comparison = {k: v for k, v in COMPARISON_COLOURS.items() if k != "no_data"}
    assert _closest(comparison, vision) >= 30


def test_no_green_against_red() -> None:
    good, bad = _linear(STATUS_COLOURS["met"]), _linear(STATUS_COLOURS["off_track"])
    assert good[2] > good[1] > good[0]  # met is blue
    assert bad[0] > bad[1] > bad[2]  # off track is orange-brown
    # lightness tells them apart too: met and off track differ from the middle ones
    lum = {k: relative_luminance(v) for k, v in STATUS_COLOURS.items()}
    assert lum["met"] < lum["on_track"] and lum["off_track"] < lum["at_risk"]


def test_chip_text_contrast_is_at_least_4_5() -> None:
    for kind, colours in (("status", STATUS_COLOURS), ("comparison", COMPARISON_COLOURS)):
        for key in colours:
            c = chip_colours(key, kind)
            a, b = relative_luminance(c["background"]), relative_luminance(c["color"])
            assert (max(a, b) + 0.05) / (min(a, b) + 0.05) >= 4.5, (kind, key)


def test_every_status_has_its_own_mark_and_every_comparison_its_own_shape() -> None:
    assert set(V.STATUS_KEYS) <= set(STATUS_MARKS)
    assert len({STATUS_MARKS[k] for k in V.STATUS_KEYS if k != "missed"}) == len(V.STATUS_KEYS) - 1
    assert len(set(COMPARISON_SYMBOLS.values())) == len(COMPARISON_SYMBOLS)


def test_spine_chart_dots_have_a_shape_per_comparison() -> None:
    df = pd.DataFrame({
        "x_min": [0.0] * 4, "x_max": [1.0] * 4, "x_q25": [0.3] * 4, "x_q75": [0.7] * 4, "x_area": [0.5] * 4,
        "x_target": [0.6] * 4, "x_value": [0.8, 0.5, 0.2, None],
        "comparison": ["better", "similar", "worse", "no_data"],
    })  # fmt: skip
    legend = {k: k for k in ("range", "iqr", "area", "target", "better", "similar", "worse", "no_data")}
    fig = make_spine_chart(df=df, labels=list("abcd"), legend=legend, hover=list("abcd"), empty_message="")
    dots = {tr.name: tr.marker.symbol for tr in fig.data if tr.name in COMPARISON_SYMBOLS}
    assert dots == COMPARISON_SYMBOLS


@pytest.mark.parametrize("area", ["500000", "360400"])
def test_every_scorecard_cell_carries_its_status_mark(demo_db, area: str) -> None:  # noqa: ANN001
    data = V.load(demo_db, area, lang="zh", as_of=V.as_of_year(), small_cell_limit=5, suppress_below=16)
    card = V.scorecard(data, V.parse_selection(data))
    tids = [c["field"][2:] for c in card.columns if c["field"].startswith("v_")]
    assert tids
    for row in card.rows + card.pinned:
        for tid in tids:
            assert row[f"m_{tid}"] == STATUS_MARKS[row[f"s_{tid}"]]
    formatter = next(c for c in card.columns if c["field"] == f"v_{tids[0]}")["valueFormatter"]["function"]
    assert f"params.data.m_{tids[0]}" in formatter
    page = V.page(data, V.parse_selection(data))
    assert all(label.startswith(STATUS_MARKS[k]) for k, label, _tint in page.legend)
