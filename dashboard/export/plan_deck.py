"""The plan briefing deck: what leadership takes into a meeting.

Slides: a title slide (plan, area, dates, the summary line); "what the data says" (the
overview's findings, each with its test, a few to a slide); a summary table (every
quantified target, its status cell in the status colour); the county × target scorecard
(a few counties to a slide, every cell in its status colour); one slide per target with its trend chart (target line, deadline,
projection), the value, the status sentence, counties meeting it and the
indicator's definition; last, the county map (counties by the number of targets they
meet). Demonstration data is labelled on every slide.

The words are the overview page's (:func:`dashboard.views.overview.overview`), so the
deck says exactly what the screen says.
"""

from __future__ import annotations

from datetime import date

from dashboard.catalogue.indicators import INDICATORS, Indicator
from dashboard.export.images import figure_png
from dashboard.export.slides import SlideSpec, TableRow, build_deck, readable_text
from dashboard.figures.targets import make_trend_chart, status_tint
from dashboard.i18n import pick, t
from dashboard.infra.db import Database
from dashboard.views import targets as TV
from dashboard.views.overview import Overview, TargetCard, bracket, met_map, overview
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
    # readable on a projector from the back of the room: 20 pt text, 18 pt legend and notes
    fig.update_layout(font={"size": 20}, legend={"font": {"size": 18}})
    fig.update_annotations(font_size=18)
    fig.update_xaxes(tickfont_size=18, title_font_size=20)
    fig.update_yaxes(tickfont_size=18, title_font_size=20)
    png = figure_png(fig, width=900, height=570, scale=2)
    lines = (
        t("export.latest", lang, value=card.latest, year=card.latest_year or "—"),
        t(
            "export.target",
            lang,
            target=card.target,
            deadline=card.deadline,
            clause=bracket(card.clause, lang),
        ),
        t("export.status", lang, status=card.status),
        card.now,
        card.by_deadline,
        card.counties,
    )
    title = f"{card.name}　{card.target}" if lang == "zh" else f"{card.name} {card.target}"
    return SlideSpec(title=title, image_png=png, lines=lines, footnote=_definition(INDICATORS[card.indicator], lang),
                     status_colour=card.colour, alt_text=t("export.alt_trend", lang, title=title))  # fmt: skip


def _summary(cards: tuple[TargetCard, ...], lang: str) -> SlideSpec:
    """Every quantified target in a table, its status cell in the status colour."""
    head = tuple(
        t(f"export.summary.{k}", lang) for k in ("indicator", "target", "latest", "status", "counties")
    )
    rows = tuple(
        TableRow((c.name, f"{c.target} · {c.deadline}", f"{c.latest} ({c.latest_year or '—'})",
                  "\n".join(x for x in (c.now, c.by_deadline) if x) or c.status, c.counties),
                 status_col=3, fill=c.colour, text_colour=readable_text(c.colour))
        for c in cards
    )  # fmt: skip
    return SlideSpec(title=t("export.summary_title", lang), table_head=head, table=rows)


def _map_slide(db: Database, region: str, lang: str, as_of: int) -> SlideSpec | None:
    """The counties coloured by the number of targets they meet, with the legend beside."""
    m = met_map(db, region, lang=lang, as_of=as_of)
    if m is None:
        return None
    png = figure_png(m.figure, width=900, height=760, scale=2)
    lines = tuple(f"■ {label}" for label, _colour in m.legend)
    return SlideSpec(title=m.title, image_png=png, lines=lines, alt_text=m.title,
                     footnote=t("export.map_note", lang))  # fmt: skip


#: Counties on one scorecard slide (a row each, readable from the back of a room).
SCORECARD_ROWS = 13


