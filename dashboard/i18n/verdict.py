"""Words of the two statements of a target ("now" and "by the deadline", see
:mod:`dashboard.domain.verdict`) and of the overview's headline counts, in zh and en."""

from __future__ import annotations

from dashboard.domain.verdict import HEADLINES, Statement, Verdict, count_headlines
from dashboard.i18n import t

MESSAGES = {
    "verdict.now": ("现在", "Now"),
    "verdict.by": ("到{deadline}年", "By {deadline}"),
    "verdict.after": ("期限（{deadline}年）", "At the {deadline} deadline"),
    "verdict.now.no_data": ("暂无数据", "no data yet"),
    "verdict.now.met": ("{year}年 {value}，已达到目标", "{value} in {year}: meets the target"),
    "verdict.now.not_met": ("{year}年 {value}，尚未达到目标", "{value} in {year}: short of the target"),
    "verdict.now.met_year": ("{year}年 {value}，当年达标（规划年份中 {k} / {n} 年达标）",
                             "{value} in {year}: met that year ({k} of {n} plan years met)"),
    "verdict.now.missed_year": ("{year}年 {value}，当年未达标（规划年份中 {k} / {n} 年达标）",
                                "{value} in {year}: not met that year ({k} of {n} plan years met)"),
    "verdict.now.falling": ("逐年下降（每年 {value}，95%区间 {lower} 至 {upper}）",
                            "falling ({value} a year, 95% interval {lower} to {upper})"),
    "verdict.now.not_clearly_falling": ("下降不明确（每年 {value}，95%区间 {lower} 至 {upper}）",
                                        "no clear fall ({value} a year, 95% interval {lower} to {upper})"),
    "verdict.now.not_falling": ("未见下降（每年 {value}，95%区间 {lower} 至 {upper}）",
                                "not falling ({value} a year, 95% interval {lower} to {upper})"),
    "verdict.now.too_few_years": ("数据少于3年，无法判断趋势", "fewer than 3 years: no trend yet"),
    "verdict.deadline.projected_meets": ("预计 {value}（95%区间 {lower}–{upper}），将达到目标",
                                         "projected {value} (95% {lower}–{upper}): will meet the target"),
    "verdict.deadline.projected_straddles": ("预计 {value}（95%区间 {lower}–{upper}），可能达不到目标",
                                             "projected {value} (95% {lower}–{upper}): may miss the target"),
    "verdict.deadline.projected_fails": ("预计 {value}（95%区间 {lower}–{upper}），将达不到目标",
                                         "projected {value} (95% {lower}–{upper}): will miss the target"),
    "verdict.deadline.cannot_project": ("数据少于3年，无法预测", "fewer than 3 years: no projection"),
    "verdict.deadline.every_year": ("每年都须达到 {value}", "every year must reach {value}"),
    "verdict.deadline.trend_falling": ("若保持下降趋势即可达标", "met if the fall continues"),
    "verdict.deadline.trend_unclear": ("下降趋势不明确，可能达不到", "the fall is not clear: may be missed"),
    "verdict.deadline.trend_not_falling": ("未见下降，将达不到", "not falling: will be missed"),
    "verdict.deadline.met_at_deadline": ("{year}年 {value}，按期达标", "{value} in {year}: met on time"),
    "verdict.deadline.missed_at_deadline": ("{year}年 {value}，未按期达标，此后也未达到",
                                            "{value} in {year}: missed, and not reached since"),
    "verdict.deadline.reached_late": ("{year}年达到，晚于{deadline}年期限",
                                      "reached in {year}, after the {deadline} deadline"),
    "verdict.deadline.no_deadline_value": ("期限（{deadline}年）及之后尚无数值",
                                           "no value at or after the {deadline} deadline"),
    "verdict.headline.met": ("{k} 项达标", "{k} met"),
    "verdict.headline.met_slipping": ("{k} 项现已达标但预计到期限时将低于目标", "{k} met now but projected to slip below by the deadline"),
    "verdict.headline.on_track": ("{k} 项进度正常", "{k} on track"),
    "verdict.headline.at_risk": ("{k} 项有风险", "{k} at risk"),
    "verdict.headline.off_track": ("{k} 项滞后", "{k} off track"),
    "verdict.headline.met_late": ("{k} 项逾期后达标", "{k} reached after the deadline"),
    "verdict.headline.missed": ("{k} 项未达标（期限已过）", "{k} not met (deadline passed)"),
    "verdict.headline.no_deadline_value": ("{k} 项期限后尚无数值", "{k} with no value since the deadline"),
    "verdict.headline.no_data": ("{k} 项无数据", "{k} without data"),
    "verdict.label.met": ("达标", "Met"),
    "verdict.label.met_slipping": ("现已达标·预计下滑", "Met now · slipping"),
    "verdict.label.on_track": ("进度正常", "On track"),
    "verdict.label.at_risk": ("有风险", "At risk"),
    "verdict.label.off_track": ("滞后", "Off track"),
    "verdict.label.met_late": ("逾期后达标", "Reached late"),
    "verdict.label.missed": ("未达标", "Not met"),
    "verdict.label.no_deadline_value": ("期限后无数值", "No value since deadline"),
    "verdict.label.no_data": ("无数据", "No data"),
    # compact forms of the two statements, for a scorecard cell ("现未达·2030年难达")
    "verdict.short": ("现{now}·{deadline}年{by}", "now {now} · {deadline} {by}"),
    "verdict.short.now.no_data": ("无数据", "no data"),
    "verdict.short.now.met": ("达标", "met"),
    "verdict.short.now.not_met": ("未达", "short"),
    "verdict.short.now.met_year": ("当年达标", "met that year"),
    "verdict.short.now.missed_year": ("当年未达", "missed that year"),
    "verdict.short.now.falling": ("下降", "falling"),
    "verdict.short.now.not_clearly_falling": ("下降不明", "no clear fall"),
    "verdict.short.now.not_falling": ("未降", "not falling"),
    "verdict.short.now.too_few_years": ("年份不足", "too few years"),
    "verdict.short.by.projected_meets": ("可达", "likely"),
    "verdict.short.by.projected_straddles": ("存疑", "uncertain"),
    "verdict.short.by.projected_fails": ("难达", "unlikely"),
    "verdict.short.by.cannot_project": ("无法预测", "no projection"),
    "verdict.short.by.every_year": ("须逐年达标", "every year"),
    "verdict.short.by.trend_falling": ("可达", "likely"),
    "verdict.short.by.trend_unclear": ("存疑", "uncertain"),
    "verdict.short.by.trend_not_falling": ("难达", "unlikely"),
    "verdict.short.by.met_at_deadline": ("按期达标", "met on time"),
    "verdict.short.by.missed_at_deadline": ("未按期达标", "missed"),
    "verdict.short.by.reached_late": ("逾期达标", "reached late"),
    "verdict.short.by.no_deadline_value": ("无数值", "no value"),
    "verdict.count": ("{n} 项", "{n}"),
    "verdict.count.research_projects": ("{n} 项", "{n} projects"),
}  # fmt: skip


