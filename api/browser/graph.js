// The graph: drawing with vis-network (styles, marks, tooltips), loading a view, adding
// neighbours, the status line's counts (the PNG export is export.js).
import {MODEL, PAGE, graphMode, query, scene, state, timings, writeUrl} from "./state.js";
import {areaName, label, t, topicName} from "./i18n.js";
import {$, clear, el, fail, status} from "./page.js";
import {api, early} from "./api.js";
import {manageLabels, relabel} from "./labels.js";
import {listNodes} from "./nodelist.js";

var clicked = function () {};
/** What a click on a node does (the selection, wired by app.js: the details live above us). */
export function onNodeClick(handler) { clicked = handler; }

// -- drawing ----------------------------------------------------------------------------------
export function tooltip(n) {
  var box = el("div");
  box.appendChild(el("strong", n.name));
  var lines = [t("kind") + ": " + label("kinds", n.kind)];
  if (n.areas.length) { lines.push(t("areas") + ": " + n.areas.map(areaName).join(", ")); }
  if (n.topics.length) { lines.push(t("topics") + ": " + n.topics.map(topicName).join(", ")); }
  markReasons(n.id).forEach(function (m) { lines.push(m.title + (m.reasons.length ? ": " + m.reasons.join("; ") : "")); });
  lines.forEach(function (line) { box.appendChild(el("div", line)); });
  return box;
}

// How a node looks comes from the one node style table (MODEL.style, api/views/style.py).
var STYLE = MODEL.style;

/** A kind's colour. */
export function kindColour(kind) { return STYLE.colours[kind] || STYLE.otherColour; }

/** The table's entry of a mark ("seated", "broker", "isolated"). */
export function markStyle(name) {
  for (var i = 0; i < STYLE.marks.length; i++) { if (STYLE.marks[i].mark === name) { return STYLE.marks[i]; } }
  return STYLE.plain;
}

// The colour of a kind lives in its vis group (set once); a node carries its own colour and
// shape only when it is marked, or when it is restyled (so that a mark can be taken off).
export function style(n, full) {
  var colour = kindColour(n.kind);
  var on = {seated: !!state.seatRows[n.id], broker: !!brokerRank(n.id), isolated: !!isolateRow(n.id)};
  var mark = null;  // the strongest mark it carries (the table lists them strongest first)
  for (var i = 0; i < STYLE.marks.length && !mark; i++) { if (on[STYLE.marks[i].mark]) { mark = STYLE.marks[i]; } }
  var marked = !!mark;
  var size = 8 + Math.min(22, Math.sqrt(n.degree || 0) * 3);
  var item = {id: n.id, group: STYLE.colours[n.kind] ? n.kind : "other", size: marked ? size + 4 : size};
  if (marked || full) {
    var drawn = mark || STYLE.plain;
    item.shape = drawn.shape;
    item.color = {background: colour, border: drawn.border,
                  highlight: {background: colour, border: STYLE.highlightBorder},
                  hover: {background: colour, border: STYLE.highlightBorder}};
    item.borderWidth = marked ? STYLE.markedBorderWidth : STYLE.plain.borderWidth;
  }
  if (n.outside || full) { item.opacity = n.outside && !marked ? STYLE.outsideOpacity : 1; }
  item.label = scene.labelled[n.id] ? n.name : undefined;   // labels.js chooses them
  return item;
}

export function groups() {
  var out = {};
  Object.keys(STYLE.colours).concat(["other"]).forEach(function (k) {
    var c = kindColour(k);
    out[k] = {shape: STYLE.plain.shape, borderWidth: STYLE.plain.borderWidth,
              color: {background: c, border: STYLE.plain.border,
                      highlight: {background: c, border: STYLE.highlightBorder},
                      hover: {background: c, border: STYLE.highlightBorder}}};
  });
  return out;
}

export function nodeRow(n) {
  var row = style(n);
  row.data = n;
  if (n.x !== null && n.x !== undefined) { row.x = n.x; row.y = n.y; }
  return row;
}

// what a tie's details say besides its kind and partner: its strength, then who recorded it,
// when and how ("Stärke 3 · erfasst von koordination am 28.11.2026 · Sitzung")
export function tieFacts(e) {
  var parts = [t("strength_n", {n: String(e.weight).replace(".", state.lang === "en" ? "." : ",")})];
  if (e.asserted_by || e.asserted_on) {
    var on = e.asserted_on ? e.asserted_on.split("-").reverse().join(".") : "";
    parts.push(e.asserted_by && on ? t("asserted_line", {who: e.asserted_by, date: on})
      : e.asserted_by ? t("asserted_by_line", {who: e.asserted_by}) : on);
  }
  if (e.method) { parts.push(label("methods", e.method)); }
  return parts.join(" · ");
}

