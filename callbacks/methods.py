"""Methods page: scroll to the URL's #anchor once the page has been drawn.

Dash Pages draws a page's content after the browser has already looked for the
fragment, so a link such as ``/methods#suppression`` from another page would
otherwise land at the top. The formulae are typeset by MathJax after that, which
moves the sections down; the anchor is therefore kept in view while the content
still changes size (for a few seconds, and only until the reader scrolls).
Links inside the page are plain ``<a href="#...">`` and need nothing.
The jump is "instant": Bootstrap makes scrolling smooth, and a smooth scroll still
running would override the reader's own scrolling.
"""

from __future__ import annotations

from dash import Dash, Input, Output

from components.ids import Methods

SCROLL_TO_HASH = """
function (_data) {
    var hash = decodeURIComponent((window.location.hash || "").slice(1));
    if (!hash) { return window.dash_clientside.no_update; }
    var stopped = false;
    var stop = function () { stopped = true; };
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (ev) {
        window.addEventListener(ev, stop, {once: true, passive: true});
    });
    var go = function () {
        var el = document.getElementById(hash);
        if (el && !stopped) { el.scrollIntoView({block: "start", behavior: "instant"}); }
    };
    go();
    var root = document.getElementById("__ROOT__");
    if (root && window.ResizeObserver) {
        var ro = new ResizeObserver(go);
        ro.observe(root);
        setTimeout(function () { ro.disconnect(); }, 5000);
    }
    return window.dash_clientside.no_update;
}
""".replace("__ROOT__", Methods.ROOT)


def register(app: Dash) -> None:
    app.clientside_callback(
        SCROLL_TO_HASH,
        Output(Methods.SCROLL, "data"),
        Input(Methods.SCROLL, "id"),
    )
