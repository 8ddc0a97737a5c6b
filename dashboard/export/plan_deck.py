"""The plan briefing deck: what leadership takes into a meeting.

Slides: a title slide; a summary slide (every quantified target with its
status); one slide per target with its trend chart (target line, deadline,
projection), the value, the status sentence, counties meeting it and the
indicator's definition. Demonstration data is labelled on every slide.
"""

from __future__ import annotations

from dashboard.db import Database
from dashboard.export.images import figure_png
from dashboard.export.slides import SlideSpec, build_deck
from dashboard.figures.common import STATUS_COLOURS
from dashboard.figures.targets import make_trend_chart
from dashboard.i18n import pick, t
from dashboard.indicators import INDICATORS
from dashboard.queries.areas import area_info, data_kind
from dashboard.queries.indicators import indicator_series, plan_assessment, plan_for_area
from dashboard.status import (
    TargetSpec,
    counties_sentence,
    describe,
    fmt_value,
    status_label,
    target_label,
)


def plan_deck(db: Database, region: str, *, lang: str, as_of: int) -> tuple[bytes, str]:
    """The deck for the plan of ``region`` as (pptx bytes, file name)."""
    plan = plan_for_area(db, region)
    if plan is None:
        raise ValueError(f"no plan for area {region}")
    info = area_info(db, region) or {}
    area_name = pick(str(info.get("name_zh", region)), str(info.get("name_en", "")), lang)
    plan_name = pick(str(plan["name_zh"]), str(plan["name_en"]), lang)
    demo = data_kind(db) == "demonstration"
    assessed = plan_assessment(db, region, str(plan["plan_id"]), as_of)
    slides: list[SlideSpec] = []
    summary_lines = []
    data_year = 0
    for _, row in assessed.iterrows():
        ind = INDICATORS[row["indicator"]]
        st = row["assessment"]
        spec = TargetSpec.from_row(row)
        target_txt = target_label(spec, st.target_value, ind.unit, lang)
        label = status_label(st, lang)
        latest = fmt_value(st.latest_value, ind.unit)
        summary_lines.append(f"{label} · {ind.name(lang)} {target_txt}（{spec.deadline}）: {latest}"
                             if lang == "zh" else
                             f"{label} · {ind.name(lang)} {target_txt} ({spec.deadline}): {latest}")  # fmt: skip
        series = indicator_series(db, region, row["indicator"])
        area_series = series[series["area"] == region]
        if not area_series.empty:
            data_year = max(data_year, int(area_series["year"].max()))
        fig = make_trend_chart(series=area_series, region=region, names={region: area_name},
                               target=st.target_value, deadline=spec.deadline, assessment=st,
                               unit=ind.unit, lang=lang, title="")  # fmt: skip
        fig.update_layout(font={"size": 16}, legend={"font": {"size": 14}})  # readable on a projector
        png = figure_png(fig, width=900, height=570, scale=2)
        lines = (
            t("export.latest", lang, value=latest, year=st.latest_year or "—"),
            t("export.target", lang, target=target_txt, deadline=spec.deadline, clause=row["clause"]),
            t("export.status", lang, status=label),
            *describe(st, spec, ind.unit, lang),
            counties_sentence(row, lang),
        )
        num, source = pick(ind.numerator_zh, ind.numerator_en, lang), pick(ind.source_zh, ind.source_en, lang)
        if ind.kind in ("reported", "count"):
            definition = t("export.definition_value", lang, num=num, source=source)
        else:
            definition = t("export.definition", lang, num=num, source=source,
                           den=pick(ind.denominator_zh, ind.denominator_en, lang))  # fmt: skip
        slides.append(SlideSpec(title=f"{ind.name(lang)}　{target_txt}", image_png=png, lines=lines,
                                footnote=definition,
                                status_colour=STATUS_COLOURS.get(st.status, STATUS_COLOURS["no_data"])))  # fmt: skip
    summary = SlideSpec(title=t("export.summary_title", lang), lines=tuple(summary_lines))
    footer = t("demo.notice", lang) if demo else ""
    subtitle = t("export.subtitle", lang, area=area_name, year=as_of, data_year=data_year or "—")
    deck = build_deck(title=plan_name, subtitle=subtitle, slides=[summary, *slides], footer=footer)
    name = f"{'demo-' if demo else ''}{plan['plan_id']}-briefing-{as_of}-{lang}.pptx"
    return deck, name
