"""The Methods page's content follows the code and the running settings (no browser).

The layout is rendered inside a Flask request whose app carries its own Settings (as
``create_app`` stores them), so thresholds shown on the page can be checked against the
settings that produced them.
"""

from __future__ import annotations

import sys
from types import ModuleType

import dash
import pytest
from flask import Flask

from components.ids import Methods
from dashboard.catalogue.indicators import INDICATORS
from dashboard.epi import AGE_GROUPS, standard_weights
from dashboard.infra.config import Settings
from dashboard.infra.runtime import SETTINGS_KEY
from tests.conftest import walk


@pytest.fixture(scope="module")
def methods_module(live_app) -> ModuleType:  # noqa: ANN001
    page = next(p for p in dash.page_registry.values() if p["path"] == "/methods")
    return sys.modules[page["module"]]


def _render(module: ModuleType, settings: Settings, lang: str = "zh") -> object:
    server = Flask("methods-test")
    server.config[SETTINGS_KEY] = settings
    with server.test_request_context("/methods", headers={"Cookie": f"lang={lang}"}):
        return module.layout()


def _by_id(tree: object, cid: str) -> object:
    found = [n for n in walk(tree) if getattr(n, "id", None) == cid]
    assert len(found) == 1, f"{len(found)} components with id {cid!r}"
    return found[0]


def _text(node: object) -> str:
    return " ".join(n for n in walk(node) if isinstance(n, str))


def _rows(table: object) -> list[object]:
    body = next(n for n in walk(table) if type(n).__name__ == "Tbody")
    return list(body.children)


def test_thresholds_follow_the_running_settings(methods_module, demo_settings, demo_db) -> None:  # noqa: ANN001
    tree = _render(methods_module, demo_settings.with_(small_cell_limit=9, suppress_rate_below=20))
    assert _text(_by_id(tree, Methods.SMALL_CELL_LIMIT)) == "9"
    assert _text(_by_id(tree, Methods.SMALL_CELL_LABEL)) == "“为保护小数值而隐藏”"
    text = _text(_by_id(tree, Methods.ANCHOR_SUPPRESSION))
    assert "至少取 9 个不同整数值" in text and "<10" in text  # the rule follows the limit
    assert _text(_by_id(tree, Methods.SUPPRESS_BELOW)) == "20"
    assert "少于20例" in _text(_by_id(tree, Methods.ANCHOR_SUPPRESSION))
    # the defaults, in English
    tree = _render(methods_module, demo_settings, "en")
    assert _text(_by_id(tree, Methods.SMALL_CELL_LIMIT)) == "5"
    assert _text(_by_id(tree, Methods.SMALL_CELL_LABEL)) == '"hidden to protect small numbers"'
    text = _text(_by_id(tree, Methods.ANCHOR_SUPPRESSION))
    assert "What a reader can and cannot infer" in text and "hypercubes" in text
    assert "fewer than 5 possible whole values" in text
    assert _text(_by_id(tree, Methods.SUPPRESS_BELOW)) == "16"
    assert "fewer than 16 cases" in _text(_by_id(tree, Methods.ANCHOR_SUPPRESSION))


def test_a_rate_threshold_not_above_the_cell_limit_is_called_out(
    methods_module, demo_settings, demo_db
) -> None:  # noqa: ANN001
    bad = _text(_by_id(_render(methods_module, demo_settings.with_(small_cell_limit=8, suppress_rate_below=8), "en"),
                       Methods.ANCHOR_SUPPRESSION))  # fmt: skip
    assert "Warning: the rate threshold now set (8) is not above the small-cell limit (8)" in bad
    good = _text(_by_id(_render(methods_module, demo_settings, "en"), Methods.ANCHOR_SUPPRESSION))
    assert "Warning" not in good


