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
