// Everything of the page beyond the map: the network (vis-network, a script of its own), the
// details and marks, search and filters, the round table, need, Anliegen, the memory panels and
// editing, the surveys. app.js draws the map (the start view) from the few modules it needs and then loads
// this module with import(); until init() has run, app.js keeps what the coordinator does outside
// the map and does it then. A network's address loads this module at once.
import {FILTERS, FILTER_IDS, graphMode, query, scene, state, timings} from "./state.js";
import {areaName, label, t} from "./i18n.js";
import {$, clear, el, fail, fillSelects, setView} from "./page.js";
import {api} from "./api.js";
import {expand, onNodeClick, renderStatus, tooltip, useLoader} from "./graph.js";
import {exportDataUrl, exportPng, preparePrint, printView} from "./export.js";
import {onDetails, renderLegend, renderMarkLists, restoreMarks, select, showActor, showDetails, toggle} from "./panels.js";
import {openActorForm, openTieForm, saveActor, saveTie} from "./edit.js";
import {forgetMap} from "./map.js";
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

export {fetchView};

/** The words of this part of the page in the page's language (app.js applies its own first). */
export function words() {
  $("node-list").setAttribute("aria-label", t("node_list"));
  if (state.me) { fillNeedSelects(); fillTableSelects(); fillAnliegenSelects(); fillMemorySelects(); }
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
/** The language switched: the answers shown asked for again in the new language. */
export function relang() {
  if (state.view === "graph") { restoreMarks().catch(fail); }   // reasons in the new language
  refreshAnswers();
  refreshTable();
}

/** After sign-in (the reference lists known): the address's network (``graph``: the answer asked
 * for, or null on the map), then the round table the address names. */
export function begin(graph) {
  fillNeedSelects();
  fillAnliegenSelects();
  fillMemorySelects();
  if (!graph) {
    // on the map: vis-network when the page is idle, for the network a click opens
    (window.requestIdleCallback || setTimeout)(function () { loadVis(); });
    restoreTable().catch(fail);
    return Promise.resolve();
  }
  return openGraph(graph).then(restoreTable);
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

/** A Quartier (or area) picked on the map: its network. */
export function openArea(id) {
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
/** Wire every control beyond the map; ``hooks.showMap()`` (app.js) shows the map again. */
export function init(hooks) {
  timings.workspace = performance.now();
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
  onOverviewArea(openArea);
  useLoader(loadView);
  onReload(function () {
    return visReady().then(loadView).then(restoreMarks).then(function () {
      if (state.focus) { return showActor(state.focus, false); }
    }).catch(fail);
  });
  $("show-map").addEventListener("click", function () { forgetMap(); hooks.showMap().catch(fail); });
  // for tests and the console (app.js put the state and the scene there)
  Object.assign(window.quartiernetz, {
    pngDataUrl: exportDataUrl, expand: expand, showActor: showActor,
    labelBoxes: labelBoxes, relabel: relabel,   // labels.js: the drawn label boxes
    tooltipText: function (id) { return tooltip(scene.nodes.get(id).data).textContent; }});
  $("node-list").setAttribute("aria-label", t("node_list"));
  renderLegend();
  renderMarkLists();
  renderAnswer();
}
