// PNG downloads that stand alone in a meeting (issue 14, item 3). The toolbar's camera
// button is taken over (capture phase, before plotly's own handler): the PNG is drawn from a
// copy of the chart with its title (and subtitle), its legend when the page draws it beside
// the chart (layout.meta.export.legend: [[label, colour], ...]), a source line with the
// date and the demonstration label, and is named after its content (the title, or
// layout.meta.export.filename). window.dashExport.figure(gd) gives the figure it draws.
(function () {
  var TITLES = ["Download plot as a PNG", "Download plot", "\u4e0b\u8f7d\u56fe\u8868\u4e3aPNG\u683c\u5f0f", "\u4e0b\u8f7d\u56fe\u8868"];

  function plain(text) {
    var div = document.createElement("div");
    div.innerHTML = String(text || "").replace(/<br\s*\/?>/gi, " ");
    return (div.textContent || "").replace(/\s+/g, " ").trim();
  }
  function zh() { return (document.documentElement.lang || "zh").indexOf("zh") === 0; }
  function heading(gd) {
    for (var el = gd, depth = 0; el && depth < 8; el = el.parentElement, depth++) {
      var head = el.classList && el.classList.contains("card-body") ? el.querySelector(".card-title") : null;
      var prev = el.previousElementSibling;
      if (!head && prev && /^H[1-6]$/.test(prev.tagName)) { head = prev; }
      if (head) { return plain(head.textContent); }
    }
    return "";
  }
  function meta(gd) { return ((gd.layout || {}).meta || {}).export || {}; }
  function title(gd) {
    var t = (gd.layout || {}).title;
    return plain(meta(gd).title || (t && (t.text !== undefined ? t.text : t))) || heading(gd);
  }
  function pageArea() {
    var h = document.querySelector("h4");
    var text = h ? plain(h.textContent) : "";
    return text.split(/[：:]/)[0];
  }
  function demoLabel() {
    var notice = document.querySelector(".demo-notice");
    if (!notice) { return ""; }
    return plain(notice.textContent).split(/[：:]/)[0];
  }
  function sourceLine(gd) {
    var brand = document.querySelector(".navbar-brand");
    var date = new Date().toISOString().slice(0, 10);
    var parts = [(zh() ? "\u6765\u6e90\uff1a" : "Source: ") + (meta(gd).source || (brand ? plain(brand.textContent) : ""))];
    parts.push((zh() ? "\u5bfc\u51fa\u4e8e " : "exported ") + date);
    var demo = demoLabel();
    if (demo) { parts.push(demo); }
    return parts.join(" \u00b7 ");
  }
  function filename(gd) {
    var name = meta(gd).filename || title(gd);
    var area = pageArea();
    if (area && name.indexOf(area) < 0) { name = area + "_" + name; }
    name = name.replace(/[\s\uff0c,\u3001\uff1a:\uff08\uff09()\uff1b;\u00b7\/\\?*"<>|\u2014\u2013\u00d7\u2265\u2264%\uff05]+/g, "_")
      .replace(/_+/g, "_").replace(/^_|_$/g, "");
    return (name || "chart").slice(0, 90);
  }
  function figure(gd) {
    var opts = (gd._context && gd._context.toImageButtonOptions) || {};
    var layout = JSON.parse(JSON.stringify(gd.layout || {}));
    var m = layout.margin || {};
    var legend = meta(gd).legend || [];
    var subtitle = plain(meta(gd).subtitle || (layout.title && layout.title.subtitle && layout.title.subtitle.text) || "");
    var top = 90 + (subtitle ? 20 : 0);
    var bottom = 60 + (legend.length ? 30 : 0);
    layout.width = opts.width || 1600;
    layout.height = opts.height || 900;
    layout.margin = { l: Math.max(m.l || 0, 40), r: Math.max(m.r || 0, 40), t: Math.max(m.t || 0, 0) + top, b: Math.max(m.b || 0, 0) + bottom };
    var name = title(gd), area = pageArea();
    if (area && name.indexOf(area) < 0) { name = area + (zh() ? "\uff1a" : ": ") + name; }  // the area, always
    if (gd.closest(".target-spark")) {  // a sparkline: its axes, hidden on the card, are shown on paper
      ["xaxis", "yaxis"].forEach(function (k) {
        layout[k] = Object.assign({}, layout[k] || {}, { visible: true, showticklabels: true, showgrid: k === "yaxis", tickfont: { size: 14 } });
      });
    }
    layout.title = { text: "<b>" + name + "</b>", x: 0.01, xanchor: "left", xref: "container", y: 0.985, yanchor: "top", yref: "container",
                     font: { size: 22 }, subtitle: { text: subtitle, font: { size: 14 } } };
    var notes = (layout.annotations || []).slice();
    if (legend.length) {
      notes.push({ xref: "paper", yref: "paper", x: 0, y: 0, yshift: -(m.b || 0) - 20, xanchor: "left", yanchor: "top", showarrow: false,
                   font: { size: 14 }, name: "export-legend",
                   text: legend.map(function (l) { return "<span style=\"color:" + l[1] + "\">\u25a0</span> " + l[0]; }).join("   ") });
    }
    notes.push({ xref: "paper", yref: "paper", x: 0, y: 0, yshift: -(m.b || 0) - bottom + 24, xanchor: "left", yanchor: "top",
                 showarrow: false, font: { size: 12, color: "#555" }, text: sourceLine(gd), name: "export-source" });
    layout.annotations = notes;
    return { data: gd.data, layout: layout, config: { topojsonURL: gd._context.topojsonURL, locale: gd._context.locale, mathjax: false } };
  }
  function download(gd) {
    var fig = figure(gd);
    var opts = (gd._context && gd._context.toImageButtonOptions) || {};
    return window.Plotly.toImage(fig, { format: "png", width: fig.layout.width, height: fig.layout.height, scale: opts.scale || 1 })
      .then(function (url) {
        var a = document.createElement("a");
        a.href = url;
        a.download = filename(gd) + ".png";
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target && ev.target.closest ? ev.target.closest(".modebar-btn") : null;
    if (!btn || TITLES.indexOf(btn.getAttribute("data-title")) < 0 || !window.Plotly) { return; }
    var gd = btn.closest(".js-plotly-plot");
    if (!gd) { return; }
    ev.preventDefault();
    ev.stopPropagation();
    download(gd);
  }, true);
  window.dashExport = { figure: figure, filename: filename, download: download };
})();
