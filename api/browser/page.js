// The page's frame: DOM helpers, the status line, sign-in and sign-out, the select lists.
// Safety rule (every module): data (names, descriptions, reasons) only ever goes into
// textContent, option text, vis-network's plain-text labels, or tooltip elements built with
// textContent. Never innerHTML with data.
import {FILTERS, FILTER_IDS, MODEL, scene, state} from "./state.js";
import {signOut} from "./api.js";
import {WORDS, label, problemText, t} from "./i18n.js";

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

/** The map (the start view) or the network: which is shown, and the controls that only the
 * network has turned off on the map. */
export function setView(view) {
  state.view = view;
  var map = view === "map";
  $("map-view").hidden = !map;
  $("graph").hidden = map;
  $("node-list").hidden = map || !(scene.nodes && scene.network);
  $("right").hidden = map;   // details, marks and the node legend belong to the network
  $("show-map").hidden = map;
  $("toggles").disabled = map;
  $("export-png").disabled = map;
  $("print-view").disabled = map;
  $("fit").disabled = map;
  if (map) { $("notice").hidden = true; $("focus-bar").hidden = true; status(""); }
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
/** Names in natural order: "Kreis 2" before "Kreis 10", umlauts as in German. */
var collator = new Intl.Collator("de", {numeric: true});   // one, not one per comparison
export function natural(a, b) { return collator.compare(String(a), String(b)); }

// the area picker's groups: the city, its Kreise, its Quartiere, then the other schemes' regions
// in the map's order (their names are the map's layer names), then any other scheme
const SCHEMES = ["sozialregionen", "schulkreise", "quartierkoordination", "kirchenkreise"];
function groupOf(a) {
  if (a.level === "city") { return [0, "", t("area_city")]; }
  if ((a.scheme || "stadtkreise") === "stadtkreise" || a.level !== "region") {
    if (a.level === "kreis") { return [1, "", t("layer_kreis")]; }
    if (a.level === "quartier") { return [2, "", t("layer_quartier")]; }
  }
  var known = SCHEMES.indexOf(a.scheme);
  var name = WORDS.de["layer_" + a.scheme] !== undefined ? t("layer_" + a.scheme) : a.scheme;
  return [known >= 0 ? 3 + known : 3 + SCHEMES.length, name, name];
}

/** The areas as the pickers show them: [{label, rows: [[id, text], ...]}], grouped by scheme and
 * level (city, Kreise, Quartiere, then the regions of each scheme), each group in natural order
 * (regions by the first Kreis they cover, then by name);
 * a Kreis names its Quartiere ("Kreis 10 (Höngg, Wipkingen)", "Kreis 1 (Altstadt: City, …)"). */
export function areaGroups(areas) {
  var below = {}, byId = {};
  areas.forEach(function (a) {
    byId[a.id] = a;
    if (a.level === "quartier" && a.parent) { (below[a.parent] = below[a.parent] || []).push(a.name); }
  });
  // a region (named in words: "Kirchenkreis zwölf") in the order of the first Kreis it covers
  var kreise = areas.filter(function (a) { return a.level === "kreis"; }).map(function (a) { return a.name; }).sort(natural);
  function kreisOf(id) {
    var a = byId[id];
    if (a && a.level === "quartier") { a = byId[a.parent]; }
    var i = a ? kreise.indexOf(a.name) : -1;
    return i < 0 ? kreise.length : i;
  }
  function first(a) { return Math.min.apply(null, (a.covers || []).map(kreisOf).concat([kreise.length])); }
  var groups = {};
  areas.forEach(function (a) {
    var g = groupOf(a), key = g[0] + "|" + g[1];
    var text = a.name;
    var parts = (below[a.id] || []).slice().sort(natural).join(", ");
    if (a.level === "kreis" && parts) {
      text = /\)$/.test(a.name) ? a.name.slice(0, -1) + ": " + parts + ")" : a.name + " (" + parts + ")";
    }
    (groups[key] = groups[key] || {order: g[0], sub: g[1], label: g[2], rows: []}).rows.push(
      [a.id, text, a.name, a.level === "region" ? first(a) : 0]);
  });
  return Object.keys(groups).map(function (k) { return groups[k]; }).sort(function (x, y) {
    return x.order - y.order || natural(x.sub, y.sub);
  }).map(function (g) {
    g.rows.sort(function (x, y) { return x[3] - y[3] || natural(x[2], y[2]) || natural(x[0], y[0]); });
    return {label: g.label, rows: g.rows.map(function (r) { return [r[0], r[1]]; })};
  });
}

/** Fill an area picker (``select``; single or multiple) with the known areas (state.areas) in
 * groups (``<optgroup>``, :func:`areaGroups`), after ``first`` (an option for "no area", or
 * null); the chosen areas stay chosen. For every module that lets the coordinator pick an area. */
export function areaOptions(select, first) {
  var keep = select.multiple ? Array.from(select.selectedOptions).map(function (o) { return o.value; })
    : select.value;
  clear(select);
  if (first !== null && first !== undefined) { select.appendChild(new Option(first, "")); }
  areaGroups(state.areas).forEach(function (g) {
    var group = document.createElement("optgroup");
    group.label = g.label;
    g.rows.forEach(function (r) { group.appendChild(new Option(r[1], r[0])); });
    select.appendChild(group);
  });
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
  var topics = state.topics.map(function (x) { return [x.id, x.name]; });
  areaOptions($("f-area"), t("whole_city"));
  options($("f-kind"), enumRows("kinds"), t("all"));
  options($("f-sector"), enumRows("sectors"), t("all"));
  options($("f-topic"), topics, t("all"));
  options($("f-tie-kind"), enumRows("tieKinds"), t("all"));
  options($("a-kind"), enumRows("kinds"), null);
  areaOptions($("a-areas"), null);
  options($("a-topics"), topics, null);
  options($("r-kind"), enumRows("tieKinds"), null);
  FILTERS.forEach(function (f) { $(FILTER_IDS[f]).value = state.filters[f] || ""; });
}
