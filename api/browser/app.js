// Quartiernetz graph browser: ES modules, no build step; vis-network served by us.
// This module starts the page: the language, sign-in and the map (the start view), drawn from
// the few modules it needs. Everything else (workspace.js and the modules it imports: the
// network, panels, round table, editing) is loaded with import() right after the map's first
// drawing, or at once for a network's address; until it is wired, what the coordinator does
// outside the map is held and done then (see hold below), and data-ready="map" waits for it.
// The modules never import this one (no import cycles):
// state.js <- i18n.js <- page.js, api.js <- map.js <- app.js; and, loaded later,
// labels.js <- graph.js, explain.js <- panels.js <- export.js, edit.js, need.js,
// tableview.js <- table.js, focus.js, memory.js, survey.js <- workspace.js; nodelist.js <- graph.js.
import {readUrl, scene, state, timings, writeUrl} from "./state.js";
import {t} from "./i18n.js";
import {$, fail, fillSelects, logout, setView, showLogin, showWho} from "./page.js";
import {early, resume, signIn} from "./api.js";
import {FIGURES, LAYERS, drawMap, fetchMap, fillMapSelects, loadMap, mapUsable, onAreaOpen} from "./map.js";

// -- the rest of the page: loaded after the map, held events done then -------------------------
var workspace = null;   // workspace.js, once loaded and wired
var loading = null;     // its import()
var ready = null;       // resolves to workspace.js when the whole page is usable (release)
var makeReady = null;
ready = new Promise(function (resolve) { makeReady = resolve; });

// The rest's files, all asked for at once when workspace.js is (not one level of imports after
// the other: workspace.js, then what it imports, then what those import).
var LATER = ["labels.js", "nodelist.js", "graph.js", "explain.js", "panels.js", "export.js", "edit.js",
             "need.js", "tableview.js", "table.js", "anliegen.js", "focus.js", "memory.js",
             "similar.js", "survey.js", "workspace.js"];
function prefetch() {
  LATER.forEach(function (name) {
    var link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = "/static/" + name;
    document.head.appendChild(link);
  });
}

function loadWorkspace() {
  if (!loading) {
    timings.workspaceAsked = performance.now();
    prefetch();
    loading = import("./workspace.js").then(function (w) {
      w.init({showMap: showMap});
      workspace = w;
      return w;
    });
  }
  return loading;
}

// Until workspace.js is wired, an action outside the map (and the header and token form, which
// this module wires) would find no listener: it is held here, in order, and done once the page
// is usable. Clicks on buttons, form submissions and Enter in a field are kept (their default,
// a page load or nothing, prevented); a field's last input and change and a panel's opening
// (toggle) are sent again. Summaries, check boxes and fields do their own part at once.
var HELD = ["click", "submit", "keydown", "input", "change", "toggle"];
var held = [];
function hold(ev) {
  var target = ev.target, type = ev.type;
  if (!(target instanceof Element) || !$("app").contains(target) || $("map-view").contains(target)) { return; }
  if (type === "click") {
    target = target.closest("button");
    if (!target || target.type === "submit") { return; }   // a submit button's form is held instead
  } else if (type === "keydown") {
    if (ev.key !== "Enter" || target.tagName !== "INPUT") { return; }
    ev.preventDefault();   // no implicit submission now: done with the held keydown
  } else if (type === "submit") {
    ev.preventDefault();
  } else {
    held = held.filter(function (h) { return h[0] !== type || h[1] !== target; });   // the last one counts
  }
  held.push([type, target]);
}
HELD.forEach(function (type) { document.addEventListener(type, hold, true); });
function busy(on) {
  ["left", "table-panel"].forEach(function (id) {
    if (on) { $(id).setAttribute("aria-busy", "true"); } else { $(id).removeAttribute("aria-busy"); }
  });
}
busy(true);

/** The page is usable: the held actions done, in the order they came. */
function release(w) {
  HELD.forEach(function (type) { document.removeEventListener(type, hold, true); });
  busy(false);
  timings.usable = performance.now();
  var todo = held;
  held = [];
  todo.forEach(function (h) {
    var type = h[0], e = h[1];
    if (type === "click") { e.click(); } else if (type === "submit") { e.requestSubmit(); } else if (type === "keydown") {
      var key = new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true});
      if (e.dispatchEvent(key) && e.form) { e.form.requestSubmit(); }
    } else {
      e.dispatchEvent(new Event(type, {bubbles: type !== "toggle"}));
    }
  });
  makeReady(w);
}

