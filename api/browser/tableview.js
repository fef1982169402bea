// The round table's answer (table.js asks for it): the lists under "Am Tisch" (with the
// alternates and their swap), "Vorgaben", "Erreicht", "Nicht erreicht"; on the graph the seats,
// apart, and whom they reach; the print view's head and the invitation list's download.
import {query, scene, state} from "./state.js";
import {areaName, label, problemText, t, topicName} from "./i18n.js";
import {$, clear, el} from "./page.js";
import {answer, api} from "./api.js";
import {addPiece, markedIds, renderStatus, restyle} from "./graph.js";
import {renderLegend} from "./panels.js";

var on = {open: null, swap: null};   // from table.js: open an actor, swap a seat for an alternate
export function initAnswer(handlers) { on = handlers; }

// -- the answer -------------------------------------------------------------------------------
function actorButton(id, name) {
  var b = el("button", name, "link");
  b.type = "button";
  b.dataset.actor = id;
  b.addEventListener("click", function () { on.open(id); });
  return b;
}
export function renderAnswer() {
  var table = state.table;
  $("table-answer").hidden = !table;
  if (!table) { return; }
  $("table-method").textContent = table.method || "";
  var seats = $("seats");
  clear(seats);
  table.seats.forEach(function (s) {
    var li = el("li");
    li.dataset.actor = s.id;
    li.appendChild(actorButton(s.id, s.name));
    li.appendChild(el("div", [s.role, s.sector ? label("sectors", s.sector) : ""].filter(Boolean).join(" · "), "sub role"));
    var ul = el("ul", null, "reasons");
    (s.reasons || []).forEach(function (r) { ul.appendChild(el("li", r)); });
    li.appendChild(ul);
    var alt = el("div", null, "alternates");
    alt.appendChild(el("span", t("alternates") + " ", "alt-title"));
    if (!s.alternates.length) { alt.appendChild(el("span", t("none"), "sub")); }
    s.alternates.forEach(function (x) {
      var span = el("span", null, "alternate");
      span.dataset.actor = x.id;
      span.appendChild(el("span", x.name));
      var b = el("button", t("swap"), "small swap");
      b.type = "button";
      b.setAttribute("aria-label", t("swap_label", {alt: x.name, seat: s.name}));
      b.addEventListener("click", function () { on.swap(s, x); });
      span.appendChild(b);
      alt.appendChild(span);
    });
    li.appendChild(alt);
    seats.appendChild(li);
  });
  var reqs = $("t-reqs");
  clear(reqs);
  if (!table.requirements.length) { reqs.appendChild(el("li", t("none"), "sub")); }
  table.requirements.forEach(function (r) {
    var li = el("li", null, r.met ? "met" : "unmet");
    li.dataset.met = String(r.met);
    li.appendChild(el("strong", (r.met ? "✓ " : "✗ ") + r.text));
    li.appendChild(el("span", " – " + t(r.met ? "met" : "not_met") + " (" + t("met_count", {count: r.count, k: r.k}) + ")"));
    if (r.why) { li.appendChild(el("div", r.why, "sub")); }
    reqs.appendChild(li);
  });
  var reached = $("t-reached");
  clear(reached);
  table.reached.forEach(function (r) {
    var li = el("li");
    li.dataset.actor = r.id;
    li.appendChild(actorButton(r.id, r.name));
    var how = r.via.indexOf(r.id) >= 0 ? t("seated_self")
      : t("via", {names: r.via.map(function (id) { return state.names[id] || id; }).join(", ")});
    li.appendChild(el("div", how, "sub"));
    reached.appendChild(li);
  });
  if (!table.reached.length) { reached.appendChild(el("li", t("none"), "sub")); }
  var unreached = $("t-unreached");
  clear(unreached);
  table.unreached.forEach(function (r) {
    var li = el("li");
    li.dataset.actor = r.id;
    li.appendChild(actorButton(r.id, r.name));
    li.appendChild(el("div", (r.why || []).join("; "), "sub"));
    unreached.appendChild(li);
  });
  if (!table.unreached.length) { unreached.appendChild(el("li", t("none"), "sub")); }
  printHead();
}

