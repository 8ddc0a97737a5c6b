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
    var url = window.location.pathname + "?" + q.toString().replace(/%2C/g, ",");
    if (url !== window.location.pathname + window.location.search) {
      window.history.replaceState(window.history.state, "", url);
    }
    return url;
  }
  var nu = function () { return window.dash_clientside.no_update; };
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    urlsync: {
      write: write,
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
