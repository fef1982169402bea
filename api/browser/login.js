// /login#token=...: exchange the token for the session cookie (POST /api/v1/session), take it
// out of the address (and the history), and open the browser. The fragment never reaches the
// server as part of the address, and the token is not kept afterwards.
(function () {
  "use strict";
  var params = new URLSearchParams(location.hash.slice(1));
  var token = params.get("token");
  history.replaceState(null, "", "/login");
  var msg = document.getElementById("msg");
  if (!token) {
    msg.textContent = "Kein Token im Link (erwartet: /login#token=...). / No token in the link.";
    return;
  }
  fetch("/api/v1/session", {method: "POST", credentials: "same-origin",
                            headers: {"Authorization": "Bearer " + token, "Accept": "application/json"}})
    .then(function (r) {
      if (r.ok) { location.replace("/"); return; }
      msg.textContent = "Dieser Token gilt nicht (mehr). / This token is not valid.";
    }, function () {
      msg.textContent = "Der Server antwortet nicht. / The server does not answer.";
    });
})();
