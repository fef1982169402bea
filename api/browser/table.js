// The round table (POST /api/v1/invite) as a workspace: a wide panel in place of the filter
// column. Everything is picked by name (topics, areas, actors, requirements from lists), chosen
// ones are chips removable by keyboard; the answer in full ("Am Tisch" with alternates and a
// swap, "Vorgaben", "Erreicht", "Nicht erreicht"); the graph moves to the table's area and
// draws the seats, apart, and whom they reach. The table is in the address (state.ask), printable,
// and its invitation list a download (POST /api/v1/invite/list).
import {query, scene, state, timings, writeUrl} from "./state.js";
import {areaName, label, problemText, t, topicName} from "./i18n.js";
import {$, clear, el, enumRows, fail, options, status} from "./page.js";
import {api} from "./api.js";
import {markedIds} from "./graph.js";
import {download, drawTable, initAnswer, printTable, renderAnswer} from "./tableview.js";

var hooks = {openArea: null, openActor: null};   // from app.js: (id) => Promise
var units = null;      // [[id, name]] of the city's units and departments (asked once)
var asked = null;      // the body of the last request answered (for the lists, the language)
var seq = 0;

/** Wire the panel; ``h.openArea(id)``: the network of an area; ``h.openActor(id)``: an actor in it. */
export function initTable(h) {
  hooks = h;
  $("table-open").addEventListener("click", function () { setOpen(true, true); });
  $("table-close").addEventListener("click", function () { setOpen(false, true); });
  $("invite-form").addEventListener("submit", function (ev) { ev.preventDefault(); compose().catch(fail); });
  $("i-req-what").addEventListener("change", fillValues);
  $("i-req-add").addEventListener("click", addRequirement);
  ["i-seats", "i-reach", "i-responsible"].forEach(function (id) { $(id).addEventListener("change", readNumbers); });
  PICKERS.forEach(function (p) {
    var input = $(p.input);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); pick(p, input.value); }
    });
    input.addEventListener("change", function () { if (input.value.trim()) { pick(p, input.value, true); } });
    if (p.search) { input.addEventListener("input", function () { suggest(p); }); }
  });
  $("table-print").addEventListener("click", printTable);
  $("table-csv").addEventListener("click", function () { if (asked) { download("csv", asked); } });
  $("table-xlsx").addEventListener("click", function () { if (asked) { download("xlsx", asked); } });
  initAnswer({open: function (id) { return hooks.openActor(id); }, swap: swap});
  window.addEventListener("afterprint", function () { document.body.classList.remove("print-table"); });
}

// -- open, closed, the address ----------------------------------------------------------------
export function setOpen(open, focus) {
  state.tableOpen = open;
  $("table-panel").hidden = !open;
  $("left").hidden = open;   // the workspace takes the filter column's place, wider
  $("table-open").setAttribute("aria-expanded", String(open));
  if (state.me) { writeUrl(); }
  if (focus) { (open ? $("i-topic") : $("table-open")).focus(); }
}

/** After sign-in: the table the address names (open or closed, its question, its answer). */
export function restoreTable() {
  fillTableSelects();
  var ids = state.ask.must.concat(state.ask.exclude).filter(function (id) { return !state.names[id]; });
  var names = ids.length ? api("GET", "/api/v1/graph/actors" + query({id: ids})).then(function (piece) {
    piece.nodes.forEach(function (n) { state.names[n.id] = n.name; });
  }).catch(function () { return null; }) : Promise.resolve();
  if (state.tableOpen !== null) { setOpen(state.tableOpen, false); }
  return names.then(function () {
    renderChips();
    if (state.tableShown && state.ask.topics.length && state.ask.areas.length) { return compose(); }
  });
}

// -- the pickers: by name, chosen ones as chips -----------------------------------------------
var PICKERS = [
  {key: "topics", input: "i-topic", rows: function () { return state.topics; }, name: topicName, unknown: "unknown_topic"},
  {key: "areas", input: "i-area", rows: function () { return state.areas; }, name: areaName, unknown: "unknown_area"},
  {key: "must", input: "i-must", search: true, name: actorName, unknown: "path_unknown"},
  {key: "exclude", input: "i-exclude", search: true, name: actorName, unknown: "path_unknown"}
];
function actorName(id) { return state.names[id] || id; }
function picker(key) { return PICKERS.filter(function (p) { return p.key === key; })[0]; }
function chipsOf(key) { return document.querySelector("[data-pick=" + key + "] .chips"); }

