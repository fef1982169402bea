// Loaded first (before vis-network, about 470 kB to read and compile, which only a network's
// address asks for here; the map's loads it after its first draw): asks the API for the session,
// the account, the reference lists and the graph of the address's view right away, so that the
// server works while the browser compiles. The modules take these answers (window.QN_BOOT,
// early() in api.js) instead of asking again.
// Signed in means a session cookie (qn_session, HttpOnly: this script cannot read it). A token
// this tab was handed (sessionStorage, from an older /login link) is exchanged for the cookie
// once (POST /api/v1/session) and forgotten; otherwise the page says whether the cookie was valid
// when it was sent (meta qn-session, filled in by the server), or else GET /api/v1/session says
// (401: the token form), and only then are the rest asked for.
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
    // a network's address: vis-network (470 kB to read and compile) is needed, ask for it now
    var vis = document.createElement("script");
    vis.id = "vis-network";
    vis.src = "/static/vis-network.min.js";
    vis.async = true;
    document.head.appendChild(vis);
  } else {
    paths.map = "/api/v1/map";
  }
  var accept = {"Accept": "application/json"};
  // the session the server found for the cookie when it sent this page (index.html's meta
  // element): its answer as GET /api/v1/session would give it, without that round trip
  var meta = document.querySelector("meta[name='qn-session']");
  var known = meta && meta.content;
  var session = token
    ? fetch(paths.session, {method: "POST", credentials: "same-origin",
                            headers: {"Authorization": "Bearer " + token, "Accept": "application/json"}})
    : known ? Promise.resolve(new Response(known, {status: 200, headers: {"Content-Type": "application/json"}}))
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
