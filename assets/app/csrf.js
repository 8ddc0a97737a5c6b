// CSRF: send the session's token (cookie "csrf_token") as X-CSRF-Token with every
// same-origin fetch, so Dash's callback POSTs pass the server's check
// (dashboard/access/hardening.py). Other sites can neither read the cookie nor send the header.
(function () {
  function token() {
    var m = document.cookie.match(/(?:^|;\s*)csrf_token=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  var original = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var sameOrigin = new URL(url, window.location.href).origin === window.location.origin;
    if (sameOrigin) {
      init = Object.assign({}, init);
      var headers = new Headers(init.headers || (typeof input !== "string" && input.headers) || {});
      headers.set("X-CSRF-Token", token());
      init.headers = headers;
    }
    return original(input, init);
  };
})();