def test_worked_example_is_computed_by_the_epi_code(methods_module, demo_settings, demo_db) -> None:  # noqa: ANN001
    res = methods_module.worked_example()
    for key, ref in methods_module.EXAMPLE_REFERENCE.items():
        assert round(res[key], 4) == pytest.approx(ref, abs=1e-9), key
    tree = _render(methods_module, demo_settings)
    cell = {k: _text(_by_id(tree, f"{Methods.EXAMPLE_CELL_PREFIX}{k}"))
            for k in ("rate", "se", "lower", "upper", "tiwari-upper")}  # fmt: skip
    assert cell == {"rate": "19.3490", "se": "6.2478", "lower": "9.1091", "upper": "38.6324",
                    "tiwari-upper": "34.9401"}  # fmt: skip
    results = _text(_by_id(tree, Methods.EXAMPLE_RESULTS))
    assert results.count("✓ 一致") == 5 and "✗" not in results


def test_worked_example_would_show_a_mismatch(methods_module, demo_settings, demo_db, monkeypatch) -> None:  # noqa: ANN001
    """The check column is computed, not decoration: a wrong reference value is flagged."""
    monkeypatch.setitem(methods_module.EXAMPLE_REFERENCE, "rate", 19.35)
    results = _text(_by_id(_render(methods_module, demo_settings, "en"), Methods.EXAMPLE_RESULTS))
    assert results.count("✗ differs") == 1 and results.count("✓ matches") == 4


def test_standard_population_table_comes_from_the_code(methods_module, demo_settings, demo_db) -> None:  # noqa: ANN001
    tree = _render(methods_module, demo_settings, "en")
    table = _by_id(tree, Methods.STANDARDS_TABLE)
    rows = _rows(table)
    assert len(rows) == len(AGE_GROUPS) == 19
    china, segi = standard_weights("china2000"), standard_weights("segi")
    for row, g, c, s in zip(rows, AGE_GROUPS, china, segi, strict=True):
        cells = [_text(td) for td in row.children]
        assert cells[1] == g.replace("-", "–")
        assert cells[3] == f"{c:,.0f}" and cells[5] == f"{s:,.0f}"
    text = _text(table)
    assert "1,242,612,226" in text and "100,000" in text
    # the 0-4 split of the Segi standard is stated from the weights
    assert "0 = 2,400 and 1–4 = 9,600" in _text(_by_id(tree, Methods.ANCHOR_STANDARDS))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_table_lists_every_catalogue_entry(methods_module, demo_settings, demo_db, lang) -> None:  # noqa: ANN001
    table = _by_id(_render(methods_module, demo_settings, lang), Methods.INDICATORS_TABLE)
    rows = _rows(table)
    assert [r.id for r in rows] == [f"{Methods.INDICATOR_ROW_PREFIX}{k}" for k in INDICATORS]
    for row, ind in zip(rows, INDICATORS.values(), strict=True):
        text = _text(row)
        assert ind.name(lang) in text
        assert (ind.numerator_en if lang == "en" else ind.numerator_zh) in text
        assert (ind.source_en if lang == "en" else ind.source_zh) in text


def test_every_indicator_kind_is_explained(methods_module) -> None:  # noqa: ANN001
    for kind in {i.kind for i in INDICATORS.values()}:
        for lang in ("zh", "en"):
            assert methods_module.kind_text(kind, lang) != kind, f"kind {kind!r} has no {lang} text"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_anchors_and_contents(methods_module, demo_settings, demo_db, lang) -> None:  # noqa: ANN001
    tree = _render(methods_module, demo_settings, lang)
    ids = [getattr(n, "id", None) for n in walk(tree)]
    for anchor in Methods.ANCHORS:
        assert ids.count(anchor) == 1, anchor
    toc = _by_id(tree, Methods.TOC)
    hrefs = [n.href for n in walk(toc) if getattr(n, "href", None)]
    assert hrefs == [f"#{a}" for a in Methods.ANCHORS]
    # every in-page link points at an element of the page
    for n in walk(tree):
        href = getattr(n, "href", None)
        if href and href.startswith("#"):
            assert href[1:] in ids, href
    # no untranslated formula word is left, and the demo data are labelled as such
    formulas = [n.children for n in walk(tree) if getattr(n, "mathjax", False) and "$$" in str(n.children)]
    assert len(formulas) >= 15 and not any("<<" in f for f in formulas)
    data = _text(_by_id(tree, Methods.ANCHOR_DATA))
    assert ("示例数据" if lang == "zh" else "demonstration data") in data
    assert str(demo_settings.demo_seed) in data
    quality = _text(_by_id(tree, Methods.QUALITY_TABLE))
    assert "69.13%" in quality and "2.38%" in quality and "0.62" in quality


