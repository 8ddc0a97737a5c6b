// Export links (a[data-export]): while the server builds a file, the link says so
// (its data-busy text, aria-busy) and cannot be clicked twice; the download's
// response sets the cookie export_done=<token>, which ends the busy state.
(function () {
  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? m[1] : null;
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[data-export]") : null;
    if (!a) { return; }
    if (a.getAttribute("aria-busy") === "true") { ev.preventDefault(); return; }
    var token = Math.random().toString(36).slice(2, 12);
    var url = new URL(a.href, window.location.href);
    url.searchParams.set("token", token);
    a.href = url.pathname + url.search;
    var label = a.textContent;
    a.setAttribute("aria-busy", "true");
    a.classList.add("disabled");
    a.textContent = a.getAttribute("data-busy") || label;
    var started = Date.now();
    var timer = window.setInterval(function () {
      if (cookie("export_done") === token || Date.now() - started > 120000) {
        window.clearInterval(timer);
        a.textContent = label;
        a.removeAttribute("aria-busy");
        a.classList.remove("disabled");
      }
    }, 400);
  });
})();
