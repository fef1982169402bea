// Loaded before vis-network (about 470 kB to read and compile): asks the API for the account,
// the reference lists and the graph of the address's view right away, so that the server works
// while the browser compiles. The modules take these answers (window.QN_BOOT, early() in api.js)
// instead of asking again.
(function () {
  "use strict";
  var token = sessionStorage.getItem("qn-token");
  if (!token) { return; }
  var address = new URLSearchParams(location.search), filters = new URLSearchParams();
  ["area", "kind", "sector", "topic", "tie_kind", "as_of"].forEach(function (k) {
    var v = address.get(k);
    if (v) { filters.append(k, v); }
  });
  var paths = {me: "/api/v1/me", areas: "/api/v1/areas?limit=1000", topics: "/api/v1/topics?limit=1000"};
  // the start view is the map unless the address names a network (as readUrl in state.js decides)
  var named = filters.toString() || address.get("actor");
  if (address.get("view") === "graph" || (named && address.get("view") !== "map")) {
    paths.graph = "/api/v1/graph" + (filters.toString() ? "?" + filters.toString() : "");
  } else {
    paths.map = "/api/v1/map";
  }
  var boot = {token: token, paths: paths, answers: {}};
  Object.keys(paths).forEach(function (name) {
    var asked = fetch(paths[name], {headers: {"Authorization": "Bearer " + token, "Accept": "application/json"}});
    asked.catch(function () { return null; });  // api.js handles a failure when it takes the answer
    boot.answers[name] = asked;
  });
  window.QN_BOOT = boot;
})();
