// Labels that never overlap (each other, nor any node's disc): at the current zoom, names only for the most important actors
// (or areas) in view, chosen greedily, most important first, each kept only if its box meets no
// box kept before; the others show their name on hover (the tooltip). Labels keep one size on
// the screen (the font is set to FONT / zoom), so zooming in makes room for more of them; the
// choice is made again after every zoom and pan. After drawing, the boxes vis-network really
// drew are checked once more and a label meeting a more important one is taken off.
// (The zoom, a drag, "Ganze Ansicht" or a focus on an actor: noticed after the next drawing.)
import {scene} from "./state.js";

const FONT = 13;            // pixels on the screen
const LINE = 1.3;           // a label's height in font sizes (vis-network's line height)
const GAP = 3;              // vis-network draws a label this far below its node
const NARROW = 2.5;         // pixels: no letter at FONT is narrower (an apostrophe is about this)
const FACE = "system-ui, sans-serif";
const CHOSEN = 1e9;         // the selected actor: named always (placed first, nothing to meet)

var widths = {};            // name -> width in pixels at FONT
var measure = null;
function textWidth(text) {
  if (widths[text] === undefined) {
    if (!measure) { measure = document.createElement("canvas").getContext("2d"); }
    measure.font = FONT + "px " + FACE;
    widths[text] = measure.measureText(text).width + 6;   // the white stroke around the letters
  }
  return widths[text];
}

function overlaps(a, b) {
  return a.left < b.left + b.width && b.left < a.left + a.width &&
         a.top < b.top + b.height && b.top < a.top + a.height;
}

/** Boxes on a grid of cells (canvas units), for collision tests in about constant time. */
function Grid(cell) { this.cell = cell; this.cells = {}; }
Grid.prototype.keys = function (b) {
  var out = [], c = this.cell;
  for (var x = Math.floor(b.left / c); x <= Math.floor((b.left + b.width) / c); x++) {
    for (var y = Math.floor(b.top / c); y <= Math.floor((b.top + b.height) / c); y++) { out.push(x + ":" + y); }
  }
  return out;
};
Grid.prototype.hits = function (b) {   // another's box (a box with an owner never hits its own)
  var cells = this.cells;
  return this.keys(b).some(function (k) {
    return (cells[k] || []).some(function (o) { return (!b.id || o.id !== b.id) && overlaps(o, b); });
  });
};
Grid.prototype.add = function (b) {
  var cells = this.cells;
  this.keys(b).forEach(function (k) { (cells[k] = cells[k] || []).push(b); });
};

/** The discs of the nodes within ``area`` (canvas units), as boxes owned by their node (a
 * node's own label may touch its own disc): the radius is the node's size plus its border. */
function discs(positions, area) {
  var out = [];
  scene.nodes.forEach(function (n) {
    var p = positions[n.id];
    if (!p || p.x < area.left || p.x > area.right || p.y < area.top || p.y > area.bottom) { return; }
    var r = (n.size || 10) + 2;
    out.push({id: n.id, left: p.x - r, top: p.y - r, width: 2 * r, height: 2 * r});
  });
  return out;
}

var cfg = {rank: null, text: null, edgeText: null, timer: null, view: {s: 0, x: 0, y: 0}};

/** Manage the labels of the network just drawn. ``rank(item)``: a number, higher first;
 * ``text(item)``: the label; ``edgeText(edge)`` (optional): a line's label, placed after every
 * node's, where it meets none. Call once per network (after it is created). */
export function manageLabels(network, rank, text, edgeText) {
  cfg.rank = rank;
  cfg.text = text;
  cfg.edgeText = edgeText || null;
  scene.labelled = {};
  // at once on small networks; on large ones once the zoom or drag rests
  var later = function () {
    clearTimeout(cfg.timer);
    cfg.timer = setTimeout(relabel, scene.nodes && scene.nodes.length > 500 ? 120 : 0);
  };
  network.on("resize", later);
  // any change of zoom or view (the wheel, a drag, fit, focus, moveTo): chosen again once it rests
  network.on("afterDrawing", function () {
    var s = network.getScale(), p = network.getViewPosition();
    if (s !== cfg.view.s || p.x !== cfg.view.x || p.y !== cfg.view.y) { later(); }
  });
}