def quantity(value: float | None, unit: str, lang: str, indicator: str = "") -> str:
    """A value with its unit: "52.3%"; counts as whole numbers with their noun ("4 项", "4 projects")."""
    if value is None or value != value:  # noqa: PLR0124 (NaN)
        return "—"
    if unit == "%":
        return f"{value:.1f}%"
    key = f"verdict.count.{indicator}"
    try:
        return t(key, lang, n=f"{round(float(value)):,d}")
    except KeyError:
        return t("verdict.count", lang, n=f"{round(float(value)):,d}")


def _slope(x: float | None, unit: str, lang: str) -> str:
    if x is None:
        return "—"
    pp = (" pp" if lang == "en" else " 个百分点") if unit == "%" else ""
    return f"{x:+.2f}{pp}"


def statement_text(s: Statement, unit: str, lang: str, indicator: str = "", *, deadline: bool = False) -> str:
    """The words of one statement (without its label)."""
    trend = s.key in ("falling", "not_clearly_falling", "not_falling")

    def q(x: float | None) -> str:
        return _slope(x, unit, lang) if trend else quantity(x, unit, lang, indicator)

    return t(f"verdict.{'deadline' if deadline else 'now'}.{s.key}", lang, year=s.year, value=q(s.value),
             lower=q(s.lower), upper=q(s.upper), deadline=s.deadline, k=s.k, n=s.n)  # fmt: skip


def verdict_lines(v: Verdict, deadline: int, unit: str, lang: str, indicator: str = "") -> tuple[str, str]:
    """("现在：…", "到2030年：…") — the two labelled statements of a target."""
    sep = "：" if lang == "zh" else ": "
    passed = v.by_deadline.key in (
        "met_at_deadline",
        "missed_at_deadline",
        "reached_late",
        "no_deadline_value",
    )
    label = t("verdict.after" if passed else "verdict.by", lang, deadline=deadline)
    return (
        t("verdict.now", lang) + sep + statement_text(v.now, unit, lang, indicator),
        label + sep + statement_text(v.by_deadline, unit, lang, indicator, deadline=True),
    )


def short_line(v: Verdict, deadline: int, lang: str) -> str:
    """Both statements in a few words, for a grid cell: "现未达·2030年难达" / "now short · 2030 unlikely"."""
    return t("verdict.short", lang, now=t(f"verdict.short.now.{v.now.key}", lang),
             by=t(f"verdict.short.by.{v.by_deadline.key}", lang), deadline=deadline)  # fmt: skip


def headline_parts(verdicts: list[Verdict], lang: str) -> list[str]:
    """ "1 项达标", "3 项逾期后达标", … — the non-zero headline categories in order."""
    counts = count_headlines(verdicts)
    return [t(f"verdict.headline.{h}", lang, k=counts[h]) for h in HEADLINES if counts[h]]
