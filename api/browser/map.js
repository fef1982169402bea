// The start view: the city's map (Statistik Stadt Zürich's Quartiere, Kreise and lake, served
// as SVG paths by /api/v1/map), each Quartier (or area of another scheme, drawn as the union of
// its Quartiere) filled by the figure the coordinator picks ("Kennzahl"), with a legend, the
// numbers on hover and focus, and a click (or Enter/Space) opening that area's network.
// Names and numbers only ever go into textContent and attributes (never innerHTML).
import {state, timings} from "./state.js";
import {t} from "./i18n.js";
import {$, clear, el, options} from "./page.js";
import {early} from "./api.js";

const SVG = "http://www.w3.org/2000/svg";
export const FIGURES = ["actors", "isolated", "brokers", "gaps"];
/** The layers: Quartiere, Kreise, then the schemes of regions (as the sample names them). */
export const LAYERS = ["quartier", "kreis", "sozialregionen", "schulkreise", "quartierkoordination", "kirchenkreise"];
// sequential blues after sszvis's sober palette (light to dark); no figure: grey
const PALETTE = ["#e4eefb", "#b8d0f0", "#7fa6df", "#3b73c4", "#174a93"];
const NONE = "#e6e6e6";

var opened = function () {};
/** What a click on an area does (wired by app.js: it opens the area's network). */
export function onAreaOpen(handler) { opened = handler; }

var data = null;        // the answer of /api/v1/map
var asking = null;

/** Ask for the map (once; the boot script may have asked already). */
export function fetchMap() {
  if (!asking) {
    var t0 = performance.now();
    asking = early("map", "/api/v1/map").then(function (answer) {
      timings.mapFetched = performance.now() - t0;
      data = answer;
      return answer;
    });
    asking.catch(function () { asking = null; });
  }
  return asking;
}
/** Ask again after a change to the network (the figures are per network version). */
export function forgetMap() { asking = null; }
export function loadMap() { return fetchMap().then(drawMap); }

function node(tag, attrs) {
  var e = document.createElementNS(SVG, tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  return e;
}

/** The areas of the chosen layer: [{id, name, quartiere}], those with a drawn Quartier. */
function layerAreas() {
  var layer = state.mapLayer;
  if (layer === "quartier") {
    return data.quartiere.filter(function (q) { return q.area; }).map(function (q) {
      return {id: q.area, name: q.name, quartiere: [q.area]};
    });
  }
  return data.areas.filter(function (a) {
    return layer === "kreis" ? a.level === "kreis" : a.level === "region" && a.scheme === layer;
  });
}

/** Classes for the values: 0 apart, then up to four equal steps up to the largest value. */
export function classes(values) {
  var max = Math.max.apply(null, values.concat([0]));
  var out = [{lo: 0, hi: 0}];
  if (max <= 4) {
    for (var v = 1; v <= max; v++) { out.push({lo: v, hi: v}); }
    return out;
  }
  var step = Math.ceil(max / 4), lo = 1;
  while (lo <= max) { out.push({lo: lo, hi: Math.min(max, lo + step - 1)}); lo += step; }
  return out;
}
function classOf(value, cls) {
  for (var i = 0; i < cls.length; i++) { if (value >= cls[i].lo && value <= cls[i].hi) { return i; } }
  return cls.length - 1;
}
function colour(i, n) { return PALETTE[n <= 1 ? 0 : Math.round(i * (PALETTE.length - 1) / (n - 1))]; }

export function drawMap() {
  if (!data) { return; }
  hideTip();
  var box = $("map");
  clear(box);
  var svg = node("svg", {viewBox: data.viewBox, role: "group", "aria-label": t("map_name"),
                         "class": "city-map", preserveAspectRatio: "xMidYMid meet"});
  var figure = state.mapFigure;
  var areas = layerAreas();
  var value = {};
  areas.forEach(function (a) {
    var f = data.figures[a.id];
    if (f) { value[a.id] = f[figure]; }
  });
  var cls = classes(Object.keys(value).map(function (k) { return value[k]; }));
  var paths = {};
  data.quartiere.forEach(function (q) { if (q.area) { paths[q.area] = q.path; } });
  var drawn = {};
  areas.forEach(function (a) {
    var known = value[a.id] !== undefined;
    var fill = known ? colour(classOf(value[a.id], cls), cls.length) : NONE;
    var g = node("g", {role: "button", tabindex: "0", "aria-label": a.name, "class": "map-area",
                       "data-area": a.id});
    if (!known) { g.setAttribute("aria-disabled", "true"); }   // not an area the account may read
    a.quartiere.forEach(function (qid) {
      if (!paths[qid]) { return; }
      drawn[qid] = true;
      g.appendChild(node("path", {d: paths[qid], fill: fill, stroke: fill}));
    });
    var tip = a.name + " · " + t("figure_" + figure) + ": " + (known ? value[a.id] : t("map_no_figure"));
    g.dataset.tip = tip;
    g.addEventListener("click", function () { if (known) { opened(a.id); } });
    g.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); if (known) { opened(a.id); } }
    });
    g.addEventListener("mousemove", function (ev) { showTip(tip, ev.clientX, ev.clientY); });
    g.addEventListener("mouseleave", hideTip);
    g.addEventListener("focus", function () {
      var r = g.getBoundingClientRect();
      showTip(tip, r.left + r.width / 2, r.top + r.height / 2);
    });
    g.addEventListener("blur", hideTip);
    svg.appendChild(g);
  });
  // Quartiere of no area in this layer: drawn, not focusable
  data.quartiere.forEach(function (q) {
    if (!drawn[q.area]) { svg.appendChild(node("path", {d: q.path, fill: "#f6f6f6", "class": "map-rest", "aria-hidden": "true"})); }
  });
  var lines = node("g", {"class": "map-lines", "aria-hidden": "true"});
  data.quartiere.forEach(function (q) { lines.appendChild(node("path", {d: q.path, "class": "map-quartier-line"})); });
  data.kreise.forEach(function (k) { lines.appendChild(node("path", {d: k.path, "class": "map-kreis-line"})); });
  lines.appendChild(node("path", {d: data.lake, "class": "map-lake"}));
  svg.appendChild(lines);
  box.appendChild(svg);
  renderMapLegend(cls);
  timings.mapDrawn = performance.now();
  if (usable) { ready(); }
}

