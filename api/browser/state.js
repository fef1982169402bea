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
  view: "map", mapFigure: "actors", mapLayer: "quartier"   // the start view is the map (map.js)
};
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