export function edgeRow(e) {
  return {id: e.id, from: e.source, to: e.target, width: 0.5 + e.weight * 0.5,
          title: t("strength_n", {n: e.weight}),
          arrows: e.directed && !state.large ? {to: {enabled: true, scaleFactor: 0.5}} : undefined,
          data: e};
}

// the actors that carry a mark now (a restyle touches these and the ones that carried one)
export function markedIds() {
  var ids = Object.keys(state.seatRows);
  if (state.brokers) { state.brokerRows.forEach(function (r) { ids.push(r.id); }); }
  if (state.isolates) { state.isolateRows.forEach(function (r) { ids.push(r.id); }); }
  return ids;
}

export function restyle(ids) {
  var rows = [];
  (ids || scene.nodes.getIds()).forEach(function (id) {
    var item = scene.nodes.get(id);
    if (item) { var s = style(item.data, true); s.label = s.label === undefined ? null : s.label; rows.push(s); }
  });
  scene.nodes.update(rows);
}

export function fetchGraph() {
  status(t("loading"));
  var f = state.filters;
  var path = "/api/v1/graph" + query({area: f.area, kind: f.kind, sector: f.sector, topic: f.topic,
                                      tie_kind: f.tie_kind, as_of: f.as_of});
  var asked = performance.now();
  timings.asked = asked;
  return early("graph", path).then(function (data) {
    timings.fetched = performance.now() - asked;
    return data;
  });
}

export function showGraph(data) {
  scene.view = data;
  state.layout = data.layout;
  state.large = data.nodes.length > MODEL.physicsLimit;
  state.fixed = state.large || data.layout === "server";   // final positions: no physics
  state.expandOffset = {};
  state.omitted = {};
  draw(data);
  renderStatus();
  writeUrl();
}

var viewLoader = null;
/** What loadGraph loads (app.js: focus.js's loadView, so a reload after an edit keeps the
 * overview or an actor's surroundings); without it, the filters' network. */
export function useLoader(fn) { viewLoader = fn; }
export function loadGraph() { return viewLoader ? viewLoader() : fetchGraph().then(showGraph); }

export function draw(data) {
  var ready = false;
  function done() {
    if (ready) { return; }
    ready = true;
    timings.interactive = performance.now();
    document.documentElement.setAttribute("data-ready", "1");
  }
  document.documentElement.removeAttribute("data-ready");
  if (scene.network) { scene.network.destroy(); scene.network = null; }
  clear($("graph"));
  scene.labelled = {};
  scene.nodes = new vis.DataSet(data.nodes.map(nodeRow));
  scene.edges = new vis.DataSet(data.edges.map(edgeRow));
  var large = state.large, fixed = state.fixed;
  var options = {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 1},
    physics: fixed ? false : {
      enabled: true, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -4000, springLength: 110, springConstant: 0.03, damping: 0.35,
                  avoidOverlap: 0.1},
      stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}
    },
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                  keyboard: false},
    groups: groups(),
    nodes: {font: {size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {smooth: large ? false : {type: "continuous", roundness: 0.2},
            color: {color: "#8a949e", highlight: "#222222", hover: "#444444", opacity: large ? 0.35 : 0.7}}
  };
  timings.built = performance.now();
  scene.network = new vis.Network($("graph"), {nodes: scene.nodes, edges: scene.edges}, options);
  timings.created = performance.now();
  scene.network.on("click", function (p) {
    if (p.nodes.length) { clicked(p.nodes[0]); }
  });
  manageLabels(scene.network, importance, function (item) { return item.data.name; });
  listNodes(function (id) { clicked(id); });   // the keyboard's way to the nodes: Enter as a click
  // the tooltip: built when the pointer is on a node, from text only (never HTML)
  var tip = el("div", null, "qn-tooltip");
  tip.hidden = true;
  tip.setAttribute("role", "tooltip");
  $("graph").appendChild(tip);
  scene.network.on("hoverNode", function (p) {
    var item = scene.nodes.get(p.node);
    if (!item) { return; }
    clear(tip);
    tip.appendChild(tooltip(item.data));
    tip.style.left = (p.pointer.DOM.x + 14) + "px";
    tip.style.top = (p.pointer.DOM.y + 14) + "px";
    tip.hidden = false;
  });
  scene.network.on("blurNode", function () { tip.hidden = true; });
  scene.network.on("dragStart", function () { tip.hidden = true; });
  if (fixed) {
    scene.network.once("afterDrawing", function () { relabel(); done(); });
    scene.network.fit({animation: false});
  } else {
    scene.network.once("stabilizationIterationsDone", function () {
      scene.network.setOptions({physics: {enabled: false}});
      relabel();
      done();
    });
    if (!data.nodes.length) { done(); }
  }
}

/** Which actors get their name first: the selected one, the one in focus, marked ones, then by
 * ties (labels.js). */