// -- on the graph: the seats (apart) and whom they reach, in view -------------------------------
export function drawTable(before) {
  var table = state.table;
  var seats = table.seats.map(function (s) { return s.id; });
  var reached = table.reached.map(function (r) { return r.id; }).filter(function (id) { return seats.indexOf(id) < 0; });
  var all = seats.concat(reached);
  var missing = all.filter(function (id) { return !scene.nodes.get(id); });
  var more = missing.length ? api("GET", "/api/v1/graph/actors" + query({id: missing, as_of: state.filters.as_of}))
    .then(function (piece) { placeNew(piece.nodes, table); addPiece(piece); }) : Promise.resolve();
  return more.then(function () {
    restyle(before.concat(markedIds()));
    return drawn();
  }).then(function () {
    apart(seats);
    var shown = all.filter(function (id) { return scene.nodes.get(id); });
    var edges = scene.edges.getIds({filter: function (e) {
      var s = seats.indexOf(e.from) >= 0, r = seats.indexOf(e.to) >= 0;
      return (s && (r || reached.indexOf(e.to) >= 0)) || (r && reached.indexOf(e.from) >= 0);
    }});
    scene.network.setSelection({nodes: shown, edges: edges}, {unselectAll: true, highlightEdges: false});
    scene.network.fit({nodes: shown, animation: false});
    renderLegend();
    renderStatus();
  });
}
/** Actors not in the view yet: seats on a ring around the view, the reached beside their seat. */
function placeNew(nodes, table) {
  var pos = scene.network.getPositions();
  var ids = Object.keys(pos), cx = 0, cy = 0, r = 0;
  ids.forEach(function (id) { cx += pos[id].x / ids.length; cy += pos[id].y / ids.length; });
  ids.forEach(function (id) { r = Math.max(r, Math.hypot(pos[id].x - cx, pos[id].y - cy)); });
  var via = {};
  table.reached.forEach(function (x) { via[x.id] = x.via[0]; });
  var seatsNew = nodes.filter(function (n) { return state.seatRows[n.id]; });
  seatsNew.forEach(function (n, i) {
    var a = 2 * Math.PI * i / seatsNew.length - Math.PI / 2;
    n.x = cx + (r + 90) * Math.cos(a);
    n.y = cy + (r + 90) * Math.sin(a);
    pos[n.id] = {x: n.x, y: n.y};
  });
  nodes.filter(function (n) { return !state.seatRows[n.id]; }).forEach(function (n, i) {
    var at = pos[via[n.id]] || {x: cx, y: cy}, a = 0.7 * i;
    n.x = at.x + 70 * Math.cos(a);
    n.y = at.y + 70 * Math.sin(a);
  });
}
/** Seat marks never overlap: where two seats' drawn boxes (mark and label) meet, they are
 * pushed apart along the axis that needs the shorter move (a gap of 6 between them). */
function apart(ids) {
  var nodes = ids.filter(function (id) { return scene.nodes.get(id); });
  var pos = scene.network.getPositions(nodes), ext = {}, moved = {}, gap = 6;
  nodes.forEach(function (id) {   // the box around the node's position, as drawn
    var b = scene.network.getBoundingBox(id), p = pos[id];
    ext[id] = {l: p.x - b.left, r: b.right - p.x, t: p.y - b.top, b: b.bottom - p.y};
  });
  for (var round = 0; round < 200; round++) {
    var clash = false;
    for (var i = 0; i < nodes.length; i++) {
      for (var j = i + 1; j < nodes.length; j++) {
        var p = pos[nodes[i]], q = pos[nodes[j]], e = ext[nodes[i]], f = ext[nodes[j]];
        var ox = Math.min(p.x + e.r, q.x + f.r) - Math.max(p.x - e.l, q.x - f.l) + gap;
        var oy = Math.min(p.y + e.b, q.y + f.b) - Math.max(p.y - e.t, q.y - f.t) + gap;
        if (ox <= 0 || oy <= 0) { continue; }
        clash = true;
        var sx = q.x > p.x || (q.x === p.x && j > i) ? 1 : -1, sy = q.y > p.y || (q.y === p.y && j > i) ? 1 : -1;
        if (oy <= ox) { p.y -= sy * (oy / 2 + 1); q.y += sy * (oy / 2 + 1); } else { p.x -= sx * (ox / 2 + 1); q.x += sx * (ox / 2 + 1); }
        moved[nodes[i]] = moved[nodes[j]] = true;
      }
    }
    if (!clash) { break; }
  }
  Object.keys(moved).forEach(function (id) { scene.network.moveNode(id, pos[id].x, pos[id].y); });
}
/** One drawing of the network (labels measured, boxes known), then ``then``. */
function drawn() {
  return new Promise(function (resolve) {
    scene.network.once("afterDrawing", function () { resolve(); });
    scene.network.redraw();
  });
}

// -- print and the invitation list -------------------------------------------------------------
function printHead() {
  var dl = $("table-print-head");
  clear(dl);
  var today = new Date().toLocaleDateString(state.lang === "en" ? "en-GB" : "de-CH");
  [["print_date", today], ["area", state.table.areas.map(areaName).join(", ")],
   ["topic", state.table.topics.map(topicName).join(", ")], ["seats", String(state.table.seats.length)]]
    .forEach(function (row) { dl.appendChild(el("dt", t(row[0]))); dl.appendChild(el("dd", row[1])); });
}
export function printTable() {
  document.body.classList.add("print-table");
  window.print();
}
export function download(fmt, asked) {
  var headers = {"Content-Type": "application/json", "Accept": "*/*"};
  if (state.csrf) { headers["X-CSRF-Token"] = state.csrf; }
  return fetch("/api/v1/invite/list" + query({format: fmt, lang: state.lang}), {
    method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(asked)
  }).then(function (r) {
    if (!r.ok) { return answer(Promise.resolve(r)); }
    var name = (/filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "") || [])[1] || "einladungsliste." + fmt;
    return r.blob().then(function (blob) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    });
  }).catch(function (err) { $("invite-error").textContent = problemText(err); });
}
