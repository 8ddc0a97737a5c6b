"""Browser: the briefing-deck link says it is preparing the file, cannot be clicked twice
meanwhile, and returns to normal when the download arrives."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_console, set_language

pytestmark = pytest.mark.browser


def test_export_link_shows_progress_until_the_download(page, live_url) -> None:  # noqa: ANN001
    set_language(page, live_url, "zh")
    page.goto(live_url + "/?area=360400")
    link = page.locator("#home-export-pptx")
    link.wait_for()
    label = link.inner_text()
    # what the link says while busy, recorded as it happens (a cached deck arrives in a blink)
    page.evaluate(
        """() => { const a = document.querySelector('#home-export-pptx'); window.__busy = [];
        new MutationObserver(() => { if (a.getAttribute('aria-busy') === 'true') window.__busy.push(a.innerText); })
            .observe(a, {attributes: true, childList: true, subtree: true, characterData: true}); }"""
    )
    with page.expect_download(timeout=120000) as info:
        link.click()
    assert info.value.suggested_filename.endswith(".pptx")
    assert "正在生成演示文稿……" in page.evaluate("() => window.__busy")
    page.wait_for_function(
        "() => !document.querySelector('#home-export-pptx').hasAttribute('aria-busy')", timeout=10000
    )
    assert link.inner_text() == label
    assert "token=" in (link.get_attribute("href") or "")
    assert_clean_console(page)
