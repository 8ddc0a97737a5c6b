// Clientside callbacks of the app shell.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  shell: {
    switchLanguage: function (nClicks) {
      if (!nClicks) { return window.dash_clientside.no_update; }
      var btn = document.getElementById("shell-lang-button");
      var next = btn ? btn.getAttribute("data-lang") : "zh";
      document.cookie = "lang=" + next + "; path=/; max-age=31536000; SameSite=Lax";
      window.location.reload();
      return next;
    }
  }
});

// "The database cannot be reached": ask /healthz every 3 s and reload the page as
// soon as the database answers again (the notice has id shell-db-unavailable).
(function () {
  var asking = false;
  setInterval(function () {
    if (asking || !document.getElementById("shell-db-unavailable")) { return; }
    asking = true;
    fetch("/healthz", { cache: "no-store" })
      .then(function (r) { if (r.ok) { window.location.reload(); } })
      .catch(function () {})
      .then(function () { asking = false; });
  }, 3000);
})();

// Switching area keeps the page's choices that still apply to another area (issue 14,
// item 10): measure, site, sex, rate, year and classes of /map, programme and year of
// /screening (each page falls back to its default for a value the new area lacks); a
// county, a county list, a regional group or fixed class breaks belong to one area and go.
(function () {
  var KEEP = {
    "/map": ["measure", "site", "sex", "rate", "year", "classify", "classes"],
    "/screening": ["programme", "year"]
  };
  document.addEventListener("click", function (ev) {
    var link = ev.target && ev.target.closest ? ev.target.closest("a.area-switch, .area-menu a[href]") : null;
    var keep = KEEP[window.location.pathname];
    if (!link || !keep) { return; }
    var target = new URL(link.getAttribute("href"), window.location.href);
    var here = new URLSearchParams(window.location.search);
    keep.forEach(function (k) { if (here.get(k)) { target.searchParams.set(k, here.get(k)); } });
    link.setAttribute("href", target.pathname + "?" + target.searchParams.toString());
  }, true);
})();