// -- words, sign-in, the start view -----------------------------------------------------------
function applyWords() {
  document.documentElement.lang = state.lang === "en" ? "en" : "de-CH";
  document.querySelectorAll("[data-i18n]").forEach(function (e) { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll("[data-i18n-ph]").forEach(function (e) { e.placeholder = t(e.dataset.i18nPh); });
  $("lang-toggle").textContent = t("lang_switch");
  if (state.me) { showWho(); fillSelects(); }
  fillMapSelects();
  if (state.view === "map") { drawMap(); }
  if (workspace) { workspace.words(); }   // else it uses the language when it arrives
}

/** Sign in and open the address's view. ``signing``: the session the token form asked for;
 * without it, the session this browser already has (a copied link in a new tab): the token
 * form only if there is none (401). */
function start(signing) {
  var tokenGiven = Boolean(signing) || Boolean(window.QN_BOOT && window.QN_BOOT.exchanged);
  readUrl();
  if (FIGURES.indexOf(state.mapFigure) < 0) { state.mapFigure = "actors"; }
  if (LAYERS.indexOf(state.mapLayer) < 0) { state.mapLayer = "quartier"; }
  $("t-brokers").checked = state.brokers;
  $("t-isolates").checked = state.isolates;
  fillSelects();
  fillMapSelects();
  var onMap = state.view === "map";
  if (!onMap) { loadWorkspace().catch(fail); }   // a network's address: all of the page at once
  (signing || resume()).then(function () {
    // who, the reference lists and the map or graph are asked for at once (not one after the other)
    var refs = Promise.all([early("areas", "/api/v1/areas?limit=1000"), early("topics", "/api/v1/topics?limit=1000")]);
    var graph = onMap ? fetchMap() : loadWorkspace().then(function (w) { return w.fetchView(); });
    refs.catch(function () { return null; });   // handled below; no unhandled rejection if the session fails
    graph.catch(function () { return null; });
    return early("me", "/api/v1/me").then(function (me) {
      state.me = me;
      $("login-view").hidden = true;
      $("app").hidden = false;
      $("logout").hidden = false;
      showWho();
      var editor = me.role === "editor" || me.role === "admin";
      document.querySelectorAll(".editor-only").forEach(function (e) { e.hidden = !editor; });
      // the map first (it needs no more than this module's), then the rest of the page
      if (onMap) { return showMap().then(loadWorkspace); }
    }).then(function () {
      return Promise.all([refs, loadWorkspace()]);
    }).then(function (got) {
      var lists = got[0], w = got[1];
      state.areas = lists[0].data.slice().sort(byName);
      state.topics = lists[1].data.slice().sort(byName);
      state.areas.forEach(function (a) { state.areaNames[a.id] = a.name; });
      state.topics.forEach(function (x) { state.topicNames[x.id] = x.name; });
      fillSelects();
      var opened = w.begin(onMap ? null : graph);   // the network's address drawn, the table restored
      if (onMap) { mapUsable(); }                     // data-ready="map": the whole page usable
      release(w);
      return opened;
    });
  }).catch(function (err) {
    if (err && (err.status === 401 || err.status === 403) && !state.me) {
      showLogin(tokenGiven ? t("login_failed") : "");   // no session (yet): the token form
    } else {
      fail(err);
    }
  });
}
function byName(a, b) { return a.name.localeCompare(b.name, "de"); }

function showMap() {
  setView("map");
  writeUrl();
  return loadMap();
}

// -- wiring (the rest: workspace.js's init) ------------------------------------------------------
function init() {
  timings.init = performance.now();   // the modules run (after the deferred scripts)
  var q = new URLSearchParams(location.search);
  state.lang = q.get("lang") === "en" ? "en" : "de";
  applyWords();
  $("lang-toggle").addEventListener("click", function () {
    state.lang = state.lang === "en" ? "de" : "en";
    applyWords();
    if (state.me) { writeUrl(); }
    if (state.me && workspace) { workspace.relang(); }
  });
  $("logout").addEventListener("click", logout);
  $("login-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var value = $("token-input").value.trim();
    if (!value) { return; }
    $("token-input").value = "";   // exchanged for the session cookie, not kept
    start(signIn(value));
  });
  // a Quartier clicked before the page is usable opens once it is
  onAreaOpen(function (id) { ready.then(function (w) { return w.openArea(id); }).catch(fail); });
  $("m-figure").addEventListener("change", function () {
    state.mapFigure = $("m-figure").value;
    writeUrl();
    drawMap();
  });
  $("m-layer").addEventListener("change", function () {
    state.mapLayer = $("m-layer").value;
    writeUrl();
    drawMap();
  });
  start();
}

// for tests and the console: the state, the timings, and what is drawn now (workspace.js adds
// its functions when it arrives)
window.quartiernetz = {state: state, timings: timings,
                       get network() { return scene.network; },
                       get nodes() { return scene.nodes; },
                       get edges() { return scene.edges; }};
init();
