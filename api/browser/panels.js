// The panels: the selection and its details, the marks (brokers, isolated actors) and their
// lists, the legend (the round table is table.js). Clicks on an actor anywhere here go to showActor.
import {MODEL, query, scene, state, writeUrl} from "./state.js";
import {areaName, label, num, t, topicName} from "./i18n.js";
import {$, clear, el, fail} from "./page.js";
import {brokerMeasures, rankingLine} from "./explain.js";
import {api} from "./api.js";
import {addPiece, tieFacts, kindColour, markReasons, markStyle, markedIds, restyle, updateMore} from "./graph.js";
import {relabel} from "./labels.js";

// -- selection and details --------------------------------------------------------------------
export function select(id) {
  var old = state.selected;
  state.selected = id;
  if (old !== id) { $("expand-note").textContent = ""; }
  writeUrl();
  if (state.large) { restyle([old, id].filter(Boolean)); }
  relabel();   // the selected actor's name first (labels.js)
  showDetails(id);
}

export function showActor(id, focus) {
  var present = scene.nodes && scene.nodes.get(id);
  var ready = present ? Promise.resolve() :
    api("GET", "/api/v1/graph/actors" + query({id: id, as_of: state.filters.as_of})).then(addPiece);
  return ready.then(function () {
    if (!scene.nodes.get(id)) { return; }
    scene.network.selectNodes([id]);
    if (focus !== false) { scene.network.focus(id, {scale: 1.2, animation: false}); }
    select(id);
  });
}

var afterDetails = [];   // app.js: (id, node) => more about it (memory.js: a forum's health; similar.js)
export function onDetails(fn) { afterDetails.push(fn); }
export function showDetails(id) {
  var box = $("details");
  var item = scene.nodes && scene.nodes.get(id);
  if (!item) { box.hidden = true; return; }
  var n = item.data;
  box.hidden = false;
  box.dataset.actor = id;
  afterDetails.forEach(function (fn) { fn(id, n); });
  $("d-name").textContent = n.name;
  var dl = $("d-fields");
  clear(dl);
  function field(name, value) { dl.appendChild(el("dt", t(name))); dl.appendChild(el("dd", value)); }
  field("kind", label("kinds", n.kind));
  field("sector", n.sector ? label("sectors", n.sector) : "–");
  field("areas", n.areas.map(areaName).join(", ") || "–");
  field("topics", n.topics.map(topicName).join(", ") || "–");
  var marks = $("d-marks");
  clear(marks);
  markReasons(id).forEach(function (m) {
    var div = el("div", null, "mark-reason " + m.cls);
    div.appendChild(el("strong", m.title));
    var ul = el("ul", null, "reasons");
    m.reasons.forEach(function (r) { ul.appendChild(el("li", r)); });
    div.appendChild(ul);
    var broker = m.cls === "broker" && state.brokerRows.filter(function (r) { return r.id === id; })[0];
    if (broker) { div.appendChild(brokerMeasures(broker)); }
    marks.appendChild(div);
  });
  updateMore(id);
  $("d-description").textContent = "";
  $("d-tie-note").hidden = true;
  var ties = $("d-ties");
  clear(ties);
  api("GET", "/api/v1/actors/" + encodeURIComponent(id)).then(function (actor) {
    if (state.selected !== id) { return; }
    $("d-description").textContent = actor.description || "";
    if (actor.website) {
      var p = el("p");
      if (/^https?:\/\//i.test(actor.website)) {
        var a = el("a", actor.website);
        a.href = actor.website;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        p.appendChild(a);
      } else {
        p.textContent = actor.website;
      }
      $("d-description").appendChild(p);
    }
    state.actor = actor;
  }).catch(fail);
  api("GET", "/api/v1/ties" + query({actor: id, limit: 200})).then(function (page) {
    if (state.selected !== id) { return; }
    var buttons = {};
    clear(ties);
    if (!page.data.length) { ties.appendChild(el("li", t("no_ties"))); }
    // tied only by hierarchy ("gehört zu"): listed and drawn, but not a working contact
    var hierarchy = page.data.length && page.data.every(function (tie) { return tie.kind === "part_of"; });
    $("d-tie-note").textContent = hierarchy ? t("hierarchy_only_note") : "";
    $("d-tie-note").hidden = !hierarchy;
    page.data.forEach(function (tie) {
      var other = tie.source === id ? tie.target : tie.source;
      var incoming = tie.directed && tie.target === id;
      var shown = scene.nodes.get(other);
      var li = el("li");
      var b = el("button", null, "link");
      b.type = "button";
      b.dataset.actor = other;
      var words = function (name) {
        return t(incoming ? "tie_from" : "tie_to", {kind: label("tieKinds", tie.kind), other: name});
      };
      b.textContent = words(shown ? shown.data.name : state.names[other] || other);
      if (!shown) {
        b.title = t("not_in_view");
        if (!state.names[other]) { buttons[other] = function (name) { b.textContent = words(name); }; }
      }
      b.addEventListener("click", function () { showActor(other); });
      li.appendChild(b);
      li.appendChild(el("span", " – " + tieFacts(tie), "sub tie-facts"));
      if (state.me && (state.me.role === "editor" || state.me.role === "admin")) {
        var edit = el("button", t("edit_short"), "link small edit-tie");
        edit.type = "button";
        edit.dataset.tie = tie.id;   // its click (the tie loaded anew) is wired in app.js
        li.appendChild(document.createTextNode(" "));
        li.appendChild(edit);
      }
      ties.appendChild(li);
    });
    var unknown = Object.keys(buttons).slice(0, 200);
    if (unknown.length) {   // names of partners not in the view (as text, like every name)
      return api("GET", "/api/v1/graph/actors" + query({id: unknown})).then(function (piece) {
        piece.nodes.forEach(function (n) {
          state.names[n.id] = n.name;
          if (buttons[n.id]) { buttons[n.id](n.name); }
        });
      });
    }
  }).catch(fail);
}