/** The lists the pickers offer (after the reference lists arrived, on a language switch). */
export function fillTableSelects() {
  fill($("i-topic-list"), state.topics);
  fill($("i-area-list"), state.areas);
  var what = $("i-req-what");
  options(what, [["sector", t("sector")], ["kind", t("kind")], ["unit", t("unit")], ["area", t("area")]], null);
  fillValues();
  $("i-seats").value = state.ask.seats;
  $("i-reach").value = state.ask.reach;
  $("i-responsible").checked = state.ask.responsible;
  document.querySelectorAll("#table-panel [data-i18n-label]").forEach(function (e) {
    e.setAttribute("aria-label", t(e.dataset.i18nLabel));
  });
  renderChips();
}
function fill(list, rows) {
  clear(list);
  rows.forEach(function (r) { list.appendChild(new Option(r.name, r.name)); });
}

var suggestTimer = null;
function suggest(p) {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(function () {
    var q = $(p.input).value.trim();
    if (q.length < 2) { return; }
    lookUp(q).then(function (rows) {
      var list = $(p.input + "-list");
      clear(list);
      rows.forEach(function (a) { list.appendChild(new Option(a.name, a.name)); });
    }).catch(function () { return null; });   // the picker only helps; Enter says what is wrong
  }, 200);
}
function lookUp(q) {
  return api("GET", "/api/v1/actors" + query({q: q, limit: 20})).then(function (page) {
    page.data.forEach(function (a) { state.names[a.id] = a.name; });
    return page.data;
  });
}
function byName(rows, name) {
  var key = name.trim().toLowerCase();
  for (var i = 0; i < rows.length; i++) { if (rows[i].name.toLowerCase() === key) { return rows[i].id; } }
  return null;
}
/** The typed or picked name as a chip; ``quiet``: an unknown name is left to finish typing. */
function pick(p, name, quiet) {
  name = name.trim();
  if (!name) { return Promise.resolve(); }
  $("invite-error").textContent = "";
  var found = p.rows ? Promise.resolve(byName(p.rows(), name)) : Promise.resolve(
    byName(Object.keys(state.names).map(function (id) { return {id: id, name: state.names[id]}; }), name)
  ).then(function (id) { return id || lookUp(name).then(function (rows) { return byName(rows, name); }); });
  return found.then(function (id) {
    if (!id) {
      if (!quiet) { $("invite-error").textContent = t(p.unknown, {name: name}); }
      return;
    }
    addChosen(p.key, id);
    $(p.input).value = "";
  }).catch(fail);
}
function addChosen(key, id) {
  var list = state.ask[key];
  if (list.indexOf(id) < 0) { list.push(id); }
  var other = key === "must" ? "exclude" : key === "exclude" ? "must" : null;   // never both
  if (other) { state.ask[other] = state.ask[other].filter(function (x) { return x !== id; }); }
  renderChips();
  writeUrl();
}

function renderChips() {
  PICKERS.forEach(function (p) {
    chips(p.key, state.ask[p.key].map(function (id) { return [id, p.name(id)]; }));
  });
  chips("require", state.ask.require.map(function (r) { return [r, requirementText(r)]; }));
}
function chips(key, rows) {
  var ul = chipsOf(key);
  clear(ul);
  rows.forEach(function (row, i) {
    var li = el("li", null, "chip");
    li.dataset.value = row[0];
    li.appendChild(el("span", row[1]));
    var x = el("button", "×", "chip-remove");
    x.type = "button";
    x.setAttribute("aria-label", t("remove_chip", {name: row[1]}));
    x.addEventListener("click", function () {
      state.ask[key] = state.ask[key].filter(function (v) { return v !== row[0]; });
      renderChips();
      writeUrl();
      var next = chipsOf(key).querySelectorAll("button")[Math.min(i, rows.length - 2)];
      (next || (key === "require" ? $("i-req-what") : $(picker(key).input))).focus();
    });
    li.appendChild(x);
    ul.appendChild(li);
  });
}