def test_formula_words_are_translated(methods_module) -> None:  # noqa: ANN001
    zh = methods_module._tex(methods_module.TEX_CRUDE, "zh")
    en = methods_module._tex(methods_module.TEX_CRUDE, "en")
    assert zh.startswith(r"\text{粗率} =") and en.startswith(r"\text{crude} =")


def test_limits_of_zero_mean_nothing_is_masked(methods_module, demo_settings, demo_db) -> None:  # noqa: ANN001
    tree = _render(methods_module, demo_settings.with_(small_cell_limit=0, suppress_rate_below=0), "en")
    assert _text(_by_id(tree, Methods.SMALL_CELL_LABEL)) == "(limit 0: nothing is masked)"
    assert _text(_by_id(tree, Methods.SUPPRESS_BELOW)) == "0"
    assert "Warning" not in _text(_by_id(tree, Methods.ANCHOR_SUPPRESSION))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_target_status_text_uses_the_status_module(methods_module, demo_settings, demo_db, lang) -> None:  # noqa: ANN001
    import inspect

    from dashboard.domain.status import STATUSES, assess_target
    from dashboard.i18n import t

    text = _text(_by_id(_render(methods_module, demo_settings, lang), Methods.ANCHOR_TARGETS))
    for status in (*STATUSES, "missed"):
        assert t(f"status.{status}", lang) in text, status
    params = inspect.signature(assess_target).parameters
    lo, hi = params["min_points"].default, params["max_points"].default
    if lang == "en":
        assert f"at least {lo}, at most {hi}" in text
    else:
        assert f"至少 {lo} 年，最多 {hi} 年" in text


def test_screening_measures_come_from_the_screening_module(methods_module, demo_settings, demo_db) -> None:  # noqa: ANN001
    from dashboard.domain.screening import CONVERSIONS

    section = _by_id(_render(methods_module, demo_settings.with_(suppress_rate_below=30), "en"),
                     Methods.ANCHOR_SCREENING)  # fmt: skip
    rows = _rows(next(n for n in walk(section) if type(n).__name__ == "Table"))
    assert len(rows) == len(CONVERSIONS)
    cells = {_text(r.children[0]): (_text(r.children[1]), _text(r.children[2])) for r in rows}
    assert cells["Detection rate"] == ("cancers and precancers detected", "positive at first test")
    assert cells["Coverage"] == ("screened", "eligible")
    assert "denominator below 30 is not shown" in _text(section)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rank_intervals_are_documented(methods_module, demo_settings, demo_db, lang) -> None:  # noqa: ANN001
    from dashboard.epi.ranks import DRAWS, SEED

    tree = _render(methods_module, demo_settings, lang)
    section = _text(_by_id(tree, Methods.ANCHOR_FUNNEL))
    assert _by_id(tree, Methods.ANCHOR_RANKS) is not None
    assert f"{DRAWS:,}" in section and str(SEED) in section
    words = ("伽马", "泊松", "二项", "2.5%", "97.5%", "不参与排名") if lang == "zh" else (
        "gamma", "Poisson", "binomial", "2.5%", "97.5%", "not ranked")  # fmt: skip
    assert all(w in section for w in words)
