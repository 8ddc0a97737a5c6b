"""The county deck (issue 14, item 4): one county's profile for a meeting, from /county.

Slides: a title slide (county, area, date); "what the data says" about the county; its
profile (population, registry period and quality); its indicators against the area and
its peers (the spine chart, then the table); its cancer rates against the area. The words
are the county page's (:func:`dashboard.views.county.county_page`), so the deck says what
the screen says; demonstration data is labelled on every slide.
"""

from __future__ import annotations

from datetime import date

from dashboard.export.images import figure_png
from dashboard.export.slides import SlideSpec, TableRow, build_deck
from dashboard.i18n import t
from dashboard.infra.db import Database
from dashboard.queries.areas import data_kind
from dashboard.views import county as CV

#: Table rows on one slide.
ROWS_PER_SLIDE = 12


#: The row keys shown under each head of the page's tables (same order as the heads).
SPINE_KEYS = ("name", "year", "value", "area", "target", "status_text", "comparison_text", "rank")
RATE_KEYS = ("site_text", "measure_text", "rate", "area", "cases", "comparison_text")


def _table_slides(title: str, heads: list[str], keys: tuple[str, ...], rows: list[dict[str, str]],
                  note: str = "") -> list[SlideSpec]:  # fmt: skip
    """A table a few rows to a slide."""
    if not rows:
        return []
    body = [TableRow(tuple(str(r.get(k, "")) for k in keys)) for r in rows]
    chunks = [body[i : i + ROWS_PER_SLIDE] for i in range(0, len(body), ROWS_PER_SLIDE)]
    return [
        SlideSpec(title=title if len(chunks) == 1 else f"{title} ({k}/{len(chunks)})", table_head=tuple(heads),
                  table=tuple(chunk), footnote=note)
        for k, chunk in enumerate(chunks, start=1)
    ]  # fmt: skip


def county_deck(
    db: Database, area: str, county: str, *, lang: str, suppress_below: int = 16, small_cell_limit: int = 5
) -> tuple[bytes, str]:
    """The deck of ``county`` of plan area ``area`` as (pptx bytes, file name). The caller has
    checked the reader's scope (:func:`dashboard.views.county.parse_selection`)."""
    sel = CV.Selection(area, county)
    page = CV.county_page(
        db, sel, lang=lang, suppress_below=suppress_below, small_cell_limit=small_cell_limit
    )
    text = page.findings_text or {}
    findings = tuple(
        f"{f.text}（{f.test}）" if lang == "zh" else f"{f.text} ({f.test})" for f in page.findings
    )
    slides = [SlideSpec(title=text.get("title", ""), lines=findings or (text.get("none", ""),),
                        footnote=text.get("hint", ""))]  # fmt: skip
    slides.append(SlideSpec(title=page.title, table_head=(t("export.county_deck.item", lang), t("export.county_deck.value", lang)),
                            table=tuple(TableRow((label, value)) for label, value in page.header)))  # fmt: skip
    spine = page.spine
    if spine.figure is not None:
        png = figure_png(spine.figure, width=1500, height=820, scale=1)
        slides.append(SlideSpec(title=spine.title, image_png=png, alt_text=spine.title, footnote=spine.hint))
    slides += _table_slides(spine.title, spine.heads, SPINE_KEYS, spine.rows, spine.rank_note)
    slides += _table_slides(page.rates.title, page.rates.heads, RATE_KEYS, page.rates.rows, page.masked_note)
    demo = data_kind(db) == "demonstration"
    deck = build_deck(title=page.title, subtitle=page.subtitle, footer=t("demo.notice", lang) if demo else "",
                      cover_lines=(t("export.cover_made", lang, date=date.today().isoformat()),), slides=slides)  # fmt: skip
    return deck, f"{'demo-' if demo else ''}county-{county}-{lang}.pptx"