def _scorecard_slides(db: Database, region: str, lang: str, as_of: int, suppress_below: int,
                      small_cell_limit: int) -> list[SlideSpec]:  # fmt: skip
    """The /targets scorecard (area row, then every county × county-level target), each cell
    its mark, value and gap in its status colour, a few counties to a slide."""
    data = TV.load(db, region, lang=lang, as_of=as_of, small_cell_limit=small_cell_limit,
                   suppress_below=suppress_below)  # fmt: skip
    card = TV.scorecard(data, TV.parse_selection(data))
    tids = [c["field"][2:] for c in card.columns if c["field"].startswith("v_")]
    if not tids or not card.rows:
        return []
    head = tuple(str(c["headerName"]) for c in card.columns)

    def row(r: dict) -> TableRow:  # noqa: ANN001
        cells = (str(r["county"]), str(r.get("group") or ""), "" if r.get("met") is None else str(r["met"]),
                 *(f"{r.get(f'm_{tid}', '')} {r.get(f'l_{tid}', '')}".strip() for tid in tids))  # fmt: skip
        fills = (None, None, None, *(status_tint(str(r[f"s_{tid}"])) if r.get(f"s_{tid}") else None
                                     for tid in tids))  # fmt: skip
        return TableRow(cells, cell_fills=fills)

    rows = [row(r) for r in [*card.pinned, *card.rows]]
    chunks = [rows[i : i + SCORECARD_ROWS] for i in range(0, len(rows), SCORECARD_ROWS)]
    title = t("export.scorecard_title", lang)
    return [
        SlideSpec(title=title if len(chunks) == 1 else f"{title} ({k}/{len(chunks)})", table_head=head,
                  table=tuple(chunk), footnote=t("targets.masked_note", lang, limit=data.limit, threshold=data.n_min))
        for k, chunk in enumerate(chunks, start=1)
    ]  # fmt: skip


#: Findings on one slide (each with its test: two lines of text).
FINDINGS_PER_SLIDE = 4


def _findings_slides(view: Overview, lang: str) -> list[SlideSpec]:
    """The overview's findings ("what the data says"), each with its test, a few to a slide."""
    title, lines = view.text.get("findings_title", ""), view.findings
    if not lines:
        return [SlideSpec(title=title, lines=(view.text.get("findings_none", ""),))]
    chunks = [lines[i : i + FINDINGS_PER_SLIDE] for i in range(0, len(lines), FINDINGS_PER_SLIDE)]
    return [
        SlideSpec(title=title if len(chunks) == 1 else f"{title} ({k}/{len(chunks)})",
                  lines=tuple(f"{f.text}（{f.test}）" if lang == "zh" else f"{f.text} ({f.test})" for f in chunk),
                  footnote=view.text.get("findings_hint", ""))
        for k, chunk in enumerate(chunks, start=1)
    ]  # fmt: skip


def plan_deck(
    db: Database, region: str, *, lang: str, as_of: int, suppress_below: int = 16, small_cell_limit: int = 5
) -> tuple[bytes, str]:
    """The deck for the plan of ``region`` as (pptx bytes, file name); rates on fewer than
    ``suppress_below`` cases make no finding."""
    view = overview(db, region, lang=lang, as_of=as_of, suppress_below=suppress_below,
                    small_cell_limit=small_cell_limit)  # fmt: skip
    if view.plan_id is None:
        raise ValueError(f"no plan for area {region}")
    slides = [_slide(card, region, view.area_name, lang) for card in view.cards]
    map_slide = _map_slide(db, region, lang, as_of)
    footer = t("demo.notice", lang) if view.demo else ""
    subtitle = t("export.subtitle", lang, area=view.area_name, year=as_of, data_year=view.data_year or "—")
    cover = (view.summary, t("export.cover_contents", lang, n=len(view.cards)),
             t("export.cover_made", lang, date=date.today().isoformat()))  # fmt: skip
    deck = build_deck(title=view.plan_name, subtitle=subtitle, footer=footer, cover_lines=tuple(x for x in cover if x),
                      slides=[*_findings_slides(view, lang), _summary(view.cards, lang),
                              *_scorecard_slides(db, region, lang, as_of, suppress_below, small_cell_limit),
                              *slides, *([map_slide] if map_slide else [])])  # fmt: skip
    name = f"{'demo-' if view.demo else ''}{view.plan_id}-briefing-{as_of}-{lang}.pptx"
    return deck, name
