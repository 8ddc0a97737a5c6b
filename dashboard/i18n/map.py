"""Messages of the incidence and mortality map page (/map), and the words for its codes.

``MESSAGES`` is the page's part of the catalogue (:func:`dashboard.i18n.t`). The functions
below turn codes (a site key, a suppression reason, registry-quality flags, a period, a
rate type) into words in one language; they are shared by the map, the county profile and
its exports, so they live here rather than in one page's view.
"""

from __future__ import annotations

from typing import Any

from dashboard.catalogue.sites import SITE_BY_KEY
from dashboard.i18n import pick, t

MESSAGES = {
    "map.page_title": ("{area}：癌症{measure}地图", "{area}: cancer {measure} map"),
    "map.label.measure": ("指标", "Measure"),
    "map.label.site": ("癌种", "Cancer site"),
    "map.label.sex": ("性别", "Sex"),
    "map.label.rate": ("率", "Rate"),
    "map.label.year": ("年份或合并时期", "Year or pooled period"),
    "map.label.method": ("分级方法", "Classes by"),
    "map.label.classes": ("分级数", "Number of classes"),
    "map.measure.incidence": ("发病率", "incidence"),
    "map.measure.mortality": ("死亡率", "mortality"),
    "map.measure_button.incidence": ("发病", "Incidence"),
    "map.measure_button.mortality": ("死亡", "Mortality"),
    "map.count.incidence": ("发病数", "Cases"),
    "map.count.mortality": ("死亡数", "Deaths"),
    "map.sex.T": ("合计", "Both sexes"),
    "map.sex.M": ("男性", "Male"),
    "map.sex.F": ("女性", "Female"),
    "map.rate.crude": ("粗率", "Crude rate"),
    "map.rate.asr_china": ("中标率（2000年中国人口）", "ASR (China 2000 population)"),
    "map.rate.asr_world": ("世标率（Segi世界人口）", "ASR (Segi world population)"),
    "map.rate.cum_0_74": ("0—74岁累积率", "Cumulative rate 0–74"),
    "map.rate_short.crude": ("粗率", "crude rate"),
    "map.rate_short.asr_china": ("中标率", "ASR China 2000"),
    "map.rate_short.asr_world": ("世标率", "ASR world"),
    "map.rate_short.cum_0_74": ("0—74岁累积率", "cumulative rate 0–74"),
    "map.unit.per100k": ("1/10万", "per 100,000"),
    "map.unit.percent": ("%", "%"),
    "map.period.single": ("{year}年", "{year}"),
    "map.period.pooled": ("{start}—{end}年合并", "{start}–{end} pooled"),
    "map.period.option_pooled": ("{start}—{end}年（合并{n}年）", "{start}–{end} (pooled {n} years)"),
    "map.method.quantile": ("分位数（各级区县数相近）", "Quantiles (equal counts)"),
    "map.method.equal": ("等间距", "Equal intervals"),
    "map.method.jenks": ("自然断点（Jenks）", "Natural breaks (Jenks)"),
    "map.method.plan": ("规划分级", "Plan classes"),
    "map.method.plan_custom": ("规划阈值", "Plan thresholds"),
    "map.classes": ("{k} 级", "{k} classes"),
    "map.reason.fewer_than": ("{count}少于{n}例，不计算率", "fewer than {n} {count_lower}: rate not shown"),
    "map.reason.fewer_than_0_74": (
        "0—74岁{count}少于{n}例，不计算累积率",
        "fewer than {n} {count_lower} aged 0–74: rate not shown",
    ),
    "map.reason.no_population": ("无人口数据", "no population data"),
    "map.reason.no_data": ("无登记数据", "no registry data"),
    "map.reason.cases_unknown": ("病例数未知", "count unknown"),
    # the one reason of every hidden count (a small count or one hidden to protect another)
    "map.reason.hidden": ("为保护小数值而隐藏", "hidden to protect small numbers"),
    "map.grey_band": ("未显示 ({n})", "Not shown ({n})"),
    "map.hover.person_years": ("人年", "Person-years"),
    "map.hover.rank": ("排名", "Rank"),
    "map.hover.rank_of": ("{rank}/{n}", "{rank} of {n}"),
    # a rank with its 95% interval (simulated from the rates' sampling distributions)
    "map.rank_ci": ("第{rank}位（{lower}–{upper}）", "{rank} ({lower}–{upper})"),
    "map.rank_ci_of": ("第{rank}位（{lower}–{upper}），共{n}个", "{rank} ({lower}–{upper}) of {n}"),
    "map.hover.click": ("点击查看详情", "Click for details"),
    "map.quality.warning": ("⚠ 登记质量存疑：{flags}", "⚠ Registry quality flags: {flags}"),
    "map.quality.mv_low": ("形态学确认比例（MV%）偏低", "low MV%"),
    "map.quality.mv_high": ("MV% 偏高", "high MV%"),
    "map.quality.dco_high": ("仅死亡证明书比例（DCO%）偏高", "high DCO%"),
    "map.quality.mi_low": ("死亡/发病比（M/I）偏低", "low M/I"),
    "map.quality.mi_high": ("死亡/发病比（M/I）偏高", "high M/I"),
    "map.quality.ok": ("无异常", "no flag"),
    "map.col.county": ("区县", "County"),
    "map.col.adcode": ("代码", "Code"),
    "map.col.lower": ("95%CI 下限", "95% CI lower"),
    "map.col.upper": ("95%CI 上限", "95% CI upper"),
    "map.col.rank": ("排名", "Rank"),
    "map.col.rank_ci": ("排名（95%区间）", "Rank (95% interval)"),
    "map.col.quality": ("登记质量", "Registry quality"),
    "map.col.note": ("说明", "Note"),
    "map.summary": (
        "{area}，{period}，{site}（{sex}）{measure}，{rate}：{value}（95%CI {lower}—{upper}），"
        "{count_label} {cases}。",
        "{area}, {period}, {site} ({sex}) {measure}, {rate}: {value} (95% CI {lower}–{upper}); "
        "{count_label} {cases}.",
    ),
    "map.summary.counties": (
        "{n} 个区县中 {shown} 个显示率，{hidden} 个未显示（{count}少于 {threshold} 例、为保护小数值而隐藏或无数据），以灰色表示。",
        "{shown} of {n} counties have a rate; {hidden} are not shown (fewer than {threshold} "
        "{count_lower}, hidden to protect small numbers, or no data) and drawn grey.",
    ),
    "map.summary.sparse": (
        "单一年份中多数区县例数太少而显示为灰色：在“年份或合并时期”中选择合并时期（如最近 5 年合并）可显示更多区县。",
        "In a single year most counties have too few cases and are grey: a pooled period (e.g. the "
        "latest 5 years pooled) under “Year or pooled period” shows more of them.",
    ),
    "map.summary.quality": (
        "{n} 个区县登记质量指标异常（表中标 ⚠），其率需谨慎解读。",
        "{n} counties have registry-quality flags (⚠ in the table): read their rates with care.",
    ),
    "map.definition.title": ("定义与方法", "Definitions and methods"),
    "map.definition.body": (
        "率 = {count}/人年 × 10万；标化率用直接法（中标率：2000年全国人口普查；世标率：Segi 1960 世界标准人口），"
        "95% 置信区间用 gamma 法（Fay–Feuer 1997），粗率用精确 Poisson 区间。0—74岁累积率 = Σ 年龄别率 × 组距 × 100%。"
        "合并时期把各年{count}与人年相加。{count}少于 {threshold} 例的率不计算（NCI/CDC 规则），"
        "1—{limit} 例的计数不显示，也不能由公布的合计推算（隐私：有的计数因此“为保护小数值而隐藏”）。排名仅在显示率的区县中按率从高到低排列，括号内为排名的95%区间（模拟得出，见“方法”页）；区间重叠的区县不能认为有差异。"
        "登记质量按 IARC 指标（MV%、DCO%、M/I，全部癌症）标记。",
        "Rate = {count_lower} / person-years × 100,000; age-standardised rates by the direct "
        "method (China 2000 census; Segi 1960 world standard), 95% CI by the gamma method (Fay–Feuer "
        "1997), exact Poisson interval for crude rates. Cumulative rate 0–74 = Σ age-specific rate × "
        "group width × 100%. Pooled periods sum {count_lower} and person-years over the years. Rates "
        "on fewer than {threshold} {count_lower} are not shown (NCI/CDC rule); counts of 1–{limit} are "
        "never shown nor derivable from published sums (privacy: some counts are therefore “hidden to "
        "protect small numbers”). Ranks order the counties with a rate, highest first, with the "
        "rank's 95% interval in brackets (simulated, see Methods); counties whose intervals overlap "
        "cannot be told apart. Registry-quality flags follow IARC (MV%, DCO%, M/I, all sites).",
    ),
    "map.method_note.plan": (
        "规划分级：规划文件给出的分级界值 {breaks}。",
        "Plan classes: the plan file's breaks {breaks}.",
    ),
    "map.method_note.no_plan": (
        "规划文件未给出{measure}（{rate}）的分级，改按分位数分级。",
        "The plan file sets no classes for {measure} ({rate}): quantile classes are shown instead.",
    ),
    "map.method_note.custom": ("规划阈值：{breaks}", "Plan thresholds: {breaks}"),
    "map.bars.title": ("各区县{rate}及95%CI（按率排序）", "{rate} by county with 95% CI, ranked"),
    "map.bars.area": ("{area} {value}", "{area} {value}"),
    "map.bars.top": (
        "率最高的 {n} 个区县（共 {total} 个有率）",
        "Highest {n} of {total} counties with a rate",
    ),
    "map.bars.none": ("没有可显示的率", "No rate to show"),
    "map.table.title": ("区县明细", "Counties"),
    "map.table.top": (
        "全国图层：表中列出率排名前{n}的区县（共{total}个区县）。全部区县请下载 CSV 或 Excel；点击地图上的区县可查看其详情。",
        "National layer: the table lists the {n} highest-ranked counties (of {total}). Download the CSV or Excel "
        "file for every county; click a county on the map for its details.",
    ),
    "map.hint": (
        "点击地图或表格中的区县查看详情；所选条件都在网址中，复制链接即可分享当前视图。",
        "Click a county on the map or in the table for its details. Every choice is in the "
        "address: copy the link to share this view.",
    ),
    "map.no_data": ("所选地区没有登记数据。", "No registry data for this area."),
    "map.detail.title": ("{county}", "{county}"),
    "map.detail.selection": ("{site}（{sex}）{measure}，{rate}", "{site} ({sex}) {measure}, {rate}"),
    "map.detail.trend_title": ("逐年{rate}及95%CI", "{rate} by year with 95% CI"),
    "map.detail.apc": (
        "年度变化百分比 APC {apc}%（95%CI {lower}% 至 {upper}%）：{label}",
        "Annual percent change {apc}% (95% CI {lower}% to {upper}%): {label}",
    ),
    "map.detail.apc_none": ("趋势：{label}（{reason}）", "Trend: {label} ({reason})"),
    "map.trend.rising": ("上升", "rising"),
    "map.trend.falling": ("下降", "falling"),
    "map.trend.stable": ("平稳", "stable"),
    "map.trend.insufficient_data": ("数据不足", "insufficient data"),
    "map.trend.reason_missing": (
        "有年份率未显示或不足3年",
        "a year has no shown rate, or fewer than 3 years",
    ),
    "map.detail.quality": ("登记质量（全部癌症，{period}）", "Registry quality (all sites, {period})"),
    "map.detail.mv": ("形态学确认比例 MV%", "Morphologically verified MV%"),
    "map.detail.dco": ("仅死亡证明书 DCO%", "Death certificate only DCO%"),
    "map.detail.mi": ("死亡/发病比 M/I", "Mortality/incidence M/I"),
    "map.detail.reference": ("全国2012年参考：{value}", "China 2012: {value}"),
    "map.detail.in_period": ("当前时期（{period}）", "Selected period ({period})"),
    "map.detail.more": ("完整的区县概况将在后续版本提供。", "A full county profile comes later."),
    "map.detail.close": ("关闭", "Close"),
    "map.csv.filename": ("癌症地图", "cancer-map"),
    "map.detail.profile": ("区县概况：与相似区县比较 →", "County profile: compared with similar counties →"),
}


