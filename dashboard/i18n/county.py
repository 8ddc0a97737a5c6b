"""Messages of the county profile (/county)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.county": ("区县概况", "County profile"),
    "county.title": ("区县概况：{county}", "County profile: {county}"),
    "county.subtitle": (
        "{area} · 与全市及相似区县比较",
        "{area} · compared with the area and similar counties",
    ),
    "county.picker": ("区县", "County"),
    "county.unknown_county": ("未知区县 “{code}”，显示 {name}。", "Unknown county “{code}”; showing {name}."),
    "county.no_counties": ("该地区没有区县数据。", "This area has no county data."),
    "county.group": ("片区", "Regional group"),
    "county.population": ("常住人口（{year}年）", "Population ({year})"),
    "county.urban": ("类型", "Type"),
    "county.urban.yes": ("区（城区）", "District (urban)"),
    "county.urban.no": ("县 / 县级市", "County / county-level city"),
    "county.quality": ("登记质量（全部癌症，{period}）", "Registry quality (all sites, {period})"),
    "county.quality.values": ("MV% {mv}，DCO% {dco}，M/I {mi}", "MV% {mv}, DCO% {dco}, M/I {mi}"),
    "county.quality.none": ("无质量警示", "no quality flag"),
    "county.spine.title": (
        "规划指标：与全市比较（脊柱图）",
        "Plan indicators against the area (spine chart)",
    ),
    "county.spine.hint": (
        "每行一个区县级规划指标（各指标最新年份）。浅灰条为全部区县的范围，深灰条为第25—75百分位，"
        "黑色竖线为全市值（居中），浅蓝菱形为规划目标，本区县按其95%置信区间与全市值比较标记"
        "（深蓝圆点：优于，黄色方块：相近，棕色叉号：差于；空心圆：无区间，不比较）。右侧为较好方向。",
        "One row per county-level plan indicator (latest year of each). Light grey: range of all counties; "
        "dark grey: 25th–75th percentiles; black line: the area's value (centred); light blue diamond: the "
        "plan target; this county marked by comparing its 95% interval with the area's value (dark blue "
        "circle better, amber square similar, brown cross worse; open circle: no interval, not compared). "
        "Better is to the right.",
    ),
    "county.spine.empty": ("该规划没有区县级指标。", "The plan has no county-level indicators."),
    "county.spine.no_plan": ("该地区没有规划文件。", "This area has no plan file."),
    "county.legend.range": ("全部区县范围", "Range of counties"),
    "county.legend.iqr": ("第25—75百分位", "25th–75th percentile"),
    "county.legend.area": ("全市值", "Area value"),
    "county.legend.target": ("规划目标", "Plan target"),
    "county.legend.worse_end": ("← 较差", "← worse"),
    "county.legend.better_end": ("较好 →", "better →"),
    "county.comparison.better": ("优于全市", "Better than area"),
    "county.comparison.similar": ("与全市相近", "Similar to area"),
    "county.comparison.worse": ("差于全市", "Worse than area"),
    "county.comparison.no_data": ("未比较（无区间）", "Not compared (no interval)"),
    "county.comparison.suppressed": ("未比较（率未显示）", "Not compared (rate not shown)"),
    "county.col.indicator": ("指标", "Indicator"),
    "county.col.year": ("年份", "Year"),
    "county.col.value": ("本区县（95%CI）", "County (95% CI)"),
    "county.col.area": ("全市", "Area"),
    "county.col.target": ("目标", "Target"),
    "county.col.status": ("目标状态", "Target status"),
    "county.col.comparison": ("与全市比较", "Compared with area"),
    "county.col.rank": ("排名", "Rank"),
    "county.rank": ("第 {rank} / {n}", "{rank} of {n}"),
    "county.rank_ci": ("第 {rank} 位（{lower}–{upper}），共 {n} 个", "{rank} ({lower}–{upper}) of {n}"),
    "county.rank_note": (
        "排名：按指标方向，1 = 最好；并列取最好名次；仅计有数值的区县。括号内为排名的95%区间"
        "（由各区县数值的抽样分布模拟得出，见“方法”页）：区间宽说明排名不可靠。",
        "Rank: by the indicator's direction, 1 = best; ties share the best rank; counties with a value only. "
        "In brackets the rank's 95% interval (simulated from every county's sampling distribution, see "
        "Methods): a wide interval means the rank is unreliable.",
    ),
    "county.rates.title": ("癌症发病与死亡：与全市比较", "Cancer incidence and mortality against the area"),
    "county.rates.hint": (
        "年龄标化率（2000年中国人口标准，1/10万，男女合计），{period}；全部癌症及全市病例数最多的"
        "5个部位。本区县95%置信区间不含全市率时为“高于/低于”。",
        "Age-standardised rates (China 2000 standard, per 100,000, both sexes), {period}; all sites "
        "and the area's five most frequent sites. Higher or lower when the county's 95% interval excludes "
        "the area's rate.",
    ),
    "county.rates.none": ("没有登记数据。", "No registry data."),
    "county.col.site": ("部位", "Site"),
    "county.col.measure": ("指标", "Measure"),
    "county.col.county_rate": ("本区县（95%CI）", "County (95% CI)"),
    "county.col.area_rate": ("全市（95%CI）", "Area (95% CI)"),
    "county.col.cases": ("病例 / 死亡数", "Cases / deaths"),
    "county.measure.incidence": ("发病", "Incidence"),
    "county.measure.mortality": ("死亡", "Mortality"),
    "county.rate_cmp.better": ("低于全市", "Lower than area"),
    "county.rate_cmp.similar": ("与全市相近", "Similar to area"),
    "county.rate_cmp.worse": ("高于全市", "Higher than area"),
    "county.peers.title": ("相似区县", "Similar counties"),
    "county.peers.hint": (
        "最相似的5个区县（统计近邻）：对全部区县的4项特征——人口对数、65岁及以上人口比例、城区/县、"
        "全部癌症发病标化率（{period}）——分别标准化（z分数）后计算欧氏距离，距离最小者为相似区县。",
        "The five most similar counties (statistical nearest neighbours): four features of every county — "
        "log population, share aged 65+, district or county, all-sites incidence ASR ({period}) — are "
        "standardised (z-scores) and the counties at the smallest Euclidean distance are the peers.",
    ),
    "county.col.county": ("区县", "County"),
    "county.col.distance": ("距离", "Distance"),
    "county.col.population": ("常住人口", "Population"),
    "county.col.share_65": ("65岁+比例", "Aged 65+"),
    "county.col.incidence": ("发病标化率", "Incidence ASR"),
    "county.this_county": ("（本区县）", "(this county)"),
    "county.download": ("下载概况表（CSV）", "Download profile (CSV)"),
    "county.masked_note": (
        "1—{limit} 例的计数从不显示，也不能由其他公布的数字推算：有的计数因此“为保护小数值而隐藏”（同一说明，不区分原因）；"
        "少于 {threshold} 例的率不计算，显示为“—”。",
        "Counts of 1–{limit} are never shown nor derivable from other published numbers: some counts are therefore "
        "“hidden to protect small numbers” (one note, whatever the reason); rates on fewer than {threshold} cases "
        "are shown as “—”.",
    ),
    "county.csv.section": ("部分", "section"),
    "county.csv.indicators": ("规划指标", "plan indicators"),
    "county.csv.rates": ("癌症率", "cancer rates"),
    "county.csv.lower": ("下限", "lower"),
    "county.csv.upper": ("上限", "upper"),
    "county.csv.unit": ("单位", "unit"),
    "county.csv.reason": ("未显示原因", "reason not shown"),
}
