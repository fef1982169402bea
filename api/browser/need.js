// "Wer ist zuständig?" (the need finder, POST /api/v1/need) and "Weg zu …" (the introduction
// path, GET /api/v1/analyses/path) with the API's reasons in the page's language. Actors are
// picked by name, never by id. A click on an actor goes to the handler app.js gives (it leaves
// the map for the network first).
import {query, scene, state, timings} from "./state.js";
import {label, problemText, t} from "./i18n.js";
import {$, areaOptions, clear, el, options} from "./page.js";
import {api} from "./api.js";
import {addPiece} from "./graph.js";

var openActor = null;   // (id) => Promise: app.js's "show this actor in the network"

/** Wire the need panel and the path form; ``open``: how a click on an actor opens it. */
export function initNeed(open) {
  openActor = open;
  $("need-form").addEventListener("submit", function (ev) { ev.preventDefault(); findNeed(); });
  $("path-form").addEventListener("submit", function (ev) { ev.preventDefault(); showPath(); });
  $("p-target").addEventListener("input", function () {
    clearTimeout(pickTimer);
    pickTimer = setTimeout(fillPicker, 200);
  });
}

/** The need panel's topic and area lists (after the reference lists arrived, and on a language switch). */
export function fillNeedSelects() {
  options($("n-topic"), state.topics.map(function (x) { return [x.id, x.name]; }), null);
  areaOptions($("n-area"), null);   // grouped by scheme and level, in natural order (page.js)
}

function actorButton(id, name) {
  var b = el("button", name, "link");
  b.type = "button";
  b.dataset.actor = id;
  b.addEventListener("click", function () { openActor(id); });
  return b;
}

// -- "Wer ist zuständig?" ---------------------------------------------------------------------
var needSeq = 0;
export function findNeed() {
  var seq = ++needSeq;
  var out = $("need-list");
  var error = $("need-error");
  error.textContent = "";
  var keyword = $("n-keyword").value.trim();
  var body = {topic: $("n-topic").value, area: $("n-area").value, keywords: keyword ? [keyword] : [], top: 10};
  if (state.filters.as_of) { body.as_of = state.filters.as_of; }
  var t0 = performance.now();
  return api("POST", "/api/v1/need" + query({lang: state.lang}), body).then(function (rows) {
    if (seq !== needSeq) { return; }
    clear(out);
    if (!rows.length) { out.appendChild(el("li", t("need_none"), "sub")); }
    rows.forEach(function (r) {
      var li = el("li");
      li.dataset.actor = r.id;
      li.appendChild(actorButton(r.id, r.name));
      if (r.sector) { li.appendChild(el("div", label("sectors", r.sector), "sub")); }
      var ul = el("ul", null, "reasons");
      (r.reasons || []).forEach(function (text) { ul.appendChild(el("li", text)); });
      li.appendChild(ul);
      out.appendChild(li);
    });
    out.dataset.answered = String(Date.now());
    timings.need = performance.now() - t0;
  }).catch(function (err) {
    clear(out);
    error.textContent = problemText(err);
  });
}

// -- "Weg zu …": the picker by name -----------------------------------------------------------
var pickTimer = null, pickSeq = 0;
var picked = {};   // name as listed -> actor id (the last answers of the picker)

function fillPicker() {
  var q = $("p-target").value.trim();
  var seq = ++pickSeq;
  if (q.length < 2) { return Promise.resolve(); }
  return lookUp(q).then(function (rows) {
    if (seq !== pickSeq) { return; }
    var list = $("p-target-list");
    clear(list);
    rows.forEach(function (a) { if (a.id !== state.selected) { list.appendChild(new Option(a.name, a.name)); } });
  }).catch(function () { return null; });   // the picker only helps; the button says what is wrong
}

function lookUp(q) {
  return api("GET", "/api/v1/actors" + query({q: q, limit: 20})).then(function (page) {
    page.data.forEach(function (a) { picked[a.name.toLowerCase()] = a.id; });
    return page.data;
  });
}

