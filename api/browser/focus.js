// Focus instead of a hairball. With no actor and no filter the network is the whole city as its
// areas (Kreise or Quartiere, placed as they lie on the map, sized by their actors), each tie
// line labelled with the number of ties between the two areas; a click on an area (or Enter on
// it, in the list of areas or on the chosen node) opens that area's network. An actor picked in
// the search opens its neighbourhood (1 or 2 steps, the "Schritte" control). The bar above the
// network holds these controls; the mode lives in the address (state.js: focus, depth, level).
import {graphMode, query, scene, state, timings, writeUrl} from "./state.js";
import {t} from "./i18n.js";
import {$, clear, el, status} from "./page.js";
import {api} from "./api.js";
import {fetchGraph, showGraph} from "./graph.js";
import {manageLabels, relabel} from "./labels.js";
import {listNodes} from "./nodelist.js";

const CITY = "_citywide";   // the node of the actors in none of the areas (never an area id)
const AREA_COLOUR = "#3b73c4", CITY_COLOUR = "#9aa5b1";

var opened = function () {};
/** What opening an area does (wired by app.js: its network). */
export function onOverviewArea(handler) { opened = handler; }

// -- asking ----------------------------------------------------------------------------------
/** Ask for what the network shows now: the overview, an actor's neighbourhood, or the filters' actors. */
export function fetchView() {
  var mode = graphMode(), f = state.filters;
  if (mode === "filtered") { return fetchGraph(); }
  status(t("loading"));
  var asked = performance.now();
  timings.asked = asked;
  var path = mode === "overview"
    ? "/api/v1/graph/overview" + query({level: state.level, tie_kind: f.tie_kind, as_of: f.as_of})
    : "/api/v1/graph/neighbourhood/" + encodeURIComponent(state.focus) +
      query({depth: state.depth, tie_kind: f.tie_kind, as_of: f.as_of});
  return api("GET", path).then(function (data) {
    timings.fetched = performance.now() - asked;
    return data;
  });
}

/** Draw an answer of :func:`fetchView`. */
export function showView(data) {
  if (data.level) { showOverview(data); } else { showGraph(data); }
  renderBar();
}

export function loadView() { return fetchView().then(showView); }

// -- the city as areas -------------------------------------------------------------------------
function areaSize(actors) { return 10 + Math.sqrt(actors) * 5; }

/** A tooltip as an element holding text (a name is never parsed as HTML). */
function tip(text) { return el("div", text); }

function nameOf(id) {
  if (id === CITY) { return t("citywide", {n: scene.view.unassigned}); }
  var a = scene.view.areas.filter(function (x) { return x.id === id; })[0];
  return a ? a.name : id;
}

