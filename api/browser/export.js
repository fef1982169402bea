// The view as a picture ("Als Bild (PNG)") and on paper ("Drucken / PDF"): never the bare
// canvas. Both carry the title (the view: area, filters, marks), the date (the "Gültig am" day or
// today, de-CH), the legend (the kinds and the marks shown, as the side panel lists them) and the
// notice "Beziehungen illustrativ" when a tie drawn is illustrative. Text only via fillText and
// textContent.
import {MODEL, scene, state} from "./state.js";
import {areaName, day, label, num, t, topicName} from "./i18n.js";
import {$, clear, el, status} from "./page.js";
import {fillLegend, legendItems} from "./panels.js";

/** What the view is, in words: {title, filters: [line], date, notice (or "")}. */
export function viewFacts() {
  var f = state.filters;
  var title = f.area ? t("export_title_area", {area: areaName(f.area)}) : t("export_title_city");
  var parts = [];
  if (f.kind) { parts.push(t("kind") + ": " + label("kinds", f.kind)); }
  if (f.sector) { parts.push(t("sector") + ": " + label("sectors", f.sector)); }
  if (f.topic) { parts.push(t("topic") + ": " + topicName(f.topic)); }
  if (f.tie_kind) { parts.push(t("tie_kind") + ": " + label("tieKinds", f.tie_kind)); }
  var marks = [];
  if (state.brokers) { marks.push(t("brokers")); }
  if (state.isolates) { marks.push(t("isolates")); }
  if (marks.length) { parts.push(t("export_marked", {marks: marks.join(", ")})); }
  var shown = scene.nodes ? scene.nodes.length : 0, tied = scene.edges ? scene.edges.length : 0;
  var filters = [parts.length ? parts.join(" · ") : t("export_no_filter"), t("shown", {nodes: num(shown, 0), edges: num(tied, 0)})];
  var date = f.as_of ? t("export_as_of", {date: day(f.as_of)}) : t("export_today", {date: day(new Date())});
  var illustrative = scene.edges ? scene.edges.get({filter: function (e) { return e.data.illustrative; }}).length : 0;
  return {title: title, filters: filters, date: date,
          notice: illustrative ? t("illustrative", {n: illustrative}) : ""};
}

// -- the picture ------------------------------------------------------------------------------
var FONT = "system-ui, 'Segoe UI', Roboto, sans-serif";

/** ``text`` broken into lines no wider than ``width`` (by words). */
function wrap(ctx, text, width) {
  var lines = [], line = "";
  text.split(" ").forEach(function (w) {
    var next = line ? line + " " + w : w;
    if (line && ctx.measureText(next).width > width) { lines.push(line); line = w; } else { line = next; }
  });
  if (line) { lines.push(line); }
  return lines;
}

// a legend icon's outline per shape of the node style table (as app.css's .mark rules draw them)
var OUTLINES = {
  triangle: function (ctx, x, y, s, item) {
    ctx.fillStyle = item.border;   // filled, as app.css draws it
    ctx.moveTo(x + s / 2, y); ctx.lineTo(x + s, y + s); ctx.lineTo(x, y + s);
  },
  diamond: function (ctx, x, y, s) {
    ctx.moveTo(x + s / 2, y); ctx.lineTo(x + s, y + s / 2); ctx.lineTo(x + s / 2, y + s); ctx.lineTo(x, y + s / 2);
  },
  star: function (ctx, x, y, s) {
    for (var i = 0; i < 10; i++) {
      var a = -Math.PI / 2 + i * Math.PI / 5, rr = i % 2 ? s / 4 : s / 2;
      ctx.lineTo(x + s / 2 + rr * Math.cos(a), y + s / 2 + rr * Math.sin(a));
    }
  },
  square: function (ctx, x, y, s) { ctx.rect(x, y, s, s); }
};

