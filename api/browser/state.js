// The browser's one state object, the drawn scene, and the view's state in the address.
// Every other module imports what it needs from here; this module imports nothing.

export const MODEL = window.QN_MODEL;   // labels (graph/model) and the node style table (api/views/style.py), model.js
export const PAGE = 25;                 // neighbours per expansion
export const FILTERS = ["area", "kind", "sector", "topic", "tie_kind", "as_of"];
/** The filter form's field for each filter. */
export const FILTER_IDS = {area: "f-area", kind: "f-kind", sector: "f-sector", topic: "f-topic",
                           tie_kind: "f-tie-kind", as_of: "f-as-of"};

export const state = {
  lang: "de", me: null, csrf: null, filters: {}, selected: null, brokers: false, isolates: false,
  brokerRows: [], isolateRows: [], seats: [], seatRows: {}, expandOffset: {}, table: null,
  areas: [], topics: [], areaNames: {}, topicNames: {}, names: {}, layout: "physics", large: false,
  view: "map", mapFigure: "actors", mapLayer: "quartier",   // the start view is the map (map.js)
  // the round table (table.js): its question, open or closed (null: never opened), answer shown
  ask: newAsk(), tableOpen: null, tableShown: false
};
function newAsk() {
  return {topics: [], areas: [], seats: 8, must: [], exclude: [], require: [], reach: 0, responsible: true};
}
/** What is drawn: vis-network's data sets and network, and the graph answer they came from. */
export const scene = {nodes: null, edges: null, network: null, view: null};
/** Milliseconds of the steps of loading and expanding (read by the speed tests). */
export const timings = {};

export function query(params) {
  var q = new URLSearchParams();
  Object.keys(params).forEach(function (k) {
    var v = params[k];
    if (v === null || v === undefined || v === "") { return; }
    (Array.isArray(v) ? v : [v]).forEach(function (x) { q.append(k, x); });
  });
  var s = q.toString();
  return s ? "?" + s : "";
}

// -- the view's state in the URL --------------------------------------------------------------
export function readUrl() {
  var q = new URLSearchParams(location.search);
  FILTERS.forEach(function (f) { state.filters[f] = q.get(f) || ""; });
  state.selected = q.get("actor") || null;
  state.brokers = q.get("brokers") === "1";
  state.isolates = q.get("isolates") === "1";
  // the map unless the address names a network (an area, a filter, an actor) or view=graph
  var named = state.selected || FILTERS.some(function (f) { return state.filters[f]; });
  state.view = q.get("view") === "graph" || (named && q.get("view") !== "map") ? "graph" : "map";
  state.mapFigure = q.get("figure") || "actors";
  state.mapLayer = q.get("layer") || "quartier";
  readTable(q);
}

// the round table: table=open|closed, its question (t_topic, t_area, t_seats, t_must, t_exclude,
// t_req, t_reach, t_resp=0) and t_go=1 when its answer is shown (composed again on opening)
function readTable(q) {
  var a = newAsk();
  a.topics = q.getAll("t_topic");
  a.areas = q.getAll("t_area");
  a.must = q.getAll("t_must");
  a.exclude = q.getAll("t_exclude");
  a.require = q.getAll("t_req");
  a.seats = Math.min(100, Math.max(1, parseInt(q.get("t_seats"), 10) || 8));
  a.reach = Math.min(100, Math.max(0, parseInt(q.get("t_reach"), 10) || 0));
  a.responsible = q.get("t_resp") !== "0";
  state.ask = a;
  state.tableOpen = q.get("table") === "open" ? true : q.get("table") === "closed" ? false : null;
  state.tableShown = q.get("t_go") === "1";
}
function tableParams(params) {
  var a = state.ask;
  if (state.tableOpen === null && !state.tableShown) { return; }
  params.table = state.tableOpen ? "open" : "closed";
  params.t_topic = a.topics;
  params.t_area = a.areas;
  params.t_seats = a.seats === 8 ? "" : String(a.seats);
  params.t_must = a.must;
  params.t_exclude = a.exclude;
  params.t_req = a.require;
  params.t_reach = a.reach ? String(a.reach) : "";
  params.t_resp = a.responsible ? "" : "0";
  params.t_go = state.tableShown ? "1" : "";
}

export function writeUrl() {
  var params = {};
  FILTERS.forEach(function (f) { params[f] = state.filters[f]; });
  params.actor = state.selected;
  params.brokers = state.brokers ? "1" : "";
  params.isolates = state.isolates ? "1" : "";
  params.lang = state.lang === "en" ? "en" : "";
  var named = state.selected || FILTERS.some(function (f) { return state.filters[f]; });
  params.view = state.view === "graph" ? (named ? "" : "graph") : (named ? "map" : "");
  if (state.view === "map") {
    params.figure = state.mapFigure === "actors" ? "" : state.mapFigure;
    params.layer = state.mapLayer === "quartier" ? "" : state.mapLayer;
  }
  tableParams(params);
  history.replaceState(null, "", "/" + query(params));
  reportLink();
}
/** The "Quartierbericht" link under the filters: the chosen area's report (PDF), on its day. */
function reportLink() {
  var link = document.getElementById("report-link");
  if (!link) { return; }
  var area = state.filters.area;
  link.hidden = !area;
  if (area) {
    link.href = "/api/v1/reports/" + encodeURIComponent(area) + query(
      {format: "pdf", as_of: state.filters.as_of, lang: state.lang === "en" ? "en" : ""});
  }
}
