"""County boundaries: the one module the app reads ``geodata/*.geojson`` through.

Layers are keyed by plan area: ``"500000"`` (Chongqing, 38 units), ``"360400"``
(Jiujiang, 13 units) and ``"china"`` (all 2,875 county-level rows). Files are
WGS84 (converted from the source's GCJ-02), coverage-simplified, 4 decimals,
exterior rings clockwise (as plotly ``go.Choropleth`` on ``geo`` requires). See
``geodata/README.md`` for source, licence and the display disclaimer.

Caching: the public loaders are ``@memoize()``-d (app cache) and the file parse
underneath is a per-process ``functools.lru_cache``. That lru_cache holds only
read-only data parsed from immutable files shipped with the code (three
entries at most), never user state. Nothing is loaded at import time.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd

from dashboard.cache import memoize

GEODATA_DIR = Path(__file__).resolve().parent.parent / "geodata"

LAYERS: Mapping[str, str] = MappingProxyType(
    {
        "500000": "chongqing.geojson",
        "360400": "jiujiang.geojson",
        "china": "china_counties.geojson",
    }
)


def layer_path(layer: str) -> Path:
    """Path of a layer's GeoJSON file; ``KeyError`` for an unknown layer."""
    try:
        return GEODATA_DIR / LAYERS[layer]
    except KeyError:
        raise KeyError(f"unknown boundary layer {layer!r}; known: {sorted(LAYERS)}") from None


@functools.lru_cache(maxsize=len(LAYERS))
def _parsed(layer: str) -> dict[str, Any]:
    """The layer's FeatureCollection as parsed from disk (shared: never mutate)."""
    with layer_path(layer).open(encoding="utf-8") as fh:
        return json.load(fh)


@functools.lru_cache(maxsize=len(LAYERS))
def _frame(layer: str) -> gpd.GeoDataFrame:
    """The layer as a GeoDataFrame (shared: callers get copies)."""
    features = _parsed(layer)["features"]
    gdf = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    gdf["adcode"] = [f["id"] for f in features]
    return gdf.set_index("adcode")[["name_zh", "geometry"]]


@memoize()
def load_boundaries(layer: str) -> gpd.GeoDataFrame:
    """Boundaries of ``layer``, indexed by 6-digit ``adcode`` (str); name_zh, geometry; EPSG:4326."""
    return _frame(layer).copy()


@memoize()
def boundaries_geojson(layer: str) -> dict[str, Any]:
    """Plain-dict FeatureCollection for plotly: each feature's ``id`` is its adcode.

    Properties are only ``adcode`` and ``name_zh``. Use with ``locations=<adcodes>``
    and ``featureidkey="id"``. This is the payload sent to the browser (≤ 1.5 MB for
    ``"china"``): send it once and update values with ``Patch``. The dict may be
    shared between calls: treat it as read-only.
    """
    return _parsed(layer)


def layer_bounds(layer: str) -> tuple[float, float, float, float]:
    """``(minx, miny, maxx, maxy)`` in degrees (lon/lat) of the layer."""
    minx, miny, maxx, maxy = _frame(layer).total_bounds
    return float(minx), float(miny), float(maxx), float(maxy)


def layer_center(layer: str) -> tuple[float, float]:
    """``(lon, lat)`` centre of the layer's bounding box (e.g. for a map's ``center``)."""
    minx, miny, maxx, maxy = layer_bounds(layer)
    return (minx + maxx) / 2.0, (miny + maxy) / 2.0