export function importance(item) {
  var n = item.data;
  if (n.id === state.selected) { return 1e9; }
  if (n.id === state.focus) { return 1e8; }
  var marked = state.seatRows[n.id] || brokerRank(n.id) || isolateRow(n.id);
  return (marked ? 1e6 : 0) + (n.hops !== undefined ? (3 - n.hops) * 1e4 : 0) + (n.degree || 0);
}

export function renderStatus() {
  var shown = scene.nodes ? scene.nodes.length : 0, tied = scene.edges ? scene.edges.length : 0;
  var text = scene.view.omitted ? t("shown_omitted", {nodes: shown, count: scene.view.count, edges: tied})
    : t("shown", {nodes: shown, edges: tied});
  if (graphMode() === "focus" && scene.view.center) {
    text = t("focus_status", {nodes: shown, edges: tied, depth: scene.view.depth});
  }
  if (state.large) { text += " · " + t("layout_server"); }
  status(text);
  var illustrative = scene.edges ? scene.edges.get({filter: function (e) { return e.data.illustrative; }}).length : 0;
  $("notice").textContent = t("illustrative", {n: illustrative});
  $("notice").hidden = illustrative === 0;
}

// add actors and the ties whose both ends are then shown
export function addPiece(piece) {
  var fresh = piece.nodes.filter(function (n) { return !scene.nodes.get(n.id); });
  if (fresh.length) {
    var anchor = piece.center && scene.network ? scene.network.getPosition(piece.center) : null;
    scene.nodes.add(fresh.map(function (n, i) {
      var row = nodeRow(n);
      if (anchor) {            // around the actor they belong to, then fixed in place
        var a = 2 * Math.PI * i / fresh.length, r = 120 + 6 * fresh.length;
        row.x = anchor.x + r * Math.cos(a);
        row.y = anchor.y + r * Math.sin(a);
      }
      return row;
    }));
  }
  var newEdges = piece.edges.filter(function (e) {
    return !scene.edges.get(e.id) && scene.nodes.get(e.source) && scene.nodes.get(e.target);
  });
  scene.edges.add(newEdges.map(edgeRow));
  return fresh.length;
}

export function markReasons(id) {
  var out = [];
  var seat = state.seatRows[id];
  if (seat) { out.push({cls: "seat", title: t("seat_reason", {role: seat.role || ""}), reasons: seat.reasons || []}); }
  var rank = brokerRank(id);
  if (rank) { out.push({cls: "broker", title: t("broker_reason", {rank: rank}), reasons: state.brokerRows[rank - 1].reasons || []}); }
  var iso = isolateRow(id);
  if (iso) { out.push({cls: "isolated", title: t("isolated_reason"), reasons: iso.reasons || []}); }
  return out;
}
export function brokerRank(id) {
  if (!state.brokers) { return 0; }
  for (var i = 0; i < state.brokerRows.length; i++) { if (state.brokerRows[i].id === id) { return i + 1; } }
  return 0;
}
export function isolateRow(id) {
  if (!state.isolates) { return null; }
  for (var i = 0; i < state.isolateRows.length; i++) { if (state.isolateRows[i].id === id) { return state.isolateRows[i]; } }
  return null;
}

// -- neighbours -------------------------------------------------------------------------------
export function expand(id, more) {
  var offset = more ? (state.expandOffset[id] || 0) : 0;
  var t0 = performance.now();
  var f = state.filters;
  return api("GET", "/api/v1/graph/neighbours/" + encodeURIComponent(id) +
             query({offset: offset, limit: PAGE, tie_kind: f.tie_kind, as_of: f.as_of})).then(function (piece) {
    timings.expandFetch = performance.now() - t0;
    var added = addPiece(piece);
    timings.expandAdded = performance.now() - t0;
    state.expandOffset[id] = offset + PAGE;
    state.omitted = state.omitted || {};
    state.omitted[id] = piece.omitted;
    if (!added && piece.omitted > 0) { return expand(id, true); }   // a page all shown: the next one
    scene.network.once("afterDrawing", function () {
      timings.expand = performance.now() - t0;
      document.documentElement.setAttribute("data-expanded", String(Date.now()));
    });
    scene.network.redraw();
    relabel();
    updateMore(id);
    renderStatus();
    var said = added ? t("neighbours_added", {n: added})
      : piece.total ? t("all_neighbours_shown", {n: piece.total})
      : t("no_neighbours", {date: (f.as_of || new Date().toISOString().slice(0, 10)).split("-").reverse().join(".")});
    $("expand-note").textContent = said;   // a live region (role status) next to the button
    status($("status").textContent + " · " + said);
  }).catch(fail);
}

export function updateMore(id) {
  var left = state.omitted && state.omitted[id];
  $("more").hidden = !left;
  if (left) { $("more").textContent = t("more", {n: left}); }
}
