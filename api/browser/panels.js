// The panels: the selection and its details, the marks (brokers, isolated actors) and their
// lists, the legend (the round table is table.js). Clicks on an actor anywhere here go to showActor.
import {MODEL, query, scene, state, writeUrl} from "./state.js";
import {areaName, label, t, topicName} from "./i18n.js";
import {$, clear, el, fail} from "./page.js";
import {api} from "./api.js";
import {addPiece, tieFacts, kindColour, markReasons, markStyle, markedIds, restyle, updateMore} from "./graph.js";

// -- selection and details --------------------------------------------------------------------
export function select(id) {
  var old = state.selected;
  state.selected = id;
  writeUrl();
  if (state.large) { restyle([old, id].filter(Boolean)); }
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

export function showDetails(id) {
  var box = $("details");
  var item = scene.nodes && scene.nodes.get(id);
  if (!item) { box.hidden = true; return; }
  var n = item.data;
  box.hidden = false;
  box.dataset.actor = id;
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
    marks.appendChild(div);
  });
  updateMore(id);
  $("d-description").textContent = "";
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
    state.brokerRows = rows.filter(function (r) { return (r.betweenness || 0) > 0; });
  });
}
export function loadIsolates() {
  var f = state.filters;
  return api("GET", "/api/v1/analyses/isolates" + query({area: f.area, as_of: f.as_of, top: 100, lang: state.lang}))
    .then(function (rows) {
      state.isolateRows = rows.filter(function (r) {
        return (r.codes || []).some(function (c) { return c !== "no_forum"; });
      });
    });
}
export function restoreMarks() {
  var work = [];
  if (state.brokers) { work.push(loadBrokers()); }
  if (state.isolates) { work.push(loadIsolates()); }
  return Promise.all(work).then(function () {
    if (work.length) { restyle(markedIds()); }
    renderMarkLists();
    renderLegend();
  });
}

export function markList(list, rows, withRank) {
  clear(list);
  rows.forEach(function (r, i) {
    var li = el("li");
    var b = el("button", r.name, "link");
    b.type = "button";
    b.dataset.actor = r.id;
    b.addEventListener("click", function () { showActor(r.id); });
    li.appendChild(b);
    var why = (r.reasons || []).slice(0, withRank ? 2 : 3).join("; ");
    if (why) { li.appendChild(el("div", why, "sub")); }
    if (!scene.nodes || !scene.nodes.get(r.id)) { li.appendChild(el("div", t("not_in_view"), "sub")); }
    list.appendChild(li);
    return i;
  });
}
export function renderMarkLists() {
  $("broker-title").hidden = !state.brokers;
  $("isolate-title").hidden = !state.isolates;
  markList($("broker-list"), state.brokers ? state.brokerRows : [], true);
  markList($("isolate-list"), state.isolates ? state.isolateRows : [], false);
}

export function toggle(which, on) {
  var before = markedIds();
  state[which] = on;
  writeUrl();
  var load = !on ? Promise.resolve() : which === "brokers" ? loadBrokers() : loadIsolates();
  return load.then(function () {
    restyle(before.concat(markedIds()));
    renderMarkLists();
    renderLegend();
    if (state.selected) { showDetails(state.selected); }
  }).catch(fail);
}

// -- legend -----------------------------------------------------------------------------------
export function renderLegend() {
  var ul = $("legend");
  clear(ul);
  // Colours and shapes from the one node style table (MODEL.style), as the graph draws them.
  Object.keys(MODEL.kinds).forEach(function (k) {
    var li = el("li");
    li.dataset.kind = k;
    var swatch = el("span", null, "swatch");
    swatch.style.backgroundColor = kindColour(k);
    li.appendChild(swatch);
    li.appendChild(el("span", label("kinds", k)));
    ul.appendChild(li);
  });
  // [legend item, the table's mark, words, shown]
  var marks = [["outside", null, "legend_outside", !!state.filters.area]];
  marks.push(["broker", "broker", "legend_broker", state.brokers],
             ["isolated", "isolated", "legend_isolated", state.isolates],
             ["seat", "seated", "legend_seat", !!state.table]);
  marks.forEach(function (m) {
    if (!m[3]) { return; }
    var li = el("li");
    li.dataset.mark = m[0];
    var drawn = m[1] ? markStyle(m[1]) : MODEL.style.plain;
    var icon = el("span", null, "mark " + drawn.shape);
    icon.style.setProperty("--mark", drawn.border);
    if (!m[1]) { icon.style.opacity = String(MODEL.style.outsideOpacity); }
    li.appendChild(icon);
    li.appendChild(el("span", t(m[2])));
    ul.appendChild(li);
  });
}
