// The page's frame: DOM helpers, the status line, sign-in and sign-out, the select lists.
// Safety rule (every module): data (names, descriptions, reasons) only ever goes into
// textContent, option text, vis-network's plain-text labels, or tooltip elements built with
// textContent. Never innerHTML with data.
import {FILTERS, FILTER_IDS, MODEL, scene, state} from "./state.js";
import {signOut} from "./api.js";
import {label, problemText, t} from "./i18n.js";

export function $(id) { return document.getElementById(id); }
export function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) { e.textContent = String(text); }
  if (cls) { e.className = cls; }
  return e;
}
export function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }

export function status(text) { $("status").textContent = text || ""; }
export function fail(err) {
  if (err && err.status === 401) { logout(); return; }
  status(t("error", {detail: problemText(err)}));
}

// -- login ------------------------------------------------------------------------------------
export function showLogin(message) {
  $("app").hidden = true;
  $("logout").hidden = true;
  $("who").hidden = true;
  $("login-view").hidden = false;
  $("login-error").textContent = message || "";
  document.documentElement.setAttribute("data-ready", "login");
}

/** "Abmelden": the server ends the session (clears the cookie); then the token form. */
export function logout() {
  signOut().catch(function () { return null; });
  state.me = null;
  if (scene.network) { scene.network.destroy(); scene.network = null; }
  showLogin("");
}

export function showWho() {
  var role = state.me.role;
  $("who").textContent = t("role", {name: state.me.name, role: t("role_" + role)});
  $("who").dataset.role = role;
  $("who").hidden = false;
}

// -- selects ----------------------------------------------------------------------------------
export function options(select, rows, first) {
  var keep = select.multiple ? Array.from(select.selectedOptions).map(function (o) { return o.value; })
    : select.value;
  clear(select);
  if (first !== null) { select.appendChild(new Option(first, "")); }
  rows.forEach(function (r) { select.appendChild(new Option(r[1], r[0])); });
  if (select.multiple) {
    Array.from(select.options).forEach(function (o) { o.selected = keep.indexOf(o.value) >= 0; });
  } else {
    select.value = keep || "";
  }
}
export function enumRows(table) {
  return Object.keys(MODEL[table]).map(function (k) { return [k, label(table, k)]; });
}
export function fillSelects() {
  var areas = state.areas.map(function (a) { return [a.id, a.name]; });
  var topics = state.topics.map(function (x) { return [x.id, x.name]; });
  options($("f-area"), areas, t("whole_city"));
  options($("f-kind"), enumRows("kinds"), t("all"));
  options($("f-sector"), enumRows("sectors"), t("all"));
  options($("f-topic"), topics, t("all"));
  options($("f-tie-kind"), enumRows("tieKinds"), t("all"));
  options($("a-kind"), enumRows("kinds"), null);
  options($("a-areas"), areas, null);
  options($("a-topics"), topics, null);
  options($("r-kind"), enumRows("tieKinds"), null);
  FILTERS.forEach(function (f) { $(FILTER_IDS[f]).value = state.filters[f] || ""; });
}
