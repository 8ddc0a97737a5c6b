from __future__ import annotations

import pytest

from dashboard.i18n import catalogue, pick, t


def test_chinese_is_the_default_and_english_is_complete() -> None:
    assert t("nav.home") == "概览"
    assert t("nav.home", "en") == "Overview"
    for key, (zh, en) in catalogue().items():
        assert zh.strip() and en.strip(), f"message {key} lacks a translation"
        assert zh.count("{") == en.count("{"), f"placeholders differ in {key}"


def test_formatting_and_unknown_keys() -> None:
    assert t("home.map_title", "en", area="Jiujiang", n=13) == "Jiujiang: counties (13)"
    with pytest.raises(KeyError):
        t("no.such.key")


def test_pick_falls_back_to_chinese() -> None:
    assert pick("江北区", "Jiangbei District", "en") == "Jiangbei District"
    assert pick("江北区", None, "en") == "江北区"
    assert pick("江北区", "Jiangbei District", "zh") == "江北区"