var usable = false;   // the rest of the page has arrived and is wired (app.js says so)
/** The whole page is usable now (app.js, once the modules beyond the map are loaded): the map
 * drawn is ready for the coordinator (``data-ready="map"``; each later drawing is at once). */
export function mapUsable() {
  usable = true;
  if (state.view === "map" && data && $("map").firstChild) { ready(); }
}
function ready() {
  timings.mapInteractive = performance.now();
  document.documentElement.setAttribute("data-ready", "map");
}

function renderMapLegend(cls) {
  var list = $("map-legend");
  clear(list);
  list.setAttribute("aria-label", t("map_legend", {figure: t("figure_" + state.mapFigure)}));
  list.appendChild(el("li", t("figure_" + state.mapFigure), "map-legend-title"));
  cls.forEach(function (c, i) {
    var li = el("li");
    var sw = el("span", null, "map-swatch");
    sw.style.background = colour(i, cls.length);
    li.appendChild(sw);
    li.appendChild(el("span", c.lo === c.hi ? String(c.lo) : c.lo + "–" + c.hi));
    list.appendChild(li);
  });
  var li = el("li");
  var sw = el("span", null, "map-swatch");
  sw.style.background = NONE;
  li.appendChild(sw);
  li.appendChild(el("span", t("map_no_figure")));
  list.appendChild(li);
  $("map-help").textContent = t("figure_help_" + state.mapFigure);
}

function showTip(text, x, y) {
  var tip = $("map-tip"), r = $("map-view").getBoundingClientRect();
  tip.textContent = text;
  tip.style.left = (x - r.left + 14) + "px";
  tip.style.top = (y - r.top + 14) + "px";
  tip.hidden = false;
}
function hideTip() { $("map-tip").hidden = true; }

/** The "Kennzahl" and "Einteilung" selects, in the page's language. */
export function fillMapSelects() {
  options($("m-figure"), FIGURES.map(function (f) { return [f, t("figure_" + f)]; }), null);
  options($("m-layer"), LAYERS.map(function (l) { return [l, t("layer_" + l)]; }), null);
  $("m-figure").value = state.mapFigure;
  $("m-layer").value = state.mapLayer;
}
