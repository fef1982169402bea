// /login#token=...: keep the token for this tab (sessionStorage), take it out of the address
// (and the history), and open the browser. The fragment never reaches the server.
(function () {
  "use strict";
  var params = new URLSearchParams(location.hash.slice(1));
  var token = params.get("token");
  if (token) {
    sessionStorage.setItem("qn-token", token);
    history.replaceState(null, "", "/login");
    location.replace("/");
  } else {
    document.getElementById("msg").textContent =
      "Kein Token im Link (erwartet: /login#token=...). / No token in the link.";
  }
})();
