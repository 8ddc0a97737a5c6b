// Pages write their choices back into the address bar here, and only here:
// history.replaceState (no history entry, no page re-render by the Pages router).
(function () {
  function write(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) { return; }
      q.set(k, Array.isArray(v) ? v.join(",") : String(v));
    });
    var path = window.location.pathname, url = path + "?" + q.toString().replace(/%2C/g, ",");
    // Written a moment later, when the browser is idle, i.e. after the repaint this choice
    // started (replaceState costs a few ms and makes Chromium look at the favicon again);
    // the latest choice wins. Any click (a link, the area switch, an export reading the
    // address) and leaving the page write it at once; nothing is written to another page.
    var first = pending === null;
    pending = {path: path, url: url};
    if (first) {
      setTimeout(function () {
        (window.requestIdleCallback || function (f) { return setTimeout(f, 0); })(flush, {timeout: 500});
      }, 300);
    }
    return url;
  }
  var pending = null;
  function flush() {
    var p = pending;
    pending = null;
    if (p && p.path === window.location.pathname && p.url !== p.path + window.location.search) {
      window.history.replaceState(window.history.state, "", p.url);
    }
  }
  window.addEventListener("click", flush, true);  // before any page's own click handlers
  window.addEventListener("pagehide", flush);
  var nu = function () { return window.dash_clientside.no_update; };
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    urlsync: {
      write: write,
      settled: function () { return pending === null; },  // nothing waits to be written (tests)
      map: function (measure, site, sex, rate, year, method, classes, county, isOpen, state) {
        if (!state) { return nu(); }
        return write({area: state.area, measure: measure, site: site, sex: sex, rate: rate, year: year,
                      classify: method, classes: classes, breaks: state.breaks || null,
                      county: county && isOpen ? county : null});
      },
      targets: function (indicator, counties, group, area) {
        if (!area) { return nu(); }
        return write({area: area, indicator: indicator, counties: counties, group: group});
      },
      screening: function (programme, year, county, counties, area) {
        if (!area) { return nu(); }
        return write({area: area, programme: programme, year: year, county: county, counties: counties});
      }
    }
  });
})();
