"""Meeting-ready PowerPoint decks (16:9) from figures and text.

Each slide has a title, an optional chart image, a few lines of text beside it
and a footnote (definition, source, "示例数据" for demonstration data), so a
slide lifted out of the deck still says what it shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

#: A typeface every Windows office PC has, for Latin and East-Asian text alike. The East-Asian
#: run property (``a:ea``) carries the GB2312 charset and the font's PANOSE, so PowerPoint
#: substitutes a Chinese sans-serif (e.g. 等线, SimHei) where Microsoft YaHei is missing.
FONT = "Microsoft YaHei"
EA_CHARSET = "-122"  # GB2312 (134) as the signed byte OOXML stores
EA_PANOSE = "020B0503020204020204"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)


@dataclass(frozen=True)
class TableRow:
    """A row of a slide's table: cells, and optionally a status cell's fill and text colour."""

    cells: tuple[str, ...]
    status_col: int | None = None
    fill: str | None = None  #: "#rrggbb"
    text_colour: str = "#1b1b1b"
    cell_fills: tuple[str | None, ...] = ()  #: per cell "#rrggbb" or None (a scorecard's status cells)


@dataclass(frozen=True)
class SlideSpec:
    title: str
    image_png: bytes | None = None
    lines: tuple[str, ...] = ()
    footnote: str = ""
    status_colour: str | None = None  # "#rrggbb": a bar beside the title
    extra: dict[str, str] = field(default_factory=dict)
    table_head: tuple[str, ...] = ()
    table: tuple[TableRow, ...] = ()
    alt_text: str = ""  #: the picture's description (the chart's title); the slide title if empty


def readable_text(fill: str) -> str:
    """White text on a dark fill, near-black on a light one (relative luminance)."""
    r, g, b = (int(fill.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#ffffff" if lum < 0.5 else "#1b1b1b"


def set_font(run) -> None:  # noqa: ANN001
    """Latin and East-Asian typeface of a run (``a:latin`` and ``a:ea``)."""
    from pptx.oxml.ns import qn

    run.font.name = FONT
    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall(qn("a:ea")):
        rpr.remove(old)
    ea = rpr.makeelement(qn("a:ea"), {"typeface": FONT, "panose": EA_PANOSE, "pitchFamily": "34",
                                      "charset": EA_CHARSET})  # fmt: skip
    rpr.find(qn("a:latin")).addnext(ea)


def _text(frame, text: str, size: int, *, bold: bool = False, colour: str = "222222") -> None:  # noqa: ANN001
    frame.clear()
    frame.word_wrap = True
    para = frame.paragraphs[0]
    run = para.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    set_font(run)
    run.font.color.rgb = RGBColor.from_string(colour)


def _table(slide, spec: SlideSpec, top: int) -> None:  # noqa: ANN001
    """The spec's table under the title: a header row, status cells filled with their colour."""
    n_rows, n_cols = len(spec.table) + 1, len(spec.table_head)
    height = min(Inches(0.42) * n_rows, Emu(HEIGHT - top - Inches(0.9)))
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(0.5), top, Emu(WIDTH - Inches(1.0)), height)
    table = shape.table
    size = 14 if n_rows <= 10 else 12 if n_rows <= 14 else 10
    for j, head in enumerate(spec.table_head):
        _text(table.cell(0, j).text_frame, head, size, bold=True, colour="ffffff")
    for i, row in enumerate(spec.table, start=1):
        for j, value in enumerate(row.cells):
            cell = table.cell(i, j)
            is_status = row.status_col == j and row.fill
            _text(cell.text_frame, value, size, bold=bool(is_status),
                  colour=row.text_colour.lstrip("#") if is_status else "222222")  # fmt: skip
            if is_status:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(str(row.fill).lstrip("#"))
            own = row.cell_fills[j] if j < len(row.cell_fills) else None
            if own:  # a status cell of a scorecard: its status colour, readable text on it
                _text(cell.text_frame, value, size, colour=readable_text(own).lstrip("#"))
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(own.lstrip("#"))


def _lines(frame, lines: tuple[str, ...], size: int) -> None:  # noqa: ANN001
    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        set_font(run)
        para.space_after = Pt(8)


def build_deck(
    *, title: str, subtitle: str, slides: list[SlideSpec], footer: str = "", cover_lines: tuple[str, ...] = ()
) -> bytes:
    """A .pptx file (bytes): a title slide (title, subtitle, ``cover_lines``), then one slide per spec."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = title
    blank = prs.slide_layouts[6]

    first = prs.slides.add_slide(blank)
    band = first.shapes.add_shape(1, 0, 0, WIDTH, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor.from_string("1F4E79")
    band.line.fill.background()
    _text(first.shapes.add_textbox(Inches(0.8), Inches(1.2), Inches(11.7), Inches(1.4)).text_frame,
          title, 36, bold=True)  # fmt: skip
    _text(first.shapes.add_textbox(Inches(0.8), Inches(2.6), Inches(11.7), Inches(0.9)).text_frame,
          subtitle, 20, colour="555555")  # fmt: skip
    if cover_lines:
        _lines(first.shapes.add_textbox(Inches(0.8), Inches(3.6), Inches(11.7), Inches(2.8)).text_frame,
               cover_lines, 18)  # fmt: skip
    if footer:
        _text(first.shapes.add_textbox(Inches(0.8), Inches(6.6), Inches(11.7), Inches(0.5)).text_frame,
              footer, 11, colour="8a6d00")  # fmt: skip

    for spec in slides:
        s = prs.slides.add_slide(blank)
        if spec.status_colour:
            bar = s.shapes.add_shape(1, Inches(0.4), Inches(0.45), Inches(0.12), Inches(0.7))
            bar.fill.solid()
            bar.fill.fore_color.rgb = RGBColor.from_string(spec.status_colour.lstrip("#"))
            bar.line.fill.background()
        _text(s.shapes.add_textbox(Inches(0.65), Inches(0.35), Inches(12.2), Inches(0.9)).text_frame,
              spec.title, 24, bold=True)  # fmt: skip
        text_left = Inches(0.65)
        if spec.table:
            _table(s, spec, Inches(1.35))
        if spec.image_png:
            wide = not spec.lines
            pic = s.shapes.add_picture(io.BytesIO(spec.image_png), Inches(0.5), Inches(1.35),
                                       **({"height": Inches(5.3)} if wide else {"width": Inches(8.4)}))  # fmt: skip
            if wide:  # a chart alone on its slide is centred
                pic.left = Emu(int((WIDTH - pic.width) / 2))
            pic._element.nvPicPr.cNvPr.set("descr", spec.alt_text or spec.title)
            text_left = Emu(pic.left + pic.width + Inches(0.3))
        if spec.lines:
            width = Emu(WIDTH - text_left - Inches(0.5))
            _lines(
                s.shapes.add_textbox(text_left, Inches(1.45), width, Inches(4.8)).text_frame, spec.lines, 15
            )
        note = " · ".join(x for x in (spec.footnote, footer) if x)
        if note:
            _text(s.shapes.add_textbox(Inches(0.5), Inches(6.75), Inches(12.3), Inches(0.55)).text_frame,
                  note, 10, colour="666666")  # fmt: skip
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
