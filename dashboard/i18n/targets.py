"""Messages of the plan-target overview (/) and the indicator page (/targets), and the
words both pages (and the briefing deck) build from a judged target: values with their
unit, status labels, the target as a phrase, the sentences that explain a status, and the
counties meeting it. Pure text: the judgement itself is :mod:`dashboard.domain.status`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.domain.status import TargetSpec, TargetStatus, status_key
from dashboard.i18n import t

MESSAGES = {
    # --- statuses -----------------------------------------------------------------------
    "status.met": ("达标", "Met"),
    "status.on_track": ("进度正常", "On track"),
    "status.at_risk": ("有风险", "At risk"),
    "status.off_track": ("滞后", "Off track"),
    "status.missed": ("未达标", "Not met"),
    "status.no_data": ("无数据", "No data"),
    "status.count.met": ("{k} 项达标", "{k} met"),
    "status.count.on_track": ("{k} 项进度正常", "{k} on track"),
    "status.count.at_risk": ("{k} 项有风险", "{k} at risk"),
    "status.count.off_track": ("{k} 项滞后", "{k} off track"),
    "status.count.missed": ("{k} 项未达标（期限已过）", "{k} not met (deadline passed)"),
    "status.count.no_data": ("{k} 项无数据", "{k} without data"),
    # reasons: one sentence each, for the cards and the indicator page
    "status.reason.no_values": ("暂无数据。", "No data yet."),
    "status.reason.no_baseline": (
        "缺少基线年份（{year}年）的数值，无法确定目标值。",
        "No value for the baseline year ({year}): the target value cannot be set.",
    ),
    "status.reason.met_latest": ("{year}年已达到目标。", "Already reached in {year}."),
    "status.reason.met_at_deadline": ("期限（{deadline}年）时为 {value}，已达标。",
                                      "{value} at the deadline ({deadline}): met."),
    "status.reason.missed_at_deadline": ("期限（{deadline}年）时为 {value}，未达标。",
                                         "{value} at the deadline ({deadline}): not met."),
    "status.reason.judged_later": ("（{deadline}年无数据，按{year}年判断）",
                                   "(no value for {deadline}; judged on {year})"),
    "status.reason.too_few_years": ("尚未达标；数据少于3年，无法预测。",
                                    "Not met yet; fewer than 3 years of data, too few to project."),
    "status.reason.projection": ("预计{year}年达到 {value}（95%区间 {lower}–{upper}）。",
                                 "Projected {value} in {year} (95% interval {lower}–{upper})."),
    "status.reason.falling": ("近{k}年逐年下降：每年 {slope}（95%区间 {lower} 至 {upper}）。",
                              "Falling over the last {k} years: {slope} a year (95% interval {lower} to {upper})."),
    "status.reason.not_clearly_falling": ("下降趋势不明确：每年 {slope}（95%区间 {lower} 至 {upper}）。",
                                          "No clear fall: {slope} a year (95% interval {lower} to {upper})."),
    "status.reason.not_falling": ("未见下降：每年 {slope}（95%区间 {lower} 至 {upper}）。",
                                  "Not falling: {slope} a year (95% interval {lower} to {upper})."),
    "status.since.still_met": ("此后：{year}年 {value}，仍然达标。", "Since: {value} in {year}, still meeting it."),
    "status.since.no_longer_met": ("此后：{year}年 {value}，已低于目标。", "Since: {value} in {year}, no longer meeting it."),
    "status.since.met": ("此后：{year}年 {value}，已达到目标。", "Since: {value} in {year}, the target is now reached."),
    "status.since.not_met": ("此后：{year}年 {value}，仍未达到目标。", "Since: {value} in {year}, still short of the target."),
    "status.since.falling": ("此后仍在下降（至{year}年）。", "Still falling since (to {year})."),
    "status.since.not_falling": ("此后未见持续下降（至{year}年）。", "No steady fall since (to {year})."),
    "status.awaiting": ("期限已过但尚无{deadline}年数据：按趋势预测判断。",
                        "Deadline passed but no data for {deadline} yet: judged on the projection."),
    # --- the overview (/) -----------------------------------------------------------------
    "overview.heading": ("{area}：{plan}", "{area}: {plan}"),
    "overview.no_plan": ("该地区没有规划文件。", "There is no plan file for this area."),
    "overview.summary": ("{n} 项量化指标：{parts}", "{n} quantified targets: {parts}"),
    "overview.as_of": (
        "判断时点：{year}年；数据截至{data_year}年（示例数据）。",
        "Judged as of {year}; data to {data_year} (demonstration data).",
    ),
    "overview.as_of_real": ("判断时点：{year}年；数据截至{data_year}年。", "Judged as of {year}; data to {data_year}."),
    "overview.deadline_passed": (
        "规划期限（{deadline}年）已过：各项状态按期限年份的数据判断（达标 / 未达标），并注明此后的变化。",
        "The plan's deadline ({deadline}) has passed: each status is judged on the data of the deadline "
        "year (met / not met), with what happened since.",
    ),
    "overview.latest": ("{year}年", "{year}"),
    "overview.target": ("目标", "Target"),
    "overview.target_by": ("{target}（{deadline}年）", "{target} by {deadline}"),
    "overview.falling": ("逐年下降", "falling year on year"),
    "overview.baseline": ("{year}年基线 + {delta:g} 个百分点（= {value}）", "{year} baseline + {delta:g} pp (= {value})"),
    "overview.baseline_unknown": ("{year}年基线 + {delta:g} 个百分点", "{year} baseline + {delta:g} pp"),
    "overview.clause": ("{clause}{name} {target}，{deadline}年", "{clause} {name} {target}, {deadline}"),
    "overview.counties": ("{k} / {n} 个区县达标", "{k} / {n} counties meet it"),
    "overview.counties_year": ("{year}年 {k} / {n} 个区县达标", "{k} / {n} counties met it in {year}"),
    "overview.counties_now": ("（最新 {k} / {n}）", " (latest: {k} / {n})"),
    "overview.counties_falling": ("{k} / {n} 个区县呈明显下降趋势", "{k} / {n} counties clearly falling"),
    "overview.counties_missing": ("，{k} 个无数据", ", {k} without data"),
    "overview.area_only": ("仅市级数据", "City-level data only"),
    "overview.counties_no_data": ("暂无区县数据", "No county data yet"),
    "overview.details": ("查看指标详情 →", "Indicator details →"),
    "overview.latest_value": ("最新值", "Latest"),
    "overview.other_targets": ("其他目标（无量化指标，不做进度判断）", "Other targets (not quantified, not tracked)"),
    "overview.method_title": ("状态如何判断", "How a status is judged"),
    "overview.method": (
        "达标：最新值已达到目标（期限已过时，按期限年份的数值）。进度正常 / 有风险 / 滞后：对最近3—5年数据做加权线性趋势"
        "（已知分母的比例按 p(1−p)/n 的倒数加权，否则等权），外推到期限年份并给出95%预测区间（t分布，自由度 n−2）："
        "整个区间达到目标为“进度正常”，区间跨越目标为“有风险”，整个区间达不到为“滞后”。期限已过而未达标为“未达标”。"
        "“逐年下降”类目标看趋势斜率的95%置信区间：全部小于0为进度正常，跨越0为有风险，全部不小于0为滞后。"
        "基线类目标（如“比2015年提高3个百分点”）的目标值 = 基线年份数值 + 增量。数据少于3年时只判断是否已达标。"
        "区县按同一方法、同一目标值判断。",
        "Met: the latest value already meets the target (after the deadline: the value of the deadline year). "
        "On track / at risk / off track: a weighted straight-line trend over the last 3–5 years (weights 1/(p(1−p)/n) "
        "for proportions with a known denominator, else equal) is projected to the deadline with a 95% prediction "
        "interval (t on n−2 degrees of freedom): on track when the whole interval meets the target, at risk when it "
        "straddles it, off track when the whole interval falls short. A passed deadline not met is \"not met\". "
        "\"Falling\" targets use the 95% confidence interval of the slope: all below 0 on track, spanning 0 at risk, "
        "all at or above 0 off track. Baseline targets (\"3 points above 2015\") use the baseline-year value plus the "
        "increase. With fewer than 3 years only met / not met is said. Counties are judged the same way against "
        "the same target value.",
    ),
    "overview.map_title": ("各区县达到的区县级目标数（{basis}，共 {n} 项）", "Targets met by each county ({basis}; {n} in all)"),
    "overview.map_basis_year": ("按{year}年数值，判断方法同上", "{year} values, judged as above"),
    "overview.map_basis_latest": ("按各指标的判断年份，判断方法同上", "each target's judged year, judged as above"),
    "overview.map_legend": ("{k} / {n} 项", "{k} / {n}"),
    "overview.map_hover": ("达标 {k} / {n} 项", "meets {k} of {n}"),
    "overview.map_click": ("点击查看区县概况", "click for the county profile"),
    "overview.map_none": ("该规划没有区县级指标。", "This plan has no county-level indicators."),
    "overview.map_no_data": ("各区县达到的区县级目标数：尚无区县数据", "Targets met by each county: no county data yet"),
    "overview.summary_item": ("{status} · {name} {target}（{deadline}）: {latest}",
                              "{status} · {name} {target} ({deadline}): {latest}"),
    # --- the indicator page (/targets) ----------------------------------------------------
    "targets.title": ("{area}：规划指标与目标", "{area}: plan indicators and targets"),
    "targets.scorecard": ("区县 × 指标达标表", "County × indicator scorecard"),
    "targets.scorecard_hint": (
        "每格为判断所用的数值及与目标的差距（百分点）；颜色为状态，方法同概览页。期限已过的指标按期限年份判断。"
        "点击列标题排序；用“区域”筛选；点击单元格可在下方查看该指标并加入该区县。",
        "Each cell: the value judged and its gap to the target (percentage points); colour = status, same method "
        "as the overview. Targets whose deadline has passed are judged on the deadline year. Click a header to "
        "sort; filter by regional group; click a cell to show that indicator below with that county.",
    ),
    "targets.group": ("区域", "Regional group"),
    "targets.all_groups": ("全部区域", "All groups"),
    "targets.col.county": ("区县", "County"),
    "targets.col.group": ("区域", "Group"),
    "targets.col.adcode": ("代码", "Code"),
    "targets.col.met": ("达标项数", "Targets met"),
    "targets.area_row": ("{area}（全市）", "{area} (whole area)"),
    "targets.indicator": ("指标", "Indicator"),
    "targets.counties": ("对比区县（可多选）", "Counties to compare (several allowed)"),
    "targets.counties_placeholder": ("选择区县…", "Choose counties…"),
    "targets.no_quantified": ("该规划没有可追踪的量化指标。", "This plan has no quantified targets to track."),
    "targets.unknown_indicator": ("该规划中没有指标“{indicator}”，已显示第一项。",
                                  "The plan has no indicator \"{indicator}\"; showing the first one."),
    "targets.trend_title": ("{name}：趋势与目标", "{name}: trend and target"),
    "targets.ranking_title": ("区县与目标的差距（{year}年数值）", "Counties' distance to the target ({year} values)"),
    "targets.ranking_title_any": ("区县与目标的差距（各区县的判断年份）", "Counties' distance to the target (each county's judged year)"),
    "targets.ranking_title_falling": ("区县趋势：每年变化（近5年加权线性趋势）", "County trends: change a year (weighted trend, last 5 years)"),
    "targets.ranking_x": ("与目标的差距（百分点，右侧更好）", "Gap to target (percentage points; right is better)"),
    "targets.ranking_x_low": ("与目标的差距（百分点，左侧更好）", "Gap to target (percentage points; left is better)"),
    "targets.ranking_x_count": ("与目标的差距", "Gap to target"),
    "targets.ranking_falling_x": ("每年变化（百分点，左侧为下降）", "Change a year (percentage points; left = falling)"),
    "targets.ranking_zero_falling": ("无变化", "no change"),
    "targets.ranking_yesno": ("该指标按区县“有 / 无”计：达标区县 {k} / {n}。", "A yes/no indicator per county: {k} / {n} counties have it."),
    "targets.funnel_title": ("漏斗图：区县与{centre}比较", "Funnel plot: counties against {centre}"),
    "targets.funnel_centre_target": ("目标 {value}", "the target {value}"),
    "targets.funnel_centre_area": ("全市平均 {value}", "the area average {value}"),
    "targets.funnel_note": (
        "漏斗图按每个区县的分母（人数或机构数）画出随机波动的范围：落在虚线（95%）和点线（99.8%）之间的区县，"
        "与中心值的差异可能只是偶然；小区县不应因偶然波动被排在末位。",
        "The funnel shows how far a county can sit from the centre by chance alone, given its denominator: "
        "counties inside the dashed (95%) and dotted (99.8%) limits may differ only by chance, so small counties "
        "are not shamed by noise.",
    ),
    "targets.definition": ("指标定义（中文 / English）", "Definition (中文 / English)"),
    "targets.def.numerator": ("分子 Numerator", "分子 Numerator"),
    "targets.def.denominator": ("分母 Denominator", "分母 Denominator"),
    "targets.def.source": ("来源 Source", "来源 Source"),
    "targets.def.kind": ("计算方式 Computation", "计算方式 Computation"),
    "targets.def.target": ("规划目标 Plan target", "规划目标 Plan target"),
    "targets.kind.ratio": ("各区县分子之和 ÷ 分母之和（Wilson 95%区间）",
                           "Sum of county numerators ÷ sum of denominators (Wilson 95% interval)"),
    "targets.kind.reported": ("报告值（市级数值不由区县相加；区间为报告的区间）",
                              "A reported value (the area's value is never a sum of counties; interval as reported)"),
    "targets.kind.county_share": ("区县“有 / 无”：全市数值为具备条件的区县所占比例",
                                  "Yes/no per county: the area value is the share of counties that have it"),
    "targets.kind.screening_early": ("由筛查表计算：Σ早期检出 ÷ Σ检出（Wilson 95%区间）",
                                     "From the screening tables: Σ early detected ÷ Σ detected (Wilson 95% interval)"),
    "targets.kind.screening_coverage": ("由筛查表计算：Σ筛查人数 ÷ Σ适龄人数（适龄人数为0时无数据，不计为0%；覆盖当年报告该项目的区县）",
                                        "From the screening tables: Σ screened ÷ Σ eligible (no eligible people = no data, never 0%; "
                                        "covers counties reporting the programme that year)"),
    "targets.kind.programme_counties": ("由筛查表计算：当年所有指定项目均有筛查（筛查人数 > 0）的区县所占比例",
                                        "From the screening tables: share of counties screening (screened > 0) in every named "
                                        "programme that year"),
    "targets.kind.count": ("计数，按原值与目标比较", "A count, compared with the target as is"),
    "targets.county_table": ("区县数据", "County table"),
    "targets.download_scorecard": ("下载达标表 CSV", "Download scorecard CSV"),
    "targets.download_county": ("下载本指标区县数据 CSV", "Download this indicator's county table CSV"),
    "targets.masked_note": (
        "区县1—{limit}人的计数不显示、不导出，也无法由合计或比例推算：为此可能一并隐藏其他数值，"
        "被隐藏处一律注明“为保护小数值而隐藏”（其值与达标状态都不显示）；人数不足 {threshold} 的比例不显示。",
        "County counts of 1 to {limit} people are neither shown nor exported, nor can they be worked out from "
        "totals or proportions: other numbers may be hidden with them, and every hidden number reads \"hidden "
        "to protect small numbers\" (no value, no status); proportions on fewer than {threshold} people are "
        "suppressed.",
    ),
    "targets.suppressed": ("分母不足{threshold}，不显示", "fewer than {threshold} in the denominator: suppressed"),
    "targets.area_only_note": ("该指标只有市级数据，没有区县数值。", "This indicator has city-level data only, no county values."),
    "targets.yes": ("有", "Yes"),
    "targets.no": ("无", "No"),
    "targets.tcol.county": ("区县", "county"),
    "targets.tcol.adcode": ("代码", "adcode"),
    "targets.tcol.group": ("区域", "group"),
    "targets.tcol.year": ("年份", "year"),
    "targets.tcol.value": ("数值", "value"),
    "targets.tcol.lower": ("95%下限", "lower 95%"),
    "targets.tcol.upper": ("95%上限", "upper 95%"),
    "targets.tcol.numerator": ("分子", "numerator"),
    "targets.tcol.denominator": ("分母", "denominator"),
    "targets.tcol.gap": ("与目标差距", "gap to target"),
    "targets.tcol.status": ("状态", "status"),
    "targets.tcol.latest_year": ("最新年份", "latest year"),
    "targets.tcol.latest_value": ("最新值", "latest value"),
    "targets.tcol.target": ("目标值", "target value"),
    "targets.tcol.note": ("说明", "note"),
    "targets.unit.percent": ("%", "%"),
    "targets.unit.count": ("项", "count"),
    # figure labels
    "targets.fig.observed": ("观测值", "Observed"),
    "targets.fig.target": ("目标", "Target"),
    "targets.fig.deadline": ("期限 {year}", "Deadline {year}"),
    "targets.fig.projection": ("趋势预测", "Projection"),
    "targets.fig.interval": ("95%预测区间", "95% prediction interval"),
    "targets.fig.value_axis": ("数值（{unit}）", "Value ({unit})"),
    "targets.fig.left_out": ("{n} 个区县无数据或已隐藏，未列出", "{n} counties without a value (or suppressed) not shown"),
    "targets.fig.limits": ("{level} 控制限", "{level} control limits"),
    "targets.fig.funnel_x": ("分母（人数或机构数）", "Denominator (people or facilities)"),
    "targets.fig.funnel_x_log": ("分母（人数或机构数，对数刻度）", "Denominator (people or facilities, log scale)"),
    "targets.fig.funnel_na": ("该指标没有区县分子 / 分母，不适用漏斗图", "No county numerators/denominators: no funnel plot"),
    "targets.fig.funnel_within": ("在95%控制限内", "Within 95% limits"),
    "targets.fig.funnel_edge": ("在95%与99.8%控制限之间", "Between 95% and 99.8% limits"),
    "targets.fig.funnel_better": ("优于中心值（超出99.8%）", "Better than the centre (beyond 99.8%)"),
    "targets.fig.funnel_worse": ("差于中心值（超出99.8%）", "Worse than the centre (beyond 99.8%)"),
}  # fmt: skip


# --- Words built from a judged target ---------------------------------------------------

_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def _missing(v: object) -> bool:
    """None, NaN or pd.NA."""
    try:
        return v is None or bool(pd.isna(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):  # not a scalar
        return False


def fmt_value(value: float | None, unit: str, digits: int = 1) -> str:
    """A value with its unit ("52.3%", "3"); "—" when missing. Counts are whole numbers
    (a projection of 4.4 projects reads "4")."""
    if _missing(value):
        return "—"
    assert value is not None
    if unit == "%":
        return f"{value:.{digits}f}%"
    return f"{round(float(value)):,d}"


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}  # fmt: skip


def _cn_number(word: str) -> str:
    """ "十四" -> "14", "二十一" -> "21" (Chinese numerals up to 99)."""
    if "十" not in word:
        return "".join(str(_CN_DIGITS[c]) for c in word)
    tens, _, ones = word.partition("十")
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def clause_label(clause: str, lang: str) -> str:
    """A plan clause as written ("（十二）", "一", "（二）/（十四）") in brackets; in English with
    Arabic numerals and plain brackets ("(12)", "(1)", "(2)/(14)"): "（一）" means nothing to an
    English reader."""
    c = str(clause).strip()
    if lang == "zh":
        return c if c.startswith(("（", "(")) else f"（{c}）"
    c = re.sub(r"[零〇一二两三四五六七八九十]+", lambda m: _cn_number(m.group(0)), c)
    c = c.replace("（", "(").replace("）", ")").replace("、", ", ").replace("／", "/")
    return c if c.startswith("(") else f"({c})"


def status_label(st: TargetStatus | str, lang: str, deadline_passed: bool = False) -> str:
    """ "达标", "未达标" … of a status (see :func:`dashboard.domain.status.status_key`)."""
    return t(f"status.{status_key(st, deadline_passed)}", lang)


def target_label(spec: TargetSpec, target: float | None, unit: str, lang: str) -> str:
    """The target as a short phrase: "≥ 55%", "falling year on year", "≥ 2015 baseline + 3 pp (= 39.3%)"."""
    if spec.comparison == "falling":
        return t("overview.falling", lang)
    sym = _SYMBOLS[spec.comparison]
    if spec.baseline_year is not None and spec.baseline_delta is not None:
        if target is None:
            return f"{sym} " + t(
                "overview.baseline_unknown", lang, year=spec.baseline_year, delta=spec.baseline_delta
            )
        return f"{sym} " + t("overview.baseline", lang, year=spec.baseline_year, delta=spec.baseline_delta,
                             value=fmt_value(target, unit))  # fmt: skip
    digits = 0 if target is not None and float(target).is_integer() else 1
    return f"{sym} {fmt_value(target, unit, digits)}"


def describe(st: TargetStatus, spec: TargetSpec, unit: str, lang: str) -> list[str]:
    """Sentences that explain a status: the projection, or what happened at the deadline and since."""
    out: list[str] = []
    r = st.reason
    pp = (" pp" if lang == "en" else " 个百分点") if unit == "%" else ""

    def v(x: float | None) -> str:
        return fmt_value(x, unit)

    def slope(x: float | None) -> str:
        return "—" if x is None else f"{x:+.2f}{pp}"

    if r in ("no_values",):
        out.append(t("status.reason.no_values", lang))
    elif r == "no_baseline":
        out.append(t("status.reason.no_baseline", lang, year=spec.baseline_year))
    elif r in ("met_at_deadline", "missed_at_deadline"):
        out.append(t(f"status.reason.{r}", lang, deadline=spec.deadline, value=v(st.judged_value)))
        if st.judged_year is not None and st.judged_year != spec.deadline:
            out.append(t("status.reason.judged_later", lang, deadline=spec.deadline, year=st.judged_year))
        if st.met_since is not None and spec.comparison == "falling":
            key = "status.since.falling" if st.met_since else "status.since.not_falling"
            out.append(t(key, lang, year=st.latest_year))
        elif st.met_since is not None:
            if r == "met_at_deadline":
                key = "status.since.still_met" if st.met_since else "status.since.no_longer_met"
            else:
                key = "status.since.met" if st.met_since else "status.since.not_met"
            out.append(t(key, lang, year=st.latest_year, value=v(st.latest_value)))
    else:
        if st.deadline_passed:
            out.append(t("status.awaiting", lang, deadline=spec.deadline))
        if r == "met_latest":
            out.append(t("status.reason.met_latest", lang, year=st.latest_year))
        elif r == "too_few_years":
            out.append(t("status.reason.too_few_years", lang))
        if r in ("falling", "not_clearly_falling", "not_falling") and st.slope is not None:
            out.append(t(f"status.reason.{r}", lang, k=st.n_points, slope=slope(st.slope),
                         lower=slope(st.slope_lower), upper=slope(st.slope_upper)))  # fmt: skip
        if st.projected is not None and st.projection_year is not None:
            out.append(t("status.reason.projection", lang, year=st.projection_year, value=v(st.projected),
                         lower=v(st.lower), upper=v(st.upper)))  # fmt: skip
    return out


def counties_sentence(row: Mapping[str, Any], lang: str) -> str:
    """ "27 / 38 个区县达标" from a row of :func:`dashboard.domain.assessment.assess_plan`.

    Without county values: "City-level data only", or "No county data yet" when the
    area has no value either (``reason`` ``no_values``: nothing is loaded).
    """
    if not row["county_level"]:
        nothing = row.get("reason") == "no_values"
        return t("overview.counties_no_data" if nothing else "overview.area_only", lang)
    n_total = int(row["counties_total"])
    k, judged = row["counties_meeting"], row["counties_judged"]
    if _missing(k):
        return t("overview.area_only", lang)
    if row["comparison"] == "falling":
        text = t("overview.counties_falling", lang, k=int(k), n=n_total)
    elif not _missing(row["counties_year"]):
        text = t("overview.counties_year", lang, year=int(row["counties_year"]), k=int(k), n=n_total)
        if int(row["counties_meeting_latest"]) != int(k):
            text += t("overview.counties_now", lang, k=int(row["counties_meeting_latest"]), n=n_total)
    else:
        text = t("overview.counties", lang, k=int(k), n=n_total)
    missing = n_total - int(judged)
    if missing > 0:
        text += t("overview.counties_missing", lang, k=missing)
    return text