# ---------------------------------------------------------------------------------------
# Words for codes


def unit_label(rate: str, lang: str) -> str:
    """The unit of a rate type: "1/10万" / "per 100,000", or "%" for the cumulative rate."""
    return t("map.unit.percent" if rate == "cum_0_74" else "map.unit.per100k", lang)


def period_label(year_from: int, year_to: int, lang: str) -> str:
    """ "2022年" / "2022", or "2021—2025年合并" / "2021–2025 pooled"."""
    if year_from == year_to:
        return t("map.period.single", lang, year=year_from)
    return t("map.period.pooled", lang, start=year_from, end=year_to)


def period_option_label(year_from: int, year_to: int, lang: str) -> str:
    """A period as the year menu offers it: "2022年" or "2021—2025年（合并5年）"."""
    if year_from == year_to:
        return t("map.period.single", lang, year=year_from)
    return t("map.period.option_pooled", lang, start=year_from, end=year_to, n=year_to - year_from + 1)


def site_label(site: str, lang: str) -> str:
    """A cancer site's name (the key itself when unknown)."""
    s = SITE_BY_KEY.get(site)
    return pick(s.name_zh, s.name_en, lang) if s else site


def reason_text(reason: str, measure: str, lang: str) -> str:
    """A suppression reason code as words."""
    count = t(f"map.count.{measure}", lang)
    if reason.startswith("fewer_than_"):
        n = "".join(ch for ch in reason.removeprefix("fewer_than_").split("_")[0] if ch.isdigit())
        key = "map.reason.fewer_than_0_74" if reason.endswith("_0_74") else "map.reason.fewer_than"
        return t(key, lang, n=n, count=count, count_lower=count.lower())
    try:
        return t(f"map.reason.{reason}", lang)
    except KeyError:
        return reason


