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

FONT = "Noto Sans CJK SC"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)


@dataclass(frozen=True)
class SlideSpec:
    title: str
    image_png: bytes | None = None
    lines: tuple[str, ...] = ()
    footnote: str = ""
    status_colour: str | None = None  # "#rrggbb": a bar beside the title
    extra: dict[str, str] = field(default_factory=dict)


def _text(frame, text: str, size: int, *, bold: bool = False, colour: str = "222222") -> None:  # noqa: ANN001
    frame.clear()
    frame.word_wrap = True
    para = frame.paragraphs[0]
    run = para.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = RGBColor.from_string(colour)


def _lines(frame, lines: tuple[str, ...], size: int) -> None:  # noqa: ANN001
    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.name = FONT
        para.space_after = Pt(8)


def build_deck(*, title: str, subtitle: str, slides: list[SlideSpec], footer: str = "") -> bytes:
    """A .pptx file (bytes): a title slide, then one slide per spec."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    blank = prs.slide_layouts[6]

    first = prs.slides.add_slide(blank)
    _text(first.shapes.add_textbox(Inches(0.8), Inches(2.4), Inches(11.7), Inches(1.4)).text_frame,
          title, 34, bold=True)  # fmt: skip
    _text(first.shapes.add_textbox(Inches(0.8), Inches(3.9), Inches(11.7), Inches(1.2)).text_frame,
          subtitle, 18, colour="555555")  # fmt: skip
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
        if spec.image_png:
            pic = s.shapes.add_picture(
                io.BytesIO(spec.image_png), Inches(0.5), Inches(1.35), width=Inches(8.4)
            )
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