export function showOverview(data) {
  document.documentElement.removeAttribute("data-ready");
  scene.view = data;
  state.large = false;
  state.fixed = true;
  state.selected = null;
  if (scene.network) { scene.network.destroy(); scene.network = null; }
  clear($("graph"));
  scene.labelled = {};
  var rows = data.areas.map(function (a) {
    return {id: a.id, x: a.x, y: a.y, size: areaSize(a.actors), shape: "dot", borderWidth: 1,
            color: {background: AREA_COLOUR, border: "#174a93", highlight: {background: "#174a93", border: "#0b2550"}},
            title: tip(t("area_actors", {name: a.name, n: a.actors, within: a.within})),
            data: {id: a.id, name: a.name + " (" + a.actors + ")", area: a}};
  });
  var links = data.links.map(function (l) {
    return {id: l.source + "|" + l.target, from: l.source, to: l.target, ties: l.ties};
  });
  if (data.unassigned) {
    var xs = data.areas.map(function (a) { return a.x; }), ys = data.areas.map(function (a) { return a.y; });
    var name = t("citywide", {n: data.unassigned});
    rows.push({id: CITY, x: Math.min.apply(null, xs.concat([0])) - 200, y: Math.min.apply(null, ys.concat([0])),
               size: areaSize(data.unassigned), shape: "dot", borderWidth: 1,
               color: {background: CITY_COLOUR, border: "#66707a", highlight: {background: "#66707a", border: "#333"}},
               title: tip(t("citywide_title", {n: data.unassigned, within: data.unassigned_within})),
               data: {id: CITY, name: name}});
    data.unassigned_links.forEach(function (l) { links.push({id: CITY + "|" + l.area, from: CITY, to: l.area, ties: l.ties}); });
  }
  var most = Math.max.apply(null, links.map(function (l) { return l.ties; }).concat([1]));
  scene.nodes = new vis.DataSet(rows);
  scene.edges = new vis.DataSet(links.map(function (l) {
    return {id: l.id, from: l.from, to: l.to, width: 1 + 9 * l.ties / most,
            title: tip(t("ties_between", {n: l.ties, a: nameOf(l.from), b: nameOf(l.to)})),
            data: {ties: l.ties, illustrative: false}};
  }));
  scene.network = new vis.Network($("graph"), {nodes: scene.nodes, edges: scene.edges}, {
    autoResize: true, layout: {improvedLayout: false}, physics: false,
    interaction: {hover: true, tooltipDelay: 150, keyboard: false},
    nodes: {font: {size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {smooth: false, color: {color: "#8a949e", highlight: "#222222", hover: "#444444", opacity: 0.6},
            font: {size: 11, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff", color: "#333"}}
  });
  manageLabels(scene.network, function (item) { return item.id === CITY ? 1 : (item.data.area.actors + 2); },
               function (item) { return item.data.name; },
               function (edge) { return String(edge.data.ties); });   // the number of ties, where it fits
  scene.network.on("click", function (p) {
    if (p.nodes.length && p.nodes[0] !== CITY) { opened(p.nodes[0]); }
  });
  listNodes(null);   // the areas' own buttons (the bar) are the keyboard's way here
  scene.network.once("afterDrawing", function () {
    relabel();
    timings.interactive = performance.now();
    document.documentElement.setAttribute("data-ready", "1");
  });
  scene.network.fit({animation: false});
  overviewStatus();
  $("notice").hidden = true;
  writeUrl();
}

/** The status line of the overview (again when the language changes). */
function overviewStatus() {
  var data = scene.view;
  var between = data.links.reduce(function (sum, l) { return sum + l.ties; }, 0);
  status(t("overview_status", {areas: data.areas.length, ties: between}));
}

// -- the bar: level or depth, back to the city, the areas as buttons ---------------------------
var listOpen = false;   // the list of areas (the keyboard's way to them), folded until opened
export function renderBar() {
  var bar = $("focus-bar"), mode = graphMode();
  clear(bar);
  bar.hidden = state.view !== "graph" || mode === "filtered";
  if (bar.hidden) { return; }
  if (mode === "overview") {
    bar.appendChild(choice("fb-level", t("overview_level"), [["kreis", t("level_kreis")], ["quartier", t("level_quartier")]],
                           state.level, function (v) { state.level = v; reload(); }));
    var box = el("details", null, "area-list");
    box.open = listOpen;
    box.addEventListener("toggle", function () { listOpen = box.open; });
    box.appendChild(el("summary", t("overview_areas")));
    var list = el("ul", null, "area-buttons");
    list.setAttribute("aria-label", t("overview_areas"));
    (scene.view && scene.view.areas || []).forEach(function (a) {
      var li = el("li"), b = el("button", a.name + " (" + a.actors + ")", "link small");
      b.type = "button";
      b.dataset.area = a.id;
      b.addEventListener("click", function () { opened(a.id); });
      b.addEventListener("focus", function () { if (scene.network) { scene.network.selectNodes([a.id]); } });
      li.appendChild(b);
      list.appendChild(li);
    });
    box.appendChild(list);
    bar.appendChild(box);
  } else {
    bar.appendChild(el("strong", t("focus_of", {name: scene.view && nameIn(state.focus) || state.focus})));
    bar.appendChild(choice("fb-depth", t("focus_depth"), [["1", t("depth_1")], ["2", t("depth_2")]],
                           String(state.depth), function (v) { state.depth = v === "2" ? 2 : 1; reload(); }));
    var city = el("button", t("to_city"));
    city.type = "button";
    city.id = "fb-city";
    city.addEventListener("click", function () { state.focus = null; state.selected = null; reload(); });
    bar.appendChild(city);
  }
}

function nameIn(id) {
  var item = scene.nodes && scene.nodes.get(id);
  return item && item.data ? item.data.name : null;
}

function choice(id, text, values, current, changed) {
  var span = el("span", null, "choice");
  var lab = el("label", text);
  lab.htmlFor = id;
  var select = el("select");
  select.id = id;
  values.forEach(function (v) {
    var o = el("option", v[1]);
    o.value = v[0];
    o.selected = v[0] === current;
    select.appendChild(o);
  });
  select.addEventListener("change", function () { changed(select.value); });
  span.appendChild(lab);
  span.appendChild(select);
  return span;
}

var reloader = function () { return loadView(); };
/** How the bar's controls redraw (app.js: with the marks and the selection). */
export function onReload(handler) { reloader = handler; }
function reload() { writeUrl(); return reloader(); }
