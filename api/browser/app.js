// Quartiernetz graph browser: ES modules, no build step; vis-network served by us.
// This module wires the page: the language, sign-in and the first view, search, and every
// control's event. The modules below it never import it (no import cycles):
// state.js <- i18n.js <- page.js, api.js <- labels.js <- graph.js, explain.js <- panels.js <- export.js,
// edit.js, need.js, tableview.js <- table.js, focus.js, memory.js <- app.js; nodelist.js <- graph.js.
import {FILTERS, FILTER_IDS, graphMode, query, readUrl, scene, state, timings, writeUrl} from "./state.js";
import {areaName, label, t} from "./i18n.js";
import {$, clear, el, fail, fillSelects, logout, showLogin, showWho, status} from "./page.js";
import {api, early, resume, signIn} from "./api.js";
import {expand, onNodeClick, renderStatus, tooltip, useLoader} from "./graph.js";
import {exportDataUrl, exportPng, preparePrint, printView} from "./export.js";
import {onDetails, renderLegend, renderMarkLists, restoreMarks, select, showActor, showDetails, toggle} from "./panels.js";
import {openActorForm, openTieForm, saveActor, saveTie} from "./edit.js";
import {FIGURES, LAYERS, drawMap, fetchMap, fillMapSelects, forgetMap, loadMap, onAreaOpen} from "./map.js";
import {fillNeedSelects, initNeed, refreshAnswers} from "./need.js";
import {fillAnliegenSelects, initAnliegen} from "./anliegen.js";
import {fillMemorySelects, initMemory, showForum} from "./memory.js";
import {initSimilar, showSimilar} from "./similar.js";
import {fillTableSelects, initTable, refreshTable, restoreTable} from "./table.js";
import {renderAnswer} from "./tableview.js";
import {fetchView, loadView, onOverviewArea, onReload, renderBar, showOverview, showView} from "./focus.js";
import {labelBoxes, relabel} from "./labels.js";
import {initNodeList} from "./nodelist.js";
import {initSurvey, refreshSurvey} from "./survey.js";

function applyWords() {
  document.documentElement.lang = state.lang === "en" ? "en" : "de-CH";
  document.querySelectorAll("[data-i18n]").forEach(function (e) { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll("[data-i18n-ph]").forEach(function (e) { e.placeholder = t(e.dataset.i18nPh); });
  $("lang-toggle").textContent = t("lang_switch");
  $("node-list").setAttribute("aria-label", t("node_list"));
  if (state.me) { showWho(); fillSelects(); fillNeedSelects(); fillTableSelects(); fillAnliegenSelects(); fillMemorySelects(); }
  fillMapSelects();
  if (state.view === "map") { drawMap(); }
  renderLegend();
  renderMarkLists();
  renderAnswer();
  refreshSurvey();
  if (state.selected) { showDetails(state.selected); }
  if (scene.view && state.view === "graph") {
    if (scene.view.level) { showOverview(scene.view); } else { renderStatus(); }   // the city-wide node's words too
    renderBar();
  }
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
  (signing || resume()).then(function () {
    // who, the reference lists and the map or graph are asked for at once (not one after the other)
    var refs = Promise.all([early("areas", "/api/v1/areas?limit=1000"), early("topics", "/api/v1/topics?limit=1000")]);
    var graph = state.view === "map" ? fetchMap() : fetchView();
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
      return refs;
    }).then(function (lists) {
      state.areas = lists[0].data.slice().sort(byName);
      state.topics = lists[1].data.slice().sort(byName);
      state.areas.forEach(function (a) { state.areaNames[a.id] = a.name; });
      state.topics.forEach(function (x) { state.topicNames[x.id] = x.name; });
      fillSelects();
      fillNeedSelects();
      fillAnliegenSelects();
      fillMemorySelects();
      return state.view === "map" ? showMap() : openGraph(graph);
    }).then(restoreTable);
  }).catch(function (err) {
    if (err && (err.status === 401 || err.status === 403) && !state.me) {
      showLogin(tokenGiven ? t("login_failed") : "");   // no session (yet): the token form
    } else {
      fail(err);
    }
  });
}

