"""The plan briefing deck: what leadership takes into a meeting.

Slides: a title slide; a summary slide (every quantified target with its
status); one slide per target with its trend chart (target line, deadline,
projection), the value, the status sentence, counties meeting it and the
indicator's definition. Demonstration data is labelled on every slide.

The words are the overview page's (:func:`dashboard.views.overview.overview`), so the
deck says exactly what the screen says.
"""

from __future__ import annotations

from dashboard.catalogue.indicators import INDICATORS, Indicator
from dashboard.export.images import figure_png
from dashboard.export.slides import SlideSpec, build_deck
from dashboard.figures.targets import make_trend_chart
from dashboard.i18n import pick, t
from dashboard.infra.db import Database
from dashboard.views.overview import TargetCard, overview
from dashboard.views.targets import trend_labels


def _definition(ind: Indicator, lang: str) -> str:
    num, source = pick(ind.numerator_zh, ind.numerator_en, lang), pick(ind.source_zh, ind.source_en, lang)
    if ind.kind in ("reported", "count"):
        return t("export.definition_value", lang, num=num, source=source)
    return t("export.definition", lang, num=num, source=source,
             den=pick(ind.denominator_zh, ind.denominator_en, lang))  # fmt: skip


def _slide(card: TargetCard, region: str, area_name: str, lang: str) -> SlideSpec:
    st = card.assessment
    fig = make_trend_chart(series=card.area_series, region=region, names={region: area_name},
                           target=st.target_value, deadline=card.deadline, assessment=st, unit=card.unit,
                           labels=trend_labels(lang, unit=card.unit, deadline=card.deadline))  # fmt: skip
    fig.update_layout(font={"size": 16}, legend={"font": {"size": 14}})  # readable on a projector
    png = figure_png(fig, width=900, height=570, scale=2)
    lines = (
        t("export.latest", lang, value=card.latest, year=card.latest_year or "—"),
        t("export.target", lang, target=card.target, deadline=card.deadline, clause=card.clause),
        t("export.status", lang, status=card.status),
        card.now,
        card.by_deadline,
        card.counties,
    )
    return SlideSpec(title=f"{card.name}　{card.target}", image_png=png, lines=lines,
                     footnote=_definition(INDICATORS[card.indicator], lang), status_colour=card.colour)  # fmt: skip


def plan_deck(db: Database, region: str, *, lang: str, as_of: int) -> tuple[bytes, str]:
    """The deck for the plan of ``region`` as (pptx bytes, file name)."""
    view = overview(db, region, lang=lang, as_of=as_of)
    if view.plan_id is None:
        raise ValueError(f"no plan for area {region}")
    slides = [_slide(card, region, view.area_name, lang) for card in view.cards]
    summary = SlideSpec(
        title=t("export.summary_title", lang),
        lines=(view.summary, *(c.summary_item for c in view.cards)),
    )
    footer = t("demo.notice", lang) if view.demo else ""
    subtitle = t("export.subtitle", lang, area=view.area_name, year=as_of, data_year=view.data_year or "—")
    deck = build_deck(title=view.plan_name, subtitle=subtitle, slides=[summary, *slides], footer=footer)
    name = f"{'demo-' if view.demo else ''}{view.plan_id}-briefing-{as_of}-{lang}.pptx"
    return deck, name