def short_reason(reason: str, measure: str, lang: str) -> str:
    """ "—（<16例）" / "— (<16)" for few cases; "—（无登记数据）" otherwise (national tooltips)."""
    if reason.startswith("fewer_than_"):
        n = "".join(ch for ch in reason.removeprefix("fewer_than_").split("_")[0] if ch.isdigit())
        return f"—（<{n}例）" if lang == "zh" else f"— (<{n})"
    return dash_with(reason_text(reason, measure, lang), lang)


def dash_with(note: str, lang: str) -> str:
    """ "—（note）" / "— (note)": a value not shown, with why."""
    return f"—（{note}）" if lang == "zh" else f"— ({note})"


def rank_text(rank: Any, lower: Any = None, upper: Any = None, n: int | None = None, *, lang: str) -> str:
    """A rank with its 95% interval: "第3位（1–7）" / "3 (1–7)", with ``n`` "第3位（1–7），共38个" /
    "3 (1–7) of 38"; without an interval the bare "3/38" / "3 of 38"; "—" when not ranked."""
    if rank is None or rank != rank:
        return "—"
    if lower is None or upper is None or lower != lower or upper != upper:
        return str(int(rank)) if n is None else t("map.hover.rank_of", lang, rank=int(rank), n=n)
    words = {"rank": int(rank), "lower": int(lower), "upper": int(upper)}
    return t("map.rank_ci", lang, **words) if n is None else t("map.rank_ci_of", lang, n=n, **words)


def quality_text(flags: str, lang: str) -> str:
    """Registry-quality flag codes ("mv_low;dco_high") as words ("" when none)."""
    codes = [c for c in str(flags or "").split(";") if c]
    sep = "、" if lang == "zh" else ", "
    return sep.join(t(f"map.quality.{c}", lang) for c in codes)


def hidden_text(lang: str) -> str:
    """The one neutral words of a hidden registry count ("为保护小数值而隐藏" / "hidden to
    protect small numbers"): never whether it is small or hidden to protect another."""
    return t("map.reason.hidden", lang)