function openGraph(graph) {
  setView("graph");
  if (graphMode() === "overview" && state.me.read_scoped && state.me.areas.length) {
    // an account that reads only its areas: its first area, not an overview of one or two
    state.filters.area = state.me.areas[0];
    fillSelects();
    graph = fetchView();
  }
  return graph.catch(function (err) {
    // an account that reads only its areas cannot see the whole city: open its first area
    if (err.status === 403 && state.me.read_scoped && !state.filters.area && state.me.areas.length) {
      state.filters.area = state.me.areas[0];
      fillSelects();
      return fetchView();
    }
    throw err;
  }).then(function (data) {
    return visReady().then(function () { showView(data); });
  }).then(function () {
    return restoreMarks();
  }).then(function () {
    if (state.selected) { return showActor(state.selected, false); }
  });
}

// -- the map (the start view) and the network -------------------------------------------------
function setView(view) {
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
function showMap() {
  setView("map");
  writeUrl();
  return loadMap().then(function () {
    // the map is drawn: now vis-network, when the page is idle, for the network a click opens
    (window.requestIdleCallback || setTimeout)(function () { loadVis(); });
  });
}
/** A Quartier (or area) picked on the map: its network. */
function openArea(id) {
  timings.areaClicked = performance.now();
  state.filters.area = id;
  state.selected = null;
  state.focus = null;
  fillSelects();
  setView("graph");
  return visReady().then(loadView).then(restoreMarks).catch(fail);
}
/** The vis-network script element, added on first need (boot.js adds it for a network's address). */
function loadVis() {
  var script = $("vis-network");
  if (!script) {
    script = document.createElement("script");
    script.id = "vis-network";
    script.src = "/static/vis-network.min.js";
    script.async = true;
    document.head.appendChild(script);
  }
  return script;
}
/** vis-network is loaded apart (not by index.html): the network waits for it, the map does not. */
function visReady() {
  if (window.vis) { return Promise.resolve(); }
  return new Promise(function (resolve, reject) {
    var script = loadVis();
    script.addEventListener("load", function () { resolve(); });
    script.addEventListener("error", function () { reject(new Error("vis-network did not load")); });
  });
}

function byName(a, b) { return a.name.localeCompare(b.name, "de"); }

/** An actor picked in a list: selected where it is drawn in an area's (or the filters')
 * network; otherwise (the map, the city's overview, another actor's surroundings, or not
 * drawn) its neighbourhood, never a zoom into a tangle. */
function openActor(id) {
  var drawn = state.view === "graph" && graphMode() === "filtered" && scene.nodes && scene.nodes.get(id);
  if (drawn) { return showActor(id).catch(fail); }
  return openFocus(id);
}
/** An actor's neighbourhood (depth state.depth), the actor selected. */
function openFocus(id) {
  timings.focusClicked = performance.now();
  state.focus = id;
  state.selected = id;
  setView("graph");
  return visReady().then(loadView).then(restoreMarks).then(function () { return showActor(id, false); }).catch(fail);
}

// -- search -----------------------------------------------------------------------------------
var searchTimer = null, searchSeq = 0;
function search() {
  var q = $("search").value.trim();
  var list = $("results");
  var seq = ++searchSeq;
  if (!q) { clear(list); return Promise.resolve(); }
  return api("GET", "/api/v1/actors" + query({q: q, limit: 20})).then(function (page) {
    if (seq !== searchSeq) { return; }
    clear(list);
    if (!page.data.length) { list.appendChild(el("li", t("no_results"))); }
    page.data.forEach(function (a) {
      var li = el("li");
      var b = el("button", a.name, "link");
      b.type = "button";
      b.dataset.actor = a.id;
      b.addEventListener("click", function () { openActor(a.id); });
      li.appendChild(b);
      li.appendChild(el("div", label("kinds", a.kind) + " · " + a.areas.map(areaName).join(", "), "sub"));
      list.appendChild(li);
    });
    if (page.count > page.data.length) {
      list.appendChild(el("li", t("results_more", {count: page.count, shown: page.data.length}), "sub"));
    }
    list.dataset.query = q;
  }).catch(fail);
}

// -- wiring -----------------------------------------------------------------------------------
function init() {
  timings.init = performance.now();   // the modules run (after the deferred scripts)
  var q = new URLSearchParams(location.search);
  state.lang = q.get("lang") === "en" ? "en" : "de";
  applyWords();
  $("lang-toggle").addEventListener("click", function () {
    state.lang = state.lang === "en" ? "de" : "en";
    applyWords();
    if (state.me) { writeUrl(); }
    if (state.me && state.view === "graph") { restoreMarks().catch(fail); }   // reasons in the new language
    if (state.me) { refreshAnswers(); refreshTable(); }
  });
  $("logout").addEventListener("click", logout);
  $("login-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var value = $("token-input").value.trim();
    if (!value) { return; }
    $("token-input").value = "";   // exchanged for the session cookie, not kept
    start(signIn(value));
  });
  $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search(); });
  $("search").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 250);
  });
  FILTERS.forEach(function (f) {
    $(FILTER_IDS[f]).addEventListener("change", function () {
      state.filters[f] = $(FILTER_IDS[f]).value;
      if (state.view === "map") { setView("graph"); }
      if (f !== "as_of" && f !== "tie_kind") { state.focus = null; }   // the actors asked for: no longer one's surroundings
      visReady().then(loadView).then(restoreMarks).catch(fail);
    });
  });
  $("t-brokers").addEventListener("change", function () { toggle("brokers", $("t-brokers").checked); });
  $("t-isolates").addEventListener("change", function () { toggle("isolates", $("t-isolates").checked); });
  $("expand").addEventListener("click", function () { if (state.selected) { expand(state.selected, false); } });
  $("more").addEventListener("click", function () { if (state.selected) { expand(state.selected, true); } });
  $("export-png").addEventListener("click", exportPng);
  $("print-view").addEventListener("click", printView);
  window.addEventListener("beforeprint", preparePrint);   // the browser's own "Drucken" too
  $("fit").addEventListener("click", function () { if (scene.network) { scene.network.fit({animation: false}); } });
  $("add-actor").addEventListener("click", function () { openActorForm(null); });
  $("edit-actor").addEventListener("click", function () {
    api("GET", "/api/v1/actors/" + encodeURIComponent(state.selected)).then(openActorForm).catch(fail);
  });
  $("add-tie").addEventListener("click", function () { openTieForm(null); });
  $("d-ties").addEventListener("click", function (ev) {   // a tie's "edit": loaded anew, its current version
    var edit = ev.target.closest(".edit-tie");
    if (edit) { api("GET", "/api/v1/ties/" + encodeURIComponent(edit.dataset.tie)).then(openTieForm).catch(fail); }
  });
  $("actor-form").addEventListener("submit", saveActor);
  $("tie-form").addEventListener("submit", saveTie);
  document.querySelectorAll("dialog .cancel").forEach(function (b) {
    b.addEventListener("click", function () { b.closest("dialog").close(); });
  });
  onNodeClick(select);
  initNodeList();
  initNeed(openActor);
  initAnliegen();
  initMemory({openActor: openActor});
  initSurvey();
  onDetails(showForum);
  initSimilar(openActor);
  onDetails(showSimilar);
  initTable({openArea: openArea, openActor: openActor});
  onAreaOpen(openArea);
  onOverviewArea(openArea);
  useLoader(loadView);
  onReload(function () {
    return visReady().then(loadView).then(restoreMarks).then(function () {
      if (state.focus) { return showActor(state.focus, false); }
    }).catch(fail);
  });
  $("show-map").addEventListener("click", function () { forgetMap(); showMap().catch(fail); });
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

// for tests and the console: the state, the timings, and what is drawn now
window.quartiernetz = {state: state, timings: timings, pngDataUrl: exportDataUrl, expand: expand,
                       labelBoxes: labelBoxes, relabel: relabel,   // labels.js: the drawn label boxes
                       tooltipText: function (id) { return tooltip(scene.nodes.get(id).data).textContent; },
                       showActor: showActor,
                       get network() { return scene.network; },
                       get nodes() { return scene.nodes; },
                       get edges() { return scene.edges; }};
init();
