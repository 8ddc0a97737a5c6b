// Printing (issue 14, item 5): just before the browser lays the page out for paper, lay it
// out at the paper's width (A4 landscape, 10 mm margins: 1040 CSS px) and shrink every chart
// and grid that is wider than its box (CSS zoom), so nothing runs off the page; undo after.
(function () {
  var PAPER = 1040;
  var zoomed = [];
  function fit(el, needed) {
    var box = el.parentElement ? el.parentElement.clientWidth : PAPER;
    var z = Math.min(1, Math.min(box, PAPER) / Math.max(needed, 1));
    if (z < 0.999) { el.style.zoom = String(z); zoomed.push(el); }
  }
  function grid(el) {
    var width = 0;
    el.querySelectorAll(".ag-pinned-left-header, .ag-header-viewport .ag-header-container").forEach(function (h) {
      width += h.scrollWidth || h.getBoundingClientRect().width;
    });
    return Math.max(width, el.scrollWidth);
  }
  window.addEventListener("beforeprint", function () {
    document.body.style.width = PAPER + "px";
    document.querySelectorAll(".dash-ag-grid-print").forEach(function (el) { fit(el, grid(el)); });
    document.querySelectorAll(".js-plotly-plot").forEach(function (el) {
      var svg = el.querySelector(".main-svg");
      if (svg) { fit(el, svg.getBoundingClientRect().width); }
    });
  });
  window.addEventListener("afterprint", function () {
    document.body.style.width = "";
    zoomed.forEach(function (el) { el.style.zoom = ""; });
    zoomed = [];
  });
})();
