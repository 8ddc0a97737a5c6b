"""Meeting exports: offline PNG rendering and PowerPoint decks."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation

from dashboard.catalogue.geo import boundaries_geojson
from dashboard.export.images import figure_png
from dashboard.export.slides import SlideSpec, build_deck
from dashboard.figures.county_map import make_category_map

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_chinese_chart_renders_to_png_at_slide_size() -> None:
    fig = go.Figure(go.Bar(x=["重庆", "九江"], y=[52.4, 47.1]))
    png = figure_png(fig, width=800, height=450)
    assert png.startswith(PNG_MAGIC)
    assert _png_size(png) == (800, 450)


def test_county_map_renders_offline() -> None:
    """go.Choropleth on geo needs the world topojson: it comes from assets/, not a CDN."""
    gj = boundaries_geojson("360400")
    df = pd.DataFrame({"adcode": [f["id"] for f in gj["features"]]})
    df["group"], df["hover"] = "a", df["adcode"]
    fig = make_category_map(geojson=gj, df=df, location_col="adcode", category_col="group",
                            hover_col="hover", colours={"a": "#0072B2"})  # fmt: skip
    png = figure_png(fig, width=600, height=400)
    blank = figure_png(go.Figure(layout={"geo": {"visible": False}}), width=600, height=400)
    assert png.startswith(PNG_MAGIC)
    assert len(png) > 2 * len(blank), "the counties are drawn, not an empty frame"


def test_deck_has_title_and_one_slide_per_spec() -> None:
    png = figure_png(go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2])), width=400, height=300)
    data = build_deck(
        title="九江市 监测简报",
        subtitle="示例数据",
        slides=[
            SlideSpec("早诊率", png, ("最新值 52%", "滞后"), "定义：早期病例 ÷ 检出病例", "#d73027"),
            SlideSpec("知晓率", None, ("最新值 71%",)),
        ],  # fmt: skip
        footer="示例数据：合成数据",
    )
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 3
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in prs.slides]
    assert "九江市 监测简报" in texts[0]
    assert "早诊率" in texts[1] and any("52%" in t for t in texts[1])
    assert any("示例数据" in t for t in texts[1]), "every slide carries the demonstration label"
    assert sum(sh.shape_type == 13 for sh in prs.slides[1].shapes) == 1, "one picture on the chart slide"


def _findings_slides(prs) -> int:  # noqa: ANN001
    """How many slides after the cover are "what the data says" (zh or en title)."""
    heads = [" ".join(_slide_texts(s))[:40] for s in list(prs.slides)[1:]]
    return sum(1 for h in heads if h.startswith(("数据说明了什么", "What the data says")))


def _slide_texts(slide) -> list[str]:  # noqa: ANN001
    """Every text of a slide: text boxes and table cells."""
    out = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    for sh in slide.shapes:
        if sh.has_table:
            out += [cell.text for row in sh.table.rows for cell in row.cells]
    return out


def test_every_run_has_an_east_asian_typeface_and_pictures_are_described(live_app) -> None:  # noqa: ANN001
    """PowerPoint on Windows picks the Chinese font from a:ea: every run sets it; alt text = chart title."""
    import re
    import zipfile

    resp = live_app.server.test_client().get("/export/briefing.pptx?area=360400&lang=zh")
    with zipfile.ZipFile(io.BytesIO(resp.data)) as z:
        slides = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    runs = sum(x.count("<a:r>") for x in slides)
    assert runs > 50
    assert sum(x.count('<a:ea typeface="Microsoft YaHei"') for x in slides) == runs
    assert all('charset="-122"' in x for x in slides if "<a:ea" in x)
    prs = Presentation(io.BytesIO(resp.data))
    cover = " ".join(_slide_texts(prs.slides[0]))
    assert (
        "九江市" in cover and "示例数据" in cover and "项" in cover
    )  # the summary line is on the title slide
    k = _findings_slides(prs)  # "what the data says" comes first (issue 13)
    fills = {cell.fill.fore_color.rgb for sh in prs.slides[1 + k].shapes if sh.has_table
             for row in list(sh.table.rows)[1:] for cell in row.cells if cell.fill.type == 1}  # fmt: skip
    assert len(fills) >= 2, "the summary's status cells carry their colours"
    for slide in list(prs.slides)[2:]:
        for pic in (sh for sh in slide.shapes if sh.shape_type == 13):
            descr = pic._element.nvPicPr.cNvPr.get("descr")
            assert descr and descr.split("：")[-1] in " ".join(_slide_texts(slide)), descr
    last = " ".join(_slide_texts(prs.slides[-1]))
    assert "区县" in last and sum(sh.shape_type == 13 for sh in prs.slides[-1].shapes) == 1  # the county map


def test_briefing_deck_for_each_plan(live_app) -> None:  # noqa: ANN001
    """The overview's download: title, summary, then one slide per quantified target."""
    client = live_app.server.test_client()
    for area, n_targets, name, n_counties in (
        ("500000", 7, "chongqing-2020-2022", 38),
        ("360400", 12, "jiujiang-2025-2027", 13),
    ):
        resp = client.get(f"/export/briefing.pptx?area={area}&lang=zh")
        assert resp.status_code == 200
        assert resp.mimetype.endswith("presentationml.presentation")
        assert f"demo-{name}-briefing" in resp.headers["Content-Disposition"]
        prs = Presentation(io.BytesIO(resp.data))
        k = _findings_slides(prs)  # "what the data says" comes first (issue 13)
        assert k >= 1
        # the county × target scorecard follows the summary, 13 counties to a slide (issue 14)
        n_score = sum(1 for sl in prs.slides if " ".join(_slide_texts(sl)).startswith("区县 × 指标达标表"))
        assert n_score == -(-(n_counties + 1) // 13)
        assert len(prs.slides) == 3 + n_targets + k + n_score  # the county-map slide is new (issue 14)
        summary = " ".join(_slide_texts(prs.slides[1 + k]))
        assert summary.count("·") >= n_targets
        target_slide = " ".join(
            sh.text_frame.text for sh in prs.slides[2 + k + n_score].shapes if sh.has_text_frame
        )
        assert "状态：" in target_slide and "定义：" in target_slide and "示例数据" in target_slide
        assert sum(sh.shape_type == 13 for sh in prs.slides[2 + k + n_score].shapes) == 1


def test_briefing_deck_in_english_and_unknown_area(live_app) -> None:  # noqa: ANN001
    client = live_app.server.test_client()
    resp = client.get("/export/briefing.pptx?area=360400&lang=en")
    prs = Presentation(io.BytesIO(resp.data))
    texts = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "Jiujiang Cancer Control Action Plan" in texts and "Status:" in texts
    assert client.get("/export/briefing.pptx?area=110101").status_code == 404


def test_briefing_deck_has_the_county_scorecard_in_status_colours(live_app) -> None:  # noqa: ANN001
    """Issue 14, item 4: every county × county-level target, each cell's mark, value and gap
    filled with its status colour (the scorecard of /targets, a few counties to a slide)."""
    from dashboard.figures.targets import status_tint
    from dashboard.views.targets import STATUS_KEYS

    client = live_app.server.test_client()
    prs = Presentation(io.BytesIO(client.get("/export/briefing.pptx?area=500000&lang=zh").data))
    slides = [sl for sl in prs.slides if " ".join(_slide_texts(sl)).startswith("区县 × 指标达标表")]
    assert len(slides) == 3
    tints = {status_tint(k).lstrip("#").upper() for k in STATUS_KEYS}
    counties, filled = [], 0
    for sl in slides:
        table = next(sh for sh in sl.shapes if sh.has_table).table
        assert table.cell(0, 2).text_frame.text == "达标项数"
        for i in range(1, len(table.rows)):
            counties.append(table.cell(i, 0).text_frame.text)
            for j in range(3, len(table.columns)):
                cell = table.cell(i, j)
                assert cell.text_frame.text[:1] in "✓✗↗!–"  # the status mark, not colour alone
                if cell.fill.type == 1:  # solid
                    filled += 1
                    assert str(cell.fill.fore_color.rgb) in tints
    assert counties[0] == "重庆市（全市）" and "万州区" in counties and len(counties) == 39
    assert filled >= 38 * 6


def test_county_deck_from_the_county_page(live_app) -> None:  # noqa: ANN001
    """Issue 14, item 4: /county offers the county's own deck: its findings, profile, spine
    chart (described by its title) and table, rates; East-Asian typeface on every run."""
    client = live_app.server.test_client()
    page = client.get("/county?area=500000&county=500101").get_data(as_text=True)
    assert page  # the page answers; its link is checked in the layout below
    from layouts.county import layout

    with live_app.server.test_request_context("/county?area=500000&county=500101"):
        tree = str(layout(area="500000", county="500101").to_plotly_json())
    assert "/export/county.pptx?area=500000&county=500101&lang=zh" in tree
    resp = client.get("/export/county.pptx?area=500000&county=500101&lang=zh&token=abc123")
    assert resp.status_code == 200 and resp.mimetype.endswith("presentationml.presentation")
    assert "county-500101-zh.pptx" in resp.headers["Content-Disposition"]
    assert "export_done=abc123" in resp.headers.get("Set-Cookie", "")
    prs = Presentation(io.BytesIO(resp.data))
    texts = [" ".join(_slide_texts(sl)) for sl in prs.slides]
    assert "万州区" in texts[0] and "示例数据" in " ".join(texts)
    assert len(prs.slides) >= 5
    pics = [sh for sl in prs.slides for sh in sl.shapes if sh.shape_type == 13]
    assert len(pics) == 1 and pics[0]._element.nvPicPr.cNvPr.get("descr")
    xml = b"".join(sl.part.blob for sl in prs.slides)
    assert xml.count(b"<a:ea ") >= xml.count(b"<a:latin ") > 0
    assert client.get("/export/county.pptx?area=500000&county=360402").status_code == 404
    assert client.get("/export/county.pptx?area=110101&county=110101").status_code == 404