// -- requirements: sector, kind, unit or area, chosen from lists, with a count -----------------
function valueRows(what) {
  if (what === "sector") { return Promise.resolve(enumRows("sectors")); }
  if (what === "kind") { return Promise.resolve(enumRows("kinds")); }
  if (what === "area") { return Promise.resolve(state.areas.map(function (a) { return [a.id, a.name]; })); }
  if (units) { return Promise.resolve(units); }
  return api("GET", "/api/v1/actors" + query({kind: ["city_unit", "department"], limit: 1000})).then(function (page) {
    units = page.data.map(function (a) { state.names[a.id] = a.name; return [a.id, a.name]; })
      .sort(function (a, b) { return a[1].localeCompare(b[1], "de"); });
    return units;
  });
}
function fillValues() {
  var what = $("i-req-what").value;
  return valueRows(what).then(function (rows) {
    if ($("i-req-what").value === what) { options($("i-req-value"), rows, null); }
  }).catch(fail);
}
function addRequirement() {
  var what = $("i-req-what").value, value = $("i-req-value").value;
  var k = Math.max(1, parseInt($("i-req-count").value, 10) || 1);
  if (!value) { return; }
  var text = what + "=" + value + ":" + k;
  state.ask.require = state.ask.require.filter(function (r) { return r.split(":")[0] !== what + "=" + value; });
  state.ask.require.push(text);
  renderChips();
  writeUrl();
}
function requirementText(r) {
  var m = /^(\w+)=(.+):(\d+)$/.exec(r);
  if (!m) { return r; }
  var name = m[1] === "sector" ? label("sectors", m[2]) : m[1] === "kind" ? label("kinds", m[2])
    : m[1] === "area" ? areaName(m[2]) : actorName(m[2]);
  return t("req_chip", {what: t(m[1] === "unit" ? "unit_short" : m[1]), value: name, k: m[3]});
}
function readNumbers() {
  state.ask.seats = Math.max(1, parseInt($("i-seats").value, 10) || 8);
  state.ask.reach = Math.max(0, parseInt($("i-reach").value, 10) || 0);
  state.ask.responsible = $("i-responsible").checked;
  writeUrl();
}

// -- compose: the area's network and the answer at once ---------------------------------------
export function compose() {
  // a name typed but not yet chosen (no Enter) is chosen now, or said to be unknown
  var typed = PICKERS.filter(function (p) { return $(p.input).value.trim(); });
  $("invite-error").textContent = "";
  return Promise.all(typed.map(function (p) { return pick(p, $(p.input).value); })).then(function () {
    return $("invite-error").textContent ? null : ask();
  });
}
function ask() {
  readNumbers();
  var a = state.ask, mine = ++seq;
  if (!a.topics.length || !a.areas.length) {
    $("invite-error").textContent = t("table_missing");
    return Promise.resolve();
  }
  var body = {topics: a.topics.slice(), areas: a.areas.slice(), seats: a.seats, require: a.require.slice(),
              must: a.must.slice(), exclude: a.exclude.slice(), reach_isolated: a.reach, responsible: a.responsible};
  if (state.filters.as_of) { body.as_of = state.filters.as_of; }
  var t0 = performance.now();
  timings.tableAsked = t0;
  $("table-answer").removeAttribute("data-answered");
  status(t("loading"));
  var moved = state.view !== "graph" || state.filters.area !== a.areas[0] ? hooks.openArea(a.areas[0]) : Promise.resolve();
  // the answer is listed as soon as it comes; it is drawn once the area's network has settled
  return api("POST", "/api/v1/invite" + query({lang: state.lang}), body).then(function (table) {
    if (mine !== seq) { return null; }
    var before = markedIds();
    asked = body;
    state.table = table;
    state.tableShown = true;
    state.seatRows = {};
    table.seats.forEach(function (s) { state.seatRows[s.id] = s; state.names[s.id] = s.name; });
    renderAnswer();
    writeUrl();
    timings.tableListed = performance.now() - t0;
    return moved.then(settled).then(function () {
      if (mine !== seq) { return null; }
      return drawTable(before).then(function () {
        timings.table = performance.now() - t0;
        $("table-answer").dataset.answered = String(Date.now());
      });
    });
  }).catch(function (err) {
    if (mine !== seq) { return; }
    $("invite-error").textContent = problemText(err);
    status("");
  });
}
/** The network drawn and its layout settled (vis-network stabilises after it is created). */
function settled() {
  var until = performance.now() + 30000;
  return new Promise(function (resolve, reject) {
    (function check() {
      if (document.documentElement.getAttribute("data-ready") === "1" && scene.network) { resolve(); return; }
      if (performance.now() > until) { reject(new Error(t("table_no_graph"))); return; }
      setTimeout(check, 25);
    })();
  });
}

/** After a language switch: the table shown, asked anew in the page's language. */
export function refreshTable() {
  fillTableSelects();
  if (state.table) { compose().catch(fail); }
}

/** "tauschen": the alternate invited for sure, the seat not invited; the table anew. */
export function swap(seat, alt) {
  var a = state.ask;
  state.names[alt.id] = alt.name;
  a.must = a.must.filter(function (id) { return id !== seat.id; });
  if (a.must.indexOf(alt.id) < 0) { a.must.push(alt.id); }
  a.exclude = a.exclude.filter(function (id) { return id !== alt.id; });
  if (a.exclude.indexOf(seat.id) < 0) { a.exclude.push(seat.id); }
  renderChips();
  return compose().catch(fail);
}