function icon(ctx, item, x, y, s) {   // one legend icon in an s x s box at (x, y)
  ctx.save();
  ctx.lineWidth = Math.max(1, s / 7);
  if (item.kind || item.faded) {
    ctx.globalAlpha = item.faded ? MODEL.style.outsideOpacity : 1;
    ctx.fillStyle = item.kind ? item.colour : "#dddddd";
    ctx.strokeStyle = item.kind ? "rgba(0,0,0,0.2)" : item.border;
    ctx.beginPath();
    ctx.arc(x + s / 2, y + s / 2, s / 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  } else {
    ctx.fillStyle = "#dddddd";
    ctx.strokeStyle = item.border;
    ctx.beginPath();
    (OUTLINES[item.shape] || OUTLINES.square)(ctx, x, y, s, item);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/** The picture of the view: title, filters, date and notice above the graph, the legend below;
 * as a canvas (``width`` the graph canvas's pixels). */
export function exportCanvas() {
  var graph = $("graph").querySelector("canvas");
  var W = graph.width, r = W / (graph.clientWidth || W);
  var pad = 16 * r, gap = 6 * r, inner = W - 2 * pad;
  var facts = viewFacts();
  var ctx = document.createElement("canvas").getContext("2d");
  var head = [];   // [text, font, colour]
  function add(text, size, weight, colour) {
    ctx.font = weight + " " + size * r + "px " + FONT;
    wrap(ctx, text, inner).forEach(function (l) { head.push([l, ctx.font, colour, size * r * 1.35]); });
  }
  add(facts.title, 20, "bold", "#222222");
  facts.filters.forEach(function (line) { add(line, 13, "normal", "#333333"); });
  add(facts.date, 13, "normal", "#333333");
  var notice = [];
  if (facts.notice) {
    ctx.font = "normal " + 13 * r + "px " + FONT;
    notice = wrap(ctx, facts.notice, inner - 2 * gap);
  }
  // the legend, in rows
  var s = 14 * r, items = legendItems(), rows = [[]], x = 0;
  ctx.font = "normal " + 13 * r + "px " + FONT;
  items.forEach(function (item) {
    var w = s + gap + ctx.measureText(item.text).width + 3 * gap;
    if (x + w > inner && rows[rows.length - 1].length) { rows.push([]); x = 0; }
    rows[rows.length - 1].push([item, x]);
    x += w;
  });
  var line = 20 * r;
  var headH = head.reduce(function (h, l) { return h + l[3]; }, 0);
  var noticeH = notice.length ? notice.length * line + 2 * gap : 0;
  var legendTop = pad + headH + gap + noticeH + gap + graph.height + gap;
  var out = document.createElement("canvas");
  out.width = W;
  out.height = Math.ceil(legendTop + 16 * r * 1.35 + rows.length * line + pad);
  var c = out.getContext("2d");
  c.fillStyle = "#ffffff";
  c.fillRect(0, 0, out.width, out.height);
  c.textBaseline = "top";
  var y = pad;
  head.forEach(function (l) { c.font = l[1]; c.fillStyle = l[2]; c.fillText(l[0], pad, y); y += l[3]; });
  y += gap;
  if (notice.length) {
    c.fillStyle = "#fff4d6";
    c.fillRect(pad, y, inner, noticeH);
    c.fillStyle = "#222222";
    c.font = "normal " + 13 * r + "px " + FONT;
    notice.forEach(function (l, i) { c.fillText(l, pad + gap, y + gap + i * line); });
    y += noticeH;
  }
  y += gap;
  c.drawImage(graph, 0, y);
  c.strokeStyle = "#dddddd";
  c.strokeRect(0.5, y + 0.5, W - 1, graph.height - 1);
  y = legendTop;
  c.fillStyle = "#222222";
  c.font = "bold " + 13 * r + "px " + FONT;
  c.fillText(t("legend"), pad, y);
  y += 16 * r * 1.35;
  c.font = "normal " + 13 * r + "px " + FONT;
  rows.forEach(function (row) {
    row.forEach(function (cell) {
      icon(c, cell[0], pad + cell[1], y + 2 * r, s);
      c.fillStyle = "#222222";
      c.fillText(cell[0].text, pad + cell[1] + s + gap, y + 2 * r);
    });
    y += line;
  });
  return out;
}

export function exportDataUrl() { return exportCanvas().toDataURL("image/png"); }

/** "Als Bild (PNG)": the picture as a download named after the view's area. */
export function exportPng() {
  var a = document.createElement("a");
  a.href = exportDataUrl();
  a.download = "quartiernetz" + (state.filters.area ? "-" + state.filters.area : "") + ".png";
  document.body.appendChild(a);
  a.click();
  a.remove();
  status(t("exported"));
}

// -- on paper ---------------------------------------------------------------------------------
/** Fill the print sheet (#print-sheet, shown only in print: see app.css) with the view now. */
export function preparePrint() {
  var sheet = $("print-sheet");
  if (document.body.classList.contains("print-table")) {   // the round table prints itself (table.js)
    document.body.classList.remove("has-print-sheet");
    return;
  }
  var graph = $("graph").querySelector("canvas");
  // already in print layout (the graph hidden, its canvas 0 x 0): the sheet filled before stays
  if (graph && (!graph.width || !graph.height)) { return; }
  clear(sheet);
  // without a network (the map) the page prints as it is
  var filled = Boolean(scene.network && state.view === "graph" && graph);
  document.body.classList.toggle("has-print-sheet", filled);
  if (!filled) { return; }
  var facts = viewFacts();
  sheet.appendChild(el("h1", facts.title));
  facts.filters.forEach(function (line) { sheet.appendChild(el("p", line, "print-filters")); });
  sheet.appendChild(el("p", facts.date, "print-date"));
  if (facts.notice) { sheet.appendChild(el("p", facts.notice, "notice")); }
  var img = el("img", null, "print-graph");
  img.alt = facts.title;
  var out = document.createElement("canvas");
  out.width = graph.width;
  out.height = graph.height;
  var c = out.getContext("2d");
  c.fillStyle = "#ffffff";
  c.fillRect(0, 0, out.width, out.height);
  c.drawImage(graph, 0, 0);
  img.src = out.toDataURL("image/png");
  sheet.appendChild(img);
  sheet.appendChild(el("h2", t("legend")));
  var legend = el("ul", null, "print-legend");
  fillLegend(legend);
  sheet.appendChild(legend);
}

/** "Drucken / PDF": the sheet, then the browser's print dialog (where "Als PDF speichern" is). */
export function printView() {
  preparePrint();
  window.print();
}
