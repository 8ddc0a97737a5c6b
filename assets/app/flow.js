// Flow between the parts of a page (issue 14, item 10).
// /targets: a click (or Enter) on a scorecard cell of a target shows that indicator in the
// panel below, so the page scrolls to the panel: the reader sees what changed.
(function () {
  document.addEventListener("click", function (ev) {
    var cell = ev.target && ev.target.closest ? ev.target.closest("#targets-scorecard .ag-cell[col-id^='v_']") : null;
    if (!cell) { return; }
    var status = document.getElementById("targets-status");
    var panel = status ? status.closest(".card") || status : null;
    if (!panel) { return; }
    var smooth = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    window.setTimeout(function () {
      panel.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
    }, 50);
  });
})();

// The overview's map: a click on a county opens its profile (callbacks/home.py).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  flow: {
    openCounty: function (click, area) {
      var pt = click && click.points && click.points[0];
      var county = pt ? String(pt.location || "") : "";
      if (!/^\d{6}$/.test(county)) { return window.dash_clientside.no_update; }
      var q = new URLSearchParams();
      if (area) { q.set("area", area); }
      q.set("county", county);
      window.location.assign("/county?" + q.toString());
      return county;
    }
  }
});
