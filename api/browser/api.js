// The API: requests with the token, the answers the boot script (boot.js) asked for early,
// ETag / If-Match, and errors as Error objects carrying the problem+json answer.
import {TOKEN_KEY} from "./state.js";

export function token() { return sessionStorage.getItem(TOKEN_KEY); }

export function api(method, path, body, ifMatch) {
  var headers = {"Authorization": "Bearer " + token(), "Accept": "application/json"};
  if (ifMatch) { headers["If-Match"] = ifMatch; }  // the version loaded: 412 if it changed since
  var init = {method: method, headers: headers};
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return answer(fetch(path, init));
}

// a GET the boot script (boot.js) already sent for this token and path, else a new one
export function early(name, path) {
  var boot = window.QN_BOOT;
  if (boot && boot.token === token() && boot.paths[name] === path && boot.answers[name]) {
    var asked = boot.answers[name];
    boot.answers[name] = null;  // once: later views ask anew
    return answer(asked);
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