/** The actor id for a typed or picked name (the same name, ignoring case), or null. */
function resolve(name) {
  var key = name.toLowerCase();
  if (picked[key]) { return Promise.resolve(picked[key]); }
  return lookUp(name).then(function () { return picked[key] || null; });
}

// -- "Weg zu …": the answer -------------------------------------------------------------------
var pathSeq = 0;
var lastPath = null;   // {source, target}: asked anew in the other language
export function showPath() {
  var source = state.selected;
  var name = $("p-target").value.trim();
  $("path-error").textContent = "";
  if (!source || !name) { return Promise.resolve(); }
  var seq = ++pathSeq;
  var t0 = performance.now();
  return resolve(name).then(function (target) {
    if (seq !== pathSeq) { return null; }
    if (!target) {
      lastPath = null;
      clear($("path-result"));
      $("path-error").textContent = t("path_unknown", {name: name});
      return null;
    }
    return askPath(source, target, seq, t0);
  }).catch(pathFailed);
}

function askPath(source, target, seq, t0) {
  lastPath = {source: source, target: target};
  return api("GET", "/api/v1/analyses/path" + query({source: source, target: target,
                                                      as_of: state.filters.as_of, lang: state.lang}))
    .then(function (path) {
      if (seq !== pathSeq) { return null; }
      renderPath(path);
      return drawPath(path).then(function () {
        if (seq !== pathSeq) { return; }
        $("path-result").dataset.answered = String(Date.now());
        timings.path = performance.now() - t0;
      });
    });
}

function pathFailed(err) {
  clear($("path-result"));
  $("path-error").textContent = problemText(err);
}

/** After a language switch: the answers shown, asked anew in the page's language. */
export function refreshAnswers() {
  if ($("need-list").dataset.answered) { findNeed(); }
  if (lastPath) { askPath(lastPath.source, lastPath.target, ++pathSeq, performance.now()).catch(pathFailed); }
}

function renderPath(path) {
  var out = $("path-result");
  clear(out);
  out.appendChild(el("h4", t("path_title", {source: path.source.name, target: path.target.name})));
  out.appendChild(el("p", path.summary, "sub"));
  if (path.found) {
    var ol = el("ol", null, "hops");
    path.hops.forEach(function (h) {
      var li = el("li");
      li.dataset.from = h.from;
      li.dataset.to = h.to;
      li.appendChild(el("strong", h.from_name + " → " + h.to_name));
      li.appendChild(el("div", h.text, "sub"));
      ol.appendChild(li);
    });
    out.appendChild(ol);
  } else {
    out.appendChild(el("p", t("path_unreachable"), "unreachable"));
    if ((path.nearest || []).length) {
      out.appendChild(el("p", t("path_nearest")));
      var ul = el("ul", null, "list nearest");
      path.nearest.forEach(function (n) {
        var li = el("li");
        li.dataset.actor = n.id;
        li.appendChild(actorButton(n.id, n.name));
        li.appendChild(el("div", n.text, "sub"));
        ul.appendChild(li);
      });
      out.appendChild(ul);
    }
  }
  (path.notes || []).forEach(function (note) { out.appendChild(el("p", note, "sub")); });
}

/** The path's actors in the graph (added if missing) and selected with its ties, in view. */
function drawPath(path) {
  if (!scene.nodes || !scene.network) { return Promise.resolve(false); }
  var ids = [path.source.id];
  path.hops.forEach(function (h) { if (ids.indexOf(h.to) < 0) { ids.push(h.to); } });
  if (!path.found) { ids.push(path.target.id); }
  var missing = ids.filter(function (id) { return !scene.nodes.get(id); });
  var more = missing.length ? api("GET", "/api/v1/graph/actors" + query({id: missing, as_of: state.filters.as_of}))
    .then(addPiece) : Promise.resolve();
  return more.then(function () {
    var shown = ids.filter(function (id) { return scene.nodes.get(id); });
    var edges = path.hops.map(function (h) { return h.tie; }).filter(function (id) { return id && scene.edges.get(id); });
    scene.network.setSelection({nodes: shown, edges: edges}, {unselectAll: true, highlightEdges: false});
    scene.network.fit({nodes: shown, animation: false});
    return true;
  });
}