/** Choose the labels for the current zoom and view (and draw them). */
export function relabel() {
  var net = scene.network;
  if (!net || !scene.nodes || !cfg.rank) { return; }
  var scale = net.getScale(), at = net.getViewPosition();
  cfg.view = {s: scale, x: at.x, y: at.y};
  var font = FONT / scale;
  var box = net.body.container.getBoundingClientRect();
  var lo = net.DOMtoCanvas({x: 0, y: 0}), hi = net.DOMtoCanvas({x: box.width, y: box.height});
  var positions = net.getPositions();
  var items = scene.nodes.get().filter(function (n) {
    var p = positions[n.id];
    return p && p.x >= lo.x && p.x <= hi.x && p.y >= lo.y && p.y <= hi.y;
  });
  items.sort(function (a, b) { return cfg.rank(b) - cfg.rank(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
  var grid = new Grid(Math.max(40, 160 / scale)), dots = new Grid(Math.max(40, 160 / scale));
  var chosen = {};
  // a name is kept where the mark with its name (the box vis-network draws for the node) meets
  // no such box kept before, and the name itself meets no other node's disc (marked or not;
  // those just outside the view too, a name may reach over them)
  var margin = 200 / scale;
  discs(positions, {left: lo.x - margin, top: lo.y - margin, right: hi.x + margin, bottom: hi.y + margin})
    .forEach(function (d) { dots.add(d); });
  items.forEach(function (n) {
    var name = cfg.text(n);
    if (!name) { return; }
    var p = positions[n.id], size = n.size || 10;
    // first with a width no name of this length goes below (a box the real one contains): in a
    // dense view most names fail here, without measuring their text
    var least = (name.length * NARROW + 6) / scale;
    if (cfg.rank(n) < CHOSEN && dots.hits({id: n.id, left: p.x - least / 2, top: p.y + size + GAP,
                                           width: least, height: font * LINE})) { return; }
    var w = textWidth(name) / scale;
    var left = Math.min(p.x - w / 2, p.x - size - 2), right = Math.max(p.x + w / 2, p.x + size + 2);
    var b = {id: n.id, left: left, top: p.y - size - 2, width: right - left,
             height: 2 * size + 2 + GAP + font * LINE};
    var words = {id: n.id, left: p.x - w / 2, top: p.y + size + GAP, width: w, height: font * LINE};
    if (cfg.rank(n) >= CHOSEN || (!grid.hits(b) && !dots.hits(words))) {   // the selected always
      grid.add(b);
      chosen[n.id] = name;
    }
  });
  var lines = {};
  if (cfg.edgeText) {
    scene.edges.get().sort(function (a, b) { return b.data.ties - a.data.ties; }).forEach(function (e) {
      var p = positions[e.from], q = positions[e.to], text = cfg.edgeText(e);
      if (!p || !q || !text) { return; }
      var w = textWidth(text) / scale, h = font * LINE;
      var b = {left: (p.x + q.x) / 2 - w / 2, top: (p.y + q.y) / 2 - h / 2, width: w, height: h};
      if (!grid.hits(b) && !dots.hits(b)) { grid.add(b); lines[e.id] = text; }
    });
  }
  apply(chosen, font, lines);
  net.once("afterDrawing", check);
}

// Only the labelled items get the font of this zoom (and the ones losing their label lose it):
// a few dozen updates, never one per node of a 2,000-actor view.
function apply(chosen, font, lines) {
  if (cfg.edgeText) {
    var edges = [];
    scene.edges.forEach(function (e) {
      if (lines[e.id]) { edges.push({id: e.id, label: lines[e.id], font: {size: font}}); }
      else if (e.label) { edges.push({id: e.id, label: null}); }
    });
    if (edges.length) { scene.edges.update(edges); }
  }
  var changed = [];
  Object.keys(scene.labelled).forEach(function (id) {
    if (!chosen[id] && scene.nodes.get(id)) { changed.push({id: id, label: null}); }
  });
  Object.keys(chosen).forEach(function (id) { changed.push({id: id, label: chosen[id], font: {size: font}}); });
  scene.labelled = chosen;
  if (changed.length) { scene.nodes.update(changed); }
}

// the boxes as drawn: any label meeting a more important one or another node's disc comes off
// (then drawn again)
function check() {
  var net = scene.network;
  var drawn = labelBoxes().map(function (b) {
    var full = b, bb = b.id.indexOf("edge:") === 0 ? null : net.getBoundingBox(b.id);   // the mark with its name
    if (bb) { full = {id: b.id, left: bb.left, top: bb.top, width: bb.right - bb.left, height: bb.bottom - bb.top}; }
    return {id: b.id, words: b, full: full};
  });
  var order = {};
  drawn.forEach(function (b) { order[b.id] = -1; });   // the lines' labels last
  scene.nodes.get(drawn.map(function (b) { return b.id; })).forEach(function (n) { if (n) { order[n.id] = cfg.rank(n); } });
  drawn.sort(function (a, b) { return order[b.id] - order[a.id] || (a.id < b.id ? -1 : 1); });
  var grid = new Grid(200), dots = new Grid(200), off = [], lineOff = [];
  var all = {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity};
  discs(net.getPositions(), all).forEach(function (d) { dots.add(d); });
  drawn.forEach(function (b) {
    var words = {id: b.id.indexOf("edge:") === 0 ? null : b.id, left: b.words.left, top: b.words.top,
                 width: b.words.width, height: b.words.height};
    if (order[b.id] >= CHOSEN || (!grid.hits(b.full) && !dots.hits(words))) {   // the selected stays named
      grid.add(b.full);
    } else if (b.id.indexOf("edge:") === 0) {
      lineOff.push(b.id.slice(5));
    } else {
      off.push(b.id);
    }
  });
  if (lineOff.length) { scene.edges.update(lineOff.map(function (id) { return {id: id, label: null}; })); }
  if (!off.length) { return; }
  off.forEach(function (id) { delete scene.labelled[id]; });
  scene.nodes.update(off.map(function (id) { return {id: id, label: null}; }));
}

/** The label boxes vis-network drew (canvas units): [{id, left, top, width, height}], the
 * lines' labels (ids "edge:...") included. */
export function labelBoxes() {
  var net = scene.network, out = [];
  if (!net) { return out; }
  if (cfg.edgeText) {
    scene.edges.forEach(function (e) {
      var edge = net.body.edges[e.id];
      if (!e.label || !edge || !edge.labelModule) { return; }
      var s = edge.labelModule.size;
      if (s && s.width > 0) { out.push({id: "edge:" + e.id, left: s.left, top: s.top, width: s.width, height: s.height}); }
    });
  }
  Object.keys(scene.labelled).forEach(function (id) {
    var node = net.body.nodes[id];
    if (!node || !node.labelModule || !node.options.label) { return; }
    var s = node.labelModule.size;
    if (s && s.width > 0) { out.push({id: id, left: s.left, top: s.top, width: s.width, height: s.height}); }
  });
  return out;
}
