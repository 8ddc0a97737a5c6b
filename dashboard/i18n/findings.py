"""Words of the findings ("what the data says", :mod:`dashboard.domain.findings`), zh and en.

:func:`finding_lines` turns findings into :class:`FindingLine` (the sentence, the test that
decided it, the link to the chart and its label): what the overview, the county profile
and the briefing deck show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.catalogue.indicators import INDICATORS
from dashboard.domain.findings import Finding
from dashboard.epi.quality import DCO_PCT_MAX, MI_MAX, MI_MIN, MV_PCT_MAX, MV_PCT_MIN
from dashboard.i18n import t
from dashboard.i18n.map import period_label, quality_text, site_label
from dashboard.i18n.verdict import quantity

MESSAGES = {
    "findings.title": ("数据说明了什么", "What the data says"),
    "findings.hint": (
        "以下结论由固定规则根据数字生成，每条注明所用检验，并链接到显示它的图表。被抑制的数字不产生结论。",
        "Written from the numbers by fixed rules: each says its test and links to the chart "
        "that shows it. No finding is made about a suppressed number.",
    ),  # fmt: skip
    "findings.none": ("按现有规则，暂无需要特别提示的结论。", "No finding under the rules for now."),
    # targets
    "findings.target.off_track": (
        "{name}：预计到{deadline}年为 {value}（95%区间 {lower}–{upper}），比目标 {target} 差 {gap}，偏离目标",
        "{name}: projected {value} by {deadline} (95% {lower}–{upper}), {gap} short of "
        "the target {target}: off track",
    ),  # fmt: skip
    "findings.target.at_risk": (
        "{name}：预计到{deadline}年为 {value}（95%区间 {lower}–{upper}），比目标 {target} 差 {gap}，有达不到目标的风险",
        "{name}: projected {value} by {deadline} (95% {lower}–{upper}), {gap} short of "
        "the target {target}: at risk",
    ),  # fmt: skip
    "findings.target.at_risk_edge": (
        "{name}：预计到{deadline}年为 {value}（95%区间 {lower}–{upper}），区间较差一端比目标 {target} 差 {gap_worst}，有达不到目标的风险",
        "{name}: projected {value} by {deadline} (95% {lower}–{upper}); the interval's "
        "worse end is {gap_worst} short of the target {target}: at risk",
    ),  # fmt: skip
    "findings.target.slipping": (
        "{name}：现在已达标（{now_year}年 {now_value}），但预计到{deadline}年为 {value}（95%区间 {lower}–{upper}），比目标 {target} 差 {gap}",
        "{name}: met now ({now_value} in {now_year}) but projected {value} by {deadline} "
        "(95% {lower}–{upper}), {gap} short of the target {target}",
    ),  # fmt: skip
    "findings.target.missed": (
        "{name}：{deadline}年期限未达标（{year}年 {value}，目标 {target}，差 {gap}）",
        "{name}: missed the {deadline} deadline ({value} in {year} against {target}, {gap} short)",
    ),  # fmt: skip
    "findings.target.short_now": (
        "{name}：{year}年 {value}，比目标 {target} 差 {gap}（数据不足以预测）",
        "{name}: {value} in {year}, {gap} short of the target {target} (too few years to project)",
    ),  # fmt: skip
    "findings.target.missed_year": (
        "{name}：{year}年 {value}，未达到每年 {target} 的目标（差 {gap}；规划年份中 {k} / {n} 年达标）",
        "{name}: {value} in {year}, short of {target} a year by {gap} ({k} of {n} plan years met)",
    ),  # fmt: skip
    "findings.target.some_years": (
        "{name}：{year}年达标（{value}），但规划年份中只有 {k} / {n} 年达标",
        "{name}: met in {year} ({value}) but only {k} of {n} plan years met",
    ),
    "findings.target.trend_not_falling": (
        "{name}：未见下降（每年 {slope}，95%区间 {lower} 至 {upper}），目标是逐年下降",
        "{name}: not falling ({slope} a year, 95% {lower} to {upper}); the target is a yearly fall",
    ),  # fmt: skip
    "findings.target.trend_unclear": (
        "{name}：下降不明确（每年 {slope}，95%区间 {lower} 至 {upper}），目标是逐年下降",
        "{name}: no clear fall ({slope} a year, 95% {lower} to {upper}); the target is a yearly fall",
    ),  # fmt: skip
    # counties against the area
    "findings.county_differs.above": (
        "{what}：{n} {counties}显著高于{area}（{benchmark}），{judged}：{names}{more}",
        "{what}: {n} {counties} significantly above {area} ({benchmark}), {judged}: {names}{more}",
    ),  # fmt: skip
    "findings.county_differs.below": (
        "{what}：{n} {counties}显著低于{area}（{benchmark}），{judged}：{names}{more}",
        "{what}: {n} {counties} significantly below {area} ({benchmark}), {judged}: {names}{more}",
    ),  # fmt: skip
    "findings.county_differs.above_self": (
        "{what}：{name}为 {value}，显著高于{area}（{benchmark}），{judged}",
        "{what}: {name} {value}, significantly above {area} ({benchmark}), {judged}",
    ),  # fmt: skip
    "findings.county_differs.below_self": (
        "{what}：{name}为 {value}，显著低于{area}（{benchmark}），{judged}",
        "{what}: {name} {value}, significantly below {area} ({benchmark}), {judged}",
    ),  # fmt: skip
    "findings.judged.worse": ("较差", "worse"),
    "findings.judged.better": ("较好", "better"),
    "findings.more": ("等（另有 {more} 个）", " and {more} more"),
    "findings.counties": ("个区县", "counties"),
    "findings.county": ("个区县", "county"),
    "findings.rate_what": ("{site}{measure}标化率（{period}）", "{site} {measure} ASR ({period})"),
    "findings.measure.incidence": ("发病", "incidence"),
    "findings.measure.mortality": ("死亡", "mortality"),
    # trends
    "findings.rising": (
        "{place}{what}：年度变化百分比 {apc}%（95%区间 {lower}% 至 {upper}%），显著上升",
        "{place}, {what}: annual percent change {apc}% (95% {lower}% to {upper}%): rising",
    ),
    "findings.trend_what": (
        "{site}{measure}标化率（{start}—{end}年）",
        "{site} {measure} ASR ({start}–{end})",
    ),
    # registry quality
    "findings.quality.area": (
        "{n} {counties}的登记质量需要核查：{names}{more}",
        "Registry quality to check in {n} {counties}: {names}{more}",
    ),
    "findings.quality.county": (
        "{name}的登记质量需要核查：{flags}",
        "Registry quality of {name} to check: {flags}",
    ),
    # change since the previous data year
    "findings.change.up": (
        "{name}：{year}年 {value}，比{prev_year}年（{prev_value}）上升 {diff}，变化显著（{better}）",
        "{name}: {value} in {year}, up {diff} from {prev_value} in {prev_year}: a significant "
        "change ({better})",
    ),  # fmt: skip
    "findings.change.down": (
        "{name}：{year}年 {value}，比{prev_year}年（{prev_value}）下降 {diff}，变化显著（{better}）",
        "{name}: {value} in {year}, down {diff} from {prev_value} in {prev_year}: a "
        "significant change ({better})",
    ),  # fmt: skip
    "findings.better.True": ("改善", "better"),
    "findings.better.False": ("变差", "worse"),
    "findings.pp": ("{x} 个百分点", "{x} percentage points"),
    # tests
    "findings.test.prediction": (
        "检验：到期限年份的趋势预测95%预测区间与目标比较",
        "Test: the trend's 95% prediction interval at the deadline against the target",
    ),
    "findings.test.slope": (
        "检验：趋势斜率的95%置信区间是否全部低于0",
        "Test: whether the 95% confidence interval of the trend's slope lies below 0",
    ),
    "findings.test.every_year": (
        "规则：按年判断，规划的每一年都须达到目标",
        "Rule: judged year by year; every plan year must meet the target",
    ),
    "findings.test.observed": (
        "规则：最新观察值与目标比较（数据不足3年，不作预测）",
        "Rule: the latest observed value against the target (fewer than 3 years: no projection)",
    ),  # fmt: skip
    "findings.test.deadline": (
        "规则：期限年份（或其后第一年）的观察值与目标比较",
        "Rule: the value of the deadline year (or the first year after) against the target",
    ),
    "findings.test.interval": (
        "检验：区县的95%置信区间完全高于或低于全区域的值",
        "Test: the county's 95% confidence interval lies wholly above or below the area's value",
    ),  # fmt: skip
    "findings.test.apc": (
        "检验：年度变化百分比（对数线性回归）的95%置信区间全部高于0",
        "Test: the 95% confidence interval of the annual percent change (log-linear regression) lies above 0",
    ),  # fmt: skip
    "findings.test.quality": (
        "规则：MV% < {mv_min} 或 > {mv_max}、DCO% > {dco}、M/I < {mi_min} 或 > {mi_max} 时提示",
        "Rule: flagged when MV% < {mv_min} or > {mv_max}, DCO% > {dco}, M/I < {mi_min} or > {mi_max}",
    ),  # fmt: skip
    "findings.test.two_proportions": (
        "检验：两个比例的z检验（双侧，5%水平，p {p}）",
        "Test: z test of two proportions (two-sided, 5% level, p {p})",
    ),
    "findings.test.poisson": (
        "检验：两个泊松计数的精确条件检验（双侧，5%水平，p {p}）",
        "Test: exact conditional test of two Poisson counts (two-sided, 5% level, p {p})",
    ),
    "findings.test.intervals": (
        "检验：两年的95%区间是否不重叠（保守）",
        "Test: whether the two years' 95% intervals do not overlap (conservative)",
    ),
    # links
    "findings.link.target": ("趋势图", "trend chart"),
    "findings.link.county_differs": ("地图与排名", "map and ranking"),
    "findings.link.rising": ("逐年率", "rates by year"),
    "findings.link.quality": ("登记质量", "registry quality"),
    "findings.link.change": ("趋势图", "trend chart"),
}


@dataclass(frozen=True)
class FindingLine:
    """A finding in words: the sentence, its test, the chart link and its label."""

    rule: str
    text: str
    test: str
    href: str
    link: str


def _amount(x: float | None, unit: str, lang: str, indicator: str) -> str:
    """A difference or gap: "3.2 个百分点" for percentages, a count with its noun otherwise."""
    if x is None:
        return "—"
    if unit == "%":
        return t("findings.pp", lang, x=f"{abs(x):.1f}")
    return quantity(abs(x), unit, lang, indicator)


def _names(f: Finding, lang: str) -> dict[str, str]:
    sep = "、" if lang == "zh" else ", "
    more = int(f.get("more", 0) or 0)
    n = int(f.get("n", 0) or 0)
    return {"names": sep.join(f.get("names", ())), "more": t("findings.more", lang, more=more) if more else "",
            "n": str(n), "counties": t("findings.counties" if n != 1 else "findings.county", lang)}  # fmt: skip


def _what(f: Finding, lang: str) -> str:
    ind = f.get("indicator")
    if ind:
        return INDICATORS[ind].name(lang)
    return t("findings.rate_what", lang, site=site_label(f.get("site", "all"), lang),
             measure=t(f"findings.measure.{f.get('measure', 'incidence')}", lang),
             period=period_label(int(f.get("year_from")), int(f.get("year_to")), lang))  # fmt: skip


def finding_text(f: Finding, lang: str, area: str) -> str:
    """The sentence of one finding (``area``: the plan area's name, the benchmark's)."""
    unit = f.get("unit", "")
    ind = f.get("indicator") or ""

    def q(name: str) -> str:
        return quantity(f.get(name), unit, lang, ind)

    if f.rule == "target":
        slope = f.get("slope")
        fmt = {
            "name": INDICATORS[ind].name(lang), "deadline": f.get("deadline"), "target": q("target"),
            "value": q("value"), "lower": q("lower"), "upper": q("upper"), "year": f.get("year"),
            "gap": _amount(f.get("gap"), unit, lang, ind), "gap_worst": _amount(f.get("gap_worst"), unit, lang, ind),
            "now_value": q("now_value"), "now_year": f.get("now_year"), "k": f.get("k"), "n": f.get("n"),
        }  # fmt: skip
        if slope is not None:
            pp = (" pp" if lang == "en" else " 个百分点") if unit == "%" else ""
            fmt.update(
                slope=f"{slope:+.2f}{pp}", lower=f"{f.get('lower'):+.2f}", upper=f"{f.get('upper'):+.2f}"
            )
        return t(f"findings.{f.key}", lang, **fmt)
    if f.rule == "county_differs":
        bench = f.get("benchmark")
        fmt_b = quantity(bench, unit, lang, ind) if ind else f"{bench:.1f}"
        judged = t(f"findings.judged.{f.get('judged')}", lang)
        if f.get("single"):
            value = f.get("value")
            v = quantity(value, unit, lang, ind) if ind else f"{value:.1f}"
            return t(f"findings.{f.key}_self", lang, what=_what(f, lang), name=f.get("names")[0], value=v,
                     area=area, benchmark=fmt_b, judged=judged)  # fmt: skip
        return t(f"findings.{f.key}", lang, what=_what(f, lang), area=area, benchmark=fmt_b, judged=judged,
                 **_names(f, lang))  # fmt: skip
    if f.rule == "rising":
        what = t("findings.trend_what", lang, site=site_label(f.get("site", "all"), lang),
                 measure=t(f"findings.measure.{f.get('measure', 'incidence')}", lang), start=f.get("year_from"),
                 end=f.get("year_to"))  # fmt: skip
        return t("findings.rising", lang, place=f.get("place", area), what=what,
                 apc=f"{f.get('apc'):+.1f}", lower=f"{f.get('lower'):+.1f}", upper=f"{f.get('upper'):+.1f}")  # fmt: skip
    if f.rule == "quality":
        if f.key == "quality.county":
            return t(
                "findings.quality.county", lang, name=f.get("name"), flags=quality_text(f.get("flags"), lang)
            )
        return t("findings.quality.area", lang, **_names(f, lang))
    if f.rule == "change":
        better = bool(f.get("better"))
        return t(f"findings.{f.key}", lang, name=INDICATORS[ind].name(lang), year=f.get("year"),
                 prev_year=f.get("prev_year"), value=q("value"), prev_value=q("prev_value"),
                 diff=_amount(f.get("diff"), unit, lang, ind),
                 better=t(f"findings.better.{better}", lang))  # fmt: skip
    raise KeyError(f.rule)


def test_text(f: Finding, lang: str) -> str:
    """The test (or rule) that decided a finding, in words."""
    if f.test == "quality":
        return t("findings.test.quality", lang, mv_min=f"{MV_PCT_MIN:g}", mv_max=f"{MV_PCT_MAX:g}",
                 dco=f"{DCO_PCT_MAX:g}", mi_min=f"{MI_MIN:g}", mi_max=f"{MI_MAX:g}")  # fmt: skip
    if f.test in ("two_proportions", "poisson"):
        p = f.get("p")
        return t(
            f"findings.test.{f.test}",
            lang,
            p="—" if p is None else ("< 0.001" if p < 0.001 else f"= {p:.3f}"),
        )
    return t(f"findings.test.{f.test}", lang)


def finding_lines(findings: Sequence[Finding], lang: str, area: str) -> list[FindingLine]:
    """Every finding in words (the order kept)."""
    return [FindingLine(rule=f.rule, text=finding_text(f, lang, area), test=test_text(f, lang), href=f.href,
                        link=t(f"findings.link.{f.rule}", lang)) for f in findings]  # fmt: skip
