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
