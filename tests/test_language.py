"""Issue #14, item 8: no English on the Chinese pages' controls, no Chinese clause numerals or
Chinese-first definitions on the English ones."""

from __future__ import annotations

import re

import pytest

from dashboard.i18n.common import DROPDOWN_LABELS, dropdown_labels
from dashboard.i18n.targets import clause_label
from dashboard.views import overview as O
from dashboard.views import targets as V

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    ("clause", "en", "zh"),
    [("（十二）", "(12)", "（十二）"), ("一", "(1)", "（一）"), ("（二）/（十四）", "(2)/(14)", "（二）/（十四）"),
     ("二十一", "(21)", "（二十一）"), ("(3)", "(3)", "(3)")],
)  # fmt: skip
def test_clause_numerals_are_arabic_in_english(clause: str, en: str, zh: str) -> None:
    assert clause_label(clause, "en") == en
    assert clause_label(clause, "zh") == zh
    assert (
        O.clause_text(clause, "Early diagnosis", "≥ 55%", 2022, "en") == f"{en} Early diagnosis ≥ 55%, 2022"
    )


def test_dropdown_words_in_both_languages() -> None:
    zh, en = dropdown_labels("zh"), dropdown_labels("en")
    assert set(zh) == set(en) == set(DROPDOWN_LABELS)
    assert not any(re.search(r"[A-Za-z]{2,}", v.replace("{num_selected}", "")) for v in zh.values())
    assert not any(CJK.search(v) for v in en.values())
    assert "{num_selected}" in zh["selected_count"] and "{num_selected}" in en["selected_count"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_definition_panel_puts_the_page_language_first(demo_db, lang: str) -> None:  # noqa: ANN001
    data = V.load(demo_db, "500000", lang=lang, as_of=V.as_of_year(), small_cell_limit=5, suppress_below=16)
    panel = V.indicator_panel(data, V.parse_selection(data))
    assert panel is not None
    d = panel.definition
    first = [d.name] + [text for _c, text, _o in d.rows]
    if lang == "en":
        assert not any(CJK.search(x) for x in first), first
        assert CJK.search(d.other_name)
        target_row = d.rows[-1][1]
        assert re.match(r"\(\d+\)", target_row), target_row  # "(2)/(14) By 2022, …", not "（二）"
    else:
        assert CJK.search(d.name) and d.rows[-1][1].startswith("（")


def test_english_overview_cards_have_no_chinese_clauses(demo_db) -> None:  # noqa: ANN001
    for area in ("500000", "360400"):
        view = O.overview(demo_db, area, lang="en", as_of=V.as_of_year())
        for card in view.cards:
            assert not CJK.search(card.clause_line), card.clause_line
        for clause, _text in view.others:
            assert not CJK.search(clause), clause
