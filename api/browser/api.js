// The API: requests with the session cookie (same origin; the token itself is never kept), the
// X-CSRF-Token for writes, the answers the boot script (boot.js) asked for early, ETag /
// If-Match, and errors as Error objects carrying the problem+json answer.
// state.csrf: what writes send as X-CSRF-Token (/api/v1/session)
import {state} from "./state.js";

var READS = {GET: true, HEAD: true};

export function api(method, path, body, ifMatch) {
  var headers = {"Accept": "application/json"};
  if (!READS[method] && state.csrf) { headers["X-CSRF-Token"] = state.csrf; }
  if (ifMatch) { headers["If-Match"] = ifMatch; }  // the version loaded: 412 if it changed since
  var init = {method: method, headers: headers, credentials: "same-origin"};
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return answer(fetch(path, init));
}

/** The token typed into the form, exchanged for the session cookie; the token is not kept. */
export function signIn(token) {
  return answer(fetch("/api/v1/session", {
    method: "POST", credentials: "same-origin",
    headers: {"Authorization": "Bearer " + token, "Accept": "application/json"}
  })).then(remember);
}

/** The session this browser already has (boot.js asked early); 401 without one. */
export function resume() { return early("session", "/api/v1/session").then(remember); }

/** "Abmelden": the server clears the cookie. */
export function signOut() {
  state.csrf = null;
  return answer(fetch("/api/v1/session", {method: "DELETE", credentials: "same-origin"}));
}

function remember(s) { state.csrf = s.csrf; return s; }

// a GET the boot script (boot.js) already sent for this path, else a new one
export function early(name, path) {
  var boot = window.QN_BOOT;
  if (boot && boot.paths[name] === path && boot.answers[name]) {
    var asked = boot.answers[name];
    boot.answers[name] = null;  // once: later views ask anew
    return answer(asked.then(function (r) {   // null: boot.js had no session yet, ask now
      return r || fetch(path, {credentials: "same-origin", headers: {"Accept": "application/json"}});
    }));
  }
  return api("GET", path);
}

export function answer(response) {
  return response.then(function (r) {
    if (r.status === 204) { return null; }
    return r.json().catch(function () { return {}; }).then(function (data) {
      if (!r.ok) {
        var err = new Error((data && data.detail) || r.statusText);
        err.status = r.status;
        err.problem = data || {};
        throw err;
      }
      var etag = r.headers.get("ETag");
      if (etag && data && typeof data === "object") {
        Object.defineProperty(data, "etag", {value: etag, enumerable: false});
      }
      return data;
    });
  });
}
