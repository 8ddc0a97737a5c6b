"""County boundaries: the one module the app reads ``geodata/`` through.

A layer is named by a plan area's 6-digit adcode (a prefecture-level city, a
municipality or a province) or ``"china"`` (all 2,875 county-level units).
An area's counties are found in ``geodata/areas.csv`` by parent code (through
the prefectures for a province); their shapes come from a finer file
``geodata/<adcode>.geojson`` when one is shipped (Chongqing, Jiujiang), else
from the national layer ``china_counties.geojson``. So any area of China has a
map with no code change. Files are WGS84 (converted from the source's GCJ-02),
coverage-simplified, 4 decimals, exterior rings clockwise (as plotly
``go.Choropleth`` on ``geo`` requires). See ``geodata/README.md`` for source,
licence and the display disclaimer.

Caching: the public loaders are ``@memoize()``-d (app cache) and the file parse
underneath is a per-process ``functools.lru_cache``. Those hold only read-only
data parsed from immutable files shipped with the code, never user state.
Nothing is loaded at import time.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard.infra.cache import memoize

GEODATA_DIR = Path(__file__).resolve().parents[2] / "geodata"
NATIONAL = "china"
NATIONAL_FILE = "china_counties.geojson"
AREAS_FILE = "areas.csv"
_ADCODE = re.compile(r"^\d{6}$")


class UnknownLayerError(KeyError):
    """No boundaries for this name: not ``"china"`` and not an area with counties."""


@functools.lru_cache(maxsize=1)
def _areas() -> pd.DataFrame:
    """``geodata/areas.csv``: every county, prefecture and province (read-only)."""
    return pd.read_csv(GEODATA_DIR / AREAS_FILE, dtype=str, keep_default_na=False)


def area_county_codes(area: str) -> tuple[str, ...]:
    """County adcodes of an area by parent code, through prefectures for a province (sorted)."""
    df = _areas()
    counties = df[df["level"] == "county"]
    children = set(df.loc[df["parent_adcode"] == area, "adcode"])
    hit = counties["parent_adcode"].eq(area) | counties["parent_adcode"].isin(children)
    return tuple(sorted(counties.loc[hit, "adcode"]))


def layer_path(layer: str) -> Path:
    """The file a layer's shapes are read from (a finer area file, or the national layer)."""
    if layer != NATIONAL and not _ADCODE.match(str(layer)):
        raise UnknownLayerError(f"unknown boundary layer {layer!r}: a 6-digit adcode or 'china'")
    own = GEODATA_DIR / f"{layer}.geojson"
    return own if layer != NATIONAL and own.is_file() else GEODATA_DIR / NATIONAL_FILE


@functools.lru_cache(maxsize=8)
def _parsed_file(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@functools.lru_cache(maxsize=16)
def _parsed(layer: str) -> dict[str, Any]:
    """The layer's FeatureCollection (shared: never mutate)."""
    data = _parsed_file(layer_path(layer))
    if layer == NATIONAL:
        return data
    wanted = set(area_county_codes(layer))
    if not wanted:
        raise UnknownLayerError(f"no counties of area {layer!r} in geodata/{AREAS_FILE}")
    features = [f for f in data["features"] if f["id"] in wanted]
    if len(features) == len(data["features"]):
        return data
    return {"type": "FeatureCollection", "features": features}


@functools.lru_cache(maxsize=16)
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