// -- brokers and isolated actors --------------------------------------------------------------
export function loadBrokers() {
  var f = state.filters;
  var params = {area: f.area, top: 10, as_of: f.as_of, lang: state.lang};
  if (state.large) { params.method = "sampled"; params.samples = 64; }
  return api("GET", "/api/v1/analyses/brokers" + query(params)).then(function (rows) {
    // those on some shortest path between others (as the map counts them)
    state.brokerRows = rows.filter(function (r) { return (r.betweenness || 0) > 0; });
  });
}
export function loadIsolates() {
  var f = state.filters;
  // the API's rows as they come (the CLI's and the map's count): every actor with at least one
  // reason, each with all of its reasons, in the API's order (most reasons first)
  return api("GET", "/api/v1/analyses/isolates" + query({area: f.area, as_of: f.as_of, lang: state.lang}))
    .then(function (rows) { state.isolateRows = rows; });
}
/** The ids of two lists, each once (a restyle costs about 1 ms per node in vis-network). */
function both(a, b) {
  var seen = {};
  return a.concat(b).filter(function (id) { return seen[id] ? false : (seen[id] = true); });
}

export function restoreMarks() {
  // the view was drawn with the marks of the one before (another area's rows): those come off,
  // else an actor stays a triangle that the new list does not hold
  var before = markedIds();
  var work = [];
  if (state.brokers) { work.push(loadBrokers()); }
  if (state.isolates) { work.push(loadIsolates()); }
  return Promise.all(work).then(function () {
    if (work.length) { restyle(both(before, markedIds())); }
    renderMarkLists();
    renderLegend();
  });
}

export function markList(list, rows, withRank, empty) {
  clear(list);
  if (!rows.length && empty) { list.appendChild(el("li", empty, "sub empty")); }
  rows.forEach(function (r, i) {
    var li = el("li");
    var b = el("button", r.name, "link");
    b.type = "button";
    b.dataset.actor = r.id;
    b.addEventListener("click", function () { showActor(r.id); });
    li.appendChild(b);
    var why = (withRank ? (r.reasons || []).slice(0, 2) : r.reasons || []).join("; ");
    if (why) { li.appendChild(el("div", why, "sub")); }
    if (!scene.nodes || !scene.nodes.get(r.id)) { li.appendChild(el("div", t("not_in_view"), "sub")); }
    list.appendChild(li);
    return i;
  });
}
export function renderMarkLists() {
  $("broker-title").hidden = !state.brokers;
  $("isolate-title").hidden = !state.isolates;
  $("broker-title").textContent = t("brokers_n", {n: num(state.brokerRows.length, 0)});
  $("isolate-title").textContent = t("isolates_n", {n: num(state.isolateRows.length, 0)});
  var how = $("broker-how");
  if (how) { how.remove(); }
  if (state.brokers) { $("broker-title").after(rankingLine()); }
  $("isolate-how").hidden = !state.isolates;
  markList($("broker-list"), state.brokers ? state.brokerRows : [], true, state.brokers && t("no_brokers"));
  markList($("isolate-list"), state.isolates ? state.isolateRows : [], false, state.isolates && t("no_isolates"));
}

export function toggle(which, on) {
  var before = markedIds();
  state[which] = on;
  writeUrl();
  var load = !on ? Promise.resolve() : which === "brokers" ? loadBrokers() : loadIsolates();
  return load.then(function () {
    restyle(both(before, markedIds()));
    renderMarkLists();
    renderLegend();
    if (state.selected) { showDetails(state.selected); }
  }).catch(fail);
}

// -- legend ---------------------------------------------------------------------------------
/** What the legend shows now: the kinds (colour), then the marks in use (shape, border colour),
 * each {kind|mark, colour, shape, border, faded, text}; the PNG export draws the same. */
export function legendItems() {
  // colours and shapes from the one node style table (MODEL.style), as the graph draws them
  var items = Object.keys(MODEL.kinds).map(function (k) {
    return {kind: k, colour: kindColour(k), shape: "dot", text: label("kinds", k)};
  });
  // [legend item, the table's mark, words, shown]
  var marks = [["outside", null, "legend_outside", !!state.filters.area],
               ["broker", "broker", "legend_broker", state.brokers && state.brokerRows.length > 0],
               ["isolated", "isolated", "legend_isolated", state.isolates && state.isolateRows.length > 0],
               ["seat", "seated", "legend_seat", !!state.table]];
  marks.forEach(function (m) {
    if (!m[3]) { return; }
    var drawn = m[1] ? markStyle(m[1]) : MODEL.style.plain;
    items.push({mark: m[0], shape: drawn.shape, border: drawn.border, faded: !m[1], text: t(m[2])});
  });
  return items;
}

export function renderLegend() { fillLegend($("legend")); }

/** Fill a list (the side panel's legend, the print sheet's) with :func:`legendItems`. */
export function fillLegend(ul) {
  clear(ul);
  legendItems().forEach(function (item) {
    var li = el("li");
    var icon;
    if (item.kind) {
      li.dataset.kind = item.kind;
      icon = el("span", null, "swatch");
      icon.style.backgroundColor = item.colour;
    } else {
      li.dataset.mark = item.mark;
      icon = el("span", null, "mark " + item.shape);
      icon.style.setProperty("--mark", item.border);
      if (item.faded) { icon.style.opacity = String(MODEL.style.outsideOpacity); }
    }
    li.appendChild(icon);
    li.appendChild(el("span", item.text));
    ul.appendChild(li);
  });
}
