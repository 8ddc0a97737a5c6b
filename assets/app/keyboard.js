// The keyboard and screen readers (issue 14, item 7).
// 1. Enter (or Space) on a focused grid cell acts as a click on it, so a county row of /map
//    opens, and a scorecard cell shows its indicator, from the keyboard.
// 2. Every chart gets an accessible name: role="img" and aria-label = its title (or, when
//    the chart has none, the heading of its card), renewed after every redraw.
(function () {
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") { return; }
    var cell = ev.target && ev.target.closest ? ev.target.closest(".ag-cell") : null;
    if (!cell || cell !== ev.target) { return; }
    ev.preventDefault();
    cell.click();
  });

  function plain(text) {
    var div = document.createElement("div");
    div.innerHTML = String(text || "").replace(/<br\s*\/?>/gi, " ");
    return (div.textContent || "").replace(/\s+/g, " ").trim();
  }
  function chartName(gd) {
    var layout = gd.layout || {};
    var meta = layout.meta || {};
    var title = layout.title && (layout.title.text !== undefined ? layout.title.text : layout.title);
    var name = plain(meta.export_title || title);
    // no title of its own: the nearest heading of its card, or the heading just before it
    for (var el = gd, depth = 0; !name && el && depth < 8; el = el.parentElement, depth++) {
      var head = el.classList && el.classList.contains("card-body") ? el.querySelector(".card-title") : null;
      var prev = el.previousElementSibling;
      if (!head && prev && /^H[1-6]$/.test(prev.tagName)) { head = prev; }
      if (head) { name = plain(head.textContent); }
    }
    return name;
  }
  function label(gd) {
    var name = chartName(gd);
    gd.setAttribute("role", "img");
    if (name) { gd.setAttribute("aria-label", name); }
  }
  function watch(gd) {
    if (gd.__a11yWatched || typeof gd.on !== "function") { return; }
    gd.__a11yWatched = true;
    gd.on("plotly_afterplot", function () { label(gd); });
    label(gd);
  }
  var pending = false;
  function scan() { pending = false; document.querySelectorAll(".js-plotly-plot").forEach(watch); }
  function later() { if (!pending) { pending = true; window.requestAnimationFrame(scan); } }  // once a frame at most
  new MutationObserver(later).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", scan);
})();
