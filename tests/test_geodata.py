"""Checks on the committed boundary files (geodata/) and on dashboard.catalogue.geo."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.catalogue import geo
from geodata import build

ROOT = Path(__file__).resolve().parent.parent

GEODATA = ROOT / "geodata"
EXPECTED = {"500000": 38, "360400": 13, "china": 2875}
PREFIX = {"500000": "50", "360400": "3604", "china": ""}
CHINA_MAX_BYTES = 1_500_000


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def layer(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return pd.read_csv(GEODATA / "areas.csv", dtype={"adcode": str, "parent_adcode": str})


def _raw_json(layer: str) -> dict:
    return json.loads(geo.layer_path(layer).read_text(encoding="utf-8"))


def test_layer_counts_and_codes(layer: str) -> None:
    gdf = geo.load_boundaries(layer)
    assert len(gdf) == EXPECTED[layer]
    assert gdf.index.name == "adcode"
    assert gdf.index.is_unique
    assert all(isinstance(c, str) and len(c) == 6 and c.isdigit() for c in gdf.index)
    assert all(c.startswith(PREFIX[layer]) for c in gdf.index)
    assert list(gdf.columns) == ["name_zh", "geometry"]
    assert gdf.crs.to_epsg() == 4326


def test_geometries_valid_nonempty_clockwise(layer: str) -> None:
    geoms = geo.load_boundaries(layer).geometry.values
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert set(shapely.get_type_id(geoms)) <= {3, 6}  # Polygon, MultiPolygon
    polys = shapely.get_parts(geoms)
    exteriors = shapely.get_exterior_ring(polys)
    assert not shapely.is_ccw(exteriors).any(), "outer rings must be clockwise"
    # interior rings, if any, run the other way
    n_int = shapely.get_num_interior_rings(polys)
    holes = [shapely.get_interior_ring(p, i) for p, n in zip(polys, n_int, strict=True) for i in range(n)]
    if holes:
        assert shapely.is_ccw(np.array(holes)).all()


def test_layer_is_valid_coverage(layer: str) -> None:
    """No overlaps between neighbours (coverage simplification, not per-feature)."""
    assert geo.load_boundaries(layer).geometry.is_valid_coverage()


def test_coordinates_have_at_most_four_decimals(layer: str) -> None:
    coords = shapely.get_coordinates(geo.load_boundaries(layer).geometry.values)
    assert np.allclose(coords, np.round(coords, 4), rtol=0, atol=1e-9)


def test_file_sizes() -> None:
    assert (GEODATA / "china_counties.geojson").stat().st_size <= CHINA_MAX_BYTES
    for path in GEODATA.glob("*.geojson"):
        assert path.stat().st_size < 5_000_000


def test_geojson_dict_ids_match_adcodes(layer: str) -> None:
    fc = geo.boundaries_geojson(layer)
    assert fc["type"] == "FeatureCollection"
    ids = [f["id"] for f in fc["features"]]
    assert ids == list(geo.load_boundaries(layer).index)
    for f in fc["features"]:
        assert set(f["properties"]) == {"adcode", "name_zh"}
        assert f["properties"]["adcode"] == f["id"]
    assert fc == _raw_json(layer)


def test_bounds_and_center() -> None:
    minx, miny, maxx, maxy = geo.layer_bounds("500000")
    assert 105.0 < minx < maxx < 110.5 and 28.0 < miny < maxy < 32.5
    lon, lat = geo.layer_center("360400")
    assert 115.0 < lon < 117.0 and 28.5 < lat < 30.5
    minx, miny, maxx, maxy = geo.layer_bounds("china")
    assert minx < 75 and maxx > 134 and maxy > 53


def test_unknown_layer() -> None:
    for name in ("999999", "foo", "50000"):
        with pytest.raises(KeyError):
            geo.load_boundaries(name)


def test_any_area_of_china_has_a_layer_from_the_national_one() -> None:
    """A province (through its prefectures) and a prefecture need no boundary file of their own."""
    sichuan = geo.load_boundaries("510000")
    assert len(sichuan) == 183 and all(c.startswith("51") for c in sichuan.index)
    changsha = geo.load_boundaries("430100")
    assert changsha.loc["430102", "name_zh"] == "芙蓉区" and len(changsha) == 9
    assert geo.layer_path("430100").name == "china_counties.geojson"
    assert geo.layer_path("500000").name == "500000.geojson"  # a finer file is used where shipped
    henan = geo.area_county_codes("410000")
    assert "419001" in henan  # 济源市: a county directly under the province


def test_known_units() -> None:
    cq = geo.load_boundaries("500000")
    assert cq.loc["500103", "name_zh"] == "渝中区"
    assert {"500154", "500155", "500156"} <= set(cq.index)  # 开州区, 梁平区, 武隆区
    jj = geo.load_boundaries("360400")
    assert jj.loc["360482", "name_zh"] == "共青城市"


def test_areas_consistent_with_layers(areas: pd.DataFrame) -> None:
    assert list(areas.columns) == [
        "adcode",
        "parent_adcode",
        "level",
        "name_zh",
        "name_en",
        "region_group",
        "region_group_en",
        "urban",
    ]
    assert areas["adcode"].is_unique
    by_code = areas.set_index("adcode")
    for layer in EXPECTED:
        gdf = geo.load_boundaries(layer)
        assert set(gdf.index) <= set(by_code.index)
        assert (by_code.loc[gdf.index, "name_zh"] == gdf["name_zh"]).all()
        assert (by_code.loc[gdf.index, "level"] == "county").all()
    assert len(areas) == 2875 + 33 + 332  # counties, provinces, prefecture-level units
    assert by_code.loc["510100", "level"] == "city" and by_code.loc["510100", "parent_adcode"] == "510000"
    assert by_code.loc["500000", "level"] == "province"
    assert by_code.loc["360000", "level"] == "province"
    assert by_code.loc["360400", "level"] == "city"
    assert by_code.loc["360400", "parent_adcode"] == "360000"
    assert by_code.loc["500103", "name_en"] == "Yuzhong District"
    assert by_code.loc["360482", "name_en"] == "Gongqingcheng City"


def _plan_groups(areas: pd.DataFrame) -> pd.DataFrame:
    """areas with the region groups the shipped plan files give them (as the bootstrap does)."""
    from dashboard.infra.bootstrap import plan_group_rows
    from dashboard.plans import load_plans

    groups = plan_group_rows(
        load_plans(), areas[["adcode", "parent_adcode", "level", "name_zh", "name_en"]].fillna("")
    )
    out = areas.copy()
    out["region_group"] = out["adcode"].map(lambda c: groups.get(c, (None, None))[0])
    out["region_group_en"] = out["adcode"].map(lambda c: groups.get(c, (None, None))[1])
    return out


def test_chongqing_region_groups(areas: pd.DataFrame) -> None:
    areas = _plan_groups(areas)
    cq = areas[areas["adcode"].str.startswith("50") & (areas["level"] == "county")]
    assert len(cq) == 38
    assert (cq["parent_adcode"] == "500000").all()
    assert cq["region_group"].notna().all() and cq["region_group_en"].notna().all()
    sizes = cq["region_group"].value_counts().to_dict()
    assert sizes == {"主城都市圈": 21, "渝东北三峡库区城镇群": 11, "渝东南武陵山区城镇群": 6}
    by_code = cq.set_index("adcode")
    assert by_code.loc["500154", "region_group"] == "渝东北三峡库区城镇群"  # 开州区
    assert by_code.loc["500156", "region_group"] == "渝东南武陵山区城镇群"  # 武隆区
    assert by_code.loc["500103", "region_group_en"] == "Main metropolitan area"


def test_jiujiang_rows_and_urban_flag(areas: pd.DataFrame) -> None:
    areas = _plan_groups(areas)
    jj = areas[areas["adcode"].str.startswith("3604") & (areas["level"] == "county")]
    assert len(jj) == 13 and (jj["parent_adcode"] == "360400").all()
    urban = set(jj.loc[jj["urban"], "name_zh"])
    assert urban == {"濂溪区", "浔阳区", "柴桑区"}
    assert set(jj.loc[jj["urban"], "region_group"]) == {"城区"}
    counties = areas[areas["level"] == "county"]
    assert (counties["urban"] == counties["name_zh"].str.endswith("区")).mean() > 0.99


def test_english_names() -> None:
    assert build.english_name("渝中区") == "Yuzhong District"
    assert build.english_name("共青城市") == "Gongqingcheng City"
    assert build.english_name("忠县") == "Zhong County"
    assert build.english_name("丰都县") == "Fengdu County"
    assert build.english_name("秀山土家族苗族自治县") == "Xiushan Tujia and Miao Autonomous County"
    assert build.english_name("德安县") == "De'an County"


# --- coordinate conversion -----------------------------------------------------------
SAMPLES = np.array(
    [
        [106.5516, 29.5630],  # Chongqing, Yuzhong
        [108.4083, 30.8078],  # Wanzhou
        [116.0019, 29.7051],  # Jiujiang
        [116.4074, 39.9042],  # Beijing
        [87.6168, 43.8256],  # Urumqi
        [113.2644, 23.1291],  # Guangzhou
    ]
)


def test_gcj_inverse_round_trip() -> None:
    wgs = build.gcj02_to_wgs84(SAMPLES)
    back = build.wgs84_to_gcj02(wgs)
    # the standard one-step inverse is good to a few metres (< 6e-5 deg over China),
    # below the 4-decimal (~1e-4 deg) grid of the output files
    assert np.abs(back - SAMPLES).max() < 2e-5
    shift_m = (
        np.hypot((wgs - SAMPLES)[:, 0] * np.cos(np.radians(SAMPLES[:, 1])), (wgs - SAMPLES)[:, 1]) * 111_320
    )
    assert ((shift_m > 50) & (shift_m < 800)).all()


def test_committed_files_are_wgs84_shifted() -> None:
    """The committed Yuzhong polygon matches the converted raw one, not the raw GCJ one."""
    index = build.read_index()
    raw = build.read_counties(index[index["adcode"] == "500103"]).geometry.iloc[0]
    converted = shapely.transform(raw, build.gcj02_to_wgs84)
    committed = geo.load_boundaries("500000").geometry["500103"]
    assert shapely.hausdorff_distance(committed, converted) < 0.002  # simplification only
    assert shapely.hausdorff_distance(committed, raw) > 0.003  # ~0.5 km GCJ offset
    offset = np.subtract(raw.centroid.coords[0], committed.centroid.coords[0])
    assert 0.002 < np.hypot(*offset) < 0.008
