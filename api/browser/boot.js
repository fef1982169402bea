// Loaded before vis-network (about 470 kB to read and compile): asks the API for the session,
// the account, the reference lists and the graph of the address's view right away, so that the
// server works while the browser compiles. The modules take these answers (window.QN_BOOT,
// early() in api.js) instead of asking again.
// Signed in means a session cookie (qn_session, HttpOnly: this script cannot read it). A token
// this tab was handed (sessionStorage, from an older /login link) is exchanged for the cookie
// once (POST /api/v1/session) and forgotten; otherwise GET /api/v1/session says whether the
// cookie is valid (401: the token form), and only then are the rest asked for.
(function () {
  "use strict";
  var token = sessionStorage.getItem("qn-token");
  sessionStorage.removeItem("qn-token");
  var address = new URLSearchParams(location.search), filters = new URLSearchParams();
  ["area", "kind", "sector", "topic", "tie_kind", "as_of"].forEach(function (k) {
    var v = address.get(k);
    if (v) { filters.append(k, v); }
  });
  var paths = {session: "/api/v1/session", me: "/api/v1/me", areas: "/api/v1/areas?limit=1000",
               topics: "/api/v1/topics?limit=1000"};
  // the start view is the map unless the address names a network (as readUrl in state.js decides)
  var named = filters.toString() || address.get("actor");
  if (address.get("view") === "graph" || (named && address.get("view") !== "map")) {
    paths.graph = "/api/v1/graph" + (filters.toString() ? "?" + filters.toString() : "");
  } else {
    paths.map = "/api/v1/map";
  }
  var accept = {"Accept": "application/json"};
  var session = token
    ? fetch(paths.session, {method: "POST", credentials: "same-origin",
                            headers: {"Authorization": "Bearer " + token, "Accept": "application/json"}})
    : fetch(paths.session, {credentials: "same-origin", headers: accept});
  var boot = {paths: paths, answers: {session: session}, exchanged: Boolean(token)};
  var signedIn = session.then(function (r) { return r.ok; }, function () { return false; });
  Object.keys(paths).forEach(function (name) {
    if (name === "session") { return; }
    // without a session the rest is not asked for (no needless 401s): api.js asks anew later
    var asked = signedIn.then(function (ok) {
      return ok ? fetch(paths[name], {credentials: "same-origin", headers: accept}) : null;
    });
    asked.catch(function () { return null; });  // api.js handles a failure when it takes the answer
    boot.answers[name] = asked;
  });
  session.catch(function () { return null; });
  window.QN_BOOT = boot;
})();
